"""What the post of an entry waiting for approval warns the volunteer of, beyond a
possible double payment (``bot.notify``): for a fee, an amount other than the
schedule's for its period, and a period not of the kind the fee is due by (half a
year typed for a yearly fee), which the fees page counts apart
(``db.fees.unusual_period``); for a report, the earlier ones alike, open or waiting
(``db.similar.earlier_alike``): a neighbour's report of the same broken lamp.

A voice message's post says "listen to it: approving it needs a short written
summary" (``VOICE_WAITING``); once approved with its summary, that line is replaced
by the summary published (``summarised``): before, the edited post still asked for
a summary above ✅ 已由…审核通过."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from db import fees, labels, voice
from db.entries import Entry
from db.money import format_fen
from db.places import Street
from db.similar import earlier_alike

from .group_post import VOICE_PRIVATE, VOICE_SUMMARISED_PRIVATE, shown_words
from .i18n import lazy, tr
from .voice_words import entry_words

__all__ = ["fee_notes", "issue_notes", "VOICE_WAITING", "summarised"]

VOICE_WAITING = lazy("Voice message above ({length}). Listen to it: approving it needs a "
                     "short written summary, which is published instead of the voice.")
VOICE_SUMMARISED = lazy("Voice message above ({length}). Summary published instead of the "
                        "voice: {summary}")
MAX_SUMMARY_SHOWN = 300  # characters of the summary on the edited post


def summarised(data: dict[str, Any]) -> Callable[[str], list[tuple[str, str]]] | None:
    """For an entry approved with its voice summary: per language, the post's line
    asking for a summary and the line to show instead (a private chat's, and a group's:
    ``bot.group_post``); None for another entry."""
    summary = str(data.get("voice_summary") or "").strip()
    if not data.get("voice") or not summary:
        return None
    seconds = voice.seconds_of(data)
    length = voice.clock(seconds) if seconds else "?"
    shown = summary if len(summary) <= MAX_SUMMARY_SHOWN else \
        summary[:MAX_SUMMARY_SHOWN - 1] + "…"
    return lambda lang: [(tr(lang, VOICE_WAITING, length=length),
                          tr(lang, VOICE_SUMMARISED, length=length, summary=shown)),
                         (tr(lang, VOICE_PRIVATE, length=length),
                          tr(lang, VOICE_SUMMARISED_PRIVATE, length=length, summary=shown))]

DUE = {"year": lazy("⚠️ This fee is due by the year (e.g. {year}), and this one is for "
                     "\"{period}\": the fees page lists it on its own, not as a year paid. "
                     "Check the period before approving; if it is wrong, reject it saying so."),
       "month": lazy("⚠️ This fee is due by the month (e.g. {year}-03), and this one is for "
                      "\"{period}\": the fees page lists it on its own, not as a month paid. "
                      "Check the period before approving; if it is wrong, reject it saying "
                      "so.")}


def fee_notes(street: Street, entry: Entry, lang: str) -> list[str]:
    """The warnings on a pending fee's post, in ``lang``."""
    fee_type, period = str(entry.data.get("fee_type")), str(entry.data.get("period") or "")
    amount = int(entry.data.get("amount_fen") or 0)
    usual = fees.unusual_amount(street, entry.area, fee_type, period, amount)
    out = [] if usual is None else [tr(  # ¥100 for a ¥10 month: a typo, or agreed?
        lang, "⚠️ The standard amount for this period is {usual}; this one is {amount}.",
        usual=format_fen(usual), amount=format_fen(amount))]
    due = fees.unusual_period(street, entry.area, fee_type, period)
    if due is not None:
        # the example of the year it was recorded in (2025 in 2026 read as a typo's fix)
        out.append(tr(lang, DUE[due], period=period, year=entry.created[:4]))
    return out


def issue_notes(repo: Any, entry: Entry, lang: str, named: bool = True) -> list[str]:
    """The earlier reports alike (two at most) on a pending report's post, in ``lang``:
    two short lines, as a list of several posts has little room. Not ``named`` (a
    group): their words as the site shows them (``bot.group_post``)."""
    alike = earlier_alike(repo, entry, limit=2)
    if not alike:
        return []

    def words(e: Entry) -> str:
        said = entry_words(lang, e.data, brief=True)
        return said if named else shown_words(repo, e.area, said)

    listed = "; ".join(tr(lang, "#{id} ({status}) {text}", id=e.id,
                        status=labels.status_label(e.kind, e.status, lang),
                        text=_clip(words(e))) for e in alike)
    return [tr(lang, "⚠️ Maybe reported already: {reports}", reports=listed),
            tr(lang, "If so, reject this one saying so (e.g. \"already reported, see "
                     "#{id}\").", id=alike[0].id)]


def _clip(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
