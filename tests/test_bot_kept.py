"""A draft left in the middle of its flow by a menu button or a command is kept, and
taken up again with 继续填写 (or on starting the same flow again); 放弃 and the time
limit drop it, saying so; stale and forged buttons change nothing (bot/kept.py)."""

from __future__ import annotations

import types

import pytest
from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident, pid, the_hour_is_over
from robust_support import RobustHarness, make_data, settings_for

from bot import kept
from bot.settings import Settings
from db.entries import Kind
from db.repository import Repository

HOME = "c1/1/1/101"
KEPT_NOTE = "您没填完的“报事”先为您保留 24 小时"
GONE = "已经不在了"
STILL_KEPT = "这次没有做任何事：您没填完的“报事”还为您保留着"


def _data(calls, label: str) -> str:
    [data] = [d for c in calls for t, d in c.buttons() if t == label]
    return data


async def _report_left_at_photos(bot: BotHarness, uid: int = 5001) -> list:
    """A report with its category and description, left at the photos step by 账目."""
    await bot.send(uid, "/report")
    await bot.press(uid, "rep:cat:lighting")
    asked = await bot.send(uid, "3号楼门口的路灯坏了一个星期")
    assert "照片" in asked[-1].text
    return await bot.send(uid, "账目")


async def test_a_menu_button_mid_report_keeps_it_and_continue_takes_it_up_where_it_was(repo):
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        calls = await _report_left_at_photos(bot)
        texts = [c.text for c in calls if c.text]
        assert KEPT_NOTE in texts[0] and "没有保存" not in texts[0]
        assert [t for t, _ in calls[0].buttons()] == ["继续填写", "放弃"]
        assert "账目" in texts[-1]  # the button pressed did what it does
        go = _data(calls, "继续填写")
        calls = await bot.press(5001, go)
        texts = [c.text for c in calls if c.text]
        # one message says what she had written, the next asks the step she left
        assert texts[0] == "接着填写您的“报事”：\n已填写：路灯照明 · “3号楼门口的路灯坏了一个星期”"
        assert len(texts) == 2 and "照片" in texts[-1]
        await bot.press(5001, "rep:photos")
        await bot.press(5001, "rep:pn")
        summary = [c.text for c in await bot.send(5001, "好的") if c.text][-1]
        assert "3号楼门口的路灯坏了一个星期" in summary
        await bot.press(5001, "rep:ok")
        again = await bot.press(5001, go)  # the note's button once more: nothing twice
        assert GONE in again[-1].text
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["text"] == "3号楼门口的路灯坏了一个星期"
    assert issue.data["category"] == "lighting"


async def test_starting_the_same_flow_again_offers_the_kept_draft(repo):
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        note = await _report_left_at_photos(bot)
        calls = await bot.send(5001, "报事")
        assert "您有一份没填完的“报事”" in calls[0].text and len(calls) == 1
        assert [t for t, _ in calls[0].buttons()] == ["继续填写", "重新开始"]
        fresh = await bot.press(5001, _data(calls, "重新开始"))
        assert "是什么问题" in fresh[-1].text  # a new report, from its first step
        stale = await bot.press(5001, _data(note, "继续填写"))
        assert GONE in stale[-1].text
        # the report pressed 报事 in the middle of: kept, offered, no second note
        await bot.press(5001, "rep:cat:sanitation")
        await bot.send(5001, "楼道里堆满了垃圾")
        calls = await bot.send(5001, "报事")
        assert len(calls) == 1 and "您有一份没填完的“报事”" in calls[0].text
        resumed = await bot.press(5001, _data(calls, "继续填写"))
        assert "照片" in resumed[-1].text
    assert repo.entries(kind=Kind.ISSUE) == []


async def test_a_fee_report_left_by_start_keeps_its_amount(repo):
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/pay")
        await bot.press(5001, "pay:fee:property")
        await bot.press(5001, "pay:per:2025-01")
        await bot.send(5001, "88")
        calls = await bot.send(5001, "/start")
        assert "您没填完的“缴费登记”先为您保留" in calls[0].text
        calls = await bot.press(5001, _data(calls, "继续填写"))
        texts = [c.text for c in calls if c.text]
        assert texts[0] == "接着填写您的“缴费登记”：\n已填写：物业费 · 2025-01 · ¥88.00"
        assert "¥88.00" in calls[-1].text and "收据" in calls[-1].text
        summary = await bot.press(5001, "pay:skip")
        assert "¥88.00" in summary[-1].text
        await bot.press(5001, "pay:ok")
    [fee] = repo.entries(kind=Kind.FEE_INCOME)
    assert fee.data["amount_fen"] == 8800 and fee.data["period"] == "2025-01"


