"""A decision typed in a group that is not the entry's area's volunteers' group (the
building's group, an old group the area's posts left): /reject 12 asked for the reason
there, for anyone in that group to read, and /approve 12 decided. Now, as the buttons
of the posts left in an old group (bot.moved_posts), nothing is decided or asked there:
the group reads where to decide, the area named and nothing personal."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status
from db.voice import PLACEHOLDER

LINKED, OTHER = -500, -700  # east's volunteers' group; a group anyone may be in


def _issue(repo, text="路灯坏了"):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    return repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                       {"category": "lighting", "text": text})


def _said(calls, chat):
    return [c.text for c in calls if c.chat_id == chat and c.method == "sendMessage"]


async def test_reject_typed_in_another_group_asks_no_reason_there_and_decides_nothing(repo):
    entry = _issue(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/linkgroup east", chat_id=LINKED)
        asked = await bot.send(102, f"/reject {entry.id}", chat_id=OTHER)
        assert not any("为什么驳回" in c.text for c in asked if c.text)
        typed = await bot.send(102, "重复了，3单元王家已经报过", chat_id=OTHER)
        with_reason = await bot.send(102, f"/reject {entry.id} 重复了", chat_id=OTHER)
        approve = await bot.send(102, f"/approve {entry.id}", chat_id=OTHER)
    for calls in (asked, with_reason, approve):
        [said] = _said(calls, OTHER)
        assert "这个群不是东小区的志愿者群" in said and "/pending" in said, said
        assert "乙志愿者" not in said and "路灯" not in said, said
    assert not any("为什么驳回" in c.text for c in asked if c.text)
    assert not [c for c in typed if c.chat_id == OTHER and c.method == "sendMessage"]
    assert repo.entry(entry.id).status == Status.PENDING


async def test_reject_typed_in_a_group_when_the_area_has_none_linked_decides_nothing(repo):
    entry = _issue(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, f"/reject {entry.id}", chat_id=OTHER)
        await bot.send(102, "不属实", chat_id=OTHER)
    [said] = _said(calls, OTHER)
    assert "这个群不是东小区的志愿者群" in said, said
    assert repo.entry(entry.id).status == Status.PENDING


async def test_reject_typed_in_the_linked_group_or_privately_still_asks_the_reason(repo):
    entry, other = _issue(repo), _issue(repo, "楼道堆物")
    async with BotHarness(repo) as bot:
        await bot.send(101, "/linkgroup east", chat_id=LINKED)
        await bot.send(102, f"/reject {entry.id}", chat_id=LINKED)
        await bot.send(102, "不属实，已核实", chat_id=LINKED)
        await bot.send(102, f"/reject {other.id}")
        await bot.send(102, "重复了，已有同样的报事")
    assert repo.entry(entry.id).status == Status.REJECTED
    assert repo.entry(other.id).status == Status.REJECTED


async def test_approve_of_several_typed_in_another_group_says_where_to_decide_once(repo):
    first, second = _issue(repo), _issue(repo, "楼道堆物")
    async with BotHarness(repo) as bot:
        await bot.send(101, "/linkgroup east", chat_id=LINKED)
        calls = await bot.send(102, f"/approve {first.id} {second.id}", chat_id=OTHER)
    [said] = _said(calls, OTHER)  # before: the same message once for each number
    assert "这个群不是东小区的志愿者群" in said, said
    assert {repo.entry(e.id).status for e in (first, second)} == {Status.PENDING}


async def test_a_voice_messages_summary_is_not_asked_in_a_group_not_the_areas(repo):
    """/summary N (and its ✍️ button on a post left in an old group) asked for the
    summary there, and approved with it."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry = repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                        {"category": "septic", "text": PLACEHOLDER, "voice": "a" * 64 + ".ogg",
                         "voice_seconds": 23})
    async with BotHarness(repo) as bot:
        await bot.send(101, "/linkgroup east", chat_id=LINKED)
        typed = await bot.send(102, f"/summary {entry.id}", chat_id=OTHER)
        with_text = await bot.send(102, f"/summary {entry.id} 化粪池满了", chat_id=OTHER)
        pressed = await bot.press(102, f"q:v:{entry.id}", chat_id=OTHER)
        await bot.send(102, "化粪池满了，气味很大", chat_id=OTHER)
    for calls in (typed, with_text, pressed):
        said = " ".join(_said(calls, OTHER))
        assert "东小区的志愿者群" in said and "语音" not in said, said
    assert repo.entry(entry.id).status == Status.PENDING
