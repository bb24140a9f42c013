"""A per-user limit on submissions (``STEWARD_RATE_LIMIT`` per hour), in memory.

It protects the store and the volunteers' queue from a runaway client; a
restart forgets it, which is fine for that purpose.
"""

from __future__ import annotations

import time
import weakref
from collections import deque
from collections.abc import Callable

from telegram.ext import ContextTypes

from .context import settings_of

__all__ = ["RateLimiter", "allow_submission"]

WINDOW = 3600.0
_KEY = "_rate_limiter"


class RateLimiter:
    def __init__(self, per_hour: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_hour = per_hour
        self.clock = clock
        self._hits: dict[int, deque[float]] = {}

    def _recent(self, user: int) -> deque[float]:
        hits = self._hits.setdefault(user, deque())
        cutoff = self.clock() - WINDOW
        while hits and hits[0] <= cutoff:
            hits.popleft()
        return hits

    def would_allow(self, user: int) -> bool:
        return self.per_hour <= 0 or len(self._recent(user)) < self.per_hour

    def hit(self, user: int) -> bool:
        """Count one submission; False (and not counted) when over the limit."""
        if not self.would_allow(user):
            return False
        if self.per_hour > 0:
            self._recent(user).append(self.clock())
        return True


_LIMITERS: weakref.WeakKeyDictionary[object, RateLimiter] = weakref.WeakKeyDictionary()


def limiter(context: ContextTypes.DEFAULT_TYPE) -> RateLimiter:
    """The application's limiter (kept outside bot_data, which may be persisted)."""
    key = context.application
    lim = _LIMITERS.get(key)
    if lim is None:
        lim = _LIMITERS[key] = RateLimiter(settings_of(context).rate_limit_per_hour)
    return lim


def allow_submission(context: ContextTypes.DEFAULT_TYPE, user_id: int, *,
                     count: bool = True) -> bool:
    lim = limiter(context)
    return lim.hit(user_id) if count else lim.would_allow(user_id)
