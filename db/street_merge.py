"""Merging a corrected street file into a street already in use: what
``steward merge-street`` may change, listed one change at a time.

A street is often set up before every floor area is known, or with a unit
whose rooms were miscounted. The admin writes the street file again with
what was missing and merges it: each difference is one ``StreetChange``,
shown and confirmed on its own, and only the confirmed ones are written.
What may change:

* a household's floor area (``floor_area_m2``): added where none was
  recorded, or corrected;
* a household's owner key (one owner of several flats);
* a household added to a compound that exists (in a unit or building that
  exists or is new);
* a new management area with its own new compounds (a compound that joins the
  street later), and their community when it is new: one change for the whole
  area, its households listed by count. Its volunteers are the ones the file
  lists for it (the admin may grant more with /grant later);
* the public site's address (``site_url``) and the bot's username
  (``bot_username``): a street often sets up its bot before it knows where its
  site will be published, and the site's QR codes, feed, Open311 export and
  the bot's links read them from the data folder, not from the file (before,
  a file with a new ``site_url`` merged as "nothing to merge").

Anything else — a household taken away, a compound or an area taken away,
moved or renamed, a new compound in an area that exists, an area's compounds,
fees or name — is refused (a fee's amount changes from a period on with ``steward fees
set``, ``db.fee_changes``: the file keeps the amount the street was set up with, and a
file with another amount says so) with the list of what differs: removing what
votes and fees refer to would rewrite the past. An area's mode and steward body
in the file are not merged at all (``mode_notes`` says where they differ): they
change with a reason and a date (``/mode``, ``db.modes``), and the file keeps the
mode and steward the street was set up with (before, a steward changed with /mode
had every later merge refused). Past votes are never touched: each keeps the
electorate frozen when it opened.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .config import street_from_dict, street_to_dict
from .errors import DomainError
from .places import FeeSchedule, Street

__all__ = ["StreetChange", "plan_merge", "apply_merge", "mode_notes", "owner_keys_written"]


@dataclass(frozen=True)
class StreetChange:
    """One difference the merge would write."""

    what: str  # "area" | "owner" | "household" | "new_area" | "site_url" | "bot_username"
    household: str  # its id
    before: Any
    after: Any
    path: tuple[str, str, str]  # compound, building, unit ids
    room: str
    names: tuple[str, str] = ("", "")  # the building's and unit's names (a new one's)

    def describe(self) -> str:
        """One line for the admin, in Chinese and the ids."""
        if self.what in SETTINGS:
            return (f"{SETTINGS[self.what]}（{self.what}）：{self.before or '（无）'} → "
                    f"{self.after or '（无）'}")
        if self.what == "new_area":
            new = self.after
            homes = sum(len(u["households"]) for c in new["compounds"]
                        for b in c["buildings"] for u in b["units"])
            names = "、".join(c["name"] for c in new["compounds"])
            return (f"新增管理区域 {self.household}（{new['area']['name']}）：小区 {names}，"
                    f"共 {homes} 户")
        if self.what == "household":
            area = f"，面积 {self.after} m²" if self.after is not None else "，面积未登记"
            return f"新增住户 {self.household}{area}"
        if self.what == "area":
            was = "未登记" if self.before is None else f"{self.before} m²"
            now = "未登记" if self.after is None else f"{self.after} m²"
            return f"{self.household} 的面积：{was} → {now}"
        return (f"{self.household} 的业主标记：{self.before or '（无）'} → "
                f"{self.after or '（无）'}")


SETTINGS = {"site_url": "公开网站的地址", "bot_username": "机器人的用户名"}

_OWNER_LINE = re.compile(r"^(\S+) 的业主标记：")


def owner_keys_written(merges: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Household -> when a merge (the records ``Modes.merge_street`` keeps) last changed
    its owner key: from the record's ``owners``, or for a record kept before it had them,
    from its lines (``StreetChange.describe``)."""
    found: dict[str, str] = {}
    for merge in merges:
        at = str(merge.get("at") or "")
        owners = merge.get("owners")
        if owners is None:
            owners = [m.group(1) for line in merge.get("changes") or ()
                      if (m := _OWNER_LINE.match(str(line)))]
        for household in owners:
            if at > found.get(str(household), ""):
                found[str(household)] = at
    return found


