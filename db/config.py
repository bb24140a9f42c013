"""The street configuration: one YAML file describes a street, its places,
its management areas, and the people who start with a role.

Loading is pure: ``load_street`` / ``parse_street`` return a ``StreetConfig``
or raise ``ConfigError`` naming the file, the line, and the problem (the
checks, node by node, are ``db.config_reader``). Nothing is written
anywhere; ``db.repository`` stores the result in one transaction.
``street_to_dict`` / ``street_from_dict`` turn a ``Street`` into the plain,
JSON-safe dict the store keeps, and back.

The format (``examples/xinyi-street.yaml`` is a full example)::

    street: {id: xinyi, name: 新义街道, city: 孝义市}   # city is optional
    site_url: https://example.org/steward/   # optional: base URL of the public site
    bot_username: xinyi_steward_bot          # optional: the bot's username (for QR codes)
    admins: [900001]                         # optional: Telegram ids (whole numbers)
    settings:                                # optional
      amount_ceiling_fen: 100000000          # larger amounts are refused as typos (¥1,000,000)
      rate_limit_per_hour: 20                # submissions per resident per hour (volunteers: 5 ×)
      digest_hour: 8                         # the volunteers' daily summary at 8:00 (0-23)
      backup_days: 7                         # days a backup file is kept (told at /forget)
    communities:                             # 社区
      - id: yingbinnan
        name: 迎宾南社区
        compounds:                           # 小区
          - id: xinguotu
            name: 新国土小区
            built: 1995                      # optional: year built
            buildings:                       # 楼栋
              - id: "1"
                name: 1号楼                  # optional: default "<id>号楼"
                units:                       # 单元
                  - id: "1"
                    name: 1单元              # optional: default "<id>单元"
                    households:              # 户: an explicit list ...
                      - {room: "101", area_m2: 78.5, owner: w1}
                      - {room: "102"}        # floor area not recorded
                      - {room: "201", area_m2: 60.2, owner: w1}  # w1 owns 101 and 201
                  - id: "2"
                    floors: 6                # ... or floors x rooms_per_floor:
                    rooms_per_floor: 2       # rooms 101, 102, 201, ..., 602
                    area_m2: 65.0            # optional: the same for each room
                    owner: danwei            # optional: one owner of every room
    areas:                                   # 物业管理区域: one steward, one ledger
      - id: xinguotu
        name: 新国土小区
        mode: party_branch   # party_branch | committee | trusteeship
                             # | property_company | unmanaged
        steward: 新国土小区党支部
        compounds: [xinguotu]
        fees:                # optional: the area's fee schedule (none: every fee type,
                             # from a household, a unit or the area, as recorded)
          - type: sanitation # property | sanitation | parking | maintenance | other
            per: household   # who pays: household | unit | area
            amount_fen: 1000 # optional: the usual amount per payer and period
            period: month    # optional: year | month, how often it is due
    volunteers:                              # optional: roles granted at start
      - {telegram_id: 900101, name: 王建国, title: 党支部委员, areas: [xinguotu]}

Rules:

* Community, compound, area and street ids are lowercase ASCII letters,
  digits, ``-`` and ``_``: they become folder names in the data folder and
  parts of the public site's URLs. Building, unit and room ids may also use
  capitals. Ids written as numbers are kept as text exactly as written, so
  ``room: 0101`` is ``"0101"``, not YAML 1.1's octal 65.
* A household's id is ``<compound>/<building>/<unit>/<room>``, so compound
  ids are unique in the street, building ids within their compound, unit ids
  within their building, and rooms within their unit.
* Every compound belongs to exactly one area; every area and volunteer names
  only ids defined in the file.
* Unknown keys are errors (a typo such as ``compunds`` would otherwise drop a
  whole community silently), and so is a key given twice.
* ``owner`` (optional) is an opaque key, never published, for an owner (业主)
  of several flats: the households sharing a key count as one owner in a
  vote's headcount, their floor areas summed (Civil Code art. 278; the
  Supreme People's Court's interpretation on building ownership, art. 9). It
  may be given on a unit with ``floors`` (every room has that one owner, e.g.
  the work unit's unsold flats) or per room in a ``households`` list. Use a
  code, not a name: it is kept in the data folder. Households without a key
  are each their own owner.
* ``settings`` holds ``amount_ceiling_fen`` (the largest amount any money
  entry may have, in fen; default ¥1,000,000) ``rate_limit_per_hour`` (how
  many entries a resident may send in an hour; default 20), whole numbers >= 1,
  ``redact_numbers``, a list of further numbers (a listed landline, a
  gate's code) that every public text masks (``db.redact``), and
  ``digest_hour``, the hour (0 to 23, China time) at which each area's
  volunteers and supervisors get their daily summary (default 8), and
  ``backup_days``, how many days the server keeps each backup file (default 7: the
  deployment guide's crontab writes one a day, named by the weekday); /forget tells
  a person her deleted data lasts that long in the backups (``db.withheld``).
  Every key the file accepts is used; any other is refused, with its line.
* An area's ``fees`` lists each fee type once; with a schedule, only those fee
  types are recorded in the area, each for the payer it names: a household, a
  building unit, or the whole area.
"""

