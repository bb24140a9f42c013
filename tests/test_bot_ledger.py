"""A ledger that cannot be quietly wrong, through the real Application: a fee
booked twice is flagged with the line already paid and approved only as a
separate payment with its reason; a household's residents get a receipt and
see it in 我的; a second claim on a household is flagged and confirmed, its
residents told; nobody confirms their own registration; the street file's
fee schedule, amount ceiling and rate limit are what the bot follows."""

from __future__ import annotations

from datetime import datetime

import pytest
from bot_harness import BotHarness
from conftest import SMALL_STREET, StepClock, confirmed_resident, pid

from bot.settings import Settings
from db.config import parse_street
from db.core import CHINA_TZ
from db.entries import Kind, Status
from db.repository import Repository

HOME = "c1/1/1/101"
SCHEDULED = SMALL_STREET.replace(
    "  - {id: east, name: 东小区, mode: committee, steward: 东小区物管会, compounds: [c1]}",
    "  - id: east\n    name: 东小区\n    mode: committee\n    steward: 东小区物管会\n"
    "    compounds: [c1]\n    fees:\n"
    "      - {type: sanitation, per: household, amount_fen: 12000, period: year}\n"
    "      - {type: maintenance, per: unit}\n"
    "      - {type: parking, per: area, amount_fen: 3000, period: month}").replace(
    "admins: [900]\n", "admins: [900]\nsettings: {amount_ceiling_fen: 100000, "
    "rate_limit_per_hour: 1}\n")


@pytest.fixture
def scheduled(tmp_path):
    """The small street with a fee schedule in east, a ¥1,000 ceiling and one entry an hour."""
    r = Repository.init(tmp_path / "data", parse_street(SCHEDULED, "street.yaml"),
                        clock=StepClock())
    yield r
    r.close()


def paid(repo, household=HOME, period="2025"):
    """A household's 卫生费, booked: line 1 of east."""
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": period,
        "household": household})
    return repo.approve(fee.id, pid(repo, 102))


async def collect(bot, tid=101, *, fee="sanitation", unit=0, room=0, period="2025"):
    """/income for a household of the first unit, by the buttons; returns the calls."""
    await bot.send(tid, "/income")
    await bot.press(tid, f"inc:fee:{fee}")
    await bot.press(tid, f"inc:unit:{unit}")
    await bot.press(tid, f"inc:hh:{room}")
    await bot.press(tid, f"inc:per:{period}")
    await bot.send(tid, "120")
    await bot.press(tid, "inc:skip:1")
    return await bot.press_label(tid, "确认登记", exact=True)


# -- a fee booked twice ---------------------------------------------------------------


async def test_a_fee_already_booked_is_flagged_on_the_approval_post_with_its_line(repo):
    paid(repo)
    async with BotHarness(repo) as bot:
        calls = await collect(bot)
    [entry] = repo.entries(kind=Kind.FEE_INCOME, status=Status.PENDING)
    post = next(c for c in calls if c.chat_id == 102 and c.buttons())
    assert "可能已缴过：第 1 笔（2025，¥120.00" in post.text
    assert [d for _, d in post.buttons()] == [f"q:s:{entry.id}", f"q:r:{entry.id}"]


async def test_approve_of_a_double_fee_is_refused_until_marked_a_separate_payment(repo):
    paid(repo)
    async with BotHarness(repo) as bot:
        await collect(bot)
        [entry] = repo.entries(kind=Kind.FEE_INCOME, status=Status.PENDING)
        pressed = await bot.press(102, f"q:a:{entry.id}")
        typed = await bot.send(102, f"/approve {entry.id}")
        assert repo.entry(entry.id).status == Status.PENDING and len(repo.ledger("east")) == 1
        assert "另行缴费" in pressed[-1].text and "重复" in typed[-1].text
        assert f"q:s:{entry.id}" in [d for _, d in typed[-1].buttons()]
        asked = await bot.press(102, f"q:s:{entry.id}")
        assert "理由" in asked[-1].text
        done = await bot.send(102, "补交去年欠费")
    assert repo.entry(entry.id).status == Status.APPROVED
    line = repo.ledger("east")[-1]
    assert line["seq"] == 2 and line["note"] == "另行缴费：补交去年欠费"
    assert any("第 2 笔" in c.text for c in done if c.chat_id == 102)
    assert repo.verify()


