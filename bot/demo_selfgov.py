"""The demo year's self-government (``bot.demo`` plays these scenes): 城建小区,
held in trust by the community, elects a property management committee
(物管会) in October (art. 278 item 3): a grid worker opens the election with
/election, residents tick candidates under /vote, grid workers collect paper
ballots door to door, the election closes by itself at its deadline; the
admin gives the three elected their committee role (/seat) and records that
城建小区 is now managed by its committee, citing the election (/mode).
"""

from __future__ import annotations

from typing import Any

from db.places import Mode

__all__ = ["chengjian_election", "chengjian_committee", "ELECTION_PAPER", "ELECTED"]

AREA = "chengjian"
TEAM = (900301, 900302)  # bot.demo's TEAM["chengjian"]: the grid workers of the street file
ADMIN_ID = 900001  # bot.demo's ADMIN
CANDIDATES = ("候选人甲（退休教师，1号楼）", "候选人乙（党小组长，2号楼）",
              "候选人丙（租户代表，1号楼3单元）", "候选人丁（个体户，2号楼）",
              "候选人戊（楼长，1号楼）")
ELECTION_PAPER = 40  # 3 online + 40 paper ballots of 60 households: two thirds take part
# Who the elected are (private: the site shows the role titles), in the order of the
# result (乙, 丙, 甲): a new account, 高志刚, 马红.
ELECTED = (7000024, 7000022, 7000021)
PAPER_BACKS = ([1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 4], [2, 3, 5])


async def chengjian_election(demo: Any, year: int) -> None:
    """A grid worker opens the election; residents and paper ballots fill it."""
    vol, other = TEAM
    await demo.send(vol, "/election")
    await demo.send(vol, "第一届物管会选举")
    await demo.send(vol, "3")
    await demo.send(vol, "\n".join(CANDIDATES[:3]))  # in two messages, as people type them
    await demo.send(vol, "\n".join(CANDIDATES[3:]))
    await demo.press_data(vol, "elx:cand:done")
    await demo.send(vol, f"{year}-10-26")
    calls = await demo.press_data(vol, "elx:ok:1")
    eid = demo.entry_id(calls, vol)
    demo.ids["物管会选举"] = eid
    demo.log(f"{demo.role(vol)} /election #{eid}“第一届物管会选举”（《民法典》第二百七十八条"
             f"第三项）：3 个席位、5 位候选人（只写身份称呼，不写姓名），截止 {year}-10-26；"
             "机器人通知本区居民")
    # 马红 ticks 甲 and 乙, then 丙, and submits; 高志刚 backs 丙 and 丁; 罗小燕 a blank ballot.
    await demo.send(7000021, demo.zh("Vote"))
    for mask in (1, 3, 7):
        await demo.press_data(7000021, f"el:{eid}:{mask}")
    await demo.press_data(7000021, f"el:{eid}:7:ok")
    await demo.press_data(7000022, f"el:{eid}:4")  # under the announcement he was sent
    await demo.press_data(7000022, f"el:{eid}:12")
    await demo.press_data(7000022, f"el:{eid}:12:ok")
    await demo.send(7000023, "/vote")
    await demo.press_data(7000023, f"el:{eid}:0:ok")
    demo.log(f"{demo.name(7000021)} 在 /vote 里勾选候选人甲、乙、丙后提交选票；"
             f"{demo.name(7000022)} 在选举通知下面直接勾选丙、丁后提交；"
             f"{demo.name(7000023)} 投空白票"
             "（参与投票，不选任何人）")
    online = {"chengjian/1/1/201", "chengjian/1/3/502", "chengjian/2/2/102"}
    homes = [h.id for h in demo.repo.street.area_households(AREA) if h.id not in online]
    # Mostly flats with a recorded floor area (1号楼3单元 is tenants, areas unknown).
    known = [h for h in homes if not h.startswith("chengjian/1/3/")]
    paper = known[:ELECTION_PAPER - 2] + [h for h in homes if h.startswith("chengjian/1/3/")][:2]
    for i, hid in enumerate(paper):
        who = vol if i % 2 == 0 else other
        backs = ",".join(map(str, PAPER_BACKS[i % len(PAPER_BACKS)]))
        await demo.send(who, f"/paper {eid} {hid} {backs}")
        if i == 19:
            demo.clock.at(10, 18, 10, year=year)
    demo.log(f"网格员上门收集纸质选票 {len(paper)} 户（/paper {eid} 住户 1,2,3：写选中的"
             "候选人序号；每户的登记住户都收到“已为您家登记选票”的通知）")


async def chengjian_committee(demo: Any, year: int) -> None:
    """The election closes at its deadline; the elected take their role; the mode changes."""
    eid = demo.ids["物管会选举"]
    before = len(demo.bot.request.calls)
    await demo.bot.run_jobs()
    demo.stats["updates"] += 1
    result = demo.repo.entry(eid).data["election"]["result"]
    told = {c.chat_id for c in demo.bot.request.calls[before:]}
    demo.log(f"10月26日24时截止，机器人自动结束选举 #{eid}："
             f"{result['explanation_zh'][:90]}…（结果发给 {len(told)} 人）")
    await demo.send(ADMIN_ID, f"/seat {eid}")
    await demo.send(ADMIN_ID, f"/seat {eid} " + " ".join(map(str, ELECTED)))
    await demo.press_data(ADMIN_ID, f"seat:ok:{eid}")
    demo.log(f"社区书记 /seat #{eid}：一步为 3 位当选人授予城建小区“物管会委员”身份"
             "（公开的是“物管会委员甲、乙……”，不是姓名）")
    demo.clock.at(10, 28, 9, year=year)
    await demo.send(ADMIN_ID, f"/mode {AREA} 物管会 #{eid} 业主选举产生物管会，社区托管转为"
                              "物管会自治，社区党委继续指导")
    await demo.press(ADMIN_ID, "更改管理主体")
    await demo.send(ADMIN_ID, "城建小区物管会")
    await demo.press(ADMIN_ID, "记录这一变化")
    modes = " → ".join(Mode(h["mode"]).label_zh for h in demo.repo.mode_history(AREA))
    demo.log(f"社区书记 /mode：城建小区的管理方式 社区托管 → 物管会，依据选举 #{eid}，"
             f"管理主体改为“{demo.repo.street.area(AREA).steward}”"
             f"（{modes}；区域页面的“管理方式的变化”列出每一次）")
