"""Money through the real Application: /income and /expense flows, the strict
amount parser keeping the flow at its step, maker-checker through the
buttons, project links, and /reverse."""

from __future__ import annotations

from datetime import datetime

from bot_harness import BotHarness, jpeg_bytes
from conftest import close_when_due, confirmed_resident, pid

from db.core import CHINA_TZ
from db.entries import Kind, Status


def pending_money(repo, kind=Kind.FEE_INCOME):
    return repo.entries(kind=kind, status=Status.PENDING)


async def record_income(bot, tid=101, *, amount="120", receipt=True):
    await bot.send(tid, "/income")
    await bot.press(tid, "inc:fee:sanitation")
    await bot.press(tid, "inc:unit:0")
    await bot.press(tid, "inc:hh:0")
    await bot.press(tid, "inc:per:2025")
    await bot.send(tid, amount)
    if receipt:
        await bot.send_photo(tid, jpeg_bytes())
    else:
        await bot.press(tid, "inc:skip:1")
    return await bot.press_label(tid, "确认登记", exact=True)


async def test_income_flow_records_a_pending_fee_posted_to_the_other_volunteers(repo):
    async with BotHarness(repo) as bot:
        calls = await record_income(bot)
    [entry] = pending_money(repo)
    assert entry.data["household"] == "c1/1/1/101"
    assert entry.data["fee_type"] == "sanitation" and entry.data["period"] == "2025"
    assert entry.data["amount_fen"] == 12000 and entry.data["receipt"].endswith(".jpg")
    assert entry.author_role == "物管会主任甲"
    posted = [c for c in calls if c.chat_id == 102]
    # The receipt goes first, so that the checker sees it; then the post with its buttons.
    assert [c.method for c in posted] == ["sendPhoto", "sendMessage"]
    assert posted[1].buttons()[0][1] == f"q:a:{entry.id}"
    assert "收据照片见上" in posted[1].text and "仅志愿者可见" in posted[0].text
    told = [c for c in calls if c.chat_id == 101][-1]  # the volunteer who recorded it
    # their buttons: the next household of the unit (income_next), and withdrawing it
    # before anyone approves (no Approve of their own)
    assert [b for c in calls if c.chat_id == 101 for b in c.buttons()] == [
        ("➕ 本单元再登记一户（卫生费 2025）", "inc:next:c1/1/1/101:sanitation:2025"),
        (f"撤回 #{entry.id}", f"tb:ask:{entry.id}")]
    assert f"#{entry.id}" in told.text and "另一位志愿者" in told.text


