"""A report told by voice: she remembers more at the photos step and speaks again (the
elderly resident's way: 还有，那个灯是三楼的). The second voice message was kept apart
and offered as a report or an opinion of its own (用这条语音报事?), as if she had started
something new; now it goes with the report being written, to the volunteers after the
first, and its length counts in the report's."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

from bot import said_voice
from bot.entry_media import media_of
from db.entries import Kind

HOME = "c1/1/1/101"
VOICE = b"OggS" + b"\1" * 300
MORE = b"OggS" + b"\2" * 300


def _texts(calls) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(c.text or "" for c in calls)


async def test_a_second_voice_at_the_photos_step_goes_with_the_report(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send_voice(7001, VOICE, duration=20)
        told = await bot.send_voice(7001, MORE, duration=9)  # at the photos step
        said = _texts(told)
        assert "报事还是意见" not in said and "用这条语音报事" not in said, said
        assert "加到这次报事" in said, said
        assert said_voice.kept_of(bot.app.user_data[7001]) is None
        await bot.press_label(7001, "没有照片")
        await bot.press(7001, "rep:pn")
        summary = bot.sent()[-1].text
        assert "2 条语音" in summary, summary
        await bot.press_label(7001, "提交")
    [entry] = repo.entries(kind=Kind.ISSUE)
    assert entry.data["voice_seconds"] == 29
    media = media_of(entry)
    assert media.voice and len(media.voices) == 2 and media.voices[0] == media.voice
    sent = [c for c in bot.sent("sendVoice") if c.chat_id == 101]
    assert len(sent) == 2, [c.params for c in sent]


async def test_a_voice_after_a_typed_description_goes_with_the_report(repo):
    """Typed 楼道的灯坏了, then spoke at the photos step: the voice joins the report, her
    typed words kept beside it for the volunteers."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send(7001, "楼道的灯坏了")
        told = await bot.send_voice(7001, VOICE, duration=21)
        assert "加到这次报事" in _texts(told), _texts(told)
        await bot.press_label(7001, "没有照片")
        await bot.press(7001, "rep:pn")
        await bot.press_label(7001, "提交")
    [entry] = repo.entries(kind=Kind.ISSUE)
    assert entry.data["voice_seconds"] == 21 and "楼道的灯坏了" in entry.data["text"]


async def test_a_voice_at_the_summary_goes_with_the_report_and_shows_it_again(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send_voice(7001, VOICE, duration=20)
        await bot.press_label(7001, "没有照片")
        await bot.press(7001, "rep:pn")
        told = await bot.send_voice(7001, MORE, duration=5)
        assert "2 条语音" in told[-1].text and any(
            label == "提交" for label, _ in told[-1].buttons()), _texts(told)
        await bot.press_label(7001, "提交")
    [entry] = repo.entries(kind=Kind.ISSUE)
    assert entry.data["voice_seconds"] == 25


def test_further_voices_without_their_lengths_are_refused(repo):
    import pytest

    from db.entries import validate_data
    from db.errors import DomainError
    ref = "a" * 64 + ".ogg"
    with pytest.raises(DomainError):
        validate_data(Kind.ISSUE, {"category": "lighting", "text": "x", "voice": ref,
                                   "voice_more": [ref]})
    with pytest.raises(DomainError):
        validate_data(Kind.ISSUE, {"category": "lighting", "text": "x",
                                   "voice_more": [ref], "voice_more_seconds": [3]})
    validate_data(Kind.ISSUE, {"category": "lighting", "text": "x", "voice": ref,
                               "voice_more": [ref], "voice_more_seconds": [3]})


async def test_a_voice_at_the_units_asks_the_units_again_not_the_buildings(repo):
    """Spoken at 1号楼：哪个单元？, the buildings came back, the one pressed forgotten (seen
    trying steward chat as a resident)."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send_voice(7001, VOICE, duration=20)
        await bot.press_label(7001, "没有照片")
        units = await bot.press(7001, "rep:pb:0:0")
        told = await bot.send_voice(7001, MORE, duration=6)
    assert told[-1].text == units[-1].text and told[-1].buttons() == units[-1].buttons()


async def test_a_second_voice_at_an_opinions_confirmation_goes_with_the_opinion(repo):
    """/opinion, a voice (the confirmation comes at once), then more said: the second was
    kept apart and offered as a report or an opinion of its own."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")
        await bot.send_voice(7001, VOICE, duration=15)
        told = await bot.send_voice(7001, MORE, duration=6)
        said = _texts(told)
        assert "用这条语音报事" not in said and "加到这条意见里" in said, said
        assert "2 条语音" in told[-1].text, told[-1].text
        ok = next(d for _, d in told[-1].buttons() if d.startswith("op:ok"))
        await bot.press(7001, ok)
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.data["voice_seconds"] == 21 and len(opinion.data["voice_more"]) == 1
