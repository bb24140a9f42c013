"""The 账本核验 page's check in the reader's own browser (content/assets/steward_verify.js)
passes a ledger holding lines lost in a restore (``db.lost_lines``: 0 fen, no entry, a
head signed after them): the browser recomputes their hashes as the site made them. A
lost line rewritten to hold money (the chain made again) is still caught: the head
signed past it is no longer in the ledger."""

from __future__ import annotations

import json

from browser_support import chromium, phone_page, serve
from heads_support import money, street_with_history
from test_site_helpers import make_project
from test_site_verify_browser import _check_all, _line_hash

from db.backup import backup, restore
from db.heads import record_heads
from db.repository import Repository
from site_builder import build_site


def test_the_browser_check_passes_a_ledger_with_lines_lost_in_a_restore(tmp_path):
    data = tmp_path / "data"
    repo, clock = street_with_history(data)
    lost = len(repo.ledger("east")) + 1
    repo.close()
    backup(data, tmp_path / "b.tar.gz")
    repo = Repository.open(data, clock=clock)
    money(repo, "east", 3000, expense=True, purpose="备份之后的一笔")
    repo.close()
    restore(tmp_path / "b.tar.gz", data)
    repo = Repository.open(data, clock=clock)
    money(repo, "east", 2500, expense=True, purpose="重新录入")
    assert record_heads(repo)  # a head signed past the lost line
    assert repo.line("east", lost)["kind"] == "lost"
    project = make_project(tmp_path)
    build_site(repo, project)
    repo.close()
    site = project / "site"
    with serve(site) as base, chromium() as browser, phone_page(browser, base) as page:
        found = _check_all(page, base, "east")
        line = next(x for x in found if "（east）：" in x)
        assert line.startswith("通过") and f"{lost + 1} 笔，哈希链通过" in line, found
        path = site / "downloads" / "east" / "ledger.json"
        doc = json.loads(path.read_text("utf-8"))
        prev = doc["lines"][lost - 2]["hash"]
        doc["lines"][lost - 1]["amount_fen"] = -3000  # the lost line made to hold money
        for x in doc["lines"][lost - 1:]:
            x["prev"] = prev
            x["hash"] = prev = _line_hash(x)
        doc["head"] = prev
        path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
        found = _check_all(page, base, "east")
        assert any(x.startswith("有问题") for x in found), found
        assert page.errors == [] and page.outside == []


def test_the_browser_check_passes_lines_found_again_after_two_restores(tmp_path):
    """An older backup restored (line N published lost, its head signed), then a newer
    one holding the real line N: it is recorded again after the lost line
    (``db.found_lines``), and the browser's check passes the ledger and its page."""
    data = tmp_path / "data"
    repo, clock = street_with_history(data)
    lost = len(repo.ledger("east")) + 1
    repo.close()
    backup(data, tmp_path / "older.tar.gz")
    repo = Repository.open(data, clock=clock)
    money(repo, "east", 3000, expense=True, purpose="备份之后的一笔")
    repo.close()
    backup(data, tmp_path / "newer.tar.gz")
    restore(tmp_path / "older.tar.gz", data)
    repo = Repository.open(data, clock=clock)
    assert record_heads(repo)  # the lost line's head signed, as at a publish
    repo.close()
    restored = restore(tmp_path / "newer.tar.gz", data)
    assert restored.found == {"east": [(lost, lost + 1)]}
    repo = Repository.open(data, clock=clock)
    assert record_heads(repo)  # signed on past the published head
    assert repo.line("east", lost)["kind"] == "lost"
    assert repo.line("east", lost + 1)["amount_fen"] == -3000
    project = make_project(tmp_path)
    build_site(repo, project)
    repo.close()
    site = project / "site"
    with serve(site) as base, chromium() as browser, phone_page(browser, base) as page:
        found = _check_all(page, base, "east")
        line = next(x for x in found if "（east）：" in x)
        assert line.startswith("通过") and f"{lost + 1} 笔，哈希链通过" in line, found
        assert page.errors == [] and page.outside == []
