"""What every ``steward`` command shares: the ``--data`` and ``--project`` options,
how a command fails (a message on stderr and an exit code), how it opens the
street's store, and the street's summary that ``init`` and ``demo`` print.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from db.errors import DomainError

__all__ = ["DataOpt", "LASTING", "LOG_FORMAT", "StreetClock", "ProjectOpt", "PROJECT_HELP",
           "ask_yes", "ask_secret", "fail", "confirm_or_yes", "log_lines", "no_data_folder",
           "no_folder",
           "not_a_project", "not_yours",
           "open_repo", "ZH_DAMAGE", "PROJECT_WHY_ZH", "project_folder", "summary",
           "timed_refusals",
           "with_restore"]


DataOpt = Annotated[
    Path,
    typer.Option("--data", envvar="STEWARD_DATA", help="Data folder of the street's store.",
                 show_default=True, readable=False),
]


LASTING = 2
"""The exit code of a refusal that starting again cannot mend (a setting or the token
refused, a data folder missing, damaged or another user's): the README's service
does not restart on it (``RestartPreventExitStatus=2``), nor does ``steward run
--restart``; other failures (Telegram out of reach) exit 1 and are started again."""
PASSING = ("in_use", "write_failed")  # store refusals that may pass by themselves


class StreetClock(logging.Formatter):
    """A log line's time in the street's clock (China, +08:00), as the bot tells people
    times, whatever the machine's zone (a server left on UTC logged 02:30 for 10:30)."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        from datetime import datetime

        from db.core import CHINA_TZ

        return datetime.fromtimestamp(record.created, CHINA_TZ).strftime(
            datefmt or "%Y-%m-%d %H:%M:%S+08:00")


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"  # the service's log lines


def log_lines(level: int) -> list[logging.Handler]:
    """Log on stderr (the service's journal) from ``level`` on, each line with its time
    in the street's clock, level and logger (``LOG_FORMAT``); the handlers."""
    logging.basicConfig(level=level, format=LOG_FORMAT)
    handlers = logging.getLogger().handlers
    for handler in handlers:
        handler.setFormatter(StreetClock(LOG_FORMAT))
    return handlers


_timed = False  # whether ``fail`` writes a line of the bot's log (``timed_refusals``)


@contextlib.contextmanager
def timed_refusals() -> Iterator[None]:
    """Within: ``fail`` writes its line as the bot's log does (``LOG_FORMAT``, the
    street's time, ERROR), for a command whose stderr is the bot's journal (the build
    worker: its refusal came in among the bot's timed lines with no time)."""
    global _timed
    before, _timed = _timed, True
    try:
        yield
    finally:
        _timed = before


def fail(message: str, code: int = 1) -> None:
    if _timed:
        at = StreetClock().formatTime(logging.makeLogRecord({}))
        typer.echo(f"{at} ERROR steward: {message}", err=True)
    else:
        typer.echo(f"steward: {message}", err=True)
    raise typer.Exit(code)


YES = frozenset({"y", "yes", "是", "是的", "好", "确定", "对"})
NO = frozenset({"n", "no", "否", "不", "不是", "不要"})


def confirm_or_yes(yes: bool) -> None:
    """A command that asks before it writes, run where nobody can answer (cron, a pipe)
    without --yes: refused before anything is read."""
    if not yes and not typer.get_text_stream("stdin").isatty():
        fail("请在终端里运行，确认后再写入；或者加上 --yes。 / Run this in a terminal to "
             "confirm, or pass --yes.")


def ask_yes(question: str) -> bool:
    """Ask ``question`` in the terminal, [y/N]: y (or 是) for yes; Enter, n (or 否) for no.
    Anything else is asked again, saying what to answer, in Chinese first (typer's
    confirm said 'Error: invalid input' to 是). Ctrl-C or the end of the input: Abort."""
    while True:
        said = str(typer.prompt(f"{question} [y/N]", default="", show_default=False))
        said = said.strip().lower()
        if said in YES or said in NO or not said:
            return said in YES
        typer.echo("请回答 y（是）或 n（否）。 / Please answer y or n.", err=True)


def ask_secret(question: str, again: str | None = None) -> str:
    """A secret typed in the terminal, not echoed; with ``again``, typed twice until the
    two agree (typer said 'Error: The two entered values do not match.')."""
    while True:
        first = str(typer.prompt(question, hide_input=True))
        if again is None or first == str(typer.prompt(again, hide_input=True)):
            return first
        typer.echo("两次输入的不一样，请重新输入。 / The two entered values do not match; "
                   "please type them again.", err=True)


def open_repo(data: Path, *, readonly: bool = False,  # type: ignore[no-untyped-def]
              refusing: tuple[str, str] | None = None, whole: bool = True,
              lasting: int = 1, clock: Any = None):
    """Open the street's store; ``readonly`` reads a consistent snapshot beside a running
    bot (no writer lock) and refuses to write. A damaged file is named, with
    ``refusing`` (what is not done) and how to bring back a backup. ``whole``: every
    partition is read; otherwise each file is only held against its checksum.
    ``lasting``: the exit code when trying again cannot help (a folder that is not
    there, damaged or another user's), as against one in use by another process or
    not writable now (exit 1). ``clock``: the repository's, when not the real one."""
    from db.repository import Repository

    repo = None
    try:
        repo = Repository.open(data, readonly=readonly) if clock is None else \
            Repository.open(data, readonly=readonly, clock=clock)
        if whole:
            repo.store.load_all()
        else:
            repo.store.check_checksums()
        _ = repo.street
    except DomainError as exc:
        if repo is not None:
            repo.store.abandon()  # write nothing into a damaged folder; release it
        if exc.code == "missing" and repo is None and no_folder(data):
            fail(no_data_folder(data), lasting)
        fail(with_restore(exc, data, refusing), 1 if exc.code in PASSING else lasting)
    except PermissionError as exc:  # made by another user (init run as root, say)
        fail(not_yours(exc, data), lasting)
    return repo


def no_folder(data: Path) -> bool:
    """Whether there is no data folder at ``data`` (nothing, or an empty folder), as
    against a data folder with a file missing: that one is damaged, not mistyped."""
    return not data.is_dir() or not any(data.iterdir())


def no_data_folder(data: Path) -> str:
    """A data folder that is not there: a typo in --data or STEWARD_DATA, or a street not
    made yet."""
    # a relative one (the default ./data, run from another folder) is said as it resolved
    zh, en = (str(data), str(data)) if data.is_absolute() else (
        f"{data}（即 {data.resolve()}，从当前目录算起）",
        f"{data} (that is {data.resolve()}, from the current folder)")
    return (f"{zh}：这里没有数据目录。请检查 --data 或 STEWARD_DATA 是否写对（服务的数据目录"
            f"在 /etc/steward.env 里）；新的街道先用 steward init --config 街道文件.yaml --data "
            f"{data} 创建。 / {en}: no data folder here. Check --data or STEWARD_DATA (the "
            f"service's is in /etc/steward.env); a new street is made first with "
            f"`steward init --config street.yaml --data {data}`")


def not_yours(exc: PermissionError, folder: Path | None = None) -> str:
    """A file this user may not use (a data folder made by `steward init` run as root,
    say): whose its folder is, who this is, and the two ways out, in Chinese and English.
    A file in a folder this user may not even look into (keys/, mode 700) is named by
    that folder."""
    import getpass
    import os

    path = Path(exc.filename) if exc.filename else folder

    def is_dir(p: Path) -> bool:
        try:
            return p.is_dir()
        except OSError:  # inside a folder this user may not look into
            return False

    if folder is None and path is not None:
        folder = next((p for p in (path, *path.parents) if is_dir(p)), path)
    try:
        import pwd

        owner = pwd.getpwuid(os.stat(folder or ".").st_uid).pw_name
    except (ImportError, KeyError, OSError):
        owner = "another user"
    me = getpass.getuser()
    return (f"{path}：没有权限。{folder} 属于 {owner}，而这个命令是以 {me} 运行的：请以 "
            f"{owner} 运行 steward（例如 sudo -u {owner} …，即服务的 User=），或者把目录交给 "
            f"{me}：sudo chown -R {me}: {folder} / "
            f"{path}: permission denied. {folder} belongs to {owner} and this runs as "
            f"{me}: run steward as {owner} (the service's User=), or give the folder to "
            f"{me}: sudo chown -R {me}: {folder}")


def cannot_write(path: Path) -> str:
    """A file this user may not write where it was asked to (`steward notice` run from
    the admin's home as the service's user): which folder, and where to write instead,
    in Chinese and English."""
    import getpass
    import os

    folder = next((p for p in path.parents if p.is_dir()), path.parent)
    try:
        import pwd

        owner = pwd.getpwuid(os.stat(folder).st_uid).pw_name
        home = pwd.getpwuid(os.getuid()).pw_dir
    except (ImportError, KeyError, OSError):
        owner, home = "another user", "~"
    me = getpass.getuser()
    return (f"无法写入 {path}：{me} 没有权限在 {folder}（属于 {owner}）里写文件。请写到 {me} "
            f"能写的文件夹里（例如它的主目录 {home}：先 cd {home}，或者给出那里的文件名） / "
            f"could not write {path}: {me} may not write in {folder} (it belongs to "
            f"{owner}). Write it into a folder {me} can write (such as its home, {home}: cd "
            f"there first, or give a file name there)")


ZH_DAMAGE = {"missing": "不见了", "unreadable": "读不出来", "corrupt": "已损坏，或保存后被改动过",
             "unlisted": "不在数据目录的清单里（是手动放进来的吗？），请把它移出数据目录"}


def with_restore(exc: DomainError, data: Path, refusing: tuple[str, str] | None = None,
                 *, chinese: bool = True) -> str:
    """The message of an error; for a damaged data folder, in Chinese first (unless
    ``chinese`` is False: said already), then English, with what is not done
    (``refusing``: Chinese, English) and the whole command that brings back a backup."""
    message = str(exc)
    if "steward restore" not in message:
        return message
    path = exc.params.get("path")
    what = ZH_DAMAGE.get(exc.code, "有问题")
    zh = (f"数据目录的文件 {path} {what}" if path else f"数据目录 {data} 有文件损坏或缺失")
    zh += f"，{refusing[0]}" if refusing else ""
    zh += (f"。请用 steward restore 备份文件 --data {data} 恢复最近的备份（steward verify "
           f"--data {data} 会列出每个有问题的文件）。")
    return (f"{zh} / " if chinese else "") + (message.split("; bring back a backup")[0]
            + (f"; {refusing[1]}" if refusing else "")
            + f". Bring back a backup with `steward restore BACKUP --data {data}`")


PROJECT_HELP = ("The site's project folder (mkdocs.yml, content/; the site is built in its "
                "site/). Default: the current folder if it holds mkdocs.yml, else "
                "'site-project' beside the data folder.")
ProjectOpt = Annotated[
    Path | None,
    typer.Option("--project", envvar="STEWARD_PROJECT", help=PROJECT_HELP,
                 show_default=False),
]
BESIDE = "site-project"  # the default project folder's name, beside the data folder


def project_folder(project: Path | None, data: Path) -> tuple[Path, str]:
    """The site's project folder and why it is that one: ``project`` as given (--project
    or STEWARD_PROJECT); else the current folder when it is one (holds mkdocs.yml: a
    service started in its project, Steward's own checkout); else ``site-project`` beside
    the data folder. It was the current folder, whatever it held: a volunteer starting
    the bot from her home folder got the site's sources and pages there."""
    from site_builder.project import is_project

    if project is not None:
        return project, "given by --project or STEWARD_PROJECT"
    if is_project(Path.cwd()):
        return Path("."), "the current folder holds mkdocs.yml"
    return Path(data).absolute().parent / BESIDE, "beside the data folder"


# ``project_folder``'s reasons as the operator reads them first, in Chinese
PROJECT_WHY_ZH = {
    "given by --project or STEWARD_PROJECT": "由 --project 或 STEWARD_PROJECT 指定",
    "the current folder holds mkdocs.yml": "当前目录里有 mkdocs.yml",
    "beside the data folder": "在数据目录旁边",
}


def not_a_project(project: Path) -> str | None:
    """Why ``project`` cannot be the site's project folder (it holds files but no
    mkdocs.yml), or ``None``: a project, or a folder missing or empty (or holding only
    the bot's .cache/), which the first build makes one."""
    from site_builder.project import is_project

    if is_project(project) or not project.is_dir() or \
            all(p.name == ".cache" for p in project.iterdir()):
        return None
    return (f"{project} 里没有 mkdocs.yml，不是网站项目目录：请用 steward site init 目录 "
            f"创建一个，再用 --project 目录（或 STEWARD_PROJECT=目录）指定。 / {project} "
            f"has no mkdocs.yml: it is not a site project folder. Create one "
            f"with `steward site init DIR` and pass --project DIR (or set "
            f"STEWARD_PROJECT=DIR)")


def many(n: int, word: str, words: str = "") -> str:
    """``n`` and an English word, plural unless one: 1 change, 2 changes, 3 people."""
    return f"{n} {word if n == 1 else words or word + 's'}"


def summary(repo) -> str:  # type: ignore[no-untyped-def]
    from db.money import format_fen

    street = repo.street
    lines = [f"{street.city}{street.name}：{len(street.communities)} 个社区，"
             f"{len(street.compounds)} 个小区，{len(street.areas)} 个管理区域 / "
             f"{many(len(street.communities), 'community', 'communities')}, "
             f"{many(len(street.compounds), 'compound')}, "
             f"{many(len(street.areas), 'management area')}"]
    for area in street.areas:
        comps = "、".join(street.compound(c).name for c in area.compounds)
        homes = len(street.area_households(area.id))
        lines.append(f"  {area.name} [{area.mode.label_zh}] {area.steward}：{comps}；"
                     f"{homes} 户，余额 {format_fen(repo.balance(area.id))} / "
                     f"{many(homes, 'household')}, balance "
                     f"{format_fen(repo.balance(area.id))}")
    return "\n".join(lines)
