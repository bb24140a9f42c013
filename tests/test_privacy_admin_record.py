"""A record off the machine of who was forgotten or withdrew their consent: each admin
is told in their chat the person's number (never the name) and what to run after a
restore onto a new machine, which cannot forget them again by itself
(``bot.privacy_notes``)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"
ADMIN = 900  # the street's admin (conftest)


def _told(calls, chat: int) -> list[str]:
    return [c.text for c in calls if c.chat_id == chat and c.method == "sendMessage"]


def _resident(repo) -> int:
    person = confirmed_resident(repo, 7001, HOME, 101)
    repo.keep_name(person, "罗小燕")
    report = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": "门口路灯坏了三天"})
    repo.approve(report.id, pid(repo, 101))
    return person


async def test_a_forget_tells_the_admins_the_number_to_forget_again_after_a_restore(repo):
    person = _resident(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/forget")
        done = await bot.press(7001, "fg:ok")
    [told] = _told(done, ADMIN)
    assert f"#{person} 号用户" in told and f"steward forget {person}" in told
    assert "删除了个人信息（/forget）" in told and "新机器" in told
    assert "罗小燕" not in told and "7001" not in told and "101" not in told
    assert "个人信息已删除" in _told(done, 7001)[-1]  # she is told first, as before
    assert _told(done, 101) == []  # a volunteer is not an admin: not told


async def test_an_unpublish_tells_the_admins_the_number_to_unpublish_again(repo):
    person = _resident(repo)
    repo.set_language(pid(repo, ADMIN), "en")
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/unpublish")
        done = await bot.press(7001, "up:ok")
    [told] = _told(done, ADMIN)
    assert f"person #{person} withdrew their agreement to publication" in told
    assert f"`steward unpublish {person}`" in told and "restored onto a new one" in told
    assert "罗小燕" not in told and "7001" not in told

