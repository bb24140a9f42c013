"""The main menu: the buttons under the typing field, in the user's language.

Each label is an English msgid (translated per user); a label pressed arrives
as a plain text message, so ``menu_filter`` matches one button in every
language and ``MENU_TEXT`` any of them.

A volunteer (or admin) gets the residents' menu with a row of their own work above
it (``staff_menu``): 待审核 with how many entries wait for them (待审核（3）), 报事处理
and 记账; a supervisor (监督员), who reads what waits and decides nothing, 待审核 alone
(``supervisor_menu``). ``menu_of`` gives each person the one that is theirs now, from the store:
every message that shows the menu shows it, so it changes when a role is given or
taken away (``bot.handlers.roles``). The buttons' handlers (``bot.handlers.work``)
check the role again at every press: a former volunteer's old keyboard does nothing
but bring back the residents' menu.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Callable
from typing import Any

from telegram import ReplyKeyboardMarkup, Update
from telegram.ext import ContextTypes, filters

from db.people import is_admin, supervisor_areas, volunteer_areas
from db.repository import Repository

from .context import lang_of, read, repo_of
from .i18n import LANGUAGES, lazy, tr
from .keyboards import menu

__all__ = ["MENU_LABELS", "STAFF_LABELS", "main_menu", "staff_menu", "supervisor_menu",
           "menu_for", "menu_of",
           "menu_maker", "private_menu", "menu_filter", "staff_filter", "MENU_TEXT", "PENDING",
           "SUPERVISED",
           "REPORT_WORK", "MONEY_WORK", "shown_waiting", "note_shown"]

# The main menu, in the order residents see it (msgids; translated per user).
MENU_LABELS = (lazy("Report"), lazy("Opinion"), lazy("Vote"), lazy("Fee record"),
               lazy("Accounts"), lazy("Mine"), lazy("Help"))
# A button's English words before it was renamed: a keyboard stays on a phone until a
# message brings another, and its old button must still work (pressed, it is typed text).
FORMER_LABELS: dict[str, tuple[str, ...]] = {"Fee record": ("Fee paid",)}
# A volunteer's row above it: what waits for them, reports to move on, money to record.
PENDING, REPORT_WORK, MONEY_WORK = lazy("To approve"), lazy("Handle reports"), \
    lazy("Record money")
STAFF_LABELS = (PENDING, REPORT_WORK, MONEY_WORK)
# A supervisor's 待审核: she approves nothing, so not "To approve" in English.
SUPERVISED = lazy("Waiting")
COUNTED = lazy("{label} ({n})")  # 待审核（3）
MOST_SHOWN = 99  # a count above is shown as 99+
# repository -> person id -> the 待审核 count on the last menu made for them (in memory:
# after a restart nothing is known, and the menu is sent again at the first chance)
_SHOWN: weakref.WeakKeyDictionary[Repository, dict[int, int]] = weakref.WeakKeyDictionary()


def _as_shown(waiting: int) -> int:
    """The count as the button shows it (every count above ``MOST_SHOWN`` reads 99+)."""
    return min(waiting, MOST_SHOWN + 1)


def note_shown(repo: Repository, person_id: int, waiting: int) -> int:
    """Note that a menu with ``waiting`` on 待审核 is going to ``person_id``; ``waiting``."""
    _SHOWN.setdefault(repo, {})[person_id] = _as_shown(waiting)
    return waiting


def shown_waiting(repo: Repository, person_id: int, waiting: int) -> bool:
    """Whether the 待审核 count on the menu last made for ``person_id`` (by this process:
    a reply keyboard changes only with a message carrying one) is ``waiting``: False
    when it is another, or not known (none made since the bot started)."""
    return (_SHOWN.get(repo) or {}).get(person_id) == _as_shown(waiting)


@functools.lru_cache(maxsize=8)
def main_menu(lang: str) -> ReplyKeyboardMarkup:
    """The menu under the typing field, in ``lang`` (made once: it is immutable)."""
    labels = [tr(lang, m) for m in MENU_LABELS]
    return menu([labels[0:3], labels[3:6], labels[6:]])


def _pending(lang: str, waiting: int, label: str = PENDING) -> str:
    """待审核, 待审核（3） with ``waiting`` entries."""
    pending = tr(lang, label)
    if waiting > 0:
        pending = tr(lang, COUNTED, label=pending,
                     n=str(waiting) if waiting <= MOST_SHOWN else f"{MOST_SHOWN}+")
    return pending


@functools.lru_cache(maxsize=64)
def staff_menu(lang: str, waiting: int) -> ReplyKeyboardMarkup:
    """A volunteer's menu in ``lang``: their work above, then the residents' buttons
    (many live in the compound too), ``waiting`` entries for them on 待审核."""
    labels = [tr(lang, m) for m in MENU_LABELS]
    return menu([[_pending(lang, waiting), tr(lang, REPORT_WORK), tr(lang, MONEY_WORK)],
                 labels[0:4], labels[4:]])


@functools.lru_cache(maxsize=64)
def supervisor_menu(lang: str, waiting: int) -> ReplyKeyboardMarkup:
    """A supervisor's (监督员) menu: 待审核 to read what waits for the volunteers (they
    decide nothing, record nothing: no other work button), then the residents'."""
    labels = [tr(lang, m) for m in MENU_LABELS]
    return menu([[_pending(lang, waiting, SUPERVISED), *labels[0:3]], labels[3:]])


