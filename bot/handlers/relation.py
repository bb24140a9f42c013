"""Who casts a home's vote on a joint matter of the owners (Civil Code art. 278:
a proposal whose matter is joint, or a committee election): the owner, or the
owner's family voting for them, never a tenant (``db.votes``).

Nobody is asked at registration. The first time a resident who has not said how
they stand to their home presses a ballot button of such a vote, the bot asks once
("您是这套房的："), with a button per answer: ``rel:<o|f|t>:<the ballot button
pressed>``. The answer is stored, then the vote they pressed carries on
(``bot.handlers.vote.on_relation``): an owner's or a family member's vote is cast;
a tenant is told, kindly, that the owner votes and that they may still report
problems and give opinions. /mydata shows the answer and its button
``rel:ask`` asks the question again (``rel:<o|f|t>``, without a ballot button,
only changes it). Every press is checked again: the person must be a confirmed
resident, and the ballot button is read again as if pressed now.

A resident who voted online as the owner or family and now answers "tenant" is told
which of their votes no longer count and why (``db.relation``: open joint matters
only; the owner votes again). The other confirmed residents of the owner's flats (the
owner among them, if on the bot) are told which of their home's votes no longer count
and that the owner may vote again, with a "Vote" button (none for a tenant): never who
said it nor what the vote was. Once: saying "tenant" again voids nothing more, a
redelivered update is dropped (``bot.state``), and an update whose write was saved just
before the bot stopped sends these messages at the next start (``finish_saved``).
/vote notes on each joint matter,
before any press, that the owners decide it (``owners_note``). /mydata lists every
change of the answer (``changes_words``).
"""

from __future__ import annotations

import re
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from db import labels
from db.entries import Entry, Status
from db.errors import DomainError
from db.matters import matter_of_proposal
from db.people import Relation, joint_vote_refusal, relation_of

from ..context import (
    call,
    drop_buttons,
    error_text,
    lang_of,
    person_of,
    read,
    reply,
    repo_of,
    t,
    word,
)
from ..flows import refuse
from ..i18n import LANGUAGES, lazy, tr
from ..keyboards import button, go_data
from ..notify import PerLanguage, notify_once, told_of
from ..resident import require_resident

__all__ = ["PREFIX", "ASKED", "ERRORS", "stopped", "relation_words", "change_button", "recorded",
           "owners_note", "changes_words", "finish_saved", "HOME_TOLD"]

PREFIX = "rel"
CODES = {"o": Relation.OWNER, "f": Relation.FAMILY, "t": Relation.TENANT}
CARRIED = ("vote:", "el:")  # the ballot buttons a question carries on with
WORDS = {Relation.OWNER: lazy("The owner"),
         Relation.FAMILY: lazy("The owner's family (voting for the owner)"),
         Relation.TENANT: lazy("A tenant, or living here as a guest")}
ASKED = lazy("Only the owners decide this vote (Civil Code art. 278). You are this home's:")
# Asked again from /mydata, outside any vote: what the answer is for, then the question.
ASKED_AGAIN = lazy("Online, only the owner (or the owner's family for them) votes on what the "
                   "owners decide together (Civil Code art. 278). You are this home's:")
TENANT = lazy("Thank you. Only the owners decide this vote (Civil Code art. 278), so it is "
              "not cast from a tenant's account; nothing was recorded. Please tell the owner: "
              "they can vote here, or on paper with a volunteer. You can still report "
              "problems and give your opinion at any time, from the menu.")
UNKNOWN = lazy("Only the owners decide this vote (Civil Code art. 278): please press the vote's "
               "button again and say how you stand to your home; nothing was recorded.")
# The repository's refusals (a press that raced a change): the module's own words.
ERRORS = {"tenant_no_vote": TENANT, "relation_unknown": UNKNOWN}
NOTED = lazy("Noted: you answered \"{relation}\". You can see or change it with /mydata.")
VOIDED = lazy("Because you are not the owner or the owner's family, these votes of yours no "
              "longer count (only the owners decide them, Civil Code art. 278). They stay in "
              "the record, marked as not counted; the count has changed:")
VOIDED_ONE = lazy("• #{id} {title}: your vote \"{choice}\" no longer counts")
VOIDED_END = lazy("Votes already closed were not changed. Please tell the owner: they can vote "
                  "again here, or on paper with a volunteer, until the deadline.")
NOTE_TENANT = lazy("Only the owners decide this vote (Civil Code art. 278): as a tenant, you "
                   "cannot vote on it. Please tell the owner: they can vote here, or on paper "
                   "with a volunteer.")
NOTE_UNKNOWN = lazy("Only the owners decide this vote (Civil Code art. 278): the owner, or the "
                    "owner's family for them. When you press a button, you will be asked how "
                    "you stand to your home.")
