"""A flat whose only resident was forgotten at her request (/forget, PIPL art. 47), then
registered by the next household: its people were shown her records, her fees under 我的
and in /mydata (您家已缴：卫生费 2025 ¥120.00), the report a grid worker recorded for her
at her door, and which way she voted (您家已投：同意). Forgetting leaves nothing that ties her
to the flat (``db.privacy``: her lines of the role log lose it), so the flat was never
known to have been left: what was recorded before the next household asked to register
is now told apart by the household's own start (``db.moving.BEGAN``), which says nothing
of her."""

from __future__ import annotations

import json

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status
from db.privacy import CONSENT_VERSION
from db.proxy import household_reports
from db.repository import Repository

HOME = "c1/1/1/101"


def _her_home(repo):  # type: ignore[no-untyped-def]
    """Her flat's records, then she is forgotten: (her vote, the proposal)."""
    her = confirmed_resident(repo, 5001, HOME, 101)
    own = repo.submit(her, Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": "2025", "amount_fen": 12000, "household": HOME})
    repo.approve(own.id, pid(repo, 102))
    door = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "fee_type": "property", "period": "2025-01", "amount_fen": 3000, "household": HOME,
        "collected": True})
    repo.approve(door.id, pid(repo, 102))
    report = repo.submit_for(pid(repo, 101), HOME, Kind.ISSUE,
                             {"category": "safety", "text": "家里老人行动不便，楼梯扶手松了"})
    repo.approve(report.id, pid(repo, 102))
    joint = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                 budget_fen=0, matter="use_maintenance_fund",
                                 deadline="2025-12-31")
    vote, *_ = repo.cast_vote(her, joint.id, "agree")
    repo.forget(her)
    return her, vote, joint


def test_the_next_household_is_shown_none_of_a_forgotten_residents_records(repo):
    her, vote, _ = _her_home(repo)
    lines = json.dumps([a for a in repo.role_audit() if a.get("subject") == her])
    reg = repo.register(pid(repo, 5009), HOME, consent=CONSENT_VERSION)
    repo.approve(reg.id, pid(repo, 101))  # the flat is empty: a plain confirmation
    newcomer = pid(repo, 5009)
    for r in (repo, _reopened(repo)):
        home = r.home_fees(HOME)
        assert home["fees"] == [] and home["earlier"] == 2, home
        assert r.export_person(newcomer)["household_records"] == []
        assert household_reports(r, r.person(newcomer)) == []
        assert r.by_former(vote.id)  # her /vote is not told which way it went
        # nothing written ties her to the flat
        assert json.dumps([a for a in r.role_audit() if a.get("subject") == her]) == lines
        assert HOME not in json.dumps(r.person(her))


def test_a_housemate_staying_after_one_is_forgotten_keeps_the_household_s_records(repo):
    her = confirmed_resident(repo, 5001, HOME, 101)
    son = confirmed_resident(repo, 5002, HOME, 101, relation="family")
    fee = repo.submit(her, Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": "2025", "amount_fen": 12000, "household": HOME})
    repo.approve(fee.id, pid(repo, 102))
    joint = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                 budget_fen=0, matter="use_maintenance_fund",
                                 deadline="2025-12-31")
    vote, *_ = repo.cast_vote(her, joint.id, "agree")
    repo.forget(her)
    assert [f["id"] for f in repo.home_fees(HOME)["fees"]] == [fee.id]
    assert not repo.by_former(vote.id)  # the household's vote, told to her son
    assert [k["id"] for k in repo.export_person(son)["household_records"]] == [fee.id]


async def test_the_next_household_s_mine_and_vote_show_nothing_of_hers(repo):
    """Through the bot: the next household's 我的 listed her fees and the report recorded
    for her (楼梯扶手松了), and /vote told it 您家已投：同意 (hers)."""
    _, _, joint = _her_home(repo)
    async with BotHarness(repo) as bot:
        await bot.press(7002, "reg:ok:0:0:0:0")
        [reg] = repo.entries(kind=Kind.REGISTRATION, status=Status.PENDING)
        await bot.press(101, f"q:a:{reg.id}")
        repo.set_relation(pid(repo, 7002), "owner")
        mine = (await bot.send(7002, "我的"))[-1].text
        data = (await bot.send(7002, "/mydata"))[0].text
        shown = " ".join(c.text for c in await bot.send(7002, "/vote"))
    for said in (mine, data):
        assert "120.00" not in said and "30.00" not in said and "扶手" not in said, said
    assert "您家已缴" not in mine and "别人为您家登记的缴费" not in data
    assert "您家登记以前这一户记下的缴费，这里不显示" in mine, mine
    assert f"#{joint.id}" in shown and "您家已投" not in shown, shown
    assert "在您家登记以前，这一户已经记下了一票" in shown, shown  # not known: no "原住户"


def _reopened(repo):  # type: ignore[no-untyped-def]
    root, clock = repo.store.root, repo.clock
    repo.close()
    return Repository.open(root, clock=clock)


def _her_paper_vote(repo):  # type: ignore[no-untyped-def]
    """A paper signature recorded for the flat of its only resident, who is then
    forgotten; a newcomer registers there and is confirmed. (the vote, the proposal)"""
    her = confirmed_resident(repo, 5001, HOME, 101)
    joint = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                 budget_fen=0, matter="use_maintenance_fund",
                                 deadline="2025-12-31")
    paper, _ = repo.cast_vote(pid(repo, 101), joint.id, "agree", household=HOME, paper=True)
    repo.forget(her)
    return paper, joint


def test_a_paper_vote_for_a_forgotten_residents_flat_is_not_the_next_household_s(repo):
    """Her paper signature stayed the flat's: by_former said False and the newcomer's
    /vote would have shown 您家已投：同意. Now it is an earlier household's; one recorded
    once the newcomer asked to register is hers."""
    paper, joint = _her_paper_vote(repo)
    reg = repo.register(pid(repo, 5009), HOME, consent=CONSENT_VERSION)
    repo.approve(reg.id, pid(repo, 101))
    repo.set_relation(pid(repo, 5009), "owner")
    assert repo.by_former(paper.id) and repo.before_household(paper.id)
    again = _reopened(repo)
    try:
        assert again.by_former(paper.id) and again.before_household(paper.id)
        hers, replaced = again.cast_vote(pid(again, 5009), joint.id, "agree",
                                        replaces=paper.id)
        assert replaced.id == paper.id
        assert not again.by_former(hers.id) and not again.before_household(hers.id)
    finally:
        again.close()


async def test_the_next_household_s_vote_says_an_earlier_vote_counts_not_which_way(repo):
    """Through the bot: the newcomer's /vote showed which way her paper signature went.
    Now it says a vote recorded before her household registered counts until it votes,
    without "former residents" (for a flat nobody had registered, the newcomer may have
    signed it herself); her vote then says it replaced that one."""
    _, joint = _her_paper_vote(repo)
    async with BotHarness(repo) as bot:
        await bot.press(7002, "reg:ok:0:0:0:0")
        [reg] = repo.entries(kind=Kind.REGISTRATION, status=Status.PENDING)
        await bot.press(101, f"q:a:{reg.id}")
        repo.set_relation(pid(repo, 7002), "owner")
        shown = " ".join(c.text for c in await bot.send(7002, "/vote"))
        assert f"#{joint.id}" in shown and "您家已投" not in shown, shown
        assert "在您家登记以前，这一户已经记下了一票" in shown and "原住户" not in shown, shown
        said = " ".join(c.text for c in await bot.press(7002, f"vote:{joint.id}:agree"))
    assert "替换了您家登记以前为这一户记下的那一票" in said, said
