"""/vote (投票): the open proposals of the resident's area, each with its
description, budget, the matter it decides and what that needs, deadline and
participation (never how others voted), and agree / disagree / abstain
buttons. One vote per owner: a later vote of the household (or of another
flat of the same owner) replaces the earlier one, and the bot says so.

When a volunteer already recorded a paper signature for the owner, the vote
is not recorded at first: the resident sees the signature (its choice, when,
which role) and confirms with a button, ``vote:<proposal>:<choice>:<earlier
vote>``, or keeps it, ``vote:<proposal>:keep``. The later vote counts; the
owner's other residents are told (``bot.handlers.paper.tell_households``).

The repository enforces who may vote on what; the buttons
(``vote:<proposal>:<choice>``) are checked before it is asked.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db import labels
from db.elections import is_election
from db.entries import Entry, Kind, Status
from db.errors import DomainError
from db.matters import matter_of_proposal
from db.money import format_fen
from db.people import Relation, is_admin, relation_of, resident_area, volunteer_areas
from db.people import joint_vote_refusal as refusal
from db.tally import Choice
from db.votes import VoteConflict

from ..commands import Audience, Command
from ..context import (
    call,
    entry_or_none,
    error_text,
    lang_of,
    newest_own,
    person_of,
    read,
    reply,
    repo_of,
    settings_of,
    t,
    word,
)
from ..flows import answer, keyboard, refuse, short
from ..former_votes import (
    cast_by_former,
    former_said,
    former_signature,
    home_vote_by_former,
    replaced_said,
)
from ..i18n import lazy, tr
from ..keyboards import button, parse_ints
from ..private_only import PRIVATE_BUTTON, in_private, is_private
from ..ratelimit import allow_submission
from ..resident import choose_household, pending_registration, rate_limited, require_resident
from . import relation
from .ballot import ballot_keyboard, ballot_pressed, bits, election_details, election_text
from .closevote import vote_error
from .paper import conflict_text, tell_households
from .turnout import (
    area_text,
    participation_text,
    plain_needs,
    resident_quorum_text,
    staff_votes,
)
from .vote_ended import ended

__all__ = ["COMMANDS", "HANDLERS", "proposal_text", "proposal_details", "vote_keyboard",
           "finish_relation", "own_flats",
           "MAX_LISTED", "recorded_text", "finish_recorded",
           "budget_words"]

PREFIX = "vote"
MAX_LISTED = 10
OWNER_VOTED = lazy("The owner of this home has voted (which way is told only to the owner "
                   "and the owner's family).")


def budget_words(lang: str, fen: int) -> str:
    """A proposal's budget in ``lang``: its amount, or "none listed" when it has none, as
    the site says it. Never "¥0.00", which reads as a proposal that costs residents
    nothing: for one that raises the maintenance fund, the opposite of the truth."""
    return format_fen(fen) if fen else tr(lang, "none listed")


# The card /vote shows fits the first screen of a phone (390 px): what she must read
# before pressing (the question, whether her household voted, the deadline, how many took
# part) and the buttons. Budget, the matter decided, what passes it and how far the vote is
# from counting are behind 详情 (``DETAILS``): the card was 27 lines at 390 px, its buttons
# a screen below its question (tried as resident 7000021 on the demo, vote #520).
CARD_DESCRIPTION = 90  # characters of the description on the card; the rest in the details
DETAILS = "vi"  # vi:<proposal>: the details of a proposal under /vote


async def proposal_text(context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                        household: str | None, *, owner: int | None = None) -> str:
    """What a resident must read before she votes, in their language: the question,
    whether her household voted (when ``household``), the deadline and the participation
    (the rest: ``proposal_details``)."""
    repo = repo_of(context)
    d = proposal.data
    tally = await read(repo.tally, proposal.id)
    lines = [t(context, "Proposal #{id}: {title}", id=proposal.id, title=d.get("title", "")),
             _cut(str(d.get("description") or "")),
             t(context, "Voting closes at the end of {deadline}",
               deadline=str(d.get("deadline", ""))[:10])]
    if household:  # said before the counts: it was the last of ten lines, under m² figures
        mine = await read(repo.household_vote, proposal.id, household)
        flats = await read(repo.vote_households, proposal.id, household) \
            if mine is not None else []
        lines.append(await _voted(context, proposal, household, mine, flats, owner)
                     if mine is not None  # the owner's vote, perhaps cast from another flat
                     else t(context, "Your household has not voted yet."))
    lines.append(participation_text(context, tally))
    return "\n".join(line for line in lines if line)


def _cut(description: str) -> str:
    """A proposal's description as the card shows it: whole when short, else its first
    ``CARD_DESCRIPTION`` characters on one line and "…"."""
    return description if len(description) <= CARD_DESCRIPTION else \
        short(description, CARD_DESCRIPTION)


async def proposal_details(context: ContextTypes.DEFAULT_TYPE, proposal: Entry) -> str:
    """The rest of a proposal's card (``proposal_text``): its whole description when the
    card cut it, budget, the matter it decides and what passes it, in plain words, and
    where participation stands by owners and floor area, and how far from counting."""
    d = proposal.data
    tally = await read(repo_of(context).tally, proposal.id)
    m = matter_of_proposal(d)
    en = lang_of(context) == "en"
    description = str(d.get("description") or "")
    lines = [t(context, "Proposal #{id}: {title}", id=proposal.id, title=d.get("title", "")),
             description if _cut(description) != description else "",
             t(context, "Budget: {amount}",
               amount=budget_words(lang_of(context), int(d.get("budget_fen") or 0))),
             t(context, "Decides: {matter}", matter=m.cite_en() if en else m.cite_zh()),
             t(context, plain_needs(m)),  # the law's sentence is on the site; here, plainly
             participation_text(context, tally), area_text(context, tally, m.joint),
             resident_quorum_text(context, tally)]  # how far from two thirds, plainly
    return "\n".join(line for line in lines if line)


async def _voted(context: ContextTypes.DEFAULT_TYPE, proposal: Entry, household: str,
                 choice: str, homes: list[str], owner: int | None = None) -> str:
    """How her household (the owner of the flats ``homes``) voted, and, when a volunteer
    recorded it on paper, by whom and when: 您家已投：同意 alone, for a vote she never
    cast, left her to wonder who did. To the owner of several flats who cast it herself
    (``owner``: her person id, when she said she owns her home), her own flats named:
    您家所属的业主 read as someone else, and she went on to vote for 302. Cast for another
    of the owner's flats (by a co-owner, the family, a tenant on an everyday matter, on
    paper), it says so: 同一业主的另一套房已投."""
    said = word(context, labels.CHOICE, choice)
    vote = await read(repo_of(context).household_vote_entry, proposal.id, household)
    first = vote.history[0] if vote is not None and vote.history else {}
    by = {"role": first.get("role") or "—", "day": str(first.get("at", ""))[:10]}
    flats = len(homes)
    if owner is not None and flats > 1 and vote is not None and vote.author == owner:
        return t(context, "You have voted: {choice}. You may change it.", choice=said) + \
            "\n" + await own_flats(context, homes, household)
    if flats > 1 and vote is not None and str(vote.data.get("household")) != household:
        # cast for another flat of the owner: 您家所属的业主已投 read to an owner as someone
        # else's vote, and to a tenant (an everyday matter) as the owner's, though the other
        # flat's tenant may have cast it. The other flat is not named: a tenant's own data
        # should not list the owner's flats.
        if vote.data.get("paper"):
            return t(context, "Another flat of the same owner voted: {choice}, a paper "
                              "signature recorded by {role} on {day}. It counts for your "
                              "household too (one vote for the owner's {n} flats). You may "
                              "change it.", choice=said, n=flats, **by)
        return t(context, "Another flat of the same owner voted: {choice}. It counts for "
                          "your household too (one vote for the owner's {n} flats). You may "
                          "change it.", choice=said, n=flats)
    if vote is not None and vote.data.get("paper"):
        return t(context, "Your household voted: {choice}, a paper signature recorded by "
                          "{role} on {day} (one vote for the owner's {n} flats). You may "
                          "change it.", choice=said, n=flats, **by) if flats > 1 else \
            t(context, "Your household voted: {choice}, a paper signature recorded by {role} "
                       "on {day}. You may change it.", choice=said, **by)
    if flats > 1:
        return t(context, "Your household voted: {choice} (one vote for the owner's {n} "
                          "flats). You may change it.", choice=said, n=flats)
    return t(context, "Your household voted: {choice}. You may change it.", choice=said)


def _owner(person: dict[str, Any]) -> int | None:
    """``person``'s id when she said she owns her home (her vote is her own, for all her
    flats), else None."""
    return int(person["id"]) if relation_of(person) == Relation.OWNER else None


async def own_flats(context: ContextTypes.DEFAULT_TYPE, homes: list[str], household: str) -> str:
    """To an owner of several flats: her one vote stands for all of them, named, so that
    she does not look for a way to vote for the other one too."""
    street = repo_of(context).street
    here = street.household_label(household).rsplit(" ", 1)[0]  # 市药材小区 2号楼 1单元
    others = [label.rsplit(" ", 1)[-1] if label.rsplit(" ", 1)[0] == here else label
              for label in (street.household_label(h) for h in homes if h != household)]
    return t(context, "One owner has one vote: yours counts for your {n} flats, {rooms} "
                      "included. There is nothing more to vote for them.", n=len(homes),
             rooms=("、" if lang_of(context) != "en" else ", ").join(others))


def _keyboard(context: ContextTypes.DEFAULT_TYPE, proposal_id: int) -> InlineKeyboardMarkup:
    """The vote buttons, and under them 详情 (budget, rule, progress: ``on_details``)."""
    return InlineKeyboardMarkup([
        *vote_keyboard(proposal_id, lang_of(context)).inline_keyboard,
        [button(t(context, "Details: budget, rule, progress"), f"{DETAILS}:{proposal_id}")]])


async def on_details(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``vi:<proposal>``: the details of a proposal open for voting (public on the site
    too), with its vote buttons again under them; of an election, its ballot."""
    await answer(update)
    query = update.callback_query
    fields = (query.data or "").split(":") if query else []
    ids = parse_ints(fields[1:]) if len(fields) == 2 else None
    proposal = await entry_or_none(context, ids[0]) if ids else None
    if proposal is None or proposal.kind != Kind.PROPOSAL:
        await refuse(update, context)
        return
    if proposal.status != Status.OPEN:  # an old card's button
        await reply(update, ended(context, proposal))
        return
    if is_election(proposal.data):  # the ballot again under them, ticked as her household's
        person = await person_of(update, context)
        home = person.get("household") if resident_area(person) == proposal.area else None
        hidden = not home or relation.hides_home_vote(person, proposal) or \
            await home_vote_by_former(context, proposal.id, home, person["id"])
        mine = None if hidden else await read(repo_of(context).ballot_of, proposal.id, home)
        await reply(update, await election_details(context, proposal),
                    reply_markup=ballot_keyboard(proposal, lang_of(context), bits(mine or [])))
        return
    await reply(update, await proposal_details(context, proposal),
                reply_markup=vote_keyboard(proposal.id, lang_of(context)))


