"""A newcomer, welcomed already (你好), sends a voice message: the answer began with the
whole welcome again, 您好！这里是小区管家：可以报事、提意见…, and only at its end said
您发的语音没有保存 — an elderly reader stops before it (found trying the real ``steward
run``). Now what became of what she sent comes first (kept, bot.said_voice), then the
step to register."""

from __future__ import annotations

from bot_harness import BotHarness


async def test_a_voice_after_the_welcome_says_first_what_became_of_it(repo):
    async with BotHarness(repo) as bot:
        await bot.send(7101, "你好")
        voice = await bot.send_voice(7101)
        again = await bot.send(7101, "在吗")
    text = voice[-1].text
    assert text.startswith("语音（0:03）先替您留着"), text
    assert "这里是小区管家" not in text and "请先登记住址" in text
    assert voice[-1].buttons() == [("🏠 选择我的住址", "reg:new")]
    assert again[-1].text.startswith("您好！这里是小区管家")  # words alone: as before
