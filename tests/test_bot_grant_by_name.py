"""/grant, /revoke and /whoami find the person as the admin hears them at the office:
her registered name (马红), her household (东小区1号楼1单元101), or her number (#12),
as well as a Telegram id or @username. Before, only the id or @username: an admin on a
phone had to get the new grid worker's Telegram id from her first. Several people of
one name or flat are listed (number, name, flat) and nothing is granted."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

from db.people import volunteer_areas


async def test_grant_by_registered_name(repo):
    repo.ensure_person(5001, name="马红")
    async with BotHarness(repo) as bot:
        calls = await bot.send(900, "/grant 马红 volunteer east 网格员")
    assert volunteer_areas(repo.person_by_telegram(5001)) == ["east"]
    assert "马红" in calls[0].text and "网格员" in calls[0].text


async def test_grant_by_household_and_revoke_by_number(repo):
    person = confirmed_resident(repo, 5001, "c1/1/1/102", 101)
    async with BotHarness(repo) as bot:
        await bot.send(900, "/grant 东小区1号楼1单元102 volunteer east")
        assert volunteer_areas(repo.person_by_telegram(5001)) == ["east"]
        said = await bot.send(900, f"/revoke #{person} volunteer east")
    assert volunteer_areas(repo.person_by_telegram(5001)) == [], said[-1].text


async def test_a_name_of_several_people_lists_them_and_grants_nothing(repo):
    first = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    confirmed_resident(repo, 5002, "c1/1/1/101", 101)  # a couple on one flat
    async with BotHarness(repo) as bot:
        said = (await bot.send(900, "/grant 东小区1号楼1单元101 volunteer east"))[-1].text
    assert f"#{first}" in said and "东小区 1号楼 1单元 101" in said
    assert f"/grant #{first} volunteer east" in said
    assert volunteer_areas(repo.person_by_telegram(5001)) == []
    assert volunteer_areas(repo.person_by_telegram(5002)) == []


async def test_nobody_of_that_name_says_how_to_name_someone(repo):
    async with BotHarness(repo) as bot:
        said = (await bot.send(900, "/grant 张三 volunteer east"))[-1].text
        who = (await bot.send(900, "/whoami 张三"))[-1].text
    assert "张三" in said and "登记的姓名" in said and "/start" in said
    assert "张三" in who


async def test_whoami_by_name_for_an_admin(repo):
    repo.ensure_person(5001, name="马红")
    async with BotHarness(repo) as bot:
        said = (await bot.send(900, "/whoami 马红"))[-1].text
    assert "5001" in said
