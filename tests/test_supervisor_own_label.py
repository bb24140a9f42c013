"""A resident who is also his area's supervisor (监督员): what he sends as a resident (his
report, opinion, fee paid, vote) is signed 居民, as he is told when he submits; only his
public question is a supervisor's. His report read 记录人：监督员 in the volunteers' posts,
and his fee 监督员 on the public accounts (found on the demo's 7000004)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"


def _supervisor_at_home(repo) -> int:
    me = confirmed_resident(repo, 7001, HOME, 101)
    repo.grant(pid(repo, 900), 7001, "east", role="supervisor")
    return me


async def test_a_supervisors_own_report_is_signed_resident_in_the_volunteers_post(repo):
    me = _supervisor_at_home(repo)
    issue = repo.submit(me, Kind.ISSUE, "east", {"category": "safety",
                                                 "text": "楼道里的扶手又松了"})
    assert issue.author_role == "居民" and issue.history[0]["role"] == "居民"
    async with BotHarness(repo) as bot:
        shown = await bot.send(101, "/pending")
    post = next(c.text for c in shown if f"#{issue.id} " in c.text)
    assert "记录人：居民" in post and "监督员" not in post


def test_a_supervisors_own_fee_is_recorded_by_a_resident_on_the_public_accounts(repo):
    me = _supervisor_at_home(repo)
    fee = repo.submit(me, Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025", "household": HOME})
    opinion = repo.submit(me, Kind.OPINION, "east", {"text": "希望晚上也开着北门"})
    repo.approve(fee.id, pid(repo, 102))
    assert repo.ledger("east")[-1]["recorded_by"] == "居民"
    assert opinion.author_role == "居民"
    # his public question is a supervisor's act, signed so (he may ask where he does not live)
    question = repo.ask(me, "east", "line", 1, "保洁费为什么每个月都一样？")
    assert question.author_role == "监督员"


def test_a_supervisors_own_vote_is_a_residents_not_a_ballot_he_recorded(repo):
    me = _supervisor_at_home(repo)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="更换路灯", description="LED",
                                    budget_fen=360000, rule="simple_majority",
                                    deadline="2099-12-31")
    vote, _ = repo.cast_vote(me, proposal.id, "agree")
    assert vote.author_role == "居民"
