"""The demo year's residents and their own records (``bot.demo`` plays them in date
order): registrations (one for a room that is not theirs, refused; a son who lives
with his mother, confirmed as a second resident), fees reported by residents
themselves, a fee reported twice and a real second payment approved as separate,
/mine, and the rights of the personal information law (correct, see, forget)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db import labels

from . import demo_ledger
from .demo_people import EARLY, RESIDENTS, SECOND_RESIDENT, TEAM, WRONG_ROOM, area_of

if TYPE_CHECKING:
    from .demo import Demo

__all__ = ["registrations", "self_pay", "double_fee", "separate_payment", "fees_in_mine", "rights",
           "mistyped_fee", "name_fixed", "approve_several"]


DETOUR = 7000012  # presses the wrong building first, and goes back one step
POSTER = 7000013  # scans the QR code on her compound's poster: asked her building at once
TOGETHER = "yixinyuan"  # its registrations approved with one /approve of several numbers


async def approve_several(demo: Demo, vol: int, entries: list[int]) -> str:
    """/approve 21，22，23 (a Chinese keyboard's commas): all approved; the log's words."""
    typed = "/approve " + "，".join(str(e) for e in entries)
    calls = await demo.send(vol, typed)
    done = sum(demo.repo.entry(e).status == "approved" for e in entries)
    said = next((line for c in calls if c.chat_id == vol for line in c.text.splitlines()
                 if line.startswith("已通过")), "")
    return (f"；{demo.role(vol)} 一次打“{typed}”（手机中文键盘的逗号），{done} 条登记一起通过"
            f"（机器人答：“{said}”）")


async def register_after_a_wrong_building(demo: Demo, tid: int, household: str
                                          ) -> tuple[int, str]:
    """/start as ``Demo.register`` does, but a wrong building pressed first and
    ⬅️ 上一步 back to the buildings; (the registration, the building pressed)."""
    comp, building, unit, room = demo.place(household)
    await demo.send(tid, "/start")
    calls = await demo.press(tid, comp, exact=True)
    wrong = next(b for c in calls for b, d in c.buttons()
                 if d.startswith("reg:b:") and b != building)
    await demo.press(tid, wrong, exact=True)
    await demo.press(tid, demo.zh("⬅️ Back"), exact=True)
    await demo.press(tid, building, exact=True)
    await demo.press(tid, unit, exact=True)
    await demo.press(tid, room, exact=True)
    calls = await demo.press(tid, demo.zh("I agree: this is my home, register me"))
    return demo.entry_id(calls, tid), wrong


async def registrations(demo: Demo) -> None:
    regs: list[tuple[int, int, str]] = []
    detour = ""
    for tid, _name, household in RESIDENTS:
        if tid in EARLY:
            continue
        if tid == DETOUR:
            reg, detour = await register_after_a_wrong_building(demo, tid, household)
        else:
            reg = await demo.register(tid, household, poster=tid == POSTER)
        regs.append((tid, reg, household))
    wrong = await demo.register(WRONG_ROOM[0], WRONG_ROOM[2])
    demo.log(f"{len(regs) + 1} 位居民发送 /start，选择小区、楼栋、单元和房号，读过"
             f"“网站会公开什么、绝不公开什么”的说明后点“同意”登记住户"
             f"（#{regs[0][1]}…#{wrong}，等待志愿者确认；{demo.name(DETOUR)} 先点错了"
             f"“{detour}”，按“{demo.zh('⬅️ Back')}”回到楼栋列表重选；{demo.name(POSTER)} "
             f"扫的是她小区海报上的二维码，机器人直接问她住哪栋楼）")
    demo.clock.at(1, 4, 19)
    by_area: dict[str, int] = {}
    together = [reg for _tid, reg, household in regs if area_of(household) == TOGETHER]
    for n, (_tid, reg, household) in enumerate(regs):
        area = area_of(household)
        if area == TOGETHER:
            continue
        vol = TEAM[area][n % 2]
        if n % 3 == 0:
            await demo.send(vol, "/pending")
        await demo.approve(vol, reg, by_button=n % 4 != 1)
        by_area[area] = by_area.get(area, 0) + 1
    several = await approve_several(demo, TEAM[TOGETHER][0], together)
    by_area[TOGETHER] = len(together)
    vol = TEAM["lvcheng-wuguan"][0]
    await demo.press_data(vol, f"q:r:{wrong}")
    calls = await demo.send(vol, "501室住户说没有这位家人，请核对房号后重新登记")
    again = [label for c in calls if c.chat_id == WRONG_ROOM[0] for label, _ in c.buttons()]
    demo.log("志愿者在审核队列中确认住户登记：" + "，".join(
        f"{demo.repo.street.area(a).name} {n} 户" for a, n in by_area.items())
             + f"；驳回 #{wrong}（房号不符，理由已告知本人，消息下有“{'、'.join(again)}”按钮，"
               "一按就能重新选房号）" + several)
    demo.clock.at(1, 4, 20)
    son, home = SECOND_RESIDENT[0], SECOND_RESIDENT[2]
    mother = next(t for t, _, h in RESIDENTS if h == home)
    reg = await demo.register(son, home)
    told = [c for c in demo.bot.request.calls[-12:] if c.chat_id == mother]
    vol = TEAM["lvcheng-wuguan"][1]
    refused = await demo.approve(vol, reg, by_button=False)
    calls = await demo.press_data(vol, f"q:b:{reg}")
    demo.log(f"{demo.name(son)}（{demo.name(mother)}的儿子）登记同一户（#{reg}）：审核消息标出"
             f"“该户已有 1 位确认的住户”，{demo.name(mother)} 收到 {len(told)} 条提醒；"
             f"/approve 不行（{refused[-1].text[:20]}…），{demo.role(vol)} 按“确认同住”，"
             f"{demo.name(mother)} 又收到 {sum(c.chat_id == mother for c in calls)} 条通知")


async def self_pay(demo: Demo, tid: int, fee: str, period: str, amount: str) -> None:
    await demo.send(tid, demo.zh("Fee record"))
    await demo.press(tid, labels.FEE_TYPE[fee].zh, exact=True)
    await demo.send(tid, period)
    if amount:
        noted = await demo.send(tid, amount)
        demo.log(f"{demo.name(tid)} 缴费登记：期间打“{period}”，金额打“{amount}”（口语），"
                 f"机器人先回“{noted[-1].text.splitlines()[0]}”让她核对")
    else:  # the schedule's usual amount for the year, offered as a button
        usual = await demo.press(tid, "通常金额")
        demo.log(f"{demo.name(tid)} 缴费登记：金额一步有“通常金额”按钮（街道文件里的收费标准），"
                 f"一按就到了收据一步（{usual[-1].text[:12]}…），不用打字")
    await demo.send_photo(tid, demo.photo(
        "收据", (240, 240, 250), f"{labels.FEE_TYPE[fee].zh} {period}", paper=True))
    calls = await demo.press_data(tid, "pay:ok")
    entry = demo.entry_id(calls, tid)
    household = next(h for t, _, h in RESIDENTS if t == tid)
    vol = TEAM[area_of(household)][1]
    await demo.approve(vol, entry, by_button=False)
    demo.money["pay"] += 1
    demo.money["income_fen"] += demo.repo.entry(entry).data["amount_fen"]


async def double_fee(demo: Demo) -> None:
    """A fee booked twice: flagged with the earlier line, Approve refused, rejected."""
    inc = demo.plan.double
    maker, checker = TEAM[inc.area]
    entry = await demo_ledger.income(demo, maker, inc)
    post = next(c for c in reversed(demo.bot.request.calls)
                if c.chat_id == checker and f"q:r:{entry}" in [d for _, d in c.buttons()])
    flag = next(line for line in post.text.splitlines() if line.startswith("⚠️"))
    refused = await demo.approve(checker, entry, by_button=False)
    await demo.press_data(checker, f"q:r:{entry}")
    await demo.send(checker, "重复登记：王秀兰已自报缴费，见账目")
    demo.log(f"{demo.role(maker)} 上门又登记了 {demo.name(7000001)} 家的卫生费 {inc.period}"
             f"（#{entry}）：审核消息标出“{flag.removeprefix('⚠️ ')}”；"
             f"{demo.role(checker)} /approve 被拒绝（{refused[-1].text[:24]}…），改为驳回")


async def mistyped_fee(demo: Demo) -> None:
    """A treasurer types ten times the year's 卫生费: the bot names the usual amount;
    recorded anyway, it is taken back with the receipt's 撤回 button, never booked."""
    maker, checker = TEAM["lvcheng-wuguan"]
    await demo.send(maker, "/income")
    await demo.press(maker, labels.FEE_TYPE["sanitation"].zh, exact=True)
    await demo.press(maker, "盐业小区 1号楼 2单元", exact=True)
    await demo.press(maker, "402", exact=True)
    await demo.send(maker, "2025")
    typed = await demo.send(maker, "1200")
    check = next(c.text for c in typed if c.chat_id == maker).split("，请核对")[0]
    await demo.press(maker, demo.zh("No receipt"))
    calls = await demo.press(maker, demo.zh("Record it"), exact=True)  # under the summary
    entry = demo.entry_id(calls, maker)
    await demo.press_data(maker, f"tb:ask:{entry}")
    calls = await demo.press_data(maker, f"tb:ok:{entry}")
    post = next((c.text for c in calls if c.chat_id == checker), "")
    demo.log(f"{demo.role(maker)} 上门收盐业小区1号楼2单元402的全年卫生费，把 120 元输成 1200："
             f"机器人提示“{check}”；他没改就记了下来（#{entry}），随即在回执上按“撤回”并确认，"
             f"这笔没有入账，{demo.role(checker)} 收到的待审核消息改为“"
             f"{post.splitlines()[-1] if post else '—'}”")


async def separate_payment(demo: Demo) -> None:
    """The same unit, fee and period again, approved as a separate payment."""
    inc, reason = demo.plan.separate
    maker, checker = TEAM[inc.area]
    entry = await demo_ledger.income(demo, maker, inc)
    await demo.press_data(checker, f"q:s:{entry}")
    await demo.send(checker, reason)
    line = demo.repo.ledger(inc.area)[-1]
    demo.log(f"{demo.role(maker)} 登记盐业小区1单元再交的维修资金 {inc.period}（#{entry}）："
             f"与该单元已交的一笔重复，{demo.role(checker)} 按“另行缴费”写明理由后批准；"
             f"公开账目第 {line['seq']} 笔附“{line['note']}”")
    demo.money["income"] += 1
    demo.money["income_fen"] += inc.amount_fen


async def fees_in_mine(demo: Demo) -> None:
    """A resident whose fee a volunteer collected sees it in 我的, pressed in the middle
    of a report she changed her mind about: one press leaves it and shows 我的; and one
    of an area whose fees are collected by unit presses 缴费登记 and is told so."""
    tid = 7000002
    await demo.send(tid, demo.zh("Report"))
    await demo.press(tid, labels.ISSUE_CATEGORY["sanitation"].zh, exact=True)
    await demo.send(tid, "楼下垃圾桶")
    calls = await demo.send(tid, demo.zh("Mine"))
    paid = next(line for c in calls for line in c.text.splitlines() if "您家已缴" in line)
    demo.log(f"{demo.name(tid)} 报事写到一半改了主意，点菜单的“我的”：一按就离开报事"
             f"（“{calls[0].text}”）并显示“我的”，里面有志愿者上门收的钱：{paid}")
    # 新国土小区's only fee is collected by each unit's party-group leader: nothing for a
    # household to record itself, and 缴费登记 says so instead of asking for a fee.
    tid = 7000011
    calls = await demo.send(tid, demo.zh("Fee record"))
    demo.log(f"{demo.name(tid)}（新国土小区）点“缴费登记”：本区卫生费按单元收取，"
             f"机器人说明“{calls[-1].text.splitlines()[1]}”，不必登记，并指向“账目”")


async def rights(demo: Demo) -> None:
    """A resident corrects what they published, one asks for their data, one leaves,
    one withdraws her agreement to publication."""
    R = demo.ids
    tid = 7000022
    await demo.send(tid, f"/correct {R['septic']}")
    await demo.send(tid, "3单元化粪池满了往外冒，味道很大")
    await demo.send(tid, "原文提到了邻居，不宜公开")
    calls = await demo.press_data(tid, "cor:ok")
    fix = demo.entry_id(calls, tid)
    await demo.approve(900302, fix)
    demo.log(f"{demo.name(tid)} /correct #{R['septic']}：原文提到了邻居，提交更正 #{fix}，"
             f"{demo.role(900302)} 审核后网站显示更正后的文字并注明“已更正”，原文不再公开")
    calls = await demo.send(7000021, "/mydata")
    listed = sum(1 for c in calls for line in c.text.splitlines() if line.startswith("#"))
    file = [d for c in calls for label, d in c.buttons() if "文件" in label]
    sent = [c for c in await demo.press_data(7000021, file[0]) if c.method == "sendDocument"]
    demo.log(f"{demo.name(7000021)} /mydata：在聊天里看到保存的关于她的全部信息，她提交的 "
             f"{listed} 条内容逐条列出，各注明是否公开；点“发成文件”又收到一个 JSON 文件"
             f"（{len(sent)} 个文件，只发给本人）")
    demo.clock.at(11, 20, 10)
    await demo.send(7000008, "/forget")
    await demo.press_data(7000008, "fg:ok")
    demo.log(f"{demo.name(7000008)} 搬走了，/forget：姓名、账号和住户绑定已删除，"
             "他的投票仍按户计入，公开记录只写“居民”")
    await name_fixed(demo, 7000013, "冯丽华")
    tid = 7000023  # her opinion on the fees was published in the spring
    await demo.send(tid, "撤回公开同意")
    await demo.press_data(tid, "up:ok")
    demo.log(f"{demo.name(tid)} 点“帮助”里的“🚫 撤回公开同意”：她公开过的意见在网站下次更新时撤下，"
             "原处写明“发布这条内容的居民已撤回公开同意”；住户登记保留，下次报事前会先请她重新同意")


async def name_fixed(demo: Demo, tid: int, name: str) -> None:
    """改名字: a resident corrects the name kept for her (her Telegram name, two
    characters of three), types the right one and confirms it with ✅."""
    asked = await demo.send(tid, "我的名字写错了")
    shown = await demo.send(tid, name)
    ok = next(label for c in shown for label, d in c.buttons() if d == "nm:ok")
    done = await demo.press_data(tid, "nm:ok")
    demo.log(f"{demo.name(tid)} 发“我的名字写错了”：机器人说出保存的名字、谁能看到"
             f"（“{asked[-1].text.splitlines()[0]}”），请她直接发正确的名字；她发“{name}”，"
             f"核对后按“{ok}”：“{done[-1].text.splitlines()[0]}”；网站从不写名字，"
             "原来的名字也留着只为继续遮住")
