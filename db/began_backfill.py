"""Schema 1 -> 2: the households confirmed before ``db.moving.BEGAN`` was kept are given
it, once, when the data folder is first opened for writing (``db.store.MIGRATIONS``).

Without it such a household was shown every fee its flat ever had (``db.home_records``:
no ``BEGAN``, nothing hidden), a buyer the payments of whoever lived there before her.
What ``db.review`` would have kept at each confirmation is found again from the people's
audit, read in its order: a confirmation is the line ``resident:<flat>`` begun with the
note ``registration #N``; a tie ended (moved out, unbound by a newcomer confirmed as the
flat's former residents having moved out, confirmed for another home) is the line that
leaves the flat. As ``db.moving.household_began``: a person confirmed where nobody lives
begins her household with her own registration, one confirmed beside others takes
theirs. Only a confirmed resident of the flat the audit ends her at, with no ``BEGAN``,
is given one; nothing else is written, and one whose start cannot be told (a line of
hers without a registration number) is left without (shown her flat's fees as before).

A person forgotten at her request has her lines without the flat (``db.privacy``): a
housemate confirmed beside her is taken to have begun alone (her own registration).

Exactly once and safe to stop: every person is written in one transaction (all or none,
``db.transaction``); the store records the new schema only after it (``Store._migrate``),
so a migration stopped before that is run again at the next opening, and finds the people
it filled already filled (it writes nothing twice).
"""

from __future__ import annotations

import re
from typing import Any

from .household_start import BEGAN, household_began

__all__ = ["fill_home_began", "began_from_audit"]

_REGISTRATION = re.compile(r"^registration #([0-9]+)$")


def _flat(value: Any) -> str:
    return value[9:] if isinstance(value, str) and value.startswith("resident:") else ""


def began_from_audit(lines: list[dict[str, Any]]) -> dict[int, tuple[str, int | None]]:
    """Person id -> (the flat the audit leaves her confirmed in, her household's
    ``BEGAN`` there, None if not told), for everyone the audit leaves in a flat."""
    living: dict[str, dict[int, int | None]] = {}
    for line in lines:
        frm, to = line.get("from"), line.get("to")
        left, came = _flat(frm), _flat(to)
        who = line.get("subject")
        if not isinstance(who, int) or (not left and not came):
            continue
        found = _REGISTRATION.match(str(line.get("note") or ""))
        if left and (left != came or found):  # a confirmation again counts anew
            living.get(left, {}).pop(who, None)
        if came and (left != came or found):
            others = living.setdefault(came, {})
            # as a confirmation keeps it: household_began, then db.moving.same_start
            began = None if found is None else household_began(
                int(found.group(1)), [{BEGAN: b} for b in others.values()])
            for them, was in others.items():
                if began is not None and was is not None and was > began:
                    others[them] = began
            others[who] = began
    return {who: (flat, began) for flat, people in living.items()
            for who, began in people.items()}


def _resident(person: dict[str, Any]) -> bool:
    return bool(person.get("household")) and any(
        r.get("role") == "resident" for r in person.get("roles") or [])


def fill_home_began(store: Any) -> int:
    """The migration (``store``: a ``db.store.Store`` opened for writing): fills
    ``BEGAN`` of every confirmed resident without one whose start the audit tells.
    Returns how many people were written."""
    found = began_from_audit(store.all("people", "audit"))
    todo: list[tuple[int, int]] = []
    for person in store.all("people", "people"):
        if not _resident(person) or person.get(BEGAN) is not None:
            continue
        flat, began = found.get(int(person["doc_id"]), ("", None))
        if began is not None and flat == person.get("household"):
            todo.append((int(person["doc_id"]), began))
    if todo:
        with store.transaction() as tx:
            for pid, began in todo:
                person = tx.get("people", "people", pid)
                person[BEGAN] = began
                tx.put("people", "people", pid, person)
    return len(todo)
