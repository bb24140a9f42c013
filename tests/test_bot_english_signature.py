"""A resident who chose English reads her signature on the site in English, as the
notice she agreed to names it (signed "resident"), in /mydata and a supervisor's queue."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"


async def test_mydata_and_a_supervisors_queue_name_the_residents_signature_in_english(repo):
    """/mydata read 'public on the website, signed "居民"' (and a supervisor's /pending
    '· 居民') for a resident who chose English, while the notice she agreed to says
    signed "resident"."""
    confirmed_resident(repo, 7001, HOME, 101)
    report = repo.submit(pid(repo, 7001), Kind.ISSUE, "east",
                         {"category": "septic", "text": "化粪池满了"})
    repo.approve(report.id, pid(repo, 102))
    waiting = repo.submit(pid(repo, 7001), Kind.OPINION, "east", {"text": "装快递柜"})
    repo.grant(pid(repo, 900), 5002, "east", role="supervisor")
    repo.set_language(pid(repo, 7001), "en")
    repo.set_language(pid(repo, 5002), "en")
    async with BotHarness(repo) as bot:
        mydata = "\n".join(c.text for c in await bot.send(7001, "/mydata"))
        queue = "\n".join(c.text for c in await bot.send(5002, "/pending"))
    assert 'public on the website, signed "resident"' in mydata
    assert f"#{waiting.id}" in queue and "· resident" in queue
    assert "居民" not in mydata + queue


async def test_a_supervisors_queue_names_a_voice_report_in_her_language(repo):
    """An English-speaking supervisor's /pending read '语音留言（0:23）' for a voice report."""
    confirmed_resident(repo, 7001, HOME, 101)
    entry = repo.submit(pid(repo, 7001), Kind.ISSUE, "east",
                        {"category": "septic", "text": "（语音留言）", "voice": "a" * 64 + ".ogg",
                         "voice_seconds": 23})
    repo.grant(pid(repo, 900), 5002, "east", role="supervisor")
    async with BotHarness(repo) as bot:
        chinese = "\n".join(c.text for c in await bot.send(5002, "/pending"))
        repo.set_language(pid(repo, 5002), "en")
        english = "\n".join(c.text for c in await bot.send(5002, "/pending"))
    assert f"#{entry.id}" in chinese and "语音留言（0:23）" in chinese
    assert f"#{entry.id}" in english and "Voice message (0:23)" in english
    assert "语音" not in english
