"""Reminders through the real Application: the daily summary reaches an area's
volunteers and supervisors once a day from the digest hour, and nobody else; a
household that has not voted is reminded once, two days before the vote
closes, and can turn reminders off; /unpaid lists the rooms that have not paid,
to the area's volunteers only. Each reminder goes once, also after a restart."""

from __future__ import annotations

from datetime import datetime

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind
from db.repository import CHINA_TZ, Repository


def at(repo, hour: int, day: int = 2) -> None:
    repo.clock.now = datetime(2025, 1, day, hour, 0, tzinfo=CHINA_TZ)


def to(calls, chat_id):
    return [c for c in calls if c.chat_id == chat_id and c.method == "sendMessage"]


def waiting_opinion(repo):
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    at(repo, 7, day=1)
    return repo.submit(resident, Kind.OPINION, "east", {"text": "楼道灯太暗"})


async def test_the_daily_summary_reaches_volunteers_and_supervisors_once(repo):
    opinion = waiting_opinion(repo)
    repo.grant(pid(repo, 900), 7700, "east", title="监督员", role="supervisor")
    async with BotHarness(repo) as bot:
        at(repo, 7)  # the day after, before the digest hour (8 by default)
        await bot.run_jobs()
        assert not [c for c in bot.sent("sendMessage") if "每日提醒" in c.text]
        at(repo, 9)
        await bot.run_jobs()
        await bot.run_jobs()  # the job looks again: nothing twice
    summaries = [c for c in bot.sent("sendMessage") if "每日提醒" in c.text]
    assert sorted(c.chat_id for c in summaries) == [101, 102, 7700]
    assert f"#{opinion.id} 意见" in summaries[0].text and "已等待 1 天" in summaries[0].text
    # the button a volunteer has under the typing field, not only the command to type
    assert "请点菜单的“待审核”（或发送 /pending）处理" in summaries[0].text
    repo.close()  # the bot stops; it starts again the same day, from the disk
    reopened = Repository.open(repo.store.root, clock=repo.clock)
    try:
        async with BotHarness(reopened) as again:
            await again.run_jobs()
    finally:
        reopened.close()
    assert not [c for c in again.sent("sendMessage") if "每日提醒" in c.text]


async def test_a_day_with_nothing_due_sends_no_summary(repo):
    async with BotHarness(repo) as bot:
        at(repo, 9)
        await bot.run_jobs()
    assert not [c for c in bot.sent("sendMessage") if "每日提醒" in c.text]


async def test_the_digest_hour_comes_from_the_street_file(repo):
    waiting_opinion(repo)
    repo.settings["digest_hour"] = 18
    async with BotHarness(repo) as bot:
        at(repo, 17)
        await bot.run_jobs()
        early = [c for c in bot.sent("sendMessage") if "每日提醒" in c.text]
        at(repo, 18)
        await bot.run_jobs()
    assert early == []
    assert [c for c in bot.sent("sendMessage") if "每日提醒" in c.text]


async def test_a_missed_summary_goes_later_only_in_the_daytime_and_once_a_day(repo):
    # The bot was down at 8:00: restarted at 23:00 it sends no "morning" summary; the
    # next day's goes the next morning. Restarted at 20:00 (still daytime) the missed
    # one goes, once that day, also when the bot starts again at 23:00.
    waiting_opinion(repo)
    async with BotHarness(repo) as bot:
        at(repo, 23, day=2)
        await bot.run_jobs()
        night = [c for c in bot.sent("sendMessage") if "每日提醒" in c.text]
        at(repo, 7, day=3)
        await bot.run_jobs()
        at(repo, 8, day=3)
        await bot.run_jobs()
        morning = [c for c in bot.sent("sendMessage") if "每日提醒" in c.text]
    assert night == []
    assert sorted(c.chat_id for c in morning) == [101, 102]
    assert all("2025-01-03" in c.text for c in morning)
    async with BotHarness(repo) as late:
        at(repo, 20, day=4)
        await late.run_jobs()
        at(repo, 20, day=4)
        await late.run_jobs()
        at(repo, 23, day=4)
        await late.run_jobs()
    evening = [c for c in late.sent("sendMessage") if "每日提醒" in c.text]
    assert sorted(c.chat_id for c in evening) == [101, 102]
    assert all("2025-01-04" in c.text for c in evening)


