"""An area's name (东小区) inside a Chinese sentence is written without spaces around it:
the registration question read "东小区 的志愿者会进行确认" and its receipt "正在等待 东小区
的志愿者确认". Numbers and Latin text keep their space (第 2 笔, 2025 卫生费), as the
rest of the messages do; an area typed by the user, which may be Latin, keeps it too."""

from __future__ import annotations

import re

from bot.i18n import tr

NAMED = [  # messages whose {area} is a configured area's name
    "Register as a resident of {household}? A volunteer of {area} will confirm it.",
    "Thank you! Registration #{id} for {household} is waiting for a volunteer of {area} to "
    "confirm it. I will tell you when it is done.",
    "Accounts of {area} ({steward})",
    "📋 Daily reminder for {area} ({day}):",
    "No proposal is open for voting in {area} right now.",
    "Details: {area}",
]


def test_an_area_name_in_a_chinese_sentence_has_no_spaces_around_it():
    for msgid in NAMED:
        said = tr("zh", msgid, area="东小区", household="和平小区 1号楼 1单元 101", id=7,
                  steward="物业公司", day="2026-03-01")
        assert said != msgid, msgid  # translated
        assert not re.search(r"[\u4e00-\u9fff] 东小区|东小区 [\u4e00-\u9fff]", said), said


def test_a_number_beside_chinese_keeps_its_space():
    said = tr("zh", "Thank you! Registration #{id} for {household} is waiting for a volunteer "
                    "of {area} to confirm it. I will tell you when it is done.",
              area="东小区", household="东小区 1号楼 1单元 101", id=7)
    assert "住户登记 #7（东小区 1号楼 1单元 101）正在等待东小区的志愿者确认" in said
