"""The ``steward`` command: set up a street, check and back up its data,
run the bot, build and serve the public site.

Every subcommand takes ``--data DIR`` (or ``STEWARD_DATA``; default
``./data``): the folder holding one street's store.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer

from db.errors import ConfigError, DomainError, IntegrityError, StoreError

__all__ = ["app", "main"]

app = typer.Typer(
    name="steward",
    help=(
        "Steward (管家): a Telegram bot and a public ledger site for old residential "
        "compounds.\n\n"
        "Typical use: `steward init --config street.yaml`, then `steward run` "
        "(needs TELEGRAM_BOT_TOKEN), `steward build` to publish the site, and "
        "`steward backup FILE` from cron. `steward demo` shows everything with the "
        "demo street from the article."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXAMPLES = Path(__file__).resolve().parent / "examples"
DEMO_CONFIG = EXAMPLES / "xinyi-street.yaml"

CHAT_AS_HELP = (
    "Who you are: 'admin'; 'volunteer:<area>' or 'volunteer:<telegram id>' "
    "(e.g. volunteer:lvcheng-wuguan, volunteer:900201); 'resident:<household id>' "
    "(e.g. resident:yanye/1/1/101); or a Telegram id (e.g. 7000001). "
    "Default: a new, unregistered person."
)

@app.callback()
def _environment() -> None:
    """Runs before every command: the project folder's one environment variable."""
    from site_builder.project import ENV, project_from_env

    # STEWARD_PROJECT_DIR (the bot's old name) is read, with a warning, as STEWARD_PROJECT.
    folder = project_from_env()
    if folder and not os.environ.get(ENV):
        os.environ[ENV] = folder


DataOpt = Annotated[
    Path,
    typer.Option("--data", envvar="STEWARD_DATA", help="Data folder of the street's store.",
                 show_default=True),
]


def _fail(message: str, code: int = 1) -> None:
    typer.echo(f"steward: {message}", err=True)
    raise typer.Exit(code)


def _open_repo(data: Path, *, readonly: bool = False,  # type: ignore[no-untyped-def]
               refusing: str = "", whole: bool = True):
    """Open the street's store; ``readonly`` reads a consistent snapshot beside a running
    bot (no writer lock) and refuses to write. A damaged file is named, with
    ``refusing`` (what is not done) and how to bring back a backup. ``whole``: every
    partition is read; otherwise each file is only held against its checksum."""
    from db.repository import Repository

    repo = None
    try:
        repo = Repository.open(data, readonly=readonly)
        if whole:
            repo.store.load_all()
        else:
            repo.store.check_checksums()
        _ = repo.street
    except DomainError as exc:
        if repo is not None:
            repo.store.abandon()  # write nothing into a damaged folder; release it
        _fail(_with_restore(exc, data, refusing))
    return repo


def _with_restore(exc: DomainError, data: Path, refusing: str = "") -> str:
    """The message of an error; for a damaged data folder, with what is not done and
    the whole command that brings back a backup."""
    message = str(exc)
    if "steward restore" not in message:
        return message
    return (message.split("; bring back a backup")[0] + (f"; {refusing}" if refusing else "")
            + f". Bring back a backup with `steward restore BACKUP --data {data}`")


ProjectOpt = Annotated[
    Path,
    typer.Option("--project", envvar="STEWARD_PROJECT",
                 help="Folder with mkdocs.yml and content/ (the site's sources).",
                 show_default=True),
]


@app.command()
def init(
    config: Annotated[Path, typer.Option("--config", help="The street's YAML file.")],
    data: DataOpt = Path("data"),
    project: ProjectOpt = Path("."),
) -> None:
    """Create a data folder for the street described in a YAML file, and the site's
    project folder (mkdocs.yml, hooks/, overrides/, content/) if it has none."""
    from db.config import load_street
    from db.repository import Repository

    try:
        cfg = load_street(config)
    except ConfigError as exc:
        _fail(str(exc), 2)
    try:
        repo = Repository.init(data, cfg)
    except DomainError as exc:
        _fail(str(exc))
    from db.heads import start_signing

    key = start_signing(data, repo.clock().isoformat(timespec="seconds"))
    typer.echo(_summary(repo))
    repo.close()
    typer.echo(f"Data folder ready: {data}")
    _site_project(project)
    typer.echo(f"Signing key made (keys/signing.key; keep it secret, back it up): public key {key}")


