"""/unpaid of a fee nobody has paid yet (January, a new year) lists every household of the
area; over ``DOOR_BUTTONS`` of them it offered no button at all, and said nothing of how
to record a fee from the list: the grid worker on her door walk started again at /income
for each flat. Now each building unit with doors unpaid gets a button (登记 1号楼1单元，
25户未交); pressed, it asks which household of that unit, those recorded already marked
✓, the fee and the period kept; then only the amount."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import StepClock

from bot.handlers.income_door import DOOR_BUTTONS
from db.config import parse_street
from db.entries import Kind
from db.repository import Repository

ROOMS = 25  # a unit's households; two units: over DOOR_BUTTONS


def _street() -> str:
    rooms = "\n".join(f'                  - {{room: "{100 * (1 + i // 2) + 1 + i % 2}"}}'
                      for i in range(ROOMS))
    units = "\n".join(f'              - id: "{u}"\n                households:\n{rooms}'
                      for u in (1, 2))
    return f"""
street: {{id: test, name: 测试街道, city: 测试市}}
admins: [900]
communities:
  - id: east-c
    name: 东社区
    compounds:
      - id: c1
        name: 东小区
        buildings:
          - id: "1"
            units:
{units}
areas:
  - {{id: east, name: 东小区, mode: committee, steward: 东小区物管会, compounds: [c1],
     fees: [{{type: sanitation, per: household, amount_fen: 12000, period: year}}]}}
volunteers:
  - {{telegram_id: 101, name: 甲志愿者, title: 网格员, areas: [east]}}
  - {{telegram_id: 102, name: 乙志愿者, title: 物管会委员, areas: [east]}}
"""


@pytest.fixture
def many_doors(tmp_path):
    r = Repository.init(tmp_path / "data", parse_street(_street(), "s.yaml"), clock=StepClock())
    yield r
    r.close()


async def test_a_long_unpaid_list_offers_its_building_units_then_the_doors_of_one(many_doors):
    assert 2 * ROOMS > DOOR_BUTTONS
    async with BotHarness(many_doors) as bot:
        listed = await bot.send(101, "/unpaid 卫生费 2025")
        last = listed[-1]
        assert "（50 户）" in listed[0].text, listed[0].text
        units = last.buttons()
        assert [lb for lb, _ in units] == ["登记 1号楼1单元（25户未交）",
                                           "登记 1号楼2单元（25户未交）"], units
        assert "先点那一家所在单元的按钮" in last.text, last.text
        rooms = await bot.press(101, units[1][1])
        asked = rooms[-1]
        assert "东小区 1号楼 2单元：哪一户？" in asked.text, asked.text
        assert "卫生费 2025" in asked.text and "再登记" not in asked.text, asked.text
        labels = [lb for lb, _ in asked.buttons()]
        assert labels[:2] == ["101", "102"], labels
        amount = await bot.press(101, asked.buttons()[1][1])
        assert "东小区 1号楼 2单元 102" in amount[-1].text and "收了多少钱" in amount[-1].text
        await bot.send(101, "120")
        await bot.press(101, "inc:skip:1")
        await bot.press_label(101, "确认登记", exact=True)
        again = await bot.send(101, "/unpaid 卫生费 2025")
        assert [lb for lb, _ in again[-1].buttons()] == [
            "登记 1号楼1单元（25户未交）", "登记 1号楼2单元（24户未交）"], again[-1].buttons()
        rooms = await bot.press(101, again[-1].buttons()[1][1])
        assert [lb for lb, _ in rooms[-1].buttons()][:2] == ["101", "102 ✓"]
    [fee] = many_doors.entries(kind=Kind.FEE_INCOME)
    assert (fee.data["household"], fee.data["period"], fee.data["amount_fen"]) == (
        "c1/1/2/102", "2025", 12000)


async def test_a_forged_unit_button_of_the_unpaid_list_records_nothing(many_doors):
    async with BotHarness(many_doors) as bot:
        for forged in ("inc:walk:c1/1/9/101:sanitation:2025",
                       "inc:walk:c1/1/1/101:nosuchfee:2025",
                       "inc:walk:c1/1/1/101:sanitation:明年后",
                       "inc:walk:c1/1/1/101"):
            said = await bot.press(101, forged)
            assert not any("哪一户" in c.text for c in said), (forged, [c.text for c in said])
        resident = await bot.press(5005, "inc:walk:c1/1/1/101:sanitation:2025")
        assert not any("哪一户" in c.text for c in resident)
    assert not many_doors.entries(kind=Kind.FEE_INCOME)
