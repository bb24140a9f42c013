"""A day typed (2025-06-30, 6月30日, 明天): /propose's deadline, /meeting's day,
/election's (``typed_day``), and a day to show as an example (``example_day``)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

__all__ = ["RELATIVE_DAYS", "typed_day", "example_day"]

RELATIVE_DAYS = {"今天": 0, "今日": 0, "today": 0, "昨天": -1, "yesterday": -1, "前天": -2,
                 "明天": 1, "tomorrow": 1, "后天": 2}


def typed_day(text: str, today: date | None = None, ahead: bool | None = None
              ) -> date | None:
    """A date typed as 2025-06-30, 2025/6/30, 2025年6月30日 or 号, in half- or full-width
    digits (with ``today`` given, also 今天, 昨天, 前天, 明天, 后天, and a day without its
    year: 6月30日, 6/30, in ``today``'s year, or the year after when ``ahead`` and it has
    passed, the year before when ``ahead`` is False and it is still to come); None if it
    is none."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    if today is not None and text.lower() in RELATIVE_DAYS:
        return today + timedelta(days=RELATIVE_DAYS[text.lower()])
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?", text, re.ASCII)
    try:
        if match:
            return date(*map(int, match.groups()))
        match = re.fullmatch(r"(\d{1,2})(?:月(\d{1,2})[日号]?|[/.](\d{1,2}))", text, re.ASCII)
        if match is None or today is None:
            return None
        month, day = int(match.group(1)), int(match.group(2) or match.group(3))
        found = date(today.year, month, day)
        if ahead and found < today:
            found = date(today.year + 1, month, day)
        elif ahead is False and found > today:
            found = date(today.year - 1, month, day)
        return found
    except ValueError:  # 2月30日, or 2月29日 in a year without it
        return None


def example_day(today: date) -> str:
    """A date to show as an example of what to type: two weeks from ``today``."""
    return (today + timedelta(days=14)).isoformat()
