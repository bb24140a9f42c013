"""Words a volunteer publishes herself, not through a second volunteer's approval: an
announcement (/announce) and a report's progress notes (/progress, /resolve, /close).
Typed as 门卫老杨说明天停水 or 已请电工李师傅来修, they went to the site and to the
neighbours with nothing said, though the street knows who 老杨 is. Now the preview of an
announcement says so before it is sent (隐去“老杨”再发, or ⬅️ 上一步 to write it again:
``test_bot_called_confirm``), and the reply to a
progress note says so with the way to take it off: /hide N 老杨 for a step's note (the
report's words), /correct for a further note (its own entry, which cannot be hidden).
So too for a reply to an opinion (/reply: /correct) and an answer to a question (/answer:
/hide on the question, whose words the answer is)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status


def _issue(repo):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": "楼道灯不亮"})
    return repo.approve(entry.id, pid(repo, 102))


async def test_an_announcement_calling_someone_by_surname_says_so_before_it_is_sent(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        preview = await bot.send(101, "/announce 门卫老杨说明天上午停水")
    assert "⚠️ “老杨”像是在称呼某个人：发出、公开后就不能再隐去。要把它换成[姓名已隐藏]" \
        "再发，请点下面的隐去“老杨”再发；要改写，请点“⬅️ 上一步”回到写它的那一步。" \
        in preview[-1].text
    assert repo.entries(kind=Kind.ANNOUNCEMENT) == []


async def test_an_announcement_calling_no_one_says_nothing_of_it(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        preview = await bot.send(101, "/announce 明天上午停水，请老人提前接水")
    assert "像是在称呼" not in preview[-1].text


async def test_a_progress_step_calling_someone_sent_as_is_can_be_hidden_later(repo):
    entry = _issue(repo)
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/progress {entry.id} 已请电工李师傅明天来修")
        await bot.press_label(101, "照发")
        hidden = await bot.send(101, f"/hide {entry.id} 李师傅")
    assert "“李师傅”像是在称呼某个人" in asked[-1].text  # asked first: test_bot_called_ask
    assert hidden and repo.entry(entry.id).data["hidden"][0]["word"] == "李师傅"


async def test_a_further_progress_note_calling_someone_is_asked_about_first(repo):
    entry = _issue(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/progress {entry.id} 已联系电工")
        said = await bot.send(101, f"/progress {entry.id} 小王下午来换灯泡")
        await bot.press_label(101, "隐去“小王”再发")
    assert "还没有发出。“小王”像是在称呼某个人" in said[-1].text
    [note] = repo.entries(kind=Kind.PROGRESS_NOTE)
    assert note.data["text"] == "[姓名已隐藏]下午来换灯泡"


async def test_a_progress_note_calling_no_one_says_nothing_of_it(repo):
    entry = _issue(repo)
    async with BotHarness(repo) as bot:
        said = await bot.send(101, f"/resolve {entry.id} 维修师傅已换好灯泡，老化的线路也换了")
    assert "像是在称呼" not in said[-1].text


async def test_a_reply_to_an_opinion_calling_someone_is_asked_about_first(repo):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    opinion = repo.submit(author, Kind.OPINION, "east", {"text": "希望装晾衣架"}).id
    repo.approve(opinion, pid(repo, 102))
    async with BotHarness(repo) as bot:
        said = await bot.send(101, f"/reply {opinion} 已请老杨装好两个晾衣架")
        assert repo.entries(kind=Kind.PROGRESS_NOTE) == []  # asked first: test_bot_called_ask
        await bot.press_label(101, "照发")
    assert "还没有发出。“老杨”像是在称呼某个人" in said[-1].text
    [published] = repo.entries(kind=Kind.PROGRESS_NOTE)
    assert published.data["text"] == "已请老杨装好两个晾衣架"


async def test_an_answer_calling_someone_sent_as_is_can_be_hidden_on_the_question(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 35000, "payee": "清运公司", "purpose": "化粪池清掏", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    q = repo.ask(pid(repo, 5001), "east", "line", 1, "这笔钱给了谁？")
    repo.approve(q.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        said = await bot.send(102, f"/answer {q.id} 付给清运公司，是张阿姨联系的")
        assert repo.entry(q.id).status == "approved"  # asked first: test_bot_called_ask
        await bot.press_label(102, "照发")
        await bot.send(102, f"/hide {q.id} 张阿姨")
    assert "还没有发出。“张阿姨”像是在称呼某个人" in said[-1].text
    assert repo.entry(q.id).data["hidden"][0]["word"] == "张阿姨"


async def test_a_proposal_calling_someone_by_surname_says_so_before_it_is_published(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/propose")
        for typed in ("修补南墙", "老杨家门口的围墙倒了一段，请电工李师傅顺便修路灯", "0"):
            await bot.send(101, typed)
        await bot.press(101, "prop:mt:other_major")
        summary = await bot.send(101, "2099-03-01")
    assert ("⚠️ “老杨”、“李师傅”像是在称呼某个人：发出、公开后就不能再隐去。要把它换成[姓名已隐藏]"
            "再发，请点下面的隐去“老杨”、“李师傅”再发") in summary[-1].text
    assert repo.entries(kind=Kind.PROPOSAL) == []


async def test_a_withdrawal_reason_calling_someone_says_so_before_it_is_sent(repo):
    """/withdraw N 老杨说预算有误 went to every resident and the site with nothing said
    (a proposal's words cannot be hidden); its confirmation now says so, as a proposal's
    checklist does, before 撤回."""
    from test_bot_proposals import open_proposal, residents

    residents(repo)
    proposal = open_proposal(repo)
    async with BotHarness(repo) as bot:
        check = await bot.send(102, f"/withdraw {proposal.id} 门卫老杨说预算写错了")
        plain = await bot.send(102, f"/withdraw {proposal.id} 预算写错了，下周重新发起")
    assert ("⚠️ “老杨”像是在称呼某个人：发出、公开后就不能再隐去。要把它换成[姓名已隐藏]再发，"
            "请点下面的隐去“老杨”再发") in check[-1].text  # test_bot_called_confirm
    assert "像是在称呼" not in plain[-1].text and repo.entry(proposal.id).status == Status.OPEN
