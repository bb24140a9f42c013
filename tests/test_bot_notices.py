"""Volunteers told of new entries in the background (bot/notices.py): one post for
one entry, one message listing them for a burst, promptly, to the area's
volunteers only, and none lost when the bot stops before they went."""

from __future__ import annotations

import asyncio
import logging

import pytest
from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident, pid

from bot.notices import NOTICES_KEY
from bot.settings import Settings
from db.entries import Kind, Status
from db.repository import Repository

HOME, WEST_HOME = "c1/1/1/101", "c2/1/1/101"
EAST_VOLUNTEERS, WEST_VOLUNTEER = (101, 102), 103


CATEGORIES = ("lighting", "safety", "pipes", "sanitation", "other")


async def report(bot, tid: int, text: str, category: str = "lighting") -> list:
    await bot.send(tid, "/report")
    await bot.press(tid, f"rep:cat:{category}")
    await bot.send(tid, text)
    await bot.press(tid, "rep:photos")
    await bot.press(tid, "rep:pn")
    return await bot.press(tid, "rep:ok")


async def pay(bot, tid: int) -> list:
    await bot.send(tid, "/pay")
    await bot.press(tid, "pay:fee:sanitation")
    await bot.press(tid, "pay:per:2025")
    await bot.send(tid, "120")
    await bot.send_photo(tid, jpeg_bytes())
    return await bot.press(tid, "pay:ok")


def posts_to(bot, chat: int) -> list:
    return [c for c in bot.request.calls if c.chat_id == chat and c.method == "sendMessage"
            and any(data.startswith("q:") for _, data in c.buttons())]


async def test_a_burst_of_reports_reaches_each_volunteer_as_one_message_listing_them(repo):
    residents = [7001 + i for i in range(4)]
    for tid in residents:
        confirmed_resident(repo, tid, HOME, 101)
    async with BotHarness(repo) as bot:
        bot.drain_notices = False
        bot.app.bot_data[NOTICES_KEY].window = 3600  # the burst comes within the window
        for n, tid in enumerate(residents):
            await report(bot, tid, f"第{n}盏路灯不亮，编号{n * 7919}")
        assert all(posts_to(bot, v) == [] for v in EAST_VOLUNTEERS)  # not yet
        await bot.app.bot_data[NOTICES_KEY].drain()
        issues = repo.entries(kind=Kind.ISSUE, status=Status.PENDING)
        assert len(issues) == 4
        for volunteer in EAST_VOLUNTEERS:
            [digest] = posts_to(bot, volunteer)
            assert digest.text.startswith("待审核（4 条）：")
            for issue in issues:
                assert f"#{issue.id} 报事" in digest.text and issue.data["text"] in digest.text
            assert [data for _, data in digest.buttons()] == [  # and 🙈 隐去名字 (hide_names)
                d for i in issues for d in (f"q:a:{i.id}", f"q:r:{i.id}", f"q:h:{i.id}")]
            assert f"#{issues[0].id} ✅ 通过" in [label for label, _ in digest.buttons()]
        # approving one from the list edits that message: its verdict, its buttons gone
        first = issues[0]
        [digest] = posts_to(bot, 101)
        await bot.press(102, f"q:a:{first.id}", message_id=digest.message_id, text=digest.text)
        edits = [c for c in bot.sent("editMessageText") if c.chat_id == 101]
        assert edits and f"#{first.id} ✅" in edits[-1].text.split("\n")[-1]
        left = [data for _, data in edits[-1].buttons()]
        assert left == [d for i in issues[1:] for d in (f"q:a:{i.id}", f"q:r:{i.id}",
                                                        f"q:h:{i.id}")]
    assert repo.entry(first.id).status == Status.APPROVED


