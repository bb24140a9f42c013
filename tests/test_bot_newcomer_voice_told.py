"""A newcomer's voice message while she chooses her home (she said what is broken
before registering): it was not kept, and she was told when to send it again."""

from __future__ import annotations

from bot_harness import BotHarness


async def test_a_voice_message_at_the_picker_says_to_send_it_once_her_registration_is_confirmed(
        repo):
    """It read 等住户确认后，请点菜单的“报事”: "wait for the residents to confirm", as if
    her neighbours had to; it is her registration that a volunteer confirms."""
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/start")
        said = await bot.send_voice(7001)
    text = "\n".join(c.text for c in said)
    assert "您发的语音没有保存。等您的住户登记经志愿者确认后，请点菜单的“报事”，再发一次。" \
        in text, text
