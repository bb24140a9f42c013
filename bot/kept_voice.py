"""A resident's voice message kept for the report or the opinion she sends it as: the
record in her ``user_data`` (``KEPT``), its words and the two buttons that send it.

Split from ``bot.said_voice`` (which re-exports these names and keeps what starts a flow
with the voice and what sweeps it) so that a flow's step (``bot.flows.unexpected``) can
keep a voice spoken to it: ``bot.said_voice`` imports ``bot.flows``, and this module
imports neither.
"""

from __future__ import annotations

import time
from typing import Any, NamedTuple

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db import voice
from db.entries import MAX_MORE_VOICES
from db.errors import DomainError
from db.people import resident_area

from .context import error_text, lang_of, person_of, t
from .entry_media import voice_seconds
from .files import save_voice
from .i18n import lazy, tr
from .keyboards import button

__all__ = ["KEPT", "WINDOW", "WAITING_WINDOW", "REPORT", "OPINION", "KEPT_SAID", "REPLACED",
           "REPORT_BUTTON", "OPINION_BUTTON", "IN_FLOW", "INSTEAD", "noted", "kept_of", "keep",
           "markup", "markup_in", "put_back", "said", "keep_in_flow", "Parts", "parts_of",
           "keep_parts", "count_of", "ADDED", "FULL", "full", "full_said"]

# user_data: [media reference, seconds long, when kept (seconds), kept for (seconds)], and
# for a report or an opinion told in parts whose draft ended unsent (bot.kept.keep_said) a
# fifth: {"more": [[reference, seconds], ...], "typed": words typed beside them} (PARTS)
KEPT = "said_voice"
MORE, TYPED = "more", "typed"
WINDOW = 24 * 3600  # seconds a voice message is kept for the report or opinion sent with it
# ... sent before her household is confirmed (bot.newcomer): a registration may wait days
WAITING_WINDOW = 7 * 24 * 3600
REPORT = "rep:voice"  # the buttons' data (bot.handlers.report, bot.handlers.opinion)
OPINION = "op:voice"

KEPT_SAID = lazy("I received your voice message ({length}) and am keeping it for you, but it "
                 "has not been passed to the volunteers yet. To pass it on, press a button "
                 "below: is it a problem to report, or an opinion?")
# a further voice message sent alone (she spoke in parts): kept with the ones before
ADDED = lazy("I received your voice message ({length}) and am keeping it with the one(s) "
             "before: {count} voice messages, {total} in all. They have not been passed to "
             "the volunteers yet. To pass them on, press a button below: is it a problem to "
             "report, or an opinion?")
# ... one past the most a report takes (bot.voice_parts): the ones before dropped. Before
# ADDED, a second voice message sent alone (she spoke in two parts): the first was dropped
# without a word, its buttons sending the second
REPLACED = lazy("I received your new voice message ({length}) and am keeping it instead of the "
                "one before ({before}): a report or an opinion keeps one voice message, so if "
                "something is missing, say it all again in one message. It has not been "
                "passed to the volunteers yet. To pass it on, press a button below: is it a "
                "problem to report, or an opinion?")
REPORT_BUTTON = lazy("📝 Report a problem with this voice message")
OPINION_BUTTON = lazy("💬 Send this voice message as an opinion")
# spoken at a step that takes no voice (the fee's type, the amount, a report's photos):
# it was "not kept, this step does not take a voice message", her words lost
IN_FLOW = lazy("I received your voice message ({length}). This step does not take a voice "
               "message, so it did not go into what you are filling in; it is kept for you "
               "for {span}, not yet passed to the volunteers. When you have finished here, "
               "press a button below to send it as a report or an opinion.")

# ... one past the most a report or an opinion takes (a sixth): those kept stay. It took the
# place of all five, she told that a report keeps one voice message
FULL = lazy("I received your voice message ({length}), but did not keep it: {count} voice "
            "messages ({total} in all) are kept for you already, the most one report or "
            "opinion takes. They are all still kept: nothing is lost. To pass them on, press a "
            "button below; if you have more to say, type it when you fill it in.")
