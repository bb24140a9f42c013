"""The demo year's civic scenes (``bot.demo`` plays them in date order): a
diagnosis meeting (会诊) in 城建小区 before its renovation and a council
(议事会) of the committee after the doors vote, each recorded with /meeting by
one volunteer and approved by another; a resident made supervisor (监督员) who
reads the queue; a question on the 化粪池清掏 line asked from the 提问 button
under 账目, checked and answered (/answer), and the supervisor's question on
the doors vote, still waiting at the year's end; the street office (the admin)
looking over every area on a Monday with /overview; a grid worker fetching last
month's paper notice (公示单) with /notice to print for the gate; each month's paper
notices first made the morning after the month, as the bot's build makes them
(``first_notices``); and at the year's end, the street office's two commands
(``paper_book``): 城建小区's opening balance from the community's paper book, and
怡馨苑小区's parking fee dearer from January."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .demo_money import OPENING, OPENING_AREA
from .demo_people import ADMIN

if TYPE_CHECKING:
    from .demo import Demo

__all__ = ["diagnosis_meeting", "council_meeting", "supervisor", "line_question",
           "line_answer", "supervisor_question", "street_overview", "paper_notice",
           "paper_book", "first_notices", "SUPERVISOR", "OPENING", "PARKING_NEXT"]

SUPERVISOR = 7000004  # 张建华 of 盐业小区, made supervisor of his area
PARKING_NEXT = (50_000, "2026-01")  # 怡馨苑小区's outside cars' parking, a month, from then
YEAR = 2025


async def _minutes(demo: Demo, vol: int, kind: str, day: str, typed: list[str],
                   links: str, sheet: bool) -> int:
    """/meeting through its buttons; the minutes' number."""
    await demo.send(vol, "/meeting")
    await demo.press(vol, kind, exact=True)
    for text in [day, *typed[:4], "下一步", *typed[4:]]:  # 下一步: the topics are all in
        await demo.send(vol, text)
    if links:
        await demo.send(vol, links)
    else:
        await demo.press_data(vol, "mt:none")
    if sheet:  # two pages: the second sent at the summary is kept with the first
        await demo.send_photo(vol, demo.photo("签到表", (235, 235, 225), "会议签到（第 1 页）",
                                              paper=True))
        await demo.send_photo(vol, demo.photo("签到表", (230, 230, 220), "会议签到（第 2 页）",
                                              paper=True))
    else:
        await demo.press_data(vol, "mt:skip")
    calls = await demo.press_data(vol, "mt:ok")
    return demo.entry_id(calls, vol)


async def diagnosis_meeting(demo: Demo) -> None:
    """城建小区: the party group, grid workers and building heads diagnose the compound."""
    vol, other = 900301, 900302
    R = demo.ids
    mid = await _minutes(demo, vol, "会诊", f"{YEAR}-05-20", [
        "城建小区党群服务站", "社区党委委员、党小组组长、网格员、楼栋长", "14",
        "3单元化粪池满溢；1号楼后电线裸露；院内路面坑洼，雨天积水",
        "6月初约环卫清运队清掏化粪池；裸露电线由社区联系供电所处理；硬化路面列入下半年"
        "整治项目，先由网格员入户征求每户意见"], f"#{R['septic']} #{R['wires']}", sheet=True)
    await demo.approve(other, mid)
    R["会诊"] = mid
    demo.log(f"{demo.role(vol)} /meeting 记录会诊纪要 #{mid}（参加：党委委员、党小组组长、网格员、"
             f"楼栋长，居民 14 人；讨论报事 #{R['septic']} #{R['wires']}；"
             "签到表两页照片只给志愿者看），"
             f"{demo.role(other)} 审核后发布在区域页面上")


async def council_meeting(demo: Demo) -> None:
    """The committee's council after the doors vote: how the doors are built."""
    vol, other = 900201, 900202
    doors = demo.ids["安装楼宇门"]
    mid = await _minutes(demo, vol, "议事会", f"{YEAR}-06-12", [
        "盐业小区物管会办公室", "物管会主任、物管会委员、单元长、居民代表", "9",
        "楼宇门安装方案与施工时间；钥匙分配；门禁以后的维护",
        "7月比选三家门禁厂家，9月前完工；每户两把钥匙，老人家庭可多配一把；维护费从公共"
        "收益列支，年底公示"], f"#{doors}", sheet=False)
    own = await demo.approve(vol, mid, by_button=False)
    await demo.approve(other, mid, by_button=False)
    demo.ids["议事会"] = mid
    refused = any("另一位志愿者" in c.text for c in own)
    demo.log(f"{demo.role(vol)} /meeting 记录议事会纪要 #{mid}（讨论提议 #{doors}“安装楼宇门”）"
             + ("；他自己 /approve 被拒绝（须另一位志愿者审核）" if refused else "")
             + f"，{demo.role(other)} /approve 后发布")


