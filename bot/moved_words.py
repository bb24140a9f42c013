"""What the people of a flat that changed hands are told (``db.moving``): its former
residents, when a volunteer confirmed its new resident as their having moved out
(``tell_moved_out``, from ``bot.handlers.verdict``, so also after a restart between
the write and the messages: ``queue_saved``); and the words of a resident's own
我搬走了 (``bot.handlers.moved_out``)."""

from __future__ import annotations

from telegram.ext import ContextTypes

from db.entries import Entry

from .context import read, repo_of
from .i18n import lazy
from .notify import Msg, notify_once

__all__ = ["tell_moved_out", "MOVED_OUT_BY_VOLUNTEER", "WHAT_STAYS"]

# What stays hers, and what she no longer does for the flat: said in both ways.
WHAT_STAYS = lazy("What you sent stays yours: your reports, opinions, fee records and votes; "
                  "/mydata shows everything kept about you. You no longer vote for that flat, "
                  "nor see its fees and paper votes. A vote you cast for it on a vote still "
                  "open counts for the flat until someone living there votes again. To "
                  "register your new home, send /start.")

MOVED_OUT_BY_VOLUNTEER = lazy("You are no longer registered as a resident of {household}: a "
                              "volunteer confirmed its new resident (the flat was sold, or its "
                              "residents moved out).\n{stays}\nIf this is a mistake, please "
                              "tell a volunteer.")


async def tell_moved_out(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> int:
    """The former residents that the approval of registration ``entry`` unbound (its
    ``moved_out``) told, each in her language and once (``notify_once``, key
    ``moved-by:<id>``, recorded just before it leaves: the approval finished again after
    a kill tells none twice); how many were reached now."""
    repo = repo_of(context)
    household = str(entry.data.get("household") or "")
    label = repo.street.household_label(household) if household else ""
    people = [person for person_id in entry.data.get("moved_out") or []
              if (person := await read(repo.person, int(person_id))) is not None]
    return await notify_once(context, people, f"moved-by:{entry.id}", MOVED_OUT_BY_VOLUNTEER,
                             household=label, stays=Msg(WHAT_STAYS))
