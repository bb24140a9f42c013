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
        assert "🎤 0:23: 化粪池满了" in shown  # short, as a list's line on a phone
        assert "语音" not in shown and "志愿者摘要" not in shown


async def test_mine_names_a_voice_report_in_chinese_short_for_a_phone(repo):
    """我的 read '#1 报事（…）：化粪池/下水道：语音留言（0:23），志愿者摘要：化粪池满了': the
    site's words, most of a phone's line before the summary."""
    confirmed_resident(repo, 7001, HOME, 101)
    entry = repo.submit(pid(repo, 7001), Kind.ISSUE, "east",
                        {"category": "septic", "text": PLACEHOLDER, "voice": VOICE,
                         "voice_seconds": 23})
    async with BotHarness(repo) as bot:
        waiting = "\n".join(c.text for c in await bot.send(7001, "/mine"))
        repo.approve(entry.id, pid(repo, 102), summary="化粪池满了")
        approved = "\n".join(c.text for c in await bot.send(7001, "/mine"))
    assert "🎤语音 0:23" in waiting and PLACEHOLDER not in waiting
    assert "🎤语音 0:23：化粪池满了" in approved and "志愿者摘要" not in approved



async def test_the_choice_of_a_text_to_correct_names_a_voice_report_in_english(repo):
    """✏️ Correct what I published listed '#2 problem report: 语音留言（0:23），志愿者摘要：…'."""
    confirmed_resident(repo, 7001, HOME, 101)
    entry = repo.submit(pid(repo, 7001), Kind.ISSUE, "east",
                        {"category": "septic", "text": PLACEHOLDER, "voice": VOICE,
                         "voice_seconds": 23})
    repo.approve(entry.id, pid(repo, 102), summary="化粪池满了")
    repo.submit(pid(repo, 7001), Kind.OPINION, "east", {"text": "装快递柜"})
    repo.approve(entry.id + 1, pid(repo, 102))
    repo.set_language(pid(repo, 7001), "en")
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/correct")
    labels = [label for c in calls for label, _ in c.buttons()]
    # short on a button, as a phone cuts its end (test_bot_work_voice_lines)
    assert f"#{entry.id} problem report: 🎤 0:23: 化粪池满了" in labels, labels
    assert not any("语音留言" in label for label in labels)


async def _posts_beside_an_approved_voice_report(repo, volunteer_lang):
    """An approved voice report, then three entries whose posts name it: a typed report
    alike, an expense spent on it, a correction of it; /pending of volunteer 102."""
    confirmed_resident(repo, 7001, HOME, 101)
    voiced = repo.submit(pid(repo, 7001), Kind.ISSUE, "east",
                         {"category": "septic", "text": PLACEHOLDER, "voice": VOICE,
                          "voice_seconds": 12})
    repo.approve(voiced.id, pid(repo, 101), summary="化粪池满了")
    repo.submit(pid(repo, 7001), Kind.ISSUE, "east",
                {"category": "septic", "text": "3号楼化粪池满了"})
    repo.submit(pid(repo, 101), Kind.EXPENSE, "east",
                {"amount_fen": 5000, "payee": "清掏队", "purpose": "清掏化粪池",
                 "category": "repair", "issue": voiced.id})
    repo.submit(pid(repo, 7001), Kind.CORRECTION, "east",
                {"corrects": voiced.id, "text": "3号楼化粪池满了", "reason": "写上楼号"})
    repo.set_language(pid(repo, 102), volunteer_lang)
    async with BotHarness(repo) as bot:
        return voiced.id, "\n".join(c.text for c in await bot.send(102, "/pending"))


async def test_an_english_volunteers_posts_name_a_voice_report_in_english(repo):
    """The posts an English-speaking volunteer approves from read '⚠️ Maybe reported
    already: #1 (accepted) 语音留言（0:12），志愿者摘要：化粪池满了', 'Spent on report: #1
    语音留言…' and 'Corrects #1, which reads now: 语音留言…'."""
    voiced, posts = await _posts_beside_an_approved_voice_report(repo, "en")
    assert f"Maybe reported already: #{voiced} (accepted) 🎤 0:12: 化粪池满了" in posts
    assert f"Spent on report: #{voiced} 🎤 0:12: 化粪池满了" in posts
    assert (f"Corrects #{voiced}, which reads now: Voice message (0:12), the volunteer's "
            "summary: 化粪池满了") in posts
    assert "语音" not in posts and "志愿者摘要" not in posts


async def test_a_chinese_volunteers_posts_name_a_voice_report_short_and_in_full(repo):
    """The report a post names in passing, short (🎤语音 0:12：…); the words a correction
    replaces, in full, as the site writes them."""
    voiced, posts = await _posts_beside_an_approved_voice_report(repo, "zh")
    said = "语音留言（0:12），志愿者摘要：化粪池满了"
    assert f"可能已有人报过：#{voiced}（已受理）🎤语音 0:12：化粪池满了" in posts
    assert f"用于报事：#{voiced} 🎤语音 0:12：化粪池满了" in posts
    assert f"更正 #{voiced}，现在的内容是：{said}" in posts


async def test_an_english_volunteers_open_reports_name_a_voice_report_in_english(repo):
    """/close's usage, "Handle reports", /resolve without its note and a note on site
    listed an approved voice report as '#1 语音留言（0:12），志愿者摘要：化粪池满了' to a
    volunteer who reads English."""
    confirmed_resident(repo, 7001, HOME, 101)
    voiced = repo.submit(pid(repo, 7001), Kind.ISSUE, "east",
                         {"category": "septic", "text": PLACEHOLDER, "voice": VOICE,
                          "voice_seconds": 12})
    repo.approve(voiced.id, pid(repo, 101), summary="化粪池满了")
    repo.set_language(pid(repo, 102), "en")
    said = []
    async with BotHarness(repo) as bot:
        for text in ("/close", "Handle reports", f"/resolve {voiced.id}",
                     f"{voiced.id} 已修好"):
            said.append("\n".join(c.text for c in await bot.send(102, text)
                                  if c.chat_id == 102))
    for i, text in enumerate(said):
        # Handle reports says the length and where (test_bot_work_voice_lines)
        named = "🎤 0:12, 东小区" if i == 1 else "🎤 0:12: 化粪池满了"
        assert f"#{voiced.id}" in text and named in text and "化粪池满了" in text, text
        assert "语音" not in text and "志愿者摘要" not in text, text