@pytest.mark.parametrize("second", ["zh", "en"])
async def test_a_burst_is_described_once_a_language_for_all_the_volunteers_it_goes_to(
        repo, monkeypatch, second):
    import bot.notices as notices

    residents = [7001 + i for i in range(3)]
    for tid in residents:
        confirmed_resident(repo, tid, HOME, 101)
    repo.set_language(pid(repo, 102), second)
    described = []
    real = notices.describe_pending

    async def counting(context, entry, lang, named=False):
        described.append((entry.id, lang))
        return await real(context, entry, lang, named)

    monkeypatch.setattr(notices, "describe_pending", counting)
    async with BotHarness(repo) as bot:
        bot.drain_notices = False
        bot.app.bot_data[NOTICES_KEY].window = 3600
        for n, tid in enumerate(residents):
            await report(bot, tid, f"第{n}盏路灯不亮，编号{n * 7919}")
        await bot.app.bot_data[NOTICES_KEY].drain()
        issues = repo.entries(kind=Kind.ISSUE, status=Status.PENDING)
        [first], [other] = posts_to(bot, 101), posts_to(bot, 102)
    heads = {"zh": ("待审核（3 条）：", "报事"), "en": ("Waiting for approval (3):",
                                                "problem report")}
    for digest, lang in ((first, "zh"), (other, second)):
        head, kind = heads[lang]
        assert digest.text.startswith(head)
        assert all(f"#{issue.id} {kind}" in digest.text for issue in issues)
    assert sorted(described) == sorted({(i.id, lang) for i in issues for lang in ("zh", second)})


