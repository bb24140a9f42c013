"""/proxy (代办): back at 为 … 登记什么？ with 上一步, what was chosen is said (现在选的是“报事”),
as the other pickers say theirs (the category, the room). Before, the question came back
bare, as if nothing had been chosen. Another household chosen meanwhile starts bare."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident

HOME = "c1/1/1/102"


@pytest.fixture
def street(repo):
    confirmed_resident(repo, 7002, HOME, 101)
    return repo


async def _household(bot, room: str = "102"):
    await bot.send(102, "/proxy")
    await bot.press(102, "px:b:0")
    await bot.press(102, "px:u:0")
    return await bot.press_label(102, room, exact=True)


async def test_back_at_what_to_record_says_what_was_chosen(street):
    async with BotHarness(street) as bot:
        what = await _household(bot)
        assert "现在选的是" not in what[-1].text  # nothing chosen yet
        await bot.press(102, "px:do:issue")
        what = await bot.send(102, "上一步")  # the category: what to record
        assert "登记什么" in what[-1].text and "现在选的是“报事”" in what[-1].text
        await bot.press(102, "px:do:opinion")
        what = await bot.press(102, "px:back:what")  # pressed, from the words
        assert "现在选的是“意见”" in what[-1].text
        rooms = await bot.send(102, "上一步")  # the rooms; another household: bare again
        assert "哪个房号" in rooms[-1].text
        what = await bot.press_label(102, "101", exact=True)
        assert "登记什么" in what[-1].text and "现在选的是" not in what[-1].text