def menu_for(repo: Repository, telegram_id: int | None, lang: str) -> ReplyKeyboardMarkup:
    """The menu of the person with ``telegram_id`` as their roles are now (a read of the
    store: run it with ``bot.context.read``)."""
    person = repo.person_by_telegram(telegram_id) if telegram_id is not None else None
    if person is None:
        return main_menu(lang)
    return _made(person, lang, lambda: note_shown(repo, person["id"],
                                                  repo.waiting_count(person["id"])))


def _made(person: dict[str, Any], lang: str, waiting: Callable[[], int]
          ) -> ReplyKeyboardMarkup:
    """The menu of ``person`` by their roles (``waiting``: their 待审核 count, asked only
    of a volunteer or a supervisor)."""
    if volunteer_areas(person) or is_admin(person):
        return staff_menu(lang, waiting())
    if supervisor_areas(person):
        return supervisor_menu(lang, waiting())
    return main_menu(lang)


async def menu_of(update: Update, context: ContextTypes.DEFAULT_TYPE) -> ReplyKeyboardMarkup:
    """The menu of whoever sent ``update``, in their language."""
    user = update.effective_user
    return await read(menu_for, repo_of(context), user.id if user else None, lang_of(context))


async def menu_maker(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any]
                     ) -> Callable[[str], ReplyKeyboardMarkup]:
    """The menu of ``person`` as their roles are now, to be made in their language when
    a message goes to them (``bot.notify``: a role given or taken away)."""
    if not (volunteer_areas(person) or is_admin(person) or supervisor_areas(person)):
        return main_menu
    repo = repo_of(context)
    waiting = await read(repo.waiting_count, person["id"])
    return functools.partial(_made, person,
                             waiting=lambda: note_shown(repo, person["id"], waiting))


async def private_menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> dict[str, Any]:
    """``reply_markup=`` the sender's menu in a private chat, for ``reply(update, text,
    **private_menu(...))`` after a decision (待审核's count made right again); nothing in
    a group, which has no menu."""
    chat = update.effective_chat
    if chat is None or chat.type != chat.PRIVATE:
        return {}
    return {"reply_markup": await menu_of(update, context)}


def menu_filter(label_msgid: str) -> filters.BaseFilter:
    """Matches the main-menu button text in any language."""
    labels = {tr(lang, label_msgid) for lang in LANGUAGES} | set(FORMER_LABELS.get(label_msgid, ()))
    return filters.Text(sorted(labels))


def staff_filter(label_msgid: str) -> filters.BaseFilter:
    """Matches a volunteer's button in any language, with or without its count."""
    labels = sorted({tr(lang, label_msgid) for lang in LANGUAGES}, key=len, reverse=True)
    return filters.Regex(re.compile(
        "^(?:" + "|".join(re.escape(label) for label in labels)
        + r")(?: ?[(（]\d{1,2}\+?[)）])?$"))


# Any main-menu button, in any language (a volunteer's too).
MENU_TEXT = filters.Text(sorted({tr(lang, m) for lang in LANGUAGES for m in MENU_LABELS}
                                | {old for olds in FORMER_LABELS.values() for old in olds})) | \
    staff_filter(PENDING) | staff_filter(SUPERVISED) | staff_filter(REPORT_WORK) | \
    staff_filter(MONEY_WORK)
