"""A resident types 120。50 at 交了多少钱？ (a pinyin keyboard's 123 keys give 。 for the
point): it was 无法识别这个金额 with nothing to tell her why. Now it is read as ¥120.50,
said back before anything is recorded, and recorded in fen."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import StepClock, confirmed_resident
from test_bot_ledger import SCHEDULED

from db.config import parse_street
from db.entries import Kind
from db.repository import Repository


async def test_an_amount_with_a_chinese_point_is_said_back_and_recorded_in_fen(tmp_path):
    repo = Repository.init(tmp_path / "data", parse_street(SCHEDULED, "street.yaml"),
                           clock=StepClock())
    try:
        confirmed_resident(repo, 7001, "c1/1/1/101", 101)
        async with BotHarness(repo) as bot:
            await bot.send(7001, "/pay")
            await bot.press(7001, "pay:fee:sanitation")
            await bot.press(7001, "pay:per:2025")
            said = await bot.send(7001, "120。50")
            assert "无法识别" not in said[-1].text
            assert "¥120.50" in said[-1].text, said[-1].text
            await bot.press(7001, "pay:skip")
            await bot.press(7001, "pay:ok")
        [fee] = repo.entries(kind=Kind.FEE_INCOME)
        assert fee.data["amount_fen"] == 12050
    finally:
        repo.close()
