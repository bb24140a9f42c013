"""What a question of /ask (``ask.py``) is about: a line of the area's accounts, a
proposal (or election), or a meeting's minutes. The latest are offered as buttons
(``offered``); a number typed is read as people write it (36, 第36笔, 第三十六笔, ３６,
#12: ``parse_target``), also inside a question (第79笔保洁费给了谁: ``IN_QUESTION``), and
checked against the area (``resolve``): what is not there is said of what was typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db.elections import is_election
from db.entries import Kind, Status, is_public
from db.errors import DomainError
from db.lost_lines import is_lost
from db.money import format_fen
from db.redact import redactor

from ..context import read, reply, repo_of, t
from ..flows import short
from ..keyboards import button
from ..staff import zh_number

__all__ = ["PREFIX", "TARGETS", "OFFERED", "IN_QUESTION", "parse_target", "is_question",
           "offered", "resolve", "not_found"]

PREFIX = "ask"  # the flow's buttons (ask.py): ask:t:<l|p|m>:<number> for these
TARGETS = {"l": "line", "p": "proposal", "m": "meeting"}
OFFERED = 4  # latest lines (and proposals, minutes) offered as buttons
LABEL = 16  # characters of a line's purpose (a vote's title) on its button, with "…"
_LINE = re.compile(r"^(?:第\s*)?(\d{1,7})\s*(?:笔)?$")
_ENTRY = re.compile(r"^[#＃](\d{1,9})$")
_NUMBERISH = re.compile(r"[\d\s#第笔号.,，。、零〇一二两三四五六七八九十百千-]+")
_ZH_LINE = re.compile(r"^(?:第\s*)?([零〇一二两三四五六七八九十百千]{1,8})\s*(?:笔)?$")
# A line or #N named inside a question typed at "which one?" (第79笔保洁费给了谁).
IN_QUESTION = re.compile(r"第\s*(\d{1,6}|[零〇一二两三四五六七八九十百千]{1,8})\s*笔|"
                         r"#\s*(\d{1,9})")


def parse_target(text: str) -> tuple[str, int] | None:
    """"36" / "第36笔" / "第三十六笔" / "３６" -> ("line", 36); "#12" -> ("entry", 12);
    anything else None."""
    text = unicodedata.normalize("NFKC", text).strip()
    if m := _LINE.match(text):
        return "line", int(m.group(1))
    if (m := _ZH_LINE.match(text)) and zh_number(m.group(1)) > 0:
        return "line", zh_number(m.group(1))
    if m := _ENTRY.match(text):
        return "entry", int(m.group(1))
    return None


def is_question(text: str) -> bool:
    """Words, not a mistyped number ("3 6", "第36"): 4 characters or more, some of
    them neither digits nor the marks of a number."""
    text = unicodedata.normalize("NFKC", text)
    return len(text) >= 4 and _NUMBERISH.fullmatch(text) is None


async def offered(context: ContextTypes.DEFAULT_TYPE, area: str) -> InlineKeyboardMarkup:
    """The area's latest lines, proposals (elections) and minutes, a button each, and
    Cancel: what a question may be about."""
    repo = repo_of(context)
    lines = await read(repo.ledger_tail, area, OFFERED)
    proposals = await read(repo.entries, area=area, kind=Kind.PROPOSAL,
                           status=[Status.OPEN, Status.PASSED, Status.FAILED], limit=OFFERED)
    meetings = await read(repo.entries, area=area, kind=Kind.MEETING, status=Status.APPROVED,
                          limit=OFFERED)
    public = redactor(repo.settings)  # lines chained before redaction existed
    choices = [[button(_line_label(context, x, public), f"{PREFIX}:t:l:{x['seq']}")]
               for x in reversed(lines)]
    choices += [[button(t(context, "Election #{id}: {title}", id=p.id,
                          title=short(p.data.get("title"), LABEL)) if is_election(p.data)
                        else t(context, "Proposal #{id}: {title}", id=p.id,
                               title=short(p.data.get("title"), LABEL)),
                        f"{PREFIX}:t:p:{p.id}")]
                for p in reversed(proposals)]
    choices += [[button(t(context, "Meeting #{id} of {date}", id=m.id, date=m.data.get("date")),
                        f"{PREFIX}:t:m:{m.id}")] for m in reversed(meetings)]
    choices.append([button(t(context, "Cancel"), f"{PREFIX}:cancel")])
    return InlineKeyboardMarkup(choices)


def _line_label(context: ContextTypes.DEFAULT_TYPE, line: dict[str, Any],
                public: Callable[[Any], str]) -> str:
    """A line's button: 第 36 笔：¥250.00 院内保洁…, its purpose as the site shows it, cut
    with "…"; a line lost in a restore (no money; its stored words Chinese) said in the
    reader's language, with the day of the restore."""
    if is_lost(line):
        return t(context, "Line {seq}: lost in a restore of a backup ({date})",
                 seq=line["seq"], date=line.get("date", ""))
    return t(context, "Line {seq}: {amount} {purpose}", seq=line["seq"],
             amount=format_fen(int(line["amount_fen"])),
             purpose=short(public(line.get("purpose") or line.get("category") or ""), LABEL))


async def resolve(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                   text: str) -> tuple[str, int] | None:
    """Keeps in the draft what ``text`` names (a line, proposal or minutes of the area),
    or says why not and returns None."""
    found = parse_target(text)
    repo = repo_of(context)
    if found is None:
        await reply(update, t(context, "Please type a line number (e.g. 36) or #N (e.g. #12)."))
        return None
    what, number = found
    election = False
    try:
        if what == "line":
            await read(repo.line, d["area"], number)
        else:
            entry = await read(repo.entry, number)
            election = is_election(entry.data)
            what = {Kind.PROPOSAL: "proposal", Kind.MEETING: "meeting"}.get(entry.kind, "")
            if not what or entry.area != d["area"] or not is_public(entry.kind, entry.status):
                raise DomainError("not askable", code="bad_link", id=number)
    except DomainError:  # said of what she typed: a line (第999笔) is no entry #999
        await reply(update, await not_found(context, d["area"], what, number))
        return None
    d["target"], d["ref"] = what, number
    d["election"] = what == "proposal" and election  # 选举 #N, not 提议 #N
    return what, number


async def not_found(context: ContextTypes.DEFAULT_TYPE, area: str, what: str, number: int
                     ) -> str:
    """Why ``number`` cannot be asked about: no such line in the area's accounts (with
    its newest line, and where the numbers are shown), or no such public vote or meeting.
    A line not found read 也没有公开的提议、选举或会议纪要 #999, an entry she never named."""
    if what != "line":
        return t(context, "There is no public vote or meeting #{n} in your area.", n=number)
    newest = await read(repo_of(context).ledger_tail, area, 1)
    if not newest:
        return t(context, "There is no line {n}: your area's accounts have no lines yet.",
                 n=number)
    return t(context, "There is no line {n} in your area's accounts: the newest is line "
                      "{last}. Every line's number (line N) is shown under \"Accounts\" in the "
                      "menu.", n=number, last=newest[-1]["seq"])
