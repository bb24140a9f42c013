"""A volunteer's fee typed in words outside any flow (1号楼1单元102交卫生费30): /income
offered at that household and fee, never a fee recorded on typed words; a resident's
words of a fee keep the resident's answer; forged buttons for a household elsewhere
change nothing (``bot.handlers.income_typed``)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

EAST_HOME = "c1/1/1/102"


async def test_a_volunteers_typed_fee_offers_income_at_that_household_and_fee(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, "1号楼1单元102交卫生费30")
        said = calls[-1]
        assert "没有登记" in said.text, said.text
        assert [d for _, d in said.buttons()] == [f"inc:for:{EAST_HOME}:sanitation"]
        assert "东小区 1号楼 1单元 102" in said.buttons()[0][0]
        assert "卫生费" in said.buttons()[0][0]
        assert repo.entries(kind=Kind.FEE_INCOME) == []  # nothing on typed words
        await bot.press(102, f"inc:for:{EAST_HOME}:sanitation")
        await bot.send(102, "2025-03")
        await bot.send(102, "30")
        await bot.press(102, "inc:skip:1")
        await bot.press_label(102, "确认登记", exact=True)
    [fee] = repo.entries(kind=Kind.FEE_INCOME)
    assert fee.data["household"] == EAST_HOME and fee.data["amount_fen"] == 3000
    assert fee.data["fee_type"] == "sanitation" and fee.author == pid(repo, 102)


async def test_a_typed_fee_naming_no_fee_offers_each_household_fee_of_the_area(repo):
    async with BotHarness(repo) as bot:
        said = (await bot.send(101, "1-1-101 交钱了"))[-1]
    data = [d for _, d in said.buttons()]
    assert data and all(d.startswith("inc:for:c1/1/1/101:") for d in data), data
    assert len(data) <= 4 and "inc:for:c1/1/1/101:other" not in data


async def test_a_typed_fee_without_a_household_offers_income_from_its_start(repo):
    async with BotHarness(repo) as bot:
        said = (await bot.send(101, "今天收了三户的卫生费"))[-1]
    assert [d for _, d in said.buttons()] == ["go:income"]
    assert "没有登记" in said.text


async def test_a_room_of_another_area_is_not_offered(repo):
    async with BotHarness(repo) as bot:  # 103 is west's: 东小区's rooms are not hers
        said = (await bot.send(103, "东小区1号楼1单元201交卫生费"))[-1]
    assert [d for _, d in said.buttons()] == ["go:income"]


async def test_a_residents_words_of_a_fee_still_get_the_residents_fee_flow(repo):
    confirmed_resident(repo, 7002, EAST_HOME, 101)
    async with BotHarness(repo) as bot:
        said = (await bot.send(7002, "交卫生费"))[-1]
    assert [d for _, d in said.buttons()] == ["go:pay"]


async def test_a_forged_fee_button_for_a_household_elsewhere_records_nothing(repo):
    async with BotHarness(repo) as bot:
        await bot.press(103, f"inc:for:{EAST_HOME}:sanitation")
        await bot.send(103, "2025-03")
        await bot.send(103, "30")
    assert repo.entries(kind=Kind.FEE_INCOME) == []
