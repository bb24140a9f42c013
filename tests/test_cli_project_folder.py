"""Where the site's project folder is when none is named: `steward run` started from a
volunteer's home folder built the site there (mkdocs.yml, content/, site/ and .cache/
among her files), and `steward init` put the project's sources there. Now, without
--project or STEWARD_PROJECT, it is the current folder only when that holds mkdocs.yml,
else `site-project` beside the data folder; `steward run` logs where the site is built."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cli.run
from steward_cli import DEMO_CONFIG, app

runner = CliRunner()


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A volunteer's home folder holding her own file, the current folder; no project
    named in the environment."""
    folder = tmp_path / "home"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", "utf-8")
    monkeypatch.chdir(folder)
    for name in ("STEWARD_PROJECT", "STEWARD_PROJECT_DIR", "STEWARD_DATA"):
        monkeypatch.delenv(name, raising=False)
    return folder


def _run(monkeypatch, *args: str) -> list:
    """`steward run ARGS`, its bot not started: the settings it would start with."""
    started: list = []

    def start(settings, repo) -> None:  # type: ignore[no-untyped-def]
        started.append(settings)
        repo.close()

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    monkeypatch.setattr(cli.run, "_start_bot", start)
    result = runner.invoke(app, ["run", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return started


def test_init_from_a_home_folder_puts_the_project_beside_the_data_folder(home):
    result = runner.invoke(app, ["init", "--config", str(DEMO_CONFIG), "--data", "data"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in home.iterdir()) == ["data", "notes.txt", "site-project"]
    assert (home / "site-project" / "mkdocs.yml").is_file()


def test_run_from_a_home_folder_builds_the_site_beside_the_data_folder_and_says_so(
        home, monkeypatch, caplog):
    data = home / "street" / "data"
    assert runner.invoke(app, ["init", "--config", str(DEMO_CONFIG), "--data", str(data),
                               "--project", str(home / "elsewhere")]).exit_code == 0
    caplog.set_level(logging.INFO, logger="steward")
    [settings] = _run(monkeypatch, "--data", str(data))
    project = home / "street" / "site-project"
    assert Path(settings.project_dir).resolve() == project
    assert f"the public site is built in {project / 'site'}" in caplog.text, caplog.text
    assert "beside the data folder; --project DIR or STEWARD_PROJECT to choose another" \
        in caplog.text
    assert sorted(p.name for p in home.iterdir()) == ["elsewhere", "notes.txt", "street"]


def test_run_from_a_project_folder_or_with_one_named_builds_there(home, monkeypatch, caplog):
    assert runner.invoke(app, ["init", "--config", str(DEMO_CONFIG), "--data", "data",
                               "--project", "."]).exit_code == 0
    caplog.set_level(logging.INFO, logger="steward")
    [settings] = _run(monkeypatch, "--data", "data")  # a service started in its project
    assert Path(settings.project_dir).resolve() == home
    assert "the current folder holds mkdocs.yml" in caplog.text
    monkeypatch.setenv("STEWARD_PROJECT", str(home / "named"))
    [settings] = _run(monkeypatch, "--data", "data")
    assert Path(settings.project_dir) == home / "named"
    assert f"the public site is built in {home / 'named' / 'site'}" in caplog.text
    # named, it is said so once: the log read "--project or STEWARD_PROJECT; --project DIR
    # or STEWARD_PROJECT to choose another"
    named = caplog.text.split(f"{home / 'named' / 'site'}")[-1].splitlines()[0]
    assert named.endswith(": given by --project or STEWARD_PROJECT)"), named


def test_build_without_a_project_named_uses_the_same_folder_as_run(home, monkeypatch):
    data = home / "data"
    assert runner.invoke(app, ["init", "--config", str(DEMO_CONFIG), "--data", str(data),
                               "--project", str(home / "site-project")]).exit_code == 0
    result = runner.invoke(app, ["build", "--markdown-only", "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert (home / "site-project" / "content" / "index.md").is_file()
    assert not (home / "content").exists() and not (home / "mkdocs.yml").exists()


def test_demo_from_a_home_folder_builds_its_site_in_demo_site_beside_its_data(home, monkeypatch):
    """`steward demo` from her home folder put mkdocs.yml, hooks/, overrides/, content/
    and site/ among her files; now they go to demo-site beside demo-data (not the
    street's site-project, which `steward run` would build the real street into)."""
    from types import SimpleNamespace

    import bot.demo
    import site_builder

    async def no_year(repo, clock, log, verbose):  # type: ignore[no-untyped-def]
        return SimpleNamespace(stats={"updates": 0, "calls": 0})

    built: list[Path] = []

    def build(repo, project):  # type: ignore[no-untyped-def]
        built.append(Path(project))
        return SimpleNamespace(pages=0, photos=0, seconds=0.0, site_dir=Path(project) / "site")

    monkeypatch.setattr(bot.demo, "run_demo", no_year)
    monkeypatch.setattr(site_builder, "build_site", build)
    result = runner.invoke(app, ["demo", "--no-serve"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert built == [home / "demo-site"]
    assert (home / "demo-site" / "mkdocs.yml").is_file()
    assert sorted(p.name for p in home.iterdir()) == ["demo-data", "demo-site", "notes.txt"]


def test_run_with_a_project_that_is_no_site_project_is_refused_at_start(
        tmp_path, street_config, monkeypatch):
    """STEWARD_PROJECT=/opt/steward (the service's home, holding data/): the bot started
    and ran without a site, its build worker refusing every build, one line in the
    journal (without its time) saying why; the admins read 'steward build --follow
    exited 2'. Now `steward run` refuses at start, exit 2, naming the folder."""
    from typer.testing import CliRunner

    import steward_cli
    from db.repository import Repository

    home = tmp_path / "steward"
    data = home / "data"
    Repository.init(data, street_config).close()
    started = []
    monkeypatch.setattr("cli.run._start_bot", lambda settings, repo: started.append(1))
    env = {"TELEGRAM_BOT_TOKEN": "1:T", "STEWARD_WEBHOOK_URL": "", "STEWARD_DATA": str(data),
           "STEWARD_PROJECT": str(home)}
    result = CliRunner().invoke(steward_cli.app, ["run"], env=env)
    assert result.exit_code == 2, result.output
    assert started == []
    assert f"{home} 里没有 mkdocs.yml，不是网站项目目录" in result.output, result.output
    assert f"{home} has no mkdocs.yml" in result.output
