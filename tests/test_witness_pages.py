"""An accounts page edited by hand on the web host passes the checks of the downloads;
``steward_verify.py --pages`` reads each area's accounts pages too and names the first
line whose number, amount or hash differs from the downloads, or that is not shown."""

from __future__ import annotations

import functools
import http.server
import re
import threading

import pytest
from heads_support import run_script, street_with_history
from test_witness import publish


@pytest.fixture
def site(tmp_path):
    data, project = tmp_path / "data", tmp_path / "project"
    repo, _clock = street_with_history(data)
    repo.close()
    return publish(data, project)


def pages(site, *args: str):  # type: ignore[no-untyped-def]
    return run_script(site / "downloads" / "steward_verify.py", str(site), "--pages", *args)


def edit_row(site, area: str, seq: int, change) -> None:  # type: ignore[no-untyped-def]
    """Edit one ledger row of an area's accounts page, as someone on the web host could."""
    page = site / "areas" / area / "accounts.md"
    text = page.read_text("utf-8")
    row = re.search(rf'<tr id="line-{seq}">.*?</tr>', text, re.S)
    assert row, text
    page.write_text(text[:row.start()] + change(row.group(0)) + text[row.end():], "utf-8")


def test_honest_pages_agree_with_the_downloads(site):
    ok = pages(site)
    assert ok.returncode == 0, ok.stdout
    assert "账目页与下载的数据一致：区域 东小区（east），1 页，8 笔" in ok.stdout
    assert "账目页与下载的数据一致：区域 西小区（west），1 页，3 笔" in ok.stdout
    # in English, one page is "1 page", not "1 pages" (auditor's trial)
    en = pages(site, "--lang", "en")
    assert "the accounts pages agree with the downloads: area west, 1 page, 3 lines" \
        in en.stdout, en.stdout


def test_an_amount_edited_on_the_page_is_named(site):
    edit_row(site, "east", 2, lambda row: row.replace("-¥30.00", "-¥40.00"))
    assert run_script(site / "downloads" / "steward_verify.py", str(site)).returncode == 0
    caught = pages(site)
    assert caught.returncode == 1, caught.stdout
    assert ("未通过：区域 东小区（east） 账目页 accounts 第 2 笔：网页上的金额是 -¥40.00，"
            "下载的数据里是 -¥30.00") in caught.stdout, caught.stdout


def test_a_hash_edited_on_the_page_is_named(site):
    edit_row(site, "east", 5, lambda row: re.sub(r"<code>[0-9a-f]{16}</code>",
                                                  "<code>0123456789abcdef</code>", row))
    caught = pages(site, "--lang", "en")
    assert caught.returncode == 1, caught.stdout
    assert ("FAILED: area east, accounts page accounts, line 5: the page shows hash "
            "0123456789abcdef, the downloads ") in caught.stdout, caught.stdout


def test_a_line_removed_from_the_page_is_named(site):
    edit_row(site, "west", 2, lambda row: "")
    caught = pages(site)
    assert caught.returncode == 1, caught.stdout
    assert "未通过：区域 西小区（west） 第 2 笔：下载的数据里有，账目页上没有" in caught.stdout


def test_the_pages_are_read_over_http(site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        script = site / "downloads" / "steward_verify.py"
        assert run_script(script, url, "--pages").returncode == 0
        edit_row(site, "east", 8, lambda row: row.replace('<td class="seq n">8<',
                                                          '<td class="seq n">9<'))
        caught = run_script(script, url, "--pages", "--lang", "en")
        assert caught.returncode == 1
        assert "area east, accounts page accounts, line 8: its number differs" in caught.stdout
    finally:
        server.shutdown()
        server.server_close()
