"""Electing the committee (art. 278 item 3), in the bot: /election (a
volunteer of the area, or the admin setting up a new one) and /seat (an
admin gives the elected their committee role, all at once).

/election is a flow as ``bot.flows`` says: area, title, seats, candidates
(one role title a line, never a name: the site shows them), deadline, then a
summary to confirm; the area's residents are told, and vote with /vote
(``bot.handlers.ballot``). The election closes by itself at its deadline and
its result is announced like any vote's (``bot.handlers.closevote``).

/seat N @user1 12345 ... names the Telegram account of each elected
candidate in the order of the result (/seat N alone lists them); a summary
asks to confirm, and one write grants them all. Its buttons are
``seat:ok:<N>`` / ``seat:no:<N>``, checked against the draft.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes, MessageHandler

from db.elections import MAX_CANDIDATE_TITLE, MAX_CANDIDATES, MAX_SEATS, is_election
from db.errors import DomainError
from db.people import volunteer_areas

from ..commands import Audience, Command, Flow
from ..context import call, drop_buttons, entry_or_none, read, reply, repo_of, t
from ..flows import (
    END,
    SEAL,
    TEXT_INPUT,
    Answered,
    answer,
    button_args,
    buttons,
    clean_text,
    confirmed,
    current_draft,
    draft,
    drop_draft,
    gone,
    keyboard,
    new_draft,
    refuse,
    sealed,
    stale_buttons,
    states,
    typed,
    unexpected,
)
from ..i18n import lazy
from ..menu import menu_maker
from ..notify import notify_once
from ..staff import (
    area_chosen,
    area_name,
    choose_area,
    entry_id_of,
    fail,
    require_admin,
    require_staff,
    typed_count,
    words,
)
from .ballot import ERRORS, announce_election, election_error
from .paper import paper_hint
from .proposals import example_day, typed_day
from .roles import find_user, set_staff_menu

__all__ = ["COMMANDS", "HANDLERS", "finish_seat"]

FLOW = "election"
PREFIX = "elx"
E_AREA, E_TITLE, E_SEATS, E_CANDIDATES, E_DEADLINE, E_CONFIRM = states(
    FLOW, "area", "title", "seats", "candidates", "deadline", "confirm")
SEAT = "seat"
SEAT_PREFIX = "seat"
(S_CONFIRM,) = states(SEAT, "confirm")
MAX_TITLE = 100
DEADLINE_DAYS = (14, 30)


async def election(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts an election; asks which area or its title."""
    person = await require_staff(update, context)
    if person is None:
        return END
    d = new_draft(context, FLOW)
    area = await choose_area(update, context, person, PREFIX, d)
    if area is None:
        return E_AREA
    return await _ask_title(update, context, area)


