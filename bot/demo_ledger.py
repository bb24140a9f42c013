"""The demo year's money as the volunteers type it (``bot.demo`` plays it in date
order, from ``bot.demo_money``'s plan): /income as the area's fee schedule asks
for it (a household, a unit, or nobody for a fee of the whole area), /expense with
its invoice, each approved by the area's other volunteer, a mistaken expense
reversed by its line number, and one line a month of what was recorded."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from db import labels

from .demo_money import Expense, Income
from .demo_people import RESIDENTS, SECOND_RESIDENT, TEAM

if TYPE_CHECKING:
    from .demo import Demo

__all__ = ["income", "expense", "collect", "spend", "flush_money"]


async def income(demo: Demo, vol: int, inc: Income) -> int:
    """/income as a volunteer records it: the fee, then who paid as the area's fee
    schedule says (a household, a unit, or nobody for a fee of the whole area)."""
    from db.fees import schedule
    from db.money import format_fen, format_yuan
    from db.places import Basis

    fee = schedule(demo.repo.street, inc.area, inc.fee)
    per = fee.per if fee is not None else None
    if inc.typed and inc.household:  # typed at the door; the button it offers (income_typed)
        _, comp, b, u, _h = demo.repo.street.locate(f"{inc.unit}/{inc.household}")
        fee_word = labels.FEE_TYPE[inc.fee].zh
        await demo.send(vol, f"{comp.name}{b.name}{u.name}{inc.household}交了{fee_word}")
        await demo.press(vol, f"{comp.name} {b.name} {u.name} {inc.household} · {fee_word}")
        demo.money["typed"] += 1
    else:
        asked = await demo.send(vol, "/income")
        fee_word = labels.FEE_TYPE[inc.fee].zh
        if any(label == fee_word for c in asked for label, _ in c.buttons()):
            await demo.press(vol, fee_word, exact=True)  # an area's only fee: not asked
        if per != Basis.AREA:
            _, comp, b, u, _h = demo.repo.street.locate(
                f"{inc.unit}/{inc.household or _first_room(demo, inc)}")
            await demo.press(vol, f"{comp.name} {b.name} {u.name}", exact=True)
            if inc.household:
                await demo.press(vol, inc.household, exact=True)
            elif per is None:
                await demo.press(vol, demo.zh("The whole unit"), exact=True)
    await demo.send(vol, inc.period)
    if fee is not None and fee.amount_fen == inc.amount_fen:
        await demo.press(vol, demo.zh("The usual {amount}",
                                      amount=format_fen(inc.amount_fen)), exact=True)
    else:
        await demo.send(vol, format_yuan(inc.amount_fen))
    if inc.receipt:
        await demo.send_photo(vol, demo.photo(
            "收据", (235, 235, 220), f"{labels.FEE_TYPE[inc.fee].zh} {inc.period}",
            f"金额：{format_yuan(inc.amount_fen)} 元", paper=True))
    else:
        await demo.press(vol, demo.zh("No receipt"))
    calls = await demo.press(vol, demo.zh("Record it"), exact=True)  # under the summary
    return demo.entry_id(calls, vol)

def _first_room(demo: Demo, inc: Income) -> str:
    comp, b, u = inc.unit.split("/")
    for h in demo.repo.street.compound(comp).households():
        if h.id.startswith(inc.unit + "/"):
            return h.room
    raise KeyError(inc.unit)

async def expense(demo: Demo, vol: int, exp: Expense) -> int:
    from db.money import format_yuan

    if exp.replaces:  # the button under the reversal approved: 登记正确的一笔（代替第 N 笔）
        seq = demo.ids.pop(f"reversed:{exp.area}")
        await demo.press_data(vol, f"exp:rep:{exp.area}:{seq}")
    else:
        await demo.send(vol, "/expense")
    await demo.send(vol, exp.amount)
    if exp.named_first:
        told = await demo.send(vol, exp.named_first)
        said = next(c.text for c in told if c.chat_id == vol)
        demo.log(f"{demo.role(vol)} /expense 的“付给谁”先写了“{exp.named_first}”："
                 f"机器人说“{said.split('。')[0]}”，请改写，改写为“{exp.payee}”")
    await demo.send(vol, exp.person_first or exp.payee)
    await demo.send(vol, exp.purpose)
    calls = await demo.press(vol, labels.EXPENSE_CATEGORY[exp.category].zh, exact=True)
    if any(d.startswith("exp:prj:") for c in calls for _, d in c.buttons()):
        if exp.project:
            calls = await demo.press_data(vol, f"exp:prj:{demo.ids[exp.project]}")
        else:
            calls = await demo.press(vol, demo.zh("No project"), exact=True)
    if any(d.startswith("exp:iss:") for c in calls for _, d in c.buttons()):
        if exp.issue:  # the report's number typed, as it is read off the site or a message
            await demo.send(vol, f"#{demo.ids[exp.issue]}")
            demo.log(f"{demo.role(vol)} /expense“{exp.purpose}”：机器人问“这笔支出是为哪个"
                     f"报事？”，回复报事编号 #{demo.ids[exp.issue]}；审核后公开账目这一笔写着"
                     f"“用于报事 #{demo.ids[exp.issue]}”，报事页写着为此支出多少")
        else:
            await demo.press(vol, demo.zh("Not linked"), exact=True)
    await demo.send_photo(vol, demo.photo(
        "发票", (250, 245, 230), exp.purpose, f"金额：{format_yuan(exp.amount_fen)} 元",
        f"收款方：{exp.payee}", paper=True))
    calls = await demo.press_data(vol, f"exp:pub:{1 if exp.invoice_public else 0}")
    if exp.person_first:  # the summary says it reads as a person: 改写, then the job
        said = next(line for line in calls[-1].text.splitlines() if "像是一个人的称呼" in line)
        await demo.press_data(vol, "exp:fix:payee")
        await demo.send(vol, exp.payee)
        demo.log(f"{demo.role(vol)} /expense 的收款方写了“{exp.person_first}”：核对单上说"
                 f"“{said.split('。')[0]}”，点“改写”，改为“{exp.payee}”")
    calls = await demo.press_data(vol, "exp:ok:1")
    return demo.entry_id(calls, vol)


def flush_money(demo: Demo) -> None:
    m = demo.money
    if not any(m.values()):
        return
    from db.money import format_fen

    parts = []
    if m["income"]:
        typed = f"，其中 {m['typed']} 笔是网格员在门口打字（“盐业小区1号楼1单元……交了卫生费”）" \
            "，再点机器人给的按钮登记的" if m["typed"] else ""
        parts.append(f"志愿者登记收费 {m['income']} 笔 {format_fen(m['income_fen'])}"
                     f"（/income，另一位志愿者审核{typed}）")
    if m["receipts"]:
        parts.append(f"已登记住户收到入账通知 {m['receipts']} 条（收据：第几笔、多少钱）")
    if m["pay"]:
        parts.append(f"居民自报缴费 {m['pay']} 笔（/pay，志愿者确认）")
    if m["expense"]:
        parts.append(f"支出 {m['expense']} 笔 {format_fen(m['expense_fen'])}"
                     "（/expense 附收据照片）")
    demo.log_line(f"{demo._month[0]}-{demo._month[1]:02d}      本月账目：" + "；".join(parts))
    demo.money = dict.fromkeys(demo.money, 0)

async def collect(demo: Demo, inc: Income) -> None:
    maker, checker = TEAM[inc.area]
    entry = await income(demo, maker, inc)
    calls = await demo.approve(checker, entry, by_button=entry % 2 == 0)
    demo.money["income"] += 1
    demo.money["income_fen"] += inc.amount_fen
    residents = {t for t, _, _ in RESIDENTS} | {SECOND_RESIDENT[0]}
    demo.money["receipts"] += sum(1 for c in calls if c.chat_id in residents
                                  and "已入账" in c.text)

async def spend(demo: Demo, exp: Expense) -> None:
    maker, checker = TEAM[exp.area]
    if exp.project:
        maker, checker = checker, maker
    entry = await expense(demo, maker, exp)
    await demo.approve(checker, entry)
    if exp.replaces:
        line = demo.repo.ledger(exp.area)[-1]
        demo.log(f"{demo.role(maker)} 点冲正审核通过通知下的按钮“登记正确的一笔（代替第 "
                 f"{line['replaces']} 笔）”，登记 {exp.amount} 元；{demo.role(checker)} 审核时"
                 f"看到它代替第 {line['replaces']} 笔；公开账目第 {line['seq']} 笔写着“代替第 "
                 f"{line['replaces']} 笔”，第 {line['replaces']} 笔写着“正确的一笔见第 "
                 f"{line['seq']} 笔”，互相链接")
    demo.money["expense"] += 1
    demo.money["expense_fen"] += exp.amount_fen
    if exp.reversed_by:
        demo.clock.now += timedelta(hours=20)
        seq = demo.repo.entry(entry).data["ledger_seq"]
        await demo.send(maker, f"/reverse {seq}")  # the number alone: the bot asks why
        await demo.send(maker, exp.reversed_by)
        calls = await demo.press_data(maker, f"rev:ok:{seq}")
        rev = demo.entry_id(calls, maker)
        await demo.approve(checker, rev)
        demo.ids[f"reversed:{exp.area}"] = seq  # the right one replaces it (Expense.replaces)
        line = demo.repo.ledger(exp.area)[-1]
        demo.log(f"{demo.role(maker)} 发现第 {seq} 笔支出金额记错：/reverse {seq}，机器人先列出"
                 f"这一笔的日期、金额和用途，问为什么冲正；他回复理由后确认；"
                 f"{demo.role(checker)} 审核后，公开账目第 "
                 f"{line['seq']} 笔写着“{line['purpose']}”（记录 {line['recorded_by']}，"
                 f"审核 {line['approved_by']}）；原记录保留，账本只增不改")
