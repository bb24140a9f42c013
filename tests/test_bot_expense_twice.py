"""An expense recorded twice is said to its approver.

A treasurer recorded 城建小区's ¥500.00 第4季度垃圾清运 to 府东社区保洁队 again five days
after it was published as line 77 (steward chat on the demo): the approving volunteer
read it as any new expense, nothing saying line 77 was the same money, while a fee
paid twice is flagged (可能已缴过：第 N 笔). Now the post says which recent line has the
same amount, payee and purpose, and to reject it if it is the same money."""

from __future__ import annotations

from conftest import pid

from bot.describe import _describe
from db.entries import Kind

CLEANING = {"payee": "府东社区保洁队", "purpose": "第4季度垃圾清运", "category": "cleaning",
            "no_receipt": "保洁队只开季度收据"}


def _spend(repo, fen, approve=True, **more):
    e = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {"amount_fen": fen, **CLEANING,
                                                           **more})
    if approve:
        repo.approve(e.id, pid(repo, 102))
    return e


def test_an_expense_like_a_recent_line_says_so_to_its_approver(repo):
    _spend(repo, 50000)
    again = _spend(repo, 50000, approve=False)
    said = _describe(repo, repo.entry(again.id), "zh")
    assert "⚠️ 第 1 笔" in said and "也是付给府东社区保洁队 ¥500.00" in said, said
    assert "同一笔钱" in said and "驳回" in said, said
    assert "Line 1" in _describe(repo, repo.entry(again.id), "en")


def test_an_expense_of_another_amount_or_one_reversed_is_not_said_to_be_twice(repo):
    _spend(repo, 50000)
    other = _spend(repo, 45000, approve=False)
    assert "也是付给" not in _describe(repo, repo.entry(other.id), "zh")
    repo.approve(repo.reverse("east", 1, pid(repo, 101), "金额记错了").id, pid(repo, 102))
    right = _spend(repo, 50000, approve=False, replaces=1)  # entered again in its place
    assert "也是付给" not in _describe(repo, repo.entry(right.id), "zh")
