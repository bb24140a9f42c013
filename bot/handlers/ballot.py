"""A committee election's ballot, in the bot: a resident's (under /vote) and
a paper ballot a volunteer records (/paper N <household> 1,3 or 空白).

An election shows its seats, its candidates (role titles) and what a
candidate needs, and a button per candidate: pressing one ticks or unticks
it (the message is edited), up to one per seat; "Submit ballot" records it
(none ticked: a blank ballot, which takes part and backs nobody). The whole
choice rides in the buttons as a number whose bits are the ticked
candidates: ``el:<election>:<bits>`` (tick), ``el:<election>:<bits>:ok``
(submit), ``el:<election>:<bits>:ok:<earlier vote>`` (submit over a paper
ballot, confirmed), ``el:<election>:keep``. A paper ballot over an online
one is confirmed with ``pb:y:<election>:<household's place>:<bits>:<earlier>``
or dropped with ``pb:n:<election>``. Every value is checked again when
pressed, and the repository checks once more.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, ContextTypes

from db.elections import MAX_CANDIDATES
from db.entries import Entry, Kind, Status
from db.errors import DomainError
from db.people import public_role
from db.votes import VoteConflict

from ..context import (
    call,
    drop_buttons,
    entry_or_none,
    lang_of,
    newest_own,
    person_of,
    read,
    reply,
    repo_of,
    t,
)
from ..flows import answer, keyboard, refuse, short
from ..former_votes import (
    ballot_replaced_said,
    cast_by_former,
    former_signature,
    home_vote_by_former,
)
from ..i18n import lazy, tr
from ..keyboards import button, parse_ints
from ..notify import Msg, notify_once
from ..ratelimit import allow_submission
from ..resident import rate_limited, require_resident
from ..sending import not_modified
from ..staff import explain, require_staff
from . import relation
from .ballot_conflict import backs_or_blank, backs_text, conflict
from .home_told import HOW_BALLOT, home_readers, home_told_key, tell_hidden
from .paper_earlier import SOLD_BALLOT_ASK, keep_earlier, same_as_earlier, sold_markup
from .paper_replaced import tell_earlier_recorder
from .turnout import area_text, resident_quorum_text, turnout

__all__ = ["HANDLERS", "election_text", "election_details", "ballot_pressed", "ballot_keyboard",
           "ANNOUNCED", "paper_ballot", "parse_backs", "backs_text", "election_error",
           "bits", "ballot_recorded", "PAPER", "backs_of", "finish_saved"]

PREFIX = "el"
PAPER = "pb"
DETAILS = "vi"  # vi:<election>: its details, as a proposal's (``bot.handlers.vote``)
BLANK = {"空白", "空", "blank", "none", "0", "弃权"}


ERRORS = {
    "too_many_backed": lazy("A ballot backs at most {seats} candidates, one per seat."),
    "bad_ballot": lazy("That is not a candidate of this election."),
    "election_ballot": lazy("#{id} is an election: fill in its ballot under \"Vote\" in the menu."),
    "none_elected": lazy("Nobody is elected in #{id} yet."),
    "already_seated": lazy("The elected of #{id} already hold their committee role."),
    "seat_count": lazy("Name {n} different accounts, one per elected candidate, in the order "
                       "of the result."),
    "not_election": lazy("#{id} is not an election."),
    "vote_closed": lazy("This election has ended: no ballot is taken any more."),
    **relation.ERRORS,
}


def election_error(context: ContextTypes.DEFAULT_TYPE, exc: DomainError) -> str:
    """A domain error of an election, as a message for the user."""
    return explain(context, exc, ERRORS)


def bits(backs: list[int]) -> int:
    return sum(1 << (n - 1) for n in backs)


def backs_of(mask: int) -> list[int]:
    return [n for n in range(1, MAX_CANDIDATES + 1) if mask & (1 << (n - 1))]


def parse_backs(text: str) -> list[int] | None:
    """"1,3" / "1 3" / "1、3" -> [1, 3]; a blank ballot (空白) -> []; else None."""
    if text.strip().lower() in BLANK:
        return []
    parts = [p for p in text.replace("，", ",").replace("、", ",").replace(" ", ",")
             .split(",") if p]
    ints = parse_ints(parts, MAX_CANDIDATES)
    return sorted(set(ints)) if ints and len(set(ints)) == len(ints) else None


# The card /vote shows of an election fits the first screen of a phone (390 px), as a
# proposal's does (``bot.handlers.vote``): its seats, the deadline, how many took part, her
# household's ballot and a button per candidate. The candidates were listed twice, in the
# text and on the buttons, under the rule in 75 characters: 41 lines and button rows at
# 390 px, the buttons a screen below the title (tried as resident 7000021 on the demo).
# A candidate is listed in the text only when her button cuts her title; the rule, the
# floor area and how far from counting are behind 详情 (``election_details``).
CARD_DESCRIPTION = 90  # characters of the description on the card, as a proposal's
BUTTON_FITS = 22  # the width (a CJK character 1) a button shows whole at 390 px


def _width(text: str) -> float:
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text)


def _label(candidate: dict[str, Any]) -> str:
    return f"{candidate['n']} {candidate['title']}"


async def election_text(context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                        household: str | None) -> str:
    """What a resident reads above the ballot's buttons, in their language (the rest:
    ``election_details``)."""
    repo = repo_of(context)
    d = proposal.data
    spec = d["election"]
    tally = await read(repo.tally, proposal.id)
    description = str(d.get("description") or "")
    cut = description if len(description) <= CARD_DESCRIPTION else \
        short(description, CARD_DESCRIPTION)
    lines = [t(context, "Election #{id}: {title}", id=proposal.id, title=d.get("title", "")),
             cut,
             t(context, "Tick up to {seats} candidates below, then press \"Submit ballot\".",
               seats=spec["seats"]),
             *[f"{c['n']}. {c['title']}" for c in spec["candidates"]
               if _width(_label(c)) + 2 > BUTTON_FITS],  # (+ the box ☐)
             t(context, "Voting closes at the end of {deadline}",
               deadline=str(d.get("deadline", ""))[:10]),
             t(context, "Ballots so far: {voted} of {total} ({pct}%)",
               voted=tally.owners_voted, total=tally.owners_total,
               pct=tally.participation_pct)]
    if household and not await home_vote_by_former(context, proposal.id, household):
        mine = await read(repo.ballot_of, proposal.id, household)  # not theirs (moved out)
        # by the candidates' numbers, as on their buttons: their titles took 4 lines
        if mine:
            lines.append(t(context, "Your household backed candidates {numbers}. You may tick "
                                    "again and submit.",
                           numbers=("、" if lang_of(context) != "en" else ", ").join(
                               str(n) for n in mine)))
        elif mine is not None:
            lines.append(t(context, "Your household cast a blank ballot. You may tick again "
                                    "and submit."))
    return "\n".join(line for line in lines if line)


async def election_details(context: ContextTypes.DEFAULT_TYPE, proposal: Entry) -> str:
    """The rest of an election's card (``election_text``): its whole description, every
    candidate, what elects one, and where participation stands by owners and floor area,
    and how far from counting."""
    d = proposal.data
    tally = await read(repo_of(context).tally, proposal.id)
    return "\n".join(line for line in [
        t(context, "Election #{id}: {title}", id=proposal.id, title=d.get("title", "")),
        str(d.get("description") or ""),
        t(context, "Seats: {seats}. Tick up to {seats} candidates, then press \"Submit "
                   "ballot\".", seats=d["election"]["seats"]),
        *[f"{c['n']}. {c['title']}" for c in d["election"]["candidates"]],
        t(context, "One ballot per household: an owner of several flats votes once."),
        t(context, "Once owners making up two thirds of all owners and holding two "
                   "thirds of the floor area have cast a ballot, a candidate is elected "
                   "with the backing of more than half of both the owners and the floor "
                   "area taking part; the seats go in order of backing."),
        t(context, "Ballots so far: {voted} of {total} ({pct}%)",
          voted=tally.owners_voted, total=tally.owners_total, pct=tally.participation_pct),
        area_text(context, tally, True), resident_quorum_text(context, tally)] if line)


def ballot_keyboard(proposal: Entry, lang: str, mask: int = 0, *, details: bool = False
                    ) -> InlineKeyboardMarkup:
    """A button per candidate (ticked or not) and the submit button, in ``lang``: under
    /vote's ballot and under the election's announcement, both handled by
    ``on_ballot``; under /vote's (``details``), 详情 too (``bot.handlers.vote``)."""
    rows = [[button(("☑ " if mask & (1 << (int(c["n"]) - 1)) else "☐ ") +
                    f"{c['n']} {c['title']}"[:40],
                    f"{PREFIX}:{proposal.id}:{mask ^ (1 << (int(c['n']) - 1))}")]
            for c in proposal.data["election"]["candidates"]]
    rows.append([button(tr(lang, "Submit ballot ({n} ticked)", n=len(backs_of(mask))),
                        f"{PREFIX}:{proposal.id}:{mask}:ok")])
    if details:
        rows.append([button(tr(lang, "Details: what elects a candidate, progress"),
                            f"{DETAILS}:{proposal.id}")])
    return InlineKeyboardMarkup(rows)


