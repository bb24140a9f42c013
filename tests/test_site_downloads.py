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
