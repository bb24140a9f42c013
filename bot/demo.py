"""``steward demo``: a year of the demo street, played through the real bot.

Residents and volunteers of the street in ``examples/xinyi-street.yaml`` talk
to the same ``Application`` as production (``bot.app.build_application``)
over the offline Bot API of ``bot.offline``: they press the same buttons and
type the same commands a person would. A fake clock moves through 2025, so
the ledger, the issues and the votes carry realistic dates, and the
repository dates every entry with it. It starts in December 2024, when the
grid workers of 城建小区 already collect fees and mend a manhole cover, so the
site shows an earlier year too.

Everything the script does is data at the top of this module (``PLAN``), so
``tests/test_demo.py`` can compute what the built site must show from the
same numbers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from db import labels
from db.repository import CHINA_TZ, Repository

from . import demo_civic, demo_field, demo_restart, demo_votes
from .demo_people import (
    ADMIN,
    EARLY,
    GROUP,
    NEW_GRID_WORKER,
    RESIDENTS,
    SECOND_RESIDENT,
    TEAM,
    WRONG_ROOM,
    YEAR,
)
from .demo_selfgov import chengjian_committee, chengjian_election
from .i18n import tr
from .notices import NOTICES_KEY
from .offline import Call, OfflineBot, jpeg_bytes
from .settings import Settings

__all__ = ["DemoClock", "Demo", "run_demo", "PLAN", "RESIDENTS", "TEAM", "expected_totals"]


# -- money (fen) ------------------------------------------------------------------------------

SANITATION_YEAR_FEN = 12_000  # 卫生费 10元/户/月, collected for the year door to door


@dataclass
class Income:
    when: tuple[int, int]  # (month, day)
    area: str
    unit: str  # "<compound>/<building>/<unit>"
    fee: str  # FEE_TYPES code
    period: str
    amount_fen: int
    household: str | None = None  # the room, or None for the whole unit
    receipt: bool = True
    year: int = YEAR


@dataclass
class Expense:
    when: tuple[int, int]
    area: str
    amount: str  # as the volunteer types it
    payee: str
    purpose: str
    category: str
    project: str | None = None  # a proposal title of the area
    reversed_by: str | None = None  # a reason: this line is reversed later in the year
    year: int = YEAR
    invoice_public: bool = True  # False: the receipt shows a person's data (volunteers only)

    @property
    def amount_fen(self) -> int:
        from db.money import parse_amount

        return parse_amount(self.amount)


def _sanitation_door_to_door() -> list[Income]:
    """盐业小区·市药材小区: most households pay the year's 卫生费 in the first quarter."""
    street_units = [  # unit, rooms
        ("yanye/1/1", [f"{f}0{r}" for f in range(1, 6) for r in (1, 2)]),
        ("yanye/1/2", [f"{f}0{r}" for f in range(1, 6) for r in (1, 2)]),
        ("yanye/1/3", [f"{f}0{r}" for f in range(1, 6) for r in (1, 2)]),
        ("shiyaocai/1/1", [f"{f}0{r}" for f in range(1, 6) for r in (1, 2)]),
        ("shiyaocai/1/2", [f"{f}0{r}" for f in range(1, 6) for r in (1, 2)]),
        ("shiyaocai/2/1", ["101", "102", "201", "202", "301", "302", "401", "402"]),
    ]
    # Households that pay later through /pay themselves, or not at all this year.
    self_reported = {"yanye/1/1/101", "shiyaocai/1/1/102"}
    unpaid = {"yanye/1/2/402", "yanye/1/3/102", "shiyaocai/1/2/502", "shiyaocai/2/1/202"}
    out = []
    n = 0
    for unit, rooms in street_units:
        for room in rooms:
            hid = f"{unit}/{room}"
            if hid in self_reported or hid in unpaid:
                continue
            month = 1 + n // 20  # twenty households a month, January to March
            out.append(Income((month, 5 + (n % 20)), "lvcheng-wuguan", unit, "sanitation",
                              str(YEAR), SANITATION_YEAR_FEN, household=room,
                              receipt=n % 4 == 0))
            n += 1
    return out


def _quarterly_by_unit(area: str, units: dict[str, int], fee_per_month_fen: int,
                       missing: Callable[[int, int], int]) -> list[Income]:
    """A grid worker or party-group leader collects each unit's fees every quarter."""
    out = []
    for q in range(4):
        for i, (unit, homes) in enumerate(units.items()):
            paid = homes - missing(q, i)
            month = 3 * q + 1
            out.append(Income((month, 10 + i), area, unit, "sanitation",
                              f"{YEAR}-{month:02d}", paid * fee_per_month_fen * 3,
                              receipt=i == 0))
    return out


def _incomes() -> list[Income]:
    out = _sanitation_door_to_door()
    out += _quarterly_by_unit("xinguotu", {"xinguotu/1/1": 12, "xinguotu/1/2": 12,
                                           "xinguotu/2/1": 12, "xinguotu/2/2": 12,
                                           "xinguotu/3/1": 12, "xinguotu/3/2": 12},
                              1000, lambda q, i: (q + i) % 3)
    out += _quarterly_by_unit("chengjian", {"chengjian/1/1": 12, "chengjian/1/2": 12,
                                            "chengjian/1/3": 12, "chengjian/2/1": 12,
                                            "chengjian/2/2": 12},
                              1000, lambda q, i: (q * i) % 3)
    # 怡馨苑's fee schedule says 卫生费 is paid per unit: the site counts the units paid.
    out += _quarterly_by_unit("yixinyuan", {"yixinyuan/1/1": 12, "yixinyuan/1/2": 12,
                                            "yixinyuan/2/1": 12, "yixinyuan/2/2": 12},
                              1500, lambda q, i: (i + 2 * q) % 2)
    # 楼宇门 (after the vote passes): each unit's share, 300元 a household.
    for i, (unit, homes) in enumerate([("yanye/1/1", 10), ("yanye/1/2", 10), ("yanye/1/3", 10),
                                       ("shiyaocai/1/1", 10), ("shiyaocai/1/2", 10),
                                       ("shiyaocai/2/1", 8)]):
        out.append(Income((6, 20 + i), "lvcheng-wuguan", unit, "maintenance", f"{YEAR}-06",
                          homes * 30_000))
    # December before the year: 城建小区's grid workers collect the last quarter of 2024.
    for i, (unit, paid) in enumerate((("chengjian/1/1", 11), ("chengjian/1/2", 10),
                                      ("chengjian/1/3", 12))):
        out.append(Income((12, 10 + i), "chengjian", unit, "sanitation", f"{YEAR - 1}-10",
                          paid * 1000 * 3, receipt=i == 0, year=YEAR - 1))
    # 外来车辆停车费 at 怡馨苑: the committee lets the gate to outside cars by the month.
    for month in range(3, 13):
        out.append(Income((month, 28), "yixinyuan", "yixinyuan/1/1", "parking",
                          f"{YEAR}-{month:02d}", 45_000, receipt=False))
    return out


