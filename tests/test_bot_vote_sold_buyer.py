"""A buyer who bought both flats of one owner during a vote (the street file corrected
for him) votes from one of them: his family in the other hears of it and sees it as his
household's vote, not as "this flat's former owner voted" (Civil Code art. 278; the SPC's
interpretation art. 9: he is one owner of both)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import SMALL_STREET, StepClock, confirmed_resident, pid

from db.config import parse_street
from db.privacy import CONSENT_VERSION
from db.repository import Repository

A101, A102 = "c1/1/1/101", "c1/1/1/102"

OWNED = SMALL_STREET.replace('{room: "101", area_m2: 60}',
                             '{room: "101", area_m2: 60, owner: k}').replace(
    '{room: "102", area_m2: 80}', '{room: "102", area_m2: 80, owner: k}')
BOUGHT = OWNED.replace("owner: k}", "owner: b}")


def _texts(calls, chat: int) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(c.text for c in calls if c.chat_id == chat)


def _moves_in(repo: Repository, tid: int, flat: str, relation: str) -> None:
    reg = repo.register(pid(repo, tid), flat, consent=CONSENT_VERSION)
    repo.approve(reg.id, pid(repo, 101), moved_out=True)
    repo.set_relation(pid(repo, tid), relation)


async def test_his_wife_in_the_other_flat_he_bought_is_told_his_vote_as_theirs(tmp_path):
    repo = Repository.init(tmp_path / "data", parse_street(OWNED), clock=StepClock())
    try:
        her = confirmed_resident(repo, 7001, A102, 101)
        confirmed_resident(repo, 7005, A101, 101, relation="family")
        p = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                 budget_fen=0, matter="use_maintenance_fund",
                                 deadline="2025-12-31")
        repo.cast_vote(her, p.id, "agree")
        _moves_in(repo, 7002, A102, "owner")  # he bought both
        _moves_in(repo, 7003, A101, "family")  # his wife
        plan = repo.merge_plan(parse_street(BOUGHT))
        repo.merge_street(parse_street(BOUGHT), list(range(len(plan))))
        async with BotHarness(repo) as bot:
            before = _texts(await bot.send(7003, "/vote"), 7003)
            cast = await bot.press(7002, f"vote:{p.id}:disagree")
            after = _texts(await bot.send(7003, "/vote"), 7003)
        # before he votes, the vote counted for both flats is the seller's: not told which
        assert "这套房原来的业主" in before and "已投：同意" not in before, before
        told = _texts(cast, 7003)
        assert "反对" in told and "同一业主" in told, told  # his vote, told to his household
        assert "这套房原来的业主" not in after, after
        assert "已投：反对" in after, after
        assert repo.household_vote(p.id, A101) == "disagree"
    finally:
        repo.close()


async def test_a_volunteer_is_told_why_a_sold_flats_signature_asks_about_another_flat(
        tmp_path):
    """The street file not corrected: 102 sold to A, who voted; the paper signature for
    101 asks about the seller's vote cast from 102 before the sale, and says so (not that
    101 and 102 have one owner)."""
    repo = Repository.init(tmp_path / "data", parse_street(OWNED), clock=StepClock())
    try:
        her = confirmed_resident(repo, 7001, A102, 101)
        son = confirmed_resident(repo, 7005, A101, 101, relation="family")
        p = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                 budget_fen=0, matter="use_maintenance_fund",
                                 deadline="2025-12-31")
        repo.cast_vote(her, p.id, "agree")
        repo.move_out(son)
        _moves_in(repo, 7002, A102, "owner")
        repo.cast_vote(pid(repo, 7002), p.id, "disagree")
        async with BotHarness(repo) as bot:
            asked = await bot.send(101, f"/paper {p.id} 1/1/101 同意")
            # her son left 101 saying nothing of a sale: the volunteer says it was not sold
            assert "101 原来的住户在表决期间搬走了" in _texts(asked, 101)
            said = _texts(await bot.press(101, asked[-1].buttons()[1][1]), 101)
        assert "是同一位业主的房子" not in said, said
        assert "在表决期间已经卖出：卖出前为它记录的那一票是原业主的" in said, said
    finally:
        repo.close()


async def test_a_volunteer_is_told_a_sold_flat_joins_its_buyers_flats(tmp_path):
    """201's owner bought 102 during the vote, the file corrected: the paper signature for
    102 asks about his online vote from 201, and says why."""
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=StepClock())
    try:
        seller = confirmed_resident(repo, 7001, A102, 101)
        buyer = confirmed_resident(repo, 7003, "c1/1/1/201", 101)
        p = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                 budget_fen=0, matter="use_maintenance_fund",
                                 deadline="2025-12-31")
        repo.cast_vote(buyer, p.id, "agree")
        repo.move_out(seller)
        his = parse_street(SMALL_STREET.replace('{room: "102", area_m2: 80}',
                                                '{room: "102", area_m2: 80, owner: m}')
                           .replace('{room: "201", area_m2: 100}',
                                    '{room: "201", area_m2: 100, owner: m}'))
        repo.merge_street(his, list(range(len(repo.merge_plan(his)))))
        async with BotHarness(repo) as bot:
            said = _texts(await bot.send(101, f"/paper {p.id} 1/1/102 反对"), 101)
        assert "在表决期间已经卖出；改好的街道文件把它记在" in said, said
        assert "网上投过票" in said and "同意" not in said.replace("不同意", ""), said
    finally:
        repo.close()
