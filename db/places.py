"""Places: street > communities > compounds > buildings > units > households,
and management areas that group compounds under one steward body.

These are immutable value objects built from the street configuration
(see ``db.config``); the store keeps them as plain dicts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "Mode",
    "Household",
    "Unit",
    "Building",
    "Compound",
    "Community",
    "Area",
    "Street",
    "Basis",
    "FeeSchedule",
    "COMPOUND_START",
]

# A compound's way into the bot: ``t.me/<bot>?start=c-<compound id>``, the QR code on
# its poster; the bot asks who scans it for her building, not for her compound among the
# street's (a compound's id is a slug of at most 40 characters: within what Telegram
# allows a start parameter, 64 of A-Z, a-z, 0-9, _ and -)
COMPOUND_START = "c-"


class Mode(StrEnum):
    """How a management area is stewarded (the article's three ways, and two more)."""

    PARTY_BRANCH = "party_branch"  # 小区党支部
    COMMITTEE = "committee"  # 物管会
    TRUSTEESHIP = "trusteeship"  # 社区托管
    PROPERTY_COMPANY = "property_company"  # 物业公司
    UNMANAGED = "unmanaged"  # 失管

    @property
    def label_zh(self) -> str:
        return _MODE_ZH[self]


_MODE_ZH = {
    Mode.PARTY_BRANCH: "小区党支部",
    Mode.COMMITTEE: "物管会",
    Mode.TRUSTEESHIP: "社区托管",
    Mode.PROPERTY_COMPANY: "物业公司",
    Mode.UNMANAGED: "失管",
}


@dataclass(frozen=True)
class Household:
    """One room (户). ``id`` is unique in the street, e.g. ``yanye/1/2/301``.

    ``owner`` is an opaque key shared by the households of one owner (业主) of
    several flats, who counts once in a vote's headcount (``db.tally``); None:
    the household is its own owner. It is private: never shown or published."""

    id: str
    room: str
    floor_area_m2: float | None = None  # None: not recorded
    owner: str | None = None


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    households: tuple[Household, ...] = ()


@dataclass(frozen=True)
class Building:
    id: str
    name: str
    units: tuple[Unit, ...] = ()


@dataclass(frozen=True)
class Compound:
    id: str
    name: str
    community: str  # community id
    buildings: tuple[Building, ...] = ()
    built: int | None = None  # year built, if known

    def households(self) -> list[Household]:
        return [h for b in self.buildings for u in b.units for h in u.households]


@dataclass(frozen=True)
class Community:
    id: str
    name: str


class Basis(StrEnum):
    """Who pays a fee: each household, each building unit, or the area as a whole
    (e.g. outside cars' parking). The fees page counts payers of this kind."""

    HOUSEHOLD = "household"
    UNIT = "unit"
    AREA = "area"


@dataclass(frozen=True)
class FeeSchedule:
    """One fee of an area's schedule, as the street file says."""

    fee_type: str  # a code of db.labels.FEE_TYPE
    per: Basis | None = Basis.HOUSEHOLD  # None: not scheduled, any payer
    amount_fen: int | None = None  # the usual amount per payer and period, if fixed
    period: str | None = None  # "year" or "month": how often it is due, if fixed
    # the amount changed from a period on (``steward fees set``, ``db.fee_amounts``):
    # (first period, amount in fen), oldest first; ``amount_fen`` is the amount before
    changes: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Area:
    """A management area (物业管理区域): one steward body, one ledger."""

    id: str
    name: str
    mode: Mode
    steward: str  # the steward body, e.g. 新国土小区党支部
    compounds: tuple[str, ...]  # compound ids
    fees: tuple[FeeSchedule, ...] = ()  # none: every fee type, from any payer


@dataclass(frozen=True)
class Street:
    id: str
    name: str
    city: str = ""
    site_url: str = ""
    bot_username: str = ""  # the Telegram bot's username, for links and QR codes (no "@")
    communities: tuple[Community, ...] = ()
    compounds: tuple[Compound, ...] = ()
    areas: tuple[Area, ...] = ()
    admins: tuple[int, ...] = ()  # Telegram ids of admins from the config
    _index: dict[str, tuple[Compound, Building, Unit, Household]] = field(
        default_factory=dict, compare=False, repr=False)

    def area(self, area_id: str) -> Area:
        for a in self.areas:
            if a.id == area_id:
                return a
        raise KeyError(area_id)

    def compound(self, compound_id: str) -> Compound:
        for c in self.compounds:
            if c.id == compound_id:
                return c
        raise KeyError(compound_id)

    def community(self, community_id: str) -> Community:
        for c in self.communities:
            if c.id == community_id:
                return c
        raise KeyError(community_id)

    def area_named(self, word: str) -> str:
        """The id of the management area ``word`` names: its id, its name
        (盐业小区·市药材小区), or the id or name of one of its compounds (yanye, 盐业小区),
        小区 left out as people say it (盐业, 城建); ``word`` itself when none matches
        (whoever asks for it then refuses it, naming the areas). The bot's commands
        (/linkgroup, /grant, /overview) and `steward notice` read an area so."""
        said = (word, f"{word}小区") if word and not word.endswith("小区") else (word,)
        for area in self.areas:
            if area.id == word or area.name in said:
                return area.id
            for cid in area.compounds:
                if cid == word or self.compound(cid).name in said:
                    return area.id
        return word

    def area_of_compound(self, compound_id: str) -> Area:
        for a in self.areas:
            if compound_id in a.compounds:
                return a
        raise KeyError(compound_id)

    def area_households(self, area_id: str) -> list[Household]:
        area = self.area(area_id)
        return [h for cid in area.compounds for h in self.compound(cid).households()]

    def area_buildings(self, area_id: str) -> Iterator[tuple[Compound, Building]]:
        """Each building of an area with its compound, in the street file's order."""
        for cid in self.area(area_id).compounds:
            comp = self.compound(cid)
            for b in comp.buildings:
                yield comp, b

    def area_units(self, area_id: str) -> Iterator[tuple[str, str, Unit]]:
        """Each unit of an area, in the street file's order: its id
        ("<compound>/<building>/<unit>"), its label ("盐业小区 1号楼 2单元") and itself."""
        for comp, b in self.area_buildings(area_id):
            for u in b.units:
                yield f"{comp.id}/{b.id}/{u.id}", f"{comp.name} {b.name} {u.name}", u

    def locate(self, household_id: str) -> tuple[Area, Compound, Building, Unit, Household]:
        """Find a household and everything it sits in; KeyError if unknown."""
        if not self._index:
            # Built aside and then put in place whole: another thread looking
            # meanwhile must not find it half filled.
            index = {h.id: (comp, b, u, h) for comp in self.compounds for b in comp.buildings
                     for u in b.units for h in u.households}
            self._index.update(index)
        comp, b, u, h = self._index[household_id]
        return self.area_of_compound(comp.id), comp, b, u, h

    def household_label(self, household_id: str, *, public: bool = False) -> str:
        """'盐业小区 1号楼 2单元 301' — or, for the public site, without the room."""
        _, comp, b, u, h = self.locate(household_id)
        if public:
            return f"{comp.name} {b.name} {u.name}"
        return f"{comp.name} {b.name} {u.name} {h.room}"
