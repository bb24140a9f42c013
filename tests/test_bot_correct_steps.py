"""/correct's steps, something else sent there (a sticker, a photo): the step's buttons
come again below (取消; 不写理由 and 取消), not a bare 请发送更正后的文字。 with the
buttons a scroll away. (A voice message is the correction: test_bot_correct_voice.)"""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"
STICKER = {"file_id": "s1", "file_unique_id": "s1", "width": 512, "height": 512,
           "is_animated": False, "is_video": False, "type": "regular"}


async def test_a_sticker_at_corrects_steps_gets_the_steps_buttons_below(repo):
    person = confirmed_resident(repo, 7001, HOME, 101)
    issue = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                     "text": "张三家门口路灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/correct")
        await bot.press(7001, f"cor:e:{issue.id}")
        calls = await bot.send_raw(7001, sticker=STICKER)
        assert calls[-1].text == "请发送更正后的文字，或者发一条语音说一说。"
        assert [d for _, d in calls[-1].buttons()] == ["cor:back:pick", "cor:cancel"]
        await bot.send(7001, "1单元门口路灯坏了")
        calls = await bot.send_raw(7001, sticker=STICKER)
        assert [d for _, d in calls[-1].buttons()] == ["cor:skip", "cor:back:text", "cor:cancel"]


async def test_a_photo_sent_as_the_correction_is_kept_and_said_to_need_words(repo):
    """She sent a photo of her correction: it was 这张照片没有保存, lost, and nothing said
    why a correction would not take it. Now it is kept a day (offered as a report), she
    reads that a correction is words (typed, or said by voice), the step is asked again
    with its buttons, and typing goes on."""
    from bot_harness import jpeg_bytes

    from bot import said_photos

    person = confirmed_resident(repo, 7001, HOME, 101)
    issue = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                     "text": "张三家门口路灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/correct")
        await bot.press(7001, f"cor:e:{issue.id}")
        shown = await bot.send_photo(7001, jpeg_bytes(label="note"))
        said = "\n".join(c.text or "" for c in shown)
        assert "更正要用文字" in said and "没有保存" not in said, said
        assert len(said_photos.kept_of(bot.app.user_data[7001])) == 1
        assert "rep:said" in [d for c in shown for _, d in c.buttons()]
        assert shown[-1].text == "请发送更正后的文字，或者发一条语音说一说。"
        assert [d for _, d in shown[-1].buttons()] == ["cor:back:pick", "cor:cancel"]
        await bot.send(7001, "1单元门口路灯坏了")  # typed: the flow goes on
        await bot.press(7001, "cor:skip")
        await bot.press_label(7001, "提交")
    [correction] = repo.entries(kind=Kind.CORRECTION)
    assert correction.data["text"] == "1单元门口路灯坏了"