async def test_one_report_is_posted_alone_promptly_without_being_asked(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        bot.drain_notices = False
        bot.app.bot_data[NOTICES_KEY].window = 0.05
        await report(bot, 7001, "楼道灯坏了")
        await asyncio.sleep(0.5)  # the window passes; nobody drains
        [issue] = repo.entries(kind=Kind.ISSUE)
        for volunteer in EAST_VOLUNTEERS:
            [post] = posts_to(bot, volunteer)
            assert post.text.startswith("待审核：\n") and f"#{issue.id}" in post.text
            assert post.buttons() == [("✅ 通过", f"q:a:{issue.id}"),
                                      ("❌ 驳回", f"q:r:{issue.id}"),
                                      ("🙈 隐去名字…", f"q:h:{issue.id}")]


async def test_a_burst_with_receipts_sends_them_as_one_album_before_the_list(repo):
    for tid in (7001, 7002, 7003):
        confirmed_resident(repo, tid, HOME, 101)
    async with BotHarness(repo) as bot:
        bot.drain_notices = False
        bot.app.bot_data[NOTICES_KEY].window = 3600
        for tid in (7001, 7002, 7003):
            await pay(bot, tid)
        await bot.app.bot_data[NOTICES_KEY].drain()
        fees = repo.entries(kind=Kind.FEE_INCOME, status=Status.PENDING)
        assert len(fees) == 3
        to_volunteer = [c for c in bot.request.calls if c.chat_id == 102
                        and c.method in ("sendMediaGroup", "sendPhoto", "sendMessage")]
        assert [c.method for c in to_volunteer] == ["sendMediaGroup", "sendMessage"]
        captions = [m["caption"] for m in to_volunteer[0].params["media"]]
        assert all(f"#{f.id}" in c for f, c in zip(fees, captions, strict=True))
        assert "待审核（3 条）" in to_volunteer[1].text


async def test_other_areas_volunteers_get_nothing_and_cannot_decide_from_the_list(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    confirmed_resident(repo, 7002, HOME, 101)
    confirmed_resident(repo, 6001, WEST_HOME, WEST_VOLUNTEER)
    async with BotHarness(repo) as bot:
        bot.drain_notices = False
        bot.app.bot_data[NOTICES_KEY].window = 3600
        await report(bot, 7001, "东边一号楼路灯")
        await report(bot, 7002, "东边二号楼路灯")
        await bot.app.bot_data[NOTICES_KEY].drain()
        assert posts_to(bot, WEST_VOLUNTEER) == []
        assert len(posts_to(bot, 101)) == 1
        issue = repo.entries(kind=Kind.ISSUE)[0]
        forged = await bot.press(WEST_VOLUNTEER, f"q:a:{issue.id}")
        assert any("只有" in c.text for c in forged if c.text)
    assert repo.entry(issue.id).status == Status.PENDING


async def test_entries_not_yet_posted_when_the_bot_stopped_are_posted_at_the_next_start(
        repo, tmp_path, caplog):
    confirmed_resident(repo, 7001, HOME, 101)
    confirmed_resident(repo, 7002, HOME, 101)
    data = repo.store.root
    settings = Settings(token="123:TEST", data_dir=data, persistence=True,
                        site_url="https://example.org/")
    async with BotHarness(repo, settings=settings) as first:
        await report(first, 7001, "第一件：路灯")  # posted at once (drained)
        first.drain_notices = False
        notices = first.app.bot_data[NOTICES_KEY]
        notices.window = 3600
        await report(first, 7002, "第二件：水管")  # waits for its window...
        notices._waiting.clear()  # ... and the bot is killed before it goes
        assert [len(posts_to(first, v)) for v in EAST_VOLUNTEERS] == [1, 1]
    repo.close()
    repo = Repository.open(data)
    caplog.set_level(logging.INFO, logger="bot.notices")
    try:
        async with BotHarness(repo, settings=settings) as second:
            await second.app.bot_data[NOTICES_KEY].drain()
            # the operator's journal, Chinese first (it read 'posting 1 entries to …')
            assert "机器人停下时有 1 条待审核的记录还没有发给志愿者，现在发送 / posting 1 " \
                "entry to volunteers that waited when the bot stopped" in caplog.text
            posted, missed = sorted(repo.entries(kind=Kind.ISSUE), key=lambda e: e.id)
            for volunteer in EAST_VOLUNTEERS:
                [post] = posts_to(second, volunteer)
                assert f"#{missed.id}" in post.text and "水管" in post.text
                assert f"#{posted.id}" not in post.text  # posted before: not again
    finally:
        repo.close()


class _Killed(BaseException):
    """The bot killed in the middle of a round of posts."""


async def test_a_round_cut_short_by_a_crash_goes_on_where_it_stopped(repo, monkeypatch):
    """The chaos trial: killed while a round of posts went out one chat after the other
    (a receipt photo first), the bot posted the whole round again to the first chats at
    every start, and the last chats got nothing while it kept being killed."""
    import bot.notices

    confirmed_resident(repo, 7001, HOME, 101)
    data = repo.store.root
    settings = Settings(token="123:TEST", data_dir=data, persistence=True,
                        site_url="https://example.org/")
    real = bot.notices.post_pending

    async def killed_at_102(context, entry, chat_id, *args, **kwargs):
        if chat_id == 102:
            raise _Killed
        return await real(context, entry, chat_id, *args, **kwargs)

    monkeypatch.setattr(bot.notices, "post_pending", killed_at_102)
    async with BotHarness(repo, settings=settings) as first:
        first.drain_notices = False
        notices = first.app.bot_data[NOTICES_KEY]
        notices.window = 3600
        await pay(first, 7001)
        with pytest.raises(_Killed):
            await notices.send_round()  # 101's post went, then the process died
        assert len(posts_to(first, 101)) == 1 and posts_to(first, 102) == []
    repo.close()
    monkeypatch.setattr(bot.notices, "post_pending", real)
    repo = Repository.open(data)
    try:
        async with BotHarness(repo, settings=settings) as second:
            await second.app.bot_data[NOTICES_KEY].drain()
            fee = repo.entries(kind=Kind.FEE_INCOME, status=Status.PENDING)[-1]
            assert posts_to(second, 101) == []  # it has its post: not a second one
            [post] = posts_to(second, 102)
            assert f"#{fee.id}" in post.text
    finally:
        repo.close()


async def test_an_entry_whose_post_did_not_go_to_a_volunteer_is_posted_at_the_next_start(
        repo, monkeypatch):
    """Telegram out of reach for one volunteer's chat during the round (or the bot
    stopping meanwhile, its connection to Telegram closed: 'This HTTPXRequest is not
    initialized!'): the post did not go, yet the round counted the entry as posted, and
    that volunteer never got it, at this start or any later one."""
    import bot.notices

    confirmed_resident(repo, 7001, HOME, 101)
    data = repo.store.root
    settings = Settings(token="123:TEST", data_dir=data, persistence=True,
                        site_url="https://example.org/")
    real = bot.notices.post_pending

    async def not_to_102(context, entry, chat_id, *args, **kwargs):
        if chat_id == 102:
            return False  # what post_pending says when Telegram refused or was out of reach
        return await real(context, entry, chat_id, *args, **kwargs)

    monkeypatch.setattr(bot.notices, "post_pending", not_to_102)
    async with BotHarness(repo, settings=settings) as first:
        await report(first, 7001, "楼道灯不亮")
        assert len(posts_to(first, 101)) == 1 and posts_to(first, 102) == []
    repo.close()
    monkeypatch.setattr(bot.notices, "post_pending", real)
    repo = Repository.open(data)
    try:
        async with BotHarness(repo, settings=settings) as second:
            await second.app.bot_data[NOTICES_KEY].drain()
            issue = repo.entries(kind=Kind.ISSUE, status=Status.PENDING)[-1]
            assert posts_to(second, 101) == []  # it has its post: not a second one
            [post] = posts_to(second, 102)
            assert f"#{issue.id}" in post.text and "楼道灯不亮" in post.text
    finally:
        repo.close()


async def test_an_entry_written_but_not_yet_handed_over_is_posted_after_a_crash(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    confirmed_resident(repo, 7002, HOME, 101)
    data = repo.store.root
    settings = Settings(token="123:TEST", data_dir=data, persistence=True,
                        site_url="https://example.org/")
    async with BotHarness(repo, settings=settings) as first:
        # A flow wrote its entry and has not handed it over yet (its answer to the
        # resident is on its way) when another report's posts go and the mark is saved.
        written = repo.submit(pid(repo, 7001), Kind.ISSUE, "east",
                              {"category": "lighting", "text": "先写好的报事"})
        await report(first, 7002, "后来的报事")
        first.app.bot_data[NOTICES_KEY]._waiting.clear()  # killed before it is handed over
    repo.close()
    repo = Repository.open(data)
    try:
        async with BotHarness(repo, settings=settings) as second:
            await second.app.bot_data[NOTICES_KEY].drain()
            assert any(f"#{written.id}" in p.text and "先写好的报事" in p.text
                       for p in posts_to(second, 102))
    finally:
        repo.close()


async def test_after_a_restart_deciding_one_entry_of_a_list_keeps_the_others_buttons(repo):
    for tid in (7001, 7002, 7003):
        confirmed_resident(repo, tid, HOME, 101)
    async with BotHarness(repo) as bot:
        bot.drain_notices = False
        bot.app.bot_data[NOTICES_KEY].window = 3600
        for n, tid in enumerate((7001, 7002, 7003)):
            await report(bot, tid, f"第{n}号楼道灯坏了，编号{n * 104729}")
        await bot.app.bot_data[NOTICES_KEY].drain()
        [digest] = posts_to(bot, 102)
        bot.app.bot_data.pop("pending_posts")  # a restart forgets the posts it made
        first, *others = repo.entries(kind=Kind.ISSUE)
        pressed = {"message_id": digest.message_id, "date": 1735689600,
                   "chat": {"id": 102, "type": "private"}, "text": digest.text,
                   "from": {"id": 424242, "is_bot": True, "first_name": "Steward"},
                   "reply_markup": digest.params["reply_markup"]}
        await bot._feed({"callback_query": {"id": "1", "from": bot._user(102),
                                            "chat_instance": "ci", "data": f"q:a:{first.id}",
                                            "message": pressed}})
        [edit] = [c for c in bot.sent("editMessageText") if c.chat_id == 102]
        assert edit.text.startswith(digest.text) and f"#{first.id} ✅" in edit.text
        assert [d for _, d in edit.buttons()] == [
            d for e in others for d in (f"q:a:{e.id}", f"q:r:{e.id}", f"q:h:{e.id}")]
    assert repo.entry(first.id).status == Status.APPROVED


async def test_a_long_rejection_reason_on_a_full_list_keeps_every_verdict_readable(repo):
    residents = [7001 + i for i in range(5)]
    for tid in residents:
        confirmed_resident(repo, tid, HOME, 101)
    long_text = "东门外的路灯坏了，晚上很黑，老人出门不方便。" * 30  # clipped to 600 in the post
    reason = "已经和第一条合并，请看那一条的进展；" * 100  # a long reason (at most 4,000)
    async with BotHarness(repo) as bot:
        bot.drain_notices = False
        bot.app.bot_data[NOTICES_KEY].window = 3600
        # five categories: the same text in one would be named on each post as maybe
        # reported already (bot.post_notes), and the list would not fit one message
        for n, (tid, category) in enumerate(zip(residents, CATEGORIES, strict=False)):
            await report(bot, tid, f"{n}号：{long_text}", category)
        await bot.app.bot_data[NOTICES_KEY].drain()
        issues = repo.entries(kind=Kind.ISSUE, status=Status.PENDING)
        [digest] = posts_to(bot, 102)
        await bot.send(101, f"/reject {issues[0].id} {reason}")
        await bot.send(101, f"/approve {issues[1].id}")
    edits = [c for c in bot.request.calls if c.method == "editMessageText" and c.chat_id == 102
             and c.params["message_id"] == digest.message_id]
    last = edits[-1].text
    assert len(last.encode("utf-16-le")) // 2 <= 4096
    assert f"#{issues[0].id} ❌" in last and f"#{issues[1].id} ✅" in last  # both verdicts
    assert "已由物管会主任甲" in last.rsplit(f"#{issues[1].id} ✅", 1)[1]
    assert f"#{issues[4].id} " in last  # the last entry is still named


async def test_a_stop_waits_for_the_posts_a_bounded_time_and_the_rest_go_at_the_next_start(
        repo, monkeypatch, caplog):
    """A stop waited for every post still waiting, one chat after the other at Telegram's
    pace: with receipt photos to several chats it took over 20 s. It waits at most
    NOTICES_STOP_WAIT; what did not go is posted at the next start, once."""
    import bot.app
    import bot.notices

    confirmed_resident(repo, 7001, HOME, 101)
    data = repo.store.root
    settings = Settings(token="123:TEST", data_dir=data, persistence=True,
                        site_url="https://example.org/")
    real = bot.notices.post_pending

    async def slow_to_102(context, entry, chat_id, *args, **kwargs):
        if chat_id == 102:
            await asyncio.sleep(3600)  # Telegram's pace for a long round
        return await real(context, entry, chat_id, *args, **kwargs)

    monkeypatch.setattr(bot.notices, "post_pending", slow_to_102)
    monkeypatch.setattr(bot.app, "NOTICES_STOP_WAIT", 0.2)

    async def first_run() -> list:
        async with BotHarness(repo, settings=settings) as first:
            first.drain_notices = False
            first.app.bot_data[NOTICES_KEY].window = 3600
            await pay(first, 7001)
        return first.request.calls  # the stop (leaving the block) came back

    caplog.set_level(logging.WARNING, logger="bot.app")
    calls = await asyncio.wait_for(first_run(), timeout=30)
    assert "停下时还有发给志愿者的待审核记录没有发完（等了 0 秒），其余的下次启动时再发 / " \
        "stopped before every volunteers' post waiting went" in caplog.text, caplog.text
    assert [c for c in calls if c.chat_id == 101 and any(
        d.startswith("q:") for _, d in c.buttons())]  # 101's went within the wait
    repo.close()
    monkeypatch.setattr(bot.notices, "post_pending", real)
    repo = Repository.open(data)
    try:
        async with BotHarness(repo, settings=settings) as second:
            await second.app.bot_data[NOTICES_KEY].drain()
            fee = repo.entries(kind=Kind.FEE_INCOME, status=Status.PENDING)[-1]
            assert posts_to(second, 101) == []  # posted before the stop: not again
            [post] = posts_to(second, 102)
            assert f"#{fee.id}" in post.text
    finally:
        repo.close()
