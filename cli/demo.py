"""``steward demo``: the whole system on the demo street from the article, a year of
conversations through the real bot handlers, then the site built and served.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer

from cli.common import DataOpt, fail, summary
from cli.site import serve

__all__ = ["DEMO_CONFIG", "EXAMPLES", "demo", "demo_project"]


# examples/ sits beside steward_cli.py, one folder above this package
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DEMO_CONFIG = EXAMPLES / "xinyi-street.yaml"


def demo(
    data: DataOpt = Path("demo-data"),
    project: Annotated[Path | None, typer.Option(
        "--project", help="Folder the site is built in (content/, site/); created with the "
                          "site's sources when it has no mkdocs.yml. Default: the current "
                          "folder if it holds mkdocs.yml (Steward's own checkout), else "
                          "'demo-site' beside the data folder.", show_default=False)] = None,
    no_serve: Annotated[bool, typer.Option(
        "--no-serve", help="Exit after building the site instead of serving it.")] = False,
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1 to serve on.")] = 8000,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="Print every message and button of every conversation.")
    ] = False,
) -> None:
    """The whole system on the demo street: a year of conversations through the real
    bot handlers (offline Bot API, fake clock), then the site, served on 127.0.0.1."""
    import asyncio
    import time
    import warnings

    from bot.demo import DemoClock, run_demo
    from db.config import load_street
    from db.repository import Repository
    from site_builder import build_site

    started = time.perf_counter()
    project = demo_project(project, data)
    if data.exists():
        if not (data / "meta.json").exists() and any(data.iterdir()):
            fail(f"{data} 已经存在，而且不是 Steward 的数据目录：请换一个 --data（演示会清空它） / "
                 f"{data} exists and is not a Steward data folder; choose another --data")
        shutil.rmtree(data)
    clock = DemoClock()
    repo = Repository.init(data, load_street(DEMO_CONFIG), clock=clock)
    from db.heads import start_signing

    start_signing(data, clock().isoformat(timespec="seconds"))
    typer.echo(summary(repo))
    typer.echo("\nPlaying a year of conversations through the bot (offline Bot API):")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB: no JobQueue offline, so no conversation timeout
        played = asyncio.run(run_demo(repo, clock, log=typer.echo, verbose=verbose))
    typer.echo(f"\n{played.stats['updates']} updates to the bot, {played.stats['calls']} Bot "
               f"API calls answered offline, in {time.perf_counter() - started:.1f}s.")
    typer.echo(summary(repo))
    from db.heads import record_heads

    record_heads(repo)  # heads published since the last /publish of the year
    from db.played import mark_played

    # its site is drawn as of this day, by this build and any later `steward build`
    mark_played(data, clock.now)
    _demo_project(project)
    try:
        report = build_site(repo, project)
    except Exception as exc:  # MkDocs aborts, a bad template
        repo.close()
        fail(f"网站生成失败 / site build FAILED: {exc}")
    repo.close()
    typer.echo(f"Site built: {report.pages} pages, {report.photos} photos, "
               f"{report.seconds:.1f}s -> {report.site_dir}")
    typer.echo(f"Demo data folder: {data}   (try: steward chat --data {data} --as 7000001)")
    typer.echo(f"Done in {time.perf_counter() - started:.1f}s.")
    if not no_serve:
        serve(port=port, data=data, project=project)


def demo_project(project: Path | None, data: Path) -> Path:
    """The demo's site folder: ``project``; else the current folder when it is a site
    project (Steward's checkout); else ``demo-site`` beside the demo's data folder. It
    was the current folder, whatever it held: `steward demo` run from a home folder put
    mkdocs.yml, hooks/, overrides/, content/ and site/ among her files. (Not the street's
    ``site-project``, which ``steward run`` would then build the real street into.)"""
    from site_builder.project import is_project

    if project is not None:
        return project
    if is_project(Path.cwd()):
        return Path(".")
    return Path(data).absolute().parent / "demo-site"


def _demo_project(project: Path) -> None:
    """Give ``project`` the site's sources (mkdocs.yml, hooks, overrides, the
    hand-written pages) when it has none, so the demo can build anywhere; when it has
    them (a demo played before, perhaps by an earlier version), this version's, as
    `steward site init --update` does: a demo played into its old folder was built with
    the old version's hook, theme, stylesheet and scripts. A file edited there is kept
    (this version's beside it, in .steward-new/), and the reader told so."""
    from site_builder.project import init_project, is_project

    if not is_project(project):
        init_project(project)
    else:
        from cli.site import update_site_project

        update_site_project(project)