# ... a further one, kept with those before it
WITH_BEFORE = lazy("It is kept with the voice messages before it: {count}, {total} in all.")
# ... one past the most kept: it takes the place of the ones kept
INSTEAD = lazy("It takes the place of the voice message kept before ({before}): one is kept, "
               "so if something is missing, say it all again in one message.")


def noted(data: dict[str, Any] | None) -> tuple[str, int, int, int] | None:
    """The voice kept in a user's ``data``: (reference, seconds long, when kept, window)."""
    found = (data or {}).get(KEPT)
    if not isinstance(found, list) or len(found) not in (4, 5) or \
            not isinstance(found[0], str) or not all(isinstance(n, int) for n in found[1:4]):
        return None
    return found[0], found[1], found[2], min(max(found[3], WINDOW), WAITING_WINDOW)


class Parts(NamedTuple):
    """What came with the first voice kept: the further voices of a report or an opinion
    told in parts (reference, seconds), and the words typed beside them."""
    more: list[tuple[str, int]]
    typed: str


def parts_of(data: dict[str, Any] | None) -> Parts:
    """The further voices and typed words kept with the voice kept in ``data`` (none when
    it came alone)."""
    found = (data or {}).get(KEPT)
    extra = found[4] if noted(data) is not None and isinstance(found, list) and \
        len(found) == 5 and isinstance(found[4], dict) else {}
    more = [(str(r), int(n)) for r, n in (p for p in extra.get(MORE) or []
                                          if isinstance(p, list) and len(p) == 2)
            if isinstance(r, str) and isinstance(n, int)]
    typed = extra.get(TYPED)
    return Parts(more, typed if isinstance(typed, str) else "")


def keep_parts(data: dict[str, Any], first: tuple[str, int], parts: Parts,
               window: int = WINDOW) -> None:
    """Keep ``first`` with ``parts`` in a user's ``data`` for ``window`` seconds (a report
    or an opinion told in several voice messages, its draft ended unsent: only its first
    voice was kept, the others and her typed words lost)."""
    record: list[Any] = [first[0], first[1], int(time.time()), window]
    if parts.more or parts.typed:
        record.append({MORE: [[r, n] for r, n in parts.more], TYPED: parts.typed})
    data[KEPT] = record


def kept_of(data: dict[str, Any] | None, now: float | None = None) -> tuple[str, int] | None:
    """The voice kept for her (reference, seconds long), None when none is or its window
    is over."""
    found = noted(data)
    if found is None or found[2] < (time.time() if now is None else now) - found[3]:
        return None
    return found[0], found[1]


async def keep(update: Update, context: ContextTypes.DEFAULT_TYPE, window: int = WINDOW
               ) -> tuple[str, int]:
    """Store the voice of this message and keep it ``window`` seconds, after the ones kept
    before (she said it in parts: 还有，是三楼的灯), as a report or an opinion takes up to
    ``MAX_MORE_VOICES`` more; past that, not kept (``full``: those kept stay; a sixth took
    the place of all five, she told "a report keeps one voice message"). Its reference and
    length. Raises ``DomainError`` when it cannot be stored (too large)."""
    message = update.effective_message
    assert message is not None and message.voice is not None
    ref = await save_voice(update, context, message.voice)
    seconds = voice_seconds(message.voice)
    data = context.user_data
    if data is None:
        return ref, seconds
    first, found, parts = kept_of(data), noted(data), parts_of(data)
    if first is not None and found is not None and \
            ref not in {first[0], *(r for r, _ in parts.more)}:
        if len(parts.more) < MAX_MORE_VOICES:
            keep_parts(data, first, Parts([*parts.more, (ref, seconds)], parts.typed),
                       max(window, found[3]))
        # else full (callers ask ``full`` first): those kept stay; it replaced all five
        return ref, seconds
    if first is not None and found is not None:  # the same one again: kept as it is
        return ref, seconds
    data[KEPT] = [ref, seconds, int(time.time()), window]
    return ref, seconds


