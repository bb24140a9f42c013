"""Collecting an area's minutes and public questions for the site (``db.civic``).

Minutes are published once approved: kind, date, place, the roles that
attended and how many residents, topics, decisions, the issues and proposals
discussed, and who recorded and approved them (roles and marks, never names).
The photo of the signed attendance sheet is never read here: it holds names
and signatures, and stays with the volunteers.

Questions are published once checked, with what they are about (a ledger
line, a proposal, minutes), who asked by role (居民, 监督员), the day they
were made public (``since``: the page's script counts the days waited, as it
does for open issues, so the same store always gives the same site) and the
answer, when there is one. Each ledger line carries the questions about it.
All text a person typed passes through the street's redaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from db import labels
from db.entries import Entry, Kind, Status
from db.privacy import WITHHELD_ZH, is_withheld

__all__ = ["meetings", "questions", "civic_events"]

Redact = Callable[[Any], str]


def _when(e: Entry, to: str) -> str:
    return next((h["at"] for h in e.history if h.get("to") == to), "")


def _role(e: Entry, to: str) -> str:
    return next((str(h.get("role") or "") for h in e.history if h.get("to") == to), "")


def meetings(entries: Iterable[Entry], redact: Redact, stamps: list[str]) -> list[dict[str, Any]]:
    """The published minutes, newest meeting first."""
    out = []
    for e in entries:
        if e.kind != Kind.MEETING or e.status != Status.APPROVED:
            continue
        d = e.data
        at = _when(e, "approved") or e.updated
        stamps.append(at)
        out.append({
            "id": e.id, "kind": d.get("meeting_kind") or "",
            "kind_zh": labels.label(labels.MEETING_KIND, d.get("meeting_kind")),
            "date": str(d.get("date") or "")[:10], "place": redact(d.get("place")),
            "roles": [redact(r) for r in d.get("roles") or []],
            "residents": int(d.get("residents") or 0),
            "topics": redact(d.get("topics")), "decisions": redact(d.get("decisions")),
            "issues": [int(i) for i in d.get("issues") or []],
            "proposals": [int(i) for i in d.get("proposals") or []],
            "recorded_by": e.author_role, "approved_by": _role(e, "approved"),
            "published_at": at[:10], "at": at,
        })
    out.sort(key=lambda m: (m["date"], m["id"]), reverse=True)
    return out


def _days(start: str, end: str) -> int | None:
    try:
        return (date.fromisoformat(end[:10]) - date.fromisoformat(start[:10])).days
    except ValueError:
        return None


def questions(entries: Iterable[Entry], lines: list[dict[str, Any]],
              proposals: list[dict[str, Any]], meetings_: list[dict[str, Any]],
              redact: Redact, stamps: list[str],
              forgotten: frozenset[int] = frozenset()) -> list[dict[str, Any]]:
    """The public questions, newest first; each ledger line of ``lines``, proposal and
    minutes gets the questions about it (``["questions"]``), oldest first."""
    by_seq = {x["seq"]: x for x in lines}
    titles = {p["id"]: p["title"] for p in proposals}
    # named as the votes page heads it (提议 #211, 选举 #240), not by another word
    kinds = {p["id"]: p.get("kind_zh") or "提议" for p in proposals}
    items = {("proposal", p["id"]): p for p in proposals}
    items.update({("meeting", m["id"]): m for m in meetings_})
    on_line: dict[int, list[dict[str, Any]]] = defaultdict(list)
    on_item: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    out = []
    for e in entries:
        if e.kind != Kind.QUESTION or e.status not in (Status.APPROVED, Status.ANSWERED):
            continue
        d = e.data
        since = (_when(e, "approved") or e.updated)[:10]
        target, ref = str(d.get("target") or ""), int(d.get("ref") or 0)
        answered = e.status == Status.ANSWERED
        q: dict[str, Any] = {
            "id": e.id, "target": target, "ref": ref,
            "text": WITHHELD_ZH if is_withheld(e, forgotten) else redact(d.get("text")),
            "asked_by": e.author_role, "since": since, "answered": answered,
            "answer": redact(d.get("answer")) if answered else "",
            "at": _when(e, "approved") or e.updated, "answered_time": _when(e, "answered"),
            "answered_by": _role(e, "answered"),
            "answered_at": str(d.get("answered_at") or "")[:10] if answered else "",
        }
        q["waited_days"] = _days(since, q["answered_at"]) if answered else None
        stamps.append(since)
        if answered and q["answered_at"]:
            stamps.append(q["answered_at"])
        if target == "line":
            line = by_seq.get(ref)
            q["about"] = f"第 {ref} 笔账"
            q["link"] = f"{line['page'] if line else 'accounts'}.md#line-{ref}"
            if line is not None:
                q["about"] += f"（{line['date'][:10]} {line['purpose']}）"
                # the same words, for the page to print the date whole
                q["line"] = {"date": line["date"][:10], "purpose": line["purpose"]}
                on_line[ref].append(q)
        elif target == "proposal":
            q["about"] = f"{kinds.get(ref, '提议')} #{ref} {titles.get(ref, '')}".strip()
            q["link"] = f"votes.md#proposal-{ref}"
            on_item[("proposal", ref)].append(q)
        else:
            q["about"] = f"会议纪要 #{ref}"
            q["link"] = f"meetings.md#meeting-{ref}"
            on_item[("meeting", ref)].append(q)
        out.append(q)
    for seq, found in on_line.items():
        by_seq[seq]["questions"] = sorted(found, key=lambda q: q["id"])
    for key, found in on_item.items():
        if key in items:
            items[key]["questions"] = sorted(found, key=lambda q: q["id"])
    out.sort(key=lambda q: q["id"], reverse=True)
    return out


def civic_events(area: dict[str, Any], add: Callable[..., None]) -> None:
    """The area's feed entries of published minutes, questions and answers
    (``add(at, key, page, anchor, title, text)``, as ``collect`` makes them)."""
    for m in area["meetings"]:
        add(m["at"], f"meeting-{m['id']}", "meetings", f"meeting-{m['id']}",
            f"会议纪要 #{m['id']}：{m['date']} {m['kind_zh']}", m["decisions"])
    for q in area["questions"]:
        add(q["at"], f"question-{q['id']}", "questions", f"question-{q['id']}",
            f"居民提问 #{q['id']}：{q['about']}", q["text"])
        if q["answered"]:
            add(q["answered_time"], f"question-{q['id']}-answer", "questions",
                f"question-{q['id']}", f"提问 #{q['id']} 已答复（{q['answered_by']}）",
                q["answer"])
