"""A paper signature recorded at the wrong door, taken back: /paper N <household> 撤销,
or the 记错了门 button under the volunteer's receipt of it (``strike_markup``).

A grid worker at 101 who meant 102 had no way back: 101 could only be changed to 反对 or
弃权, both still counted in the turnout (art. 278 asks two thirds of the owners and of
the area to take part: a signature nobody gave can make a vote lawful that was not).
Now the volunteer is asked first (``ps:y:<vote>`` / ``ps:n``), then ``Repository.
strike_paper`` stops it counting (kept, ``rejected`` with its reason, never deleted),
the turnout is said again, and the residents of the flat, who were told it was recorded
(``paper.tell_households``), are told it was taken back, each once across a kill
(``notify_once``). A press handled again after a kill finds the signature struck already
and finishes the same way.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db import labels
from db.entries import Entry, Kind, Status
from db.errors import DomainError
from db.votes import is_struck

from ..context import (
    call,
    drop_buttons,
    entry_or_none,
    person_of,
    read,
    reply,
    repo_of,
    t,
    word,
)
from ..flows import answer, button_args, keyboard, refuse
from ..i18n import lazy
from ..keyboards import parse_ints
from ..notify import notify_once
from ..staff import fail, require_staff, staff_areas
from .home_told import home_readers
from .turnout import turnout

__all__ = ["WORDS", "ask", "strike_markup", "HANDLERS", "struck_key", "finish_saved"]

PREFIX = "ps"
# what /paper N <household> takes for "take it back" in place of a choice
WORDS = {"撤销", "作废", "撤回", "记错了", "strike", "void", "undo"}


def struck_key(vote_id: int) -> str:
    """The ``db.reminders`` key of the residents told that ``vote_id`` was taken back."""
    return f"struck:{vote_id}"


def strike_markup(context: ContextTypes.DEFAULT_TYPE, vote: Entry) -> InlineKeyboardMarkup | None:
    """The button under a paper signature's receipt that takes it back (asked first);
    None for a signature over an earlier vote (recording the right choice over it is the
    way back: taking it back would not bring the earlier one back)."""
    if vote.data.get("replaces") is not None:
        return None
    return keyboard([(t(context, "Wrong door? Take it back"), f"{PREFIX}:a:{vote.id}")], 1)


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
              household: str) -> None:
    """Whether to take back the paper signature counted for ``household`` (typed:
    /paper N <household> 撤销); said plainly when there is none to take back."""
    repo = repo_of(context)
    label = await read(repo.street.household_label, household)
    vote = await read(repo.household_vote_entry, proposal.id, household)
    if vote is None:
        await reply(update, t(context, NOTHING, id=proposal.id, household=label))
        return
    await _ask(update, context, proposal, vote, label)


async def _ask(update: Update, context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
               vote: Entry, label: str) -> None:
    if not vote.data.get("paper"):  # how the owner voted online is said to nobody
        await reply(update, t(context, ONLINE, id=proposal.id, household=label))
        return
    if vote.data.get("replaces") is not None:
        await reply(update, t(context, REPLACES, id=proposal.id, household=label))
        return
    await reply(update, t(context, ASK, id=proposal.id, household=label, vote=vote.id,
                          role=vote.author_role, date=vote.created[:10],
                          choice=_held(context, vote)),
                reply_markup=keyboard([(t(context, "Take it back"), f"{PREFIX}:y:{vote.id}"),
                                       (t(context, "Keep it"), f"{PREFIX}:n:{vote.id}")], 1))


def _held(context: ContextTypes.DEFAULT_TYPE, vote: Entry) -> str:
    """What the signature says: its choice, or an election ballot's candidates."""
    if vote.data.get("backs") is not None:
        backs = vote.data.get("backs") or []
        return t(context, "a ballot for candidates {numbers}",
                 numbers="、".join(str(b) for b in backs)) if backs else \
            t(context, "a blank ballot")
    return word(context, labels.CHOICE, vote.data["choice"])


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ps:a:<vote> (the receipt's button: ask), ps:y:<vote> (take it back), ps:n:<vote>."""
    await answer(update)
    person = await require_staff(update, context)  # checked again at every press
    if person is None:
        return
    action, ints = next(((a, parse_ints(args)) for a in ("a", "y", "n")
                         if (args := button_args(update, PREFIX, a, 1))), ("", None))
    if not ints:
        await refuse(update, context)
        return
    repo = repo_of(context)
    vote = await entry_or_none(context, ints[0])
    proposal = await entry_or_none(context, int(vote.data.get("proposal") or 0)) \
        if vote is not None and vote.kind == Kind.VOTE else None
    if vote is None or proposal is None or \
            proposal.area not in await staff_areas(context, person):  # forged: not hers
        await refuse(update, context)
        return
    label = await read(repo.street.household_label, vote.data["household"])
    if action == "a":
        if vote.status != Status.COUNTED:
            await reply(update, t(context, GONE, vote=vote.id))
            return
        await _ask(update, context, proposal, vote, label)
        return
    await drop_buttons(update)  # answered
    if action == "n":
        await reply(update, t(context, "Nothing changed: #{vote} still counts.", vote=vote.id))
        return
    try:
        struck = await call(repo.strike_paper, person["id"], vote.id)
    except DomainError as exc:
        if exc.code != "struck_not_counted" or not is_struck(vote):
            await reply(update, t(context, ERRORS[exc.code], id=proposal.id, household=label,
                                  vote=vote.id) if exc.code in ERRORS else fail(context, exc))
            return
        struck = vote  # taken back already: this press again (a kill, or a double tap)
    await _struck(update, context, proposal, struck, person)


async def _struck(update: Update, context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                  vote: Entry, person: dict[str, Any]) -> None:
    """Tell the volunteer the signature ``vote`` was taken back, and its residents."""
    repo = repo_of(context)
    label = await read(repo.street.household_label, vote.data["household"])
    proposal = await read(repo.entry, proposal.id)
    await reply(update, "\n".join(x for x in (
        t(context, DONE, id=proposal.id, household=label, vote=vote.id),
        await turnout(context, proposal),
        t(context, "To record the right door: /paper {id} <household> agree|disagree|abstain",
          id=proposal.id)) if x))
    await tell_households(context, proposal, vote, person)


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A press of ``ps:y`` whose signature was taken back just before the bot stopped
    (``bot.state``): the volunteer told as the press would have, and the residents not
    told yet (each once: ``struck_key``); whether it was such a press."""
    args = button_args(update, PREFIX, "y", 1)
    ints = parse_ints(args) if args else None
    if not ints or update.effective_user is None:
        return False
    vote = await entry_or_none(context, ints[0])
    if vote is None or vote.kind != Kind.VOTE or not is_struck(vote):
        return False
    person = await person_of(update, context)
    proposal = await entry_or_none(context, int(vote.data.get("proposal") or 0))
    if person is None or vote.history[-1].get("by") != person["id"] or proposal is None:
        return False
    await _struck(update, context, proposal, vote, person)
    return True


async def tell_households(context: ContextTypes.DEFAULT_TYPE, proposal: Entry, vote: Entry,
                          person: dict[str, Any]) -> int:
    """Tell the residents of the flat (and the owner's other flats) told it was recorded
    that it was taken back, each once (``struck_key``); how many were reached now."""
    repo = repo_of(context)
    household = vote.data["household"]
    homes = await read(repo.households_told, proposal.id, household)
    if not homes:
        return 0
    shown, hidden = await home_readers(context, proposal, homes, person["id"])
    place = repo.street.household_label(household)
    return await notify_once(context, [*shown, *hidden], struck_key(vote.id), TOLD,
                             id=proposal.id, title=proposal.data.get("title", ""),
                             household=place)


NOTHING = lazy("#{id} {household}: no vote is counted for this household; nothing to take back.")
ONLINE = lazy("#{id} {household}: the owner voted online; only they can change it. A paper "
              "signature can be taken back only by a volunteer, as it was recorded.")
REPLACES = lazy("#{id} {household}: this paper signature replaced an earlier vote, which taking "
                "it back would not bring back. Record the right choice over it instead: "
                "/paper {id} <household> agree|disagree|abstain")
ASK = lazy("#{id} {household}: take back the paper signature #{vote} ({choice}, recorded by "
           "{role} on {date})? It will no longer count: the household has not voted, and its "
           "residents are told it was taken back.")
GONE = lazy("#{vote} no longer counts: nothing to take back.")
DONE = lazy("Taken back: the paper signature #{vote} for {household} no longer counts on #{id}; "
            "the household has not voted. It stays on record as taken back.")
TOLD = lazy("Proposal #{id} {title}: the paper signature recorded for your household "
            "({household}) was for the wrong door and has been taken back by a volunteer. "
            "Your household has not voted now.")
ERRORS = {
    "vote_closed": lazy("Voting on #{id} has ended: a signature can no longer be taken back."),
    "vote_deadline": lazy("The deadline of #{id} has passed: a signature can no longer be taken "
                          "back."),
    "struck_not_counted": GONE,
    "struck_replaces": REPLACES,
    "struck_online": ONLINE,
}

HANDLERS = [CallbackQueryHandler(on_press, pattern=f"^{PREFIX}:")]
