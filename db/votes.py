"""Proposals and the households' votes on them: proposing, voting (online by a
confirmed resident, or a paper signature recorded by a volunteer; a later
vote of a household replaces its earlier one), the count so far, closing the
vote with the Civil Code art. 278 rule applied, and a passed proposal's
project stages.

The counting and the thresholds are ``db.tally``; here are the votes and
what is kept of them: each household's counted vote, and each proposal's
count, moved by every vote instead of counted again (``db.indexes.VoteIndex``).
"""

from __future__ import annotations

from typing import Any

from . import checks
from .core import Core, Part, clip, serialized
from .entries import MAX_TEXT, Entry, Kind, ProjectStage, Status, check_stage
from .errors import DomainError, NotFound, PermissionDenied
from .people import public_role, resident_area
from .records import Records
from .store import Transaction
from .tally import Choice, Electorate, Rule, Tally, count_votes, decide, electorate

__all__ = ["Votes"]

_KEPT = 1000  # tallies and counts kept before they are all dropped (and made again)


class Votes(Part):
    """Proposals, votes and tallies."""

    def __init__(self, core: Core, records: Records) -> None:
        super().__init__(core)
        self.records = records
        self.ix = core.votes

    def create_proposal(self, actor_id: int, area: str, *, title: str, description: str,
                        budget_fen: int, rule: Rule | str, deadline: str,
                        special: bool = False) -> Entry:
        rule = checks.choice(Rule, rule, "decision rule", "bad_rule")
        if checks.day(deadline, "the voting deadline") < self.core.clock().date():
            raise DomainError("the voting deadline is in the past", code="deadline_past",
                              deadline=str(deadline))
        return self.records.submit(actor_id, Kind.PROPOSAL, area, {
            "title": checks.text(title, "a title"),
            "description": checks.text(description, "a description"),
            "budget_fen": checks.whole(budget_fen, "a budget", low=0),
            "rule": str(rule), "deadline": deadline,
            "special": checks.flag(special, "special"),
        })

    @serialized
    def cast_vote(self, actor_id: int, proposal_id: int, choice: Choice | str, *,
                  household: str | None = None, paper: bool = False
                  ) -> tuple[Entry, Entry | None]:
        """Record a household's vote; returns (new vote, the vote it replaced or None).

        Online: the actor is a confirmed resident voting for their own household.
        Paper: a volunteer of the area records a signature collected door to door.
        """
        choice = checks.choice(Choice, choice, "choice")
        paper = checks.flag(paper, "paper")
        if household is not None:
            household = checks.text(household, "a household")
        proposal = self.core.entry(proposal_id)
        actor = self.core.require_person(actor_id)
        if proposal.kind != Kind.PROPOSAL:
            raise DomainError(f"#{proposal_id} is not a proposal", code="not_proposal")
        if paper:
            self.core.require_steward(actor, proposal.area)
            if not household:
                raise DomainError("a paper signature needs the household", code="no_household")
        else:
            household = actor.get("household")
            if not household or resident_area(actor) is None:
                raise PermissionDenied("only confirmed residents may vote",
                                       code="not_confirmed")
        try:
            area, *_ = self.core.street.locate(household)
        except KeyError:
            raise NotFound(f"no household {household!r}", code="no_household") from None
        if area.id != proposal.area:
            raise PermissionDenied("this proposal belongs to another area",
                                   code="other_area")
        if proposal.status != Status.OPEN:
            raise DomainError("voting on this proposal is closed", code="vote_closed")
        if self.core.stamp()[:10] > str(proposal.data.get("deadline", "9999"))[:10]:
            raise DomainError("the voting deadline has passed", code="vote_deadline")
        home: str = household

        def run(tx: Transaction) -> tuple[Entry, Entry | None]:
            previous = None
            prev_id = self.ix.counted.get(proposal.id, {}).get(home)
            if prev_id is not None:
                previous = self.core.entry(prev_id)
                self.records.move(tx, previous, Status.REPLACED, actor)
            vote = self.records.new(tx, Kind.VOTE, proposal.area, actor, {
                "proposal": proposal.id, "household": home, "choice": str(choice),
                "paper": paper, "replaces": prev_id,
            })
            self.ix.cast(proposal.id, home, vote.id)
            kept = self.ix.counts.get(proposal.id)
            if kept is not None:  # one household's vote moves: no need to count again
                voters, count = kept
                old = Choice(previous.data["choice"]) if previous is not None else None
                self.core.undo.set(self.ix.counts, proposal.id, (
                    voters, count.changed(voters, home, old, choice))
                    if home in voters.areas else None)  # else counted afresh
            return vote, previous

        return self.core.commit(run)

    def household_vote(self, proposal_id: int, household: str) -> Choice | None:
        """The counted choice of one household, if it voted (reads one document)."""
        proposal_id = checks.whole(proposal_id, "a proposal number")
        with self.store.lock:
            vid = self.ix.counted.get(int(proposal_id), {}).get(household)
            if vid is None:
                return None
            choice = self.ix.choices.get(vid)
            if choice is None:  # a vote entry's choice never changes: kept once read
                choice = self.ix.choices[vid] = Choice(self.core.entry(vid).data["choice"])
            return choice

    def current_votes(self, proposal_id: int) -> dict[str, Choice]:
        """household id -> the household's counted choice."""
        proposal_id = checks.whole(proposal_id, "a proposal number")
        with self.store.lock:
            votes = dict(self.ix.counted.get(int(proposal_id), {}))
            choices = self.ix.choices
            if len(choices) > 200_000:
                choices.clear()
            for d in self.records.docs(v for v in votes.values() if v not in choices):
                # A vote entry's choice never changes (a new vote is a new entry).
                choices[int(d["id"])] = Choice(d["data"]["choice"])
            return {h: choices[v] for h, v in votes.items()}

    def tally(self, proposal_id: int) -> Tally:
        """The count so far (or at the close) of a proposal's vote.

        The count of each option is kept and moved by each new vote (``cast_vote``);
        the decision made of it is kept until a vote for the proposal is cast or
        replaced, so /vote pressed by a hundred households decides once per vote.
        """
        proposal = self.core.entry(proposal_id)
        if proposal.kind != Kind.PROPOSAL:
            raise DomainError(f"#{proposal.id} is not a proposal", code="not_proposal")
        ix = self.ix
        with self.store.lock:
            street = self.core.street
            changes = ix.changes.get(proposal.id, 0)
            how = (proposal.area, proposal.data["rule"], bool(proposal.data.get("special")))
            cached = ix.tallies.get(proposal.id)
            if cached is not None and cached[0] is street and cached[1] == changes and \
                    cached[2] == how:
                return cached[3]
            voters = self._electorate(proposal.area)
            kept = ix.counts.get(proposal.id)
            if kept is None or kept[0] is not voters:
                kept = (voters, count_votes(voters, self.current_votes(proposal_id)))
                if len(ix.counts) >= _KEPT:
                    ix.counts.clear()
                ix.counts[proposal.id] = kept
            result = decide(voters, kept[1], how[1], special=how[2])
            if len(ix.tallies) >= _KEPT:
                ix.tallies.clear()
            ix.tallies[proposal.id] = (street, changes, how, result)
            return result

    def _electorate(self, area: str) -> Electorate:
        """The households voting in ``area``, kept per street."""
        street = self.core.street
        voters = self.ix.electorates.get(area)
        if voters is None or voters[0] is not street:
            voters = (street, electorate(street.area_households(area)))
            self.ix.electorates[area] = voters
        return voters[1]

    @serialized
    def close_vote(self, proposal_id: int, actor_id: int) -> tuple[Entry, Tally]:
        """Close voting, apply the rule, and record the result with its explanation."""
        proposal = self.core.entry(proposal_id)
        actor = self.core.require_person(actor_id)
        self.core.require_steward(actor, proposal.area)
        result = self.tally(proposal_id)

        def run(tx: Transaction) -> tuple[Entry, Tally]:
            to = Status.PASSED if result.passed else Status.FAILED
            self.records.move(tx, proposal, to, actor, result.explanation_zh)
            proposal.data["result"] = result.as_dict()
            if result.passed:
                proposal.data["stage"] = str(ProjectStage.PLANNED)
                proposal.data["stages"] = [{"at": self.core.stamp(), "stage": "planned",
                                            "note": "", "photos": [],
                                            "role": public_role(actor, proposal.area)}]
            self.records.save(tx, proposal)
            return proposal, result

        return self.core.commit(run)

    @serialized
    def set_stage(self, proposal_id: int, actor_id: int, stage: ProjectStage | str,
                  note: str = "", photos: list[str] | None = None) -> Entry:
        """Move a passed proposal's project along: planned -> in_progress -> done."""
        proposal = self.core.entry(proposal_id)
        actor = self.core.require_person(actor_id)
        self.core.require_steward(actor, proposal.area)
        if proposal.kind != Kind.PROPOSAL or proposal.status != Status.PASSED:
            raise DomainError("only a passed proposal is a project", code="not_project")
        stage = checks.choice(ProjectStage, stage, "stage", "bad_stage")
        note = checks.text(note, "a note")
        check_stage(proposal.data.get("stage"), stage)

        def run(tx: Transaction) -> Entry:
            stages: list[dict[str, Any]] = proposal.data.setdefault("stages", [])
            proposal.data["stage"] = str(ProjectStage(stage))
            stages.append({"at": self.core.stamp(), "stage": str(ProjectStage(stage)),
                           "note": clip(note, MAX_TEXT), "photos": list(photos or []),
                           "role": public_role(actor, proposal.area)})
            proposal.updated = self.core.stamp()
            self.records.save(tx, proposal)
            return proposal

        return self.core.commit(run)
