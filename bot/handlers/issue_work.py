"""Issue work: /progress N note, /resolve N note, /close N duplicate|no_action
note. The author is told each time (a long note in several messages), and the
volunteer is told what reached them: in how many messages, or that it did not.
The report's followers (``bot.handlers.follow``) are told too.

To attach a photo, send the photo with the command as its caption (for
example a photo captioned ``/resolve 12 已修好``). An album comes one message
per photo, the caption on the first: the step is stored with that photo, and
the album's other photos are added to it as they come (``bot.freetext``,
``Repository.add_step_photos``).
The first /progress moves the issue to "in progress"; later ones add public
progress notes.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes, MessageHandler, filters

from db import labels, voice
from db.duplicate_words import named_reports
from db.entries import MAX_TEXT, OPEN_ISSUE, PUBLIC_STATUSES, Entry, Kind, Status
from db.errors import DomainError
from db.public_words import public_text, public_words

from ..called_words import called_note
from ..commands import Audience, Command
from ..context import (
    call,
    entry_or_none,
    lang_of,
    read,
    reply,
    repo_of,
    settings_of,
    status_word,
    t,
    word,
)
from ..describe import label_of
from ..files import photo_of, remember_album, save_photo
from ..flows import clean_text, short
from ..group_post import shown_words
from ..i18n import lazy
from ..notify import VOICE, notify_author_once, pending_keyboard
from ..private_only import is_private, linked_here
from ..staff import entry_id_of, fail, number_words, require_staff, staff_areas
from ..voice_words import entry_words
from .called_ask import doer
from .follow import TO_FOLLOWERS, notify_followers
from .mine import not_fixed_button
from .step_asked import TO_AUTHOR, ask_step

__all__ = ["COMMANDS", "HANDLERS", "caption_photo", "step_args", "record_step", "tell_step",
           "step_key", "CLOSE_REASONS", "CAPTION", "review_first"]

CLOSE_REASONS: dict[str, str] = {
    "duplicate": "duplicate", "重复": "duplicate",
    "no_action": "no_action", "无需处理": "no_action", "不处理": "no_action",
}

SAVED = {  # what the volunteer's step did, said first to her (it said only "#147 已保存")
    "progress": lazy("Report #{id} is now marked in progress; the note is saved ({photos} "
                     "photo(s))"),
    "note": lazy("A progress note on report #{id} is saved ({photos} photo(s))"),
    "resolve": lazy("Report #{id} is now marked resolved; the note is saved ({photos} "
                    "photo(s))"),
    "close": lazy("Report #{id} is now closed ({reason}); the note is saved ({photos} "
                  "photo(s))"),
}
# ... a duplicate closed naming the report it repeats (/close 151 重复 见#148): which one,
# as the record keeps it (it said only 已关闭（重复报事）)
SAVED_DUPLICATE = lazy("Report #{id} is now closed (a duplicate of #{other}); the note is "
                       "saved ({photos} photo(s))")
USAGE = {
    "progress": lazy("Usage: /progress N note, e.g. /progress 12 已联系维修师傅. To add a "
                     "photo, send it with this, or just the number and the note (12 "
                     "已联系维修师傅), as the caption."),
    "resolve": lazy("Usage: /resolve N note, e.g. /resolve 12 路灯已修好. To add a photo, "
                    "send it with this, or just the number and the note (12 路灯已修好), as "
                    "the caption."),
    "close": lazy("Usage: /close N duplicate|no_action note, e.g. /close 12 duplicate 同 #9"),
}


async def progress(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/progress N note: work on the issue has started, or goes on."""
    await _step(update, context, "progress")


