"""Words a resident types along a voice report (在三楼楼道, 路灯坏了) reach the volunteers
who listen to it, and typing the category after speaking keeps the voice message."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"


def _issues(repo):
    return repo.entries(kind=Kind.ISSUE)


def _post(bot, chat_id: int) -> str:
    """The newest post to volunteer ``chat_id`` naming the report."""
    return [t for t in bot.texts_to(chat_id) if "待审核" in t or "Pending" in t][-1]


async def test_words_typed_after_a_voice_report_are_shown_to_the_volunteers(repo):
    """她说了语音，又在拍照那一步打字 在三楼楼道，晚上很黑: the bot said 您写的话已经加到
    描述里, but the volunteers' post read only 语音留言见上（0:12）, and approving it put
    the summary in the words' place: where it was never reached anyone."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send_voice(7001, b"OggS" + b"\1" * 300, duration=12)
        told = await bot.send(7001, "在三楼楼道，晚上很黑")
        assert "在三楼楼道，晚上很黑" in told[0].text  # 您写的话已加在描述后面
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
        post = _post(bot, 101)
    assert "语音留言见上（0:12）" in post
    assert "另附文字：在三楼楼道，晚上很黑" in post
    [issue] = _issues(repo)
    assert issue.data["voice"]


async def test_a_category_typed_in_words_after_a_voice_message_keeps_the_voice(repo):
    """报事, then she spoke the problem, then answered 是什么问题？ by typing 路灯坏了: the
    words were taken as the description and the voice message was dropped, unsaid. Now
    the voice stays, the words go with it (said so), and the photos are asked."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.send_voice(7001, b"OggS" + b"\1" * 300, duration=15)
        told = await bot.send(7001, "路灯坏了，三号楼门口")
        texts = "\n".join(c.text for c in told if c.text)
        assert "类别：路灯照明" in texts
        assert "您写的话已加在描述后面：路灯坏了，三号楼门口" in texts
        assert "照片" in told[-1].text
        await bot.press(7001, "rep:photos")
        summary = await bot.press(7001, "rep:pn")
        assert "语音" in summary[-1].text and "路灯坏了，三号楼门口" in summary[-1].text
        await bot.press(7001, "rep:ok")
        post = _post(bot, 101)
    [issue] = _issues(repo)
    assert issue.data["voice"] and issue.data["voice_seconds"] == 15
    assert issue.data["category"] == "lighting"
    assert "另附文字：路灯坏了，三号楼门口" in post


async def test_words_along_a_voice_report_are_shown_in_english_too(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.set_language(pid(repo, 101), "en")
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send_voice(7001, b"OggS" + b"\1" * 300, duration=12)
        await bot.send(7001, "在三楼楼道")
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
        post = [t for t in bot.texts_to(101) if "#" in t and "voice" in t.lower()][-1]
    assert "Written with it: 在三楼楼道" in post


async def test_a_second_voice_message_before_the_category_goes_with_the_first(repo):
    """Two voice messages at 是什么问题？ (she spoke in two parts): the second took the
    first's place (它替换了刚才那条), its 0:04 lost; now both go with the report."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.send_voice(7001, b"OggS" + b"\1" * 300, duration=4)
        calls = await bot.send_voice(7001, b"OggS" + b"\2" * 300, duration=20)
        assert calls[-2].text == ("收到您的语音（0:20），已加到这次报事里：现在共 2 条语音，共 "
                                  "0:24。志愿者会一条一条地听。")
        assert calls[-1].text == "请先点下面的按钮，选一下是哪一类问题："
        assert "路灯照明" in [label for label, _ in calls[-1].buttons()]
        await bot.press(7001, "rep:cat:lighting")
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    [issue] = _issues(repo)
    assert issue.data["voice_seconds"] == 24 and len(issue.data["voice_more"]) == 1


async def test_a_second_voice_message_is_said_to_go_with_the_first_in_english_too(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.set_language(pid(repo, 7001), "en")
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.send_voice(7001, b"OggS" + b"\1" * 300, duration=4)
        calls = await bot.send_voice(7001, b"OggS" + b"\2" * 300, duration=20)
    assert calls[-2].text.startswith("Voice message received (0:20) and added to this report: "
                                     "2 voice messages now, 0:24 in all.")
