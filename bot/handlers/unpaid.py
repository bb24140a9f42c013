"""/unpaid FEE PERIOD: the households (building, unit, room) of the volunteer's
area that have not paid a fee for a period, to go and remind them door to
door. Counted as the public fees page counts (``db.fees``): a household paid
when an approved fee of that type names it for exactly that period. Where the
schedule says the fee is paid per unit, it lists the units. For the area's
volunteers only: it names rooms, which the public never sees.

``/unpaid 卫生费 2025`` (the fee's name or code; the period as /income reads it: 2025,
2025-06, 12月, 本月, 今年; without it, the fee's period now as the schedule says it is
due, and ``/unpaid`` alone takes the area's only fee paid per household or unit); a
volunteer of several areas
puts the area first, by its name, a compound's name or its id: ``/unpaid 盐业小区 卫生费
2025``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from telegram import Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from db import fees, labels
from db.entries import Kind, Status
from db.errors import DomainError
from db.places import Basis

from ..commands import Audience, Command
from ..context import lang_of, read, reply, repo_of, t
from ..flows import clean_text
from ..i18n import listing
from ..private_only import doors_here
from ..sending import split_message
from ..staff import area_name, area_of_word, fail, require_staff, staff_areas, words
from .income import normalise_period
from .income_door import COMPOUND_ROW, compound_row, door_buttons, unit_buttons

__all__ = ["COMMANDS", "HANDLERS", "fee_code", "fee_now", "unpaid_lines"]


def fee_code(text: str) -> str | None:
    """A fee type from its code or its name in either language (卫生费, sanitation)."""
    text = text.strip().lower()
    for code, label in labels.FEE_TYPE.items():
        if text in (code, label.zh.lower(), label.en.lower()):
            return code
    return None


def unpaid_lines(repo: Any, basis: str, payers: list[str],
                 marks: dict[str, str] | None = None) -> list[str]:
    """The unpaid payers grouped by building unit: "盐业小区 1号楼 1单元：101、102";
    ``marks``: words after a payer (keyed as ``db.fees.payer`` keys them), as a fee
    recorded and waiting for approval is marked: 101（#536 待审核）."""
    marks = marks or {}
    if basis == "unit":
        return [_unit_label(repo, u) + marks.get(f"unit:{u}", "") for u in payers]
    by_unit: dict[str, list[str]] = defaultdict(list)
    for household in payers:
        _, comp, building, unit, home = repo.street.locate(household)
        by_unit[f"{comp.name} {building.name} {unit.name}"].append(
            home.room + marks.get(f"household:{household}", ""))
    return [f"{where}：{'、'.join(rooms)}" for where, rooms in by_unit.items()]


def _unit_label(repo: Any, unit_id: str) -> str:
    compound, building, unit = unit_id.split("/")
    comp = repo.street.compound(compound)
    for b in comp.buildings:
        for u in b.units:
            if b.id == building and u.id == unit:
                return f"{comp.name} {b.name} {u.name}"
    return unit_id


def _usual(repo: Any, area: str, args: list[str], today: date) -> list[str]:
    """[fee, period] for /unpaid said without them: the fee named, or the area's only
    fee paid per household or unit, for its period now (this month, or this year, as the
    schedule says it is due); ``args`` as they were when that is not known."""
    due = [f for f in fees.fee_types(repo.street, area)
           if f.per in (Basis.HOUSEHOLD, Basis.UNIT) and f.period in ("month", "year")]
    code = fee_code(args[0]) if args else (due[0].fee_type if len(due) == 1 else None)
    fee = next((f for f in due if f.fee_type == code), None)
    if fee is None:
        return args
    return [fee.fee_type, f"{today:%Y-%m}" if fee.period == "month" else f"{today:%Y}"]


def fee_now(repo: Any, area: str, today: date) -> list[str]:
    """[fee, period] that /unpaid alone lists for ``area`` (its only fee, due now), or []
    when the fee must be said (the 记账 button offers it only then)."""
    found = _usual(repo, area, [], today)
    return found if len(found) == 2 else []


