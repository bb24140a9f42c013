"""A person's rights (PIPL arts. 45-47), from the chat: /mydata says everything
kept about them, each of their entries listed by kind with whether it is public
(a page at a time: ``md:p:<page>``), and sends it as a JSON file on a button
(``md:file``); /forget, after a confirmation, deletes their
personal data (published records keep the role only); /correct asks for the
corrected text of something they published, and a reason, and submits a public
correction a volunteer reviews (``db.privacy``). /mydata also says how a resident
stands to their home, with a button to change it (``bot.handlers.relation``).

/correct is written as ``bot.flows`` says: buttons ``cor:e:<entry id>`` (which
entry), ``cor:skip`` (no reason), ``cor:ok`` and ``cor:cancel``. /forget's two
buttons (``fg:ok``, ``fg:cancel``) need no state: the confirmation is checked
again against the person when pressed.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler, ContextTypes, MessageHandler

from db import labels
from db.backup import forget_marks
from db.entries import MONEY_KINDS, Entry, Kind, Status, is_public
from db.errors import DomainError, PermissionDenied
from db.people import (
    RESIDENT_LABEL,
    Role,
    is_admin,
    is_volunteer_of,
    resident_area,
    supervisor_areas,
    volunteer_areas,
)
from db.privacy import CORRECTABLE, FORGOTTEN_NOTE

from ..asked import asked, confirmed
from ..commands import Command, Flow
from ..consent import public_notice
from ..context import (
    call,
    drop_buttons,
    entry_or_none,
    error_text,
    lang_of,
    person_of,
    read,
    reply,
    repo_of,
    status_word,
    t,
    word,
)
from ..flows import (
    END,
    MAX_INPUT,
    TEXT_INPUT,
    answer,
    button_args,
    buttons,
    changed,
    clean_text,
    current_draft,
    drop_draft,
    drop_drafts,
    gone,
    leave,
    matches,
    new_draft,
    refuse,
    sealed,
    short,
    stale_buttons,
    states,
    typed,
    unexpected,
)
from ..i18n import lazy, listing, tr
from ..kept import KEPT as KEPT_DRAFTS
from ..kept import title
from ..keyboards import button, go_data, parse_ints
from ..menu import menu_of
from ..notices import queue_pending
from ..notify import withdraw_posts
from ..privacy_notes import for_someone_else, tell_admins_forgotten
from ..resident import SAID
from ..staff import entry_id_of, words
from ..state import checkpoint_after_step
from .ask import ask_button
from .common import MORE
from .mine import entry_summary, shown_status
from .relation import change_button, changes_words, relation_words

__all__ = ["COMMANDS", "HANDLERS", "mydata", "forget", "receipt", "FLOW", "PREFIX",
           "finish_forget"]

FLOW = "correct"
PREFIX = "cor"
TEXT, REASON, CONFIRM = states(FLOW, "text", "reason", "confirm")
FORGET = "fg"
KEPT = "md"  # /mydata's buttons: md:p:<page>, md:file
PAGE_ENTRIES = 25  # entries listed in one message of /mydata (under 4,096 characters)
# the order of kinds in /mydata's list: what she wrote, her money, her votes, her home
KIND_ORDER = [Kind.ISSUE, Kind.OPINION, Kind.QUESTION, Kind.CORRECTION, Kind.FEE_INCOME,
              Kind.EXPENSE, Kind.REVERSAL, Kind.VOTE, Kind.REGISTRATION]
MAX_CHOICES = 8
MAX_REASON = 300


# -- /mydata ------------------------------------------------------------------------


async def mydata(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Says in the chat everything kept about the caller, each entry of theirs listed by
    kind (a page at a time), with a button for the same as a JSON file."""
    await _kept_page(update, context, 1)


async def _export(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any]) -> dict[str, Any]:
    """Everything kept about ``person`` (``Privacy.export``), with what the bot holds of
    a step not yet sent."""
    data = await read(repo_of(context).export_person, person["id"])
    # what the bot holds of what she has not sent: a step under way, a draft kept when
    # she left it, the words she typed outside any step (the file had the first only)
    drafts = {k: v for k, v in (context.user_data or {}).items()
              if k.startswith("flow:") or k in (KEPT_DRAFTS, SAID)}
    if drafts:
        data["unfinished_steps"] = drafts
    return data


