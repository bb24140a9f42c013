"""Reading a street file node by node into a ``StreetConfig``: every key,
value and id is checked against the rules in ``db.config``'s docstring (the
format's reference), and the first problem raises ``ConfigError`` with the
file, the line and what to change, in Chinese and English.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from yaml.nodes import Node, ScalarNode

from .labels import FEE_TYPE
from .places import (
    Area,
    Basis,
    Building,
    Community,
    Compound,
    FeeSchedule,
    Household,
    Mode,
    Street,
    Unit,
)
from .yaml_nodes import FLOAT, INT, STR, NodeReader, line_of, show

__all__ = ["Reader", "StreetConfig", "VolunteerSeed"]


@dataclass(frozen=True)
class VolunteerSeed:
    """A volunteer role granted when the street is loaded."""

    telegram_id: int
    name: str  # private: shown to admins, never on the public site
    title: str  # the public role label, e.g. 党支部委员, 物管会主任, 网格员
    areas: tuple[str, ...]


@dataclass(frozen=True)
class StreetConfig:
    street: Street
    volunteers: tuple[VolunteerSeed, ...] = ()
    settings: dict[str, Any] = field(default_factory=dict)


# We walk the composed node tree rather than the loaded dicts: every node
# keeps its line, so each error can point at the exact key or value.

# Folder names in the data folder and URL parts on the site: lowercase so two
# ids cannot collide on a case-insensitive file system.
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}\Z")
_SLUG_HINT = "lowercase letters a-z, digits, '-' or '_' (at most 40)"
# Parts of a household id: no '/' (the separator) and no spaces.
_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,19}\Z")
_PART_HINT = "letters, digits, '-' or '_' (at most 20)"
_SLUG_ZH = ("只能用小写英文字母 a-z、数字、- 或 _（最多 40 个），例如 heping；中文名称写在 "
            "name: 里，别处（areas: 的 compounds:、volunteers: 的 areas:）引用时也写这个 id")
_PART_ZH = ("只能用英文字母、数字、- 或 _（最多 20 个），例如 \"2\"、\"101\"；"
            "“号楼”“单元”不用写，中文名称写在 name: 里")

_MAX_FLOORS = 99  # room numbers are <floor><two-digit room>, e.g. 1203
_MAX_ROOMS_PER_FLOOR = 99
_MAX_AREA_M2 = 10_000.0  # catches a slipped decimal point (785 for 78.5 still passes)
# whole numbers >= 1; backup_days: how long the server keeps a backup file (db.withheld)
_KNOWN_SETTINGS = ("amount_ceiling_fen", "rate_limit_per_hour", "backup_days")
_PERIODS = ("year", "month")
_REDACT = "redact_numbers"  # a list of numbers to mask: db.redact.SETTING
_DIGEST_HOUR = "digest_hour"  # the hour (0-23, China time) of the volunteers' daily summary


class Reader(NodeReader):
    """Checks one document's nodes and builds the street; raises on the first problem."""

    # -- the document ------------------------------------------------------

    def config(self, root: Node) -> StreetConfig:
        self.check_tree(root, set(), set())
        top = self.mapping(root, "the file", ("street", "communities", "areas"),
                           ("site_url", "bot_username", "admins", "settings", "volunteers"))
        head = self.mapping(top["street"], "street", ("id", "name"), ("city",))
        street_id = self.ident(head["id"], "street id", _SLUG, _SLUG_HINT, _SLUG_ZH)
        street_name = self.text(head["name"], "street name")
        city = self.text(head["city"], "city") if "city" in head else ""
        site_url = self.url(top["site_url"]) if "site_url" in top else ""
        bot = self.bot_username(top["bot_username"]) if "bot_username" in top else ""
        admins = self.admins(top["admins"]) if "admins" in top else ()
        settings = self.settings(top["settings"]) if "settings" in top else {}

        communities: list[Community] = []
        compounds: list[Compound] = []
        compound_nodes: dict[str, Node] = {}
        seen_communities: dict[str, int] = {}
        for node in self.seq(top["communities"], "communities"):
            m = self.mapping(node, "a community", ("id", "name", "compounds"))
            cid = self.ident(m["id"], "community id", _SLUG, _SLUG_HINT, _SLUG_ZH)
            self.unique(seen_communities, cid, m["id"], "社区 id", "community id", "in the street")
            communities.append(Community(id=cid, name=self.text(m["name"], "community name")))
            for cnode in self.seq(m["compounds"], f"compounds of community {cid!r}"):
                comp = self.compound(cnode, cid, compound_nodes)
                compounds.append(comp)

        areas, owner = self.areas(top["areas"], compound_nodes)
        for comp in compounds:
            if comp.id not in owner:
                self.fail(compound_nodes[comp.id], f"小区 {comp.id!r} 不属于任何物业管理区域",
                          f"compound {comp.id!r} is in no management area: "
                          f"add it to the compounds of one area under areas:")
        area_ids = {a.id for a in areas}
        volunteers = self.volunteers(top["volunteers"], area_ids) if "volunteers" in top else ()

        street = Street(id=street_id, name=street_name, city=city, site_url=site_url,
                        bot_username=bot, communities=tuple(communities),
                        compounds=tuple(compounds), areas=tuple(areas), admins=admins)
        return StreetConfig(street=street, volunteers=volunteers, settings=settings)

    # -- places ------------------------------------------------------------

    def compound(self, node: Node, community: str, nodes: dict[str, Node]) -> Compound:
        m = self.mapping(node, "a compound", ("id", "name", "buildings"), ("built",))
        cid = self.ident(m["id"], "compound id", _SLUG, _SLUG_HINT, _SLUG_ZH)
        if cid in nodes:
            # street-wide, not per community: the compound id starts every household id
            self.fail(m["id"], f"小区 id {cid!r} 重复(第 {line_of(nodes[cid])} 行已有)",
                      f"duplicate compound id {cid!r} in the street "
                      f"(first at line {line_of(nodes[cid])})")
        nodes[cid] = node
        name = self.text(m["name"], "compound name")
        built = self.count(m["built"], "built", 1800, 2100) if "built" in m else None
        buildings: list[Building] = []
        seen: dict[str, int] = {}
        for bnode in self.seq(m["buildings"], f"buildings of compound {cid!r}"):
            bm = self.mapping(bnode, f"a building of compound {cid!r}", ("id", "units"),
                              ("name",))
            bid = self.ident(bm["id"], "building id", _PART, _PART_HINT, _PART_ZH)
            self.unique(seen, bid, bm["id"], "楼栋 id", "building id", f"in compound {cid!r}")
            bname = self.text(bm["name"], "building name") if "name" in bm else f"{bid}号楼"
            units: list[Unit] = []
            seen_units: dict[str, int] = {}
            for unode in self.seq(bm["units"], f"units of building {cid}/{bid}"):
                unit = self.unit(unode, f"{cid}/{bid}", seen_units)
                units.append(unit)
            buildings.append(Building(id=bid, name=bname, units=tuple(units)))
        return Compound(id=cid, name=name, community=community, buildings=tuple(buildings),
                        built=built)

    def unit(self, node: Node, prefix: str, seen: dict[str, int]) -> Unit:
        m = self.mapping(node, f"a unit of building {prefix}", ("id",),
                         ("name", "households", "floors", "rooms_per_floor", "area_m2", "owner"))
        uid = self.ident(m["id"], "unit id", _PART, _PART_HINT, _PART_ZH)
        self.unique(seen, uid, m["id"], "单元 id", "unit id", f"in building {prefix}")
        name = self.text(m["name"], "unit name") if "name" in m else f"{uid}单元"
        where = f"{prefix}/{uid}"
        keys = m.key_nodes
        if "households" in m and "floors" in m:
            later = max(keys["households"], keys["floors"], key=line_of)
            self.fail(later, "households 与 floors 只能二选一",
                      f"unit {where} gives both households and floors: "
                      f"list the rooms, or give floors and rooms_per_floor, not both")
        if "households" in m:
            for key in ("rooms_per_floor", "area_m2", "owner"):
                if key in m:
                    self.fail(keys[key], f"{key} 只能与 floors 一起使用",
                              f"unit {where}: {key} goes with floors; with a households "
                              f"list, give each room's {key} in the list")
            households = self.households(m["households"], where)
        elif "floors" in m:
            if "rooms_per_floor" not in m:
                self.fail(keys["floors"], "缺少 rooms_per_floor",
                          f"unit {where} gives floors but not rooms_per_floor")
            floors = self.count(m["floors"], "floors", 1, _MAX_FLOORS)
            per = self.count(m["rooms_per_floor"], "rooms_per_floor", 1, _MAX_ROOMS_PER_FLOOR)
            area = self.area_m2(m["area_m2"]) if "area_m2" in m else None
            owner = self.text(m["owner"], "owner") if "owner" in m else None
            households = tuple(
                Household(id=f"{where}/{room}", room=room, floor_area_m2=area, owner=owner)
                for room in (f"{f}{r:02d}" for f in range(1, floors + 1)
                             for r in range(1, per + 1))
            )
        else:
            stray = next((keys[k] for k in ("rooms_per_floor", "area_m2", "owner") if k in m),
                         node)
            self.fail(stray, "单元缺少 households 或 floors",
                      f"unit {where} has no rooms: give a households list, "
                      f"or floors and rooms_per_floor")
        return Unit(id=uid, name=name, households=households)

    def households(self, node: Node, where: str) -> tuple[Household, ...]:
        out: list[Household] = []
        seen: dict[str, int] = {}
        for hnode in self.seq(node, f"households of unit {where}"):
            m = self.mapping(hnode, f"a household of unit {where}", ("room",),
                             ("area_m2", "owner"))
            room = self.ident(m["room"], "room", _PART, _PART_HINT, _PART_ZH)
            self.unique(seen, room, m["room"], "房间", "room", f"in unit {where}")
            area = self.area_m2(m["area_m2"]) if "area_m2" in m else None
            owner = self.text(m["owner"], "owner") if "owner" in m else None  # opaque, private
            out.append(Household(id=f"{where}/{room}", room=room, floor_area_m2=area,
                                 owner=owner))
        return tuple(out)

    def areas(self, node: Node, compounds: dict[str, Node]
              ) -> tuple[list[Area], dict[str, tuple[str, int]]]:
        areas: list[Area] = []
        seen: dict[str, int] = {}
        owner: dict[str, tuple[str, int]] = {}  # compound id -> (area id, line)
        for anode in self.seq(node, "areas"):
            m = self.mapping(anode, "an area", ("id", "name", "mode", "steward", "compounds"),
                             ("fees",))
            aid = self.ident(m["id"], "area id", _SLUG, _SLUG_HINT, _SLUG_ZH)
            self.unique(seen, aid, m["id"], "物业管理区域 id", "area id", "in the street")
            mode = Mode(self.choice(m["mode"], "mode", tuple(Mode)))
            members: list[str] = []
            for cnode in self.seq(m["compounds"], f"compounds of area {aid!r}"):
                cid = self.ident(cnode, "compound id", _SLUG, _SLUG_HINT, _SLUG_ZH)
                if cid not in compounds:
                    known = ", ".join(compounds) or "none"
                    self.fail(cnode, f"未知的小区 {cid!r}",
                              f"area {aid!r} names compound {cid!r}, which no community "
                              f"lists (known: {known})")
                if cid in owner:
                    first, line = owner[cid]
                    self.fail(cnode, f"小区 {cid!r} 已属于区域 {first!r}",
                              f"compound {cid!r} is in two areas: already in area {first!r} "
                              f"(line {line}); a compound has exactly one steward")
                owner[cid] = (aid, line_of(cnode))
                members.append(cid)
            areas.append(Area(id=aid, name=self.text(m["name"], "area name"), mode=mode,
                              steward=self.text(m["steward"], "steward"),
                              compounds=tuple(members),
                              fees=self.fees(m["fees"], aid) if "fees" in m else ()))
        return areas, owner

    # -- people and settings ------------------------------------------------

    def admins(self, node: Node) -> tuple[int, ...]:
        out: list[int] = []
        seen: dict[str, int] = {}
        for item in self.seq(node, "admins", allow_empty=True):
            tid = self.telegram_id(item, "admin id")
            self.unique(seen, str(tid), item, "管理员", "admin", "in admins")
            out.append(tid)
        return tuple(out)

    def volunteers(self, node: Node, area_ids: set[str]) -> tuple[VolunteerSeed, ...]:
        out: list[VolunteerSeed] = []
        seen: dict[str, int] = {}
        for vnode in self.seq(node, "volunteers", allow_empty=True):
            m = self.mapping(vnode, "a volunteer", ("telegram_id", "name", "title", "areas"))
            tid = self.telegram_id(m["telegram_id"], "telegram_id")
            # one entry per person, so the name and title cannot disagree between entries
            self.unique(seen, str(tid), m["telegram_id"], "志愿者", "volunteer",
                        "in volunteers; list all their areas in one entry")
            areas: list[str] = []
            for anode in self.seq(m["areas"], f"areas of volunteer {tid}"):
                aid = self.ident(anode, "area id", _SLUG, _SLUG_HINT, _SLUG_ZH)
                if aid not in area_ids:
                    known = ", ".join(sorted(area_ids))
                    self.fail(anode, f"未知的物业管理区域 {aid!r}",
                              f"volunteer {tid} names area {aid!r}, which is not under "
                              f"areas: (known: {known})")
                if aid in areas:
                    self.fail(anode, f"区域 {aid!r} 重复", f"volunteer {tid} names area "
                                                           f"{aid!r} twice")
                areas.append(aid)
            out.append(VolunteerSeed(telegram_id=tid, name=self.text(m["name"], "name"),
                                     title=self.text(m["title"], "title"),
                                     areas=tuple(areas)))
        return tuple(out)

    def settings(self, node: Node) -> dict[str, Any]:
        """Only the settings Steward uses: an unknown one is refused with its line."""
        m = self.mapping(node, "settings", (), (*_KNOWN_SETTINGS, _REDACT, _DIGEST_HOUR))
        out: dict[str, Any] = {key: self.count(m[key], key, 1, None)
                               for key in _KNOWN_SETTINGS if key in m}
        if _DIGEST_HOUR in m:
            out[_DIGEST_HOUR] = self.count(m[_DIGEST_HOUR], _DIGEST_HOUR, 0, 23)
        if _REDACT in m:  # numbers every public text masks (db.redact): kept as written
            out[_REDACT] = [self.listed_number(n)
                            for n in self.seq(m[_REDACT], _REDACT, allow_empty=True)]
        return out

    def listed_number(self, node: Node) -> str:
        if not (isinstance(node, ScalarNode) and node.tag in (STR, INT)
                and str(node.value).strip()):
            self.fail(node, "应为号码（文字或数字）", f"{_REDACT} lists numbers to mask, as "
                                                   f"text or digits, not {show(node)}")
        return str(node.value).strip()

    def fees(self, node: Node, aid: str) -> tuple[FeeSchedule, ...]:
        """An area's fee schedule: each fee type once, with who pays it."""
        out: list[FeeSchedule] = []
        seen: dict[str, int] = {}
        for fnode in self.seq(node, f"fees of area {aid!r}"):
            m = self.mapping(fnode, f"a fee of area {aid!r}", ("type", "per"),
                             ("amount_fen", "period"))
            code = self.choice(m["type"], "fee type", tuple(FEE_TYPE))
            self.unique(seen, code, m["type"], "收费项目", "fee type", f"in area {aid!r}")
            out.append(FeeSchedule(
                fee_type=code, per=Basis(self.choice(m["per"], "per", tuple(Basis))),
                amount_fen=self.count(m["amount_fen"], "amount_fen", 1, None)
                if "amount_fen" in m else None,
                period=self.choice(m["period"], "period", _PERIODS) if "period" in m else None))
        return tuple(out)

    # -- street values ------------------------------------------------------

    def area_m2(self, node: Node) -> float:
        value: Any = self.scalar(node, "area_m2") if isinstance(node, ScalarNode) else None
        if node.tag not in (INT, FLOAT) or not (
                math.isfinite(value) and 0 < value <= _MAX_AREA_M2):
            self.fail(node, "建筑面积应为正数(平方米)",
                      f"area_m2 must be a number of square metres above 0 and at most "
                      f"{_MAX_AREA_M2:g}, not {show(node)}")
        return float(value)

    def url(self, node: Node) -> str:
        url = self.text(node, "site_url")
        if not re.match(r"https?://[^\s/]+", url):
            self.fail(node, "site_url 应以 http:// 或 https:// 开头",
                      f"site_url must be a web address starting with http:// or https://, "
                      f"not {show(node)}")
        return url

    def bot_username(self, node: Node) -> str:
        name = self.text(node, "bot_username").removeprefix("@")
        # Telegram's rule for bot usernames: 5-32 letters, digits or "_", ending in "bot".
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{3,31}", name) or \
                not name.lower().endswith("bot"):
            self.fail(node, "bot_username 应为机器人的用户名（以 bot 结尾）",
                      f"bot_username must be the bot's Telegram username (5-32 letters, "
                      f"digits or _, ending in 'bot'), not {show(node)}")
        return name
