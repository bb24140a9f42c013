"""A resident who is also a volunteer of her area (the demo's 马红, 7000021, 物管会委员庚):
what she sends for her own home (her report, opinion, fee paid, vote online) is signed
居民, as her report's summary told her (署名“居民”). It was stored as 物管会委员庚, and so
read in /mydata (署名“物管会委员庚”), on the site and in the volunteers' posts (记录人：
物管会委员庚 rather than her name and room). What she records as a volunteer (a report
for a neighbour, a paper signature, a fee collected) keeps her title."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME, NEIGHBOUR = "c1/1/1/101", "c1/1/1/102"


def _volunteer_at_home(repo) -> int:
    me = confirmed_resident(repo, 7001, HOME, 101)
    repo.grant(pid(repo, 900), 7001, "east", title="物管会委员")
    return me


async def test_her_own_report_is_hers_in_the_post_in_mydata_and_on_the_site(repo):
    _volunteer_at_home(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        summary_text = await bot.send(7001, "楼道灯坏了三天了")
        await bot.press(7001, "rep:photos")
        summary = await bot.press(7001, "rep:pn")
        assert "署名“居民”" in summary[-1].text, [c.text for c in summary + summary_text]
        await bot.press(7001, "rep:ok")
        [issue] = repo.entries(kind=Kind.ISSUE)
        assert issue.author_role == "居民" and issue.history[0]["role"] == "居民"
        shown = await bot.send(102, "/pending")
        post = next(c.text for c in shown if f"#{issue.id} " in c.text)
        assert "记录人：居民" in post and "物管会委员" not in post, post
        repo.approve(issue.id, pid(repo, 102))
        mine = await bot.send(7001, "/mydata")
    said = "\n".join(c.text for c in mine if c.text)
    assert f"#{issue.id}" in said and "署名“居民”" in said and "署名“物管会委员" not in said


def test_her_fee_paid_opinion_and_vote_are_a_residents(repo):
    me = _volunteer_at_home(repo)
    fee = repo.submit(me, Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025", "household": HOME,
        "source": "resident"})
    opinion = repo.submit(me, Kind.OPINION, "east", {"text": "希望晚上也开着北门"})
    repo.approve(fee.id, pid(repo, 102))
    assert repo.ledger("east")[-1]["recorded_by"] == "居民"
    assert opinion.author_role == "居民"
    proposal = repo.create_proposal(pid(repo, 101), "east", title="更换路灯", description="LED",
                                    budget_fen=360000, rule="simple_majority",
                                    deadline="2099-12-31")
    vote, _ = repo.cast_vote(me, proposal.id, "agree")
    again, _ = repo.cast_vote(me, proposal.id, "disagree")  # her earlier vote replaced by her
    assert vote.author_role == "居民" and again.author_role == "居民"
    assert repo.entry(vote.id).history[-1]["role"] == "居民"


def test_what_she_records_as_a_volunteer_keeps_her_title(repo):
    me = _volunteer_at_home(repo)
    confirmed_resident(repo, 7002, NEIGHBOUR, 101)
    collected = repo.submit(me, Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025",
        "household": NEIGHBOUR})
    assert collected.author_role.startswith("物管会委员")
    proxied = repo.submit_for(me, NEIGHBOUR, Kind.ISSUE, {"category": "lighting",
                                                          "text": "102 门口的灯坏了"})
    assert proxied.author_role.startswith("物管会委员")
    proposal = repo.create_proposal(pid(repo, 101), "east", title="更换路灯", description="LED",
                                    budget_fen=360000, rule="simple_majority",
                                    deadline="2099-12-31")
    paper, _ = repo.cast_vote(me, proposal.id, "agree", household=NEIGHBOUR, paper=True)
    assert paper.author_role.startswith("物管会委员")
    # and one who serves an area she does not live in signs her report there with her title
    repo.grant(pid(repo, 900), 7001, "west", title="网格员")
    there = repo.submit(me, Kind.ISSUE, "west", {"category": "lighting", "text": "西区路灯坏了"})
    assert there.author_role.startswith("网格员")
