"""What /meeting reads from what is typed (roles, linked numbers) and the summary it
shows before the minutes are submitted (``bot.handlers.meeting``)."""

from __future__ import annotations

import re
from typing import Any

from telegram.ext import ContextTypes

from db import labels
from db.civic import MAX_SHEET_PAGES

from ..civic_text import sheet_words
from ..context import lang_of, t, word
from ..flows import states
from ..i18n import lazy

__all__ = ["DATE_AGAIN", "EDITABLE", "PROMPTS", "minutes_summary", "parse_links", "split_roles",
           "cut"]

FLOW = "meeting"
MORE = "topics_more"  # the topics step took a message: the next ones go below it
PREFIX = "mt"
(AREA, KIND, DATE, PLACE, ROLES, RESIDENTS, TOPICS, DECISIONS, LINKS, SHEET,
 CONFIRM) = states(FLOW, "area", "kind", "date", "place", "roles", "residents", "topics",
                   "decisions", "links", "sheet", "confirm")
STEPS = (AREA, KIND, DATE, PLACE, ROLES, RESIDENTS, TOPICS, DECISIONS, LINKS, SHEET, CONFIRM)

_SPLIT = re.compile(r"[、,，;；/\s]+")
_LINK = re.compile(r"^[#＃]?(\d{1,9})$")


def split_roles(text: str) -> list[str]:
    """"党支部书记、网格员, 楼栋长" -> the roles, each once, in order."""
    return list(dict.fromkeys(r for r in _SPLIT.split(text) if r))[:20]


def parse_links(text: str) -> list[int] | None:
    """"#12 #15" (or "12，15") -> [12, 15]; None when a word is not a number."""
    out = []
    for w in _SPLIT.split(text.strip()):
        if not w:
            continue
        m = _LINK.match(w)
        if m is None:
            return None
        out.append(int(m.group(1)))
    return out


PROMPTS = {
    DATE: lazy("When was it? Type the date, e.g. {date} or {day}, or press Today."),
    PLACE: lazy("Where was it held? (e.g. 社区活动室)"),
    ROLES: lazy("Which roles attended? Separate them with 、 (e.g. 党支部书记、网格员、楼栋长). "
                "Roles only, no names: this is public."),
    RESIDENTS: lazy("How many residents attended? (a number, 0 if none)"),
    TOPICS: lazy("What was discussed? (the topics)"),
    DECISIONS: lazy("What was decided?"),
    LINKS: lazy("Which problem reports and proposals did it discuss? Type their numbers (e.g. "
                "#12 #15), or press None. {hint}"),
}
EDITABLE = [(lazy("Date"), DATE), (lazy("Meeting place"), PLACE), (lazy("Who attended"), ROLES),
            (lazy("Residents"), RESIDENTS), (lazy("Topics"), TOPICS),
            (lazy("Decisions"), DECISIONS), (lazy("Reports and proposals"), LINKS)]
DATE_AGAIN = lazy("Please type the date, e.g. {date} or {day}, or press Today.")


def minutes_summary(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any], area: str) -> str:
    """The minutes as they will be submitted, for the recorder to check."""
    links = " ".join(f"#{i}" for i in d["issues"] + d["proposals"]) or "—"
    pages = (1 + len(d.get("sheet_more") or [])) if d.get("sheet") else 0
    return "\n".join([
        t(context, "{kind}, {date}, {place} ({area})",
          kind=word(context, labels.MEETING_KIND, d["meeting_kind"]), date=d["date"],
          place=d["place"], area=area),
        t(context, "Attended: {roles}; residents: {n}", roles="、".join(d["roles"]),
          n=d["residents"]),
        t(context, "Topics: {text}", text=d["topics"][:800]),
        t(context, "Decisions: {text}", text=d["decisions"][:800]),
        t(context, "Discussed: {links}", links=links),
        t(context, "Attendance sheet: {sheet}", sheet=sheet_words(lang_of(context), pages)),
        t(context, "Once another volunteer approves them, these minutes are published on the "
                   "area's page (the sheet is not)."),
    ] + ([t(context, "Another page of the sheet? Send its photo now.")]
         if 0 < pages < MAX_SHEET_PAGES else []))


def cut(text: object, most: int = 16) -> str:
    """A title or report on one short line, a long one cut with "…"."""
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= most else flat[:most - 1] + "…"
