"""/mydata (PIPL art. 45): everything kept about a person, each of their entries
listed by kind with whether it is public (a page at a time: ``md:p:<page>``), sent
as a JSON file on a button (``md:file``). It also says how a resident stands to
their home, with a button to change it (``bot.handlers.relation``). The other rights
(/correct, /forget): ``bot.handlers.privacy``.
"""

from __future__ import annotations

import json
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from db import labels
from db.entries import LEDGER_KINDS, Entry, Kind, Status, is_public
from db.hidden_names import authors_words, hidden_of
from db.money import format_fen
from db.moving import MOVED_OUT_NOTE
from db.people import Role, is_admin, volunteer_areas
from db.withheld import WITHHOLDABLE

from ..context import lang_of, person_of, read, reply, repo_of, status_word, t, word
from ..describe import asked_lines, quoted
from ..flows import answer, button_args, refuse, short
from ..i18n import lazy, listing
from ..kept import KEPT as KEPT_DRAFTS
from ..kept import title
from ..keyboards import button, go_data, parse_ints
from ..privacy_notes import for_someone_else
from ..private_only import PRIVATE_BUTTON, in_private, is_private
from ..resident import SAID, SAID_BEFORE
from ..said_photos import KEPT as SAID_PHOTOS
from ..said_photos import kept_of
from ..said_voice import KEPT as SAID_VOICE
from ..said_voice import kept_of as voice_kept
from ..said_voice import parts_of as voice_parts_of
from ..signed import signature
from .ask_author import answer_rows
from .common import MORE
from .mine import entry_summary, moved_facts, note_words, shown_status
from .name_fix import ASK_BUTTON as NAME_BUTTON
from .name_fix import ASK_DATA as NAME_ASK
from .relation import change_button, changes_words, relation_words
from .take_back import taken_back, unpublished_line

__all__ = ["mydata", "on_kept", "KEPT"]

KEPT = "md"  # /mydata's buttons: md:p:<page>, md:file
PAGE_ENTRIES = 25  # entries listed in one message of /mydata (under 4,096 characters)
MAX_ANSWER_BUTTONS = 5  # ✍️ 回答 buttons under one page (as many as 我的 has)
# the order of kinds in /mydata's list: what she wrote, her money, her votes, her home
KIND_ORDER = [Kind.ISSUE, Kind.OPINION, Kind.QUESTION, Kind.CORRECTION, Kind.FEE_INCOME,
              Kind.EXPENSE, Kind.REVERSAL, Kind.VOTE, Kind.REGISTRATION]


# -- /mydata ------------------------------------------------------------------------


