"""Telegram's flood control at busy moments (429 Too Many Requests with a
retry_after): nothing is lost, nothing sent twice, the wait is honoured. Against
the Bot API emulator, through the application ``steward run`` builds."""

from __future__ import annotations

from collections import Counter

from bot_api_emulator import BotApiEmulator
from robust_support import EAST_VOLUNTEERS, make_data
from tg_faults_support import Running, until

from bot.offline import jpeg_bytes
from db.entries import Status

VOLUNTEER, OTHER = EAST_VOLUNTEERS
RESIDENT = 7001


def posts(api, chat, since=0):
    return [c for c in api.calls[since:] if c.chat_id == chat and c.method == "sendMessage"
            and any(d.startswith("q:a:") for _t, d in c.buttons())]


async def test_pending_lists_every_entry_once_when_telegram_refuses_a_post_with_429(
        tmp_path):
    data = make_data(tmp_path)
    with BotApiEmulator() as api:
        async with Running(api, data) as bot:
            waiting = [e.id for e in bot.repo.pending_for(
                bot.repo.person_by_telegram(VOLUNTEER)["id"])]
            api.too_many("sendMessage", 1, chat=VOLUNTEER, after=1)  # the first post
            since = api.message(VOLUNTEER, "/pending")
            await until(lambda: len([d for c in posts(api, VOLUNTEER, since)
                                     for _t, d in c.buttons()
                                     if d.startswith("q:a:")]) >= len(waiting))
            await bot.settled()
    shown = [int(d.split(":")[-1]) for c in posts(api, VOLUNTEER, since)
             for _t, d in c.buttons() if d.startswith("q:a:")]
    assert len(waiting) >= 2 and sorted(shown) == sorted(waiting)  # each once
    [(method, refused, _answer)] = api.faulted
    [header, first, *_rest] = [c for c in api.calls[since:] if c.chat_id == VOLUNTEER]
    assert first.text == refused["text"]
    assert first.at - header.at >= 1.0  # its retry_after waited out


async def test_a_decision_shows_on_every_post_when_an_edit_is_refused_with_429(tmp_path):
    data = make_data(tmp_path)
    with BotApiEmulator(strict_edits=True) as api:
        async with Running(api, data) as bot:
            since = await bot.report(RESIDENT, "路灯坏了三天")
            await until(lambda: posts(api, VOLUNTEER, since) and posts(api, OTHER, since))
            [post] = posts(api, VOLUNTEER, since)
            entry = int(post.buttons()[0][1].split(":")[-1])
            api.too_many("editMessageText", 1, times=2)
            pressed = api.press_on(VOLUNTEER, VOLUNTEER, bot.message_id(VOLUNTEER, post),
                                   f"q:a:{entry}")
            told = await bot.answer(pressed, RESIDENT, f"#{entry}")
            await until(lambda: {c.chat_id for c in api.calls[pressed:]
                                 if c.method == "editMessageText"} >= {VOLUNTEER, OTHER})
            assert bot.repo.entry(entry).status == Status.APPROVED
    edits = [c for c in api.calls[pressed:] if c.method == "editMessageText"]
    assert Counter(c.chat_id for c in edits) == {VOLUNTEER: 1, OTHER: 1}
    assert all("通过" in c.text and not c.buttons() for c in edits)
    assert len([m for m, _p, _a in api.faulted if m == "editMessageText"]) == 2
    assert [c for c in api.calls[pressed:] if c.chat_id == RESIDENT] == [told]


async def test_a_reports_album_reaches_the_volunteers_before_its_post_after_a_429(tmp_path):
    data = make_data(tmp_path)
    with BotApiEmulator() as api:
        async with Running(api, data) as bot:
            await bot.say(RESIDENT, "/report")
            await bot.tap(RESIDENT, "rep:cat:lighting")
            await bot.say(RESIDENT, "路灯坏了三天")
            for i in range(2):
                await bot.answer(api.photo(RESIDENT, jpeg_bytes((60 + i, 40), label=str(i))),
                                 RESIDENT, "照片")
            await bot.tap(RESIDENT, "rep:photos")
            await bot.tap(RESIDENT, "rep:pn")
            api.too_many("sendMediaGroup", 1)
            since = len(api.calls)
            await bot.tap(RESIDENT, "rep:ok", "#")
            await until(lambda: posts(api, VOLUNTEER, since) and posts(api, OTHER, since))
    for chat in (VOLUNTEER, OTHER):
        mine = [c.method for c in api.calls[since:] if c.chat_id == chat]
        assert mine == ["sendMediaGroup", "sendMessage"], (chat, mine)
    assert [m for m, _p, _a in api.faulted] == ["sendMediaGroup"]
