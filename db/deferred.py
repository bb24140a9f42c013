"""Attributes made on first read: an index a read-only snapshot may never consult.

A build worker opens the street read-only to build the site; when every area's
data is unchanged (``site_builder.area_cache``) it hardly asks the store
anything, yet opening it restored every index saved at the last checkpoint
(``db.saved_index``), and some of those grow with every year of history: each
fee entry by payer, each published fee's ledger line, each counted vote — 37 MB
and 0.4 s of a 50-area, ten-year street's opening. ``defer`` puts them off:
the saved columns (compact arrays, already checked) are kept, and the Python
objects are made from them the first time one of the attributes is read or set.

A class lists such attributes as ``Deferred()``; ``defer(obj, make)`` gives the
function that returns their values (a dict by name). Made once, under a lock,
so that two threads reading at once make them once; afterwards a read costs
one attribute test.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

__all__ = ["Deferred", "defer"]

_MAKING = threading.Lock()


class Deferred:
    """An attribute whose value may be made on first use (``defer``)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        if obj._deferred is not None:
            _make(obj)
        return obj.__dict__[self.slot]

    def __set__(self, obj: Any, value: Any) -> None:
        if obj._deferred is not None:
            _make(obj)  # the others made first: setting one must not lose them
        obj.__dict__[self.slot] = value


def defer(obj: Any, make: Callable[[], dict[str, Any]]) -> None:
    """Make ``obj``'s deferred attributes with ``make`` when one is first used."""
    obj._deferred = make


def _make(obj: Any) -> None:
    with _MAKING:
        make = obj._deferred
        if make is not None:
            for name, value in make().items():
                obj.__dict__[f"_{name}"] = value
            obj._deferred = None
