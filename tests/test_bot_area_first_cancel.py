"""For a volunteer of several areas (an admin, a grid worker of two), 哪个管理区域？ is the
first question of /income, /expense, /meeting, /proxy, /propose, /election and /reverse:
it has a 取消 button last, as each flow's first question has for a volunteer of
one area. Pressed, nothing is kept and the menu comes back. Before, the areas offered no
way out but typing /cancel, which they did not say."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness

ADMIN = 900  # of both areas


def labels(call) -> list[str]:
    return [label for label, _ in call.buttons()]


@pytest.mark.parametrize("command", ["/income", "/expense", "/meeting", "/proxy", "/propose",
                                     "/election", "/reverse"])
async def test_the_areas_asked_first_have_cancel_and_it_leaves(repo, command):
    async with BotHarness(repo) as bot:
        areas = await bot.send(ADMIN, command)
        assert "哪个管理区域" in areas[-1].text, [c.text for c in areas]
        shown = labels(areas[-1])
        assert shown[:2] == ["东小区", "西小区"] and "取消" in shown, shown
        [data] = [d for label, d in areas[-1].buttons() if label == "取消"]
        left = await bot.press(ADMIN, data)
        assert "已取消" in left[-1].text, [c.text for c in left]
        again = await bot.send(ADMIN, command.split()[0])  # nothing kept to offer
        assert "没填完" not in "".join(c.text for c in again)


async def test_back_at_the_areas_of_a_later_step_has_no_cancel_but_back(repo):
    """/announce's areas come after the text: ⬅️ 上一步 there, as before, and no 取消."""
    async with BotHarness(repo) as bot:
        areas = await bot.send(ADMIN, "/announce")
        areas = await bot.send(ADMIN, "明天上午停水")
    assert labels(areas[-1]) == ["东小区", "西小区", "⬅️ 上一步"]


async def test_back_to_the_areas_asked_first_keeps_cancel(repo):
    async with BotHarness(repo) as bot:
        await bot.send(ADMIN, "/income")
        await bot.press(ADMIN, "inc:area:0")
        areas = await bot.send(ADMIN, "上一步")  # the fees: the areas, the first step
    assert "现在选的是“东小区”" in areas[-1].text
    assert labels(areas[-1]) == ["东小区", "西小区", "取消"]
