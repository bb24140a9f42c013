"""What a flat's new people are shown of what was recorded for it before them
(``db.home_records``): a newcomer confirmed as the former residents having moved out, or
one who registers a flat its last resident left, read the former owner's payments under
我的 (卫生费 2025 ¥120.00（第 59 笔）) and in /mydata (别人为您家登记的缴费…: the former
owner's own fee report among them), and the reports a grid worker recorded for the
former residents. Now only what was recorded since her household began; the flat's fee
for the present period is said to be paid, not by whom nor how much. A housemate
confirmed later still sees her household's earlier fees."""

from __future__ import annotations

from conftest import confirmed_resident, pid

from db.entries import Kind, Status
from db.moving import BEGAN
from db.privacy import CONSENT_VERSION
from db.proxy import household_reports
from db.repository import Repository

HOME, OTHER = "c1/1/1/101", "c1/1/1/102"


def _fee(repo, payer: int, period: str = "2025", amount: int = 12000):  # type: ignore[no-untyped-def]
    fee = repo.submit(payer, Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": period, "amount_fen": amount, "household": HOME})
    return repo.approve(fee.id, pid(repo, 102))


def _newcomer(repo, moved_out: bool = True) -> int:  # type: ignore[no-untyped-def]
    reg = repo.register(pid(repo, 5009), HOME, consent=CONSENT_VERSION)
    repo.approve(reg.id, pid(repo, 101), moved_out=moved_out)
    return pid(repo, 5009)


def test_a_newcomer_is_not_shown_the_former_owner_s_fees_only_that_this_period_is_paid(repo):
    owner = confirmed_resident(repo, 5001, HOME, 101)
    theirs = _fee(repo, owner)
    assert [f["id"] for f in repo.home_fees(HOME)["fees"]] == [theirs.id]

    newcomer = _newcomer(repo)

    home = repo.home_fees(HOME)
    assert home == {"fees": [], "earlier": 1, "paid_now": ["sanitation"], "former": True}
    assert not repo.export_person(newcomer)["household_records"]  # /mydata neither
    hers = _fee(repo, newcomer, "2026", 13000)
    home = repo.home_fees(HOME)
    assert [f["id"] for f in home["fees"]] == [hers.id] and home["earlier"] == 1


def test_after_the_last_resident_moved_out_the_next_household_is_not_shown_earlier_fees(
        repo):
    owner = confirmed_resident(repo, 5001, HOME, 101)
    _fee(repo, owner, "2024")
    repo.move_out(owner)  # the flat is empty; a newcomer is confirmed later, nobody unbound
    _newcomer(repo, moved_out=False)
    assert repo.home_fees(HOME) == {"fees": [], "earlier": 1, "paid_now": [], "former": True}


def test_a_housemate_confirmed_later_sees_the_household_s_earlier_fees(repo):
    mother = confirmed_resident(repo, 5001, HOME, 101)
    fee = _fee(repo, mother)
    son = confirmed_resident(repo, 5002, HOME, 101, relation="family")
    assert [f["id"] for f in repo.home_fees(HOME)["fees"]] == [fee.id]
    repo.move_out(mother)  # her son stays: his household goes on
    wife = confirmed_resident(repo, 5003, HOME, 101, relation="family")
    assert repo.home_since(HOME) is None
    home = repo.home_fees(HOME)
    assert [f["id"] for f in home["fees"]] == [fee.id] and home["earlier"] == 0
    assert [p["id"] for p in repo.residents_of(HOME)] == [son, wife]


def test_the_reports_recorded_for_the_former_residents_are_not_the_newcomer_s(repo):
    owner = confirmed_resident(repo, 5001, HOME, 101)
    theirs = repo.submit_for(pid(repo, 101), HOME, Kind.ISSUE,
                             {"category": "lighting", "text": "楼道灯坏了"})
    repo.approve(theirs.id, pid(repo, 102))
    repo.move_out(owner)
    at_door = repo.submit_for(pid(repo, 101), HOME, Kind.ISSUE,  # told by her, before she
                              {"category": "safety", "text": "扶手松了"})  # registered
    repo.approve(at_door.id, pid(repo, 102))
    newcomer = _newcomer(repo, moved_out=False)
    person = repo.person(newcomer)
    assert [e.id for e in household_reports(repo, person)] == [at_door.id]
    assert [k["id"] for k in repo.export_person(newcomer)["household_records"]] == [at_door.id]


def test_a_paper_vote_of_a_flat_left_empty_is_its_former_residents(repo):
    owner = confirmed_resident(repo, 5001, HOME, 101)
    joint = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                 budget_fen=0, matter="use_maintenance_fund",
                                 deadline="2025-12-31")
    paper, _ = repo.cast_vote(pid(repo, 101), joint.id, "agree", household=HOME, paper=True)
    assert not repo.by_former(paper.id)
    repo.move_out(owner)
    assert repo.by_former(paper.id)  # a newcomer's /vote is not told which way it went


