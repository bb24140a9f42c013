"""What a volunteer reads before reversing a line: "2026-12-05 收入 ¥120.00 卫生费" was
all, with several such fees booked the same day; now the fee's period and household
(with its room: volunteers' messages name it) or the expense's payee come with it."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import pid

from db.entries import Kind


async def test_reversing_a_fee_or_an_expense_says_whose_it_was(repo):
    v1, v2 = pid(repo, 101), pid(repo, 102)
    for household in ("c1/1/1/101", "c1/1/1/102"):  # two fees alike but for the household
        fee = repo.submit(v1, Kind.FEE_INCOME, "east", {
            "amount_fen": 12000, "fee_type": "sanitation", "period": "2025",
            "household": household})
        repo.approve(fee.id, v2)
    spent = repo.submit(v1, Kind.EXPENSE, "east", {
        "amount_fen": 800, "payee": "五金店", "purpose": "螺丝", "category": "repair"})
    repo.approve(spent.id, v2)
    async with BotHarness(repo) as bot:
        asked = await bot.send(102, "/reverse 2")
        await bot.send(102, "/cancel")
        confirm = await bot.send(102, "/reverse 3 发票开错了")
    assert asked[-1].text.splitlines()[1:3] == ["2025-01-01 收入 ¥120.00 卫生费",
                                                "缴费明细：2025，东小区 1号楼 1单元 102"], \
        asked[-1].text
    assert "收款方：五金店" in confirm[-1].text.splitlines(), confirm[-1].text


async def test_a_line_number_that_is_not_one_gets_the_usage_in_whole_sentences(repo):
    """/reverse abc answered with a usage line that ended without its full stop."""
    async with BotHarness(repo) as bot:
        [usage] = await bot.send(101, "/reverse abc")
        await bot.send(101, "/language")
        await bot.press_label(101, "English")
        [english] = await bot.send(101, "/reverse abc")
    assert usage.text == ("用法：/reverse 序号 理由，序号是公开账目中的“第 N 笔”，例如 "
                          "/reverse 12 金额记错了。只发 /reverse 会列出最近的几笔。"), usage.text
    assert english.text.endswith("金额记错了. /reverse alone lists the latest lines."), \
        english.text


async def test_the_list_of_lines_to_reverse_tells_fees_alike_apart(repo):
    """/reverse alone listed eight buttons 第 N 笔：2025-10-18 收入 ¥120.00 卫生费, alike but
    for the number; each now says the fee's period and building unit, as the public line."""
    v1, v2 = pid(repo, 101), pid(repo, 102)
    for household, period in (("c1/1/1/101", "2025-11"), ("c1/1/1/101", "2025-12")):
        fee = repo.submit(v1, Kind.FEE_INCOME, "east", {
            "amount_fen": 12000, "fee_type": "sanitation", "period": period,
            "household": household})
        repo.approve(fee.id, v2)
    unit = repo.line("east", 1)["household_ref"]
    async with BotHarness(repo) as bot:
        offered = await bot.send(102, "/reverse")
    assert [label for label, _ in offered[-1].buttons()][:2] == [
        f"第 2 笔：2025-01-01 收入 ¥120.00 卫生费（2025-12） {unit}",
        f"第 1 笔：2025-01-01 收入 ¥120.00 卫生费（2025-11） {unit}"], offered[-1].buttons()


async def test_the_line_typed_as_the_accounts_name_it_is_read(repo):
    """/reverse 第2笔 记错了 (the accounts say 第 2 笔) got the usage message."""
    v1, v2 = pid(repo, 101), pid(repo, 102)
    for amount in (800, 900):
        spent = repo.submit(v1, Kind.EXPENSE, "east", {
            "amount_fen": amount, "payee": "五金店", "purpose": "螺丝", "category": "repair"})
        repo.approve(spent.id, v2)
    async with BotHarness(repo) as bot:
        joined = await bot.send(102, "/reverse 第2笔 记错了")
        await bot.send(102, "/cancel")
        spaced = await bot.send(102, "/reverse 第 1 笔")
    assert "第 2 笔吗" in joined[-1].text and "原因：记错了" in joined[-1].text, joined[-1].text
    assert "第 1 笔吗" in spaced[-1].text and "为什么要冲正" in spaced[-1].text, spaced[-1].text


