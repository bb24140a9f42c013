"""/reply N text: a volunteer answers a resident's opinion (意见) in public.

The reply is published on the site under the opinion at once (with the
volunteer's role, never their name; ``db.opinions``) and the resident who
gave the opinion is sent it. Only a volunteer of the opinion's area may
reply, and only to an opinion that was approved.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db import voice
from db.entries import Entry, Kind, Status
from db.errors import DomainError
from db.opinions import replies_by_opinion, reply_to_opinion

from ..commands import Audience, Command
from ..context import call, newest_own, person_of, read, reply, repo_of, t
from ..flows import clean_text, short
from ..i18n import lazy
from ..notify import notify_author
from ..staff import command_of, entry_id_of, fail, require_staff, staff_areas, words

__all__ = ["COMMANDS", "finish_saved", "replied_key"]

USAGE = lazy("Usage: /reply N text, e.g. /reply 12 已在院内装好两个晾衣架，谢谢您的建议")
TO_AUTHOR = lazy("A volunteer replied to your opinion #{id}:\n{text}\nThe reply is also "
                 "shown on the public site.")
ERRORS = {
    "not_opinion": lazy("#{id} is not an opinion."),
    "opinion_not_public": lazy("Opinion #{id} is not public yet: approve it first."),
    "too_long": lazy("That is too long: a reply is at most {max} characters."),
}


async def reply_opinion(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Publishes a reply to an opinion, tells its author and schedules a rebuild."""
    person = await require_staff(update, context)
    if person is None:
        return
    args = words(update, maxsplit=1)
    opinion_id = entry_id_of(args[0]) if args else None
    text = clean_text(args[1]) if len(args) > 1 else ""
    if opinion_id is None or not text:
        await reply(update, t(context, USAGE) + await unreplied(context, person))
        return
    repo = repo_of(context)
    try:
        answer = await call(reply_to_opinion, repo, person["id"], opinion_id, text)
    except DomainError as exc:
        msgid = ERRORS.get(exc.code)
        await reply(update, t(context, msgid, **exc.params) if msgid else fail(context, exc))
        return
    await _tell(update, context, person, answer)


def replied_key(reply_id: int) -> str:
    """The ``db.reminders`` key recording that the opinion's author was sent reply #id."""
    return f"replied:{reply_id}"


async def _tell(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                answer: Entry) -> None:
    """Send the opinion's author the reply just published, once (recorded when it went: a
    telling a stop cut short is finished at the next start, ``finish_saved``), and tell
    the volunteer whether it reached her."""
    repo = repo_of(context)
    opinion = await read(repo.entry, int(answer.data["opinion"]))
    key = replied_key(answer.id)
    own = opinion.author == person["id"] or opinion.author is None
    told = not own and opinion.author in await read(repo.reminded, key)
    if not own and not told:
        told = bool(await notify_author(context, opinion, TO_AUTHOR,
                                        text=str(answer.data.get("text") or "")))
        if told:
            await call(repo.claim_reminder, key, [opinion.author])
    await reply(update, t(context, "Reply #{reply} to opinion #{id} published on the site; "
                                   "{told}.", reply=answer.id, id=opinion.id,
                          told=t(context, "its author was sent it") if told
                          else t(context, "its author could not be told")))


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A /reply N text stored just before the bot stopped, the opinion's author perhaps
    not told: she is sent it now unless she was, and the volunteer is told as the
    command would have (before, she never got the reply and the volunteer read "already
    saved … start again from the menu"); whether it was such a command (this volunteer's
    reply to that opinion, with these words, found)."""
    if command_of(update) != "reply":
        return False
    args = words(update, maxsplit=1)
    opinion_id = entry_id_of(args[0]) if args else None
    text = clean_text(args[1]) if len(args) > 1 else ""
    if opinion_id is None or not text:
        return False
    person = await person_of(update, context)
    answer = await newest_own(context, person["id"], Kind.PROGRESS_NOTE,
                              lambda e: e.data.get("opinion") == opinion_id
                              and e.data.get("text") == text)
    if answer is None:
        return False
    await _tell(update, context, person, answer)
    return True


UNREPLIED_SHOWN = 8  # opinions named under the usage


def _words(data: dict[str, Any]) -> str:
    """An opinion's words (a voice message's: its length and summary)."""
    return voice.public_text(data) if data.get("voice") else str(data.get("text") or "")


async def unreplied(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any]) -> str:
    """"\n还没有回复的意见：#533 希望楼道里…; …", newest first, for the volunteer's areas
    (/reply alone, as the command menu sends it, said only how to type it, and the
    numbers were nowhere at hand), or "" when every public opinion has a reply."""
    repo = repo_of(context)
    found = []
    for area in await staff_areas(context, person):
        replied = replies_by_opinion(await read(repo.entries, area=area,
                                                kind=Kind.PROGRESS_NOTE,
                                                status=Status.PUBLISHED))
        found += [e for e in await read(repo.entries, area=area, kind=Kind.OPINION,
                                        status=Status.APPROVED) if e.id not in replied]
    if not found:
        return ""
    found.sort(key=lambda e: -e.id)
    shown = "; ".join(f"#{e.id} {short(_words(e.data), 25)}" for e in found[:UNREPLIED_SHOWN])
    more = len(found) - UNREPLIED_SHOWN
    return "\n" + t(context, "Public opinions without a reply yet, newest first: {opinions}",
                     opinions=shown) + (t(context, " … and {n} more.", n=more) if more > 0
                                        else "")


COMMANDS = [
    Command("reply", "Reply in public to a resident's opinion: /reply N text",
            reply_opinion, audience=Audience.VOLUNTEER, order=24),
]
