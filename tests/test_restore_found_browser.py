"""The site's 账本核验 page after two restores (``content/assets/steward_verify.js``): a
head printed on a paper notice before an older backup was restored, whose lines a later
restore found again. Before, the page said 请向管理方问清楚原来的那几笔重新录入成了第几笔
though the ledger says it (第 M 笔 reads 原第 N 笔…恢复备份时找回), the page the paper
notice sends its reader to. Now it names the line found again."""

from __future__ import annotations

from browser_support import chromium, phone_page, serve
from test_restore_found_lines import _restore, _two_backups
from test_site_helpers import make_project
from test_site_verify_browser import _check_printed

from db.repository import Repository
from site_builder import build_site


def test_the_check_page_names_the_lines_found_again_for_a_head_printed_before(tmp_path):
    data, clock, before, real, _ = _two_backups(tmp_path)
    printed = real[-1]["hash"][:16]  # line before + 2's head, on the April notice
    _restore(tmp_path, data, "older.tar.gz")
    _restore(tmp_path, data, "newer.tar.gz")
    repo = Repository.open(data, clock=clock)
    try:
        project = make_project(tmp_path)
        build_site(repo, project)
    finally:
        repo.close()
    with serve(project / "site") as base, chromium() as browser, \
            phone_page(browser, base) as page:
        page.goto(base + "integrity/")
        said = _check_printed(page, "east", str(before + 2), printed)
        assert page.errors == [] and page.outside == []
    assert said.startswith("有问题") and "恢复备份时遗失" in said, said
    assert "问清楚" not in said, said  # before: ask the stewards
    for was, now in ((before + 1, before + 3), (before + 2, before + 4)):
        assert f"原来的第 {was} 笔已找回，现在是第 {now} 笔" in said, said
