"""/income shows a summary before anything is stored, as /expense does: area, who
paid, fee, period, amount and the receipt, with 确认登记 / 修改 / 取消. It stored the
fee at the receipt step, a 撤回 button the only way back (a volunteer's walk-through:
a wrong room pressed among a dozen was in the approvers' queue before she saw it).
修改 asks one step again and comes back to the summary; 确认登记 pressed twice
stores one fee; a draft left at the summary is taken up at the summary."""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes
from conftest import pid

from db.entries import Kind, Status


async def _to_the_summary(bot: BotHarness, *, photo: bool = False) -> list:
    await bot.send(101, "/income")
    await bot.press(101, "inc:fee:sanitation")
    await bot.press(101, "inc:unit:0")
    await bot.press(101, "inc:hh:0")
    await bot.press(101, "inc:per:2025")
    await bot.send(101, "120")
    if photo:
        return await bot.send_photo(101, jpeg_bytes())
    return await bot.press(101, "inc:skip:1")


def _ok(calls) -> str:
    [ok] = [d for label, d in calls[-1].buttons() if label == "确认登记"]
    return ok


async def test_nothing_is_stored_before_the_summary_is_confirmed(repo):
    async with BotHarness(repo) as bot:
        summary = await _to_the_summary(bot)
        assert repo.entries(kind=Kind.FEE_INCOME) == []
        assert not [c for c in summary if c.chat_id == 102]  # nobody asked to approve yet
        text = summary[-1].text
        for said in ("请核对这笔收费", "区域：东小区", "住户：东小区 1号楼 1单元 101",
                     "费用：卫生费", "期间：2025", "金额：¥120.00", "收据照片：无"):
            assert said in text, (said, text)
        assert [label for label, _ in summary[-1].buttons()] == [
            "确认登记", "修改", "取消", "⬅️ 上一步"]
        words = await bot.send(101, "好的")  # typed: the summary again, nothing stored
        assert "请核对这笔收费" in words[-1].text and repo.entries(kind=Kind.FEE_INCOME) == []
        done = await bot.press(101, _ok(summary))
        assert any("已记录为" in c.text for c in done if c.chat_id == 101)
        assert any(c.chat_id == 102 for c in done)  # posted for approval now
    [entry] = repo.entries(kind=Kind.FEE_INCOME, status=Status.PENDING)
    assert (entry.data["household"], entry.data["amount_fen"], entry.data["receipt"]) == (
        "c1/1/1/101", 12000, None)


async def test_a_receipt_photo_is_said_in_the_summary_and_kept(repo):
    async with BotHarness(repo) as bot:
        summary = await _to_the_summary(bot, photo=True)
        assert "收据照片：有（只有志愿者能看到）" in summary[-1].text
        assert repo.entries(kind=Kind.FEE_INCOME) == []
        await bot.press(101, _ok(summary))
    [entry] = repo.entries(kind=Kind.FEE_INCOME, status=Status.PENDING)
    assert entry.data["receipt"].endswith(".jpg")


async def test_record_it_pressed_twice_stores_one_fee(repo):
    async with BotHarness(repo) as bot:
        summary = await _to_the_summary(bot)
        await bot.press(101, _ok(summary))
        again = await bot.press(101, _ok(summary))
        assert not any("已记录为" in c.text for c in again if c.chat_id == 101)
    assert len(repo.entries(kind=Kind.FEE_INCOME)) == 1


async def test_cancel_at_the_summary_stores_nothing_and_says_so(repo):
    async with BotHarness(repo) as bot:
        await _to_the_summary(bot)
        calls = await bot.press(101, "inc:ok:0")
        assert "没有保存" in calls[-1].text
    assert repo.entries(kind=Kind.FEE_INCOME) == []