NOTES = {"tenant_no_vote": NOTE_TENANT, "relation_unknown": NOTE_UNKNOWN}
CHANGE_LINE = lazy("  {day}: {before} → {after} ({by})")
# To the other residents of the owner's flats: which of their home's votes no longer count.
HOME_TOLD = lazy("Your home's vote on the matters below no longer counts: the resident who "
                 "cast it online has said they are not the owner or the owner's family, and "
                 "only the owners decide these (Civil Code art. 278). The owner (or the "
                 "owner's family for them) may vote again until the deadline: \"Vote\" in "
                 "the menu, or on paper with a volunteer.\n{votes}")
HOME_TOLD_ONE = lazy("• #{id} {title} (voting closes at the end of {deadline})")
HOME_TOLD_N = lazy("The other residents of your home on the bot were told: {n}.")
HOME_MAYBE_N = lazy("The message to {n} other resident(s) of your home on the bot was sent just "
                    "as I was restarting and may not have arrived.")
VOTE_BUTTON = lazy("🗳 Vote")
FINISH = re.compile(rf"^{PREFIX}:t(:|$)")  # a "tenant" answer (bot.state: saved, not done)


def relation_words(lang: str | None, relation: object) -> str:
    """The answer in ``lang`` ("业主本人"), or "not answered yet"."""
    found = relation_of({"relation": relation})
    return tr(lang, WORDS[found]) if found else tr(lang, "not answered yet")


def _keyboard(lang: str, then: str) -> InlineKeyboardMarkup:
    tail = f":{then}" if then else ""
    return InlineKeyboardMarkup([[button(tr(lang, WORDS[r]), f"{PREFIX}:{c}{tail}")]
                                 for c, r in CODES.items()])


def change_button(lang: str) -> InlineKeyboardMarkup:
    """/mydata's button that asks the question again, to change the answer."""
    return InlineKeyboardMarkup([[button(tr(lang, "Change how I stand to my home"),
                                         f"{PREFIX}:ask")]])


async def stopped(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                  proposal: Entry, pressed: str) -> bool:
    """Before a ballot button (``pressed``) of an open joint vote is acted on: ask a
    resident who has not said how they stand to their home, or refuse a tenant; True
    when the vote goes no further now. The repository refuses them as well."""
    if proposal.status != Status.OPEN or not matter_of_proposal(proposal.data).joint:
        return False
    refusal = joint_vote_refusal(person)
    if refusal is None:
        return False
    if refusal == "tenant_no_vote":
        await reply(update, t(context, TENANT))
    else:
        await reply(update, t(context, ASKED), reply_markup=_keyboard(lang_of(context), pressed))
    return True


async def recorded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | None:
    """A ``rel:`` button pressed (already answered): asks again (``rel:ask``), or stores
    the answer and returns the ballot button to carry on with ("" for none); None when
    nothing more is to be done (asked, refused or not stored)."""
    query = update.callback_query
    data = (query.data or "") if query else ""
    head, _, then = data.partition(":")[2].partition(":")
    relation = CODES.get(head)
    asking = data == f"{PREFIX}:ask"
    if not asking and (relation is None or (then and not then.startswith(CARRIED))):
        await refuse(update, context)
        return None
    who = await require_resident(update, context)
    if who is None:
        return None
    if asking or relation is None:
        await reply(update, t(context, ASKED_AGAIN), reply_markup=_keyboard(lang_of(context), ""))
        return None
    try:
        change = await call(repo_of(context).change_relation, who[0]["id"], relation)
    except DomainError as exc:
        await refuse(update, context, error_text(context, exc))
        return None
    await drop_buttons(update)  # answered: the question's buttons are done
    await _answered(update, context, who[0], relation, change.voided)
    return then


