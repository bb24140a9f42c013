"""/correct's steps, something else sent there (a voice message, a sticker): the step's
buttons come again below (取消; 不写理由 and 取消), not a bare 请发送更正后的文字。 with
the buttons a scroll away."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"
STICKER = {"file_id": "s1", "file_unique_id": "s1", "width": 512, "height": 512,
           "is_animated": False, "is_video": False, "type": "regular"}


async def test_a_voice_or_sticker_at_corrects_steps_gets_the_steps_buttons_below(repo):
    person = confirmed_resident(repo, 7001, HOME, 101)
    issue = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                     "text": "张三家门口路灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/correct")
        await bot.press(7001, f"cor:e:{issue.id}")
        calls = await bot.send_voice(7001)
        assert calls[-1].text == "请发送更正后的文字。"  # the voice kept: said just before
        assert [d for _, d in calls[-1].buttons()] == ["cor:back:pick", "cor:cancel"]
        await bot.send(7001, "1单元门口路灯坏了")
        calls = await bot.send_raw(7001, sticker=STICKER)
        assert [d for _, d in calls[-1].buttons()] == ["cor:skip", "cor:back:text", "cor:cancel"]
