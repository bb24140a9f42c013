"""/overview through the real Application: the street office (an admin) sees every
area at a glance in one message, a volunteer their own areas, a resident nothing:
how many entries wait, the open reports with the oldest's wait and those without
progress for a week, every vote under way against the two thirds, and the latest
ledger line."""

from __future__ import annotations

from datetime import datetime

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind
from db.repository import CHINA_TZ


def at(repo, day: int, hour: int = 9) -> None:
    repo.clock.now = datetime(2025, 1, day, hour, 0, tzinfo=CHINA_TZ)


def east_with_a_bit_of_everything(repo):
    at(repo, 1)
    v1, v2 = pid(repo, 101), pid(repo, 102)
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    lamp = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting", "text": "路灯坏了"})
    repo.approve(lamp.id, v1)
    fee = repo.submit(v1, Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025",
        "household": "c1/1/1/101"})
    repo.approve(fee.id, v2)
    vote = repo.create_proposal(v1, "east", title="加装电梯", description="", budget_fen=0,
                                rule="civil_code_278", deadline="2025-03-01")
    repo.cast_vote(resident, vote.id, "agree")
    repo.submit(resident, Kind.OPINION, "east", {"text": "楼道灯太暗"})
    at(repo, 12)
    return vote


async def test_the_street_office_sees_every_area_at_a_glance(repo):
    vote = east_with_a_bit_of_everything(repo)
    async with BotHarness(repo) as bot:
        [message] = await bot.send(900, "/overview")
    text = message.text
    [lamp] = repo.entries(kind=Kind.ISSUE)  # the numbers of those without progress, to
    # follow up: it said only how many (found with steward chat as a grid worker)
    assert text.startswith("📊 各区域概况（2025-01-12）：")
    east, west = text.split("\n\n")[1:]
    assert east.splitlines() == [
        "【东小区】",
        "待审核：1 条（其中 1 条已超过一天），见 /pending",
        f"未解决报事：1 件，最久已等 11 天；其中 1 件 7 天以上没有进展（#{lamp.id}）",
        "正在表决：1 项",  # months from its deadline: the daily summary leaves it out
        f"  #{vote.id} 加装电梯，2025-03-01 截止：3 位业主中已有 1 位投票（33.3%）",
        "    法定参与需达到人数和面积的三分之二：3 位业主中至少 2 位、240.0 m² 中至少 160.0 m²；"
        "目前参与面积 60.0 m²（25.0%）：尚未达到，还需 1 位业主、100.0 m² 参与",
        "最近一笔账：第 1 笔，2025-01-01 公开（收入 ¥120.00，卫生费）",
    ], east
    assert west.splitlines() == ["【西小区】", "没有待审核的内容。", "没有未解决的报事。",
                                 "没有正在进行的表决。", "还没有账目。"]


async def test_a_volunteer_sees_their_own_area_and_a_resident_is_refused(repo):
    east_with_a_bit_of_everything(repo)
    spent = repo.submit(pid(repo, 103), Kind.EXPENSE, "west", {
        "amount_fen": 500, "category": "office", "payee": "文具店", "purpose": "纸笔"})
    repo.grant(pid(repo, 900), 104, "west", "网格辅助员")
    repo.approve(spent.id, pid(repo, 104))
    async with BotHarness(repo) as bot:
        [west] = await bot.send(103, "/overview")
        refused = await bot.send(5001, "/overview")
    assert "【西小区】" in west.text and "东小区" not in west.text
    # its one line is money spent: said in words, not as a minus sign
    assert west.text.splitlines()[-1] == "最近一笔账：第 1 笔，2025-01-12 公开（支出 ¥5.00，纸笔）"
    assert "仅限志愿者" in refused[-1].text and "各区域概况" not in refused[-1].text


async def test_over_many_areas_each_area_is_one_line_the_busiest_first(repo, monkeypatch):
    """A street office over fifty areas got two messages of 150 lines; from
    COMPACT_FROM areas on, one line an area, the totals first, the areas with nothing
    to do named together, and a button for each busy area's details."""
    import bot.handlers.overview as overview

    monkeypatch.setattr(overview, "COMPACT_FROM", 2)  # the test street has two areas
    east_with_a_bit_of_everything(repo)
    async with BotHarness(repo) as bot:
        [glance] = await bot.send(900, "/overview")
        [details] = [c for c in await bot.press(900, "ov:east") if c.text]
    lines = glance.text.splitlines()
    assert lines[0] == "📊 各区域概况（2025-01-12），共 2 个管理区域："
    assert lines[1] == ("合计：待审核 1 条（1 条超过一天）；"
                        "未解决报事 1 件（1 件 7 天以上没有进展）；正在表决 1 项。")
    assert "1. 东小区：待审核 1 条（1 条超过一天） · 未解决报事 1 件（1 件 7 天以上没有进展，"\
           "最久 11 天） · 表决 1 项（0 项 3 天内截止）" in lines
    assert "没有要办的事（1 个）：西小区" in lines
    assert "【" not in glance.text  # no area in full
    assert glance.buttons() == [("查看东小区", "ov:east")]
    assert "【东小区】" in details.text and "最近一笔账：第 1 笔" in details.text
    assert "西小区" not in details.text
    # its queue is the one to open, among the street's
    assert "待审核：1 条（其中 1 条已超过一天），见 /pending 东小区" in details.text


