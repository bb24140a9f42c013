"""The rows of a paper notice (``site_builder.notice_content``) drawn from an area's entries
as they stood at a month's end: the fee periods paid, the issues still open, the votes
open or closed in the month; and the small helpers the notice's content shares with
them (a value's month, an entry's status at a month's end, words cut to one line).
Split from ``site_builder.notice_content``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from db.elections import is_election
from db.entries import (
    FEE_TYPES,
    ISSUE_CATEGORIES,
    OPEN_ISSUE,
    first_at,
)
from db.fee_amounts import PER_EVERY, first_month, period_zh
from db.privacy import WITHHELD_ZH, is_withheld
from db.votes import is_due

from .proposals import STATUS_ZH as ELECTION_STATUS_ZH

__all__ = ["STATUS_ZH", "fee_change_rows", "fee_key", "fee_rows", "issue_rows", "month_of",
           "notice_day", "period_when",
           "short_text", "status_at", "vote_rows"]

STATUS_ZH = {"approved": "已受理", "in_progress": "处理中", "reopened": "重新打开",
             "open": "表决中", "passed": "通过", "failed": "未通过", "withdrawn": "已撤回"}


def month_of(value: Any) -> str:
    return str(value or "")[:7]


def status_at(history: list[dict[str, Any]], month: str) -> tuple[str | None, str | None]:
    """An entry's status at the end of ``month``, and when it got it."""
    status = at = None
    for step in history:
        if month_of(step.get("at")) <= month and step.get("to"):
            status, at = str(step["to"]), str(step.get("at"))
    return status, at


