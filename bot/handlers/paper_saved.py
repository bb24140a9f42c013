"""A paper signature recorded by a volunteer just before the bot stopped: /paper N
<household> agree|disagree|abstain (in an election, the candidates' numbers), its
confirming button over an online vote (``pp:y:…``, ``pb:y:…``), or /proxy's vote
(``px:c:<choice>``).

The signature is one write, then the volunteer's answer, then the household's residents
are told (``paper.tell_households``), then the step is marked done. When the bot dies
in between (a crash, ``kill -9``, a reboot), the update is handled again at the next
start and the store says it wrote already (``bot.state.Keeper``): nothing is written
twice. Before, the volunteer read only "already saved … please start again from the
menu", and the household was never told that a signature was recorded for it (a
signature nobody gave could go unnoticed). ``finish_saved`` finds the vote the update
stored (the volunteer's, on that proposal for that household, that choice, on paper,
the newest) and answers and tells as the update would have: each resident once
(``home_told.home_told_key``, recorded just before the message leaves), so one told
before the stop is not told again; one whose message was on its way at the kill is not
told again either (at most once: ``bot.sending.paced`` says why).
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from db.elections import is_election
from db.entries import Kind
from db.errors import DomainError

from ..context import entry_or_none, newest_own, person_of, read, repo_of
from ..flows import current_draft
from ..keyboards import parse_ints
from ..staff import entry_id_of, resolve_household, words
from . import ballot, paper, proxy_vote

__all__ = ["finish_saved"]



async def _signed(update: Update, context: ContextTypes.DEFAULT_TYPE
                  ) -> tuple[int, str, dict[str, Any], int | None] | None:
    """(proposal, household, what the vote holds: its choice or, in an election, the
    candidates it backs, the vote it replaces or None when not said) the update
    recorded as a paper signature; None when it is none of those."""
    repo = repo_of(context)
    query = update.callback_query
    if query is None:
        message = update.effective_message
        text = (message.text or "") if message is not None else ""
        args = words(update)
        command = text.split(None, 1)[0].split("@", 1)[0] if text.strip() else ""
        entry_id = entry_id_of(args[0]) if command == "/paper" and len(args) >= 3 else None
        if entry_id is None:
            return None
        proposal = await read(repo.entry, entry_id)
        if proposal.kind != Kind.PROPOSAL:
            return None
        typed, last = paper.household_and_choice(args)  # as /paper reads them
        choice = paper.CHOICES.get(last.lower())
        backs = ballot.parse_backs(last)
        held: dict[str, Any] = ({"backs": backs} if is_election(proposal.data) else
                                {"choice": choice.value if choice else None})
        household = await read(resolve_household, repo, proposal.area, typed)
        return (proposal.id, household, held, None) \
            if household and None not in held.values() else None
    fields = (query.data or "").split(":")
    if fields[:2] == [paper.PREFIX, "y"] and len(fields) == 6:
        ints = parse_ints([fields[2], fields[3], fields[5]])
        if not ints:
            return None
        homes = sorted((await read(repo.voters, ints[0])).voter_of)
        return (ints[0], homes[ints[1]], {"choice": fields[4]}, ints[2]) \
            if ints[1] < len(homes) else None
    if fields[:2] == [ballot.PAPER, "y"] and len(fields) == 6:
        ints = parse_ints(fields[2:6])
        if not ints:
            return None
        homes = sorted((await read(repo.voters, ints[0])).voter_of)
        return (ints[0], homes[ints[1]], {"backs": ballot.backs_of(ints[2])}, ints[3]) \
            if ints[1] < len(homes) else None
    if fields[:2] == [proxy_vote.PREFIX, "c"] and len(fields) == 3:
        d = current_draft(context, proxy_vote.FLOW)  # as it was before the press
        if not d or not d.get("proposal") or not d.get("household"):
            return None
        return int(d["proposal"]), str(d["household"]), {"choice": fields[2]}, None
    return None


async def finish_saved(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Tell the volunteer the paper signature their update recorded before the bot
    stopped, and the household's residents; whether it was such an update (and its
    vote was found)."""
    if update.effective_user is None:
        return False
    try:
        signed = await _signed(update, context)
    except DomainError:
        return False
    if signed is None:
        return False
    proposal_id, household, held, replaces = signed
    person = await person_of(update, context)

    def same(data: dict[str, Any]) -> bool:
        return data.get("proposal") == proposal_id and data.get("household") == household \
            and all(data.get(k) == v for k, v in held.items()) and bool(data.get("paper")) and \
            (replaces is None or data.get("replaces") == replaces)

    vote = await newest_own(context, person["id"], Kind.VOTE, lambda v: same(v.data))
    if vote is None:
        return False
    proposal = await entry_or_none(context, proposal_id)
    earlier = vote.data.get("replaces")
    previous = await entry_or_none(context, earlier) if earlier is not None else None
    if proposal is None or (earlier is not None and previous is None):
        return False
    told = ballot.ballot_recorded if is_election(proposal.data) else paper.recorded
    await told(update, context, person, proposal, vote, previous)
    return True
