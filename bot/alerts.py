"""What the admins are told when something goes wrong: one message per kind of
problem per ten minutes, with a count, in Chinese and then English (an alert has
no one user's language: every admin gets the same message).

A full disk fails every write, and every failed write used to send each admin
a traceback: hundreds of messages in a busy hour. ``Alerts`` sends the first
problem of a kind at once; those of the same kind in the next ``WINDOW``
seconds are only counted, and told in one summary when the window ends ("the
same problem 37 more times in the last 10 minutes"). A kind is the store's
error code, or an exception's type and where it was raised; the traceback
goes to the log, not to the admins' phones.

Telegram out of reach while polling (python-telegram-bot retries by itself) is
a line in the log every five minutes with a count (``polling_trouble``).
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram.error import BadRequest, Conflict, NetworkError

__all__ = ["Alerts", "WINDOW", "UNREACHABLE_EVERY", "ERROR_ROOM", "fit_halves", "kind_of",
           "polling_trouble", "summary_of", "unreachable_line"]

log = logging.getLogger(__name__)

WINDOW = 600.0  # seconds: at most one message per kind of problem in this time
UNREACHABLE_EVERY = 300.0  # seconds: at most one log line of Telegram being out of reach
# characters of an error in an admin's message: Telegram takes 4,096 (UTF-16 units) in one
# message, the words around it and an emoji or two fit in the rest
ERROR_ROOM = 3500


@dataclass
class _Kind:
    sent_at: float  # when the last message of this kind went out
    pending: int = 0  # problems since then, not told yet
    last: str = ""  # the latest of them


class Alerts:
    """Rate-limits admin messages per kind of problem (``WINDOW`` seconds each)."""

    def __init__(self, window: float = WINDOW,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self.clock = clock
        self._kinds: dict[str, _Kind] = {}

    def note(self, kind: str, text: str) -> str | None:
        """Count one problem; the message to send now, or None when one of its
        kind went out less than ``window`` seconds ago (it is told in the
        summary that ``due`` gives at the end of the window)."""
        now = self.clock()
        known = self._kinds.get(kind)
        if known is not None and now - known.sent_at < self.window:
            known.pending += 1
            known.last = text
            return None
        self._kinds[kind] = _Kind(sent_at=now)
        if known is not None and known.pending:  # a summary was due and not yet sent
            return f"{self._summary(known)}\n\n{text}"
        return text

    def next_due(self, kind: str) -> float | None:
        """Seconds until the summary of ``kind`` is due; None when nothing is counted."""
        known = self._kinds.get(kind)
        if known is None or not known.pending:
            return None
        return max(0.0, known.sent_at + self.window - self.clock())

    def due(self) -> list[str]:
        """The summaries whose window has ended (each kind then starts a new one)."""
        now = self.clock()
        out = []
        for known in self._kinds.values():
            if known.pending and now - known.sent_at >= self.window:
                out.append(self._summary(known))
                known.sent_at, known.pending, known.last = now, 0, ""
        return out

    def _summary(self, known: _Kind) -> str:
        minutes = max(1, round(self.window / 60))
        return (f"同一问题在过去 {minutes} 分钟内又发生了 {known.pending} 次（未逐条发送），"
                "最近一次见下。\n"
                f"The same problem happened {known.pending} more time"
                f"{'s' if known.pending != 1 else ''} in the last {minutes} minutes "
                f"(not sent one by one); the latest:\n{known.last}")


def _halves(text: str) -> tuple[str, str] | None:
    """``text`` as (Chinese, English) when it is said as "中文 / English" (the domain's
    refusals are), else None."""
    at = 0
    while (at := text.find(" / ", at)) > 0:
        zh, en = text[:at], text[at + 3:]
        if any("\u4e00" <= c <= "\u9fff" for c in zh) and en[:1].isascii() and \
                not any("\u4e00" <= c <= "\u9fff" for c in en[:40]):
            return zh, en
        at += 3
    return None


def _shorten(text: str, room: int) -> str:
    """``text`` in ``room`` characters: its beginning (what happened) and its end (what to
    do), the middle (paths, lists) left out and marked."""
    if len(text) <= room:
        return text
    head = max(1, room * 3 // 5)
    return f"{text[:head].rstrip()} … {text[-(room - head - 3):].lstrip()}"


def fit_halves(text: str, limit: int = ERROR_ROOM) -> str:
    """``text`` in ``limit`` characters at most; one said in Chinese and then English
    ("中文 / English") keeps both, each shortened in its middle in proportion. Cutting
    the whole at ``limit`` dropped the English half of a long refusal (or, cut from its
    end, the Chinese half: what the admins read first)."""
    if len(text) <= limit:
        return text
    halves = _halves(text)
    if halves is None:
        return _shorten(text, limit)
    zh, en = halves
    room = limit - 3
    zh_room = max(80, room * len(zh) // (len(zh) + len(en)))
    return f"{_shorten(zh, zh_room)} / {_shorten(en, room - zh_room)}"


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return ""
    frame = frames[-1]
    return f"{Path(frame.filename).name}:{frame.lineno}"


def kind_of(exc: BaseException) -> str:
    """The kind of an error: its type and where it was raised."""
    return f"{type(exc).__name__}@{_where(exc)}"


def summary_of(exc: BaseException, limit: int = 500) -> str:
    """For the admins, in Chinese and English: the error, its message and where (no
    traceback)."""
    message = fit_halves(str(exc), limit)
    where = _where(exc)
    error = f"{type(exc).__name__}: {message}"
    return (f"Steward 出错：{error}{f'（位置 {where}）' if where else ''}。详情见日志。\n"
            f"Steward error: {error}{f' (at {where})' if where else ''}. "
            "The log has the details.")


def unreachable_line(state: dict[str, float], error: BaseException, *,
                     clock: Callable[[], float] = time.monotonic) -> str | None:
    """Telegram out of reach while the bot polls (python-telegram-bot retries by
    itself, every few seconds): the one log line to write now, or None (one every
    ``UNREACHABLE_EVERY`` seconds, with the count since; a traceback each time
    filled the journal with 900 lines in 25 seconds). ``state`` is kept between
    calls (the application's bot_data)."""
    now = clock()
    state["failed"] = state.get("failed", 0) + 1
    if now - state.get("told", -UNREACHABLE_EVERY) < UNREACHABLE_EVERY:
        return None
    failed, state["failed"], state["told"] = int(state["failed"]), 0, now
    conflict = type(error).__name__ == "Conflict"
    zh = ("另一个机器人正在用同一个 token 接收 Telegram 消息：请把另一个停下（是恢复到新机器后"
          "还在运行的旧机器吗？）" if conflict else
          "连不上 Telegram 的 Bot API：请检查这台机器的网络（在中国大陆没有 VPN 就连不上）")
    what = (f"another bot polls Telegram with this token ({error}): stop the other one "
            "(the old machine, after a restore to a new one?)"
            if conflict else f"cannot reach the Bot API ({error})")
    return (f"{zh}；机器人会自己一直重试"
            + (f"（上一条这样的记录之后失败了 {failed} 次）" if failed > 1 else "")
            + f"。 / {what}; retrying by itself"
            + (f" ({failed} failures since the last such line)" if failed > 1 else ""))


def polling_trouble(bot_data: dict[str, Any], update: object, error: object) -> bool:
    """An error python-telegram-bot's polling reports (no update) for which it retries
    by itself — Telegram out of reach, or another bot polling with the same token:
    logged now and then (``unreachable_line``), never a traceback each time nor an
    alert (the admins cannot be reached either). False for anything else."""
    if update is not None or not isinstance(error, Conflict | NetworkError) \
            or isinstance(error, BadRequest):
        return False
    if type(error).__name__ == "Unsaved":
        return True  # an update the disk did not take: bot/unsaved.py tells of it
    line = unreachable_line(bot_data.setdefault(f"unreachable-{type(error).__name__}", {}),
                            error)
    if line:
        log.warning("%s", line)
    return True

