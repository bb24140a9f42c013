"""A message she edited after sending it (an ``edited_message`` update) is not taken
as a new answer at whatever step her flow is at by then, and she is told its change
was not used (bot/edited.py)."""

from __future__ import annotations

import copy

from bot_harness import BotHarness
from conftest import confirmed_resident

from db.entries import Kind

HOME = "c1/1/1/101"
IN_FLOW = ("您改了一条已经发出的消息，但机器人只读新发的消息：这次的改动没有用上，"
           "您填的内容没有变。要改，请在下面重新发一次；核对时也可以点“修改”或“重新填写”。")
OUTSIDE = ("您改了一条已经发出的消息，但机器人只读新发的消息：这次的改动没有用上。"
           "您提交过的内容没有变（点“我的”可以查看）；要补充或更正，请重新发一条消息。")


async def _send(bot: BotHarness, uid: int, text: str) -> dict:
    """Sends ``text``; the message as Telegram sent it, to edit later."""
    await bot.send(uid, text)
    return copy.deepcopy(bot.last_update["message"])


async def _edit(bot: BotHarness, message: dict, text: str) -> list:
    edited = {**copy.deepcopy(message), "text": text, "edit_date": message["date"] + 30}
    return await bot._feed({"edited_message": edited})


async def test_a_period_edited_at_the_amount_step_is_said_not_used_and_the_flow_goes_on(repo):
    """The period 2025 corrected to 2024 at 交了多少钱？ reached the amount's handler,
    which failed: 抱歉，出了点问题 (and the admins an error report)."""
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/pay")
        await bot.press(5001, "pay:fee:sanitation")
        period = await _send(bot, 5001, "2025")
        calls = await _edit(bot, period, "2024")
        assert [c.text for c in calls] == [IN_FLOW]
        calls = await bot.send(5001, "60")
        assert "收据" in calls[-1].text
        calls = await bot.press(5001, "pay:skip")
        assert "期间：2025年" in calls[-1].text and "¥60.00" in calls[-1].text


async def test_a_description_edited_at_a_later_step_is_not_added_to_it(repo):
    """楼道灯坏了 corrected to 楼道灯坏了三天了 at the photos step was added after it:
    the volunteers read 楼道灯坏了 楼道灯坏了三天了."""
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/report")
        await bot.press(5001, "rep:cat:lighting")
        described = await _send(bot, 5001, "楼道灯坏了")
        calls = await _edit(bot, described, "楼道灯坏了三天了")
        assert [c.text for c in calls] == [IN_FLOW]
        await bot.press(5001, "rep:photos")
        calls = await bot.press(5001, "rep:pn")
        assert "描述：楼道灯坏了\n" in calls[-1].text


async def test_an_opinion_edited_after_it_was_sent_is_said_unchanged(repo):
    """Edited after 提交, the edit got no answer, as if the volunteers had it now."""
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/opinion")
        said = await _send(bot, 5001, "希望装个路灯")
        await bot.press_label(5001, "提交")
        calls = await _edit(bot, said, "希望装两个路灯")
        assert [c.text for c in calls] == [OUTSIDE]
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.data["text"] == "希望装个路灯"