async def test_discard_drops_it_and_the_flow_starts_fresh(repo):
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        note = await _report_left_at_photos(bot)
        calls = await bot.press(5001, _data(note, "放弃"))
        assert "没填完的“报事”已放弃，没有保存" in calls[-1].text
        assert any(c.method == "editMessageReplyMarkup" for c in calls)  # buttons taken off
        calls = await bot.send(5001, "报事")
        assert "是什么问题" in calls[-1].text and len(calls) == 1
        stale = await bot.press(5001, _data(note, "继续填写"))
        assert GONE in stale[-1].text


async def test_forged_and_other_peoples_buttons_change_nothing(repo):
    confirmed_resident(repo, 5001, HOME, 101)
    confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    async with BotHarness(repo) as bot:
        note = await _report_left_at_photos(bot)
        go = _data(note, "继续填写")
        # another resident pressing data copied from it: theirs holds no such draft
        assert GONE in (await bot.press(5002, go))[-1].text
        for forged in ("kept:go:report:0123456789", "kept:no:report:0123456789"):
            assert GONE in (await bot.press(5001, forged))[-1].text
        for forged in ("kept:go:report", "kept:go:nosuch:abc", "kept:zz:report:x",
                       "kept:no:vote:abc"):
            assert "按钮已失效" in (await bot.press(5001, forged))[-1].text, forged
        # still kept, and still taken up by the right button
        calls = await bot.press(5001, go)
        assert "照片" in calls[-1].text


async def test_someone_no_longer_a_resident_of_the_area_cannot_take_it_up(repo):
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        note = await _report_left_at_photos(bot)
        confirmed_resident(repo, 5001, "c2/1/1/101", 103)  # moved house meanwhile
        calls = await bot.press(5001, _data(note, "继续填写"))
        assert "住户信息有变化" in calls[-1].text
        later = await bot.send(5001, "1张")
        assert "照片" not in later[-1].text  # not back in the report
        assert "kept" not in bot.app.user_data[5001]


async def test_leaving_again_right_after_taking_it_up_keeps_it_again(repo):
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        note = await _report_left_at_photos(bot)
        await bot.press(5001, _data(note, "继续填写"))
        calls = await bot.send(5001, "我的")
        assert KEPT_NOTE in calls[0].text
        calls = await bot.press(5001, _data(calls, "继续填写"))
        assert "照片" in calls[-1].text


async def test_a_kept_draft_expires_after_a_day_and_its_owner_is_told(repo,
                                                                                monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(kept, "time", types.SimpleNamespace(time=lambda: now[0]))
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=False,
                        site_url="https://example.org/", conversation_timeout=600.0)
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo, settings=settings) as bot:
        note = await _report_left_at_photos(bot)
        assert "保留 24 小时" in note[0].text  # as one left idle: no longer the 10 minutes
        job = types.SimpleNamespace(application=bot.app)
        now[0] += kept.IDLE_KEPT - 1
        assert await kept.sweep_kept(job) == 0
        now[0] += 2
        assert await kept.sweep_kept(job) == 1
        told = bot.texts_to(5001)[-1]
        assert "您没填完的“报事”已保留 24 小时，现在作废了，没有提交" in told
        # what she wrote is not lost with it: kept, with the buttons that send it
        assert "您写的话先替您留着：“3号楼门口的路灯坏了一个星期”" in told
        assert [d for _, d in bot.sent()[-1].buttons()] == ["rep:said", "op:said"]
        assert await kept.sweep_kept(job) == 0  # told once
        stale = await bot.press(5001, _data(note, "继续填写"))
        assert GONE in stale[-1].text
        calls = await bot.send(5001, "报事")
        assert "是什么问题" in calls[-1].text
        await bot.send(5001, "/cancel")
        calls = await bot.press(5001, "rep:said")  # later: the words and their category
        assert "类别：路灯照明" in "\n".join(c.text for c in calls) and "照片" in calls[-1].text