async def test_a_summary_set_for_the_evening_goes_in_its_hour_not_after(repo):
    waiting_opinion(repo)
    repo.settings["digest_hour"] = 22
    async with BotHarness(repo) as bot:
        at(repo, 23, day=2)  # missed at 22:00, and night now
        await bot.run_jobs()
        missed = [c for c in bot.sent("sendMessage") if "每日提醒" in c.text]
        at(repo, 22, day=3)
        await bot.run_jobs()
    assert missed == []
    assert [c for c in bot.sent("sendMessage") if "每日提醒" in c.text]


def open_vote(repo, deadline: str):
    return repo.create_proposal(pid(repo, 101), "east", title="加装电梯", description="",
                                budget_fen=0, rule="civil_code_278", deadline=deadline)


async def test_the_daily_summary_says_how_far_a_vote_is_from_the_quorum(repo):
    voted = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    at(repo, 7, day=1)
    proposal = open_vote(repo, "2025-01-03")
    repo.cast_vote(voted, proposal.id, "agree")
    async with BotHarness(repo) as bot:
        at(repo, 9)
        await bot.run_jobs()
    [summary] = [c for c in to(bot.sent(), 101) if "每日提醒" in c.text]
    # 1 of 3 households, 60 of 240 m²; two thirds: 2 households and 160 m²
    assert f"#{proposal.id} 加装电梯，2025-01-03 截止：3 位业主中已有 1 位投票（33.3%）" \
        in summary.text
    assert "3 位业主中至少 2 位、240.0 m² 中至少 160.0 m²" in summary.text
    assert "目前参与面积 60.0 m²（25.0%）：尚未达到，还需 1 位业主、100.0 m² 参与" in summary.text


async def test_households_that_have_not_voted_are_reminded_once_two_days_before(repo):
    voted = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    at(repo, 9, day=1)
    proposal = open_vote(repo, "2025-01-05")
    repo.cast_vote(voted, proposal.id, "agree")
    async with BotHarness(repo) as bot:
        at(repo, 10, day=2)  # three days before: not yet
        await bot.run_jobs()
        assert to(bot.sent(), 5002) == []
        at(repo, 10, day=3)
        await bot.run_jobs()
        await bot.run_jobs()
    [reminder] = [c for c in to(bot.sent(), 5002) if "还没有投票" in c.text]
    assert f"#{proposal.id}" in reminder.text and "2025-01-05" in reminder.text
    labels = [label for label, _ in reminder.buttons()]
    assert labels == ["同意", "反对", "弃权", "🔕 不再提醒"]
    assert [c for c in to(bot.sent(), 5001) if "还没有投票" in c.text] == []
    repo.close()  # a restart: the next process reads what was recorded from the disk
    reopened = Repository.open(repo.store.root, clock=repo.clock)
    try:
        async with BotHarness(reopened) as again:
            await again.run_jobs()
    finally:
        reopened.close()
    assert [c for c in to(again.sent(), 5002) if "还没有投票" in c.text] == []


async def test_the_reminders_vote_buttons_record_the_households_vote(repo):
    confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    at(repo, 9, day=1)
    proposal = open_vote(repo, "2025-01-03")
    async with BotHarness(repo) as bot:
        await bot.run_jobs()
        await bot.press_label(5002, "反对")
    assert str(repo.household_vote(proposal.id, "c1/1/1/102")) == "disagree"


async def test_a_resident_who_turned_reminders_off_is_not_reminded(repo):
    resident = confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    at(repo, 9, day=1)
    open_vote(repo, "2025-01-03")
    async with BotHarness(repo) as bot:
        await bot.run_jobs()
        off = await bot.press_label(5002, "不再提醒")
        assert "不再发投票提醒" in off[-1].text
        later = open_vote(repo, "2025-01-02")
        await bot.run_jobs()
        assert not [c for c in to(bot.sent(), 5002) if f"#{later.id}" in c.text]
        on = await bot.press_label(5002, "重新打开提醒")
    assert "重新打开" in on[-1].text
    assert not repo.person(resident).get("reminders_off")