async def _answered(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                    relation: Relation, voided: list[Entry]) -> None:
    """The answer noted; the votes it voided told to the person and to their home."""
    text = t(context, NOTED, relation=tr(lang_of(context), WORDS[relation]))
    if voided:
        text += "\n\n" + await _voided_words(context, voided)
        told, before = await _tell_home(context, person, voided)
        if told:
            text += "\n" + t(context, HOME_TOLD_N, n=told)
        if before:  # recorded as their messages left before a stop: not known to have arrived
            text += "\n" + t(context, HOME_MAYBE_N, n=before)
    await reply(update, text)


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A "tenant" answer saved just before the bot stopped (``bot.state``): its messages
    now, to the person and their home (each once: ``_tell_home``); whether there were
    any (then it was answered)."""
    query = update.callback_query
    if query is None or not FINISH.match(query.data or "") or update.effective_user is None:
        return False
    person = await person_of(update, context)
    if relation_of(person) != Relation.TENANT:
        return False
    voided = await read(repo_of(context).voided_by_last_change, person["id"])
    if not voided:
        return False
    await _answered(update, context, person, Relation.TENANT, voided)
    return True


async def _tell_home(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                     voided: list[Entry]) -> tuple[int, int]:
    """Tell the other confirmed residents of the flats each voided vote stood for (the
    owner's flats) which of their home's votes no longer count; how many were reached
    now, and how many were recorded as told before (their message left as the bot
    stopped: it may have been lost with it, so they are not said to have been told). Each
    is told once, of all their home's, recorded just before it leaves (``notify_once``,
    keyed by the first vote voided, which no later change voids again: the answer
    finished at the next start, ``finish_saved``, after a kill that came once they were
    told, tells none twice); a tenant gets no vote button."""
    repo = repo_of(context)
    once = f"voided:{min(vote.id for vote in voided)}"
    before = await told_of(context, once)
    matters: dict[int, list[Entry]] = {}  # person id -> the proposals of their home
    people: dict[int, dict[str, Any]] = {}
    for vote in voided:
        proposal = await read(repo.entry, int(vote.data["proposal"]))
        for home in await read(repo.households_told, proposal.id, str(vote.data["household"])):
            for other in await read(repo.residents_of, home, exclude=person["id"]):
                people[other["id"]] = other
                if proposal.id not in [p.id for p in matters.setdefault(other["id"], [])]:
                    matters[other["id"]].append(proposal)
    groups: dict[tuple[tuple[int, ...], bool], list[dict[str, Any]]] = {}
    for pid, other in people.items():
        key = (tuple(p.id for p in matters[pid]), relation_of(other) == Relation.TENANT)
        groups.setdefault(key, []).append(other)
    told = 0
    for (_, tenants), group in groups.items():
        proposals = matters[group[0]["id"]]
        votes = PerLanguage({lang: "\n".join(
            tr(lang, HOME_TOLD_ONE, id=p.id, title=str(p.data.get("title") or ""),
               deadline=str(p.data.get("deadline") or "")[:10]) for p in proposals)
            for lang in LANGUAGES})
        told += await notify_once(context, group, once, HOME_TOLD, votes=votes,
                                  markup=None if tenants else _vote_button)
    return told, before


def _vote_button(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(tr(lang, VOTE_BUTTON), go_data("vote"))]])


async def _voided_words(context: ContextTypes.DEFAULT_TYPE,
                        voided: list[Entry]) -> str:
    """Which votes of the resident no longer count, and why (``db.relation``)."""
    lines = [t(context, VOIDED)]
    for vote in voided:
        proposal = await read(repo_of(context).entry, int(vote.data["proposal"]))
        choice = _backs(context, proposal, vote.data["backs"]) if "backs" in vote.data \
            else word(context, labels.CHOICE, vote.data.get("choice"))
        lines.append(t(context, VOIDED_ONE, id=proposal.id,
                       title=str(proposal.data.get("title") or ""), choice=choice))
    lines.append(t(context, VOIDED_END))
    return "\n".join(lines)


def _backs(context: ContextTypes.DEFAULT_TYPE, election: Entry, backs: list[int]) -> str:
    """A ballot as its candidates ("1 候选人甲（退休教师）"), or a blank ballot."""
    titles = {int(c["n"]): c["title"] for c in election.data["election"]["candidates"]}
    return "、".join(f"{n} {titles.get(int(n), '?')}" for n in backs) or \
        t(context, "a blank ballot (nobody backed)")


def owners_note(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                proposal: Entry) -> str:
    """/vote's note on an open joint matter for a resident who may not cast its vote
    now (a tenant, or one who has not said), shown before any press; else ""."""
    if proposal.status != Status.OPEN or not matter_of_proposal(proposal.data).joint:
        return ""
    note = NOTES.get(joint_vote_refusal(person) or "")
    return t(context, note) if note else ""


def hides_home_vote(person: dict[str, Any], proposal: Entry) -> bool:
    """Whether /vote keeps from ``person`` which way their home voted on ``proposal``: on
    a joint matter of the owners the owner's vote is told to the owner and the owner's
    family, who cast it, not to a tenant nor to one who has not said how they stand to
    the home (before, a tenant read 您家所属的业主已投：同意……可以重新投票更改)."""
    return matter_of_proposal(proposal.data).joint and joint_vote_refusal(person) is not None


def changes_words(context: ContextTypes.DEFAULT_TYPE, me: int | None,
                  changes: list[dict[str, Any]]) -> list[str]:
    """/mydata's lines of each change of the answer: when, from what to what, by whom."""
    lang = lang_of(context)

    def said(value: object) -> str:
        return relation_words(lang, str(value or "").partition(":")[2] or None)

    return [t(context, CHANGE_LINE, day=str(c.get("at") or "")[:16].replace("T", " "),
              before=said(c.get("from")), after=said(c.get("to")),
              by=t(context, "yourself") if c.get("by") == me else str(c.get("role") or ""))
            for c in changes]