async def test_change_asks_one_step_again_and_comes_back_to_the_summary(repo):
    async with BotHarness(repo) as bot:
        await _to_the_summary(bot)
        fixes = await bot.press(101, "inc:edit")
        assert "要修改哪一项" in fixes[-1].text
        assert [label for label, _ in fixes[-1].buttons()] == [
            "金额", "期间", "收据照片", "费用或住户：从头再填", "⬅️ 上一步"]
        await bot.press(101, "inc:fix:amount")
        again = await bot.send(101, "1200")
        assert "金额：¥1,200.00" in again[-1].text
        assert "住户：东小区 1号楼 1单元 101" in again[-1].text
        await bot.press(101, "inc:edit")
        await bot.press(101, "inc:fix:period")
        again = await bot.send(101, "2024")
        assert "期间：2024" in again[-1].text and "金额：¥1,200.00" in again[-1].text
        await bot.press(101, "inc:edit")
        await bot.press(101, "inc:fix:receipt")
        again = await bot.send_photo(101, jpeg_bytes())
        assert "收据照片：有" in again[-1].text and "期间：2024" in again[-1].text
        assert repo.entries(kind=Kind.FEE_INCOME) == []
        await bot.press(101, _ok(again))
    [entry] = repo.entries(kind=Kind.FEE_INCOME, status=Status.PENDING)
    assert (entry.data["period"], entry.data["amount_fen"]) == ("2024", 120000)
    assert entry.data["receipt"].endswith(".jpg")


async def test_change_the_household_starts_again_at_the_fee(repo):
    async with BotHarness(repo) as bot:
        await _to_the_summary(bot)
        await bot.press(101, "inc:edit")
        asked = await bot.press(101, "inc:fix:fee")
        assert ("卫生费", "inc:fee:sanitation") in asked[-1].buttons()
        await bot.press(101, "inc:fee:sanitation")
        await bot.press(101, "inc:unit:0")
        await bot.press(101, "inc:hh:1")
        await bot.press(101, "inc:per:2025")
        await bot.send(101, "120")
        summary = await bot.press(101, "inc:skip:1")
        assert "住户：东小区 1号楼 1单元 102" in summary[-1].text
        await bot.press(101, _ok(summary))
    [entry] = repo.entries(kind=Kind.FEE_INCOME, status=Status.PENDING)
    assert entry.data["household"] == "c1/1/1/102"


async def test_a_fee_in_already_is_said_in_the_summary(repo):
    async with BotHarness(repo) as bot:
        first = await _to_the_summary(bot)
        await bot.press(101, _ok(first))
        second = await _to_the_summary(bot)
        assert "⚠️ 东小区 1号楼 1单元 101：卫生费 2025" in second[-1].text, second[-1].text
        assert "点“取消”" in second[-1].text


async def test_a_fee_in_the_accounts_already_is_named_by_its_line_as_the_accounts_say(repo):
    async with BotHarness(repo) as bot:
        first = await _to_the_summary(bot)
        await bot.press(101, _ok(first))
        [fee] = repo.entries(kind=Kind.FEE_INCOME, status=Status.PENDING)
        repo.approve(fee.id, pid(repo, 102))  # line 1 of the accounts
        second = await _to_the_summary(bot)
    # the ledger's lines are 第 N 笔 everywhere (the checker's post, /reverse, the site)
    assert f"已经记入公开账目（#{fee.id}，第 1 笔）" in second[-1].text, second[-1].text


async def test_a_draft_left_at_the_summary_is_taken_up_at_the_summary(repo):
    async with BotHarness(repo) as bot:
        await _to_the_summary(bot)
        note = await bot.send(101, "/start")
        [go_on] = [d for c in note for label, d in c.buttons() if label == "继续填写"]
        calls = await bot.press(101, go_on)
        assert "金额：¥120.00" in calls[-1].text
        assert [label for label, _ in calls[-1].buttons()] == [
            "确认登记", "修改", "取消", "⬅️ 上一步"]
        assert repo.entries(kind=Kind.FEE_INCOME) == []
        await bot.press(101, _ok(calls))
    assert len(repo.entries(kind=Kind.FEE_INCOME, status=Status.PENDING)) == 1


