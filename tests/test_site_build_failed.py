"""A whole site build that fails, as the operator meets it: a page of the project
edited by hand with a link to a page that is not there. The live site stays as it
was, nothing half-built is left in the project folder, and `steward build` says in
Chinese first which file and what to mend."""

from __future__ import annotations

from pathlib import Path

from test_site_helpers import make_project, new_repo
from typer.testing import CliRunner

from steward_cli import app


def _build(data: Path, project: Path):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["build", "--data", str(data), "--project", str(project)])


def test_a_whole_build_that_fails_leaves_the_live_site_and_no_half_built_copy(tmp_path):
    data = tmp_path / "data"
    new_repo(data).close()
    project = make_project(tmp_path)
    for _ in range(2):  # the second whole build keeps the first site aside (.site.spare)
        assert _build(data, project).exit_code == 0
    live = (project / "site" / "index.html").read_bytes()
    about = project / "content" / "about.md"
    about.write_text(about.read_text("utf-8") + "\n[旧的说明](old-notes.md)\n", "utf-8")

    failed = _build(data, project)

    assert failed.exit_code == 1
    # Before: a .site.building folder (the copy of an older site, words taken off the
    # site since included) stayed in the project until a build succeeded.
    assert not (project / ".site.building").exists()
    assert (project / "site" / "index.html").read_bytes() == live
    said = failed.output
    assert said.index("网站生成失败") < said.index("site build FAILED"), said
    assert "公开网站保持上一次生成的样子" in said, said
    assert "content/about.md 里的链接 old-notes.md 指向的页面不存在" in said, said
    assert "'old-notes.md'" in said, said  # the English as MkDocs says it, after

    about.write_text(about.read_text("utf-8").replace("[旧的说明](old-notes.md)", ""), "utf-8")
    assert _build(data, project).exit_code == 0
    assert not (project / ".site.building").exists()


def test_steward_build_beside_the_bots_build_worker_leaves_the_site_to_it(tmp_path):
    """`steward build` run while the bot ran built into the same project as the bot's
    build worker, both through .site.building: one build could delete the other's
    half-made site, or move the live one aside and find nothing to put in its place.
    Now it says that the bot builds the site, and how to have it built now."""
    import fcntl

    data = tmp_path / "data"
    new_repo(data).close()
    project = make_project(tmp_path)
    assert _build(data, project).exit_code == 0
    live = (project / "site" / "index.html").read_bytes()
    (project / ".cache").mkdir(exist_ok=True)
    with open(project / ".cache" / "build.lock", "a+b") as worker:  # the bot's, building
        fcntl.flock(worker.fileno(), fcntl.LOCK_EX)
        refused = _build(data, project)
    assert refused.exit_code == 1, refused.output
    said = refused.output
    assert said.startswith("steward: 机器人正在用这个网站项目目录生成网站"), said
    assert "/publish" in said and "The bot's build worker is using" in said, said
    assert (project / "site" / "index.html").read_bytes() == live
    assert _build(data, project).exit_code == 0  # the bot stopped: built by hand again


def test_a_mistake_in_mkdocs_yml_is_named_with_its_key_or_line(tmp_path):
    """mkdocs.yml edited by hand: an unknown key failed the build with 'Aborted with 1
    configuration warnings in 'strict' mode!' alone (the key named only on a line of
    MkDocs' own, which the bot's build worker does not log), a YAML mistake in English
    only."""
    data = tmp_path / "data"
    new_repo(data).close()
    project = make_project(tmp_path)
    assert _build(data, project).exit_code == 0
    config = project / "mkdocs.yml"
    good = config.read_text("utf-8")
    config.write_text(good + "theme_x: 1\n", "utf-8")
    unknown = _build(data, project)
    assert unknown.exit_code == 1
    said = unknown.output.splitlines()[-1]  # the refusal's own line says it all
    assert "网站项目的 mkdocs.yml 里的 theme_x 不对" in said, unknown.output
    assert "Config value 'theme_x': Unrecognised configuration name" in said, unknown.output
    config.write_text(good + "  bad: [\n", "utf-8")
    broken = _build(data, project)
    assert broken.exit_code == 1
    assert "网站项目的 mkdocs.yml 读不了（YAML 写错了" in broken.output, broken.output
    assert not (project / ".site.building").exists()


def test_a_first_build_that_fails_does_not_say_the_site_stays_as_it_was(tmp_path):
    """steward build failing before any site was built said 公开网站保持上一次生成的样子,
    of a site there never was."""
    data = tmp_path / "data"
    new_repo(data).close()
    project = make_project(tmp_path)
    about = project / "content" / "about.md"
    about.write_text(about.read_text("utf-8") + "\n[旧的说明](old-notes.md)\n", "utf-8")

    failed = _build(data, project)

    assert failed.exit_code == 1
    assert "网站生成失败，还没有生成过网站" in failed.output, failed.output
    assert "上一次" not in failed.output
    assert not (project / "site").exists()


def test_the_build_workers_refusal_to_start_is_a_timed_line_of_the_bots_journal(tmp_path):
    """The bot's build worker (`steward build --follow`, its stderr the bot's journal)
    with a data folder it cannot open: its refusal came in as 'steward: …' with no
    time, among the bot's lines '2026-12-05 10:30:00+08:00 INFO …'."""
    import os
    import re
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-m", "steward_cli", "build", "--follow", "--data",
         str(tmp_path / "gone"), "--project", str(tmp_path / "site-project")],
        cwd=tmp_path, env={**os.environ, "TZ": "UTC", "PYTHONPATH": str(root)},
        input="", capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    stamp = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+08:00 ERROR steward: ")
    assert stamp.match(lines[0]), lines[0]
    assert f"{tmp_path / 'gone'}：这里没有数据目录" in lines[0], lines[0]


def test_a_build_that_changed_one_file_says_one_file_in_the_log():
    """The journal read '网站已生成：28 页，1 个文件有改动 … / site built: 28 pages, 1 files
    changed' (tried deploying by the README)."""
    from bot.build_worker import Built

    assert str(Built(pages=28, written=1, seconds=0.2)) == "28 pages, 1 file changed, 0.20s"
    assert str(Built(pages=28, written=2, seconds=0.2)) == "28 pages, 2 files changed, 0.20s"