from __future__ import annotations

import os
from typing import Any

import yaml

from .config_reader import Reader, StreetConfig, VolunteerSeed
from .errors import ConfigError
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

__all__ = [
    "VolunteerSeed",
    "StreetConfig",
    "load_street",
    "parse_street",
    "street_to_dict",
    "street_from_dict",
]


def load_street(path: str | os.PathLike[str]) -> StreetConfig:
    """Read and check the street configuration file at ``path``."""
    name = os.fspath(path)
    try:
        # utf-8-sig: files saved by Windows Notepad start with a byte-order mark
        with open(name, encoding="utf-8-sig") as f:
            text = f.read()
    except UnicodeDecodeError as exc:
        raise ConfigError(name, None, "文件不是 UTF-8 编码 / the file is not UTF-8 text: "
                                      f"{exc.reason}") from exc
    except OSError as exc:
        raise ConfigError(name, None, f"无法读取文件 / cannot read the file: "
                                      f"{exc.strerror or exc}") from exc
    return parse_street(text, name)


def parse_street(text: str, path: str = "<string>") -> StreetConfig:
    """Check the street configuration in ``text``; ``path`` names it in errors."""
    path = os.fspath(path)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join(s for s in (exc.context, exc.problem) if s)
        start = exc.context_mark
        if start is not None and mark is not None and start.line != mark.line:
            # an unclosed bracket or quote is found lines later; say where it opened
            what = f"{what} (the construct began at line {start.line + 1})"
        hint = ""
        if "'@'" in (exc.problem or ""):  # admins: [@secretary], bot_username: @x_bot
            hint = ("。值不能以 @ 开头：Telegram 编号是数字（本人向机器人发 /whoami 就能看到），"
                    "bot_username 不写 @ / a value may not begin with @: a Telegram id is a "
                    "number (each person sends /whoami to the bot to see theirs), and "
                    "bot_username is written without @")
        near = {m.line for m in (exc.context_mark, exc.problem_mark) if m is not None}
        lines = text.splitlines()
        colon = sorted(i + 1 for i in near if i < len(lines) and "：" in lines[i])
        if colon:  # a Chinese keyboard's colon after a key
            hint += (f"。第 {colon[0]} 行用了中文冒号“：”：键名后面要用英文半角冒号加空格，如 "
                     f"name: 和平小区 / line {colon[0]} has a full-width colon '：': a key is "
                     f"followed by an ASCII colon and a space, as in name: 和平小区")
        elif "'\\t'" in (exc.problem or ""):  # indented with the Tab key
            hint += ("。缩进不能用 Tab 键，请用空格 / indent with spaces, not tabs")
        raise ConfigError(path, mark.line + 1 if mark else None,
                          f"YAML 语法错误 / YAML syntax error: {what}{hint}") from exc
    except yaml.reader.ReaderError as exc:
        # the reader refuses control characters; its position is an offset in the text
        line = text.count("\n", 0, exc.position) + 1
        raise ConfigError(path, line, f"YAML 语法错误 / YAML syntax error: {exc.reason}"
                                      f" (character {exc.character!r})") from exc
    if root is None:
        raise ConfigError(path, 1, "文件是空的 / the file is empty: it must describe a street "
                                   "(street:, communities:, areas:)")
    return Reader(path).config(root)


