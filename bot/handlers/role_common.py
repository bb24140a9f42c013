"""What /grant's and /revoke's button steps share (``bot.handlers.role_steps`` and
``bot.handlers.role_revoke``): their names and states, the roles and titles offered,
the admin checked again at every step (``still_admin``), the step's buttons or summary
again for words typed at it, and the finishing of a 确认 stored just before a stop
(``finish_saved``)."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db.people import Role, is_admin

from ..context import drop_buttons, person_of, read, repo_of, t
from ..flows import SEAL, answer, current_draft, keyboard, leave, states
from ..i18n import lazy
from ..keyboards import button
from ..staff import require_admin
from . import roles

__all__ = ["GRANT", "G_PREFIX", "REVOKE", "R_PREFIX", "G_WHO", "G_AREA", "G_ROLE", "G_TITLE",
           "G_CONFIRM", "R_WHO", "R_CONFIRM", "TITLES", "MAX_TITLE", "ROLE_LABELS",
           "still_admin", "finish_saved", "AGAIN", "choices_markup", "summary_again",
           "with_cancel", "cancel_pressed", "asks_help"]

GRANT, G_PREFIX = "grant", "gr"
REVOKE, R_PREFIX = "revoke", "rv"
G_WHO, G_AREA, G_ROLE, G_TITLE, G_CONFIRM = states(GRANT, "who", "area", "role", "title",
                                                   "confirm")
R_WHO, R_CONFIRM = states(REVOKE, "who", "confirm")
# The titles a volunteer is most often given (any other may be typed).
TITLES = ("网格员", "物管会委员", "物管会主任", "单元党小组组长", "楼栋长")
MAX_TITLE = 30  # as db.directory keeps a title
ROLE_LABELS = {Role.VOLUNTEER: lazy("Volunteer (志愿者)"),
               Role.SUPERVISOR: lazy("Supervisor (监督员)")}
# /grant help, /revoke 帮助 ...: the command's usage (the typed form), not a person named
HELP_WORDS = frozenset({"help", "帮助", "用法", "usage", "?", "？", "-h", "--help"})


def asks_help(args: list[str]) -> bool:
    """Whether the words after /grant or /revoke ask how it is used."""
    return len(args) == 1 and args[0].lower() in HELP_WORDS


async def still_admin(update: Update, context: ContextTypes.DEFAULT_TYPE
                      ) -> dict[str, Any] | None:
    """The sender when still an admin; else refused (``require_admin``) and every draft
    of these flows dropped."""
    person = await require_admin(update, context)
    if person is None:
        for flow in (GRANT, REVOKE):
            (context.user_data or {}).pop(f"flow:{flow}", None)
    return person


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A 确认 of these flows whose change was stored just before the bot stopped: the
    person told (unless they were) and the admin as the press would have said; whether
    it was such a press (the draft, as before the press, is what the store now holds)."""
    query = update.callback_query
    data = (query.data or "").split(SEAL, 1)[0] if query is not None else ""
    flow = {f"{G_PREFIX}:ok:1": GRANT, f"{R_PREFIX}:ok:1": REVOKE}.get(data)
    d = current_draft(context, flow) if flow else None
    if not d or "area" not in d or "tid" not in d or "role" not in d:
        return False
    if not is_admin(await person_of(update, context)):
        return False
    subject = await read(repo_of(context).person_by_telegram, int(d["tid"]))
    if subject is None:
        return False
    role = Role(d["role"])
    held = any(r["role"] == role and r.get("area") == d["area"]
               for r in subject.get("roles") or [])
    if held != (flow == GRANT):
        return False
    await drop_buttons(update)
    if flow == GRANT:
        await roles.told_granted(update, context, subject, role, d["area"], d["user"])
    else:
        await roles.told_revoked(update, context, subject, role, d["area"], d["user"])
    return True


AGAIN = lazy("Please choose with the buttons below; to stop, press Cancel (or type 取消).")


def with_cancel(context: ContextTypes.DEFAULT_TYPE, prefix: str, markup: Any) -> Any:
    """``markup`` with 取消 last (``<prefix>:cancel``, ``cancel_pressed``): the steps said
    "or send /cancel", a command an elderly admin does not type."""
    rows = [list(row) for row in markup.inline_keyboard] if markup is not None else []
    return InlineKeyboardMarkup([*rows, [button(t(context, "Cancel"), f"{prefix}:cancel")]])


def cancel_pressed(flow: str) -> Any:
    """The callback of a step's 取消: the flow left, nothing saved, the menu shown."""
    async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        """Leaves the steps (取消 pressed): nothing changed, the menu shown."""
        await answer(update)
        return await leave(update, context, flow)
    return on_cancel


def choices_markup(flow: str, key: str, shown: Any, prefix: str) -> Any:
    """For ``unexpected``: the step's buttons again, from the draft's ``key`` choices
    (``shown(context, i, choice)`` makes each button), with 取消 last."""
    def markup(context: ContextTypes.DEFAULT_TYPE) -> Any:
        choices = (current_draft(context, flow) or {}).get(key) or []
        return with_cancel(context, prefix, keyboard(
            [shown(context, i, c) for i, c in enumerate(choices)], 1) if choices else None)
    return markup


def summary_again(flow: str, show: Any) -> Any:
    """For ``unexpected`` at a summary: words typed there get the summary again."""
    async def again(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        d = current_draft(context, flow)
        return await show(update, context, d) if d and "area" in d else None
    return again