@app.command()
def verify(
    data: DataOpt = Path("data"),
    heads: Annotated[Path | None, typer.Option(
        "--heads", help="Also compare with heads a witness saved (`steward_verify.py --save "
        "FILE`): a changed, removed or cut-off line is named.")] = None,
) -> None:
    """Check every ledger hash chain, every line against its approved entry (nothing cut
    off, re-numbered or rewritten), and the signed head log (every signed head must be in
    the ledgers); exit 1 naming the area and line that do not match."""
    import json

    from db.heads import verify_heads

    saved = None
    if heads is not None:
        try:
            saved = json.loads(heads.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            _fail(f"{heads}: cannot read the saved heads ({exc})", 2)
    # A read-only snapshot: runs beside the bot (the nightly cron check), and lists
    # every damaged file rather than stopping at the first.
    repo, damaged = _open_snapshot(data)
    restore = f"; bring back a backup with `steward restore BACKUP --data {data}`"
    for problem in damaged:
        typer.echo(f"FAILED: {_with_restore(problem, data)}", err=True)
    if not repo.store.has_manifest and not damaged:
        typer.echo("note: this data folder has no manifest yet (an older Steward made it); "
                   "its files are listed when the bot next starts")
    failed: DomainError | None = None
    try:
        for line in repo.verify():
            typer.echo(line)
    except DomainError as exc:  # the heads are compared all the same: they say more
        failed = exc
        typer.echo(f"FAILED: {exc}", err=True)
    try:
        checker, problems = verify_heads(repo, saved)
    except DomainError as exc:
        repo.close()
        count = len(damaged) + 1
        _fail(f"check FAILED: {count} problem{'s' if count > 1 else ''} ({failed or exc})"
              f"{restore}")
    repo.close()
    typer.echo(f"head log: {checker.count} records, {len(checker.keys)} keys"
               + (f", compared with {heads}" if heads is not None else ""))
    for problem in problems:
        typer.echo(f"FAILED: {problem.en}", err=True)
    if failed is not None or problems or damaged:
        count = len(problems) + (failed is not None) + len(damaged)
        _fail(f"check FAILED: {count} problem{'s' if count > 1 else ''}{restore}")
    typer.echo("OK: every file of the data folder is as saved, every ledger chain matches, "
               "every line its approved entry, and every signed head is in the ledgers"
               + (" and matches what the witness saved." if heads is not None else "."))


def _open_snapshot(data: Path):  # type: ignore[no-untyped-def]
    """A read-only snapshot of the data folder for ``verify``, and the damage found
    in its files (each problem listed; what can be read is used)."""
    from db.repository import Repository
    from db.store import Store

    store: Store | None = None
    try:
        store = Store(data, readonly=True, collect_problems=True)
        repo = Repository(store)
        store.load_all()  # every file read and checked (those the indexes did not need)
        _ = repo.street
    except DomainError as exc:
        if store is not None:
            for problem in store.problems or []:
                typer.echo(f"FAILED: {_with_restore(problem, data)}", err=True)
            store.abandon()
        _fail(_with_restore(exc, data))
    assert store is not None
    return repo, list(store.problems or [])


key_app = typer.Typer(help="The street office's signing key (Ed25519) for the chain heads.",
                      no_args_is_help=True)
app.add_typer(key_app, name="key")


@key_app.command("show")
def key_show(data: DataOpt = Path("data")) -> None:
    """Print the public key that signs the chain heads (safe while the bot runs)."""
    from db.heads import HeadLog
    from db.witness import check_log

    checker = check_log(HeadLog(data).read())
    if checker.key is None:
        _fail(f"{data} has no signing key yet (`steward init` makes one; so does the first "
              f"publish of an older data folder)")
    typer.echo(checker.key)
    typer.echo(f"key id {checker.keys[-1]['id']}, in force since {checker.keys[-1]['at']}")
    for k in checker.keys[:-1]:
        typer.echo(f"earlier key {k['id']} ({k['at']}): {k['public_key']}")
    for problem in checker.problems:
        typer.echo(f"FAILED: {problem.en}", err=True)
    if checker.problems:
        raise typer.Exit(1)


@key_app.command("rotate")
def key_rotate(data: DataOpt = Path("data")) -> None:
    """Replace the signing key: the old key signs a record announcing the new one."""
    from datetime import datetime

    from db.heads import rotate_key
    from db.repository import CHINA_TZ

    if not (data / "meta.json").exists():
        _fail(f"{data}: not a Steward data folder")
    try:
        record = rotate_key(data, datetime.now(CHINA_TZ).isoformat(timespec="seconds"))
    except DomainError as exc:
        _fail(str(exc))
    typer.echo(f"New public key {record['public_key']}, announced in head record "
               f"#{record['n']} signed by the old key {record['key']}.")
    typer.echo("Publish the site, and print the new key on the next notices.")


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="Folder to write into.")] = Path("export"),
    data: DataOpt = Path("data"),
) -> None:
    """Write each area's published ledger as CSV and JSON (public data only)."""
    from db.backup import export_all

    repo = _open_repo(data, readonly=True)
    try:
        written = export_all(repo, out)
    finally:
        repo.close()
    for path in written:
        typer.echo(str(path))


