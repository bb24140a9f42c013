"""/mine (我的): what the resident sent and where each entry stands, newest
first; a resolved problem report has a "not fixed" button that, once confirmed,
reopens it (``bot.handlers.reopen``; only its author may), a fee or an expense nobody
approved yet a 撤回 button that withdraws it (``take_back``).

A vote reads as the owner's vote is (``db.votes``: one vote per owner, a later
one replaces the earlier): a vote that replaced the resident's own earlier one
says what it was changed from, one that replaced someone else's (a paper
signature, a housemate's vote) says so; the resident's vote replaced by
someone else's is listed with what counts now, while one she replaced herself
is left out (her later vote tells it). Once the proposal is decided, each vote
says its result (通过 / 未通过); a withdrawn one's, that no vote counts."""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db import labels
from db.entries import Entry, Kind, Status
from db.fee_remark import REMARK
from db.money import format_fen
from db.people import is_admin, resident_area, supervisor_areas, volunteer_areas
from db.privacy import CORRECTABLE
from db.relation import NOT_COUNTED

from ..commands import Audience, Command
from ..context import (
    lang_of,
    person_of,
    read,
    reply,
    repo_of,
    status_word,
    t,
    word,
)
from ..describe import asked_lines
from ..flows import short
from ..former_votes import (
    REPLACED_AFTER_LEAVING,
    REPLACED_BY_OTHER_FLAT_AFTER_LEAVING,
    cast_by_former,
    summary_said,
)
from ..i18n import lazy
from ..keyboards import button, go_data
from ..menu import menu_of
from ..private_only import in_private
from ..resident import choose_household
from ..voice_words import entry_words
from . import reopen
from .ask import ask_button
from .ask_author import answer_rows
from .mine_parts import (
    backed_lines,
    fees_paid,
    household_lines,
    latest_steps,
    recorded_lines,
    split_recorded,
)
from .money_steps import TAKE_BACK
from .paper import HOW
from .registration import REDO
from .reopen import PREFIX, not_fixed_button, reopen_key, tell_reopened
from .take_back import OWN_TAKEN_BACK, shown_status, taken_back, unpublished_line

__all__ = ["COMMANDS", "HANDLERS", "entry_summary", "not_fixed_button", "shown_status",
           "moved_facts",
           "tell_reopened", "reopen_key", "PREFIX"]

MAX_SHOWN = 10
PAPER_WINDOW = 100  # a volunteer's newest entries read, to find her own among paper ones
MAX_REOPEN_BUTTONS = 5
WAITED_DAYS = 2  # from this many days waiting for review, /mine says how long
TENANT_VOTE = lazy("you said you are a tenant, and only the owner (or the owner's family for "
                   "them) votes on a joint matter of the owners (Civil Code art. 278)")
STAFF_HOME = lazy("If you live here yourself, you can register your household with the "
                  "button below.")
REGISTER = lazy("Register your household first: press the button below.")