def full(data: dict[str, Any] | None) -> bool:
    """Whether as many voice messages are kept for her as a report or an opinion takes:
    a further one is not kept (``keep``), and she is told so (``FULL``)."""
    return count_of(data)[0] > MAX_MORE_VOICES


def full_said(context: ContextTypes.DEFAULT_TYPE, seconds: int) -> str:
    """``FULL``: a voice of ``seconds`` not kept, those kept named."""
    count, total = count_of(context.user_data)
    return tr(lang_of(context), FULL, length=voice.clock(seconds), count=count,
              total=voice.clock(total))


def count_of(data: dict[str, Any] | None) -> tuple[int, int]:
    """How many voice messages are kept for her, and their length in all (seconds)."""
    first = kept_of(data)
    if first is None:
        return 0, 0
    more = parts_of(data).more
    return 1 + len(more), first[1] + sum(n for _, n in more)


def markup(context: ContextTypes.DEFAULT_TYPE) -> InlineKeyboardMarkup:
    """The two buttons under a voice kept: report it, or send it as an opinion."""
    return markup_in(lang_of(context))


def markup_in(lang: str) -> InlineKeyboardMarkup:
    """``markup`` in ``lang`` (the confirmation of her household offers it)."""
    return InlineKeyboardMarkup([[button(tr(lang, REPORT_BUTTON), REPORT)],
                                 [button(tr(lang, OPINION_BUTTON), OPINION)]])


def put_back(context: ContextTypes.DEFAULT_TYPE, found: tuple[str, int]) -> None:
    """Keep ``found`` again, a window from now (a flow refused before it took it)."""
    if context.user_data is not None:
        context.user_data[KEPT] = [found[0], found[1], int(time.time()), WINDOW]


def said(context: ContextTypes.DEFAULT_TYPE, seconds: int, before: int | None = None) -> str:
    """``KEPT_SAID`` for a voice of ``seconds``; when it was kept with others before it
    (``keep``), how many in all (``ADDED``); with ``before`` (the length of another voice
    kept till now) and no room for more, that this one takes its place (``REPLACED``)."""
    count, total = count_of(context.user_data)
    if count > 1:
        return tr(lang_of(context), ADDED, length=voice.clock(seconds), count=count,
                  total=voice.clock(total))
    if before is not None:
        return tr(lang_of(context), REPLACED, length=voice.clock(seconds),
                  before=voice.clock(before))
    return tr(lang_of(context), KEPT_SAID, length=voice.clock(seconds))


def _hours(lang: str, seconds: int) -> str:
    return tr(lang, "{n} hours", n=seconds // 3600)


async def keep_in_flow(update: Update, context: ContextTypes.DEFAULT_TYPE
                       ) -> tuple[str, bool] | None:
    """A voice message sent to a step of a flow that takes none, by a confirmed resident:
    kept as one sent outside any flow is (``WINDOW``): what to tell her (``IN_FLOW``, to
    show with ``markup``) and True; or why not, when it could not be stored, and False.
    None for anyone else
    (a volunteer who is not a resident of the compound: nothing would send it), or for
    a message that is no voice."""
    message = update.effective_message
    if message is None or message.voice is None:
        return None
    if resident_area(await person_of(update, context)) is None:
        return None
    if full(context.user_data):  # not even stored: those kept stay
        return full_said(context, voice_seconds(message.voice)), True
    before = kept_of(context.user_data)
    try:
        ref, seconds = await keep(update, context)
    except DomainError as exc:  # too large: nothing kept, said why
        return error_text(context, exc), False
    said = t(context, IN_FLOW, length=voice.clock(seconds), span=_hours(lang_of(context), WINDOW))
    count, total = count_of(context.user_data)
    if count > 1:  # kept with the ones before it
        said += "\n" + t(context, WITH_BEFORE, count=count, total=voice.clock(total))
    elif before is not None and before[0] != ref:  # no room: it took their place
        said += "\n" + t(context, INSTEAD, before=voice.clock(before[1]))
    return said, True
