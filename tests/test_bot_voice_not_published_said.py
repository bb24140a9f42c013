"""A report or an opinion told by voice ended at 提交 under "your opinion is published on
the public website": an elderly resident read it as her voice put on the website for
the compound to hear. Its summary now says the voice is heard by the volunteers only,
the website showing its length and a volunteer's few words (walk191)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

HOME = "c1/1/1/101"
SAID = "您的语音只有志愿者能听到，不会公开"


async def test_a_voice_opinions_summary_says_the_voice_is_not_published(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")
        shown = await bot.send_voice(7001, b"OggS" + bytes(300), duration=40)
    assert SAID in shown[-1].text and "提交" in [b for b, _ in shown[-1].buttons()], \
        shown[-1].text


async def test_a_voice_reports_summary_says_it_a_typed_ones_does_not(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        for say in ("voice", "typed"):
            await bot.send(7001, "/report")
            await bot.press(7001, "rep:cat:lighting")
            if say == "voice":
                await bot.send_voice(7001, b"OggS" + bytes(300), duration=20)
            else:
                await bot.send(7001, "楼道的灯坏了")
            await bot.press(7001, "rep:photos")
            summary = await bot.press(7001, "rep:pn")
            assert "请核对您的报事" in summary[-1].text, summary[-1].text
            assert (SAID in summary[-1].text) == (say == "voice"), summary[-1].text
            await bot.press_label(7001, "取消")
