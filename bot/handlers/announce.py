"""/announce <area> text: an announcement (公告) to an area's residents, also
published on the site. A volunteer of a single area may leave the area out."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from db.entries import Kind
from db.errors import DomainError

from ..commands import Audience, Command
from ..context import call, reply, repo_of, t
from ..flows import clean_text
from ..i18n import lazy
from ..notify import notify_residents
from ..staff import area_name, fail, require_staff, staff_areas, words

__all__ = ["COMMANDS"]

MAX_ANNOUNCEMENT = 3000


async def announce(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stores the announcement, sends it to the area's residents, schedules a rebuild."""
    person = await require_staff(update, context)
    if person is None:
        return
    args = words(update, maxsplit=1)
    areas = await staff_areas(context, person)
    repo = repo_of(context)
    known = await call(lambda: {a.id for a in repo.street.areas})
    if args and args[0] in known:
        area, text = args[0], args[1] if len(args) > 1 else ""
    elif len(areas) == 1:
        area, text = areas[0], " ".join(args)
    else:
        area, text = "", ""
    text = clean_text(text)[:MAX_ANNOUNCEMENT]
    if not area or not text:
        await reply(update, t(context, "Usage: /announce <area> text, e.g. /announce {area} "
                                       "本周六上午清理化粪池，请勿在3号楼前停车。",
                              area=areas[0] if areas else "east"))
        return
    try:
        entry = await call(repo.submit, person["id"], Kind.ANNOUNCEMENT, area, {"text": text})
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return
    steward = await call(lambda: repo.street.area(area).steward)
    reached = await notify_residents(context, area, lazy("📢 Announcement from {steward}:\n"
                                                         "{text}"), steward=steward, text=text)
    await reply(update, t(context, "Announcement #{id} published for {area}; {n} residents "
                                   "were sent it.", id=entry.id,
                          area=await area_name(context, area), n=reached))


COMMANDS = [
    Command("announce", "Send an announcement to an area's residents: /announce <area> text",
            announce, audience=Audience.VOLUNTEER, order=60),
]
