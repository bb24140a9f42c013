"""Words typed at a report's or an opinion's summary, instead of pressing 提交: more about
it (在三号楼门口，晚上很黑) is added and said so, not dropped with the summary shown again;
提交, 好的 and the like still get the summary again, its buttons right below."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"


def _ok(calls, prefix: str) -> str:
    return next(d for c in reversed(calls) for _, d in c.buttons() if d.startswith(prefix))


async def _report_summary(bot):
    await bot.send(7001, "/report")
    await bot.press(7001, "rep:cat:lighting")
    await bot.send(7001, "门口路灯坏了")
    await bot.press(7001, "rep:photos")
    return await bot.press(7001, "rep:pn")


async def test_words_typed_at_a_reports_summary_are_added_to_its_description(repo):
    """At 请核对您的报事 she typed 在三号楼门口，晚上很黑 and got 请核对下面的内容… with
    the summary as it was: she pressed 提交 believing it went, and it was gone."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _report_summary(bot)
        calls = await bot.send(7001, "在三号楼门口，晚上很黑")
        texts = [c.text for c in calls if c.text]
        assert texts[0] == "您写的话已加在描述后面：在三号楼门口，晚上很黑"
        assert "描述：门口路灯坏了 在三号楼门口，晚上很黑" in texts[-1]
        await bot.send(7001, "在三号楼门口，晚上很黑")  # sent twice: added once
        again = await bot.send(7001, "提交")  # a word for the button: the summary again
        assert "请核对" in again[-1].text and _ok(again, "rep:ok")
        await bot.press(7001, _ok(again, "rep:ok"))
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["text"] == "门口路灯坏了\n在三号楼门口，晚上很黑"


async def test_words_typed_at_a_voice_reports_summary_reach_the_volunteers(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send_voice(7001, b"OggS" + b"\1" * 300, duration=9)
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        calls = await bot.send(7001, "三号楼门口")
        assert calls[0].text == "您写的话已加在描述后面：三号楼门口"
        await bot.press(7001, _ok(calls, "rep:ok"))
    post = [t for t in bot.texts_to(101) if "待审核" in t][-1]
    assert "另附文字：三号楼门口" in post


async def test_words_typed_at_an_opinions_confirmation_are_added_to_it(repo):
    """提意见, a voice message, then at 您的意见：（一条语音留言） she typed 楼下的垃圾桶
    太少了: the confirmation came again as it was, her words dropped unsaid."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "提意见")
        await bot.send(7001, "希望多放两个垃圾桶")
        calls = await bot.send(7001, "放在3号楼下面")
        texts = [c.text for c in calls if c.text]
        assert texts[0] == "您写的话已加在意见后面：放在3号楼下面"
        assert "您的意见：希望多放两个垃圾桶\n放在3号楼下面" in texts[-1]
        again = await bot.send(7001, "好的")
        assert "请核对" in again[0].text and "您的意见：" in again[-1].text
        await bot.press(7001, _ok(again, "op:ok"))
        await bot.send(7001, "提意见")
        await bot.send_voice(7001, b"OggS" + b"\1" * 300, duration=7)
        calls = await bot.send(7001, "楼下的垃圾桶太少了")
        assert calls[0].text == "您写的话已加在意见后面：楼下的垃圾桶太少了"
        assert "（一条语音，0:07） 楼下的垃圾桶太少了" in calls[-1].text
        await bot.press(7001, _ok(calls, "op:ok"))
    typed, spoken = sorted(repo.entries(kind=Kind.OPINION), key=lambda e: e.id)
    assert typed.data["text"] == "希望多放两个垃圾桶\n放在3号楼下面"
    assert spoken.data["voice"]
    post = [t for t in bot.texts_to(101) if "待审核" in t][-1]
    assert "另附文字：楼下的垃圾桶太少了" in post


async def test_words_typed_at_a_summary_are_said_added_in_english_too(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.set_language(pid(repo, 7001), "en")
    async with BotHarness(repo) as bot:
        await _report_summary(bot)
        calls = await bot.send(7001, "by the gate of building 3")
        assert calls[0].text == "Your words were added to the description: by the gate of " \
                                "building 3"
        await bot.send(7001, "/opinion")
        await bot.send(7001, "more bins please")
        calls = await bot.send(7001, "near building 3")
        assert calls[0].text == "Your words were added to your opinion: near building 3"