@app.command("merge-street")
def merge_street(
    config: Annotated[Path, typer.Argument(help="The street's YAML file, corrected.")],
    data: DataOpt = Path("data"),
    yes: Annotated[bool, typer.Option(
        "--yes", help="Write every change listed without asking one by one.")] = False,
) -> None:
    """Merge a corrected street file into the data folder (stop the bot first): floor
    areas, owner keys and households missing at `init`, and compounds that join later
    (each as a new area, with the volunteers the file lists for it). Each change is
    listed and confirmed before it is written; votes keep the households they opened
    with."""
    from db.config import load_street

    try:
        cfg = load_street(config)
    except ConfigError as exc:
        _fail(str(exc), 2)
    if not yes and not _interactive():
        _fail("Run this in a terminal to confirm each change, or pass --yes.")
    repo = _open_repo(data)
    try:
        try:
            plan = repo.merge_plan(cfg)
        except DomainError as exc:
            problems = exc.params.get("problems") or [str(exc)]
            _fail("\n  ".join([f"{config}: cannot be merged:",
                               *map(str, problems)]))  # type: ignore[call-overload]
        from db.street_merge import mode_notes

        for note in mode_notes(repo.street, cfg.street):
            typer.echo(f"Note: {note}")
        if not plan:
            typer.echo("Nothing to merge: the street file says what the data folder says.")
            return
        typer.echo(f"{len(plan)} changes:")
        for n, change in enumerate(plan, 1):
            typer.echo(f"  {n}. {change.describe()}")
        accepted = list(range(len(plan))) if yes else [
            n for n, change in enumerate(plan)
            if typer.confirm(f"{n + 1}. {change.describe()} — write it?", default=False)]
        written = repo.merge_street(cfg, accepted)
    finally:
        repo.close()
    typer.echo(f"Written: {len(written)} of {len(plan)} changes. Votes keep the households "
               "they opened with; new votes count the street as it is now.")


def _interactive() -> bool:
    """Whether someone can be asked (a terminal, not cron)."""
    return sys.stdin.isatty()


def _passphrase(confirm: bool) -> str:
    """The backup passphrase: from STEWARD_BACKUP_PASSPHRASE, or asked (not echoed)."""
    from db.seal import PASSPHRASE_ENV

    given = os.environ.get(PASSPHRASE_ENV)
    if given:
        return given
    if not _interactive():
        _fail(f"No passphrase: set {PASSPHRASE_ENV} (e.g. in the cron job's environment "
              "file) or run this in a terminal to be asked.")
    return str(typer.prompt("Backup passphrase", hide_input=True,
                            confirmation_prompt=confirm))


