"""/notice: a volunteer or a supervisor gets the paper notice (公示单) of their area for a
month as its PDF, drawn by `steward notice` in a process of its own beside the bot;
last month by default; a resident is told where the notices are; an admin (every area)
chooses the area with buttons, and a forged one is refused."""

from __future__ import annotations

from datetime import datetime

import pytest
from bot_harness import BotHarness
from conftest import StepClock, confirmed_resident, pid

from db.entries import Kind
from db.repository import CHINA_TZ

ADMIN, SUPERVISOR = 900, 5002


@pytest.fixture
def clock():
    """The accounts begin in September 2024; the tests run from 2025-01-01."""
    return StepClock(datetime(2024, 9, 1, 8, 0, tzinfo=CHINA_TZ))


@pytest.fixture
def accounts(repo):
    """A fee booked in each area in September 2024: their first notices are that month's."""
    for area, maker, checker, household in (("east", 101, 102, "c1/1/1/101"),
                                            ("west", 103, ADMIN, "c2/1/1/101")):
        fee = repo.submit(pid(repo, maker), Kind.FEE_INCOME, area, {
            "amount_fen": 12000, "fee_type": "sanitation", "period": "2024",
            "household": household})
        repo.approve(fee.id, pid(repo, checker))
    repo.clock.now = datetime(2025, 1, 1, 8, 0, tzinfo=CHINA_TZ)


def _documents(calls):
    return [c for c in calls if c.method == "sendDocument"]


@pytest.mark.usefixtures("accounts")
async def test_a_volunteer_gets_the_months_paper_notice_as_a_pdf(repo):
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025",
        "household": "c1/1/1/101"})
    repo.approve(fee.id, pid(repo, 102))
    month = repo.clock().strftime("%Y-%m")
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"/notice {month}")
    [doc] = _documents(calls)
    [(name, body)] = doc.params["_files"].values()
    assert name == f"notice-east-{month}.pdf" and body.startswith(b"%PDF")
    assert doc.chat_id == 101 and "A4" in doc.text and "东小区" in doc.text


@pytest.mark.usefixtures("accounts")
async def test_last_month_by_default_and_a_bad_or_future_month_is_said_so(repo):
    today = repo.clock()
    last = f"{today.year - 1}-12" if today.month == 1 else f"{today.year}-{today.month - 1:02d}"
    async with BotHarness(repo) as bot:
        default = await bot.send(101, "/notice")
        bad = await bot.send(101, "/notice 上半年")
        future = await bot.send(101, f"/notice {today.year + 1}-01")
    [(name, _)] = _documents(default)[0].params["_files"].values()
    assert name == f"notice-east-{last}.pdf"
    assert "用法：/notice" in bad[-1].text and not _documents(bad)
    assert "还没有开始" in future[-1].text and not _documents(future)