def _idle_clock(monkeypatch) -> tuple[list[float], list[float]]:
    """The flows' and the kept drafts' clocks, to be moved on by hand: (monotonic, wall)."""
    from bot import conversation

    mono, wall = [1000.0], [1_000_000.0]
    monkeypatch.setattr(conversation, "time", types.SimpleNamespace(monotonic=lambda: mono[0],
                                                                    time=lambda: wall[0]))
    monkeypatch.setattr(kept, "time", types.SimpleNamespace(time=lambda: wall[0]))
    return mono, wall


async def _end_idle(bot: BotHarness, mono: list[float], wall: list[float],
                    seconds: float = 1000) -> None:
    """``seconds`` later, every flow idle that long ends (the sweep, run by hand)."""
    from bot.conversation import IdleConversation

    mono[0] += seconds
    wall[0] += seconds
    for handler in [h for hs in bot.app.handlers.values() for h in hs
                    if isinstance(h, IdleConversation)]:
        await handler.end_idle(bot.app)


IDLE_SETTINGS = dict(token="123:TEST", persistence=False, site_url="https://example.org/",
                     conversation_timeout=900.0)
TIMED_OUT_KEPT = ("您有一阵子没有回复，刚才填的先停下了，还没有交给志愿者。\n"
                  "您没填完的“{flow}”先为您保留 24 小时，"
                  "要接着填请点“继续填写”。")


async def test_a_report_left_idle_keeps_its_photo_and_place_to_be_taken_up(repo, monkeypatch):
    """She chose the category, wrote, sent a photo, chose the building and left her phone:
    15 minutes on she read 操作超时，没有提交 and 把这段话作为报事提交 with her words only,
    the category, photo and building gone. Now the whole draft is kept for a day, as one
    left by a menu button is: 继续填写 shows it with its photo and building, and 提交 sends
    it."""
    mono, wall = _idle_clock(monkeypatch)
    settings = Settings(data_dir=repo.store.root, **IDLE_SETTINGS)  # type: ignore[arg-type]
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo, settings=settings) as bot:
        await _report_to_its_photo(bot)
        await bot.press(5001, "rep:photos")
        await bot.press(5001, "rep:pb:0:0")
        summary = await bot.press(5001, "rep:pw:0:0")
        assert "照片：1 张" in summary[-1].text and "1号楼" in summary[-1].text
        await _end_idle(bot, mono, wall)
        told = bot.sent()[-1]
        assert told.text == TIMED_OUT_KEPT.format(flow="报事")
        assert [t for t, _ in told.buttons()] == ["继续填写", "放弃"]
        wall[0] += 23 * 3600  # the next morning
        assert await kept.sweep_kept(types.SimpleNamespace(application=bot.app)) == 0
        calls = await bot.press(5001, _data([told], "继续填写"))
        summary = calls[-1].text
        assert "请核对您的报事" in summary and "类别：路灯照明" in summary
        assert "照片：1 张" in summary and "位置：东小区 1号楼" in summary
        await bot.press(5001, "rep:ok")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["category"] == "lighting" and len(issue.data["photos"]) == 1
    assert issue.data["text"] == "3号楼门口的路灯坏了一个星期" and issue.data.get("building")


async def test_reporting_typed_words_offers_the_kept_report_before_replacing_it(
        repo, monkeypatch):
    """A report with a photo timed out and was kept. She typed a sentence and pressed 📝
    under it: a new report started, and when she left it too it replaced the kept one,
    photo and all, without a word. Now 📝 first offers the kept report (继续填写 /
    重新开始); 重新开始 starts the report with her words, as 📝 would have."""
    mono, wall = _idle_clock(monkeypatch)
    settings = Settings(data_dir=repo.store.root, **IDLE_SETTINGS)  # type: ignore[arg-type]
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo, settings=settings) as bot:
        await _report_to_its_photo(bot)
        await _end_idle(bot, mono, wall)
        assert bot.sent()[-1].text == TIMED_OUT_KEPT.format(flow="报事")
        missed = await bot.send(5001, "还有一件事")  # told once that it missed the report
        assert [t for t, _ in missed[-1].buttons()] == ["继续填写", "放弃"]
        typed = await bot.send(5001, "2号楼的垃圾好几天没人清了")
        assert "rep:said" in [d.split("~")[0] for c in typed for _, d in c.buttons()]
        offered = await bot.press(5001, "rep:said")
        assert "您有一份没填完的“报事”" in offered[-1].text
        assert [t for t, _ in offered[-1].buttons()] == ["继续填写", "重新开始"]
        assert "flow:report" not in bot.app.user_data[5001]  # no new report started
        [photo] = bot.app.user_data[5001]["kept"]["report"]["draft"]["photos"]
        calls = await bot.press(5001, _data(offered, "重新开始"))
        assert "2号楼的垃圾好几天没人清了" in bot.app.user_data[5001]["flow:report"]["text"]
        assert "report" not in bot.app.user_data[5001].get("kept", {})
        assert calls[-1].text  # asked the next step of the new report


