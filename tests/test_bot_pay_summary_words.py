"""Words typed at 缴费登记's summary that are no amount (是去年交的): the summary came
again, and her words were lost without a word said. A fee report has no note: she is
told they were not kept, and what to do instead (重新填写 for another period)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid
from test_bot_pay import HOME, _fees, _to_amount


async def test_words_at_the_summary_are_said_not_kept_with_what_to_do(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_amount(bot)
        await bot.send(7001, "120")
        await bot.press(7001, "pay:skip")
        calls = await bot.send(7001, "是去年交的")
    assert calls[0].text == ("您写的“是去年交的”没有保存：缴费登记只记费用、期间、金额和收据"
                             "照片，不能附言。如果交的是别的年份或月份的费用，请点“重新填写”，"
                             "再选那个期间；都没问题的话，请核对下面的内容后点“提交”。")
    assert "金额：¥120.00" in calls[-1].text
    assert [label for label, _ in calls[-1].buttons()] == ["提交", "重新填写", "取消"]
    assert _fees(repo) == []


async def test_words_at_the_summary_in_english(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.set_language(pid(repo, 7001), "en")
    async with BotHarness(repo) as bot:
        await _to_amount(bot)
        await bot.send(7001, "120")
        await bot.press(7001, "pay:skip")
        calls = await bot.send(7001, "paid last year")
    assert calls[0].text.startswith("Your words \"paid last year\" were not kept: a fee "
                                    "report records only the fee, the period, the amount")
