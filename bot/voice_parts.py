"""A report or an opinion told in several voice messages: she remembered more after the
first (还有，是三楼的灯) and spoke again. The second was kept apart and offered as a report
or an opinion of its own (用这条语音报事?), as if she had begun something else; now it goes
with the one being written (``voice_more``, ``voice_more_seconds``: ``db.entries``), the
volunteers hearing one after another (``bot.entry_media``)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.entries import MAX_MORE_VOICES
from db.errors import DomainError
from db.voice import PLACEHOLDER
from db.voice import clock as voice_clock

from .context import error_text, reply, t
from .entry_media import voice_seconds
from .files import save_voice
from .i18n import lazy
from .kept_voice import Parts

__all__ = ["add_voice", "put_parts", "received", "MORE_ADDED", "VOICE_ADDED", "SAME_VOICE",
           "VOICES_FULL"]

# what she is told, of a report and of an opinion
REPORT_MORE = lazy("Voice message received ({length}) and added to this report: {count} voice "
                  "messages now, {total} in all. The volunteers will hear them one after "
                  "another.")
# ... to a report she typed: the voice joins her words (the volunteers read both; the public
# reads the summary the approving volunteer writes of them)
REPORT_ADDED = lazy("Voice message received ({length}) and added to this report, with the words "
                   "you typed.")
REPORT_SAME = lazy("That voice message is in this report already; it was not added again.")
# ... one past the most: it was kept apart with 用这条语音报事 under it ("this step takes no
# voice"), whose press mid-report offered to start the report again; the ones before stay
REPORT_FULL = lazy("This report has {max} voice messages already, the most one report takes, "
                   "so this one was not added. The {max} before are all kept: nothing is "
                   "lost. If you have more to say, type it.")

OPINION_MORE = lazy("Voice message received ({length}) and added to this opinion: {count} voice "
                     "messages now, {total} in all. The volunteers will hear them one after "
                     "another.")
OPINION_ADDED = lazy("Voice message received ({length}) and added to this opinion, with the "
                     "words you typed.")
OPINION_SAME = lazy("That voice message is in this opinion already; it was not added again.")
OPINION_FULL = lazy("This opinion has {max} voice messages already, the most one opinion "
                    "takes, so this one was not added. The {max} before are all kept: nothing "
                    "is lost. If you have more to say, type it.")
QUESTION_MORE = lazy("Voice message received ({length}) and added to your question: {count} "
                     "voice messages now, {total} in all. The volunteers will hear them one "
                     "after another.")
QUESTION_ADDED = lazy("Voice message received ({length}) and added to your question, with the "
                      "words you typed.")
QUESTION_SAME = lazy("That voice message is in your question already; it was not added again.")
QUESTION_FULL = lazy("Your question has {max} voice messages already, the most one question "
                     "takes, so this one was not added. The {max} before are all kept: nothing "
                     "is lost. If you have more to say, type it.")
MORE_ADDED = {"report": REPORT_MORE, "opinion": OPINION_MORE, "ask": QUESTION_MORE}
VOICE_ADDED = {"report": REPORT_ADDED, "opinion": OPINION_ADDED, "ask": QUESTION_ADDED}
SAME_VOICE = {"report": REPORT_SAME, "opinion": OPINION_SAME, "ask": QUESTION_SAME}
VOICES_FULL = {"report": REPORT_FULL, "opinion": OPINION_FULL, "ask": QUESTION_FULL}


async def add_voice(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any],
                    flow: str = "report") -> None:
    """Adds the message's voice to ``d`` (a report's draft, an opinion's data) and says so
    (or why not: one full of them keeps those it has, and says so)."""
    message = update.message
    assert message is not None and message.voice is not None
    more = [str(r) for r in d.get("voice_more") or []]
    if d.get("voice") and len(more) >= MAX_MORE_VOICES:  # full: those it has stay
        # (it was kept apart, "this step takes no voice" and 用这条语音报事 under it, whose
        # press offered to start the report again; and it could push out voices kept)
        await reply(update, t(context, VOICES_FULL[flow], max=MAX_MORE_VOICES + 1))
        return
    try:
        ref = await save_voice(update, context, message.voice)
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return
    seconds = voice_seconds(message.voice)
    if ref == d.get("voice") or ref in more:  # forwarded twice
        await reply(update, t(context, SAME_VOICE[flow]))
    elif d.get("voice"):
        d["voice_more"] = [*more, ref]
        d["voice_more_seconds"] = [*(d.get("voice_more_seconds") or []), seconds]
        d["voice_seconds"] = int(d.get("voice_seconds") or 0) + seconds
        await reply(update, t(context, MORE_ADDED[flow], length=voice_clock(seconds),
                              count=len(more) + 2, total=voice_clock(d["voice_seconds"])))
    else:  # typed before: her words stay, after the voice's placeholder (db.voice)
        typed = str(d.get("text") or "")
        d["voice"], d["voice_seconds"] = ref, seconds
        d["text"] = PLACEHOLDER + (f"\n{typed}" if typed else "")
        await reply(update, t(context, VOICE_ADDED[flow], length=voice_clock(seconds)))


def put_parts(d: dict[str, Any], found: tuple[str, int], parts: Parts) -> None:
    """Put a voice kept for her (``bot.said_voice``) into ``d`` (a report's draft, an
    opinion's data) as its description, with what was kept along with it: the further
    voices and typed words of a report or an opinion whose draft ended unsent."""
    more = parts.more[:MAX_MORE_VOICES]
    d["voice"], d["voice_seconds"] = found[0], found[1] + sum(n for _, n in more)
    d.pop("voice_more", None)
    d.pop("voice_more_seconds", None)
    if more:
        d["voice_more"] = [r for r, _ in more]
        d["voice_more_seconds"] = [n for _, n in more]
    d["text"] = PLACEHOLDER + (f"\n{parts.typed}" if parts.typed else "")


RECEIVED_MORE = lazy("{count} voice messages received ({length} in all).")
RECEIVED_TYPED = lazy("Your words are kept with them: “{text}”.")


def received(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> str:
    """What she is told of the voices ``put_parts`` put in ``d``: how many, how long, and
    the words typed with them; "" for one voice alone (its flow says so)."""
    count = 1 + len(d.get("voice_more") or [])
    typed = str(d.get("text") or "").partition("\n")[2]
    if count == 1 and not typed:
        return ""
    lines = [t(context, RECEIVED_MORE, count=count, length=voice_clock(d["voice_seconds"]))] \
        if count > 1 else []
    if typed:
        lines.append(t(context, RECEIVED_TYPED, text=typed[:300]))
    return "\n".join(lines)
