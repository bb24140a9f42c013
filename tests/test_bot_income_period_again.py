"""/income's period step answered with something that is not a period (the amount, typed a
step too early, as a volunteer in a hurry does: 一百二): before, 请输入年份或月份 came alone,
its buttons one message up; now they come again under it, and one pressed goes on."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import SMALL_STREET, StepClock

from db.config import parse_street
from db.entries import Kind
from db.repository import Repository


@pytest.fixture
def street(tmp_path):
    text = SMALL_STREET.replace("compounds: [c1]}",
                                "compounds: [c1], fees: [{type: sanitation, per: household}]}")
    r = Repository.init(tmp_path / "data", parse_street(text, "s.yaml"), clock=StepClock())
    yield r
    r.close()


async def test_a_period_not_understood_shows_the_period_buttons_again(street):
    async with BotHarness(street) as bot:
        await bot.send(101, "/income")
        await bot.press(101, "inc:unit:0")
        asked = await bot.press(101, "inc:hh:0")
        again = await bot.send(101, "一百二")
        offered = [d for _, d in asked[-1].buttons() if d.startswith("inc:per:")]
        assert "请输入年份或月份" in again[-1].text
        assert [d for _, d in again[-1].buttons()] == offered and offered
        await bot.press(101, offered[0])
        await bot.send(101, "120")
        await bot.press(101, "inc:skip:1")
        await bot.press_label(101, "确认登记", exact=True)
    [fee] = street.entries(kind=Kind.FEE_INCOME)
    assert fee.data["period"] == offered[0].split(":")[-1] and fee.data["amount_fen"] == 12000