def entry_summary(context: ContextTypes.DEFAULT_TYPE, e: Entry,
                  corrected: str | None = None) -> str:
    """What an entry of the resident's is, in a few words: a report's category and
    text, a fee's type, period and amount, a vote's choice (also /mydata's list).
    ``corrected``: the words of its approved correction, shown in its place, as the
    website does (``corrected_words``)."""
    d = e.data
    repo = repo_of(context)
    # a voice message in her language, short as a list's line on a phone (🎤语音 0:23：…),
    # not the site's 语音留言（0:23），志愿者摘要：…, which took a line of its own
    text = entry_words(lang_of(context), d, brief=True) if d.get("voice") else d.get("text")
    room = 60  # characters of its words; a correction's, with its mark after them
    if corrected and e.kind in CORRECTABLE:
        text, room = t(context, "{text} (corrected)", text=short(corrected, 60)), 80
    if e.kind == Kind.ISSUE:
        return t(context, "{category}: {text}", text=short(text, room),
                 category=word(context, labels.ISSUE_CATEGORY, d.get("category"))) \
            + _proxied(context, d)
    if e.kind == Kind.OPINION and (d.get("proxy") or d.get("voice") or corrected):
        return short(text, room) + _proxied(context, d)
    if corrected and e.kind in CORRECTABLE:
        return short(text, room)
    if e.kind == Kind.FEE_INCOME:
        text = (f"{word(context, labels.FEE_TYPE, d.get('fee_type'))} {d.get('period', '')} "
                f"{format_fen(int(d.get('amount_fen') or 0))}")
        if d.get("collected"):  # a volunteer's, collected door to door: from whom
            try:
                place = repo.street.household_label(d["household"]) if d.get("household") \
                    else str(d.get("unit_label") or "")
            except KeyError:
                place = str(d.get("household"))
            text = f"{text} {place}".strip()
        if d.get(REMARK):  # her note for the volunteers (db.fee_remark): hers to see
            text += t(context, " (note: {remark})", remark=short(d[REMARK], 60))
        return text
    if e.kind == Kind.VOTE and "backs" in d:  # an election's ballot (bot.handlers.ballot)
        backs = "、".join(str(n) for n in d.get("backs") or [])
        return (t(context, "election #{id}: candidates {backs}", id=d.get("proposal"),
                  backs=backs) if backs else t(context, "election #{id}: a blank ballot",
                                               id=d.get("proposal"))) + _on_paper(context, d)
    if e.kind == Kind.VOTE:
        return t(context, "proposal #{id}: {choice}", id=d.get("proposal"),
                 choice=word(context, labels.CHOICE, d.get("choice"))) + _on_paper(context, d)
    if e.kind == Kind.REGISTRATION:
        try:
            return str(repo.street.household_label(d.get("household", "")))
        except KeyError:
            return str(d.get("household", ""))
    if e.kind == Kind.MEETING:
        return f"{word(context, labels.MEETING_KIND, d.get('meeting_kind'))} {d.get('date', '')}"
    if e.kind == Kind.PROGRESS_NOTE and d.get("opinion"):  # /reply: which opinion it answers
        return t(context, "reply to opinion #{id}: {text}", id=d["opinion"],
                 text=short(d.get("text"), 60))
    if e.kind == Kind.EXPENSE:  # it was listed as "支出（…）： —— 已入账", with nothing said
        return f"{short(d.get('purpose'), 60)} {format_fen(int(d.get('amount_fen') or 0))}"
    return short(d.get("text") or d.get("title") or d.get("purpose") or d.get("reason") or "",
                 60)



