"""A deterministic synthetic street for benchmarks.

``generate(folder, areas=50, households_per_area=200, years=5)`` creates a
data folder holding a street of ``areas`` management areas (one compound of
``households_per_area`` homes each) and ``years`` years of history of every
kind of entry, in realistic proportions per area and year:

=============  ======  ==================================================
kind           count   notes
=============  ======  ==================================================
fee income     400     two collections a year, one line per household
vote           ~480    four proposals a year, ~120 households voting
issue          150     most resolved, some open, a few pending
expense        40      published, 1 in 20 reversed
opinion        30
announcement   10
progress note  10
proposal       4       closed (passed/failed), the last year's still open
registration   120     once, at the start (60 % of households)
=============  ======  ==================================================

That is about 1,120 entries per area and year: 50 areas x 5 years gives
~280,000 entries. Entries are written in bulk transactions through the
repository's own internals (the same documents, ledger hash chains and
indexes as the live path), far faster than one journal record each.

A street that has run for years has had its site built month after month, and
each build left the paper notices of the months that were over beside the data
(``site_builder.notice.ARCHIVE``): ``generate`` draws them too
(``draw_past_notices``), so that a site built afresh from the street finds
them as it would on a street office's machine.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from db.config import parse_street
from db.entries import EXPENSE_CATEGORIES, ISSUE_CATEGORIES, Kind, Status
from db.people import Relation, Role
from db.privacy import CONSENT_VERSION, add_consent
from db.repository import CHINA_TZ, Repository

__all__ = ["street_yaml", "generate", "draw_past_notices", "Clock"]

START = datetime(2021, 1, 1, 9, 0, tzinfo=CHINA_TZ)  # of a five-year history
LAST_YEAR = 2025  # every history ends here, however long: a longer one begins earlier
BATCH = 2000


class Clock:
    """A settable clock for the repository."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def street_yaml(areas: int, households_per_area: int = 200) -> str:
    """A street of ``areas`` areas, each one compound of 5 buildings x 2 units."""
    rooms_per_floor = 2
    floors = max(1, households_per_area // (5 * 2 * rooms_per_floor))
    lines = ["street: {id: bench, name: 基准街道, city: 测试市}", "admins: [1]",
             "communities:"]
    for c in range(0, areas, 10):
        lines += [f"  - id: c{c // 10}", f"    name: 第{c // 10 + 1}社区", "    compounds:"]
        for a in range(c, min(areas, c + 10)):
            lines += [f"      - id: k{a}", f"        name: 小区{a}", "        buildings:"]
            for b in range(1, 6):
                lines += [f"          - id: \"{b}\"", "            units:"]
                for u in (1, 2):
                    lines.append(f"              - {{id: \"{u}\", floors: {floors}, "
                                 f"rooms_per_floor: {rooms_per_floor}, "
                                 f"area_m2: {60 + (a + b + u) % 40}}}")
    lines.append("areas:")
    modes = ["party_branch", "committee", "trusteeship", "property_company", "unmanaged"]
    for a in range(areas):
        lines += [f"  - id: a{a}", f"    name: 管理区域{a}", f"    mode: {modes[a % 5]}",
                  f"    steward: 管理方{a}", f"    compounds: [k{a}]"]
    lines.append("volunteers:")
    for a in range(areas):
        lines += [f"  - {{telegram_id: {volunteer_tid(a, 0)}, name: 志愿者, title: 主任, "
                  f"areas: [a{a}]}}",
                  f"  - {{telegram_id: {volunteer_tid(a, 1)}, name: 志愿者, title: 委员, "
                  f"areas: [a{a}]}}"]
    return "\n".join(lines) + "\n"


def volunteer_tid(area: int, n: int) -> int:
    return 10_000 + 2 * area + n


def resident_tid(area: int, n: int) -> int:
    return 1_000_000 + area * 10_000 + n


def generate(folder: str | Path, *, areas: int = 50, households_per_area: int = 200,
             years: int = 5, seed: int = 20261126) -> tuple[Repository, Clock]:
    """Create the street in ``folder``; returns the open repository and its clock."""
    clock = Clock()
    repo = Repository.init(folder, parse_street(street_yaml(areas, households_per_area)),
                           clock=clock)
    gen = _Generator(repo, clock, random.Random(seed), areas, years)
    gen.run()
    repo.store.checkpoint()
    draw_past_notices(repo)
    return repo, clock


def draw_past_notices(repo: Repository) -> int:
    """Draw the notices of the street's closed months into the data folder's archive
    of notices, as the builds of a running street leave them; an area at a time (its
    PDFs are let go before the next). How many were drawn or already there."""
    from site_builder.collect import collect
    from site_builder.notice import ARCHIVE, NoticeDrawing, notices_enabled

    if not notices_enabled():
        return 0
    data = collect(repo)
    count = 0
    for area in repo.street.areas:
        drawing = NoticeDrawing(data, None, {area.id}, inline=True,
                                archive=repo.store.root / ARCHIVE)
        count += len(drawing.ready)
        drawing.ready.clear()
    return count


class _Generator:
    def __init__(self, repo: Repository, clock: Clock, rng: random.Random, areas: int,
                 years: int) -> None:
        self.repo, self.clock, self.rng = repo, clock, rng
        self.areas, self.years = areas, years
        # Ten years are 2016-2025, not 2021-2030: a history in the machine's future
        # would have notices of months not yet over (drawn again at every build, as
        # they carry the day they are printed), which no running street has.
        self.start = START.replace(year=LAST_YEAR + 1 - years)
        self.first_year = self.start.year
        self.ops: list[Any] = []
        self.reversals: list[Any] = []

    def run(self) -> None:
        repo = self.repo
        self.volunteers = {
            f"a{a}": [repo.person_by_telegram(volunteer_tid(a, n)) for n in (0, 1)]
            for a in range(self.areas)}
        self.homes = {a.id: [h.id for h in repo.street.area_households(a.id)]
                      for a in repo.street.areas}
        self._registrations()
        for year in range(self.years):
            for area in self.homes:
                self._area_year(area, year)
            self._flush()
        self._flush()

    # Everything is queued as (time, function(tx)) and written in time order, in
    # transactions of BATCH entries, so partitions and ledger chains are in order.
    def _at(self, when: datetime, fn: Any) -> None:
        self.ops.append((when, len(self.ops), fn))

    def _flush(self) -> None:
        self.ops.sort(key=lambda op: (op[0], op[1]))
        for start in range(0, len(self.ops), BATCH):
            chunk = self.ops[start:start + BATCH]

            def run(tx: Any, chunk: list[Any] = chunk) -> None:
                for when, _, fn in chunk:
                    self.clock.now = when
                    fn(tx)

            self.repo.core.commit(run)
        self.ops = []
        self._reverse_pending()

    def _when(self, year: int) -> datetime:
        return self.start + timedelta(days=365 * year + self.rng.uniform(0, 364),
                                 minutes=self.rng.randint(0, 600))

    def _registrations(self) -> None:
        repo = self.repo
        self.residents: dict[str, list[dict[str, Any]]] = {}

        def run(tx: Any) -> None:
            for area, homes in self.homes.items():
                a = int(area[1:])
                chosen = homes[: int(len(homes) * 0.6)]
                people = []
                for n, hid in enumerate(chosen):
                    self.clock.now = self.start + timedelta(minutes=n)
                    person = repo._directory.ensure_person_tx(tx, resident_tid(a, n), name="居民",
                                                    now=repo.core.stamp())
                    person["household"] = hid
                    # the owners: each votes online on joint matters too (db.votes)
                    person["relation"] = str(Relation.OWNER)
                    person["roles"] = [{"role": str(Role.RESIDENT), "area": area,
                                        "title": "居民"}]
                    add_consent(person, CONSENT_VERSION, repo.core.stamp(), "zh")  # as /start
                    tx.put("people", "people", person["id"], person)
                    repo._records.new(tx, Kind.REGISTRATION, area, person,
                                    {"household": hid}, status=Status.APPROVED)
                    people.append(person)
                self.residents[area] = people

        repo.core.commit(run)

    def _area_year(self, area: str, year: int) -> None:
        rng = self.rng
        maker, checker = self.volunteers[area]
        residents = self.residents[area]
        last_year = year == self.years - 1

        # Fee income: two collections a year, one entry per household.
        for half in (0, 1):
            for i in range(200):
                hid = self.homes[area][i % len(self.homes[area])]
                when = self.start + timedelta(days=365 * year + 182 * half + rng.uniform(0, 60))
                fee = {"amount_fen": rng.choice([6000, 9000, 12000, 18000]),
                       "fee_type": rng.choice(["property", "sanitation"]),
                       "period": f"{self.first_year + year}-H{half + 1}", "household": hid}
                pending = last_year and half == 1 and i % 25 == 0
                self._at(when, self._money(Kind.FEE_INCOME, area, maker, checker, fee,
                                           pending))

        for _ in range(40):
            exp = {"amount_fen": rng.randint(50, 80000) * 100, "payee": "某某服务部",
                   "purpose": rng.choice(["清运垃圾", "更换路灯", "疏通下水道", "修补路面",
                                          "购买清洁用品", "化粪池清掏"]),
                   "category": rng.choice(list(EXPENSE_CATEGORIES))}
            self._at(self._when(year), self._money(Kind.EXPENSE, area, maker, checker, exp,
                                                   False, reverse=rng.random() < 0.05))

        categories = list(ISSUE_CATEGORIES)
        for i in range(150):
            author = rng.choice(residents)
            data = {"category": rng.choice(categories),
                    "text": rng.choice(["楼道灯不亮了", "化粪池满了，污水外溢", "垃圾没人清运",
                                        "外来车辆乱停", "楼道里堆满杂物", "下水管道堵塞"])
                    + f" ({i})"}
            if last_year and i > 140:
                status = Status.PENDING
            elif last_year and i > 120:
                status = Status.IN_PROGRESS
            else:
                status = Status.RESOLVED
            self._at(self._when(year), self._entry(Kind.ISSUE, area, author, data, status))

        for _ in range(30):
            self._at(self._when(year), self._entry(
                Kind.OPINION, area, rng.choice(residents),
                {"text": "建议增加垃圾清运次数"}, Status.APPROVED))
        for _ in range(10):
            self._at(self._when(year), self._entry(
                Kind.ANNOUNCEMENT, area, maker, {"text": "本周六上午集中清理楼道杂物"},
                Status.PUBLISHED))
            self._at(self._when(year), self._entry(
                Kind.PROGRESS_NOTE, area, maker, {"text": "路灯已更换"}, Status.PUBLISHED))

        for p in range(4):
            when = self.start + timedelta(days=365 * year + 80 * p + 10)
            self._at(when, self._proposal(area, maker, residents, year, p,
                                          still_open=last_year and p == 3))

    # -- entry makers (each returns a function of the transaction) ----------

    def _entry(self, kind: Kind, area: str, author: dict[str, Any], data: dict[str, Any],
               status: Status) -> Any:
        def fn(tx: Any) -> None:
            self.repo._records.new(tx, kind, area, author, dict(data), status=status)
        return fn

    def _money(self, kind: Kind, area: str, maker: dict[str, Any], checker: dict[str, Any],
               data: dict[str, Any], pending: bool, reverse: bool = False) -> Any:
        repo = self.repo

        def fn(tx: Any) -> None:
            if pending:
                repo._records.new(tx, kind, area, maker, dict(data))
                return
            entry = repo._records.new(tx, kind, area, maker, dict(data), status=Status.APPROVED)
            repo._accounts.publish(tx, entry, checker)
            if reverse:  # written after this batch: the original must be stored first
                self.reversals.append((area, entry.id, data["amount_fen"], maker, checker))
        return fn

    def _reverse_pending(self) -> None:
        repo = self.repo

        def run(tx: Any) -> None:
            for area, eid, amount, maker, checker in self.reversals:
                self.clock.now += timedelta(minutes=1)
                rev = repo._records.new(tx, Kind.REVERSAL, area, maker,
                                      {"reverses": eid, "reason": "重复录入",
                                       "amount_fen": amount}, status=Status.APPROVED)
                repo._accounts.publish(tx, rev, checker)

        if self.reversals:
            repo.core.commit(run)
        self.reversals = []

    def _proposal(self, area: str, maker: dict[str, Any], residents: list[dict[str, Any]],
                  year: int, p: int, still_open: bool) -> Any:
        repo, rng = self.repo, self.rng
        voters = rng.sample(residents, k=min(len(residents), 120))
        choices = [rng.choices(["agree", "disagree", "abstain"], [7, 2, 1])[0]
                   for _ in voters]

        def fn(tx: Any) -> None:
            start = self.clock.now
            prop = repo._records.new(tx, Kind.PROPOSAL, area, maker, {
                "title": rng.choice(["安装楼宇门", "更换路灯", "硬化路面", "增设停车位"]),
                "description": "经居民提议，拟实施。", "budget_fen": rng.randint(50, 900) * 1000,
                "rule": "civil_code_278" if p % 2 == 0 else "simple_majority",
                "deadline": (start + timedelta(days=30)).date().isoformat(),
                "special": False}, status=Status.OPEN)
            for n, (voter, choice) in enumerate(zip(voters, choices, strict=True)):
                self.clock.now = start + timedelta(hours=1 + n)
                vote = repo._records.new(tx, Kind.VOTE, area, voter, {
                    "proposal": prop.id, "household": voter["household"], "choice": choice,
                    # Paper signatures on the closed ones only: the bot mix votes online on
                    # the open one, and over a paper signature a vote waits for a confirmation.
                    "paper": n % 5 == 0 and not still_open, "replaces": None})
                repo.core.undo.set(repo.core.votes.counted.setdefault(prop.id, {}),
                                   voter["household"], vote.id)
            if not still_open:
                self.clock.now = start + timedelta(days=31)
                result = _tally_from(
                    repo.street.area_households(area),
                    {v["household"]: c for v, c in zip(voters, choices, strict=True)},
                    prop.data["rule"])
                repo._records.move(tx, prop, Status.PASSED if result.passed else Status.FAILED,
                           maker, result.explanation_zh)
                prop.data["result"] = result.as_dict()
                if result.passed:
                    prop.data["stage"] = "done"
                repo._records.save(tx, prop)
        return fn


def _tally_from(households: list[Any], votes: dict[str, str], rule: str) -> Any:
    from db.tally import Choice, Rule, tally

    return tally(households, {h: Choice(c) for h, c in votes.items()}, Rule(rule))
