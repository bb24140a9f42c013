"""Who votes on a proposal: its owners, each with their flats and floor area,
frozen when voting opens.

**Owners, not flats.** Art. 278 counts owners (业主人数). An owner of several
flats counts once in the headcount (the Supreme People's Court's
interpretation on building ownership, 2009, art. 9: 同一买受人拥有一个以上
专有部分的，按一人计算), holding the sum of their flats' floor area. The
street file marks the flats of one owner with the same opaque ``owner`` key
(``db.places.Household.owner``); a flat without a key is its own owner.

An owner is one voter with one vote: whichever of their flats it is cast
from (online by a confirmed resident of one of them, its owner or the
owner's family on a joint matter, never a tenant: ``db.votes``; or on paper
for one of them), it stands for all of them, and a later vote of the same owner
replaces the earlier one, as a household's second vote replaces its first.
In the store a voter is named (``voter``) by their flat, or for an owner of
several by a digest of their flats: never by the owner key, which stays
private, nor by the other flats, which a tenant's own data should not list.

**Frozen.** ``freeze`` turns the households of an area into a plain dict that
is stored with the proposal when voting opens (``data["electorate"]``) and
``thaw`` reads it back, so a later change of the street file (a flat added,
an area corrected, an owner key set) changes no open or closed vote's count.

**A flat sold while the vote is open.** One change is made to a frozen electorate:
when a flat of an owner of several flats changes hands while the vote is open and
someone votes for it since (its new owner online, or a paper signature recorded for it),
the flat leaves its former owner's share (``sell``: listed in ``"sold"``). It is then
its own owner in the count, with its own floor area: the buyer counts once for it, the
seller once for the flats she kept, under the name her vote was stored with. Until
then her vote stands for all the flats she held when voting opened (``db.votes``).
Sold flats of hers that the street file now lists under one owner key are one buyer's
(``"bought"``, each named by the first of them he voted for): he counts once for them. A
``"bought"`` list may begin with flats its buyer held when voting opened (not sold): the
sold ones then join his share, under the name his votes are stored with. When he sells
on such a flat during the vote, it is listed in ``"left"`` too: its own owner's, no
longer his (the list keeps it, so his share keeps its name); so is a flat he bought
during the vote and sells on (``"sold_at"``: when each sold flat left its seller's share).

Floor areas are kept exact: the text of the decimal written in the street
file, summed in whole units of 1/``unit`` m² (``unit``: the least common
multiple of the denominators, 100 for areas given to the hundredth).
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from .errors import DomainError
from .places import Household

__all__ = ["Choice", "Electorate", "electorate", "freeze", "thaw", "sell", "VoteCount",
           "count_votes", "exact_area"]


class Choice(StrEnum):
    AGREE = "agree"  # 同意
    DISAGREE = "disagree"  # 反对
    ABSTAIN = "abstain"  # 弃权


@dataclass(frozen=True)
class Electorate:
    """The voters of a proposal: each household's voter, and each voter's floor
    area (in units of 1/``unit`` m²) and number of flats."""

    voter_of: Mapping[str, str]  # household id -> voter (its id, or its owner's digest)
    units: Mapping[str, int]  # voter -> floor area, in units
    flats: Mapping[str, int]  # voter -> how many flats
    unit: int
    without_area: int  # households whose floor area is not recorded
    total_units: int

    @property
    def households(self) -> int:
        return len(self.voter_of)

    @property
    def owners(self) -> int:
        return len(self.units)

    @property
    def by_owner(self) -> bool:
        """Whether some owner holds several flats (so owners and households differ)."""
        return self.owners != self.households

    def households_of(self, voter: str) -> list[str]:
        """The flats of one voter, in order."""
        return sorted(h for h, v in self.voter_of.items() if v == voter)


def electorate(households: Iterable[Household]) -> Electorate:
    """The electorate of these households (``Household.owner`` groups their owners).

    Raises ``DomainError`` for a household listed twice or a floor area that is
    not a finite, non-negative number."""
    return _build((h.id, h.floor_area_m2, h.owner) for h in households)


def freeze(households: Iterable[Household]) -> dict[str, Any]:
    """The households of a vote as plain JSON-safe data, kept with the proposal:
    ``{"households": {id: area as text or None}, "owners": [[id, id, ...], ...]}``,
    ``owners`` listing only owners of several flats, by their flats, not their keys."""
    homes = list(households)
    electorate(homes)  # refuses a household listed twice or a bad floor area
    areas: dict[str, str | None] = {}
    groups: dict[str, list[str]] = {}
    for h in homes:
        areas[h.id] = None if h.floor_area_m2 is None else str(h.floor_area_m2)
        if h.owner:
            groups.setdefault(h.owner, []).append(h.id)
    owners = sorted(sorted(ids) for ids in groups.values() if len(ids) > 1)
    return {"households": areas, "owners": owners}


def thaw(doc: Mapping[str, Any]) -> Electorate:
    """The electorate ``freeze`` kept (with the flats ``sell`` took from their owners)."""
    sold = set(doc.get("sold") or ())
    left = set(doc.get("left") or ())
    owner_of: dict[str, str] = {}
    names: dict[str, str] = {}
    for n, ids in enumerate(doc.get("owners") or ()):
        # named by all the flats she held when voting opened, as her vote was stored
        names[f"#{n}"] = _voter(list(ids))
        owner_of.update((hid, f"#{n}") for hid in ids if hid not in sold)
    for n, ids in enumerate(doc.get("bought") or ()):
        # one buyer's sold flats, named by the first he voted for, as his votes are stored;
        # or joined to the flats he held when voting opened (listed first), under his name
        held = next((str(hid) for hid in ids if hid not in sold), None)
        owner = owner_of.get(held) if held is not None else None
        if owner is None:
            owner = f"b{n}"
            names[owner] = held if held is not None else str(ids[0])
        owner_of.update((hid, owner) for hid in ids if hid not in left)
    for hid in left:  # a flat its buyer held when voting opened, sold on: its own owner's
        owner_of[hid] = f"left:{hid}"
        taken = hid in names.values()  # the name of his votes, when he held only it
        names[f"left:{hid}"] = f"{hid}~" if taken else hid
    return _build(((hid, area, owner_of.get(hid))
                   for hid, area in dict(doc.get("households") or {}).items()), names)


def sell(doc: Mapping[str, Any], *households: str) -> dict[str, Any]:
    """A frozen electorate (``freeze``) with ``households``, flats of an owner of several,
    taken from her share from now on: they changed hands while the vote was open and their
    new households vote (see the module; ``db.votes`` says whose they are)."""
    sold = sorted({*(doc.get("sold") or ()), *households})
    return {**doc, "sold": sold}


def _build(rows: Iterable[tuple[str, object, str | None]],
           names: Mapping[str, str] | None = None) -> Electorate:
    exact: dict[str, Fraction] = {}
    owner_key: dict[str, str | None] = {}
    without_area = 0
    for hid, raw, owner in rows:
        if hid in exact:
            # Counting a household twice would tilt both thresholds.
            raise DomainError(f"household {hid!r} is listed twice",
                              code="duplicate_household", household=hid)
        if raw is None:
            without_area += 1
        # Unrecorded area counts as 0 m² on both sides of every area share.
        exact[hid] = _area(hid, raw)
        owner_key[hid] = owner or None
    # Sums in whole units of 1/unit m²: integer additions, exact, and one Fraction
    # at the end instead of one per household.
    unit = math.lcm(1, *(f.denominator for f in exact.values()))
    owned: dict[str, list[str]] = {}  # owner key -> the owner's flats
    for hid in sorted(exact):
        key = owner_key[hid]
        if key is not None:
            owned.setdefault(key, []).append(hid)
    name = {key: (names or {}).get(key) or _voter(homes) for key, homes in owned.items()}
    voter_of: dict[str, str] = {}
    units: dict[str, int] = {}
    flats: dict[str, int] = {}
    for hid, f in exact.items():
        key = owner_key[hid]
        voter = name[key] if key is not None else hid
        voter_of[hid] = voter
        units[voter] = units.get(voter, 0) + f.numerator * (unit // f.denominator)
        flats[voter] = flats.get(voter, 0) + 1
    return Electorate(voter_of, units, flats, unit, without_area, sum(units.values()))


def _voter(flats: list[str]) -> str:
    """The name of an owner's vote in the store: their flat, or for an owner of
    several a digest of them, which says neither the key nor which flats they are."""
    if len(flats) == 1:
        return flats[0]
    return "owner-" + hashlib.sha256("\n".join(sorted(flats)).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class VoteCount:
    """How many owners chose each option, their flats and their floor area in the
    electorate's units: all a decision needs. One vote moves it by one owner
    (``changed``), so a kept count need not be counted again."""

    owners: tuple[int, int, int]  # agree, disagree, abstain
    flats: tuple[int, int, int]
    units: tuple[int, int, int]

    def changed(self, voters: Electorate, voter: str, old: Choice | None,
                new: Choice) -> VoteCount:
        """The count after ``voter``'s vote went from ``old`` (None: had not voted)
        to ``new``."""
        owners, flats, units = list(self.owners), list(self.flats), list(self.units)
        weight, n = voters.units[voter], voters.flats[voter]
        if old is not None:
            owners[_SLOT[old]] -= 1
            flats[_SLOT[old]] -= n
            units[_SLOT[old]] -= weight
        owners[_SLOT[new]] += 1
        flats[_SLOT[new]] += n
        units[_SLOT[new]] += weight
        return VoteCount(_three(owners), _three(flats), _three(units))


_SLOT = {Choice.AGREE: 0, Choice.DISAGREE: 1, Choice.ABSTAIN: 2}


def _three(values: list[int]) -> tuple[int, int, int]:
    return values[0], values[1], values[2]


def count_votes(voters: Electorate, votes: Mapping[str, Choice | str]) -> VoteCount:
    """Count ``votes`` (a household id or voter -> its choice) over ``voters``.

    Votes from several flats of one owner count once; if they differ, nothing
    says which one the owner meant: ``DomainError`` (``owner_split``). The
    repository never asks that (an owner's later vote replaces the earlier).
    Raises ``DomainError`` for a vote from a household outside the electorate
    (``unknown_household``) or an unknown choice."""
    chosen: dict[str, tuple[Choice, str]] = {}
    for household, raw in votes.items():
        # a voter's name first: one who held a single flat and sold it on keeps its name
        voter = household if household in voters.units else voters.voter_of.get(household)
        if voter is None:
            raise DomainError(f"household {household!r} is not in this vote's electorate",
                              code="unknown_household", household=household)
        try:
            choice = raw if isinstance(raw, Choice) else Choice(raw)
        except ValueError:
            raise DomainError(f"unknown choice {raw!r}", code="unknown_choice",
                              choice=str(raw)) from None
        earlier = chosen.setdefault(voter, (choice, household))
        if earlier[0] is not choice:
            raise DomainError(f"one owner's flats {earlier[1]!r} and {household!r} voted "
                              f"differently", code="owner_split", households=(
                                  earlier[1], household))
    owners, flats, units = [0, 0, 0], [0, 0, 0], [0, 0, 0]
    for voter, (choice, _) in chosen.items():
        slot = _SLOT[choice]
        owners[slot] += 1
        flats[slot] += voters.flats[voter]
        units[slot] += voters.units[voter]
    return VoteCount(_three(owners), _three(flats), _three(units))


# -- exact areas -----------------------------------------------------------------


def _area(household: str, raw: object) -> Fraction:
    if raw is None:
        return Fraction(0)
    try:
        return exact_area(raw)
    except (ValueError, TypeError):
        raise DomainError(f"household {household!r} has an invalid floor area {raw!r}",
                          code="bad_area", household=household) from None


@functools.lru_cache(maxsize=4096, typed=True)
def exact_area(raw: object) -> Fraction:
    """A recorded floor area as an exact number (the same few values recur in
    every building, so they are converted once)."""
    # Through str(): Fraction(86.35) would be the binary float's long tail,
    # Decimal("86.35") is what was written in the configuration.
    try:
        dec = Decimal(str(raw))
    except ArithmeticError:
        dec = Decimal("NaN")
    if not dec.is_finite() or dec < 0:
        raise ValueError(raw)
    return Fraction(dec)
