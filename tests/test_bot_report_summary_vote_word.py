"""A vote said at a report's summary: a proposal came in (its buttons under it) while
she was at 请核对您的报事, and she typed 我同意 for the proposal. It was added to her
report's description (楼道灯坏了 / 我同意), to be published so, and nothing said of the
vote. Now a vote said alone is not added: she is told the report is not sent yet and
how to vote."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind


async def test_a_vote_typed_at_a_reports_summary_is_not_added_to_its_description(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    repo.create_proposal(pid(repo, 101), "east", title="院内加装路灯", description="东侧加两盏",
                         budget_fen=300000, matter="everyday", deadline="2099-01-01")
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/report")
        await bot.press(5001, "rep:cat:lighting")
        await bot.send(5001, "楼道灯坏了")
        await bot.press(5001, "rep:photos")
        await bot.press(5001, "rep:pn")
        said = await bot.send(5001, "我同意")
        assert "描述：楼道灯坏了\n" in said[-1].text and "我同意" not in said[-1].text.split(
            "描述：", 1)[1].split("照片", 1)[0], said[-1].text
        assert any("投票" in c.text and "还没有提交" in c.text for c in said), said
        await bot.press(5001, "rep:ok")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["text"] == "楼道灯坏了"


async def test_agree_typed_at_a_reports_summary_without_a_vote_open_is_not_added_either(repo):
    """同意 meant as 提交, no proposal open: the summary again with its buttons below (it
    was added to the description: 楼道灯坏了 同意)."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/report")
        await bot.press(5001, "rep:cat:lighting")
        await bot.send(5001, "楼道灯坏了")
        await bot.press(5001, "rep:photos")
        await bot.press(5001, "rep:pn")
        said = await bot.send(5001, "同意")
        await bot.press(5001, "rep:ok")
    assert not any("投票" in c.text for c in said)
    assert "rep:ok" in [d.split("~")[0] for _, d in said[-1].buttons()]
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["text"] == "楼道灯坏了"


async def test_a_vote_typed_at_a_general_opinions_summary_is_not_added_to_it(repo):
    """The same at 您的意见：垃圾桶太少 (a general opinion): 我同意 was added to it, 垃圾桶太少
    / 我同意, to be published so. An opinion on the proposal keeps what is typed."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    p = repo.create_proposal(pid(repo, 101), "east", title="院内加装路灯", description="东侧加两盏",
                             budget_fen=300000, matter="everyday", deadline="2099-01-01")
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/opinion")
        await bot.press(5001, "op:p:0")
        await bot.send(5001, "垃圾桶太少")
        said = await bot.send(5001, "我同意")
        assert any("没有加到您的意见里" in c.text and "投票" in c.text for c in said), said
        await bot.press(5001, "op:ok")
        await bot.send(5001, "/opinion")
        await bot.press(5001, f"op:p:{p.id}")
        await bot.send(5001, "路灯要装亮一点的")
        await bot.send(5001, "我同意")
        await bot.press(5001, "op:ok")
    general, about = sorted(repo.entries(kind=Kind.OPINION), key=lambda e: e.id)
    assert general.data["text"] == "垃圾桶太少"
    assert about.data["text"] == "路灯要装亮一点的\n我同意"
