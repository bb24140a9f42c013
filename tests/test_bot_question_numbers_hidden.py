"""The approval post of a public question holding a phone number says it is hidden on
the site by itself: it read 通过前请检查其中有没有姓名、电话号码等个人信息：通过后会原样公开,
and a grid worker of 城建小区 rejected a resident's question on line 77 for her phone
number (问题里有电话号码，请去掉电话后重新提问), which the site masks anyway (steward demo:
/ask 77 …我电话139…, then ❌ 驳回)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind


async def test_a_questions_post_says_its_phone_number_is_hidden_by_itself(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 50000, "payee": "清运公司", "purpose": "垃圾清运", "category": "cleaning"})
    repo.approve(spent.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/ask 1 这笔钱付给谁了？我电话13912345678")
        with_phone = await bot.press_label(5001, "提交")
        await bot.send(5001, "/ask 1 这笔钱付给谁了？")
        plain = await bot.press_label(5001, "提交")
    [post] = [c.text for c in with_phone if c.chat_id == 102 and "待审核" in c.text]
    assert "其中的电话号码、证件号在网站上会自动隐去（不必为此驳回）" in post, post
    assert "原样公开" in post and "通过后会原样公开" not in post
    [post] = [c.text for c in plain if c.chat_id == 102 and "待审核" in c.text]
    assert "通过前请检查其中有没有姓名、电话号码等个人信息：通过后会原样公开。" in post, post
