"""Change events: what each commit changed in the public record.

Every commit of the repository that changes something the public sees (an
entry moving into, within or out of a public status of its kind, see
``db.entries.PUBLIC_STATUSES``, or a line added to a ledger) reports one
``Change``: the management areas and the kinds it touched. Listeners
(``Repository.subscribe``; the bot's publisher is one) hear of it once the
commit is durable, outside the store's locks, in the thread that made it;
never of a write that was undone. Private changes (a pending submission, a
rejection of one, a registration, a person's language, roles, group links)
report nothing, but for a name kept for the first time (a registration giving
the person's Telegram name, ``Directory.keep_name``): the site masks the names
the store knows in the words of every area's entries (``db.redact``), so the name
is masked wherever a published text already wrote it only once the site is built
again; that is a change of every area, of kind ``NAMES``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .entries import is_public

__all__ = ["Change", "ChangeNotes", "Listeners", "LEDGER", "NAMES"]

log = logging.getLogger(__name__)

LEDGER = "ledger"  # the kind reported when ledger lines were added
NAMES = "names"  # the kind reported when a person's name was kept for the first time


@dataclass(frozen=True)
class Change:
    """The management areas whose public record one commit changed, and the kinds
    changed (``db.entries.Kind`` values, and ``"ledger"`` for ledger lines)."""

    areas: frozenset[str]
    kinds: frozenset[str]


class ChangeNotes:
    """What the commit being made changed in public, noted as it writes."""

    __slots__ = ("areas", "kinds")

    def __init__(self) -> None:
        self.areas: set[str] = set()
        self.kinds: set[str] = set()

    def entry(self, area: str, kind: str, before: str | None, after: str) -> None:
        """An entry of ``kind`` was written, its status going from ``before`` (None:
        a new entry) to ``after``."""
        if is_public(kind, after) or is_public(kind, before):
            self.areas.add(area)
            self.kinds.add(str(kind))

    def ledger(self, area: str) -> None:
        self.areas.add(area)
        self.kinds.add(LEDGER)

    def names(self, areas: Iterable[str]) -> None:
        """A name the site masks was kept: every area's published words may change."""
        self.areas.update(areas)
        self.kinds.add(NAMES)

    def take(self) -> Change | None:
        """The change noted since the last ``take`` (None: nothing public); the notes
        start again empty."""
        if not self.areas:
            return None
        change = Change(frozenset(self.areas), frozenset(self.kinds))
        self.areas, self.kinds = set(), set()
        return change

    def clear(self) -> None:
        self.areas.clear()
        self.kinds.clear()


class Listeners:
    """Who hears of changes. A listener that raises is logged; the others, and the
    write, go on."""

    def __init__(self) -> None:
        self._listeners: tuple[Callable[[Change], None], ...] = ()
        self._lock = threading.Lock()

    def __bool__(self) -> bool:
        return bool(self._listeners)

    def subscribe(self, listener: Callable[[Change], None]) -> Callable[[], None]:
        """Call ``listener`` with each change from now on; returns the function that
        unsubscribes it (calling that again does nothing)."""
        with self._lock:
            self._listeners += (listener,)

        def unsubscribe() -> None:
            with self._lock:
                kept = list(self._listeners)
                if listener in kept:
                    kept.remove(listener)
                self._listeners = tuple(kept)

        return unsubscribe

    def emit(self, change: Change) -> None:
        for listener in self._listeners:  # a tuple: (un)subscribing meanwhile is safe
            try:
                listener(change)
            except Exception:  # noqa: BLE001 - a listener must not break the write
                log.exception("a change listener failed on %s", change)
