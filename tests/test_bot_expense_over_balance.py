"""/expense of an amount larger than the area's balance (¥1,000,000 typed for ¥1,000
against ¥3,489.50) was said back as 金额：¥1,000,000.00（请核对） and taken; the next
question scrolled it away. Now it is stopped, saying the balance: the right amount
typed goes on, the amount said right goes on, 取消 drops it; an amount changed at the
summary is asked of at 确认登记; nothing typed is lost."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness, jpeg_bytes
from conftest import pid

from db.entries import Kind, Status
from db.errors import DomainError


def _holding(repo, fen=348950):
    repo.record_opening(pid(repo, 101), "east", fen, "2024-12-31")


async def _rest(bot):
    await bot.send(101, "光明电器维修部")
    await bot.send(101, "更换2号楼路灯灯泡")
    await bot.press(101, "exp:cat:lighting")
    await bot.send_photo(101, jpeg_bytes())
    await bot.press(101, "exp:pub:1")
    return await bot.press(101, "exp:ok:1")


async def test_an_expense_above_the_balance_is_stopped_saying_the_balance(repo):
    _holding(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        stopped = await bot.send(101, "1000000")
        assert "¥1,000,000.00" in stopped[-1].text and "¥3,489.50" in stopped[-1].text
        assert "付给了谁" not in stopped[-1].text
        assert stopped[-1].buttons() == [("是的，¥1,000,000.00 没错", "exp:big:100000000"),
                                         ("取消", "exp:cancel")]
        right = await bot.send(101, "1000")  # the right amount typed: goes on
        assert "¥1,000.00" in right[-1].text and "付给了谁" in right[-1].text
        await _rest(bot)
    [entry] = repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)
    assert entry.data["amount_fen"] == 100000


async def test_an_expense_above_the_balance_said_right_is_recorded(repo):
    _holding(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        await bot.send(101, "4000")
        forged = await bot.press(101, "exp:big:100000000")  # not the amount asked of
        assert not any("付给了谁" in c.text for c in forged)
        went = await bot.press(101, "exp:big:400000")
        assert "付给了谁" in went[-1].text
        await _rest(bot)
    [entry] = repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)
    assert entry.data["amount_fen"] == 400000


async def test_cancel_at_the_balance_question_records_nothing(repo):
    _holding(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        await bot.send(101, "1000000")
        await bot.press(101, "exp:cancel")
    assert not repo.entries(kind=Kind.EXPENSE)


async def test_an_amount_above_the_balance_typed_at_the_summary_is_asked_at_record(repo):
    _holding(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        await bot.send(101, "300")
        await bot.send(101, "光明电器维修部")
        await bot.send(101, "更换2号楼路灯灯泡")
        await bot.press(101, "exp:cat:lighting")
        await bot.send_photo(101, jpeg_bytes())
        await bot.press(101, "exp:pub:1")
        await bot.send(101, "30000")  # at the summary: 金额已改为 ¥30,000.00
        stopped = await bot.press(101, "exp:ok:1")
        assert "¥3,489.50" in stopped[-1].text, stopped[-1].text
        assert not repo.entries(kind=Kind.EXPENSE)
        back = await bot.press(101, "exp:big:3000000")  # right: the summary again
        assert "¥30,000.00" in back[-1].text and "确认登记" in str(back[-1].buttons())
        await bot.press(101, "exp:ok:1")
    [entry] = repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)
    assert entry.data["amount_fen"] == 3000000 and entry.data["payee"] == "光明电器维修部"


async def test_an_area_whose_accounts_have_not_begun_is_asked_only_of_an_absurd_amount(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        plain = await bot.send(101, "350")
        assert "付给了谁" in plain[-1].text
        huge = await bot.send(101, "1000000")  # typed again at the payee step
        assert "¥1,000,000.00" in huge[-1].text and "付给了谁" not in huge[-1].text


async def test_the_right_line_in_a_reversed_ones_place_is_asked_only_above_what_it_was(repo):
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 180000, "payee": "五金店", "purpose": "更换路灯", "category": "lighting"})
    repo.approve(spent.id, pid(repo, 102))
    repo.approve(repo.reverse("east", 1, pid(repo, 101), "金额记错了").id, pid(repo, 102))
    async with BotHarness(repo) as bot:  # the balance is 0: the lamps were paid on credit
        await bot.press(101, "exp:rep:east:1")
        more = await bot.send(101, "18000")
        assert "¥0.00" in more[-1].text and "付给了谁" not in more[-1].text
        less = await bot.send(101, "1080")
        assert "¥1,080.00" in less[-1].text and "余额" not in less[-1].text


# -- expenses waiting for approval count against the balance --------------------------


def _waiting(repo, fen=300000):
    return repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": fen, "payee": "光明电器维修部", "purpose": "更换路灯",
        "category": "lighting"})


def test_expenses_waiting_for_approval_are_counted_out_of_what_is_left(repo):
    _holding(repo)
    first, _ = _waiting(repo), _waiting(repo, 200000)
    assert repo.waiting_expenses("east") == (2, 500000)
    assert repo.waiting_expenses("east", exclude=first.id) == (1, 200000)
    assert repo.spendable("east") == 348950 - 500000
    with pytest.raises(DomainError):
        repo.waiting_expenses("east", exclude="x")


async def test_an_expense_over_what_waiting_ones_leave_is_asked_saying_them(repo):
    _holding(repo)
    _waiting(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        stopped = await bot.send(101, "1000")  # within ¥3,489.50, not within ¥489.50 left
        said = stopped[-1].text
        assert "1 笔支出在等审核" in said and "¥3,000.00" in said and "¥489.50" in said, said
        assert "付给了谁" not in said


def test_the_approver_is_told_of_the_deficit_and_of_the_others_waiting(repo):
    """¥3,000 and ¥2,000 against ¥3,489.50: each within it, both were approved and the
    accounts went ¥1,510.50 below zero with nobody told. Each post says the others
    waiting; once the first is approved, the second's says the deficit it makes."""
    from bot.describe import _flag

    _holding(repo)
    first, second = _waiting(repo), _waiting(repo, 200000)
    _, notes = _flag(repo, repo.entry(second.id), "zh", True)
    assert any("另外还有 1 笔支出在等审核（¥3,000.00）" in n for n in notes), notes
    repo.approve(first.id, pid(repo, 102))
    _, notes = _flag(repo, repo.entry(second.id), "zh", True)
    assert any("余额变成负数" in n and "¥489.50" in n for n in notes), notes
    _, notes = _flag(repo, repo.entry(second.id), "en", True)
    assert any("below zero" in n for n in notes), notes