async def test_a_question_typed_as_a_separate_payments_reason_is_not_published(repo):
    """The reason is published with the line: 这是什么意思？ typed there (the new
    volunteer's trial) is shown back first; sent again, it is taken as it is."""
    paid(repo)
    async with BotHarness(repo) as bot:
        await collect(bot)
        [entry] = repo.entries(kind=Kind.FEE_INCOME, status=Status.PENDING)
        await bot.press(102, f"q:s:{entry.id}")
        asked = await bot.send(102, "这是什么意思？")
        assert repo.entry(entry.id).status == Status.PENDING and len(repo.ledger("east")) == 1
        assert "像是在问问题" in asked[-1].text and "补交上半年欠费" in asked[-1].text
        await bot.send(102, "补交去年欠费")
    assert repo.ledger("east")[-1]["note"] == "另行缴费：补交去年欠费"


async def test_separate_command_approves_with_the_reason_and_a_pending_one_is_flagged(repo):
    resident = confirmed_resident(repo, 7001, HOME, 101)
    first = repo.submit(resident, Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025", "household": HOME})
    async with BotHarness(repo) as bot:
        calls = await collect(bot, period="2025")
        [second] = [e for e in repo.entries(kind=Kind.FEE_INCOME) if e.id != first.id]
        post = next(c for c in calls if c.chat_id == 102 and c.buttons())
        assert f"另有一笔待审核：#{first.id}" in post.text
        await bot.send(102, f"/approve {first.id}")  # the earlier one goes through
        none = await bot.send(102, f"/separate {second.id}")
        await bot.send(102, "/cancel")
        done = await bot.send(102, f"/separate {second.id} 两口人分开交")
    assert "理由" in none[-1].text
    assert repo.entry(second.id).status == Status.APPROVED
    assert repo.ledger("east")[-1]["note"] == "另行缴费：两口人分开交"
    assert any("第 2 笔" in c.text for c in done)


async def test_a_month_of_a_year_already_paid_is_flagged_too(repo):
    paid(repo, period="2025")
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 1000, "fee_type": "sanitation", "period": "2025-03", "household": HOME})
    assert [d["seq"] for d in repo.fee_duplicates(fee.id)] == [1]
    other = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 1000, "fee_type": "sanitation", "period": "2026-03", "household": HOME})
    assert repo.fee_duplicates(other.id) == []


# -- receipts and 我的 ----------------------------------------------------------------


