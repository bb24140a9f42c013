"""A vote recorded for an owner (a paper signature, or an online vote from another of the
owner's flats) is told to a tenant of the owner's flats, on a joint matter, without
which way it went: a tenant of 302 read 已为您家记录纸质签字“同意”……取代此前的“反对”
（网上投票）, the owner's online vote the volunteer was told is secret from everyone, and
to vote again, which a tenant cannot. The owner and the owner's family are told as
before; an everyday matter, which a tenant votes on, too."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import SMALL_STREET, StepClock, confirmed_resident, pid

from db.config import parse_street
from db.repository import Repository

OWNED = SMALL_STREET.replace('{room: "101", area_m2: 60}',
                             '{room: "101", area_m2: 60, owner: k}').replace(
    '{room: "102", area_m2: 80}', '{room: "102", area_m2: 80, owner: k}')


def _repo(tmp_path):  # type: ignore[no-untyped-def]
    repo = Repository.init(tmp_path / "data", parse_street(OWNED), clock=StepClock())
    confirmed_resident(repo, 7001, "c1/1/1/101", 101, relation="owner")
    confirmed_resident(repo, 7002, "c1/1/1/102", 101, relation="tenant")
    confirmed_resident(repo, 7003, "c1/1/1/102", 101, relation="family")
    return repo


async def test_a_tenant_hears_a_paper_signature_was_recorded_not_which_way(tmp_path):
    repo = _repo(tmp_path)
    p = repo.create_proposal(pid(repo, 101), "east", title="屋面防水", description="",
                             budget_fen=0, matter="use_maintenance_fund",
                             deadline="2099-01-01")
    async with BotHarness(repo) as bot:
        await bot.press(7001, f"vote:{p.id}:disagree")  # the owner, online, from 101
        asked = await bot.send(102, f"/paper {p.id} 1/1/102 agree")
        told = await bot.press_label(102, "登记纸质签字")
    assert "保密" in asked[-1].text
    [tenant] = [c.text for c in told if c.chat_id == 7002]
    assert tenant == (f"#{p.id} 屋面防水：已记录这套房业主的投票（纸质签字，"
                      "记录人：物管会委员乙）。投的是什么，只告诉业主本人和业主的家人。"), tenant
    [family] = [c.text for c in told if c.chat_id == 7003]
    assert "“同意”" in family and "“反对”" in family  # the owner's family: as before
    [owner] = [c.text for c in told if c.chat_id == 7001]
    assert "“同意”" in owner


async def test_an_everyday_matter_is_told_to_the_tenant_as_before(tmp_path):
    repo = _repo(tmp_path)
    p = repo.create_proposal(pid(repo, 101), "east", title="保洁排班", description="",
                             budget_fen=0, matter="everyday", deadline="2099-01-01")
    async with BotHarness(repo) as bot:
        told = await bot.send(102, f"/paper {p.id} 1/1/101 agree")
    [tenant] = [c.text for c in told if c.chat_id == 7002]
    assert "“同意”" in tenant, tenant


async def test_a_tenant_hears_an_election_ballot_was_recorded_not_whom_it_backs(tmp_path):
    repo = _repo(tmp_path)
    e = repo.open_election(pid(repo, 101), "east", title="第一届物管会选举", seats=1,
                           candidates=["候选人甲（退休教师）", "候选人乙（楼长）"],
                           deadline="2099-01-20")
    async with BotHarness(repo) as bot:
        told = await bot.send(102, f"/paper {e.id} 1/1/101 2")
    [tenant] = [c.text for c in told if c.chat_id == 7002]
    assert "候选人乙" not in tenant and "纸质选票" in tenant, tenant
    [family] = [c.text for c in told if c.chat_id == 7003]
    assert "候选人乙（楼长）" in family
