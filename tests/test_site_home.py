"""The home page as a resident meets it: its latest changes say what changed, not
only a number ("公告 #379" alone tells nobody what the notice says)."""

from __future__ import annotations

from test_site_helpers import fill_street, make_project, new_repo

from site_builder import build_site


def test_home_page_latest_changes_say_what_each_change_is_about(tmp_path):
    repo = new_repo(tmp_path / "data")
    fill_street(repo)
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    home = (project / "content" / "index.md").read_text("utf-8")
    latest = home[home.index("## 最新动态"):home.index("[订阅动态")]
    items = [line for line in latest.splitlines() if line.startswith("- ")]
    assert items
    # each: when · the area · what changed (a link to it)：what it is about
    announcement = next(line for line in items if " · 东小区 · [公告 &#35;" in line)
    assert announcement.endswith("：周六大扫除"), announcement
    issue = next(line for line in items if " · 东小区 · [报事 &#35;" in line)
    assert issue.endswith("：2单元路灯不亮"), issue
