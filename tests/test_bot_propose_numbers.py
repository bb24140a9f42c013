"""/propose tells the volunteer what a joint matter of the owners needs in her area's own
numbers (so many owners, so many m²), not only in the law's sentence, and warns when
the deadline leaves the owners less than the 15 days' notice a meeting of the owners
asks (物业管理条例第十四条): the buttons of a joint matter start at 15 days; a nearer
typed day is warned of, not refused."""

from __future__ import annotations

from datetime import date, timedelta

from bot_harness import BotHarness
from conftest import pid

from db.entries import Kind
from db.matters import EVERYDAY, NOTICE_DAYS, matter, notice_short


async def _to_deadline(bot, volunteer, matter_code):  # type: ignore[no-untyped-def]
    await bot.send(volunteer, "/propose")
    for said in ("安装楼宇门", "三个单元装楼宇门，按面积每平方米收10元", "17400"):
        await bot.send(volunteer, said)
    return await bot.press(volunteer, f"prop:mt:{matter_code}")


async def test_a_joint_matter_is_said_in_the_areas_owners_and_square_metres(repo):
    # east: 3 owners, 60 + 80 + 100 = 240 m²; two thirds: 2 owners (3 x 2/3 = 2) and
    # 160 m² (240 x 2/3); item 6 then needs three quarters of those taking part
    async with BotHarness(repo) as bot:
        asked = await _to_deadline(bot, 101, "raise_maintenance_fund")
        summary = await bot.press(101, f"prop:days:{NOTICE_DAYS}")
        await bot.press(101, "prop:ok:1")
    step = asked[-1]
    numbers = ("换成本区的数字（按现在的登记：3 位业主，3 户，专有部分面积共 240.0 m²）：至少 2 位"
               "业主参与投票、而且他们的面积合计至少 160.0 m²，表决才有效；参与投票的业主中，"
               "四分之三以上（含四分之三）同意才通过，按人数和按面积都要达到。")
    assert numbers in step.text, step.text
    assert [d for _, d in step.buttons()][:2] == ["prop:days:15", "prop:days:30"]
    assert "15 天" in step.buttons()[0][0]
    assert numbers in summary[-1].text and "⚠️" not in summary[-1].text
    [opened] = repo.entries(kind=Kind.PROPOSAL)
    assert opened.data["deadline"] == (repo.clock().date() + timedelta(days=15)).isoformat()


async def test_a_joint_matter_closing_sooner_than_fifteen_days_is_warned_of_not_refused(repo):
    async with BotHarness(repo) as bot:
        await _to_deadline(bot, 101, "use_maintenance_fund")
        day = repo.clock().date() + timedelta(days=7)
        summary = await bot.send(101, day.isoformat())
        await bot.press(101, "prop:ok:1")
    text = summary[-1].text
    assert f"⚠️ 投票只开放到 {day.isoformat()} 24 时，距今天不到 15 天" in text, text
    assert "《物业管理条例》第十四条" in text and "超过一半同意才通过" in text
    [opened] = repo.entries(kind=Kind.PROPOSAL)  # a warning: the volunteer may go on
    assert opened.data["deadline"] == day.isoformat()


async def test_an_everyday_matter_keeps_its_short_deadlines_without_numbers_or_warning(repo):
    async with BotHarness(repo) as bot:
        asked = await _to_deadline(bot, 101, "everyday")
        summary = await bot.press(101, "prop:days:7")
    assert [d for _, d in asked[-1].buttons()][:3] == [
        "prop:days:7", "prop:days:14", "prop:days:30"]
    assert "换成本区的数字" not in asked[-1].text + summary[-1].text
    assert "第十四条" not in summary[-1].text  # (its words warn of item 6, as before)


async def test_in_english_and_in_an_area_with_a_flat_of_no_recorded_area(repo):
    # west: 2 flats, 50 m² and one without an area: two thirds are 2 owners (2 x 2/3 =
    # 1.33, up) and 33.34 m² (50 x 2/3 = 33.333..., rounded up so that it is enough)
    repo.set_language(pid(repo, 103), "en")
    async with BotHarness(repo) as bot:
        asked = await _to_deadline(bot, 103, "other_major")
    assert ("In this area's numbers as registered now (2 owners, 2 households, 50.0 m² of "
            "floor area): the vote counts only if at least 2 owners, holding at least 33.34 "
            "m² between them, take part; then it passes if more than half of those taking "
            "part agree") in asked[-1].text, asked[-1].text
    assert ("1 household(s) have no floor area recorded: they count as owners but as 0 m²"
            in asked[-1].text)


async def test_a_flat_without_a_recorded_area_is_named_in_the_numbers(repo):
    # west (the admin's second area): 2 flats, one of them without an area
    async with BotHarness(repo) as bot:
        await bot.send(900, "/propose")
        await bot.press(900, "prop:area:1")
        for said in ("路面硬化", "院内路面硬化", "0"):
            await bot.send(900, said)
        asked = await bot.press(900, "prop:mt:other_major")
    assert "至少 2 位业主参与投票、而且他们的面积合计至少 33.34 m²" in asked[-1].text
    assert ("其中 1 户没有登记面积：人数照算，面积按 0 m² 计，他们投票不增加参与面积；发起表决前，"
            "可以请管理员在住户名册里补登面积。") in asked[-1].text, asked[-1].text


def test_the_notice_the_law_asks_is_fifteen_days_for_a_joint_matter_only():
    today = date(2025, 6, 1)
    item5 = matter("use_maintenance_fund")
    assert notice_short(item5, today, today + timedelta(days=14))
    assert not notice_short(item5, today, today + timedelta(days=15))
    assert not notice_short(EVERYDAY, today, today)
