"""How a vote ends: at its deadline, early with a second volunteer's word, or
withdrawn.

* **At the deadline.** Voting runs to the end of the deadline day (China
  time). After it, ``close_overdue`` closes every open vote that is due, as
  the system (the bot runs it every few minutes and once at start-up, so a
  deadline passed while it was down is caught up); a volunteer may also close
  a due vote at once (``close_vote``).
* **Early.** Before its deadline a vote closes only when a volunteer of the
  area asks with a public reason (``request_early_close``) and a *different*
  volunteer (or an admin) confirms that request (``confirm_early_close``);
  either may drop it (``decline_early_close``). Every request is kept with
  its outcome (``data["early_close"]``), and a vote closed early says so
  (``data["closed_early"]``: the reason and both roles).
  And only once its result is settled (``early_close_refusal``): the owners who have
  not voted were told they could until the deadline, so while their votes could still
  turn the result (all of them agreeing, or all disagreeing), closing early is refused
  (``result_open``), when asked and again when confirmed: a committee does not decide
  a matter by ending the vote of the owners who might change it. A proposal no longer
  needed is withdrawn instead. An election closes early only once every owner voted.
* **Withdrawn.** An open proposal may be withdrawn by a volunteer of its area
  with a public reason (``withdraw``): it is not decided at all.

Closing applies the rule of the proposal's matter to its frozen electorate
(``db.votes``) and keeps the result, with its explanation, in the proposal
(``data["result"]``); a passed proposal becomes a project. An election
(``db.elections``) keeps who is elected beside it (``data["election"]["result"]``):
it "passes" when someone is elected, and is no project. Each of these is
one durable commit, so the public record (and the site) follows at once.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from . import checks
from .core import Core, Part, clip, serialized
from .elections import decide_election, is_election
from .electorate import VoteCount, count_votes, freeze
from .entries import Entry, Kind, ProjectStage, Status
from .errors import DomainError
from .matters import matter_of_proposal
from .people import public_role
from .records import Records
from .store import Transaction
from .tally import Tally, decide
from .votes import Votes, is_due

__all__ = ["Closing", "MAX_REASON"]

log = logging.getLogger(__name__)

MAX_REASON = 500  # characters of a public reason


class Closing(Part):
    """Closing votes: at the deadline, early (two volunteers), withdrawn."""

    def __init__(self, core: Core, records: Records, votes: Votes) -> None:
        super().__init__(core)
        self.records = records
        self.votes = votes

    # -- at the deadline -------------------------------------------------------

    @serialized
    def close_vote(self, proposal_id: int, actor_id: int) -> tuple[Entry, Tally]:
        """Close a vote whose deadline has passed, apply the rule, and keep the result
        with its explanation. Before the deadline: ``DomainError`` (``vote_not_due``;
        see ``request_early_close``)."""
        proposal, actor = self._open_proposal(proposal_id, actor_id)
        if not is_due(proposal, self.core.stamp()[:10]):
            raise DomainError("voting is open until the end of its deadline day; closing "
                              "early needs a reason and a second volunteer",
                              code="vote_not_due", id=proposal.id,
                              deadline=str(proposal.data.get("deadline", ""))[:10])
        return self._close(proposal, actor, None)

    def overdue(self) -> list[int]:
        """The ids of open proposals whose deadline has passed."""
        today = self.core.stamp()[:10]
        with self.store.lock:
            ids = self.core.entries.matching(None, Kind.PROPOSAL, Status.OPEN, None)
            docs = self.records.docs(ids)
        return sorted(int(d["id"]) for d in docs
                      if today > str(d["data"].get("deadline") or "9999")[:10])

    def close_overdue(self) -> list[tuple[Entry, Tally]]:
        """Close, as the system, every open vote whose deadline has passed; returns
        the closed proposals with their results, oldest first. One that cannot be
        closed is logged and left for the next time."""
        closed = []
        for proposal_id in self.overdue():
            try:
                found = self._close_if_due(proposal_id)
            except DomainError:
                log.exception("could not close the vote on #%s", proposal_id)
                continue
            if found is not None:
                closed.append(found)
        return closed

    @serialized
    def _close_if_due(self, proposal_id: int) -> tuple[Entry, Tally] | None:
        proposal = self.core.entry(proposal_id)
        if proposal.status != Status.OPEN or not is_due(proposal, self.core.stamp()[:10]):
            return None  # closed meanwhile
        return self._close(proposal, None, None)

    # -- early --------------------------------------------------------------------

    def early_close_refusal(self, proposal_id: int) -> DomainError | None:
        """Why the vote on ``proposal_id`` may not close early now (``result_open``: the
        owners who have not voted could still turn its result), or None once its result
        is settled: it stays the same whether every one of them agrees or disagrees (or
        none votes), or every owner voted. An election: once every owner voted. (What
        those who voted might change is not weighed: closing early ends that too, as
        the second volunteer is told.)"""
        proposal = self.core.entry(checks.whole(proposal_id, "a proposal number"))
        if proposal.kind != Kind.PROPOSAL:
            raise DomainError(f"#{proposal.id} is not a proposal", code="not_proposal")
        voters = self.votes.electorate(proposal)
        counted = self.votes.current_votes(proposal.id)
        voted = {voters.voter_of.get(v) or v for v in counted}
        left = [v for v in voters.units if v not in voted]
        if not left:
            return None
        if not is_election(proposal.data):
            how = matter_of_proposal(proposal.data).code
            count = count_votes(voters, counted)
            now = decide(voters, count, matter=how).passed
            # the one way the rest could turn it: all against a pass, all for a failure
            slot = 1 if now else 0
            turned = VoteCount(_plus(count.owners, slot, len(left)),
                               _plus(count.flats, slot, sum(voters.flats[v] for v in left)),
                               _plus(count.units, slot, sum(voters.units[v] for v in left)))
            if decide(voters, turned, matter=how).passed == now:
                return None
        return DomainError("the owners who have not voted could still change the result: "
                           "wait for the deadline, or withdraw the proposal",
                           code="result_open", id=proposal.id, left=len(left),
                           deadline=str(proposal.data.get("deadline", ""))[:10])

    @serialized
    def request_early_close(self, proposal_id: int, actor_id: int, reason: str) -> Entry:
        """Ask to close a vote before its deadline, with a public reason; a second
        volunteer must confirm (a newer request replaces one still waiting). Refused
        while the result is not settled (``early_close_refusal``)."""
        proposal, actor = self._open_proposal(proposal_id, actor_id)
        reason = _reason(reason)
        if is_due(proposal, self.core.stamp()[:10]):
            raise DomainError("the deadline has passed: close the vote", code="vote_due",
                              id=proposal.id)
        refusal = self.early_close_refusal(proposal.id)
        if refusal is not None:
            raise refusal

        def run(tx: Transaction) -> Entry:
            requests = proposal.data.setdefault("early_close", [])
            for r in requests:
                if r["outcome"] == "pending":
                    r.update(outcome="replaced", decided_at=self.core.stamp())
            requests.append({"n": len(requests) + 1, "by": actor["id"],
                             "role": public_role(actor, proposal.area), "reason": reason,
                             "at": self.core.stamp(), "outcome": "pending"})
            proposal.updated = self.core.stamp()
            self.records.save(tx, proposal)
            return proposal

        return self.core.commit(run)

    @serialized
    def confirm_early_close(self, proposal_id: int, actor_id: int,
                            request: int) -> tuple[Entry, Tally]:
        """Confirm early close request number ``request`` as a second volunteer of
        the area: the vote closes now and says it closed early, and why."""
        proposal, actor = self._open_proposal(proposal_id, actor_id)
        asked = _pending(proposal, request)
        if asked["by"] == actor["id"]:
            raise DomainError("a second volunteer must confirm", code="same_volunteer")
        refusal = self.early_close_refusal(proposal.id)  # a vote changed since it was asked
        if refusal is not None:
            raise refusal
        now = self.core.stamp()
        asked.update(outcome="confirmed", decided_by=actor["id"],
                     decided_role=public_role(actor, proposal.area), decided_at=now)
        return self._close(proposal, actor, {
            "reason": asked["reason"], "requested_role": asked["role"],
            "confirmed_role": asked["decided_role"], "at": now,
            "deadline": str(proposal.data.get("deadline", ""))[:10]})

    @serialized
    def decline_early_close(self, proposal_id: int, actor_id: int, request: int) -> Entry:
        """Drop early close request number ``request`` (a volunteer of the area: the
        one who asked, or another who does not agree); voting goes on."""
        proposal, actor = self._open_proposal(proposal_id, actor_id)
        asked = _pending(proposal, request)

        def run(tx: Transaction) -> Entry:
            asked.update(outcome="declined", decided_by=actor["id"],
                         decided_role=public_role(actor, proposal.area),
                         decided_at=self.core.stamp())
            proposal.updated = self.core.stamp()
            self.records.save(tx, proposal)
            return proposal

        return self.core.commit(run)

    # -- withdrawn ----------------------------------------------------------------

    @serialized
    def withdraw(self, proposal_id: int, actor_id: int, reason: str) -> Entry:
        """Withdraw an open proposal with a public reason: it is not decided."""
        proposal, actor = self._open_proposal(proposal_id, actor_id)
        reason = _reason(reason)

        def run(tx: Transaction) -> Entry:
            for r in proposal.data.get("early_close") or []:
                if r["outcome"] == "pending":
                    r.update(outcome="withdrawn", decided_at=self.core.stamp())
            proposal.data["withdrawn"] = {"reason": reason,
                                          "role": public_role(actor, proposal.area),
                                          "at": self.core.stamp()}
            self.records.move(tx, proposal, Status.WITHDRAWN, actor, reason)
            return proposal

        return self.core.commit(run)

    # -- the close itself -----------------------------------------------------------

    def _open_proposal(self, proposal_id: int, actor_id: int
                       ) -> tuple[Entry, dict[str, Any]]:
        proposal = self.core.entry(proposal_id)
        actor = self.core.require_person(actor_id)
        if proposal.kind != Kind.PROPOSAL:
            raise DomainError(f"#{proposal_id} is not a proposal", code="not_proposal")
        self.core.require_steward(actor, proposal.area)
        if proposal.status != Status.OPEN:
            raise DomainError("voting on this proposal is closed", code="vote_closed")
        return proposal, actor

    def _close(self, proposal: Entry, actor: dict[str, Any] | None,
               early: dict[str, Any] | None) -> tuple[Entry, Tally]:
        """Apply the rule and keep the result (hold ``commit_lock``)."""
        result = self.votes.tally(proposal.id)
        elected: dict[str, Any] | None = None
        if is_election(proposal.data):  # who is elected, and the turnout's tally says so
            elected = decide_election(self.votes.electorate(proposal),
                                      self.votes.ballots(proposal.id),
                                      proposal.data["election"])
            result = dataclasses.replace(result, passed=bool(elected["elected"]),
                                         explanation_zh=elected["explanation_zh"],
                                         explanation_en=elected["explanation_en"])

        def run(tx: Transaction) -> tuple[Entry, Tally]:
            to = Status.PASSED if result.passed else Status.FAILED
            data = proposal.data
            if not data.get("electorate"):  # an older proposal: keep whom it counted
                data["electorate"] = freeze(self.core.street.area_households(proposal.area))
            for r in data.get("early_close") or []:
                if r["outcome"] == "pending":
                    r.update(outcome="dropped", decided_at=self.core.stamp())
            if early is not None:
                data["closed_early"] = early
            data["result"] = result.as_dict()
            if elected is not None:
                data["election"]["result"] = elected
            elif result.passed:
                data["stage"] = str(ProjectStage.PLANNED)
                data["stages"] = [{"at": self.core.stamp(), "stage": "planned", "note": "",
                                   "photos": [], "role": public_role(actor, proposal.area)}]
            note = result.explanation_zh
            if early is not None:
                note = f"提前结束表决（理由：{early['reason']}）。{note}"
            self.records.move(tx, proposal, to, actor, note)
            return proposal, result

        return self.core.commit(run)


def _plus(counts: tuple[int, int, int], slot: int, n: int) -> tuple[int, int, int]:
    out = list(counts)
    out[slot] += n
    return out[0], out[1], out[2]


def _reason(reason: str | None) -> str:
    text = clip((reason or "").strip(), MAX_REASON)
    if not text:
        raise DomainError("please give a reason", code="reason_required")
    return text


def _pending(proposal: Entry, request: int) -> dict[str, Any]:
    for r in proposal.data.get("early_close") or []:
        if r.get("n") == request and r.get("outcome") == "pending":
            return r  # type: ignore[no-any-return]
    raise DomainError("no such early close request is waiting", code="no_close_request",
                      id=proposal.id)