async def test_a_report_kept_after_its_timeout_goes_after_a_day_keeping_its_words(
        repo, monkeypatch):
    """A day after its timeout the kept report goes, and she is told so; her words stay to
    be sent (把这段话作为报事提交), as they did at the timeout before."""
    mono, wall = _idle_clock(monkeypatch)
    settings = Settings(data_dir=repo.store.root, **IDLE_SETTINGS)  # type: ignore[arg-type]
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo, settings=settings) as bot:
        await _report_to_its_photo(bot)
        await _end_idle(bot, mono, wall)
        note = bot.sent()[-1]
        assert note.text == TIMED_OUT_KEPT.format(flow="报事")
        assert "flow:report" not in bot.app.user_data[5001]  # kept once, in user_data["kept"]
        photos = bot.app.user_data[5001]["kept"]["report"]["draft"]["photos"]
        assert len(photos) == 1
        job = types.SimpleNamespace(application=bot.app)
        wall[0] += 24 * 3600 + 1
        assert await kept.sweep_kept(job) == 1
        told = bot.sent()[-1]
        assert "您没填完的“报事”已保留 24 小时，现在作废了，没有提交" in told.text
        assert "“3号楼门口的路灯坏了一个星期”" in told.text
        assert [d for _, d in told.buttons()] == ["rep:said", "op:said"]
        assert "kept" not in bot.app.user_data[5001]
        stale = await bot.press(5001, _data([note], "继续填写"))
        assert GONE in stale[-1].text
        calls = await bot.press(5001, "rep:said")
        assert "类别：路灯照明" in "\n".join(c.text for c in calls) and "照片" in calls[-1].text


async def test_a_fee_report_left_idle_keeps_its_amount_period_and_receipt(repo, monkeypatch):
    """Left idle at its summary, a fee report timed out with 操作超时，没有保存: its fee,
    period, amount and receipt photo gone. Now 继续填写 brings them back."""
    mono, wall = _idle_clock(monkeypatch)
    settings = Settings(data_dir=repo.store.root, **IDLE_SETTINGS)  # type: ignore[arg-type]
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo, settings=settings) as bot:
        await bot.send(5001, "/pay")
        await bot.press(5001, "pay:fee:property")
        await bot.press(5001, "pay:per:2025-01")
        await bot.send(5001, "120.50")
        summary = await bot.send_photo(5001, jpeg_bytes((40, 30)))
        assert "收据照片：有" in summary[-1].text
        await _end_idle(bot, mono, wall)
        told = bot.sent()[-1]
        assert told.text == TIMED_OUT_KEPT.format(flow="缴费登记")
        calls = await bot.press(5001, _data([told], "继续填写"))
        assert "¥120.50" in calls[-1].text and "收据照片：有" in calls[-1].text
        await bot.press(5001, "pay:ok")
    [fee] = repo.entries(kind=Kind.FEE_INCOME)
    assert fee.data["amount_fen"] == 12050 and fee.data["period"] == "2025-01"
    assert fee.data.get("receipt")