@app.command()
def backup(
    file: Annotated[Path, typer.Argument(help="Backup file to write (.tar.gz).")],
    data: DataOpt = Path("data"),
    encrypt: Annotated[bool, typer.Option(
        "--encrypt", help="Encrypt the backup with a passphrase (AES-256-GCM, key from "
                          "scrypt): from STEWARD_BACKUP_PASSPHRASE, or asked.")] = False,
) -> None:
    """Write a consistent snapshot of the data folder to one file (safe while the bot runs)."""
    from db.backup import backup as do_backup

    passphrase = _passphrase(confirm=True) if encrypt else None
    try:
        manifest = do_backup(data, file, passphrase=passphrase)
    except StoreError as exc:
        _fail(str(exc))
    sealed = " (encrypted)" if encrypt else ""
    typer.echo(f"Backed up {len(manifest['files'])} files to {file}{sealed}")


@app.command()
def restore(
    file: Annotated[Path, typer.Argument(help="Backup file made by `steward backup`.")],
    data: DataOpt = Path("data"),
) -> None:
    """Bring a backup back into the data folder (the old folder is kept beside it). An
    encrypted backup's passphrase is read from STEWARD_BACKUP_PASSPHRASE, or asked."""
    from db.backup import restore as do_restore
    from db.seal import is_sealed

    try:
        with open(file, "rb") as f:
            sealed = is_sealed(f.read(64))
    except OSError as exc:
        _fail(f"{file}: {exc.strerror or exc}")
    passphrase = _passphrase(confirm=False) if sealed else None
    try:
        kept, dropped = do_restore(file, data, passphrase=passphrase)
    except DomainError as exc:
        _fail(str(exc))
    for name in dropped:
        typer.echo(f"Note: {name} in the backup was left out, not loaded (a pickle can run "
                   "code). Conversations in progress at the time of the backup start again.")
    if kept:
        typer.echo(f"The previous data folder was kept as {kept}")
    typer.echo(f"Restored {file} into {data}; ledgers verified.")


@app.command()
def run(
    data: DataOpt = Path("data"),
    webhook: Annotated[str | None, typer.Option(
        "--webhook", envvar="STEWARD_WEBHOOK_URL",
        help="Receive updates on this public HTTPS URL instead of polling "
             "(set STEWARD_WEBHOOK_SECRET too).")] = None,
    listen: Annotated[str, typer.Option(
        "--listen", help="Address the webhook server listens on (behind a reverse proxy).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port of the webhook server.")] = 8443,
    api_base_url: Annotated[str | None, typer.Option(
        "--api-base-url", envvar="TELEGRAM_API_BASE_URL",
        help="A self-hosted Bot API server, e.g. http://127.0.0.1:8081/bot")] = None,
    api_file_url: Annotated[str | None, typer.Option(
        "--api-file-url", envvar="TELEGRAM_API_FILE_URL",
        help="Its file URL, e.g. http://127.0.0.1:8081/file/bot")] = None,
    restart: Annotated[bool, typer.Option(
        "--restart", help="Run the bot in a child process and start it again whenever it "
                          "dies (where no service manager does it, e.g. systemd).")] = False,
    restart_delay: Annotated[float, typer.Option(
        "--restart-delay", help="Seconds to wait before starting it again.")] = 5.0,
) -> None:
    """Start the Telegram bot (token from TELEGRAM_BOT_TOKEN); polls unless --webhook."""
    if restart:
        from bot.supervisor import supervise

        args = ["run", "--data", str(data), "--listen", listen, "--port", str(port)]
        for option, value in (("--webhook", webhook), ("--api-base-url", api_base_url),
                              ("--api-file-url", api_file_url)):
            if value:
                args += [option, value]
        raise typer.Exit(supervise(args, delay=max(0.0, restart_delay)))
    from bot.settings import Settings

    try:
        settings = Settings.from_env(data_dir=data, webhook_url=webhook, webhook_listen=listen,
                                     webhook_port=port, api_base_url=api_base_url,
                                     api_file_url=api_file_url)
    except ValueError as exc:
        _fail(f"a setting in the environment is not valid: {exc}", 2)
    if not settings.token.strip():
        _fail("TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather, then run:\n"
              "  TELEGRAM_BOT_TOKEN=123456:ABC... steward run --data DIR", 2)
    repo = _open_repo(data, refusing="not starting", whole=False)
    refused: list[str] = []
    # a hand-edited ledger is not served to anyone, nor one rewritten against its heads
    # (checked from where the last start left off: db.startcheck)
    for check in (lambda: repo.check_at_start(checksums=False),):
        try:
            check()
        except DomainError as exc:
            where = ""
            if exc.params.get("area") and str(exc.params.get("seq") or "").isdigit():
                from db.repository import LEDGER_BLOCK

                block = (int(str(exc.params["seq"])) - 1) // LEDGER_BLOCK
                where = (f"{data / 'areas' / str(exc.params['area'])}"
                         f"/ledger-{block:05d}.json: ")
            refused.append(f"{where}{exc}")
    if refused:
        repo.store.abandon()
        _fail(f"{'; '.join(refused)}; not starting. Bring back a backup with "
              f"`steward restore BACKUP --data {data}`")
    _start_bot(settings, repo)


