"""A request to close a vote early counts on the second volunteer's 待审核 button
(待审核（1）), as an entry waiting does. Deciding it by its button (确认：现在结束 /
不同意：继续投票) answered without the menu, so the row kept 待审核（1） after nothing
waited any more (a reply keyboard changes only with a message that carries it), as ✅ on
the last entry did before (``bot.handlers.verdict.approved_pressed``). Now each answer of
such a press carries her menu made right again."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid, settle

from db.entries import Kind

THIRD = 104  # a third volunteer of "east"


def _said(calls, chat):
    return [c for c in calls if c.chat_id == chat and c.method == "sendMessage"]


def _asked(repo):
    vote = repo.create_proposal(pid(repo, 101), "east", title="装门禁", description="",
                                budget_fen=0, matter="everyday", deadline="2099-01-01")
    settle(repo, vote.id)  # its result settled: it may close early
    repo.request_early_close(vote.id, pid(repo, 101), "施工方案有变")
    return vote


def _menus(calls, chat):
    """The reply keyboards of ``calls`` to ``chat``, first button each."""
    return [c.keyboard()[0] for c in _said(calls, chat) if c.keyboard()]


async def test_confirming_a_request_to_close_early_by_its_button_brings_the_menu_without_a_count(repo):  # noqa: E501
    vote = _asked(repo)
    async with BotHarness(repo) as bot:
        start = await bot.send(102, "/start")
        done = await bot.press(102, f"ec:y:{vote.id}:1")
    assert [c.keyboard()[0] for c in start if c.keyboard()][-1] == "待审核（1）"
    assert repo.entry(vote.id).status != "open"
    assert _menus(done, 102) == ["待审核"], [c.text for c in _said(done, 102)]


async def test_declining_a_request_to_close_early_keeps_the_count_of_what_else_waits(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                {"category": "lighting", "text": "楼道灯坏了三天了"})  # waits too
    vote = _asked(repo)
    async with BotHarness(repo) as bot:
        start = await bot.send(102, "/start")
        done = await bot.press(102, f"ec:n:{vote.id}:1")
    assert [c.keyboard()[0] for c in start if c.keyboard()][-1] == "待审核（2）"
    said = _said(done, 102)
    assert any("继续" in c.text for c in said), [c.text for c in said]
    assert _menus(done, 102) == ["待审核（1）"]


async def test_a_press_on_a_request_another_volunteer_decided_brings_the_count_down(repo):
    repo.grant(pid(repo, 900), THIRD, "east", "网格员")
    vote = _asked(repo)
    repo.decline_early_close(vote.id, pid(repo, THIRD), 1)
    async with BotHarness(repo) as bot:
        late = await bot.press(102, f"ec:y:{vote.id}:1", message_id=77, text="……您同意吗？")
    said = _said(late, 102)
    assert "已经不在等待中" in said[0].text, said[0].text
    assert _menus(late, 102) == ["待审核"]