async def test_bad_amount_is_explained_and_the_flow_stays_at_the_amount(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:property")
        await bot.press(101, "inc:unit:0")
        await bot.press(101, "inc:hh:all")
        await bot.send(101, "2025年3月")
        bad = await bot.send(101, "12.345")
        negative = await bot.send(101, "-5")
        await bot.send(101, "一百二十元")
        await bot.press(101, "inc:skip:1")
        await bot.press_label(101, "确认登记", exact=True)
    assert "两位小数" in bad[-1].text
    assert "负" in negative[-1].text
    [entry] = pending_money(repo)
    assert entry.data["amount_fen"] == 12000 and entry.data["period"] == "2025-03"
    assert entry.data["unit_label"] == "东小区 1号楼 1单元" and "household" not in entry.data
    assert entry.data["receipt"] is None


async def test_an_amount_collected_is_shown_in_digits_before_it_is_recorded(repo):
    """A grid worker typing 一万二 sees ¥12,000.00 at the receipt step, before the
    No receipt button records it, and may type it again there."""
    async with BotHarness(repo) as bot:
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:sanitation")
        await bot.press(101, "inc:unit:0")
        await bot.press(101, "inc:hh:0")
        await bot.press(101, "inc:per:2025")
        shown = await bot.send(101, "一万二")
        again = await bot.send(101, "1万2千")  # refused: asked again, nothing changed
        corrected = await bot.send(101, "一千二")
        assert pending_money(repo) == []
        await bot.press(101, "inc:skip:1")
        await bot.press_label(101, "确认登记", exact=True)
    assert "¥12,000.00" in shown[-1].text and "收据" in shown[-1].text
    assert "收据" in again[-1].text and "¥12,000.00" in again[-1].text  # kept as it was
    assert "¥1,200.00" in corrected[-1].text
    [entry] = pending_money(repo)
    assert entry.data["amount_fen"] == 120000


async def test_no_receipt_typed_at_the_receipt_step_records_as_its_button_does(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:sanitation")
        await bot.press(101, "inc:unit:0")
        await bot.press(101, "inc:hh:0")
        await bot.send(101, "上个月")
        await bot.send(101, "两块五")
        await bot.send(101, "没有收据")
        calls = await bot.press_label(101, "确认登记", exact=True)
    [entry] = pending_money(repo)
    assert entry.data["amount_fen"] == 250 and entry.data["receipt"] is None
    today = repo.clock().date()
    back = today.year * 12 + today.month - 2
    assert entry.data["period"] == f"{back // 12}-{back % 12 + 1:02d}"
    assert f"#{entry.id}" in [c for c in calls if c.chat_id == 101][-1].text


async def test_money_spent_typed_as_spoken_is_shown_in_digits(repo):
    async with BotHarness(repo) as bot:
        await bot.send(102, "/expense")
        calls = await bot.send(102, "八十八块八")
    assert "¥88.80" in calls[-1].text and calls[-1].text.index("¥") < calls[-1].text.index("谁")


async def test_a_month_typed_without_its_year_is_the_latest_such_month(repo):
    """A grid worker collecting door to door typed 十二月 for the period and was asked
    again for "2025 或 2025-03" (found in the field trial of steward run)."""
    today = repo.clock().date()
    last = today.month - 1 or 12  # last month, in last year's December in January
    async with BotHarness(repo) as bot:
        for typed in (f"{today.month}月", f"{last}月份", "十三月"):
            await bot.send(101, "/income")
            await bot.press(101, "inc:fee:property")
            await bot.press(101, "inc:unit:0")
            await bot.press(101, "inc:hh:all")
            asked = await bot.send(101, typed)
            if typed == "十三月":
                assert "3月" in asked[-1].text and "2025-03" in asked[-1].text
                break
            await bot.send(101, "30")
            await bot.press(101, "inc:skip:1")
            await bot.press_label(101, "确认登记", exact=True)
    year_of_last = today.year if last < today.month else today.year - 1
    assert sorted(e.data["period"] for e in pending_money(repo)) == sorted(
        [f"{today.year}-{today.month:02d}", f"{year_of_last}-{last:02d}"])


async def test_household_can_be_typed_instead_of_chosen(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:parking")
        unknown = await bot.send(101, "9/9/999")
        await bot.send(101, "1-1-102")
        await bot.send(101, "2025-01")
        await bot.send(101, "30")
        await bot.press(101, "inc:skip:1")
        await bot.press_label(101, "确认登记", exact=True)
    assert "9/9/999" in unknown[-1].text
    assert pending_money(repo)[0].data["household"] == "c1/1/1/102"


async def test_forged_buttons_inside_the_income_flow_change_nothing(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/income")
        stale = await bot.press(101, "inc:fee:heating")
        wrong_step = await bot.press(101, "inc:unit:0")
        await bot.press(101, "inc:fee:property")
        bad_fee = await bot.press(101, "inc:hh:7")
    assert all(c[-1].method == "sendMessage" for c in (stale, wrong_step, bad_fee))
    assert pending_money(repo) == []


async def test_maker_cannot_approve_own_income_another_volunteer_can(repo):
    async with BotHarness(repo) as bot:
        await record_income(bot)
        [entry] = pending_money(repo)
        own = await bot.send(101, f"/approve {entry.id}")
        assert repo.entry(entry.id).status == Status.PENDING
        calls = await bot.press(102, f"q:a:{entry.id}")
    assert "另一位志愿者" in own[-1].text
    assert repo.entry(entry.id).status == Status.APPROVED
    line = repo.ledger("east")[-1]
    assert line["amount_fen"] == 12000 and line["household_ref"] == "东小区 1号楼 1单元"
    assert line["recorded_by"] == "物管会主任甲" and line["approved_by"] == "物管会委员乙"
    assert any(c.chat_id == 101 and "公开账目" in c.text for c in calls)


async def test_expense_flow_with_project_and_receipt(repo):
    project = repo.create_proposal(pid(repo, 101), "east", title="硬化路面", description="",
                                   budget_fen=100000, matter="everyday",
                                   deadline="2025-01-01")
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    repo.cast_vote(resident, project.id, "agree")
    close_when_due(repo, project.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        await bot.send(102, "/expense")
        await bot.send(102, "三百五十元")
        await bot.send(102, "老李五金店")
        await bot.send(102, "水泥和沙子")
        projects = await bot.press(102, "exp:cat:project")
        assert (f"#{project.id} 硬化路面", f"exp:prj:{project.id}") in projects[-1].buttons()
        forged = await bot.press(102, "exp:prj:999")
        await bot.press(102, f"exp:prj:{project.id}")
        text = await bot.send(102, "没有收据")
        asked = await bot.send_photo(102, jpeg_bytes())
        assert pending_money(repo, Kind.EXPENSE) == []  # not before the photo is cleared
        await bot.press(102, "exp:pub:1")
        posted = await bot.press(102, "exp:ok:1")
    assert "失效" in forged[-1].text
    # 没有收据 asks why, or for a photo of the payee's signed note: the photo came
    assert "为什么没有收据" in text[-1].text and "收条" in text[-1].text
    assert "姓名" in asked[-1].text and "公开" in asked[-1].text
    assert [d for _, d in asked[-1].buttons()] == ["exp:pub:1", "exp:pub:0", "exp:back:receipt"]
    [entry] = pending_money(repo, Kind.EXPENSE)
    assert entry.data == {"amount_fen": 35000, "payee": "老李五金店", "purpose": "水泥和沙子",
                          "category": "project", "project": project.id,
                          "receipt": entry.data["receipt"], "receipt_public": True}
    assert entry.data["receipt"].endswith(".jpg")
    # The checker is not told the invoice stays with the volunteers: it will be published.
    [photo] = [c for c in posted if c.chat_id == 101 and c.method == "sendPhoto"]
    assert "公开" in photo.text and "仅志愿者" not in photo.text


async def test_expense_without_projects_skips_the_project_step(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        await bot.send(101, "50")
        await bot.send(101, "保洁公司")
        await bot.send(101, "一月清运")
        calls = await bot.press(101, "exp:cat:cleaning")
        assert "收据" in calls[-1].text
        await bot.send_photo(101, jpeg_bytes())
        await bot.press(101, "exp:pub:0")
        posted = await bot.press(101, "exp:ok:1")
    [photo] = [c for c in posted if c.chat_id == 102 and c.method == "sendPhoto"]
    assert "仅志愿者可见" in photo.text
    [entry] = pending_money(repo, Kind.EXPENSE)
    assert entry.data["project"] is None and entry.data["category"] == "cleaning"
    assert entry.data["receipt_public"] is False


async def test_cancel_in_the_middle_of_a_flow_records_nothing(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        await bot.send(101, "50")
        await bot.send(101, "/cancel")
        await bot.send(101, "保洁公司")
    assert repo.entries(kind=Kind.EXPENSE) == []


async def test_admin_with_every_area_chooses_the_area_first(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(900, "/expense")
        assert [b[1] for b in calls[-1].buttons()] == ["exp:area:0", "exp:area:1", "exp:cancel"]
        await bot.press(900, "exp:area:1")
        await bot.send(900, "20")
        await bot.send(900, "文具店")
        await bot.send(900, "打印公示")
        await bot.press(900, "exp:cat:office")
        await bot.send_photo(900, jpeg_bytes())
        await bot.press(900, "exp:pub:1")
        await bot.press(900, "exp:ok:1")
    [entry] = pending_money(repo, Kind.EXPENSE)
    assert entry.area == "west" and entry.author_role == "管理员乙"


async def test_reverse_takes_the_line_number_and_confirms_with_the_line_shown(repo):
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025",
        "household": "c1/1/1/101"})
    repo.approve(fee.id, pid(repo, 102))
    entry = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 5000, "payee": "五金店", "purpose": "灯泡", "category": "lighting"})
    repo.approve(entry.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        usage = await bot.send(101, "/reverse")
        shown = await bot.send(101, "/reverse 2 金额记错了")
        assert repo.entries(kind=Kind.REVERSAL) == []  # nothing before the confirmation
        calls = await bot.press(101, "rev:ok:2")
        [reversal] = repo.entries(kind=Kind.REVERSAL)
        assert any(c.chat_id == 102 and c.buttons() for c in calls)
        assert any(c.chat_id == 102 and "冲正第 2 笔" in c.text for c in calls)
        # the confirmation's "Yes, reverse line 2" is not left there to press again
        assert [c for c in calls if c.method == "editMessageReplyMarkup" and c.chat_id == 101
                and not c.params.get("reply_markup")]
        again = await bot.send(102, "/reverse 2 再来一次")
        approved = await bot.send(102, f"/approve {reversal.id}")
    assert "/reverse" in usage[-1].text and "rev:seq:1" in [d for _, d in usage[-1].buttons()]
    assert "第 2 笔" in shown[-1].text and "¥50.00" in shown[-1].text and "灯泡" in shown[-1].text
    assert ("rev:ok:2" in [d.split("~")[0] for _, d in shown[-1].buttons()])
    assert "等待审核" in again[-1].text
    lines = repo.ledger("east")
    assert [line["amount_fen"] for line in lines] == [12000, -5000, 5000]
    assert lines[-1]["purpose"] == "冲正第 2 笔：金额记错了" and lines[-1]["reverses"] == 2
    assert repo.entry(entry.id).status == Status.REVERSED
    assert repo.entry(fee.id).status == Status.APPROVED  # the entry id 2 is not line 2
    assert any(c.chat_id == 101 and "第 3 笔" in c.text for c in approved)


async def test_reverse_with_no_reason_shows_the_line_and_asks_why(repo):
    """'/reverse 5' typed by a treasurer got the usage again, to be typed anew with the
    reason; /reject N asks for its reason, and so does /reverse N now."""
    entry = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 5000, "payee": "五金店", "purpose": "灯泡", "category": "lighting"})
    repo.approve(entry.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, "/reverse 1")
        assert repo.entries(kind=Kind.REVERSAL) == []
        shown = await bot.send(101, "金额记错了，应为40元")
        await bot.press(101, "rev:ok:1")
        missing = await bot.send(101, "/reverse 9")
    assert "第 1 笔" in asked[-1].text and "灯泡" in asked[-1].text
    assert "理由" in asked[-1].text and "公开" in asked[-1].text and not asked[-1].buttons()
    assert "金额记错了，应为40元" in shown[-1].text
    [reversal] = repo.entries(kind=Kind.REVERSAL)
    assert reversal.data["reason"] == "金额记错了，应为40元" and reversal.data["line"] == 1
    assert "第 9 笔" in missing[-1].text and "理由" not in missing[-1].text


async def test_reverse_cancelled_at_the_confirmation_records_nothing(repo):
    entry = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 5000, "payee": "五金店", "purpose": "灯泡", "category": "lighting"})
    repo.approve(entry.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        await bot.send(101, "/reverse 1 错了")
        await bot.press(101, "rev:no")
        stale = await bot.press(101, "rev:ok:1")
    assert repo.entries(kind=Kind.REVERSAL) == []
    assert "失效" in stale[-1].text


async def test_reverse_of_an_unknown_or_reversal_line_is_refused(repo):
    entry = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 5000, "payee": "五金店", "purpose": "灯泡", "category": "lighting"})
    async with BotHarness(repo) as bot:
        missing = await bot.send(102, f"/reverse {entry.id} 错了")  # pending: no line yet
        repo.approve(entry.id, pid(repo, 102))
        await bot.send(101, "/reverse 1 错了")
        await bot.press(101, "rev:ok:1")
        repo.approve(repo.entries(kind=Kind.REVERSAL)[0].id, pid(repo, 102))
        of_reversal = await bot.send(101, "/reverse 2 再冲一次")
        twice = await bot.send(101, "/reverse 1 再冲一次")
    assert "第 1 笔" in missing[-1].text and "没有" in missing[-1].text
    assert "冲正" in of_reversal[-1].text and not of_reversal[-1].buttons()
    assert "第 1 笔已被第 2 笔冲正" in twice[-1].text  # the line that reversed it, named
    assert len(repo.entries(kind=Kind.REVERSAL)) == 1


