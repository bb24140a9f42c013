"""The downloads page as a journalist reads it before opening ``ledger.csv``: what each
column holds and in what unit, which Chinese word each code is, and where the monthly
paper notices, the signed heads and the checking program are."""

from __future__ import annotations

import csv
import io
import re

from test_site_helpers import make_project

from db import labels
from db.ledger import LINE_FIELDS
from site_builder import build_site


def _page_and_csv(street) -> tuple[str, list[str]]:
    repo, tmp_path = street
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = (project / "content" / "downloads" / "index.md").read_text("utf-8")
    raw = (project / "content" / "downloads" / "east" / "ledger.csv").read_text("utf-8")
    return page, next(csv.reader(io.StringIO(raw)))


def test_every_column_of_the_ledger_csv_is_explained_with_its_unit(street):
    """An auditor's trial: the page said the amounts are in fen and the categories are
    English codes, and no more; period, receipt "checked", reverses, household_ref and
    the codes (cleaning? maintenance?) were left to guess."""
    page, header = _page_and_csv(street)
    assert header == list(LINE_FIELDS)
    table = page.split('steward-columns">')[1].split("</table>")[0]
    rows = dict(re.findall(r'<tr><td><code[^>]*>([a-z_]+)</code></td><td[^>]*>(.+?)</td>',
                           table))
    # an example month in a note is kept on one line, as every date of the site
    assert '<span class="steward-date">2025-01</span> 是一个月' in rows["period"]  # its space
    assert list(rows) == header  # every column, in the file's order
    assert all(rows.values())
    assert "分" in rows["amount_fen"] and "支出为负" in rows["amount_fen"]
    assert "checked" in rows["receipt"] and "不写门牌号" in rows["household_ref"]
    codes = page.split('steward-codes">')[1].split("</table>")[0]
    shown = set(re.findall(r'<code[^>]*>([a-z_]+)</code></td><td[^>]*>([^<]+)</td>', codes))
    for table_ in (labels.LINE_KIND, labels.FEE_TYPE, labels.EXPENSE_CATEGORY):
        for code, label in table_.items():
            assert (code, label.zh) in shown, code


def test_the_paper_notices_heads_and_checking_program_are_listed(street):
    page, _ = _page_and_csv(street)
    assert "(../areas/east/accounts.md#notices)" in page and "notice-年-月.pdf" in page
    assert "(heads.json)" in page and "(steward_verify.py)" in page
    assert "balance_fen" in page  # areas.json's fields too


def test_a_download_link_says_the_name_of_the_file_it_saves(street):
    """The link read 账目表格.csv and the file saved was 东小区账目.csv (or, where the
    browser ignores ``download``, accounts-east.csv): a resident looked in her downloads
    for a name she had never seen. Every link that names a file names the one saved."""
    import html
    import posixpath

    page, _ = _page_and_csv(street)
    links = re.findall(r'<a href="([^"]+)"( download="[^"]*")?>([^<]+)</a>', page)
    files = [(href, saved, text) for href, saved, text in links
             if re.search(r"\.(csv|json|pdf|py)$", text)]
    files += [(href, "", text) for text, href in
              re.findall(r"\[([^\]]+\.(?:csv|json|py))\]\(([^)#]+)\)",
                         html.unescape(page))]
    assert len(files) >= 10
    for href, saved, text in files:
        name = html.unescape(saved[len(' download="'):-1]) if saved else posixpath.basename(href)
        assert html.unescape(text) == name, (href, saved, text)
    assert '<a href="east/accounts-east.csv" download="东小区账目.csv">东小区账目.csv</a>' in page
    assert "下载后的文件名是“小区名账目.csv”" in page