async def unpaid(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Lists who has not paid the fee for the period, by building unit."""
    person = await require_staff(update, context)
    if person is None:
        return
    areas = await staff_areas(context, person)
    if not await doors_here(update, context, areas):  # the flats unpaid: not in any group
        return
    args = [clean_text(w) for w in words(update)]
    repo = repo_of(context)
    known = {a.id for a in repo.street.areas}
    named = await read(area_of_word, repo, args[0]) if args else ""
    if named in known:  # the area said first: its id, its name or a compound's name
        runs = [named]
        args.pop(0)
    elif len(areas) == 1:
        runs = [areas[0]]
    else:  # several areas, none named: each of hers that has the fee, one after the other
        runs = [a for a in areas if await read(_has_fee, repo, a, args)] or [""]
    for area in runs:
        await _listed(update, context, person, areas, area, list(args))


def _has_fee(repo: Any, area: str, args: list[str]) -> bool:
    """Whether ``area`` has the fee ``args`` name (or, named none, a single one due now)
    paid per household or unit, to be listed for a volunteer of several areas."""
    code = fee_code(args[0]) if args else None
    due = [f.fee_type for f in fees.fee_types(repo.street, area)
           if f.per in (Basis.HOUSEHOLD, Basis.UNIT, None)]  # None: no schedule, per household
    if len(args) > 1:  # the period said
        return code in due
    return len(_usual(repo, area, args, repo.clock().date())) == 2  # its period now known


async def _listed(update: Update, context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any],
                  areas: list[str], area: str, args: list[str]) -> None:
    """The unpaid list of ``area`` for ``args`` (FEE PERIOD, FEE or nothing), or why not
    ("": no area known, the usage)."""
    repo = repo_of(context)
    now_due = bool(area) and len(args) < 2
    if now_due:  # /unpaid or /unpaid 卫生费: the fee's current period
        today = repo.clock().date()
        args = await read(_usual, repo, area, args, today)
    code = fee_code(args[0]) if len(args) == 2 else None
    if area and len(args) == 2 and code is None:
        await reply(update, t(context, "I do not know the fee \"{fee}\". Write one of: {fees}.",
                              fee=args[0][:20], fees="、".join(
                                  labels.label(labels.FEE_TYPE, c, lang_of(context))
                                  for c in labels.FEE_TYPE)))
        return
    if not area or code is None:
        await reply(update, t(context, "Usage: /unpaid [area] FEE PERIOD, e.g. /unpaid 卫生费 "
                                       "{year} (a volunteer of several areas puts the area "
                                       "first: /unpaid {area} 卫生费 {year})",
                              area=await read(_said, repo, areas[0]) if areas else "东小区",
                              year=repo.clock().year))
        return
    if area not in areas:  # another area named: said so (not "check the number")
        await reply(update, t(context, "{area} is not one of your areas ({yours}); nothing "
                                       "was listed.", area=await area_name(context, area),
                              yours=listing(lang_of(context), [await area_name(context, a)
                                                               for a in areas])))
        return
    # 2025年 is the year 2025, not a period of its own; 12月, 本月 and 今年 are read from
    # today, as /income and /pay read them
    today = repo.clock().date()
    period = normalise_period(args[1], today)
    if period is None:
        await reply(update, t(context, "\"{period}\" is not a period: write the year ({year}) "
                                       "or the month ({year}-06) the fee is for.",
                              period=args[1][:20], year=today.year))
        return
    try:
        basis, owed = await read(repo.unpaid_months, person["id"], area, code, period)
    except DomainError as exc:
        if exc.code == "fee_of_area":
            await reply(update, t(context, "{fee} is paid by the area as a whole: there is no "
                                           "household to list.",
                                  fee=labels.label(labels.FEE_TYPE, code, lang_of(context))))
        else:
            await reply(update, fail(context, exc))
        return
    payers = list(owed)
    by_month = any(months != [period] for months in owed.values())  # a year of a monthly fee
    fee = labels.label(labels.FEE_TYPE, code, lang_of(context))
    name = await area_name(context, area)
    # the period now, said for the volunteer: on 1 January a yearly fee's list is the new
    # year's (everyone), and last year's late payers would drop out of sight unless named
    before = await _period_before(context, person, area, code, fee, period,
                                  await read(_said, repo, area) if len(areas) > 1 else "") \
        if now_due else ""
    if not payers:
        await reply(update, "\n".join(filter(None, [
            t(context, "Everyone in {area} has paid {fee} for {period}.", area=name, fee=fee,
              period=period), before])))
        return
    head = (t(context, "Households of {area} that have not paid {fee} for {period} ({n}):",
              area=name, fee=fee, period=period, n=len(payers)) if basis == "household" else
            t(context, "Building units of {area} that have not paid {fee} for {period} ({n}):",
              area=name, fee=fee, period=period, n=len(payers)))
    pending = await read(repo.entries, area=area, kind=Kind.FEE_INCOME, status=Status.PENDING)
    waiting: dict[str, int] = {}
    for due in sorted({period, *(m for months in owed.values() for m in months)}):
        for key, entry_id in fees.waiting_payers(pending, area, code, due, Basis(basis)).items():
            waiting.setdefault(key, entry_id)
    marks = {f"{basis}:{p}": t(context, " (owes {months})", months=_months(context, months))
             for p, months in owed.items()} if by_month else {}
    for key, entry_id in waiting.items():
        marks[key] = marks.get(key, "") + t(context, " (#{id} waiting for approval)",
                                            id=entry_id)
    lines = await read(unpaid_lines, repo, basis, payers, marks)
    if waiting:  # recorded at a door already: not to be collected twice
        lines.append(t(context, "Marked waiting: its payment is recorded and waits for "
                                "another volunteer's approval; do not collect it again."))
    if by_month:
        lines.append(t(context, "{fee} is paid by the month: listed are those who have not "
                                "paid every month of {period} due so far, with the months they "
                                "owe.", fee=fee, period=period))
    text = "\n".join([head, *lines, *filter(None, [before]),
                      t(context, "Only volunteers see this list; the site shows only how "
                                 "many paid in each building.") if basis == "household" else
                      t(context, "Only volunteers see this list; the site shows only how "
                                 "many units paid in each building.")])
    doors, compounds = await read(
        _doors, repo, basis, [p for p in payers if f"{basis}:{p}" not in waiting],
        {p: (owed[p][0] if by_month and owed[p] else period) for p in payers})
    markup = door_buttons(context, doors, basis, code, compounds)
    if markup is not None:  # a tap per door, then the amount (``income_door``)
        text += "\n" + (t(context, "Collected at a door? Press it to record the fee: only "
                                   "the amount is asked.") if basis == "household" else
                         t(context, "Collected from a unit? Press it to record the fee: only "
                                    "the amount is asked."))
    elif doors and basis == "household" and not by_month:  # too many doors: a tap per unit
        markup = unit_buttons(context, await read(_units, repo, [d[0] for d in doors]),
                              code, period)
        if markup is not None:
            text += "\n" + t(context, "Collected at a door? Press its building unit first, "
                                      "then the door: only the amount is asked.")
    if markup is None and doors:  # no button fits: the way to record one, said
        text += "\n" + t(context, "To record a fee collected: /income")
    parts = split_message(text)
    for i, part in enumerate(parts):
        await reply(update, part, reply_markup=markup if i == len(parts) - 1 else None)


def _doors(repo: Any, basis: str, payers: list[str], periods: dict[str, str]
           ) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """[(payer, a short label, the period to record)] of the doors unpaid, as /unpaid's
    buttons name them: 1号楼1单元 101 (or 1号楼1单元, a fee paid per unit); and each
    payer's compound's name, by which they are grouped when there are several."""
    out, compounds = [], {}
    for payer in payers:
        if basis == "unit":
            compound, building, unit = payer.split("/")
            comp = repo.street.compound(compound)
            b = next((x for x in comp.buildings if x.id == building), None)
            u = next((x for x in b.units if x.id == unit), None) if b else None
            label = f"{b.name}{u.name}" if b and u else payer
        else:
            _, comp, b, u, home = repo.street.locate(payer)
            label = f"{b.name}{u.name} {home.room}"
        out.append((payer, label, periods[payer]))
        compounds[payer] = str(comp.name)
    return out, compounds


def _units(repo: Any, households: list[str]) -> list[tuple[str, str, int]]:
    """[(the first household of a unit, the unit's label, how many of ``households`` are in
    it)] in the order of ``households``: 1号楼1单元 (东小区 1号楼1单元 in an area of two
    compounds)."""
    found: dict[str, list[Any]] = {}
    for household in households:
        _, comp, b, u, _home = repo.street.locate(household)
        key = household.rsplit("/", 1)[0]
        if key not in found:
            found[key] = [household, comp.name, f"{b.name}{u.name}", 0]
        found[key][3] += 1
    several = len({v[1] for v in found.values()}) > 1
    return [(h, f"{comp} {label}" if several else label, n)
            for h, comp, label, n in found.values()]


def _months(context: ContextTypes.DEFAULT_TYPE, months: list[str]) -> str:
    """The months of one year owed, short: 2、3月, 1—3月, 1—3、5月 (in English 2, 3; 1-3)."""
    numbers = [int(m[5:]) for m in months]
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    if lang_of(context) == "en":
        return "months " + ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 2 else ", ".join(map(str, r))
                                     for r in runs)
    return "、".join(f"{r[0]}—{r[-1]}" if len(r) > 2 else "、".join(map(str, r))
                    for r in runs) + "月"


def _said(repo: Any, area: str) -> str:
    """How a volunteer may name ``area`` first in /unpaid: its first compound's name (the
    area's own name may join two, 盐业小区·市药材小区, hard to type)."""
    return str(repo.street.compound(repo.street.area(area).compounds[0]).name)


def _previous(period: str) -> str | None:
    """The period before ``period`` ('2026' -> '2025', '2027-01' -> '2026-12')."""
    if len(period) == 4 and period.isdigit():
        return str(int(period) - 1)
    if len(period) == 7 and period[:4].isdigit() and period[5:].isdigit():
        back = int(period[:4]) * 12 + int(period[5:]) - 2
        return f"{back // 12}-{back % 12 + 1:02d}"
    return None


async def _period_before(context: ContextTypes.DEFAULT_TYPE, person: dict[str, Any], area: str,
                         code: str, fee: str, period: str, said: str) -> str:
    """How many have not paid the period before ``period`` yet, and how to list them ('' when
    all have); ``said``: the area's word put first in that command (several areas)."""
    before = _previous(period)
    if before is None:
        return ""
    if fees.ended_before(before, await read(repo_of(context).first_month, area)):
        return ""  # before the area's accounts began: nobody's fee of it was recorded here
    try:
        basis, payers = await read(repo_of(context).unpaid, person["id"], area, code, before)
    except DomainError:
        return ""
    if not payers:
        return ""
    command = " ".join(filter(None, [said, labels.label(labels.FEE_TYPE, code, "zh")]))
    if basis == "household":
        return t(context, "{n} household(s) have still not paid {fee} for {period}: send "
                          "/unpaid {command} {period} to list them.", n=len(payers), fee=fee,
                 command=command, period=before)
    return t(context, "{n} building unit(s) have still not paid {fee} for {period}: send "
                      "/unpaid {command} {period} to list them.", n=len(payers), fee=fee,
             command=command, period=before)


COMMANDS = [
    Command("unpaid", "Who has not paid a fee: /unpaid FEE PERIOD, e.g. /unpaid 卫生费 今年 "
                      "(without the period: the one due now)",
            unpaid, audience=Audience.VOLUNTEER, order=47),
]

HANDLERS = [CallbackQueryHandler(compound_row, pattern=f"^{COMPOUND_ROW}$")]