async def test_unpaid_lists_the_rooms_that_have_not_paid_to_the_areas_volunteers(repo):
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    fee = repo.submit(resident, Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025",
        "household": "c1/1/1/101"})
    repo.approve(fee.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        listed = await bot.send(101, "/unpaid 卫生费 2025")
        by_resident = await bot.send(5001, "/unpaid 卫生费 2025")
        by_west = await bot.send(103, "/unpaid east 卫生费 2025")
        bad = await bot.send(101, "/unpaid 暖气费 2025")
    [answer] = listed
    assert "东小区未交 2025 卫生费 的住户（2 户）" in answer.text
    assert "东小区 1号楼 1单元：102、201" in answer.text.splitlines()
    assert "只有志愿者能看到" in answer.text
    assert "仅限志愿者" in by_resident[-1].text
    assert "不是您负责的区域" in by_west[-1].text
    assert "暖气费" in bad[-1].text and "卫生费" in bad[-1].text  # the fees it knows


async def test_a_volunteer_of_two_areas_names_the_area_of_unpaid_in_chinese(repo):
    repo.grant(pid(repo, 900), 103, "east", title="网格员")
    async with BotHarness(repo) as bot:
        bare = await bot.send(103, "/unpaid 卫生费 2025")
        east = await bot.send(103, "/unpaid 东小区 卫生费 2025")
        west = await bot.send(103, "/unpaid 西小区 卫生费 2025")
    # without the area, each of hers (walk172: before, the usage alone)
    assert [c.text.split("\n")[0] for c in bare] == [
        "东小区未交 2025 卫生费 的住户（3 户）：", "西小区未交 2025 卫生费 的住户（2 户）："]
    assert "东小区未交 2025 卫生费 的住户（3 户）" in east[-1].text
    assert "西小区未交 2025 卫生费 的住户（2 户）" in west[-1].text


async def test_unpaid_of_an_area_not_ones_own_says_so_not_to_check_a_number(repo):
    async with BotHarness(repo) as bot:
        other = await bot.send(103, "/unpaid 东小区 卫生费 2025")
    assert "东小区不是您负责的区域（您负责：西小区）" in other[-1].text
    assert "编号" not in other[-1].text


async def test_unpaid_reads_the_period_as_a_volunteer_writes_it_or_says_what_a_period_is(repo):
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    fee = repo.submit(resident, Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025",
        "household": "c1/1/1/101"})
    repo.approve(fee.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        year = await bot.send(101, "/unpaid 卫生费 2025年")
        nonsense = await bot.send(101, "/unpaid 卫生费 上半年")
    assert "未交 2025 卫生费 的住户（2 户）" in year[-1].text  # 101 paid: not listed
    assert "101" not in year[-1].text.split("：", 1)[1].split("\n")[1]
    assert "不是" in nonsense[-1].text and "2025-06" in nonsense[-1].text
    assert "住户（" not in nonsense[-1].text


async def test_unpaid_reads_a_month_or_year_said_as_income_and_pay_read_it(repo):
    """/income and /pay took 12月, 本月 and 今年 as the month or year they mean; /unpaid
    refused them ('“12月”不是缴费期间'), so the treasurer's month-end check failed on the
    words the rest of the bot had just accepted."""
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    fee = repo.submit(resident, Kind.FEE_INCOME, "east", {
        "amount_fen": 1000, "fee_type": "sanitation", "period": "2025-01",
        "household": "c1/1/1/101"})
    repo.approve(fee.id, pid(repo, 102))  # the test clock's month is 2025-01
    async with BotHarness(repo) as bot:
        month = await bot.send(101, "/unpaid 卫生费 1月")
        this_month = await bot.send(101, "/unpaid 卫生费 本月")
        this_year = await bot.send(101, "/unpaid 卫生费 今年")
    for said in (month, this_month):
        assert "东小区未交 2025-01 卫生费 的住户（2 户）" in said[-1].text, said[-1].text
        assert "东小区 1号楼 1单元：102、201" in said[-1].text.splitlines()
    assert "东小区未交 2025 卫生费 的住户（3 户）" in this_year[-1].text


async def test_unpaids_period_examples_are_of_the_repository_clocks_year(repo):
    """In 2026 /unpaid without a period, or with one it could not read, answered with
    examples of 2025 (/unpaid 卫生费 2025, 年份（2025）或月份（2025-06）)."""
    repo.clock.now = datetime(2026, 12, 4, 9, 0, tzinfo=CHINA_TZ)
    async with BotHarness(repo) as bot:
        usage = await bot.send(101, "/unpaid")
        nonsense = await bot.send(101, "/unpaid 卫生费 十三月")
    assert "/unpaid 卫生费 2026" in usage[-1].text and "2025" not in usage[-1].text
    assert "（2026）或月份（2026-06）" in nonsense[-1].text
    assert "2025" not in nonsense[-1].text


async def test_an_announcement_cut_short_by_a_restart_is_finished_once(repo):
    first = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    confirmed_resident(repo, 6001, "c2/1/1/101", 103)
    at(repo, 9)
    cut = repo.submit(pid(repo, 101), Kind.ANNOUNCEMENT, "east", {"text": "明天停水"})
    repo.claim_reminder(f"announce:{cut.id}", [first])  # sent to 5001, then the bot died
    old = repo.submit(pid(repo, 101), Kind.ANNOUNCEMENT, "east", {"text": "旧公告"})
    async with BotHarness(repo) as bot:
        at(repo, 9)
        await bot.run_jobs()  # at once: it may still be going
        early = [c.chat_id for c in bot.sent("sendMessage") if "明天停水" in c.text]
        at(repo, 10)
        await bot.run_jobs()
        await bot.run_jobs()
    assert early == []
    assert [c.chat_id for c in bot.sent("sendMessage") if "明天停水" in c.text] == [5002]
    # an announcement whose sending never began here is not sent by the job
    assert not [c for c in bot.sent("sendMessage") if "旧公告" in c.text] and old.id


async def test_a_report_without_progress_in_the_summary_says_how_to_record_progress(repo):
    """Found in a new volunteer's trial: the summary listed '#110 … 602 天没有进展' and
    nothing of what to do about it."""
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    at(repo, 9, day=1)
    stale = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting",
                                                       "text": "路灯坏了"})
    repo.approve(stale.id, pid(repo, 101))
    repo.grant(pid(repo, 900), 7700, "east", title="监督员", role="supervisor")
    async with BotHarness(repo) as bot:
        at(repo, 9, day=10)
        await bot.run_jobs()
    [volunteer] = [c for c in to(bot.sent("sendMessage"), 101) if "每日提醒" in c.text]
    [supervisor] = [c for c in to(bot.sent("sendMessage"), 7700) if "每日提醒" in c.text]
    assert f"#{stale.id} 路灯坏了" in volunteer.text
    assert "/progress" in volunteer.text and f"{stale.id} 已联系维修师傅" in volunteer.text
    assert f"#{stale.id} 路灯坏了" in supervisor.text and "/progress" not in supervisor.text


