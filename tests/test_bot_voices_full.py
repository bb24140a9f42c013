"""A report (or an opinion) takes five voice messages. A sixth sent outside any flow took
the place of all five kept (她被告知 "一件报事或一条意见只能带一条语音"); one sent inside a
report was kept apart under "这一步不收语音" with 用这条语音报事, whose press mid-report
offered to start it again. Now she is told five is the most and the five stay; and at
the description she came back to, its voices are counted, and a voice sent there says
that it replaces them."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

from bot import said_voice
from bot.entry_media import media_of
from db.entries import Kind

HOME = "c1/1/1/101"


def _voice(i: int) -> bytes:
    return b"OggS" + bytes([i]) * 300


def _texts(calls) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(c.text or "" for c in calls)


async def test_a_sixth_voice_sent_outside_a_flow_keeps_the_five_kept(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        for i in range(1, 6):
            await bot.send_voice(7001, _voice(i), duration=10)
        first = said_voice.kept_of(bot.app.user_data[7001])
        sixth = await bot.send_voice(7001, _voice(6), duration=7)
        said = _texts(sixth)
        assert "没有留下" in said and "5 条语音（共 0:50）" in said and "没有丢" in said, said
        assert "替换" not in said and "只能带一条" not in said, said
        assert said_voice.count_of(bot.app.user_data[7001]) == (5, 50)
        assert said_voice.kept_of(bot.app.user_data[7001]) == first
        assert any("用这条语音报事" in label for label, _ in sixth[-1].buttons())
        await bot.press(7001, "rep:voice")
        await bot.press(7001, "rep:cat:lighting")
        await bot.press_label(7001, "没有照片")
        await bot.press(7001, "rep:pn")
        await bot.press_label(7001, "提交")
    [entry] = repo.entries(kind=Kind.ISSUE)
    assert len(media_of(entry).voices) == 5 and entry.data["voice_seconds"] == 50


async def test_a_sixth_voice_in_a_report_is_refused_plainly_and_the_five_stay(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        for i in range(1, 6):
            await bot.send_voice(7001, _voice(i), duration=10)
        sixth = await bot.send_voice(7001, _voice(6), duration=7)
        said = _texts(sixth)
        assert "最多带 5 条" in said and "前面的 5 条都还在" in said, said
        assert "这一步不收语音" not in said, said
        assert not [b for c in sixth for b in c.buttons() if b[1] == said_voice.REPORT]
        assert said_voice.kept_of(bot.app.user_data[7001]) is None  # nothing kept apart
        await bot.press_label(7001, "没有照片")
        await bot.press(7001, "rep:pn")
        summary = bot.sent()[-1].text
        assert "5 条语音" in summary, summary
        await bot.press_label(7001, "提交")
    [entry] = repo.entries(kind=Kind.ISSUE)
    assert len(media_of(entry).voices) == 5 and entry.data["voice_seconds"] == 50


async def test_the_description_came_back_to_counts_its_voices_and_a_new_one_says_it_replaces(
        repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        for i in range(1, 4):
            await bot.send_voice(7001, _voice(i), duration=10)
        back = await bot.press_label(7001, "上一步")
        assert "3 条语音" in _texts(back) and "一条语音留言" not in _texts(back), _texts(back)
        anew = await bot.send_voice(7001, _voice(9), duration=12)
    assert "替换了原来的 3 条语音" in _texts(anew), _texts(anew)


async def test_a_sixth_voice_before_registering_keeps_the_five(repo):
    async with BotHarness(repo) as bot:
        for i in range(1, 6):
            await bot.send_voice(7009, _voice(i), duration=10)
        sixth = await bot.send_voice(7009, _voice(6), duration=7)
        assert said_voice.count_of(bot.app.user_data[7009]) == (5, 50)
    said = _texts(sixth)
    assert "这条语音没有留下" in said and "没有丢" in said, said
