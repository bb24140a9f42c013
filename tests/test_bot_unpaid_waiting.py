"""/unpaid beside a fee recorded at a door and still waiting for a second volunteer: a
grid worker took 卫生费 in cash from 101 and recorded it; her /unpaid list, to knock on
the doors of those who have not paid, still named 101 as unpaid, with no word of the
record, so she (or another volunteer with the same list) went back to collect it again."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db import fees
from db.entries import Kind
from db.places import Basis


async def test_a_fee_recorded_and_waiting_is_marked_in_unpaid_not_to_collect_again(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    waiting = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025",
        "household": "c1/1/1/101"})
    async with BotHarness(repo) as bot:
        listed = await bot.send(102, "/unpaid 卫生费 2025")
    text = listed[-1].text
    assert "东小区未交 2025 卫生费 的住户（3 户）" in text  # approved fees only count as paid
    assert f"东小区 1号楼 1单元：101（#{waiting.id} 已登记，待审核）、102、201" in text.splitlines()
    assert "不要再收一次" in text


async def test_a_fee_of_another_period_or_one_approved_marks_nothing(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    other = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2024",
        "household": "c1/1/1/101"})
    async with BotHarness(repo) as bot:
        listed = await bot.send(102, "/unpaid 卫生费 2025")
    assert "待审核" not in listed[-1].text and "不要再收" not in listed[-1].text
    assert fees.waiting_payers(repo.entries(kind=Kind.FEE_INCOME), "east", "sanitation",
                               "2024", Basis.HOUSEHOLD) == {"household:c1/1/1/101": other.id}
    repo.approve(other.id, pid(repo, 102))
    assert fees.waiting_payers(repo.entries(kind=Kind.FEE_INCOME), "east", "sanitation",
                               "2024", Basis.HOUSEHOLD) == {}
