"""The words of the reports' pages as a reader takes them in: "2025 年报事" was read
"2025 年报"（an annual report）"事" in a search result's title; "2025 年的报事" is not."""

from __future__ import annotations

from test_site_helpers import fill_street, make_project, new_repo

from site_builder import build_site


def test_a_years_reports_are_headed_the_years_reports_not_its_annual_report(tmp_path):
    repo = new_repo(tmp_path / "data")
    fill_street(repo)
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    content = project / "content"
    issues = (content / "areas" / "east" / "issues.md").read_text("utf-8")
    assert "## 2025 年的报事 { #year }" in issues
    pages = [p.read_text("utf-8") for p in content.rglob("*.md")]
    assert not [p for p in pages if "年报事" in p]
