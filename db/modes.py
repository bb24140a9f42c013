"""How each area is managed, over time, and the street corrected while in use.

**Mode history.** An area's mode (party branch, committee, trusteeship,
property company, unmanaged: ``db.places.Mode``) is a history of dated
events (partition ``street``, table ``modes``), each with its reason and,
where there was one, the vote or election that decided it (社区托管 → 物管会
after the owners elected a committee). The street file's mode is the first
event, dated when the street was set up. An admin records a change
(``change_mode``); the street's area then reads the new mode, so every page
shows the mode of today, and the area's page its history; each event keeps the
steward body it names (the first one, the street file's, kept at the first change),
so that a month's paper notice names the mode and body of its month.

**Merging a street file** (``merge_plan``, ``merge_street``; ``steward
merge-street``): floor areas, owner keys and households missing when the
street was set up are added later, each change confirmed on its own
(``db.street_merge``). Votes keep the electorate frozen when they opened; an
open vote from before electorates were frozen is frozen first, so no vote's
count changes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from . import checks
from .config import StreetConfig, street_to_dict
from .core import Core, Part, clip, serialized
from .directory import Directory
from .electorate import freeze
from .entries import Kind, Status
from .errors import DomainError, PermissionDenied
from .people import Role, is_admin, public_role
from .places import Mode, Street
from .records import Records
from .store import Transaction
from .street_merge import StreetChange, apply_merge, plan_merge

__all__ = ["Modes", "MAX_REASON", "MAX_STEWARD", "FIRST_REASON"]

MAX_REASON = 500
MAX_STEWARD = 60  # the steward body's name (城建小区物管会), shown on every page of the area
FIRST_REASON = "设立时登记的管理方式"  # the street file's mode, the first event


class Modes(Part):
    """Mode history and street merges (partition ``street``)."""

    def __init__(self, core: Core, records: Records, directory: Directory) -> None:
        super().__init__(core)
        self.records = records
        self.directory = directory

    # -- the history ------------------------------------------------------------

    def mode_history(self, area: str) -> list[dict[str, Any]]:
        """The area's modes, oldest first: ``mode``, ``since`` (a date, or "" for the
        first when the set-up date is unknown), ``reason``, ``decided_by`` (an entry
        id or None), ``role`` (who recorded it, by role) and ``at``."""
        self.core.check_area(area)
        with self.store.lock:
            stored = sorted((d for d in self.store.all("street", "modes") if d["area"] == area),
                            key=lambda d: int(d["n"]))
            if stored:
                return [{k: v for k, v in d.items() if k != "doc_id"} for d in stored]
            return [self._first(area)]

    def _first(self, area: str) -> dict[str, Any]:
        set_up = min((str(a["at"]) for a in self.store.all("people", "audit")
                      if a.get("note") == "config"), default="")
        now = self.core.street.area(area)
        # its steward body too, kept with it at the first change: a past month's notice
        # names the body of its month (``site_builder.notice_content``)
        return {"area": area, "n": 1, "mode": str(now.mode), "steward": now.steward,
                "since": set_up[:10], "reason": FIRST_REASON, "decided_by": None,
                "role": "", "at": set_up}

    @serialized
    def change_mode(self, actor_id: int, area: str, mode: Mode | str, *, reason: str,
                    decided_by: int | None = None, since: str | None = None,
                    steward: str | None = None) -> dict[str, Any]:
        """Record that ``area`` is managed as ``mode`` from ``since`` (a date, default
        today; not after today, not before the last change), with a public reason and,
        where one decided it, the passed vote or election of the area (``decided_by``);
        ``steward`` names the body that manages it from then on (kept when None).
        Admins only."""
        actor = self.core.require_person(actor_id)
        if not is_admin(actor):
            raise PermissionDenied("only an admin may change an area's mode",
                                   code="admin_only")
        self.core.check_area(area)
        mode = checks.choice(Mode, mode, "mode", "bad_mode")
        reason = clip(checks.text(reason, "a reason", required=True).strip(), MAX_REASON)
        today = self.core.stamp()[:10]
        day = checks.day(since, "the date").isoformat() if since is not None else today
        body = self.core.street.area(area).steward if steward is None else \
            checks.text(steward, "the steward body", required=True).strip()
        if len(body) > MAX_STEWARD:
            raise DomainError(f"the steward body is at most {MAX_STEWARD} characters",
                              code="too_long", max=MAX_STEWARD)
        history = self.mode_history(area)
        if mode == history[-1]["mode"]:
            raise DomainError(f"{area} is already managed that way", code="same_mode",
                              mode=str(mode))
        if day > today or day < str(history[-1]["since"] or ""):
            raise DomainError("the date is after today or before the last change",
                              code="bad_date", what="the date")
        if decided_by is not None:
            self._decision(area, checks.whole(decided_by, "a vote number"))
        event = {"area": area, "n": len(history) + 1, "mode": str(mode), "since": day,
                 "reason": reason, "decided_by": decided_by, "steward": body,
                 "role": public_role(actor, area), "at": self.core.stamp()}
        street = self.core.street
        areas = [a if a.id != area else replace(a, mode=mode, steward=body)
                 for a in street.areas]

        def run(tx: Transaction) -> None:
            top = max((int(d["doc_id"]) for d in self.store.all("street", "modes")), default=0)
            if len(history) == 1 and history[0]["reason"] == FIRST_REASON and \
                    not any(d["area"] == area for d in self.store.all("street", "modes")):
                top += 1
                tx.put("street", "modes", top, history[0])  # the street file's, kept
            tx.put("street", "modes", top + 1, event)
            self._put_street(tx, replace(street, areas=tuple(areas), _index={}))
            self.core.notes.areas.add(area)
            self.core.notes.kinds.add("mode")

        try:
            self.core.commit(run)
        finally:
            self.core.street = None  # read again from the store: the new mode, or the old
        return event

    def _decision(self, area: str, entry_id: int) -> None:
        """A decision cited for a change of mode: a passed vote or election of the area."""
        decided = self.core.entry(entry_id)
        if decided.kind != Kind.PROPOSAL or decided.area != area or \
                decided.status != Status.PASSED:
            raise DomainError(f"#{entry_id} is not a passed vote or election of this area",
                              code="bad_decision", id=entry_id)

    def _put_street(self, tx: Transaction, street: Street) -> None:
        doc = self.store.get("street", "street", 1) or {}
        tx.put("street", "street", 1, {**doc, "street": street_to_dict(street)})

    # -- merging a street file ----------------------------------------------------

    def merge_plan(self, config: StreetConfig) -> list[StreetChange]:
        """What merging ``config`` (a street file read by ``db.config``) would change;
        ``DomainError`` (``merge_refused``) listing what may not be merged."""
        if not isinstance(config, StreetConfig):
            raise DomainError("merge a street read by db.config.load_street",
                              code="bad_config")
        if config.street.id != self.core.street.id:
            raise DomainError(f"this is the street file of {config.street.id!r}, not of "
                              f"{self.core.street.id!r}", code="merge_refused",
                              problems=[f"这是街道 {config.street.id} 的文件，不是这个"
                                        f"数据目录的街道 {self.core.street.id} 的 / the file of "
                                        f"{config.street.id}, another street than "
                                        f"{self.core.street.id}"])
        return plan_merge(self.core.street, config.street)

    @serialized
    def merge_street(self, config: StreetConfig, accepted: list[int]) -> list[StreetChange]:
        """Write the changes of ``merge_plan(config)`` whose places in that list are
        ``accepted`` (the ones the admin confirmed), in one write; returns them. An
        open vote without a frozen electorate is frozen first."""
        plan = self.merge_plan(config)
        if isinstance(accepted, str | bytes) or not isinstance(accepted, list | tuple):
            raise DomainError("name the accepted changes by their places", code="bad_number")
        chosen = [plan[checks.whole(i, "a change's place", low=0)] for i in accepted
                  if checks.whole(i, "a change's place", low=0) < len(plan)]
        if len(chosen) != len(accepted):
            raise DomainError("no such change in the plan", code="bad_number",
                              what="a change's place")
        if not chosen:
            return []
        street = self.core.street
        merged = apply_merge(street, chosen)
        new_areas = {c.household for c in chosen if c.what == "new_area"}

        def run(tx: Transaction) -> None:
            for proposal in self.records.entries(kind=Kind.PROPOSAL, status=Status.OPEN):
                if not proposal.data.get("electorate"):
                    proposal.data["electorate"] = freeze(street.area_households(proposal.area))
                    self.records.save(tx, proposal)
            self._put_street(tx, merged)
            top = max((int(d["doc_id"]) for d in self.store.all("street", "merges")), default=0)
            tx.put("street", "merges", top + 1, {
                "at": self.core.stamp(), "changes": [c.describe() for c in chosen],
                # whose owner key changed (db.votes: a flat sold during a vote)
                "owners": [c.household for c in chosen if c.what == "owner"]})
            # A new area's volunteers, as the file lists them (as ``load_config`` does).
            now = self.core.stamp()
            for v in config.volunteers:
                for area_id in v.areas:
                    if area_id in new_areas:
                        person = self.directory.ensure_person_tx(tx, v.telegram_id,
                                                                 name=v.name, now=now)
                        self.directory.add_role(tx, person, {
                            "role": Role.VOLUNTEER, "area": area_id, "title": v.title},
                            None, now, "merge-street")
            for area in merged.areas:
                self.core.notes.areas.add(area.id)
            self.core.notes.kinds.add("street")

        self.core.street = merged  # the new areas' roles are checked against it
        try:
            self.core.commit(run)
        finally:
            self.core.street = None
        if new_areas:
            self.directory.give_missing_marks()  # the admins' marks in the new areas
        return chosen
