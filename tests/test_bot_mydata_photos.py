"""/mydata says, and its file holds, the photos the bot keeps for her that she has not
sent: a photo sent alone into the chat is kept for a report (照片先替您留着), and /mydata's
"还没有发出、只为您保留的" line named the words she typed alone, never the photo (found
trying the rights as a resident of the demo, steward chat)."""

from __future__ import annotations

import json

from bot_harness import BotHarness
from conftest import confirmed_resident
from test_site_helpers import photo_bytes

from db.entries import Kind
from db.media import MediaStore


async def test_mydata_names_the_photo_kept_for_her_and_files_it(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        kept = (await bot.send_photo(7001))[-1].text
        shown = await bot.send(7001, "/mydata")
        filed = await bot.press(7001, next(d for t, d in shown[-1].buttons() if "文件" in t))
        repo.set_language(repo.person_by_telegram(7001)["id"], "en")
        english = (await bot.send(7001, "/mydata"))[0].text
    assert "照片先替您留着" in kept
    assert "• 还没有发出、只为您保留的：您发来的 1 张照片" in shown[0].text, shown[0].text
    assert "• Not sent yet, kept for you only: the 1 photo(s) you sent" in english, english
    [doc] = [c for c in filed if c.method == "sendDocument"]
    [(_, body)] = doc.params["_files"].values()
    [photo] = json.loads(body)["unfinished_steps"]["said_photos"]
    assert photo.endswith(".jpg")


async def test_mydata_says_which_of_her_entries_keep_photos(repo):
    """Her report's two photos (published with it) and her fee's receipt photo (seen by
    the volunteers only) were in /mydata's file alone: the list in the chat said nothing
    of them."""
    person = confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    media = MediaStore(repo.store.root)
    photos = [media.save_photo(photo_bytes(c)) for c in ("green", "red")]
    report = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": "门口路灯坏了", "photos": photos})
    fee = repo.submit(person, Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": "2025", "amount_fen": 12000,
        "household": "c1/1/1/101", "receipt": media.save_photo(photo_bytes("blue"))})
    async with BotHarness(repo) as bot:
        zh = (await bot.send(7001, "/mydata"))[0].text
        repo.set_language(person, "en")
        en = (await bot.send(7001, "/mydata"))[0].text
    assert f"#{report.id} 2025-01-01 路灯照明：门口路灯坏了（照片 2 张） —— " in zh, zh
    assert f"#{fee.id} 2025-01-01 卫生费 2025 ¥120.00（收据照片，只给志愿者看） —— " in zh, zh
    assert "门口路灯坏了 (2 photo(s)) — " in en, en
    assert "(receipt photo, seen by the volunteers only) — " in en, en