async def test_a_supervisors_summary_lets_him_read_what_waits_not_handle_it(repo):
    """A supervisor of 城建小区 (steward demo, then a day of the bot) read 等待审核超过一天
    （1 条），请点菜单的“待审核”（或发送 /pending）处理：, though he may only read them."""
    opinion = waiting_opinion(repo)
    repo.grant(pid(repo, 900), 7700, "east", title="监督员", role="supervisor")
    async with BotHarness(repo) as bot:
        at(repo, 9)
        await bot.run_jobs()
    [volunteer] = [c for c in to(bot.sent("sendMessage"), 101) if "每日提醒" in c.text]
    [supervisor] = [c for c in to(bot.sent("sendMessage"), 7700) if "每日提醒" in c.text]
    assert "请点菜单的“待审核”（或发送 /pending）处理" in volunteer.text
    assert "处理" not in supervisor.text and f"#{opinion.id} 意见" in supervisor.text
    assert "等待志愿者审核超过一天（1 条），点菜单的“待审核”（或发送 /pending）可以查看" in \
        supervisor.text, supervisor.text


async def test_a_vote_reminder_due_at_midnight_waits_for_the_morning(repo):
    """A trial over New Year's Eve: the reminder of a vote closing on 2 January went to
    every household that had not voted at 00:00 on 31 December, the minute it was due."""
    confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    repo.clock.now = datetime(2024, 12, 30, 15, 0, tzinfo=CHINA_TZ)
    open_vote(repo, "2025-01-02")
    async with BotHarness(repo) as bot:
        repo.clock.now = datetime(2024, 12, 31, 0, 1, tzinfo=CHINA_TZ)
        await bot.run_jobs()
        at_night = [c for c in to(bot.sent(), 5002) if "还没有投票" in c.text]
        repo.clock.now = datetime(2024, 12, 31, 21, 30, tzinfo=CHINA_TZ)
        await bot.run_jobs()
        late_evening = [c for c in to(bot.sent(), 5002) if "还没有投票" in c.text]
        repo.clock.now = datetime(2025, 1, 1, 8, 0, tzinfo=CHINA_TZ)
        await bot.run_jobs()
    assert at_night == [] and late_evening == []
    [reminder] = [c for c in to(bot.sent(), 5002) if "还没有投票" in c.text]
    assert "2025-01-02" in reminder.text


