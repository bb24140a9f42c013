"""A report sent twice (she was not sure the first went through): the summary of the
second says her alike report still waits for review, as a fee recorded twice does;
she may still submit it as another problem."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"


def _ok(calls) -> str:
    return next(d for c in reversed(calls) for _, d in c.buttons() if d.startswith("rep:ok"))


async def _report(bot, text: str, category: str = "lighting"):
    await bot.send(7001, "/report")
    await bot.press(7001, f"rep:cat:{category}")
    await bot.send(7001, text)
    await bot.press(7001, "rep:photos")
    return await bot.press(7001, "rep:pn")


async def test_the_same_report_again_says_the_first_still_waits(repo):
    """一号楼门口路灯坏了 reported, then again an hour later: the second summary said
    nothing of the first, and the volunteers got both."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        first = await _report(bot, "一号楼门口路灯坏了，晚上很黑")
        assert "已经报过" not in first[-1].text
        await bot.press(7001, _ok(first))
        [earlier] = repo.entries(kind=Kind.ISSUE)
        again = await _report(bot, "一号楼门口的路灯坏了")
        assert (f"⚠️ 您已经报过很像的事：#{earlier.id}（还在等待审核）：一号楼门口路灯坏了，"
                "晚上很黑") in again[-1].text
        assert ("如果是同一件事，不用再报，请点“取消”；如果是另一件事，请点“提交”。"
                in again[-1].text)
        await bot.press(7001, _ok(again))  # she may still send it
        other = await _report(bot, "楼道里堆满了杂物", category="sanitation")
        assert "已经报过" not in other[-1].text  # another problem: nothing said
    assert len(repo.entries(kind=Kind.ISSUE)) == 2


async def test_a_second_voice_report_of_the_category_says_the_first_still_waits(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        for seconds in (5, 8):
            await bot.send(7001, "/report")
            await bot.press(7001, "rep:cat:lighting")
            await bot.send_voice(7001, b"OggS" + bytes([seconds]) * 300, duration=seconds)
            await bot.press(7001, "rep:photos")
            summary = await bot.press(7001, "rep:pn")
            if seconds == 5:
                assert "已经报过" not in summary[-1].text
                await bot.press(7001, _ok(summary))
    [earlier] = repo.entries(kind=Kind.ISSUE)
    assert (f"⚠️ 您已经报过很像的事：#{earlier.id}（还在等待审核）：（一条语音留言）"
            in summary[-1].text)


async def test_the_same_report_again_is_said_in_english_too(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.set_language(pid(repo, 7001), "en")
    async with BotHarness(repo) as bot:
        await bot.press(7001, _ok(await _report(bot, "the lamp at building 1 is out")))
        again = await _report(bot, "the lamp at building 1 is out")
    [earlier] = repo.entries(kind=Kind.ISSUE)
    assert (f"⚠️ You reported something alike already: #{earlier.id} (waiting for review): "
            "the lamp at building 1 is out") in again[-1].text
    assert ("If it is the same problem, there is no need to report it again: press "
            "\"Cancel\". If it is another one, press \"Submit\".") in again[-1].text
