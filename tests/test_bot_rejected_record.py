"""A volunteer whose fee collected door to door or expense is rejected is told which
household's it was and what to do now: it is not in the accounts, and the money
collected (or spent) is recorded again with /income (/expense) as the reason says.
Told only '您的缴费记录 #532（卫生费 2026，¥120.00）未通过审核。理由：报账', a
treasurer with a dozen that day knew neither whose it was nor whether to record it
again (a volunteer's walk-through). A resident's own fee report is told as before."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind


def _told(calls, chat_id):
    [text] = [c.text for c in calls if c.chat_id == chat_id]
    return text


async def test_a_volunteers_rejected_fee_names_the_household_and_what_to_do(repo):
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": "2025-11", "amount_fen": 2000,
        "household": "c1/1/1/101", "collected": True})
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 120000, "payee": "保洁员", "purpose": "11月保洁工资",
        "category": "cleaning"})
    async with BotHarness(repo) as bot:
        no_fee = _told(await bot.send(102, f"/reject {fee.id} 金额不对"), 101)
        no_spent = _told(await bot.send(102, f"/reject {spent.id} 没有发票"), 101)
    assert (f"#{fee.id}（卫生费 2025-11，东小区 1号楼 1单元 101，¥20.00）未通过审核。理由：金额不对"
            in no_fee), no_fee
    assert "这笔没有入账" in no_fee and "/income 重新登记" in no_fee
    assert f"#{spent.id}（11月保洁工资，¥1,200.00）未通过审核。理由：没有发票" in no_spent
    assert "/expense 重新登记" in no_spent


async def test_in_english(repo):
    repo.set_language(pid(repo, 101), "en")
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": "2025-11", "amount_fen": 2000,
        "unit": "c1/1/1", "unit_label": "东小区 1号楼 1单元", "collected": True})
    async with BotHarness(repo) as bot:
        no = _told(await bot.send(102, f"/reject {fee.id} wrong month"), 101)
    assert "东小区 1号楼 1单元, ¥20.00) was not approved. Reason: wrong month" in no, no
    assert "record it again with /income" in no and "(Sanitation fee 2025-11," in no, no


async def test_a_residents_own_fee_report_is_told_as_before(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    fee = repo.submit(pid(repo, 7001), Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": "2025-11", "amount_fen": 2000,
        "household": "c1/1/1/101"})
    async with BotHarness(repo) as bot:
        no = _told(await bot.send(102, f"/reject {fee.id} 没收到"), 7001)
    assert f"#{fee.id}（卫生费 2025-11，¥20.00）未通过审核。理由：没收到" in no
    assert "/income" not in no


async def test_a_volunteers_approved_fee_names_the_household_too(repo):
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": "2025-11", "amount_fen": 2000,
        "household": "c1/1/1/101", "collected": True})
    async with BotHarness(repo) as bot:
        yes = _told(await bot.send(102, f"/approve {fee.id}"), 101)
    assert f"#{fee.id}（卫生费 2025-11，东小区 1号楼 1单元 101，¥20.00）已确认" in yes, yes
    assert "第 1 笔" in yes
