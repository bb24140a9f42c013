"""/correct lists her published texts and asks for the corrected words: who wrote what,
which the public site never says. Typed in a group it said all of it there, and the
whole correction went on in front of the group; now it answers in a private chat only,
as /mine, /report and /mydata do."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

GROUP = -100777  # any group the bot is in


def _published(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                        {"category": "lighting", "text": "张三家门口路灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    return issue


async def test_correct_typed_in_a_group_lists_nothing_there_and_says_to_send_it_privately(repo):
    issue = _published(repo)
    async with BotHarness(repo) as bot:
        listed = await bot.send(5001, "/correct", chat_id=GROUP)
        named = await bot.send(5001, f"/correct {issue.id}", chat_id=GROUP)
        typed = await bot.send(5001, "1单元门口路灯坏了", chat_id=GROUP)
        mine = await bot.send(5001, "/correct")  # in her private chat, as before
    for calls in (listed, named):
        [said] = [c for c in calls if c.chat_id == GROUP]
        assert "只在与我的私聊中回答" in said.text and "/correct" in said.text
        assert "路灯" not in said.text and not said.buttons()
    assert not [c for c in typed if c.chat_id == GROUP]
    assert (f"#{issue.id} 报事：张三家门口路灯坏了", f"cor:e:{issue.id}") in mine[-1].buttons()
    assert [e.id for e in repo.entries(kind=Kind.CORRECTION)] == []
