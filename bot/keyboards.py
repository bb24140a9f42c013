"""Inline keyboards: rows of buttons, paginated lists, and callback data that
always fits Telegram's 64-byte limit and is parsed defensively.

Buttons are made once per (label, data) and kept: python-telegram-bot's
objects are immutable, and building one and turning it into JSON again for
every message was a tenth of the bot's time under load. Keyboards that do not
change (the main menu, a flow's fixed steps) are kept whole the same way
(``markup``, ``menu``): turning the main menu into JSON cost more than
sending the message it went with."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

__all__ = ["PAGE_SIZE", "CALLBACK_LIMIT", "GO", "go_data", "button", "rows", "markup", "menu",
           "paginated", "parse", "parse_ints"]

PAGE_SIZE = 8
CALLBACK_LIMIT = 64  # bytes
GO = "go"  # callback data go:<command>: the button starts that command (bot.app)


def go_data(command: str) -> str:
    return f"{GO}:{command}"


class _Kept:
    """Keeps what ``to_dict`` gives, made once. Mixed in before the Telegram class;
    the class names the ``_as_dict`` slot and calls ``_keep`` at the end of
    ``__init__``. python-telegram-bot's objects cannot change once made (their
    ``__setattr__`` refuses); the slot is our own, so it is set with
    ``object.__setattr__``, as a frozen dataclass sets its fields."""

    __slots__ = ()
    _as_dict: dict[str, Any]

    def _keep(self, as_dict: dict[str, Any] | None = None) -> None:
        if as_dict is None:
            as_dict = super().to_dict()  # type: ignore[misc]
        object.__setattr__(self, "_as_dict", as_dict)

    def to_dict(self, recursive: bool = True) -> dict[str, Any]:
        return dict(self._as_dict)


class _Button(_Kept, InlineKeyboardButton):
    """A callback button whose JSON is made once."""

    __slots__ = ("_as_dict",)

    def __init__(self, text: str, callback_data: str) -> None:
        super().__init__(text, callback_data=callback_data)
        # What python-telegram-bot's to_dict gives a callback button, without walking
        # its attributes (half the cost of a button made for one message).
        self._keep({"callback_data": callback_data, "text": text})


class _Markup(_Kept, InlineKeyboardMarkup):
    """An inline keyboard whose JSON is made once."""

    __slots__ = ("_as_dict",)

    def __init__(self, keyboard: Sequence[Sequence[InlineKeyboardButton]]) -> None:
        super().__init__(keyboard)
        self._keep({"inline_keyboard": [[b.to_dict() for b in row]
                                        for row in self.inline_keyboard]})


class _Menu(_Kept, ReplyKeyboardMarkup):
    """A reply keyboard (the menu under the typing field) whose JSON is made once."""

    __slots__ = ("_as_dict",)

    def __init__(self, keyboard: Sequence[Sequence[str]]) -> None:
        super().__init__([[KeyboardButton(label) for label in row] for row in keyboard],
                         resize_keyboard=True, is_persistent=True)
        self._keep()


def markup(keyboard: Sequence[Sequence[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    """An inline keyboard turned into JSON once, for keyboards made once and kept
    (``functools.lru_cache`` around the function that builds it)."""
    return _Markup(keyboard)


def menu(keyboard: Sequence[Sequence[str]]) -> ReplyKeyboardMarkup:
    """A persistent, resized reply keyboard of these labels, turned into JSON once."""
    return _Menu(keyboard)


@functools.lru_cache(maxsize=8192)
def button(text: str, data: str) -> InlineKeyboardButton:
    """A button labelled ``text`` (cut to 64 characters) sending ``data``; shared."""
    if len(data.encode()) > CALLBACK_LIMIT:
        raise ValueError(f"callback data over {CALLBACK_LIMIT} bytes: {data!r}")
    return _Button(text[:64], callback_data=data)


def rows(buttons: Sequence[InlineKeyboardButton], columns: int = 2
         ) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i:i + columns]) for i in range(0, len(buttons), columns)]


def paginated(items: Sequence[tuple[str, str]], page: int, page_data: str, *,
              columns: int = 2, size: int = PAGE_SIZE, prev_label: str = "◀",
              next_label: str = "▶",
              extra: Sequence[Sequence[InlineKeyboardButton]] = ()) -> InlineKeyboardMarkup:
    """``items`` (label, data) on page ``page``; ``page_data.format(page=n)`` turns pages."""
    pages = max(1, (len(items) + size - 1) // size)
    page = min(max(page, 0), pages - 1)
    shown = items[page * size:(page + 1) * size]
    keyboard = rows([button(text, data) for text, data in shown], columns)
    if pages > 1:
        nav = []
        if page > 0:
            nav.append(button(f"{prev_label} {page}/{pages}", page_data.format(page=page - 1)))
        if page < pages - 1:
            nav.append(button(f"{page + 2}/{pages} {next_label}",
                              page_data.format(page=page + 1)))
        keyboard.append(nav)
    keyboard.extend(list(r) for r in extra)
    return InlineKeyboardMarkup(keyboard)


def parse(data: str | None, prefix: str, parts: int) -> list[str] | None:
    """``"<prefix>:a:b"`` -> ``["a", "b"]`` when it has exactly ``parts`` fields."""
    if not data or not data.startswith(prefix + ":"):
        return None
    fields = data[len(prefix) + 1:].split(":")
    return fields if len(fields) == parts else None


def parse_ints(fields: Sequence[str] | None, limit: int = 10**9) -> list[int] | None:
    """Every field a small non-negative decimal integer, or None."""
    if fields is None:
        return None
    out = []
    for f in fields:
        if not f.isascii() or not f.isdigit() or len(f) > 10 or int(f) > limit:
            return None
        out.append(int(f))
    return out
