"""What a vote shows the public, in Chinese: while it is open, participation
only; once it is closed, the whole tally.

* **Open** (``participation``): how many owners (and flats) and how much
  floor area took part, against the quorum where the matter has one. Never
  a count or an area per choice: while a vote runs, one household's 68.30 m²
  beside "agree" would tell its neighbours how it voted.
* **Closed** (``outcome``): every choice's owners, flats and area, each as
  an exact fraction with its percentage beside it ("39/58 户，67.24%"), and
  the explanation kept at the close. Percentages are made again from the
  exact numbers kept (``db.tally.pct``), so a result stored before shares were
  shown this way never reads as rounded across a threshold either.

Both read the plain dicts the store keeps (``Tally.as_dict``), the older
ones too (which counted flats and knew no owners).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

from .electorate import exact_area, thaw
from .labels import CHOICE
from .matters import Matter
from .tally import QUORUM, Tally, m2, m2_up, pct

__all__ = ["participation", "outcome", "voters"]


def _frac(value: object) -> Fraction:
    try:
        return Fraction(str(value)) if value not in (None, "") else Fraction(0)
    except (ValueError, ZeroDivisionError):
        return Fraction(0)


def _share(part: Fraction, whole: Fraction) -> Fraction:
    return part / whole if whole else Fraction(0)


def _part(n: int, of: int, unit: str) -> str:
    """"39/58 户（67.2%）"."""
    return f"{n}/{of} {unit}（{pct(_share(Fraction(n), Fraction(of)))}%）"


def _area(part: Fraction, whole: Fraction) -> str:
    return f"{m2(part)}/{m2(whole)} m²（{pct(_share(part, whole))}%）"


def _heads(r: Mapping[str, Any]) -> tuple[int, int, bool]:
    """(owners voted, owners in all, whether owners differ from flats) of a result
    dict; an older one counted flats."""
    if "owners_total" in r:
        return int(r["owners_voted"]), int(r["owners_total"]), bool(r.get("by_owner"))
    return int(r.get("households_voted") or 0), int(r.get("households_total") or 0), False


def participation(tally: Tally | Mapping[str, Any], matter: Matter) -> dict[str, Any]:
    """Who took part in an open vote, against the quorum (2/3 of the owners and of
    the floor area) when its matter is a joint decision of the owners."""
    r = tally.as_dict() if isinstance(tally, Tally) else tally
    voted, total, by_owner = _heads(r)
    unit = "人" if by_owner else "户"
    area_voted, area_total = _frac(r.get("area_voted")), _frac(r.get("area_total"))
    owners_share = _share(Fraction(voted), Fraction(total))
    area_share = _share(area_voted, area_total)
    out: dict[str, Any] = {
        "by_owner": by_owner, "unit": unit,
        "owners": _part(voted, total, unit),
        "households": _part(int(r.get("households_voted") or 0),
                            int(r.get("households_total") or 0), "户") if by_owner else "",
        "area": _area(area_voted, area_total),
        "quorum": matter.joint,
        "quorum_owners": owners_share >= QUORUM, "quorum_area": area_share >= QUORUM,
        "short": "",  # what two thirds still needs: nothing once reached
    }
    out["quorum_met"] = out["quorum_owners"] and out["quorum_area"]
    short = tally.quorum_short if isinstance(tally, Tally) and matter.joint else None
    if short is not None and not out["quorum_met"] and area_total:
        # what two thirds still needs, so that residents see how close it is
        # in the unit of the count beside it: "24/60 户" then "还差 16 户", not 16 位业主
        owners = f"{short[0]} 位业主" if by_owner else f"{short[0]} 户"
        out["short"] = "还差 " + "、".join(
            ([owners] if short[0] else []) +
            ([f"{m2_up(short[1])} m² 面积"] if short[1] else []))
    return out


def outcome(result: Mapping[str, Any]) -> dict[str, Any]:
    """The whole tally of a closed vote: participation, and per choice the owners
    (of those who voted), their flats and their area (of the area that voted)."""
    voted, total, by_owner = _heads(result)
    unit = "人" if by_owner else "户"
    area_voted = _frac(result.get("area_voted"))
    rows = []
    for choice, word in CHOICE.items():
        n = int(result.get(choice) or 0)
        rows.append({
            "choice": choice, "label": word.zh,
            "owners": _part(n, voted, unit),
            # of the flats that took part, as the owners and the area beside it: a bare
            # "38 户" left a reader to guess of how many
            "households": (_part(int(result.get("households_" + choice) or 0),
                                 int(result.get("households_voted") or 0), "户")
                           if by_owner else ""),
            "area": _area(_frac(result.get(f"area_{choice}")), area_voted),
        })
    return {
        "by_owner": by_owner, "unit": unit, "rows": rows,
        "owners": _part(voted, total, unit),
        "households": _part(int(result.get("households_voted") or 0),
                            int(result.get("households_total") or 0), "户") if by_owner else "",
        "area": _area(area_voted, _frac(result.get("area_total"))),
        "without_area": int(result.get("households_without_area") or 0),
        "passed": bool(result.get("passed")),
        "explanation": str(result.get("explanation_zh") or ""),
    }


def voters(frozen: Mapping[str, Any] | None,
           unit_of: Callable[[str], str]) -> dict[str, Any] | None:
    """Who could vote, as frozen when voting opened, for the public to check the totals
    a result is measured against: the flats, the owners (an owner of several flats
    counts once), the floor area, and each building unit's flats and area
    (``unit_of``: a household's unit, as the site names it). Never a room, an owner or
    who holds which flats. None for a vote stored before its electorate was kept."""
    if not frozen or not frozen.get("households"):
        return None
    everyone = thaw(frozen)
    sold = set(frozen.get("sold") or ())  # flats sold while it was open: their new owners'
    # owners of several flats now: as frozen, less those sold, with one buyer's (his own
    # flats among them, when the sold ones joined those)
    several = [n for n in everyone.flats.values() if n > 1]
    units: dict[str, list[Fraction | None]] = {}  # None: a flat's area not recorded
    homes = dict(frozen["households"])
    for hid in sorted(homes, key=_natural):  # 1号楼2单元 before 1号楼10单元
        raw = homes[hid]
        units.setdefault(unit_of(hid), []).append(exact_area(raw) if raw is not None
                                                  else None)
    return {
        "households": everyone.households, "owners": everyone.owners,
        "multi_owners": len(several), "multi_flats": sum(several),
        "sold": len(sold),
        "area": m2(Fraction(everyone.total_units, everyone.unit)),
        "without_area": everyone.without_area,
        # a unit's flats without a recorded area (counted as 0 m²), said apart: a unit of
        # none read "12 户，0.0 m²"
        "units": [{"label": label, "households": len(areas),
                   "area": m2(sum((a for a in areas if a is not None), Fraction(0))),
                   "without_area": sum(1 for a in areas if a is None)}
                  for label, areas in units.items()],
    }


def _natural(household: str) -> list[Any]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", household)]
