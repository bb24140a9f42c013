"""Fees: who pays each fee of an area (its schedule in the street file), whether
a fee entry names the right payer, which earlier fee of the same payer, fee
and period it may repeat, and how much of each fee and period was collected
from whom (the public fees page).

A fee is paid per household, per building unit, or by the area as a whole
(``db.places.Basis``), as the area's schedule says. An area without a schedule
takes every fee type from any of them: each entry's payer is what it names
(a household, a unit, or neither), and the fees page counts each kind apart.

A fee of a household (or a unit) for a period it has already paid may be a
mistake: two periods overlap when they are the same, or one is a year and the
other a month of it ("2025" and "2025-03"); periods typed by residents in other
words ("2025上半年") only match themselves. A fee of the whole area (outside
cars' parking) is paid many times a period, so it repeats nothing.

Everything here is a pure function of the street and the entries; the
repository (``db.review``, ``db.records``) applies it, the site builder shows
``collection``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from .entries import FEE_TYPES, Entry, Status, says_a_period
from .errors import DomainError
from .fee_amounts import PERIOD, amount_at
from .places import Basis, FeeSchedule, Street

__all__ = ["schedule", "fee_types", "basis_of", "check_payer", "payer", "overlap",
           "normalise_period", "months_said", "collection", "collection_key", "paid_payers",
           "waiting_payers", "payers_of", "ended_before", "usual_amount", "unusual_amount",
           "unusual_period", "BASIS_WORD", "says_a_period", "periods_owed", "paid_for"]

BASIS_WORD = {Basis.HOUSEHOLD: "户", Basis.UNIT: "个单元", Basis.AREA: "笔"}
# A year or a month as people type it: 2025, 2025-3, 2025年3月, 2025年, 2025年全年.
_TYPED_PERIOD = re.compile(r"^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?)?\s*年?\s*(?:全年|整年)?$")


_MONTH_ONLY = re.compile(r"^(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:份)?$")
_ZH_MONTH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
             "十": 10, "十一": 11, "十二": 12}


# A year or a month said relative to today, as residents say it: 今年, 今年的, 去年,
# 本月, 这个月, 上个月的 -> years back (for a year) or months back (for a month).
_RELATIVE = re.compile(
    r"^(今年|本年|去年|前年|本月|这个月|这月|上个月|上月)(?:份|度)?(?:全年|整年)?$")
_YEARS_BACK = {"今年": 0, "本年": 0, "去年": 1, "前年": 2}
# ... and in English, for a resident who reads the bot in English ('this year' was kept
# as typed: the public ledger read 卫生费（this year）, counted for no year)
_ENGLISH = {"this year": "今年", "last year": "去年", "this month": "本月",
            "last month": "上个月"}
_MONTHS_BACK = {"本月": 0, "这个月": 0, "这月": 0, "上个月": 1, "上月": 1}
# A month of a year said relative to today, as it is said in January: 去年12月,
# 去年十二月份的, 今年1月.
_YEAR_WORD = r"(今年|本年|去年|前年)"
_MONTH_OF_YEAR = re.compile(
    rf"^{_YEAR_WORD}\s*(\d{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*月(?:份)?$")


def normalise_period(text: str, today: date | None = None) -> str | None:
    """'2025', '2025-3', '2025年3月', '２０２５年全年' -> '2025', '2025-03', '2025-03',
    '2025'; with ``today``, also a month without its year ('12月', '十二月份'): the
    latest such month up to ``today``'s, and a year or month said relative to it
    ('今年的', '去年', '本月', '上个月'). None if the text is not a year or a month
    (e.g. '2025年上半年')."""
    # a trailing 的 changes nothing: 2026年的, 三月份的, 今年的
    typed = unicodedata.normalize("NFKC", text or "").strip().removesuffix("的").strip()
    typed = _ENGLISH.get(" ".join(typed.lower().removesuffix("'s").split()), typed)
    relative = _RELATIVE.match(typed) if today is not None else None
    if relative and today is not None:
        word = relative.group(1)
        if word in _YEARS_BACK:
            return str(today.year - _YEARS_BACK[word])
        back = today.year * 12 + today.month - 1 - _MONTHS_BACK[word]
        return f"{back // 12}-{back % 12 + 1:02d}"
    of_year = _MONTH_OF_YEAR.match(typed) if today is not None else None
    if of_year and today is not None:
        month = _month_number(of_year.group(2))
        return f"{today.year - _YEARS_BACK[of_year.group(1)]}-{month:02d}" if month else None
    alone = _MONTH_ONLY.match(typed) if today is not None else None
    if alone and today is not None:
        month = _month_number(alone.group(1))
        if not month:
            return None
        year = today.year if month <= today.month else today.year - 1
        return f"{year}-{month:02d}"
    match = _TYPED_PERIOD.match(typed)
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        return None
    if match.group(2) is None:
        return match.group(1)
    month = int(match.group(2))
    return f"{match.group(1)}-{month:02d}" if 1 <= month <= 12 else None


def _month_number(word: str) -> int:
    """'12' or '十二' -> 12; 0 when it is no month."""
    month = int(word) if word.isdigit() else _ZH_MONTH.get(word, 0)
    return month if 1 <= month <= 12 else 0


# Two or more months paid at once, as they are said: 11-12月, 11月到12月, 十一月和十二月,
# 10、11、12月, 2026年11-12月, 去年11-12月 (a leading year; else the latest such months
# up to today), and across the new year: 12-1月, 12月和1月 (December, then January).
_MONTHS_SAID = re.compile(rf"^(?:(?:(\d{{4}})\s*年|{_YEAR_WORD})\s*)?(.+?)的?$")
_RANGE_SEP = re.compile(r"\s*(?:-|~|～|—|－|到|至)\s*")
_LIST_SEP = re.compile(r"\s*(?:、|和|与|跟|及|,|，)\s*")
_ONE_MONTH = re.compile(r"^(\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:月份?)?$")


def months_said(text: str, today: date) -> list[str] | None:
    """The months of a fee paid for several months at once ('11-12月', '11月到12月',
    '十一月和十二月', '10、11、12月', '2026年11-12月', '去年11-12月'), oldest first as
    'YYYY-MM'; None when the text says no such months (one month, a year, anything
    else). The last month is the latest such month up to ``today`` unless a year is
    said. Months that run on into the next year ('12-1月', '11、12、1月') are read from
    their first: the latest such month up to ``today`` (or in the year said), then the
    months of the year after it."""
    typed = unicodedata.normalize("NFKC", text or "").strip()
    said = _MONTHS_SAID.match(typed)
    if not said:
        return None
    year_said, rest = said.group(1) or said.group(2), said.group(3)
    ranged = _RANGE_SEP.split(rest)
    pieces = ranged if len(ranged) == 2 else _LIST_SEP.split(rest)
    if len(pieces) < 2 or not pieces[-1].endswith(("月", "月份")):
        return None
    numbers = []
    for piece in pieces:
        one = _ONE_MONTH.match(piece)
        month = _month_number(one.group(1)) if one else 0
        if not month:
            return None
        numbers.append(month)
    if len(ranged) == 2:
        first, last = numbers
        if first == last:
            return None
        numbers = list(range(first, last + 1)) if first < last else \
            [*range(first, 13), *range(1, last + 1)]
    # each month once, in order, running on into the next year at most once
    turns = sum(b < a for a, b in zip(numbers, numbers[1:], strict=False))
    if len(set(numbers)) != len(numbers) or turns > 1 or \
            (turns and numbers[-1] >= numbers[0]):
        return None
    if year_said in _YEARS_BACK:
        year = today.year - _YEARS_BACK[year_said]
    elif year_said:
        year = int(year_said)
        if not 2000 <= year <= 2100:
            return None
    elif turns:
        year = today.year if numbers[0] <= today.month else today.year - 1
    else:
        year = today.year if numbers[-1] <= today.month else today.year - 1
    months = []
    for previous, month in zip([0, *numbers], numbers, strict=False):
        year += month < previous
        months.append(f"{year}-{month:02d}")
    return months


def schedule(street: Street, area: str, fee_type: str) -> FeeSchedule | None:
    """The schedule of ``fee_type`` in ``area`` (None: the area has no schedule, any
    payer goes); DomainError when the area's schedule does not list it, or the code
    is not a fee type at all."""
    if fee_type not in FEE_TYPES:
        raise DomainError(f"unknown fee type {fee_type!r}", code="bad_fee_type")
    fees = street.area(area).fees
    if not fees:
        return None
    for fee in fees:
        if fee.fee_type == fee_type:
            return fee
    raise DomainError(f"{fee_type} is not in the fee schedule of {area}",
                      code="fee_not_scheduled", fee=fee_type, area=area)


def usual_amount(fee: FeeSchedule | None, period: str) -> int | None:
    """What one payer usually pays of ``fee`` for ``period`` ('2025' or '2025-03'), as
    its schedule says: its amount for a period of its own kind (the amount of that
    period: one changed from a later period on does not apply), the sum of a year's
    months' amounts for a year of a monthly fee; None when the schedule gives no
    amount for such a period (none fixed, a yearly fee for one month, a period typed in
    other words)."""
    if fee is None or not PERIOD.match(period or ""):
        return None
    kind = "year" if len(period) == 4 else "month"
    if fee.period == kind:  # the amount of that period, changed or not (db.fee_amounts)
        return amount_at(fee, period)
    if fee.period != "month" or kind != "year":
        return None
    months = [amount_at(fee, f"{period}-{m:02d}") for m in range(1, 13)]
    return sum(m for m in months if m) if all(months) else None  # no None left


def unusual_amount(street: Street, area: str, fee_type: str, period: str,
                   amount_fen: int) -> int | None:
    """The usual amount of ``fee_type`` for ``period`` in ``area`` when ``amount_fen``
    differs from it (worth pointing out before it is recorded: ¥100 typed for a ¥10
    month), else None. A different amount is not wrong (a part payment, an agreed
    one): the one who typed it decides."""
    try:
        usual = usual_amount(schedule(street, area, fee_type), period)
    except (DomainError, KeyError):
        return None
    return usual if usual is not None and amount_fen != usual else None


def unusual_period(street: Street, area: str, fee_type: str, period: str) -> str | None:
    """How often ``fee_type`` is due in ``area`` ("year" or "month", as its schedule
    says) when ``period`` is not such a period, nor a year of a monthly fee: half a
    year ("2025年下半年") or a month ("2025-03") of a yearly fee. Worth pointing out
    before it is approved: the fees page counts such a period apart, not as part of the
    year, and it repeats no other. None otherwise, or when no schedule says."""
    try:
        fee = schedule(street, area, fee_type)
    except (DomainError, KeyError):
        return None
    if fee is None or fee.period not in ("year", "month"):
        return None
    match = PERIOD.match(period or "")
    kind = None if match is None else "year" if match.group(2) is None else "month"
    return None if kind in (fee.period, "year") else fee.period


def fee_types(street: Street, area: str) -> list[FeeSchedule]:
    """The fees recorded in ``area``, in the order of its schedule (each fee type
    with no schedule, when the area has none)."""
    fees = street.area(area).fees
    return list(fees) if fees else [FeeSchedule(code, per=None) for code in FEE_TYPES]


def basis_of(data: dict[str, Any]) -> Basis:
    """Who a fee entry names as its payer."""
    return (Basis.HOUSEHOLD if data.get("household") else
            Basis.UNIT if data.get("unit") or data.get("unit_label") else Basis.AREA)


def check_payer(street: Street, area: str, data: dict[str, Any]) -> None:
    """Check (and complete) the payer of a fee entry against the area's schedule: a
    household of the area, a unit of the area (``unit``; its name is filled in as
    ``unit_label``), or neither for a fee of the whole area."""
    fee = schedule(street, area, str(data.get("fee_type")))
    household, unit = data.get("household"), data.get("unit")
    if household and unit:
        raise DomainError("a fee is paid by a household or a unit, not both",
                          code="fee_payer", per="household")
    if fee is not None and fee.per is not None and basis_of(data) != fee.per:
        raise DomainError(f"this fee is paid per {fee.per}", code="fee_payer",
                          per=str(fee.per))
    if household:
        try:
            where, *_ = street.locate(str(household))
        except KeyError:
            raise DomainError(f"no household {household!r}", code="no_household") from None
        if where.id != area:
            raise DomainError("that household is in another area", code="other_area")
    elif unit:
        label = _units(street, area).get(str(unit))
        if label is None:
            raise DomainError(f"no unit {unit!r} in this area", code="no_unit")
        data["unit_label"] = label


def _units(street: Street, area: str) -> dict[str, str]:
    """unit id ("<compound>/<building>/<unit>") -> "盐业小区 1号楼 2单元", in ``area``."""
    return {key: label for key, label, _ in street.area_units(area)}


def payer(data: dict[str, Any]) -> str:
    """Who a fee entry says paid: "household:<id>", "unit:<id>" or "area"."""
    if data.get("household"):
        return f"household:{data['household']}"
    if data.get("unit"):
        return f"unit:{data['unit']}"
    return "area"


# the year a period in words begins with (2025年上半年, 2025上半年, 2025年第一季度)
_WORDS_YEAR = re.compile(r"(\d{4})(?!\d)")


def overlap(a: object, b: object) -> bool:
    """Whether two fee periods cover the same time ("2025" covers "2025-03", and a part
    of it in words: "2025年上半年"; before, a half year typed for a year paid already
    was taken without a word, to her or to the volunteer approving it)."""
    a, b = str(a or "").strip(), str(b or "").strip()
    if a == b:
        return True
    ma, mb = PERIOD.match(a), PERIOD.match(b)
    if not ma or not mb:
        year, words = (ma, b) if ma else (mb, a)
        said = _WORDS_YEAR.match(words)
        return year is not None and year.group(2) is None and said is not None \
            and said.group(1) == year.group(1)
    if ma.group(1) != mb.group(1):
        return False
    return ma.group(2) is None or mb.group(2) is None


# -- the fees page -------------------------------------------------------------------


def collection_key(e: Entry) -> tuple[str, str, Basis]:
    """Under which fee, period and payer basis the fees page counts a fee entry."""
    return (str(e.data.get("fee_type") or "other"), str(e.data.get("period") or ""),
            basis_of(e.data))


def paid_payers(entries: Iterable[Entry], area: str, fee_type: str, period: str,
                basis: Basis) -> set[str]:
    """Who paid ``fee_type`` for ``period`` in ``area`` as the fees page counts it
    (``payer`` of each approved entry of that fee, period and basis)."""
    key = (fee_type, period, basis)
    return {payer(e.data) for e in entries
            if e.kind == "fee_income" and e.status == Status.APPROVED and e.area == area
            and collection_key(e) == key}


def periods_owed(street: Street, area: str, fee_type: str, period: str, today: date,
                 since: str | None = None) -> list[str]:
    """The periods a payer must have paid for ``period`` to count as paid it: ``period``
    itself, unless its schedule has the fee paid by the month and ``period`` is a year:
    then the months of that year due by ``today`` (all twelve for a year not begun), none
    before ``since`` ("YYYY-MM": the first month a fee of this type was recorded for)."""
    fee = schedule(street, area, fee_type)
    if fee is None or fee.period != "month" or not (len(period) == 4 and period.isdigit()):
        return [period]
    months = [f"{period}-{m:02d}" for m in range(1, 13)]
    due = [m for m in months if m <= f"{today:%Y-%m}" and (since is None or m >= since)]
    return due or months


def paid_for(entries: Iterable[Entry], street: Street, area: str, fee_type: str,
             periods: list[str], basis: Basis) -> dict[str, set[str]]:
    """For each period of ``periods``, who paid it: a fee recorded for that period, or for
    its year when the schedule has the fee paid by the year or ``periods`` are months
    (a year paid at once covers its months)."""
    fee = schedule(street, area, fee_type)
    entries = list(entries)
    years: dict[str, set[str]] = {}
    found: dict[str, set[str]] = {}
    for p in periods:
        found[p] = paid_payers(entries, area, fee_type, p, basis)
        month = PERIOD.match(p)
        if month is not None and month.group(2) is not None and fee is not None \
                and fee.period in ("month", "year"):
            year = month.group(1)
            if year not in years:
                years[year] = paid_payers(entries, area, fee_type, year, basis)
            found[p] |= years[year]
    return found


def waiting_payers(entries: Iterable[Entry], area: str, fee_type: str, period: str,
                   basis: Basis) -> dict[str, int]:
    """Who has a fee of ``fee_type`` for ``period`` recorded and still waiting for a
    volunteer's approval, as ``paid_payers`` keys them: payer -> the entry's number (the
    first recorded), so that /unpaid does not send a volunteer to collect it again."""
    key = (fee_type, period, basis)
    found: dict[str, int] = {}
    for e in sorted(entries, key=lambda e: e.id):
        if e.kind == "fee_income" and e.status == Status.PENDING and e.area == area \
                and collection_key(e) == key:
            found.setdefault(payer(e.data), e.id)
    return found


def ended_before(period: str, month: str | None) -> bool:
    """Whether ``period`` ("2024" or "2024-03") ended before ``month`` ("YYYY-MM", when an
    area's accounts begin; None: they have not begun): nobody's fee of it is in the
    accounts, so its unpaid list would name every payer. False for a period not so
    written."""
    if len(period) == 4 and period.isdigit():
        last = f"{period}-12"
    elif len(period) == 7 and period[:4].isdigit() and period[4] == "-" and period[5:].isdigit():
        last = period
    else:
        return False
    return month is None or last < month


def payers_of(street: Street, area: str, fee_type: str) -> tuple[Basis, list[str]]:
    """Who pays ``fee_type`` in ``area``: its basis and the payers' ids (households or
    units, in place order). A fee without a schedule is taken as paid per household;
    DomainError for a fee of the whole area, which has no payers to list."""
    fee = schedule(street, area, fee_type)
    basis = fee.per if fee is not None and fee.per is not None else Basis.HOUSEHOLD
    if basis == Basis.AREA:
        raise DomainError(f"{fee_type} is paid by the area as a whole", code="fee_of_area",
                          fee=fee_type)
    if basis == Basis.HOUSEHOLD:
        return basis, [h.id for h in street.area_households(area)]
    return basis, list(_units(street, area))


def collection(street: Street, area: str, entries: Iterable[Entry]) -> list[dict[str, Any]]:
    """For each fee type and period of ``area``'s approved fees: who pays it (its
    basis), how many payers there are and how many paid, the rate, the income, and
    per building how many paid (households or units; the public sees no room).

    The income is the sum of the approved fee entries (a reversed one is no income,
    as its line and its reversal cancel out in the accounts); a payer who paid twice
    counts once."""
    buildings = {  # id -> (name, households, units)
        f"{comp.id}/{b.id}": (f"{comp.name} {b.name}", sum(len(u.households) for u in b.units),
                              len(b.units)) for comp, b in street.area_buildings(area)}
    Key = tuple[str, str, Basis]
    paid: dict[Key, set[str]] = defaultdict(set)
    income: dict[Key, int] = defaultdict(int)
    count: dict[Key, int] = defaultdict(int)
    for e in entries:
        if e.kind != "fee_income" or e.status != Status.APPROVED or e.area != area:
            continue
        key = collection_key(e)
        income[key] += int(e.data.get("amount_fen") or 0)
        count[key] += 1
        paid[key].add(payer(e.data))
    out = []
    for key in sorted(income):
        fee_type, period, basis = key
        rows: list[dict[str, Any]] = []
        if basis != Basis.AREA:
            kind = "household:" if basis == Basis.HOUSEHOLD else "unit:"
            for bid, (name, homes, units) in buildings.items():
                of = homes if basis == Basis.HOUSEHOLD else units
                n = sum(1 for p in paid[key] if p.startswith(f"{kind}{bid}/"))
                rows.append({"building": name, "payers": of, "paid": n, "households": of,
                             "rate_pct": _pct(n, of)})
        payers = sum(r["payers"] for r in rows)
        done = sum(r["paid"] for r in rows) if rows else count[key]
        out.append({"fee_type": fee_type, "period": period, "per": str(basis),
                    "payer_word": BASIS_WORD[basis], "amount_fen": income[key],
                    "entries": count[key], "rows": rows, "paid": done, "payers": payers,
                    "households": payers, "rate_pct": _pct(done, payers) if rows else "—"})
    return out


def _pct(n: int, of: int) -> str:
    return f"{100 * n / of:.1f}" if of else "—"
