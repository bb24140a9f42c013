"""The demo year's votes (``bot.demo`` plays them in date order): the doors of
盐业小区·市药材小区 voted online and on paper door to door (with an owner of two
flats counted once, and paper and online votes that never silently replace each
other), closed by the JobQueue at its deadline and followed to completion; a
parking proposal withdrawn; winter guard hours closed early with a second
volunteer's consent; the charging shed, a special matter of art. 278, that falls
short of three quarters; the road of 城建小区, still open at the year's end and
short of the two-thirds turnout (the street's home page lists it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db import labels

from .demo_people import (
    DOORS_PAPER,
    GROUP,
    OWNER_FLATS,
    RESIDENTS,
    ROAD_PAPER,
    SHED_PAPER,
    TEAM,
    YEAR,
)

if TYPE_CHECKING:
    from .demo import Demo

__all__ = ["doors_vote", "doors_result", "parking_withdrawn", "guard_hours", "doors_done",
           "shed_vote", "shed_result", "road_vote", "road_wrong_door"]


async def propose(demo: Demo, vol: int, title: str, description: str, budget: str,
                  matter: str, deadline: str) -> int:
    """/propose: the matter is picked from the list of art. 278 (its button)."""
    await demo.send(vol, "/propose")
    await demo.send(vol, title)
    await demo.send(vol, description)
    await demo.send(vol, budget)
    await demo.press(vol, labels.MATTER_SHORT[matter].zh, exact=True)
    await demo.send(vol, deadline)
    calls = await demo.press_data(vol, "prop:ok:1")
    return demo.entry_id(calls, vol)


SAID_NO = 7000006  # types 我不同意 under the doors' notice instead of pressing a button


async def doors_vote(demo: Demo) -> None:
    vol, other = TEAM["lvcheng-wuguan"]
    pid = await propose(
        demo, vol, "安装楼宇门", "盐业小区3个单元、市药材小区3个单元安装单元楼宇门（对讲门禁），"
        "每户分摊300元，不足部分由物管会结余补足。", "17400", "raise_maintenance_fund",
        f"{YEAR}-06-10")
    demo.ids["安装楼宇门"] = pid
    # Each household's 300元 is collected as 维修资金 (the units' maintenance fee, after
    # the vote): raising it is item 6 of art. 278, three quarters of those taking part.
    demo.log(f"{demo.role(vol)} /propose #{pid}“安装楼宇门”，预算 ¥17,400，每户分摊的钱作为"
             f"维修资金收取，从事项列表选“{labels.MATTER_SHORT['raise_maintenance_fund'].zh}”"
             f"（《民法典》第二百七十八条第六项，参与表决者四分之三以上同意），"
             f"截止 {YEAR}-06-10；机器人通知本区居民")
    online = {7000001: "agree", 7000002: "agree", 7000003: "agree", 7000004: "agree",
              7000005: "agree", 7000006: "disagree", 7000007: "agree", 7000008: "abstain"}
    demo.clock.at(5, 11, 20)
    for tid, choice in online.items():
        if tid == SAID_NO:  # typed as she says it, under the proposal's notice
            typed = await demo.send(tid, "我不同意")
            await demo.press_data(tid, f"vote:{pid}:{choice}")
            continue
        await demo.send(tid, demo.zh("Vote"))
        await demo.press_data(tid, f"vote:{pid}:{choice}")
    # A second vote of the same household replaces the first.
    await demo.press_data(7000006, f"vote:{pid}:agree")
    demo.log(f"{len(online)} 户在手机上投票（/vote，一户一票；#{pid} 上 "
             f"{demo.name(7000006)} 改投同意，前一票作废）")
    button = [label for label, _ in typed[-1].buttons()]
    demo.log(f"{demo.name(SAID_NO)} 在投票通知下面直接打“我不同意”：机器人答“"
             f"{typed[-1].text.splitlines()[0]}”，附上提议和“{'、'.join(button)}”按钮"
             "（只打字不记票），他按下后才记下")
    await demo.send(7000002, demo.zh("Opinion"))
    await demo.press_data(7000002, f"op:p:{pid}")
    await demo.send(7000002, "楼宇门钥匙请给每户多配一把，老人容易忘带")
    calls = await demo.press_data(7000002, "op:ok")
    await demo.approve(vol, demo.entry_id(calls, 7000002))
    voted = {h for t, _, h in RESIDENTS if t in online} | set(OWNER_FLATS)
    paper = [h.id for h in demo.repo.street.area_households("lvcheng-wuguan")
             if h.id not in voted]
    demo.clock.at(5, 17, 10)
    calls = await demo.send(vol, f"/paper {pid}")  # before going door to door
    text = calls[-1].text if calls else ""
    still = text[text.find("目前还差"):].split("\n")[0] if "目前还差" in text else ""
    doors = text[text.find("还没投票的住户"):].split("，")[0] if "还没投票的住户" in text else ""
    demo.log(f"{demo.role(vol)} 上门前发 /paper {pid}，看到法定参与要求（三分之二）{still}"
             f"{doors}，一个单元一行列出房号")
    n = 0
    for i, hid in enumerate(paper[:DOORS_PAPER]):
        choice = "disagree" if i % 9 == 4 else ("abstain" if i % 16 == 7 else "agree")
        who = vol if i % 2 == 0 else other
        # 市药材小区 2号楼 is the only building 2: "2/1/301" is enough there.
        short = hid.split("/", 1)[1] if hid.startswith("shiyaocai/2/") else hid
        await demo.send(who, f"/paper {pid} {short} {choice}")
        n += 1
        if i == 15:
            demo.clock.at(5, 24, 10)
    demo.log(f"物管会主任和委员上门收集纸质签名 {n} 户（/paper，标注为纸质，记下志愿者职务；"
             f"每户的登记住户都收到“已为您家记录纸质签字”的通知）")
    await paper_conflicts(demo, pid, vol, other)


async def road_wrong_door(demo: Demo) -> None:
    """On the vote still open at the year's end, a signature recorded at the next door by
    mistake, taken back (counted nowhere). Last of the year: no entry number moves."""
    pid, vol = demo.ids["路面硬化"], TEAM["chengjian"][0]
    signed = set(demo.repo.current_votes(pid))
    doors = [h.id for h in demo.repo.street.area_households("chengjian")]
    wrong = next(h for h in doors if h not in signed)  # the door after the last signed
    meant = doors[max(doors.index(wrong) - 1, 0)]
    label = demo.repo.street.household_label
    await demo.send(vol, f"/paper {pid} {wrong} agree")
    await demo.press(vol, demo.zh("Wrong door? Take it back"))
    calls = await demo.press(vol, demo.zh("Take it back"))
    said = next((c.text for c in calls if c.chat_id == vol and "已撤销" in c.text), "")
    demo.log(f"{demo.role(vol)} 把一张签字登记到了 {label(wrong)}（本该是 {label(meant)}，"
             f"已登记过）：点回执下的“记错了门？撤销这张签字”并确认，机器人答“"
             f"{said.splitlines()[0] if said else ''}”（参与人数和面积回到登记前）")


async def paper_conflicts(demo: Demo, pid: int, vol: int, other: int) -> None:
    """Paper and online never silently replace each other."""
    # The tenant of 孙玉梅's second flat signs at the door: the same owner already voted
    # online from 301, so the bot says so (when, never which way) and the volunteer keeps it.
    calls = await demo.send(other, f"/paper {pid} 2/1/302 disagree")
    shown = calls[-1].text.splitlines()[0] if calls else ""
    await demo.press(other, demo.zh("Keep the online vote"))
    demo.log(f"{demo.role(other)} 上门时 302 的租户签了“反对”；302 与 301 同属"
             f"{demo.name(7000007)}（一位业主两套房，只算一票），机器人先显示：“{shown}”，"
             f"志愿者点“保留网上投票”，业主自己的投票不被替换")
    # 周国强 voted "abstain" online, then signs "agree" on paper: confirmed, and told.
    calls = await demo.send(vol, f"/paper {pid} yanye/1/2/502 agree")
    await demo.press(vol, demo.zh("Record the paper signature"))
    told = [c.text for c in demo.bot.request.calls[-6:] if c.chat_id == 7000008]
    demo.log(f"{demo.name(7000008)} 在手机上投过“弃权”，上门时又签了“同意”：机器人显示网上"
             f"那一票，{demo.role(vol)} 确认后以纸质签名为准，两次都留在记录里；"
             f"{demo.name(7000008)} 收到通知：“{told[-1][:40] if told else ''}…”")


async def doors_result(demo: Demo) -> None:
    pid = demo.ids["安装楼宇门"]
    vol = TEAM["lvcheng-wuguan"][0]
    before = len(demo.bot.request.calls)
    await demo.bot.run_jobs()  # the JobQueue's look for votes whose deadline has passed
    demo.stats["updates"] += 1
    result = demo.repo.entry(pid)
    told = {c.chat_id for c in demo.bot.request.calls[before:]}
    demo.log(f"6月10日24时截止，机器人自动结束 #{pid} 的表决："
             f"{labels.status_label(result.kind, result.status)}；"
             f"{result.data['result']['explanation_zh'][:60]}…（结果发给 {len(told - {GROUP})} 人"
             + ("，完整计票也发到志愿者群" if GROUP in told else "") + "）")
    # Under 我的, a changed vote says what it was changed from, one replaced by a paper
    # signature what counts now, and both the result.
    for tid in (7000006, 7000008):
        mine = await demo.send(tid, demo.zh("Mine"))
        line = next((x for x in mine[-1].text.splitlines() if f"提议 #{pid}：" in x), "")
        demo.log(f"{demo.name(tid)} 点“我的”：{line.split('：', 1)[-1]}")
    demo.clock.at(6, 15, 9)
    await demo.send(vol, f"/stage {pid} in_progress 已与安居门业签约，6月底前进场")
    demo.log(f"/stage #{pid} 施工中：已与安居门业签约")


async def parking_withdrawn(demo: Demo) -> None:
    vol = TEAM["chengjian"][0]
    pid = await propose(
        demo, vol, "外来车辆停车收费", "在院内划设的车位向外来车辆按月收费，收入用于小区保洁。",
        "0", "common_parts", f"{YEAR}-08-31")
    await demo.send(7000021, demo.zh("Vote"))
    await demo.press_data(7000021, f"vote:{pid}:agree")
    demo.clock.at(8, 12, 9)
    await demo.send(vol, "/withdraw")
    await demo.press_data(vol, f"wd:p:{pid}")
    await demo.send(vol, "收费标准须先经社区党委和居民代表会议讨论，撤回后重新发起")
    await demo.press_data(vol, "wd:ok:1")
    demo.log(f"{demo.role(vol)} /propose #{pid}“外来车辆停车收费”（利用共有部分从事经营活动，"
             f"第二百七十八条第八项，需四分之三），两天后 /withdraw 撤回并公示理由；"
             f"已投的票不计")


async def guard_hours(demo: Demo) -> None:
    vol, other = TEAM["yixinyuan"]
    pid = await propose(
        demo, vol, "冬季门卫值班延长到晚十点", "供暖期（11月至次年3月）门卫值班延长到晚上十点。",
        "0", "everyday", f"{YEAR}-11-20")
    demo.clock.at(11, 2, 20)
    for tid in (7000031, 7000032, 7000033):
        await demo.send(tid, demo.zh("Vote"))
        await demo.press_data(tid, f"vote:{pid}:agree")
    demo.clock.at(11, 5, 9)
    refused = await demo.send(vol, f"/closevote {pid} 供暖期已开始，需尽快排班")
    why = refused[-1].text.split("：")[0] if refused else ""
    # door to door, until more than half of all the households agree: the others, however
    # they vote, can no longer turn the result, and only then may it close early
    online = {h for t, _, h in RESIDENTS if t in (7000031, 7000032, 7000033)}
    signed = 0
    for hid in (h.id for h in demo.repo.street.area_households("yixinyuan")):
        if demo.repo.early_close_refusal(pid) is None:
            break
        if hid not in online:
            await demo.send(vol if signed % 2 == 0 else other, f"/paper {pid} {hid} agree")
            signed += 1
    demo.clock.at(11, 6, 9)
    await demo.send(vol, f"/closevote {pid} 供暖期已开始，需尽快排班")
    calls = await demo.press_data(vol, "cv:ok:1")
    asked = [d for c in calls if c.chat_id == other for _, d in c.buttons()
             if d.startswith("ec:y:")]
    await demo.press_data(other, asked[0])
    result = demo.repo.entry(pid)
    demo.log(f"{demo.role(vol)} /propose #{pid}“冬季门卫值班延长到晚十点”"
             f"（日常事项，简单多数）；3 户网上投票后就 /closevote，机器人拒绝（“{why}”："
             f"还没投票的业主还可能改变结果）；两位志愿者上门收集 {signed} 户纸质签名，同意的"
             f"超过全体的一半后，再 /closevote 申请提前结束并说明理由，"
             f"{demo.role(other)} 确认后结束："
             f"{labels.status_label(result.kind, result.status)}（网站注明提前结束及理由）")


async def doors_done(demo: Demo) -> None:
    pid = demo.ids["安装楼宇门"]
    await demo.send_photo(TEAM["lvcheng-wuguan"][0], demo.photo("新装的楼宇门", (90, 120, 160)),
                          caption=f"/stage {pid} done 6个单元楼宇门全部安装完成")
    demo.log(f"/stage #{pid} 完工（附照片），居民收到通知")


async def shed_vote(demo: Demo) -> None:
    vol, other = TEAM["xinguotu"]
    pid = await propose(
        demo, vol, "自行车棚改建为电动车充电棚", "将3号楼旁的自行车棚改建为带充电桩的电动车棚，"
        "杜绝飞线充电。改变共有部分用途，属于特别事项。", "26000", "common_parts",
        f"{YEAR}-09-30")
    demo.ids["充电棚"] = pid
    demo.clock.at(9, 3, 20)
    online = {7000011: "agree", 7000012: "disagree", 7000013: "agree", 7000014: "disagree"}
    for tid, choice in online.items():
        await demo.send(tid, demo.zh("Vote"))
        await demo.press_data(tid, f"vote:{pid}:{choice}")
    voted = {h for t, _, h in RESIDENTS if t in online}
    paper = [h.id for h in demo.repo.street.area_households("xinguotu") if h.id not in voted]
    for i, hid in enumerate(paper[:SHED_PAPER]):
        choice = "agree" if i % 5 < 3 else "disagree"
        await demo.send(vol if i % 2 else other, f"/paper {pid} {hid} {choice}")
    demo.log(f"{demo.role(vol)} /propose #{pid}“自行车棚改建为电动车充电棚”（事项列表第八项："
             f"改变共有部分用途，需四分之三）：{len(online)} 户网上投票、"
             f"{min(SHED_PAPER, len(paper))} 户纸质签名")


async def shed_result(demo: Demo) -> None:
    pid = demo.ids["充电棚"]
    vol = TEAM["xinguotu"][0]
    calls = await demo.send(vol, f"/closevote {pid}")
    result = demo.repo.entry(pid)
    demo.log(f"截止日已过，{demo.role(vol)} /closevote #{pid} 立即结束："
             f"{labels.status_label(result.kind, result.status)}；"
             f"{calls[-1].text.splitlines()[0]}")


async def road_vote(demo: Demo) -> None:
    """Still open at the year's end: three households online and a few on paper, far
    from two thirds of the owners and of the floor area."""
    vol, other = TEAM["chengjian"]
    pid = await propose(
        demo, vol, "院内路面硬化", "硬化院内坑洼路面约600平方米，雨天不再积水；"
        "费用申请老旧小区改造补助（街道统一申报），不向业主收钱。", "48000", "other_major",
        f"{YEAR + 1}-01-15")
    online = (7000021, 7000022, 7000023)
    for tid in online:
        await demo.send(tid, demo.zh("Vote"))
        await demo.press_data(tid, f"vote:{pid}:agree")
    voted = {h for t, _, h in RESIDENTS if t in online}
    paper = [h.id for h in demo.repo.street.area_households("chengjian") if h.id not in voted]
    for i, hid in enumerate(paper[:ROAD_PAPER]):
        await demo.send(vol if i % 2 else other, f"/paper {pid} {hid} agree")
    demo.ids["路面硬化"] = pid
    tally = demo.repo.tally(pid)
    demo.log(f"{demo.role(vol)} /propose #{pid}“院内路面硬化”（第二百七十八条第九项），截止 "
             f"{YEAR + 1}-01-15：{len(online)} 户网上投票、"
             f"{min(ROAD_PAPER, len(paper))} 户纸质签名，"
             f"参与 {tally.owners_voted}/{tally.owners_total} 人，未达三分之二；"
             "年底仍在表决，网站首页“正在表决”列出它还差多少")
    demo.log(f"{demo.role(vol)} 把它的表决公告（网站城建小区表决页、概况“打印张贴”里的 A4 PDF，"
             f"也可在服务器上 steward notice 城建 --vote {pid}）贴在宣传栏：通过条件按本小区的"
             f"数字写（至少 {tally.quorum_needs[0] if tally.quorum_needs else 0} 位业主参加），"
             "附二维码，不用手机的业主等志愿者上门签字")
