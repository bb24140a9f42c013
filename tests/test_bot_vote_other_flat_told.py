"""/vote tells the people of a flat of an owner of several what counts for them: a vote
cast for another of the owner's flats read 您家所属的业主已投 (the owner your household
belongs to voted), which an owner, or a co-owner, read as someone else's vote (she is the
owner), and a tenant, on an everyday matter, as the owner's, though the other flat's tenant
cast it. Now it says which: 您家已投 for a vote of this flat, 同一业主的另一套房已投 for
one of another of the owner's flats, never naming that flat to a tenant."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import SMALL_STREET, StepClock, confirmed_resident, pid

from db.config import parse_street
from db.repository import Repository

A101, A102 = "c1/1/1/101", "c1/1/1/102"  # one owner's (key k)
OWNED = SMALL_STREET.replace('{room: "101", area_m2: 60}',
                             '{room: "101", area_m2: 60, owner: k}').replace(
    '{room: "102", area_m2: 80}', '{room: "102", area_m2: 80, owner: k}')
OTHER = "同一业主的另一套房已投：{}，也算您家的一票（2 套房共一票）。可以重新投票更改。"


def _card(calls, chat: int, proposal: int) -> str:  # type: ignore[no-untyped-def]
    [text] = [c.text for c in calls if c.chat_id == chat and f"提议 #{proposal}" in c.text]
    return text


async def test_a_co_owner_reads_that_the_other_flat_voted_not_that_the_owner_did(tmp_path):
    repo = Repository.init(tmp_path / "data", parse_street(OWNED), clock=StepClock())
    try:
        confirmed_resident(repo, 7001, A101, 101)  # 业主
        confirmed_resident(repo, 7002, A102, 101)  # her husband, 业主 too
        confirmed_resident(repo, 7003, A102, 101, relation="family")  # their son, in 102
        p = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                 budget_fen=0, matter="use_maintenance_fund",
                                 deadline="2099-01-01")
        async with BotHarness(repo) as bot:
            await bot.press(7001, f"vote:{p.id}:agree")
            await bot.press(7002, f"vote:{p.id}:disagree")
            her = await bot.send(7001, "/vote")
            son = await bot.send(7003, "/vote")
        text = _card(her, 7001, p.id)
        assert OTHER.format("反对") in text, text
        assert "所属的业主" not in text
        told = _card(son, 7003, p.id)
        assert "您家已投：反对（同一业主名下 2 套房共一票）。可以重新投票更改。" in told, told
    finally:
        repo.close()


async def test_a_tenant_reads_that_another_flat_voted_not_the_owner(tmp_path):
    repo = Repository.init(tmp_path / "data", parse_street(OWNED), clock=StepClock())
    try:
        confirmed_resident(repo, 7001, A101, 101, relation="tenant")
        confirmed_resident(repo, 7002, A102, 101, relation="tenant")
        p = repo.create_proposal(pid(repo, 101), "east", title="晾衣架", description="",
                                 budget_fen=0, matter="everyday", deadline="2099-01-01")
        async with BotHarness(repo) as bot:
            await bot.press(7002, f"vote:{p.id}:agree")  # 102's tenant, not the owner
            calls = await bot.send(7001, "/vote")
        text = _card(calls, 7001, p.id)
        assert OTHER.format("同意") in text, text
        assert "所属的业主" not in text and "102" not in text
    finally:
        repo.close()