async def supervisor(demo: Demo) -> None:
    """The admin makes a resident supervisor; he reads the queue, approves nothing."""
    # by his registered name, as the secretary hears it (not his Telegram id)
    calls = await demo.send(900001, f"/grant {demo.name(SUPERVISOR)} supervisor 盐业小区")
    told = any(c.chat_id == SUPERVISOR for c in calls)
    queue = await demo.send(SUPERVISOR, "/pending")
    demo.log(f"管理员 /grant {demo.name(SUPERVISOR)} supervisor 盐业小区（按登记的姓名，不用 "
             f"Telegram 编号）：{demo.name(SUPERVISOR)} 成为盐业小区·市药材"
             f"小区的监督员{'（收到通知）' if told else ''}；他发 /pending 只能查看待审核事项"
             f"（{len(queue)} 条消息，没有审核按钮）")


def _septic_line(demo: Demo) -> int:
    return next(x["seq"] for x in demo.repo.ledger("lvcheng-wuguan")
                if x.get("purpose") == "化粪池清掏")


async def line_question(demo: Demo) -> None:
    """A resident asks about the 化粪池清掏 line from the 提问 button under 账目."""
    tid, checker = 7000003, 900202
    seq = _septic_line(demo)
    await demo.send(tid, demo.zh("Accounts"))
    await demo.press_data(tid, "ask:go")
    await demo.send(tid, str(seq))
    await demo.send(tid, "这笔化粪池清掏的钱付给了谁？清掏的是哪几个单元？")
    calls = await demo.press_data(tid, "ask:ok")
    qid = demo.entry_id(calls, tid)
    await demo.approve(checker, qid)
    demo.ids["line question"] = qid
    demo.log(f"{demo.name(tid)} 在“账目”下按“提问”，输入第 {seq} 笔：提问 #{qid}“这笔化粪池清掏的钱"
             f"付给了谁？”；{demo.role(checker)} 检查没有个人信息后公开")


async def line_answer(demo: Demo) -> None:
    """A volunteer answers from /answer's list; the asker is sent the answer."""
    vol, qid = 900201, demo.ids["line question"]
    await demo.send(vol, "/answer")
    await demo.press_data(vol, f"ans:q:{qid}")
    calls = await demo.send(vol, "付给孝义市环卫清运队，清掏的是盐业小区3单元和市药材小区1单元"
                                 "的化粪池，发票照片就在这一笔账上。")
    told = any(c.chat_id == 7000003 for c in calls)
    demo.log(f"{demo.role(vol)} /answer 列出待答复的提问和等待天数，按“答复 #{qid}”写下答复：发布在"
             f"这一笔账旁边{'，提问的居民收到答复' if told else ''}")


async def supervisor_question(demo: Demo) -> None:
    """The supervisor asks about the doors vote; it still waits at the year's end."""
    doors = demo.ids["安装楼宇门"]
    await demo.send(SUPERVISOR, f"/ask #{doors} 楼宇门以后坏了，维修费从哪一笔出？")
    calls = await demo.press_data(SUPERVISOR, "ask:ok")
    qid = demo.entry_id(calls, SUPERVISOR)
    await demo.approve(900202, qid)
    demo.log(f"监督员 {demo.name(SUPERVISOR)} /ask #{doors}：提问 #{qid} 公开后年底仍未答复，"
             "区域页面显示它已等待的天数")


async def street_overview(demo: Demo) -> None:
    """The street office on a Monday morning: every area at a glance."""
    calls = await demo.send(ADMIN, "/overview")
    text = "\n".join(c.text for c in calls if c.chat_id == ADMIN)
    road = next((line.strip() for line in text.splitlines() if "院内路面硬化" in line), "")
    demo.log(f"管理员（街道办）周一早上 /overview：每个区域的待审核、未解决报事（最久等了多少天、"
             f"几件一周没有进展）、正在表决的事项和最近一笔账，一条消息看完；如 {road}")
    one = await demo.send(ADMIN, "/overview 城建小区")
    only = "\n".join(c.text for c in one if c.chat_id == ADMIN)
    demo.log("管理员 /overview 城建小区：只看这一个区域" + (
        "" if "【城建小区】" in only and "【怡馨苑小区】" not in only else "（没有显示出来）")
        + "；区域多了（7 个及以上），/overview 每个区域一行，最急的在前，按钮看详情")


