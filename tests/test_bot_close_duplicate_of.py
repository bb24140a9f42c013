"""/close N 重复 见#M keeps which report N repeats (``duplicate_of``), so the site's link
to it is read from the record, not guessed from the note; the domain accepts only
another public report of the same area. Without a number it closes as before."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status
from db.errors import DomainError


def _issue(repo, text, area="east"):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry = repo.submit(author, Kind.ISSUE, area, {"category": "lighting", "text": text})
    return repo.approve(entry.id, pid(repo, 102))


async def test_close_as_duplicate_naming_a_report_keeps_which_one_it_repeats(repo):
    first = _issue(repo, "楼道灯不亮")
    second = _issue(repo, "二楼灯坏了")
    third = _issue(repo, "灯还是坏的")
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/close {second.id} 重复 见#{first.id}")
        await bot.send(101, f"/close {third.id} 重复 已并入清运安排，见公告")
    assert repo.entry(second.id).data["duplicate_of"] == first.id
    assert repo.entry(second.id).status == Status.CLOSED
    assert "duplicate_of" not in repo.entry(third.id).data  # no number: as before
    assert repo.entry(third.id).status == Status.CLOSED


async def test_close_naming_no_public_report_of_the_area_is_refused_and_changes_nothing(
        repo):
    entry = _issue(repo, "楼道灯不亮")
    async with BotHarness(repo) as bot:
        itself = await bot.send(101, f"/close {entry.id} 重复 见 #{entry.id}")
        missing = await bot.send(101, f"/close {entry.id} 重复 同 #99999")
    assert f"#{entry.id} 没有关闭" in itself[-1].text
    assert "#99999 不是本片区另一条公开的报事" in missing[-1].text
    assert repo.entry(entry.id).status == Status.APPROVED


def test_the_domain_refuses_a_duplicate_of_another_area_a_pending_one_or_itself(repo):
    entry = _issue(repo, "楼道灯不亮")
    west = repo.approve(repo.submit(pid(repo, 103), Kind.ISSUE, "west", {
        "category": "lighting", "text": "路灯坏"}).id, pid(repo, 900))
    pending = repo.submit(confirmed_resident(repo, 5002, "c1/1/1/102", 101), Kind.ISSUE,
                          "east", {"category": "lighting", "text": "也不亮"})
    vol = pid(repo, 101)
    for other in (west.id, pending.id, entry.id, 99999, "3", True):
        with pytest.raises(DomainError):
            repo.issue_step(entry.id, vol, Status.CLOSED, "重复", close_reason="duplicate",
                            duplicate_of=other)
    with pytest.raises(DomainError):  # no_action names no report it repeats
        repo.issue_step(entry.id, vol, Status.CLOSED, "不处理", close_reason="no_action",
                        duplicate_of=pending.id)
    assert repo.entry(entry.id).status == Status.APPROVED


async def test_the_volunteer_is_told_which_report_it_duplicates_in_her_language(repo):
    """The volunteer read 报事 #151 已关闭（重复报事），说明已保存… without #148, which the
    record keeps: she could not tell she had typed the right number."""
    first = _issue(repo, "楼道灯不亮")
    second = _issue(repo, "二楼灯坏了")
    third = _issue(repo, "灯还是坏的")
    fourth = _issue(repo, "三楼也黑")
    async with BotHarness(repo) as bot:
        zh = await bot.send(101, f"/close {second.id} 重复 见#{first.id}")
        plain = await bot.send(101, f"/close {fourth.id} 重复 已并入清运安排")
        repo.set_language(pid(repo, 101), "en")
        en = await bot.send(101, f"/close {third.id} duplicate see #{first.id}")
    assert f"报事 #{second.id} 已关闭（与 #{first.id} 重复），说明已保存" in zh[-1].text
    assert f"Report #{third.id} is now closed (a duplicate of #{first.id}); the note is " \
        "saved" in en[-1].text
    assert f"报事 #{fourth.id} 已关闭（重复报事），说明已保存" in plain[-1].text  # none named


async def test_close_as_duplicate_reads_the_number_typed_without_its_mark(repo):
    """/close 151 重复 同148 closed #151 as a duplicate naming no report: the site said
    only 重复报事 and the volunteer did not know 148 was not read."""
    first = _issue(repo, "楼道灯不亮")
    second = _issue(repo, "二楼灯坏了")
    third = _issue(repo, "灯还是坏的")
    fourth = _issue(repo, "三楼也黑")
    async with BotHarness(repo) as bot:
        glued = await bot.send(101, f"/close {second.id} 重复 同{first.id}")
        await bot.send(101, f"/close {third.id} 重复 同 {first.id}")
        await bot.send(101, f"/close {fourth.id} 重复 同3号楼")  # a building, not a report
    assert repo.entry(second.id).data["duplicate_of"] == first.id
    assert repo.entry(third.id).data["duplicate_of"] == first.id
    assert f"（与 #{first.id} 重复）" in glued[-1].text
    assert repo.entry(fourth.id).status == Status.CLOSED
    assert "duplicate_of" not in repo.entry(fourth.id).data
