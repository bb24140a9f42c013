"""People and roles: residents (bound to a household only once a volunteer
confirms it), volunteers scoped to management areas, and admins.

A person is a dict in the store. Telegram ids are field values, never keys
(JSON would turn integer keys into strings). Names, usernames, phones and
Telegram ids are private: the public record names roles, never persons.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

__all__ = ["Role", "RESIDENT_LABEL", "ADMIN_LABEL", "SYSTEM_LABEL", "is_admin",
           "volunteer_areas", "is_volunteer_of", "public_role", "resident_area"]

RESIDENT_LABEL = "居民"
ADMIN_LABEL = "管理员"
SYSTEM_LABEL = "系统"


class Role(StrEnum):
    RESIDENT = "resident"
    VOLUNTEER = "volunteer"
    ADMIN = "admin"


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


def resident_area(person: dict[str, Any] | None) -> str | None:
    """The area of the household a volunteer has confirmed for this person, if any."""
    if not person:
        return None
    for r in person.get("roles", []):
        if r["role"] == Role.RESIDENT:
            return str(r["area"])
    return None


def public_role(person: dict[str, Any] | None, area: str | None) -> str:
    """The label shown publicly for what this person did in ``area``: a role, not a name."""
    if not person:
        return SYSTEM_LABEL
    for r in person.get("roles", []):
        if r["role"] == Role.VOLUNTEER and r.get("area") == area:
            return str(r.get("title") or "志愿者")
    if is_admin(person):
        for r in person.get("roles", []):
            if r["role"] == Role.ADMIN:
                return str(r.get("title") or ADMIN_LABEL)
    return RESIDENT_LABEL
