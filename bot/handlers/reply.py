"""/reply N text: a volunteer answers a resident's opinion (意见) in public.

The reply is published on the site under the opinion at once (with the
volunteer's role, never their name; ``db.opinions``) and the resident who
gave the opinion is sent it. Only a volunteer of the opinion's area may
reply, and only to an opinion that was approved.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from db.errors import DomainError
from db.opinions import reply_to_opinion

from ..commands import Audience, Command
from ..context import call, read, reply, repo_of, t
from ..flows import clean_text
from ..i18n import lazy
from ..notify import notify_author
from ..staff import entry_id_of, fail, require_staff, words

__all__ = ["COMMANDS"]

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
        await reply(update, t(context, USAGE))
        return
    repo = repo_of(context)
    try:
        answer = await call(reply_to_opinion, repo, person["id"], opinion_id, text)
    except DomainError as exc:
        msgid = ERRORS.get(exc.code)
        await reply(update, t(context, msgid, **exc.params) if msgid else fail(context, exc))
        return
    opinion = await read(repo.entry, opinion_id)
    told = opinion.author != person["id"] and await notify_author(
        context, opinion, TO_AUTHOR, text=text)
    await reply(update, t(context, "Reply #{reply} to opinion #{id} published on the site; "
                                   "{told}.", reply=answer.id, id=opinion_id,
                          told=t(context, "its author was sent it") if told
                          else t(context, "its author could not be told")))


COMMANDS = [
    Command("reply", "Reply in public to a resident's opinion: /reply N text",
            reply_opinion, audience=Audience.VOLUNTEER, order=24),
]
