"""/notice on a month's last day: it gave last month's notice (on 12-31, November's, the one
on the board since early December), while the site's accounts page lists that month's as
of the day 出单时. Now /notice alone gives the month ending, said to be as of now; the day
is the street's (China time), and the site's overview offers the same notice to print."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from bot_harness import BotHarness
from conftest import StepClock, pid
from test_site_helpers import make_project

from db.entries import Kind
from db.repository import CHINA_TZ
from site_builder import build_site


@pytest.fixture
def clock():
    return StepClock(datetime(2024, 9, 1, 8, 0, tzinfo=CHINA_TZ))


@pytest.fixture
def accounts(repo):
    """A fee in September and one in December 2024."""
    for month, room in ((9, "101"), (12, "102")):
        repo.clock.now = datetime(2024, month, 2, 8, 0, tzinfo=CHINA_TZ)
        fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
            "amount_fen": 12000, "fee_type": "sanitation", "period": "2024",
            "household": f"c1/1/1/{room}"})
        repo.approve(fee.id, pid(repo, 102))


async def _default_notice(repo, now: datetime):
    repo.clock.now = now
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, "/notice")
    [doc] = [c for c in calls if c.method == "sendDocument"]
    [(name, _)] = doc.params["_files"].values()
    return name, doc.text


@pytest.mark.usefixtures("accounts")
async def test_on_a_months_last_day_notice_alone_gives_that_month_as_of_now(repo):
    name, caption = await _default_notice(repo, datetime(2024, 12, 31, 20, 0, tzinfo=CHINA_TZ))
    assert name == "notice-east-2024-12.pdf"
    assert caption == ("东小区 2024年12月的公示单（截至今天 12月31日 出单时，"
                       "之后公开的账不在上面）：请用 A4 纸打印，贴在公示栏。"), caption


@pytest.mark.usefixtures("accounts")
async def test_the_day_before_the_last_it_is_still_last_months(repo):
    name, caption = await _default_notice(repo, datetime(2024, 12, 30, 20, 0, tzinfo=CHINA_TZ))
    assert name == "notice-east-2024-11.pdf"
    assert caption == "东小区 2024年11月的公示单：请用 A4 纸打印，贴在公示栏。"


@pytest.mark.usefixtures("accounts")
async def test_the_last_day_is_chinas_not_the_clocks_zone(repo):
    """17:00 UTC on 12-31 is 01:00 on 1 January in China: December is over, its whole
    notice comes, not one 'as of today, the 31st'."""
    name, caption = await _default_notice(repo, datetime(2024, 12, 31, 17, 0, tzinfo=UTC))
    assert name == "notice-east-2024-12.pdf"
    assert caption == "东小区 2024年12月的公示单：请用 A4 纸打印，贴在公示栏。"


@pytest.mark.usefixtures("accounts")
def test_the_sites_overview_offers_the_months_notice_on_its_last_day(repo, tmp_path):
    repo.clock.now = datetime(2024, 12, 31, 20, 0, tzinfo=CHINA_TZ)
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    east = (project / "content/areas/east/index.md").read_text("utf-8")
    assert '最新一期公示单（<span class="steward-date">2024年12月，</span>截至' in east, east
    assert "出单时，A4 PDF）" in east
    assert "notice-2024-12.pdf" in east.split("最新一期公示单", 1)[1].split("</li>", 1)[0]


@pytest.mark.usefixtures("accounts")
async def test_the_usage_says_which_month_comes_without_one(repo):
    async with BotHarness(repo) as bot:
        said = await bot.send(101, "/notice 上半年")
    assert "不写月份就是上个月；月底最后一天是本月" in said[-1].text, said[-1].text
