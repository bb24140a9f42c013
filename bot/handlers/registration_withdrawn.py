"""A consent button (同意，这是我家 ``reg:ok``, 不同意 ``reg:nh`` or 不公开也登记 ``reg:nr``) of a
registration she has withdrawn since (``registration_redo``), pressed again: it registered that
household once more, a new entry for the volunteers, without a word that the button
belonged to what she had just taken back (found in a resident's trial: 我住盐业小区2单元201,
同意, 撤回, then the older copy of 同意 scrolled back to). Now such a press stores
nothing: she is told the button is no longer valid, where she stands (her household,
or none yet) and offered to choose again.

A press is taken as before when the question with that household was shown again
after the withdrawal (``ASKED``, or ``DECLINED_AT`` for 不公开也登记: the withdrawal
clears both), or when her newest registration is not one she withdrew.

The same for a registration a volunteer rejected (未通过审核): an older copy of 同意 filed
the household again, a new entry for the volunteers, without a word. Now it says that
registration was not approved, with the volunteer's reason, that the button is no longer
valid, and offers 重新选择 to apply again on purpose. (``_register`` forgets the question
shown, ``ASKED``, and its 不同意, ``DECLINED_AT``: a press of them later is of the
question before the rejection.)
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db.entries import Entry, Kind, Status
from db.people import resident_area
from db.review import WITHDRAWN_NOTE

from ..context import read, repo_of, t
from ..describe import label_of
from ..i18n import lazy
from .registration_picker import ASKED, DECLINED_AT, restart_rows, show

__all__ = ["ASKED", "withdrawn_since", "say_withdrawn"]


STALE = lazy("This button belongs to registration #{id} ({household}), which you withdrew: "
             "it is no longer valid, and nothing was registered now.")
NOT_APPROVED = lazy("This button belongs to registration #{id} ({household}), which a volunteer "
                    "did not approve (reason: {reason}): it is no longer valid, and nothing "
                    "was registered now.")
NO_HOME = lazy("You have no household registered yet. To register one, press the button "
               "below.")
STILL_HOME = lazy("Your household is still {household}. To change it after all, press the "
                  "button below; if not, you need not press anything.")


def _shown_since(context: ContextTypes.DEFAULT_TYPE, path: list[int]) -> bool:
    """Whether the consent question for ``path`` (or its 不同意) is the one shown last."""
    data = context.user_data or {}
    for key in (ASKED, DECLINED_AT):
        noted = data.get(key)
        if isinstance(noted, list) and noted[:4] == path:
            return True
    return False


async def withdrawn_since(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                          path: list[int]) -> Entry | None:
    """Her registration withdrawn (or rejected by a volunteer) after the consent question
    for ``path`` was shown, when a press of its button is stale: her newest registration
    is withdrawn by her, or rejected, and that question was not shown again since. None:
    the press is taken as before."""
    if _shown_since(context, path):
        return None
    repo = repo_of(context)
    mine = await read(repo.entries, kind=Kind.REGISTRATION, author=person["id"])
    if not mine:
        return None
    newest = max(mine, key=lambda e: e.id)
    last = newest.history[-1] if newest.history else {}
    if last.get("note") == WITHDRAWN_NOTE and last.get("by") == person["id"]:
        return newest
    return newest if _rejected(newest) else None


def _rejected(entry: Entry) -> bool:
    """Whether a volunteer rejected registration ``entry`` (not its author withdrawing it)."""
    last = entry.history[-1] if entry.history else {}
    return entry.status == Status.REJECTED and last.get("note") != WITHDRAWN_NOTE


async def say_withdrawn(update: Update, context: ContextTypes.DEFAULT_TYPE,
                        person: dict[str, Any], entry: Entry) -> None:
    """Says the pressed button is of registration ``entry``, withdrawn, and where she
    stands, with 重新选择 (Start over) under it."""
    repo = repo_of(context)
    home = person.get("household") if resident_area(person) else None
    where = t(context, STILL_HOME, household=label_of(repo.street, home)) if home \
        else t(context, NO_HOME)
    said = {"id": entry.id, "household": label_of(repo.street, str(entry.data.get(
        "household", "")))}
    stale = t(context, NOT_APPROVED, reason=" ".join(str(entry.history[-1].get(
        "note") or "").split())[:300], **said) if _rejected(entry) else t(context, STALE, **said)
    await show(update, stale + "\n" + where,
        InlineKeyboardMarkup(restart_rows(context)))
