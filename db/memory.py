"""Giving back to the system the memory a big read used and freed.

glibc keeps freed heap for reuse: after reading the saved indexes (a 20 MB file
at 50 areas, parsed into many short-lived objects) or every partition at start,
a process would hold that peak for good. ``give_back_freed_memory`` asks glibc
to return it (``malloc_trim``); elsewhere than glibc, nothing happens.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

__all__ = ["give_back_freed_memory"]


@functools.lru_cache(maxsize=1)
def _trim() -> Callable[[int], int] | None:
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        return ctypes.CDLL(name).malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


def give_back_freed_memory() -> None:
    """Return the freed heap to the system (glibc's ``malloc_trim``)."""
    trim = _trim()
    if trim is not None:
        trim(0)
