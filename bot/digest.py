"""The state of a message that lists several new entries for one volunteers'
chat (``bot.notices``), each with its own buttons: what it says, and what it
says once some of them are decided or withdrawn.

It is kept with the message's record (``bot.posts``, in the store when the bot
keeps its state) as a plain dict: ``blocks`` ([entry id, its text] in order),
``verdicts`` (one line per decision, by entry number), ``rows`` (the buttons
still to press).
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from .sending import TELEGRAM_LIMIT, fit_message

__all__ = ["new_digest", "digest_text", "digest_markup", "decided", "withdrawn"]

QUEUE_PREFIX = "q"  # the approval buttons' data: q:<what>:<entry id> (bot.notify)
VERDICT_LIMIT = 300  # characters of one verdict line (its author got the whole reason)


def new_digest(blocks: list[tuple[int, str]], rows: list[list[InlineKeyboardButton]]
               ) -> dict[str, Any]:
    return {"blocks": [[i, text] for i, text in blocks], "verdicts": [], "rows": rows}


def digest_text(digest: dict[str, Any]) -> str:
    """The message's text: the entries' posts, then what was decided on them. When it
    is too long for one message, the posts are cut, never the verdicts at its end."""
    text = "\n\n".join(block for _, block in digest["blocks"])
    if not digest["verdicts"]:
        return fit_message(text)
    tail = "\n\n" + "\n".join(digest["verdicts"])
    room = TELEGRAM_LIMIT - len(tail.encode("utf-16-le")) // 2
    if room < VERDICT_LIMIT:  # cannot happen with MAX_DIGEST verdicts of VERDICT_LIMIT
        return fit_message(text + tail)
    return fit_message(text, room) + tail


def digest_markup(digest: dict[str, Any]) -> InlineKeyboardMarkup | None:
    """The buttons left (None: none)."""
    rows = digest["rows"]
    return InlineKeyboardMarkup(rows) if rows else None


def _drop_row(digest: dict[str, Any], entry_id: int) -> None:
    head, tail = f"{QUEUE_PREFIX}:", f":{entry_id}"
    digest["rows"] = [row for row in digest["rows"]
                      if not any(str(b.callback_data or "").startswith(head)
                                 and str(b.callback_data).endswith(tail) for b in row)]


def decided(digest: dict[str, Any], entry_id: int, verdict: str
            ) -> tuple[str, InlineKeyboardMarkup | None]:
    """Entry ``entry_id`` was decided (``verdict``, in the chat's language): the new
    text and buttons (the others' buttons stay)."""
    line = f"#{entry_id} {verdict}"
    if len(line) > VERDICT_LIMIT:
        line = line[:VERDICT_LIMIT - 1] + "…"
    digest["verdicts"].append(line)
    _drop_row(digest, entry_id)
    return digest_text(digest), digest_markup(digest)


def withdrawn(digest: dict[str, Any], entry_id: int, gone: str
              ) -> tuple[str, InlineKeyboardMarkup | None]:
    """Entry ``entry_id`` was withdrawn by its author: its part says only ``gone``."""
    digest["blocks"] = [[i, gone if i == entry_id else text] for i, text in digest["blocks"]]
    _drop_row(digest, entry_id)
    return digest_text(digest), digest_markup(digest)
