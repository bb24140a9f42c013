"""/mydata of someone who moved out: it read 住址：没有保存（…起已不再登记为…） and just
below 这一回答的更改记录（只有您能看到）：尚未回答 → 业主本人, the changes of an answer not
shown, as if she still were the owner of something, and her registration 已确认 alone.
After a move within the street, 您是这套房的：尚未回答 then that same record of the flat
she left, which read as her answer of the new one. Now the answers of a flat she left are
listed under that flat, said to be no longer her answer, and the registration says it is
no longer her household (db.household_kept.relation_said gives each its flat)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status
from db.privacy import CONSENT_VERSION

HOME, OTHER = "c1/1/1/101", "c1/1/1/102"
FORMER = "• 您住在 东小区 1号楼 1单元 101 时说过的您与这套房的关系（现在已不算您的回答，只作记录"


async def test_after_she_moved_out_her_answer_is_of_the_flat_she_left_not_now(repo):
    me = confirmed_resident(repo, 7001, HOME, 101)  # she said: owner
    repo.move_out(me)
    data = repo.export_person(me)
    assert [(c["home"], c["current"]) for c in data["relation_changes"]] == [(HOME, False)]
    async with BotHarness(repo) as bot:
        said = (await bot.send(7001, "/mydata"))[0].text
    assert "这一回答的更改记录" not in said, said
    assert FORMER in said and "业主本人（您本人）" in said
    assert said.index("住址：没有保存") < said.index(FORMER)
    assert "东小区 1号楼 1单元 101 —— 已确认，现在已不是您登记的住户" in said


async def test_after_a_move_within_the_street_the_new_home_s_answer_stands_apart(repo):
    me = confirmed_resident(repo, 7001, HOME, 101)  # owner of 101
    reg = repo.register(me, OTHER, consent=CONSENT_VERSION)
    repo.approve(reg.id, pid(repo, 101))
    repo.set_relation(me, "tenant")  # of 102
    data = repo.export_person(me)
    assert [(c["to"], c["home"], c["current"]) for c in data["relation_changes"]] == [
        ("relation:owner", HOME, False), ("relation:tenant", OTHER, True)]
    async with BotHarness(repo) as bot:
        said = (await bot.send(7001, "/mydata"))[0].text
    now = said[said.index("• 这一回答的更改记录"):said.index(FORMER)]
    assert "租户" in now and "业主本人" not in now, said
    assert "业主本人" in said[said.index(FORMER):]
    assert [e.status for e in repo.entries(author=me, kind=Kind.REGISTRATION)] == [
        Status.APPROVED, Status.APPROVED]
    assert "东小区 1号楼 1单元 101 —— 已确认，后来已更换为 东小区 1号楼 1单元 102" in said
