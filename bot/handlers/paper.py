"""/paper N <household> agree|disagree|abstain: a paper signature collected
door to door, recorded by a volunteer and marked as paper with their role.

When the household's owner already voted online, nothing is recorded at
first: the volunteer is told that the owner voted online, and when (never which
way: how anyone voted online is said to nobody, ``paper_earlier``), and asked to
confirm with a button. The later vote counts; both stay on record.
Whenever a paper signature is recorded, the residents bound to the owner's flats
are told what and by which role, so that a signature nobody gave does not go
unnoticed (never which way the flat's former residents had voted: ``db.moving``).

The confirmation buttons carry their whole state, checked again when pressed:
``pp:y:<proposal>:<household>:<choice>:<earlier vote>`` (the household as its place
in the proposal's frozen list of households, so the button stays short) and
``pp:n:<proposal>:<earlier vote>`` (nothing is recorded; a vote replaced meanwhile is
said to be). Either press takes the question's buttons away.
"""

from __future__ import annotations

import re
from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db import labels
from db.elections import is_election
from db.entries import Entry, Kind
from db.errors import DomainError
from db.people import RESIDENT_LABEL, public_role
from db.tally import Choice
from db.votes import VoteConflict

from ..commands import Audience, Command
from ..context import call, drop_buttons, read, reply, repo_of, t, word
from ..flows import answer, keyboard, refuse
from ..former_votes import cast_by_former
from ..i18n import lazy
from ..keyboards import parse_ints
from ..notify import Msg, PerLanguage, notify_once
from ..private_only import doors_here
from ..staff import (
    entry_id_of,
    example_household,
    fail,
    number_words,
    require_staff,
    resolve_household,
    staff_areas,
    typed_household,
    which_household,
)
from . import ballot_doors
from . import paper_walk as walk
from .ballot import paper_ballot, parse_backs
from .closevote import open_proposals, vote_error
from .home_told import home_readers, home_told_key, tell_hidden
from .paper_earlier import (
    HOW,
    REPLACED_ONLINE,
    SOLD_ASK,
    conflict_text,
    keep_earlier,
    same_as_earlier,
    sold_markup,
)
from .paper_not_open import not_open_here
from .paper_replaced import tell_earlier_recorder
from .paper_walk import in_street_order
from .turnout import no_area_note, turnout
from .unpaid import unpaid_lines

__all__ = ["COMMANDS", "HANDLERS", "CHOICES", "PREFIX", "conflict_text", "tell_households",
           "paper_hint", "record_paper", "recorded", "ask_over", "in_street_order",
           "household_and_choice"]

PREFIX = "pp"

CHOICES = {"agree": Choice.AGREE, "同意": Choice.AGREE, "赞成": Choice.AGREE,
           "disagree": Choice.DISAGREE, "反对": Choice.DISAGREE, "不同意": Choice.DISAGREE,
           "abstain": Choice.ABSTAIN, "弃权": Choice.ABSTAIN}