async def mydata(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Says in the chat everything kept about the caller, each entry of theirs listed by
    kind (a page at a time), with a button for the same as a JSON file; in a group,
    only where to send it (``bot.private_only``)."""
    if await for_someone_else(update, context, "mydata"):  # an admin's /mydata N
        return
    if await in_private(update, context, "mydata"):
        await _kept_page(update, context, 1)


async def _export(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any]) -> dict[str, Any]:
    """Everything kept about ``person`` (``Privacy.export``), with what the bot holds of
    a step not yet sent."""
    data = await read(repo_of(context).export_person, person["id"])
    # what the bot holds of what she has not sent: a step under way, a draft kept when
    # she left it, the words she typed outside any step (the file had the first only)
    drafts = {k: v for k, v in (context.user_data or {}).items()
              if k.startswith("flow:") or k in (KEPT_DRAFTS, SAID, SAID_BEFORE)}
    photos = kept_of(context.user_data)  # sent outside any step, kept for a report
    if photos:
        drafts[SAID_PHOTOS] = photos
    spoken = voice_kept(context.user_data)  # a voice message sent alone, kept to send
    if spoken is not None:  # with the voices and words kept along with it (voice_parts)
        parts = voice_parts_of(context.user_data)
        drafts[SAID_VOICE] = [*spoken, *([{"more": [list(p) for p in parts.more],
                                            "typed": parts.typed}]
                                         if parts.more or parts.typed else [])]
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
    before = held.get(SAID_BEFORE)  # words typed earlier, each with its 📝 / 💬 buttons
    for said in [*(before.values() if isinstance(before, dict) else ()), held.get(SAID)]:
        if isinstance(said, str) and said.strip():
            parts.append(t(context, "the words you typed: “{text}”", text=short(said, 60)))
    if held.get(SAID_PHOTOS):  # a photo sent alone: 照片先替您留着, and /mydata said nothing
        parts.append(t(context, "the {count} photo(s) you sent", count=len(held[SAID_PHOTOS])))
    spoken = held.get(SAID_VOICE)  # a voice message sent alone: 先替您留着, as a photo is
    if spoken:
        extra = spoken[2] if len(spoken) == 3 and isinstance(spoken[2], dict) else {}
        count = 1 + len(extra.get("more") or [])
        parts.append(t(context, "the voice message you sent") if count == 1 else
                     t(context, "the {count} voice messages you sent", count=count))
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
    lines += _entry_lines(context, shown, entries, person)
    lang = lang_of(context)
    rows: list[list[InlineKeyboardButton]] = []
    if page < pages:
        lines += ["", t(context, "{count} more on the next page.",
                        count=len(entries) - page * PAGE_ENTRIES)]
        rows.append([button(t(context, "Next page ({page}/{pages})", page=page + 1,
                              pages=pages), f"{KEPT}:p:{page + 1}")])
    # a question still to answer, shown above as 答：（提交人还没有回答）: answered from here
    # (before, only from 我的, and /mydata's list ended there)
    rows += answer_rows(context, shown, MAX_ANSWER_BUTTONS)
    if page == 1:
        # the home's relation: changed; what is kept: corrected or deleted, from here (it
        # said "press Help and use its buttons", the buttons two screens away)
        rows += [*(list(row) for row in (change_button(lang).inline_keyboard
                                          if person.get("household") else ())),
                 *([[button(t(context, NAME_BUTTON), NAME_ASK)]] if person.get("name") else []),
                 *([[button(t(context, MORE["correct"]), go_data("correct"))]]
                   if person.get("roles") else []),  # a newcomer has nothing to correct
                 # the lesser step beside deleting: stop publishing, stay registered (it
                 # offered only 🗑 删除我的个人信息, which also ends her registration)
                 *([] if volunteer_areas(person) or is_admin(person) else
                   [*([[button(t(context, MORE["unpublish"]), go_data("unpublish"))]]
                      if _publishes(data) else []),
                    [button(t(context, MORE["forget"]), go_data("forget"))]])]
    rows.append([button(t(context, "📄 The same as a file (for a computer)"), f"{KEPT}:file")])
    await reply(update, "\n".join(lines), reply_markup=InlineKeyboardMarkup(rows))


async def on_kept(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/mydata's buttons: the next page (``md:p:<page>``) or the file (``md:file``)."""
    if not is_private(update):  # her data: not in a group
        await answer(update, t(context, PRIVATE_BUTTON))
        return
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


def _publishes(data: dict[str, Any]) -> bool:
    """Whether she agreed to publication, or something of hers is public: what
    /unpublish withdraws (it answers "nothing to withdraw" otherwise)."""
    return bool(data.get("consents")) or any(
        e.get("public") and e.get("kind") in WITHHOLDABLE for e in data.get("entries") or [])


def _in_order(docs: list[dict[str, Any]]) -> list[Entry]:
    """A person's entries as /mydata lists them: by kind (reports first, a registration
    last), newest first within each."""
    entries = [Entry.from_doc({k: v for k, v in d.items() if k != "public"}) for d in docs]
    return sorted(entries, key=lambda e: (KIND_ORDER.index(e.kind) if e.kind in KIND_ORDER
                                          else len(KIND_ORDER), -e.id))


NOT_YET = lazy("not public yet: published once a volunteer approves it")


def _public_words(context: ContextTypes.DEFAULT_TYPE, e: Entry) -> str:
    """Whether the public site shows ``e``, and what of it, as the notice says."""
    if e.data.get("withheld"):
        return t(context, "consent withdrawn: its words and photos are no longer public")
    if e.status == Status.PENDING and e.kind != Kind.VOTE and is_public(e.kind, Status.APPROVED):
        # her opinion waiting for review read 不公开, as if it never would be
        return t(context, NOT_YET)
    if not is_public(e.kind, e.status):
        return t(context, "not public")
    if e.kind == Kind.VOTE:  # counted in the tally; how the household voted, never
        return t(context, "not public: only counted in the turnout")
    if e.kind in LEDGER_KINDS:
        return t(context, "public in the accounts as line {seq}, without your name or room",
                 seq=e.data.get("ledger_seq") or "—")
    return t(context, "public on the website, signed \"{role}\"",
             role=signature(lang_of(context), e.author_role))


def _photo_words(context: ContextTypes.DEFAULT_TYPE, e: Entry) -> str:
    """" (2 photos)", " (receipt photo, volunteers only)": the photos kept with it. Her
    report's two photos, kept and published, and her fee's receipt were in the file
    alone, her list saying nothing of them."""
    photos = e.data.get("photos")
    if isinstance(photos, list) and photos:
        return t(context, " ({count} photo(s))", count=len(photos))
    if e.kind == Kind.FEE_INCOME and e.data.get("receipt"):
        return t(context, " (receipt photo, seen by the volunteers only)")
    return ""


def _entry_lines(context: ContextTypes.DEFAULT_TYPE, entries: list[Entry],
                 mine: list[Entry], person: dict[str, Any]) -> list[str]:
    """Each entry on a line under its kind's heading (repeated at a page's top); ``mine``:
    all her entries (her corrections, whose hidden words are kept on what they correct).
    A registration confirmed for a flat she no longer lives in says so, as 我的 does (it
    read 已确认 alone after she moved out)."""
    lines: list[str] = []
    kind = None
    for e in entries:
        if e.kind != kind:
            kind = e.kind
            name = word(context, labels.KIND, e.kind)
            lines += ["", t(context, "{kind}:", kind=name[:1].upper() + name[1:])]
        summary, status = moved_facts(context, person, e) or (entry_summary(context, e),
                                                              shown_status(context, e))
        lines.append(t(context, "#{id} {date} {summary} — {status}; {public}", id=e.id,
                       date=e.created[:10], summary=summary + _photo_words(context, e),
                       status=status, public=_public_words(context, e)))
        # why it was not accepted, as 我的 says (found in the real steward run: /mydata
        # said 已驳回 alone, the reason kept with it not shown)
        note = e.history[-1].get("note") if e.status == Status.REJECTED and e.history \
            and not taken_back(e) else None
        if note:
            reason = note_words(context, note)
            lines.append("  " + t(context, "Reason: {reason}", reason=reason))
        why = unpublished_line(context, e)  # withdrawn by her /unpublish, in her words
        if why:
            lines.append("  " + why)
        # a volunteer's questions about it and her answers: kept, never published
        lines += ["  " + line for line in asked_lines(e, lang_of(context))]
        # words of hers a volunteer keeps off the site (db.hidden_names); not those of a
        # volunteer's note on it, which she never wrote
        hers = authors_words(e, hidden_of(e), mine)
        if hers:
            lines.append("  " + t(context, "Hidden on the website by a volunteer: {words}",
                                  words=quoted(hers)))
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
    changes = data.get("relation_changes") or []
    now = [c for c in changes if c.get("current", True)]  # of her tie now (db.household_kept)
    lines = [t(context, "What Steward keeps about you:"),
             t(context, "• Name: {name}", name=person.get("name") or none),
             *([t(context, "• Names you corrected, kept only so that the site keeps hiding them "
                           "in what was written before: {names}",
                  names=listing(lang_of(context), person["former_names"]))]
               if person.get("former_names") else []),
             t(context, "• Telegram username: {username}",
               username=person.get("username") or none),
             *([t(context, TELEGRAM_NUMBER, number=person["telegram_id"])]
               if person.get("telegram_id") is not None else []),
             t(context, "• Language: {language}", language=t(context, LANGUAGES.get(
                 str(person.get("language")), NO_LANGUAGE))),
             t(context, "• Phone: {phone}", phone=person.get("phone") or none),
             t(context, "• Household: {home}", home=home or none)
             + await _left(context, data, bool(home)),
             *([t(context, "• You are this home's: {relation}",
                  relation=relation_words(lang_of(context), person.get("relation")))]
               if home else []),
             *([t(context, "• Changes of that answer (seen only by you):")]
               if home and now else []),
             *changes_words(context, person.get("id"), now if home else []),
             *await _former_answers(context, person, changes),
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
             *_home_records(context, data.get("household_records") or []),
             *_mentioned(context, data.get("mentioned_by_others") or []),
             *([t(context, "Each of them, newest first:")] if data.get("entries") else [])]
    return lines


MENTIONED = lazy("• Entries by others that mention you ({count}), their words as the website "
                 "shows them:")
MENTION_LINE = lazy("#{id} {date} {kind} by {role}, {status}, {public}; it says your {how}: "
                    "{text}")
MENTION_HOW = {"name": lazy("name"), "room": lazy("room")}


def _mentioned(context: ContextTypes.DEFAULT_TYPE, found: list[dict[str, Any]]) -> list[str]:
    """Others' entries whose words name her or her room (``db.mentions``), each by the
    role of who wrote it (as the site signs it), its words masked as the site shows them:
    /mydata listed only what she sent and what was recorded for her household, and a
    neighbour's report naming her (101室王秀兰家漏水) was kept about her unseen."""
    if not found:
        return []
    lang = lang_of(context)
    lines = [t(context, MENTIONED, count=len(found))]
    for m in found[:MAX_HOME_VOTES]:
        lines.append("  " + t(context, MENTION_LINE, id=m["id"], date=str(m.get("at", ""))[:10],
                              kind=word(context, labels.KIND, m.get("kind")),
                              role=signature(lang, str(m.get("role") or "")) or "—",
                              status=status_word(context, m.get("kind"), m.get("status")),
                              public=t(context, "public") if m.get("public")
                              else t(context, "not public"),
                              how=listing(lang, (t(context, MENTION_HOW[h])
                                                 for h in m.get("says") or ()
                                                 if h in MENTION_HOW)),
                              text=short(m.get("text"), 80)))
    if len(found) > MAX_HOME_VOTES:
        lines.append("  " + t(context, "{count} more in the file (the button below).",
                              count=len(found) - MAX_HOME_VOTES))
    return lines


# What /mydata says of the Telegram number and language it keeps (🗑 删除 says it keeps
# them after: they were not listed).
TELEGRAM_NUMBER = lazy("• Telegram number: {number} (how the bot knows it is you; never "
                       "published)")
LANGUAGES = {"zh": lazy("Chinese"), "en": lazy("English")}
NO_LANGUAGE = lazy("not chosen (Chinese is used)")


FORMER_ANSWER = lazy("• What you said of how you stood to {home} while you lived there (no "
                     "longer your answer: kept as a record, seen only by you):")
FORMER_ANSWER_UNKNOWN = lazy("• What you said of how you stood to a home you no longer live in "
                             "(no longer your answer: kept as a record, seen only by you):")


async def _former_answers(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                          changes: list[dict[str, Any]]) -> list[str]:
    """How she said she stood to a flat she no longer lives in (owner, tenant), under
    that flat, said to be no longer her answer. After she moved out, /mydata read 这一回答
    的更改记录：尚未回答 → 业主本人 below 住址：没有保存, of no answer shown, as if she
    were still the owner of something; after she moved within the street, below 您是这套房
    的：尚未回答, the answer she gave of the flat she left."""
    by_home: dict[str | None, list[dict[str, Any]]] = {}
    for c in changes:
        if not c.get("current", True):
            by_home.setdefault(c.get("home"), []).append(c)
    lines: list[str] = []
    for flat, said in by_home.items():
        if flat:
            try:
                place = await read(repo_of(context).street.household_label, flat)
            except (KeyError, ValueError):
                place = flat
            lines.append(t(context, FORMER_ANSWER, home=place))
        else:
            lines.append(t(context, FORMER_ANSWER_UNKNOWN))
        lines += changes_words(context, person.get("id"), said)
    return lines


async def _left(context: ContextTypes.DEFAULT_TYPE, data: dict[str, Any], home: bool) -> str:
    """For someone with no home now whose last tie to a flat ended as moving out
    (``db.moving``): which flat, since when; else nothing."""
    for line in reversed([] if home else data.get("role_changes") or []):
        if str(line.get("note") or "").startswith(MOVED_OUT_NOTE):
            flat = str(line.get("from") or "").partition(":")[2]
            try:
                flat = await read(repo_of(context).street.household_label, flat)
            except (KeyError, ValueError):
                pass
            return t(context, " (no longer registered at {home} since {day})", home=flat,
                     day=str(line.get("at") or "")[:10])
        if str(line.get("to") or "").startswith("resident:"):
            break
    return ""


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


def _home_records(context: ContextTypes.DEFAULT_TYPE, kept: list[dict[str, Any]]) -> list[str]:
    """The fees, reports and opinions others recorded for her household
    (``db.household_kept``), by role, each with where it stands (a volunteer's notes on
    it left out): a fee a volunteer collected at her door was kept about her home, and
    /mydata listed only what she sent herself."""
    if not kept:
        return []
    lines = [t(context, "• Recorded for your household by someone else: {count}",
               count=len(kept))]
    for k in sorted(kept, key=lambda k: -int(k["id"]))[:MAX_HOME_VOTES]:
        kind = word(context, labels.KIND, k.get("kind"))
        if k.get("kind") == Kind.FEE_INCOME:
            what = (f"{word(context, labels.FEE_TYPE, k.get('fee_type'))} "
                    f"{k.get('period') or ''} {format_fen(int(k.get('amount_fen') or 0))}")
        elif k.get("kind") == Kind.ISSUE:
            what = t(context, "{category}: {text}", text=short(
                k.get("voice_summary") or k.get("text"), 60),
                category=word(context, labels.ISSUE_CATEGORY, k.get("category")))
        else:
            what = short(k.get("voice_summary") or k.get("text"), 60)
        lines.append("  " + t(context, "#{id} {date} {kind}: {what} (by {role}; {status})",
                              id=k["id"], date=str(k.get("at", ""))[:10], kind=kind,
                              what=what, role=k.get("role") or "—",
                              status=status_word(context, k.get("kind"), k.get("status"))))
    if len(kept) > MAX_HOME_VOTES:
        lines.append("  " + t(context, "{count} more in the file (the button below).",
                              count=len(kept) - MAX_HOME_VOTES))
    return lines