async def test_an_opinion_left_idle_keeps_the_proposal_it_is_about(repo, monkeypatch):
    """An opinion on a proposal, left idle at its confirmation: before, only her words
    were offered again, as an opinion on nothing. Now 继续填写 brings back the proposal."""
    mono, wall = _idle_clock(monkeypatch)
    settings = Settings(data_dir=repo.store.root, **IDLE_SETTINGS)  # type: ignore[arg-type]
    confirmed_resident(repo, 5001, HOME, 101)
    p = repo.create_proposal(pid(repo, 101), "east", title="更换路灯", description="LED",
                             budget_fen=360000, rule="simple_majority", deadline="2025-12-31")
    async with BotHarness(repo, settings=settings) as bot:
        await bot.send(5001, "/opinion")
        await bot.press(5001, f"op:p:{p.id}")
        await bot.send(5001, "灯要选暖光的")
        await _end_idle(bot, mono, wall)
        told = bot.sent()[-1]
        assert told.text == TIMED_OUT_KEPT.format(flow="提意见")
        calls = await bot.press(5001, _data([told], "继续填写"))
        said = "\n".join(c.text for c in calls if c.text)
        assert "灯要选暖光的" in said
        await bot.press(5001, "op:ok")
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.data.get("proposal") == p.id and opinion.data["text"] == "灯要选暖光的"


async def test_a_report_kept_after_its_timeout_and_taken_up_waits_as_any_flow(
        repo, monkeypatch):
    """Taken up with 继续填写 a day's keep is not a day's wait: left again, it times out
    15 minutes on, and is kept again (a flow with nothing entered still just ends)."""
    mono, wall = _idle_clock(monkeypatch)
    settings = Settings(data_dir=repo.store.root, **IDLE_SETTINGS)  # type: ignore[arg-type]
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo, settings=settings) as bot:
        await bot.send(5001, "/report")
        await _end_idle(bot, mono, wall)
        told = bot.sent()[-1]
        assert told.text == ("您有一阵子没有回复，“报事”已经停下了，没有保存。要重新开始，请点下面"
                             "菜单里的按钮。") and told.buttons() == []
        await bot.send(5001, "/report")
        await bot.press(5001, "rep:cat:lighting")
        await bot.send(5001, "3号楼门口的路灯坏了一个星期")
        await _end_idle(bot, mono, wall)
        await bot.press(5001, _data([bot.sent()[-1]], "继续填写"))
        await _end_idle(bot, mono, wall)
        assert bot.sent()[-1].text == TIMED_OUT_KEPT.format(flow="报事")


async def test_a_report_left_idle_across_a_restart_is_kept_with_its_photo(repo):
    """A report at its photos step, the bot restarted, and nobody came back: the flow
    restored ended 15 minutes on with her words only. Now it is kept, photo and all, in
    her saved data: after another restart 继续填写 still takes it up."""
    import time

    from bot.conversation import IdleConversation

    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=True,
                        site_url="https://example.org/")
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo, settings=settings) as bot:
        await _report_to_its_photo(bot)
    async with BotHarness(repo, settings=settings) as bot:  # restarted
        [flow] = [h for hs in bot.app.handlers.values() for h in hs
                  if isinstance(h, IdleConversation) and h.name == "report"]
        now = time.monotonic()
        assert await flow.end_idle(bot.app, now=now) == 0
        assert await flow.end_idle(bot.app, now=now + 16 * 60) == 1
        note = bot.sent()[-1]
        assert note.text == TIMED_OUT_KEPT.format(flow="报事")
    saved = repo.store.get("bot/state", "users", 5001)["data"]
    assert len(saved["kept"]["report"]["draft"]["photos"]) == 1 and "flow:report" not in saved
    async with BotHarness(repo, settings=settings) as bot:  # restarted again
        calls = await bot.press(5001, _data([note], "继续填写"))
        assert "照片" in calls[-1].text
        await bot.press(5001, "rep:photos")
        await bot.press(5001, "rep:pn")
        await bot.press(5001, "rep:ok")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert len(issue.data["photos"]) == 1 and issue.data["category"] == "lighting"


def test_the_time_a_draft_is_kept_is_never_said_longer_than_it_is():
    """Kept 121 minutes more, a draft read 还保留 3 小时; now 2 小时 (whole hours, down)."""
    assert kept.span("zh", 15 * 60) == "15 分钟" and kept.span("zh", 120 * 60) == "120 分钟"
    assert kept.span("zh", 121 * 60) == "2 小时" and kept.span("zh", 179 * 60) == "2 小时"
    assert kept.span("zh", kept.IDLE_KEPT) == "24 小时" and kept.span("en", 3 * 3600) == "3 hours"


async def _report_to_its_photo(bot):
    """Resident 5001's report: its category, its words and one photo sent."""
    await bot.send(5001, "/report")
    await bot.press(5001, "rep:cat:lighting")
    await bot.send(5001, "3号楼门口的路灯坏了一个星期")
    await bot.send_photo(5001, jpeg_bytes((40, 30)))


