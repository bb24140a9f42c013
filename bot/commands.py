"""The command table: one list feeds ``add_handler``, ``set_my_commands`` and
``/help``, so a command is written down once.

Each handler module under ``bot.handlers`` exports ``COMMANDS`` (a list of
``Command``) and, where it needs them, ``HANDLERS`` (other handlers such as
callback-query buttons, registered after the commands). ``bot.app`` lists
the modules, builds the table (``bot.app.all_commands``) and keeps it in the
application (``commands_of``), where /help and the volunteers' menus read it.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from telegram import BotCommand, Update
from telegram.ext import Application, BaseHandler, ContextTypes

from db.people import is_admin, supervisor_areas, volunteer_areas

from .i18n import tr

__all__ = ["Audience", "Flow", "Command", "COMMANDS_KEY", "commands_of", "command_menu",
           "audience_of", "shown"]

# What python-telegram-bot calls: (update, context) -> coroutine.
Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, Any]]
# Asks a step of a flow again for its draft: (update, context, draft) -> the step's state.
Ask = Callable[[Update, ContextTypes.DEFAULT_TYPE, dict[str, Any]], Coroutine[Any, Any, Any]]
# What a kept draft holds, for the step it is taken up at: (context, draft, state) ->
# its parts in the user's language (卫生保洁, “楼道灯坏了”, …), none at a step that
# shows the whole draft itself (the summary).
SoFar = Callable[[ContextTypes.DEFAULT_TYPE, dict[str, Any], str], Coroutine[Any, Any, list[str]]]


class Audience(StrEnum):
    EVERYONE = "everyone"
    RESIDENT = "resident"
    VOLUNTEER = "volunteer"
    SUPERVISOR = "supervisor"  # a supervisor (监督员) sees the commands marked ``supervisors``
    ADMIN = "admin"


@dataclass(frozen=True)
class Flow:
    """A multi-step conversation started by a command."""

    name: str  # the ConversationHandler's name (its saved state's key, bot/state.py)
    states: dict[object, list[BaseHandler[Any, Any, Any]]]
    # besides the command and its menu button
    entry_points: Sequence[BaseHandler[Any, Any, Any]] = ()
    # how many times the settings' idle timeout it waits between steps: minutes are
    # typed while the meeting goes on, the decisions an hour after the topics
    idle_factor: float = 1.0
    # how to ask each step again (state -> Ask), so that a draft left in the middle is
    # kept and can be taken up again (bot.kept; by a volunteer of its area for a
    # volunteers' flow, else by a resident of it)
    resume: Mapping[str, Ask] | None = None
    # what the draft holds, said with "Going on with ..." when it is taken up
    so_far: SoFar | None = None


@dataclass(frozen=True)
class Command:
    name: str  # without the slash
    description: str  # English msgid; translated for /help and the command menu
    callback: Callback
    audience: Audience = Audience.EVERYONE
    flow: Flow | None = None
    menu_label: str | None = None  # msgid of the main-menu button that also starts it
    order: int = 100  # position in /help and the Telegram menu
    supervisors: bool = False  # a volunteer's command a supervisor may use too (to read)
    extra: dict[str, Any] = field(default_factory=dict)


COMMANDS_KEY = "commands"  # bot_data: the command table, set by bot.app.build_application


def commands_of(app: Application[Any, Any, Any, Any, Any, Any]) -> list[Command]:
    """The application's command table, in /help order."""
    return app.bot_data[COMMANDS_KEY]  # type: ignore[no-any-return]


def command_menu(commands: Sequence[Command], lang: str,
                 audience: set[Audience] | None = None) -> list[BotCommand]:
    """The commands of ``audience`` for Telegram's menu, in ``lang``."""
    audience = audience or {Audience.EVERYONE, Audience.RESIDENT}
    return [BotCommand(c.name, tr(lang, c.description)[:256])
            for c in commands if shown(c, audience)]


def shown(command: Command, audience: set[Audience]) -> bool:
    """Whether ``command`` is listed for ``audience`` (in /help and the menu)."""
    return command.audience in audience or (
        command.supervisors and Audience.SUPERVISOR in audience)


def audience_of(person: dict[str, Any] | None) -> set[Audience]:
    """Whose commands this person sees: everyone's and residents', and a volunteer's,
    a supervisor's or an admin's by their roles."""
    out = {Audience.EVERYONE, Audience.RESIDENT}
    if volunteer_areas(person) or is_admin(person):
        out.add(Audience.VOLUNTEER)
    if supervisor_areas(person):
        out.add(Audience.SUPERVISOR)
    if is_admin(person):
        out.add(Audience.ADMIN)
    return out
