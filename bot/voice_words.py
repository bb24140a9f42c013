"""A voice report or opinion as the bot names it to its author, in her language: the
site's words (``db.voice.public_text``: 语音留言（0:23），志愿者摘要：…) are Chinese,
and an English-speaking resident read them inside her English 我的 / Mine."""

from __future__ import annotations

from typing import Any

from db import voice

from .i18n import lazy, tr

__all__ = ["voice_words"]

WITH_SUMMARY = lazy("Voice message ({length}), the volunteer's summary: {summary}")
WITH_LENGTH = lazy("Voice message ({length})")
BARE = lazy("Voice message")


def voice_words(lang: str, data: dict[str, Any]) -> str:
    """'Voice message (0:23), the volunteer's summary: …' (in ``lang``) for a voice
    entry; without a summary yet, its length only (never the draft's placeholder)."""
    seconds = voice.seconds_of(data)
    summary = " ".join(str(data.get("voice_summary") or "").split())
    if summary:
        return tr(lang, WITH_SUMMARY, length=voice.clock(seconds) if seconds else "?",
                  summary=summary)
    return tr(lang, WITH_LENGTH, length=voice.clock(seconds)) if seconds else tr(lang, BARE)
