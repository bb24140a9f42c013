"""A report or an opinion told in several voice messages (an elderly resident remembers
more and speaks again), left idle: its draft is kept a day with 继续填写, then dropped, and
its voice kept a day more with the buttons that send it. Only the first voice was kept:
the others, the words typed beside them and the photos were deleted, though she was told
her voice was kept. Now every voice goes with it, her words and photos too
(``bot.kept.keep_said``, ``bot.kept_voice.Parts``)."""

from __future__ import annotations

import types

from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident

from bot import kept, said_voice
from bot.settings import Settings
from db.entries import Kind

HOME = "c1/1/1/101"
FIRST, SECOND, THIRD = (b"OggS" + bytes([n]) * 300 for n in (1, 2, 3))
SETTINGS = dict(token="123:TEST", persistence=False, site_url="https://example.org/",
                conversation_timeout=900.0)


def _clock(monkeypatch) -> tuple[list[float], list[float]]:
    """The flows' and the kept drafts' clocks, moved on by hand: (monotonic, wall)."""
    from bot import conversation

    mono, wall = [1000.0], [1_000_000.0]
    monkeypatch.setattr(conversation, "time", types.SimpleNamespace(monotonic=lambda: mono[0],
                                                                    time=lambda: wall[0]))
    monkeypatch.setattr(kept, "time", types.SimpleNamespace(time=lambda: wall[0]))
    return mono, wall


async def _two_days_on(bot: BotHarness, mono: list[float], wall: list[float]) -> None:
    """Her flow ends idle, then its kept draft a day later (the sweeps, run by hand)."""
    from bot.conversation import IdleConversation

    mono[0] += 1000
    wall[0] += 1000
    for handler in [h for hs in bot.app.handlers.values() for h in hs
                    if isinstance(h, IdleConversation)]:
        await handler.end_idle(bot.app)
    wall[0] += 24 * 3600 + 1
    assert await kept.sweep_kept(types.SimpleNamespace(application=bot.app)) == 1


async def test_a_report_in_three_voices_left_idle_keeps_every_voice_her_words_and_photo(
        repo, monkeypatch):
    mono, wall = _clock(monkeypatch)
    settings = Settings(data_dir=repo.store.root, **SETTINGS)  # type: ignore[arg-type]
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo, settings=settings) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send(7001, "楼道的灯坏了")
        await bot.send_voice(7001, FIRST, duration=20)
        await bot.send_voice(7001, SECOND, duration=9)
        await bot.send_voice(7001, THIRD, duration=5)
        await bot.send_photo(7001, jpeg_bytes((40, 30)))
        await _two_days_on(bot, mono, wall)
        told = bot.sent()[-1]
        assert "3 条语音（共 0:34）再替您留一天" in told.text, told.text
        assert "楼道的灯坏了" in told.text and "照片（1 张）" in told.text, told.text
        asked = await bot.press(7001, said_voice.REPORT)
        assert "3 条语音" in asked[-1].text, asked[-1].text
        await bot.press(7001, "rep:cat:lighting")
        await bot.press(7001, "rep:photos")
        summary = await bot.press(7001, "rep:pn")
        assert "3 条语音" in summary[-1].text and "照片：1 张" in summary[-1].text, \
            summary[-1].text
        await bot.press_label(7001, "提交")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["voice_seconds"] == 34
    assert len(issue.data["voice_more"]) == 2 and issue.data["voice_more_seconds"] == [9, 5]
    assert "楼道的灯坏了" in issue.data["text"] and len(issue.data["photos"]) == 1
    assert len([c for c in bot.sent("sendVoice") if c.chat_id == 101]) == 3


