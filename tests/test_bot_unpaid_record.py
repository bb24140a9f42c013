"""/unpaid's list of doors not paid carries a button per door: pressed, /income starts
with the door, the fee and the period kept, and asks only the amount. A door whose fee
waits for approval has none (not to be collected twice). The button is checked again
when pressed: a volunteer of another area, a fee or period forged, record nothing."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import SMALL_STREET, StepClock, confirmed_resident, pid

from db.config import parse_street
from db.entries import Kind, Status
from db.repository import Repository

DOOR = "inc:door:h:c1/1/1/102:sanitation:2025"


async def test_a_door_of_the_unpaid_list_is_recorded_with_one_tap_and_the_amount(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    waiting = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025",
        "household": "c1/1/1/101"})
    async with BotHarness(repo) as bot:
        listed = await bot.send(102, "/unpaid 卫生费 2025")
        doors = dict(listed[-1].buttons())
        assert doors.get("登记 1号楼1单元 102") == DOOR, doors
        assert not any("c1/1/1/101" in data for data in doors.values())  # waiting: none
        asked = await bot.press(102, DOOR)
        assert "收了多少钱" in asked[-1].text and "2025" in asked[-1].text
        assert "1号楼 1单元 102" in asked[-1].text
        assert ("取消", "inc:cancel") in asked[-1].buttons()
        await bot.send(102, "120")
        await bot.press(102, "inc:skip:1")
        await bot.press_label(102, "确认登记", exact=True)
    [fee] = [e for e in repo.entries(kind=Kind.FEE_INCOME, status=Status.PENDING)
             if e.id != waiting.id]
    assert fee.data["household"] == "c1/1/1/102" and fee.data["period"] == "2025"
    assert fee.data["amount_fen"] == 12000 and fee.data["fee_type"] == "sanitation"


async def test_a_forged_or_foreign_door_button_records_nothing(repo):
    async with BotHarness(repo) as bot:
        west = await bot.press(103, DOOR)  # west's volunteer: not her area
        resident = await bot.press(5005, DOOR)
        for forged in ("inc:door:h:c1/1/1/102:nosuchfee:2025",
                       "inc:door:h:c1/1/1/102:sanitation:明年后",
                       "inc:door:x:c1/1/1/102:sanitation:2025",
                       "inc:door:h:c1/9/9/999:sanitation:2025"):
            said = await bot.press(101, forged)
            assert not any("收了多少钱" in c.text for c in said), forged
    assert not any("收了多少钱" in c.text for c in west + resident)
    assert not repo.entries(kind=Kind.FEE_INCOME)


TWO_COMPOUNDS = SMALL_STREET.replace(
    "  - {id: east, name: 东小区, mode: committee, steward: 东小区物管会, compounds: [c1]}\n"
    "  - {id: west, name: 西小区, mode: trusteeship, steward: 西社区党委, compounds: [c2]}\n",
    "  - id: east\n    name: 东小区·西小区\n    mode: committee\n    steward: 物管会\n"
    "    compounds: [c1, c2]\n    fees:\n"
    "      - {type: sanitation, per: household, amount_fen: 12000, period: year}\n").replace(
    "  - {telegram_id: 103, name: 丙志愿者, title: 网格员, areas: [west]}\n", "")


async def test_doors_of_two_compounds_are_grouped_under_their_compound_named_once(tmp_path):
    """盐业小区·市药材小区: each door's button read 登记 盐业小区 1号楼1单元 101, cut short on
    a phone (two a row, 390 px). Now a row names the compound once and its doors follow,
    each 登记 1号楼1单元 101; the row itself records nothing."""
    repo = Repository.init(tmp_path / "data", parse_street(TWO_COMPOUNDS, "street.yaml"),
                           clock=StepClock())
    try:
        async with BotHarness(repo) as bot:
            listed = await bot.send(102, "/unpaid 卫生费 2025")
            rows = [[(b["text"], b["callback_data"]) for b in row]
                    for row in listed[-1].params["reply_markup"]["inline_keyboard"]]
            labels = [text for row in rows for text, _ in row]
            assert labels == ["🏘 东小区", "登记 1号楼1单元 101", "登记 1号楼1单元 102",
                              "登记 1号楼1单元 201", "🏘 西小区", "登记 1号楼1单元 101",
                              "登记 1号楼1单元 102"], labels
            assert rows[0] == [("🏘 东小区", "unp:c")] and rows[3] == [("🏘 西小区", "unp:c")]
            assert max(len(text) for text in labels) <= 16
            west = dict(rows[4])["登记 1号楼1单元 101"]
            assert west == "inc:door:h:c2/1/1/101:sanitation:2025"
            noted = await bot.press(102, "unp:c")
            assert not any("收了多少钱" in c.text for c in noted)
            asked = await bot.press(102, west)
            assert "收了多少钱" in asked[-1].text and "西小区" in asked[-1].text
    finally:
        repo.close()
