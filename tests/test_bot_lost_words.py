"""An elderly resident types 我不会用 (or 看不懂) into the chat: she got the menu's
greeting, 请点下方菜单的按钮…不知道怎么用，就点“帮助”, the same as for a sticker (found
trying the real ``steward run``). Saying she is lost now gets the help itself."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident


@pytest.mark.parametrize("said", ["我不会用", "看不懂！", "我不会弄", "怎么弄"])
async def test_saying_she_is_lost_gets_the_help(repo, said):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        help_calls = await bot.send(7001, "帮助")
        calls = await bot.send(7001, said)
    first = [c.text for c in help_calls if c.chat_id == 7001][0]
    assert first.startswith("小区管家帮您")
    assert [c.text for c in calls if c.chat_id == 7001][0] == first


async def test_a_newcomer_saying_she_is_lost_is_told_how_to_register(repo):
    async with BotHarness(repo) as bot:
        await bot.send(7009, "你好")
        calls = await bot.send(7009, "我不会用")
    assert "也可以直接打出您的住址" in calls[-1].text
