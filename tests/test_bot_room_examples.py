"""The rooms the bot gives volunteers as examples (/paper's usage and its "no such
household", /income's unit question and its "cannot find") are rooms of their own
area, typed so that they name one room: "1/1/101" was shown to everyone, and in an
area of two compounds it is a room in each (盐业小区 and 市药材小区 in the demo)."""

from __future__ import annotations

import re

import pytest
from bot_harness import BotHarness
from conftest import pid

from bot.staff import households_typed
from db.config import parse_street
from db.repository import Repository

TWO_COMPOUNDS = """
street: {id: t, name: 街道, city: 市}
communities:
  - id: k
    name: 社区
    compounds:
      - id: salt
        name: 盐院
        buildings:
          - id: "1"
            units:
              - id: "1"
                households: [{room: "101"}, {room: "102"}]
      - id: herb
        name: 药院
        buildings:
          - id: "1"
            units:
              - id: "1"
                households: [{room: "101"}, {room: "102"}]
  - id: k2
    name: 二社区
    compounds:
      - id: lone
        name: 独院
        buildings:
          - id: "1"
            units:
              - id: "1"
                households: [{room: "101"}]
areas:
  - {id: both, name: 两院, mode: committee, steward: 两院物管会, compounds: [salt, herb]}
  - {id: one, name: 独院, mode: committee, steward: 独院物管会, compounds: [lone]}
volunteers:
  - {telegram_id: 101, name: 甲志愿者, title: 物管会主任, areas: [both]}
  - {telegram_id: 102, name: 乙志愿者, title: 物管会委员, areas: [both]}
  - {telegram_id: 103, name: 丙志愿者, title: 网格员, areas: [one]}
"""


@pytest.fixture
def two(tmp_path, clock):
    repo = Repository.init(tmp_path / "two", parse_street(TWO_COMPOUNDS, "two.yaml"),
                           clock=clock)
    yield repo
    repo.close()


def _vote(repo):
    return repo.create_proposal(pid(repo, 101), "both", title="装门禁", description="",
                                budget_fen=0, matter="everyday", deadline="2099-01-01")


def _example(text: str) -> str:
    """The room of the first example in a message (例如 /paper N <room> …, 例如 <room>)."""
    found = re.search(r"例如 (?:/paper \d+ )?(\S+?)[ 。）]", text)
    assert found, text
    return found.group(1)


async def test_the_paper_usage_example_names_one_room_of_the_volunteers_area(two):
    async with BotHarness(two) as bot:
        both = await bot.send(101, "/paper")
        one = await bot.send(103, "/paper")
    room = _example(both[-1].text)
    assert len(households_typed(two, "both", room)) == 1, room
    assert _example(one[-1].text) == "1/1/101"  # one compound: no name needed


async def test_a_household_not_found_by_paper_is_answered_with_an_example_that_is_found(two):
    vote = _vote(two)
    async with BotHarness(two) as bot:
        said = await bot.send(101, f"/paper {vote.id} 9/9/909 同意")
        typed = _example(said[-1].text)
        again = await bot.send(101, f"/paper {vote.id} {typed} 同意")
    assert "住户中没有 9/9/909" in said[-1].text
    assert len(households_typed(two, "both", typed)) == 1, typed
    assert "纸质签字" in again[-1].text and two.current_votes(vote.id)


async def test_paper_n_gives_as_its_example_the_first_room_still_to_visit(two):
    """In the street file's order, as /unpaid lists them: by id, 药院 (herb) came first."""
    vote = _vote(two)
    async with BotHarness(two) as bot:
        said = await bot.send(101, f"/paper {vote.id}")
    text = said[-1].text
    assert text.index("盐院 1号楼 1单元：101、102") < text.index("药院 1号楼 1单元：101、102"), text
    assert f"例如 /paper {vote.id} 盐院1/1/101 同意" in text, text
    assert households_typed(two, "both", "盐院1/1/101") == ["salt/1/1/101"]


async def test_the_income_unit_question_and_its_not_found_give_a_room_that_is_found(two):
    async with BotHarness(two) as bot:
        await bot.send(101, "/income")
        asked = await bot.press(101, "inc:fee:sanitation")
        missing = await bot.send(101, "9/9/909")
        typed = await bot.send(101, _example(missing[-1].text))
    assert len(households_typed(two, "both", _example(asked[-1].text))) == 1, asked[-1].text
    assert "找不到住户 9/9/909" in missing[-1].text
    assert "盐院 1号楼 1单元 101" in typed[0].text, [c.text for c in typed]


async def test_paper_n_shows_only_the_form_of_its_own_kind_of_vote(two):
    """Under the doors to knock, the usage of /paper said both forms, four lines on a
    phone: a vote's signature and an election's ballot. Each now gets its own."""
    vote = _vote(two)
    election = two.open_election(pid(two, 101), "both", title="选举", seats=1,
                                 candidates=["甲", "乙"], deadline="2099-01-01")
    async with BotHarness(two) as bot:
        signed = (await bot.send(101, f"/paper {vote.id}"))[-1].text
        balloted = (await bot.send(101, f"/paper {election.id}"))[-1].text
        wrong = (await bot.send(101, f"/paper {vote.id} 药院1/1/101 也许"))[-1].text
    assert signed.endswith(f"登记纸质签字：/paper {vote.id} 住户 同意/反对/弃权，例如 "
                           f"/paper {vote.id} 盐院1/1/101 同意。"), signed
    assert "选举" not in signed and "候选人" not in signed
    assert balloted.endswith(f"登记纸质选票：/paper {election.id} 住户 所选候选人的序号，例如 "
                             f"/paper {election.id} 盐院1/1/101 1,3（空白票写“空白”）。"), balloted
    assert "同意/反对/弃权" not in balloted
    # a word that is no choice: the door's own 同意 / 反对 / 弃权 buttons (bot.handlers.paper)
    assert wrong.startswith("“也许”不是“同意”“反对”或“弃权”，什么也没有登记。"), wrong
    assert "候选人" not in wrong