async def test_a_booked_household_fee_is_a_receipt_to_its_residents_and_shows_in_mine(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    confirmed_resident(repo, 7002, HOME, 101)
    async with BotHarness(repo) as bot:
        await collect(bot)
        [entry] = repo.entries(kind=Kind.FEE_INCOME, status=Status.PENDING)
        calls = await bot.press(102, f"q:a:{entry.id}")
        mine = await bot.send(7001, "我的")
    receipts = [c for c in calls if c.chat_id in (7001, 7002)]
    assert len(receipts) == 2
    assert all("卫生费 2025 ¥120.00 已入账（第 1 笔）" in c.text for c in receipts)
    assert "您家已缴：卫生费 2025 ¥120.00（第 1 笔）" in mine[-1].text


async def test_a_treasurers_mine_names_each_fees_household_and_line(repo):
    """我的 listed a treasurer's dozen fees as '卫生费 2026-12 ¥10.00 —— 已入账', alike:
    whose, and which line for /reverse? (the month-end trial)"""
    async with BotHarness(repo) as bot:
        await collect(bot, room=1)
        [entry] = repo.entries(kind=Kind.FEE_INCOME, status=Status.PENDING)
        await bot.press(102, f"q:a:{entry.id}")
        await collect(bot, room=2)
        mine = await bot.send(101, "我的")
    lines = mine[-1].text.splitlines()
    assert any("卫生费 2025 ¥120.00 东小区 1号楼 1单元 102 —— 已入账（第 1 笔）" in x
               for x in lines), lines
    assert any("卫生费 2025 ¥120.00 东小区 1号楼 1单元 201 —— 待审核" in x for x in lines)


async def test_a_reversed_fee_is_told_to_the_household_and_no_longer_shows_as_paid(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    paid(repo)
    rev = repo.reverse("east", 1, pid(repo, 101), "记错了户")
    async with BotHarness(repo) as bot:
        calls = await bot.press(102, f"q:a:{rev.id}")
        mine = await bot.send(7001, "我的")
    told = [c.text for c in calls if c.chat_id == 7001]
    assert told == ["公开账目第 1 笔（您家的卫生费 2025 ¥120.00）已由第 2 笔冲正。原因：记错了户"]
    assert "您家已缴" not in mine[-1].text


# -- registrations ----------------------------------------------------------------------


async def test_nobody_confirms_their_own_registration(repo):
    async with BotHarness(repo) as bot:
        await bot.press(101, "reg:ok:0:0:0:0")
        [reg] = repo.entries(kind=Kind.REGISTRATION)
        own = await bot.send(101, f"/approve {reg.id}")
        other = await bot.press(102, f"q:a:{reg.id}")
    assert "不能确认自己的住户登记" in own[-1].text
    assert repo.entry(reg.id).status == Status.APPROVED
    assert any(c.chat_id == 101 for c in other)


async def test_a_claim_on_a_bound_household_is_flagged_confirmed_and_its_residents_told(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        claimed = await bot.press(7002, "reg:ok:0:0:0:0")
        [reg] = repo.entries(kind=Kind.REGISTRATION, status=Status.PENDING)
        post = next(c for c in claimed if c.chat_id == 101 and c.buttons())
        refused = await bot.send(101, f"/approve {reg.id}")
        assert repo.entry(reg.id).status == Status.PENDING
        confirmed = await bot.press(101, f"q:b:{reg.id}")
    assert any(c.chat_id == 7001 and "申请登记为您家" in c.text for c in claimed)
    assert "该户已有 1 位确认的住户" in post.text
    assert [d for _, d in post.buttons()] == [f"q:b:{reg.id}", f"q:r:{reg.id}",
                                              f"q:m:{reg.id}"]  # or the residents moved out
    assert "确认同住" in " ".join(t for t, _ in refused[-1].buttons())
    assert repo.person_by_telegram(7002)["household"] == HOME
    assert any(c.chat_id == 7001 and "新增一位住户" in c.text for c in confirmed)


# -- the street file's schedule, ceiling and rate limit ----------------------------------


async def test_income_asks_who_paid_as_the_schedule_says(scheduled):
    repo = scheduled
    async with BotHarness(repo) as bot:
        fees = await bot.send(101, "/income")
        assert [d for _, d in fees[-1].buttons()] == [
            "inc:fee:sanitation", "inc:fee:maintenance", "inc:fee:parking", "inc:cancel"]
        await bot.press(101, "inc:fee:maintenance")  # per unit: no room asked
        periods = await bot.press(101, "inc:unit:0")
        assert "inc:per:" in periods[-1].buttons()[0][1]
        await bot.send(101, "2025-06")
        await bot.send(101, "900")
        await bot.press(101, "inc:skip:1")
        await bot.press_label(101, "确认登记", exact=True)
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:parking")  # the whole area: straight to the period
        await bot.press(101, "inc:per:2025-01")
        usual = await bot.press(101, "inc:amt:3000")
        assert "收据" in usual[-1].text
        await bot.press(101, "inc:skip:1")
        await bot.press_label(101, "确认登记", exact=True)
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:sanitation")
        rooms = await bot.press(101, "inc:unit:0")
    assert "inc:hh:all" not in [d for _, d in rooms[-1].buttons()]  # per household only
    unit_fee, area_fee = repo.entries(kind=Kind.FEE_INCOME)
    assert unit_fee.data["unit"] == "c1/1/1" and unit_fee.data["unit_label"] == "东小区 1号楼 1单元"
    assert "household" not in area_fee.data and area_fee.data["amount_fen"] == 3000


async def test_pay_offers_a_household_only_the_fees_it_pays_itself(scheduled):
    confirmed_resident(scheduled, 7001, HOME, 101)
    async with BotHarness(scheduled) as bot:
        calls = await bot.send(7001, "缴费登记")
        forged = await bot.press(7001, "pay:fee:maintenance")
    assert [d for _, d in calls[-1].buttons() if d.startswith("pay:fee:")] == \
        ["pay:fee:sanitation"]
    assert "失效" in forged[-1].text


async def test_the_ceiling_of_the_street_file_is_the_one_refused_and_quoted(scheduled):
    async with BotHarness(scheduled) as bot:
        await bot.send(101, "/expense")
        calls = await bot.send(101, "5000")
        ok = await bot.send(101, "1000")
    assert "¥1,000.00" in calls[-1].text and "¥1,000,000" not in calls[-1].text
    assert "付给了谁" in ok[-1].text  # the next step: ¥1,000 itself is accepted


async def test_the_rate_limit_of_the_street_file_is_followed(scheduled, tmp_path):
    settings = Settings(token="1:T", data_dir=scheduled.store.root, persistence=False)
    async with BotHarness(scheduled, settings=settings) as bot:
        await bot.press(7001, "reg:ok:0:0:0:1")
        reg = scheduled.entries(kind=Kind.REGISTRATION)[0]
        scheduled.reject(reg.id, pid(scheduled, 101), "房号不对")
        await bot.press(7001, "reg:h:0:0:0:2")  # the question asked anew, after the rejection
        again = await bot.press(7001, "reg:ok:0:0:0:2")
    assert "分钟后再试" in again[-1].text
    assert len(scheduled.entries(kind=Kind.REGISTRATION)) == 1


async def test_accounts_shows_line_numbers(repo):
    paid(repo)
    async with BotHarness(repo) as bot:
        await bot.send(102, "账目")
        calls = await bot.press(102, "acc:0")
    assert "第 1 笔：" in calls[-1].text and "+¥120.00" in calls[-1].text


async def test_accounts_name_the_period_a_fee_line_pays(repo):
    """'第 21 笔 +¥10.00 卫生费' in December was November's fee paid late (after a reversed
    November line); the site and the notice say 卫生费（2026-11）, and so does 账目."""
    paid(repo, period="2024-11")
    async with BotHarness(repo) as bot:
        await bot.send(102, "账目")
        calls = await bot.press(102, "acc:0")
    assert "+¥120.00 卫生费（2024-11）" in calls[-1].text, calls[-1].text


async def test_unpaid_said_without_a_period_takes_the_fees_period_now(scheduled):
    """A treasurer at the month's end typed /unpaid, then /unpaid 卫生费, and got the
    usage twice; the schedule says which fee is paid per household and how often."""
    paid(scheduled)  # 卫生费 2025 of HOME; the test clock is in 2025
    async with BotHarness(scheduled) as bot:
        alone = await bot.send(101, "/unpaid")
        fee_only = await bot.send(101, "/unpaid 卫生费")
        no_period = await bot.send(101, "/unpaid 维修资金")  # due when a repair is shared
    for said in (alone, fee_only):
        assert "东小区未交 2025 卫生费 的住户（2 户）" in said[-1].text, said[-1].text
        assert "东小区 1号楼 1单元：102、201" in said[-1].text.splitlines()
    assert "/unpaid" in no_period[-1].text and "住户（" not in no_period[-1].text


async def test_unpaid_on_new_years_day_names_last_years_late_payers_with_how_to_list_them(
        scheduled):
    """On 1 January /unpaid of a yearly fee lists the new year (every household: nobody
    has paid yet), and those who never paid last year's dropped out of sight; now the
    list says how many are left of last year, and how to list them."""
    paid(scheduled, period="2025")  # one household paid 2025; the test clock is in 2025
    scheduled.clock.now = datetime(2026, 1, 1, 0, 5, tzinfo=CHINA_TZ)
    async with BotHarness(scheduled) as bot:
        alone = await bot.send(101, "/unpaid")
        typed = await bot.send(101, "/unpaid 卫生费 2026")  # a period said: only that one
        paid(scheduled, household="c1/1/1/102", period="2025")
        paid(scheduled, household="c1/1/1/201", period="2025")
        all_paid = await bot.send(101, "/unpaid")
    said = alone[-1].text
    assert "东小区未交 2026 卫生费 的住户（3 户）" in said, said
    assert "上一期 2025 的卫生费还有 2 户没交：发送 /unpaid 卫生费 2025 查看名单。" in said
    assert "上一期" not in typed[-1].text and "（3 户）" in typed[-1].text
    assert "上一期" not in all_paid[-1].text


async def test_unpaid_names_no_period_that_ended_before_the_areas_accounts_began(scheduled):
    """An area whose accounts begin in 2026: /unpaid said 上一期 2025 的卫生费还有 3 户没交
    (every household), sending volunteers after a year never collected here. Now it names
    no such period; an opening balance of mid-2025 says the accounts covered 2025."""
    scheduled.clock.now = datetime(2026, 1, 2, 9, 0, tzinfo=CHINA_TZ)
    paid(scheduled, period="2026")  # the area's first ledger line, dated 2026-01-02
    async with BotHarness(scheduled) as bot:
        began_2026 = await bot.send(101, "/unpaid")
        scheduled.record_opening(pid(scheduled, 101), "east", 5000, "2025-06-30")
        opened_2025 = await bot.send(101, "/unpaid")
    assert "东小区未交 2026 卫生费 的住户（2 户）" in began_2026[-1].text, began_2026[-1].text
    assert "上一期" not in began_2026[-1].text
    assert "上一期 2025 的卫生费还有 3 户没交" in opened_2025[-1].text, opened_2025[-1].text
