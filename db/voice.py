"""A report or an opinion given as a voice message, as the public reads it.

A voice message is heard by the volunteers only (it is a person's voice); what
the public reads is its length and the short summary the approving volunteer
wrote after listening to it: ``语音留言（0:23），志愿者摘要：…``. A voice-only
entry is approved only with that summary (``db.review``), so the placeholder
its author's draft carried never becomes public.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MAX_SUMMARY", "PLACEHOLDER", "clock", "needs_summary", "public_text", "seconds_of",
           "typed_words"]

MAX_SUMMARY = 300  # characters of a volunteer's summary
PLACEHOLDER = "（语音留言）"  # what a voice-only draft reads as before its summary


def seconds_of(data: dict[str, Any]) -> int:
    """The length of an entry's voice message in whole seconds (0: not known)."""
    value = data.get("voice_seconds")
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def clock(seconds: int) -> str:
    """23 -> '0:23', 754 -> '12:34'."""
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def needs_summary(data: dict[str, Any]) -> bool:
    """Whether an entry is a voice message with no summary written yet."""
    return bool(data.get("voice")) and not str(data.get("voice_summary") or "").strip()


def typed_words(data: dict[str, Any]) -> str:
    """The words its author typed along a voice message (在三楼楼道, at the photos step),
    kept after the placeholder in the draft's text; "" when none. Only the volunteers
    read them, beside the voice: the public reads the summary (``public_text``)."""
    if not data.get("voice"):
        return ""
    lines = (" ".join(line.split()) for line in str(data.get("text") or "").split("\n"))
    return " ".join(line for line in lines if line and line != PLACEHOLDER)


def public_text(data: dict[str, Any]) -> str:
    """'语音留言（0:23），志愿者摘要：…' for a voice entry with its summary; '语音留言（0:23）'
    without one (never the draft's placeholder)."""
    seconds = seconds_of(data)
    head = f"语音留言（{clock(seconds)}）" if seconds else "语音留言"
    summary = " ".join(str(data.get("voice_summary") or "").split())
    return f"{head}，志愿者摘要：{summary}" if summary else head
