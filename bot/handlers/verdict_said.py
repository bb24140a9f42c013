"""What a registration's confirmation offers its author: the words she typed and the
photos she sent before it was confirmed (kept, ``bot.newcomer``), with the buttons that
send them, or that those photos were dropped meanwhile (``bot.said_photos``). Split from
``bot.handlers.verdict``."""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardMarkup
from telegram.ext import ContextTypes

from db.entries import Entry, Kind
from db.voice import clock

from .. import said_photos, said_voice
from ..context import read, repo_of
from ..freetext import REPORT_WITH_PHOTO
from ..i18n import LANGUAGES, lazy, tr
from ..kept_records import span
from ..keyboards import button
from ..notify import PerLanguage, notify_author_once
from ..resident import SAID

__all__ = ["CONFIRMED_SAID", "CONFIRMED_SAID_PHOTOS", "CONFIRMED_PHOTOS", "said_while_waiting",
           "photos_gone", "report_photos", "voice_while_waiting"]


# A registration confirmed, to someone who typed a problem while it waited (bot.freetext).
# (her words may be from before she registered: her first message, bot.freetext)
CONFIRMED_SAID = lazy("Your household registration ({household}) was confirmed. You can now "
                      "report problems, vote and record the fees you paid. Before it was "
                      "confirmed you wrote: “{said}” — to send it to the volunteers, press a "
                      "button below.")


# ... and sent photos while it waited (bot.newcomer): kept, offered with a report.
CONFIRMED_SAID_PHOTOS = lazy("Your household registration ({household}) was confirmed. You can "
                             "now report problems, vote and record the fees you paid. Before it "
                             "was confirmed you wrote: “{said}”, and sent {count} photo(s), "
                             "kept too — to send them to the volunteers, press a button below "
                             "(a report or an opinion takes the photos with it).")
CONFIRMED_PHOTOS = lazy("Your household registration ({household}) was confirmed. You can now "
                        "report problems, vote and record the fees you paid. Before it was "
                        "confirmed you sent {count} photo(s), kept for you: to report a problem "
                        "with them, press the button below.")


async def said_while_waiting(context: ContextTypes.DEFAULT_TYPE, entry: Entry
                              ) -> tuple[str, int]:
    """What the author of a registration typed while it waited (``SAID``), and how many
    photos she sent then (``bot.said_photos``), kept for her; ("", 0) for any other
    entry."""
    if entry.kind != Kind.REGISTRATION or entry.author is None:
        return "", 0
    author = await read(repo_of(context).person, entry.author)
    tid = author.get("telegram_id") if author else None
    data = context.application.user_data.get(tid, {}) if tid is not None else {}
    said = data.get(SAID)
    return said if isinstance(said, str) else "", len(said_photos.kept_of(data))


async def voice_while_waiting(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> None:
    """Offer the author of a registration just confirmed the voice message she sent while
    it waited (kept, ``bot.newcomer``), with the buttons that send it (told "once
    confirmed, I will offer to pass it on"); once (recorded just before it leaves: the
    approval finished again after a kill sends it no more)."""
    if entry.kind != Kind.REGISTRATION or entry.author is None:
        return
    author = await read(repo_of(context).person, entry.author)
    tid = author.get("telegram_id") if author else None
    data = context.application.user_data.get(tid) if tid is not None else None
    kept = said_voice.kept_of(data)
    if kept is not None:
        await notify_author_once(context, entry, f"voice-kept:{entry.id}",
                                 said_voice.CONFIRMED_VOICE, markup=said_voice.markup_in,
                                 length=clock(kept[1]))


async def photos_gone(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> None:
    """Tell the author of a registration just confirmed that the photos she sent before
    (told "once confirmed, I will offer to report them") were dropped meanwhile, kept
    their time: the confirmation said nothing of them (walk141); once, as
    ``voice_while_waiting``."""
    if entry.kind != Kind.REGISTRATION or entry.author is None:
        return
    author = await read(repo_of(context).person, entry.author)
    tid = author.get("telegram_id") if author else None
    data = context.application.user_data.get(tid) if tid is not None else None
    try:
        since = datetime.fromisoformat(entry.created).timestamp()
    except ValueError:
        since = 0.0
    gone = said_photos.gone_since(data, since)
    if gone is not None:
        await notify_author_once(context, entry, f"photos-gone:{entry.id}",
                                 said_photos.GONE_SAID, count=gone[0],
                                 span=PerLanguage({lang: span(lang, gone[1])
                                                   for lang in LANGUAGES}))


def report_photos(lang: str) -> InlineKeyboardMarkup:
    """📝 用这张照片报事 (``rep:said``: the report takes the photos kept)."""
    return InlineKeyboardMarkup([[button(tr(lang, REPORT_WITH_PHOTO), "rep:said")]])
