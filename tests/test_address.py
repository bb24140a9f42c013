"""Addresses people type instead of picking their household: found by building,
unit and room numbers (and the compound when named), never guessed."""

from __future__ import annotations

import pytest
from conftest import SMALL_STREET

from db.address import typed_households, typed_place, typed_step
from db.config import parse_street

STREET = parse_street(SMALL_STREET).street
EAST_102, EAST_201 = (0, 0, 0, 1), (0, 0, 0, 2)
EAST_101, WEST_101 = (0, 0, 0, 0), (1, 0, 0, 0)


@pytest.mark.parametrize("text,found", [
    ("东小区1号楼1单元102", [EAST_102]), ("我住东小区 1栋1单元102室", [EAST_102]),
    ("东小区，1号楼，1单元，102", [EAST_102]), ("东小区1-1-102", [EAST_102]),
    ("１号楼１单元２０１", [EAST_201]),  # full-width digits; only 东小区 has a 201
    ("1号楼1单元101", [EAST_101, WEST_101]),  # no compound named: both, to choose
    ("1-1-101", [EAST_101, WEST_101]), ("西小区1号楼1单元101", [WEST_101]),
    ("西小区1号楼1单元201", []), ("11号楼1单元101", []), ("1号楼1单元1011", []),
    ("1号楼2单元101", []),
])
def test_an_address_typed_names_the_households_it_fits(text, found):
    assert typed_households(STREET, text) == found


@pytest.mark.parametrize("text", [
    "你好", "", "为什么要这些信息？", "2025-3-15", "120", "三百五", "1号楼", "1号楼1单元",
    "我家楼道的灯坏了，1号楼1单元101门口" + "很暗" * 40,
])
def test_text_that_is_no_address_is_none(text):
    assert typed_households(STREET, text) is None


@pytest.mark.parametrize("path,text,index", [
    ([0], "1号楼", 0), ([0], "1", 0), ([0], "一栋", 0), ([0], "１幢", 0),
    ([0, 0], "1单元", 0), ([0, 0], "1", 0), ([0, 0, 0], "201", 2), ([0, 0, 0], "102室", 1),
    ([0], "1单元", None),  # a unit's word where the buildings are asked
    ([0, 0], "1号楼", None), ([0, 0, 0], "301", None), ([0], "2号楼", None),
    ([0], "你好", None), ([], "1", None), ([5], "1", None), ([0, 0, 0, 0], "1", None),
])
def test_one_level_typed_at_the_pickers_step_names_its_building_unit_or_room(path, text, index):
    """An elderly resident who typed her compound's name types 1号楼 next, not pressing
    it: the picker's step after ``path`` takes it (found trying the bot as a resident)."""
    assert typed_step(STREET, path, text) == index


@pytest.mark.parametrize("text,found", [
    ("1号楼", [(0, 0, None)]), ("东小区1栋1单元楼道", [(0, 0, 0)]), ("1号楼门口", [(0, 0, None)]),
    ("1号楼2单元", []), ("2号楼", []), ("就在门口", []), ("西小区1号楼", []),
])
def test_a_place_typed_names_the_buildings_of_the_area_it_fits(text, found):
    """At /report's "在哪里？" (the east area holds only 东小区)."""
    assert typed_place(STREET, ["c1"], text) == found


@pytest.mark.parametrize("text,found", [
    ("东小区 Building 1, Unit 1, Room 102", [EAST_102]), ("bldg 1 unit 1 rm 201", [EAST_201]),
    ("I live in Building 1 Unit 1 101", [EAST_101, WEST_101]),
    ("西小区 Block 1, Entrance 1, Flat 101", [WEST_101]), ("Building 1, Unit 2, Room 101", []),
])
def test_an_address_typed_in_english_names_the_households_it_fits(text, found):
    """An English-speaking resident writes the words before the numbers."""
    assert typed_households(STREET, text) == found


@pytest.mark.parametrize("path,text,index", [
    ([0], "Building 1", 0), ([0, 0], "unit 1", 0), ([0, 0, 0], "Room 201", 2),
    ([0], "Unit 1", None), ([0, 0, 0], "Building 1", None),
])
def test_one_level_typed_in_english_at_the_pickers_step(path, text, index):
    assert typed_step(STREET, path, text) == index


@pytest.mark.parametrize("text,found", [
    ("Building 1, unit 1 stairwell", [(0, 0, 0)]), ("outside building 1", [(0, 0, None)]),
    ("Building 2", []), ("Building 1 Unit 2", []),
])
def test_a_place_typed_in_english_names_the_buildings_of_the_area_it_fits(text, found):
    assert typed_place(STREET, ["c1"], text) == found


@pytest.mark.parametrize("path,text,index", [
    ([0, 0, 0], "二零一", 2), ([0, 0, 0], "一〇二", 1), ([0, 0, 0], "我住201", 2),
    ([0, 0, 0], "我家是102", 1), ([0, 0, 0], "住在二零一室", 2), ([0], "我住1号楼", 0),
    ([0, 0, 0], "三零一", None), ([0, 0, 0], "我住", None), ([0, 0, 0], "二百零一", None),
])
def test_a_room_spelled_digit_by_digit_or_after_i_live_is_taken_at_its_step(path, text, index):
    """At 请选择房号 she typed 二零一 (as said aloud, or by a voice keyboard) or 我住201:
    neither was taken, the rooms asked again. 二百零一 is not read (a number, not digits)."""
    assert typed_step(STREET, path, text) == index
