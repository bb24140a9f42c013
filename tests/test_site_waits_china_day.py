"""The days an open report has waited, counted by the page's script, are counted to
today in China (where the bot, the notice and the data count them), whatever the
reader's clock: a reader whose phone is set to another zone (a resident's daughter
working abroad, a volunteer checking from a laptop set to UTC) read one day less than
the bot said the same morning (已等 604 天 on the site, 605 under /overview)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from browser_support import chromium, serve
from test_site_helpers import fill_street, make_project, new_repo

from db.core import CHINA_TZ
from site_builder import build_site

# 20:00 UTC: already the next day in China (04:00), still this day in Los Angeles (12:00)
NOW = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("waits")
    repo = new_repo(tmp / "data")
    fill_street(repo)
    project = make_project(tmp)
    build_site(repo, project)
    repo.close()
    with serve(project / "site") as base:
        yield base


@pytest.mark.parametrize("zone", ["America/Los_Angeles", "Asia/Shanghai", "UTC"])
def test_a_wait_is_counted_to_chinas_today_in_any_zone(served, zone):
    china_today = NOW.astimezone(CHINA_TZ).date()
    assert china_today == date(2026, 3, 2)
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id=zone)
        page = context.new_page()
        page.clock.set_fixed_time(NOW)
        page.goto(served + "areas/east/issues/")
        waits = page.locator("[data-since]")
        assert waits.count() >= 1
        for n in range(waits.count()):
            el = waits.nth(n)
            since = date.fromisoformat(el.get_attribute("data-since"))
            days = max((china_today - since).days, 0)
            shown = el.inner_text().replace("\u00a0", " ")
            assert f"{days}" in shown and f"{days + 1}" not in shown.split(), (zone, shown)
            assert str(days) == "".join(ch for ch in shown if ch.isdigit()), (zone, shown)
        context.close()
