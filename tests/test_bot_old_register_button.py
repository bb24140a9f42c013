"""An elderly resident, confirmed, presses the 🏠 选择我的住址 button of a message from
before her registration (or 申请变更住户): she got "您住在哪里？请选择小区：" alone, as if
she had no household, and could not tell whether her registration was lost (found
trying the real ``steward run``). Now the picker says which household is hers, with
the button that keeps it."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

from db.entries import Kind


async def test_the_old_register_button_says_her_household_and_offers_to_keep_it(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        calls = await bot.press(7001, "reg:new")
        shown = [c for c in calls if c.chat_id == 7001 and c.buttons()][-1]
        assert "您登记的住户是 东小区 1号楼 1单元 101" in shown.text, shown.text
        assert "reg:keep" in [d for _, d in shown.buttons()], shown.buttons()
        assert "reg:c:0" in [d for _, d in shown.buttons()]  # she may still change it
        calls = await bot.press(7001, "reg:keep")
    assert "东小区 1号楼 1单元 101" in calls[-1].text
    assert "没有改动" in calls[-1].text
    assert [e.data["household"] for e in repo.entries(kind=Kind.REGISTRATION)] == ["c1/1/1/101"]


async def test_a_newcomer_pressing_it_is_asked_where_she_lives(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.press(7009, "reg:new")
    assert "您住在哪里" in calls[-1].text and "您登记的住户" not in calls[-1].text
    assert "reg:keep" not in [d for _, d in calls[-1].buttons()]
