"""An English-speaking resident's voice report, once approved with its summary, reads in
English in 我的 / Mine and /mydata: before, both showed the site's Chinese words
语音留言（0:23），志愿者摘要：… inside an English line."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind
from db.voice import PLACEHOLDER

HOME = "c1/1/1/101"
VOICE = "a" * 64 + ".ogg"


async def test_mine_and_mydata_name_an_approved_voice_report_in_english(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    entry = repo.submit(pid(repo, 7001), Kind.ISSUE, "east",
                        {"category": "septic", "text": PLACEHOLDER, "voice": VOICE,
                         "voice_seconds": 23})
    repo.approve(entry.id, pid(repo, 102), summary="化粪池满了")
    repo.set_language(pid(repo, 7001), "en")
    async with BotHarness(repo) as bot:
        mine = "\n".join(c.text for c in await bot.send(7001, "/mine"))
        mydata = "\n".join(c.text for c in await bot.send(7001, "/mydata"))
    for shown in (mine, mydata):
        assert f"#{entry.id}" in shown
        assert "Voice message (0:23), the volunteer's summary: 化粪池满了" in shown
        assert "语音留言" not in shown and "志愿者摘要" not in shown


async def test_mine_names_a_voice_report_in_chinese_as_the_site_does(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    entry = repo.submit(pid(repo, 7001), Kind.ISSUE, "east",
                        {"category": "septic", "text": PLACEHOLDER, "voice": VOICE,
                         "voice_seconds": 23})
    async with BotHarness(repo) as bot:
        waiting = "\n".join(c.text for c in await bot.send(7001, "/mine"))
        repo.approve(entry.id, pid(repo, 102), summary="化粪池满了")
        approved = "\n".join(c.text for c in await bot.send(7001, "/mine"))
    assert "语音留言（0:23）" in waiting and PLACEHOLDER not in waiting
    assert "语音留言（0:23），志愿者摘要：化粪池满了" in approved

