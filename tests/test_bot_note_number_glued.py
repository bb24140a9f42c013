"""A grid worker types the report's number and what she found without a space, as a
phone's keyboard runs them together: 147修好了, 147已联系师傅. The bot answered 这句话没有
保存：要记到一件报事上，请在前面写上报事编号 — to someone who had written it first (found
in steward chat on the demo street). A number glued to what a visit finds (修, 已, 换,
联系 …) is read as the report's; a building or a floor (3号楼, 3楼, 2单元) still is not."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from bot.handlers.field_note import _numbered
from db.entries import Kind, Status


def approved_issue(repo, text="楼道灯不亮"):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": text})
    return repo.approve(entry.id, pid(repo, 102))


@pytest.mark.parametrize("note", ["修好了", "已联系师傅", "已修好", "换了灯泡"])
async def test_a_number_glued_to_the_note_is_asked_which_step(repo, note):
    entry = approved_issue(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"{entry.id}{note}")
    said = [c for c in calls if c.chat_id == 101]
    assert "没有保存" not in said[-1].text, said[-1].text
    assert f"#{entry.id}" in said[-1].text and note in said[-1].text
    assert any("记为进展" in label for label, _ in said[-1].buttons())
    assert repo.entry(entry.id).status == Status.APPROVED  # nothing saved before a press


@pytest.mark.parametrize("text", ["3号楼灯修好了", "3楼灯修好了", "2单元修好了", "12户已交费",
                                  "3栋已清理"])
def test_a_building_floor_or_unit_is_no_report_number(text):
    assert _numbered(text) is None


def test_the_glued_number_and_its_note(text="147修好了"):
    assert _numbered(text) == (147, "修好了")
    assert _numbered("147 已修好") == (147, "已修好")