ANNOUNCED = lazy("Committee election #{id}: {title}\n{seats} seats; the candidates:\n"
                 "{candidates}\nA candidate is elected with the backing of more than half of "
                 "both the owners and the floor area taking part, once two thirds of the "
                 "owners (by number and by floor area) have cast a ballot.\nVote by the end "
                 "of {deadline}. One ballot per household (an owner of several flats votes "
                 "once), backing up to {seats}; you may change it until then. Tick "
                 "candidates below and press \"Submit ballot\", or \"Vote\" in the menu "
                 "later.")


async def _election(context: ContextTypes.DEFAULT_TYPE, election_id: int) -> Entry | None:
    proposal = await entry_or_none(context, election_id)
    if proposal is None:
        return None
    if proposal.kind != Kind.PROPOSAL or not isinstance(proposal.data.get("election"), dict):
        return None
    return proposal


async def on_ballot(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ticks a candidate (edits the ballot), or records the household's ballot."""
    await answer(update)
    query = update.callback_query
    await ballot_pressed(update, context, (query.data or "") if query else "")


async def ballot_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, data: str, *,
                         edit: bool = True) -> None:
    """``on_ballot`` for the button ``data``, pressed now or before a question (then
    ``edit`` is False: a tick shows the ballot anew, below the answer)."""
    fields = data.split(":")
    if fields[2:3] == ["keep"] and len(fields) == 3:
        await reply(update, t(context, "Nothing was recorded; the earlier vote stays."))
        return
    ok = fields[3:4] == ["ok"]
    ints = parse_ints(fields[1:3] + fields[4:5]) if len(fields) in ((3,) if not ok else
                                                                    (4, 5)) else None
    who = await require_resident(update, context)
    if who is None:
        return
    proposal = await _election(context, ints[0]) if ints else None
    if proposal is None or ints is None or ints[1] >= 1 << len(
            proposal.data["election"]["candidates"]):
        await refuse(update, context)
        return
    person, _ = who
    if proposal.status != Status.OPEN:  # its announcement's buttons stay in every chat
        await refuse(update, context, t(context, ERRORS["vote_closed"]))
        return
    mask, backs = ints[1], backs_of(ints[1])
    seats = int(proposal.data["election"]["seats"])
    if len(backs) > seats:
        await refuse(update, context, t(context, "You may tick at most {seats} candidates, one "
                                                 "per seat.", seats=seats))
        return
    if await relation.stopped(update, context, person, proposal, data):
        return
    if not ok:
        await _edit(update, context, proposal, mask, person.get("household"), edit=edit)
        return
    home = person.get("household")
    current = await read(repo_of(context).ballot_of, proposal.id, home) if home and not \
        await home_vote_by_former(context, proposal.id, home, person["id"]) else None
    if len(ints) == 2 and current is not None and sorted(current) == backs:
        # the same Submit pressed again (or an old ballot resent): nothing to record twice
        await reply(update, t(context, "Your household's ballot in election #{id} is already "
                                       "recorded as it is: {backs}. Nothing changed.",
                              id=proposal.id, backs=backs_or_blank(context, proposal, backs)))
        return
    if not allow_submission(context, person["telegram_id"]):
        await refuse(update, context, rate_limited(context, person["telegram_id"]))
        return
    repo, replaces = repo_of(context), ints[2] if len(ints) == 3 else None
    try:
        try:
            vote, previous = await call(repo.cast_ballot, person["id"], proposal.id, backs,
                                        replaces=replaces)
        except VoteConflict as exc:  # the former residents' paper ballot: replaced unasked
            theirs = None if replaces is not None else await former_signature(context, exc)
            if theirs is None:
                raise
            vote, previous = await call(repo.cast_ballot, person["id"], proposal.id, backs,
                                        replaces=theirs)
    except VoteConflict as exc:
        await reply(update, await conflict(context, proposal, exc, backs, paper=False),
                    reply_markup=keyboard([
                        (t(context, "Replace it with my vote"),
                         f"{PREFIX}:{proposal.id}:{mask}:ok:{exc.params['earlier']}"),
                        (t(context, "Keep the paper signature"), f"{PREFIX}:{proposal.id}:keep")],
                        1))
        return
    except DomainError as exc:
        await refuse(update, context, election_error(context, exc))
        return
    await _recorded(update, context, proposal, vote, previous, person)


