"""What the site says of how a vote ended, beside its tally: closed early
(why, and which roles asked and confirmed), a request to close early still
waiting for a second volunteer, or withdrawn (why, and by which role). The
reasons are public by design; phone numbers in them are masked like any
text people typed (the street's redaction, ``db.redact``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from db.elections import heads
from db.entries import Entry, Status

Redact = Callable[[Any], str]  # the street's redaction (db.redact.redactor)

__all__ = ["closed_early", "close_request", "withdrawn", "election"]


def closed_early(data: dict[str, Any], redact: Redact) -> dict[str, str] | None:
    """Why a vote closed before its deadline, and which roles asked and confirmed."""
    early = data.get("closed_early")
    if not early:
        return None
    return {"reason": redact(early.get("reason")), "asked": str(early.get("requested_role") or ""),
            "confirmed": str(early.get("confirmed_role") or ""),
            "deadline": str(early.get("deadline") or "")[:10], "at": str(early.get("at") or "")}


def close_request(entry: Entry, redact: Redact) -> dict[str, str] | None:
    """A request to close an open vote early, waiting for a second volunteer."""
    if entry.status != Status.OPEN:
        return None
    for r in reversed(entry.data.get("early_close") or []):
        if r.get("outcome") == "pending":
            return {"reason": redact(r.get("reason")), "role": str(r.get("role") or ""),
                    "at": str(r.get("at") or "")}
    return None


def withdrawn(entry: Entry, redact: Redact) -> dict[str, str]:
    """Why a proposal was withdrawn (an older one: the note of its last step)."""
    w = entry.data.get("withdrawn") or {}
    last = entry.history[-1] if entry.history else {}
    return {"reason": redact(w.get("reason") or last.get("note")),
            "role": str(w.get("role") or last.get("role") or ""),
            "at": str(w.get("at") or last.get("at") or "")}


OUTCOME_ZH = {"elected": "当选", "tied": "得票相同，须另行选举", "outside_seats": "名次在席位之外",
              "no_majority": "未获过半数支持", "no_quorum": "参与投票的业主不足"}
STATUS_ZH = {"open": "投票中", "passed": "已选出", "failed": "无人当选", "withdrawn": "已撤回"}


def election(entry: Entry, redact: Redact) -> dict[str, Any] | None:
    """A committee election as the site shows it: its seats and candidates (role
    titles), and once it is closed each candidate's backing and outcome and, when
    an admin gave the elected their role, that it was done. While it is open, no
    candidate's count: participation only, as for any vote."""
    spec = entry.data.get("election")
    if not isinstance(spec, dict):
        return None
    result = spec.get("result") if entry.status in (Status.PASSED, Status.FAILED) else None
    rows = {int(r["n"]): r for r in (result or {}).get("candidates") or []}
    # the unit of the turnout and the explanation beside them: 户, or 人 when an owner
    # holds several flats (before: always 人, under 参与：43/60 户)
    unit = heads(bool(((result or {}).get("turnout") or {}).get("by_owner")))[0]
    candidates = []
    for c in spec.get("candidates") or []:
        r = rows.get(int(c["n"]))
        candidates.append({
            "n": int(c["n"]), "title": redact(c.get("title")),
            "backers": (f"{r['backers']}/{r['voted']} {unit}（{r['share_owners_pct']}%）"
                        if r else ""),
            "area": (f"{r['area_backing_m2']}/{r['area_voted_m2']} m²（{r['share_area_pct']}%）"
                     if r else ""),
            "outcome": r["outcome"] if r else "", "outcome_zh": OUTCOME_ZH.get(
                r["outcome"], "") if r else "", "elected": bool(r and r["outcome"] == "elected")})
    seated = spec.get("seated") or None
    return {"seats": int(spec.get("seats") or 0), "candidates": candidates,
            "committee_title": str(spec.get("committee_title") or ""),
            "status_zh": STATUS_ZH.get(str(entry.status), ""),
            "explanation": redact((result or {}).get("explanation_zh")),
            "seated": {"at": str(seated.get("at") or ""), "role": str(seated.get("role") or ""),
                       "n": len(seated.get("candidates") or []),
                       "retired": int(seated.get("retired") or 0)} if seated else None}
