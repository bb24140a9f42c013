"""/income started at a household's fee (the buttons of /proxy → 交费, or of a fee typed
in words): its first question, the period, had no 取消 button (only typing 取消 left);
and the warning that the household's fee for that period is in already said "请按
/cancel 取消" at a step with no 取消 button. Now both steps have 取消, which drops the
draft, and the warning says to press it."""

from __future__ import annotations

from bot_harness import BotHarness

from db.entries import Kind

HOME = "c1/1/1/102"
START = f"inc:for:{HOME}:sanitation"


async def _record(bot, period):
    await bot.press(102, START)
    await bot.send(102, period)
    await bot.send(102, "30")
    await bot.press(102, "inc:skip:1")
    await bot.press_label(102, "确认登记", exact=True)


async def test_the_first_period_step_from_a_households_fee_has_cancel(repo):
    async with BotHarness(repo) as bot:
        period = await bot.press(102, START)
        assert "期间" in period[-1].text
        assert ("取消", "inc:cancel") in period[-1].buttons(), period[-1].buttons()
        left = await bot.press(102, "inc:cancel")
        after = await bot.send(102, "30")  # not taken as anything of the fee
    assert not repo.entries(kind=Kind.FEE_INCOME)
    assert left and not any("收据" in c.text for c in after)


async def test_the_warning_of_a_fee_recorded_already_has_the_cancel_it_names(repo):
    async with BotHarness(repo) as bot:
        await _record(bot, "2025-03")
        await bot.press(102, START)
        warned = await bot.send(102, "2025-03")
        assert "已经登记" in warned[-1].text or "已在公开账目" in warned[-1].text, warned[-1].text
        assert "/cancel" not in warned[-1].text and "取消" in warned[-1].text
        assert warned[-1].buttons()[-1] == ("取消", "inc:cancel"), warned[-1].buttons()
        await bot.press(102, "inc:cancel")
    assert len(repo.entries(kind=Kind.FEE_INCOME)) == 1


async def test_an_amount_it_cannot_read_keeps_the_cancel_the_warning_named(repo):
    async with BotHarness(repo) as bot:
        await _record(bot, "2025-04")
        await bot.press(102, START)
        await bot.send(102, "2025-04")  # in already: 不是的话，请点“取消”
        wrong = await bot.send(102, "12o")
        assert "无法识别" in wrong[-1].text and "收了多少钱" in wrong[-1].text
        assert wrong[-1].buttons()[-1] == ("取消", "inc:cancel"), wrong[-1].buttons()
        await bot.press(102, "inc:cancel")
        after = await bot.send(102, "30")  # not taken as the fee's amount
    assert len(repo.entries(kind=Kind.FEE_INCOME)) == 1
    assert not any("收据" in c.text for c in after)


async def test_an_amount_it_cannot_read_at_a_plain_amount_step_offers_cancel(repo):
    async with BotHarness(repo) as bot:
        await bot.press(102, START)
        await bot.send(102, "2025-05")
        wrong = await bot.send(102, "三十块五毛五分五")
        assert wrong[-1].buttons()[-1] == ("取消", "inc:cancel"), wrong[-1].buttons()
        await bot.press(102, "inc:cancel")
    assert not repo.entries(kind=Kind.FEE_INCOME)
