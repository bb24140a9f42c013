"""People and roles: residents (bound to a household only once a volunteer
confirms it), volunteers scoped to management areas, supervisors (监督员) of an
area who watch its volunteers without deciding anything, and admins.

A person is a dict in the store. Telegram ids are field values, never keys
(JSON would turn integer keys into strings). Names, usernames, phones and
Telegram ids are private: the public record names roles, never persons.

So that anyone can check that the one who recorded a line and the one who
approved it differ (maker-checker), each volunteer gets a mark per area when
the role is granted (甲, 乙, 丙 … in the order they came): the public role is
the title and the mark, e.g. 网格员甲, 物管会委员乙. An admin gets a mark in
every area. Marks are never given twice in an area, so a pseudonym always
means one person there; who that is stays private (``db.directory``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

__all__ = ["Role", "Relation", "relation_of", "joint_vote_refusal", "RESIDENT_LABEL",
           "ADMIN_LABEL", "SYSTEM_LABEL", "VOLUNTEER_LABEL", "SUPERVISOR_LABEL", "acting_role",
           "is_admin", "volunteer_areas", "is_volunteer_of",
           "supervisor_areas", "is_supervisor_of", "public_role", "resident_area", "mark_of",
           "role_mark"]

RESIDENT_LABEL = "居民"
ADMIN_LABEL = "管理员"
SYSTEM_LABEL = "系统"
VOLUNTEER_LABEL = "志愿者"
SUPERVISOR_LABEL = "监督员"
_STEMS = "甲乙丙丁戊己庚辛壬癸"  # the ten heavenly stems: 甲 first, as in 甲方 / 乙方


class Role(StrEnum):
    RESIDENT = "resident"
    VOLUNTEER = "volunteer"
    SUPERVISOR = "supervisor"  # residents' supervisor (监督员): sees, asks, never approves
    ADMIN = "admin"


class Relation(StrEnum):
    """How a resident stands to their home (``person["relation"]``), asked the first time
    they vote on a matter the owners decide jointly (Civil Code art. 278). Missing for
    everyone who has not answered yet (everyone registered before it was asked)."""

    OWNER = "owner"  # 业主本人
    FAMILY = "family"  # 业主的家人，代业主投票
    TENANT = "tenant"  # 租户或借住


def relation_of(person: dict[str, Any] | None) -> Relation | None:
    """The relation this person gave to their home, or None when not (validly) given."""
    try:
        return Relation(str((person or {}).get("relation")))
    except ValueError:
        return None


def joint_vote_refusal(person: dict[str, Any] | None) -> str | None:
    """Why this person may not cast their home's vote online on a joint matter of the
    owners (art. 278: the owners decide; an election too): ``"tenant_no_vote"`` for a
    tenant, ``"relation_unknown"`` when they have not said how they stand to their home;
    None when they are its owner or the owner's family, voting for the owner. Everyday
    matters are open to every confirmed resident."""
    relation = relation_of(person)
    if relation is None:
        return "relation_unknown"
    return "tenant_no_vote" if relation == Relation.TENANT else None


def is_admin(person: dict[str, Any] | None) -> bool:
    return person is not None and any(r["role"] == Role.ADMIN
                                      for r in person.get("roles", []))


def volunteer_areas(person: dict[str, Any] | None) -> list[str]:
    if not person:
        return []
    return sorted({r["area"] for r in person.get("roles", []) if r["role"] == Role.VOLUNTEER})


def is_volunteer_of(person: dict[str, Any] | None, area: str) -> bool:
    """May this person act as a steward of ``area``? Admins may act everywhere."""
    return is_admin(person) or area in volunteer_areas(person)


def supervisor_areas(person: dict[str, Any] | None) -> list[str]:
    """The areas this person supervises (监督员): they see the area's queue and daily
    summary read-only, and may ask public questions, but approve nothing."""
    if not person:
        return []
    return sorted({r["area"] for r in person.get("roles", []) if r["role"] == Role.SUPERVISOR})


def is_supervisor_of(person: dict[str, Any] | None, area: str) -> bool:
    """Does this person supervise ``area``? (Admins and volunteers are not supervisors.)"""
    return area in supervisor_areas(person)


def resident_area(person: dict[str, Any] | None) -> str | None:
    """The area of the household a volunteer has confirmed for this person, if any."""
    if not person:
        return None
    for r in person.get("roles", []):
        if r["role"] == Role.RESIDENT:
            return str(r["area"])
    return None


def mark_of(n: int) -> str:
    """The ``n``-th mark given in an area (from 0): 甲 … 癸, then 甲2 … 癸2, 甲3 …"""
    return _STEMS[n % 10] + (str(n // 10 + 1) if n >= 10 else "")


def role_mark(role: dict[str, Any], area: str | None) -> str:
    """The mark a role carries in ``area`` ("" when none was given yet)."""
    if role.get("role") == Role.ADMIN:
        return str((role.get("marks") or {}).get(area, "")) if area else ""
    return str(role.get("mark") or "")


def public_role(person: dict[str, Any] | None, area: str | None) -> str:
    """The label shown publicly for what this person did in ``area``: a role and its
    mark (网格员甲), never a name."""
    if not person:
        return SYSTEM_LABEL
    for r in person.get("roles", []):
        if r["role"] == Role.VOLUNTEER and r.get("area") == area:
            return str(r.get("title") or VOLUNTEER_LABEL) + role_mark(r, area)
    if is_admin(person):
        for r in person.get("roles", []):
            if r["role"] == Role.ADMIN:
                return str(r.get("title") or ADMIN_LABEL) + role_mark(r, area)
    if area is not None and is_supervisor_of(person, area):
        return SUPERVISOR_LABEL
    return RESIDENT_LABEL


def acting_role(person: dict[str, Any] | None, area: str | None, *, as_resident: bool,
                own_home: bool = False) -> str:
    """``public_role``, but 居民 for what a supervisor (监督员) did ``as_resident``: his own
    report, opinion, fee paid or vote is a neighbour's, as anyone's in his building (his
    report read 记录人：监督员 in the volunteers' posts, and his fee line 监督员 on the
    public accounts, though he was told it was signed 居民). A volunteer's title stays
    (she may record for others), except on what she sends for her ``own_home`` in the
    area she lives in (``db.records.own_home``): her report read 物管会委员庚 in 我的, on
    the site and in the volunteers' posts, though her report's summary said 署名“居民”."""
    role = public_role(person, area)
    if as_resident and role == SUPERVISOR_LABEL:
        return RESIDENT_LABEL
    if as_resident and own_home and area is not None and resident_area(person) == area:
        return RESIDENT_LABEL
    return role