async def vote_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows the area's open proposals, each with its voting buttons (to a volunteer who
    has no home here: those of their areas, where each stands); in a group, only to send
    it in a private chat: it said 您家已投：反对 there (``bot.private_only``)."""
    if not await in_private(update, context, "vote"):
        return
    person = await person_of(update, context)
    if resident_area(person) is None and (volunteer_areas(person) or is_admin(person)) \
            and not await pending_registration(context, person["id"]):
        said, doors = await staff_votes(context, person)
        await reply(update, said + "\n\n" + t(
            context, "If you live here yourself, register your household to vote for it."),
            reply_markup=InlineKeyboardMarkup([
                *doors, *choose_household(lang_of(context)).inline_keyboard]))
        return
    who = await require_resident(update, context)
    if who is None:
        await _while_confirmed(update, context, person)
        return
    person, area = who
    repo = repo_of(context)
    proposals = await read(repo.entries, area=area, kind=Kind.PROPOSAL, status=Status.OPEN)
    if not proposals:
        # it stopped there: nothing on what comes next, nor where the past votes are
        base = settings_of(context).site_url or repo.street.site_url
        past = t(context, "Past votes and their results: {url}",
                 url=f"{base.rstrip('/')}/areas/{area}/votes/") if base else ""
        await reply(update, "\n".join(filter(None, [
            t(context, "No proposal is open for voting in {area} right now.",
              area=repo.street.area(area).name),
            await _latest(context, area),
            t(context, "When one is put to the vote, I will send it to you here, with its "
                       "buttons."), past])))
        return
    # One message per proposal, its buttons under it; the first also says how. A tenant
    # gets none under a joint matter: each press only told her a tenant does not vote.
    listed = proposals[-MAX_LISTED:]
    tenant = refusal(person) == "tenant_no_vote"
    barred = {p.id for p in listed if tenant and matter_of_proposal(p.data).joint}
    intro = _intro(context, listed, len(barred) == len(listed))
    for n, proposal in enumerate(listed):
        home = person.get("household")
        former = await home_vote_by_former(context, proposal.id, home,  # (bot.former_votes)
                                           person["id"])
        hidden = relation.hides_home_vote(person, proposal) or former  # which way: the owner's
        shown = None if hidden else home
        if is_election(proposal.data):  # a ballot of candidates, ticked as it was
            text = await election_text(context, proposal, shown)
            mine = await read(repo.ballot_of, proposal.id, shown) if shown else None
            markup = ballot_keyboard(proposal, lang_of(context), bits(mine or []),
                                     details=True)
        else:
            text = await proposal_text(context, proposal, shown, owner=_owner(person))
            markup = _keyboard(context, proposal.id)
        if hidden and home and await read(repo.household_vote, proposal.id, home) is not None:
            text += "\n" + t(context, await former_said(context, proposal.id, home) if former
                              else OWNER_VOTED)
        note = relation.owners_note(context, person, proposal)  # before any press
        text = f"{text}\n{note}" if note else text
        await reply(update, f"{intro}\n\n{text}" if n == 0 else text,
                    reply_markup=None if proposal.id in barred else markup)


LATEST = lazy("The latest vote: #{id} {title}, ended on {day}: {result}")
WORD_PASSED, WORD_FAILED = lazy("passed"), lazy("not passed")


async def _latest(context: ContextTypes.DEFAULT_TYPE, area: str) -> str:
    """How the area's latest proposal ended, when it was voted on to the end: a resident
    who pressed 投票 after a vote closed (to see how it came out) read only that none is
    open and a web address. One entry read (the newest proposal of the area)."""
    newest = await read(repo_of(context).entries, area=area, kind=Kind.PROPOSAL, limit=1)
    if not newest or newest[0].status not in (Status.PASSED, Status.FAILED) or \
            is_election(newest[0].data):
        return ""
    p = newest[0]
    day = next((str(h.get("at") or "")[:10] for h in reversed(p.history)
                if h.get("to") == str(p.status)), "")
    return t(context, LATEST, id=p.id, title=short(str(p.data.get("title") or ""), 40),
             day=day, result=t(context, WORD_PASSED if p.status == Status.PASSED
                               else WORD_FAILED))


def _intro(context: ContextTypes.DEFAULT_TYPE, shown: list[Entry], barred: bool = False) -> str:
    """The heading over the open votes shown: it said 正在表决的提议 over an election
    alone; an election's heading when all are elections, a neutral one when both; to a
    tenant who may vote on none of them (``barred``), no button to press."""
    if barred:
        return t(context, "Open votes in your area. The owners decide these (Civil Code "
                          "art. 278): a tenant does not vote on them.")
    elections = sum(1 for p in shown if is_election(p.data))
    if elections == len(shown):
        # (how to tick is on each card: said twice, the first card did not fit a phone)
        return t(context, "Open elections:")  # one ballot per household: in 详情
    if elections:
        return t(context, "Open votes and elections: one vote per household (an owner of "
                          "several flats votes once). Use the buttons under each.")
    return t(context, "Open proposals: one vote per household (an owner of several flats "
                      "votes once). Press a button under a proposal to vote.")


async def _while_confirmed(update: Update, context: ContextTypes.DEFAULT_TYPE,
                           person: dict[str, Any]) -> None:
    """After 投票 told someone whose registration waits that she may vote once it is
    confirmed: what is open in the area she asked to join and when it closes (public on
    the site already), so that she knows whether to hurry her volunteer. Nothing for
    anyone else."""
    asked = await pending_registration(context, person["id"])
    if asked is None:
        return
    repo = repo_of(context)
    open_ = await read(repo.entries, area=asked.area, kind=Kind.PROPOSAL, status=Status.OPEN)
    name = repo.street.area(asked.area).name
    if not open_:
        await reply(update, t(context, "No proposal is open for voting in {area} right now.",
                              area=name))
        return
    await reply(update, "\n".join([t(context, "Open for voting in {area} now:", area=name), *(
        t(context, "#{id} {title}: voting closes at the end of {deadline}", id=p.id,
          title=short(str(p.data.get("title") or ""), 40),
          deadline=str(p.data.get("deadline", ""))[:10]) for p in open_[-MAX_LISTED:])]))


async def on_vote(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Records the household's vote (``vote:<proposal id>:<agree|disagree|abstain>``,
    with ``:<earlier vote>`` to replace a paper signature; ``vote:<id>:keep`` keeps it);
    pressed in a group, nothing (it said there how the household voted before and now)."""
    if not is_private(update):
        await answer(update, t(context, PRIVATE_BUTTON))
        return
    await answer(update)
    query = update.callback_query
    await _vote(update, context, (query.data or "") if query else "")


