"""Something else sent while choosing one's home (a voice message, a question, a
sticker): the step she is at comes again below, its buttons with it, not "press the
message above, or start over"."""

from __future__ import annotations

from bot_harness import BotHarness


async def _to_rooms(bot, uid: int):
    await bot.send(uid, "/start")
    return await bot.press_label(uid, "东小区")  # one building, one unit: its rooms at once


async def test_a_question_typed_at_the_rooms_gets_the_rooms_again_below(repo):
    """At 请选择房号 she typed 为什么要这些信息 (or sent a voice message): 登记住户请点上面
    那条消息里的按钮…找不到那条消息…就点下面的按钮 with 🏠 选择我的住址, which began again
    from the compound. Now the rooms come again below, with 上一步 and 重新选择."""
    async with BotHarness(repo) as bot:
        rooms = await _to_rooms(bot, 7009)
        assert "请选择房号" in rooms[-1].text
        calls = await bot.send(7009, "为什么要这些信息")
        texts = [c.text for c in calls if c.text]
        assert texts[0] == "请点下面的按钮接着选择："
        assert "请选择房号" in texts[-1]
        labels = [label for label, _ in calls[-1].buttons()]
        assert labels[:3] == ["101", "102", "201"] and "⬅️ 上一步" in labels
        voice = await bot.send_voice(7009)
        said = [c.text for c in voice if c.text]  # kept (bot.said_voice), said so
        assert said[0].startswith("请点下面的按钮接着选择：\n语音（0:03）先替您留着"), said
        assert "请选择房号" in voice[-1].text and voice[-1].buttons()
        done = await bot.press_label(7009, "102")
        assert "登记为" in done[-1].text


async def test_the_rooms_again_in_english(repo):
    async with BotHarness(repo) as bot:
        await bot.press(7009, "lang:en")
        await bot.send(7009, "/start")
        await bot.press_label(7009, "东小区")
        calls = await bot.send(7009, "why?")
    assert calls[0].text == "Please go on choosing with the buttons below:"
    assert calls[-1].buttons()


async def test_a_room_said_digit_by_digit_at_the_rooms_is_taken(repo):
    async with BotHarness(repo) as bot:
        await _to_rooms(bot, 7009)
        calls = await bot.send(7009, "我住二零一")
    assert "登记为 东小区 1号楼 1单元 201 的住户吗" in calls[-1].text


async def test_yes_typed_at_the_consent_question_gets_its_buttons_not_an_explanation(repo):
    """确定 (or 好吧, 嗯) typed at 您同意吗？ got 简单说一下为什么要这些信息：…, as if she had
    asked why; 确认 and 好的 got the question's buttons. Now these do too."""
    async with BotHarness(repo) as bot:
        await _to_rooms(bot, 7009)
        await bot.press_label(7009, "102")
        for word in ("确定", "好吧", "嗯", "可以的"):
            calls = await bot.send(7009, word)
            assert "为什么要这些信息" not in calls[-1].text, word
            assert calls[-1].text.startswith("请点下面的“同意，这是我家，请登记”按钮"), word
