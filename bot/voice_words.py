"""A voice report or opinion as the bot names it to its author, in her language: the
site's words (``db.voice.public_text``: 语音留言（0:23），志愿者摘要：…) are Chinese,
and an English-speaking resident read them inside her English 我的 / Mine. So did an
English-speaking volunteer, on the posts she approves from: the earlier report a new one
may repeat, the report an expense was spent on, the report a correction corrects
(``entry_words``)."""

from __future__ import annotations

from typing import Any

from db import voice

from .i18n import lazy, tr

__all__ = ["voice_words", "entry_words", "voice_label", "ONE_VOICE"]

WITH_SUMMARY = lazy("Voice message ({length}), the volunteer's summary: {summary}")
WITH_LENGTH = lazy("Voice message ({length})")
BARE = lazy("Voice message")
# her own voice in the summary above 提交 (a report's, an opinion's): its length says which
# (it read （语音留言）, the draft's placeholder, or （一条语音留言）)
ONE_VOICE = lazy("(a voice message, {length})")
# Where a line has room for a few words (a list: 我的, a post's earlier report alike, the
# report an expense was spent on): the summary is what tells one report from another. It
# was the site's 语音留言（0:23），志愿者摘要：, 16 characters of the 20 or 25 a line is cut
# at: on a phone the summary was all but gone, every voice report's line alike.
BRIEF_BARE = lazy("🎤 Voice {length}")  # ... before its summary is written
# ... on a button, whose end a phone cuts off: 语音留言（0:23），志愿者摘要： filled it, and two
# voice reports' buttons read alike (/correct's list)
LABEL = lazy("🎤 {length}: {summary}")
BRIEF = LABEL  # a list's line, as a button: 🎤语音 0:23：…


def voice_words(lang: str, data: dict[str, Any]) -> str:
    """'Voice message (0:23), the volunteer's summary: …' (in ``lang``) for a voice
    entry; without a summary yet, its length only (never the draft's placeholder)."""
    seconds = voice.seconds_of(data)
    summary = " ".join(str(data.get("voice_summary") or "").split())
    if summary:
        return tr(lang, WITH_SUMMARY, length=voice.clock(seconds) if seconds else "?",
                  summary=summary)
    return tr(lang, WITH_LENGTH, length=voice.clock(seconds)) if seconds else tr(lang, BARE)


def entry_words(lang: str, data: dict[str, Any], *, brief: bool = False) -> str:
    """The words of a report or an opinion as one reads it in ``lang``: a voice
    message's length and summary (``voice_words``; ``brief``: '🎤 0:23: …', for a
    line cut short, as a list on a phone), else its text as written."""
    if not data.get("voice"):
        return str(data.get("text") or "")
    summary = " ".join(str(data.get("voice_summary") or "").split())
    if brief:
        seconds = voice.seconds_of(data)
        length = voice.clock(seconds) if seconds else "?"
        return tr(lang, BRIEF, length=length, summary=summary) if summary else \
            tr(lang, BRIEF_BARE, length=length)
    return voice_words(lang, data)


def voice_label(lang: str, data: dict[str, Any]) -> str:
    """A voice entry named on a button: '🎤 0:23: …' (its summary), or its length alone
    ('🎤 Voice 0:23')."""
    return entry_words(lang, data, brief=True)
