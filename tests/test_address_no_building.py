"""An address typed with the compound, the unit and the room but not the building, as
people of a compound with one building say it (盐业小区3单元501): it was no address at
all, so a volunteer's 盐业小区3单元501交了卫生费120 got the /income button without the
household, and a newcomer's 我住东小区1单元102 was not read. With a compound named, the
unit and room are looked for in each of its buildings (every fit, never a guess);
without one, unit and room alone are still no address."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import SMALL_STREET

from db.address import typed_households
from db.config import parse_street

STREET = parse_street(SMALL_STREET).street
EAST_102 = (0, 0, 0, 1)


@pytest.mark.parametrize("text", ["东小区1单元102", "我住东小区 1单元102室", "东小区，1单元，102"])
def test_compound_unit_and_room_name_the_household(text):
    assert typed_households(STREET, text) == [EAST_102]


@pytest.mark.parametrize("text", ["1单元102", "2单元102室"])
def test_unit_and_room_without_a_compound_are_still_no_address(text):
    assert typed_households(STREET, text) is None


def test_a_unit_the_compound_lacks_fits_nothing():
    assert typed_households(STREET, "东小区2单元102") == []


async def test_a_fee_typed_with_compound_unit_and_room_offers_that_household(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, "东小区1单元102交了卫生费120")
    labels = [label for c in calls for label, _ in c.buttons()]
    assert any("东小区 1号楼 1单元 102" in label for label in labels), labels