async def _recorded(update: Update, context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                    vote: Entry, previous: Entry | None, person: dict[str, Any]) -> None:
    """Tell her the ballot ``vote`` just recorded (and the one it replaced), with the
    turnout, and the residents of the owner's other flats."""
    backs = list(vote.data.get("backs") or [])
    text = t(context, "Recorded: your household's ballot in election #{id}: {backs}.",
             id=proposal.id, backs=backs_or_blank(context, proposal, backs))
    if previous is not None and previous.author != person["id"] and \
            await cast_by_former(context, previous):  # theirs to know
        text += "\n" + t(context, await ballot_replaced_said(context, previous,
                                                             vote.data.get("household")))
    elif previous is not None:
        text += "\n" + t(context, "It replaces the earlier ballot of the same owner: {old}.",
                         old=backs_or_blank(context, proposal,
                                             list(previous.data.get("backs") or [])))
    await reply(update, text + "\n" + await turnout(context, proposal))
    await _tell(context, proposal, vote, person)
    await tell_earlier_recorder(context, proposal, vote, previous, person)  # hers replaced


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A ballot's 提交 (``el:<id>:<mask>:ok``) whose ballot was recorded just before the
    bot stopped: she is told it was recorded, as the press would have (before, she read
    "already saved … start again from the menu", and an elderly voter wondered whether
    it counted); whether it was such a press (her ballot in that election, backing those
    candidates, found)."""
    query = update.callback_query
    fields = (query.data or "").split(":") if query else []
    ints = parse_ints(fields[1:3]) if len(fields) in (4, 5) and fields[0] == PREFIX and \
        fields[3] == "ok" else None
    if not ints or len(ints) != 2 or update.effective_user is None:
        return False
    proposal = await _election(context, ints[0])
    if proposal is None:
        return False
    person = await person_of(update, context)
    backs = backs_of(ints[1])
    vote = await newest_own(context, person["id"], Kind.VOTE, lambda e: e.data.get(
        "proposal") == proposal.id and sorted(e.data.get("backs") or []) == backs
        and not e.data.get("paper") and e.status != Status.REPLACED)
    if vote is None:
        return False
    previous = None
    if vote.data.get("replaces"):
        previous = await entry_or_none(context, int(vote.data["replaces"]))
    await _recorded(update, context, proposal, vote, previous, person)
    return True


async def _edit(update: Update, context: ContextTypes.DEFAULT_TYPE, proposal: Entry,
                mask: int, household: str | None, *, edit: bool = True) -> None:
    """The same ballot with the ticks changed (``edit``: in the message pressed)."""
    query = update.callback_query
    markup = ballot_keyboard(proposal, lang_of(context), mask, details=True)
    text = await election_text(context, proposal, household)
    if edit and query is not None and query.message is not None:
        try:
            await query.edit_message_text(text, reply_markup=markup)
            return
        except BadRequest as exc:
            if not_modified(exc):  # tapped twice: it shows this already
                return
    await reply(update, text, reply_markup=markup)


TOLD = lazy("Election #{id} {title}: a ballot was recorded for your household ({household}) "
            "by {role}: {backs}. Only the owner's latest ballot counts; if this is not what "
            "your household wants, press \"Vote\" in the menu to vote again, or tell a volunteer.")


async def _tell(context: ContextTypes.DEFAULT_TYPE, proposal: Entry, vote: Entry,
                person: dict[str, Any]) -> int:
    """Tell the residents of the owner's flats (but the one who acted) of a ballot
    recorded on paper, or online for another flat of the same owner."""
    repo = repo_of(context)
    household = vote.data["household"]
    homes = await read(repo.households_told, proposal.id, household)  # not one sold since
    if not vote.data.get("paper"):
        homes = [h for h in homes if h != household]
    if not homes:
        return 0
    try:
        place = repo.street.household_label(household)
    except KeyError:
        place = household
    shown, hidden = await home_readers(context, proposal, homes, person["id"])  # a tenant
    how = Msg(HOW_BALLOT[bool(vote.data.get("paper"))])
    key = home_told_key(vote.id)  # each once, though the update is handled again
    return await tell_hidden(context, proposal, hidden, key, how=how,
                             role=vote.author_role) + \
        await notify_once(context, shown, key, TOLD, id=proposal.id, title=proposal.data.get(
            "title", ""), household=place, role=vote.author_role, backs=backs_text(
            proposal, list(vote.data.get("backs") or [])) or "空白票")


async def paper_ballot(update: Update, context: ContextTypes.DEFAULT_TYPE,
                       person: dict[str, Any], proposal: Entry, household: str,
                       backs: list[int], replaces: int | None = None, *,
                       doors: str = "", sold: bool | None = None) -> bool:
    """Records a paper ballot collected door to door (or asks to confirm it over an
    online one); whether nothing is left to ask (recorded, or the same as the earlier).
    ``doors``: the door walk's button prefix (``ballot_doors``), whose answers to the
    question bring the unit's doors back (``<doors>:y:<id>:<k>:<mask>:<earlier>`` and
    ``<doors>:n:<id>:<k>:<earlier>``). ``sold``: the volunteer's answer whether its flat
    was sold, asked first when nothing else says (``Repository.sale_unknown``:
    ``<doors or pb>:s:<id>:<k>:<mask>:1|0``), as for a paper signature."""
    repo = repo_of(context)
    if sold is None and replaces is None and \
            await read(repo.sale_unknown, proposal.id, household):
        homes = sorted((await read(repo.voters, proposal.id)).voter_of)
        data = f"{doors or PAPER}:s:{proposal.id}:{homes.index(household)}:{bits(backs)}"
        await reply(update, t(context, SOLD_BALLOT_ASK,
                              household=repo.street.household_label(household)),
                    reply_markup=sold_markup(context, data))
        return False
    try:
        vote, previous = await call(repo.cast_ballot, person["id"], proposal.id, backs,
                                    household=household, paper=True, replaces=replaces,
                                    sold=sold)
    except VoteConflict as exc:
        if await same_as_earlier(update, context, household, exc, backs=backs,
                                 backs_said=backs_or_blank(context, proposal, backs)):
            return True
        homes = sorted((await read(repo.voters, proposal.id)).voter_of)
        k, earlier = homes.index(household), exc.params["earlier"]
        yes = f"{doors or PAPER}:y:{proposal.id}:{k}:{bits(backs)}:{earlier}" + \
            ("" if sold is None else f":{int(sold)}")  # what the volunteer said of its sale
        no = f"{doors}:n:{proposal.id}:{k}:{earlier}" if doors else \
            f"{PAPER}:n:{proposal.id}:{earlier}"
        await reply(update, await conflict(context, proposal, exc, backs, paper=True),
                    reply_markup=keyboard([
                        (t(context, "Record the paper signature"), yes),
                        (t(context, "Keep the paper signature") if exc.params.get("paper")
                         else t(context, "Keep the online vote"), no)], 1))
        return False
    except DomainError as exc:
        await reply(update, election_error(context, exc))
        return False
    await ballot_recorded(update, context, person, proposal, vote, previous)
    return True


async def ballot_recorded(update: Update, context: ContextTypes.DEFAULT_TYPE,
                          person: dict[str, Any], proposal: Entry, vote: Entry,
                          previous: Entry | None) -> None:
    """Tells the volunteer the paper ballot ``vote`` they recorded (over ``previous``,
    if any), then the residents of the owner's flats."""
    backs = list(vote.data.get("backs") or [])
    label = repo_of(context).street.household_label(vote.data["household"])
    text = t(context, "Paper ballot recorded in election #{id}: {household} backs {backs} "
                      "(recorded by {role}).", id=proposal.id, household=label,
             backs=backs_or_blank(context, proposal, backs),
             role=public_role(person, proposal.area))
    if previous is not None and not previous.data.get("paper"):  # never whom it backed
        text += "\n" + t(context, "It replaces the owner's earlier online ballot (whom it "
                                  "backed stays secret).")
    elif previous is not None:  # a paper ballot: the volunteers saw the sheet
        text += "\n" + t(context, "It replaces the earlier ballot of the same owner: {old}.",
                         old=backs_or_blank(context, proposal,
                                             list(previous.data.get("backs") or [])))
    await reply(update, text + "\n" + await turnout(context, proposal))
    await _tell(context, proposal, vote, person)
    await tell_earlier_recorder(context, proposal, vote, previous, person)  # hers replaced


