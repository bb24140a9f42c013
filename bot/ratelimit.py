"""A per-user limit on submissions per hour: the street file's
``rate_limit_per_hour`` (default 20), unless ``STEWARD_RATE_LIMIT`` overrides it.
Every photo and voice note counts, as does every entry sent. A volunteer's or an
admin's limit is ``STAFF_FACTOR`` times that: a grid worker's walk round the compound
(five reports of three photos each, receipts, paper signatures door to door) met a
resident's 20 within the hour.

It protects the store and the volunteers' queue from a runaway client. The times
of a person's submissions in the last hour are kept in her ``user_data`` (``SENT``,
by the clock, time.time()), which is saved with each step (``bot.state``): a restart,
or a crash loop, does not give a flood a new hour; and what a refused resident was
told stays true across one: 请 N 分钟后再试 only ever turns out sooner, never later.
The draft she was told is kept until then is held by the clock, across a restart too
(``bot.conversation.hold_idle``), so 提交 pressed after the wait sends it.
"""

from __future__ import annotations

import math
import time
import weakref
from collections import deque
from collections.abc import Callable

from telegram.ext import ContextTypes

from db.errors import DomainError
from db.people import is_admin, volunteer_areas

from .context import repo_of, settings_of

__all__ = ["RateLimiter", "SENT", "allow_submission", "minutes_to_wait", "rate_limit"]

WINDOW = 3600.0
DEFAULT_PER_HOUR = 20
STAFF_FACTOR = 5  # a volunteer's (or an admin's) limit: so many times a resident's
_KEY = "_rate_limiter"
# user_data: the time.time() of each of her submissions counted in the last hour, saved
# with her data, read back by a limiter started anew (a restart).
SENT = "sent_times"


class RateLimiter:
    def __init__(self, per_hour: int, clock: Callable[[], float] = time.time) -> None:
        self.per_hour = per_hour
        self.clock = clock
        self._hits: dict[int, deque[float]] = {}
        self._seeded: set[int] = set()

    def seed(self, user: int, times: object) -> None:
        """Once for each user: the times of her submissions a saved ``SENT`` holds (from
        before a restart); anything else there is ignored."""
        if user in self._seeded:
            return
        self._seeded.add(user)
        if isinstance(times, list):
            now = self.clock()
            kept = sorted(float(x) for x in times if isinstance(x, (int, float))
                          and not isinstance(x, bool) and x <= now)
            self._hits.setdefault(user, deque()).extend(kept)

    def times(self, user: int) -> list[float]:
        """Her submissions counted in the last hour, to be saved as ``SENT``."""
        return [round(x, 3) for x in self._recent(user)]

    def _recent(self, user: int) -> deque[float]:
        hits = self._hits.setdefault(user, deque())
        cutoff = self.clock() - WINDOW
        while hits and hits[0] <= cutoff:
            hits.popleft()
        return hits

    def would_allow(self, user: int, limit: int | None = None) -> bool:
        """``limit``: this user's, if not ``per_hour``."""
        limit = self.per_hour if limit is None else limit
        return limit <= 0 or len(self._recent(user)) < limit

    def wait(self, user: int, limit: int | None = None) -> float:
        """Seconds until ``user`` may send one more (0 when they may now)."""
        limit = self.per_hour if limit is None else limit
        hits = self._recent(user)
        if limit <= 0 or len(hits) < limit:
            return 0.0
        return max(0.0, hits[len(hits) - limit] + WINDOW - self.clock())

    def hit(self, user: int, limit: int | None = None) -> bool:
        """Count one submission; False (and not counted) when over the limit."""
        limit = self.per_hour if limit is None else limit
        if not self.would_allow(user, limit):
            return False
        if limit > 0:
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


def _limit(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> int:
    """``user_id``'s limit: a resident's, or ``STAFF_FACTOR`` times it for staff."""
    limit = limiter(context).per_hour
    if limit > 0 and _is_staff(context, user_id):
        limit *= STAFF_FACTOR
    return limit


def _data(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> dict[str, object] | None:
    """``user_id``'s ``user_data`` (saved with each of her steps)."""
    try:
        return context.application.user_data[user_id]
    except (AttributeError, KeyError, TypeError):
        return None


def _seeded(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> RateLimiter:
    """The limiter, with ``user_id``'s submissions saved before a restart counted."""
    lim = limiter(context)
    if user_id not in lim._seeded:
        data = _data(context, user_id)
        lim.seed(user_id, data.get(SENT) if data is not None else None)
    return lim


def allow_submission(context: ContextTypes.DEFAULT_TYPE, user_id: int, *,
                     count: bool = True) -> bool:
    """Whether ``user_id`` may send one more now (and, with ``count``, count it, in
    her ``SENT`` too)."""
    lim, limit = _seeded(context, user_id), _limit(context, user_id)
    if not count:
        return lim.would_allow(user_id, limit)
    if not lim.hit(user_id, limit):
        return False
    data = _data(context, user_id)
    if data is not None and limit > 0:
        data[SENT] = lim.times(user_id)
    return True


def minutes_to_wait(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> int:
    """Whole minutes (at least 1) until ``user_id``, refused, may send one more: what
    the refusal tells them, instead of "wait a while" (tried again after five minutes,
    and again refused)."""
    seconds = _seeded(context, user_id).wait(user_id, _limit(context, user_id))
    return max(1, math.ceil(seconds / 60))


def _is_staff(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> bool:
    """A volunteer of some area, or an admin (the people index, in memory)."""
    try:
        person = repo_of(context).person_by_telegram(user_id)
    except DomainError:
        return False
    return is_admin(person) or bool(volunteer_areas(person))
