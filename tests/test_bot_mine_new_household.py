"""A flat that changed hands, through the real Application: the new owner's 我的 read
您家已缴：卫生费 2025 ¥120.00（第 1 笔）, the former owner's payment, and her /mydata
listed it under 别人为您家登记的缴费、报事和意见 (the former owner's own fee report, as if
recorded for her). Now neither lists it; 我的 says the flat's earlier residents' fees are
not shown and that this flat's 卫生费 for the present period is paid already."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status

HOME = "c1/1/1/101"


async def test_the_new_owner_s_mine_and_mydata_show_none_of_the_former_owner_s_fees(repo):
    owner = confirmed_resident(repo, 7001, HOME, 101)
    fee = repo.submit(owner, Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025", "household": HOME})
    repo.approve(fee.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        await bot.press(7002, "reg:ok:0:0:0:0")
        [reg] = repo.entries(kind=Kind.REGISTRATION, status=Status.PENDING)
        await bot.press(101, f"q:m:{reg.id}")
        mine = (await bot.send(7002, "我的"))[-1].text
        data = (await bot.send(7002, "/mydata"))[0].text
        repo.set_language(repo.person_by_telegram(7002)["id"], "en")
        mine_en = (await bot.send(7002, "/mine"))[-1].text
    for said in (mine, data, mine_en):
        assert "120.00" not in said and f"#{fee.id}" not in said, said
    assert "您家已缴" not in mine
    assert ("您家住进来以前这一户的缴费记录是原住户的，这里不显示。"
            "这一户本期的卫生费已经交过了。") in mine
    assert "别人为您家登记的缴费" not in data
    assert "This flat's Sanitation fee for the present period is paid already." in mine_en, \
        mine_en
