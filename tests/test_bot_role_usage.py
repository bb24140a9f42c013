"""/grant help (帮助, 用法, ?) shows /grant's usage: the typed form, the role words, how a
person may be named and the areas' names; /revoke help shows /revoke's. Before, /grant's
usage text could not be reached (/grant alone, or with one word, starts the button steps)
and help was taken for a person's name: 找不到 help。"""

from __future__ import annotations

import pytest
from bot_harness import BotHarness


@pytest.mark.parametrize("word", ["help", "帮助", "用法", "？"])
async def test_grant_help_shows_the_usage(repo, word):
    async with BotHarness(repo) as bot:
        calls = await bot.send(900, f"/grant {word}")
        text = calls[-1].text
        assert text.startswith("用法：/grant 人 volunteer 管理区域 [职务]")
        assert "管理区域有：东小区、西小区" in text and "找不到" not in text
        later = await bot.send(900, "马红")  # no steps were started: not a person asked
        assert "哪个管理区域" not in "".join(c.text for c in later)


async def test_revoke_help_shows_the_usage(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(900, "/revoke help")
        assert calls[-1].text.startswith("用法：/revoke 人 volunteer 管理区域")


async def test_help_from_someone_not_an_admin_shows_no_usage(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, "/grant help")
    assert "用法" not in calls[-1].text
