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


async def test_the_new_owner_s_pay_says_the_flat_paid_before_her_not_which_line(repo):
    """/pay's summary read ⚠️ 您家的卫生费 2025年 已经记在公开账目第 59 笔 to the demo's
    new owner of 盐业小区 1号楼 1单元 101: the former owner's payment, whose line on the
    site gives its amount and day, said to be her household's."""
    owner = confirmed_resident(repo, 7001, HOME, 101)
    paid = repo.submit(owner, Kind.FEE_INCOME, "east", {
        "fee_type": "property", "period": "2025-01", "amount_fen": 12000, "household": HOME})
    repo.approve(paid.id, pid(repo, 102))
    waits = repo.submit(owner, Kind.FEE_INCOME, "east", {
        "fee_type": "property", "period": "2025-02", "amount_fen": 12000, "household": HOME})
    seq = repo.entry(paid.id).data["ledger_seq"]
    async with BotHarness(repo) as bot:
        await bot.press(7002, "reg:ok:0:0:0:0")
        [reg] = repo.entries(kind=Kind.REGISTRATION, status=Status.PENDING)
        await bot.press(101, f"q:m:{reg.id}")
        said = []
        for month in ("2025-01", "2025-02"):
            await bot.send(7002, "/pay")
            await bot.press(7002, "pay:fee:property")
            await bot.press(7002, f"pay:per:{month}")
            await bot.send(7002, "120")
            said.append((await bot.press(7002, "pay:skip"))[-1].text)
            await bot.press_label(7002, "取消", exact=True)
    assert "⚠️ 这一户的物业费 2025年1月 在您家住进来以前已经交过了（是原住户交的）。" in said[0], \
        said[0]
    assert "如果您家确实又交了一笔，请点“提交”；如果没有，请点“取消”。" in said[0]
    assert f"第 {seq} 笔" not in said[0] and "您家的物业费" not in said[0]
    assert "在您家住进来以前已经有人登记过（是原住户登记的），正在等待志愿者核实" in said[1], \
        said[1]
    assert f"#{waits.id}" not in said[1]


async def test_the_fee_collected_at_her_door_while_she_waited_is_in_her_mine(repo):
    """A grid worker collected the newcomer's 卫生费 at her door while her registration
    waited; once 确认（原住户已搬走） was pressed her 我的 did not list it (您家住进来以前
    ……是原住户的) and /mydata left it out: the household's start was the confirmation."""
    owner = confirmed_resident(repo, 7001, HOME, 101)
    fee = repo.submit(owner, Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2024", "household": HOME})
    repo.approve(fee.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        await bot.press(7002, "reg:ok:0:0:0:0")
        [reg] = repo.entries(kind=Kind.REGISTRATION, status=Status.PENDING)
        hers = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
            "amount_fen": 13000, "fee_type": "sanitation", "period": "2025",
            "household": HOME, "collected": True})
        repo.approve(hers.id, pid(repo, 102))
        await bot.press(102, f"q:m:{reg.id}")
        mine = (await bot.send(7002, "我的"))[-1].text
        data = (await bot.send(7002, "/mydata"))[0].text
    seq = repo.entry(hers.id).data["ledger_seq"]
    assert f"您家已缴：卫生费 2025 ¥130.00（第 {seq} 笔）" in mine, mine
    assert "120.00" not in mine and "120.00" not in data
    assert f"#{hers.id}" in data and "¥130.00" in data, data


async def test_the_first_buyer_is_not_shown_fees_collected_before_anyone_registered(repo):
    """Fees a grid worker collected at the door while nobody of the flat was registered
    were listed in the first registered buyer's 我的 (您家已缴：卫生费 2024 ¥120.00…) and
    /mydata, and /pay named their line as her household's. Now 我的 says they are not
    shown, not that they were the former residents' (nobody knows who lived there), and
    /pay still warns before she pays this period again, without a line or an amount."""
    ids = []
    for period in ("2024", "2025"):
        fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
            "amount_fen": 12000, "fee_type": "sanitation", "period": period,
            "household": HOME, "collected": True})
        ids.append(repo.approve(fee.id, pid(repo, 102)).data["ledger_seq"])
    async with BotHarness(repo) as bot:
        await bot.press(7002, "reg:ok:0:0:0:0")
        [reg] = repo.entries(kind=Kind.REGISTRATION, status=Status.PENDING)
        await bot.press(101, f"q:a:{reg.id}")
        mine = (await bot.send(7002, "我的"))[-1].text
        data = (await bot.send(7002, "/mydata"))[0].text
        await bot.send(7002, "/pay")
        await bot.press(7002, "pay:fee:sanitation")
        await bot.press(7002, "pay:per:2025")
        await bot.send(7002, "120")
        pay = (await bot.press(7002, "pay:skip"))[-1].text
    assert ("您家登记以前这一户记下的缴费，这里不显示（不知道那时是谁住在这里）。"
            "这一户本期的卫生费已经交过了。") in mine, mine
    assert "您家已缴" not in mine and "原住户" not in mine
    for said in (mine, data, pay):
        assert "120.00" not in said.replace("金额：¥120.00", ""), said
        assert not any(f"第 {seq} 笔" in said for seq in ids), said
    assert "⚠️ 这一户的卫生费 2025年 在您家登记以前已经有人交过了。" in pay, pay
    assert "如果您家确实又交了一笔，请点“提交”；如果没有，请点“取消”。" in pay


async def test_the_new_owner_does_not_follow_the_reports_recorded_for_the_former_owner(repo):
    """A grid worker had recorded 楼梯扶手松了 for the former owner (代办), still open. When
    确认（原住户已搬走） was pressed for the new owner, the bot made her follow it and told
    her 志愿者在您登记之前为您家登记过报事：#N 家里老人……, and 我的 listed it (she followed
    it): the former owner's report, as if hers."""
    confirmed_resident(repo, 7001, HOME, 101)
    report = repo.submit_for(pid(repo, 101), HOME, Kind.ISSUE,
                             {"category": "safety", "text": "家里老人行动不便，楼梯扶手松了"})
    repo.approve(report.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        await bot.press(7002, "reg:ok:0:0:0:0")
        [reg] = repo.entries(kind=Kind.REGISTRATION, status=Status.PENDING)
        done = await bot.press(101, f"q:m:{reg.id}")
        mine = (await bot.send(7002, "我的"))[-1].text
    told = " ".join(c.text for c in done if c.chat_id == 7002)
    assert "扶手" not in told and "扶手" not in mine, (told, mine)
    assert pid(repo, 7002) not in repo.entry(report.id).data["followers"]


async def test_a_report_for_the_former_owner_approved_after_she_came_is_not_hers(repo):
    """The same, with the former owner's report still waiting when the new owner was
    confirmed: approving it made her follow it and told her of it."""
    confirmed_resident(repo, 7001, HOME, 101)
    report = repo.submit_for(pid(repo, 101), HOME, Kind.ISSUE,
                             {"category": "safety", "text": "家里老人行动不便，楼梯扶手松了"})
    async with BotHarness(repo) as bot:
        await bot.press(7002, "reg:ok:0:0:0:0")
        [reg] = repo.entries(kind=Kind.REGISTRATION, status=Status.PENDING)
        await bot.press(101, f"q:m:{reg.id}")
        done = await bot.press(102, f"q:a:{report.id}")
    assert repo.entry(report.id).status == Status.APPROVED
    assert not [c.text for c in done if c.chat_id == 7002 and "扶手" in c.text]
    assert pid(repo, 7002) not in repo.entry(report.id).data["followers"]
