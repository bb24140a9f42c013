"""How a confirmed resident stands to their home (``db.people.Relation``: the owner,
the owner's family voting for them, or a tenant), which decides whether they cast
their home's vote online on a joint matter of the owners (Civil Code art. 278, a
committee election included; ``db.votes``).

**Audited.** Every change is kept in the people's audit (``people/audit``, as the
changes of roles are), with who made it, when, and from what to what
(``relation:owner`` -> ``relation:tenant``, note ``relation``). The person sees it
in their own data (``db.privacy.Privacy.export``, /mydata); it is never published.

**A tenant's online votes stop counting.** A resident who voted online on a joint
matter as the owner or the owner's family and then says they are a tenant (or
lives there as a guest) did not cast the owner's vote: each of their online votes for
that home that still counts on a joint matter whose voting is still going (open, its
deadline not passed) stops counting. It stays in the record, status ``rejected`` with the
reason (``NOT_COUNTED``), never deleted; the count moves, and the owner has no
counted vote until they (or their family) vote again, online or on paper. An
earlier vote it replaced stays replaced: a replaced vote never counts again
(``db.entries``), so the owner is told to vote again rather than handed back a
vote they may have meant to change. A vote whose voting has ended is not touched:
closed votes are not reopened, and after the deadline nobody changes a vote this way.
Everyday matters are open to every resident, so their votes stay, and so does a vote
cast for a flat she has since left (as its owner then: ``db.moving``).

``voided_by_last_change`` finds again the votes the person's latest change stopped
counting (those still being voted): the bot tells the home of them even when it stopped
between the write and its messages (``bot.handlers.relation.finish_saved``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import checks
from .core import Core, Part, serialized
from .directory import Directory
from .entries import Entry, Kind, Status
from .errors import PermissionDenied
from .matters import matter_of_proposal
from .people import Relation, relation_of, resident_area
from .records import Records
from .store import Transaction
from .votes import is_due, uncount

__all__ = ["Relations", "RelationChange", "NOTE", "NOT_COUNTED"]

NOTE = "relation"  # the audit note of a change of relation
NOT_COUNTED = ("not counted: the resident said they are a tenant, and only the owner (or the "
               "owner's family for them) votes on a joint matter of the owners (Civil Code "
               "art. 278)")


@dataclass
class RelationChange:
    """What ``change_relation`` did: the person as stored, the relation before, and
    the votes that no longer count (each now ``rejected``)."""

    person: dict[str, Any]
    before: Relation | None
    voided: list[Entry] = field(default_factory=list)


class Relations(Part):
    """Saying how one stands to one's home, its audit, and its effect on votes."""

    def __init__(self, core: Core, records: Records, directory: Directory) -> None:
        super().__init__(core)
        self.records = records
        self.directory = directory

    def set_relation(self, person_id: int, relation: Relation | str) -> dict[str, Any]:
        """Record how a confirmed resident stands to their home; returns the person as
        stored (see ``change_relation``)."""
        return self.change_relation(person_id, relation).person

    @serialized
    def change_relation(self, person_id: int, relation: Relation | str) -> RelationChange:
        """Record how a confirmed resident stands to their home, said by themselves:
        audited, and a tenant's online votes on open joint matters stop counting (see
        the module). Saying the same again changes nothing."""
        relation = checks.choice(Relation, relation, "relation")
        person = self.core.require_person(person_id)
        if not person.get("household") or resident_area(person) is None:
            raise PermissionDenied("only a confirmed resident says how they stand to their "
                                   "home", code="not_confirmed")
        before = relation_of(person)
        change = RelationChange(person, before)
        if person.get("relation") == relation:
            return change
        person["relation"] = str(relation)
        voided = self._counted_joint_votes(person) if relation == Relation.TENANT else []

        def run(tx: Transaction) -> RelationChange:
            now = self.core.stamp()
            tx.put("people", "people", person["id"], person)
            self.directory.audit(tx, person, person, now, before and f"{NOTE}:{before}",
                                 f"{NOTE}:{relation}", NOTE, resident_area(person))
            for vote in voided:
                self._void(tx, vote, person)
                change.voided.append(vote)
            return change

        return self.core.commit(run)  # type: ignore[no-any-return]

    def relation_changes(self, person_id: int) -> list[dict[str, Any]]:
        """The changes of how this person stands to their home, oldest first."""
        me = self.core.require_person(person_id)["id"]
        return [{k: v for k, v in a.items() if k != "doc_id"}
                for a in self.store.all("people", "audit")
                if a.get("subject") == me and a.get("note") == NOTE]

    def voided_by_last_change(self, person_id: int) -> list[Entry]:
        """The votes the person's latest change of relation (to tenant) stopped counting,
        whose voting is still going; [] when that change was not to tenant."""
        changes = self.relation_changes(person_id)
        if not changes or changes[-1].get("to") != f"{NOTE}:{Relation.TENANT}":
            return []
        since = str(changes[-1].get("at") or "")
        today = self.core.stamp()[:10]
        out = []
        for vote in self.records.entries(kind=Kind.VOTE, status=Status.REJECTED,
                                         author=self.core.require_person(person_id)["id"]):
            last = vote.history[-1] if vote.history else {}
            if last.get("note") != NOT_COUNTED or str(last.get("at") or "") < since:
                continue
            proposal = self.core.entry(int(vote.data["proposal"]))
            if proposal.status == Status.OPEN and not is_due(proposal, today):
                out.append(vote)
        return out

    def _counted_joint_votes(self, person: dict[str, Any]) -> list[Entry]:
        """The person's online votes for the home she says this of that count now on
        joint matters still being voted. A vote she cast for a flat she has left was
        cast as that flat's owner then (``db.moving``): it stays."""
        today = self.core.stamp()[:10]
        home = person.get("household")
        out = []
        for vote in self.records.entries(kind=Kind.VOTE, status=Status.COUNTED,
                                         author=person["id"]):
            if vote.data.get("paper") or vote.data.get("household") != home:
                continue
            proposal = self.core.entry(int(vote.data["proposal"]))
            if proposal.status == Status.OPEN and not is_due(proposal, today) and \
                    matter_of_proposal(proposal.data).joint:
                out.append(vote)
        return out

    def _void(self, tx: Transaction, vote: Entry, person: dict[str, Any]) -> None:
        """``vote`` stops counting: kept, ``rejected`` with the reason; the count moves."""
        uncount(self.core, self.records, tx, vote, person, NOT_COUNTED)
