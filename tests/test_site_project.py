"""The site's project folder: what `steward site init` copies is what a wheel installs."""

from __future__ import annotations

import tomllib
from pathlib import Path

from site_builder.project import init_project, sources_dir

ROOT = Path(__file__).resolve().parent.parent


def test_every_source_of_a_project_folder_is_installed_with_the_wheel(tmp_path):
    copied = {p.relative_to(tmp_path).as_posix() for p in init_project(tmp_path)}
    assert sources_dir() == ROOT and "mkdocs.yml" in copied and "hooks/steward_search.py" in copied
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    installed = set()
    for target, patterns in config["tool"]["setuptools"]["data-files"].items():
        assert target.startswith("share/steward/site")
        for pattern in patterns:
            for path in ROOT.glob(pattern):
                installed.add(path.relative_to(ROOT).as_posix())
                where = target.removeprefix("share/steward/site").strip("/")
                assert path.parent.relative_to(ROOT).as_posix() == (where or "."), path
    assert copied == installed


def test_site_init_update_brings_a_new_version_in_and_keeps_the_streets_edits(tmp_path):
    """After an upgrade the project's hook, theme and stylesheet were the old version's
    for ever (init keeps every file). `site init --update` replaces what Steward
    copied and nobody edited, adds what is new, and keeps a page the street edited,
    with this version's beside it (outside content/, so never published)."""
    import hashlib
    import json

    from typer.testing import CliRunner

    from site_builder.project import NEW_DIR, RECORD
    from steward_cli import app

    project = tmp_path / "site-project"
    assert init_project(project)
    record = json.loads((project / RECORD).read_text())
    assert record["hooks/steward_search.py"] == hashlib.sha256(
        (ROOT / "hooks/steward_search.py").read_bytes()).hexdigest()
    # as the version before left it: its own hook (untouched since), no 404 page yet
    old_hook = b"# the search hook of the version before\n"
    (project / "hooks/steward_search.py").write_bytes(old_hook)
    record["hooks/steward_search.py"] = hashlib.sha256(old_hook).hexdigest()
    # and its own about page, which this version changed, and the street edited since
    record["content/about.md"] = hashlib.sha256(b"# about, the version before\n").hexdigest()
    (project / RECORD).write_text(json.dumps(record))
    (project / "overrides/404.html").unlink()
    (project / "content/about.md").write_text("# 关于本站\n府东街道自己写的介绍。\n", "utf-8")

    result = CliRunner().invoke(app, ["site", "init", str(project), "--update"])
    assert result.exit_code == 0, result.output
    assert (project / "hooks/steward_search.py").read_bytes() == \
        (ROOT / "hooks/steward_search.py").read_bytes()
    assert (project / "overrides/404.html").read_bytes() == \
        (ROOT / "overrides/404.html").read_bytes()
    assert "府东街道自己写的介绍" in (project / "content/about.md").read_text("utf-8")
    assert (project / NEW_DIR / "content/about.md").read_bytes() == \
        (ROOT / "content/about.md").read_bytes()
    assert "replaced by this version's: hooks/steward_search.py" in result.output
    assert "added: overrides/404.html" in result.output
    assert f"kept (edited here): content/about.md; this version's is {NEW_DIR}/content/about.md" \
        in result.output

    again = CliRunner().invoke(app, ["site", "init", str(project), "--update"])
    assert again.exit_code == 0 and "0 added, 0 replaced, 1 kept as edited" in again.output


def test_site_init_update_does_not_ask_to_merge_an_edited_page_this_version_left_as_it_was(
        tmp_path):
    """An upgrade that changed the stylesheet but not about.md, which the street had
    edited: --update wrote this version's about.md to .steward-new/ and said 'compare them
    and merge what you need', at every upgrade, for a page with nothing new in it (found
    deploying by the README). Now it says the edit is kept and there is nothing to merge;
    a page this version did change is still put beside, to compare."""
    import json

    from typer.testing import CliRunner

    from site_builder.project import NEW_DIR, RECORD
    from steward_cli import app

    project = tmp_path / "site-project"
    assert init_project(project)
    (project / "content/about.md").write_text("# 关于本站\n光明街道自己写的介绍。\n", "utf-8")
    (project / "content/security.md").write_text("# 安全\n光明街道改过的。\n", "utf-8")
    record = json.loads((project / RECORD).read_text())
    record["content/security.md"] = "0" * 64  # the version before copied another one
    (project / RECORD).write_text(json.dumps(record))

    result = CliRunner().invoke(app, ["site", "init", str(project), "--update"])
    assert result.exit_code == 0, result.output
    assert "光明街道自己写的介绍" in (project / "content/about.md").read_text("utf-8")
    assert not (project / NEW_DIR / "content/about.md").exists()
    assert "kept (edited here; this version did not change it: nothing to merge): " \
           "content/about.md" in result.output
    assert "content/about.md; this version's is" not in result.output
    assert (project / NEW_DIR / "content/security.md").read_bytes() == \
        (ROOT / "content/security.md").read_bytes()
    assert f"kept (edited here): content/security.md; this version's is {NEW_DIR}/" \
           "content/security.md" in result.output
    assert "0 added, 0 replaced, 2 kept as edited" in result.output


def test_site_init_update_refuses_a_folder_that_is_not_a_project(tmp_path):
    from typer.testing import CliRunner

    from steward_cli import app

    result = CliRunner().invoke(app, ["site", "init", str(tmp_path), "--update"])
    assert result.exit_code == 2 and "has no mkdocs.yml" in result.output
    assert not any(tmp_path.iterdir())


def test_a_demo_played_into_a_project_of_an_earlier_version_brings_this_versions_sources(
        tmp_path, capsys):
    """`steward demo --project P` into a folder a demo of an earlier version made kept
    that version's hook, theme, stylesheet and scripts (it only filled a folder without
    mkdocs.yml): the site was built with the old ones. The files Steward copied and nobody
    edited are now replaced, new ones added; a file edited there is kept, as `site init
    --update` does."""
    import hashlib
    import json

    from cli.demo import _demo_project
    from site_builder.project import NEW_DIR, RECORD

    project = tmp_path / "demo-site"
    _demo_project(project)
    record = json.loads((project / RECORD).read_text())
    old = b"/* the stylesheet of the version before */\n"
    (project / "content/assets/steward.css").write_bytes(old)
    record["content/assets/steward.css"] = hashlib.sha256(old).hexdigest()
    (project / RECORD).write_text(json.dumps(record))
    (project / "hooks/steward_search.py").unlink()
    (project / "content/about.md").write_text("# 关于本站\n自己写的介绍。\n", "utf-8")

    _demo_project(project)
    for path in ("content/assets/steward.css", "hooks/steward_search.py"):
        assert (project / path).read_bytes() == (ROOT / path).read_bytes(), path
    assert "自己写的介绍" in (project / "content/about.md").read_text("utf-8")
    assert not (project / NEW_DIR).exists()  # this version left about.md as it was
    out = capsys.readouterr().out  # and the reader is told so
    assert "replaced by this version's: content/assets/steward.css" in out
    assert "added: hooks/steward_search.py" in out
    assert "content/about.md" in out
