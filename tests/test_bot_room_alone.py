"""A room number typed alone (/paper 532 102 同意) where it is the room of households in
several units of one compound: the volunteer read “102 在本区域不止一个小区都有：城建小区
1号楼 1单元 102、…。请在前面加上小区名，例如 城建小区102。”, in an area of one compound, and
城建小区102, typed as told, was no household (“#532 的住户中没有 城建小区102”). Found
playing a grid worker of 城建小区 in steward chat on the demo street."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import pid
from test_bot_short_compound import two  # noqa: F401 (a fixture: two compounds)

from bot.staff import households_typed
from db.config import parse_street
from db.repository import Repository

STREET = """
street: {id: t, name: 街道, city: 市}
communities:
  - id: k
    name: 社区
    compounds:
      - id: cj
        name: 城建小区
        buildings:
          - id: "1"
            units:
              - {id: "1", households: [{room: "101"}, {room: "102"}]}
              - {id: "2", households: [{room: "101"}, {room: "102"}]}
          - id: "2"
            units:
              - {id: "1", households: [{room: "101"}, {room: "102"}]}
areas:
  - {id: cj, name: 城建小区, mode: committee, steward: 城建小区物管会, compounds: [cj]}
volunteers:
  - {telegram_id: 101, name: 甲志愿者, title: 物管会主任, areas: [cj]}
"""


@pytest.fixture
def one(tmp_path, clock):
    repo = Repository.init(tmp_path / "one", parse_street(STREET, "one.yaml"), clock=clock)
    yield repo
    repo.close()


async def test_a_room_number_alone_in_one_compound_asks_for_its_building_and_unit(one):
    p = one.create_proposal(pid(one, 101), "cj", title="修门", description="", budget_fen=0,
                            matter="everyday", deadline="2099-01-01")
    async with BotHarness(one) as bot:
        [said] = [c.text for c in await bot.send(101, f"/paper {p.id} 102 同意") if c.text]
        told = [c.text for c in await bot.send(101, f"/paper {p.id} 1号楼1单元102 同意")
                if c.text]
    assert said == ("本区域房号是 102 的有 3 户：城建小区 1号楼 1单元 102、"
                    "城建小区 1号楼 2单元 102、城建小区 2号楼 1单元 102。"
                    "请把楼号和单元也写上，例如 1号楼1单元102。"), said
    assert "小区都有" not in said
    assert any("已登记" in s and "1号楼 1单元 102" in s for s in told), told  # as told: found


async def test_a_room_in_two_compounds_still_asks_for_the_compound(two):  # noqa: F811
    p = two.create_proposal(pid(two, 101), "both", title="修门", description="", budget_fen=0,
                            matter="everyday", deadline="2099-01-01")
    async with BotHarness(two) as bot:
        [said] = [c.text for c in await bot.send(101, f"/paper {p.id} 1/1/101 同意") if c.text]
        [alone] = [c.text for c in await bot.send(101, f"/paper {p.id} 101 同意") if c.text]
    assert said.startswith("1/1/101 在本区域不止一个小区都有") and "盐业小区1/1/101" in said, said
    # each compound has one 101: the compound's name is enough, and 盐业小区101 typed as
    # told is that household (test_bot_compound_unit_room)
    assert alone.startswith("101 在本区域不止一个小区都有") and "盐业小区101" in alone, alone
    assert households_typed(two, "both", "盐业小区101") == ["yanye/1/1/101"]
