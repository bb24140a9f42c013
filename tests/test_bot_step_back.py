"""上一步 typed at a step that shows ⬅️ 上一步 does what the button does, instead of
leaving the flow (bot/leaving.py)."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident

from db.entries import Kind

BUILDINGS = "在哪里？请选择楼栋（可不选）："
PHOTOS = ("照片能帮助志愿者了解情况，会和报事一起公开：请只拍问题本身，不要拍到人脸、"
          "门牌号和车牌。现在可以发一张或多张照片，没有照片请点下面的按钮继续。")


@pytest.mark.parametrize("word", ["上一步", "返回上一步"])
async def test_back_a_step_typed_at_the_units_of_a_report_shows_the_buildings_again(repo, word):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/report")
        await bot.press(5001, "rep:cat:lighting")
        await bot.send(5001, "门口路灯坏了")
        buildings = await bot.press_label(5001, "没有照片，继续")
        assert buildings[-1].text == BUILDINGS
        first = buildings[-1].buttons()[0]
        units = await bot.press(5001, first[1])
        assert "⬅️ 上一步" in [label for label, _ in units[-1].buttons()]
        back = await bot.send(5001, word)
        assert [c.text for c in back] == [BUILDINGS]  # not 已退出“报事”
        again = await bot.press(5001, first[1])  # still in the report, at the same step
        assert "哪个单元" in again[-1].text
        chosen = await bot.press_label(5001, "整栋楼")
        assert "门口路灯坏了" in chosen[-1].text  # the summary: nothing was lost
    assert not repo.entries(kind=Kind.ISSUE)


async def test_back_a_step_typed_at_the_buildings_shows_the_photos_again(repo):
    """The buildings have ⬅️ 上一步 now (to the photos): 上一步 typed there left the
    report (已退出“报事”); now it goes back to the photos (test_bot_report_back)."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/report")
        await bot.press(5001, "rep:cat:lighting")
        await bot.send(5001, "门口路灯坏了")
        await bot.press_label(5001, "没有照片，继续")
        calls = await bot.send(5001, "上一步")
    assert [c.text for c in calls] == [PHOTOS]
