"""/answer and a resident's question no volunteer has approved yet (``bot.handlers.answers``).

A question is answered only once it is public (a volunteer checked it for names and
phone numbers). /answer alone used to say 目前没有等待答复的公开提问 while one waited for
that check, at the end of /pending; /answer N with the answer written out said 请先审核通过
and dropped the answer typed on the phone. Now /answer posts such a question as /pending
does, with its ✅ 通过 / ❌ 驳回, and keeps the answer typed (``hold``): after ✅, the
答复 button offers to publish it as written (``held_for``), nothing typed twice.

The answer is kept in the volunteer's own ``user_data`` (one, the latest), at most an
answer's length; it is dropped once published.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.civic import MAX_ANSWER
from db.entries import Entry, Kind, Status

from ..context import read, reply, repo_of, t
from ..i18n import lazy
from .queue_page import post_one

__all__ = ["HELD", "hold", "held_for", "drop_held", "show_unapproved", "unapproved",
           "UNAPPROVED_SHOWN"]

HELD = "answer_held"
UNAPPROVED_SHOWN = 3  # posts of questions waiting for approval sent by /answer alone
NOT_PUBLIC = lazy("Question #{id} is not public yet: approve it first (below); it is "
                  "answered once it is public.")
KEPT = lazy("Your answer is kept for you: once you approve the question, press \"✍️ Answer "
            "#{id}\" and publish it, without typing it again.")


def hold(context: ContextTypes.DEFAULT_TYPE, question_id: int, text: str) -> None:
    """Keeps ``text``, an answer to question #question_id typed before it was public."""
    context.user_data[HELD] = {"id": question_id,  # type: ignore[index]
                               "text": text[:MAX_ANSWER]}


def held_for(context: ContextTypes.DEFAULT_TYPE, question_id: int) -> str | None:
    """The answer kept for question #question_id, if any."""
    held = (context.user_data or {}).get(HELD)
    if isinstance(held, dict) and held.get("id") == question_id and held.get("text"):
        return str(held["text"])
    return None


def drop_held(context: ContextTypes.DEFAULT_TYPE, question_id: int) -> None:
    """Forgets the answer kept for question #question_id (published, or answered anew)."""
    if held_for(context, question_id) is not None:
        context.user_data.pop(HELD, None)  # type: ignore[union-attr]


async def show_unapproved(update: Update, context: ContextTypes.DEFAULT_TYPE, q: Entry,
                          text: str = "") -> None:
    """Says question ``q`` is not public yet and posts it with its ✅ / ❌ (the caller
    checked it is of the volunteer's area); ``text``, an answer typed, is kept."""
    said = t(context, NOT_PUBLIC, id=q.id)
    if text:
        hold(context, q.id, text)
        said += "\n" + t(context, KEPT, id=q.id)
    await reply(update, said)
    chat = update.effective_chat
    if chat is not None:
        await post_one(context, chat.id, q)


async def unapproved(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                     areas: list[str]) -> list[Entry]:
    """The questions of ``areas`` waiting for a volunteer's approval that ``person`` may
    approve (not their own), oldest first."""
    repo = repo_of(context)
    found = [q for area in areas for q in await read(
        repo.entries, area=area, kind=Kind.QUESTION, status=Status.PENDING)
        if q.author != person["id"]]
    return sorted(found, key=lambda q: q.id)
