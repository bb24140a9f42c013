"""A per-user limit on submissions per hour, in memory: the street file's
``rate_limit_per_hour`` (default 20), unless ``STEWARD_RATE_LIMIT`` overrides it.

It protects the store and the volunteers' queue from a runaway client; a
restart forgets it, which is fine for that purpose.
"""

from __future__ import annotations

import time
import weakref
from collections import deque
from collections.abc import Callable

from telegram.ext import ContextTypes

from .context import repo_of, settings_of

__all__ = ["RateLimiter", "allow_submission", "rate_limit"]

WINDOW = 3600.0
DEFAULT_PER_HOUR = 20
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
        lim = _LIMITERS[key] = RateLimiter(rate_limit(context))
    return lim


def rate_limit(context: ContextTypes.DEFAULT_TYPE) -> int:
    """Submissions a person may make in an hour."""
    configured = settings_of(context).rate_limit_per_hour
    if configured is not None:
        return configured
    return int(repo_of(context).settings.get("rate_limit_per_hour") or DEFAULT_PER_HOUR)


def allow_submission(context: ContextTypes.DEFAULT_TYPE, user_id: int, *,
                     count: bool = True) -> bool:
    lim = limiter(context)
    return lim.hit(user_id) if count else lim.would_allow(user_id)