def short_text(text: str, limit: int = 40, more: str = "") -> str:
    """``text`` on one line, cut to ``limit`` characters with "…" and ``more`` (where
    to read the rest) when longer."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…" + more


def fee_rows(entries: list[Any], month: str, due: tuple[int, int],
          booked: dict[tuple[str, str], int]) -> list[dict[str, Any]]:
    """The fee periods of ``entries``: households that had paid by the month's end
    (approved, not reversed by then) of all households, the units whose fee was
    collected for the whole unit (not household by household) of all units (``due``:
    the area's households and units), the payments of a fee of
    the whole area (outside cars' parking: no payer to count), what the month's lines
    added (``booked``: net of reversals) and whether the period is an earlier or a
    later one than the month's."""
    paid: dict[tuple[str, str], set[str]] = {}
    units: dict[tuple[str, str], set[str]] = {}
    whole: dict[tuple[str, str], int] = {}
    amounts: dict[tuple[str, str], int] = {}
    for e in entries:
        approved = first_at(e, "approved")
        reversed_at = first_at(e, "reversed")
        if not approved or month_of(approved) > month or \
                (reversed_at and month_of(reversed_at) <= month):
            continue
        key = fee_key(e)
        homes = paid.setdefault(key, set())
        if e.data.get("household"):
            homes.add(str(e.data["household"]))
        elif e.data.get("unit"):
            units.setdefault(key, set()).add(str(e.data["unit"]))
        else:
            whole[key] = whole.get(key, 0) + 1
        amounts[key] = amounts.get(key, 0) + int(e.data.get("amount_fen") or 0)
    return [{"fee": FEE_TYPES.get(fee, fee), "period": period,
             "paid": len(paid.get((fee, period), ())),
             "units": len(units.get((fee, period), ())), "whole": whole.get((fee, period), 0),
             "due": due[0], "units_due": due[1], "fen": amounts.get((fee, period), 0),
             "month_fen": booked.get((fee, period), 0), "when": period_when(period, month)}
            for fee, period in sorted(set(paid) | set(booked))]


def fee_key(e: Any) -> tuple[str, str]:
    return str(e.data.get("fee_type") or "other"), str(e.data.get("period") or "")


def period_when(period: str, month: str) -> str:
    """A fee period against the notice's month: "earlier" (late payments of a past
    month or year), "ahead" (paid before its time), or "" (the month's or its year's)."""
    if period in (month, month[:4]) or not period[:4].isdigit():
        return ""
    if len(period) == 4 or not _MONTH_PERIOD.match(period):  # a year, or words (上半年)
        year = period[:4]
        return "earlier" if year < month[:4] else "ahead" if year > month[:4] else ""
    return "earlier" if period < month else "ahead" if period > month else ""


_MONTH_PERIOD = re.compile(r"^\d{4}-\d{2}$")  # db.fees.normalise_period's months


def issue_rows(entries: list[Any], month: str, redact: Callable[[object], str],
            corrected: dict[int, str], forgotten: frozenset[int]) -> list[dict[str, Any]]:
    out = []
    for e in entries:
        if month_of(e.created) > month:
            continue
        status, _at = status_at(e.history, month)
        if status not in OPEN_ISSUE:
            continue
        since = first_at(e, "approved") or e.created
        out.append({"id": e.id, "category": ISSUE_CATEGORIES.get(e.data.get("category") or "",
                                                                 "其他"),
                    "text": WITHHELD_ZH if is_withheld(e, forgotten) else
                    short_text(redact(corrected.get(e.id, e.data.get("text"))), 80),
                    "status": STATUS_ZH.get(str(status), str(status)),
                    "since": str(since)[:10]})
    return out


def vote_rows(entries: list[Any], month: str, redact: Callable[[object], str],
              as_of: str = "") -> list[dict[str, Any]]:
    """The votes open at the end of ``month`` (or on ``as_of``, the day a running
    month's notice is drawn; for a month over, its last day) or closed in it. One still
    open after its deadline day (the bot not run since) is 已过截止日，等待计票."""
    out = []
    for e in entries:
        if month_of(e.created) > month:
            continue
        status, at = status_at(e.history, month)
        overdue = status == "open" and bool(as_of) and is_due(e, as_of)
        if status == "open":
            note = f"截止 {str(e.data.get('deadline') or '')[:10]}".strip()
        elif status in ("passed", "failed", "withdrawn") and month_of(at) == month:
            note = f"{str(at)[:10]} 结束"
        else:
            continue
        election = is_election(e.data)
        words = ELECTION_STATUS_ZH if election else STATUS_ZH  # 已选出, not 通过
        # A result read on the notice board stands on its numbers, as on the site:
        # participation and agreement by owners and by area against the thresholds.
        result = e.data.get("result") if status in ("passed", "failed") else None
        # 提议 #211, as the bot and the site's votes page name it
        out.append({"id": e.id, "what": "选举" if election else "提议",
                    "title": short_text(redact(e.data.get("title")), 36),
                    "status": "已过截止日，等待计票" if overdue
                    else words.get(str(status), str(status)), "note": note,
                    "basis": str((result or {}).get("explanation_zh") or "")})
    return out


def notice_day(month: str, today: date) -> str:
    """The day a notice of ``month`` is as of: ``today`` while the month runs, else the
    month's last day."""
    if month >= f"{today:%Y-%m}":
        return today.isoformat()
    after = (date.fromisoformat(f"{month}-01").replace(day=28) + timedelta(days=4)).replace(day=1)
    return (after - timedelta(days=1)).isoformat()


def fee_change_rows(changes: list[dict[str, Any]], fees: Any, month: str,
                    words: Callable[[Any], str]) -> dict[str, list[dict[str, Any]]]:
    """The changes of a fee's amount (``steward fees set``, ``db.fee_changes``) a notice of
    ``month`` announces: those recorded in the month and those taking effect in it (a
    dearer 停车费 from January is news on December's notice and again on January's).
    ``fees``: the area's schedule (how often, and who pays); ``words``: the notice's
    masking of what a person typed (the reason). {"fee_changes": rows}, or {} when there
    is none, so that every other notice keeps its content."""
    every = {f.fee_type: PER_EVERY.get((str(f.per), str(f.period)), "") for f in fees}
    rows = [{"fee": FEE_TYPES.get(str(c["fee_type"]), str(c["fee_type"])),
             "from": period_zh(str(c["from"])), "every": every.get(str(c["fee_type"]), ""),
             "amount_fen": int(c["amount_fen"]),
             "before_fen": c.get("before_fen"), "day": str(c.get("at") or "")[:10],
             "role": str(c.get("role") or ""),
             "note": short_text(words(c.get("note") or ""), 60)}
            for c in changes
            if month_of(c.get("at")) == month or first_month(c.get("from")) == month]
    return {"fee_changes": rows} if rows else {}