def _homes(street: Street) -> dict[str, tuple[tuple[str, str, str], tuple[str, str], Any]]:
    return {h.id: ((c.id, b.id, u.id), (b.name, u.name), h) for c in street.compounds
            for b in c.buildings for u in b.units for h in u.households}


def plan_merge(old: Street, new: Street) -> list[StreetChange]:
    """The changes that would bring ``old`` to ``new``, in the order of the new file;
    ``DomainError`` (``merge_refused``) listing every difference that may not be
    merged."""
    problems: list[str] = []
    old_compounds = {c.id for c in old.compounds}
    new_areas = [a for a in new.areas if a.id not in {o.id for o in old.areas}]
    joining = {cid for a in new_areas for cid in a.compounds}  # the new areas' compounds
    if old_compounds - {c.id for c in new.compounds}:
        gone = ", ".join(sorted(old_compounds - {c.id for c in new.compounds}))
        problems.append(f"文件里少了小区 {gone}（小区不能删除） / compounds are missing: {gone}")
    for c in new.compounds:
        if c.id not in old_compounds and c.id not in joining:
            problems.append(f"小区 {c.id} 是新的，但不在新的管理区域里（新加入的小区要作为自己的新"
                            f"管理区域加入） / compound {c.id} is new but in no new area (a "
                            "compound joins the street as a new area of its own)")
    for cid in sorted(joining & old_compounds):
        problems.append(f"小区 {cid} 已经属于另一个管理区域 / compound {cid} is already in "
                        "another area")
    for a in old.areas:
        try:
            b = new.area(a.id)
        except KeyError:
            problems.append(f"文件里少了管理区域 {a.id} / area {a.id} is missing")
            continue
        if (b.compounds, b.name, _as_set_up(b.fees)) != (a.compounds, a.name,
                                                         _as_set_up(a.fees)):
            problems.append(f"管理区域 {a.id} 的名称、小区或收费项目与数据目录不同（这些不能靠合并"
                            f"改） / area {a.id}: its name, compounds or fees differ")
            if (b.compounds, b.name) == (a.compounds, a.name) and \
                    _as_set_up(b.fees, amounts=False) == _as_set_up(a.fees, amounts=False):
                problems.append(
                    f"只是收费金额不同：金额从某一期起改，用 steward fees set {a.id} 收费项目 金额 "
                    f"--from 期间（以前各期的金额不变） / only a fee's amount differs: change "
                    f"it from a period on with `steward fees set {a.id} FEE AMOUNT --from "
                    f"PERIOD` (earlier periods keep theirs)")
    before, after = _homes(old), _homes(new)
    for hid in before:
        if hid not in after:
            problems.append(f"文件里少了住户 {hid}（住户不会被删除） / household {hid} is "
                            "missing (households are never removed)")
    if problems:
        raise DomainError("this street file cannot be merged: " + "; ".join(problems),
                          code="merge_refused", problems=problems)
    changes = [StreetChange(key, "", getattr(old, key), getattr(new, key), ("", "", ""), "")
               for key in SETTINGS if getattr(old, key) != getattr(new, key)]
    plain = street_to_dict(new)
    for a in new_areas:
        wanted = set(a.compounds)
        compounds = [c for c in plain["compounds"] if c["id"] in wanted]
        communities = {c["community"] for c in compounds} - {c.id for c in old.communities}
        changes.append(StreetChange("new_area", a.id, None, {
            "area": next(x for x in plain["areas"] if x["id"] == a.id),
            "compounds": compounds,
            "communities": [c for c in plain["communities"] if c["id"] in communities]},
            ("", "", ""), "", (a.name, "")))
    for hid, (path, names, h) in after.items():
        if path[0] in joining:
            continue  # in its new area's change
        if hid not in before:
            changes.append(StreetChange("household", hid, None, h.floor_area_m2, path, h.room,
                                        names))
            continue
        old_h = before[hid][2]
        if old_h.floor_area_m2 != h.floor_area_m2:
            changes.append(StreetChange("area", hid, old_h.floor_area_m2, h.floor_area_m2,
                                        path, h.room))
        if (old_h.owner or None) != (h.owner or None):
            changes.append(StreetChange("owner", hid, old_h.owner, h.owner, path, h.room))
    return changes


