"""A ledger line's words hold what a person may not have published without her consent
(PIPL art. 25): the payee 电工王建国 一三八一二三四五六七八, a purpose naming a licence
plate, a fee period typed as 替王建国交的2025上半年. The line is chained as made, so the
site cannot mask it later: names nobody registered, plates and phones written digit by
digit went verbatim into ledger.json and the CSV. The domain refuses them
(tests/test_domain_refusals.py); the bot asks again at the same step, says why in the
reader's language, suggests a trade or a company, and loses nothing typed."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"


async def test_the_bot_asks_the_payee_again_when_it_holds_a_strangers_name_or_a_phone(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        await bot.send(101, "350")
        told = await bot.send(101, "电工王建国")
        [said] = [c.text for c in told if c.chat_id == 101]  # one message: why, then the question
        assert said.startswith("“王建国”是一个人的全名。") and "电工（个人）" in said, said
        assert "前面已填的内容都还在" in said and "付给了谁" in said, said
        [said] = [c.text for c in await bot.send(101, "张师傅 一三八一二三四五六七八")
                  if c.chat_id == 101]
        assert said.startswith("“一三八一二三四五六七八”是电话号码。"), said
        asked = await bot.send(101, "张师傅")
        assert "用途" in asked[-1].text
        [said] = [c.text for c in await bot.send(101, "挪走晋J12345占道") if c.chat_id == 101]
        assert said.startswith("“晋J12345”是车牌号。") and "用途" in said, said
        await bot.send(101, "清理占道车辆")
    assert repo.entries(kind=Kind.EXPENSE) == []  # not recorded before its summary
    assert repo.private_in_line("张师傅") is None


async def test_the_bot_says_it_in_english_to_an_english_reader(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/language")
        await bot.press_label(101, "English")
        await bot.send(101, "/expense")
        await bot.send(101, "350")
        [said] = [c.text for c in await bot.send(101, "Zhang Jianguo") if c.chat_id == 101]
    assert said.startswith("“Zhang Jianguo” is a person's full name.") and "电工（个人）" in said


async def test_a_period_naming_a_stranger_is_asked_again_with_its_buttons(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:property")
        told = await bot.send(7001, "替王建国交的2025上半年")
        assert told[-1].text.startswith("“王建国”会连同缴费期间原样公开在账目里"), told[-1].text
        assert any(d.startswith("pay:per:") for _, d in told[-1].buttons())
        asked = await bot.send(7001, "2025年上半年")
        assert "交了多少钱" in asked[-1].text
        await bot.send(7001, "120")
        summary = await bot.press(7001, "pay:skip")
        await bot.press(7001, next(d for _, d in summary[-1].buttons() if d.startswith("pay:ok")))
    [fee] = repo.entries(kind=Kind.FEE_INCOME)
    assert fee.data["period"] == "2025年上半年" and fee.data["amount_fen"] == 12000


async def test_a_reversal_reason_with_a_plate_is_asked_again(repo):
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 800, "payee": "五金店", "purpose": "螺丝", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        told = await bot.send(101, "/reverse 1 晋J12345车主说没有修")
        [said] = [c.text for c in told if c.chat_id == 101]
        assert said.startswith("“晋J12345”是车牌号。") and "为什么要冲正" in said, said
        confirm = await bot.send(101, "没有修好，退款")
        assert "原因：没有修好，退款" in confirm[-1].text