async def paper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Records a paper signature (/paper N <household> agree|disagree|abstain)."""
    person = await require_staff(update, context)
    if person is None or not await doors_here(update, context,  # not in any group
                                              await staff_areas(context, person)):
        return
    args = _choice_apart(number_words(update, -1))  # /paper 547，1/1/202，反对 too
    if not args:
        await _pick_vote(update, context, person)
        return
    entry_id = entry_id_of(args[0]) if args else None
    if entry_id is not None and len(args) == 1:
        await doors(update, context, person, entry_id)
        return
    if entry_id is None or len(args) < 2:
        await reply(update, await usage(context, person))
        return
    # /paper N <household> alone: its door's buttons (a vote), else the usage
    typed, last = household_and_choice(args) if len(args) > 2 else (args[1], "")
    repo = repo_of(context)
    try:
        proposal = await read(repo.entry, entry_id)
        if proposal.kind != Kind.PROPOSAL:  # a ballot's number: not "no such household"
            raise DomainError("not a proposal", code="not_proposal")
        # another area's (else its rooms were looked for there), or ended: said so
        if (refused := await not_open_here(context, person, proposal)) is not None:
            await reply(update, refused)
            return
        household = await read(resolve_household, repo, proposal.area, typed)
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return
    if household is None:
        area = [proposal.area]
        await reply(update, await which_household(context, proposal.area, typed) or
                    t(context, NO_SUCH_HOUSEHOLD, text=typed, id=proposal.id,
                      example=await read(example_household, repo, area),
                      said=await read(example_household, repo, area, said=True)))
        return
    if is_election(proposal.data):  # a paper ballot: the candidates it backs
        if not last:  # the household alone: its ballot to tick, as the door walk's
            await _ask_choice(update, context, proposal, household, "")
            return
        backs = parse_backs(last)
        if backs is None:
            await reply(update, await usage(context, person, proposal))
            return
        await paper_ballot(update, context, person, proposal, household, backs)
        return
    choice = CHOICES.get(last.lower())
    if choice is None:  # the door known, what she signed not: asked by its buttons
        await _ask_choice(update, context, proposal, household, last)
        return
    await _record(update, context, person, proposal, household, choice, None)


async def _ask_choice(update: Update, context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                      household: str, said: str) -> None:
    """Asks what the owner of ``household`` signed, by the door walk's buttons (``said``:
    the word typed that is no choice, or ""); of an election, the candidates to tick."""
    everyone = sorted((await read(repo_of(context).voters, proposal.id)).voter_of)
    if household not in everyone:  # not one of the vote's frozen households
        await reply(update, vote_error(context, DomainError(
            "not in this vote's electorate", code="unknown_household", household=household)))
        return
    label = await read(repo_of(context).street.household_label, household)
    if is_election(proposal.data):  # the candidates to tick (ballot_doors' buttons)
        await reply(update, t(context, "#{id} {household}: which candidates does the paper "
                                       "ballot back? (none ticked: a blank ballot)",
                              id=proposal.id, household=label),
                    reply_markup=ballot_doors.ballot_markup(context, proposal,
                                                            everyone.index(household), 0))
        return
    await reply(update, "\n".join(filter(None, [
        t(context, "\"{word}\" is not agree, disagree or abstain; nothing was recorded.",
          word=said[:20]) if said else "",
        t(context, "#{id} {household}: what did the owner sign?", id=proposal.id,
          household=label)])),
        reply_markup=walk.choice_markup(context, proposal.id, everyone.index(household)))


_CHOICE_GLUED = re.compile(r"(.+?)[，,：:、]+([^0-9０-９,，]+)")  # 1/1/202，反对 (not 1,3)


def _choice_apart(args: list[str]) -> list[str]:
    """The words of /paper with a choice glued to the household by a mark (盐业小区1/1/202，
    反对, as a Chinese keyboard types it) taken as two: before, 用法 and it all lost; a
    choice typed in two parts (同 意) taken as one: before, read as the room "102 同"."""
    if len(args) >= 4 and "".join(args[-2:]) in CHOICES:  # 同 意, 不 同意: one word
        return [*args[:-2], "".join(args[-2:])]
    glued = _CHOICE_GLUED.fullmatch(args[-1]) if len(args) >= 2 else None
    return [*args[:-1], glued.group(1), glued.group(2)] if glued else args


def household_and_choice(args: list[str]) -> tuple[str, str]:
    """The household and the choice of /paper N <household> <choice> (its words after
    N): the household as the bot writes it has spaces (盐业小区 1号楼 1单元 102), so it is
    every word between the number and the choice."""
    return " ".join(args[1:-1]), args[-1]


MAX_DOORS = 60  # households listed by /paper N; the rest are counted


async def doors(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                proposal_id: int) -> None:
    """/paper N: where an open vote stands and the households whose owner has not voted
    yet, as /paper takes them (1/1/402), for the volunteer going door to door."""
    repo = repo_of(context)
    try:
        proposal = await read(repo.entry, proposal_id)
        refused = await not_open_here(context, person, proposal) \
            if proposal.kind == Kind.PROPOSAL else None
        if refused is not None:
            await reply(update, refused)
            return
        homes = await read(repo.doors_to_visit, person["id"], proposal_id)
    except DomainError as exc:
        await reply(update, vote_error(context, exc))
        return
    homes = await read(in_street_order, repo, proposal.area, homes)  # as /unpaid lists them
    # a line per building unit, as the volunteer walks it ("盐业小区 1号楼 1单元：101、102"),
    # not one line of 49 addresses wrapping across a phone's screen
    shown = await read(unpaid_lines, repo, "household", homes[:MAX_DOORS])
    if len(homes) > MAX_DOORS:
        shown.append(t(context, "… and {n} more households.", n=len(homes) - MAX_DOORS))
    lines = [t(context, "#{id} {title}: voting is open until the end of {deadline}.",
               id=proposal.id, title=proposal.data.get("title", ""),
               deadline=str(proposal.data.get("deadline", ""))[:10]),
             await turnout(context, proposal),
             "\n".join([t(context, "Not voted yet ({n} households), by building unit:",
                           n=len(homes)), *shown])
             if homes else t(context, "Every household's owner has voted."),
             await usage(context, person, proposal,  # the first door still to knock
                         typed_household(repo, proposal.area, homes[0]) if homes else "")]
    if not homes:
        await reply(update, "\n".join(lines))
        return
    # by buttons as the worker walks: a unit, then a room, then 同意/反对/弃权 or an
    # election's candidates ticked (typing /paper 532 1/1/101 同意 at each door was slow on
    # a phone); the typed form last
    everyone = sorted((await read(repo.voters, proposal.id)).voter_of)
    found = await read(walk.units, repo, homes, everyone)
    ballots = is_election(proposal.data)
    lines.insert(-1, t(context, ballot_doors.HOW) if ballots else
                 t(context, "Press the building unit you are in, then the room:"))
    await reply(update, "\n".join(lines), reply_markup=(
        ballot_doors.units_markup if ballots else walk.units_markup)(context, proposal.id, found))


async def usage(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                proposal: Entry | None = None, example: str = "") -> str:
    """How /paper is used, its example ``example`` or a room of the ``proposal``'s area
    (else of the volunteer's areas) typed so that it names that room alone. For a known
    vote, only its own form (a signature, or an election's ballot): the whole usage
    under the list of doors was four more lines on a phone, half of them about the
    other kind of vote."""
    areas = [proposal.area] if proposal else await staff_areas(context, person)
    example = example or await read(example_household, repo_of(context), areas)
    if proposal is None:
        return t(context, USAGE, id=7, example=example)
    return t(context, BALLOT_USAGE if is_election(proposal.data) else SIGNATURE_USAGE,
             id=proposal.id, example=example)


async def _pick_vote(update: Update, context: ContextTypes.DEFAULT_TYPE,
                     person: dict[str, Any]) -> None:
    """/paper alone: the votes open in the volunteer's areas, a button each, leading to
    the doors of its households not voted yet (``paper_doors``). It said the usage with an
    example number (/paper 7) that was no vote of hers, and she had to find the number."""
    found = await open_proposals(context, person)  # an election's doors too (ballot_doors)
    if not found:
        await reply(update, t(context, "No vote is open in your areas now.") + "\n" +
                    await usage(context, person))
        return
    how = await usage(context, person, found[-1])  # typed, with a number that is a vote
    ask = t(context, "Which election are the paper ballots for? Press it, then go door to "
                     "door.") if all(is_election(p.data) for p in found) else \
        t(context, "Which vote are the paper signatures for?")
    await reply(update, ask + "\n\n" + how, reply_markup=keyboard(
        [(f"#{p.id} {str(p.data.get('title') or '')[:30]}",
          f"{ballot_doors.PREFIX if is_election(p.data) else walk.PREFIX}:l:{p.id}")
         for p in found], 1))


NO_SUCH_HOUSEHOLD = lazy("There is no household {text} among the households of #{id}. Type it "
                         "as building/unit/room, e.g. {example} or {said}.")
SIGNATURE_USAGE = lazy("To record a paper signature: /paper {id} <household> "
                       "agree|disagree|abstain, e.g. /paper {id} {example} agree.")
BALLOT_USAGE = lazy("To record a paper ballot: /paper {id} <household> and the numbers of the "
                    "candidates it backs, e.g. /paper {id} {example} 1,3 (a blank ballot: "
                    "空白).")
USAGE = lazy("Usage: /paper N <household> agree|disagree|abstain, e.g. /paper {id} {example} "
             "agree. In an election: /paper N <household> and the numbers of the candidates "
             "the ballot backs, e.g. /paper {id} {example} 1,3 (a blank ballot: 空白). /paper N "
             "alone: where the vote stands and who has not voted yet.")


async def _record(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                  proposal: Entry, household: str, choice: Choice,
                  replaces: int | None, *, walking: bool = False,
                  sold: bool | None = None) -> bool:
    """Records the paper signature; False when nothing was (refused, or asked first: by
    the door walk's buttons when ``walking``, whose answers bring its next doors back).
    The same signature recorded already is said so, and True (nothing left to ask).
    ``sold``: the volunteer's answer whether its flat was sold, asked first when nothing
    else says (``Repository.sale_unknown``)."""
    repo = repo_of(context)
    if sold is None and replaces is None and \
            await read(repo.sale_unknown, proposal.id, household):
        await _ask_sold(update, context, proposal, household, choice, walking=walking)
        return False
    try:
        vote, previous = await call(repo.cast_vote, person["id"], proposal.id, choice,
                                    household=household, paper=True, replaces=replaces,
                                    sold=sold)
    except VoteConflict as exc:
        if await same_as_earlier(update, context, household, exc, choice=choice):
            return True
        await ask_over(update, context, proposal, household, choice, exc,
                       walking=walking, sold=sold)
        return False
    except DomainError as exc:
        await reply(update, vote_error(context, exc))
        return False
    await recorded(update, context, person, proposal, vote, previous)
    return True


async def _ask_sold(update: Update, context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                    household: str, choice: Choice, *, walking: bool = False) -> None:
    """Whether ``household`` was sold: ``pp:s:<proposal>:<k>:<choice>:1|0`` (``pd:s:...`` in
    the door walk, whose answer brings the unit's doors back)."""
    homes = sorted((await read(repo_of(context).voters, proposal.id)).voter_of)
    data = f"{walk.PREFIX if walking else PREFIX}:s:{proposal.id}:{homes.index(household)}:" \
        f"{choice}"
    await reply(update, t(context, SOLD_ASK, household=repo_of(context).street.household_label(
        household), choice=word(context, labels.CHOICE, choice)),
        reply_markup=sold_markup(context, data))


async def ask_over(update: Update, context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                   household: str, choice: Choice, exc: DomainError, *,
                   walking: bool = False, sold: bool | None = None) -> None:
    """The vote recorded before (``exc.params``), and whether to record this paper
    signature over it: ``pp:y`` / ``pp:n`` buttons (``pd:y`` / ``pd:n`` in the door walk,
    ``bot.handlers.paper_doors``: either answer brings the unit's next doors back)."""
    homes = sorted((await read(repo_of(context).voters, proposal.id)).voter_of)
    k, earlier = homes.index(household), exc.params["earlier"]
    yes = f"{walk.PREFIX if walking else PREFIX}:y:{proposal.id}:{k}:{choice}:{earlier}" + \
        ("" if sold is None else f":{int(sold)}")  # what the volunteer said of its sale
    no = f"{walk.PREFIX}:n:{proposal.id}:{k}:{earlier}" if walking else \
        f"{PREFIX}:n:{proposal.id}:{earlier}"
    keep = (t(context, "Keep the paper signature") if exc.params.get("paper")
            else t(context, "Keep the online vote"))
    await reply(update, await conflict_text(context, proposal, exc, choice, paper=True,
                                            household=household),
                reply_markup=keyboard([
                    (t(context, "Record the paper signature"), yes),
                    (keep, no)], 1))


# A flat of an owner of several, sold during the vote (``db.votes``): the count's owners
# grew by one, said why (tried in steward chat: 57 owners became 58 unexplained).
SOLD_SIGNED = lazy("{household} was sold during the vote: this signature is its new owner's "
                   "and counts for it alone; the former owner's vote still counts for the "
                   "flats they kept.")


async def recorded(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                   proposal: Entry, vote: Entry, previous: Entry | None) -> None:
    """Tells the volunteer the paper signature ``vote`` they recorded (over
    ``previous``, if any), then the residents of the owner's flats."""
    repo = repo_of(context)
    household, choice = vote.data["household"], vote.data["choice"]
    label = repo.street.household_label(household)
    role = public_role(person, proposal.area)
    text = t(context, "Paper signature recorded on #{id}: {household} votes {choice} "
                      "(recorded by {role}).", id=proposal.id, household=label,
             choice=word(context, labels.CHOICE, choice), role=role)
    if previous is not None and not previous.data.get("paper"):  # never which way
        text += "\n" + t(context, REPLACED_ONLINE)
    elif previous is not None:  # a paper signature: the volunteers saw the sheet
        text += "\n" + t(context, "It replaces the earlier vote “{choice}” ({how}) of the same "
                                  "owner.", choice=word(context, labels.CHOICE,
                                                        previous.data["choice"]),
                         how=t(context, HOW[True]))
    flats = await read(repo.vote_households, proposal.id, household)
    note = no_area_note(context, proposal, flats, label)
    sold = (await read(repo.entry, proposal.id)).data.get("electorate", {}).get("sold") or ()
    if household in sold and flats == [household]:  # parted from its seller's share
        text += "\n" + t(context, SOLD_SIGNED, household=label)
    await reply(update, "\n".join(x for x in (text, await turnout(context, proposal), note) if x))
    await tell_households(context, proposal, vote, previous, person)
    await tell_earlier_recorder(context, proposal, vote, previous, person)  # hers replaced


async def tell_households(context: ContextTypes.DEFAULT_TYPE, proposal: Entry, vote: Entry,
                          previous: Entry | None, person: dict[str, Any]) -> int:
    """Tell the residents of the owner's flats what was recorded and by which role (but
    the one who acted): always for a paper signature, and for an online vote when it
    replaces one or stands for other flats. Each is told once, across a kill too; how
    many were reached now."""
    repo = repo_of(context)
    household = vote.data["household"]
    if previous is not None and await cast_by_former(context, previous):
        previous = None  # the flat's former residents': which way they voted is theirs
    # not a flat of the owner's sold during the vote: its buyer is not her household
    homes = await read(repo.households_told, proposal.id, household)
    paper = bool(vote.data.get("paper"))
    if not paper and previous is None:
        homes = [h for h in homes if h != household]
    if not homes:
        return 0
    try:
        place = repo.street.household_label(household)
    except KeyError:
        place = household
    choice = labels.CHOICE[vote.data["choice"]]
    params: dict[str, Any] = {
        "id": proposal.id, "title": proposal.data.get("title", ""), "household": place,
        "choice": PerLanguage(zh=choice.zh, en=choice.en), "how": Msg(HOW[paper])}
    # a volunteer's title and mark (网格员甲) is a name; a resident is said as who they
    # are to the reader, in the reader's language ("记录人：居民" left a mother asking who)
    resident = vote.author_role == RESIDENT_LABEL
    ours = Msg(BY_OUR_RESIDENT) if resident else vote.author_role
    theirs = Msg(BY_THEIR_RESIDENT) if resident else vote.author_role
    msgid, other = TOLD, TOLD_OTHER_FLAT
    if previous is not None:
        old = labels.CHOICE[previous.data["choice"]]
        params.update(old=PerLanguage(zh=old.zh, en=old.en),
                      old_how=Msg(HOW[bool(previous.data.get("paper"))]))
        msgid, other = TOLD_REPLACED, TOLD_OTHER_FLAT_REPLACED
    # The flat voted for is "your household"; the owner's other flats are told that this
    # vote, of another flat, stands for theirs (a resident of 102 read "您家（…101）").
    # Each once (``home_told_key``): the update that recorded it may be handled again
    # after a kill (``paper_saved``) or come again from Telegram.
    key = home_told_key(vote.id)
    shown, hidden = await home_readers(context, proposal, homes, person["id"])  # a tenant
    told = await notify_once(context, [p for p in shown if p.get("household") == household],
                             key, msgid, role=ours, **params)
    told += await tell_hidden(context, proposal, hidden, key, how=params["how"], role=theirs)
    return told + await notify_once(
        context, [p for p in shown if p.get("household") != household], key, other,
        role=theirs, **params)


async def paper_hint(context: ContextTypes.DEFAULT_TYPE, vote: Entry) -> str:
    """For a vote just opened, said to the volunteer who opened it: how many of the
    area's households have nobody on the bot, whose signatures are collected door to
    door ("" when every household has someone). "3 residents were told" alone read as
    if the compound had been told, with 45 of 48 households still to visit."""
    repo = repo_of(context)

    def counts() -> tuple[int, int]:
        flats = {h.id for h in repo.street.area_households(vote.area)}
        reached = {p.get("household") for p in repo.people(resident_of=vote.area)
                   if p.get("telegram_id")}
        return len(flats & reached), len(flats)

    homes, total = await read(counts)
    if homes >= total:
        return ""
    return t(context, BALLOT_HINT if is_election(vote.data) else SIGNATURE_HINT,
             homes=homes, total=total, rest=total - homes, id=vote.id)


BALLOT_HINT = lazy("{homes} of the {total} households have someone on the bot: collect the "
                   "signatures of the other {rest} door to door (/paper {id} lists the "
                   "households that have not voted yet).")
SIGNATURE_HINT = lazy("{homes} of the {total} households have someone on the bot: collect the "
                      "signatures of the other {rest} door to door (/paper {id} lists the "
                      "households that have not voted yet, with buttons to record each "
                      "signature: unit, room, then agree/disagree/abstain).")


BY_OUR_RESIDENT = lazy("another resident of your household")
BY_THEIR_RESIDENT = lazy("a resident of that flat")


TOLD = lazy("Proposal #{id} {title}: {how} was recorded for your household ({household}): "
            "“{choice}”, by {role}. Only the owner's latest vote counts; if this is not what "
            "your household wants, press \"Vote\" in the menu to vote again, or tell a volunteer.")
TOLD_REPLACED = lazy("Proposal #{id} {title}: {how} was recorded for your household "
                     "({household}): “{choice}”, by {role}. It replaces the earlier vote "
                     "“{old}” ({old_how}). Only the owner's latest vote counts; if this is not "
                     "what your household wants, press \"Vote\" in the menu to vote again, "
                     "or tell a volunteer.")

TOLD_OTHER_FLAT = lazy("Proposal #{id} {title}: {how} was recorded for {household}, which has "
                       "the same owner as your household: “{choice}”, by {role}. One owner has "
                       "one vote, so it counts for your household too. Only the owner's latest "
                       "vote counts; if this is not what the owner wants, press \"Vote\" in the "
                       "menu to vote again, or tell a volunteer.")
TOLD_OTHER_FLAT_REPLACED = lazy(
    "Proposal #{id} {title}: {how} was recorded for {household}, which has the same owner as "
    "your household: “{choice}”, by {role}. It replaces the owner's earlier vote “{old}” "
    "({old_how}). One owner has one vote, so it counts for your household too. Only the "
    "owner's latest vote counts; if this is not what the owner wants, press \"Vote\" in the "
    "menu to vote again, or tell a volunteer.")


async def on_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Records the paper signature over an online vote, or keeps the online vote."""
    await answer(update)
    query = update.callback_query
    fields = (query.data or "").split(":") if query else []
    person = await require_staff(update, context)
    if person is None:
        return
    if fields[1:2] == ["n"] and len(fields) in (3, 4) and parse_ints(fields[2:]):
        await keep_earlier(update, context, parse_ints(fields[3:]))
        return
    said = fields[6] if len(fields) == 7 else fields[5] if fields[1:2] == ["s"] else None
    ints = parse_ints([fields[2], fields[3], fields[5]]) if len(fields) in (6, 7) else None
    if fields[1:2] not in (["y"], ["s"]) or not ints or said not in (None, "0", "1") or \
            fields[4] not in {c.value for c in Choice} or fields[1] == "s" and len(fields) != 6:
        await refuse(update, context)
        return
    await drop_buttons(update)  # answered: its Keep no longer says what is so
    repo = repo_of(context)
    try:
        proposal = await read(repo.entry, ints[0])
        if proposal.kind != Kind.PROPOSAL:
            raise DomainError("not a proposal", code="not_proposal")
        homes = sorted((await read(repo.voters, proposal.id)).voter_of)
    except DomainError as exc:
        await reply(update, fail(context, exc))
        return
    if ints[1] >= len(homes):
        await refuse(update, context)
        return
    await _record(update, context, person, proposal, homes[ints[1]], Choice(fields[4]),
                  ints[2] if fields[1] == "y" else None,
                  sold=None if said is None else said == "1")


# A paper signature recorded from another flow (bot.handlers.proxy).
record_paper = _record

COMMANDS = [
    Command("paper", "Record a paper signature: /paper N <household> agree|disagree|abstain "
                     "(an election: the candidates' numbers, e.g. 1,3); /paper N: who has not "
                     "voted yet",
            paper, audience=Audience.VOLUNTEER, order=51),
]

HANDLERS = [CallbackQueryHandler(on_confirm, pattern=f"^{PREFIX}:")]

