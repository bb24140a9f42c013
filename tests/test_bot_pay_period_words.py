"""好 typed at 是哪个期间的？ (she meant "OK" to the question before it): it was stored
as the fee's period, published on the ledger as 卫生费 好, and the amount asked next as if
she had answered. Now words that say no year or month are not kept, the question asked
again with its buttons; a period in words (2025年上半年, 冬季) still is."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident

from db.entries import Kind
from db.fees import says_a_period

HOME = "c1/1/1/101"


async def test_ok_typed_at_the_period_is_not_taken_for_the_period(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:property")
        told = await bot.send(7001, "好")
        assert "“好”没有记下：它没有说是哪一年或哪个月" in told[-1].text, told[-1].text
        assert any(d.startswith("pay:per:") for _, d in told[-1].buttons())
        asked = await bot.send(7001, "2025年上半年")
        assert "交了多少钱" in asked[-1].text
        await bot.send(7001, "120")
        summary = await bot.press(7001, "pay:skip")
        await bot.press(7001, next(d for _, d in summary[-1].buttons() if d.startswith("pay:ok")))
    [fee] = repo.entries(kind=Kind.FEE_INCOME)
    assert fee.data["period"] == "2025年上半年"


@pytest.mark.parametrize("typed", ["2025年上半年", "冬季", "全年", "二〇二五", "spring 2025",
                                   "March"])
def test_a_period_in_words_says_a_period(typed):
    assert says_a_period(typed)


@pytest.mark.parametrize("typed", ["好", "好的", "是的", "嗯", "不知道", "ok", "yes"])
def test_a_yes_or_a_word_says_no_period(typed):
    assert not says_a_period(typed)
