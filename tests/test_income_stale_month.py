"""A 接着为这一户登记 <month> button left on an earlier message, pressed when that
month of the household is recorded already (pending or booked), says so at once
and starts nothing, instead of the duplicate surfacing only at approval."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import pid
from test_bot_money import pending_money

from db.entries import Kind


async def _first_month(bot):
    await bot.send(101, "/income")
    await bot.press(101, "inc:fee:sanitation")
    await bot.send(101, "1/1/102")
    await bot.send(101, "11月到12月")
    await bot.press(101, "inc:per:2024-11")
    await bot.send(101, "10")
    await bot.press(101, "inc:skip:1")
    first = await bot.press_label(101, "确认登记", exact=True)
    [data] = [d for c in first if c.chat_id == 101 for _, d in c.buttons()
              if d.startswith("inc:for:")]
    return data


async def test_a_stale_next_month_button_says_the_month_is_recorded_and_starts_nothing(repo):
    async with BotHarness(repo) as bot:
        data = await _first_month(bot)
        await bot.press(101, data)  # 2024-12, recorded
        await bot.send(101, "10")
        await bot.press(101, "inc:skip:1")
        await bot.press_label(101, "确认登记", exact=True)
        again = await bot.press(101, data)  # the same button, pressed again later
        typed = await bot.send(101, "10")  # no amount step is waiting for it
    [dec] = [f for f in pending_money(repo) if f.data["period"] == "2024-12"]
    assert "2024-12" in again[-1].text and f"#{dec.id}" in again[-1].text
    assert "等待审核" in again[-1].text and "多少钱" not in again[-1].text
    assert len(pending_money(repo)) == 2 and "收据" not in typed[-1].text


async def test_a_booked_month_is_named_with_its_line_and_a_free_month_still_starts(repo):
    async with BotHarness(repo) as bot:
        data = await _first_month(bot)
        fee = repo.submit(pid(repo, 102), Kind.FEE_INCOME, "east", {
            "amount_fen": 1000, "fee_type": "sanitation", "period": "2024-12",
            "household": "c1/1/1/102"})
        repo.approve(fee.id, pid(repo, 101))
        booked = await bot.press(101, data)
    seq = repo.entry(fee.id).data["ledger_seq"]
    assert f"#{fee.id}" in booked[-1].text and f"第 {seq} 笔" in booked[-1].text
    assert "多少钱" not in booked[-1].text


async def test_the_next_month_button_still_asks_the_amount_when_the_month_is_free(repo):
    async with BotHarness(repo) as bot:
        data = await _first_month(bot)
        calls = await bot.press(101, data)
    assert "期间：2024-12" in calls[-1].text and "多少钱" in calls[-1].text


async def test_a_month_chosen_again_for_a_household_is_pointed_out_before_the_amount(repo):
    async with BotHarness(repo) as bot:
        await _first_month(bot)  # 1/1/102, 2024-11, pending
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:sanitation")
        await bot.send(101, "1/1/102")
        again = await bot.press(101, "inc:per:2024-11")
        await bot.send(101, "10")
        await bot.press(101, "inc:skip:1")  # another payment after all: still recorded
        await bot.press_label(101, "确认登记", exact=True)
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:sanitation")
        await bot.send(101, "1/1/101")
        other = await bot.press(101, "inc:per:2024-11")  # another household: no warning
    [first, *_] = sorted(pending_money(repo), key=lambda e: e.id)
    assert "⚠️" in again[-1].text and f"#{first.id}" in again[-1].text
    assert "多少钱" in again[-1].text and "请点下面的“取消”" in again[-1].text
    assert ("取消", "inc:cancel") in again[-1].buttons()  # the button the words name
    assert len(pending_money(repo)) == 2
    assert "⚠️" not in other[-1].text and "多少钱" in other[-1].text