async def election_area(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the chosen area and asks for the title."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    area = area_chosen(update, PREFIX, d)
    if area is None:
        return await refuse(update, context)
    return await _ask_title(update, context, area)


async def _ask_title(update: Update, context: ContextTypes.DEFAULT_TYPE, area: str) -> object:
    draft(context, FLOW)["area"] = area
    await reply(update, t(context, "New committee election for {area} (Civil Code art. 278 "
                                   "item 3). What is its title? (e.g. 第一届物管会选举)",
                          area=await area_name(context, area)))
    return E_TITLE


async def election_title(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the title and asks how many seats."""
    title = clean_text(typed(update))
    if not title or len(title) > MAX_TITLE:
        await reply(update, t(context, "Please send a title of at most {n} characters.",
                              n=MAX_TITLE))
        return None
    draft(context, FLOW)["title"] = title
    await reply(update, t(context, "How many seats does the committee have? (a number from 1 "
                                   "to {n})", n=MAX_SEATS))
    return E_SEATS


async def election_seats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the seats and asks for the candidates."""
    seats = _seats(typed(update))
    if seats is None:
        await reply(update, t(context, "How many seats does the committee have? (a number "
                                       "from 1 to {n})", n=MAX_SEATS))
        return None
    draft(context, FLOW)["seats"] = seats
    await reply(update, t(context, CANDIDATES))
    return E_CANDIDATES


def _seats(text: str) -> int | None:
    """'3', '３' (full-width), '三', '3个', '十一席' -> the seats (1 to MAX_SEATS); None
    otherwise."""
    n = typed_count(text.strip().rstrip("席"))
    return n if n is not None and 1 <= n <= MAX_SEATS else None


CANDIDATES = lazy("Send the candidates, one a line, each by a role title of at most 40 "
                  "characters and never by name, e.g.\n候选人甲（退休教师，1号楼）\n"
                  "候选人乙（党小组长）\nThe site shows these titles; who they are stays "
                  "with you.")


PERSONAL = lazy("\"{title}\" holds {found}. The site shows the candidates' titles to "
                "everyone: please name the candidate by a role only, e.g. 候选人甲（退休教师，"
                "1号楼）, and send the lines again (none of them was added).")


async def election_candidates(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Adds the candidates sent (one a line) and shows the list so far."""
    d = draft(context, FLOW)
    names = [" ".join(line.split()) for line in clean_text(typed(update)).splitlines()]
    names = [n for n in names if n]
    listed: list[str] = list(d.get("candidates") or [])
    seats = int(d.get("seats") or 1)
    if len(names) == 1 and names[0] in _finished_words(context):
        # "就这些" typed instead of pressed ends the list, it is not a candidate
        if len(listed) >= seats:
            return await _ask_deadline(update, context)
        return await _show_list(update, context, d)
    if any(len(n) > MAX_CANDIDATE_TITLE for n in names) or not names:
        await reply(update, t(context, CANDIDATES))
        return None
    area = str(d.get("area") or "")
    for name in names:
        found = await read(repo_of(context).personal_in_candidate, area, name)
        if found is not None:
            what = t(context, "a phone or ID number") if found == "number" else \
                t(context, "what reads as a person's name") if found == "".join(name.split()) \
                else found
            await reply(update, t(context, PERSONAL, title=name, found=what))
            return None
    twice = [n for n in names if n in listed or names.count(n) > 1]
    if twice or len(listed) + len(names) > MAX_CANDIDATES:
        await reply(update, t(context, "Each candidate once, at most {most} in all: {twice}",
                              most=MAX_CANDIDATES, twice="、".join(twice) or "—"))
        return None
    listed += names
    d["candidates"] = listed
    return await _show_list(update, context, d)


async def _show_list(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     d: dict[str, Any]) -> object:
    """The candidates so far, with "That's all" once there are enough, and a button that
    takes back the last one (a name typed by mistake was there for good)."""
    listed, seats = list(d.get("candidates") or []), int(d.get("seats") or 1)
    shown = "\n".join(f"{n}. {c}" for n, c in enumerate(listed, 1)) or "—"
    choices = [(t(context, "That's all"), f"{PREFIX}:cand:done")] if len(listed) >= seats \
        else []
    if listed:
        choices.append((t(context, "↩️ Take back {n}", n=len(listed)),
                        f"{PREFIX}:undo:{len(listed)}"))
    text = t(context, "Candidates so far:\n{listed}\nSend more, or press \"That's all\".",
             listed=shown) if len(listed) >= seats else \
        t(context, "Candidates so far:\n{listed}\nSend more: at least {seats}, one for each "
                   "seat.", listed=shown, seats=seats)
    await reply(update, text, reply_markup=keyboard(choices, 1) if choices else None)
    return None


async def election_undo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Takes back the last candidate; a press on an older list takes back nothing."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    listed = list(d.get("candidates") or [])
    if button_args(update, PREFIX, "undo", 1) != [str(len(listed))] or not listed:
        return await refuse(update, context)
    d["candidates"] = listed[:-1]
    return await _show_list(update, context, d)


async def election_candidates_done(update: Update, context: ContextTypes.DEFAULT_TYPE
                                   ) -> object:
    """Closes the list of candidates and asks for the deadline."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    if button_args(update, PREFIX, "cand", 1) != ["done"] or \
            len(d.get("candidates") or []) < int(d.get("seats") or 1):
        return await refuse(update, context)
    return await _ask_deadline(update, context)


def _finished_words(context: ContextTypes.DEFAULT_TYPE) -> set[str]:
    """What a volunteer may type to mean the "That's all" button."""
    return {t(context, "That's all"), "That's all", "就这些", "没有了", "完成", "好了"}


async def _ask_deadline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Asks until when households can vote."""
    today = repo_of(context).clock().date()
    days = [(t(context, "{n} days ({date})", n=n, date=(today + timedelta(days=n))
               .isoformat()), f"{PREFIX}:days:{n}") for n in DEADLINE_DAYS]
    await reply(update, t(context, "Until when can households vote? Voting runs to the end of "
                                   "that day and then closes by itself. Choose, or type a date "
                                   "like {example}.", example=example_day(today)),
                reply_markup=keyboard(days, 1))
    return E_DEADLINE


async def election_deadline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the deadline (button or typed date) and shows the summary."""
    if update.callback_query:
        await answer(update)
    today = repo_of(context).clock().date()
    deadline: date | None = None
    if update.callback_query:
        args = button_args(update, PREFIX, "days", 1)
        if args is None or args[0] not in {str(n) for n in DEADLINE_DAYS}:
            return await refuse(update, context)
        deadline = today + timedelta(days=int(args[0]))
    else:
        deadline = typed_day(typed(update), today, ahead=True)
        if deadline is None or deadline < today:
            await reply(update, t(context, "Please type a date from today on, like "
                                           "{example}.", example=example_day(today)))
            return None
    d = current_draft(context, FLOW)
    if d is None or "candidates" not in d:
        return await gone(update, context)
    d["deadline"] = deadline.isoformat()
    return await _summary(update, context, d)


async def _summary(update: Update, context: ContextTypes.DEFAULT_TYPE,
                   d: dict[str, Any]) -> object:
    """Shows the election of draft ``d`` with sealed buttons to open or cancel it."""
    listed = "\n".join(f"{n}. {c}" for n, c in enumerate(d["candidates"], 1))
    await reply(update, t(context, "Please check:\n{title}\nSeats: {seats}\nCandidates:\n"
                                   "{candidates}\nEach household backs up to {seats}; a "
                                   "candidate needs more than half of both the owners and the "
                                   "floor area taking part, and two thirds must take part.\n"
                                   "Voting until the end of {deadline}",
                          title=d["title"], seats=d["seats"], candidates=listed,
                          deadline=d["deadline"]),
                reply_markup=sealed(keyboard([(t(context, "Open the election"), f"{PREFIX}:ok:1"),
                                              (t(context, "Cancel"), f"{PREFIX}:ok:0")], 1),
                                    d, f"{PREFIX}:ok"))
    return E_CONFIRM


async def election_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Opens the election (or cancels it) and tells the area's residents."""
    d = await confirmed(update, context, FLOW, PREFIX, lambda d: _summary(update, context, d))
    if isinstance(d, Answered):
        return d.state
    person = await require_staff(update, context)
    if person is None:
        return END
    try:
        entry = await call(repo_of(context).open_election, person["id"], d["area"],
                           title=d["title"], seats=d["seats"], candidates=d["candidates"],
                           deadline=d["deadline"])
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return END
    await drop_buttons(update)  # opened: 开始选举/取消 are not there to press again
    reached = await announce_election(context, entry)
    await reply(update, "\n".join(line for line in (
        t(context, "Election #{id} is open; {n} residents were told.", id=entry.id, n=reached),
        await paper_hint(context, entry)) if line))
    return END


# -- /seat ------------------------------------------------------------------------------


async def seat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Lists the elected of an election, or asks to confirm granting them the role."""
    person = await require_admin(update, context)
    if person is None:
        return END
    args = words(update)
    entry_id = entry_id_of(args[0]) if args else None
    if entry_id is None:
        await reply(update, t(context, SEAT_USAGE))
        return END
    repo = repo_of(context)
    try:
        found = await read(repo.entry, entry_id)
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return END
    spec = found.data.get("election") if is_election(found.data) else None
    elected = list((spec or {}).get("result", {}).get("elected") or [])
    if spec is None:
        await reply(update, t(context, ERRORS["not_election"], id=entry_id))
        return END
    if not elected:
        await reply(update, t(context, "#{id} has nobody elected to seat.", id=entry_id))
        return END
    if spec.get("seated"):  # before asking for accounts the domain would refuse
        await reply(update, t(context, ERRORS["already_seated"], id=entry_id))
        return END
    titles = {int(c["n"]): c["title"] for c in spec["candidates"]}
    listed = "\n".join(f"{i}. {titles.get(n, '?')}" for i, n in enumerate(elected, 1))
    users = args[1:]
    if len(users) != len(elected):
        await reply(update, t(context, "Elected in #{id}, in this order:\n{listed}\nSend /seat "
                                       "{id} and the Telegram id or @username of each, in the "
                                       "same order.", id=entry_id, listed=listed))
        return END
    ids: list[int] = []
    for u in users:
        tid = await find_user(context, u)
        if tid is None:
            await reply(update, t(context, "I do not know {user}. Use their Telegram id, or "
                                           "ask them to send /start first.", user=u))
            return END
        ids.append(tid)
    new_draft(context, SEAT, id=entry_id, ids=ids, users=users)
    known = await read(_who, repo, ids)
    pairs = "\n".join(f"{titles.get(n, '?')} → {u}（{known[tid] or t(context, NEVER_USED)}）"
                      for n, u, tid in zip(elected, users, ids, strict=True))
    await reply(update, t(context, "Grant the role {title} of {area} to:\n{pairs}\nThe site "
                                   "shows the role titles, never who they are.",
                          title=spec.get("committee_title") or "物管会委员",
                          area=await area_name(context, found.area), pairs=pairs),
                reply_markup=keyboard([
                    (t(context, "Grant the roles"), f"{SEAT_PREFIX}:ok:{entry_id}"),
                    (t(context, "Cancel"), f"{SEAT_PREFIX}:no:{entry_id}")], 1))
    return S_CONFIRM


NEVER_USED = lazy("has not used this bot yet: check the id")


def _who(repo: Any, ids: list[int]) -> dict[int, str]:
    """Who each Telegram id is, for the admin to check before granting a role: the
    name and home they registered ("" for someone the bot does not know)."""
    out: dict[int, str] = {}
    for tid in ids:
        person = repo.person_by_telegram(tid)
        if person is None:
            out[tid] = ""
            continue
        home = person.get("household")
        try:
            place = repo.street.household_label(home) if home else ""
        except KeyError:
            place = ""
        out[tid] = "，".join(x for x in (str(person.get("name") or "").strip(), place) if x)
    return out


SEAT_USAGE = lazy("Usage: /seat N (lists the elected of election N), then /seat N and the "
                  "Telegram id or @username of each elected candidate in that order.")


async def seat_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Grants the elected their committee role (or cancels), and tells each of them."""
    await answer(update)
    d = current_draft(context, SEAT)
    if d is None:
        return await gone(update, context)
    ok, no = (button_args(update, SEAT_PREFIX, a, 1) for a in ("ok", "no"))
    if (ok or no or [""])[0] != str(d["id"]):
        return await refuse(update, context)
    drop_draft(context, SEAT)
    if no:
        await reply(update, t(context, "Cancelled. Nothing was saved."))
        return END
    person = await require_admin(update, context)
    if person is None:
        return END
    repo = repo_of(context)
    try:
        seated = await call(repo.seat_elected, person["id"], d["id"], d["ids"])
    except DomainError as exc:
        await reply(update, election_error(context, exc))
        return END
    await _seated(update, context, await read(repo.entry, d["id"]), seated)
    return END


SEATED = lazy("You were elected in #{id}: you are now {title} of {area}. New entries to "
              "approve will come to this chat with \"✅ Approve\" and \"❌ Reject\" buttons "
              "under them: press one; those waiting already, send /pending to see. The menu "
              "below now starts with your work: \"To approve\", \"Handle reports\" and "
              "\"Record money\"; \"Help\" lists all the volunteer commands.")


async def _seated(update: Update, context: ContextTypes.DEFAULT_TYPE, election_entry: Any,
                  seated: list[dict[str, Any]]) -> None:
    """Tell each of the elected just seated of their role, once (``db.reminders`` key
    ``seated:<id>``, recorded as each went: a telling a stop cut short is finished at
    the next start, ``finish_seat``), give them the volunteers' menu, and tell the
    admin."""
    name = await area_name(context, election_entry.area)
    for subject in seated:
        await notify_once(context, [subject], f"seated:{election_entry.id}", SEATED,
                          markup=await menu_maker(context, subject), id=election_entry.id,
                          title=election_entry.data["election"].get("committee_title")
                          or "物管会委员", area=name)
        await set_staff_menu(context.application, subject)
    await reply(update, t(context, "Done: {n} elected now hold their committee role in {area}.",
                          n=len(seated), area=name))


async def finish_seat(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """An admin's 确认 of /seat (``seat:ok:<id>``) stored just before the bot stopped:
    the elected not told yet of their role are told now, and the admin as the press
    would have (before, they never learned they hold it, and the admin read "already
    saved … start again from the menu"); whether it was such a press (the election
    seated, the draft's accounts now of its committee)."""
    query = update.callback_query
    d = current_draft(context, SEAT)  # as it was before the press: not saved since
    if query is None or not d or "ids" not in d or update.effective_user is None or \
            (query.data or "").split(SEAL, 1)[0] != f"{SEAT_PREFIX}:ok:{d.get('id')}":
        return False
    repo = repo_of(context)
    election_entry = await entry_or_none(context, int(d["id"]))
    if election_entry is None:
        return False
    if not (election_entry.data.get("election") or {}).get("seated"):
        return False
    seated = [await read(repo.person_by_telegram, int(tid)) for tid in d["ids"]]
    if any(p is None or election_entry.area not in volunteer_areas(p) for p in seated):
        return False
    await _seated(update, context, election_entry, [p for p in seated if p is not None])
    return True


CHOOSE = lazy("Please choose with the buttons above.")
STATES: dict[object, list[Any]] = {
    E_AREA: [*buttons(PREFIX, {"area": election_area}), *unexpected(CHOOSE)],
    E_TITLE: [MessageHandler(TEXT_INPUT, election_title), *buttons(PREFIX, {}),
              *unexpected(lazy("Please send the title as text."))],
    E_SEATS: [MessageHandler(TEXT_INPUT, election_seats), *buttons(PREFIX, {}),
              *unexpected(lazy("Please send the number of seats."))],
    E_CANDIDATES: [MessageHandler(TEXT_INPUT, election_candidates),
                   *buttons(PREFIX, {"cand": election_candidates_done,
                                     "undo": election_undo}),
                   *unexpected(CANDIDATES)],
    E_DEADLINE: [*buttons(PREFIX, {"days": election_deadline}),
                 MessageHandler(TEXT_INPUT, election_deadline),
                 *unexpected(lazy("Please choose with the buttons above, or type a date from "
                                  "today on (明天, or like 2030-06-30)."))],
    E_CONFIRM: [*buttons(PREFIX, {"ok": election_confirm}), *unexpected(CHOOSE)],
}
SEAT_STATES: dict[object, list[Any]] = {
    S_CONFIRM: [*buttons(SEAT_PREFIX, {"ok": seat_confirm, "no": seat_confirm}),
                *unexpected(CHOOSE)],
}

COMMANDS = [
    Command("election", "Open a committee election (art. 278 item 3)", election,
            audience=Audience.VOLUNTEER, order=54,
            extra={"title": lazy("Committee election (/election)")},
            flow=Flow(FLOW, STATES)),
    Command("seat", "Give the elected of an election their committee role: /seat N users...",
            seat, audience=Audience.ADMIN, order=82,
            extra={"title": lazy("Seating the elected (/seat)")},
            flow=Flow(SEAT, SEAT_STATES)),
]

HANDLERS = [stale_buttons(PREFIX), stale_buttons(SEAT_PREFIX)]