def _expenses() -> list[Expense]:
    # The cleaner signs a receipt with her name and ID number: it stays with the volunteers.
    out = [Expense((m, 28), "lvcheng-wuguan", "250", "保洁员刘师傅", f"{m}月院内保洁", "cleaning",
                   invoice_public=False) for m in range(1, 13)]
    out += [
        Expense((2, 18), "lvcheng-wuguan", "1,800", "城北五金店", "更换院内路灯6盏（LED）",
                "lighting", reversed_by="金额记错了，实际1080元，见下一笔"),
        Expense((2, 19), "lvcheng-wuguan", "1080", "城北五金店", "更换院内路灯6盏（LED）",
                "lighting"),
        Expense((4, 12), "lvcheng-wuguan", "¥3,500", "孝义市环卫清运队", "化粪池清掏", "cleaning"),
        Expense((7, 8), "lvcheng-wuguan", "6000", "孝义市安居门业", "楼宇门定金（6个单元）",
                "project", project="安装楼宇门"),
        Expense((9, 16), "lvcheng-wuguan", "8600", "孝义市安居门业", "楼宇门尾款及安装",
                "project", project="安装楼宇门"),
    ]
    out += [Expense((3 * q + 3, 25), "xinguotu", "1000", "保洁员", f"第{q + 1}季度保洁",
                    "cleaning") for q in range(4)]
    out += [
        Expense((5, 6), "xinguotu", "420", "新义街道打印部", "公示栏与楼道宣传海报", "office"),
        Expense((10, 15), "xinguotu", "2600", "顺通管道维修部", "更换2号楼污水管", "repair"),
    ]
    out += [Expense((3 * q + 3, 26), "chengjian", "500", "府东社区保洁队", f"第{q + 1}季度垃圾清运",
                    "cleaning") for q in range(4)]
    out += [
        Expense((6, 3), "chengjian", "一千二百元", "顺通管道维修部", "疏通1号楼3单元下水管道",
                "repair"),
        Expense((8, 21), "chengjian", "1,650.50", "众诚划线", "划设停车位38个", "other"),
        # A payee typed with his mobile number: the public record shows it masked.
        Expense((5, 20), "chengjian", "180", "电工李师傅 13912345678", "更换1号楼楼道灯开关",
                "repair", invoice_public=False),
    ]
    out += [Expense((m, 27), "yixinyuan", "650", "怡馨苑门卫老杨", f"{m}月门卫值班", "security")
            for m in range(1, 13)]
    out += [Expense((4, 20), "yixinyuan", "880", "绿源苗圃", "补种冬青与月季", "greening")]
    out += [Expense((12, 18), "chengjian", "260", "顺通管道维修部", "更换1号楼门口下水井盖",
                    "repair", year=YEAR - 1)]
    return out


@dataclass
class Plan:
    incomes: list[Income] = field(default_factory=_incomes)
    expenses: list[Expense] = field(default_factory=_expenses)
    # Fees residents report themselves (/pay), confirmed by a volunteer.
    self_paid: list[tuple[int, str, str, str]] = field(default_factory=lambda: [
        (7000001, "sanitation", str(YEAR), "120"),
        (7000005, "sanitation", str(YEAR), "一百二十元"),
    ])
    # A volunteer books 王秀兰's 卫生费 again, door to door: the approval post shows the
    # line she paid, Approve is refused, and the other volunteer rejects it.
    double: Income = field(default_factory=lambda: Income(
        (4, 3), "lvcheng-wuguan", "yanye/1/1", "sanitation", str(YEAR), SANITATION_YEAR_FEN,
        household="101", receipt=False))
    # 盐业小区1单元 orders ten more door cards after its share of the doors was booked:
    # the same unit, fee and period, approved as a separate payment with its reason.
    separate: tuple[Income, str] = field(default_factory=lambda: (Income(
        (9, 25), "lvcheng-wuguan", "yanye/1/1", "maintenance", f"{YEAR}-06", 40_000),
        "1单元加配门禁卡10张，按张另行收费"))


PLAN = Plan()


def expected_totals(plan: Plan = PLAN) -> dict[str, dict[str, int]]:
    """Per area: income, expense (positive fen) and balance once the script has run.
    A reversed expense and its reversal cancel out."""
    out: dict[str, dict[str, int]] = {a: {"income": 0, "expense": 0} for a in TEAM}
    for inc in [*plan.incomes, plan.separate[0]]:  # the double fee is never booked
        out[inc.area]["income"] += inc.amount_fen
    for tid, _fee, _period, amount in plan.self_paid:
        from db.money import parse_amount

        area = next(a for t, _, h in RESIDENTS if t == tid for a in [_area_of(h)])
        out[area]["income"] += parse_amount(amount)
    for exp in plan.expenses:
        if exp.reversed_by is None:
            out[exp.area]["expense"] += exp.amount_fen
    for totals in out.values():
        totals["balance"] = totals["income"] - totals["expense"]
    return out


def _area_of(household: str) -> str:
    compound = household.split("/")[0]
    return {"yanye": "lvcheng-wuguan", "shiyaocai": "lvcheng-wuguan"}.get(compound, compound)


# -- the clock -------------------------------------------------------------------------------


class DemoClock:
    """A fake clock for the repository and the updates: a few seconds pass at each
    reading, and ``at()`` jumps forward to a day of the year (never back)."""

    def __init__(self, start: datetime | None = None, step: timedelta = timedelta(seconds=3)):
        self.now = start or datetime(YEAR - 1, 12, 1, 8, 0, tzinfo=CHINA_TZ)
        self.step = step

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now

    def at(self, month: int, day: int, hour: int = 9, year: int = YEAR) -> None:
        target = datetime(year, month, day, hour, 0, tzinfo=CHINA_TZ)
        if target > self.now:
            self.now = target