async def test_a_reversal_of_the_wrong_line_is_taken_back_by_its_volunteer(repo):
    """Line 2 reversed when line 1 was meant (fees alike): its volunteer could not take it
    back (no 撤回 under it, none in 我的), and had to ask another volunteer to reject it."""
    v1, v2 = pid(repo, 101), pid(repo, 102)
    for period in ("2025-11", "2025-12"):
        fee = repo.submit(v1, Kind.FEE_INCOME, "east", {
            "amount_fen": 12000, "fee_type": "sanitation", "period": period,
            "household": "c1/1/1/101"})
        repo.approve(fee.id, v2)
    async with BotHarness(repo) as bot:
        await bot.send(102, "/reverse 2 期间记错了")
        recorded = await bot.press(102, "rev:ok:2")
        [reversal] = repo.entries(kind=Kind.REVERSAL)
        [said] = [c for c in recorded if c.chat_id == 102 and "已记录" in c.text]
        # the checker's post tells which of the fees alike it reverses
        [post] = [c for c in recorded if c.chat_id == 101 and "待审核" in c.text]
        unit = repo.line("east", 2)["household_ref"]
        assert f"冲正第 2 笔：2025-01-01 ¥120.00 卫生费（2025-12） {unit}" in post.text, post.text
        assert f"选错了那一笔？在审核之前，点下面的“撤回 #{reversal.id}”。" in said.text, said.text
        assert said.buttons() == [(f"撤回 #{reversal.id}", f"tb:ask:{reversal.id}")]
        asked = await bot.press(102, f"tb:ask:{reversal.id}")
        assert asked[-1].text.startswith(f"撤回冲正 #{reversal.id}（冲正第 2 笔）吗？"), \
            asked[-1].text
        done = await bot.press(102, f"tb:ok:{reversal.id}")
        told = [c.text for c in done if c.chat_id == 102 and c.method == "sendMessage"]
        assert told == [f"冲正 #{reversal.id} 已撤回：第 2 笔不冲正了，仍在账目中。"
                        "要冲正别的那一笔，请发 /reverse。"], told
        again = await bot.send(102, "/reverse 1 期间记错了")  # the right one now
    assert repo.entry(reversal.id).status.value == "rejected"
    assert "第 1 笔吗" in again[-1].text


async def test_a_line_number_past_the_last_says_which_lines_there_are(repo):
    """/reverse 999 read only 本区账目中没有第 999 笔。: not where the lines are."""
    v1, v2 = pid(repo, 101), pid(repo, 102)
    async with BotHarness(repo) as bot:
        empty = await bot.send(101, "/reverse 999 记错了")
        for amount in (800, 900):
            spent = repo.submit(v1, Kind.EXPENSE, "east", {
                "amount_fen": amount, "payee": "五金店", "purpose": "螺丝",
                "category": "repair"})
            repo.approve(spent.id, v2)
        past = await bot.send(101, "/reverse 999 记错了")
        await bot.send(101, "/language")
        await bot.press_label(101, "English")
        english = await bot.send(101, "/reverse 999 wrong")
    assert empty[-1].text == "本区账目中没有第 999 笔：本区账目还没有任何一笔。", empty[-1].text
    assert past[-1].text == "本区账目中没有第 999 笔：本区账目是第 1 至 2 笔。", past[-1].text
    assert english[-1].text == ("There is no line 999 in this area's accounts: its lines are "
                                "1 to 2."), english[-1].text
    assert not repo.entries(kind=Kind.REVERSAL)