def _as_set_up(fees: tuple[FeeSchedule, ...], *, amounts: bool = True
               ) -> tuple[FeeSchedule, ...]:
    """An area's fees as a street file gives them: without the amounts changed since
    (``steward fees set``: the file keeps the amounts the street was set up with), or,
    ``amounts=False``, without any amount."""
    return tuple(replace(f, changes=(), amount_fen=f.amount_fen if amounts else None)
                 for f in fees)


def mode_notes(old: Street, new: Street) -> list[str]:
    """The areas whose mode or steward body the file gives otherwise than the data
    folder: not merged."""
    out = []
    for a in new.areas:
        try:
            now = old.area(a.id)
        except KeyError:
            continue
        if now.mode != a.mode:
            out.append(f"管理区域 {a.id}：文件写的是{a.mode.label_zh}，数据目录里是"
                       f"{now.mode.label_zh}；没有合并（管理方式在机器人里用 /mode 改） / "
                       f"area {a.id}: the file says {a.mode.label_zh}, the data folder "
                       f"{now.mode.label_zh}; not merged (an area's mode changes with /mode)")
        if now.steward != a.steward:
            out.append(f"管理区域 {a.id}：文件写的管理方是 {a.steward}，数据目录里是 "
                       f"{now.steward}；没有合并（在机器人里用 /mode 改） / area {a.id}: the "
                       f"file names its steward {a.steward}, the data folder {now.steward}; "
                       f"not merged (it changes with /mode)")
    return out


def apply_merge(old: Street, changes: list[StreetChange]) -> Street:
    """``old`` with ``changes`` made (the confirmed ones of ``plan_merge``)."""
    d = copy.deepcopy(street_to_dict(old))
    compounds = {c["id"]: c for c in d["compounds"]}
    for ch in changes:
        if ch.what in SETTINGS:
            d[ch.what] = ch.after
            continue
        if ch.what == "new_area":
            known = {c["id"] for c in d["communities"]}
            d["communities"] += [copy.deepcopy(c) for c in ch.after["communities"]
                                 if c["id"] not in known]
            d["compounds"] += copy.deepcopy(ch.after["compounds"])
            d["areas"].append(copy.deepcopy(ch.after["area"]))
            continue
        cid, bid, uid = ch.path
        buildings = compounds[cid]["buildings"]
        building = next((b for b in buildings if b["id"] == bid), None)
        if building is None:
            building = {"id": bid, "name": ch.names[0] or f"{bid}号楼", "units": []}
            buildings.append(building)
        unit = next((u for u in building["units"] if u["id"] == uid), None)
        if unit is None:
            unit = {"id": uid, "name": ch.names[1] or f"{uid}单元", "households": []}
            building["units"].append(unit)
        homes = unit["households"]
        home = next((h for h in homes if h["id"] == ch.household), None)
        if ch.what == "household" and home is None:
            homes.append({"id": ch.household, "room": ch.room, "floor_area_m2": ch.after})
        elif home is not None and ch.what == "area":
            home["floor_area_m2"] = ch.after
        elif home is not None and ch.what == "owner":
            if ch.after:
                home["owner"] = ch.after
            else:
                home.pop("owner", None)
    return street_from_dict(d)