def _start_bot(settings, repo) -> None:  # type: ignore[no-untyped-def]
    """Run the bot until Ctrl-C / SIGTERM; the application closes the repository."""
    from urllib.parse import urlparse

    from telegram import Update
    from telegram.error import InvalidToken, NetworkError

    from bot.app import build_application

    application = build_application(settings, repo=repo)
    try:
        if settings.webhook_url:
            application.run_webhook(
                listen=settings.webhook_listen, port=settings.webhook_port,
                url_path=urlparse(settings.webhook_url).path.lstrip("/"),
                webhook_url=settings.webhook_url, secret_token=settings.webhook_secret,
                allowed_updates=Update.ALL_TYPES)
        else:
            application.run_polling(allowed_updates=Update.ALL_TYPES)
    except InvalidToken:
        repo.close()
        _fail("Telegram refused TELEGRAM_BOT_TOKEN; check it with @BotFather.", 2)
    except NetworkError as exc:
        repo.close()
        where = settings.api_base_url or "https://api.telegram.org"
        _fail(f"could not reach the Bot API at {where}: {exc}")


@app.command()
def build(
    data: DataOpt = Path("data"),
    project: ProjectOpt = Path("."),
    markdown_only: Annotated[bool, typer.Option(
        "--markdown-only", help="Write content/ but do not run MkDocs.")] = False,
    follow: Annotated[bool, typer.Option(
        "--follow", help="Stay running (the bot starts it so): build the whole site, then "
        "build only what changed each time a line arrives on standard input; one JSON "
        "line per build on standard output.")] = False,
) -> None:
    """Build the public site: Markdown into content/, then `mkdocs build --strict` into site/.

    A project folder that does not exist yet, or is empty, first gets the site's
    sources (as `steward site init` does)."""
    from site_builder import build_site
    from site_builder.project import init_project, is_project

    if not is_project(project):
        if project.exists() and any(project.iterdir()):
            _fail(f"{project} has no mkdocs.yml: it is not a site project folder. Create one "
                  f"with `steward site init DIR` and pass --project DIR (or set "
                  f"STEWARD_PROJECT=DIR)", 2)
        init_project(project)
        typer.echo(f"Site project created in {project}")
    # Safe beside the running bot. Every file is held against its checksum, not read:
    # the build reads the partitions an area at a time, and lets them go.
    repo = _open_repo(data, readonly=True, whole=False)
    if not follow:
        _record_heads(repo)
    if follow:
        from site_builder.build import follow as follow_builds

        try:
            follow_builds(repo, project, sys.stdin, sys.stdout)
        finally:
            repo.close()
        return
    try:
        report = build_site(repo, project, run_mkdocs=not markdown_only)
    except Exception as exc:  # MkDocs aborts, a missing mkdocs.yml, a bad template
        _fail(f"site build FAILED: {exc}")
    finally:
        repo.close()
    typer.echo(f"{report.pages} pages, {len(report.written)} files changed, "
               f"{len(report.removed)} removed, {report.photos} photos, "
               f"{report.seconds:.2f}s")
    if report.site_dir:
        typer.echo(f"Site: {report.site_dir}")


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
            _fail(f"could not record the chain heads: {exc}")
        typer.echo("The bot is running: it signs the chain heads at its own publishes.")
        return
    except IntegrityError as exc:
        repo.close()
        _fail(f"{exc}; not building. Run `steward verify` to see what changed.")
    for r in records:
        typer.echo(f"Signed head: {r['area']} line {r['seq']} {r['head'][:16]}")


