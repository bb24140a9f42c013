"""A grid worker names the compound and then the unit and room, leaving out the building
of a compound that has one (盐业小区3单元501, 盐业 2/102): as she says it at the door.
/paper answered “#592 的住户中没有 盐业小区3单元501” while 3单元501 alone was taken (found in
steward chat on the demo street: 盐业小区 has one building). The compound's name now
narrows what the rest names, as the rest alone would be read."""

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
              - id: "2"
                households: [{room: "101"}, {room: "102"}]
      - id: yaocai
        name: 市药材小区
        buildings:
          - id: "1"
            units:
              - id: "2"
                households: [{room: "102"}]
          - id: "2"
            units:
              - id: "2"
                households: [{room: "102"}]
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


@pytest.mark.parametrize("typed", ["盐业小区2单元102", "盐业2单元102", "盐业小区 2/102",
                                   "盐业 2-102", "盐业小区2单元102室"])
def test_a_compound_then_unit_and_room_names_that_compounds_room(two, typed):
    assert households_typed(two, "both", typed) == ["yanye/1/2/102"]


def test_the_compound_narrows_a_room_alone_and_never_reaches_another_compound(two):
    assert sorted(households_typed(two, "both", "盐业小区102")) == ["yanye/1/1/102",
                                                                   "yanye/1/2/102"]
    # 2单元102 of 市药材小区 is in two buildings: both, for her to choose
    assert sorted(households_typed(two, "both", "市药材2单元102")) == ["yaocai/1/2/102",
                                                                     "yaocai/2/2/102"]
    assert households_typed(two, "both", "盐业小区3单元102") == []


def test_what_was_found_before_is_found_as_before(two):
    assert households_typed(two, "both", "盐业小区1/2/101") == ["yanye/1/2/101"]
    assert households_typed(two, "both", "yanye/1/2/101") == ["yanye/1/2/101"]
    assert sorted(households_typed(two, "both", "2/102")) == ["yanye/1/2/102", "yaocai/1/2/102",
                                                              "yaocai/2/2/102"]


async def test_paper_records_a_signature_for_compound_unit_and_room(two):
    vote = two.create_proposal(pid(two, 101), "both", title="装门禁", description="",
                               budget_fen=0, matter="everyday", deadline="2099-01-01")
    async with BotHarness(two) as bot:
        calls = await bot.send(101, f"/paper {vote.id} 盐业小区2单元102 同意")
    assert "已登记" in calls[0].text, [c.text for c in calls]
    assert two.current_votes(vote.id) == {"yanye/1/2/102": "agree"}
