"""An announcement (/announce), a proposal (/propose) and a withdrawal's reason
(/withdraw) that call someone by surname go to every resident and the site for good.
Their summaries only warned (“老杨”像是在称呼某个人…要改，请点“⬅️ 上一步”重新写): the one
way to send them without the name was to write them again. Now, as for a stage note or a
report's step (``bot.handlers.called_ask``), the summary shows them with the name masked
and offers 照发 / 隐去“老杨”再发 / 取消 (``bot.handlers.called_confirm``): nothing is stored
before a press, 隐去 stores and sends them masked, a press is carried out once, and a
forged 隐去 (under words calling no one, or another draft) is refused. Words calling no
one keep their buttons as before."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident
from test_bot_proposals import open_proposal, residents

from db.entries import Kind, Status
from db.redact import NAME_MASK

SENT = "门卫老杨说明天上午停水"
MASKED = f"门卫{NAME_MASK}说明天上午停水"


def _buttons(calls, uid=101):  # type: ignore[no-untyped-def]
    return {text: data for c in calls if c.chat_id == uid for text, data in c.buttons()}


def _to(calls, uid):  # type: ignore[no-untyped-def]
    return [c.text for c in calls if c.chat_id == uid and c.method == "sendMessage"]


async def test_a_named_announcement_offers_to_hide_the_name_and_stores_nothing_before(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        preview = await bot.send(101, f"/announce {SENT}")
    assert list(_buttons(preview)) == ["照发", "隐去“老杨”再发", "取消", "⬅️ 上一步"]
    assert f"隐去“老杨”后是：\n{MASKED}" in preview[-1].text, preview[-1].text
    assert "请点下面的隐去“老杨”再发" in preview[-1].text
    assert repo.entries(kind=Kind.ANNOUNCEMENT) == [] and _to(preview, 5001) == []


async def test_send_hidden_sends_and_publishes_the_announcement_masked_once(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        preview = await bot.send(101, f"/announce {SENT}")
        sent = await bot.press(101, _buttons(preview)["隐去“老杨”再发"])
        again = await bot.press(101, _buttons(preview)["隐去“老杨”再发"])
    [told] = _to(sent, 5001)
    assert MASKED in told and "老杨" not in told
    [entry] = repo.entries(kind=Kind.ANNOUNCEMENT)
    assert entry.data["text"] == MASKED
    assert _to(again, 5001) == [] and len(repo.entries(kind=Kind.ANNOUNCEMENT)) == 1


async def test_send_as_is_sends_the_announcement_as_written(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        preview = await bot.send(101, f"/announce {SENT}")
        sent = await bot.press(101, _buttons(preview)["照发"])
    assert [t for t in _to(sent, 5001) if SENT in t]
    assert [e.data["text"] for e in repo.entries(kind=Kind.ANNOUNCEMENT)] == [SENT]


async def test_a_forged_hide_under_an_announcement_calling_no_one_is_refused(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        preview = await bot.send(101, "/announce 明天上午停水，请提前接水")
        send = next(d for label, d in _buttons(preview).items() if label.startswith("📢"))
        forged = await bot.press(101, send.replace("an:ok:1", "an:ok:2"))
    assert list(_buttons(preview))[1:] == ["取消", "⬅️ 上一步"]  # as before: 📢 发送给…
    assert repo.entries(kind=Kind.ANNOUNCEMENT) == [] and _to(forged, 5001) == []
    assert _to(forged, 101) == ["这个按钮已失效，这次没有做任何事。请点最新一条消息下面的按钮，"
                                "或用下方菜单；看不到菜单请发送 /start。"]


async def test_a_hide_under_an_earlier_draft_stores_nothing(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        first = await bot.send(101, f"/announce {SENT}")
        await bot.send(101, "/announce 门卫老杨说后天上午停电")
        stale = await bot.press(101, _buttons(first)["隐去“老杨”再发"])
    assert repo.entries(kind=Kind.ANNOUNCEMENT) == [] and _to(stale, 5001) == []


async def _propose(bot, description):  # type: ignore[no-untyped-def]
    await bot.send(101, "/propose")
    for typed in ("修补南墙", description, "0"):
        await bot.send(101, typed)
    await bot.press(101, "prop:mt:everyday")
    return await bot.send(101, "2099-03-01")


async def test_a_named_proposal_opened_with_the_names_hidden(repo):
    residents(repo)
    async with BotHarness(repo) as bot:
        summary = await _propose(bot, "老杨家门口的围墙倒了一段，请电工李师傅顺便修路灯")
        assert repo.entries(kind=Kind.PROPOSAL) == []
        assert "隐去“老杨”、“李师傅”后是：\n修补南墙\n" \
            f"{NAME_MASK}家门口的围墙倒了一段，请电工{NAME_MASK}顺便修路灯" in summary[-1].text
        opened = await bot.press(101, _buttons(summary)["隐去“老杨”、“李师傅”再发"])
    [proposal] = repo.entries(kind=Kind.PROPOSAL)
    assert proposal.data["description"] == \
        f"{NAME_MASK}家门口的围墙倒了一段，请电工{NAME_MASK}顺便修路灯"
    assert proposal.status == Status.OPEN
    told = _to(opened, 5001)
    assert told and all("老杨" not in x and "李师傅" not in x for x in told), told


async def test_a_proposal_calling_no_one_keeps_its_button(repo):
    residents(repo)
    async with BotHarness(repo) as bot:
        summary = await _propose(bot, "南墙倒了一段，请施工队修好")
    assert list(_buttons(summary)) == ["发布并开始投票", "取消", "⬅️ 上一步"]


async def test_a_named_withdrawal_reason_sent_hidden(repo):
    residents(repo)
    proposal = open_proposal(repo)
    async with BotHarness(repo) as bot:
        check = await bot.send(102, f"/withdraw {proposal.id} 门卫老杨说预算写错了")
        assert repo.entry(proposal.id).status == Status.OPEN
        done = await bot.press(102, _buttons(check, 102)["隐去“老杨”再发"])
    withdrawn = repo.entry(proposal.id)
    assert withdrawn.status == Status.WITHDRAWN
    assert withdrawn.data["withdrawn"]["reason"] == f"门卫{NAME_MASK}说预算写错了"
    [told] = _to(done, 5001)
    assert f"门卫{NAME_MASK}说预算写错了" in told and "老杨" not in told


async def test_a_withdrawal_cancelled_under_a_named_reason_keeps_the_vote_open(repo):
    residents(repo)
    proposal = open_proposal(repo)
    async with BotHarness(repo) as bot:
        check = await bot.send(102, f"/withdraw {proposal.id} 门卫老杨说预算写错了")
        cancelled = await bot.press(102, _buttons(check, 102)["取消"])
    assert repo.entry(proposal.id).status == Status.OPEN and _to(cancelled, 5001) == []
