"""``steward run`` and ``steward chat``: run the bot, on Telegram (refusing a data
folder whose ledgers do not hold) or in this terminal without Telegram.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any

import typer

from cli.checks import refuse_cut_log, retired_key, start_problems
from cli.common import (
    LASTING,
    PROJECT_WHY_ZH,
    DataOpt,
    ProjectOpt,
    fail,
    log_lines,
    not_a_project,
    open_repo,
    project_folder,
    timed_refusals,
)

__all__ = ["CHAT_AS_HELP", "chat", "run"]


CHAT_AS_HELP = (
    "Who you are: 'admin'; 'volunteer:<area>' or 'volunteer:<telegram id>' "
    "(e.g. volunteer:lvcheng-wuguan, volunteer:900201); 'resident:<household id>' "
    "(e.g. resident:yanye/1/1/101); or a Telegram id (e.g. 7000001). "
    "Default: a new, unregistered person."
)


def run(
    data: DataOpt = Path("data"),
    project: ProjectOpt = None,
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
    """Start the Telegram bot (token from TELEGRAM_BOT_TOKEN); polls unless --webhook.

    It builds the public site in the site/ of its project folder (--project), as its log says."""
    project, why = project_folder(project, data)
    if restart:
        from bot.supervisor import supervise

        args = ["run", "--data", str(data), "--project", str(project), "--listen", listen,
                "--port", str(port)]
        for option, value in (("--webhook", webhook), ("--api-base-url", api_base_url),
                              ("--api-file-url", api_file_url)):
            if value:
                args += [option, value]
        raise typer.Exit(supervise(args, delay=max(0.0, restart_delay)))
    _log_to_stderr()
    # its refusals are lines of the journal too: timed as the log's others (they had no time)
    with timed_refusals():
        _checked_start(data, project, why, dict(
            data_dir=data, webhook_url=webhook, webhook_listen=listen, webhook_port=port,
            api_base_url=api_base_url, api_file_url=api_file_url, project_dir=project))


def _checked_start(data: Path, project: Path, why: str, options: dict[str, Any]) -> None:
    """Start the bot with the settings of the environment and ``options``, or refuse: a
    setting not valid, no token, no site project, the data folder missing or damaged."""
    from bot.settings import Settings

    try:
        settings = Settings.from_env(**options)
    except ValueError as exc:
        fail("环境变量的设置不对，请在设置它的地方改正（例如 /etc/steward.env）/ a setting in "
             f"the environment is not valid; correct it where it is set (e.g. "
             f"/etc/steward.env): {exc}", LASTING)
    if not settings.token.strip():
        fail("没有设置 TELEGRAM_BOT_TOKEN：先在 Telegram 里找 @BotFather 创建机器人，把它给的 "
             "token 写进环境变量（例如 /etc/steward.env）。/ TELEGRAM_BOT_TOKEN is not set. "
             "Create a bot with @BotFather, then run:\n"
             "  TELEGRAM_BOT_TOKEN=123456:ABC... steward run --data DIR", LASTING)
    if no_project := not_a_project(project):  # else the bot ran on, its site never built
        fail(no_project, LASTING)
    chosen = why.startswith("given")  # else a default: say how to choose another
    logging.getLogger("steward").info(
        "公开网站生成在 %s（网站项目目录 %s，%s%s） / the public site is built in %s (site "
        "project %s: %s%s)", (project / "site").resolve(), project.resolve(),
        PROJECT_WHY_ZH.get(why, why), "" if chosen else "；要换一个，用 --project 目录或 "
        "STEWARD_PROJECT=目录", (project / "site").resolve(), project.resolve(), why,
        "" if chosen else "; --project DIR or STEWARD_PROJECT to choose another")
    # a folder not there, damaged or another user's: exit LASTING, not restarted
    repo = open_repo(data, refusing=("机器人没有启动", "not starting"), whole=False,
                     lasting=LASTING)
    # a hand-edited ledger is not served to anyone, nor one rewritten against its heads
    # (checked from where the last start left off: db.startcheck)
    if retired := retired_key(data, project):  # heads signed with it fail every check
        repo.store.abandon()
        fail(f"{retired}（机器人没有启动 / not starting）", LASTING)
    refuse_cut_log(repo, ("机器人没有启动", "not starting"), LASTING)
    refused = start_problems(repo, data)
    if refused:
        repo.store.abandon()
        fail(f"{'；'.join(zh for zh, _ in refused)}：账本与保存时不一致（被手动改过或被改写过），"
             f"机器人没有启动。请用 steward verify --data {data} 查看，再用 steward restore "
             f"备份文件 --data {data} 恢复最近的备份。 / {'; '.join(en for _, en in refused)}; "
             f"not starting. Bring back a backup with `steward restore BACKUP --data {data}`",
             LASTING)
    _start_bot(settings, repo)


def _log_to_stderr() -> None:
    """The bot's log, on stderr (the service's journal: `journalctl -u steward`):
    Steward's own lines from INFO on (that it runs, a build at start and why, a
    failed build, a handler's traceback), the libraries' from WARNING (httpx would
    log every poll of Telegram, the scheduler every job it runs)."""
    import logging

    from telegram.error import TelegramError

    def no_telegram_traceback(record: logging.LogRecord) -> bool:
        # Telegram refusing or out of reach is said in one line (ours, or the
        # library's without its 100 lines of traceback through httpx)
        if record.name.startswith("telegram") and record.exc_info \
                and isinstance(record.exc_info[1], TelegramError):
            record.exc_info, record.exc_text = None, None
        # the library giving up at start ('Network Retry Loop (Bootstrap Initialize
        # Application): Failed run number 0 of 0. Aborting.'), in English before ours,
        # which says the same in Chinese first, with the address and what to check
        return not (record.name.startswith("telegram")
                    and "Bootstrap Initialize Application" in record.getMessage())

    for handler in log_lines(logging.INFO):
        handler.addFilter(no_telegram_traceback)
    for noisy in ("httpx", "httpcore", "apscheduler", "telegram"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _start_bot(settings, repo) -> None:  # type: ignore[no-untyped-def]
    """Run the bot until Ctrl-C / SIGTERM; the application closes the repository."""
    import logging
    from urllib.parse import urlparse

    from telegram import Update
    from telegram.error import InvalidToken, NetworkError

    from bot.app import build_application
    from bot.publisher import DURABLE

    application = build_application(settings, repo=repo)
    application.bot_data[DURABLE] = True  # builds at start what a stop left unbuilt
    try:
        if settings.webhook_url:
            application.run_webhook(
                listen=settings.webhook_listen, port=settings.webhook_port,
                url_path=urlparse(settings.webhook_url).path.lstrip("/"),
                webhook_url=settings.webhook_url, secret_token=settings.webhook_secret,
                allowed_updates=Update.ALL_TYPES)
        else:
            application.run_polling(allowed_updates=Update.ALL_TYPES)
        logging.getLogger("steward").info("已停止：每个改动都保存在 %s / stopped: every "
                                          "change is saved in %s", settings.data_dir,
                                          settings.data_dir)
    except InvalidToken:
        repo.close()
        fail("Telegram 拒绝了 TELEGRAM_BOT_TOKEN：请在 @BotFather 里核对（/mybots → API "
             "Token），改正后再启动。/ Telegram refused TELEGRAM_BOT_TOKEN; check it with "
             "@BotFather (/mybots, API Token) and start again.", LASTING)
    except NetworkError as exc:
        repo.close()
        where = settings.api_base_url or "https://api.telegram.org"
        # never the token in the journal (an address's error may hold the URL)
        exc = NetworkError(str(exc).replace(settings.token, "<TELEGRAM_BOT_TOKEN>")
                           if settings.token else str(exc))
        # exit 1: the service starts it again (the network may be back by then)
        fail(f"连不上 Telegram 的 Bot API（{where}）：请检查这台机器能否上网、能否打开这个地址"
             f"（在中国大陆，没有 VPN 就连不上 Telegram）。作为服务（systemd）或用 --restart "
             f"运行时，它会自己再启动。 / could not reach the Bot API at {where}: {exc}. Check "
             f"that this machine can reach it; as the service (systemd) or with --restart it "
             f"is started again by itself")


def chat(
    as_: Annotated[str | None, typer.Option("--as", help=CHAT_AS_HELP)] = None,
    data: DataOpt = Path("demo-data"),
    build: Annotated[bool, typer.Option(
        "--build", help="/publish builds the site from this folder's project, as the bot "
                        "does (otherwise it says the chat does not)")] = False,
) -> None:
    r"""Talk to the real bot handlers in this terminal, without Telegram.

    Type text or commands as in Telegram (/start, /report, 报事, 120 ...): a
    number is text. Buttons are shown as \[#1], \[#2] ...: type #2 to press the
    second. Send a photo with `/photo PATH \[caption]` or by typing the path of
    an image alone; `/voice [seconds]`, `/sticker`, `/location` and `/file PATH` send those.
    `/as SPEC` switches person, `/who` says who you are, `/quit`
    or Ctrl-D ends. What you do is stored in --data like any entry: use the
    demo's data folder or a copy. The site is not rebuilt from the chat (run
    `steward build`), unless --build is given: then /publish builds it.
    """
    import asyncio
    import warnings

    from bot.chat import opening, resolve_as, run_chat
    from db.played import PlayedClock, mark_played, played_at

    played = played_at(data)  # a demo's folder: its year goes on from where it was played to
    clock = PlayedClock(played) if played is not None else None
    repo = open_repo(data, clock=clock)
    try:
        user_id, who = resolve_as(repo, as_)
    except ValueError as exc:
        repo.close()
        fail(str(exc), 2)
    typer.echo(opening(data, who))

    def read() -> str:
        return input("> ")

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            asyncio.run(run_chat(repo, user_id, read=read, out=typer.echo, build=build))
    finally:
        repo.close()
        if clock is not None:  # the next chat goes on from here, never back in time
            mark_played(data, clock())
