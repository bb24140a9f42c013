"""Proposals and the owners' votes on them: proposing (the matter decided,
the electorate frozen), voting (online by a confirmed resident, or a paper
signature recorded by a volunteer) and the count so far. Closing, early
closing and withdrawing are ``db.closing``; a passed proposal's project
stages, ``db.projects``.

**One owner, one vote.** A vote is cast for a household, and counts for its
owner (``db.electorate``): an owner's later vote, from any of their flats,
replaces the earlier one (status ``replaced``; both stay in the record).

**Who votes online.** On a joint matter of the owners (Civil Code art. 278,
a committee election included) the owners decide: a confirmed resident casts
their home's vote online only as its owner or the owner's family, voting for
the owner (``db.people.Relation``); a tenant is refused (``tenant_no_vote``),
and so is one who has not said how they stand to their home
(``relation_unknown``: the bot asks first). One who says later that they are a
tenant sees their online votes on joint matters still being voted stop counting
(``db.relation``). An everyday matter is open to every confirmed resident. A
paper signature is the owner's, recorded by a volunteer, and is not asked about.

**A flat that changes hands** (``db.moving``). A former resident no longer votes for the
flat (she is no longer its confirmed resident). The vote she cast for it while she lived
there is left as it is: on a vote still open it counts for the flat until someone of the
flat votes (its new owner, or the owner's family), whose vote replaces it as above; the
flat is counted once all along. A closed vote is never touched. Which way it went is not
told to the flat's people now (``db.moving.Moving.by_former``).

One owner's flats part when one of them is sold during the vote. A vote cast for a flat of
an owner of several (as frozen) after that flat changed hands or was left empty since the
vote opened (``HandsChanged.since``) is its new household's when one of its residents now
said they are its owner (``db.relation``), when the street file, merged since the vote
opened, no longer lists it under her owner key (the admin corrected it for the sale), or
when it is a paper signature (an owner's) and nobody living there now said they rent it or
are the owner's family (its buyer has not answered the bot, or it stands empty) and the
volunteer did not say otherwise (moving its last resident out for another reason than
房子卖了, or answering when recording it that it was not sold: ``sale_unknown``): else a
new tenant or the owner's own family moving in do not part it. The flat then leaves the
seller's share in this vote's electorate (listed in ``"sold"`` in the proposal's
``electorate``, in the commit of that vote) and the vote counts for that flat alone, the
buyer one owner more in the headcount.
The seller's vote, if any, is not replaced: it counts for the flats she kept, and a
later vote for one of them replaces it as before. Her flats sold during the vote that the
street file, corrected since the vote opened, lists under one new owner key are one buyer's
(SPC art. 9): he counts once for them all (``"bought"``), unless the people of two of them
each say they own theirs (two owners, whatever the file says); her vote ends once she holds
none of them. A file not corrected since still lists them under her key: it says nothing
of who bought them, and each counts on its own; a buyer who voted for one of them then
counts once for them all when the corrected file is merged (``regroup_bought``), or at his
next vote (``_bought_with``).
A flat that nobody lived in (registered) when voting opened is known to be sold when the file,
corrected since, says so, or when one who registered there since says he owns it while one
who lived in another of her flats then says she owns hers (``_new_household``).
A flat sold during the vote (one owner's or several's) that the corrected file lists under
the key of flats its buyer held when the vote opened joins his share: a vote for it is his
one vote (it replaces his earlier one), and the seller, holding nothing else, leaves the headcount.
A flat that joined its buyer's share so and that he sells on during the same vote (it
changed hands again since it left its seller's share: ``"sold_at"``; the file corrected
since lists it apart from his other flats, or someone who came since says they own it, or
a paper signature the volunteer says is a buyer's) leaves his share (``"left"``): its new
owner counts for it alone, his vote still for the flats he kept (``_sold_on``).

**Paper and online.** A paper signature that would replace an online vote
of the same owner, or an online vote that would replace a paper signature,
is refused with ``VoteConflict`` (it names the earlier vote: of an online vote
asked about by a volunteer, never which way it went) until the one recording it
confirms, by naming the vote they replace (``replaces=``). The later one counts;
the new vote notes that it overrode the other channel. So is a paper signature
over another: two volunteers at the same door at about the
same moment, or a sheet entered for the wrong room, replaced the earlier one
silently (the later recorder told, the earlier never).

The counting and the thresholds are ``db.tally``; here are the votes and
what is kept of them: each owner's counted vote, and each proposal's
count, moved by every vote instead of counted again (``db.indexes.VoteIndex``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from . import checks
from .core import Core, Part, serialized
from .elections import check_backs, checked_spec, is_election
from .electorate import freeze, sell, thaw
from .entries import Entry, Kind, Status
from .errors import DomainError, NotFound, PermissionDenied
from .indexes import VoteIndex
from .matters import Matter, matter, matter_from_rule, matter_of_proposal
from .moving import BEGAN, MoveReason
from .people import Relation, joint_vote_refusal, resident_area
from .records import Records
from .store import Transaction
from .street_merge import owner_keys_written
from .tally import Choice, Electorate, Tally, count_votes, decide, electorate

if TYPE_CHECKING:
    from .directory import Directory
    from .moving import HandsChanged
    from .places import Street

__all__ = ["Votes", "VoteConflict", "is_due", "is_struck", "uncount", "STRUCK"]

# the reason a paper signature taken back keeps (``Votes.strike_paper``)
STRUCK = ("struck: a paper signature recorded for the wrong household, taken back by a "
          "volunteer of the area")

_KEPT = 1000  # tallies, counts and electorates kept before they are all dropped


class VoteConflict(DomainError):
    """The owner's counted vote came by the other channel (paper / online), or both are
    paper signatures: the one recording this vote must see it and confirm
    (``replaces=`` its id)."""


def uncount(core: Core, records: Records, tx: Transaction, vote: Entry,
            actor: dict[str, Any], note: str) -> None:
    """``vote`` stops counting, kept ``rejected`` with ``note`` as its reason (never
    deleted); the owner has no vote, and the count is made afresh. A paper signature taken
    back (``Votes.strike_paper``), a tenant's vote on a joint matter (``db.relation``)."""
    records.move(tx, vote, Status.REJECTED, actor, note)
    ix = core.votes
    proposal = int(vote.data["proposal"])
    ix.uncast(proposal, str(vote.data.get("voter") or vote.data["household"]), vote.id)
    core.undo.set(ix.counts, proposal, None)  # counted afresh


