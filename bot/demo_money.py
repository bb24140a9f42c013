"""The demo year's money (``bot.demo`` plays it; ``tests/test_demo.py`` computes
from the same numbers what the built site must show): the fees collected in each
area, door to door or unit by unit, the expenses with their receipts, the fees
residents report themselves, a fee reported twice and a separate second payment,
and each area's totals once the year has run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .demo_people import RESIDENTS, TEAM, YEAR, area_of

__all__ = ["Income", "Expense", "Plan", "PLAN", "expected_totals", "SANITATION_YEAR_FEN",
           "OPENING", "OPENING_AREA"]

SANITATION_YEAR_FEN = 12_000  # 卫生费 10元/户/月, collected for the year door to door
# 城建小区's opening balance: what the community's paper book held when its grid workers
# began these accounts (fen, the day it was closed, its note), booked at the year's end
# (``bot.demo_civic.paper_book``)
OPENING = (86_000, "2024-09-30", "社区托管时的手写账本，经居民代表核对")
OPENING_AREA = "chengjian"


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
    typed: bool = False  # typed at the door (盐业小区1号楼1单元101交了卫生费), then a button


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
    # a payee typed first with a resident's name or a phone number (refused, asked again)
    named_first: str | None = None
    # a payee typed first that reads as a person (门卫老杨): the summary asks, 改写, rewritten
    person_first: str | None = None
    issue: str | None = None  # the report it paid for (its key in ``Demo.ids``)
    replaces: bool = False  # the right one, recorded in place of the area's line reversed

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
                              receipt=n % 4 == 0, typed=n % 10 == 3))
            n += 1
    return out


def _quarterly_by_unit(area: str, units: dict[str, int], fee_per_month_fen: int,
                       missing: Callable[[int, int], int]) -> list[Income]:
    """A grid worker or party-group leader collects each unit's fees every quarter and
    records the quarter's three months one by one, as the bot asks (a month of its own
    each, so the fees page and /unpaid count every month)."""
    out = []
    for q in range(4):
        for i, (unit, homes) in enumerate(units.items()):
            paid = homes - missing(q, i)
            for month in range(3 * q + 1, 3 * q + 4):
                out.append(Income((3 * q + 1, 10 + i), area, unit, "sanitation",
                                  f"{YEAR}-{month:02d}", paid * fee_per_month_fen,
                                  receipt=i == 0 and month == 3 * q + 1))
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
        out += [Income((12, 10 + i), "chengjian", unit, "sanitation", f"{YEAR - 1}-{month}",
                       paid * 1000, receipt=i == 0 and month == 10, year=YEAR - 1)
                for month in (10, 11, 12)]
    # 外来车辆停车费 at 怡馨苑: the committee lets the gate to outside cars by the month.
    for month in range(3, 13):
        out.append(Income((month, 28), "yixinyuan", "yixinyuan/1/1", "parking",
                          f"{YEAR}-{month:02d}", 45_000, receipt=False))
    return out


def _expenses() -> list[Expense]:
    # The cleaner signs a receipt with her name and ID number: it stays with the volunteers.
    out = [Expense((m, 28), "lvcheng-wuguan", "250", "保洁员", f"{m}月院内保洁", "cleaning",
                   invoice_public=False) for m in range(1, 13)]
    out += [
        Expense((2, 18), "lvcheng-wuguan", "1,800", "城北五金店", "更换院内路灯6盏（LED）",
                "lighting", reversed_by="金额记错了，实际1080元"),
        Expense((2, 19), "lvcheng-wuguan", "1080", "城北五金店", "更换院内路灯6盏（LED）",
                "lighting", replaces=True),
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
        # Typed first as the resident who called the plumber: the ledger may not name her.
        Expense((6, 3), "chengjian", "一千二百元", "顺通管道维修部", "疏通1号楼3单元下水管道",
                "repair", named_first="罗小燕", issue="septic"),
        Expense((8, 21), "chengjian", "1,650.50", "众诚划线", "划设停车位38个", "other"),
        # A payee typed first with his mobile number: refused (a ledger line is public for
        # good, db.private_words), asked again, written as the compound calls him.
        Expense((5, 20), "chengjian", "180", "电工李师傅", "更换1号楼楼道灯开关",
                "repair", invoice_public=False, named_first="电工李师傅 13912345678"),
    ]
    # The gatekeeper typed first as the compound calls him: the summary asks, and from
    # then on the line says his job, not who he is (db.payee_person).
    out += [Expense((m, 27), "yixinyuan", "650", "怡馨苑门卫（个人）", f"{m}月门卫值班", "security",
                    person_first="怡馨苑门卫老杨" if m == 1 else None) for m in range(1, 13)]
    out += [Expense((4, 20), "yixinyuan", "880", "绿源苗圃", "补种冬青与月季", "greening")]
    out += [Expense((12, 18), "chengjian", "260", "顺通管道维修部", "更换1号楼门口下水井盖",
                    "repair", year=YEAR - 1, issue="manhole")]
    return out


@dataclass
class Plan:
    incomes: list[Income] = field(default_factory=_incomes)
    expenses: list[Expense] = field(default_factory=_expenses)
    # Fees residents report themselves (/pay), confirmed by a volunteer.
    # The amount "" is the schedule's usual amount, pressed as a button (nothing typed);
    # another resident types the period and the amount as she says them.
    self_paid: list[tuple[int, str, str, str]] = field(default_factory=lambda: [
        (7000001, "sanitation", str(YEAR), ""),
        (7000005, "sanitation", "今年的", "一百二"),  # typed as said: 2025, ¥120.00
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
    """Per area: income, expense (positive fen), the opening balance carried over from a
    paper book, and the balance once the script has run. A reversed expense and its
    reversal cancel out."""
    out: dict[str, dict[str, int]] = {a: {"income": 0, "expense": 0, "opening": 0}
                                      for a in TEAM}
    out[OPENING_AREA]["opening"] = OPENING[0]
    for inc in [*plan.incomes, plan.separate[0]]:  # the double fee is never booked
        out[inc.area]["income"] += inc.amount_fen
    for tid, _fee, _period, amount in plan.self_paid:
        from db.money import parse_amount

        area = next(a for t, _, h in RESIDENTS if t == tid for a in [area_of(h)])
        out[area]["income"] += parse_amount(amount) if amount else SANITATION_YEAR_FEN
    for exp in plan.expenses:
        if exp.reversed_by is None:
            out[exp.area]["expense"] += exp.amount_fen
    for totals in out.values():
        totals["balance"] = totals["opening"] + totals["income"] - totals["expense"]
    return out
