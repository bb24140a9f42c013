"""How a home's owner voted on a joint matter of the owners (Civil Code art. 278) is
told, on /vote, to the owner and the owner's family, who cast that vote: a tenant of
the flat (who may not cast it), or a resident who has not said how they stand to it,
hears only that the owner has voted, not which way, nor "you may change it"."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

HOME = "c1/1/1/101"


def _proposal(repo, matter="use_maintenance_fund"):  # type: ignore[no-untyped-def]
    return repo.create_proposal(pid(repo, 101), "east", title="更换路灯", description="LED",
                                budget_fen=360000, matter=matter, deadline="2025-12-31")


async def test_a_tenant_hears_the_owner_voted_but_not_which_way(repo):
    confirmed_resident(repo, 7001, HOME, 101, relation="owner")
    confirmed_resident(repo, 7002, HOME, 101, relation="tenant")
    p = _proposal(repo)
    repo.cast_vote(pid(repo, 7001), p.id, "disagree")
    async with BotHarness(repo) as bot:
        owner = await bot.send(7001, "/vote")
        tenant = await bot.send(7002, "/vote")
    [mine] = [c.text for c in owner if f"提议 #{p.id}" in c.text]
    assert "您家已投：反对" in mine and "可以重新投票更改" in mine
    [theirs] = [c.text for c in tenant if f"提议 #{p.id}" in c.text]
    assert "反对" not in theirs and "可以重新投票更改" not in theirs, theirs
    assert "这套房的业主已经投票" in theirs and "租户不能投这一票" in theirs


async def test_one_who_has_not_said_hears_it_in_english_too_and_an_election_shows_no_ticks(repo):
    confirmed_resident(repo, 7001, HOME, 101, relation="owner")
    confirmed_resident(repo, 7002, HOME, 101, relation=None)
    repo.set_language(pid(repo, 7002), "en")
    p = _proposal(repo, "raise_maintenance_fund")
    e = repo.open_election(pid(repo, 101), "east", title="第一届物管会选举", seats=1,
                           candidates=["候选人甲（退休教师）", "候选人乙（楼长）"],
                           deadline="2025-12-31")
    repo.cast_vote(pid(repo, 7001), p.id, "agree")
    repo.cast_ballot(pid(repo, 7001), e.id, [2])
    async with BotHarness(repo) as bot:
        shown = await bot.send(7002, "/vote")
    [vote] = [c for c in shown if f"#{p.id}" in c.text]
    assert "Agree" not in vote.text and "You may change it" not in vote.text, vote.text
    assert "The owner of this home has voted" in vote.text
    [ballot] = [c for c in shown if f"#{e.id}" in c.text]
    assert "候选人乙（楼长）" not in ballot.text.split("Seats")[0]
    assert "Your household's ballot" not in ballot.text and "has voted" in ballot.text
    assert not any(label.startswith("☑") for label, _ in ballot.buttons()), ballot.buttons()


async def test_typing_the_owners_choice_does_not_tell_one_who_has_not_said_it_was_cast(repo):
    confirmed_resident(repo, 7001, HOME, 101, relation="owner")
    confirmed_resident(repo, 7002, HOME, 101, relation=None)
    p = _proposal(repo)
    repo.cast_vote(pid(repo, 7001), p.id, "agree")
    async with BotHarness(repo) as bot:
        typed = await bot.send(7002, "同意")
    said = "\n".join(c.text for c in typed)
    assert "已经投了" not in said and "您家已投" not in said, said
    assert "投“同意”" in said and "这套房的业主" not in said  # the button, unchanged


async def test_a_tenant_is_shown_a_joint_matter_without_buttons_that_only_refuse(repo):
    """An elderly tenant was shown 同意 / 反对 / 弃权 under a joint matter, under 请点提议下方
    的按钮投票, and each press only told her that a tenant does not vote on it. She now
    reads the proposal and the note, with no buttons; an everyday matter keeps them."""
    confirmed_resident(repo, 7002, HOME, 101, relation="tenant")
    joint, everyday = _proposal(repo, "raise_maintenance_fund"), _proposal(repo, "everyday")
    async with BotHarness(repo) as bot:
        calls = await bot.send(7002, "/vote")
    [j] = [c for c in calls if f"提议 #{joint.id}" in c.text]
    [e] = [c for c in calls if f"提议 #{everyday.id}" in c.text]
    assert j.buttons() == [] and "租户不能投这一票" in j.text
    assert [d for _, d in e.buttons()][0] == f"vote:{everyday.id}:agree"


async def test_a_tenant_with_only_joint_matters_open_is_not_told_to_press_a_button(repo):
    confirmed_resident(repo, 7002, HOME, 101, relation="tenant")
    joint = _proposal(repo, "rebuild")
    async with BotHarness(repo) as bot:
        calls = await bot.send(7002, "/vote")
    [j] = [c for c in calls if f"提议 #{joint.id}" in c.text]
    assert j.buttons() == [] and "按钮" not in j.text, j.text
    assert "租户不能投" in j.text
