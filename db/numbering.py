"""A number given out once is never given to something else: after a restore too.

A resident's receipt says "报事编号 #532", volunteers' posts and the admins' privacy
messages say "#532" or "#N 号用户"; the next entry (and person) number is one more than
the highest stored (``db.indexes``). A restore from an older backup stores fewer, so the
numbers given out after the backup would be given again, to other reports and people.
The folder keeps a *floor* for each sort of number (a document of the ``street``
partition, table ``numbering``, written like any other, so it is in the journal, the
checkpoints and the backups): new numbers are at least the floor. A restore into the
same folder sets it past every number the folder it replaces had given out; a restore
into a new folder, which cannot know them, takes them from the operator
(``steward restore --numbers-from N``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import checks

if TYPE_CHECKING:
    from .repository import Repository
    from .store import Store

__all__ = ["NUMBERED", "floor", "floors", "next_numbers", "keep_past"]

PARTITION, TABLE, DOC = "street", "numbering", 1
NUMBERED = ("entry", "person")  # entries (#532), people (#N 号用户)


def floors(store: Store) -> dict[str, int]:
    """The lowest number each sort may be given next (0: no floor)."""
    doc = store.get(PARTITION, TABLE, DOC) or {}
    return {which: int(doc.get(which) or 0) for which in NUMBERED}


def floor(store: Store, which: str) -> int:
    return floors(store)[which]


def next_numbers(repo: Repository) -> dict[str, int]:
    """The numbers ``repo`` would give next: one more than the highest stored, or its
    floor when that is higher."""
    kept = floors(repo.store)
    return {"entry": max(repo.core.entries.ids["entry"], kept["entry"]),
            "person": max(repo.core.people.ids["person"], kept["person"])}


def keep_past(repo: Repository, numbers: dict[str, int], why: str) -> dict[str, int]:
    """Never give a number below ``numbers`` (sort -> the lowest to give next) again: the
    floors are raised (never lowered) in one durable write; the floors now."""
    wanted = {which: checks.whole(numbers.get(which, 1), f"the next {which} number")
              for which in NUMBERED}
    why = checks.text(why, "why")[:300]

    def write(tx: Any) -> dict[str, int]:
        doc = tx.get(PARTITION, TABLE, DOC) or {}
        doc = {k: v for k, v in doc.items() if k != "doc_id"}
        now = {which: max(int(doc.get(which) or 0), wanted[which]) for which in NUMBERED}
        if any(now[which] != int(doc.get(which) or 0) for which in NUMBERED):
            history = list(doc.get("history") or [])[-20:]
            history.append({"at": repo.core.stamp(), "why": why, **now})
            tx.put(PARTITION, TABLE, DOC, {**now, "history": history})
        return now

    return repo.core.commit(write)  # type: ignore[no-any-return]