def is_struck(vote: Entry) -> bool:
    """Whether ``vote`` is a paper signature taken back (``Votes.strike_paper``)."""
    last = vote.history[-1] if vote.history else {}
    return vote.status == Status.REJECTED and last.get("note") == STRUCK


def is_due(proposal: Entry, today: str) -> bool:
    """Whether voting on ``proposal`` has ended: its deadline day (China time) is
    over. ``today`` is an ISO date ("2025-06-11")."""
    return today > str(proposal.data.get("deadline") or "9999")[:10]


class Votes(Part):
    """Proposals, votes and tallies."""

    def __init__(self, core: Core, records: Records) -> None:
        super().__init__(core)
        self.records = records
        # when each flat last changed hands (``db.moving``), and who lives there now: set
        # by the repository
        self.hands: HandsChanged | None = None
        self.directory: Directory | None = None
        self._keys: tuple[Street, dict[str, str]] | None = None
        self._keyed: dict[str, tuple[Street, dict[str, list[str]]]] = {}

    def create_proposal(self, actor_id: int, area: str, *, title: str, description: str,
                        budget_fen: int, deadline: str, matter: Matter | str | None = None,
                        rule: str | None = None, special: bool | None = None,
                        election: dict[str, Any] | None = None) -> Entry:
        """Open a proposal for voting until the end of ``deadline`` (an ISO date, not
        before today). ``matter`` is a code of ``db.matters.MATTERS`` (its rule and
        thresholds follow); ``rule`` and ``special`` alone make a matter whose item
        is not noted. The area's households, owners and floor areas are frozen
        with it (``data["electorate"]``). ``election``: the seats and candidates of a
        committee election (``db.elections.election_spec``; see ``db.committee``)."""
        if special is not None:
            checks.flag(special, "special")
        checks.text(title, "a title")
        checks.text(description, "a description")
        m = _chosen(matter, rule, special)
        if election is not None:
            if m.code != "committee_election":
                raise DomainError("an election decides art. 278 item 3", code="not_election")
            election = checked_spec(election)
        day = _iso_date(deadline)
        if day < self.core.stamp()[:10]:
            raise DomainError("the deadline is in the past", code="bad_deadline",
                              deadline=day)
        self.core.check_area(area)
        data: dict[str, Any] = {
            "title": title, "description": description, "budget_fen": budget_fen,
            "matter": m.code, "rule": m.rule, "special": m.special, "deadline": day,
            "electorate": freeze(self.core.street.area_households(area)),
        }
        if election is not None:
            data["election"] = election
        return self.records.submit(actor_id, Kind.PROPOSAL, area, data)

    @property
    def ix(self) -> VoteIndex:
        return self.core.votes  # through the property: restored first if put off (``Core``)

    @serialized
    def cast_vote(self, actor_id: int, proposal_id: int, choice: Choice | str, *,
                  household: str | None = None, paper: bool = False,
                  replaces: int | None = None, sold: bool | None = None
                  ) -> tuple[Entry, Entry | None]:
        """Record a household's vote for its owner; returns (new vote, the vote it
        replaced or None). See ``cast``."""
        return self.cast(actor_id, proposal_id, choice, household=household, paper=paper,
                         replaces=replaces, sold=sold)

    def cast(self, actor_id: int, proposal_id: int, choice: Choice | str, *,
             household: str | None = None, paper: bool = False,
             replaces: int | None = None, backs: list[int] | None = None,
             sold: bool | None = None) -> tuple[Entry, Entry | None]:
        """Record a household's vote for its owner; returns (new vote, the vote it
        replaced or None).

        Online: the actor is a confirmed resident voting for their own household.
        Paper: a volunteer of the area records a signature collected door to door.
        Raises ``VoteConflict`` when it would replace a vote of the other channel, or a
        paper signature, without ``replaces`` naming it, and ``DomainError`` (``vote_changed``) when
        ``replaces`` names a vote that is no longer the owner's counted one.

        An election (``db.elections``) takes a ballot: ``backs``, the candidates it
        backs (its choice is then "agree", or "abstain" for a blank ballot); a
        proposal takes a choice and no ``backs``. ``sold``: for a paper signature, what
        the volunteer says of its flat when nothing else does (``sale_unknown``): sold
        during the vote (its buyer's), or not (let: its owner's). Hold ``commit_lock``.
        """
        choice = checks.choice(Choice, choice, "choice")
        paper = checks.flag(paper, "paper")
        if sold is not None:
            sold = checks.flag(sold, "sold")
        if household is not None:
            household = checks.text(household, "a household")
        proposal = self.core.entry(proposal_id)
        actor = self.core.require_person(actor_id)
        if proposal.kind != Kind.PROPOSAL:
            raise DomainError(f"#{proposal_id} is not a proposal", code="not_proposal")
        if is_election(proposal.data) != (backs is not None):
            raise DomainError(f"#{proposal_id} is an election: a ballot backs candidates"
                              if backs is None else f"#{proposal_id} is not an election",
                              code="election_ballot" if backs is None else "not_election",
                              id=proposal.id)
        if backs is not None:
            backs = check_backs(proposal.data["election"], backs)
            choice = Choice.AGREE if backs else Choice.ABSTAIN
        if paper:
            self.core.require_steward(actor, proposal.area)
            if not household:
                raise DomainError("a paper signature needs the household", code="no_household")
        else:
            household = actor.get("household")
            if not household or resident_area(actor) is None:
                raise PermissionDenied("only confirmed residents may vote",
                                       code="not_confirmed")
        voters = self.electorate(proposal)
        voter = voters.voter_of.get(household)
        if voter is None:
            self._outside(proposal, household)
        if proposal.status != Status.OPEN:
            raise DomainError("voting on this proposal is closed", code="vote_closed")
        if is_due(proposal, self.core.stamp()[:10]):
            raise DomainError("the voting deadline has passed", code="vote_deadline")
        refusal = None if paper or not matter_of_proposal(proposal.data).joint \
            else joint_vote_refusal(actor)
        if refusal is not None:  # art. 278: the owners decide (their family votes for them)
            raise PermissionDenied("only the owner, or the owner's family for them, votes "
                                   "on a joint matter of the owners", code=refusal,
                                   id=proposal.id)
        assert household is not None and voter is not None
        home: str = household
        parted = self._sold_during(proposal, home, voter, paper, sold if paper else None)
        gone: Entry | None = None  # the seller's vote, when she has no flat left in it
        if parted is not None:  # the flat's new household: its own owner from now on
            counted = self.ix.counted.get(proposal.id, {})
            gone_id = counted.get(parted[2]) if parted[2] is not None else None
            gone = self.core.entry(gone_id) if gone_id is not None else None
            voters, voter = thaw(parted[0]), parted[1]
        prev_id = self.ix.counted.get(proposal.id, {}).get(voter)
        previous = self.core.entry(prev_id) if prev_id is not None else None
        if replaces is not None and replaces != prev_id:
            # A confirmation given for a vote that is no longer the owner's counted one.
            raise DomainError("the owner's vote changed meanwhile", code="vote_changed",
                              id=proposal.id)
        if previous is not None and (paper or bool(previous.data.get("paper"))) \
                and replaces != previous.id:  # but a resident's online vote changed online
            d = previous.data
            # How an owner voted online is said to nobody (the site and the tallies never
            # say it): a volunteer about to record a paper signature over it learns that
            # the owner voted online, and when, never which way (choice, backs: None).
            secret = paper and not d.get("paper")
            raise VoteConflict(
                "this owner's vote is recorded by the other channel or on paper",
                code="vote_conflict",
                earlier=previous.id, choice=None if secret else d["choice"],
                paper=bool(d.get("paper")), role=previous.author_role, at=previous.created,
                household=d["household"],
                backs=None if secret else list(d.get("backs") or []))

        def run(tx: Transaction) -> tuple[Entry, Entry | None]:
            if parted is not None:
                proposal.data = {**proposal.data, "electorate": parted[0]}
                self.records.save(tx, proposal)
                self.core.undo.set(self.ix.frozen, proposal.id, voters)
            if gone is not None:  # she sold every flat she voted for: his vote ends hers
                self.records.move(tx, gone, Status.REPLACED, actor)
                self.ix.uncast(proposal.id, str(gone.data.get("voter")), gone.id)
            if previous is not None:
                self.records.move(tx, previous, Status.REPLACED, actor)
            data = {
                "proposal": proposal.id, "household": home, "voter": voter,
                "choice": str(choice), "paper": paper, "replaces": prev_id,
                "overrides": previous is not None and bool(previous.data.get("paper")) != paper,
            }
            if backs is not None:
                data["backs"] = list(backs)
            vote = self.records.new(tx, Kind.VOTE, proposal.area, actor, data)
            self.ix.cast(proposal.id, voter, vote.id)
            kept = self.ix.counts.get(proposal.id)
            if kept is not None and kept[0] is voters:  # one owner's vote moves
                old = Choice(previous.data["choice"]) if previous is not None else None
                self.core.undo.set(self.ix.counts, proposal.id,
                                   (voters, kept[1].changed(voters, voter, old, choice)))
            elif kept is not None:
                self.core.undo.set(self.ix.counts, proposal.id, None)  # counted afresh
            return vote, previous

        return self.core.commit(run)

    @serialized
    def strike_paper(self, actor_id: int, vote_id: int) -> Entry:
        """Take back a paper signature recorded for the wrong household (a volunteer at
        door 101 who meant 102): it stops counting, kept ``rejected`` with ``STRUCK`` as
        its reason, never deleted; the household has no vote again, and the count and
        the turnout move. A volunteer of the area does it, while voting is open. Refused
        for an online vote (only its resident changes it), for one that no longer counts,
        and for a signature that replaced an earlier vote (``struck_replaces``: taking it
        back would not bring that one back; record the right choice over it instead).
        Returns the signature as stored now. Hold ``commit_lock``."""
        vote = self.core.entry(checks.whole(vote_id, "a vote number"))
        actor = self.core.require_person(actor_id)
        if vote.kind != Kind.VOTE:
            raise DomainError(f"#{vote.id} is not a vote", code="not_vote", id=vote.id)
        proposal = self.core.entry(int(vote.data["proposal"]))
        self.core.require_steward(actor, proposal.area)
        if not vote.data.get("paper"):
            raise PermissionDenied("only its resident changes an online vote",
                                   code="struck_online", id=vote.id)
        if vote.status != Status.COUNTED:
            raise DomainError(f"#{vote.id} no longer counts", code="struck_not_counted",
                              id=vote.id, status=str(vote.status))
        if proposal.status != Status.OPEN:
            raise DomainError("voting on this proposal is closed", code="vote_closed")
        if is_due(proposal, self.core.stamp()[:10]):
            raise DomainError("the voting deadline has passed", code="vote_deadline")
        if vote.data.get("replaces") is not None:
            raise DomainError("it replaced an earlier vote", code="struck_replaces",
                              id=vote.id, earlier=vote.data["replaces"])

        def run(tx: Transaction) -> Entry:
            uncount(self.core, self.records, tx, vote, actor, STRUCK)
            return vote

        return self.core.commit(run)

    @serialized
    def regroup_bought(self) -> list[int]:
        """After the street file was merged (``Repository.merge_street``): in each open vote,
        the flats sold during it that its buyer voted for alone while the file still listed
        them under their seller's key, and that the corrected file now lists under one owner
        key with other flats of hers sold too, are joined to his share now (``_bought_with``),
        as his next vote would: he counts once, her vote ends when she holds none of them.
        Before, he stayed two owners until someone voted again. Returns the proposals
        changed. (A stop between the merge and this leaves it to his next vote.)"""
        changed: list[int] = []
        if self.hands is None or self.directory is None:
            return changed
        for proposal in self.records.entries(kind=Kind.PROPOSAL, status=Status.OPEN):
            if is_due(proposal, self.core.stamp()[:10]):
                continue  # to be closed as it stands
            for home in sorted((proposal.data.get("electorate") or {}).get("sold") or ()):
                frozen = proposal.data["electorate"]
                voter = self.electorate(proposal).voter_of.get(home)
                parted = None if voter is None else self._bought_with(
                    proposal, frozen, home, voter, set(frozen.get("sold") or ()))
                if parted is not None:
                    self._regroup(proposal, parted)
                    if proposal.id not in changed:
                        changed.append(proposal.id)
        return changed

    def _regroup(self, proposal: Entry, parted: tuple[dict[str, Any], str, str | None]
                 ) -> None:
        """Write ``parted`` (``_bought_with``): the proposal's electorate, and the end of the
        seller's vote when she holds no flat of it any more."""
        doc, _, seller = parted
        counted = self.ix.counted.get(proposal.id, {})
        gone_id = counted.get(seller) if seller is not None else None
        gone = self.core.entry(gone_id) if gone_id is not None else None

        def run(tx: Transaction) -> None:
            proposal.data = {**proposal.data, "electorate": doc}
            self.records.save(tx, proposal)
            self.core.undo.set(self.ix.frozen, proposal.id, thaw(doc))
            if gone is not None:
                self.records.move(tx, gone, Status.REPLACED, None,
                                  "her flats here were bought by one owner (street file)")
                self.ix.uncast(proposal.id, str(gone.data.get("voter")), gone.id)
            self.core.undo.set(self.ix.counts, proposal.id, None)  # counted afresh
            self.core.undo.set(self.ix.changes, proposal.id,
                               self.ix.changes.get(proposal.id, 0) + 1)

        self.core.commit(run)

    def _sold_during(self, proposal: Entry, home: str, voter: str, paper: bool,
                     said_sold: bool | None = None
                     ) -> tuple[dict[str, Any], str, str | None] | None:
        """When ``home`` changed hands (or was left empty) since voting opened and a vote
        for it now is its new owner's, away from the flats its former owner keeps (see the
        module): the proposal's frozen electorate with ``home`` sold, the name its new owner
        votes under, and the seller's (``voter``) when she holds no flat of this vote any
        more (her vote then counts no more). None otherwise."""
        frozen = proposal.data.get("electorate")
        if not frozen or self.hands is None or self.directory is None:
            return None
        sold = set(frozen.get("sold") or ())
        if home in sold:  # sold during the vote already: sold on since? bought with more?
            return self._sold_on(proposal, frozen, home, voter, paper, said_sold) or \
                self._bought_with(proposal, frozen, home, voter, sold)
        group = next((list(ids) for ids in frozen.get("owners") or () if home in ids), None)
        if group is None and not self._flats_keyed(proposal.area):
            return None  # (a flat of one owner, in an area where nobody owns several now)
        moved, key = self._file_moved(proposal, home, group, sold)
        if not moved and not self._new_household(proposal, home, group):
            # the same household as when voting opened, and the file not corrected since
            # for it (one that nobody lives in, sold, is known by the corrected file)
            return None
        owns = self._says_owner(proposal, home)
        # flats the street file, corrected since voting opened, gives the same owner as
        # ``home``, which he held before it (SPC art. 9: he counts once for them all)
        prior = self._prior(proposal, home, key, group or [home], sold) if key else []
        bought = [list(ids) for ids in frozen.get("bought") or ()]
        # a flat its owner held when voting opened, joined since by flats he bought
        held_in = next((ids for ids in bought if home in ids), None)
        if group is None and not prior and held_in is None:
            return None  # a flat of one owner: a vote for it replaces hers (db.moving)
        if not moved and not owns:
            said = set(self.directory.household_values(proposal.area, home, "relation"))
            known = self._sold(proposal, home) if said_sold is None else said_sold
            if not paper or said & {str(Relation.TENANT), str(Relation.FAMILY)} or \
                    known is False:
                # Let to a new tenant, or lived in by the owner's own family, or left empty
                # by people the volunteer said moved away (搬走, not 房子卖了): still hers,
                # the street file not saying otherwise. But a paper signature (an owner's)
                # for a flat whose people have not said, or that was sold and stands empty,
                # is its buyer's: never hers for the flats she kept.
                return None
        # Other flats of hers, sold during the vote too, that the street file now lists
        # under the same new owner key: one buyer, who counts once (SPC art. 9).
        his = [f for f in group or () if f != home and self._one_buyer(proposal, home, f, sold)]
        if sum(self._says_owner(proposal, f) for f in [home, *his]) > 1:
            his = []  # two people each say they own one: two owners, whatever the file says
        before = prior[0] if prior else next((f for f in his if f in sold), None)
        earlier = [] if before is None else \
            next((ids for ids in bought if before in ids), [before])
        fresh = [f for f in his if f not in sold]
        joined = [*earlier, home, *fresh]
        kept = [f for f in group or () if f not in sold and f not in joined]
        if not kept and not earlier and not [f for f in held_in or () if f != home]:
            # her last flats, to one new owner: his vote replaces hers, as for one flat
            return None
        doc = sell(frozen, home, *fresh)
        # when each left its seller's share: a change of hands since is a sale on (_sold_on)
        now = self.core.stamp()
        doc["sold_at"] = {**(frozen.get("sold_at") or {}), **{f: now for f in [home, *fresh]}}
        # sold on by one who bought flats during the vote: they stay his, with the flats he
        # keeps of those he held (listed first: his share keeps its name, ``thaw``)
        groups = [ids if ids is not held_in else
                  [*(f for f in kept if f not in ids), *ids] for ids in bought
                  if ids is not earlier]
        if held_in is not None:
            doc["left"] = sorted({*(frozen.get("left") or ()), home})
        if len(joined) > 1:
            groups.append(joined)
        if groups:
            doc["bought"] = groups
        after = thaw(doc)
        return doc, after.voter_of[home], None if voter in after.units else voter

    def _sold_on(self, proposal: Entry, frozen: dict[str, Any], home: str, voter: str,
                 paper: bool, said_sold: bool | None
                 ) -> tuple[dict[str, Any], str, str | None] | None:
        """When ``home``, sold during the vote and joined since to its buyer's share with
        another flat (``"bought"``), was sold on by him: the frozen electorate with ``home``
        its own owner's (``"left"``), the name its new owner votes under, and the buyer's
        (``voter``) when he holds no flat of this vote any more. None otherwise (a vote for
        it then replaces the one counting for it, as for any flat: ``db.moving``)."""
        if not self._resold(proposal, frozen, home, voter, paper, said_sold):
            return None
        doc = {**frozen, "left": sorted({*(frozen.get("left") or ()), home})}
        after = thaw(doc)
        return doc, after.voter_of[home], None if voter in after.units else voter

    def _bought_with(self, proposal: Entry, frozen: dict[str, Any], home: str, voter: str,
                     sold: set[str]) -> tuple[dict[str, Any], str, str | None] | None:
        """When ``home``, sold during the vote and its own owner's since (its buyer voted
        for it while the street file still listed it under its seller's key), was bought
        with other flats of hers that she still counts for: the street file, corrected
        since, lists them under his owner key (SPC art. 9: one buyer, counted once). The
        frozen electorate with those flats sold too and joined to his share (``"bought"``,
        named by ``home``, as his votes are stored), his name, and hers when she holds no
        flat of this vote any more. None otherwise (two people who each say they own one
        stay two owners)."""
        voters = self.electorate(proposal)
        if voters.households_of(voter) != [home]:
            return None  # joined to a share already, or sold on
        group = next((list(ids) for ids in frozen.get("owners") or () if home in ids), None)
        if group is None:
            return None
        his = [f for f in group if f not in sold and self._one_buyer(proposal, home, f, sold)]
        if not his or sum(self._says_owner(proposal, f) for f in [home, *his]) > 1:
            return None
        doc = sell(frozen, *his)
        now = self.core.stamp()
        doc["sold_at"] = {**(frozen.get("sold_at") or {}), **{f: now for f in his}}
        doc["bought"] = [*(list(ids) for ids in frozen.get("bought") or ()), [home, *his]]
        after = thaw(doc)
        seller = voters.voter_of[his[0]]
        return doc, after.voter_of[home], None if seller in after.units else seller

    def _resold(self, proposal: Entry, frozen: dict[str, Any], home: str, voter: str,
                paper: bool, said_sold: bool | None) -> bool:
        """Whether ``home`` (in ``"sold"``) changed hands again since it left its seller's
        share (``"sold_at"``), to another owner than the one it counts for now with other
        flats: the street file, corrected since, lists it apart from them; or someone who
        came since says they own it; or a paper signature for it whose people came since
        and have not said they rent it or are the owner's family, the volunteer not saying
        it was not sold."""
        at = (frozen.get("sold_at") or {}).get(home)
        if at is None or home in (frozen.get("left") or ()) or self.hands is None or \
                self.directory is None:
            return False  # (sold before the time of a sale was kept: as before)
        others = [f for f in self.electorate(proposal).households_of(voter) if f != home]
        if not others:
            return False  # its own owner's: a vote for it replaces the one counting for it
        if self._keys_written().get(home, "") > at:  # the file corrected since
            key = self._owner_key(home)
            return key is None or all(self._owner_key(f) != key for f in others)
        since = self.hands.since(proposal.area, home)
        if since is None or since <= at:
            return False  # the same people as when it was bought (his, or his tenants)
        said = set(self.directory.household_values(proposal.area, home, "relation"))
        if str(Relation.OWNER) in said:
            return True
        if said & {str(Relation.TENANT), str(Relation.FAMILY)} or not paper:
            return False
        return self._sale_said(proposal, home) is not False if said_sold is None \
            else said_sold

    def _sale_said(self, proposal: Entry, home: str) -> bool | None:
        """Whether ``home``'s people (or, nobody living there, the volunteer who moved its
        last resident out) say it was sold: as ``_sold``, but for what the street file says."""
        assert self.directory is not None and self.hands is not None
        said = set(self.directory.household_values(proposal.area, home, "relation"))
        if str(Relation.OWNER) in said:
            return True
        if str(Relation.TENANT) in said:
            return False
        if said:
            return None
        why = self.hands.left_why(home)
        return None if not why else why == MoveReason.SOLD

    def _resale_unknown(self, proposal: Entry, frozen: dict[str, Any], home: str) -> bool:
        """``sale_unknown`` for a flat sold during the vote already (``_resold``)."""
        assert self.hands is not None
        at = (frozen.get("sold_at") or {}).get(home)
        voters = self.electorate(proposal)
        voter = voters.voter_of.get(home)
        if at is None or home in (frozen.get("left") or ()) or voter is None or \
                len(voters.households_of(voter)) < 2 or \
                self._keys_written().get(home, "") > at:
            return False
        since = self.hands.since(proposal.area, home)
        said = set(self.directory.household_values(proposal.area, home, "relation")) \
            if self.directory is not None else set()
        return since is not None and since > at and str(Relation.FAMILY) not in said and \
            self._sale_said(proposal, home) is None

    def sold_during(self, proposal_id: int, household: str) -> bool | None:
        """Whether ``household``, changed hands (or left empty) since voting on the proposal
        opened, is known to have been sold: True when someone living there now says they
        own it, or the street file corrected since voting opened gives it another owner, or,
        nobody living there, the volunteer who moved its last resident out said 房子卖了;
        False when its people say they rent it, or that volunteer gave another reason (搬走,
        去世, 其他); None when it did not change hands since or nothing says (a newcomer who
        has not answered or says he is the owner's family, one who left saying so
        herself)."""
        household = checks.text(household, "a household")
        proposal = self.core.entry(checks.whole(proposal_id, "a proposal number"))
        if proposal.kind != Kind.PROPOSAL:
            raise DomainError(f"#{proposal.id} is not a proposal", code="not_proposal")
        if self.hands is None or not self._changed_since(proposal, household):
            return None
        return self._sold(proposal, household)

    def sale_unknown(self, proposal_id: int, household: str) -> bool:
        """Whether a paper signature for ``household`` now would be counted as its buyer's
        only by default: a flat of an owner of several that changed hands (or was left
        empty) since voting opened, and nothing says whether it was sold (``sold_during``
        None: nobody there said how they stand to it, its last resident left saying so
        herself). The volunteer recording it is asked (``cast(sold=...)``)."""
        household = checks.text(household, "a household")
        proposal = self.core.entry(checks.whole(proposal_id, "a proposal number"))
        if proposal.kind != Kind.PROPOSAL:
            raise DomainError(f"#{proposal.id} is not a proposal", code="not_proposal")
        frozen = proposal.data.get("electorate") or {}
        if self.hands is not None and self.directory is not None and \
                household in (frozen.get("sold") or ()):
            return self._resale_unknown(proposal, frozen, household)
        if self.hands is None or self.directory is None or \
                not any(household in ids for ids in frozen.get("owners") or ()) or \
                not self._changed_since(proposal, household):
            return False
        said = set(self.directory.household_values(proposal.area, household, "relation"))
        return str(Relation.FAMILY) not in said and self._sold(proposal, household) is None

    def _sold(self, proposal: Entry, household: str) -> bool | None:
        assert self.directory is not None and self.hands is not None
        said = set(self.directory.household_values(proposal.area, household, "relation"))
        if str(Relation.OWNER) in said:
            return True
        frozen = proposal.data.get("electorate") or {}
        group = next((list(ids) for ids in frozen.get("owners") or () if household in ids),
                     None)
        if self._file_moved(proposal, household, group, set(frozen.get("sold") or ()))[0]:
            return True  # the street file, corrected since voting opened, gives it another
        if str(Relation.TENANT) in said:
            return False
        if said:
            return None  # the family of an owner (which one?), or people who have not said
        why = self.hands.left_why(household)
        return None if not why else why == MoveReason.SOLD

    def _one_buyer(self, proposal: Entry, home: str, other: str, sold: set[str]) -> bool:
        """Whether ``other``, a flat of the same owner as ``home`` when voting opened,
        changed hands since as ``home`` did, to the same new owner: the street file,
        corrected since voting opened, lists them under one owner key that is not the
        seller's (a file not corrected since says nothing of who bought them)."""
        if other not in sold and not self._changed_since(proposal, other):
            return False
        frozen = proposal.data.get("electorate") or {}
        group = next((list(ids) for ids in frozen.get("owners") or () if home in ids), None)
        if group is None or other not in group:
            return False
        key = self._file_moved(proposal, home, group, sold)[1]
        return key is not None and self._file_moved(proposal, other, group, sold)[1] == key

    def _file_moved(self, proposal: Entry, home: str, group: list[str] | None,
                    sold: set[str]) -> tuple[bool, str | None]:
        """Whether the street file, changed since voting opened, no longer lists ``home``
        under its owner's key then (``group``: her flats; she keeps those that did not
        change hands), and the owner key it gives it now (None: its own owner)."""
        if self._keys_written().get(home, "") <= proposal.created:
            return False, None
        key = self._owner_key(home)
        if key is not None and any(self._owner_key(f) == key for f in group or ()
                                   if f != home and f not in sold
                                   and not self._changed_since(proposal, f)):
            return False, None  # her key written again: still hers
        return True, key

    def _prior(self, proposal: Entry, home: str, key: str, group: list[str],
               sold: set[str]) -> list[str]:
        """The flats, outside ``home``'s owner's (``group``), that the street file gives
        ``key`` and whose owner held them when voting opened (of one voter, none sold nor
        changed hands since): its buyer's own, who counts once (SPC art. 9). None when the
        people of one of them and of ``home`` each say they own theirs."""
        flats = [f for f in self._flats_keyed(proposal.area).get(key, ())
                 if f not in group and f not in sold and not self._changed_since(proposal, f)]
        voters = self.electorate(proposal)
        flats = [f for f in flats if f in voters.voter_of]
        if not flats:
            return []
        flats = [f for f in flats if voters.voter_of[f] == voters.voter_of[flats[0]]]
        if self._says_owner(proposal, home) and any(self._says_owner(proposal, f)
                                                    for f in flats):
            return []
        return flats

    def _says_owner(self, proposal: Entry, household: str) -> bool:
        assert self.directory is not None
        return str(Relation.OWNER) in self.directory.household_values(
            proposal.area, household, "relation")

    def _keys_written(self) -> dict[str, str]:
        """Household -> when a merged street file last changed its owner key (kept until
        the street changes)."""
        street = self.core.street
        kept = self._keys
        if kept is None or kept[0] is not street:
            kept = self._keys = (street, owner_keys_written(
                self.store.all("street", "merges")))
        return kept[1]

    def _flats_keyed(self, area: str) -> dict[str, list[str]]:
        """Owner key -> the area's flats the street file lists under it (kept per street)."""
        street = self.core.street
        kept = self._keyed.get(area)
        if kept is None or kept[0] is not street:
            found: dict[str, list[str]] = {}
            for h in street.area_households(area):
                if h.owner:
                    found.setdefault(h.owner, []).append(h.id)
            kept = self._keyed[area] = (street, found)
        return kept[1]

    def _changed_since(self, proposal: Entry, household: str) -> bool:
        assert self.hands is not None
        since = self.hands.since(proposal.area, household)
        return since is not None and since > proposal.created

    def _new_household(self, proposal: Entry, household: str, group: list[str] | None
                       ) -> bool:
        """Whether the people of ``household``, a flat of an owner of several (``group``:
        her flats as frozen), are not the household the vote's electorate was frozen with:
        it changed hands or was left empty since voting opened (``_changed_since``); or
        nobody lived there then (registered), its people now asked to register since (``BEGAN``,
        a registration's number: numbers follow one another) and one of them says they own
        it, while someone who lived in another of her flats when voting opened says they
        own theirs: two people each say they own one (its buyer, the flat sold empty).
        Her first registrations during the vote (each saying 业主) are not told apart so:
        nothing says she did not register both."""
        if self._changed_since(proposal, household):
            return True
        if self.directory is None or not group:
            return False
        if not self._since_vote(proposal, household, after=True) or \
                not self._says_owner(proposal, household):
            return False
        return any(self._says_owner(proposal, f) and
                   self._since_vote(proposal, f, after=False)
                   for f in group if f != household)

    def _since_vote(self, proposal: Entry, household: str, *, after: bool) -> bool:
        """Whether the household living in ``household`` began after voting opened
        (``after``), or before it (not ``after``): by each resident's ``BEGAN``."""
        assert self.directory is not None
        began = self.directory.household_values(proposal.area, household, BEGAN)
        return bool(began) and all(b is not None and (int(b) > proposal.id) == after
                                   for b in began)

    def _owner_key(self, household: str) -> str | None:
        """The owner key the street file gives ``household`` now (private; compared only)."""
        try:
            return self.core.street.locate(household)[4].owner or None
        except KeyError:
            return None

    def _outside(self, proposal: Entry, household: str | None) -> None:
        """Refuse a vote for a household outside the proposal's frozen electorate."""
        try:
            area, *_ = self.core.street.locate(household or "")
        except KeyError:
            raise NotFound(f"no household {household!r}", code="no_household") from None
        if area.id != proposal.area:
            raise PermissionDenied("this proposal belongs to another area",
                                   code="other_area")
        raise DomainError(f"household {household!r} is not in this vote's electorate",
                          code="unknown_household", household=household)

    def electorate(self, proposal: Entry) -> Electorate:
        """The voters of a proposal: frozen when it opened (an older proposal without
        one: the area's households now, kept per street)."""
        if proposal.kind != Kind.PROPOSAL:
            raise DomainError(f"#{proposal.id} is not a proposal", code="not_proposal")
        frozen = proposal.data.get("electorate")
        if not frozen:
            return self._street_electorate(proposal.area)
        with self.store.lock:
            voters = self.ix.frozen.get(proposal.id)
            if voters is None:
                if len(self.ix.frozen) >= _KEPT:
                    self.ix.frozen.clear()
                voters = self.ix.frozen[proposal.id] = thaw(frozen)
            return voters

    def _street_electorate(self, area: str) -> Electorate:
        with self.store.lock:
            street = self.core.street
            voters = self.ix.electorates.get(area)
            if voters is None or voters[0] is not street:
                voters = (street, electorate(street.area_households(area)))
                self.ix.electorates[area] = voters
            return voters[1]

    def voters(self, proposal_id: int) -> Electorate:
        """The electorate of a proposal (see ``electorate``); a frozen one kept in
        memory is found without reading the proposal."""
        proposal_id = checks.whole(proposal_id, "a proposal number")
        kept = self.ix.frozen.get(proposal_id)
        return kept if kept is not None else self.electorate(self.core.entry(proposal_id))

    def vote_households(self, proposal_id: int, household: str) -> list[str]:
        """The flats a vote for ``household`` stands for: its owner's flats."""
        household = checks.text(household, "a household")
        voters = self.voters(proposal_id)
        voter = voters.voter_of.get(household)
        return voters.households_of(voter) if voter is not None else []

    def changed_hands(self, proposal_id: int, household: str) -> bool:
        """Whether ``household`` changed hands (or was left empty) since voting on the
        proposal opened (``db.moving.HandsChanged.since``): the people living there now
        are not the household its electorate was frozen with. A vote cast for its owner
        from another of her flats is hers, not theirs to be told (``households_told``)."""
        household = checks.text(household, "a household")
        proposal = self.core.entry(checks.whole(proposal_id, "a proposal number"))
        if proposal.kind != Kind.PROPOSAL:
            raise DomainError(f"#{proposal.id} is not a proposal", code="not_proposal")
        return self.hands is not None and self._changed_since(proposal, household)

    def households_told(self, proposal_id: int, household: str) -> list[str]:
        """The flats whose residents may hear of the vote recorded for ``household`` now:
        its owner's flats (``vote_households``), but those of them, other than
        ``household``, whose people now are not that owner's (sold during the vote: its
        buyer is not her household, though her vote counts for his flat until he votes;
        ``for_former_owner``). A flat bought with ``household`` by one buyer is his: told."""
        flats = self.vote_households(proposal_id, household)
        if len(flats) < 2:
            return flats
        proposal = self.core.entry(int(proposal_id))
        return [h for h in flats
                if h == household or not self._for_former_owner(proposal, h, household, None)]

    def for_former_owner(self, proposal_id: int, household: str, vote_id: int) -> bool:
        """Whether vote ``vote_id``, cast for another flat of the owner that ``household``
        counts for in this vote, is the former owner's of ``household`` rather than its
        people's now: ``household`` changed hands since voting opened (``changed_hands``),
        still counts for the owner it had then (not parted from her: ``db.electorate``
        ``"sold"``), and the vote was cast by its own flat's former people, or its flat was
        not bought with ``household`` by one buyer (the street file, corrected since voting
        opened, listing them under one owner key: SPC art. 9)."""
        household = checks.text(household, "a household")
        vote = self.core.entry(checks.whole(vote_id, "a vote number"))
        proposal = self.core.entry(checks.whole(proposal_id, "a proposal number"))
        if proposal.kind != Kind.PROPOSAL:
            raise DomainError(f"#{proposal.id} is not a proposal", code="not_proposal")
        if vote.kind != Kind.VOTE or vote.data.get("proposal") != proposal.id:
            raise DomainError(f"#{vote.id} is not a vote on #{proposal.id}", code="not_vote",
                              id=vote.id)
        return self._for_former_owner(proposal, household, str(vote.data["household"]),
                                      vote.created)

    def _for_former_owner(self, proposal: Entry, household: str, cast_for: str,
                          cast_at: str | None) -> bool:
        if self.hands is None or household == cast_for:
            return False
        if not self._flats_keyed(proposal.area) and \
                not (proposal.data.get("electorate") or {}).get("owners"):
            return False  # nobody here owns several flats, then or now
        group = next((list(ids) for ids in (proposal.data.get("electorate") or {}).get(
            "owners") or () if household in ids), None)
        if not self._new_household(proposal, household, group):
            return False  # not changed hands since voting opened
        sold = set((proposal.data.get("electorate") or {}).get("sold") or ())
        if household in sold:
            return False  # its buyer's own now: every vote for him came since
        began = self.hands.since(proposal.area, cast_for)
        if cast_at is not None and began is not None and cast_at < began:
            return True  # cast by its flat's former people: for the owner it had then
        if self.directory is not None and self._says_owner(proposal, household) and \
                self._says_owner(proposal, cast_for):
            return True  # two people each say they own theirs
        return not self._one_buyer(proposal, household, cast_for, sold)

    def household_vote(self, proposal_id: int, household: str) -> Choice | None:
        """The counted choice of a household's owner, if they voted."""
        household = checks.text(household, "a household")
        voters = self.voters(proposal_id)
        with self.store.lock:
            voter = voters.voter_of.get(household)
            vid = self.ix.counted.get(int(proposal_id), {}).get(voter or "")
            if vid is None:
                return None
            choice = self.ix.choices.get(vid)
            if choice is None:  # a vote entry's choice never changes: kept once read
                choice = self.ix.choices[vid] = Choice(self.core.entry(vid).data["choice"])
            return choice

    def household_vote_entry(self, proposal_id: int, household: str) -> Entry | None:
        """The vote counted now for a household's owner, if they voted: what
        ``household_vote`` chose, with who recorded it and how (a paper signature)."""
        household = checks.text(household, "a household")
        voters = self.voters(proposal_id)
        with self.store.lock:
            voter = voters.voter_of.get(household)
            vid = self.ix.counted.get(int(proposal_id), {}).get(voter or "")
        return None if vid is None else self.core.entry(vid)

    def counting_vote(self, vote_id: int) -> Entry | None:
        """The vote that counts now for the owner vote ``vote_id`` was cast for: that
        vote while it counts, else the later one that replaced it (by the same
        resident, another of the owner's flats, or a paper signature; or, once its flat
        left its owner's share, sold during the vote, the vote counting for the flat now);
        None if none."""
        vote_id = checks.whole(vote_id, "a vote number")
        vote = self.core.entry(vote_id)
        if vote.kind != Kind.VOTE:
            raise DomainError(f"#{vote_id} is not a vote", code="not_vote", id=vote_id)
        d = vote.data
        with self.store.lock:  # votes stored before owners were counted name no voter
            counted = self.ix.counted.get(int(d["proposal"]), {})
            vid = counted.get(d.get("voter") or d["household"])
        if vid is None and vote.status == Status.REPLACED:
            # its flat left its owner's share since (sold during the vote, ``_sold_during``):
            # the vote counting for the flat now
            now = self.voters(int(d["proposal"])).voter_of.get(str(d["household"]))
            with self.store.lock:
                vid = counted.get(now) if now is not None else None
        if vid is None or vid == vote.id:
            return vote if vid == vote.id else None
        return self.core.entry(vid)

    def current_votes(self, proposal_id: int) -> dict[str, Choice]:
        """voter (a household, or for an owner of several flats a digest of them)
        -> the owner's counted choice."""
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

    def ballots(self, proposal_id: int) -> dict[str, list[int]]:
        """An election's counted ballots: voter -> the candidates backed."""
        proposal_id = checks.whole(proposal_id, "a proposal number")
        with self.store.lock:
            counted = dict(self.ix.counted.get(proposal_id, {}))
            docs = {int(d["id"]): d for d in self.records.docs(counted.values())}
        return {voter: [int(b) for b in docs[vid]["data"].get("backs") or []]
                for voter, vid in counted.items()}

    def tally(self, proposal_id: int) -> Tally:
        """The count so far (or at the close) of a proposal's vote.

        The count of each option is kept and moved by each new vote (``cast_vote``);
        the decision made of it is kept until a vote for the proposal is cast or
        replaced, so /vote pressed by a hundred households decides once per vote
        (and, its electorate frozen and its matter fixed, reads no document then).
        """
        ix = self.ix
        proposal_id = checks.whole(proposal_id, "a proposal number")
        with self.store.lock:
            cached = ix.tallies.get(int(proposal_id))
            if cached is not None and cached[0] is ix.frozen.get(int(proposal_id)) and \
                    cached[1] == ix.changes.get(int(proposal_id), 0):
                return cached[3]
        proposal = self.core.entry(proposal_id)
        voters = self.electorate(proposal)
        with self.store.lock:
            changes = ix.changes.get(proposal.id, 0)
            how = matter_of_proposal(proposal.data).code
            cached = ix.tallies.get(proposal.id)
            if cached is not None and cached[0] is voters and cached[1] == changes and \
                    cached[2] == how:
                return cached[3]
            kept = ix.counts.get(proposal.id)
            if kept is None or kept[0] is not voters:
                kept = (voters, count_votes(voters, self.current_votes(proposal_id)))
                if len(ix.counts) >= _KEPT:
                    ix.counts.clear()
                ix.counts[proposal.id] = kept
            result = decide(voters, kept[1], matter=how)
            if len(ix.tallies) >= _KEPT:
                ix.tallies.clear()
            ix.tallies[proposal.id] = (voters, changes, how, result)
            return result


def _chosen(which: Matter | str | None, rule: str | None, special: bool | None) -> Matter:
    if which is not None:
        return which if isinstance(which, Matter) else matter(which)
    if rule is None:
        raise DomainError("a proposal names the matter it decides", code="missing_field",
                          field="matter")
    return matter_from_rule(rule, special)


def _iso_date(text: str) -> str:
    try:
        return date.fromisoformat(str(text)[:10]).isoformat()
    except ValueError:
        raise DomainError(f"not a date: {text!r}", code="bad_deadline",
                          deadline=str(text)) from None