@app.command()
def notice(
    area: Annotated[str, typer.Argument(help="The management area's id (e.g. lvcheng-wuguan).")],
    month: Annotated[str, typer.Option("--month", help="The month, YYYY-MM.")],
    out: Annotated[Path | None, typer.Option(
        "--out", help="The PDF to write (default notice-AREA-YYYY-MM.pdf here).")] = None,
    data: DataOpt = Path("data"),
) -> None:
    """Write the paper notice (公示单) of an area for one month: an A4 PDF for the bulletin
    board, with the month's ledger lines, balances, fees, open issues and votes, the
    signed chain head, a QR code to the area's page and lines to sign."""
    import re
    from datetime import datetime

    from db.money import format_fen
    from db.storage import atomic_write_bytes
    from site_builder.notice import FONT_MISSING, NoticeError, find_font, notice_for, render_pdf

    if find_font() is None:
        _fail(FONT_MISSING, 2)
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month):
        _fail(f"--month {month!r}: give a month as YYYY-MM, e.g. 2025-03", 2)
    repo = _open_repo(data, readonly=True)  # safe beside the running bot
    try:
        if month > datetime.now(repo.clock().tzinfo).strftime("%Y-%m"):
            _fail(f"--month {month}: that month has not begun", 2)
        content = notice_for(repo, area, month)
        pdf = render_pdf(content)
    except NoticeError as exc:
        _fail(str(exc), 2)
    finally:
        repo.close()
    target = out or Path(f"notice-{area}-{month}.pdf")
    atomic_write_bytes(target.resolve(), pdf)
    head = content["head"]
    typer.echo(f"{target}: {content['area_name']} {month}, {len(content['lines'])} lines, "
               f"balance {format_fen(content['closing_fen'])}, head of line {head['seq']} "
               f"{head['hash'][:16]} ({head['signature']['state']})")


@app.command()
def serve(
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1.")] = 8000,
    data: DataOpt = Path("data"),
    project: ProjectOpt = Path("."),
) -> None:
    """Serve the built site on http://127.0.0.1:PORT (builds it first if site/ is missing)."""
    import functools
    import http.server

    site = project / "site"
    if not (site / "index.html").exists():
        typer.echo("site/ is missing; building it first")
        build(data=data, project=project, markdown_only=False)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        typer.echo(f"Serving {site} on http://127.0.0.1:{port}/ (Ctrl-C stops)")
        httpd.serve_forever()


