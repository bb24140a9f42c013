"""The street file (YAML) of a data folder's street, written back from it.

``steward init`` copies the street file into the data folder; later changes are merged
from the file, edited (``steward merge-street``: households and floor areas added, a
compound joining, a new site address), and the bot's start-up warning of a wrong
``bot_username`` says to correct it there. The file lived only where the admin kept it:
on a machine lost with it, a restore brought the street back but no file to edit, and
writing one again by hand, every room of every unit as the data folder has it, was the
only way to merge anything. ``street_yaml`` writes it from the data folder: the street,
its communities, compounds, buildings, units and rooms (each room with its floor area
and owner key), the areas with their mode, steward body and fees as they are now, the
admins and the settings. Volunteers are left out (they are granted and revoked in the
bot since; a merge reads the file's volunteers only for a compound that joins later):
the file read back (``db.config.parse_street``) is the same street, and merging it
changes nothing.
"""

from __future__ import annotations

from typing import Any

import yaml

from .places import Street

__all__ = ["street_yaml"]

HEADER = """\
# 街道文件，从数据目录写出（steward street-file）：改好后用 steward merge-street 合并。
# The street file, written from the data folder (steward street-file): edit it, then
# merge it with steward merge-street. Volunteers are not listed (roles are granted in
# the bot); a compound that joins later lists its own under volunteers:.
"""


def street_yaml(street: Street, settings: dict[str, Any]) -> str:
    """The street file of ``street`` and its ``settings`` (the data folder's)."""
    communities = []
    for community in street.communities:
        compounds = []
        for c in street.compounds:
            if c.community != community.id:
                continue
            compound: dict[str, Any] = {"id": c.id, "name": c.name}
            if c.built is not None:
                compound["built"] = c.built
            compound["buildings"] = [{
                "id": b.id, "name": b.name,
                "units": [{"id": u.id, "name": u.name, "households": [
                    {"room": h.room,
                     **({"area_m2": h.floor_area_m2} if h.floor_area_m2 is not None else {}),
                     **({"owner": h.owner} if h.owner else {})}
                    for h in u.households]} for u in b.units]} for b in c.buildings]
            compounds.append(compound)
        communities.append({"id": community.id, "name": community.name,
                            "compounds": compounds})
    doc: dict[str, Any] = {"street": {"id": street.id, "name": street.name,
                                      **({"city": street.city} if street.city else {})}}
    if street.site_url:
        doc["site_url"] = street.site_url
    if street.bot_username:
        doc["bot_username"] = street.bot_username
    if street.admins:
        doc["admins"] = list(street.admins)
    if settings:
        doc["settings"] = dict(settings)
    doc["communities"] = communities
    doc["areas"] = [{
        "id": a.id, "name": a.name, "mode": a.mode.value, "steward": a.steward,
        "compounds": list(a.compounds),
        **({"fees": [{"type": f.fee_type, "per": str(f.per),
                      **({"amount_fen": f.amount_fen} if f.amount_fen is not None else {}),
                      **({"period": f.period} if f.period else {})} for f in a.fees]}
           if a.fees else {})} for a in street.areas]
    return HEADER + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
