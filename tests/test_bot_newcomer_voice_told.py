"""A newcomer's voice message while she chooses her home (she said what is broken
before registering): it was 您发的语音没有保存…再发一次, while her typed words and photos
were kept — the complaint she spoke was lost. Now it is kept a week, and offered with the
buttons that send it once a volunteer confirms her household."""

from __future__ import annotations

from bot_harness import BotHarness

from db.entries import Kind


def _data(calls, label: str) -> str:
    return next(d for c in reversed(calls) for t, d in c.buttons() if label in t)


async def test_a_voice_message_at_the_picker_is_kept_till_her_registration_is_confirmed(repo):
    """It read 等住户确认后，请点菜单的“报事”: "wait for the residents to confirm", as if
    her neighbours had to; it is her registration that a volunteer confirms."""
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/start")
        said = await bot.send_voice(7001)
        text = "\n".join(c.text for c in said)
        assert "语音（0:03）先替您留着，保留 7 天：等您登记了住址、志愿者确认后，我会请您把它交给" \
            "志愿者。" in text, text
        calls = await bot.send(7001, "/start")
        calls = await bot.press(7001, _data(calls, "东小区"))
        calls = await bot.press(7001, _data(calls, "101"))
        await bot.press(7001, _data(calls, "同意，这是我家"))
        [registration] = repo.entries(kind=Kind.REGISTRATION)
        await bot.press(101, f"q:a:{registration.id}")
        offer = [c for c in bot.sent() if c.chat_id == 7001][-1]
        assert "住户确认之前，您发过一条语音（0:03），一直替您留着" in offer.text, offer.text
        assert [d for _, d in offer.buttons()] == ["rep:voice", "op:voice"]
        asked = await bot.press(7001, "rep:voice")
    assert "哪一类问题" in asked[-1].text


async def test_a_newcomers_voice_kept_a_week_unsent_is_deleted_and_she_is_told_when_to_resend(
        repo, monkeypatch):
    """Deleted a week on, it said 要报事，请点“报事”，再说一次 to someone whose household
    may still wait for a volunteer (报事 refuses her till then)."""
    import time
    import types

    from bot import kept, said_voice

    async with BotHarness(repo) as bot:
        await bot.send(7001, "/start")
        await bot.send_voice(7001, duration=12)
        later = time.time() + said_voice.WAITING_WINDOW + 60
        monkeypatch.setattr(time, "time", lambda: later)
        await kept.sweep_kept(types.SimpleNamespace(application=bot.app))
        told = bot.sent()[-1]
    assert told.text == ("您在住户确认之前发的语音（0:12），已替您留了 7 天，现在已经删除，没有交给"
                         "志愿者。等住户确认后，要报事请点“报事”，再说一次。"), told.text
