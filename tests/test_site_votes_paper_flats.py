"""A vote's page counts its paper signatures in the flats they stand for, as the
已参与 … 涉及 n/m 户 beside it does: an owner of two flats who signed on paper made it
read 涉及 3/58 户；其中纸质签名 2 户 when all three flats had voted on paper (found in a
trial of an item-5 vote in the demo)."""

from __future__ import annotations

from conftest import SMALL_STREET, StepClock, confirmed_resident, pid
from test_site_helpers import make_project, unwrapped
from test_site_votes import generated

from db.config import parse_street
from db.repository import Repository
from site_builder import build_site

OWNED = SMALL_STREET.replace('{room: "101", area_m2: 60}',
                             '{room: "101", area_m2: 60, owner: k}').replace(
    '{room: "102", area_m2: 80}', '{room: "102", area_m2: 80, owner: k}')


def test_an_owner_of_two_flats_signing_on_paper_counts_two_flats_of_paper(tmp_path):
    repo = Repository.init(tmp_path / "data", parse_street(OWNED), clock=StepClock())
    p = repo.create_proposal(pid(repo, 101), "east", title="屋面防水", description="",
                             budget_fen=0, matter="use_maintenance_fund",
                             deadline="2099-01-01")
    repo.cast_vote(pid(repo, 101), p.id, "agree", household="c1/1/1/102", paper=True)
    repo.cast_vote(confirmed_resident(repo, 5001, "c1/1/1/201", 101), p.id, "agree")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = unwrapped(generated(project)["areas/east/votes.md"])
    # 2 owners of 2 voted (the owner of 101 and 102 on paper, 201 online): 3 of 3 flats,
    # 2 of them on paper
    assert "已参与：2/2 人（100.0%），涉及 3/3 户（100.0%）；其中纸质签名 2 户" in page, page


def test_her_paper_signature_counts_the_flat_she_kept_once_the_sold_one_voted(tmp_path):
    """She signed on paper for 102 and sold it during the vote; its buyer voted online:
    her signature stands for 101 alone (1 flat of paper), and the electorate says the sold
    flat counts as its own owner (``db.electorate.sell``)."""
    from db.privacy import CONSENT_VERSION

    repo = Repository.init(tmp_path / "data", parse_street(OWNED), clock=StepClock())
    confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    p = repo.create_proposal(pid(repo, 101), "east", title="屋面防水", description="",
                             budget_fen=0, matter="use_maintenance_fund",
                             deadline="2099-01-01")
    repo.cast_vote(pid(repo, 101), p.id, "agree", household="c1/1/1/102", paper=True)
    reg = repo.register(pid(repo, 5003), "c1/1/1/102", consent=CONSENT_VERSION)
    repo.approve(reg.id, pid(repo, 101), moved_out=True)
    repo.set_relation(pid(repo, 5003), "owner")
    repo.cast_vote(pid(repo, 5003), p.id, "disagree")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = unwrapped(generated(project)["areas/east/votes.md"])
    assert "已参与：2/3 户（66.7%）；其中纸质签名 1 户" in page, page
    assert "业主 3 人" in page and "它不再算原业主的，算新业主的" in page, page



def test_two_flats_sold_to_one_buyer_are_not_said_to_count_one_owner_each(tmp_path):
    """She owned 101, 102 (her home) and 201 and sold 101 and 102 to one buyer during the vote (the
    street file, corrected since, lists them under his owner key): he counts once for both
    (``db.electorate``'s ``"bought"``), she once for 201. The page said of the sold flats
    新业主为它投票后，它单独算一位业主: one owner each, untrue of him."""
    from db.privacy import CONSENT_VERSION

    three = OWNED.replace('{room: "201", area_m2: 100}', '{room: "201", area_m2: 100, owner: k}')
    repo = Repository.init(tmp_path / "data", parse_street(three), clock=StepClock())
    her = confirmed_resident(repo, 7001, "c1/1/1/102", 101)
    son = confirmed_resident(repo, 7005, "c1/1/1/101", 101, relation="family")
    p = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                             budget_fen=0, matter="use_maintenance_fund",
                             deadline="2099-01-01")
    repo.cast_vote(her, p.id, "agree")
    repo.move_out(son)
    reg = repo.register(pid(repo, 7002), "c1/1/1/102", consent=CONSENT_VERSION)
    repo.approve(reg.id, pid(repo, 101), moved_out=True)
    repo.set_relation(pid(repo, 7002), "owner")
    bought = parse_street(three.replace("area_m2: 60, owner: k}", "area_m2: 60, owner: b}")
                          .replace("area_m2: 80, owner: k}", "area_m2: 80, owner: b}"))
    repo.merge_street(bought, list(range(len(repo.merge_plan(bought)))))
    repo.cast_vote(pid(repo, 7002), p.id, "disagree")
    t = repo.tally(p.id)
    assert (t.owners_total, t.owners_voted, t.area_disagree) == (2, 2, 140)
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = unwrapped(generated(project)["areas/east/votes.md"])
    assert "业主 2 人（其中 1 位业主各有多套房，共 2 户" in page, page
    assert "其中 2 户是在表决" in page, page
    assert "表决范围（发起表决时登记，之后只随表决期间卖出的房调整）" in page, page
    assert "单独算一位业主" not in page, page
    assert "一位新业主买下其中几套的，只算一位业主" in page, page


def test_a_flat_sold_to_one_who_owned_another_counts_him_once_on_the_page(tmp_path):
    """201's owner bought 102 (a flat of one owner) during the vote, the street file
    corrected: his son's vote for 102 is his one vote. The page counts two owners, one of
    them with two flats, and does not say the sold flat was a flat of an owner of several."""
    from db.privacy import CONSENT_VERSION

    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=StepClock())
    confirmed_resident(repo, 7002, "c1/1/1/102", 101)
    buyer = confirmed_resident(repo, 7003, "c1/1/1/201", 101)
    p = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                             budget_fen=0, matter="use_maintenance_fund",
                             deadline="2099-01-01")
    repo.cast_vote(buyer, p.id, "agree")
    his = parse_street(SMALL_STREET.replace('{room: "102", area_m2: 80}',
                                            '{room: "102", area_m2: 80, owner: m}')
                       .replace('{room: "201", area_m2: 100}',
                                '{room: "201", area_m2: 100, owner: m}'))
    repo.merge_street(his, list(range(len(repo.merge_plan(his)))))
    reg = repo.register(pid(repo, 7004), "c1/1/1/102", consent=CONSENT_VERSION)
    repo.approve(reg.id, pid(repo, 101), moved_out=True)
    repo.set_relation(pid(repo, 7004), "family")
    repo.cast_vote(pid(repo, 7004), p.id, "disagree")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = unwrapped(generated(project)["areas/east/votes.md"])
    assert "业主 2 人（其中 1 位业主各有多套房，共 2 户" in page, page
    assert "其中 1 户是在表决期间卖出的" in page and "原来已有房的，也只算一位业主" in page, page
    assert "有多套房的业主在表决期间卖出" not in page, page
    assert "已参与：1/2 人（50.0%），涉及 2/3 户" in page, page