async def paper_notice(demo: Demo) -> None:
    """At the start of a month a grid worker asks the bot for last month's paper notice
    (/notice), prints it and puts it up at the gate."""
    from .demo_people import TEAM

    worker = TEAM["chengjian"][0]
    calls = await demo.send(worker, "/notice")
    docs = [c for c in calls if c.method == "sendDocument" and c.chat_id == worker]
    files = [f for c in docs for f in (c.params.get("_files") or {}).values()]
    sent = f"（{files[0][0]}，{len(files[0][1]) // 1024} KB）" if files else "（没有发来文件）"
    demo.log(f"{demo.role(worker)} 月初发 /notice：机器人发来上个月的公示单 PDF{sent}，"
             "用 A4 纸打印，贴在小区门口的公示栏")


async def paper_book(demo: Demo) -> None:
    """At the year's end, after everything else (so no entry number of the year moves),
    the street office runs two commands with the bot stopped: 城建小区's grid worker
    brings the community's paper book, and its balance is booked as the area's opening
    balance (``steward opening-balance``) of the day it was closed, before its first line:
    its accounts signed and posted all year, it is booked that day, 补记 (``db.opening``);
    怡馨苑小区's committee decided outside cars pay more from January (``steward
    fees set``): 2025's months keep their ¥450."""
    from .demo_people import TEAM

    fen, day, note = OPENING
    worker = TEAM[OPENING_AREA][0]
    line = demo.repo.record_opening(_pid(demo, worker), OPENING_AREA, fen, day, note=note)
    # its accounts were signed and posted all year: booked today, 补记 (db.opening)
    late = f"，城建小区的账已经签名公示过，所以记在 {line['date']}，备注“补记：纸质账本截至 " \
        f"{day} 的结存”，已经贴出的公示单不变" if line["date"] != day else f"，日期 {day}"
    demo.log(f"街道办 steward opening-balance 城建小区 {fen // 100} --as-of {day} --by "
             f"{demo.name(worker)}：社区托管时的纸质账本结存，记为第 {line['seq']} 笔"
             f"“期初结转（纸质账本）”{late}，计入余额，不算收入")
    amount, since = PARKING_NEXT
    chair = TEAM["yixinyuan"][0]
    demo.repo.change_fee(_pid(demo, chair), "yixinyuan", "parking", amount, since,
                         note=f"{YEAR}年12月物管会会议决定")
    demo.log(f"街道办 steward fees set 怡馨苑小区 停车费 {amount // 100} --from {since} --by "
             f"{demo.name(chair)}：外来车辆停车费 {since[:4]} 年 1 月起每月 ¥{amount // 100}，"
             f"{YEAR} 年各月仍按 ¥450 计；收费页写明每一期的标准")


def _pid(demo: Demo, tid: int) -> int:
    """The person number of a volunteer of the street file, by Telegram id."""
    person = demo.repo.person_by_telegram(tid)
    assert person is not None, tid
    return int(person["id"])


def first_notices(demo: Demo, ended: tuple[int, int], now: tuple[int, int]) -> None:
    """The months from ``ended`` to the one before ``now`` are over: the morning after
    each, every area's paper notice of it is made for the first time, as the bot's build
    of that day makes it, and its first digests (``site_builder.notice_reprint``) carry
    that day. The demo's bot builds no site (one build, at the year's end), so every
    notice was first made on 12-31, and a reprint of January's said 首次生成于 2025-12-31
    (the 城建 notice fetched with /notice on 12-02, in a process on the real clock, the
    day the demo was played)."""
    from site_builder.notice_content import NoticeError, notice_for

    year, month = ended
    while (year, month) < now:
        after = (year + month // 12, month % 12 + 1)
        demo.clock.at(after[1], 1, 7, year=after[0])
        for area in demo.repo.street.areas:
            try:
                notice_for(demo.repo, area.id, f"{year}-{month:02d}")
            except NoticeError:  # no line yet, or none before this month
                pass
        year, month = after
