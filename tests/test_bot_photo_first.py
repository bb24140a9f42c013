"""A grid worker on site sends the photo first, then types the report's number and what
she found, as a phone makes it easy to do (the caption field is easy to miss). The bot
answered the photo 这张照片没有保存……请重新发送这张照片，并在照片说明里写上报事编号, and she
had to find the photo in her gallery again (found playing a grid worker in steward
chat). Now the photo is kept for the note typed next, for 30 minutes, and stored with it
only when a button is pressed (bot.handlers.field_note)."""

from __future__ import annotations

from datetime import timedelta

from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident, pid

from db.entries import Kind, Status


def approved_issue(repo, text="楼道灯不亮"):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": text})
    return repo.approve(entry.id, pid(repo, 102))


def _said(calls, chat=101):
    return "\n".join(c.text for c in calls if c.chat_id == chat)


async def test_a_photo_sent_before_the_typed_note_is_stored_with_it_at_the_press(repo):
    entry = approved_issue(repo)
    async with BotHarness(repo) as bot:
        kept = await bot.send_photo(101, jpeg_bytes((64, 48)))
        again = await bot.send_photo(101, jpeg_bytes((80, 60)))
        assert repo.entry(entry.id).status == Status.APPROVED  # nothing stored yet
        asked = await bot.send(101, f"{entry.id} 灯泡已换好")
        assert repo.entry(entry.id).status == Status.APPROVED  # not before the press
        await bot.press_label(101, "已解决")
    assert "请接着发一句话" in _said(kept) and f"#{entry.id} 楼道灯不亮" in _said(kept)
    assert "共 2 张" in _said(again)
    assert "这条说明和您刚才发的 2 张照片" in _said(asked), _said(asked)
    issue = repo.entry(entry.id)
    assert issue.status == Status.RESOLVED
    assert issue.history[-1]["note"] == "灯泡已换好" and len(issue.history[-1]["photos"]) == 2


async def test_a_photo_kept_for_a_note_goes_with_a_captioned_photo_too(repo):
    entry = approved_issue(repo)
    async with BotHarness(repo) as bot:
        await bot.send_photo(101, jpeg_bytes((64, 48)))
        await bot.send_photo(101, jpeg_bytes((80, 60)), caption=f"{entry.id} 已联系电工")
        await bot.press_label(101, "进展")
    assert len(repo.entry(entry.id).history[-1]["photos"]) == 2


async def test_a_kept_photo_is_dropped_after_half_an_hour_and_with_a_cancel(repo, clock):
    entry = approved_issue(repo)
    async with BotHarness(repo) as bot:
        await bot.send_photo(101, jpeg_bytes((64, 48)))
        clock.now += timedelta(minutes=31)
        late = await bot.send(101, f"{entry.id} 已联系电工")
        await bot.press_label(101, "进展")
        await bot.send_photo(101, jpeg_bytes((64, 48)))
        await bot.send(101, f"{entry.id} 灯泡买好了")
        await bot.press_label(101, "取消")
        after = await bot.send(101, f"{entry.id} 已修好")
        await bot.press_label(101, "已解决")
    assert "照片" not in _said(late).split("说明：")[0], _said(late)
    assert "照片" not in _said(after).split("说明：")[0], _said(after)
    issue = repo.entry(entry.id)
    assert issue.status == Status.RESOLVED
    assert [len(h.get("photos") or []) for h in issue.history[-2:]] == [0, 0], issue.history
