"""A reversal only cancels the line; the right amount must be recorded anew. A grid
worker who reversed ¥350.00 'because it should be 305' was told only that the
reversal waits for approval, and the accounts then held neither amount; now the
bot says so when the reversal is recorded, and that the right line is recorded once
the reversal is approved, with the button its approval's message carries: only then
can the new line say which line it replaces (an expense recorded at once, as the bot
used to advise, was a line linked to nothing, and the button then made a duplicate);
before it, a fee recorded again is flagged as paid twice."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import pid

from db.entries import Kind


async def test_a_reversal_recorded_says_to_record_the_right_line_with_its_command(repo):
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025",
        "household": "c1/1/1/101"})
    repo.approve(fee.id, pid(repo, 102))
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 35000, "payee": "光明电器", "purpose": "路灯灯泡", "category": "lighting"})
    repo.approve(spent.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        await bot.send(101, "/reverse 2 金额记错了，应为305元")
        expense = await bot.press(101, "rev:ok:2")
        await bot.send(101, "/reverse 1 住户记错了")
        income = await bot.press(101, "rev:ok:1")
        reversals = sorted(repo.entries(kind=Kind.REVERSAL), key=lambda e: e.id)
        approved = [await bot.send(102, f"/approve {r.id}") for r in reversals]
    for sent, seq in ((expense, 2), (income, 1)):
        said = [c.text for c in sent if c.chat_id == 101 and c.method == "sendMessage"][-1]
        assert f"第 {seq} 笔的冲正" in said and "不会替您重记" in said
        assert "审核通过" in said and "登记正确的一笔" in said and f"代替第 {seq} 笔" in said
        assert "/expense" not in said and "/income" not in said  # not at once: unlinked
    said = [c.text for c in expense if c.chat_id == 101 and c.method == "sendMessage"][-1]
    assert "会照第 2 笔先填好，通常只需输入正确的金额" in said, said  # no longer 附收据
    # at its approval each reverser is told, with the button that records the right line
    [told_expense] = [c for c in approved[0] if c.chat_id == 101]
    [told_fee] = [c for c in approved[1] if c.chat_id == 101]
    assert "已审核通过" in told_expense.text
    assert [d for _, d in told_expense.buttons()] == ["exp:rep:east:2"]
    assert "已审核通过" in told_fee.text and "点下面的按钮" in told_fee.text
    assert [d for _, d in told_fee.buttons()] == ["inc:rep:east:1"]


async def test_reverse_alone_offers_the_latest_lines_that_may_be_reversed(repo):
    for n in range(3):
        spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
            "amount_fen": 1000 + n, "payee": "五金店", "purpose": f"灯泡{n}",
            "category": "lighting"})
        repo.approve(spent.id, pid(repo, 102))
    repo.reverse("east", 3, pid(repo, 101), "记错了")  # line 3: a reversal waits already
    async with BotHarness(repo) as bot:
        offered = await bot.send(101, "/reverse")
        buttons = offered[-1].buttons()
        assert [d for _, d in buttons] == ["rev:seq:2", "rev:seq:1", "rev:no"]
        assert buttons[0][0].startswith("第 2 笔：") and "¥10.01 灯泡1" in buttons[0][0]
        forged = await bot.press(101, "rev:seq:3")  # not offered: refused, nothing asked
        assert "失效" in forged[-1].text
        asked = await bot.press(101, "rev:seq:2")
        assert "第 2 笔" in asked[-1].text and "为什么要冲正" in asked[-1].text
        await bot.send(101, "金额记错了")
        await bot.press(101, "rev:ok:2")
    waiting = [e.data["line"] for e in repo.entries(kind=Kind.REVERSAL)]
    assert sorted(waiting) == [2, 3]


async def test_reversing_a_reversal_says_it_is_one_and_how_to_undo_it(repo):
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 35000, "payee": "光明电器", "purpose": "路灯灯泡", "category": "lighting"})
    repo.approve(spent.id, pid(repo, 102))
    reversal = repo.reverse("east", 1, pid(repo, 101), "记错了")
    repo.approve(reversal.id, pid(repo, 102))  # line 2 reverses line 1
    async with BotHarness(repo) as bot:
        said = await bot.send(101, "/reverse 2 冲正错了")
    text = said[-1].text
    assert "第 2 笔本身就是冲正（冲正第 1 笔）" in text and "/expense" in text
    assert "不是本区" not in text
    assert len(repo.entries(kind=Kind.REVERSAL)) == 1
