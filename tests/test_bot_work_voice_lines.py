"""报事处理 (a volunteer's open reports): a voice report's line was the site's words cut at
25 characters, 语音留言（0:23），志愿者摘要：1号楼1单元楼…, most of it a prefix, and two
voice reports could not be told apart to pick one. Now it says how long the voice is,
where (its building, or the reporter's door in the volunteer's
private chat) and the start of its summary; not the day and hour it was sent, which
made the line 12 characters longer on a phone (the days it waited follow)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind
from db.voice import PLACEHOLDER

VOICE = "a" * 64 + ".ogg"
OTHER = "b" * 64 + ".ogg"


def _voice_report(repo, telegram_id: int, ref: str, seconds: int, summary: str):  # type: ignore[no-untyped-def]
    entry = repo.submit(pid(repo, telegram_id), Kind.ISSUE, "east",
                        {"category": "lighting", "text": PLACEHOLDER, "voice": ref,
                         "voice_seconds": seconds})
    return repo.approve(entry.id, pid(repo, 102), summary=summary)


async def test_voice_reports_in_handle_reports_say_length_door_and_summary(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    confirmed_resident(repo, 7002, "c1/1/1/102", 101)
    first = _voice_report(repo, 7001, VOICE, 23, "楼道的灯坏了，晚上看不见台阶")
    second = _voice_report(repo, 7002, OTHER, 75, "楼道的灯坏了，三楼那盏一直闪")
    async with BotHarness(repo) as bot:
        listed = await bot.send(101, "报事处理")
    lines = {line.split(" ", 1)[0]: line for line in listed[-1].text.split("\n")
             if line.startswith("#")}
    one, two = lines[f"#{first.id}"], lines[f"#{second.id}"]
    assert "志愿者摘要" not in one and "语音留言" not in one, one
    assert "🎤语音 0:23" in one and "🎤语音 1:15" in two, (one, two)
    assert "101：楼道的灯坏了，晚上看不见" in one and "102：楼道的灯坏了，三楼那盏" in two, \
        (one, two)
    assert " 报，" not in one and "— 已受理，今天报的" in one, one
    assert one.startswith(f"#{first.id} 🎤语音 0:23，"), one


async def test_correct_names_her_voice_reports_by_their_summary_on_its_buttons(repo):
    """/correct's buttons read "#147 报事：语音留言（0:23），志愿者摘要：1号楼…": on a phone,
    which cuts a button's end, two voice reports' buttons looked the same."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    first = _voice_report(repo, 7001, VOICE, 23, "楼道的灯坏了，晚上看不见台阶")
    second = _voice_report(repo, 7001, OTHER, 75, "化粪池满了")
    async with BotHarness(repo) as bot:
        asked = await bot.send(7001, "/correct")
    labels = [label for label, _ in asked[-1].buttons()]
    assert f"#{first.id} 报事：🎤语音 0:23：楼道的灯坏了，晚上看不见台阶" in labels, labels
    assert f"#{second.id} 报事：🎤语音 1:15：化粪池满了" in labels, labels
