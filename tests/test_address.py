"""Addresses people type instead of picking their household: found by building,
unit and room numbers (and the compound when named), never guessed."""

from __future__ import annotations

import pytest
from conftest import SMALL_STREET

from db.address import typed_households
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