async def on_relation(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stores how the resident stands to their home (``bot.handlers.relation``), then
    carries on with the ballot button they pressed before being asked."""
    if not is_private(update):  # how she stands to her home, and her vote: not in a group
        await answer(update, t(context, PRIVATE_BUTTON))
        return
    await answer(update)
    then = await relation.recorded(update, context)
    if then and then.startswith(f"{PREFIX}:"):
        await _vote(update, context, then)
    elif then:
        await ballot_pressed(update, context, then, edit=False)


async def _vote(update: Update, context: ContextTypes.DEFAULT_TYPE, data: str) -> None:
    """``on_vote`` for the button ``data``, pressed now or before a question."""
    fields = data.split(":")
    ids = parse_ints(fields[1:2] + fields[3:4]) if len(fields) in (3, 4) and \
        fields[0] == PREFIX else None
    choices = {c.value for c in Choice} | ({"keep"} if len(fields) == 3 else set())
    if not ids or fields[2] not in choices:
        await refuse(update, context)
        return
    who = await require_resident(update, context)
    if who is None:
        return
    person, _ = who
    if fields[2] == "keep":
        await reply(update, t(context, "Nothing was recorded; the earlier vote stays."))
        return
    repo = repo_of(context)
    proposal = await entry_or_none(context, ids[0])  # None: no such proposal (cast_vote says so)
    if proposal is not None and await relation.stopped(update, context, person, proposal, data):
        return
    home = person.get("household")
    try:
        same = len(ids) == 1 and bool(home) and \
            await read(repo.household_vote, ids[0], home) == fields[2] and \
            not await home_vote_by_former(context, ids[0], home, person["id"])  # theirs
    except DomainError:
        same = False  # no such proposal: cast_vote below says so
    if same:
        # the same button pressed again: the vote stands, nothing to record twice
        await reply(update, t(context, "Your household already votes \"{choice}\" on proposal "
                                       "#{id}. Nothing changed.", id=ids[0],
                              choice=word(context, labels.CHOICE, fields[2])))
        return
    if not allow_submission(context, person["telegram_id"]):
        await refuse(update, context, rate_limited(context, person["telegram_id"]))
        return
    replaces = ids[1] if len(ids) == 2 else None
    try:
        try:
            vote, previous = await call(repo.cast_vote, person["id"], ids[0], fields[2],
                                        replaces=replaces)
        except VoteConflict as exc:  # the flat's former residents' signature: replaced unasked
            theirs = None if replaces is not None else await former_signature(context, exc)
            if theirs is None:
                raise
            vote, previous = await call(repo.cast_vote, person["id"], ids[0], fields[2],
                                        replaces=theirs)
    except VoteConflict as exc:
        proposal = await read(repo.entry, ids[0])
        await reply(update, await conflict_text(context, proposal, exc, fields[2], paper=False,
                                                household=person.get("household")),
                    reply_markup=keyboard([
                        (t(context, "Replace it with my vote"),
                         f"{PREFIX}:{ids[0]}:{fields[2]}:{exc.params['earlier']}"),
                        (t(context, "Keep the paper signature"), f"{PREFIX}:{ids[0]}:keep")], 1))
        return
    except DomainError as exc:
        if exc.code in ("vote_closed", "vote_deadline"):  # an old button, or late
            await refuse(update, context, ended(context, await read(repo.entry, ids[0])))
            return
        owners_only = relation.ERRORS.get(exc.code)  # a press that raced a change
        await refuse(update, context, t(context, owners_only) if owners_only else
                     vote_error(context, exc) if exc.code == "vote_changed"
                     else error_text(context, exc))
        return
    proposal = await read(repo.entry, ids[0])
    await reply(update, await recorded_text(context, proposal, vote.data["household"],
                                            vote.data["choice"], previous, person["id"],
                                            owner=_owner(person)),
                reply_markup=_keyboard(context, proposal.id))
    await tell_households(context, proposal, vote, previous, person)


async def finish_relation(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """An owner's (or the owner's family's) answer to "how do you stand to your home",
    asked at a vote's button, saved just before the bot stopped (``bot.state``): the vote
    it carried on with may not have been cast. She is told her answer was noted, then
    her household's vote: cast now if it was not (the press would have), else said as
    recorded; whether it was such a press. (A tenant's: ``relation.finish_saved``.)"""
    query = update.callback_query
    data = (query.data or "") if query else ""
    head, _, then = data.partition(":")[2].partition(":")
    if not data.startswith(f"{relation.PREFIX}:") or not then.startswith(f"{PREFIX}:") or \
            update.effective_user is None:
        return False
    answered = relation.CODES.get(head)
    person = await person_of(update, context)
    if answered in (None, Relation.TENANT) or relation_of(person) != answered:
        return False
    await reply(update, t(context, relation.NOTED,
                          relation=tr(lang_of(context), relation.WORDS[answered])))
    fields = then.split(":")
    ids = parse_ints(fields[1:2]) if len(fields) == 3 else None
    home = person.get("household")
    repo = repo_of(context)
    try:
        cast = bool(ids and home and await read(repo.household_vote, ids[0], home) == fields[2])
        proposal = await read(repo.entry, ids[0]) if ids and cast else None
    except DomainError:
        cast, proposal = False, None
    if proposal is None:  # not cast before the stop: as the press would have, now
        await _vote(update, context, then)
        return True
    await finish_recorded(update, context, person, proposal, fields[2])
    return True


async def finish_recorded(update: Update, context: ContextTypes.DEFAULT_TYPE,
                          person: dict[str, Any], proposal: Entry, choice: str) -> None:
    """A vote recorded by a press the bot stopped in the middle of (found at the start):
    she is told what the press would have told her (``recorded_text``: the vote it
    replaced, one vote for the owner's flats, the turnout; before, only her household's
    vote and the deadline), and the residents of the owner's flats as the press would
    have told them (``tell_households``: the owner's other flats, or the home when it
    replaced an earlier vote), each once: one told before the stop is not told again
    (``home_told.home_told_key``)."""
    home = person.get("household")

    def hers(v: Entry) -> bool:
        return v.data.get("proposal") == proposal.id and v.data.get("household") == home \
            and v.data.get("choice") == choice and not v.data.get("paper") \
            and v.status != Status.REPLACED

    vote = await newest_own(context, person["id"], Kind.VOTE, hers)
    replaced = vote.data.get("replaces") if vote is not None else None
    previous = await entry_or_none(context, int(replaced)) if replaced is not None else None
    await reply(update, await recorded_text(context, proposal, str(home), choice, previous,
                                            person["id"], owner=_owner(person)),
                reply_markup=_keyboard(context, proposal.id))
    if vote is not None:
        await tell_households(context, proposal, vote, previous, person)


async def recorded_text(context: ContextTypes.DEFAULT_TYPE, proposal: Entry, household: str,
                        choice: str, previous: Entry | None, voter: int | None = None, *,
                        owner: int | None = None) -> str:
    """What a resident whose press recorded ``household``'s vote ``choice`` is told (at
    the press, or at the start after a press the bot stopped in the middle of): the vote
    and the one it replaced (``previous``), one vote for the owner's flats, until when
    it may change (with the buttons sent under it), and the turnout so far."""
    repo = repo_of(context)
    said = word(context, labels.CHOICE, choice)
    if previous is None:
        text = t(context, "Recorded: your household votes \"{choice}\" on proposal #{id}.",
                 choice=said, id=proposal.id)
    elif await cast_by_former(context, previous) and previous.author != voter:
        # which way they voted is theirs (from this flat, or the owner's other one)
        text = t(context, await replaced_said(context, previous, household), choice=said,
                 id=proposal.id)
    elif previous.data["household"] != household:
        text = t(context, "Recorded: \"{choice}\" on proposal #{id}. Your flat and another "
                          "flat of the same owner vote as one owner: this replaces the "
                          "earlier vote \"{old}\" of that flat.", choice=said, id=proposal.id,
                 old=word(context, labels.CHOICE, previous.data["choice"]))
    else:
        # (the line below it says that the latest vote counts, and until when)
        text = t(context, "Your household's earlier vote \"{old}\" on proposal #{id} was "
                          "replaced by \"{choice}\".",
                 old=word(context, labels.CHOICE, previous.data["choice"]), choice=said,
                 id=proposal.id)
    flats = await read(repo.vote_households, proposal.id, household)
    if len(flats) > 1:
        text += "\n" + (await own_flats(context, flats, household) if owner is not None else t(
            context, "One owner has one vote: it counts for the owner's {n} flats.",
            n=len(flats)))
    # the buttons are under it: 再点上面的另一个按钮 had none above after a vote typed
    text += "\n" + t(context, "You may change it until the end of {deadline}: press another "
                              "button below, or \"Vote\" in the menu. Only the latest vote "
                              "counts.", deadline=str(proposal.data.get("deadline", ""))[:10])
    tally = await read(repo.tally, proposal.id)
    text += "\n" + participation_text(context, tally)
    area = area_text(context, tally, matter_of_proposal(proposal.data).joint)
    # how far the vote is from counting at all, as /vote and the volunteers say it
    return "\n".join(x for x in (text, area, resident_quorum_text(context, tally)) if x)


def vote_keyboard(proposal_id: int, lang: str) -> InlineKeyboardMarkup:
    """The agree / disagree / abstain buttons in ``lang``, for the announcement of a
    new proposal (the same buttons as /vote's, handled by ``on_vote``)."""
    return InlineKeyboardMarkup([[
        button(labels.label(labels.CHOICE, choice, lang), f"{PREFIX}:{proposal_id}:{choice}")
        for choice in labels.CHOICE
    ]])


COMMANDS = [
    Command("vote", "Vote on a proposal for your household", vote_command,
            audience=Audience.RESIDENT, menu_label="Vote", order=30),
]

HANDLERS = [CallbackQueryHandler(on_vote, pattern=f"^{PREFIX}:"),
            CallbackQueryHandler(on_details, pattern=f"^{DETAILS}:"),
            CallbackQueryHandler(on_relation, pattern=f"^{relation.PREFIX}:")]
