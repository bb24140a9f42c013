"""Text that tries to become an id, a class, an attribute or a spreadsheet formula,
sent through the bot as residents and volunteers would, published, built with
MkDocs and opened in Debian's chromium: no page logs a console error or an
uncaught exception, the theme's own elements keep their ids, and no CSV cell
starts a formula. (The fee period ``__config`` once became ``<h2
id="__config">``, which the theme then parsed as its configuration; a period now has to
say a year or a month, so the attacks below carry one.)"""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from bot_harness import BotHarness, jpeg_bytes
from browser_support import serve
from conftest import confirmed_resident, pid
from playwright import sync_api
from test_site_helpers import make_project, new_repo

from db.entries import Kind, Status
from site_builder import build_site

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
THEME_IDS = ("__config", "__search", "__drawer", "__toc")
ATTACKS = {
    "period": "2024 {: #__config }",
    "period2": "=HYPERLINK(\"http://evil.cn/\",\"2025年\")",
    "report": "{: #__config .md-header onclick=alert(1) } <h2 id=\"__search\">x</h2> "
              "[x](javascript:alert(2)) __drawer",
    "opinion": "@SUM(1+1)*cmd|' /C calc'!A0 {#__toc}",
    "payee": "+1+2 光明电器维修部",  # (a phone in it is refused: db.private_words)
    "purpose": "-2+3\t=cmd|' /C calc'!A0 <script>alert(3)</script>",
    "note": "## __drawer\n{: #__search }",
}


async def _send_everything(repo) -> None:
    """Every hostile text through the bot, approved by the volunteers."""
    resident = confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="更换路灯", description="",
                                    budget_fen=100000, rule="simple_majority",
                                    deadline="2099-12-31")
    async with BotHarness(repo) as bot:
        for period in (ATTACKS["period"], ATTACKS["period2"]):
            await bot.send(7001, "/pay")
            await bot.press(7001, "pay:fee:sanitation")
            await bot.send(7001, period)
            await bot.send(7001, "120")
            await bot.press(7001, "pay:skip")
            await bot.press(7001, "pay:ok")
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:other")
        await bot.send(7001, ATTACKS["report"])
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
        await bot.send(7001, "/opinion")
        await bot.press(7001, f"op:p:{proposal.id}")
        await bot.send(7001, ATTACKS["opinion"])
        await bot.press(7001, "op:ok")
        await bot.send(101, "/expense")
        await bot.send(101, "50")
        await bot.send(101, ATTACKS["payee"])
        await bot.send(101, ATTACKS["purpose"])
        await bot.press(101, "exp:cat:repair")
        await bot.send_photo(101, jpeg_bytes())
        await bot.press(101, "exp:pub:1")
        await bot.press(101, "exp:ok:1")
        for entry in repo.entries(status=Status.PENDING):
            checker = 102 if entry.author == pid(repo, 101) else 101
            await bot.send(checker, f"/approve {entry.id}")
        [issue] = repo.entries(kind=Kind.ISSUE)
        await bot.send(102, f"/progress {issue.id} {ATTACKS['note']}")
    assert repo.entries(status=Status.PENDING) == [] and resident
    assert len(repo.ledger("east")) == 3


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    import asyncio

    tmp = tmp_path_factory.mktemp("hostile")
    repo = new_repo(tmp / "data")
    asyncio.run(_send_everything(repo))
    project = make_project(tmp)
    build_site(repo, project)
    repo.close()
    site = project / "site"
    with serve(site) as base:
        yield base, site


def test_no_page_logs_a_console_error_and_the_theme_keeps_its_ids(hostile_site):
    base, site = hostile_site
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert len(pages) > 20 and "areas/east/fees" in pages
    assert CHROMIUM is not None, "Debian's chromium is missing: apt-get install chromium"
    problems: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM,
                                    args=["--no-sandbox", "--disable-gpu",
                                          "--disable-background-networking"])
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.on("console", lambda m: problems.append(f"{page.url}: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"{page.url}: {e}"))
        page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
        for rel in pages:
            page.goto(base + ("" if rel == "." else rel + "/"), wait_until="load")
            page.wait_for_timeout(50)  # the theme's scripts run after load
            owners = page.evaluate(
                "ids => ids.map(id => { const e = document.getElementById(id);"
                " return e ? e.tagName : null; })", list(THEME_IDS))
            assert owners[0] == "SCRIPT", (rel, owners)  # the theme's configuration
            assert owners[1:3] == ["INPUT", "INPUT"], (rel, owners)
            assert owners[3] in (None, "INPUT"), (rel, owners)  # pages with a contents list
            if rel == "areas/east/issues":
                text = page.inner_text("article")
                assert "__drawer" in text and "onclick=alert(1)" in text  # shown as text
        browser.close()
    assert problems == []


def test_no_csv_cell_of_the_downloads_starts_a_formula(hostile_site):
    _base, site = hostile_site
    rows = list(csv.reader(io.StringIO((site / "downloads" / "east" / "ledger.csv")
                                       .read_text("utf-8"))))
    assert len(rows) == 4
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=HYPERLINK(\"http://evil.cn/\",\"2025年\")" in cells
    assert "'+1+2 光明电器维修部" in cells
    for cell in cells:
        if cell[:1] in ("=", "+", "@", "\t", "\r") or (cell[:1] == "-" and
                                                       not cell.lstrip("-").isdigit()):
            raise AssertionError(f"a formula in the CSV: {cell!r}")
