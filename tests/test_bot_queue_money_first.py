"""/pending lists the money first (bot.queue_order): the fees, income and expenses
waiting for a second volunteer came after every report, eight a page, and the volunteer
who handles the money paged through the reports to find them. Now they come first,
oldest first, then the rest, oldest first; the head counts each kind, and 下一页 (and
its count) go on in that order."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind


def issue(repo, text):
    return repo.submit(pid(repo, 5001), Kind.ISSUE, "east", {"category": "lighting",
                                                            "text": text})


def fee(repo, room):
    return repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025",
        "household": f"c1/1/1/{room}"})


def listed(call):
    return [int(d.split(":")[-1]) for _t, d in call.buttons() if d.startswith("q:a:")]


def page_of(calls):
    [page] = [c for c in calls if listed(c)]
    return page


def _queue(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    early = [issue(repo, f"第{i}件事") for i in range(6)]
    money = [fee(repo, "101")]
    middle = [issue(repo, f"第{i}件事") for i in range(6, 12)]
    money.append(repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 35000, "payee": "五金店", "purpose": "更换3号楼路灯灯泡",
        "category": "repair"}))
    money.append(fee(repo, "102"))
    return early + middle, money


async def test_the_money_comes_first_and_the_head_counts_each_kind(repo):
    reports, money = _queue(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, "/pending")
    head = calls[0].text
    assert head.startswith("共 15 条待审核：先列收支（缴费记录 2、支出 1），"
                           "再列其余（报事 12）"), head
    page = page_of(calls)
    assert listed(page) == [e.id for e in money] + [e.id for e in reports[:5]]
    assert page.buttons()[-1] == ("下一页 ▶（还有 7 条）", f"qn:{reports[4].id}")


async def test_next_page_goes_on_after_the_money_with_the_rest_in_order(repo):
    reports, money = _queue(repo)
    async with BotHarness(repo) as bot:
        await bot.send(102, "/pending")
        second = page_of(await bot.press_label(102, "下一页"))
    assert listed(second) == [e.id for e in reports[5:12]]


async def test_a_page_ending_in_the_money_counts_and_lists_everything_after_it(repo):
    """Twelve fees and three reports: the first page is eight fees; 下一页 lists the
    other four fees, then the reports, older than them, that come after the money."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    reports = [issue(repo, f"第{i}件事") for i in range(3)]
    money = [fee(repo, room) for room in ("101", "102")]
    money += [repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 1000 + i, "payee": "五金店", "purpose": f"灯泡{i}",
        "category": "repair"}) for i in range(10)]
    async with BotHarness(repo) as bot:
        first = page_of(await bot.send(102, "/pending"))
        assert listed(first) == [e.id for e in money[:8]]
        assert first.buttons()[-1] == ("下一页 ▶（还有 7 条）", f"qn:{money[7].id}")
        second = page_of(await bot.press_label(102, "下一页"))
        assert listed(second) == [e.id for e in money[8:]] + [e.id for e in reports]
        # deciding one on the first page counts what comes after it again, in this order
        await bot.press(102, f"q:a:{money[0].id}", message_id=first.message_id,
                        text=first.text)
    edits = [c for c in bot.sent("editMessageText") if c.chat_id == 102]
    assert edits and ("下一页 ▶（还有 7 条）", f"qn:{money[7].id}") in edits[-1].buttons()


async def test_one_kind_alone_keeps_the_plain_head(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    for i in range(3):
        issue(repo, f"第{i}件事")
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, "/pending")
    assert calls[0].text == "共有 3 条待审核，按时间先后排列："
