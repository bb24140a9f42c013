"""/income in an area with one fee only: the fee is taken and the next question says which
it is (登记收费：卫生费（本区域只收这一项）), with no one-button question before it; 上一步 at
that question leaves keeping the draft as at any first step, or, for a volunteer of
several areas, goes back to the areas. Before, 收的是哪项费用？ came with a single button
to press."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import SMALL_STREET, StepClock

from db.config import parse_street
from db.entries import Kind
from db.repository import Repository

ONE = "登记收费：卫生费（本区域只收这一项）"
WHICH = "收的是哪项费用"


def _street(tmp_path, fee: str) -> Repository:
    text = SMALL_STREET.replace("compounds: [c1]}", "compounds: [c1], fees: [" + fee + "]}")
    return Repository.init(tmp_path / "data", parse_street(text, "s.yaml"), clock=StepClock())


@pytest.fixture
def per_household(tmp_path):
    r = _street(tmp_path, "{type: sanitation, per: household}")
    yield r
    r.close()


async def test_the_only_fee_is_taken_and_named_in_the_next_question(per_household):
    async with BotHarness(per_household) as bot:
        unit = await bot.send(101, "/income")
        assert WHICH not in unit[-1].text
        assert unit[-1].text.startswith(ONE + "\n卫生费：哪个单元？")
        assert "⬅️ 上一步" not in [label for label, _ in unit[-1].buttons()]  # the first step
        await bot.press(101, "inc:unit:0")
        unit = await bot.send(101, "上一步")  # the household: the units
        assert "卫生费：哪个单元？" in unit[-1].text and "现在选的是“" in unit[-1].text
        calls = await bot.send(101, "上一步")  # the first step: left, kept
        assert "您没填完的“收费登记（/income）”先为您保留" in "".join(c.text for c in calls)
        unit = await bot.press_label(101, "继续填写")
        assert "已填写：卫生费" in "".join(c.text for c in unit)
        assert "卫生费：哪个单元？" in unit[-1].text
        await bot.press(101, "inc:unit:0")
        await bot.press(101, "inc:hh:0")
        await bot.press(101, "inc:per:2025")
        await bot.send(101, "120")
        await bot.press(101, "inc:skip:1")
        await bot.press_label(101, "确认登记", exact=True)
    [fee] = per_household.entries(kind=Kind.FEE_INCOME)
    assert (fee.data["fee_type"], fee.data["amount_fen"]) == ("sanitation", 12000)


async def test_a_fee_of_the_whole_area_is_named_at_the_period(tmp_path):
    repo = _street(tmp_path, "{type: sanitation, per: area}")
    try:
        async with BotHarness(repo) as bot:
            period = await bot.send(101, "/income")
            assert period[-1].text.startswith(ONE + "\n") and "期间" in period[-1].text
    finally:
        repo.close()


async def test_a_volunteer_of_two_areas_goes_back_from_the_units_to_the_areas(per_household):
    per_household.grant(per_household.ensure_person(900)["id"], 101, "west", title="网格员")
    async with BotHarness(per_household) as bot:
        areas = await bot.send(101, "/income")
        unit = await bot.press(101, [d for label, d in areas[-1].buttons()
                                     if label == "东小区"][0])
        assert unit[-1].text.startswith(ONE)
        assert [label for label, _ in unit[-1].buttons()][-1] == "⬅️ 上一步"
        areas = await bot.send(101, "上一步")
        assert "哪个管理区域" in areas[-1].text and "现在选的是“东小区”" in areas[-1].text
        west = await bot.press(101, [d for label, d in areas[-1].buttons()
                                     if label == "西小区"][0])
        assert WHICH in west[-1].text  # several fees there: asked


async def test_a_fee_per_unit_says_the_unit_chosen_when_she_comes_back_to_it(tmp_path):
    repo = _street(tmp_path, "{type: sanitation, per: unit, period: month}")
    try:
        async with BotHarness(repo) as bot:
            unit = await bot.send(101, "/income")
            assert unit[-1].text.startswith(ONE + "\n卫生费按单元收取：哪个单元？")
            await bot.press(101, "inc:unit:0")
            unit = await bot.send(101, "上一步")  # the period: the units, the one chosen said
            assert "现在选的是“东小区 1号楼 1单元”" in unit[-1].text
    finally:
        repo.close()


async def test_proxy_fee_of_an_area_with_one_household_fee_names_it(per_household):
    async with BotHarness(per_household) as bot:
        await bot.send(101, "/proxy")
        await bot.press(101, "px:b:0")
        await bot.press(101, "px:u:0")
        await bot.press_label(101, "102", exact=True)
        calls = await bot.press(101, "px:do:fee")
        assert "哪一项费用" not in calls[-1].text
        assert "本区域按户收的只有卫生费" in calls[-1].text
        assert calls[-1].buttons() == [("卫生费", "inc:for:c1/1/1/102:sanitation"),
                                       ("⬅️ 上一步", "px:back:what"), ("取消", "px:cancel")]
        period = await bot.press(101, "inc:for:c1/1/1/102:sanitation")
        assert "期间" in period[-1].text


async def test_proxy_fee_where_the_fee_is_paid_per_unit_names_the_unit_with_a_button(tmp_path):
    """/proxy → 交费 for a household of an area whose 卫生费 is paid per building unit (the
    demo's 城建小区) ended at 本区域的收费标准里没有按户收的费用。其他费用请用 /income 登记, with
    nothing to press: the grid worker with the cash in hand had to type /income."""
    repo = _street(tmp_path, "{type: sanitation, per: unit, period: month}")
    try:
        async with BotHarness(repo) as bot:
            await bot.send(101, "/proxy")
            await bot.press(101, "px:b:0")
            await bot.press(101, "px:u:0")
            await bot.press_label(101, "102", exact=True)
            calls = await bot.press(101, "px:do:fee")
            assert "这里的卫生费按单元收，不按户收：请点下面的按钮，把这笔钱登记到 东小区 1号楼 " \
                   "1单元" in calls[-1].text
            [(label, data)] = calls[-1].buttons()
            assert label == "💰 登记收费（/income）"
            unit = await bot.press(101, data)
            assert "卫生费按单元收取：哪个单元？" in unit[-1].text
    finally:
        repo.close()
