"""An amount the bot cannot read at 交了多少钱？ (120.5.5, a slip on the phone's keys):
it said 无法识别这个金额…请重新输入金额 with no button under it, the one-tap usual
amount (¥120.00（通常金额）), 上一步 and 取消 left above, out of sight on a phone. Now
the step's buttons come again under the answer."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import StepClock, confirmed_resident
from test_bot_ledger import SCHEDULED

from db.config import parse_street
from db.entries import Kind
from db.repository import Repository


async def test_an_amount_not_understood_gets_the_usual_amount_button_again(tmp_path):
    repo = Repository.init(tmp_path / "data", parse_street(SCHEDULED, "street.yaml"),
                           clock=StepClock())
    try:
        confirmed_resident(repo, 7001, "c1/1/1/101", 101)
        async with BotHarness(repo) as bot:
            await bot.send(7001, "/pay")
            await bot.press(7001, "pay:fee:sanitation")
            await bot.press(7001, "pay:per:2025")
            wrong = await bot.send(7001, "120.5.5")
            assert "无法识别这个金额" in wrong[-1].text
            buttons = [d for _, d in wrong[-1].buttons()]
            assert "pay:amt:12000" in buttons and "pay:cancel" in buttons, buttons
            await bot.press(7001, "pay:amt:12000")
            await bot.press(7001, "pay:skip")
            await bot.press(7001, "pay:ok")
        [fee] = repo.entries(kind=Kind.FEE_INCOME)
        assert fee.data["amount_fen"] == 12000
    finally:
        repo.close()