@pytest.mark.usefixtures("accounts")
async def test_a_resident_is_refused_and_a_supervisor_gets_the_notice_of_their_area(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    repo.grant(pid(repo, ADMIN), SUPERVISOR, "east", role="supervisor")
    async with BotHarness(repo) as bot:
        resident = await bot.send(5001, "/notice")
        supervisor = await bot.send(SUPERVISOR, "/notice")
    assert "志愿者和监督员" in resident[-1].text and not _documents(resident)
    [(name, body)] = _documents(supervisor)[0].params["_files"].values()
    assert name.startswith("notice-east-") and body.startswith(b"%PDF")


@pytest.mark.usefixtures("accounts")
async def test_an_admin_chooses_the_area_and_a_forged_choice_is_refused(repo):
    async with BotHarness(repo) as bot:
        asked = await bot.send(ADMIN, "/notice 2025-01")
        choices = [d for _, d in asked[-1].buttons()]
        forged = await bot.press(ADMIN, "ntc:a:9:2025-01")
        west = await bot.press(ADMIN, choices[1])
    assert choices == ["ntc:a:0:2025-01", "ntc:a:1:2025-01"]
    assert "失效" in forged[-1].text and not _documents(forged)
    [(name, _)] = _documents(west)[0].params["_files"].values()
    assert name == "notice-west-2025-01.pdf"


@pytest.mark.usefixtures("accounts")
async def test_a_month_typed_as_it_is_said_gets_that_months_notice(repo):
    """/notice 2024-9 or /notice 十二月 (a volunteer on a phone) was refused with the
    usage: the month is read as /income reads one; a year alone is no month."""
    today = repo.clock()
    december = f"{today.year - 1 if today.month < 12 else today.year}-12"  # the latest one
    async with BotHarness(repo) as bot:
        short = await bot.send(101, "/notice 2024-9")
        spoken = await bot.send(101, "/notice 十二月")
        year = await bot.send(101, "/notice 2024")
    [(name, _)] = _documents(short)[0].params["_files"].values()
    assert name == "notice-east-2024-09.pdf"
    [(name, _)] = _documents(spoken)[0].params["_files"].values()
    assert name == f"notice-east-{december}.pdf"
    assert "用法：/notice" in year[-1].text and not _documents(year)


@pytest.mark.usefixtures("accounts")
async def test_the_month_is_said_as_people_write_it_not_as_yyyy_mm(repo):
    """The bot said "正在生成东小区 2025-01 的公示单" and "2027-01 还没有开始": the month is
    written 2025年1月 in Chinese, January 2025 in English (the file keeps 2025-01)."""
    today = repo.clock()
    async with BotHarness(repo) as bot:
        zh = await bot.send(101, "/notice 2025-01")
        asked = await bot.send(ADMIN, "/notice 2025-01")
        future = await bot.send(101, f"/notice {today.year + 1}-01")
        repo.set_language(pid(repo, 101), "en")
        en = await bot.send(101, "/notice 2025-01")
    said = " ".join(c.text for c in zh if c.text)
    assert "正在生成东小区 2025年1月的公示单" in said and "2025-01" not in said
    [doc] = _documents(zh)
    assert doc.text.startswith("东小区 2025年1月的公示单")
    [(name, _)] = doc.params["_files"].values()
    assert name == "notice-east-2025-01.pdf"
    assert "要哪个区域2025年1月的公示单" in asked[-1].text
    assert f"{today.year + 1}年1月还没有开始" in future[-1].text
    told = " ".join(c.text for c in en if c.text)
    assert "January 2025" in told and "2025-01" not in told.replace("notice-east-2025-01", "")


@pytest.mark.usefixtures("accounts")
async def test_a_month_before_the_first_line_has_no_notice_and_the_first_one_is_named(repo):
    """/notice 2024-08, before the area's first ledger line (September), drew an empty
    notice whose QR code led to a row the accounts page does not have."""
    async with BotHarness(repo) as bot:
        before = await bot.send(101, "/notice 2024-08")
        first = await bot.send(101, "/notice 2024-09")
    assert before[-1].text == ("东小区没有2024年8月的公示单：账目从2024年9月开始，第一张公示单是"
                               "那个月的（/notice 2024-09）。没有生成任何文件。"), before[-1].text
    assert not _documents(before)
    [(name, _)] = _documents(first)[0].params["_files"].values()
    assert name == "notice-east-2024-09.pdf"


async def test_an_area_without_a_ledger_line_has_no_notice_yet(repo):
    """Before any line, /notice drew an empty notice for a month the site has no row of."""
    repo.clock.now = datetime(2025, 1, 1, 8, 0, tzinfo=CHINA_TZ)
    async with BotHarness(repo) as bot:
        none = await bot.send(101, "/notice")
    assert none[-1].text == "东小区的账目还没有任何一笔，所以还没有公示单；没有生成任何文件。"
    assert not _documents(none)


@pytest.mark.usefixtures("accounts")
async def test_the_running_months_notice_says_it_is_as_of_today_and_to_print_it_again(repo):
    """/notice for the month still running sent its notice as any other: 东小区 2025年1月的
    公示单：请用 A4 纸打印，贴在公示栏。 A volunteer posted it on the 5th as the month's and
    never printed it again. The message says the month is not over, as of which day, and
    to print the whole month's after it (/notice alone gives last month's)."""
    repo.clock.now = datetime(2025, 1, 5, 10, 0, tzinfo=CHINA_TZ)
    async with BotHarness(repo) as bot:
        running = await bot.send(101, "/notice 2025-01")
        closed = await bot.send(101, "/notice 2024-12")
    [doc] = _documents(running)
    assert doc.text == ("东小区 2025年1月的公示单（本月还没过完：截至 1月5日，"
                        "之后公开的账不在上面）：请用 A4 纸打印，贴在公示栏；"
                        "月底过后请再发一次 /notice（不写月份就是上个月的），打印整月的公示单换上。"
                        ), doc.text
    [whole] = _documents(closed)
    assert whole.text == "东小区 2024年12月的公示单：请用 A4 纸打印，贴在公示栏。"


@pytest.mark.usefixtures("accounts")
async def test_a_forged_future_month_on_the_area_button_draws_nothing_and_says_so_in_chinese(
        repo):
    """An area button whose data names a month not begun (forged: ours name last month or
    one typed and checked) started 正在生成…的公示单…… and then read 公示单没能生成：steward:
    --month 2031-11: that month has not begun, the drawing process's English. Now it is
    said as /notice says it, and nothing is drawn."""
    async with BotHarness(repo) as bot:
        forged = await bot.press(ADMIN, f"ntc:a:0:{repo.clock().year + 6}-11")
    said = [c.text for c in forged if c.method == "sendMessage"]
    assert said and "还没有开始" in said[-1] and "steward" not in " ".join(said), said
    assert not any("正在生成" in text for text in said) and not _documents(forged)


@pytest.mark.usefixtures("accounts")
async def test_in_a_demos_folder_the_months_are_the_ones_played(repo):
    """`steward demo` plays 2024 to its last day and `steward chat` runs on the real
    clock: /notice asked for the month before today's, after the demo's site ends, and
    answered 公示单没能生成：steward: --month 2025-02：这是演示数据…. Now the demo's
    months are its own: played to 31 December, /notice alone gives December as of that
    day (the month's last day, test_bot_notice_month_end), /notice 十月 its October."""
    from db.played import mark_played

    mark_played(repo.store.root, datetime(2024, 12, 31, 20, 0, tzinfo=CHINA_TZ))
    repo.clock.now = datetime(2025, 3, 10, 8, 0, tzinfo=CHINA_TZ)  # the real clock, later
    async with BotHarness(repo) as bot:
        default = await bot.send(101, "/notice")
        october = await bot.send(101, "/notice 十月")
    [doc] = _documents(default)
    assert [n for n, _ in doc.params["_files"].values()] == ["notice-east-2024-12.pdf"]
    assert "2024年12月" in doc.text and "没能生成" not in " ".join(c.text or "" for c in default)
    [doc] = _documents(october)
    assert [n for n, _ in doc.params["_files"].values()] == ["notice-east-2024-10.pdf"]


@pytest.mark.usefixtures("accounts")
async def test_a_notice_changed_since_it_was_first_made_says_so_in_its_caption(repo):
    """The volunteer printing a notice again is told when its content differs from the
    one first made (maybe the one on the board): a neighbour named in December's report
    registered since, and the reprint masks her name (site_builder.notice_reprint)."""
    import re

    from db.privacy import CONSENT_VERSION

    repo.clock.now = datetime(2024, 12, 10, 9, 0, tzinfo=CHINA_TZ)
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.submit(author, Kind.ISSUE, "east",
                        # a name given alone: a full name nobody registered is masked
                        # from the first notice on (4c1a5289), this one once she is
                        {"category": "lighting", "text": "秀芳家门口路灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    repo.clock.now = datetime(2025, 1, 5, 9, 0, tzinfo=CHINA_TZ)
    async with BotHarness(repo) as bot:
        [posted] = _documents(await bot.send(101, "/notice 2024-12"))
        neighbour = repo.ensure_person(7001, name="秀芳")
        repo.approve(repo.register(neighbour["id"], "c1/1/1/102", consent=CONSENT_VERSION).id,
                     pid(repo, 102))
        [again] = _documents(await bot.send(101, "/notice 2024-12"))
    assert "重印" not in posted.text and "首次生成" not in posted.text, posted.text
    assert re.search(r"这张公示单首次生成于 \d{4}-\d{2}-\d{2}，此后有内容变化，单子顶部的“重印说明”"
                     r"写明了变了什么。公示栏上如果贴的是之前打印的，请换上这张。$", again.text), \
        again.text


@pytest.mark.usefixtures("accounts")
async def test_a_reprint_whose_lines_a_restore_lost_names_them_in_its_caption(repo, monkeypatch):
    """``steward notice`` said line 9 of the month was lost in a restore since the notice
    was first made (test_backup_notices draws it): the caption says so with its number,
    to keep the posted one up, and not that the accounts changed."""
    import bot.handlers.bulletin as bulletin

    async def drawn(data, area, month):  # type: ignore[no-untyped-def]
        return b"%PDF-1.4 drawn", "", "2024-11-01", "9"

    monkeypatch.setattr(bulletin, "_draw", drawn)
    async with BotHarness(repo) as bot:
        [doc] = _documents(await bot.send(101, "/notice 2024-10"))
    assert "这张公示单首次生成于 2024-11-01，此后本月的第 9 笔在恢复备份时遗失" in doc.text, \
        doc.text
    assert "不是账被改了。公示栏上原来那张不要撤下" in doc.text and "账变了" not in doc.text
