"""Electing the committee, as the repository does it: opening an election,
casting a ballot (online or on paper), and seating the elected. The rules of
an election and of its count are ``db.elections``; the vote underneath
(electorate, deadlines, closing) is ``db.votes`` and ``db.closing``.

**Seating** (``seat_elected``): once an election has closed with candidates
elected, an admin gives each of them the committee role of the area (a
volunteer role titled as the election says, 物管会委员) in one write, naming
the Telegram account of each elected candidate in the order of the result;
when the election replaced the committee (换届), the members sitting before and
not elected again lose that role in the same write (a by-election, 补选, keeps them).
The election keeps that it was done, when and by which role (public), never
who the accounts are.
"""

from __future__ import annotations

from typing import Any

from . import checks
from .core import Core, Part, serialized
from .directory import Directory
from .elections import (
    ELECTION,
    candidate_refused,
    committee_title,
    election_spec,
    is_election,
    personal_in_title,
)
from .entries import Entry, Kind, Status
from .errors import DomainError, PermissionDenied
from .people import Role, is_admin, public_role
from .store import Transaction
from .votes import Votes

__all__ = ["Committee"]


class Committee(Part):
    """Committee elections: open, ballot, seat."""

    def __init__(self, core: Core, votes: Votes, directory: Directory) -> None:
        super().__init__(core)
        self.votes = votes
        self.directory = directory

    def open_election(self, actor_id: int, area: str, *, title: str, seats: int,
                      candidates: list[str], deadline: str, description: str = "",
                      role_title: str = "物管会委员") -> Entry:
        """Open an election of ``seats`` members among ``candidates`` (role titles, never
        names) until the end of ``deadline``. A volunteer of the area, or an admin
        (the one who sets up a new area)."""
        spec = election_spec(seats, candidates, role_title)
        for candidate in spec["candidates"]:
            found = self.personal_in_candidate(area, candidate["title"])
            if found is not None:  # what the bot refuses as each line is sent
                raise candidate_refused(candidate["title"], found, int(candidate["n"]))
        return self.votes.create_proposal(actor_id, area, title=title,
                                          description=description, budget_fen=0,
                                          deadline=deadline, matter=ELECTION, election=spec)

    def personal_in_candidate(self, area: str, title: str) -> str | None:
        """What in a candidate's ``title`` is personal (``personal_in_title``): "number"
        for a phone or ID number, or the name of someone registered in ``area``
        (a resident, volunteer or supervisor there); None when nothing is."""
        title = checks.text(title, "a candidate's title", required=True)
        people = self.directory.people(volunteer_of=area, resident_of=area, supervisor_of=area)
        return personal_in_title(title, (p.get("name") or "" for p in people))

    @serialized
    def cast_ballot(self, actor_id: int, election_id: int, backs: list[int], *,
                    household: str | None = None, paper: bool = False,
                    replaces: int | None = None, sold: bool | None = None
                    ) -> tuple[Entry, Entry | None]:
        """Record an owner's ballot: the candidates it backs (their numbers, at most one
        per seat; none: a blank ballot). Online by a confirmed resident for their own
        household, or on paper by a volunteer of the area (``household``), as for a
        vote (``Votes.cast``: a ballot of the other channel is replaced only when
        ``replaces`` names it; ``sold``: what the volunteer says of a paper ballot's
        flat when nothing else does, ``Votes.sale_unknown``)."""
        if isinstance(backs, str | bytes) or not isinstance(backs, list | tuple):
            raise DomainError("a ballot lists the candidates it backs", code="bad_ballot")
        return self.votes.cast(actor_id, election_id, "agree", household=household,
                               paper=paper, replaces=replaces, backs=list(backs), sold=sold)

    def ballot_of(self, election_id: int, household: str) -> list[int] | None:
        """The candidates the counted ballot of a household's owner backs (None: no
        ballot yet)."""
        household = checks.text(household, "a household")
        voters = self.votes.voters(election_id)
        voter = voters.voter_of.get(household)
        if voter is None:
            return None
        return self.votes.ballots(election_id).get(voter)

    def sitting_members(self, election_id: int) -> list[dict[str, Any]]:
        """Who holds the committee role of an election's area now: its volunteers titled
        as the election's committee role (物管会委员), by person id. Private: the site
        names none of them."""
        election = self.core.entry(election_id)
        if election.kind != Kind.PROPOSAL or not is_election(election.data):
            raise DomainError(f"#{election_id} is not an election", code="not_election",
                              id=election_id)
        title = committee_title(election.data)
        return [p for p in self.directory.people(volunteer_of=election.area)
                if any(r["role"] == Role.VOLUNTEER and r.get("area") == election.area
                       and r.get("title") == title for r in p.get("roles", []))]

    @serialized
    def seat_elected(self, actor_id: int, election_id: int, telegram_ids: list[int], *,
                     retire: list[int] | None = None) -> list[dict[str, Any]]:
        """Give the elected of a closed election the committee role of its area (an
        admin): ``telegram_ids`` names the account of each elected candidate, in the
        order of the result. ``retire`` (Telegram ids), when the election replaced the
        committee (换届), names members sitting now (``sitting_members``) who were not
        elected again: their role in the area ends in the same write. One write; the
        election notes it was done."""
        actor = self.core.require_person(actor_id)
        if not is_admin(actor):
            raise PermissionDenied("only an admin may grant roles", code="admin_only")
        election = self.core.entry(election_id)
        if election.kind != Kind.PROPOSAL or not is_election(election.data):
            raise DomainError(f"#{election_id} is not an election", code="not_election",
                              id=election_id)
        spec = election.data["election"]
        result = spec.get("result") or {}
        elected = [int(n) for n in result.get("elected") or []]
        if election.status == Status.OPEN or not elected:
            raise DomainError("nobody is elected yet", code="none_elected", id=election.id)
        if spec.get("seated"):
            raise DomainError("the elected already have their role", code="already_seated",
                              id=election.id)
        if isinstance(telegram_ids, str | bytes) or not isinstance(telegram_ids, list | tuple):
            raise DomainError("name one account per elected candidate", code="bad_number")
        ids = [checks.whole(t, "a Telegram id") for t in telegram_ids]
        if len(ids) != len(elected) or len(set(ids)) != len(ids):
            raise DomainError(f"name {len(elected)} different accounts, one per elected "
                              "candidate", code="seat_count", n=len(elected), id=election.id)
        title = committee_title(election.data)
        area = election.area
        pids: list[int] = []
        if isinstance(retire, str | bytes) or not isinstance(retire, list | tuple | None):
            raise DomainError("name the accounts whose role ends", code="bad_number")
        sitting = {int(p["telegram_id"]): p for p in self.sitting_members(election.id)
                   if p.get("telegram_id") is not None}
        leaving = [checks.whole(t, "a Telegram id") for t in retire or []]
        if any(t not in sitting or t in ids for t in leaving) or \
                len(set(leaving)) != len(leaving):
            raise DomainError(f"only a sitting {title} not elected again leaves",
                              code="not_sitting", id=election.id)

        def run(tx: Transaction) -> None:
            now = self.core.stamp()
            for tid in leaving:  # first: one re-elected keeps the role given below
                person = sitting[tid]
                person["roles"] = [r for r in person["roles"] if not (
                    r["role"] == Role.VOLUNTEER and r.get("area") == area)]
                tx.put("people", "people", person["id"], person)
                self.directory.audit(tx, person, actor, now, f"{Role.VOLUNTEER}:{area}", None,
                                     f"replaced by #{election.id}")
                self.directory.end_mark(tx, person, area, now)
            for tid in ids:
                person = self.directory.ensure_person_tx(tx, tid, name="", now=now)
                self.directory.add_role(tx, person, {"role": Role.VOLUNTEER, "area": area,
                                                     "title": title}, actor, now,
                                        f"elected #{election.id}")
                pids.append(int(person["id"]))
            spec["seated"] = {"at": now, "role": public_role(actor, area),
                              "candidates": elected, "title": title,
                              **({"retired": len(leaving)} if leaving else {})}
            election.updated = now
            self.votes.records.save(tx, election)

        self.core.commit(run)
        return [self.core.require_person(pid) for pid in pids]
