"""A grid worker's note on site about a report still waiting for approval (its number and
what she found, typed or under a photo): before, 这次没有保存…通过后再把说明（和照片）发一次,
and after approving it with the buttons shown she had to type the note again and find the
photo in her gallery. Now the note and its photo are kept, and her ✅ 通过 on that report
asks at once which step it is; nothing is stored before that press
(bot.handlers.field_note_held)."""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident

from db.entries import Kind, Status


def _waiting(repo, text="暖气管漏水"):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    return repo.submit(author, Kind.ISSUE, "east", {"category": "pipes", "text": text})


async def test_a_photo_note_on_a_waiting_report_is_asked_about_once_she_approves_it(repo):
    entry = _waiting(repo)
    async with BotHarness(repo) as bot:
        kept = await bot.send_photo(101, jpeg_bytes(), caption=f"{entry.id} 已修好")
        approved = await bot.press(101, f"q:a:{entry.id}")
        assert repo.entry(entry.id).history[-1].get("note") in (None, "")  # not yet
        await bot.press_label(101, "已解决")
    assert "先替您留着" in kept[-1].text and "不用再发一次" in kept[-1].text
    asked = [c for c in approved if c.chat_id == 101 and c.method == "sendMessage"][-1]
    assert f"#{entry.id}" in asked.text and "已修好" in asked.text, asked.text
    assert any("已解决" in label for label, _ in asked.buttons())
    issue = repo.entry(entry.id)
    assert issue.status == Status.RESOLVED
    assert issue.history[-1]["note"] == "已修好" and len(issue.history[-1]["photos"]) == 1


async def test_a_typed_note_kept_is_dropped_when_the_report_is_rejected(repo):
    entry = _waiting(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, f"{entry.id} 已联系师傅")
        await bot.press(101, f"q:r:{entry.id}")
        await bot.send(101, "不是公共部位的管子，请联系自家维修")
        later = await bot.send(101, "你好")
    assert repo.entry(entry.id).status == Status.REJECTED
    assert not any("已联系师傅" in (c.text or "") for c in later)


async def test_a_note_kept_is_not_asked_of_another_volunteer_who_approves(repo):
    entry = _waiting(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, f"{entry.id} 已联系师傅")
        other = await bot.press(102, f"q:a:{entry.id}")
        mine = await bot.press(101, f"q:a:{entry.id}")  # decided already: nothing asked
    assert not any("已联系师傅" in (c.text or "") for c in other + mine)
    issue = repo.entry(entry.id)
    assert issue.status == Status.APPROVED and all(not h.get("note") for h in issue.history)