async def test_a_vote_closed_at_midnight_is_told_to_residents_in_the_morning_once(repo):
    """A trial over New Year's Eve: a vote's deadline ends at midnight, and its result went
    to every resident at 00:00 on 2 January. The volunteers are told when it closes, the
    residents from 8:00, each once (also after a restart)."""
    resident = confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    repo.clock.now = datetime(2024, 12, 30, 15, 0, tzinfo=CHINA_TZ)
    proposal = open_vote(repo, "2025-01-01")
    repo.cast_vote(resident, proposal.id, "agree")
    async with BotHarness(repo) as bot:
        repo.clock.now = datetime(2025, 1, 2, 0, 2, tzinfo=CHINA_TZ)
        await bot.run_jobs()
        assert repo.entry(proposal.id).status != "open"  # closed at its deadline
        at_night = [c.text for c in to(bot.sent(), 5002) if f"#{proposal.id}" in c.text]
        volunteers = [c.text for c in to(bot.sent(), 101) if f"#{proposal.id}" in c.text]
        repo.clock.now = datetime(2025, 1, 2, 8, 0, tzinfo=CHINA_TZ)
        await bot.run_jobs()
        await bot.run_jobs()
    assert at_night == [] and volunteers and "表决结束" in volunteers[-1]
    [told] = [c.text for c in to(bot.sent(), 5002) if f"#{proposal.id}" in c.text]
    assert "加装电梯" in told and ("通过了" in told or "没有通过" in told), told
    repo.close()
    reopened = Repository.open(repo.store.root, clock=repo.clock)
    try:
        async with BotHarness(reopened) as again:
            await again.run_jobs()
    finally:
        reopened.close()
    assert [c for c in to(again.sent(), 5002) if f"#{proposal.id}" in c.text] == []


async def test_a_vote_closed_in_the_daytime_is_told_to_residents_at_once_and_not_again(repo):
    resident = confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    repo.clock.now = datetime(2024, 12, 30, 15, 0, tzinfo=CHINA_TZ)
    proposal = open_vote(repo, "2025-01-01")
    repo.cast_vote(resident, proposal.id, "agree")
    async with BotHarness(repo) as bot:  # the bot was down overnight: it starts at 9:00
        repo.clock.now = datetime(2025, 1, 2, 9, 0, tzinfo=CHINA_TZ)
        await bot.run_jobs()
        await bot.run_jobs()
    told = [c.text for c in to(bot.sent(), 5002) if f"#{proposal.id}" in c.text]
    assert len(told) == 1 and "加装电梯" in told[0]


async def test_a_night_result_cut_short_by_a_stop_is_told_to_the_rest_in_the_morning(repo):
    """The morning's results were recorded for 25 residents at a time before they went:
    a stop in the middle left those recorded and not yet told without the result for
    good. Each is now recorded once told, so the next start tells the rest; one who
    cannot be reached (she blocked the bot) is tried once a start, not every five
    minutes."""
    told_before = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    confirmed_resident(repo, 5003, "c1/1/1/201", 101)
    repo.clock.now = datetime(2024, 12, 30, 15, 0, tzinfo=CHINA_TZ)
    proposal = open_vote(repo, "2025-01-01")
    repo.cast_vote(told_before, proposal.id, "agree")
    repo.clock.now = datetime(2025, 1, 2, 0, 2, tzinfo=CHINA_TZ)
    repo.close_overdue()
    repo.claim_reminder(f"result:{proposal.id}", [told_before])  # told before the stop
    async with BotHarness(repo) as bot:
        bot.request.blocked.add(5003)
        repo.clock.now = datetime(2025, 1, 2, 8, 0, tzinfo=CHINA_TZ)
        await bot.run_jobs()
        await bot.run_jobs()
    tried = [c.chat_id for c in bot.sent("sendMessage") if f"#{proposal.id}" in c.text
             and c.chat_id in (5001, 5002, 5003)]
    assert sorted(tried) == [5002, 5003], tried
    assert repo.reminded(f"result:{proposal.id}") == {told_before, pid(repo, 5002)}


async def test_the_command_menu_names_no_year_and_unpaids_example_lists_this_years(repo):
    """/unpaid's line in the volunteers' command menu (set_my_commands, and /help) read
    例如 /unpaid 卫生费 2025 in 2026: a year written once into it. No description names a
    year now; the example it gives lists the rooms that have not paid this year's."""
    import re

    from bot.app import command_menu
    from bot.commands import Audience

    repo.clock.now = datetime(2026, 12, 4, 9, 0, tzinfo=CHINA_TZ)
    everyone = set(Audience)
    for lang in ("zh", "en"):
        years = [(c.command, c.description) for c in command_menu(lang, everyone)
                 if re.search(r"20\d\d", c.description)]
        assert years == [], years
    [line] = [c.description for c in command_menu("zh", everyone) if c.command == "unpaid"]
    example = re.search(r"例如 (/unpaid [^（，。]+)", line)
    assert example, line
    async with BotHarness(repo) as bot:
        listed = await bot.send(101, example.group(1).strip())
    assert "未交 2026 卫生费 的住户" in listed[-1].text, listed[-1].text