async def _refused_at_submit(bot):
    """A report of one photo (with ``rate_limit_per_hour=1``: the hour's one submission)
    taken to its summary and 提交 pressed: the answer, refused for the limit."""
    await _report_to_its_photo(bot)
    await bot.press(5001, "rep:photos")
    await bot.press(5001, "rep:pn")
    return await bot.press(5001, "rep:ok")


async def test_a_report_refused_for_the_hours_limit_is_kept_until_it_may_go_when_left(
        repo, monkeypatch):
    """Refused at 提交 for the hour's limit, she is told 请 60 分钟后再试。您填写的内容会
    一直保留到那时. Pressing 我的 meanwhile, she read 先为您保留 15 分钟, and 15 minutes
    later it was discarded. Now it is kept as long as the flow would have waited (the
    wait and 15 minutes), and, taken up again, the flow waits as long."""
    from bot import conversation
    from bot.conversation import IdleConversation
    from bot.ratelimit import _LIMITERS

    mono, wall = [1000.0], [1_000_000.0]
    monkeypatch.setattr(conversation, "time", types.SimpleNamespace(monotonic=lambda: mono[0],
                                                                    time=lambda: wall[0]))
    monkeypatch.setattr(kept, "time", types.SimpleNamespace(time=lambda: wall[0]))
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=False,
                        site_url="https://example.org/", rate_limit_per_hour=1)
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo, settings=settings) as bot:
        refused = await _refused_at_submit(bot)
        assert "60 分钟后再试" in refused[-1].text and "保留到那时" in refused[-1].text
        note = await bot.send(5001, "我的")
        assert "您没填完的“报事”先为您保留 24 小时" in note[0].text
        job = types.SimpleNamespace(application=bot.app)
        mono[0] += 20 * 60
        wall[0] += 20 * 60
        assert await kept.sweep_kept(job) == 0  # still kept 20 minutes on
        calls = await bot.press(5001, _data(note, "继续填写"))
        assert "请核对您的报事" in calls[-1].text
        [flow] = [h for hs in bot.app.handlers.values() for h in hs
                  if isinstance(h, IdleConversation) and h.name == "report"]
        mono[0] += 20 * 60
        assert await flow.end_idle(bot.app) == 0  # taken up, it waits as long
        _LIMITERS[bot.app]._hits.clear()  # the hour is over
        await bot.press(5001, "rep:ok")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["text"] == "3号楼门口的路灯坏了一个星期"


async def test_a_report_refused_for_the_limit_is_kept_until_it_may_go_when_left_after_a_restart(
        repo):
    """Refused at 提交 for the hour's limit (told it is kept until then), the bot restarted,
    and she pressed 我的: she read 先为您保留 15 分钟, and it was discarded long before she
    might send it. Now it is kept as long as she was told (the wait and 15 minutes)."""
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=True,
                        site_url="https://example.org/", rate_limit_per_hour=1)
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo, settings=settings) as bot:
        await _refused_at_submit(bot)
    async with BotHarness(repo, settings=settings) as bot:  # restarted
        note = await bot.send(5001, "我的")
        assert "您没填完的“报事”先为您保留 24 小时" in note[0].text
        calls = await bot.press(5001, _data(note, "继续填写"))
        assert "请核对您的报事" in calls[-1].text and "照片：1 张" in calls[-1].text
        the_hour_is_over(bot.app, 5001)  # kept across the restart: it must pass
        await bot.press(5001, "rep:ok")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert len(issue.data["photos"]) == 1


@pytest.mark.parametrize("said, flow", [("rep:said", "报事"), ("op:said", "提意见")])
async def test_words_sent_as_a_report_or_opinion_and_left_by_a_menu_button_are_kept(
        repo, said, flow):
    """Words typed outside a flow, then 把这段话作为报事提交 (or 意见), then a menu button:
    her words were dropped without a word (the flow's start took them, and a start
    counted as nothing entered). Now they are kept, and taken up again."""
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "三号楼楼道的灯坏了好几天了")
        await bot.press(5001, said)
        note = await bot.send(5001, "账目")
        assert f"您没填完的“{flow}”先为您保留 24 小时" in note[0].text, note[0].text
        calls = await bot.press(5001, _data(note, "继续填写"))
        assert "三号楼楼道的灯坏了好几天了" in "\n".join(c.text for c in calls)


