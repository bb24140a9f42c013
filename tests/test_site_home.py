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


def test_home_page_says_a_rate_marked_by_unit_counts_units_not_households(tmp_path):
    # The rate column said only "…的缴费户数占全部户数的比例", while a fee collected a
    # unit at a time shows "100.0% 卫生费 2025-02（按单元）": the units that paid, not
    # the households, which a reader took for every household having paid.
    from conftest import pid

    from db.entries import Kind

    repo = new_repo(tmp_path / "data")
    fill_street(repo)
    fee = repo.submit(pid(repo, 103), Kind.FEE_INCOME, "west", {
        "amount_fen": 6000, "fee_type": "sanitation", "period": "2025-02", "unit": "c2/1/1",
        "unit_label": "西小区 1号楼 1单元"})
    repo.approve(fee.id, pid(repo, 104))
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    home = (project / "content" / "index.md").read_text("utf-8")
    west = next(row for row in home.splitlines() if 'href="areas/west/"' in row)
    assert "（按单元）" in west
    [explained] = [line for line in home.splitlines() if line.startswith("缴费率")]
    assert "注明“按单元”的是已缴单元数占全部单元数的比例" in explained, explained
