"""Why a joint matter did not pass, as the residents are told it (``outcome.plain_result``):
the reason that is true, with its numbers. An area with no floor area recorded is told
so, not 同意的不够 under 100% agreeing; when both counts fell short, both are named with
their shares (not 按人数或按面积, which left the reader to guess which)."""

from __future__ import annotations

from types import SimpleNamespace

from bot.handlers.outcome import plain_result
from db.places import Household
from db.tally import tally


def _flats(*areas: float | None) -> list[Household]:
    return [Household(id=f"h{n}", room=str(n), floor_area_m2=a, owner=None)
            for n, a in enumerate(areas)]


def _why(matter: str, homes: list[Household], votes: dict[str, str]) -> tuple[str, str]:
    proposal = SimpleNamespace(id=7, data={"title": "屋面防水", "matter": matter,
                                           "budget_fen": 0})
    result = tally(homes, votes, matter=matter)
    assert not result.passed
    zh, en = (plain_result(lang, proposal, result)[1] for lang in ("zh", "en"))  # type: ignore[arg-type]
    return ([x for x in zh.splitlines() if x.startswith("没通过的原因")][0],
            [x for x in en.splitlines() if x.startswith("Why not")][0])


def test_an_area_without_floor_areas_is_told_that_and_not_that_too_few_agreed():
    # 3 owners, all agree (100%), no area recorded: art. 278's area share cannot be met
    zh, en = _why("use_maintenance_fund", _flats(None, None, None),
                  {"h0": "agree", "h1": "agree", "h2": "agree"})
    assert zh == ("没通过的原因：本区没有登记任何一户的房屋面积，而法律要求参加的业主的面积达到全部"
                  "面积的三分之二，所以无法通过。要先登记各户面积。"), zh
    assert "no floor area is recorded" in en


def test_too_few_by_number_and_by_area_names_both_shares():
    # 6 owners of 50 m² (300 m²): 1 votes -> 1/6 = 16.7% of owners and 50/300 = 16.7% of area
    zh, en = _why("raise_maintenance_fund", _flats(*[50] * 6), {"h0": "agree"})
    assert zh == ("没通过的原因：参加的业主按人数、按面积都要达到三分之二；只有 16.7% 的业主参加，"
                  "他们的面积只占 16.7%。"), zh
    assert "only 16.7% of the owners, holding 16.7% of the area, did" in en


def test_a_tie_by_number_and_by_area_names_both_shares():
    # 4 owners of 25 m², all vote: 2 agree, 2 disagree -> 50.0% by number and by area,
    # not more than half (item 5)
    zh, en = _why("use_maintenance_fund", _flats(25, 25, 25, 25),
                  {"h0": "agree", "h1": "agree", "h2": "disagree", "h3": "disagree"})
    assert zh == ("没通过的原因：按人数和按面积都要参加者过半数同意；按人数只有 50.0%、按面积只有 "
                  "50.0% 同意，都不够。"), zh
    assert "only 50.0% by number and 50.0% by floor area agreed" in en
