"""/accounts says which of its latest lines were corrected, and why there is no receipt.

A resident reading /accounts (steward chat on the demo, 城建小区) saw 第 79 笔 -¥120.00
清理化粪池周边垃圾 and under it, higher up, 第 80 笔 +¥120.00 冲正第 79 笔：…: nothing
beside line 79 said it no longer counts, nor beside the right one entered after which
line it stands for; and a line paid without a receipt read as any other. Now line 79
reads （已被第 80 笔冲正）, the right one （代替第 79 笔）, and one paid without a receipt
（无收据：现金付给临时工）, as the site's accounts and the paper notice say them."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind


def _spend(repo, fen, **more):
    e = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": fen, "payee": "临时工", "purpose": "清理垃圾", "category": "cleaning",
        **more})
    repo.approve(e.id, pid(repo, 102))


async def test_accounts_say_a_line_reversed_its_right_one_and_a_line_without_receipt(repo):
    confirmed_resident(repo, 201, "c1/1/1/101", 101)
    _spend(repo, 12000, no_receipt="现金付给临时工")
    repo.approve(repo.reverse("east", 1, pid(repo, 101), "金额记错了").id, pid(repo, 102))
    _spend(repo, 10000, no_receipt="现金付给临时工", replaces=1)
    async with BotHarness(repo) as bot:
        [said] = await bot.send(201, "/accounts")
        await bot.send(201, "/language")
        await bot.press_label(201, "English")
        [english] = await bot.send(201, "/accounts")
    lines = {int(x.split("：")[0].removeprefix("第 ").removesuffix(" 笔")): x
             for x in said.text.splitlines() if x.startswith("第 ")}
    assert "（已被第 2 笔冲正）" in lines[1] and "（无收据：现金付给临时工）" in lines[1], lines
    assert "冲正第 1 笔" in lines[2] and "已被" not in lines[2], lines
    assert "（代替第 1 笔）" in lines[3] and "（无收据：现金付给临时工）" in lines[3], lines
    assert "(reversed by line 2)" in english.text and "(in place of line 1)" in english.text
