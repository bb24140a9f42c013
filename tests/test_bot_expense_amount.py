"""/expense says the amount back before the payee; an amount typed again there is a
correction of it, not the payee (a grid worker who saw ¥350.00 said back for 305
typed 305: it was stored, and published, as whom the money was paid to)."""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes

from db.entries import Kind, Status


async def test_an_amount_typed_at_the_payee_step_corrects_the_amount(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        said = await bot.send(101, "350")
        again = await bot.send(101, "305")
        spoken = await bot.send(101, "三百零五元")
        await bot.send(101, "光明电器维修部")
        await bot.send(101, "更换2号楼路灯灯泡")
        await bot.press(101, "exp:cat:lighting")
        await bot.send_photo(101, jpeg_bytes())
        await bot.press(101, "exp:pub:1")
    # how to correct it is said with the amount, and the correction is said back
    assert "¥350.00" in said[-1].text and "重新输入金额" in said[-1].text
    assert "¥305.00" in again[-1].text and "付给了谁" in again[-1].text
    assert "¥305.00" in spoken[-1].text and "付给了谁" in spoken[-1].text
    [entry] = repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)
    assert entry.data["amount_fen"] == 30500
    assert entry.data["payee"] == "光明电器维修部"
    assert entry.data["purpose"] == "更换2号楼路灯灯泡"


async def test_a_payee_with_no_amount_in_it_is_the_payee(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        await bot.send(101, "50")
        asked = await bot.send(101, "5号楼保洁员")
        await bot.send(101, "一月清运")
        await bot.press(101, "exp:cat:cleaning")
        await bot.send_photo(101, jpeg_bytes())
        await bot.press(101, "exp:pub:0")
    assert "用途" in asked[-1].text
    [entry] = repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)
    assert (entry.data["amount_fen"], entry.data["payee"]) == (5000, "5号楼保洁员")
