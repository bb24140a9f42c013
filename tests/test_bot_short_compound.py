"""A grid worker types a compound's name as she says it, without 小区: 盐业1号楼1单元101,
盐业 1/1/101. /paper answered “#541 的住户中没有 盐业1号楼1单元101” and nothing was
recorded (found playing a grid worker in steward chat on the demo street, whose area
盐业小区·市药材小区 has two compounds and so needs the name)."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import pid

from bot.staff import households_typed
from db.config import parse_street
from db.repository import Repository

STREET = """
street: {id: t, name: 街道, city: 市}
communities:
  - id: k
    name: 社区
    compounds:
      - id: yanye
        name: 盐业小区
        buildings:
          - id: "1"
            units:
              - id: "1"
                households: [{room: "101"}, {room: "102"}]
      - id: yaocai
        name: 市药材小区
        buildings:
          - id: "1"
            units:
              - id: "1"
                households: [{room: "101"}, {room: "102"}]
areas:
  - {id: both, name: 两院, mode: committee, steward: 两院物管会, compounds: [yanye, yaocai]}
volunteers:
  - {telegram_id: 101, name: 甲志愿者, title: 物管会主任, areas: [both]}
"""


@pytest.fixture
def two(tmp_path, clock):
    repo = Repository.init(tmp_path / "two", parse_street(STREET, "two.yaml"), clock=clock)
    yield repo
    repo.close()


@pytest.mark.parametrize("typed", ["盐业1号楼1单元101", "盐业 1/1/101", "盐业1-1-101",
                                   "盐业小区1/1/101", "盐业小区 1号楼 1单元 101"])
def test_a_compound_named_without_its_xiaoqu_is_found(two, typed):
    assert households_typed(two, "both", typed) == ["yanye/1/1/101"]


def test_the_other_compound_named_short_is_found_and_a_bare_room_still_names_both(two):
    assert households_typed(two, "both", "市药材1/1/102") == ["yaocai/1/1/102"]
    assert sorted(households_typed(two, "both", "1/1/101")) == ["yanye/1/1/101",
                                                                 "yaocai/1/1/101"]


async def test_paper_records_a_signature_for_a_compound_named_short(two):
    vote = two.create_proposal(pid(two, 101), "both", title="装门禁", description="",
                               budget_fen=0, matter="everyday", deadline="2099-01-01")
    async with BotHarness(two) as bot:
        calls = await bot.send(101, f"/paper {vote.id} 盐业1号楼1单元101 同意")
    assert "已登记" in calls[0].text, [c.text for c in calls]
    assert two.current_votes(vote.id) == {"yanye/1/1/101": "agree"}
