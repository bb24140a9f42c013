"""Which report a duplicate's closing note names (``db.duplicate_words``): with # as
before, and without it where nothing else can be meant (同148, 同 148, 见第148号, the
number alone); not a building, a floor, or one of two numbers."""

from __future__ import annotations

import pytest

from db.duplicate_words import named_reports


@pytest.mark.parametrize("note, named", [
    ("见#148", [148]), ("与 ＃12 重复", [12]), ("#3 #4", [3, 4]),  # as before
    ("同148", [148]), ("同 148", [148]), ("同１４８", [148]), ("见第148号", [148]),
    ("与148重复", [148]), ("和148一样", [148]), ("148", [148]), ("第148号", [148]),
    ("同148 3楼也漏", [148]), ("同148，3号楼也漏", [148]), ("同148号，楼上也是", [148]),
])
def test_a_note_naming_one_report_names_it(note, named):
    assert named_reports(note) == named


@pytest.mark.parametrize("note", [
    "同3号楼", "同3楼", "见148户", "同148号楼", "同2023年的",  # a place, a year
    "同148、149", "同148，149", "同148和149",  # two: which one?
    "同样的问题", "同时3楼也漏", "意见3条", "已并入清运安排，见公告", "",
])
def test_a_note_whose_number_may_be_something_else_names_none(note):
    assert named_reports(note) == []