async def test_overview_with_an_area_named_shows_that_area_and_refuses_one_not_the_callers(repo):
    east_with_a_bit_of_everything(repo)
    async with BotHarness(repo) as bot:
        [west] = await bot.send(900, "/overview 西小区")
        [other] = await bot.send(103, "/overview 东小区")  # a volunteer of the west
        [forged] = [c for c in await bot.press(103, "ov:east") if c.text]
    assert "【西小区】" in west.text and "东小区" not in west.text
    assert other.text.startswith("“东小区”不是您负责的区域。您的区域：西小区")
    assert "待审核" not in other.text
    assert "东小区" not in forged.text and "待审核" not in forged.text


async def test_what_the_volunteer_recorded_is_counted_apart_and_no_zero_is_said(repo):
    """A volunteer who booked a fee read 待审核：1 条（其中 0 条已超过一天），见 /pending, and
    /pending then said nothing waited for her: her own entry waits for another volunteer.
    It is said so apart, and a count of none (0 over a day, 0 without progress) is left
    out."""
    at(repo, 1)
    v1 = pid(repo, 101)
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    lamp = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting", "text": "路灯坏了"})
    repo.approve(lamp.id, v1)
    repo.submit(v1, Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025",
        "household": "c1/1/1/101"})
    repo.submit(resident, Kind.OPINION, "east", {"text": "楼道灯太暗"})
    async with BotHarness(repo) as bot:
        [maker] = await bot.send(101, "/overview")
        [checker] = await bot.send(102, "/overview")
    east = maker.text.split("\n\n")[1].splitlines()
    assert east[1:4] == ["待审核：1 条，见 /pending", "您记录的 1 条在等另一位志愿者审核",
                         "未解决报事：1 件，最久已等 0 天"], east
    assert checker.text.split("\n\n")[1].splitlines()[1] == "待审核：2 条，见 /pending"


async def test_what_waits_over_a_day_counts_only_what_the_volunteer_may_approve(repo):
    """Her own fee, booked two days ago, waits for another volunteer: /overview said
    待审核：1 条（其中 1 条已超过一天） of a resident's opinion sent that morning. Now the
    late count is of what she may approve, and her own are counted apart, for her only."""
    at(repo, 1)
    v1 = pid(repo, 101)
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    repo.submit(v1, Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025",
        "household": "c1/1/1/101"})
    at(repo, 3)
    repo.submit(resident, Kind.OPINION, "east", {"text": "楼道灯太暗"})
    assert (repo.overview(v1, "east")["pending_late"], repo.overview(v1, "east")["own"]) \
        == (0, 1)
    checker = repo.overview(pid(repo, 102), "east")
    assert (checker["pending"], checker["pending_late"], checker["own"]) == (2, 1, 0)
    async with BotHarness(repo) as bot:
        [maker] = await bot.send(101, "/overview")
    east = maker.text.split("\n\n")[1].splitlines()
    assert east[1:3] == ["待审核：1 条，见 /pending", "您记录的 1 条在等另一位志愿者审核"], east


async def test_the_reports_without_progress_are_named_longest_first(repo):
    """A grid worker following up read 其中 2 件 7 天以上没有进展 and had to look the two up
    elsewhere; they are named, the one longest without any step first."""
    at(repo, 1)
    v1 = pid(repo, 101)
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    first = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting", "text": "路灯坏了"})
    repo.approve(first.id, v1)
    at(repo, 2)
    second = repo.submit(resident, Kind.ISSUE, "east", {"category": "pipes", "text": "水管漏水"})
    repo.approve(second.id, v1)
    at(repo, 3)
    repo.issue_step(first.id, v1, "in_progress", "已联系电工")
    at(repo, 20)
    async with BotHarness(repo) as bot:
        [message] = await bot.send(101, "/overview")
    assert f"其中 2 件 7 天以上没有进展（#{second.id}、#{first.id}）" in message.text