def _unsent(context: ContextTypes.DEFAULT_TYPE, data: dict[str, Any]) -> list[str]:
    """The line of what the bot holds that she has not sent, for her only."""
    held = data.get("unfinished_steps") or {}
    lang = lang_of(context)
    parts = [title(context.application, lang, key.removeprefix("flow:")) for key in held
             if key.startswith("flow:")]
    parts += [title(context.application, lang, flow)
              for flow in held.get(KEPT_DRAFTS) or {} if isinstance(flow, str)]
    said = held.get(SAID)
    if isinstance(said, str) and said.strip():
        parts.append(t(context, "the words you typed: “{text}”", text=short(said, 60)))
    if not parts:
        return []
    return [t(context, "• Not sent yet, kept for you only: {what}",
              what=listing(lang, dict.fromkeys(parts)))]


async def _kept_page(update: Update, context: ContextTypes.DEFAULT_TYPE, page: int) -> None:
    """Page ``page`` of /mydata: the first says what is kept of the person and begins the
    list of their entries; each lists up to ``PAGE_ENTRIES`` of them, with 下一页 while
    more are left. An elderly resident on a phone got the list only as a JSON file (为
    电脑用), and /mine sent her there for anything older than its ten."""
    person = await person_of(update, context)
    data = await _export(context, person)
    entries = _in_order(data.get("entries") or [])
    pages = max(1, -(-len(entries) // PAGE_ENTRIES))
    page = min(max(page, 1), pages)
    shown = entries[(page - 1) * PAGE_ENTRIES:page * PAGE_ENTRIES]
    lines = await _kept_in_words(context, data) if page == 1 else [
        t(context, "What you sent, page {page} of {pages}:", page=page, pages=pages)]
    lines += _entry_lines(context, shown)
    lang = lang_of(context)
    rows: list[list[InlineKeyboardButton]] = []
    if page < pages:
        lines += ["", t(context, "{count} more on the next page.",
                        count=len(entries) - page * PAGE_ENTRIES)]
        rows.append([button(t(context, "Next page ({page}/{pages})", page=page + 1,
                              pages=pages), f"{KEPT}:p:{page + 1}")])
    if page == 1:
        # the home's relation: changed; what is kept: corrected or deleted, from here (it
        # said "press Help and use its buttons", the buttons two screens away)
        rows += [*(list(row) for row in (change_button(lang).inline_keyboard
                                          if person.get("household") else ())),
                 *([[button(t(context, MORE["correct"]), go_data("correct"))]]
                   if person.get("roles") else []),  # a newcomer has nothing to correct
                 *([] if volunteer_areas(person) or is_admin(person) else
                   [[button(t(context, MORE["forget"]), go_data("forget"))]])]
    rows.append([button(t(context, "📄 The same as a file (for a computer)"), f"{KEPT}:file")])
    await reply(update, "\n".join(lines), reply_markup=InlineKeyboardMarkup(rows))


async def on_kept(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/mydata's buttons: the next page (``md:p:<page>``) or the file (``md:file``)."""
    await answer(update)
    pages = parse_ints(button_args(update, KEPT, "p", 1))
    if pages:
        await _kept_page(update, context, pages[0])
        return
    if button_args(update, KEPT, "file", 0) is None:
        await refuse(update, context)
        return
    person = await person_of(update, context)
    data = await _export(context, person)
    body = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True,
                      default=str).encode("utf-8")
    chat = update.effective_chat
    assert chat is not None
    try:
        await context.bot.send_document(
            chat.id, body, filename="steward-mydata.json",
            caption=t(context, "Everything Steward keeps about you ({entries} entries). Only "
                               "you received this file.", entries=len(data["entries"])))
    except TelegramError:
        await reply(update, t(context, "Sorry, the file could not be sent. Please try again "
                                       "later."))


def _in_order(docs: list[dict[str, Any]]) -> list[Entry]:
    """A person's entries as /mydata lists them: by kind (reports first, a registration
    last), newest first within each."""
    entries = [Entry.from_doc({k: v for k, v in d.items() if k != "public"}) for d in docs]
    return sorted(entries, key=lambda e: (KIND_ORDER.index(e.kind) if e.kind in KIND_ORDER
                                          else len(KIND_ORDER), -e.id))


def _public_words(context: ContextTypes.DEFAULT_TYPE, e: Entry) -> str:
    """Whether the public site shows ``e``, and what of it, as the notice says."""
    if e.data.get("withheld"):
        return t(context, "consent withdrawn: its words and photos are no longer public")
    if not is_public(e.kind, e.status):
        return t(context, "not public")
    if e.kind == Kind.VOTE:  # counted in the tally; how the household voted, never
        return t(context, "not public: only counted in the turnout")
    if e.kind in MONEY_KINDS:
        return t(context, "public in the accounts as line {seq}, without your name or room",
                 seq=e.data.get("ledger_seq") or "—")
    return t(context, "public on the website, signed \"{role}\"",
             role=e.author_role or RESIDENT_LABEL)


def _entry_lines(context: ContextTypes.DEFAULT_TYPE, entries: list[Entry]) -> list[str]:
    """Each entry on a line under its kind's heading (repeated at a page's top)."""
    lines: list[str] = []
    kind = None
    for e in entries:
        if e.kind != kind:
            kind = e.kind
            name = word(context, labels.KIND, e.kind)
            lines += ["", t(context, "{kind}:", kind=name[:1].upper() + name[1:])]
        lines.append(t(context, "#{id} {date} {summary} — {status}; {public}", id=e.id,
                       date=e.created[:10], summary=entry_summary(context, e),
                       status=shown_status(context, e), public=_public_words(context, e)))
    return lines


def _numbers(context: ContextTypes.DEFAULT_TYPE, ids: list[int] | None) -> str:
    """" (#146、#150)": which reports, after how many (it said only 2 件)."""
    return t(context, " ({numbers})", numbers=listing(lang_of(context), (f"#{i}" for i in ids))
             ) if ids else ""


async def _kept_in_words(context: ContextTypes.DEFAULT_TYPE, data: dict[str, Any]) -> list[str]:
    """What /mydata's file holds, in words a resident reads on a phone (the file is for
    a computer)."""
    person = data.get("person") or {}
    none = t(context, "none kept")
    home = person.get("household")
    if home:
        try:
            home = await read(repo_of(context).street.household_label, home)
        except KeyError:
            pass
    # a resident's stored title is 居民: in English it read "Roles: 居民"
    roles = listing(lang_of(context), dict.fromkeys(
        t(context, "resident") if r.get("role") == Role.RESIDENT
        else str(r.get("title") or r.get("role")) for r in person.get("roles") or [])) or none
    consents = data.get("consents") or []
    if consents:
        consent = t(context, "agreed on {day} (notice {version})",
                    day=str(consents[-1].get("at", ""))[:10],
                    version=consents[-1].get("version", ""))
    elif person.get("consent_withdrawn"):  # it said 没有保存, as if she never had
        consent = t(context, "withdrawn on {day}: the words and photos you published are no "
                             "longer public", day=str(person["consent_withdrawn"])[:10])
    elif person.get("roles") and (volunteer_areas(person) or is_admin(person)):
        consent = none  # what a volunteer records is published by role, consent or not
    else:
        consent = t(context, "not agreed: nothing you write is published")
    kinds: dict[str, int] = {}
    for entry in data.get("entries") or []:
        name = word(context, labels.KIND, entry.get("kind"))
        kinds[name] = kinds.get(name, 0) + 1
    sent = listing(lang_of(context), (f"{k} {n}" for k, n in kinds.items()))
    lines = [t(context, "What Steward keeps about you:"),
             t(context, "• Name: {name}", name=person.get("name") or none),
             t(context, "• Telegram username: {username}",
               username=person.get("username") or none),
             t(context, "• Phone: {phone}", phone=person.get("phone") or none),
             t(context, "• Household: {home}", home=home or none),
             *([t(context, "• You are this home's: {relation}",
                  relation=relation_words(lang_of(context), person.get("relation")))]
               if home else []),
             *([t(context, "• Changes of that answer (seen only by you):")]
               if data.get("relation_changes") else []),
             *changes_words(context, person.get("id"), data.get("relation_changes") or []),
             t(context, "• Roles: {roles}", roles=roles),
             t(context, "• Notice of what is public: {consent}", consent=consent),
             t(context, "• What you sent: {count} ({kinds})", count=len(data.get("entries") or []),
               kinds=sent or none),
             t(context, "• Reports you follow: {count}", count=len(data.get("following") or []))
             + _numbers(context, data.get("following")),
             *([t(context, "• Reports you said \"Me too\" to: {count}",
                  count=len(data["me_too"])) + _numbers(context, data["me_too"])]
               if data.get("me_too") else []),
             *_unsent(context, data),
             *_home_votes(context, data.get("household_votes") or []),
             *([t(context, "Each of them, newest first:")] if data.get("entries") else [])]
    return lines


def _home_votes(context: ContextTypes.DEFAULT_TYPE, votes: list[dict[str, Any]]) -> list[str]:
    """The votes someone else recorded for her household (a volunteer's paper signature,
    a housemate's), by role: the bot told her of each, and /mydata did not list them."""
    if not votes:
        return []
    lines = [t(context, "• Votes recorded for your household by someone else: {count}",
               count=len(votes))]
    for v in sorted(votes, key=lambda v: -int(v["id"]))[:MAX_HOME_VOTES]:
        choice = "、".join(str(n) for n in v["backs"]) if v.get("backs") is not None else \
            word(context, labels.CHOICE, v.get("choice"))
        how = t(context, "a paper signature") if v.get("paper") else t(context, "online")
        lines.append("  " + t(context, "#{id} {date} proposal #{proposal}: {choice} ({how}, "
                                        "by {role}; {status})", id=v["id"],
                              date=str(v.get("at", ""))[:10], proposal=v.get("proposal"),
                              choice=choice or "—", how=how, role=v.get("role") or "—",
                              status=status_word(context, Kind.VOTE, v.get("status"))))
    return lines


MAX_HOME_VOTES = 10  # the latest listed; the file has them all


# -- /forget ------------------------------------------------------------------------


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Says what /forget deletes and what stays, and asks to confirm (an admin's /forget
    N: how to do it for resident N on the server)."""
    if await for_someone_else(update, context, "forget"):
        return
    person = await person_of(update, context)
    if volunteer_areas(person) or is_admin(person):
        # refused by the domain (db.privacy): say so now, not after a "delete?" question
        # whose Yes then deletes nothing
        await reply(update, error_text(context, PermissionDenied("staff", code="staff_forget")))
        return
    waiting = await read(repo_of(context).count_entries, author=person["id"], status="pending")
    # with nothing waiting, not "your 0 submission(s) still waiting" (您还在等待审核的 0 条内容)
    head = t(context, "This deletes your personal data: your name, username and language, "
                      "your household binding, and your {n} submission(s) still waiting for "
                      "review.", n=waiting) if waiting else \
        t(context, "This deletes your personal data: your name, username and language, and "
                   "your household binding.")
    await reply(update, head + "\n" + t(context, "The words and photos of what you published "
                                                 "(reports, opinions, questions) come off the "
                                                 "public website at its next update; what the "
                                                 "record needs stays, signed \"resident\": a "
                                                 "report's number, category, building and "
                                                 "progress. Your household's votes still count, "
                                                 "and the fees you recorded stay in the accounts "
                                                 "(by building and unit, never a name). Messages "
                                                 "the volunteers already received in Telegram "
                                                 "stay in their chats, and a paper notice already "
                                                 "posted stays up. If you write to the bot again, "
                                                 "it keeps only your Telegram number, username "
                                                 "and language, as for anyone new, and your name "
                                                 "only once you register a household again. "
                                                 "Delete your personal data?"),
                reply_markup=InlineKeyboardMarkup([
                    [button(t(context, "Yes, delete my personal data"), f"{FORGET}:ok")],
                    [button(t(context, "Cancel"), f"{FORGET}:cancel")]]))
    asked(context, FORGET)  # 确定 typed under it: told nothing is deleted yet (bot.asked)


async def on_forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Deletes the caller's personal data (``fg:ok``) or leaves it (``fg:cancel``); the
    admins are told her number, for a restore onto a new machine (``bot.privacy_notes``)."""
    if not await confirmed(update, context, FORGET):  # not after her no (bot.asked)
        return
    person = await person_of(update, context)
    # Those taken off the site before (/unpublish) are not counted again below.
    before = {e.id for e in await read(repo_of(context).entries, author=person["id"])
              if e.data.get("withheld")}
    try:
        withdrawn = await call(repo_of(context).forget, person["id"])
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return
    if person.get("telegram_id") is not None:  # nor the marks of her messages handled
        await call(forget_marks, repo_of(context), int(person["telegram_id"]))
    for entry in withdrawn:
        await withdraw_posts(context, entry.id)
    forgotten = await read(repo_of(context).person, person["id"]) or {}
    hidden = [e for e in await read(repo_of(context).entries, author=person["id"])
              if e.data.get("withheld") and e.id not in before]
    lang = lang_of(context)
    drop_drafts(context)
    context.user_data.clear()  # type: ignore[union-attr]
    if not withdrawn:  # not "0 waiting submission(s) were withdrawn" (撤回了 0 条)
        said = tr(lang, "Done. Your personal data is deleted, and the words and "
                        "photos of {m} published text(s) come off the website at "
                        "its next update. Thank you for taking part. If you write "
                        "to the bot again, it treats you as someone new: it keeps "
                        "only your Telegram number, username and language, and "
                        "your name only once you register a household again.",
                  m=len(hidden)) if hidden else \
            tr(lang, "Done. Your personal data is deleted. Thank you for taking part. "
                     "If you write to the bot again, it treats you as someone new: it "
                     "keeps only your Telegram number, username and language, and your "
                     "name only once you register a household again.")
    elif not hidden:  # nothing of hers on the site (or all of it withdrawn before)
        said = tr(lang, "Done. Your personal data is deleted; {n} waiting "
                        "submission(s) were withdrawn. Thank you for taking part. "
                        "If you write to the bot again, it treats you as someone "
                        "new: it keeps only your Telegram number, username and "
                        "language, and your name only once you register a "
                        "household again.", n=len(withdrawn))
    else:
        said = tr(lang, "Done. Your personal data is deleted; {n} waiting "
                        "submission(s) were withdrawn, and the words and photos of "
                        "{m} published text(s) come off the website at its next "
                        "update. Thank you for taking part. If you write to the bot "
                        "again, it treats you as someone new: it keeps only your "
                        "Telegram number, username and language, and your name only "
                        "once you register a household again.",
                  n=len(withdrawn), m=len(hidden))
    await reply(update, said, reply_markup=await menu_of(update, context))
    await tell_admins_forgotten(context, person["id"], str(forgotten.get("forgotten") or ""))
    checkpoint_after_step()  # the data folder's files, not only its journal, without her


FORGOTTEN_SINCE = timedelta(days=1)  # how far back finish_forget looks


async def finish_forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Her Yes to /forget (``fg:ok``) stored just before the bot stopped: the
    volunteers' posts of what it withdrew are replaced, and she is told her data is
    deleted (before, a post not yet replaced kept her room and words in a volunteer's
    chat for good, and she read "already saved … press Mine"); whether it was such a
    press. Her record is blank now and no longer hers by her Telegram id, so what it
    withdrew is found by its note among those so withdrawn in the last day (another's
    found too is as rightly cleared), and she is told without the counts; the admins are
    told the number of each person forgotten in the last day they were not told of."""
    query = update.callback_query
    if query is None or (query.data or "") != f"{FORGET}:ok":
        return False
    repo = repo_of(context)
    since = (repo.clock() - FORGOTTEN_SINCE).isoformat(timespec="seconds")
    for entry in await read(repo.entries, status=Status.REJECTED):
        last = entry.history[-1] if entry.history else {}
        if entry.data == {"withdrawn": True} and last.get("note") == FORGOTTEN_NOTE and \
                str(last.get("at") or "") >= since:
            await withdraw_posts(context, entry.id)
    lang = lang_of(context)
    drop_drafts(context)
    forgotten = [p for p in await read(repo.people)
                 if str(p.get("forgotten") or "") >= since]
    if context.user_data is not None:
        context.user_data.clear()
    await reply(update, tr(lang, "Done. Your personal data is deleted, and what you sent that "
                                 "was waiting for review is withdrawn. Thank you for taking "
                                 "part. If you write to the bot again, it treats you as "
                                 "someone new: it keeps only your Telegram number, username "
                                 "and language, and your name only once you register a "
                                 "household again."), reply_markup=await menu_of(update, context))
    for person in forgotten:  # the admins not told yet (each told once: notify_once)
        await tell_admins_forgotten(context, person["id"], str(person["forgotten"]))
    checkpoint_after_step()  # the stop came before the checkpoint of her press's step
    return True


# -- /correct -----------------------------------------------------------------------

CORRECTION_WAITING = lazy("A correction of #{id} (#{correction}) is already waiting for a "
                          "volunteer's review. Once it is reviewed, you can correct #{id} again "
                          "if it is still needed. Nothing was changed.")


def _correctable(person: dict[str, Any], e: Entry) -> bool:
    return e.kind in CORRECTABLE and is_public(e.kind, e.status) and (
        e.author == person["id"] or is_volunteer_of(person, e.area))



async def correct_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts a correction: of entry N, or asks which of the caller's published texts."""
    person = await person_of(update, context)
    repo = repo_of(context)
    args = words(update)
    if args:
        entry_id = entry_id_of(args[0])
        entry = await entry_or_none(context, entry_id) if entry_id is not None else None
        if entry is None or not _correctable(person, entry):
            await reply(update, t(context, "#{id} is not a published text of yours that can be "
                                           "corrected.", id=args[0][:12]))
            return END
        return await _ask_text(update, context, entry)
    mine = [e for e in await read(repo.entries, author=person["id"]) if _correctable(person, e)]
    if not mine and not (resident_area(person) or supervisor_areas(person)):
        # she may not ask (not registered): the 提问 button only said 请先登记
        await reply(update, t(context, "You have no published report or opinion of yours to "
                                       "correct."))
        return END
    if not mine:  # a line of the accounts is the volunteers' to put right: ask them
        await reply(update, t(context, "You have no published report or opinion of yours to "
                                       "correct. A wrong line in the accounts is put right by "
                                       "the volunteers, with a line that corrects it: press "
                                       "the button below to ask them about it."),
                    reply_markup=InlineKeyboardMarkup([[ask_button(lang_of(context))]]))
        return END
    new_draft(context, FLOW, choices=[e.id for e in mine[-MAX_CHOICES:]])
    rows = [[button(t(context, "#{id} {kind}: {text}", id=e.id,
                      kind=word(context, labels.KIND, e.kind),
                      text=short(e.data.get("text"), 40)), f"{PREFIX}:e:{e.id}")]
            for e in mine[-MAX_CHOICES:]]
    rows.append([button(t(context, "Cancel"), f"{PREFIX}:cancel")])
    await reply(update, t(context, "Which published text do you want to correct?"),
                reply_markup=InlineKeyboardMarkup(rows))
    return TEXT


async def _ask_text(update: Update, context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> object:
    """Asks for the corrected text of ``entry``; or, when a correction of it waits for
    review already, says so and ends (before, she typed the whole text and a reason and
    read only at 提交 that #N 已有一条更正在等待审核, her words lost)."""
    waiting = [e for e in await read(repo_of(context).entries, area=entry.area,
                                     kind=Kind.CORRECTION, status=Status.PENDING)
               if e.data.get("corrects") == entry.id]
    if waiting:
        drop_draft(context, FLOW)
        await reply(update, t(context, CORRECTION_WAITING, id=entry.id,
                              correction=waiting[0].id),
                    reply_markup=await menu_of(update, context))
        return END
    new_draft(context, FLOW, id=entry.id)
    await reply(update, t(context, "#{id} reads now: {text}\nSend the corrected text, as it "
                                   "should read in full.", id=entry.id,
                          text=short(entry.data.get("text"), 1500)),
                reply_markup=InlineKeyboardMarkup([[button(t(context, "Cancel"),
                                                           f"{PREFIX}:cancel")]]))
    return TEXT


async def on_choose(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores which entry is corrected and asks for the corrected text."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    ids = parse_ints(button_args(update, PREFIX, "e", 1))
    if not ids or ids[0] not in d.get("choices", []):
        return await refuse(update, context)
    person = await person_of(update, context)
    entry = await entry_or_none(context, ids[0])
    if entry is None or not _correctable(person, entry):
        return await refuse(update, context)
    return await _ask_text(update, context, entry)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the corrected text and asks for the reason."""
    d = current_draft(context, FLOW)
    if d is None or not d.get("id"):
        await reply(update, t(context, "Please choose the text to correct with the buttons "
                                       "above."))
        return None
    text = clean_text(typed(update))
    if not text or len(text) > MAX_INPUT:
        await reply(update, t(context, "Please send the corrected text (at most {max} "
                                       "characters).", max=MAX_INPUT))
        return None
    d["text"] = text
    await reply(update, t(context, "Why is it corrected? (For example: it named a neighbour. "
                                   "The reason is published with the correction.)"),
                reply_markup=InlineKeyboardMarkup([
                    [button(t(context, "No reason"), f"{PREFIX}:skip")],
                    [button(t(context, "Cancel"), f"{PREFIX}:cancel")]]))
    return REASON


async def on_reason(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the reason and shows the correction to submit."""
    d = current_draft(context, FLOW)
    if d is None or not d.get("text"):
        return await gone(update, context)
    d["reason"] = clean_text(typed(update))[:MAX_REASON]
    return await _summary(update, context, d)


async def on_no_reason(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Notes there is no reason and shows the correction to submit."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None or not d.get("text"):
        return await gone(update, context)
    if button_args(update, PREFIX, "skip", 0) is None:
        return await refuse(update, context)
    d["reason"] = ""
    return await _summary(update, context, d)


async def _summary(update: Update, context: ContextTypes.DEFAULT_TYPE,
                   d: dict[str, Any]) -> str:
    lines = [t(context, "Correction of #{id}: {text}", id=d["id"], text=short(d["text"], 1500)),
             t(context, "Reason: {reason}", reason=d.get("reason") or "—"),
             public_notice(context, "correction")]
    await reply(update, "\n".join(lines), reply_markup=sealed(InlineKeyboardMarkup([
        [button(t(context, "Submit"), f"{PREFIX}:ok")],
        [button(t(context, "Cancel"), f"{PREFIX}:cancel")]]), d, f"{PREFIX}:ok"))
    return CONFIRM


async def on_submit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Submits the correction for review and tells the area's volunteers."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if button_args(update, PREFIX, "ok", 0) is None or not d.get("text"):
        return await refuse(update, context)
    if not matches(update, d):
        return await changed(update, context, lambda: _summary(update, context, d))
    person = await person_of(update, context)
    try:
        entry = await call(repo_of(context).correct, person["id"], int(d["id"]), d["text"],
                           d.get("reason", ""))
    except DomainError as exc:
        await reply(update, error_text(context, exc))
        return END
    drop_drafts(context)
    await drop_buttons(update)  # stored: 提交/取消 are not there to press again
    await reply(update, receipt(context, entry), reply_markup=await menu_of(update, context))
    await queue_pending(context, entry)
    return END


def receipt(context: ContextTypes.DEFAULT_TYPE, entry: Entry) -> str:
    """What she is told once her correction is stored: its number."""
    return t(context, "Received: correction #{id}. A volunteer will review it; until then "
                      "the website shows the text as it was.", id=entry.id)


async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Drops the correction and shows the menu."""
    await answer(update)
    if button_args(update, PREFIX, "cancel", 0) is None:
        return await refuse(update, context)
    return await leave(update, context, FLOW)


def _markup(context: ContextTypes.DEFAULT_TYPE, *, reason: bool = False) -> InlineKeyboardMarkup:
    """A /correct step's buttons: 取消, after 不写理由 at the reason."""
    rows = [[button(t(context, "No reason"), f"{PREFIX}:skip")]] if reason else []
    return InlineKeyboardMarkup([*rows, [button(t(context, "Cancel"), f"{PREFIX}:cancel")]])


STATES: dict[object, list[Any]] = {
    TEXT: [*buttons(PREFIX, {"e": on_choose, "cancel": on_cancel}),
           MessageHandler(TEXT_INPUT, on_text),
           # a voice message or a sticker: the step's buttons below, not a scroll away
           *unexpected(lazy("Please send the corrected text."), markup=lambda c: _markup(c))],
    REASON: [*buttons(PREFIX, {"skip": on_no_reason, "cancel": on_cancel}),
             MessageHandler(TEXT_INPUT, on_reason),
             *unexpected(lazy("Please send the reason, or press No reason."),
                         markup=lambda c: _markup(c, reason=True))],
    CONFIRM: [*buttons(PREFIX, {"ok": on_submit, "cancel": on_cancel}),
              *unexpected(lazy("Please press Submit or Cancel above."))],
}

COMMANDS = [
    Command("mydata", "See everything kept about you", mydata, order=70),
    Command("correct", "Correct something you published: /correct N", correct_start, order=71,
            extra={"title": lazy("Correction")},
            flow=Flow(FLOW, STATES)),
    Command("forget", "Delete your personal data", forget, order=72),
]

HANDLERS = [stale_buttons(PREFIX), CallbackQueryHandler(on_forget, pattern=f"^{FORGET}:"),
            CallbackQueryHandler(on_kept, pattern=f"^{KEPT}:")]
