"""The message that tells residents of a new proposal: the vote buttons under it (in
each resident's language, handled as /vote's) and one plain line on what it needs."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind


def residents(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    confirmed_resident(repo, 5002, "c1/1/1/102", 101)


async def test_the_announcement_carries_the_vote_buttons_and_what_the_proposal_needs(repo):
    """A resident votes from the message that tells of a new proposal, in their own
    language, and reads in one plain line what it needs to pass."""
    residents(repo)
    repo.set_language(pid(repo, 5002), "en")
    async with BotHarness(repo) as bot:
        await bot.send(101, "/propose")
        for typed in ("筹集维修资金", "每户每年100元", "0"):
            await bot.send(101, typed)
        await bot.press(101, "prop:mt:raise_maintenance_fund")
        await bot.send(101, "2099-03-01")
        calls = await bot.press(101, "prop:ok:1")
        [proposal] = repo.entries(kind=Kind.PROPOSAL)
        [zh] = [c for c in calls if c.chat_id == 5001 and c.method == "sendMessage"]
        [en] = [c for c in calls if c.chat_id == 5002 and c.method == "sendMessage"]
        assert "需要三分之二以上的业主（按人数和面积）参加，参加者四分之三以上同意" in zh.text
        assert "2099-03-01" in zh.text and "点下面的按钮" in zh.text
        assert "three quarters or more of those taking part agree" in en.text
        expected = [f"vote:{proposal.id}:{c}" for c in ("agree", "disagree", "abstain")]
        assert [d for _, d in zh.buttons()] == expected == [d for _, d in en.buttons()]
        assert [label for label, _ in zh.buttons()] == ["同意", "反对", "弃权"]
        assert [label for label, _ in en.buttons()][0] == "Agree"
        voted = await bot.press(5001, f"vote:{proposal.id}:agree")
        forged = await bot.press(5001, f"vote:{proposal.id}:maybe")
        outsider = await bot.press(7777, f"vote:{proposal.id}:agree")
    assert "同意" in voted[-1].text and f"#{proposal.id}" in voted[-1].text
    assert repo.household_vote(proposal.id, "c1/1/1/101") == "agree"
    assert forged[-1].text and outsider[-1].text
    assert [v.data["choice"] for v in repo.entries(kind=Kind.VOTE)] == ["agree"]


async def test_an_everyday_matter_is_announced_as_needing_half_of_those_who_vote(repo):
    residents(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/propose")
        for typed in ("单元门颜色", "绿色", "0"):
            await bot.send(101, typed)
        await bot.press(101, "prop:mt:everyday")
        await bot.send(101, "2099-03-01")
        calls = await bot.press(101, "prop:ok:1")
    [zh] = [c for c in calls if c.chat_id == 5001 and c.method == "sendMessage"]
    assert "参加者过半数同意" in zh.text and "三分之二" not in zh.text
    assert len(zh.buttons()) == 3


async def test_a_proposal_without_a_budget_is_not_announced_as_costing_nothing(repo):
    """Tried with the real bot: raising the maintenance fund (every household to pay)
    was announced with "预算：¥0.00", as if it cost nobody anything. Without a budget
    the bot says "未列预算", as the site does, from the step that took it to the
    summary, the announcement and /vote; a budget given is still its amount."""
    residents(repo)
    repo.set_language(pid(repo, 5002), "en")
    async with BotHarness(repo) as bot:
        await bot.send(101, "/propose")
        await bot.send(101, "筹集维修资金")
        await bot.send(101, "每户每平方米5元")
        noted = await bot.send(101, "0")
        await bot.press(101, "prop:mt:raise_maintenance_fund")
        summary = await bot.send(101, "2099-03-01")
        calls = await bot.press(101, "prop:ok:1")
        listed = await bot.send(5001, "/vote")
        listed = await bot.press(5001, next(d for _, d in listed[-1].buttons()  # its 详情
                                            if d.startswith("vi:")))
        await bot.send(101, "/propose")
        for typed in ("修屋顶", "2号楼屋面防水", "30000"):
            costed = await bot.send(101, typed)
    [zh] = [c for c in calls if c.chat_id == 5001 and c.method == "sendMessage"]
    [en] = [c for c in calls if c.chat_id == 5002 and c.method == "sendMessage"]
    for text in (noted[-1].text, summary[-1].text, zh.text, listed[-1].text):
        assert "预算：未列预算" in text and "¥0.00" not in text, text
    assert "Budget: none listed" in en.text and "¥0.00" not in en.text
    assert "预算：¥30,000.00" in costed[-1].text


async def test_a_description_too_long_is_sent_back_not_cut_where_residents_cannot_see(repo):
    """Tried with the real bot: a description over 2,000 characters was cut without a
    word, so the end of it (perhaps who pays, or the date of the works) never reached
    the residents. The volunteer is now told its length and the limit, and asked again;
    the shorter one then goes on to the budget."""
    async with BotHarness(repo) as bot:
        await bot.send(101, "/propose")
        await bot.send(101, "修屋顶")
        too_long = await bot.send(101, "说明" * 1000 + "费用由维修资金支付")
        budget = await bot.send(101, "2号楼屋面防水，费用由维修资金支付")
    assert "太长" in too_long[-1].text and "2009" in too_long[-1].text, too_long[-1].text
    assert "2000" in too_long[-1].text
    assert "预算是多少" in budget[-1].text


async def test_the_volunteer_is_told_how_many_households_to_visit_with_paper(repo):
    """Tried with the real bot: "已通知 3 位居民" was all a volunteer read after opening a
    vote in an area of 48 households, 45 of them with nobody on the bot, whose
    signatures two thirds need. The volunteer now reads how many to visit, and how to
    list them; for an election as for a proposal."""
    residents(repo)  # 101 and 102 of east's 3 households
    async with BotHarness(repo) as bot:
        await bot.send(101, "/propose")
        for typed in ("修屋顶", "2号楼屋面防水", "0"):
            await bot.send(101, typed)
        await bot.press(101, "prop:mt:use_maintenance_fund")
        await bot.send(101, "2099-03-01")
        opened = await bot.press(101, "prop:ok:1")
        await bot.send(102, "/election")
        for typed in ("第一届物管会选举", "1", "候选人甲（退休教师）\n候选人乙（楼长）"):
            await bot.send(102, typed)
        await bot.press(102, "elx:cand:done")
        await bot.press(102, "elx:days:14")
        elected = await bot.press(102, "elx:ok:1")
    [proposal, election] = repo.entries(kind=Kind.PROPOSAL)
    # (the summary's buttons are taken off first: 3c69750)
    [told] = [c.text for c in opened if c.chat_id == 101 and c.method == "sendMessage"]
    assert told.split("\n")[1] == ("全区 3 户中有 2 户有人用机器人；其余 1 户请上门收集纸质签字"
                                   f"（发送 /paper {proposal.id} 查看还没投票的住户，并按按钮逐户"
                                   "登记：选单元、选房号、再选同意/反对/弃权）。"), told
    [told] = [c.text for c in elected if c.chat_id == 102 and c.method == "sendMessage"]
    assert f"其余 1 户请上门收集纸质签字（发送 /paper {election.id} 查看还没投票的住户）。" \
        in told, told  # a ballot names candidates: typed, no buttons to speak of