async def test_residents_and_strangers_cannot_start_money_flows(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        resident = await bot.send(5001, "/income")
        stranger = await bot.send(5002, "/expense")
        after = await bot.send(5001, "120")
    assert "仅限志愿者" in resident[-1].text and "仅限志愿者" in stranger[-1].text
    assert all("收据" not in c.text for c in after)
    assert repo.entries(kind=Kind.FEE_INCOME) == []


async def test_the_household_typed_or_pressed_is_named_back_before_the_period(repo):
    """A treasurer typing 1-1-102 door to door (or pressing one room of a dozen) saw
    only 'For which period?': a wrong room went unseen until the checker's post."""
    async with BotHarness(repo) as bot:
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:parking")
        typed = await bot.send(101, "1-1-102")
        await bot.send(101, "/cancel")
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:parking")
        await bot.press(101, "inc:unit:0")
        pressed = await bot.press(101, "inc:hh:2")
    assert "住户：东小区 1号楼 1单元 102" in typed[-1].text and "期间" in typed[-1].text
    assert "住户：东小区 1号楼 1单元 201" in pressed[-1].text


async def test_the_recorder_is_told_the_fee_period_and_household_recorded(repo):
    """'已记录为 #27（¥10.00）' after each of a dozen households did not say which one."""
    async with BotHarness(repo) as bot:
        calls = await record_income(bot, receipt=False)
        await bot.send(102, "/expense")
        await bot.send(102, "1200")
        await bot.send(102, "保洁员")
        await bot.send(102, "11月保洁工资")
        await bot.press(102, "exp:cat:cleaning")
        await bot.send_photo(102, jpeg_bytes())
        await bot.press(102, "exp:pub:0")
        spent = await bot.press(102, "exp:ok:1")
    [fee] = pending_money(repo)
    [expense] = pending_money(repo, Kind.EXPENSE)
    told = [c for c in calls if c.chat_id == 101][-1].text
    assert f"#{fee.id}：卫生费 2025，东小区 1号楼 1单元 101，¥120.00" in told, told
    said = [c for c in spent if c.chat_id == 102][-1].text
    assert f"#{expense.id}：11月保洁工资，付给保洁员，¥1,200.00" in said, said


async def test_two_months_paid_at_once_are_recorded_a_month_each(repo):
    """'11-12月' typed at the door got 'please give a year or a month'; a treasurer then
    booked ¥20 for November, and December showed the household as unpaid. Now the bot
    says to record each month and offers them (the test clock is in January 2025)."""
    async with BotHarness(repo) as bot:
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:sanitation")
        await bot.send(101, "1/1/102")
        said = await bot.send(101, "11月到12月")
        asked = await bot.press(101, "inc:per:2024-11")
        await bot.send(101, "10")
        await bot.press(101, "inc:skip:1")
        first = await bot.press_label(101, "确认登记", exact=True)
        [(label, data), withdraw] = [b for c in first if c.chat_id == 101 for b in c.buttons()]
        next_month = await bot.press(101, data)  # the same household, the next month
        await bot.send(101, "10")
        await bot.press(101, "inc:skip:1")
        last = await bot.press_label(101, "确认登记", exact=True)
    assert "分开登记" in said[-1].text and "2024-11、2024-12" in said[-1].text
    assert [d for _, d in said[-1].buttons()] == ["inc:per:2024-11", "inc:per:2024-12"]
    assert "多少钱" in asked[-1].text
    assert label == "接着为这一户登记 2024-12"
    assert "住户：东小区 1号楼 1单元 102" in next_month[-1].text
    assert "期间：2024-12" in next_month[-1].text and "多少钱" in next_month[-1].text
    assert withdraw[1].startswith("tb:ask:")  # each month its own 撤回
    assert [d for c in last if c.chat_id == 101 for _, d in c.buttons()
            if not d.startswith(("tb:", "inc:next:"))] == []  # no third month (the next flat)
    fees = sorted(pending_money(repo), key=lambda e: e.id)
    assert [(f.data["household"], f.data["period"], f.data["amount_fen"]) for f in fees] == [
        ("c1/1/1/102", "2024-11", 1000), ("c1/1/1/102", "2024-12", 1000)]


async def test_the_expense_steps_keep_a_workers_name_and_phone_off_the_site(repo):
    """A cleaner's wage slip (工资领取单, her name and phone on it): the question asked
    only about a *resident's* name, and the payee step invited a worker's name, both
    published with the line (the treasurer's month-end trial)."""
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        payee = await bot.send(101, "1200")
        await bot.send(101, "保洁员")
        await bot.send(101, "11月保洁工资")
        await bot.press(101, "exp:cat:cleaning")
        asked = await bot.send_photo(101, jpeg_bytes())
    assert "保洁员" in payee[-1].text and "公开" in payee[-1].text
    assert "不要写个人姓名" in payee[-1].text
    assert "任何人的姓名" in asked[-1].text and "工人" in asked[-1].text


async def test_a_period_typed_in_words_is_said_back_as_the_month_it_was_read_as(repo):
    """本月 typed a minute after midnight on New Year's Eve is January, not the December
    the treasurer was collecting for: the reply names the month understood, as it names
    the amount, while it can still be typed again."""
    async with BotHarness(repo) as bot:
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:sanitation")
        await bot.press(101, "inc:unit:0")
        await bot.press(101, "inc:hh:0")
        this_month = await bot.send(101, "本月")
        today = repo.clock().date()
        await bot.send(101, "10")
        await bot.press(101, "inc:skip:1")
        await bot.press_label(101, "确认登记", exact=True)
    said = [c.text for c in this_month if c.chat_id == 101][-1]
    assert f"期间：{today:%Y-%m}（请核对）" in said and "多少钱" in said
    [entry] = pending_money(repo)
    assert entry.data["period"] == f"{today:%Y-%m}"


async def test_the_period_examples_are_of_the_repository_clocks_year(repo):
    """In 2026 a grid worker was asked for a period "例如 2025、2025-03 或 3月" (the
    question, and again after a word it could not read or a voice note): an example
    of last year, next to buttons of this one."""
    repo.clock.now = datetime(2026, 12, 4, 9, 0, tzinfo=CHINA_TZ)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:property")
        await bot.press(101, "inc:unit:0")
        asked = await bot.press(101, "inc:hh:all")
        again = await bot.send(101, "十三月")
        voiced = await bot.send_voice(101)
    for said in (asked[-1].text, again[-1].text, voiced[-1].text):
        assert "2026、2026-03 或 3月" in said and "2025" not in said
