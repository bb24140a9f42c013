"""How minutes and questions read in the approval queue's posts (``bot.notify``):
what a volunteer needs to approve minutes (a second volunteer) or to check a
question for personal data before it is published."""

from __future__ import annotations

from typing import Any

from db import labels, voice
from db.elections import is_election
from db.entries import Entry, Kind
from db.errors import DomainError
from db.money import format_fen
from db.redact import redactor

from .i18n import lazy, tr

__all__ = ["civic_lines", "sheet_words", "item_about"]

CLIP = 600


def _clip(text: object, limit: int = CLIP) -> str:
    s = str(text or "")
    return s if len(s) <= limit else s[:limit - 1] + "…"


def sheet_words(lang: str, pages: int) -> str:
    """What the minutes' summary says of the attendance sheet's ``pages`` photos."""
    if pages > 1:
        return tr(lang, "{n} photos (pages) kept, never published", n=pages)
    return tr(lang, "photo kept, never published") if pages else tr(lang, "none")


def item_about(lang: str, target: str, ref: object, election: bool = False) -> str:
    """What a question is about, in words, named as the site and the bot's other messages
    name it: line 36 of the accounts, 提议 #12 (an election: 选举 #12), 会议纪要 #15."""
    if target == "line":
        return tr(lang, "line {n} of the accounts", n=ref)
    if target == "proposal":
        return tr(lang, "election #{n}", n=ref) if election else tr(lang, "proposal #{n}", n=ref)
    return tr(lang, "meeting #{n}", n=ref)


# A question asked by voice (an elderly resident who does not type): the post says it is to
# be heard, and that its approval asks for the question in a few words (the site's)
VOICE_QUESTION = lazy("Question: a voice message ({length}), sent to your private chat with "
                      "me: listen to it, then approve it with the question written in a few "
                      "words (✍️). Those words are published, never the voice: write no names "
                      "or phone numbers.")
NUMBERS_HIDDEN = lazy("Its phone or ID numbers are hidden on the site by themselves (no need to "
                      "reject it for them); check it for names and other personal data before "
                      "approving: the rest is published as written.")


def civic_lines(repo: Any, entry: Entry, lang: str) -> list[str]:
    """The lines of a pending post for minutes or a question, in ``lang``."""
    d = entry.data
    if entry.kind == Kind.MEETING:
        links = " ".join(f"#{i}" for i in [*d.get("issues", []), *d.get("proposals", [])])
        return [
            tr(lang, "{kind}, {date}, {place}",
               kind=labels.label(labels.MEETING_KIND, d.get("meeting_kind"), lang),
               date=d.get("date", ""), place=_clip(d.get("place"), 100)),
            tr(lang, "Attended: {roles}; residents: {n}", roles="、".join(d.get("roles", [])),
               n=d.get("residents", 0)),
            tr(lang, "Topics: {text}", text=_clip(d.get("topics"))),
            tr(lang, "Decisions: {text}", text=_clip(d.get("decisions"))),
            tr(lang, "Discussed: {links}", links=links or "—"),
            tr(lang, "Attendance sheet: {sheet}", sheet=sheet_words(
                lang, (1 + len(d.get("sheet_more") or [])) if d.get("sheet") else 0)),
            tr(lang, "Minutes are approved by a volunteer other than their recorder."),
        ]
    if entry.kind == Kind.QUESTION:
        about = ""
        if d.get("target") == "line":
            try:
                line = repo.line(entry.area, int(d.get("ref") or 0))
                about = tr(lang, "Line {seq}: {date} {amount} {purpose}", seq=line["seq"],
                           date=line.get("date", ""),
                           amount=format_fen(int(line["amount_fen"])),
                           purpose=_clip(line.get("purpose"), 100))
            except (DomainError, KeyError, ValueError):  # no such line: named anyway
                # (a WouldBlock must pass: the read is then run again in a worker thread)
                about = tr(lang, "line {n} of the accounts", n=d.get("ref"))
        else:
            election = False
            if d.get("target") == "proposal":
                try:
                    election = is_election(repo.entry(int(d.get("ref") or 0)).data)
                except DomainError:  # gone: named anyway (a WouldBlock must pass)
                    pass
            about = item_about(lang, str(d.get("target") or ""), d.get("ref"), election)
        if voice.needs_summary(d):  # asked by voice: heard above, its summary published
            seconds = voice.seconds_of(d)
            words = voice.typed_words(d)
            return [tr(lang, "About: {about}", about=about),
                    tr(lang, VOICE_QUESTION, length=voice.clock(seconds) if seconds else "?"),
                    *([tr(lang, "Written with it: {words}", words=_clip(words))] if words
                      else [])]
        numbers = redactor(repo.settings)(d.get("text")) != str(d.get("text") or "")
        return [tr(lang, "About: {about}", about=about),
                tr(lang, "Question: {text}", text=_clip(d.get("text"))),
                # a phone number in it: masked on the site by itself (db.redact); the post
                # said 原样公开, and a volunteer rejected the question for it (walk118)
                tr(lang, NUMBERS_HIDDEN) if numbers else
                tr(lang, "Check it for names, phone numbers and other personal data before "
                         "approving: it is published as written.")]
    return []
