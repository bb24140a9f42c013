"""Following a report: neighbours who pressed "me too" (and the residents of a
household a volunteer reported for) hear of its progress, its resolution and
its reopening, as its author does; each message carries "Stop following"
(``fol:off:<id>``), and the answer to it "Follow again" (``fol:on:<id>``).

The button is checked strictly and the repository decides who may follow
(a resident or volunteer of the issue's area, while it is open); anyone may
stop. Nothing public changes: who follows is kept for the bot only.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db.entries import Entry, Kind, Status
from db.errors import DomainError
from db.moving import for_earlier_household
from db.people import resident_area
from db.public_words import public_words

from ..commands import Command
from ..context import call, error_text, person_of, read, reply, repo_of, t
from ..flows import answer, button_args, refuse, short
from ..i18n import DEFAULT_LANGUAGE, lazy, tr
from ..keyboards import button, parse_ints
from ..notify import send_once, send_to_person

__all__ = ["COMMANDS", "HANDLERS", "notify_followers", "stop_button", "PREFIX", "TO_FOLLOWERS",
           "follow_household", "follow_approved"]

PREFIX = "fol"
# What a follower hears, by the step the report took (bot.handlers.queue, issue_work,
# mine).
TO_FOLLOWERS = {
    "approve": lazy("Report #{id}, which you follow, was approved and is now public; you will "
                    "be told of its progress."),
    "progress": lazy("Report #{id}, which you follow, is being worked on: {note}"),
    "note": lazy("Update on report #{id}, which you follow: {note}"),
    "resolve": lazy("Report #{id}, which you follow, has been resolved: {note}"),
    "close": lazy("Report #{id}, which you follow, was closed ({reason}): {note}"),
    "reopen": lazy("Report #{id}, which you follow, is open again: its reporter says it is "
                   "not fixed."),
}


def stop_button(lang: str, entry_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(tr(lang, "🔕 Stop following #{id}", id=entry_id),
                                         f"{PREFIX}:off:{entry_id}")]])


async def notify_followers(context: ContextTypes.DEFAULT_TYPE, entry: Entry, msgid: str, /,
                           exclude: int | None = None, key: str | None = None,
                           **params: Any) -> int:
    """Tell the followers of an issue (not its author, who is told as its author, nor
    ``exclude``, the person who acted); each message has Stop following. Returns how
    many were reached. With ``key``, each once (``bot.notify.send_once``: recorded just
    before it leaves; one recorded before is counted as reached, not told again)."""
    repo = repo_of(context)
    done = await read(repo.reminded, key) if key else set()
    sent = 0
    for person_id in await read(repo.followers, entry.id):
        if person_id in (entry.author, exclude):
            continue
        if person_id in done:
            sent += 1
            continue
        person = await read(repo.person, person_id)
        lang = (person or {}).get("language") or DEFAULT_LANGUAGE
        markup = stop_button(lang, entry.id)
        sent += bool(await send_once(context, person, key, msgid, id=entry.id,
                                     reply_markup=markup, **params) if key else
                     await send_to_person(context, person, msgid, id=entry.id,
                                          reply_markup=markup, **params))
    return sent


async def follow_household(context: ContextTypes.DEFAULT_TYPE, registration: Entry) -> int:
    """When a registration is confirmed: the open reports a volunteer recorded for that
    household before (代办, at her door before she had the bot) are followed by her, as
    the household's residents follow them when recorded, and she is told which. Before,
    she was never told of their progress. How many she follows now. Not those of the
    flat's former residents (recorded before it changed hands or was left empty, or for
    a household of it before hers: ``db.moving.for_earlier_household``): she was told of
    them and followed them, and 我的 listed them."""
    household, person_id = registration.data.get("household"), registration.author
    if not household or person_id is None:
        return 0
    repo = repo_of(context)
    person = await read(repo.person, person_id)
    try:
        since = await read(repo.home_since, household)
    except DomainError:
        return 0
    found = [e for e in await read(repo.entries, area=registration.area, kind=Kind.ISSUE)
             if e.data.get("proxy") and e.data.get("household") == household
             and e.status in OPEN and person_id not in (e.data.get("followers") or [])
             and person is not None and not for_earlier_household(e, person)
             and (since is None or str(e.created) >= since)]
    followed = []
    for e in found[-MAX_FOLLOWED:]:
        try:
            issue, changed = await call(repo.follow, e.id, person_id)
        except DomainError:  # closed meanwhile, or she is not of its area: not followed
            continue
        if changed:
            followed.append(issue)
    if followed:
        words = await read(public_words, repo, followed)
        await send_to_person(context, person, HOUSEHOLD_FOLLOWED, reports="；".join(
            f"#{e.id} {short(words[e.id], 40)}" for e in followed))
    return len(followed)


# public and open: one still waiting (or rejected) may be what someone who lived there
# before told the grid worker (对门老张家…), not hers to read (db.proxy.for_household)
OPEN = frozenset({Status.APPROVED, Status.IN_PROGRESS, Status.REOPENED})
MAX_FOLLOWED = 5  # the newest open reports recorded for the household, followed
HOUSEHOLD_FOLLOWED = lazy("A volunteer recorded reports for your household before you "
                          "registered: {reports}. You will be told of their progress; 我的 "
                          "(Mine) lists them.")


async def follow_approved(context: ContextTypes.DEFAULT_TYPE, issue: Entry) -> int:
    """A report a volunteer recorded for a household (代办), just approved: the residents
    of the household confirmed since it was recorded (their registration waited then, or
    came later) were not among its followers, and it was not public when they were
    confirmed (``follow_household`` follows only public ones); they follow it now and
    are told. Not someone who lived there when it was recorded (she followed it then: if
    she does not now, she stopped), nor the flat's people now when it was recorded for its
    former residents. How many follow it now."""
    household = issue.data.get("household")
    if issue.kind != Kind.ISSUE or not issue.data.get("proxy") or not household:
        return 0
    repo = repo_of(context)
    followers = set(await read(repo.followers, issue.id))
    people = [p for p in await read(repo.residents_of, household)
              if p["id"] not in followers and p["id"] != issue.author
              and not for_earlier_household(issue, p)]  # nor the flat's former residents'
    if not people or str(issue.created) < (await read(repo.home_since, household) or ""):
        return 0
    since = {r.author for r in await read(repo.entries, area=issue.area,
                                           kind=Kind.REGISTRATION, status=Status.APPROVED)
             if r.data.get("household") == household  # to the second: the same one counts
             and _confirmed_at(r) >= issue.created}
    sent = 0
    for person in people:
        if person["id"] not in since:
            continue
        try:
            issue, changed = await call(repo.follow, issue.id, person["id"])
        except DomainError:  # closed meanwhile: not followed
            continue
        if changed:
            words = await read(public_words, repo, [issue])  # as the site shows it
            sent += bool(await send_to_person(context, person, APPROVED_FOLLOWED, reports=(
                f"#{issue.id} {short(words[issue.id], 40)}")))
    return sent


def _confirmed_at(registration: Entry) -> str:
    """When ``registration`` left the queue ("" if never)."""
    return next((str(h.get("at") or "") for h in registration.history
                 if h.get("from") == str(Status.PENDING)), "")


# a report recorded while her registration waited, approved after she was confirmed
APPROVED_FOLLOWED = lazy("A volunteer recorded a report for your household before your "
                         "registration was confirmed: {reports}. It was checked and is public "
                         "now; you will be told of its progress, and 我的 (Mine) lists it.")


async def on_follow_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stops (``fol:off:<id>``) or starts again (``fol:on:<id>``) following a report."""
    await answer(update)
    args = button_args(update, PREFIX, "off", 1) or button_args(update, PREFIX, "on", 1)
    ids = parse_ints(args)
    query = update.callback_query
    action = (query.data or "").split(":")[1] if query and query.data else ""
    if not ids or action not in ("on", "off"):
        await refuse(update, context)
        return
    person = await person_of(update, context)
    try:
        entry, changed = await call(repo_of(context).follow, ids[0], person["id"],
                                    action == "on")
    except DomainError as exc:
        if exc.code == "not_resident" and (resident_area(person) or person.get("roles")):
            # a resident or volunteer of another area: registering is not what they lack
            exc = DomainError(str(exc), code="other_area")
        await refuse(update, context, error_text(context, exc))
        return
    if action == "off":
        text = t(context, "You no longer follow #{id}: you will not be told of it again. "
                          "Your \"me too\" still counts.", id=entry.id) if changed else \
            t(context, "You do not follow #{id}.", id=entry.id)
        again = InlineKeyboardMarkup([[button(t(context, "🔔 Follow #{id} again", id=entry.id),
                                              f"{PREFIX}:on:{entry.id}")]])
        await reply(update, text, reply_markup=again if changed else None)
        return
    await reply(update, t(context, "You follow #{id} again: you will be told of its progress.",
                          id=entry.id),
                reply_markup=stop_button(person.get("language") or DEFAULT_LANGUAGE, entry.id))


COMMANDS: list[Command] = []
HANDLERS = [CallbackQueryHandler(on_follow_button, pattern=f"^{PREFIX}:")]
