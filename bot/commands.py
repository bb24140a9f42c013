"""The command table: one list feeds ``add_handler``, ``set_my_commands`` and
``/help``, so a command is written down once.

Each handler module under ``bot.handlers`` exports ``COMMANDS`` (a list of
``Command``) and, where it needs them, ``HANDLERS`` (other handlers such as
callback-query buttons, registered after the commands).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, ContextTypes

__all__ = ["Audience", "Flow", "Command", "all_commands", "all_handlers", "HANDLER_MODULES"]

# What python-telegram-bot calls: (update, context) -> coroutine.
Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, Any]]


class Audience(StrEnum):
    EVERYONE = "everyone"
    RESIDENT = "resident"
    VOLUNTEER = "volunteer"
    ADMIN = "admin"


@dataclass(frozen=True)
class Flow:
    """A multi-step conversation started by a command."""

    name: str  # the ConversationHandler's name (key in persistence)
    states: dict[object, list[BaseHandler[Any, Any, Any]]]
    # besides the command and its menu button
    entry_points: Sequence[BaseHandler[Any, Any, Any]] = ()


@dataclass(frozen=True)
class Command:
    name: str  # without the slash
    description: str  # English msgid; translated for /help and the command menu
    callback: Callback
    audience: Audience = Audience.EVERYONE
    flow: Flow | None = None
    menu_label: str | None = None  # msgid of the main-menu button that also starts it
    order: int = 100  # position in /help and the Telegram menu
    extra: dict[str, Any] = field(default_factory=dict)


# The modules that make up the bot, in registration order.
HANDLER_MODULES = (
    "bot.handlers.common",
    "bot.handlers.registration",
    "bot.handlers.report",
    "bot.handlers.opinion",
    "bot.handlers.reply",
    "bot.handlers.vote",
    "bot.handlers.pay",
    "bot.handlers.mine",
    "bot.handlers.accounts",
    "bot.handlers.queue",
    "bot.handlers.issue_work",
    "bot.handlers.money",
    "bot.handlers.proposals",
    "bot.handlers.announce",
    "bot.handlers.roles",
    "bot.handlers.publish",
)


def _modules() -> list[Any]:
    import importlib

    out = []
    for name in HANDLER_MODULES:
        try:
            out.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a real import error inside an existing module
                raise
    return out


def all_commands() -> list[Command]:
    cmds = [c for m in _modules() for c in getattr(m, "COMMANDS", [])]
    names = [c.name for c in cmds]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise RuntimeError(f"commands defined twice: {sorted(dupes)}")
    return sorted(cmds, key=lambda c: (c.order, c.name))


def all_handlers() -> list[BaseHandler]:
    return [h for m in _modules() for h in getattr(m, "HANDLERS", [])]