# -- the script ------------------------------------------------------------------------------

_ID = re.compile(r"#(\d+)")


class Demo:
    """Plays the script; ``log`` receives one readable line per thing done."""

    def __init__(self, repo: Repository, clock: DemoClock, *,
                 log: Callable[[str], None] = print, verbose: bool = False,
                 photo_dir: Path | None = None) -> None:
        self.repo = repo
        self.clock = clock
        self.log_line = log
        self.verbose = verbose
        self.photo_dir = photo_dir
        names = {tid: name for tid, name, _ in RESIDENTS}
        names[WRONG_ROOM[0]] = WRONG_ROOM[1]
        names[SECOND_RESIDENT[0]] = SECOND_RESIDENT[1]
        settings = Settings(token="0:demo", data_dir=repo.store.root, persistence=False,
                            site_url=repo.street.site_url or "http://127.0.0.1:8000/",
                            # a year in seconds of real time: the hourly limit (the street
                            # file's) would count the whole year's uploads as one hour
                            publish_delay=3600.0, rate_limit_per_hour=1000,
                            admin_ids=(ADMIN,))
        self.bot = OfflineBot(repo, settings=settings, clock=clock, names=names)
        # The site is built once at the end (steward demo); the bot's own debounced
        # rebuilds would only wait for an hour that never comes.
        self.bot.app.bot_data["build_site"] = lambda repo, project_dir: None
        self.stats: dict[str, int] = {"updates": 0, "calls": 0}
        self.ids: dict[str, int] = {}  # names of entries the script refers to
        self._photo_n = 0
        self.money: dict[str, int] = dict.fromkeys(
            ("income", "income_fen", "expense", "expense_fen", "pay", "receipts"), 0)

    # -- helpers -----------------------------------------------------------------------

    def log(self, text: str) -> None:
        self.log_line(f"{self.clock.now:%Y-%m-%d}  {text}")

    def zh(self, msgid: str, **kw: Any) -> str:
        return tr("zh", msgid, **kw)

    def _count(self, calls: list[Call]) -> list[Call]:
        self.stats["updates"] += 1
        self.stats["calls"] += len(calls)
        if self.verbose:
            for c in calls:
                if c.text:
                    buttons = " ".join(f"[{t}]" for t, _ in c.buttons())
                    self.log_line(f"      bot -> {c.chat_id}: {c.text}"
                                  + (f"  {buttons}" if buttons else ""))
        return calls

    async def send(self, uid: int, text: str) -> list[Call]:
        if self.verbose:
            self.log_line(f"    {uid}: {text}")
        return self._count(await self.bot.send(uid, text))

    async def press(self, uid: int, label: str, *, exact: bool = False) -> list[Call]:
        if self.verbose:
            self.log_line(f"    {uid} presses [{label}]")
        return self._count(await self.bot.press_label(uid, label, exact=exact))

    async def press_data(self, uid: int, data: str) -> list[Call]:
        """Press the button carrying ``data`` on the message that shows it."""
        for call in reversed(self.bot.request.calls):
            if call.chat_id == uid and any(d == data for _, d in call.buttons()):
                return self._count(await self.bot.press(uid, data,
                                                        message_id=call.message_id or 1))
        return self._count(await self.bot.press(uid, data))

    def photo(self, label: str, colour: tuple[int, int, int]) -> bytes:
        self._photo_n += 1
        data = jpeg_bytes((320, 240), gps=True, colour=colour,
                          label=f"{self._photo_n:02d} {label}")
        if self.photo_dir is not None:
            self.photo_dir.mkdir(parents=True, exist_ok=True)
            (self.photo_dir / f"photo-{self._photo_n:02d}.jpg").write_bytes(data)
        return data

    async def send_photo(self, uid: int, data: bytes, caption: str | None = None) -> list[Call]:
        if self.verbose:
            self.log_line(f"    {uid}: (photo){' ' + caption if caption else ''}")
        return self._count(await self.bot.send_photo(uid, data, caption=caption))

    @staticmethod
    def entry_id(calls: list[Call], chat_id: int) -> int:
        """The number of the entry just made: the newest "#N" in the bot's last answer."""
        for c in reversed(calls):
            if c.chat_id == chat_id:
                found = [int(n) for n in _ID.findall(c.text)]
                if found:
                    return max(found)
        raise RuntimeError(f"the bot gave no entry number to {chat_id}: "
                           f"{[c.text for c in calls]}")

    def place(self, household: str) -> tuple[str, str, str, str]:
        _, comp, b, u, h = self.repo.street.locate(household)
        return comp.name, b.name, u.name, h.room

    def name(self, tid: int) -> str:
        for t, n, _ in RESIDENTS:
            if t == tid:
                return n
        for t, n, _ in (WRONG_ROOM, SECOND_RESIDENT):
            if tid == t:
                return n
        person = self.repo.person_by_telegram(tid)
        return (person or {}).get("name") or str(tid)

    def role(self, tid: int) -> str:
        person = self.repo.person_by_telegram(tid) or {}
        titles = [r.get("title", "") for r in person.get("roles", []) if r.get("title")]
        return f"{self.name(tid)}（{titles[0]}）" if titles else self.name(tid)

    # -- flows -------------------------------------------------------------------------

    async def register(self, tid: int, household: str) -> int:
        comp, building, unit, room = self.place(household)
        calls = await self.send(tid, "/start")
        calls = await self.press(tid, comp, exact=True)
        if any(b == building for c in calls for b, _ in c.buttons()):
            calls = await self.press(tid, building, exact=True)
        if any(u == unit for c in calls for u, _ in c.buttons()):
            calls = await self.press(tid, unit, exact=True)
        calls = await self.press(tid, room, exact=True)
        calls = await self.press(tid, self.zh("I agree: this is my home, register me"))
        return self.entry_id(calls, tid)

    async def approve(self, vol: int, entry_id: int, *, by_button: bool = True) -> list[Call]:
        if by_button:
            return await self.press_data(vol, f"q:a:{entry_id}")
        return await self.send(vol, f"/approve {entry_id}")

    async def report(self, tid: int, category: str, text: str, photos: list[bytes],
                     building: str | None, unit: str | None = None, *,
                     me_too: bool = False) -> tuple[int, bool]:
        """/report through the menu button; returns (entry id, was it a "me too")."""

        await self.send(tid, self.zh("Report"))
        await self.press(tid, labels.ISSUE_CATEGORY[category].zh, exact=True)
        calls = await self.send(tid, text)
        offered = [d for c in calls for _, d in c.buttons() if d.startswith("rep:me:")]
        if offered and me_too:
            calls = await self.press_data(tid, offered[0])
            return int(offered[0].rsplit(":", 1)[1]), True
        if offered:
            await self.press(tid, self.zh("Mine is different, continue"))
        for data in photos:
            await self.send_photo(tid, data)
        if photos:
            await self.press(tid, self.zh("Done"), exact=True)
        else:
            await self.press(tid, self.zh("No photo, continue"))
        if building is None:
            await self.press(tid, self.zh("Not about one building"))
        else:
            calls = await self.press(tid, building)
            if unit and any(u == unit for c in calls for u, _ in c.buttons()):
                await self.press(tid, unit, exact=True)
            elif any(d.startswith("rep:pw:") for c in calls for _, d in c.buttons()):
                await self.press(tid, self.zh("The whole building"))
        calls = await self.press(tid, self.zh("Submit"), exact=True)
        return self.entry_id(calls, tid), False

    async def income(self, vol: int, inc: Income) -> int:
        """/income as a volunteer records it: the fee, then who paid as the area's fee
        schedule says (a household, a unit, or nobody for a fee of the whole area)."""
        from db.fees import schedule
        from db.money import format_fen, format_yuan
        from db.places import Basis

        fee = schedule(self.repo.street, inc.area, inc.fee)
        per = fee.per if fee is not None else None
        await self.send(vol, "/income")
        await self.press(vol, labels.FEE_TYPE[inc.fee].zh, exact=True)
        if per != Basis.AREA:
            _, comp, b, u, _h = self.repo.street.locate(
                f"{inc.unit}/{inc.household or self._first_room(inc)}")
            await self.press(vol, f"{comp.name} {b.name} {u.name}", exact=True)
            if inc.household:
                await self.press(vol, inc.household, exact=True)
            elif per is None:
                await self.press(vol, self.zh("The whole unit"), exact=True)
        await self.send(vol, inc.period)
        if fee is not None and fee.amount_fen == inc.amount_fen:
            await self.press(vol, self.zh("The usual {amount}",
                                          amount=format_fen(inc.amount_fen)), exact=True)
        else:
            await self.send(vol, format_yuan(inc.amount_fen))
        if inc.receipt:
            calls = await self.send_photo(vol, self.photo("receipt", (235, 235, 220)))
        else:
            calls = await self.press(vol, self.zh("No receipt"))
        return self.entry_id(calls, vol)

    def _first_room(self, inc: Income) -> str:
        comp, b, u = inc.unit.split("/")
        for h in self.repo.street.compound(comp).households():
            if h.id.startswith(inc.unit + "/"):
                return h.room
        raise KeyError(inc.unit)

    async def expense(self, vol: int, exp: Expense) -> int:

        await self.send(vol, "/expense")
        await self.send(vol, exp.amount)
        await self.send(vol, exp.payee)
        await self.send(vol, exp.purpose)
        calls = await self.press(vol, labels.EXPENSE_CATEGORY[exp.category].zh, exact=True)
        if any(d.startswith("exp:prj:") for c in calls for _, d in c.buttons()):
            if exp.project:
                await self.press_data(vol, f"exp:prj:{self.ids[exp.project]}")
            else:
                await self.press(vol, self.zh("No project"), exact=True)
        await self.send_photo(vol, self.photo("invoice", (250, 245, 230)))
        calls = await self.press_data(vol, f"exp:pub:{1 if exp.invoice_public else 0}")
        return self.entry_id(calls, vol)

    # -- the year ----------------------------------------------------------------------

    async def play(self) -> None:
        """Every scripted scene and every money item, in date order."""
        Y = YEAR
        events: list[tuple[tuple[int, int, int], int, Callable[[], Any]]] = [
            ((Y - 1, 12, 2), 0, self.prologue),
            ((Y - 1, 12, 20), 0, self.manhole_fixed),
            ((Y, 1, 2), 0, self.setup),
            ((Y, 1, 3), 0, self.registrations),
            ((Y, 2, 20), 0, self.restart),
            ((Y, 4, 8), 0, self.reports),
            ((Y, 4, 28), 1, self.opinions),
            ((Y, 5, 3), 0, self.lamp_fixed),
            ((Y, 5, 10), 0, functools.partial(demo_votes.doors_vote, self)),
            ((Y, 5, 28), 0, self.opinion_replies),
            ((Y, 6, 5), 0, self.septic_cleaned),
            ((Y, 6, 11), 0, functools.partial(demo_votes.doors_result, self)),
            ((Y, 8, 10), 0, functools.partial(demo_votes.parking_withdrawn, self)),
            ((Y, 9, 1), 0, functools.partial(demo_votes.shed_vote, self)),
            ((Y, 9, 20), 0, functools.partial(demo_votes.doors_done, self)),
            ((Y, 9, 25), 5, self.separate_payment),
            ((Y, 4, 3), 5, self.double_fee),
            ((Y, 4, 29), 0, self.fees_in_mine),
            ((Y, 9, 28), 6, self.reminders),
            ((Y, 10, 1), 0, functools.partial(demo_votes.shed_result, self)),
            ((Y, 10, 8), 0, functools.partial(chengjian_election, self, Y)),
            ((Y, 10, 27), 0, functools.partial(chengjian_committee, self, Y)),
            ((Y, 11, 1), 0, functools.partial(demo_votes.guard_hours, self)),
            ((Y, 11, 10), 0, self.rights),
            ((Y, 12, 30), 9, self.announcements),
            ((Y, 5, 20), 0, functools.partial(demo_civic.diagnosis_meeting, self)),
            ((Y, 6, 12), 0, functools.partial(demo_civic.council_meeting, self)),
            ((Y, 6, 15), 0, functools.partial(demo_civic.supervisor, self)),
            ((Y, 6, 20), 0, functools.partial(demo_civic.line_question, self)),
            ((Y, 6, 24), 0, functools.partial(demo_civic.line_answer, self)),
            ((Y, 12, 12), 0, functools.partial(demo_civic.supervisor_question, self)),
        ]
        for inc in PLAN.incomes:
            events.append(((inc.year, *inc.when), 2, functools.partial(self.collect, inc)))
        for exp in PLAN.expenses:
            events.append(((exp.year, *exp.when), 3, functools.partial(self.spend, exp)))
        for paid in PLAN.self_paid:
            events.append(((Y, 4, 2), 4, functools.partial(self.self_pay, *paid)))
        events.sort(key=lambda e: (e[0], e[1]))
        async with self.bot:
            for (year, month, day), _, scene in events:
                if (year, month) != self._month:
                    self.flush_money()
                    await self.publish_month()
                    self._month = (year, month)
                self.clock.at(month, day, 10, year=year)
                await scene()
            self.flush_money()
            await self.publish_month()

    _month = (YEAR - 1, 12)

    def flush_money(self) -> None:
        m = self.money
        if not any(m.values()):
            return
        from db.money import format_fen

        parts = []
        if m["income"]:
            parts.append(f"志愿者登记收费 {m['income']} 笔 {format_fen(m['income_fen'])}"
                         "（/income，另一位志愿者审核）")
        if m["receipts"]:
            parts.append(f"已登记住户收到入账通知 {m['receipts']} 条（收据：第几笔、多少钱）")
        if m["pay"]:
            parts.append(f"居民自报缴费 {m['pay']} 笔（/pay，志愿者确认）")
        if m["expense"]:
            parts.append(f"支出 {m['expense']} 笔 {format_fen(m['expense_fen'])}"
                         "（/expense 附收据照片）")
        self.log_line(f"{self._month[0]}-{self._month[1]:02d}      本月账目：" + "；".join(parts))
        self.money = dict.fromkeys(self.money, 0)

    async def collect(self, inc: Income) -> None:
        maker, checker = TEAM[inc.area]
        entry = await self.income(maker, inc)
        calls = await self.approve(checker, entry, by_button=entry % 2 == 0)
        self.money["income"] += 1
        self.money["income_fen"] += inc.amount_fen
        residents = {t for t, _, _ in RESIDENTS} | {SECOND_RESIDENT[0]}
        self.money["receipts"] += sum(1 for c in calls if c.chat_id in residents
                                      and "已入账" in c.text)

    async def spend(self, exp: Expense) -> None:
        maker, checker = TEAM[exp.area]
        if exp.project:
            maker, checker = checker, maker
        entry = await self.expense(maker, exp)
        await self.approve(checker, entry)
        self.money["expense"] += 1
        self.money["expense_fen"] += exp.amount_fen
        if exp.reversed_by:
            self.clock.now += timedelta(hours=20)
            seq = self.repo.entry(entry).data["ledger_seq"]
            await self.send(maker, f"/reverse {seq} {exp.reversed_by}")
            calls = await self.press_data(maker, f"rev:ok:{seq}")
            rev = self.entry_id(calls, maker)
            await self.approve(checker, rev)
            line = self.repo.ledger(exp.area)[-1]
            self.log(f"{self.role(maker)} 发现第 {seq} 笔支出金额记错：/reverse {seq}，机器人先列出"
                     f"这一笔的日期、金额和用途请他确认；{self.role(checker)} 审核后，公开账目第 "
                     f"{line['seq']} 笔写着“{line['purpose']}”（记录 {line['recorded_by']}，"
                     f"审核 {line['approved_by']}）；原记录保留，账本只增不改")

    async def setup(self) -> None:
        calls = await self.send(ADMIN, f"/grant {NEW_GRID_WORKER} volunteer chengjian 网格员")
        self.log(f"管理员（社区党委书记）/grant {NEW_GRID_WORKER}：" +
                 next((c.text for c in calls if c.chat_id == ADMIN), ""))
        vol = TEAM["lvcheng-wuguan"][0]
        self.stats["updates"] += 1
        self.stats["calls"] += len(await self.bot.send(vol, "/linkgroup lvcheng-wuguan",
                                                       chat_id=GROUP))
        self.log(f"{self.role(vol)} 在物管会的志愿者群里发送 /linkgroup lvcheng-wuguan："
                 "待审核的事项和每次发布的账本链头都会发到群里")

    async def publish_month(self) -> None:
        """At the month's end a volunteer publishes: the chain heads of the areas whose
        ledger grew are signed, and the linked group gets its area's head."""
        from db.heads import HeadLog

        year, month = self._month
        last_day = (datetime(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
        self.clock.at(month, last_day, 20, year=year)
        log = HeadLog(self.repo.store.root)
        before = len(log.read())
        posted = len(self.bot.texts_to(GROUP))
        await self.send(TEAM["lvcheng-wuguan"][0], "/publish")
        signed = [r for r in log.read()[before:] if r.get("type") == "head"]
        if not signed:
            return
        heads = "，".join(f"{self.repo.street.area(r['area']).name} 第 {r['seq']} 笔 "
                         f"{r['head'][:16]}" for r in signed)
        told = self.bot.texts_to(GROUP)[posted:]
        self.log(f"月底 /publish：网站重建，街道办签署 {len(signed)} 个账本链头（{heads}）"
                 + ("；志愿者群收到链头消息" if told else ""))

    async def prologue(self) -> None:
        """December before the year: in 城建小区 the grid workers are already at work."""
        tid, _name, household = next(r for r in RESIDENTS if r[0] in EARLY)
        reg = await self.register(tid, household)
        await self.approve(TEAM["chengjian"][0], reg)
        self.clock.at(12, 5, 19, year=YEAR - 1)
        self.ids["manhole"], _ = await self.report(
            tid, "safety", "1号楼门口的下水井盖松了，晚上有老人踩空差点摔倒",
            [self.photo("manhole", (70, 70, 70))], "城建小区 1号楼")
        await self.approve(TEAM["chengjian"][1], self.ids["manhole"])
        self.log(f"（前一年）{self.name(tid)} 登记住户，网格员确认；报事 #{self.ids['manhole']}"
                 "：下水井盖松动（附照片），网格员审核公示")

    async def manhole_fixed(self) -> None:
        await self.send_photo(TEAM["chengjian"][0], self.photo("new cover", (120, 120, 110)),
                              caption=f"/resolve {self.ids['manhole']} 已更换新井盖并加固")
        self.log(f"{self.role(TEAM['chengjian'][0])} /resolve #{self.ids['manhole']}"
                 "（附照片）：已更换井盖")

    async def registrations(self) -> None:
        regs: list[tuple[int, int, str]] = []
        for tid, _name, household in RESIDENTS:
            if tid in EARLY:
                continue
            reg = await self.register(tid, household)
            regs.append((tid, reg, household))
        wrong = await self.register(WRONG_ROOM[0], WRONG_ROOM[2])
        self.log(f"{len(regs) + 1} 位居民发送 /start，选择小区、楼栋、单元和房号，读过"
                 f"“网站会公开什么、绝不公开什么”的说明后点“同意”登记住户"
                 f"（#{regs[0][1]}…#{wrong}，等待志愿者确认）")
        self.clock.at(1, 4, 19)
        by_area: dict[str, int] = {}
        for n, (_tid, reg, household) in enumerate(regs):
            area = _area_of(household)
            vol = TEAM[area][n % 2]
            if n % 3 == 0:
                await self.send(vol, "/pending")
            await self.approve(vol, reg, by_button=n % 4 != 1)
            by_area[area] = by_area.get(area, 0) + 1
        vol = TEAM["lvcheng-wuguan"][0]
        await self.press_data(vol, f"q:r:{wrong}")
        await self.send(vol, "501室住户说没有这位家人，请核对房号后重新登记")
        self.log("志愿者在审核队列中确认住户登记：" + "，".join(
            f"{self.repo.street.area(a).name} {n} 户" for a, n in by_area.items())
                 + f"；驳回 #{wrong}（房号不符，理由已告知本人）")
        self.clock.at(1, 4, 20)
        son, home = SECOND_RESIDENT[0], SECOND_RESIDENT[2]
        mother = next(t for t, _, h in RESIDENTS if h == home)
        reg = await self.register(son, home)
        told = [c for c in self.bot.request.calls[-12:] if c.chat_id == mother]
        vol = TEAM["lvcheng-wuguan"][1]
        refused = await self.approve(vol, reg, by_button=False)
        calls = await self.press_data(vol, f"q:b:{reg}")
        self.log(f"{self.name(son)}（{self.name(mother)}的儿子）登记同一户（#{reg}）：审核消息标出"
                 f"“该户已有 1 位确认的住户”，{self.name(mother)} 收到 {len(told)} 条提醒；"
                 f"/approve 不行（{refused[-1].text[:20]}…），{self.role(vol)} 按“确认同住”，"
                 f"{self.name(mother)} 又收到 {sum(c.chat_id == mother for c in calls)} 条通知")

    async def self_pay(self, tid: int, fee: str, period: str, amount: str) -> None:
        await self.send(tid, self.zh("Fee paid"))
        await self.press(tid, labels.FEE_TYPE[fee].zh, exact=True)
        await self.send(tid, period)
        await self.send(tid, amount)
        await self.send_photo(tid, self.photo("fee receipt", (240, 240, 250)))
        calls = await self.press_data(tid, "pay:ok")
        entry = self.entry_id(calls, tid)
        household = next(h for t, _, h in RESIDENTS if t == tid)
        vol = TEAM[_area_of(household)][1]
        await self.approve(vol, entry, by_button=False)
        self.money["pay"] += 1
        self.money["income_fen"] += self.repo.entry(entry).data["amount_fen"]

    async def double_fee(self) -> None:
        """A fee booked twice: flagged with the earlier line, Approve refused, rejected."""
        inc = PLAN.double
        maker, checker = TEAM[inc.area]
        entry = await self.income(maker, inc)
        post = next(c for c in reversed(self.bot.request.calls)
                    if c.chat_id == checker and f"q:r:{entry}" in [d for _, d in c.buttons()])
        flag = next(line for line in post.text.splitlines() if line.startswith("⚠️"))
        refused = await self.approve(checker, entry, by_button=False)
        await self.press_data(checker, f"q:r:{entry}")
        await self.send(checker, "重复登记：王秀兰已自报缴费，见账目")
        self.log(f"{self.role(maker)} 上门又登记了 {self.name(7000001)} 家的卫生费 {inc.period}"
                 f"（#{entry}）：审核消息标出“{flag.removeprefix('⚠️ ')}”；"
                 f"{self.role(checker)} /approve 被拒绝（{refused[-1].text[:24]}…），改为驳回")

    async def separate_payment(self) -> None:
        """The same unit, fee and period again, approved as a separate payment."""
        inc, reason = PLAN.separate
        maker, checker = TEAM[inc.area]
        entry = await self.income(maker, inc)
        await self.press_data(checker, f"q:s:{entry}")
        await self.send(checker, reason)
        line = self.repo.ledger(inc.area)[-1]
        self.log(f"{self.role(maker)} 登记盐业小区1单元再交的维修资金 {inc.period}（#{entry}）："
                 f"与该单元已交的一笔重复，{self.role(checker)} 按“另行缴费”写明理由后批准；"
                 f"公开账目第 {line['seq']} 笔附“{line['note']}”")
        self.money["income"] += 1
        self.money["income_fen"] += inc.amount_fen

    async def fees_in_mine(self) -> None:
        """A resident whose fee a volunteer collected sees it in 我的."""
        tid = 7000002
        calls = await self.send(tid, self.zh("Mine"))
        paid = next(line for c in calls for line in c.text.splitlines() if "您家已缴" in line)
        self.log(f"{self.name(tid)} 在“我的”里看到志愿者上门收的钱：{paid}")

    async def reports(self) -> None:
        R = self.ids
        self.clock.at(4, 8, 20)
        lamp_photos = [self.photo("street lamp", (40, 40, 70)),
                       self.photo("dark path", (20, 20, 40))]
        R["lamp"], _ = await self.report(7000003, "lighting",
                                         "盐业小区2单元门口的路灯坏了，晚上黑得看不见台阶",
                                         lamp_photos, "盐业小区 1号楼", "2单元")
        self.log(f"{self.name(7000003)} 报事 #{R['lamp']}"
                 "（路灯照明，2 张照片，照片的 GPS 信息已去掉）")
        await self.approve(900202, R["lamp"])
        self.clock.at(4, 9, 8)
        me_too_id, was = await self.report(7000004, "lighting", "路灯坏了，晚上黑，老人不敢下楼",
                                           [], "盐业小区 1号楼", me_too=True)
        self.log(f"{self.name(7000004)} 也要报路灯，机器人找到相似的 #{me_too_id}，"
                 f"按“我也遇到”{'（附议），从此关注这件报事' if was else ''}")
        self.clock.at(4, 10, 9)
        R["rail"] = await demo_field.voice_report(
            self, 7000001, "safety", 23, 900202, "1号楼1单元楼梯扶手松动，老人上下楼不安全")
        self.clock.at(4, 12, 15)
        R["leak"] = await demo_field.proxy_report(
            self, 900302, "chengjian/1/1/201", "other", "顶楼漏水，下雨时卧室滴水，老人行动不便",
            900301)
        calls = await self.send(900201, f"/progress {R['lamp']} 已联系电工，周五来换灯")
        self.log(f"{self.role(900201)} /progress #{R['lamp']}：已联系电工 "
                 f"（报事人收到 {sum(1 for c in calls if c.chat_id == 7000003)} 条通知）")

        self.clock.at(4, 15, 16)
        R["septic"], _ = await self.report(7000022, "septic",
                                           "3单元化粪池满了往外冒，味道很大，502王大爷家门口最严重",
                                           [self.photo("septic tank", (90, 70, 40))],
                                           "城建小区 1号楼", "3单元")
        await self.approve(900301, R["septic"], by_button=False)
        R["cars"], _ = await self.report(7000032, "parking",
                                         "外来车辆天天停在消防通道上，救护车进不来",
                                         [self.photo("cars", (120, 120, 130))], None)
        await self.approve(900401, R["cars"])
        R["wires"], _ = await self.report(7000021, "safety", "1号楼后面电线裸露，孩子经常在那玩",
                                          [self.photo("wires", (60, 60, 60))], "城建小区 1号楼")
        await self.approve(900302, R["wires"])
        # Three reports from 新国土小区 within two seconds: each volunteer of the area
        # gets one message listing them, each with its buttons (bot.notices).
        self.bot.drain_notices = False
        R["poster"], _ = await self.report(7000013, "flyposting", "楼道里贴满了开锁、办证的小广告",
                                           [self.photo("posters", (200, 200, 120))],
                                           "新国土小区 3号楼", "2单元")
        R["trash"], _ = await self.report(7000011, "sanitation",
                                          "垃圾桶三天没人清运了，环卫站电话 0358-7654321 "
                                          "也打不通", [], "新国土小区 1号楼")
        R["noise"], _ = await self.report(7000012, "dispute",
                                          "楼上邻居装修每天早上七点开始打钻", [],
                                          "新国土小区 2号楼", "2单元")
        await self.bot.app.bot_data[NOTICES_KEY].drain()
        self.bot.drain_notices = True
        listed = [c for c in self.bot.request.calls if c.chat_id == 900101
                  and f"q:a:{R['noise']}" in [d for _, d in c.buttons()]]
        self.log(f"新国土小区几乎同时来了三件报事：志愿者各收到一条消息，列出 #{R['poster']} "
                 f"#{R['trash']} #{R['noise']}，每件有自己的通过/驳回按钮"
                 f"（{len(listed)} 条，照片在它前面）；在这条消息上审核")
        await self.approve(900101, R["poster"])
        await self.approve(900102, R["trash"])
        await self.press_data(900101, f"q:r:{R['noise']}")
        await self.send(900101, "邻里纠纷由党小组组长上门调解，不在网上公示")
        R["pipes"], _ = await self.report(7000031, "pipes", "1单元楼道暖气管漏水",
                                          [self.photo("pipe", (150, 90, 90))],
                                          "怡馨苑小区 1号楼", "1单元")
        self.log(f"居民报事 #{R['septic']} 化粪池、#{R['poster']} 小广告、#{R['cars']} 外来车辆、"
                 f"#{R['wires']} 电线裸露、#{R['trash']} 垃圾清运、#{R['noise']} 邻里纠纷、"
                 f"#{R['pipes']} 暖气管漏水；志愿者审核公示，#{R['noise']} 驳回（上门调解），"
                 f"#{R['pipes']} 留在待审核队列")

        self.clock.at(4, 18, 17)
        await self.send_photo(900201, self.photo("new LED lamp", (250, 230, 120)),
                              caption=f"/resolve {R['lamp']} 已换成LED路灯，请大家看看")
        await self.send(900301, f"/progress {R['septic']} 已约环卫清运队6月初清掏")
        await self.send_photo(900101, self.photo("clean wall", (230, 230, 230)),
                              caption=f"/resolve {R['poster']} 党员志愿者已清理干净")
        await self.send(900102, f"/close {R['trash']} duplicate 已并入清运安排，见公告")
        await self.send(900401, f"/progress {R['cars']} 已在消防通道画黄线，联系交警")
        self.log(f"志愿者处理：#{R['lamp']} 已解决（附照片），#{R['poster']} 已解决，"
                 f"#{R['septic']} #{R['cars']} 处理中，#{R['trash']} 作为重复关闭")

        self.clock.at(4, 22, 20)
        await self.send(7000003, self.zh("Mine"))
        await self.press_data(7000003, f"mine:reopen:{R['lamp']}")
        reopened = labels.status_label("issue", "reopened")
        self.log(f"{self.name(7000003)} 在“我的”里按“没有解决”：#{R['lamp']} {reopened}"
                 "（还有一盏不亮）")
        self.clock.at(4, 25, 10)
        await self.send(900202, f"/progress {R['lamp']} 第二盏灯的镇流器坏了，已订货")

    async def lamp_fixed(self) -> None:
        R = self.ids
        calls = await self.send_photo(900202, self.photo("both lamps on", (250, 240, 150)),
                                      caption=f"/resolve {R['lamp']} 两盏灯都已修好")
        self.log(f"{self.role(900202)} /resolve #{R['lamp']}（附照片）：第二盏灯也修好了；"
                 f"报事人和按过“我也遇到”的{self.name(7000004)}都收到通知"
                 f"（{demo_field.told(calls, 7000004)} 条，带“不再关注”按钮）")

    async def septic_cleaned(self) -> None:
        R = self.ids
        await self.send_photo(900301, self.photo("septic cleaned", (110, 100, 80)),
                              caption=f"/resolve {R['septic']} 环卫清运队已清掏完毕")
        self.log(f"{self.role(900301)} /resolve #{R['septic']}：化粪池清掏完毕")

    async def opinions(self) -> None:
        self.clock.at(4, 28, 19)
        ops = []
        for tid, text in ((7000002, "建议在院里装两个晾衣架，老人晒被子方便"),
                          (7000023, "希望网格员每月公布一次收费情况"),
                          (7000033, "门卫晚上十点后请锁好大门")):
            await self.send(tid, self.zh("Opinion"))
            await self.send(tid, text)
            calls = await self.press_data(tid, "op:ok")  # its message says what is published
            ops.append((tid, self.entry_id(calls, tid)))
        for tid, entry in ops:
            household = next(h for t, _, h in RESIDENTS if t == tid)
            await self.approve(TEAM[_area_of(household)][0], entry)
        self.log(f"居民提意见 {', '.join('#' + str(e) for _, e in ops)}（/opinion），审核后公示")
        for name, (_tid, entry) in zip(("opinion drying", "opinion fees", "opinion gate"), ops,
                                       strict=True):
            self.ids[name] = entry

    async def restart(self) -> None:
        """The bot restarts while a resident writes an opinion; she goes on after it."""
        self.clock.at(2, 20, 20)
        entry = await demo_restart.restart_midway(self, 7000012, "楼道灯晚上能不能亮到十一点")
        await self.approve(TEAM["xinguotu"][0], entry, by_button=False)

    async def opinion_replies(self) -> None:
        drying, fees = self.ids["opinion drying"], self.ids["opinion fees"]
        await self.send(TEAM["lvcheng-wuguan"][0],
                        f"/reply {drying} 已在院内东侧空地装好两个晾衣架，欢迎使用")
        await self.send(TEAM["chengjian"][1],
                        f"/reply {fees} 好的，每季度收费后网格员会在网站和公告栏公布收费情况")
        self.log(f"志愿者 /reply 回复意见 #{drying}、#{fees}，回复在网站上公示，居民收到通知")

    async def reminders(self) -> None:
        """The JobQueue's look at 8:00: each area's daily summary to its volunteers, and
        one reminder to each household that has not voted on the shed (closes 9-30);
        then a volunteer asks who has not paid the year's sanitation fee."""
        before = len(self.bot.request.calls)
        await self.bot.run_jobs()
        self.stats["updates"] += 1
        calls = self.bot.request.calls[before:]
        summaries = [c for c in calls if "每日提醒" in c.text]
        asked = {c.chat_id for c in calls if "还没有投票" in c.text}
        vol = TEAM["xinguotu"][0]
        mine = [c.text for c in summaries if c.chat_id == vol]
        if mine:
            self.log(f"每日提醒（街道文件 digest_hour: 8）发给志愿者 {len(summaries)} 条，"
                     f"{self.role(vol)} 收到：“{' / '.join(mine[0].splitlines()[:4])}…”")
        if asked:
            self.log(f"表决截止前两天：还没投票的住户有 {len(asked)} 人各收到一次提醒，"
                     "带投票按钮和“🔕 不再提醒”")
        else:
            self.log("充电棚表决 9月30日截止：已登记的住户都投过票，没有人需要截止前的提醒")
        vol = TEAM["lvcheng-wuguan"][0]
        calls = await self.send(vol, f"/unpaid 卫生费 {YEAR}")
        lines = calls[-1].text.splitlines()
        self.log(f"{self.role(vol)} /unpaid 卫生费 {YEAR}：“{' '.join(lines[:2])}…”"
                 "（只发给本区志愿者，和网站收费页的统计一致）")

    async def rights(self) -> None:
        """A resident corrects what they published, one asks for their data, one leaves."""
        R = self.ids
        tid = 7000022
        await self.send(tid, f"/correct {R['septic']}")
        await self.send(tid, "3单元化粪池满了往外冒，味道很大")
        await self.send(tid, "原文提到了邻居，不宜公开")
        calls = await self.press_data(tid, "cor:ok")
        fix = self.entry_id(calls, tid)
        await self.approve(900302, fix)
        self.log(f"{self.name(tid)} /correct #{R['septic']}：原文提到了邻居，提交更正 #{fix}，"
                 f"{self.role(900302)} 审核后网站显示更正后的文字并注明“已更正”，原文不再公开")
        calls = await self.send(7000021, "/mydata")
        sent = [c for c in calls if c.method == "sendDocument"]
        self.log(f"{self.name(7000021)} /mydata：收到一个 JSON 文件，里面是保存的关于她的全部信息"
                 f"（{len(sent)} 个文件，只发给本人）")
        self.clock.at(11, 20, 10)
        await self.send(7000008, "/forget")
        await self.press_data(7000008, "fg:ok")
        self.log(f"{self.name(7000008)} 搬走了，/forget：姓名、账号和住户绑定已删除，"
                 "他的投票仍按户计入，公开记录只写“居民”")

    async def announcements(self) -> None:
        for n, (vol, area, text) in enumerate(ANNOUNCEMENTS):
            preview = await self.send(vol, f"/announce {area} {text}")
            sent = await self.press(vol, "📢")  # the preview's 📢 发送给 N 位居民
            if n == 0:  # the first one as the volunteer sees it: a preview, then the count
                count = next(line for line in preview[-1].text.splitlines()
                             if line.startswith("将发送给"))
                self.log(f"/announce 先给志愿者看预览：“{count}”；"
                         f"点“发送”后：“{sent[-1].text}”")
            self.clock.now += timedelta(hours=2)
        self.log(f"{len(ANNOUNCEMENTS)} 条年终公告（/announce），预览确认后机器人逐一发给各区居民")


ANNOUNCEMENTS = [
    (900201, "lvcheng-wuguan", "楼宇门已全部装好，请各户到物管会（盐业小区1号楼1单元101）"
                               "领取门禁卡，每户两张。2026年卫生费仍为每户每月10元。"),
    (900301, "chengjian", "元旦前清理楼道杂物，请勿在1号楼前停车。"),
    (900101, "xinguotu", "充电棚改建提议未获通过，党支部将在下次会诊时听取大家意见后再议。"),
    (900401, "yixinyuan", "冬季供暖期间请关好楼道窗户，暖气管检修已完成。"),
]


async def run_demo(repo: Repository, clock: DemoClock, *, log: Callable[[str], None] = print,
                   verbose: bool = False) -> Demo:
    """Play the whole script against ``repo``; returns the Demo (its stats and ids)."""
    demo = Demo(repo, clock, log=log, verbose=verbose)
    await demo.play()
    return demo