async def resolve(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/resolve N note: the issue is fixed."""
    await _step(update, context, "resolve")


async def close(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/close N duplicate|no_action note: the issue is closed without a fix."""
    await _step(update, context, "close")


async def _photos(update: Update, context: ContextTypes.DEFAULT_TYPE) -> list[str] | None:
    """The photo of the message, stored; [] without one; None (after saying why) on error."""
    media = photo_of(update.effective_message)
    if media is None:
        return []
    try:
        return [await save_photo(update, context, media)]
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return None


def step_args(update: Update, action: str) -> tuple[int | None, str, str | None]:
    """What follows /progress, /resolve or /close (typed, or a photo's caption): the
    report's number, the note and, for /close, the reason (None when not one of
    ``CLOSE_REASONS``)."""
    args = number_words(update, 2 if action == "close" else 1)  # 147，已修好 too
    entry_id = entry_id_of(args[0]) if args else None
    reason = None
    if action == "close":
        reason = CLOSE_REASONS.get(args[1].lower()) if len(args) > 1 else None
        note = clean_text(args[2]) if len(args) > 2 else ""
    else:
        note = clean_text(args[1]) if len(args) > 1 else ""
    return entry_id, note, reason


async def _step(update: Update, context: ContextTypes.DEFAULT_TYPE, action: str) -> None:
    person = await require_staff(update, context)
    if person is None:
        return
    entry_id, note, reason = step_args(update, action)
    if entry_id is not None and (not note or (action == "close" and reason is None)):
        if await _note_needed(update, context, person, entry_id, action):
            return
    if entry_id is None or not note or (action == "close" and reason is None):
        await reply(update, t(context, USAGE[action]) +
                    await open_reports(context, person, update))  # in a group: if its area's
        return
    photos = await _photos(update, context)
    if photos is None:
        return
    await record_step(update, context, person, entry_id, action, note, photos, reason)


NOTE_NEEDED = {
    "progress": lazy("Nothing was recorded on report #{id} ({text}): the note goes after the "
                     "number. Send them in one message, e.g.\n/progress {id} 已联系维修师傅"),
    "resolve": lazy("Nothing was recorded on report #{id} ({text}): a note of what was done "
                    "goes after the number. Send them in one message, e.g.\n/resolve {id} "
                    "路灯已修好"),
    "close": lazy("Report #{id} ({text}) was not closed: the reason (duplicate or no_action) "
                  "and a note go after the number. Send them in one message, e.g.\n/close "
                  "{id} duplicate 同 #9"),
}


async def _note_needed(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       person: dict[str, Any], entry_id: int, action: str) -> bool:
    """/progress 147 without its note (or /close 147 without its reason) on an open
    report of the volunteer's areas: says what to send, with its number (one waiting for
    approval: that it is to be approved first); False for a number that is not such a
    report (the usage is said). It answered with the usage alone, which
    did not say the number was right and only the note was missing."""
    entry = await entry_or_none(context, entry_id)
    if entry is None or entry.kind != Kind.ISSUE or \
            entry.area not in await staff_areas(context, person):
        return False
    if entry.status == Status.PENDING:
        await review_first(update, context, entry)
        return True
    if entry.status not in OPEN_ISSUE:  # said why not once the note comes
        return False
    words = short(entry_words(lang_of(context), entry.data, brief=True), 25) if is_private(
        update) else short((await read(  # a group, even the area's: as the site reads it
            public_words, repo_of(context), [entry]))[entry.id], 25)
    text = t(context, NOTE_NEEDED[action], id=entry.id, text=words)
    if photo_of(update.effective_message) is not None:
        text += "\n" + t(context, "This photo was not kept either: send it again with that "
                                   "line as its caption.")
    await reply(update, text)
    return True


async def record_step(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      person: dict[str, Any], entry_id: int, action: str, note: str,
                      photos: list[str], reason: str | None = None, *,
                      asked: bool = False) -> bool | None:
    """Stores the step (its photos already stored), tells the reporter and followers,
    and the volunteer what reached them; False (after saying why) when nothing was
    stored; None when a note calling someone by surname is held until the volunteer
    says how it goes (``called_ask``, ``step_asked``; ``asked``: she has)."""
    if len(note) > MAX_TEXT:
        await reply(update, t(context, "That note is {count} characters long; at most {max} "
                                       "are kept. Nothing was saved: please shorten it.",
                              count=len(note), max=MAX_TEXT))
        return False
    repo = repo_of(context)
    try:
        again = await _repeated(repo, person, entry_id, note)
        if again is not None:  # sent twice (tapped again on a poor signal): stored once
            await reply(update, t(context, "This note was already saved on #{id} a moment "
                                           "ago; it was not saved again, and nobody was told "
                                           "twice.", id=again))
            return False
        if not asked and await ask_step(update, context, person, entry_id, action, note,
                                        photos, reason):
            return None
        entry, told, holder = await _apply(repo, person, entry_id, action, note, photos,
                                           reason)
    except DomainError as exc:
        if exc.code == "illegal_transition" and exc.params.get("frm") == Status.PENDING \
                and exc.params.get("kind") == Kind.ISSUE:
            await review_first(update, context, await read(repo.entry, entry_id))
        elif exc.code == "illegal_transition" and exc.params.get("kind") == Kind.ISSUE \
                and exc.params.get("frm") in (Status.RESOLVED, Status.CLOSED):
            done = await read(repo.entry, entry_id)
            await reply(update, t(context, FINISHED, id=done.id,
                                  status=status_word(context, Kind.ISSUE, done.status),
                                  day=str((done.history[-1] if done.history else {}).get(
                                      "at") or done.updated)[:10]))
        else:
            await reply(update, fail(context, exc))
        return False
    if photos:  # the album's other photos follow, without the caption (bot.freetext)
        remember_album(context, update.effective_message, holder, entry.id)
    key = step_key(entry.id, holder, len(entry.history) - 1) if told != "note" else \
        step_key(entry.id, holder)
    await tell_step(update, context, person, entry, told, key, note, len(photos), reason,
                    asked=asked)
    return True


@doer("step")
async def _send(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                held: dict[str, Any], note: str) -> None:
    """照发 / 隐去 pressed under a held step's note: stored and told as it would have been."""
    await record_step(update, context, person, int(held["id"]), str(held["action"]), note,
                      [str(p) for p in held.get("photos") or []], held.get("reason"), asked=True)


# a step on a report resolved or closed already: what to do if the problem is back
FINISHED = lazy("Report #{id} is {status} already (since {day}): this note was not saved. If "
                "the problem is back: a resolved report's reporter can open it again with "
                "\"没有解决：#{id}\" under 我的; or it can be reported again (by the resident, "
                "or for the household with /proxy).")
REVIEW_FIRST = lazy("Report #{id} ({text}) is still waiting for approval, so nothing can be "
                    "recorded on it yet: this was not saved. Approve it first (the buttons "
                    "below, or /pending), then send the note (and photo) again.")
REVIEW_KEPT = lazy("Report #{id} ({text}) is still waiting for approval, so nothing is recorded "
                   "on it yet. Your note (and photo) is kept: press \"✅ Approve\" below and I "
                   "ask what it is, nothing to send again. Rejected, it is not kept.")
REVIEW_FIRST_NOT_HERE = lazy("Report #{id} is still waiting for approval, so nothing can be "
                             "recorded on it yet: this was not saved. It is not shown here (it "
                             "is not public yet): approve it in a private chat with me, or in "
                             "your area's volunteers' group, then send the note again.")
OPEN_NOT_HERE = lazy("The open reports are listed in a private chat with me, or in your area's "
                     "volunteers' group (linked with /linkgroup), not here.")


async def review_first(update: Update, context: ContextTypes.DEFAULT_TYPE, entry: Entry,
                       kept: bool = False) -> bool:
    """A step (or a note on site) on a report still waiting for approval: said not
    saved, with the report's approve and reject buttons. It read only 这条记录当前（待审
    核）不能这样修改, or, for a photo captioned with its number alone, 这张照片没有保存
    with the open reports, which it was not among. ``kept``: a note on site, kept until
    she approves it here (``field_note_held``): said so; whether the buttons were shown."""
    if not await linked_here(update, context, [entry.area]):  # a group not the area's:
        await reply(update, t(context, REVIEW_FIRST_NOT_HERE, id=entry.id))  # not public yet
        return False
    flag = VOICE if voice.needs_summary(entry.data) else None
    said = entry_words(lang_of(context), entry.data, brief=True)  # a group: no phone, room
    said = said if is_private(update) else shown_words(repo_of(context), entry.area, said)
    await reply(update, t(context, REVIEW_KEPT if kept else REVIEW_FIRST, id=entry.id,
                          text=short(said, 41)),
                reply_markup=pending_keyboard(entry.id, lang_of(context), flag))
    return True


def step_key(issue_id: int, holder: int, event: int | None = None) -> str:
    """Who was told of a volunteer's step on report ``issue_id`` (``db.reminders``): the
    progress note ``holder``, or the report's history event number ``event``."""
    return f"step:{issue_id}:n{holder}" if event is None else f"step:{issue_id}:e{event}"


async def tell_step(update: Update, context: ContextTypes.DEFAULT_TYPE,
                    person: dict[str, Any], entry: Any, told: str, key: str, note: str,
                    photos: int, reason: str | None = None, *, asked: bool = False) -> None:
    """Tell the reporter and the followers of report ``entry`` of the step just stored
    (``told``: which message), each once for ``key`` (a telling a stop cut short goes on
    where it stopped: ``bot.handlers.issue_saved``), and the volunteer what reached
    them (and how to hide a name in it, unless she was ``asked`` before it went)."""
    repo = repo_of(context)
    done = await read(repo.reminded, key)
    params: dict[str, Any] = {"note": note}
    if reason:
        params["reason"] = labels.CLOSE_REASON[reason]
    own = entry.author == person["id"]  # e.g. a report filed for a household (代办)
    # resolved: the "not fixed" button under the news itself (it was under 我的 only)
    markup = (lambda lang: InlineKeyboardMarkup([[not_fixed_button(lang, entry.id)]])) \
        if told == "resolve" else None
    if own:
        parts = 0
    elif entry.author in done:
        parts = 1  # told before the stop
    else:
        parts = await notify_author_once(context, entry, key, TO_AUTHOR[told], markup=markup,
                                         **params)
    # the neighbours following it read the note as the site shows it (names, rooms
    # masked); the reporter, whose report it is, as written
    shown = {**params, "note": await read(public_text, repo, note, entry.area)}
    followers = await notify_followers(context, entry, TO_FOLLOWERS[told],
                                       exclude=person["id"], key=key, **shown)
    other = entry.data.get("duplicate_of") if reason == "duplicate" else None
    saved = t(context, SAVED_DUPLICATE, id=entry.id, photos=photos, other=other) if other \
        else t(context, SAVED[told], id=entry.id, photos=photos,
               reason=word(context, labels.CLOSE_REASON, reason) if reason else "")
    if own:  # nobody to tell but the followers: say only that it is saved
        text = t(context, "{saved}.", saved=saved)
    elif parts == 1:
        text = t(context, "{saved}; the reporter was told.", saved=saved)
    elif parts:
        text = t(context, "{saved}; the reporter was told, in {n} messages (the note is "
                          "long).", saved=saved, n=parts)
    else:
        text = t(context, "{saved}, but the reporter could not be told (they may have "
                          "blocked the bot or left). The note is public on the site.",
                 saved=saved)
    if followers:
        text += "\n" + t(context, "{n} neighbour(s) following it were told too.", n=followers)
    elif entry.data.get("proxy") and entry.data.get("household") and \
            not await read(repo.residents_of, entry.data["household"]):
        # recorded at a door (代办) where nobody has the bot: the news goes by word of mouth
        text += "\n" + t(context, TELL_AT_THE_DOOR, household=await read(
            label_of, repo.street, entry.data["household"]))
    # public at once: a step's note is the report's words (/hide), a further note its own
    text += "" if asked else called_note(context, note, None if told == "note" else entry.id)
    url = await read(_page_of, repo, entry, settings_of(context).site_url)
    if url:  # to check it is on the site, as the grid worker does after her round
        text += "\n" + t(context, "On the website (rebuilt within minutes): {url}", url=url)
    await reply(update, text)


def _page_of(repo: Any, entry: Entry, site_url: str | None) -> str:
    """The address of report ``entry`` on the site ("" without one): its year's issues
    page (the latest year's is ``issues``, an earlier one ``issues-<year>``, as
    ``site_builder.collect_sums.issue_years`` lays them out) and its anchor."""
    base = (site_url or repo.street.site_url or "").rstrip("/")
    if not base:
        return ""
    years = {e.created[:4] for e in repo.entries(area=entry.area, kind=Kind.ISSUE)
             if e.status in PUBLIC_STATUSES[Kind.ISSUE]}
    year = entry.created[:4]
    page = "issues" if year >= max(years, default=year) else f"issues-{year}"
    return f"{base}/areas/{entry.area}/{page}/#issue-{entry.id}"


TELL_AT_THE_DOOR = lazy("Nobody of {household}, for whom it was recorded, has the bot: "
                        "please tell them in person.")


OPEN_SHOWN = 8  # open reports named under a usage


async def open_reports(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                       update: Update | None = None) -> str:
    """"\n未结的报事：\n#111 顶楼漏水…\n#114 …" for the volunteer's areas (the numbers a
    grid worker on site does not know by heart), one a line (they ran on one line,
    joined by "; ", hard to pick out on a phone), or "" when there is none. Given the
    ``update``, only the areas whose reports may be listed in its chat (a private chat,
    an area's linked volunteers' group: there, their words as the site reads them); in any
    other group, where to see them: /progress typed there listed the words as typed."""
    repo = repo_of(context)
    areas = await staff_areas(context, person)
    if update is not None and areas:
        areas = await linked_here(update, context, areas)
        if not areas:
            return "\n" + t(context, OPEN_NOT_HERE)
    found = [e for area in areas for e in await read(repo.open_issues, area)]
    if not found:
        return ""
    lang, listed = lang_of(context), sorted(found, key=lambda e: e.id)[:OPEN_SHOWN]
    public = {} if update is None or is_private(update) else await read(  # a group: as the
        public_words, repo, listed)  # site reads them (the area's volunteers' group too)
    words = {e.id: public.get(e.id) or entry_words(lang, e.data, brief=True) for e in listed}
    shown = "\n".join(f"#{i} {short(w, 25)}" for i, w in words.items())
    more = len(found) - OPEN_SHOWN
    return "\n" + t(context, "Open reports:") + "\n" + shown + (
        "\n" + t(context, "… and {n} more.", n=more) if more > 0 else "")


REPEAT_WINDOW = timedelta(minutes=30)


async def _repeated(repo: Any, person: dict[str, Any], entry_id: int, note: str) -> int | None:
    """The report whose last step, or the progress note on it, holds this very note from
    this volunteer within ``REPEAT_WINDOW`` (the same message sent again); else None."""
    entry = await read(repo.entry, entry_id)
    if entry.kind != Kind.ISSUE:
        return None
    now = repo.clock()
    last = entry.history[-1] if entry.history else {}
    if last.get("by") == person["id"] and last.get("note") == note and \
            now - datetime.fromisoformat(str(last.get("at"))) < REPEAT_WINDOW:
        return int(entry.id)
    recent = await read(repo.entries, area=entry.area, kind=Kind.PROGRESS_NOTE,
                        author=person["id"], limit=5)
    for n in recent:
        if n.data.get("issue") == entry.id and n.data.get("text") == note and \
                now - datetime.fromisoformat(n.created) < REPEAT_WINDOW:
            return int(entry.id)
    return None


async def _apply(repo: Any, person: dict[str, Any], entry_id: int, action: str, note: str,
                 photos: list[str], reason: str | None) -> tuple[Any, str, int]:
    """Store the step; returns (issue, which message its author gets, the entry that
    holds the step's photos: the issue, or the progress note)."""
    entry = await read(repo.entry, entry_id)
    if entry.kind != Kind.ISSUE:
        raise DomainError("not an issue", code="not_issue", id=entry_id)
    if action == "progress" and entry.status == Status.IN_PROGRESS:
        # Already under way: a further public progress note on the issue.
        added = await call(repo.submit, person["id"], Kind.PROGRESS_NOTE, entry.area,
                           {"issue": entry.id, "text": note, "photos": photos})
        return entry, "note", added.id
    to = {"progress": Status.IN_PROGRESS, "resolve": Status.RESOLVED,
          "close": Status.CLOSED}[action]
    entry = await call(repo.issue_step, entry_id, person["id"], to, note, photos=photos,
                       close_reason=reason,
                       duplicate_of=duplicate_named(note) if reason == "duplicate" else None)
    return entry, action, entry.id


def duplicate_named(note: str) -> int | None:
    """The report a duplicate's closing note names (/close 153 重复 见#146, 同146: 146,
    ``db.duplicate_words``), which the record keeps as ``duplicate_of`` (the site links
    it); None when it names none, or none unambiguously."""
    named = named_reports(note)
    return named[0] if named else None


CAPTION = re.compile(r"^/(progress|resolve|close)(@\w+)?(\s|$)")


async def caption_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo captioned with /progress, /resolve or /close: the step with its photo."""
    caption = update.effective_message.caption if update.effective_message else ""
    match = CAPTION.match(caption or "")
    if match:
        await _step(update, context, match.group(1))


COMMANDS = [
    Command("progress", "Progress on a report: /progress N note (photo: send it with this, "
                        "or just \"N note\", as the caption)", progress,
            audience=Audience.VOLUNTEER, order=30),
    Command("resolve", "Mark a report resolved: /resolve N note (photo: send it with this, or "
                       "just \"N note\", as the caption)", resolve,
            audience=Audience.VOLUNTEER, order=31),
    Command("close", "Close a report: /close N duplicate|no_action note", close,
            audience=Audience.VOLUNTEER, order=32),
]

HANDLERS = [
    MessageHandler((filters.PHOTO | filters.Document.IMAGE)
                   & filters.CaptionRegex(CAPTION), caption_photo),
]