def test_when_a_flat_was_left_empty_is_known_after_a_restart(repo):
    mover = confirmed_resident(repo, 5001, HOME, 101)
    _fee(repo, mover)
    repo.register(mover, OTHER, consent=CONSENT_VERSION)  # she moves within the street
    [reg] = [e for e in repo.entries(author=mover, kind=Kind.REGISTRATION)
             if e.status == Status.PENDING]
    assert repo.home_fees(HOME)["earlier"] == 0
    repo.approve(reg.id, pid(repo, 101))  # 101 is left empty
    _newcomer(repo, moved_out=False)
    assert repo.home_fees(HOME)["earlier"] == 1
    root, clock = repo.store.root, repo.clock
    repo.close()
    again = Repository.open(root, clock=clock)
    try:
        assert again.home_fees(HOME) == {"fees": [], "earlier": 1,
                                             "paid_now": ["sanitation"], "former": True}
        assert again.home_since(HOME) is not None and again.home_since(OTHER) is None
    finally:
        again.close()


def test_mine_reads_only_the_newest_reports_recorded_for_her_household(repo):
    """我的 shows five: it read every report ever recorded for the flat each time."""
    confirmed_resident(repo, 5001, HOME, 101)
    made = []
    for n in range(30):
        e = repo.submit_for(pid(repo, 101), HOME, Kind.ISSUE,
                            {"category": "lighting", "text": f"第{n}次灯坏了"})
        repo.approve(e.id, pid(repo, 102))
        repo.issue_step(e.id, pid(repo, 102), Status.RESOLVED, "修好了")
        made.append(e.id)
    read: list[int] = []
    docs = repo._proxy.records.docs

    def counted(ids):  # type: ignore[no-untyped-def]
        ids = list(ids)
        read.extend(ids)
        return docs(ids)

    repo._proxy.records.docs = counted  # type: ignore[method-assign]
    person = repo.person(pid(repo, 5001))
    assert [e.id for e in household_reports(repo, person, 5)] == made[-5:]
    assert len([i for i in read if i in made]) == 5  # not 30


def test_a_vote_the_former_residents_cast_while_she_waited_is_not_in_her_data(repo):
    """Her registration waited while the former owner's son still lived there and voted
    online; once she was confirmed as the flat's new resident, /mydata listed his vote
    and which way it went under 别人为您家登记的投票."""
    confirmed_resident(repo, 5001, HOME, 101)
    son = confirmed_resident(repo, 5002, HOME, 101, relation="family")
    joint = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                 budget_fen=0, matter="use_maintenance_fund",
                                 deadline="2025-12-31")
    reg = repo.register(pid(repo, 5009), HOME, consent=CONSENT_VERSION)
    repo.cast_vote(son, joint.id, "disagree")  # while her registration waits
    repo.approve(reg.id, pid(repo, 101), moved_out=True)
    assert repo.export_person(pid(repo, 5009))["household_votes"] == []


def _collected(repo, period: str = "2026", amount: int = 13000):  # type: ignore[no-untyped-def]
    """A fee a volunteer collected at the flat's door (/income)."""
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": period, "amount_fen": amount, "household": HOME,
        "collected": True})
    return repo.approve(fee.id, pid(repo, 102))


def test_a_fee_collected_at_her_door_while_her_registration_waited_is_hers(repo):
    """A volunteer collected the newcomer's fee at her door before another confirmed her
    as the flat's new resident (确认（原住户已搬走）): 我的 counted it as the former
    residents' (earlier 2) and /mydata left it out. The former owner's own report made
    while she waited stays his; so does a fee collected before she asked to register."""
    owner = confirmed_resident(repo, 5001, HOME, 101)
    theirs = _fee(repo, owner, "2024")
    before_she_asked = _collected(repo, "2025", 12000)
    reg = repo.register(pid(repo, 5009), HOME, consent=CONSENT_VERSION)
    hers = _collected(repo)
    his_report = _fee(repo, owner, "2023", 1000)  # the former owner's /pay, meanwhile
    repo.approve(reg.id, pid(repo, 102), moved_out=True)
    newcomer = pid(repo, 5009)
    for r in (repo, _reopened(repo)):
        home = r.home_fees(HOME)
        assert [f["id"] for f in home["fees"]] == [hers.id], home
        assert home["earlier"] == 3
        assert [k["id"] for k in r.export_person(newcomer)["household_records"]] == [hers.id]
        assert [f.get("id") for f in r.home_fee_recorded(HOME, "sanitation", "2026")] == [
            hers.id]
        assert r.home_fee_recorded(HOME, "sanitation", "2024") == [
            {"status": "approved", "earlier": True, "former": True}]
    assert theirs.id < before_she_asked.id < his_report.id


