"""``steward demo``: a year of the demo street, played through the real bot.

Residents and volunteers of the street in ``examples/xinyi-street.yaml`` talk
to the same ``Application`` as production (``bot.app.build_application``)
over the offline Bot API of ``bot.offline``: they press the same buttons and
type the same commands a person would. A fake clock moves through 2025, so
the ledger, the issues and the votes carry realistic dates, and the
repository dates every entry with it. It starts in December 2024, when the
grid workers of 城建小区 already collect fees and mend a manhole cover, so the
site shows an earlier year too.

Who plays is in ``bot.demo_people``, the year's money is data in
``bot.demo_money`` (``PLAN``), so ``tests/test_demo.py`` can compute what the
built site must show from the same numbers; the scenes are in this module and
in ``bot.demo_residents``, ``demo_reports``, ``demo_votes``, ``demo_civic``,
``demo_selfgov``, ``demo_field`` and ``demo_restart``, played in date order by
``Demo.play``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from db import labels
from db.places import COMPOUND_START
from db.repository import CHINA_TZ, Repository

from . import (
    demo_civic,
    demo_field,
    demo_ledger,
    demo_reports,
    demo_residents,
    demo_restart,
    demo_votes,
)
from .demo_money import PLAN, expected_totals
from .demo_people import (
    ADMIN,
    EARLY,
    FAMILY,
    GROUP,
    NEW_GRID_WORKER,
    RESIDENTS,
    SECOND_RESIDENT,
    TEAM,
    WRONG_ROOM,
    YEAR,
)
from .demo_photos import draw_photo
from .demo_selfgov import chengjian_committee, chengjian_election
from .handlers.relation import ASKED
from .i18n import tr
from .offline import Call, OfflineBot
from .settings import Settings

__all__ = ["DemoClock", "Demo", "run_demo", "PLAN", "RESIDENTS", "TEAM", "expected_totals"]


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

    plan = PLAN  # the money of the year (the scenes of bot.demo_residents read it)

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
        self.asked = False  # the first "how do you stand to your home" question, logged
        self.money: dict[str, int] = dict.fromkeys(
            ("income", "income_fen", "typed", "expense", "expense_fen", "pay", "receipts"), 0)

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
        """Press the button carrying ``data`` on the message that shows it. A resident
        asked how they stand to their home (a vote the owners decide:
        ``bot.handlers.relation``) answers as ``demo_people.FAMILY`` says (else the
        owner), and the vote carries on; the first such question is logged."""
        for call in reversed(self.bot.request.calls):
            if call.chat_id == uid and any(d == data for _, d in call.buttons()):
                calls = self._count(await self.bot.press(uid, data,
                                                         message_id=call.message_id or 1))
                break
        else:
            calls = self._count(await self.bot.press(uid, data))
        asked = calls[-1] if calls and calls[-1].text == self.zh(ASKED) else None
        if asked is None:
            return calls
        answer = asked.buttons()[1 if uid in FAMILY else 0]
        if not self.asked:
            self.asked = True
            self.log(f"{self.name(uid)} 第一次在业主共同决定的事项上按投票按钮，机器人先问一次"
                     f"（登记时不问）：“{asked.text}”[{'] ['.join(t for t, _ in asked.buttons())}]"
                     f"；按“{answer[0]}”后，刚才那一票随即记下，以后不再问")
        return await self.press_data(uid, answer[1])

    def photo(self, label: str, colour: tuple[int, int, int], *lines: str,
              paper: bool = False) -> bytes:
        """A photo showing ``label`` (Chinese); ``paper``: a sheet with ``lines`` on it."""
        self._photo_n += 1
        data = draw_photo(label, colour, number=self._photo_n, lines=lines, paper=paper)
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

    async def register(self, tid: int, household: str, *, poster: bool = False) -> int:
        """/start, her compound, building, unit, room, 同意; with ``poster``, /start from
        her compound poster's QR code (``db.places.COMPOUND_START``): no compound to pick."""
        comp, building, unit, room = self.place(household)
        if poster:
            calls = await self.send(tid, f"/start {COMPOUND_START}{household.split('/')[0]}")
        else:
            await self.send(tid, "/start")
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

    # -- the year ----------------------------------------------------------------------

    async def play(self) -> None:
        """Every scripted scene and every money item, in date order."""
        Y = YEAR
        events: list[tuple[tuple[int, int, int], int, Callable[[], Any]]] = [
            ((Y - 1, 12, 2), 0, self.prologue),
            ((Y - 1, 12, 20), 0, functools.partial(demo_reports.manhole_fixed, self)),
            ((Y, 1, 2), 0, self.setup),
            ((Y, 1, 3), 0, functools.partial(demo_residents.registrations, self)),
            ((Y, 2, 20), 0, self.restart),
            ((Y, 4, 8), 0, functools.partial(demo_reports.reports, self)),
            ((Y, 4, 28), 1, functools.partial(demo_reports.opinions, self)),
            ((Y, 5, 3), 0, functools.partial(demo_reports.lamp_fixed, self)),
            ((Y, 5, 10), 0, functools.partial(demo_votes.doors_vote, self)),
            ((Y, 5, 28), 0, functools.partial(demo_reports.opinion_replies, self)),
            ((Y, 6, 5), 0, functools.partial(demo_reports.septic_cleaned, self)),
            ((Y, 6, 11), 0, functools.partial(demo_votes.doors_result, self)),
            ((Y, 8, 10), 0, functools.partial(demo_votes.parking_withdrawn, self)),
            ((Y, 9, 1), 0, functools.partial(demo_votes.shed_vote, self)),
            ((Y, 9, 20), 0, functools.partial(demo_votes.doors_done, self)),
            ((Y, 9, 25), 5, functools.partial(demo_residents.separate_payment, self)),
            ((Y, 4, 3), 5, functools.partial(demo_residents.double_fee, self)),
            ((Y, 4, 6), 5, functools.partial(demo_residents.mistyped_fee, self)),
            ((Y, 4, 29), 0, functools.partial(demo_residents.fees_in_mine, self)),
            ((Y, 9, 28), 6, self.reminders),
            ((Y, 10, 1), 0, functools.partial(demo_votes.shed_result, self)),
            ((Y, 10, 8), 0, functools.partial(chengjian_election, self, Y)),
            ((Y, 10, 27), 0, functools.partial(chengjian_committee, self, Y)),
            ((Y, 11, 1), 0, functools.partial(demo_votes.guard_hours, self)),
            ((Y, 11, 10), 0, functools.partial(demo_residents.rights, self)),
            ((Y, 12, 15), 0, functools.partial(demo_votes.road_vote, self)),
            ((Y, 12, 22), 0, functools.partial(demo_civic.street_overview, self)),
            ((Y, 12, 2), 0, functools.partial(demo_civic.paper_notice, self)),
            ((Y, 12, 30), 9, self.announcements),
            ((Y, 5, 20), 0, functools.partial(demo_civic.diagnosis_meeting, self)),
            ((Y, 6, 12), 0, functools.partial(demo_civic.council_meeting, self)),
            ((Y, 6, 15), 0, functools.partial(demo_civic.supervisor, self)),
            ((Y, 6, 20), 0, functools.partial(demo_civic.line_question, self)),
            ((Y, 6, 24), 0, functools.partial(demo_civic.line_answer, self)),
            ((Y, 12, 12), 0, functools.partial(demo_civic.supervisor_question, self)),
            # last of all: the street office's commands take no entry number of the year's
            ((Y, 12, 31), 9, functools.partial(demo_civic.paper_book, self)),
            # after it: a paper signature at the wrong door, taken back (a vote entry)
            ((Y, 12, 31), 10, functools.partial(demo_votes.road_wrong_door, self)),
        ]
        collect, spend = demo_ledger.collect, demo_ledger.spend
        for inc in PLAN.incomes:
            events.append(((inc.year, *inc.when), 2, functools.partial(collect, self, inc)))
        for exp in PLAN.expenses:
            events.append(((exp.year, *exp.when), 3, functools.partial(spend, self, exp)))
        for paid in PLAN.self_paid:
            events.append(((Y, 4, 2), 4, functools.partial(demo_residents.self_pay, self, *paid)))
        events.sort(key=lambda e: (e[0], e[1]))
        async with self.bot:
            for (year, month, day), _, scene in events:
                if (year, month) != self._month:
                    demo_ledger.flush_money(self)
                    await self.publish_month()
                    demo_civic.first_notices(self, self._month, (year, month))
                    self._month = (year, month)
                self.clock.at(month, day, 10, year=year)
                await scene()
            demo_ledger.flush_money(self)
            await self.publish_month()

    _month = (YEAR - 1, 12)

    async def setup(self) -> None:
        calls = await self.send(ADMIN, f"/grant {NEW_GRID_WORKER} volunteer chengjian 网格员")
        self.log(f"管理员（社区党委书记）/grant {NEW_GRID_WORKER}：" +
                 next((c.text for c in calls if c.chat_id == ADMIN), ""))
        await demo_field.new_volunteer(self, NEW_GRID_WORKER)
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
            [self.photo("松动的下水井盖", (70, 70, 70))], "城建小区 1号楼")
        await self.approve(TEAM["chengjian"][1], self.ids["manhole"])
        self.log(f"（前一年）{self.name(tid)} 登记住户，网格员确认；报事 #{self.ids['manhole']}"
                 "：下水井盖松动（附照片），网格员审核公示")

    async def restart(self) -> None:
        """The bot restarts while a resident writes an opinion; she goes on after it."""
        self.clock.at(2, 20, 20)
        await demo_restart.restart_midway(self, 7000012, "楼道灯晚上能不能亮到十一点",
                                          TEAM["xinguotu"][0])

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
    (900201, "lvcheng-wuguan", "楼宇门已全部装好，请各户到物管会办公室（盐业小区门卫室旁）"
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
