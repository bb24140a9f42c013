"""People and their roles (the volunteers' group chats: ``db.groups``): who a Telegram user
is, who may act where, and every change of a role audited.

The rules of roles (who is an admin, a volunteer of an area, a confirmed
resident; which public label an act carries) are ``db.people``; this part
stores people and roles. All of it is private but the pseudonyms: each
volunteer's mark per area (网格员甲) is given when the role is granted (to the
volunteers of the street file when it is loaded, and to those of an older
data folder when it is opened) and kept in one register (partition
``people``, table ``marks``), so a mark is never given twice in an area; the
list of pseudonyms and their roles is public (``pseudonyms``), who they are
is not.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import checks, numbering
from .config import StreetConfig, street_from_dict, street_to_dict
from .core import Core, Part, clip, serialized
from .errors import DomainError, NotFound, PermissionDenied
from .people import (
    ADMIN_LABEL,
    SUPERVISOR_LABEL,
    SYSTEM_LABEL,
    VOLUNTEER_LABEL,
    Role,
    is_admin,
    mark_of,
    public_role,
    supervisor_areas,
    volunteer_areas,
)
from .redact import person_names
from .store import Transaction

__all__ = ["Directory"]


def _unmarked(role: dict[str, Any], areas: list[str]) -> bool:
    if role["role"] == Role.VOLUNTEER:
        return not role.get("mark")
    return role["role"] == Role.ADMIN and any(a not in (role.get("marks") or {})
                                               for a in areas)


def _grantable(role: object) -> Role:
    """A role the admin grants per area: volunteer or supervisor."""
    found = checks.choice(Role, role, "role")
    if found not in (Role.VOLUNTEER, Role.SUPERVISOR):
        raise DomainError(f"only a volunteer or a supervisor role is granted, not {found}",
                          code="bad_choice", what="role")
    return found


class Directory(Part):
    """People and roles (partition ``people``: tables ``people`` and ``audit``) and
    group chats (partition ``street``, table ``groups``)."""

    def __init__(self, core: Core) -> None:
        super().__init__(core)
        self.ix = core.people

    def load_config(self, config: StreetConfig) -> None:
        """Store the street and seed its admins and volunteers (in one write)."""
        if not isinstance(config, StreetConfig):
            raise DomainError("load a street read by db.config.load_street",
                              code="bad_config")
        def run(tx: Transaction) -> None:
            tx.put("street", "street", 1, {"street": street_to_dict(config.street),
                                            "settings": dict(config.settings)})
            now = self.core.stamp()
            # The volunteers first: an area's own volunteers take its first marks (甲, 乙).
            for v in config.volunteers:
                person = self.ensure_person_tx(tx, v.telegram_id, name=v.name, now=now)
                for area in v.areas:
                    self.add_role(tx, person, {"role": Role.VOLUNTEER, "area": area,
                                               "title": v.title}, None, now, "config")
            for tid in config.street.admins:
                person = self.ensure_person_tx(tx, tid, name="", now=now)
                self.add_role(tx, person, {"role": Role.ADMIN, "area": None,
                                           "title": ADMIN_LABEL}, None, now, "config")

        # The roles' areas are checked against the street being stored.
        self.core.street = street_from_dict(street_to_dict(config.street))
        try:
            self.core.commit(run)
        finally:
            self.core.street = None

    # -- people --------------------------------------------------------------

    def person_by_telegram(self, telegram_id: int) -> dict[str, Any] | None:
        pid = self.ix.by_telegram.get(checks.whole(telegram_id, "a Telegram id"))
        return self.core.person(pid) if pid is not None else None

    def ensure_person(self, telegram_id: int, *, name: str = "", username: str = "",
                      language: str = "zh") -> dict[str, Any]:
        """The person with this Telegram id, created on first contact."""
        checks.whole(telegram_id, "a Telegram id")
        name, username = checks.text(name, "a name"), checks.text(username, "a username")
        if language not in ("zh", "en"):
            raise DomainError(f"unknown language {language!r}", code="bad_language")
        with self.store.writing():
            existing = self.person_by_telegram(telegram_id)
            if existing is not None:
                return existing
            return self.core.commit(lambda tx: self.ensure_person_tx(
                tx, telegram_id, name=name, now=self.core.stamp(), username=username,
                language=language))

    def ensure_person_tx(self, tx: Transaction, telegram_id: int, *, name: str, now: str,
                         username: str = "", language: str = "zh") -> dict[str, Any]:
        """In a commit: the person with this Telegram id, created if new."""
        pid = self.ix.by_telegram.get(int(telegram_id))
        if pid is not None:
            person = tx.get("people", "people", pid)
            assert person is not None
            if name and not person.get("name"):
                person["name"] = name
                tx.put("people", "people", pid, person)
                self.note_name(name)
            return person
        pid = self.ix.take_id("person", numbering.floor(self.store, "person"))
        person = {"id": pid, "telegram_id": int(telegram_id), "name": clip(name, 100),
                  "username": clip(username, 100), "phone": "", "language": language,
                  "household": None, "roles": [], "created": now}
        tx.put("people", "people", pid, person)
        self.note_name(person["name"])
        self.ix.add(int(telegram_id), pid)  # put back by the commit if the write fails
        return person

    @serialized
    def keep_name(self, person_id: int, name: str) -> dict[str, Any]:
        """Keep ``name`` (their Telegram name) for a person who has none kept: someone
        given a role who never registered a household, whom the volunteers' chats name.
        Someone who only writes to the bot has none kept (``ensure_person`` is given no
        name by the bot)."""
        name = clip(checks.clean_name(checks.text(name, "a name")), 100)
        person = self.core.require_person(person_id)
        if name and not person.get("name"):
            person["name"] = name

            def run(tx: Transaction) -> None:
                tx.put("people", "people", person_id, person)
                self.note_name(name)

            self.core.commit(run)
        return person

    def note_name(self, name: str) -> None:
        """In a commit keeping ``name`` for a person who had none: a change of every area
        when the site masks it (``db.changes``; ``db.redact.person_names``)."""
        if person_names([{"name": name}]):
            self.core.notes.names(a.id for a in self.core.street.areas)

    def ensure_admins(self, telegram_ids: Iterable[int]) -> None:
        """Give the admin role to these Telegram ids (from ADMIN_IDS), audited once each."""
        if isinstance(telegram_ids, str | bytes) or not isinstance(telegram_ids, Iterable):
            raise DomainError("admins are a list of Telegram ids", code="bad_number")
        telegram_ids = [checks.whole(t, "a Telegram id") for t in telegram_ids]
        missing = [tid for tid in telegram_ids
                   if not is_admin(self.person_by_telegram(tid))]
        if not missing:
            return

        def run(tx: Transaction) -> None:
            now = self.core.stamp()
            for tid in missing:
                person = self.ensure_person_tx(tx, tid, name="", now=now)
                self.add_role(tx, person, {"role": Role.ADMIN, "area": None,
                                           "title": ADMIN_LABEL}, None, now, "ADMIN_IDS")

        self.core.commit(run)

    @serialized
    def set_language(self, person_id: int, language: str) -> None:
        if language not in ("zh", "en"):
            raise DomainError(f"unknown language {language!r}", code="bad_language")
        person = self.core.require_person(person_id)
        person["language"] = language
        self.core.commit(lambda tx: tx.put("people", "people", person_id, person))

    def people(self, *, volunteer_of: str | None = None, resident_of: str | None = None,
               admins: bool = False, supervisor_of: str | None = None
               ) -> list[dict[str, Any]]:
        """People filtered by role: volunteers of an area, confirmed residents of an area,
        supervisors of an area, or admins (filters combine with "or"); everyone when no
        filter is given."""
        for area in (volunteer_of, resident_of, supervisor_of):
            if area is not None:
                self.core.check_area(area)
        with self.store.lock:  # a cache, patched after a write changes people (Core.commit)
            cache = self._by_role()
            if volunteer_of is None and resident_of is None and supervisor_of is None \
                    and not admins:
                found = cache[("all",)]
            else:
                found = {**cache.get(("volunteer", volunteer_of), {}),
                         **cache.get(("resident", resident_of), {}),
                         **cache.get(("supervisor", supervisor_of), {}),
                         **(cache[("admin",)] if admins else {})}
            return [dict(p) for _, p in sorted(found.items())]

    def _by_role(self) -> dict[tuple[Any, ...], dict[int, dict[str, Any]]]:
        """The people-by-role cache, filled from every person at first use. Hold the
        store's lock."""
        if not self.ix.by_role:
            # The store's own documents, not copies: held for good, copies were a
            # second set of every person (2.8 MB at 10,000 households).
            self.ix.fill(self.store.documents("people", "people"))
        return self.ix.by_role

    def residents_of_household(self, area: str, household: str, *,
                               exclude: int | None = None) -> list[dict[str, Any]]:
        """The confirmed residents of ``household`` (of ``area``) but ``exclude``, by
        person id: ``people(resident_of=area)`` without copying the whole area."""
        with self.store.lock:
            area_residents = self._by_role().get(("resident", area), {})
            return [dict(area_residents[pid])
                    for pid in sorted(self.ix.by_home.get(str(household), ()))
                    if pid != exclude and pid in area_residents
                    and area_residents[pid].get("household") == household]

    def household_values(self, area: str, household: str, key: str,
                         reader: int | None = None) -> list[Any]:
        """``key`` of each confirmed resident of ``household`` (of ``area``), none copied;
        only the resident ``reader``'s when she is one (what every resident of the flat
        keeps alike: ``db.moving.BEGAN``); else the flat's residents' (kept by household),
        without going through the area's."""
        with self.store.lock:
            found = self._by_role().get(("resident", area), {})
            mine = found.get(reader) if reader is not None else None
            if mine is not None and mine.get("household") == household:
                return [mine.get(key)]
            return [found[pid].get(key) for pid in self.ix.by_home.get(str(household), ())
                    if pid in found and found[pid].get("household") == household]

    def supervisors(self, area: str) -> list[dict[str, Any]]:
        """The supervisors (监督员) of ``area``, by person id: they receive what the
        area's volunteers receive to read (the pending queue, the daily summary) and
        decide nothing. Private: the site names none of them."""
        self.core.check_area(area)  # None here is no area, not "everyone"
        return self.people(supervisor_of=area)

    # -- roles ---------------------------------------------------------------

    def add_role(self, tx: Transaction, person: dict[str, Any], role: dict[str, Any],
                 actor: dict[str, Any] | None, now: str, note: str) -> None:
        role = {k: (str(v) if isinstance(v, Role) else v) for k, v in role.items()}
        if role["role"] == Role.VOLUNTEER:
            self.core.check_area(role["area"])
            role["mark"] = self.give_mark(tx, person, role["area"], role["title"], now)
        elif role["role"] == Role.ADMIN:
            role["marks"] = {a.id: self.give_mark(tx, person, a.id, role["title"], now)
                             for a in self.core.street.areas}
        roles = [r for r in person["roles"]
                 if not (r["role"] == role["role"] and r.get("area") == role.get("area"))]
        roles.append(role)
        person["roles"] = roles
        tx.put("people", "people", person["id"], person)
        self.audit(tx, person, actor, now, None, f"{role['role']}:{role.get('area')}", note)

    def audit(self, tx: Transaction, person: dict[str, Any], actor: dict[str, Any] | None,
              now: str, frm: str | None, to: str | None, note: str,
              area: str | None = None) -> None:
        """Record a change of ``person``'s roles; the actor is named by the role they
        hold in ``area`` (any area: None)."""
        tx.put("people", "audit", self.ix.take_id("audit"), {
            "at": now, "by": actor["id"] if actor else None,
            "role": public_role(actor, area) if actor else SYSTEM_LABEL,
            "subject": person["id"], "from": frm, "to": to, "note": note,
        })

    @serialized
    def grant(self, actor_id: int, telegram_id: int, area: str,
              title: str = "", *, role: Role | str = Role.VOLUNTEER) -> dict[str, Any]:
        """Make the person with ``telegram_id`` a volunteer of ``area``, or with
        ``role="supervisor"`` its supervisor (admins only). One person is not both in
        one area: who watches the volunteers is not one of them."""
        actor = self.core.require_person(actor_id)
        if not is_admin(actor):
            raise PermissionDenied("only an admin may grant roles", code="admin_only")
        self.core.check_area(area)
        telegram_id = checks.whole(telegram_id, "a Telegram id")
        title = checks.text(title, "a title")
        role = _grantable(role)
        existing = self.person_by_telegram(telegram_id)
        if role == Role.SUPERVISOR and area in volunteer_areas(existing):
            raise DomainError("a volunteer of this area cannot be its supervisor: revoke the "
                              "volunteer role first", code="role_conflict", area=area)
        if role == Role.VOLUNTEER and area in supervisor_areas(existing):
            raise DomainError("a supervisor of this area cannot be its volunteer: revoke the "
                              "supervisor role first", code="role_conflict", area=area)
        default = SUPERVISOR_LABEL if role == Role.SUPERVISOR else VOLUNTEER_LABEL

        def run(tx: Transaction) -> None:
            now = self.core.stamp()
            person = self.ensure_person_tx(tx, telegram_id, name="", now=now)
            self.add_role(tx, person, {"role": role, "area": area,
                                       "title": clip(title.strip(), 30) or default}, actor, now,
                          "grant")

        self.core.commit(run)
        return self.core.require_person(self.ix.by_telegram[int(telegram_id)])

    @serialized
    def revoke(self, actor_id: int, telegram_id: int, area: str, *,
               role: Role | str = Role.VOLUNTEER) -> dict[str, Any]:
        """Take the volunteer (or supervisor) role in ``area`` away (admins only)."""
        actor = self.core.require_person(actor_id)
        if not is_admin(actor):
            raise PermissionDenied("only an admin may revoke roles", code="admin_only")
        self.core.check_area(area)
        role = _grantable(role)
        person = self.person_by_telegram(telegram_id)
        held = volunteer_areas if role == Role.VOLUNTEER else supervisor_areas
        if person is None or area not in held(person):
            raise NotFound(f"that person is not a {role} of this area",
                           code="no_role" if role == Role.VOLUNTEER else "no_supervisor_role")
        person["roles"] = [r for r in person["roles"]
                           if not (r["role"] == role and r.get("area") == area)]

        def run(tx: Transaction) -> None:
            now = self.core.stamp()
            tx.put("people", "people", person["id"], person)
            self.audit(tx, person, actor, now, f"{role}:{area}", None, "revoke")
            if role == Role.VOLUNTEER:
                self.end_mark(tx, person, area, now)

        self.core.commit(run)
        return person

    def role_audit(self) -> list[dict[str, Any]]:
        return self.store.all("people", "audit")

    # -- pseudonyms ----------------------------------------------------------

    def give_mark(self, tx: Transaction, person: dict[str, Any], area: str, title: str,
                  now: str) -> str:
        """In a commit: ``person``'s mark in ``area`` (the one they had, or the next
        free one), noted in the register with the role's title."""
        register = tx.get("people", "marks", 1) or {"marks": []}
        for m in register["marks"]:
            if m["area"] == area and m["person"] == person["id"]:
                if m.get("until") is None and m.get("title") == title:
                    return str(m["mark"])
                m.update(title=title, until=None)
                break
        else:
            m = {"area": area, "person": person["id"], "title": title, "since": now,
                 "until": None,
                 "mark": mark_of(sum(1 for x in register["marks"] if x["area"] == area))}
            register["marks"].append(m)
        tx.put("people", "marks", 1, register)
        return str(m["mark"])

    def end_mark(self, tx: Transaction, person: dict[str, Any], area: str, now: str) -> None:
        """In a commit: note that ``person`` no longer acts in ``area`` (the mark stays
        theirs, and is theirs again if the role is granted again)."""
        register = tx.get("people", "marks", 1) or {"marks": []}
        for m in register["marks"]:
            if m["area"] == area and m["person"] == person["id"]:
                m["until"] = now
                tx.put("people", "marks", 1, register)

    def give_missing_marks(self) -> int:
        """Give a mark to every volunteer and admin role that has none yet (a data
        folder from before marks); returns how many roles got one."""
        if self.store.readonly or self.store.get("street", "street", 1) is None:
            return 0
        with self.store.writing():
            areas = [a.id for a in self.core.street.areas]
            people = [p for p in self.store.all("people", "people")
                      if any(_unmarked(r, areas) for r in p.get("roles", []))]
            if not people:
                return 0

            def run(tx: Transaction) -> int:
                now, given = self.core.stamp(), 0
                for p in sorted(people, key=lambda p: int(p["id"])):
                    person = tx.get("people", "people", int(p["id"]))
                    assert person is not None
                    for r in person["roles"]:
                        if r["role"] == Role.VOLUNTEER and not r.get("mark"):
                            r["mark"] = self.give_mark(tx, person, r["area"],
                                                       r.get("title") or VOLUNTEER_LABEL, now)
                            given += 1
                        elif r["role"] == Role.ADMIN:
                            marks = r.setdefault("marks", {})
                            for area in areas:
                                if area not in marks:
                                    marks[area] = self.give_mark(
                                        tx, person, area, r.get("title") or ADMIN_LABEL, now)
                                    given += 1
                    tx.put("people", "people", person["id"], person)
                return given

            given: int = self.core.commit(run)
            return given

    def pseudonyms(self, area: str | None = None) -> list[dict[str, Any]]:
        """The public list: each area's pseudonyms (网格员甲), their role's title, and
        since when (and until when) they act; never who they are."""
        if area is not None:
            self.core.check_area(area)
        register = self.store.get("people", "marks", 1) or {"marks": []}
        out = [{"area": m["area"], "pseudonym": f"{m['title']}{m['mark']}",
                "title": m["title"], "mark": m["mark"], "since": m["since"],
                "until": m.get("until")}
               for m in register["marks"] if area is None or m["area"] == area]
        return out
