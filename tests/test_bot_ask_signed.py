"""/ask (提问) tells whoever asks how her question will be signed: before, a supervisor
and a resident alike read 署名只写“居民”（或“监督员”）, and neither knew which; a
supervisor's question is signed 监督员, a resident's 居民 (db.records.SUPERVISOR_ACTS)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind


def _line(repo):
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 25000, "payee": "保洁公司", "purpose": "院内保洁", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))


async def _confirmation(bot, telegram_id: int) -> str:
    await bot.send(telegram_id, "/ask")
    await bot.press(telegram_id, "ask:t:l:1")
    return (await bot.send(telegram_id, "保洁费为什么每月都一样"))[-1].text


async def test_the_confirmation_names_the_signature_of_who_asks(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    confirmed_resident(repo, 5001, "c1/1/1/102", 101)
    repo.grant(pid(repo, 900), 5001, "east", role="supervisor")
    _line(repo)
    async with BotHarness(repo) as bot:
        resident = await _confirmation(bot, 7001)
        supervisor = await _confirmation(bot, 5001)
        repo.set_language(pid(repo, 5001), "en")
        await bot.send(5001, "/cancel")
        english = await _confirmation(bot, 5001)
    assert "署名只写“居民”，" in resident and "监督员" not in resident
    assert "署名只写“监督员”，" in supervisor and "“居民”" not in supervisor
    assert 'signed only "supervisor",' in english and '"resident"' not in english