def _sealed(calls, confirm: str) -> str:
    [data] = [d for c in calls for _, d in c.buttons() if d.startswith(confirm + "~")]
    return data


async def test_a_question_refused_for_the_hours_limit_is_kept_as_told_when_left(repo):
    """Refused at 提交 for the hour's limit, her question was said kept until it may go
    (您填写的内容会一直保留到那时，到时再点上面的“提交”就行); she pressed 我的 meanwhile
    and read 您刚才在“提问”里填写的内容没有提交，也没有保存: it was gone, and 提交 above
    said what it was for had ended. Now it is kept as the other flows' drafts are: 我的
    says so with 继续填写, 提交 above says it is kept, 提问 (under 账目) offers it, and
    taken up once the hour is over it is sent."""
    from bot.ratelimit import _LIMITERS

    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=False,
                        site_url="https://example.org/", rate_limit_per_hour=1)
    confirmed_resident(repo, 5001, HOME, 101)
    p = repo.create_proposal(pid(repo, 101), "east", title="更换路灯", description="LED",
                             budget_fen=360000, rule="simple_majority", deadline="2025-12-31")
    async with BotHarness(repo, settings=settings) as bot:
        asked = await bot.send(5001, f"/ask #{p.id} 路灯选的是哪个牌子？")
        _LIMITERS[bot.app].hit(5001)  # the hour's one submission, made meanwhile
        refused = await bot.press(5001, _sealed(asked, "ask:ok"))
        assert "60 分钟后再试" in refused[-1].text and "保留到那时" in refused[-1].text
        note = await bot.send(5001, "我的")
        assert "您没填完的“提问”先为您保留 24 小时" in note[0].text, note[0].text
        assert "没有保存" not in " ".join(c.text for c in note)
        above = await bot.press(5001, _sealed(asked, "ask:ok"))
        [told] = [c for c in above if c.method == "sendMessage"]
        assert told.text.startswith("这次没有做任何事：您没填完的“提问”还为您保留着")
        offered = await bot.press(5001, "ask:go")  # 提问, under 账目 and 我的
        assert "您有一份没填完的“提问”（还保留 24 小时）" in offered[-1].text
        calls = await bot.press(5001, _data(offered, "继续填写"))
        assert "路灯选的是哪个牌子？" in calls[-1].text
        _LIMITERS[bot.app]._hits.clear()  # the hour is over
        stored = await bot.press(5001, _sealed(calls, "ask:ok"))
        assert "#" in stored[-1].text
    [question] = repo.entries(kind=Kind.QUESTION)
    assert question.data["text"] == "路灯选的是哪个牌子？"


async def test_a_button_of_a_kept_draft_says_it_is_kept_not_received_or_ended(repo):
    """Refused at 提交 for the hour's limit she is told to press 提交 above again later;
    she pressed 我的 meanwhile (her report kept), then 提交 above: she read 已经收到了，
    不用再点 (nothing was received), or half a minute later that what it was for had
    ended and to start again from the menu. Now she is told her report is kept, with
    继续填写 and 放弃; a draft left at another step likewise."""
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=False,
                        site_url="https://example.org/", rate_limit_per_hour=1)
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo, settings=settings) as bot:
        await _refused_at_submit(bot)  # kept until it may go
        await bot.send(5001, "我的")
        calls = await bot.press(5001, "rep:ok")  # 提交 above, again at once
        [told] = [c for c in calls if c.method == "sendMessage"]
        assert told.text.startswith(STILL_KEPT + "（还有 24 小时）")
        assert [t for t, _ in told.buttons()] == ["继续填写", "放弃"]
        assert not any("已经收到" in str(c.params) for c in calls)
        calls = await bot.press(5001, _data([told], "继续填写"))
        assert "请核对您的报事" in calls[-1].text
    assert repo.entries(kind=Kind.ISSUE) == []


async def test_a_button_of_a_draft_kept_at_another_step_says_it_is_kept(repo):
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _report_left_at_photos(bot)
        calls = await bot.press(5001, "rep:photos")  # 没有照片，继续 above
        told = [c for c in calls if c.method == "sendMessage"][-1]
        assert told.text.startswith(STILL_KEPT + "（还有 24 小时）")
        assert "已失效" not in told.text
        assert [t for t, _ in told.buttons()] == ["继续填写", "放弃"]


