"""``steward build``, ``serve``, ``notice`` and ``site init``: the public site (its
project folder, its build, serving it on 127.0.0.1) and the paper notice.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from cli.checks import refuse_unsound
from cli.common import (
    DataOpt,
    ProjectOpt,
    fail,
    log_lines,
    many,
    not_a_project,
    open_repo,
    project_folder,
    timed_refusals,
)
from cli.usage import StewardGroup
from db.errors import IntegrityError

__all__ = ["build", "notice", "serve", "site_app", "site_handler", "site_init", "site_project"]


def build(
    data: DataOpt = Path("data"),
    project: ProjectOpt = None,
    markdown_only: Annotated[bool, typer.Option(
        "--markdown-only", help="Write content/ but do not run MkDocs.")] = False,
    follow: Annotated[bool, typer.Option(
        "--follow", help="Stay running (the bot starts it so): build the whole site, then "
        "build only what changed each time a line arrives on standard input; one JSON "
        "line per build on standard output.")] = False,
) -> None:
    """Build the public site: Markdown into content/, then `mkdocs build --strict` into site/.

    While `steward run` runs, the bot builds the site itself, a few seconds after each
    change (/publish in the bot: at once), and this refuses: build by hand with the bot
    stopped (after `steward merge-street`, `forget`, a restore). A project folder that
    does not exist yet, or is empty, first gets the site's sources (as `steward site
    init` does)."""
    if follow:  # the bot's build worker: its refusal a line of the bot's journal, timed
        import logging

        from site_builder.child import PARENT_ENV, ParentGone, stop_with_parent

        with timed_refusals():
            try:
                if os.environ.get(PARENT_ENV, "").isdigit():  # the bot's: ends with the bot
                    stop_with_parent(int(os.environ[PARENT_ENV]))
                _build(data, project, markdown_only, follow)
            except ParentGone:  # the bot was killed: the build it asked for is of no use now
                logging.getLogger("bot.publisher").warning(
                    "机器人已停止，生成网站的进程随之停止（网站上的文件都是完整的，下次启动时重新"
                    "生成） / the bot ended: its build worker stops too (every file of the site "
                    "is whole; the next start builds again)")
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(0)  # now: tearing down the builder's objects one by one took seconds
    else:
        _build(data, project, markdown_only, follow)


def _build(data: Path, project: Path | None, markdown_only: bool, follow: bool) -> None:
    from site_builder import build_site
    from site_builder.files import try_build_lock
    from site_builder.project import init_project, is_project

    project, _why = project_folder(project, data)
    # Safe beside the running bot. Every file is held against its checksum, not read:
    # the build reads the partitions an area at a time, and lets them go. Opened first:
    # a missing data folder made a project folder before it was refused.
    repo = open_repo(data, readonly=True, whole=False)
    if not is_project(project):
        # (.cache/ alone is the bot's own: a change noted before the first build)
        if why := not_a_project(project):
            repo.close()
            fail(why, 2)
        init_project(project)
        typer.echo(f"网站项目目录已建好 / Site project created in {project}")
    if not follow:
        lock = try_build_lock(project)
        if lock is None:  # two builders through one .site.building: a site half-made, or none
            repo.close()
            fail(f"机器人正在用这个网站项目目录生成网站（{project}），网站由它来生成：改动几秒"
                 f"后就会上网站；要马上生成，在机器人里发 /publish。要自己生成，先停下机器人。 / "
                 f"The bot's build worker is using this site project ({project}): the bot "
                 f"builds the site, a few seconds after each change; send /publish in the bot "
                 f"to build it now, or stop the bot to build it by hand.")
        refuse_unsound(repo, data, project=project)  # nothing hand-edited published, nor signed
        _record_heads(repo)
    if follow:
        import logging

        from site_builder.build import follow as follow_builds

        # The bot's build worker: its lines in the bot's journal with their time (the
        # street's), level and logger, as the bot's own; its successes the bot logs,
        # and MkDocs' warnings too, in the failure they make (``strict``).
        for handler in log_lines(logging.WARNING):
            handler.addFilter(lambda r: r.levelno >= logging.ERROR
                              or not r.name.startswith("mkdocs"))

        try:
            follow_builds(repo, project, sys.stdin, sys.stdout)
        finally:
            repo.close()
        return
    try:
        report = build_site(repo, project, run_mkdocs=not markdown_only)
    except Exception as exc:  # MkDocs aborts, a missing mkdocs.yml, a bad template
        if (project / "site" / "index.html").exists():
            fail(f"网站生成失败，公开网站保持上一次生成的样子 / site build FAILED, the public "
                 f"site is left as it was: {exc}")
        fail(f"网站生成失败，还没有生成过网站 / site build FAILED, no site is built yet: {exc}")
    finally:
        repo.close()
        if lock is not None:
            lock.close()
    changed, theirs = len(report.written) + len(report.project_changed), len(report.project_changed)
    typer.echo(f"网站已生成：{report.pages} 页，改了 {changed} 个文件"
               + (f"（其中网站项目自带的 {theirs} 个：样式、说明页等）" if theirs else "")
               + f"，删了 {len(report.removed)} 个，照片 {report.photos} 张，用时 "
               f"{report.seconds:.2f} 秒 / {report.pages} pages, {many(changed, 'file')} changed"
               + (f" ({theirs} of them the site project's own)" if theirs else "") + ", "
               f"{len(report.removed)} removed, {report.photos} photos, "
               f"{report.seconds:.2f}s")
    if report.site_dir:
        typer.echo(f"网站 / Site: {report.site_dir}")
    from db.played import played_until

    played = played_until(data)
    if played is not None:  # not today's date: said, or the last notice looks stale
        typer.echo(f"演示数据：网站按演示播放到的那天（{played}）生成，不按今天的日期；之后在这个"
                   f"数据目录里新入账的，公示单会排到那一笔所在的月份 / Demo data: the site is "
                   f"drawn as of {played}, the day the demo was played to, not today; a line "
                   f"added later runs the notices to its month")


def _within_demo(repo, data: Path, area: str, month: str) -> None:  # type: ignore[no-untyped-def]
    """Refuses a notice of a demo's folder for a month after the one its site is drawn to
    (``db.played``): its QR code would lead to a row the site does not have."""
    from db.errors import DomainError
    from db.played import played_until, site_today

    played = played_until(data)
    if played is None:
        return
    try:
        lines = repo.ledger(area)
    except DomainError:  # no such area: notice_for says so
        return
    last = f"{site_today(repo, lines):%Y-%m}"
    if month > last:
        repo.close()
        fail(f"--month {month}：这是演示数据，只播放到 {played}，网站上的公示单到 {last} 为止 / "
             f"--month {month}: this is the demo's data, played to {played}; its site's "
             f"notices end in {last}", 2)


def _record_heads(repo) -> None:  # type: ignore[no-untyped-def]
    """Sign and log the new chain heads before a build by hand, unless a bot runs
    (it signs them itself, before each of its builds)."""
    from db.errors import StoreError
    from db.heads import record_heads
    from db.locks import writer_lock

    try:
        with writer_lock(repo.store.root):
            repo.refresh()  # what a bot wrote before it stopped
            records = record_heads(repo)
    except StoreError as exc:
        if exc.code != "in_use":
            fail(f"没能记录账本链头，网站没有生成 / could not record the chain heads: {exc}")
        typer.echo("机器人正在运行：它在自己发布网站时给账本链头签名。 / The bot is running: it "
                   "signs the chain heads at its own publishes.")
        return
    except IntegrityError as exc:
        repo.close()
        zh, said, en = str(exc).partition(" / ")
        if said and re.search(r"[\u4e00-\u9fff]", zh):  # it says what to do in both
            fail(f"网站没有生成。{zh} / not building. {en}")
        fail(f"账本与签过的链头对不上，网站没有生成：请运行 steward verify 查看哪里被改了。 / "
             f"{exc}; not building. Run `steward verify` to see what changed.")
    for r in records:
        typer.echo(f"已签名链头：{r['area']} 第 {r['seq']} 笔 / Signed head: {r['area']} line "
                   f"{r['seq']} {r['head'][:16]}")


def notice(
    area: Annotated[str, typer.Argument(help=(
        "The management area: its id, its name or a compound's (lvcheng-wuguan, "
        "盐业小区·市药材小区, 盐业小区)."))],
    month: Annotated[str | None, typer.Option("--month", help="The month, YYYY-MM.")] = None,
    vote: Annotated[int | None, typer.Option(
        "--vote", help="An open vote or election's number: its notice (表决公告) instead.")
    ] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", help="The PDF to write (default notice-AREA-YYYY-MM.pdf, or "
                      "vote-AREA-N.pdf, here).")] = None,
    data: DataOpt = Path("data"),
    project: ProjectOpt = None,
) -> None:
    """Write the paper notice (公示单) of an area for one month: an A4 PDF for the bulletin
    board, with the month's ledger lines, balances, fees, open issues and votes, the
    signed chain head, a QR code to the area's page and lines to sign. With --vote N
    instead: the notice of open vote N (表决公告): what it decides, what it needs in the
    area's numbers, its deadline, how to vote, a QR code to it on the site."""
    import re
    from datetime import datetime

    from db.money import format_fen
    from db.storage import atomic_write_bytes
    from site_builder.notice import NoticeError, find_font, font_missing, notice_for, render_pdf

    if find_font() is None:
        fail(font_missing(), 2)
    if (month is None) == (vote is None):
        fail("请给 --month 年-月（月度公示单）或 --vote 编号（表决公告）其中一个 / give either "
             "--month YYYY-MM (the monthly notice) or --vote N (an open vote's notice)", 2)
    if vote is not None:
        _vote_notice(data, area, vote, out, project_folder(project, data)[0])
        return
    assert month is not None
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        fail(f"--month {month!r}：请按 年-月 写，例如 2025-03 / --month {month!r}: give a "
             f"month as YYYY-MM, e.g. 2025-03", 2)
    repo = open_repo(data, readonly=True)  # safe beside the running bot
    refuse_unsound(repo, data, ("公示单没有生成", "no notice made"))  # no wrong paper
    try:
        if month > datetime.now(repo.clock().tzinfo).strftime("%Y-%m"):
            fail(f"--month {month}：这个月还没开始 / --month {month}: that month has not "
                 f"begun", 2)
        area = repo.street.area_named(area)  # 和平小区 as the bot's /linkgroup reads it
        _within_demo(repo, data, area, month)
        content = notice_for(repo, area, month)
        pdf = render_pdf(content)
    except NoticeError as exc:
        fail(str(exc), 2)
    finally:
        repo.close()
    target = out or Path(f"notice-{area}-{month}.pdf")
    atomic_write_bytes(target.resolve(), pdf)
    head = content["head"]
    state = head["signature"]["state"]
    signed = {"exact": "已签名", "covered": "已由后面的签名包含", "empty": "还没有账"}.get(
        state, "尚未签名")
    typer.echo(f"{target}：{content['area_name']} {month} 的公示单，{len(content['lines'])} 笔，"
               f"余额 {format_fen(content['closing_fen'])}，第 {head['seq']} 笔的链头 "
               f"{head['hash'][:16]}（{signed}） / "
               f"{target}: {content['area_name']} {month}, {many(len(content['lines']), 'line')}, "
               f"balance {format_fen(content['closing_fen'])}, head of line {head['seq']} "
               f"{head['hash'][:16]} ({state})")
    if state == "unsigned":  # the paper would say 尚未签名 where the head is checked
        typer.echo("注意：这一期的链头还没有签名，单子上会印“尚未签名”。机器人在运行时，等它下次发布"
                   "（志愿者可以发 /publish）；没有运行时先 steward build。然后再生成这张单子去"
                   "张贴。 / Note: the month's head is not signed yet, and the paper says so. "
                   "With the bot running, let it publish (a volunteer's /publish); without, "
                   "run `steward build`; then make the notice again to post it.")
    if again := content.get("reprint"):  # what its top says (site_builder.notice_reprint)
        typer.echo(f"重印：与 {again['first']} 首次生成的相比，有 {len(again['changed'])} 处变化"
                   f"（{'、'.join(again['changed'][:8])}），单子顶部的重印说明写明了 / "
                   f"a reprint: {len(again['changed'])} parts changed since it was first "
                   f"made on {again['first']}, as its top says")
        if again.get("lost"):  # lines of the month lost in a restore: said so, plainly
            seqs = "、".join(str(x["seq"]) for x in again["lost"])
            typer.echo(f"重印：本月的账本链头与首次生成时不同：本月的第 {seqs} 笔后来在恢复备份"
                       "时遗失（单子顶部写明了），不是账被改了：公示栏上原来那张不要撤下，这张贴在"
                       "旁边 / "
                       f"the month's chain head differs from the one first printed: line(s) "
                       f"{seqs.replace('、', ', ')} of the month were lost in a restore of an "
                       "older backup since (the notice's top says so), not rewritten: keep the "
                       "posted notice up and put this one beside it")
        elif "账本链头" in again["changed"]:  # lines of the month gone: not a usual change
            typer.echo("重印：本月的账本链头与首次生成时不同（本月有账目不见了或被改了，比如数据从"
                       "较早的备份恢复）：公示栏上原来那张不要撤下，这张贴在旁边，并告诉街道办 / "
                       "the month's chain head differs from the one first printed (lines of the "
                       "month lost or rewritten, e.g. data restored from an older backup): "
                       "keep the posted notice up, put this one beside it, and tell the "
                       "street office")


def _vote_notice(data: Path, area: str, vote: int, out: Path | None, project: Path) -> None:
    """``steward notice AREA --vote N``: the notice of an open vote (表决公告); the one
    the site's last build of ``project`` drew when it was drawn from the same content
    (its digest: the turnout, the head and the words as now), without loading the font."""
    from db.storage import atomic_write_bytes
    from site_builder.notice import NoticeError, kept_pdf
    from site_builder.notice_pdf import content_digest
    from site_builder.vote_lookup import vote_notice_for
    from site_builder.vote_notice import vote_notice_path
    from site_builder.vote_notice_pdf import render_vote_pdf

    repo = open_repo(data, readonly=True)  # safe beside the running bot
    try:
        area = repo.street.area_named(area)
        content = vote_notice_for(repo, area, vote)
        kept = kept_pdf(project / "content", vote_notice_path(area, vote),
                        content_digest(content))
        reused = kept is not None
        pdf: bytes = kept if kept is not None else render_vote_pdf(content)
    except NoticeError as exc:
        fail(str(exc), 2)
    finally:
        repo.close()
    target = out or Path(f"vote-{area}-{vote}.pdf")
    atomic_write_bytes(target.resolve(), pdf)
    typer.echo(f"{target}：{content['area_name']} {content['kind_zh']} #{vote}「"
               f"{content['title']}」的表决公告，截止 {content['deadline']} 24 时 / "
               f"{target}: the notice of open vote #{vote} of {area}, closing at the end of "
               f"{content['deadline']}")
    if reused:
        typer.echo(f"{REUSED} / the site's own, drawn by its last build from the same content")


REUSED = "网站上次生成的，内容与现在相同"  # a vote's notice taken from the site's build


def serve(
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1.")] = 8000,
    data: DataOpt = Path("data"),
    project: ProjectOpt = None,
) -> None:
    """Serve the built site on http://127.0.0.1:PORT (builds it first if site/ is missing)."""
    import http.server

    project, _why = project_folder(project, data)
    site = project / "site"
    if not (site / "index.html").exists():
        typer.echo("还没有 site/，先生成网站 / site/ is missing; building it first")
        build(data=data, project=project, markdown_only=False)
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), site_handler(site)) as httpd:
        typer.echo(f"在 http://127.0.0.1:{port}/ 打开网站（Ctrl-C 停止） / Serving {site} on "
                   f"http://127.0.0.1:{port}/ (Ctrl-C stops)")
        httpd.serve_forever()


def site_handler(site: Path) -> Any:
    """The request handler of ``serve``: the files of ``site``, and the site's own page
    not found (``404.html``, in Chinese, with the site's menu) for an address that has
    none, as a static host serves it; Python's handler answered in English alone."""
    import functools
    import http.server

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_date_time_string(self) -> str:
            """Each request's line in the street's clock, as the bot's log (the
            machine's zone, UTC on many servers, said 21:30 at 05:30)."""
            from datetime import datetime

            from db.core import CHINA_TZ

            return datetime.now(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S+08:00")

        def send_error(self, code: int, message: str | None = None,
                       explain: str | None = None) -> None:
            page = site / "404.html"
            if code != 404 or not page.is_file():
                super().send_error(code, message, explain)
                return
            body = page.read_bytes()
            self.send_response(404, message)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    return functools.partial(Handler, directory=str(site))


def site_project(project: Path) -> None:
    """Make ``project`` a site project folder (files already there are kept) and say so."""
    from site_builder.project import init_project

    try:
        created = init_project(project)
    except OSError as exc:
        fail(f"没能在 {project} 创建网站项目目录 / could not create the site project in "
             f"{project}: {exc}")
    if created:
        typer.echo(f"网站项目目录已建好，用 steward build --project {project} 生成网站。 / "
                   f"Site project ready: {project} ({len(created)} files: mkdocs.yml, hooks/, "
                   f"overrides/, content/). Build it with `steward build --project {project}`.")
    else:
        typer.echo(f"网站项目目录已经有了 / Site project already in place: {project}")


site_app = typer.Typer(name="site", help="The public site's project folder.",
                       no_args_is_help=True, cls=StewardGroup)


@site_app.command("init", short_help=(
    "Create the site's project folder (mkdocs.yml, hooks/, overrides/, content/) that "
    "`steward build` and the bot build the site in; --update after an upgrade."))
def site_init(
    folder: Annotated[Path | None, typer.Argument(
        help="The project folder to create (default: STEWARD_PROJECT, or the current "
             "folder).", show_default=False)] = None,
    update: Annotated[bool, typer.Option(
        "--update", help="After an upgrade: add this version's new files, replace those "
                         "you did not edit, keep those you did (this version's copy goes "
                         "beside them, in .steward-new/).")] = False,
) -> None:
    """Create the site's project folder (mkdocs.yml, hooks/, overrides/, content/) that
    `steward build` and the bot build the site in; files already there are kept.

    After upgrading Steward, run it with --update (the bot then rebuilds the site at
    its next start)."""
    project = folder or Path(os.environ.get("STEWARD_PROJECT") or ".")
    if update:
        update_site_project(project)
    else:
        site_project(project)


def update_site_project(project: Path) -> None:
    """`steward site init --update` (and a demo into an existing folder): bring ``project``
    to this version's sources, saying what was added, replaced and kept."""
    from site_builder.project import NEW_DIR, is_project, update_project

    if not is_project(project):
        fail(f"{project} 里没有 mkdocs.yml，不是网站项目目录（先用 steward site init {project} "
             f"创建） / {project} has no mkdocs.yml: it is not a site project folder (create "
             f"one with `steward site init {project}`)", 2)
    try:
        done = update_project(project)
    except OSError as exc:
        fail(f"没能更新网站项目目录 {project} / could not update the site project in "
             f"{project}: {exc}")
    for word, paths in (("新增 / added", done.added),
                        ("换成这个版本的 / replaced by this version's", done.replaced)):
        for path in paths:
            typer.echo(f"{word}: {path.relative_to(project)}")
    for path in done.kept:
        rel = path.relative_to(project)
        typer.echo(f"保留（这里改过） {rel}，这个版本的在 {NEW_DIR}/{rel}：请对照两者，把需要的"
                   f"合进去 / kept (edited here): {rel}; this version's is {NEW_DIR}/{rel}: "
                   f"compare them and merge what you need")
    for path in done.edited:
        rel = path.relative_to(project)
        typer.echo(f"保留（这里改过，这个版本没有改它，不用对照） / kept (edited here; this "
                   f"version did not change it: nothing to merge): {rel}")
    kept = len(done.kept) + len(done.edited)
    typer.echo(f"网站项目目录 {project} 已更新：新增 {len(done.added)} 个，换了 "
               f"{len(done.replaced)} 个，{kept} 个改过的保留 / Site project "
               f"{project} updated: {len(done.added)} added, "
               f"{len(done.replaced)} replaced, {kept} kept as edited.")
