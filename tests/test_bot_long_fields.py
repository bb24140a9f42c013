"""A volunteer's payee, purpose, reversal reason or early-close reason over its limit
is said to be too long and asked again; before, it was cut at 200 or 500 characters
without a word, and the cut text shown at the confirmation, published with the line or
the vote's result."""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident, pid, settle

from db.entries import Kind, Status


async def test_a_payee_or_purpose_too_long_is_asked_again_not_cut_short(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        await bot.send(101, "350")
        payee = await bot.send(101, "店" * 201)
        await bot.send(101, "光明电器维修部")
        purpose = await bot.send(101, "灯" * 250)
        await bot.send(101, "更换2号楼路灯灯泡")
        await bot.press(101, "exp:cat:lighting")
        await bot.send_photo(101, jpeg_bytes())
        await bot.press(101, "exp:pub:1")
        await bot.press(101, "exp:ok:1")
    assert "201" in payee[-1].text and "200" in payee[-1].text and "付给了谁" in payee[-1].text
    assert "250" in purpose[-1].text and "用途" in purpose[-1].text
    [entry] = repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)
    assert entry.data["payee"] == "光明电器维修部"
    assert entry.data["purpose"] == "更换2号楼路灯灯泡"


async def test_a_reversal_reason_too_long_is_asked_again_not_cut_short(repo):
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 35000, "payee": "光明电器", "purpose": "路灯灯泡", "category": "lighting"})
    repo.approve(spent.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        typed = await bot.send(101, "/reverse 1 " + "错" * 501)
        again = await bot.send(101, "记" * 600)
        fine = await bot.send(101, "金额记错了")
        await bot.press(101, "rev:ok:1")
    assert "501" in typed[-1].text and "为什么要冲正" in typed[-1].text
    assert not typed[-1].buttons()
    assert "600" in again[-1].text and "为什么要冲正" in again[-1].text
    assert "金额记错了" in fine[-1].text
    [reversal] = repo.entries(kind=Kind.REVERSAL)
    assert reversal.data["reason"] == "金额记错了"


async def test_an_early_close_reason_too_long_is_asked_again_not_cut_short(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    p = repo.create_proposal(pid(repo, 101), "east", title="修屋顶", description="",
                             budget_fen=0, matter="everyday", deadline="2099-01-01")
    settle(repo, p.id)  # its result settled: it may close early
    async with BotHarness(repo) as bot:
        typed = await bot.send(101, f"/closevote {p.id} " + "因" * 501)
        again = await bot.send(101, "为" * 700)
        fine = await bot.send(101, "施工方案有变")
    # asked again, with 取消 only (since 8c22659b: no step says /cancel)
    assert "501" in typed[-1].text + typed[0].text and \
        typed[-1].buttons() == [("取消", "cv:cancel")]
    assert "700" in again[-1].text + again[0].text and \
        again[-1].buttons() == [("取消", "cv:cancel")]
    assert "施工方案有变" in fine[-1].text and fine[-1].buttons()
