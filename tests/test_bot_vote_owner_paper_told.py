"""An owner of several flats whose vote a volunteer recorded on paper, reading /vote from
another of her flats, is told it was a paper signature, by whom and when, as an owner of
one flat is: 您家所属的业主已投：同意 alone left her to wonder who voted for her (it reads
同一业主的另一套房已投 now: the signature was for her other flat)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import SMALL_STREET, StepClock, confirmed_resident, pid

from db.config import parse_street
from db.repository import Repository

OWNED = SMALL_STREET.replace('{room: "101", area_m2: 60}',
                             '{room: "101", area_m2: 60, owner: k}').replace(
    '{room: "102", area_m2: 80}', '{room: "102", area_m2: 80, owner: k}')


async def test_an_owner_of_two_flats_hears_her_vote_was_a_paper_signature_and_whose(tmp_path):
    repo = Repository.init(tmp_path / "data", parse_street(OWNED), clock=StepClock())
    confirmed_resident(repo, 7002, "c1/1/1/102", 101, relation="owner")
    p = repo.create_proposal(pid(repo, 101), "east", title="筹集维修资金", description="",
                             budget_fen=0, matter="raise_maintenance_fund",
                             deadline="2025-12-31")
    repo.cast_vote(pid(repo, 101), p.id, "agree", household="c1/1/1/101", paper=True)
    async with BotHarness(repo) as bot:
        calls = await bot.send(7002, "/vote")
    [text] = [c.text for c in calls if f"提议 #{p.id}" in c.text]
    assert "同一业主的另一套房已投：同意（" in text and "2 套房共一票" in text
    assert "纸质签字" in text and "物管会主任甲于 2025-01-01" in text, text
    repo.close()