async def test_an_opinion_in_two_voices_left_idle_keeps_both(repo, monkeypatch):
    mono, wall = _clock(monkeypatch)
    settings = Settings(data_dir=repo.store.root, **SETTINGS)  # type: ignore[arg-type]
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo, settings=settings) as bot:
        await bot.send(7001, "/opinion")
        await bot.send_voice(7001, FIRST, duration=15)
        await bot.send_voice(7001, SECOND, duration=6)
        await _two_days_on(bot, mono, wall)
        assert "2 条语音（共 0:21）" in bot.sent()[-1].text, bot.sent()[-1].text
        shown = await bot.press(7001, said_voice.OPINION)
        ok = next(d for c in shown for _, d in c.buttons() if d.startswith("op:ok"))
        await bot.press(7001, ok)
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.data["voice_seconds"] == 21 and len(opinion.data["voice_more"]) == 1


def test_a_report_in_two_voices_dropped_keeps_both_with_their_lengths():
    data: dict = {}
    d = {"voice": "a" * 64 + ".ogg", "voice_seconds": 34, "voice_more": ["b" * 64 + ".ogg",
         "c" * 64 + ".ogg"], "voice_more_seconds": [9, 5], "text": "（语音留言）"}
    said = kept.keep_said(data, "zh", "report", d)
    assert said is not None and "3 条语音（共 0:34）" in said[0], said
    assert said_voice.kept_of(data) == ("a" * 64 + ".ogg", 20)
    assert said_voice.parts_of(data).more == [("b" * 64 + ".ogg", 9), ("c" * 64 + ".ogg", 5)]


def test_a_voice_kept_alone_is_not_pushed_out_by_a_voice_report_dropped():
    data: dict = {}
    said_voice.keep_parts(data, ("d" * 64 + ".ogg", 7), said_voice.Parts([], "三楼"))
    d = {"voice": "a" * 64 + ".ogg", "voice_seconds": 29, "voice_more": ["b" * 64 + ".ogg"],
         "voice_more_seconds": [9], "text": "（语音留言）"}
    said = kept.keep_said(data, "zh", "report", d)
    assert said is not None and "3 条语音（共 0:36）" in said[0], said
    assert said_voice.kept_of(data) == ("a" * 64 + ".ogg", 20)
    parts = said_voice.parts_of(data)
    assert parts.more == [("b" * 64 + ".ogg", 9), ("d" * 64 + ".ogg", 7)]
    assert parts.typed == "三楼"


def test_voices_past_what_a_report_takes_are_named_not_dropped_silently():
    data: dict = {}
    said_voice.keep_parts(data, ("d" * 64 + ".ogg", 7),
                          said_voice.Parts([(c * 64 + ".ogg", 3) for c in "efgh"], ""))
    d = {"voice": "a" * 64 + ".ogg", "voice_seconds": 29, "voice_more": ["b" * 64 + ".ogg"],
         "voice_more_seconds": [9], "text": "（语音留言）"}
    said = kept.keep_said(data, "zh", "report", d)
    assert said is not None
    assert said_voice.count_of(data)[0] == 5
    assert "2 条" in said[0] and "没有留下" in said[0], said[0]


async def test_a_voice_sent_alone_while_a_voice_report_is_kept_goes_with_it(repo, monkeypatch):
    mono, wall = _clock(monkeypatch)
    settings = Settings(data_dir=repo.store.root, **SETTINGS)  # type: ignore[arg-type]
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo, settings=settings) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send_voice(7001, FIRST, duration=20)
        from bot.conversation import IdleConversation

        mono[0] += 1000
        wall[0] += 1000
        for handler in [h for hs in bot.app.handlers.values() for h in hs
                        if isinstance(h, IdleConversation)]:
            await handler.end_idle(bot.app)
        await bot.send(7001, "在吗")  # told once that it did not go into the report
        await bot.send_voice(7001, SECOND, duration=9)  # kept alone, with its buttons
        assert said_voice.kept_of(bot.app.user_data[7001]) is not None, bot.sent()[-1].text
        wall[0] += 24 * 3600 + 1
        assert await kept.sweep_kept(types.SimpleNamespace(application=bot.app)) == 1
        told = bot.sent()[-1]
        assert "2 条语音（共 0:29）" in told.text, told.text
        await bot.press(7001, said_voice.REPORT)
        await bot.press(7001, "rep:cat:lighting")
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press_label(7001, "提交")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["voice_seconds"] == 29 and issue.data["voice_more_seconds"] == [9]