@app.command()
def demo(
    data: DataOpt = Path("demo-data"),
    project: Annotated[Path, typer.Option(
        "--project", help="Folder the site is built in (content/, site/); created with the "
                          "site's sources when it has no mkdocs.yml.")] = Path("."),
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
    if data.exists():
        if not (data / "meta.json").exists() and any(data.iterdir()):
            _fail(f"{data} exists and is not a Steward data folder; choose another --data")
        shutil.rmtree(data)
    clock = DemoClock()
    repo = Repository.init(data, load_street(DEMO_CONFIG), clock=clock)
    from db.heads import start_signing

    start_signing(data, clock().isoformat(timespec="seconds"))
    typer.echo(_summary(repo))
    typer.echo("\nPlaying a year of conversations through the bot (offline Bot API):")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB: no JobQueue offline, so no conversation timeout
        played = asyncio.run(run_demo(repo, clock, log=typer.echo, verbose=verbose))
    typer.echo(f"\n{played.stats['updates']} updates to the bot, {played.stats['calls']} Bot "
               f"API calls answered offline, in {time.perf_counter() - started:.1f}s.")
    typer.echo(_summary(repo))
    from db.heads import record_heads

    record_heads(repo)  # heads published since the last /publish of the year
    _demo_project(project)
    try:
        report = build_site(repo, project)
    except Exception as exc:  # MkDocs aborts, a bad template
        repo.close()
        _fail(f"site build FAILED: {exc}")
    repo.close()
    typer.echo(f"Site built: {report.pages} pages, {report.photos} photos, "
               f"{report.seconds:.1f}s -> {report.site_dir}")
    typer.echo(f"Demo data folder: {data}   (try: steward chat --data {data} --as 7000001)")
    typer.echo(f"Done in {time.perf_counter() - started:.1f}s.")
    if not no_serve:
        serve(port=port, data=data, project=project)


def _demo_project(project: Path) -> None:
    """Give ``project`` the site's sources (mkdocs.yml, hooks, overrides, the
    hand-written pages) when it has none, so the demo can build anywhere."""
    from site_builder.project import init_project, is_project

    if not is_project(project):
        init_project(project)


def _site_project(project: Path) -> None:
    """Make ``project`` a site project folder (files already there are kept) and say so."""
    from site_builder.project import init_project

    try:
        created = init_project(project)
    except OSError as exc:
        _fail(f"could not create the site project in {project}: {exc}")
    if created:
        typer.echo(f"Site project ready: {project} ({len(created)} files: mkdocs.yml, hooks/, "
                   f"overrides/, content/). Build it with `steward build --project {project}`.")
    else:
        typer.echo(f"Site project already in place: {project}")


site_app = typer.Typer(name="site", help="The public site's project folder.",
                       no_args_is_help=True)
app.add_typer(site_app)


@site_app.command("init")
def site_init(
    folder: Annotated[Path | None, typer.Argument(
        help="The project folder to create (default: STEWARD_PROJECT, or the current "
             "folder).", show_default=False)] = None,
) -> None:
    """Create the site's project folder (mkdocs.yml, hooks/, overrides/, content/) that
    `steward build` and the bot build the site in; files already there are kept."""
    _site_project(folder or Path(os.environ.get("STEWARD_PROJECT") or "."))


@app.command()
def chat(
    as_: Annotated[str | None, typer.Option("--as", help=CHAT_AS_HELP)] = None,
    data: DataOpt = Path("demo-data"),
    build: Annotated[bool, typer.Option(
        "--build", help="/publish builds the site from this folder's project, as the bot "
                        "does (otherwise it says the chat does not)")] = False,
) -> None:
    """Talk to the real bot handlers in this terminal, without Telegram.

    Type text or commands as in Telegram (/start, /report, 报事, 120 ...): a
    number is text. Buttons are shown as [#1], [#2] ...: type #2 to press the
    second. Send a photo with `/photo PATH [caption]` or by typing the path of
    an image alone. `/as SPEC` switches person, `/who` says who you are, `/quit`
    or Ctrl-D ends. What you do is stored in --data like any entry: use the
    demo's data folder or a copy. The site is not rebuilt from the chat (run
    `steward build`), unless --build is given: then /publish builds it.
    """
    import asyncio
    import warnings

    from bot.chat import resolve_as, run_chat

    repo = _open_repo(data)
    try:
        user_id, who = resolve_as(repo, as_)
    except ValueError as exc:
        repo.close()
        _fail(str(exc), 2)
    typer.echo(f"Steward chat on {data}: you are {who}. Type /help, or /quit to end.")

    def read() -> str:
        return input("> ")

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            asyncio.run(run_chat(repo, user_id, read=read, out=typer.echo, build=build))
    finally:
        repo.close()


def _summary(repo) -> str:  # type: ignore[no-untyped-def]
    from db.money import format_fen

    street = repo.street
    lines = [f"{street.city}{street.name}: {len(street.communities)} communities, "
             f"{len(street.compounds)} compounds, {len(street.areas)} management areas"]
    for area in street.areas:
        comps = "、".join(street.compound(c).name for c in area.compounds)
        homes = len(street.area_households(area.id))
        lines.append(f"  {area.name} [{area.mode.label_zh}] {area.steward}: {comps}; "
                     f"{homes} households; balance {format_fen(repo.balance(area.id))}")
    return "\n".join(lines)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUTF8", "1")
    main()
