"""A command line the ``steward`` command cannot take (an option it has not, one
missing, a port that is not a number, a mistyped command): said in Chinese first,
then the English of typer, as the command's other refusals are. Typer printed its
English alone in a box (``No such option: --dta``, ``Missing parameter: config``).

``StewardGroup`` is the class of the ``steward`` app and of the groups under it
(``key``, ``site``): a usage error of any of their commands passes through one.
"""

from __future__ import annotations

import re
from typing import Any

import typer
from typer._click.exceptions import (  # typer 0.29 (pinned) carries its own click
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperGroup

__all__ = ["StewardGroup", "chinese", "say_usage_error"]

USAGE_ERROR = 2  # click's exit code for a command line it cannot take


def _hint(exc: BadParameter) -> str:
    """The option's names (--data) or the argument's (FILE) the error is about."""
    param = exc.param
    if param is None:
        return str(exc.param_hint or "")
    opts = [o for o in getattr(param, "opts", []) if o.startswith("-")]
    return " / ".join(opts) if opts else str(param.name or "").upper()


def chinese(exc: UsageError) -> str:
    """What is wrong with the command line, in Chinese."""
    message = exc.message
    if isinstance(exc, MissingParameter):
        if exc.param is not None and exc.param.param_type_name == "option":
            return f"缺少选项 {_hint(exc)}"
        return f"缺少参数 {_hint(exc)}"
    if isinstance(exc, BadParameter):
        what = f"{_hint(exc)} 的值不对"
        if "valid integer" in message:
            return f"{what}：要写一个整数（例如 8443）"
        if "valid number" in message:
            return f"{what}：要写一个数（例如 5 或 0.5）"
        if unread := _unreadable(message):
            return f"{what}：{unread[0]}"
        return what
    if isinstance(exc, NoSuchOption):
        return f"没有 {exc.option_name} 这个选项" + (
            f"，是不是 {'、'.join(sorted(exc.possibilities))}？" if exc.possibilities else "")
    if isinstance(exc, BadOptionUsage):
        if "requires an argument" in message:
            return f"选项 {exc.option_name} 后面要写一个值"
        return f"选项 {exc.option_name} 的用法不对"
    if command := re.match(r"No such command '(.*?)'", message):
        meant = re.findall(r"'([^']*)'", message.partition("Did you mean")[2])
        return f"没有 {command.group(1)} 这个命令" + (
            f"，是不是 {'、'.join(meant)}？" if meant else "")
    if extra := re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", message):
        return f"多了参数：{extra.group(1)}"
    return "命令行写得不对"


def _unreadable(message: str) -> tuple[str, str] | None:
    """What to do about a file or folder this user may not read (a backup copied back
    by root, mode 600), in Chinese and English: typer said only 'is not readable'."""
    found = re.search(r"'(.*)' is not readable", message)
    if found is None:
        return None
    import getpass
    import os
    import pwd

    path, me = found.group(1), getpass.getuser()
    try:
        owner = pwd.getpwuid(os.stat(path).st_uid).pw_name
    except (KeyError, OSError):
        owner = "another user"
    return (f"{path} 属于 {owner}，{me} 没有权限读它。请把它交给 {me}（sudo chown {me}: "
            f"{path}），或者以能读它的用户运行",
            f"{path} belongs to {owner} and {me} may not read it: give it to {me} "
            f"(sudo chown {me}: {path}), or run this as a user who can read it.")


def say_usage_error(exc: UsageError, command: str | None = None) -> None:
    """Print ``exc`` on stderr: what is wrong, in Chinese / English, the usage line and
    where the help is (of ``command`` when ``exc`` does not know its own: an option
    given without its value)."""
    zh = chinese(exc)
    zh += "" if zh.endswith("？") else "。"
    unread = _unreadable(exc.message) if isinstance(exc, BadParameter) else None
    en = exc.format_message() + (f" {unread[1]}" if unread else "")
    typer.echo(f"steward: {zh} / {en}", err=True)
    ctx = exc.ctx
    if ctx is not None:
        typer.echo(f"用法 / {ctx.get_usage()}", err=True)
        command = ctx.command_path
    if command:
        typer.echo(f"帮助：{command} --help / Try '{command} --help' for help.", err=True)


class StewardGroup(TyperGroup):
    """The ``steward`` app's group: a usage error is said by ``say_usage_error``, and the
    command exits 2 (as before)."""

    def make_context(self, info_name: str | None, args: list[str],  # type: ignore[override]
                     parent: Any = None, **extra: Any) -> Any:
        if parent is None:  # the command itself: `steward` in its usage and help lines
            info_name = "steward"  # (click names it after argv[0]: under `python -m
            # steward_cli`, steward_cli.py)
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except NoArgsIsHelpError:
            raise  # `steward` alone: its help
        except UsageError as exc:
            say_usage_error(exc, info_name)
            raise typer.Exit(USAGE_ERROR) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except NoArgsIsHelpError:
            raise  # `steward key` alone: its help
        except UsageError as exc:
            say_usage_error(exc, _command_path(ctx))
            raise typer.Exit(USAGE_ERROR) from None
        except typer.Abort:  # Ctrl-C, or no more input, at a question: typer said 'Aborted.'
            typer.echo("\nsteward: 已取消（问题没有得到回答）。 / Aborted: the question was not "
                       "answered.", err=True)
            raise typer.Exit(1) from None


def _command_path(ctx: Any) -> str:
    """The command whose option was given without its value (``steward run``): it is
    refused before that command has a context of its own."""
    return " ".join(filter(None, (ctx.command_path, ctx.invoked_subcommand)))
