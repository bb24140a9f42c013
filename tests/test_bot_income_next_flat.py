"""Door to door in one building unit: after each household's fee (确认登记), the next one
started again at /income, the fee, the unit and the period: eight taps a flat. Now the
confirmation offers ➕ 本单元再登记一户, which keeps the fee and the period and asks only
which household, those whose fee for that period is in already marked ✓; then the amount."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import SMALL_STREET, StepClock

from db.config import parse_street
from db.entries import Kind
from db.repository import Repository


@pytest.fixture
def per_household(tmp_path):
    text = SMALL_STREET.replace("compounds: [c1]}", "compounds: [c1], fees: [{type: sanitation, "
                                "per: household, amount_fen: 12000, period: year}]}")
    r = Repository.init(tmp_path / "data", parse_street(text, "s.yaml"), clock=StepClock())
    yield r
    r.close()


async def test_another_household_of_the_unit_is_recorded_with_the_fee_and_period_kept(
        per_household):
    async with BotHarness(per_household) as bot:
        await bot.send(101, "/income")
        await bot.press(101, "inc:unit:0")
        await bot.press(101, "inc:hh:0")
        await bot.press(101, "inc:per:2025")
        await bot.send(101, "120")
        await bot.press(101, "inc:skip:1")
        done = await bot.press_label(101, "确认登记", exact=True)
        offered = [(lb, d) for c in done if c.chat_id == 101 for lb, d in c.buttons()
                   if "本单元再登记一户" in lb]
        assert len(offered) == 1, [c.buttons() for c in done if c.chat_id == 101]
        [(label, data)] = offered
        assert "卫生费 2025" in label, label
        rooms = await bot.press(101, data)
        assert "东小区 1号楼 1单元：哪一户？" in rooms[-1].text, rooms[-1].text
        labels = [lb for lb, _ in rooms[-1].buttons()]
        assert labels[:3] == ["101 ✓", "102", "201"], labels
        amount = await bot.press(101, "inc:hh:1")
        assert "东小区 1号楼 1单元 102" in amount[-1].text and "2025" in amount[-1].text
        assert "收了多少钱" in amount[-1].text, amount[-1].text
        await bot.send(101, "120")
        await bot.press(101, "inc:skip:1")
        await bot.press_label(101, "确认登记", exact=True)
    fees = per_household.entries(kind=Kind.FEE_INCOME)
    assert [(f.data["household"], f.data["period"]) for f in fees] == [
        ("c1/1/1/101", "2025"), ("c1/1/1/102", "2025")]


@pytest.fixture
def per_unit(tmp_path):
    text = SMALL_STREET.replace(
        "compounds: [c1]}", "compounds: [c1], fees: [{type: sanitation, per: unit}]}").replace(
        '''          - id: "1"
            units:
              - id: "1"
                households:
                  - {room: "101", area_m2: 60}''', '''          - id: "1"
            units:
              - id: "2"
                households:
                  - {room: "301"}
              - id: "1"
                households:
                  - {room: "101", area_m2: 60}''', 1)
    r = Repository.init(tmp_path / "data", parse_street(text, "s.yaml"), clock=StepClock())
    yield r
    r.close()


async def test_another_unit_is_recorded_with_the_fee_and_period_kept(per_unit):
    """A fee paid per unit (城建小区's 卫生费): ➕ 再登记一个单元 keeps the fee and the month."""
    async with BotHarness(per_unit) as bot:
        await bot.send(101, "/income")
        await bot.press(101, "inc:unit:0")
        await bot.press(101, "inc:per:2025-03")
        await bot.send(101, "50")
        await bot.press(101, "inc:skip:1")
        done = await bot.press_label(101, "确认登记", exact=True)
        offered = [(lb, d) for c in done if c.chat_id == 101 for lb, d in c.buttons()
                   if "再登记一个单元" in lb]
        assert len(offered) == 1, [c.buttons() for c in done if c.chat_id == 101]
        [(label, data)] = offered
        assert "卫生费 2025-03" in label, label
        units = await bot.press(101, data)
        labels = [lb for lb, _ in units[-1].buttons()]
        assert labels[:2] == ["东小区 1号楼 2单元 ✓", "东小区 1号楼 1单元"], labels
        amount = await bot.press(101, "inc:unit:1")
        assert "东小区 1号楼 1单元" in amount[-1].text and "2025-03" in amount[-1].text
        assert "收了多少钱" in amount[-1].text, amount[-1].text
        await bot.send(101, "50")
        await bot.press(101, "inc:skip:1")
        await bot.press_label(101, "确认登记", exact=True)
    fees = per_unit.entries(kind=Kind.FEE_INCOME)
    assert [(f.data["unit"], f.data["period"]) for f in fees] == [
        ("c1/1/2", "2025-03"), ("c1/1/1", "2025-03")]


async def test_a_household_typed_at_its_step_is_offered_the_next_household_too(per_household):
    """A grid worker who types the first flat (东小区1号楼1单元101) instead of tapping its
    unit and room had no ➕ 本单元再登记一户 under its fee: the next flat started again at
    /income."""
    async with BotHarness(per_household) as bot:
        await bot.send(101, "/income")
        await bot.send(101, "东小区1号楼1单元101")
        await bot.press(101, "inc:per:2025")
        await bot.send(101, "120")
        await bot.press(101, "inc:skip:1")
        done = await bot.press_label(101, "确认登记", exact=True)
        offered = [d for c in done if c.chat_id == 101 for lb, d in c.buttons()
                   if "本单元再登记一户" in lb]
        assert offered == ["inc:next:c1/1/1/101:sanitation:2025"], \
            [c.text for c in done if c.chat_id == 101]
        rooms = await bot.press(101, offered[0])
    assert "东小区 1号楼 1单元：哪一户？" in rooms[-1].text, rooms[-1].text