async def test_the_summary_in_english(repo):
    repo.set_language(pid(repo, 101), "en")
    async with BotHarness(repo) as bot:
        summary = await _to_the_summary(bot)
        text = summary[-1].text
        for said in ("Please check the fee", "Area: 东小区", "Fee: ", "Period: 2025",
                     "Amount: ¥120.00", "Receipt photo: none"):
            assert said in text, (said, text)
        assert [label for label, _ in summary[-1].buttons()] == [
            "Record it", "Change", "Cancel", "⬅️ Back"]


async def test_an_amount_typed_at_the_summary_replaces_the_amount_shown(repo):
    """The receipt step says "Not right? Just type the amount again"; typed at the
    summary, the amount was passed over and the old one shown again."""
    async with BotHarness(repo) as bot:
        await _to_the_summary(bot)
        calls = await bot.send(101, "一百五")
        said = [c.text for c in calls if c.chat_id == 101]
        assert "金额已改为 ¥150.00，还没有登记" in said[0] and "金额：¥150.00" in said[-1]
        bad = await bot.send(101, "12.345")
        assert "两位小数" in bad[0].text and "金额：¥150.00" in bad[-1].text
        assert repo.entries(kind=Kind.FEE_INCOME) == []
        await bot.press(101, _ok(calls))
    [entry] = repo.entries(kind=Kind.FEE_INCOME, status=Status.PENDING)
    assert entry.data["amount_fen"] == 15000


async def test_a_receipt_photo_sent_at_the_summary_is_kept(repo):
    """A volunteer who pressed No receipt and then found the receipt sends its photo at
    the summary: it was said not to be kept."""
    async with BotHarness(repo) as bot:
        await _to_the_summary(bot)
        calls = await bot.send_photo(101, jpeg_bytes())
        assert "收据照片：有" in calls[-1].text
        await bot.press(101, _ok(calls))
    [entry] = repo.entries(kind=Kind.FEE_INCOME, status=Status.PENDING)
    assert entry.data["receipt"].endswith(".jpg")


async def test_a_voice_or_sticker_at_the_receipt_step_gets_the_no_receipt_button_again(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:sanitation")
        await bot.press(101, "inc:unit:0")
        await bot.press(101, "inc:hh:0")
        await bot.press(101, "inc:per:2025")
        await bot.send(101, "120")
        voice = await bot.send_voice(101)
        sticker = await bot.send_raw(101, sticker={
            "file_id": "st1", "file_unique_id": "ust1", "width": 512, "height": 512,
            "is_animated": False, "is_video": False, "type": "regular"})
    # the step's question again, with its buttons under it (as asked: ⬅️ 上一步 too, since
    # walk141), not a scroll away above
    for said in (voice[-1], sticker[-1]):
        assert "没有收据" in said.text and said.buttons() == [("没有收据", "inc:skip:1"),
                                                            ("⬅️ 上一步", "inc:back:amount")]
    assert "语音没有保存" in voice[-1].text


async def test_the_household_is_asked_for_as_it_is_said_and_taken_so(repo):
    """The unit question said 也可以直接输入户号，例如 1/1/101, a code to work out on a
    phone (found with steward chat as a grid worker); the example is now as it is said,
    1号楼1单元101, and typing it so gets the room."""
    async with BotHarness(repo) as bot:
        await bot.send(101, "/income")
        asked = await bot.press(101, "inc:fee:sanitation")
        wrong = await bot.send(101, "9号楼")
        taken = await bot.send(101, "1号楼1单元102")
    assert "例如 1号楼1单元101" in asked[-1].text and "1/1/101" not in asked[-1].text
    assert "或直接输入楼栋、单元和房号，例如 1号楼1单元101" in wrong[-1].text
    assert "住户：东小区 1号楼 1单元 102" in taken[-1].text
