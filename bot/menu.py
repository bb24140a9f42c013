"""The main menu: the buttons under the typing field, in the user's language.

Each label is an English msgid (translated per user); a label pressed arrives
as a plain text message, so ``menu_filter`` matches one button in every
language and ``MENU_TEXT`` any of them.
"""

from __future__ import annotations

import functools

from telegram import ReplyKeyboardMarkup
from telegram.ext import filters

from .i18n import LANGUAGES, lazy, tr
from .keyboards import menu

__all__ = ["MENU_LABELS", "main_menu", "menu_filter", "MENU_TEXT"]

# The main menu, in the order residents see it (msgids; translated per user).
MENU_LABELS = (lazy("Report"), lazy("Opinion"), lazy("Vote"), lazy("Fee paid"),
               lazy("Accounts"), lazy("Mine"), lazy("Help"))


@functools.lru_cache(maxsize=8)
def main_menu(lang: str) -> ReplyKeyboardMarkup:
    """The menu under the typing field, in ``lang`` (made once: it is immutable)."""
    labels = [tr(lang, m) for m in MENU_LABELS]
    return menu([labels[0:3], labels[3:6], labels[6:]])


def menu_filter(label_msgid: str) -> filters.BaseFilter:
    """Matches the main-menu button text in any language."""
    labels = {tr(lang, label_msgid) for lang in LANGUAGES}
    return filters.Text(sorted(labels))


# Any main-menu button, in any language.
MENU_TEXT = filters.Text(sorted({tr(lang, m) for lang in LANGUAGES for m in MENU_LABELS}))