async def on_paper_confirm(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Records the paper ballot over an online one, or keeps the online one."""
    await answer(update)
    query = update.callback_query
    fields = (query.data or "").split(":") if query else []
    person = await require_staff(update, context)
    if person is None:
        return
    if fields[1:2] == ["n"] and len(fields) in (3, 4) and parse_ints(fields[2:]):
        await keep_earlier(update, context, parse_ints(fields[3:]))
        return
    # pb:y:<election>:<k>:<mask>:<earlier>[:1|0] over an earlier ballot; pb:s:<election>:<k>:
    # <mask>:1|0, whether its flat was sold (its answer last, as on pb:y)
    said = fields[-1] if fields[1:2] == ["s"] or len(fields) == 7 else None
    ints = parse_ints(fields[2:5] + (fields[5:6] if fields[1:2] == ["y"] else [])) \
        if (len(fields), fields[1:2]) in ((6, ["y"]), (7, ["y"]), (6, ["s"])) else None
    proposal = await _election(context, ints[0]) if ints else None
    if proposal is None or ints is None or said not in (None, "0", "1"):
        await refuse(update, context)
        return
    await drop_buttons(update)  # answered: its Keep no longer says what is so
    homes = sorted((await read(repo_of(context).voters, proposal.id)).voter_of)
    if ints[1] >= len(homes) or ints[2] >= 1 << len(proposal.data["election"]["candidates"]):
        await refuse(update, context)
        return
    await paper_ballot(update, context, person, proposal, homes[ints[1]],
                       backs_of(ints[2]), ints[3] if fields[1] == "y" else None,
                       sold=None if said is None else said == "1")


HANDLERS = [CallbackQueryHandler(on_ballot, pattern=f"^{PREFIX}:"),
            CallbackQueryHandler(on_paper_confirm, pattern=f"^{PAPER}:")]
