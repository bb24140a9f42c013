"""The demo year's reports and opinions (``bot.demo`` plays them in date order): a
manhole cover mended before the year, the spring's problem reports with photos and
voice messages, followed through to repair (the lamp, the septic tank), residents'
opinions and the volunteers' replies."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db import labels

from . import demo_field
from .demo_people import RESIDENTS, TEAM, area_of
from .notices import NOTICES_KEY

if TYPE_CHECKING:
    from .demo import Demo

__all__ = ["reports", "lamp_fixed", "septic_cleaned", "opinions", "opinion_replies",
           "manhole_fixed", "pipes_asked"]


async def reports(demo: Demo) -> None:
    R = demo.ids
    demo.clock.at(4, 8, 20)
    lamp_photos = [demo.photo("不亮的路灯", (40, 40, 70)),
                   demo.photo("夜里漆黑的小路", (20, 20, 40))]
    R["lamp"], _ = await demo.report(7000003, "lighting",
                                     "盐业小区2单元门口的路灯坏了，晚上黑得看不见台阶",
                                     lamp_photos, "盐业小区 1号楼", "2单元")
    demo.log(f"{demo.name(7000003)} 报事 #{R['lamp']}"
             "（路灯照明，2 张照片，照片的 GPS 信息已去掉）")
    await demo.approve(900202, R["lamp"])
    demo.clock.at(4, 9, 8)
    me_too_id, was = await demo.report(7000004, "lighting", "路灯坏了，晚上黑，老人不敢下楼",
                                       [], "盐业小区 1号楼", me_too=True)
    demo.log(f"{demo.name(7000004)} 也要报路灯，机器人找到相似的 #{me_too_id}，"
             f"按“我也遇到”{'（附议），从此关注这件报事' if was else ''}")
    demo.clock.at(4, 10, 9)
    R["rail"] = await demo_field.voice_report(
        demo, 7000001, "safety", 23, 900202, "1号楼1单元楼梯扶手松动，老人上下楼不安全")
    demo.clock.at(4, 12, 15)
    R["leak"] = await demo_field.proxy_report(
        demo, 900302, "chengjian/1/1/201", "other", "顶楼漏水，下雨时卧室滴水，老人行动不便",
        900301)
    calls = await demo.send(900201, f"/progress {R['lamp']} 已联系电工，周五来换灯")
    demo.log(f"{demo.role(900201)} /progress #{R['lamp']}：已联系电工 "
             f"（报事人收到 {sum(1 for c in calls if c.chat_id == 7000003)} 条通知）")

    demo.clock.at(4, 15, 16)
    R["septic"], _ = await demo.report(7000022, "septic",
                                       "3单元化粪池满了往外冒，味道很大，502王大爷家门口最严重",
                                       [demo.photo("化粪池外溢", (90, 70, 40))],
                                       "城建小区 1号楼", "3单元")
    await demo.approve(900301, R["septic"], by_button=False)
    R["cars"], _ = await demo.report(7000032, "parking",
                                     "外来车辆天天停在消防通道上，救护车进不来，"
                                     "最常停的是赵铁柱家亲戚的车",
                                     [demo.photo("乱停的车", (120, 120, 130))], None)
    await hide_name(demo, 900401, R["cars"], 7000032, HIDDEN_NAME)
    await demo.approve(900401, R["cars"])
    R["wires"], _ = await demo.report(7000021, "safety", "1号楼后面电线裸露，孩子经常在那玩",
                                      [demo.photo("裸露的电线", (60, 60, 60))], "城建小区 1号楼")
    await demo.approve(900302, R["wires"])
    # Three reports from 新国土小区 within two seconds: each volunteer of the area
    # gets one message listing them, each with its buttons (bot.notices).
    demo.bot.drain_notices = False
    R["poster"], _ = await demo.report(7000013, "flyposting", "楼道里贴满了开锁、办证的小广告",
                                       [demo.photo("墙上的小广告", (200, 200, 120))],
                                       "新国土小区 3号楼", "2单元")
    R["trash"], _ = await demo.report(7000011, "sanitation",
                                      "垃圾桶三天没人清运了，环卫站电话 0358-7654321 "
                                      "也打不通", [], "新国土小区 1号楼")
    R["noise"], _ = await demo.report(7000012, "dispute",
                                      "楼上邻居装修每天早上七点开始打钻", [],
                                      "新国土小区 2号楼", "2单元")
    await demo.bot.app.bot_data[NOTICES_KEY].drain()
    demo.bot.drain_notices = True
    listed = [c for c in demo.bot.request.calls if c.chat_id == 900101
              and f"q:a:{R['noise']}" in [d for _, d in c.buttons()]]
    demo.log(f"新国土小区几乎同时来了三件报事：志愿者各收到一条消息，列出 #{R['poster']} "
             f"#{R['trash']} #{R['noise']}，每件有自己的通过/驳回按钮"
             f"（{len(listed)} 条，照片在它前面）；在这条消息上审核")
    await demo.approve(900101, R["poster"])
    await demo.approve(900102, R["trash"])
    await demo.press_data(900101, f"q:r:{R['noise']}")
    asked = await demo.send(900101, "这个理由要写什么？")  # not taken for the reason
    assert demo.repo.entry(R["noise"]).status == "pending", "a question rejected it"
    await demo.send(900101, "邻里纠纷由党小组组长上门调解，不在网上公示")
    R["pipes"], _ = await demo.report(7000031, "pipes", "1单元楼道暖气管漏水",
                                      [demo.photo("漏水的管道", (150, 90, 90))],
                                      "怡馨苑小区 1号楼", "1单元")
    demo.log(f"居民报事 #{R['septic']} 化粪池、#{R['poster']} 小广告、#{R['cars']} 外来车辆、"
             f"#{R['wires']} 电线裸露、#{R['trash']} 垃圾清运、#{R['noise']} 邻里纠纷、"
             f"#{R['pipes']} 暖气管漏水；志愿者审核公示，#{R['noise']} 驳回（上门调解；"
             f"按“驳回”后先问了一句“这个理由要写什么？”，没有被当作理由发给居民，机器人答："
             f"{asked[-1].text[11:36]}…），#{R['pipes']} 留在待审核队列")

    await pipes_asked(demo, R["pipes"], 7000031, TEAM["yixinyuan"][0])

    demo.clock.at(4, 18, 17)
    await demo.send_photo(900201, demo.photo("新换的LED路灯", (250, 230, 120)),
                          caption=f"/resolve {R['lamp']} 已换成LED路灯，请大家看看")
    await demo.send(900301, f"/progress {R['septic']} 已约环卫清运队6月初清掏")
    await demo.send_photo(900101, demo.photo("清理干净的墙面", (230, 230, 230)),
                          caption=f"/resolve {R['poster']} 党员志愿者已清理干净")
    await demo.send(900102, f"/close {R['trash']} duplicate 已并入清运安排，见公告")
    await demo.send(900401, f"/progress {R['cars']} 已在消防通道画黄线，联系交警")
    demo.log(f"志愿者处理：#{R['lamp']} 已解决（附照片），#{R['poster']} 已解决，"
             f"#{R['septic']} #{R['cars']} 处理中，#{R['trash']} 作为重复关闭")

    demo.clock.at(4, 22, 20)
    await demo.send(7000003, demo.zh("Mine"))
    await demo.press_data(7000003, f"mine:reopen:{R['lamp']}")  # asks first
    await demo.press_data(7000003, f"mine:reopen_yes:{R['lamp']}")
    reopened = labels.status_label("issue", "reopened")
    demo.log(f"{demo.name(7000003)} 在“我的”里按“没有解决”：#{R['lamp']} {reopened}"
             "（还有一盏不亮）")
    demo.clock.at(4, 25, 10)
    await demo.send(900202, f"/progress {R['lamp']} 第二盏灯的镇流器坏了，已订货")
    demo.clock.at(4, 27, 9)
    told = await demo.send(7000003, "我报的路灯怎么样了")
    mine = next((line for line in told[-1].text.splitlines() if f"#{R['lamp']}" in line), "")
    demo.log(f"{demo.name(7000003)} 打字问“我报的路灯怎么样了”：不当作新的报事，机器人答以"
             f"“我的”：“{mine}”，连同最新进展")


# A name of someone the street does not know, in a report: hidden before it is published.
HIDDEN_NAME = "赵铁柱"


async def hide_name(demo: Demo, vol: int, entry: int, author: int, name: str) -> None:
    """The volunteer presses 🙈 隐去名字… under the waiting report and writes the name:
    the site shows [姓名已隐藏] in its place, and the author is told once."""
    await demo.press_data(vol, f"q:h:{entry}")
    shown = await demo.send(vol, name)
    told = [c for c in shown if c.chat_id == author]
    reads = next((line for c in shown if c.chat_id == vol for line in c.text.splitlines()
                  if "[姓名已隐藏]" in line), "")
    demo.log(f"{demo.role(vol)} 审核 #{entry} 时看到报事里写了一个本街道不认识的人名，按"
             f"“🙈 隐去名字…”写下这个名字，再通过：网站上显示为“{reads.strip()}”；"
             f"报事人收到 {len(told)} 条说明")


async def pipes_asked(demo: Demo, entry: int, author: int, vol: int) -> None:
    """A volunteer asks the author of a waiting report a question, without rejecting
    it (❓ 只问提交人，先不驳回); her ✍️ 回答 reaches the volunteers with the buttons."""
    demo.clock.at(4, 16, 9)
    await demo.press_data(vol, f"q:r:{entry}")
    shown = await demo.send(vol, "是哪一层的暖气管？漏得厉害吗？")
    ask = next(label for c in shown for label, d in c.buttons() if d == "rjq:ask")
    calls = await demo.press_data(vol, "rjq:ask")
    answer, pressed = next(b for c in calls if c.chat_id == author for b in c.buttons())
    await demo.press_data(author, pressed)  # aq:<entry>:<question>, kept on the entry
    calls = await demo.send(author, "三楼到四楼之间，一直在滴水，地上结冰了")
    told = [c for c in calls if f"q:a:{entry}" in [d for _, d in c.buttons()]]
    waits = labels.status_label("issue", demo.repo.entry(entry).status)
    demo.log(f"{demo.role(vol)} 对待审核的 #{entry} 按“驳回”，写的是一个问题，点“{ask}”："
             f"{demo.name(author)} 收到问题和“{answer}”按钮，报事没有被驳回；她回答“三楼到"
             f"四楼之间…”，回答连同“✅ 通过 / ❌ 驳回”按钮发给本区志愿者（{len(told)} 条），"
             f"#{entry} 仍是“{waits}”")


async def lamp_fixed(demo: Demo) -> None:
    R = demo.ids
    # A further /progress on an issue already in progress: a note among its steps.
    await demo.send_photo(900301, demo.photo("订好的清运车", (120, 140, 110)),
                          caption=f"/progress {R['septic']} 清运车已订好，6月5日上午清掏")
    demo.log(f"{demo.role(900301)} 再发 /progress #{R['septic']}（附照片）：清运车已订好；"
             "网站在这件报事的处理经过里加一条“进展”，公告与进展页也链接到它")
    calls = await demo.send_photo(900202, demo.photo("两盏路灯都亮了", (250, 240, 150)),
                                  caption=f"/resolve {R['lamp']} 两盏灯都已修好")
    demo.log(f"{demo.role(900202)} /resolve #{R['lamp']}（附照片）：第二盏灯也修好了；"
             f"报事人和按过“我也遇到”的{demo.name(7000004)}都收到通知"
             f"（{demo_field.told(calls, 7000004)} 条，带“不再关注”按钮）")


async def septic_cleaned(demo: Demo) -> None:
    R = demo.ids
    # On site, the photo captioned with the report's number and a note, no command:
    # the bot asks what it is, and one press resolves the report (bot.handlers.field_note)
    await demo.send_photo(900301, demo.photo("化粪池已清掏", (110, 100, 80)),
                          caption=f"{R['septic']} 环卫清运队已清掏完毕")
    await demo.press(900301, "已解决")
    demo.log(f"{demo.role(900301)} 在现场发照片，说明只写“{R['septic']} 环卫清运队已清掏完毕”"
             f"（没有写命令），按“✅ 已解决”：#{R['septic']} 化粪池清掏完毕")


async def opinions(demo: Demo) -> None:
    demo.clock.at(4, 28, 19)
    ops = []
    for tid, text in ((7000002, "建议在院里装两个晾衣架，老人晒被子方便"),
                      (7000023, "希望网格员每月公布一次收费情况"),
                      (7000033, "门卫晚上十点后请锁好大门")):
        await demo.send(tid, demo.zh("Opinion"))
        await demo.send(tid, text)
        if tid == 7000023:
            await kept_and_taken_up(demo, tid)
        calls = await demo.press_data(tid, "op:ok")  # its message says what is published
        ops.append((tid, demo.entry_id(calls, tid)))
    for tid, entry in ops:
        household = next(h for t, _, h in RESIDENTS if t == tid)
        await demo.approve(TEAM[area_of(household)][0], entry)
    demo.log(f"居民提意见 {', '.join('#' + str(e) for _, e in ops)}（/opinion），审核后公示")
    for name, (_tid, entry) in zip(("opinion drying", "opinion fees", "opinion gate"), ops,
                                   strict=True):
        demo.ids[name] = entry


async def kept_and_taken_up(demo: Demo, tid: int) -> None:
    """A resident who wrote her opinion taps 账目 before sending it, then takes it up
    again (bot.kept): the bot keeps it a day and shows it to send."""
    left = await demo.send(tid, demo.zh("Accounts"))
    kept = any("继续填写" in [label for label, _ in c.buttons()] for c in left)
    again = await demo.send(tid, demo.zh("Opinion"))
    offered = any("继续填写" in [label for label, _ in c.buttons()] for c in again)
    resumed = await demo.press(tid, "继续填写")
    shown = any(d.startswith("op:ok") for c in resumed for _, d in c.buttons())
    demo.log(f"{demo.name(tid)} 写好意见还没按“提交”就点了“账目”：意见"
             f"{'先保留 24 小时' if kept else '没有保留'}；再点“提意见”"
             f"{'，机器人问接着写还是重新开始' if offered else ''}，按“继续填写”"
             f"{'，刚才写的意见又摆出来等她提交' if shown else ''}")


async def opinion_replies(demo: Demo) -> None:
    drying, fees = demo.ids["opinion drying"], demo.ids["opinion fees"]
    await demo.send(TEAM["lvcheng-wuguan"][0],
                    f"/reply {drying} 已在院内东侧空地装好两个晾衣架，欢迎使用")
    await demo.send(TEAM["chengjian"][1],
                    f"/reply {fees} 好的，每季度收费后网格员会在网站和公告栏公布收费情况")
    demo.log(f"志愿者 /reply 回复意见 #{drying}、#{fees}，回复在网站上公示，居民收到通知")


async def manhole_fixed(demo: Demo) -> None:
    await demo.send_photo(TEAM["chengjian"][0], demo.photo("新换的井盖", (120, 120, 110)),
                          caption=f"/resolve {demo.ids['manhole']} 已更换新井盖并加固")
    demo.log(f"{demo.role(TEAM['chengjian'][0])} /resolve #{demo.ids['manhole']}"
             "（附照片）：已更换井盖")
