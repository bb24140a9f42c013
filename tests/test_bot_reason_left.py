"""A volunteer presses ❌ 驳回 on one entry, then, before writing its reason, goes on with
the list and presses ✅ 通过 on others. Before, the reason step stayed open, and what she
typed later (这个楼道的灯我明天去看看) went to the first entry's author as its rejection.
Now the ✅ press ends that step and says the first entry was not rejected, and how to."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status
from db.voice import PLACEHOLDER


def _issues(repo, n=2):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    return [repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                        {"category": "lighting", "text": f"路灯坏了{i}"}) for i in range(n)]


async def test_approving_another_entry_ends_the_rejections_reason_step(repo):
    first, second = _issues(repo)
    async with BotHarness(repo) as bot:
        await bot.press(101, f"q:r:{first.id}")
        pressed = await bot.press(101, f"q:a:{second.id}")
        later = await bot.send(101, "这个楼道的灯我明天去看看")
    said = [c.text for c in pressed if c.chat_id == 101 and c.method == "sendMessage"]
    assert any(f"#{first.id} 没有驳回" in s and "❌ 驳回" in s for s in said), said
    assert repo.entry(first.id).status == Status.PENDING
    assert repo.entry(second.id).status == Status.APPROVED
    assert not any("未通过" in (c.text or "") for c in later if c.chat_id == 5001)


async def test_approving_the_same_entry_ends_its_reason_step_without_a_word_of_it(repo):
    [entry] = _issues(repo, 1)
    async with BotHarness(repo) as bot:
        await bot.press(101, f"q:r:{entry.id}")
        pressed = await bot.press(101, f"q:a:{entry.id}")
        later = await bot.send(101, "好的，明天去修")
    assert not any("没有驳回" in (c.text or "") for c in pressed)
    assert repo.entry(entry.id).status == Status.APPROVED
    assert not any("驳回" in (c.text or "") for c in later if c.chat_id == 101)


async def test_the_reason_step_still_takes_the_reason_when_nothing_else_was_pressed(repo):
    first, second = _issues(repo)
    async with BotHarness(repo) as bot:
        await bot.press(101, f"q:r:{first.id}")
        await bot.press(102, f"q:a:{second.id}")  # another volunteer's press: not hers
        await bot.send(101, "已经有人报过了，见上一条")
    assert repo.entry(first.id).status == Status.REJECTED


async def test_approving_another_entry_ends_a_voice_messages_summary_step(repo):
    """The same for the summary of a voice message (✍️ 概括并通过): what she typed later
    became its public summary, and it was approved."""
    first, second = _issues(repo)
    voice = repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                        {"category": "septic", "text": PLACEHOLDER, "voice": "a" * 64 + ".ogg",
                         "voice_seconds": 23})
    async with BotHarness(repo) as bot:
        await bot.press(101, f"q:v:{voice.id}")
        pressed = await bot.press(101, f"q:a:{second.id}")
        await bot.send(101, "明天去修")
    said = [c.text for c in pressed if c.chat_id == 101 and c.method == "sendMessage"]
    assert any(f"#{voice.id} 没有通过" in s for s in said), said
    assert repo.entry(voice.id).status == Status.PENDING  # before: approved, summary 明天去修
    assert repo.entry(first.id).status == Status.PENDING


async def test_a_reason_asked_in_private_is_kept_when_she_approves_in_the_group(repo):
    """The reason step in her private chat, ✅ pressed on another entry in the volunteers'
    group: the private step goes on (her reason there still rejects the first)."""
    first, second = _issues(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/linkgroup east", chat_id=-500)
        await bot.press(101, f"q:r:{first.id}")
        pressed = await bot.press(101, f"q:a:{second.id}", chat_id=-500)
        await bot.send(101, "已经有人报过了，见上一条")
    assert not any("没有驳回" in (c.text or "") for c in pressed)
    assert repo.entry(second.id).status == Status.APPROVED
    assert repo.entry(first.id).status == Status.REJECTED
