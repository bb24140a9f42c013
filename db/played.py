"""The day a demo's data folder was played to, and so the day its site is drawn as of.

``steward demo`` plays a year (to 31 December of ``bot.demo.YEAR``) on a clock of its
own, and builds the site as of that day. The site's notices run to the month the site
is drawn in (a quiet month has its notice too, ``site_builder.notice_content``), so a
later ``steward build`` of the same folder, on the real clock, added an empty notice
for every month from the demo's end to today (2026-01 … 2026-12, each "没有新的入账"),
and the pages changed with nothing in the store changed. The demo marks its folder
(``mark_played``); the site of a marked folder is drawn as of the day played to
(``site_today``), or of its latest ledger line's day when lines were added since: then
the months between appear, each empty, for the line that was added.

``steward chat`` on a marked folder goes on from the time played to (``PlayedClock``:
that time, and the real time since the chat began), and marks where it stopped. On the
real clock it closed the demo's open vote (#498, deadline 2026-01-15) as failed the moment
it opened in December 2026, before anyone could vote in it, and dated what was typed a
year after the rest.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from .core import CHINA_TZ
from .storage import atomic_write_bytes

__all__ = ["FILE", "mark_played", "played_until", "played_at", "site_today", "month_end",
           "PlayedClock"]

# in the data folder, the time played to (2025-12-31T20:00:18+08:00): not a .json file,
# each of which is a partition of the store, held against its manifest
FILE = "played-until.txt"


def mark_played(root: str | Path, at: datetime) -> None:
    """Mark the data folder ``root`` as a demo's, played to ``at``."""
    body = at.isoformat(timespec="seconds") + "\n"
    atomic_write_bytes(Path(root) / FILE, body.encode("utf-8"))


def played_at(root: str | Path) -> datetime | None:
    """The time the demo of data folder ``root`` was played to (None: not a demo's)."""
    try:
        at = datetime.fromisoformat((Path(root) / FILE).read_text("utf-8").strip())
    except (OSError, ValueError):
        return None
    return at if at.tzinfo is not None else None


class PlayedClock:
    """A demo's clock going on from ``at``, the time played to, with the real time since
    it was made."""

    def __init__(self, at: datetime) -> None:
        self.at = at
        self.began = time.monotonic()

    def __call__(self) -> datetime:
        return self.at + timedelta(seconds=time.monotonic() - self.began)


def played_until(root: str | Path) -> date | None:
    """The day the demo of data folder ``root`` was played to; None for a street's own
    folder (not marked), or a mark that cannot be read."""
    try:
        return datetime.fromisoformat((Path(root) / FILE).read_text("utf-8").strip()).date()
    except (OSError, ValueError):
        return None


def month_end(day: str) -> bool:
    """Whether ``day`` (YYYY-MM-DD) is the last day of its month: a notice drawn then is
    as of that day 出单时, not of a month 未完."""
    try:
        return (date.fromisoformat(day) + timedelta(days=1)).day == 1
    except ValueError:
        return False


def site_today(repo: Any, lines: list[dict[str, Any]] | None = None) -> date:
    """The day the site of ``repo`` is drawn as of: the repository clock's; for a demo's
    folder, the day it was played to, or the day of the latest of ``lines`` (an area's
    ledger) when that is later."""
    played = played_until(repo.store.root)
    if played is None:  # the street's day (China time), whatever zone the clock gives
        now = repo.clock()
        return (now.astimezone(CHINA_TZ) if now.tzinfo else now).date()  # type: ignore[no-any-return]
    days = [str(x.get("published_at") or x.get("date") or "")[:10] for x in lines or []]
    latest = max((d for d in days if len(d) == 10), default="")
    try:
        return max(played, date.fromisoformat(latest)) if latest else played
    except ValueError:
        return played
