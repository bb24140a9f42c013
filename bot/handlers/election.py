"""Electing the committee (art. 278 item 3), in the bot: /election (a
volunteer of the area, or the admin setting up a new one) and /seat (an
admin gives the elected their committee role, all at once).

/election is a flow as ``bot.flows`` says: area, title, seats, candidates
(one role title a line, never a name: the site shows them), deadline, then a
summary to confirm; the area's residents are told, and vote with /vote
(``bot.handlers.ballot``). The election closes by itself at its deadline and
its result is announced like any vote's (``bot.handlers.closevote``).

/seat is in ``bot.handlers.seat``; its command and buttons are among this module's.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes, MessageHandler

from db.elections import MAX_CANDIDATE_TITLE, MAX_CANDIDATES, MAX_SEATS, candidate_refused
from db.errors import DomainError
from db.matters import matter

from .. import kept
from ..commands import Audience, Command, Flow
from ..context import call, drop_buttons, read, reply, repo_of, t
from ..flows import (
    END,
    TEXT_INPUT,
    Answered,
    answer,
    button_args,
    buttons,
    clean_text,
    confirmed,
    current_draft,
    draft,
    gone,
    keyboard,
    new_draft,
    refuse,
    sealed,
    typed,
    unexpected,
)
from ..i18n import lazy
from ..staff import (
    area_name,
    choose_area,
    chosen_area,
    explain,
    require_staff,
    title_said,
    title_typed,
    typed_count,
)
from ..step_buttons import AREA_STEP, remember, shown
from .election_back import (
    BACK,
    E_AREA,
    E_CANDIDATES,
    E_CONFIRM,
    E_DEADLINE,
    E_SEATS,
    E_TITLE,
    FLOW,
    PREFIX,
)
from .election_told import announce_election
from .paper import paper_hint
from .proposals import example_day, typed_day
from .propose_words import JOINT_DEADLINE_DAYS, notice_warning
from .seat import SEAT_COMMAND, SEAT_HANDLER, finish_seat

__all__ = ["COMMANDS", "HANDLERS", "finish_seat"]

MAX_TITLE = 100
DEADLINE_DAYS = JOINT_DEADLINE_DAYS  # an election is a joint matter: the notice the law asks
PRESSED_DAYS = {str(n) for n in (14, *DEADLINE_DAYS)}  # 14: the buttons before 15 days


async def election(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Starts an election; asks which area or its title."""
    person = await require_staff(update, context)
    if person is None:
        return END
    d = new_draft(context, FLOW)
    await title_typed(update, context, FLOW, d, MAX_TITLE)  # /election 第一届…: its title
    area = await choose_area(update, context, person, PREFIX, d, cancel=True)
    if area is None:
        return E_AREA
    return await _ask_title(update, context, area)