# -- to and from the store ---------------------------------------------------


def street_to_dict(street: Street) -> dict[str, Any]:
    """The street as plain JSON-safe data (lists, not tuples; the mode as text)."""
    return {
        "id": street.id,
        "name": street.name,
        "city": street.city,
        "site_url": street.site_url,
        "bot_username": street.bot_username,
        "admins": list(street.admins),
        "communities": [{"id": c.id, "name": c.name} for c in street.communities],
        "compounds": [
            {
                "id": comp.id,
                "name": comp.name,
                "community": comp.community,
                "built": comp.built,
                "buildings": [
                    {
                        "id": b.id,
                        "name": b.name,
                        "units": [
                            {
                                "id": u.id,
                                "name": u.name,
                                "households": [
                                    {"id": h.id, "room": h.room,
                                     "floor_area_m2": h.floor_area_m2,
                                     **({"owner": h.owner} if h.owner else {})}
                                    for h in u.households
                                ],
                            }
                            for u in b.units
                        ],
                    }
                    for b in comp.buildings
                ],
            }
            for comp in street.compounds
        ],
        "areas": [
            {"id": a.id, "name": a.name, "mode": a.mode.value, "steward": a.steward,
             "compounds": list(a.compounds),
             "fees": [{"type": f.fee_type, "per": str(f.per), "amount_fen": f.amount_fen,
                       "period": f.period,
                       **({"changes": [{"from": p, "amount_fen": fen} for p, fen in f.changes]}
                          if f.changes else {})} for f in a.fees]}
            for a in street.areas
        ],
    }


def street_from_dict(d: dict[str, Any]) -> Street:
    """The inverse of ``street_to_dict``; optional fields may be missing (older stores)."""

    def area_m2(v: Any) -> float | None:
        return None if v is None else float(v)

    return Street(
        id=str(d["id"]),
        name=str(d["name"]),
        city=str(d.get("city") or ""),
        site_url=str(d.get("site_url") or ""),
        bot_username=str(d.get("bot_username") or ""),
        admins=tuple(int(t) for t in d.get("admins") or ()),
        communities=tuple(Community(id=str(c["id"]), name=str(c["name"]))
                          for c in d.get("communities") or ()),
        compounds=tuple(
            Compound(
                id=str(comp["id"]),
                name=str(comp["name"]),
                community=str(comp["community"]),
                built=None if comp.get("built") is None else int(comp["built"]),
                buildings=tuple(
                    Building(
                        id=str(b["id"]),
                        name=str(b["name"]),
                        units=tuple(
                            Unit(
                                id=str(u["id"]),
                                name=str(u["name"]),
                                households=tuple(
                                    Household(id=str(h["id"]), room=str(h["room"]),
                                              floor_area_m2=area_m2(h.get("floor_area_m2")),
                                              owner=str(h["owner"]) if h.get("owner")
                                              else None)
                                    for h in u.get("households") or ()
                                ),
                            )
                            for u in b.get("units") or ()
                        ),
                    )
                    for b in comp.get("buildings") or ()
                ),
            )
            for comp in d.get("compounds") or ()
        ),
        areas=tuple(
            Area(id=str(a["id"]), name=str(a["name"]), mode=Mode(a["mode"]),
                 steward=str(a["steward"]), compounds=tuple(str(c) for c in a["compounds"]),
                 fees=tuple(FeeSchedule(fee_type=str(f["type"]), per=Basis(f["per"]),
                                        amount_fen=f.get("amount_fen"), period=f.get("period"),
                                        changes=tuple((str(c["from"]), int(c["amount_fen"]))
                                                      for c in f.get("changes") or ()))
                            for f in a.get("fees") or ()))
            for a in d.get("areas") or ()
        ),
    )
