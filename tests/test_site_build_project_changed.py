"""What a build says it changed counts the site project's own files too: after an
upgrade (``steward site init --update`` with a new stylesheet and security.md) the bot's
start log said "网站已生成：28 页，0 个文件有改动" though both were published anew, since
the count covered the generated pages only."""

from __future__ import annotations

from test_site_helpers import make_project

from bot.build_worker import Built
from site_builder import build_site


def test_a_stylesheet_and_a_page_changed_by_an_upgrade_are_counted_by_the_next_build(street):
    repo, tmp = street
    project = make_project(tmp / "p")
    build_site(repo, project)
    css, security = project / "content/assets/steward.css", project / "content/security.md"
    css.write_text(css.read_text("utf-8") + "\n.new-rule { color: #333; }\n", "utf-8")
    security.write_text(security.read_text("utf-8") + "\n新版本的说明。\n", "utf-8")
    upgraded = build_site(repo, project)  # the bot's first build after its restart
    assert upgraded.project_changed == ["content/assets/steward.css", "content/security.md"]
    assert "new-rule" in (upgraded.site_dir / "assets/steward.css").read_text("utf-8")
    again = build_site(repo, project)
    assert again.project_changed == []
    css.touch()  # touched, the same bytes: not a change
    assert build_site(repo, project).project_changed == []


def test_the_log_line_counts_the_projects_files_and_says_which_they_are():
    said = Built(pages=28, written=0, seconds=1.5, project=2)
    assert said.zh == ("28 页，2 个文件有改动（其中网站项目自带的文件 2 个：样式、说明页等），"
                       "1.50 秒")
    assert str(said) == ("28 pages, 2 files changed (2 of them the site project's own: "
                         "stylesheets, pages like security.md), 1.50s")
    assert Built(pages=28, written=1, seconds=0.2).zh == "28 页，1 个文件有改动，0.20 秒"