def _reopened(repo):  # type: ignore[no-untyped-def]
    """The same store opened again (what is kept in memory found again)."""
    root, clock = repo.store.root, repo.clock
    repo.close()
    return Repository.open(root, clock=clock)


def test_fees_collected_before_anyone_registered_are_not_the_first_buyer_s(repo):
    """Fees a volunteer collected at the door while nobody of the flat was registered were
    listed to its first registered buyer (her 我的: 您家已缴：卫生费 2024 ¥120.00, an earlier
    owner's). Now they are not hers: who lived there then is not known. She is told the
    present period is paid (not by whom, nor how much), and /pay's warning says so too;
    a fee collected once she asked to register is hers, and her housemates keep seeing
    it after she moves out."""
    long_ago = _collected(repo, "2024", 12000)
    this_year = _collected(repo, "2025", 12000)
    reg = repo.register(pid(repo, 5009), HOME, consent=CONSENT_VERSION)
    waiting = _collected(repo, "2026", 500)  # at her door while she waited
    repo.approve(reg.id, pid(repo, 101))  # nobody there: a plain confirmation
    buyer = pid(repo, 5009)
    home = repo.home_fees(HOME)
    assert [f["id"] for f in home["fees"]] == [waiting.id]
    assert home["earlier"] == 2 and home["paid_now"] == ["sanitation"]
    assert home["former"] is False  # nobody is known to have lived there before her
    assert repo.home_fee_recorded(HOME, "sanitation", "2024") == [
        {"status": "approved", "earlier": True, "former": False}]
    assert [k["id"] for k in repo.export_person(buyer)["household_records"]] == [waiting.id]
    assert long_ago.id < this_year.id < reg.id
    son = confirmed_resident(repo, 5002, HOME, 101, relation="family")
    repo.move_out(buyer)  # her son stays: the household goes on
    assert [f["id"] for f in repo.home_fees(HOME)["fees"]] == [waiting.id]
    assert [k["id"] for k in repo.export_person(son)["household_records"]] == [waiting.id]
    again = _reopened(repo)
    try:
        assert [f["id"] for f in again.home_fees(HOME)["fees"]] == [waiting.id]
    finally:
        again.close()


def test_a_resident_reading_her_flat_s_fees_does_not_make_the_area_s_residents_be_read(repo):
    """我的 and /pay's summary looked up every resident of the area to find when the
    household began; the reader's own start is her household's."""
    _collected(repo, "2024", 12000)
    buyer = confirmed_resident(repo, 5009, HOME, 101)
    looked: list[str] = []
    by_role = repo._home.directory._by_role

    def counted():  # type: ignore[no-untyped-def]
        found = by_role()
        looked.append(HOME)
        return {k: (_Counted(v, looked) if k[0] == "resident" else v) for k, v in found.items()}

    repo._home.directory._by_role = counted  # type: ignore[method-assign]
    assert repo.home_fees(HOME, buyer)["earlier"] == 1
    assert repo.home_fee_recorded(HOME, "sanitation", "2024", buyer)[0]["earlier"]
    assert "values" not in looked  # her own record only, not the area's residents
    # no reader: the flat's residents, kept by household, still not the area's
    assert repo.home_fees(HOME)["earlier"] == 1 and "values" not in looked


class _Counted(dict):  # type: ignore[type-arg]
    """The area's residents, noting when they are gone through."""

    def __init__(self, found, looked):  # type: ignore[no-untyped-def]
        super().__init__(found)
        self.looked = looked

    def values(self):  # type: ignore[no-untyped-def]
        self.looked.append("values")
        return super().values()

    def items(self):  # type: ignore[no-untyped-def]
        self.looked.append("values")
        return super().items()


def test_two_asking_for_one_empty_flat_begin_with_the_earlier_request(repo):
    """Two people asked to register the same empty flat, and the later request was
    confirmed first: the earlier one, confirmed beside her, took the later start, so a
    fee collected at the door between the two requests was hidden from the household
    (您家登记以前这一户记下的缴费，这里不显示). Now the household began with the earlier
    request, for both of them."""
    first = repo.register(pid(repo, 5001), HOME, consent=CONSENT_VERSION)
    between = _collected(repo, "2025", 12000)
    second = repo.register(pid(repo, 5002), HOME, consent=CONSENT_VERSION)
    repo.approve(second.id, pid(repo, 101))
    repo.approve(first.id, pid(repo, 101), shared=True)
    for reader in (pid(repo, 5001), pid(repo, 5002), None):
        assert [f["id"] for f in repo.home_fees(HOME, reader)["fees"]] == [between.id]
    again = _reopened(repo)
    try:
        assert {again.person(p)[BEGAN] for p in (pid(again, 5001), pid(again, 5002))} == \
            {first.id}
    finally:
        again.close()
