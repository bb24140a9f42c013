"""The paper vote and the fee of /proxy (代办, ``bot.handlers.proxy``), with the
flow's name, button prefix and states: a proposal open for votes, then agree /
disagree / abstain, recorded as a paper signature (``bot.handlers.paper``,
which tells the household's residents); or the fee types the household pays,
as buttons that continue in /income at the period (``inc:for:<household>:<fee>``).
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db import fees, labels
from db.entries import Kind, Status
from db.errors import DomainError
from db.places import Basis
from db.tally import Choice
from db.votes import is_election

from ..context import read, reply, repo_of, t, word
from ..flows import (
    END,
    answer,
    button_args,
    current_draft,
    drop_draft,
    gone,
    index_of,
    keyboard,
    refuse,
    states,
)
from ..i18n import lazy
from ..keyboards import go_data
from ..leaving import HANDS_ON
from ..menu import menu_of
from ..staff import fail, require_staff
from ..step_back import back_to
from ..step_buttons import remember
from .paper import record_paper
from .paper_doors import next_doors

__all__ = ["FLOW", "PREFIX", "AREA", "BUILDING", "UNIT", "ROOM", "WHAT", "CATEGORY",
           "DESCRIBE", "PHOTOS", "CONFIRM", "PROPOSAL", "CHOICE", "FEE", "cancel_button",
           "cancel_row",
           "back_of",
           "ask_proposal", "ask_fee", "on_proposal", "on_choice"]

FLOW = "proxy"
PREFIX = "px"
(AREA, BUILDING, UNIT, ROOM, WHAT, CATEGORY, DESCRIBE, PHOTOS, CONFIRM, PROPOSAL, CHOICE,
 FEE) = states(FLOW, "area", "building", "unit", "room", "what", "category", "describe",
               "photos", "confirm", "proposal", "choice", "fee")


def cancel_button(context: ContextTypes.DEFAULT_TYPE) -> tuple[str, str]:
    return (t(context, "Cancel"), f"{PREFIX}:cancel")


def back_of(d: dict[str, Any], state: str) -> str | None:
    """Where ⬅️ 上一步 leads from ``state`` (a step after the household) with draft ``d``:
    what to record → the rooms (the buildings, for a household typed), the category →
    what to record, the words → the category (an opinion: what to record), the photos →
    the words, the check → the photos (an opinion: the words), the proposal → what to
    record, the vote → the proposal, the fee buttons → what to record."""
    issue = d.get("kind") == Kind.ISSUE
    if state == WHAT:
        return "h" if d.get("unit") is not None and d.get("building") is not None else "b"
    return {CATEGORY: "what", DESCRIBE: "cat" if issue else "what", PHOTOS: "words",
            CONFIRM: "photos" if issue else "words", PROPOSAL: "what",
            CHOICE: "prop", FEE: "what"}.get(state)


def cancel_row(context: ContextTypes.DEFAULT_TYPE, state: str) -> list[tuple[str, str]]:
    """⬅️ 上一步 (``px:back:<step>``, noted in the draft for 上一步 typed) and 取消, under
    a step after the household."""
    d = current_draft(context, FLOW)
    to = back_to(d, back_of(d, state)) if d is not None else None
    return [(t(context, "⬅️ Back"), f"{PREFIX}:back:{to}"), cancel_button(context)] if to \
        else [cancel_button(context)]


# -- a paper vote, a fee --------------------------------------------------------------


async def ask_proposal(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       d: dict[str, Any]) -> object:
    open_ = await read(repo_of(context).entries, area=d["area"], kind=Kind.PROPOSAL,
                       status=Status.OPEN)
    open_ = [p for p in open_ if not is_election(p.data)]
    if not open_:
        drop_draft(context, FLOW)
        await reply(update, t(context, "No proposal of this area is open for votes. (An "
                                       "election's paper ballot: /paper.)"),
                    reply_markup=await menu_of(update, context))
        return END
    d["proposals"] = [p.id for p in open_[-8:]]
    await reply(update, t(context, "Which proposal does {household} vote on?",
                          household=d["label"]),
                reply_markup=remember(d, PROPOSAL, keyboard(
                    [*[(f"#{p.id} {str(p.data.get('title', ''))[:30]}", f"{PREFIX}:p:{i}")
                       for i, p in enumerate(open_[-8:])], *cancel_row(context, PROPOSAL)], 1)))
    return PROPOSAL


async def on_proposal(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Stores the proposal and asks how the household votes."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None:
        return await gone(update, context)
    args = button_args(update, PREFIX, "p", 1)
    i = index_of(args[0] if args else None, d.get("proposals", []))
    if i is None:
        return await refuse(update, context)
    d["proposal"] = d["proposals"][i]
    await reply(update, t(context, "How does {household} vote on #{id}, as signed on paper?",
                          household=d["label"], id=d["proposal"]),
                reply_markup=remember(d, CHOICE, keyboard(
                    [*[(word(context, labels.CHOICE, c.value), f"{PREFIX}:c:{c.value}")
                       for c in Choice], *cancel_row(context, CHOICE)])))
    return CHOICE


async def on_choice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """Records the paper signature (the household's residents are told)."""
    await answer(update)
    d = current_draft(context, FLOW)
    if d is None or not d.get("proposal"):
        return await gone(update, context)
    args = button_args(update, PREFIX, "c", 1)
    if args is None or args[0] not in {c.value for c in Choice}:
        return await refuse(update, context)
    person = await require_staff(update, context)
    if person is None:
        drop_draft(context, FLOW)
        return END
    try:
        proposal = await read(repo_of(context).entry, int(d["proposal"]))
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return END
    drop_draft(context, FLOW)
    if await record_paper(update, context, person, proposal, d["household"], Choice(args[0]),
                          None, walking=True):  # asked over an earlier vote: either
        # answer also brings the unit's next doors (bot.handlers.paper_doors)
        await next_doors(update, context, person, proposal.id, d["household"])  # next door
    return END


# /proxy → 交费 in an area whose fees are paid per building unit ended at "no fee paid
# per household; use /income", nothing to press: the grid worker with the cash in hand
# typed /income and looked for the household in a list of units.
BY_UNIT = lazy("Here {fees} is paid per building unit, not per household: record the money "
               "for {unit} with the button below.")
ONLY_FEE = lazy("A fee paid by {household}: the only fee paid per household here is {fee}. "
                "Press it to record it.")


async def ask_fee(update: Update, context: ContextTypes.DEFAULT_TYPE, d: dict[str, Any]) -> object:
    """The fees a household pays, as buttons that continue in /income, with ⬅️ 上一步 (to
    what to record) and 取消: the flow waits at them, its draft kept, until one is pressed
    (it then goes on in /income, and /proxy ends without a word: ``HANDS_ON``). Before,
    /proxy ended at them: no 上一步, and 上一步 typed got the greeting."""
    schedule = await read(fees.fee_types, repo_of(context).street, d["area"])
    mine = [f.fee_type for f in schedule if f.per in (None, Basis.HOUSEHOLD)]
    if not mine:
        drop_draft(context, FLOW)
        by_unit = [f.fee_type for f in schedule if f.per == Basis.UNIT]
        if by_unit:  # 城建小区's 卫生费: the household's money goes to its unit, in /income
            _, comp, building, unit, _ = repo_of(context).street.locate(d["household"])
            await reply(update, t(context, BY_UNIT, fees="、".join(
                word(context, labels.FEE_TYPE, c) for c in by_unit),
                unit=f"{comp.name} {building.name} {unit.name}"), reply_markup=keyboard(
                [(t(context, "💰 Fee collected (/income)"), go_data("income"))]))
            return END
        await reply(update, t(context, "This area's fee schedule has no fee paid per "
                                       "household. Record other fees with /income."))
        return END
    d[HANDS_ON] = f"inc:for:{d['household']}:"
    fee = word(context, labels.FEE_TYPE, mine[0])  # the area's only one: nothing to choose
    await reply(update, t(context, ONLY_FEE, household=d["label"], fee=fee) if len(mine) == 1
                else t(context, "Which fee did {household} pay?", household=d["label"]),
                reply_markup=remember(d, FEE, keyboard(
                    [*((word(context, labels.FEE_TYPE, code), f"inc:for:{d['household']}:{code}")
                       for code in mine), *cancel_row(context, FEE)])))
    return FEE