def _home(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> str:
    """The household an entry was recorded for, as a label ("" when none)."""
    try:
        return str(repo_of(context).street.household_label(d["household"])) \
            if d.get("household") else ""
    except KeyError:
        return str(d.get("household"))


def _proxied(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> str:
    """For a report or opinion a volunteer recorded for a household (代办): whose, as
    我的 lists it; it read as her own."""
    place = _home(context, d) if d.get("proxy") else ""
    return t(context, " (recorded for {household})", household=place) if place else ""


def _on_paper(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> str:
    """For a paper signature (or ballot) a volunteer recorded door to door: which
    household's, as 我的 lists it. Her twenty signatures read 提议 #498：同意 twenty
    times, as if she had voted twenty times."""
    if not d.get("paper"):
        return ""
    place = _home(context, d)
    return t(context, " (a paper signature for {household})", household=place) if place \
        else t(context, " (a paper signature)")


def _choice(context: ContextTypes.DEFAULT_TYPE, vote: Entry) -> str:
    """What a vote chose: agree / disagree / abstain, or an election's candidates."""
    if "backs" in vote.data:
        backs = "、".join(str(n) for n in vote.data.get("backs") or [])
        return t(context, "candidates {backs}", backs=backs) if backs else \
            t(context, "a blank ballot")
    return word(context, labels.CHOICE, vote.data.get("choice"))


# an election's result as its announcement says it (bot.handlers.vote_results)
ELECTED, NONE_ELECTED = lazy("the committee is elected"), lazy("nobody was elected")


async def _vote_facts(context: ContextTypes.DEFAULT_TYPE, person_id: int,
                      e: Entry) -> tuple[str, str]:
    """The summary and the status of a vote of the resident as /mine says them: its
    change, what counts now if it was replaced, and the proposal's result once decided."""
    repo = repo_of(context)
    summary, status = entry_summary(context, e), status_word(context, e.kind, e.status)
    previous = e.data.get("replaces")
    if e.status == Status.COUNTED and previous:
        before = await read(repo.entry, int(previous))
        if before.author == person_id:
            summary = t(context, "{summary} (changed from “{old}”)", summary=summary,
                        old=_choice(context, before))
        elif await cast_by_former(context, before):  # which way they voted is theirs
            summary = t(context, await summary_said(context, before, e.data.get("household")),
                        summary=summary)
        else:
            summary = t(context, "{summary} (replaces the earlier vote “{old}”, {how})",
                        summary=summary, old=_choice(context, before),
                        how=t(context, HOW[bool(before.data.get("paper"))]))
    elif e.status == Status.REPLACED:
        now = await read(repo.counting_vote, e.id)
        me = await read(repo.person, person_id) or {}
        home = me.get("household")
        if now is not None and home != e.data.get("household") and \
                now.data.get("household") == e.data.get("household"):  # she moved out
            status = t(context, REPLACED_AFTER_LEAVING)  # their vote is not hers to know
        elif now is not None and home != e.data.get("household") and \
                home != now.data.get("household") and now.author != person_id:
            # she left, and the owner's other flat voted: theirs, not hers to know
            status = t(context, REPLACED_BY_OTHER_FLAT_AFTER_LEAVING)
        elif now is not None:
            if now.data.get("paper"):
                how = t(context, "a paper signature recorded by {role}", role=now.author_role)
            elif now.data.get("household") == e.data.get("household"):
                how = t(context, "an online vote of another resident of your household")
            else:
                how = t(context, "an online vote from another flat of the same owner")
            status = t(context, "replaced: “{choice}” counts now ({how})",
                       choice=_choice(context, now), how=how)
    kind, decided = await read(repo.entry_state, int(e.data["proposal"]))
    if decided == Status.WITHDRAWN:  # never decided: no vote of it counts
        status = t(context, "proposal withdrawn, votes not counted")
    elif decided != Status.OPEN:  # an election's: elected or not, not 通过 / 未通过
        status = t(context, "{status}; result: {outcome}", status=status, outcome=t(
            context, ELECTED if decided == Status.PASSED else NONE_ELECTED)
            if "backs" in e.data else status_word(context, kind, decided))
    return summary, status


async def _overruled(context: ContextTypes.DEFAULT_TYPE, person_id: int) -> list[Entry]:
    """The resident's recent votes that someone else's later vote replaced (her own
    change of mind is told by her later vote)."""
    repo = repo_of(context)
    replaced = await read(repo.recent_entries, person_id, status=[Status.REPLACED],
                          limit=MAX_SHOWN)
    out = []
    for e in replaced:
        if e.kind != Kind.VOTE:
            continue
        now = await read(repo.counting_vote, e.id)
        if now is None or now.author != person_id:
            out.append(e)
    return out


def moved_facts(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                e: Entry) -> tuple[str, str] | None:
    """A confirmed registration for a household that is no longer the person's: said so,
    with the one that is. Two lines read 已确认, 402 and 401, and she could not tell
    which was her household now (found in the elderly residents' trial)."""
    now = person.get("household")
    if e.kind != Kind.REGISTRATION or e.status != Status.APPROVED or \
            e.data.get("household") == now:
        return None
    if not now:
        return entry_summary(context, e), t(context, "confirmed, no longer your household")
    try:
        place = str(repo_of(context).street.household_label(now))
    except KeyError:
        place = str(now)
    return entry_summary(context, e), t(context, "confirmed, later changed to {household}",
                                   household=place)


async def corrected_words(context: ContextTypes.DEFAULT_TYPE, entries: list[Entry]
                          ) -> dict[int, str]:
    """The words of the latest approved correction of each of ``entries`` corrected (by
    id), read from its area's corrections (indexed). 我的 showed a report's words, or a
    voice report's summary, as they were before she corrected them."""
    ids = {e.id for e in entries if e.kind in CORRECTABLE}
    out: dict[int, str] = {}
    for area in sorted({e.area for e in entries if e.id in ids and e.area}):
        for c in await read(repo_of(context).entries, area=area, kind=Kind.CORRECTION,
                            status=Status.APPROVED):  # oldest first: the latest wins
            target, text = c.data.get("corrects"), c.data.get("text")
            if target in ids and isinstance(text, str) and text.strip():
                out[int(target)] = text
    return out


def _line(context: ContextTypes.DEFAULT_TYPE, e: Entry,
          facts: tuple[str, str] | None = None,
          latest: tuple[str, str, str] | None = None, today: date | None = None,
          corrected: str | None = None) -> str:
    was_taken_back = taken_back(e)
    summary, status = facts or (entry_summary(context, e, corrected), shown_status(context, e))
    line = t(context, "#{id} {kind} ({date}): {summary} — {status}", id=e.id,
             kind=word(context, labels.KIND, e.kind), date=e.created[:10],
             summary=summary, status=status)
    waited = (today - date.fromisoformat(e.created[:10])).days \
        if today is not None and e.status == Status.PENDING else 0
    if waited >= WAITED_DAYS:  # "待审核" alone for a report sent weeks ago
        line += "\n  " + t(context, "Waiting {days} days for a volunteer's review so far.",
                            days=waited)
    if e.kind in (Kind.FEE_INCOME, Kind.EXPENSE, Kind.REVERSAL) and e.data.get("ledger_seq"):
        line += t(context, " (line {seq})", seq=e.data["ledger_seq"])  # what /reverse takes
    if e.status == Status.REJECTED and e.history and e.history[-1].get("note") and \
            not was_taken_back:
        note = e.history[-1]["note"]  # a tenant's vote (db.relation): in the reader's words
        reason = t(context, TENANT_VOTE) if note == NOT_COUNTED else short(note, 200)
        line += "\n  " + t(context, "Reason: {reason}", reason=reason)
        if latest is not None and latest[2] == note:  # the reason, said once (not twice)
            latest = None
    why = unpublished_line(context, e)  # withdrawn by her /unpublish: said so, in her words
    if why:
        line += "\n  " + why
    if latest is not None:  # what a volunteer did last, in their words
        when, who, note = latest
        line += "\n  " + t(context, "Latest ({date}, {who}): {note}", date=when[5:10],
                            who=who, note=short(note, 200))
    if e.kind == Kind.QUESTION and e.data.get("answer"):
        line += "\n  " + t(context, "Answer: {text}", text=short(e.data["answer"], 300))
    for said in asked_lines(e, lang_of(context)):  # a volunteer's question, her answer
        line += "\n  " + said
    if e.kind == Kind.ISSUE and e.data.get("me_too"):
        line += "\n  " + t(context, "Other households that reported it too: {count}.",
                           count=len(e.data["me_too"]))
    if e.data.get("withheld"):  # after 撤回公开同意 it read 已受理 as if still on the site
        line += "\n  " + t(context, "You withdrew your consent: its words and photos are no "
                                    "longer on the website.")
    return line


EARLIER = lazy("📄 See what I sent in earlier years")


async def mine_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Lists the fees the caller's household paid and what the caller sent, newest first,
    with "not fixed" buttons (in a group: only where to send it, ``bot.private_only``)."""
    if not await in_private(update, context, "mine"):
        return
    person = await person_of(update, context)
    shown = [s for s in Status if s != Status.REPLACED]  # replaced votes: _overruled
    repo = repo_of(context)
    total = await read(repo.count_entries, author=person["id"], status=shown)
    # a volunteer's paper signatures recorded for households are summed up, not listed:
    # a grid worker's 我的 was ten lines of 投票 for others and nothing of her own
    wide = MAX_SHOWN + PAPER_WINDOW if volunteer_areas(person) else MAX_SHOWN
    entries = await read(repo.recent_entries, person["id"], status=shown, limit=wide)
    overruled = await _overruled(context, person["id"])
    entries, signed = split_recorded(sorted([*entries, *overruled], key=lambda e: e.id))
    total += len(overruled) - len(signed)
    entries = entries[-MAX_SHOWN:]
    fees = await fees_paid(context, person)
    backed = [*await recorded_lines(context, signed), *await backed_lines(context, person),
              *await household_lines(context, person)]
    if not entries:
        hint = "" if person.get("household") else "\n" + t(  # a volunteer may live elsewhere
            context, STAFF_HOME if volunteer_areas(person) or is_admin(person) else REGISTER)
        # what was sent before this year is counted, never said not to exist
        said = t(context, "Nothing you sent is from this year or still open; you sent {count} "
                          "earlier.", count=total) if total else \
            t(context, "You have not sent anything yet.")
        # 往年您提交过 4 条, and no way to see them: /mydata's button (it lists them all)
        markup = _markup(context, person, [[button(t(context, EARLIER), go_data("mydata"))]]
                         if total else [])
        if hint:  # the 🏠 button the hint speaks of, first
            markup = InlineKeyboardMarkup([
                *choose_household(lang_of(context)).inline_keyboard,
                *(markup.inline_keyboard if markup else ())])
        await reply(update, "\n".join([*fees, said, *backed]) + hint,
                    reply_markup=markup or await menu_of(update, context))
        return
    newest = list(reversed(entries))[:MAX_SHOWN]
    lines = [*fees, t(context, "What you sent, newest first:")]
    latest = await latest_steps(context, newest)
    today = repo.clock().date()
    fixed = await corrected_words(context, newest)
    lines += [_line(context, e, await _vote_facts(context, person["id"], e)
                    if e.kind == Kind.VOTE else moved_facts(context, person, e),
                    latest.get(e.id), today, fixed.get(e.id)) for e in newest]
    if total > len(newest):
        # not only older: a finished one of an earlier year is left out though newer than
        # an open one listed (it said 还有 3 条更早的 of a vote sent after a report shown)
        lines.append(t(context, "…and {count} more not listed here (finished in an earlier "
                                "year, or older): the button below (or /mydata) shows all of "
                                "them.",
                       count=total - len(newest)))
    lines += backed
    resolved = [e for e in newest if e.kind == Kind.ISSUE and e.status == Status.RESOLVED]
    # those not listed, with a button as when none is (it said only: send /mydata)
    rows = [[button(t(context, EARLIER), go_data("mydata"))]] if total > len(newest) else []
    if resolved:
        lines.append(t(context, "If a resolved problem is not really fixed, press its button."))
        rows = [[not_fixed_button(lang_of(context), e.id)]
                for e in resolved[:MAX_REOPEN_BUTTONS]] + rows
    waiting = [e for e in newest if e.kind in OWN_TAKEN_BACK and e.status == Status.PENDING]
    # her registration waiting too (撤回 typed while it waits led here: listed 待审核, and
    # no way to take it back), with the button of its "waiting" message, which asks first
    registering = [e for e in newest if e.kind == Kind.REGISTRATION and
                   e.status == Status.PENDING][:1]
    if waiting or registering:  # sent, not yet reviewed: its author may take it back
        lines.append(t(context, "What you sent that no volunteer has reviewed yet can be "
                                "withdrawn with its button."))
        rows += [[button(t(context, "Withdraw #{id}", id=e.id), f"{TAKE_BACK}:ask:{e.id}")]
                 for e in waiting[:MAX_REOPEN_BUTTONS]]
        rows += [[button(t(context, "Wrong household? Withdraw it and choose again"),
                         f"{REDO}:{e.id}")] for e in registering]
    rows += answer_rows(context, newest, MAX_REOPEN_BUTTONS)  # a question still to answer
    await reply(update, "\n".join(lines), reply_markup=_markup(context, person, rows))


def _markup(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
            rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup | None:
    """The "not fixed" buttons, and 提问 for who may ask in public."""
    if resident_area(person) or supervisor_areas(person):
        rows = [*rows, [ask_button(lang_of(context))]]
    return InlineKeyboardMarkup(rows) if rows else None


COMMANDS = [
    Command("mine", "See what you sent and its status", mine_command,
            audience=Audience.RESIDENT, menu_label="Mine", order=60),
]

HANDLERS = reopen.HANDLERS
