"""What an elderly resident met trying the real bot on a phone (``steward run``
against the Bot API emulator, the demo street, December 2026): each test is one
thing that went wrong for her, and what she gets now."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident


def _data(calls, label_part: str) -> str:
    for text, data in [b for c in calls for b in c.buttons()]:
        if label_part in text:
            return data
    raise AssertionError(f"no button with {label_part!r}")


async def test_a_withdrawn_change_of_household_says_her_home_still_stands(repo):
    """Registered for 102, she asked to change to 101 by mistake and pressed 住址选错了？
    撤回: she read "已撤回…请在下面重新选择您的住址" and the compounds, as if she had no
    home any more. Now she is told 102 is still her household and nothing changed."""
    confirmed_resident(repo, 5001, "c1/1/1/102", 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(5001, "/start")
        calls = await bot.press(5001, _data(calls, "变更"))
        calls = await bot.press(5001, _data(calls, "东小区"))
        calls = await bot.press(5001, _data(calls, "101"))
        calls = await bot.press(5001, _data(calls, "同意，这是我家"))
        calls = await bot.press(5001, _data(calls, "撤回"))
    [told] = [c for c in calls if c.chat_id == 5001 and "已撤回" in c.text]
    assert "仍是 东小区 1号楼 1单元 102" in told.text
    assert "请在下面重新选择您的住址" not in told.text


async def test_a_withdrawn_first_registration_still_asks_to_choose_again(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/start")
        calls = await bot.press(7001, _data(calls, "东小区"))
        calls = await bot.press(7001, _data(calls, "102"))
        calls = await bot.press(7001, _data(calls, "同意，这是我家"))
        calls = await bot.press(7001, _data(calls, "撤回"))
    [told] = [c for c in calls if c.chat_id == 7001 and "已撤回" in c.text]
    assert "请在下面重新选择您的住址" in told.text and "仍是" not in told.text