async def test_a_flow_that_cannot_be_taken_up_again_still_says_it_was_not_kept(repo):
    # /grant says nothing of resuming: its draft goes as before (/announce and /correct,
    # the examples here before, keep theirs now)
    repo.ensure_person(5001, name="马红")
    async with BotHarness(repo) as bot:
        await bot.send(900, "/grant")
        await bot.send(900, "马红")  # who: a step taken
        calls = await bot.send(900, "账目")
        assert "“设志愿者或监督员（/grant）”里填写的内容没有提交，也没有保存" in calls[0].text
        assert calls[0].buttons() == []
        assert "kept" not in bot.app.user_data[900]


async def test_a_kept_draft_outlives_a_restart_and_its_expiry_is_saved(tmp_path, monkeypatch):
    data = make_data(tmp_path)
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:property")
        await bot.press(7001, "pay:per:2025-01")
        await bot.send(7001, "66")
        note = await bot.send(7001, "我的")
    repo.close()
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:  # restarted
        calls = await bot.press(7001, _data(note, "继续填写"))
        assert "¥66.00" in calls[-1].text and "收据" in calls[-1].text
        await bot.send(7001, "/start")  # kept again
        assert repo.store.get("bot/state", "users", 7001)["data"]["kept"]["pay"]
        later = kept.time.time() + kept.IDLE_KEPT + 1
        monkeypatch.setattr(kept, "time", types.SimpleNamespace(time=lambda: later))
        assert await kept.sweep_kept(types.SimpleNamespace(application=bot.app)) == 1
        assert "作废" in bot.texts_to(7001)[-1]
        assert bot.errors == []
    assert "kept" not in repo.store.get("bot/state", "users", 7001)["data"]
    repo.close()


async def test_an_opinion_left_before_it_was_written_says_which_proposal_it_is_about(repo):
    confirmed_resident(repo, 5001, HOME, 101)
    p = repo.create_proposal(pid(repo, 101), "east", title="更换路灯", description="LED",
                             budget_fen=360000, rule="simple_majority", deadline="2025-12-31")
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/opinion")
        await bot.press(5001, f"op:p:{p.id}")
        note = await bot.send(5001, "账目")
        calls = await bot.press(5001, _data(note, "继续填写"))
        texts = [c.text for c in calls if c.text]
        assert texts[0] == f"接着填写您的“提意见”：\n已填写：关于 #{p.id}：更换路灯"
        assert len(texts) == 2
        await bot.send(5001, "灯要选暖光的")
        await bot.press(5001, "op:ok")
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.data.get("proposal") == p.id and opinion.data["text"] == "灯要选暖光的"


def test_every_flow_is_named_as_its_user_knows_it_never_by_its_bare_command():
    """A resident told her question was not kept reads “提问”, not “/ask”."""
    from bot.app import all_commands

    bare = [c.name for c in all_commands()
            if c.flow is not None and not (c.menu_label or c.extra.get("title"))]
    assert bare == []


async def test_a_report_left_for_mine_is_kept_a_day_and_offered_an_hour_later(repo,
                                                                             monkeypatch):
    """She pressed 我的 in the middle of a report to look something up and came back an
    hour later: the draft left by a button was kept 15 minutes (the flow's timeout) and
    was gone, while one left idle is kept a day. Now both are kept a day, the note says
    how to get it back (press 报事 again), and 报事 an hour later offers it."""
    now = [1_000_000.0]
    monkeypatch.setattr(kept, "time", types.SimpleNamespace(time=lambda: now[0]))
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        note = await _report_left_at_photos(bot)
        assert "先为您保留 24 小时" in note[0].text, note[0].text
        assert "过一会儿再点“报事”，也能接着填刚才的内容" in note[0].text
        now[0] += 3600
        assert await kept.sweep_kept(types.SimpleNamespace(application=bot.app)) == 0
        offered = await bot.send(5001, "报事")
        assert [t for t, _ in offered[-1].buttons()] == ["继续填写", "重新开始"]
        calls = await bot.press(5001, _data(offered, "继续填写"))
        assert "3号楼门口的路灯坏了一个星期" in "\n".join(c.text for c in calls if c.text)
        now[0] += kept.IDLE_KEPT
        assert await kept.sweep_kept(types.SimpleNamespace(application=bot.app)) == 0
