"""Reading a street file node by node into a ``StreetConfig``: every key,
value and id is checked against the rules in ``db.config``'s docstring (the
format's reference), and the first problem raises ``ConfigError`` with the
file, the line and what to change, in Chinese and English.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NoReturn

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import ConfigError
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

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"

# Folder names in the data folder and URL parts on the site: lowercase so two
# ids cannot collide on a case-insensitive file system.
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}\Z")
_SLUG_HINT = "lowercase letters a-z, digits, '-' or '_' (at most 40)"
# Parts of a household id: no '/' (the separator) and no spaces.
_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,19}\Z")
_PART_HINT = "letters, digits, '-' or '_' (at most 20)"

_MAX_FLOORS = 99  # room numbers are <floor><two-digit room>, e.g. 1203
_MAX_ROOMS_PER_FLOOR = 99
_MAX_AREA_M2 = 10_000.0  # catches a slipped decimal point (785 for 78.5 still passes)
_KNOWN_SETTINGS = ("amount_ceiling_fen", "rate_limit_per_hour")  # whole numbers >= 1
_PERIODS = ("year", "month")
_REDACT = "redact_numbers"  # a list of numbers to mask: db.redact.SETTING
_DIGEST_HOUR = "digest_hour"  # the hour (0-23, China time) of the volunteers' daily summary


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _show(node: Node) -> str:
    if isinstance(node, ScalarNode):
        raw = str(node.value)
        shown = repr(raw if len(raw) <= 40 else raw[:37] + "...")
        # '"60" in quotes' tells why a number written in quotes is refused as one
        return f"{shown} (in quotes)" if node.style in ("'", '"') else shown
    if isinstance(node, SequenceNode):
        return "a list"
    return "a mapping"


class Reader:
    """Checks one document's nodes and builds the street; raises on the first problem."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, node: Node | int, zh: str, en: str) -> NoReturn:
        line = node if isinstance(node, int) else _line(node)
        raise ConfigError(self.path, line, f"{zh} / {en}")

    # -- the document ------------------------------------------------------

    def config(self, root: Node) -> StreetConfig:
        self.check_tree(root, set(), set())
        top = self.mapping(root, "the file", ("street", "communities", "areas"),
                           ("site_url", "bot_username", "admins", "settings", "volunteers"))
        head = self.mapping(top["street"], "street", ("id", "name"), ("city",))
        street_id = self.ident(head["id"], "street id", _SLUG, _SLUG_HINT)
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
            cid = self.ident(m["id"], "community id", _SLUG, _SLUG_HINT)
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
        cid = self.ident(m["id"], "compound id", _SLUG, _SLUG_HINT)
        if cid in nodes:
            # street-wide, not per community: the compound id starts every household id
            self.fail(m["id"], f"小区 id {cid!r} 重复(第 {_line(nodes[cid])} 行已有)",
                      f"duplicate compound id {cid!r} in the street "
                      f"(first at line {_line(nodes[cid])})")
        nodes[cid] = node
        name = self.text(m["name"], "compound name")
        built = self.count(m["built"], "built", 1800, 2100) if "built" in m else None
        buildings: list[Building] = []
        seen: dict[str, int] = {}
        for bnode in self.seq(m["buildings"], f"buildings of compound {cid!r}"):
            bm = self.mapping(bnode, f"a building of compound {cid!r}", ("id", "units"),
                              ("name",))
            bid = self.ident(bm["id"], "building id", _PART, _PART_HINT)
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
        uid = self.ident(m["id"], "unit id", _PART, _PART_HINT)
        self.unique(seen, uid, m["id"], "单元 id", "unit id", f"in building {prefix}")
        name = self.text(m["name"], "unit name") if "name" in m else f"{uid}单元"
        where = f"{prefix}/{uid}"
        keys = m.key_nodes
        if "households" in m and "floors" in m:
            later = max(keys["households"], keys["floors"], key=_line)
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
            room = self.ident(m["room"], "room", _PART, _PART_HINT)
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
            aid = self.ident(m["id"], "area id", _SLUG, _SLUG_HINT)
            self.unique(seen, aid, m["id"], "物业管理区域 id", "area id", "in the street")
            mode = Mode(self.choice(m["mode"], "mode", tuple(Mode)))
            members: list[str] = []
            for cnode in self.seq(m["compounds"], f"compounds of area {aid!r}"):
                cid = self.ident(cnode, "compound id", _SLUG, _SLUG_HINT)
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
                owner[cid] = (aid, _line(cnode))
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
                aid = self.ident(anode, "area id", _SLUG, _SLUG_HINT)
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
        if not (isinstance(node, ScalarNode) and node.tag in (_STR, _INT)
                and str(node.value).strip()):
            self.fail(node, "应为号码（文字或数字）", f"{_REDACT} lists numbers to mask, as "
                                                   f"text or digits, not {_show(node)}")
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

    def choice(self, node: Node, what: str, choices: tuple[str, ...]) -> str:
        value = self.text(node, what)
        if value not in choices:
            self.fail(node, f"未知的 {what} {value!r}",
                      f"unknown {what} {value!r}: use one of {' | '.join(choices)}")
        return value

    # -- building blocks ----------------------------------------------------

    def check_tree(self, node: Node, seen: set[int], stack: set[int]) -> None:
        """Refuse keys given twice (PyYAML would keep the last silently) and
        aliases that contain themselves (they would loop forever)."""
        if id(node) in stack:
            self.fail(node, "别名指向自身", "an alias refers to a node that contains it")
        if id(node) in seen or isinstance(node, ScalarNode):
            return
        seen.add(id(node))
        stack.add(id(node))
        if isinstance(node, MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    if key.value in first:
                        self.fail(key, f"键 {key.value!r} 重复",
                                  f"key {key.value!r} is given twice in one mapping "
                                  f"(first at line {first[key.value]})")
                    first[key.value] = _line(key)
                self.check_tree(key, seen, stack)
                self.check_tree(value, seen, stack)
        elif isinstance(node, SequenceNode):
            for item in node.value:
                self.check_tree(item, seen, stack)
        stack.discard(id(node))

    def mapping(self, node: Node, where: str, required: Iterable[str],
                optional: Iterable[str] = ()) -> _Map:
        if not isinstance(node, MappingNode):
            self.fail(node, "应为映射(键: 值)",
                      f"{where} must be a mapping of key: value, not {_show(node)}")
        required = tuple(required)
        allowed = required + tuple(optional)
        values: dict[str, Node] = {}
        keys: dict[str, Node] = {}
        for key_node, value in node.value:
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else _show(key_node)
            if key not in allowed:
                if key == "<<":
                    self.fail(key_node, "不支持合并键 <<", "merge keys (<<) are not "
                                                          "supported: write the keys out")
                near = difflib.get_close_matches(key, allowed, n=1)
                hint = f"; did you mean {near[0]!r}?" if near else ""
                zh_hint = f"(是不是 {near[0]!r}?)" if near else ""
                self.fail(key_node, f"未知的键 {key!r}{zh_hint}",
                          f"unknown key {key!r} in {where}{hint} "
                          f"(allowed: {', '.join(allowed)})")
            values[key] = value
            keys[key] = key_node
        for key in required:
            if key not in values:
                self.fail(node, f"缺少键 {key!r}", f"{where} is missing the key {key!r}")
        return _Map(values, keys)

    def seq(self, node: Node, what: str, *, allow_empty: bool = False) -> list[Node]:
        if not isinstance(node, SequenceNode):
            self.fail(node, f"{what} 应为列表", f"{what} must be a list, not {_show(node)}")
        if not node.value and not allow_empty:
            self.fail(node, f"{what} 不能为空", f"{what} is an empty list")
        return list(node.value)

    def scalar(self, node: ScalarNode, what: str) -> Any:
        try:
            return SafeConstructor().construct_object(node)
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            self.fail(node, "无法读取的值", f"{what}: cannot read {_show(node)}: {problem}")

    def text(self, node: Node, what: str) -> str:
        if not (isinstance(node, ScalarNode) and node.tag == _STR and node.value.strip()):
            hint = " (put quotes around it)" if isinstance(node, ScalarNode) else ""
            self.fail(node, f"{what} 应为文字", f"{what} must be non-empty text, not "
                                               f"{_show(node)}{hint}")
        return str(node.value).strip()

    def ident(self, node: Node, what: str, pattern: re.Pattern[str], hint: str) -> str:
        # the raw text for numbers too: "0101" stays "0101", 1 becomes "1"
        if isinstance(node, ScalarNode) and node.tag in (_STR, _INT):
            raw = str(node.value).strip()
            if pattern.match(raw):
                return raw
        self.fail(node, f"{what} 无效", f"{what} {_show(node)} is not a valid id: use {hint}")

    def count(self, node: Node, what: str, lo: int, hi: int | None) -> int:
        value: Any = self.scalar(node, what) if isinstance(node, ScalarNode) else None
        if node.tag != _INT or not (lo <= value and (hi is None or value <= hi)):
            limit = f"from {lo} to {hi}" if hi is not None else f">= {lo}"
            zh = f"{lo} 到 {hi} 的" if hi is not None else f"不小于 {lo} 的"
            self.fail(node, f"{what} 应为 {zh}整数",
                      f"{what} must be a whole number {limit}, not {_show(node)}")
        return int(value)

    def area_m2(self, node: Node) -> float:
        value: Any = self.scalar(node, "area_m2") if isinstance(node, ScalarNode) else None
        if node.tag not in (_INT, _FLOAT) or not (
                math.isfinite(value) and 0 < value <= _MAX_AREA_M2):
            self.fail(node, "建筑面积应为正数(平方米)",
                      f"area_m2 must be a number of square metres above 0 and at most "
                      f"{_MAX_AREA_M2:g}, not {_show(node)}")
        return float(value)

    def telegram_id(self, node: Node, what: str) -> int:
        value: Any = self.scalar(node, what) if isinstance(node, ScalarNode) else None
        if node.tag != _INT or value <= 0:
            self.fail(node, f"{what} 应为 Telegram 数字 id",
                      f"{what} must be a Telegram id (a whole number like 900001, "
                      f"without quotes), not {_show(node)}")
        return int(value)

    def url(self, node: Node) -> str:
        url = self.text(node, "site_url")
        if not re.match(r"https?://[^\s/]+", url):
            self.fail(node, "site_url 应以 http:// 或 https:// 开头",
                      f"site_url must be a web address starting with http:// or https://, "
                      f"not {_show(node)}")
        return url

    def bot_username(self, node: Node) -> str:
        name = self.text(node, "bot_username").removeprefix("@")
        # Telegram's rule for bot usernames: 5-32 letters, digits or "_", ending in "bot".
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{3,31}", name) or \
                not name.lower().endswith("bot"):
            self.fail(node, "bot_username 应为机器人的用户名（以 bot 结尾）",
                      f"bot_username must be the bot's Telegram username (5-32 letters, "
                      f"digits or _, ending in 'bot'), not {_show(node)}")
        return name

    def unique(self, seen: dict[str, int], key: str, node: Node, zh: str, en: str,
               scope: str) -> None:
        if key in seen:
            self.fail(node, f"{zh} {key!r} 重复(第 {seen[key]} 行已有)",
                      f"duplicate {en} {key!r} {scope} (first at line {seen[key]})")
        seen[key] = _line(node)


class _Map:
    """A checked mapping's value nodes by key, and its key nodes (for their lines)."""

    def __init__(self, values: dict[str, Node], keys: dict[str, Node]) -> None:
        self._values = values
        self.key_nodes = keys

    def __getitem__(self, key: str) -> Node:
        return self._values[key]

    def __contains__(self, key: str) -> bool:
        return key in self._values