async def election_area(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the chosen area and asks for the title."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    area = await chosen_area(update, context, PREFIX, d)
    if area is None:  # a page of the areas turned, or a stale button refused
        return None
    return await _ask_title(update, context, area)


async def _ask_title(update: Update, context: ContextTypes.DEFAULT_TYPE, area: str) -> object:
    d = draft(context, FLOW)
    d["area"] = area
    said = title_said(context, d)  # typed with /election: said, and on to the seats
    if said:
        return await _ask_seats(update, context, said)
    return await BACK.say(update, context, E_TITLE, t(
        context, "New committee election for {area} (Civil Code art. 278 item 3). What is "
                 "its title? (e.g. 第一届物管会选举)", area=await area_name(context, area)),
        BACK.cancel_markup(context))


async def _ask_seats(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     before: str = "") -> object:
    return await BACK.say(update, context, E_SEATS, "\n".join(filter(None, [before, t(
        context, "How many seats does the committee have? (a number from 1 to {n})",
        n=MAX_SEATS)])))


async def _ask_candidates(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """The candidates so far (back at them), or what to send."""
    d = current_draft(context, FLOW) or {}
    if d.get("candidates"):
        return await _show_list(update, context, d)
    return await BACK.say(update, context, E_CANDIDATES, t(context, CANDIDATES))


async def election_title(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the title and asks how many seats."""
    title = clean_text(typed(update))
    if not title or len(title) > MAX_TITLE:
        await reply(update, t(context, "Please send a title of at most {n} characters.",
                              n=MAX_TITLE))
        return None
    draft(context, FLOW)["title"] = title
    return await _ask_seats(update, context)


async def election_seats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the seats and asks for the candidates."""
    seats = _seats(typed(update))
    if seats is None:
        await reply(update, t(context, "How many seats does the committee have? (a number "
                                       "from 1 to {n})", n=MAX_SEATS))
        return None
    draft(context, FLOW)["seats"] = seats
    return await _ask_candidates(update, context)


def _seats(text: str) -> int | None:
    """'3', '３' (full-width), '三', '3个', '十一席' -> the seats (1 to MAX_SEATS); None
    otherwise."""
    n = typed_count(text.strip().rstrip("席"))
    return n if n is not None and 1 <= n <= MAX_SEATS else None


CANDIDATES = lazy("Send the candidates, one a line, each by a role title of at most 40 "
                  "characters and never by name, e.g.\n候选人甲（退休教师，1号楼）\n"
                  "候选人乙（党小组长）\nThe site shows these titles; who they are stays "
                  "with you.")


NICKNAME = lazy("\"{title}\" calls the candidate {found}, as neighbours do: everyone in the "
                "compound knows who that is, and the site shows the candidates' titles to "
                "everyone. Write the role instead, e.g. {instead}.")
LINES_AGAIN = lazy("Send the lines again (none of them was added).")
NOT_OPENED = lazy("Nothing was opened.")


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
    for n, name in enumerate(names, len(listed) + 1):
        found = await read(repo_of(context).personal_in_candidate, area, name)
        refused = candidate_refused(name, found, n) if found is not None else None
        if refused is not None and refused.code == "candidate_nickname":  # 老张（楼长）
            await reply(update, "\n".join((t(context, NICKNAME, **refused.params),
                                           t(context, LINES_AGAIN))))
            return None
        if found is not None:
            what = t(context, "a phone or ID number") if found == "number" else \
                t(context, "a room number") if found == "room" else \
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
    return await BACK.say(update, context, E_CANDIDATES, text,
                          keyboard(choices, 1) if choices else None)


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
    return await BACK.say(update, context, E_DEADLINE, t(
        context, "Until when can households vote? Voting runs to the end of that day and "
                 "then closes by itself. Choose, or type a date like {example}.",
        example=example_day(today)), keyboard(days, 1))


async def election_deadline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the deadline (button or typed date) and shows the summary."""
    if update.callback_query:
        await answer(update)
    today = repo_of(context).clock().date()
    deadline: date | None = None
    if update.callback_query:
        args = button_args(update, PREFIX, "days", 1)
        if args is None or args[0] not in PRESSED_DAYS:
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
    back = BACK.noted(d, E_CONFIRM)  # before the seal: the draft as it is confirmed
    await reply(update, t(context, "Please check:\n{title}\nSeats: {seats}\nCandidates:\n"
                                   "{candidates}\nEach household backs up to {seats}; a "
                                   "candidate needs more than half of both the owners and the "
                                   "floor area taking part, and two thirds must take part.\n"
                                   "Voting until the end of {deadline}",
                          title=d["title"], seats=d["seats"], candidates=listed,
                          deadline=d["deadline"]) + _late(context, d),
                reply_markup=remember(d, E_CONFIRM, BACK.with_back(context, back, sealed(keyboard(
                    [(t(context, "Open the election"), f"{PREFIX}:ok:1"),
                     (t(context, "Cancel"), f"{PREFIX}:ok:0")], 1), d, f"{PREFIX}:ok"))))
    return E_CONFIRM


def _late(context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> str:
    """The warning of an election closing sooner than the notice the law asks (15 days:
    ``propose_words.notice_warning``), after a blank line; ""."""
    late = notice_warning(context, matter("committee_election"), repo_of(context).clock()
                          .date(), date.fromisoformat(d["deadline"]))
    return f"\n\n{late}" if late else ""


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
    except DomainError as exc:  # a candidate called by a nickname: what to write instead
        await reply(update, explain(context, exc, {"candidate_nickname": NICKNAME})
                    + (" " + t(context, NOT_OPENED) if exc.code == "candidate_nickname" else ""))
        return END
    await drop_buttons(update)  # opened: 开始选举/取消 are not there to press again
    reached = await announce_election(context, entry)
    await reply(update, "\n".join(line for line in (
        t(context, "Election #{id} is open; {n} residents were told.", id=entry.id, n=reached),
        await paper_hint(context, entry)) if line))
    return END


CHOOSE = lazy("Please choose with the buttons above.")
B, K = BACK.backs, BACK.keeping  # ⬅️ 上一步 and 不改，继续 (election_back)
BACK.asks.update({E_TITLE: lambda u, c, d: _ask_title(u, c, d["area"]),
                  E_SEATS: lambda u, c, d: _ask_seats(u, c),
                  E_CANDIDATES: lambda u, c, d: _ask_candidates(u, c),
                  E_DEADLINE: lambda u, c, d: _ask_deadline(u, c), E_CONFIRM: _summary})
STATES: dict[object, list[Any]] = {
    E_AREA: [*buttons(PREFIX, {"area": election_area, "cancel": BACK.on_cancel}),
             *unexpected(CHOOSE, markup=shown(FLOW, AREA_STEP))],
    E_TITLE: [*B(E_TITLE), MessageHandler(TEXT_INPUT, K(E_TITLE, election_title)),
              *buttons(PREFIX, {"cancel": BACK.on_cancel}),
              *unexpected(lazy("Please send the title as text."), markup=shown(FLOW, E_TITLE))],
    E_SEATS: [*B(E_SEATS), MessageHandler(TEXT_INPUT, K(E_SEATS, election_seats)),
              *buttons(PREFIX, {}),
              *unexpected(lazy("Please send the number of seats."), markup=shown(FLOW, E_SEATS))],
    E_CANDIDATES: [*B(E_CANDIDATES), MessageHandler(TEXT_INPUT, election_candidates),
                   *buttons(PREFIX, {"cand": election_candidates_done,
                                     "undo": election_undo}),
                   *unexpected(CANDIDATES, markup=shown(FLOW, E_CANDIDATES))],
    E_DEADLINE: [*B(E_DEADLINE), *buttons(PREFIX, {"days": election_deadline}),
                 MessageHandler(TEXT_INPUT, K(E_DEADLINE, election_deadline)),
                 *unexpected(lazy("Please choose with the buttons above, or type a date from "
                                  "today on (明天, or like 2030-06-30)."),
                             markup=shown(FLOW, E_DEADLINE))],
    E_CONFIRM: [*B(E_CONFIRM), *buttons(PREFIX, {"ok": election_confirm}),
                *unexpected(CHOOSE, markup=shown(FLOW, E_CONFIRM))],
}

COMMANDS = [
    Command("election", "Open a committee election (art. 278 item 3)", election,
            audience=Audience.VOLUNTEER, order=54,
            extra={"title": lazy("Committee election (/election)")},
            flow=Flow(FLOW, STATES, resume=BACK.resume())),
    SEAT_COMMAND,
]

HANDLERS = [kept.stale_buttons(FLOW, PREFIX), SEAT_HANDLER]
