"""A grid worker on site names the report as people say it, with the word 报事 before or
after its number: 报事148：已联系师傅 was answered 这句话没有保存…请在前面写上报事编号 (she
had), and 148号报事 师傅明天来 got the greeting. Both are now the note on #148."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from bot.handlers.field_note import _numbered
from db.entries import Kind


@pytest.mark.parametrize("said", ["报事{n}：已联系师傅", "{n}号报事 已联系师傅",
                                  "第{n}号报事：已联系师傅", "报事#{n} 已联系师傅"])
async def test_a_note_naming_its_report_with_the_word_baoshi_is_offered_for_it(repo, said):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry = repo.approve(repo.submit(author, Kind.ISSUE, "east", {
        "category": "lighting", "text": "楼道灯不亮"}).id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, said.format(n=entry.id))
    assert f"要把这条说明记到报事 #{entry.id}" in asked[-1].text
    assert "说明：已联系师傅" in asked[-1].text


def test_a_building_number_is_still_no_report_number():
    assert _numbered("报事3号楼灯坏了") is None and _numbered("3号楼灯坏了") is None
