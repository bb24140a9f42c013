"""/income for a fee paid per building unit (城建小区's 卫生费): a unit whose fee for the
month was in already (booked, or recorded and waiting) was recorded again without a
word; only the approving volunteer saw "⚠️ 可能已经交过", after the grid worker had taken
the money at the door a second time. A household's fee always warned at the period (and
at the summary). Now a unit's warns the same way: the unit, the fee, the period, the
entry's number and its line, with 取消 at hand."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import SMALL_STREET, StepClock, pid

from db.config import parse_street
from db.entries import Kind
from db.repository import Repository


@pytest.fixture
def per_unit(tmp_path):
    text = SMALL_STREET.replace("compounds: [c1]}",
                                "compounds: [c1], fees: [{type: sanitation, per: unit}]}")
    r = Repository.init(tmp_path / "data", parse_street(text, "s.yaml"), clock=StepClock())
    yield r
    r.close()


async def _to_period(bot, period):
    await bot.send(101, "/income")
    await bot.press(101, "inc:unit:0")
    return await bot.send(101, period)


async def test_a_units_fee_already_booked_for_the_month_is_warned_at_the_period(per_unit):
    async with BotHarness(per_unit) as bot:
        await _to_period(bot, "2025-03")
        await bot.send(101, "50")
        await bot.press(101, "inc:skip:1")
        await bot.press_label(101, "确认登记", exact=True)
        [first] = per_unit.entries(kind=Kind.FEE_INCOME)
        waiting = await _to_period(bot, "2025-03")  # not yet approved
        said = f"东小区 1号楼 1单元：卫生费 2025-03 已经登记过（#{first.id}）"
        assert said in waiting[-1].text, waiting[-1].text
        assert waiting[-1].buttons()[-1] == ("取消", "inc:cancel"), waiting[-1].buttons()
        await bot.press(101, "inc:cancel")
        per_unit.approve(first.id, pid(per_unit, 102))
        booked = await _to_period(bot, "2025-03")
        assert f"卫生费 2025-03 已经记入公开账目（#{first.id}，第 1 笔）" in booked[-1].text, \
            booked[-1].text
        await bot.send(101, "50")
        summary = await bot.press(101, "inc:skip:1")
        assert "已经记入公开账目" in summary[-1].text, summary[-1].text
        await bot.press(101, "inc:cancel")
        other = await _to_period(bot, "2025-04")  # another month: nothing to warn of
        assert "已经" not in other[-1].text, other[-1].text


async def test_unpaid_of_a_units_fee_says_the_site_counts_units_not_households(per_unit):
    """/unpaid of a fee paid per unit listed units, then said 公示网站只显示每栋楼交了多少户:
    the site counts units for it (收费: 5 / 5 个单元已缴)."""
    async with BotHarness(per_unit) as bot:
        listed = await bot.send(101, "/unpaid 卫生费 2025-03")
    said = listed[-1].text
    assert "未交 2025-03 卫生费 的单元" in said and "东小区 1号楼 1单元" in said, said
    assert "公示网站只显示每栋楼交了几个单元" in said and "多少户" not in said, said
