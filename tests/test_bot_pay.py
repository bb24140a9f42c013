"""/pay through the real Application: a fee report stays pending, a bad amount
keeps the step and loses nothing, forged buttons are refused."""

from __future__ import annotations

import io

import pytest
from bot_harness import BotHarness, jpeg_bytes
from conftest import SMALL_STREET, StepClock, confirmed_resident, pid
from PIL import Image

from db.config import parse_street
from db.entries import Kind, Status
from db.media import MediaStore
from db.repository import Repository

HOME = "c1/1/1/101"


def _data(calls, label):
    [data] = [d for c in calls for t, d in c.buttons() if label in t]
    return data


def _fees(repo):
    return repo.entries(kind=Kind.FEE_INCOME)


async def _to_amount(bot, uid=7001):
    await bot.send(uid, "/pay")
    await bot.press(uid, "pay:fee:property")
    return await bot.press(uid, "pay:per:2025-01")


async def test_a_fee_report_is_stored_pending_with_its_receipt_and_volunteers_are_told(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "缴费登记")
        assert "物业费" in [t for t, _ in calls[-1].buttons()]
        await bot.press(7001, "pay:fee:property")
        calls = await bot.press(7001, "pay:per:2025-01")
        assert "多少钱" in calls[-1].text
        calls = await bot.send(7001, "120.50")
        assert "收据" in calls[-1].text
        calls = await bot.send_photo(7001)
        summary = calls[-1].text
        assert "物业费" in summary and "2025年1月" in summary and "¥120.50" in summary
        assert "东小区 1号楼 1单元 101" in summary and "收据照片：有" in summary
        assert _fees(repo) == []
        calls = await bot.press(7001, "pay:ok")
    [fee] = _fees(repo)
    assert fee.status == Status.PENDING and fee.author == pid(repo, 7001)
    assert fee.data["amount_fen"] == 12050 and fee.data["fee_type"] == "property"
    assert fee.data["period"] == "2025-01" and fee.data["household"] == HOME
    assert MediaStore(repo.store.root).exists(fee.data["receipt"])
    assert repo.ledger("east") == []  # nothing in the ledger until a volunteer confirms
    receipt = [c for c in calls if c.chat_id == 7001][-1].text
    assert f"#{fee.id}" in receipt
    told = {c.chat_id for c in calls if c.method == "sendMessage" and c.chat_id != 7001}
    assert told == {101, 102}


async def test_a_bad_amount_gets_a_clear_reply_keeps_the_step_and_loses_nothing(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_amount(bot)
        calls = await bot.send(7001, "12.345")
        assert "两位小数" in calls[-1].text and "重新输入" in calls[-1].text
        calls = await bot.send(7001, "-5")
        assert "负" in calls[-1].text
        calls = await bot.send(7001, "很多钱")
        assert "120" in calls[-1].text  # the example of what is understood
        calls = await bot.send(7001, "0")
        assert "大于零" in calls[-1].text
        calls = await bot.send_raw(7001, document={"file_id": "d1", "file_unique_id": "ud1",
                                                   "file_name": "a.pdf",
                                                   "mime_type": "application/pdf"})
        assert "金额" in calls[-1].text
        calls = await bot.send(7001, "一百二十元")
        assert "收据" in calls[-1].text
        await bot.press(7001, "pay:skip")
        calls = await bot.press(7001, "pay:ok")
    [fee] = _fees(repo)
    assert fee.data["amount_fen"] == 12000
    assert fee.data["fee_type"] == "property" and fee.data["period"] == "2025-01"
    assert fee.data["receipt"] is None


async def test_a_fee_typed_as_spoken_is_shown_in_digits_and_can_be_typed_again(repo):
    """An elderly resident typed 三百五 (350 元) and was told it was no amount (trial)."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_amount(bot)
        calls = await bot.send(7001, "三百五")
        assert "¥350.00" in calls[-1].text and "收据" in calls[-1].text
        assert "重新输入" in calls[-1].text  # how to correct it, before anything is kept
        calls = await bot.send(7001, "一万二")  # typed again at the receipt step
        assert "¥12,000.00" in calls[-1].text
        calls = await bot.send(7001, "三百五")
        calls = await bot.send(7001, "等一下")  # not an amount: the step's question
        assert "照片" in calls[-1].text and calls[-1].buttons()
        assert "¥350.00" in calls[-1].text  # the amount kept
        calls = await bot.press(7001, "pay:skip")
        assert "¥350.00" in calls[-1].text
        await bot.press(7001, "pay:ok")
    [fee] = _fees(repo)
    assert fee.data["amount_fen"] == 35000 and fee.status == Status.PENDING


async def test_a_damaged_receipt_is_refused_with_the_step_buttons_and_a_good_one_follows(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_amount(bot)
        await bot.send(7001, "120")
        good = jpeg_bytes((64, 48))
        for damaged in (good[:len(good) // 2], b"", b"text, not a picture"):
            calls = await bot.send_document(7001, damaged, mime_type="image/jpeg")
            assert "无法识别" in calls[-1].text
            assert [d for _, d in calls[-1].buttons()] == [
                "pay:skip", "pay:back:amount", "pay:cancel"]
        calls = await bot.send_photo(7001, good)
        assert "收据照片：有" in calls[-1].text
        await bot.press(7001, "pay:ok")
    [fee] = _fees(repo)
    assert fee.data["amount_fen"] == 12000 and fee.data["receipt"].endswith(".jpg")


async def test_an_amount_typed_for_the_period_is_not_taken_as_the_period(repo):
    """She typed 120 when asked for which period (she had come to say what she paid):
    the fee was reported for the period "120", to be published so. Now she is told it is
    the amount, to come next, and asked the period again with its buttons."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:property")
        for typed in ("120", "一百二十元"):
            calls = await bot.send(7001, typed)
            assert "¥120.00是您交的钱数吧" in calls[0].text, typed
            assert "pay:per:2025-01" in [d for _, d in calls[-1].buttons()]
        calls = await bot.send(7001, "2025年3月")  # a period typed is taken as before
        assert "多少钱" in calls[-1].text
        await bot.send(7001, "120")
        calls = await bot.press(7001, "pay:skip")
        assert "期间：2025年3月" in calls[-1].text
        await bot.press(7001, _data(calls, "提交"))
    [fee] = _fees(repo)
    assert fee.data["period"] == "2025-03" and fee.data["amount_fen"] == 12000


async def test_an_e_invoice_sent_as_a_pdf_says_to_send_a_screenshot_with_the_step_buttons(repo):
    """Her receipt was the e-invoice her payment app gave her, a PDF: she was told "this
    step does not take a file" and to send it "as a photo", with no button to go on
    without one (walking the bot as an elderly resident). Now she is told to open it and
    send a screenshot, with the step's buttons; the screenshot is taken as the receipt."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_amount(bot)
        await bot.send(7001, "120")
        calls = await bot.send_document(7001, b"%PDF-1.4 invoice", mime_type="application/pdf",
                                        file_name="电子发票.pdf")
        assert "电子发票" in calls[-1].text and "截" in calls[-1].text
        assert [d for _, d in calls[-1].buttons()] == ["pay:skip", "pay:back:amount", "pay:cancel"]
        calls = await bot.send_document(7001, jpeg_bytes((64, 48)), mime_type="image/png",
                                        file_name="Screenshot.png")
        assert "收据照片：有" in calls[-1].text
        await bot.press(7001, "pay:ok")
    [fee] = _fees(repo)
    assert fee.data["receipt"]


async def test_a_typed_period_is_accepted_and_a_long_one_is_refused(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:sanitation")
        calls = await bot.send(7001, "年" * 100)
        assert "最多 40" in calls[-1].text
        await bot.send(7001, "2024年下半年")
        await bot.send(7001, "60")
        await bot.press(7001, "pay:skip")
        await bot.press(7001, "pay:ok")
    [fee] = _fees(repo)
    assert fee.data["period"] == "2024年下半年" and fee.data["fee_type"] == "sanitation"


async def test_an_emoji_typed_for_the_period_is_refused_with_the_periods_and_kept_nothing(repo):
    """👍 typed at 是哪个期间的？ (she meant "yes") went on to the amount and was stored,
    then shown in the accounts, as the fee's period. Now it is asked for again, with the
    period buttons, and the flow goes on from there."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:sanitation")
        for typed in ("👍", "😀😀🙏", "？？"):
            calls = await bot.send(7001, typed)
            assert [c.text for c in calls] == [
                "只有表情或符号，不是期间。您交的是哪个期间的钱？请点下面的按钮，或者输入，"
                "如 2025 或 2025-03。"], typed
            labels = [label for label, _ in calls[-1].buttons()]
            assert "取消" in labels and any("年" in label for label in labels)
        calls = await bot.press(7001, calls[-1].buttons()[0][1])  # the first period offered
        assert "多少钱" in calls[-1].text
        await bot.send(7001, "60")
        await bot.press(7001, "pay:skip")
        await bot.press(7001, "pay:ok")
    [fee] = _fees(repo)
    assert fee.data["period"].isdigit() or "-" in fee.data["period"]


async def test_a_wrong_amount_typed_at_the_receipt_step_is_refused_and_the_amount_said_unchanged(
        repo):
    """0 (or -5, or 好的) typed at 请发一张收据照片 got the step again, "金额：¥120.50（请
    核对）", as if she had typed ¥120.50 just now, and nothing said of the 0. Now what is
    wrong with it is said, then that the amount stays as it was, with the step's buttons."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_amount(bot)
        await bot.send(7001, "120.5")
        for typed, why in (("0", "金额必须大于零。"), ("-5", "金额不能为负数。"), ("好的", None)):
            calls = await bot.send(7001, typed)
            texts = [c.text for c in calls]
            assert texts[-1] == ("金额还是 ¥120.50，没有改。请发一张收据照片（只有志愿者能看到）。"
                                 "没有收据请点下面的按钮。"), typed
            assert texts[:-1] == ([why] if why else []), typed
            assert "没有收据，继续" in [label for label, _ in calls[-1].buttons()]
        calls = await bot.send(7001, "一百二十")  # an amount typed again still replaces it
        assert "¥120.00" in calls[-1].text
        await bot.press(7001, "pay:skip")
        await bot.press(7001, "pay:ok")
    [fee] = _fees(repo)
    assert fee.data["amount_fen"] == 12000


async def test_an_amount_typed_again_at_the_summary_replaces_it_and_an_old_submit_does_not_send(
        repo):
    """不对的话，直接重新输入金额即可, the receipt step says; typed at the summary, 120.5
    was passed over (请核对下面的内容) and the old amount sent with 提交. Now it replaces
    the amount, said back, and the summary shown anew; 提交 of the old summary sends
    nothing."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_amount(bot)
        await bot.send(7001, "120")
        old = await bot.press(7001, "pay:skip")
        [old_ok] = [d for label, d in old[-1].buttons() if label == "提交"]
        calls = await bot.send(7001, "120.5")
        assert calls[0].text == "金额已改为 ¥120.50，还没有登记。"
        assert "金额：¥120.50" in calls[-1].text
        [new_ok] = [d for label, d in calls[-1].buttons() if label == "提交"]
        await bot.press(7001, old_ok)
        assert _fees(repo) == []
        await bot.press(7001, new_ok)
    [fee] = _fees(repo)
    assert fee.data["amount_fen"] == 12050


async def test_an_amount_said_with_dian_is_taken(repo):
    """一百二十点五 (as she reads the receipt aloud) got 无法识别这个金额."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_amount(bot)
        calls = await bot.send(7001, "一百二十点五元")
    assert "¥120.50" in calls[-1].text and "收据" in calls[-1].text


async def test_a_sticker_at_the_period_gets_the_periods_below(repo):
    """A sticker at 是哪个期间的？ read 请选择或输入期间。, no button with it."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:sanitation")
        calls = await bot.send_raw(7001, sticker={
            "file_id": "s1", "file_unique_id": "s1", "width": 512, "height": 512,
            "is_animated": False, "is_video": False, "type": "regular"})
        assert calls[-1].text == "请点下面的按钮选择期间，或者直接输入："
        assert [label for label, _ in calls[-1].buttons()][-1] == "取消"
        calls = await bot.press(7001, calls[-1].buttons()[0][1])
    assert "多少钱" in calls[-1].text


async def test_a_year_or_month_typed_in_words_is_stored_as_the_period_the_fees_count(repo):
    """A resident types "2026年" rather than pressing 2026 (found in a trial of the real
    steward run): the fee counts for 2026 (the fees page, /unpaid, a second report of the
    same year is flagged), not as a period "2026年" of its own."""
    confirmed_resident(repo, 7001, HOME, 101)
    typed = {"2026年": "2026", "２０２６年全年": "2026", "2026年3月": "2026-03",
             "2025年上半年": "2025年上半年"}
    async with BotHarness(repo) as bot:
        for text in typed:
            await bot.send(7001, "/pay")
            await bot.press(7001, "pay:fee:sanitation")
            await bot.send(7001, text)
            await bot.send(7001, "60")
            await bot.press(7001, "pay:skip")
            await bot.press(7001, "pay:ok")
    assert [f.data["period"] for f in _fees(repo)] == list(typed.values())


async def test_a_fee_report_typed_all_the_way_as_an_elderly_resident_says_it(repo):
    """In a trial of the real steward run a resident typed the fee's name, 今年的 for the
    period and 没有收据 instead of pressing the buttons: the fee and 没有收据 were asked
    again, and the period was stored as "今年的", a period the fees page never counts."""
    confirmed_resident(repo, 7001, HOME, 101)
    year = str(repo.clock().year)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "缴费登记")
        calls = await bot.send(7001, "交了卫生费")
        assert "期间" in calls[-1].text
        await bot.send(7001, "今年的")
        await bot.send(7001, "一百二")
        calls = await bot.send(7001, "没有收据。")
        summary = calls[-1].text
        assert "卫生费" in summary and f"期间：{year}" in summary and "¥120.00" in summary
        assert "收据照片：无" in summary
        await bot.press(7001, _data(calls, "提交"))
        calls = await bot.send(7001, "缴费登记")
        calls = await bot.send(7001, "费")  # names no fee: asked again, nothing chosen
        assert "按钮" in calls[-1].text and "期间" not in calls[-1].text
    [fee] = _fees(repo)
    assert fee.data["fee_type"] == "sanitation" and fee.data["period"] == year
    assert fee.data["amount_fen"] == 12000 and fee.data["receipt"] is None


async def test_an_amount_said_with_the_fee_is_kept_and_a_fee_not_kept_here_is_named(repo):
    """Found trying the bot as a resident: 我交了物业费300元 at "which fee?", where 物业费 is
    not collected, got only "please press a button" (which fees are?), and 交了卫生费120元
    chose the fee but asked the amount again. Now the fees that can be recorded are
    named, and the amount said with the fee is shown at the receipt step, in digits."""
    confirmed_resident(repo, 7001, HOME, 101)
    year = str(repo.clock().year)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "缴费登记")
        other = await bot.send(7001, "我交了水费300元")
        assert "可以登记的费用：物业费、卫生费、" in other[-1].text
        await bot.send(7001, "交了卫生费120元")
        receipt = await bot.send(7001, year)
        assert "¥120.00" in receipt[-1].text and "收据" in receipt[-1].text
        calls = await bot.send(7001, "没有收据")
        await bot.press(7001, _data(calls, "提交"))
    [fee] = _fees(repo)
    assert (fee.data["fee_type"], fee.data["period"], fee.data["amount_fen"]) == (
        "sanitation", year, 12000)


@pytest.mark.parametrize("said", ["交了卫生费", "交了卫生费2025年", "卫生费120元和30元"])
async def test_a_fee_said_without_one_amount_in_yuan_asks_the_amount(repo, said):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "缴费登记")
        await bot.send(7001, said)
        asked = await bot.send(7001, str(repo.clock().year))
    assert "多少" in asked[-1].text


async def test_forged_pay_buttons_are_refused_and_store_nothing(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        for data in ("pay:fee:bogus", "pay:ok", "pay:per:2025-01", "pay:skip", "pay:fee:",
                     "pay:"):
            calls = await bot.press(7001, data)  # wrong step or junk
            assert any("失效" in c.text for c in calls), data
        await bot.press(7001, "pay:fee:property")
        for data in ("pay:per:1999-13", "pay:per:2025-01:x", "pay:per:../../x", "pay:per:"):
            calls = await bot.press(7001, data)
            assert any("失效" in c.text for c in calls), data
    assert _fees(repo) == []


async def test_only_confirmed_residents_may_report_a_fee(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/pay")
        assert "请先登记" in calls[-1].text
        assert calls[-1].buttons() == [("🏠 选择我的住址", "reg:new")]
        calls = await bot.press(7001, "pay:fee:property")
    assert "失效" in calls[-1].text
    assert _fees(repo) == []


async def test_start_again_clears_the_draft(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_amount(bot)
        await bot.send(7001, "100")
        await bot.press(7001, "pay:skip")
        calls = await bot.press(7001, "pay:again")
        assert "哪项费用" in calls[-1].text
        await bot.press(7001, "pay:fee:parking")
        await bot.press(7001, "pay:per:2025")
        await bot.send(7001, "300")
        await bot.press(7001, "pay:skip")
        await bot.press(7001, "pay:ok")
    [fee] = _fees(repo)
    assert (fee.data["fee_type"], fee.data["period"], fee.data["amount_fen"]) == \
        ("parking", "2025", 30000)


async def test_a_second_receipt_photo_at_the_summary_is_said_not_kept_and_the_first_stays(repo):
    """An album of two (the receipt's front and back) arrives one photo per message: the
    first is the receipt, the second lands on the summary, which keeps the first."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _to_amount(bot)
        await bot.send(7001, "120")
        front, back = jpeg_bytes(label="front"), jpeg_bytes(label="back")
        calls = await bot.send_photo(7001, front)
        assert "收据照片：有" in calls[-1].text
        calls = await bot.send_photo(7001, back)
        said = [c.text for c in calls if c.text]
        assert said[0] == ("这张照片没有保存：一笔缴费只附一张收据照片，上面已经有了。要换成"
                           "这一张，请点“重新填写”，到收据那一步再发。")
        assert "收据照片：有" in said[-1]  # the summary again, its buttons below
        calls = await bot.send_document(7001, b"%PDF-1.4 receipt", mime_type="application/pdf")
        assert calls[-1].text.startswith("这个文件没有保存：这一步不收文件。\n")
        # a voice message is not called a file (it was): she spoke, she sent no file
        # her voice is kept a day, offered as a report or an opinion (bot.kept_voice), and
        # the summary comes again, its buttons right below
        calls = await bot.send_voice(7001)
        said = [c.text for c in calls if c.text]
        assert said[0].startswith("收到您的语音") and "这一步不收语音" in said[0]
        assert "收据照片：有" in said[-1]
        # words are not a file: the summary again, its buttons right below (bot.flows)
        calls = await bot.send(7001, "好的")
        assert "没有保存" not in calls[0].text and "收据照片：有" in calls[-1].text
        assert any(d.startswith("pay:ok") for _, d in calls[-1].buttons())
        await bot.press(7001, "pay:ok")
    [fee] = _fees(repo)
    assert fee.status == Status.PENDING
    with Image.open(MediaStore(repo.store.root).path(fee.data["receipt"])) as kept, \
            Image.open(io.BytesIO(front)) as first, Image.open(io.BytesIO(back)) as second:
        assert kept.tobytes() == first.tobytes() != second.tobytes()  # the front, as sent


async def test_a_fee_due_by_the_year_is_offered_years_and_one_due_by_the_month_months(tmp_path):
    """The yearly 卫生费 was offered this month first (found in a trial of the real
    steward run): a resident paying the year's ¥120 pressed 2025-01 and /unpaid listed
    her household for 2025. A fee's buttons follow its schedule; one without a due
    period is offered both."""
    street = SMALL_STREET.replace(
        "compounds: [c1]}", "compounds: [c1], fees: [{type: sanitation, per: household, "
        "period: year}, {type: property, per: household, period: month}, "
        "{type: other, per: household}]}")
    repo = Repository.init(tmp_path / "data", parse_street(street, "s.yaml"), clock=StepClock())
    confirmed_resident(repo, 7001, HOME, 101)
    offered = {}
    async with BotHarness(repo) as bot:
        for fee in ("sanitation", "property", "other"):
            await bot.send(7001, "/pay")
            calls = await bot.press(7001, f"pay:fee:{fee}")
            offered[fee] = [d.split(":")[2] for _, d in calls[-1].buttons()
                            if d.startswith("pay:per:")]
            labels = [t for t, d in calls[-1].buttons() if d.startswith("pay:per:")]
            assert all(t.endswith("月") or t.endswith("年") for t in labels), labels
            await bot.send(7001, "/cancel")
    repo.close()
    assert offered == {"sanitation": ["2025", "2024"], "property": ["2025-01", "2024-12"],
                       "other": ["2025-01", "2024-12", "2025", "2024"]}


async def test_the_usual_amount_of_the_schedule_is_a_button_and_a_forged_one_is_refused(
        tmp_path):
    from conftest import StepClock
    from test_bot_ledger import SCHEDULED

    from db.config import parse_street
    from db.repository import Repository

    repo = Repository.init(tmp_path / "data", parse_street(SCHEDULED, "street.yaml"),
                           clock=StepClock())
    try:
        confirmed_resident(repo, 7001, HOME, 101)
        async with BotHarness(repo) as bot:
            # a month of a yearly fee has no usual amount: the amount is typed
            await bot.send(7001, "/pay")
            await bot.press(7001, "pay:fee:sanitation")
            calls = await bot.send(7001, "2025年3月")
            assert "输入金额" in calls[-1].text and "通常" not in calls[-1].text
            assert not [d for _, d in calls[-1].buttons() if d.startswith("pay:amt")]
            calls = await bot.press(7001, "pay:amt:12000")  # not offered here: refused
            assert "收据" not in calls[-1].text
            await bot.press(7001, "pay:cancel")
            # a year of a yearly fee: the schedule's ¥120 is a button
            await bot.send(7001, "/pay")
            await bot.press(7001, "pay:fee:sanitation")
            calls = await bot.press(7001, "pay:per:2025")
            assert "通常是 ¥120.00" in calls[-1].text
            assert ("¥120.00（通常金额）", "pay:amt:12000") in calls[-1].buttons()
            calls = await bot.press(7001, "pay:amt:1")  # forged: not the schedule's
            assert "收据" not in calls[-1].text
            calls = await bot.press(7001, "pay:amt:12000")
            assert "收据" in calls[-1].text
            calls = await bot.press(7001, "pay:skip")
            assert "¥120.00" in calls[-1].text
            await bot.press(7001, "pay:ok")
        [fee] = repo.entries(kind=Kind.FEE_INCOME)
        assert fee.data["amount_fen"] == 12000 and fee.data["period"] == "2025"
    finally:
        repo.close()


async def test_pay_in_an_area_whose_fees_are_all_collected_by_unit_or_area_says_so_and_ends(
        tmp_path):
    """In 新国土小区 every fee is collected per building unit: 缴费登记 asked "您交的是
    哪项费用？" with only a Cancel button (found in a resident trial of steward run).
    It now says how each fee is paid and where to see it, and the flow ends."""
    street = SMALL_STREET.replace(
        "compounds: [c1]}", "compounds: [c1], fees: [{type: sanitation, per: unit, "
        "period: month}, {type: parking, per: area}]}")
    repo = Repository.init(tmp_path / "data", parse_street(street, "s.yaml"), clock=StepClock())
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "缴费登记")
        text = calls[-1].text
        assert "不是由各户自己缴纳" in text and "卫生费：按单元缴纳" in text
        assert "停车费：全区统一收取" in text and "账目" in text
        assert not [d for _, d in calls[-1].buttons() if d.startswith("pay:")]
        assert ongoing_flows(bot, 7001) == []
        after = await bot.send(7001, "120")  # not taken as a step of a fee report
        assert "收据" not in after[-1].text
    repo.close()
    assert _fees(repo) == []


def ongoing_flows(bot, user: int) -> list[str]:
    from bot.conversation import IdleConversation

    return [str(h.name) for hs in bot.app.handlers.values() for h in hs
            if isinstance(h, IdleConversation) and h._conversations.get((user, user))]


async def test_a_resident_paying_two_months_at_once_reports_them_a_month_each(repo):
    """'11-12月' was kept as a period of its own: approved, it counted for neither
    November nor December, and the household stayed on the unpaid lists."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:sanitation")
        said = await bot.send(7001, "11-12月")
        assert _fees(repo) == [] and "分开登记" in said[-1].text and "缴费登记" in said[-1].text
        assert [d for _, d in said[-1].buttons()] == ["pay:per:2024-11", "pay:per:2024-12",
                                                     "pay:back:fee", "pay:cancel"]
        await bot.press(7001, "pay:per:2024-11")
        await bot.send(7001, "10")
        await bot.press(7001, "pay:skip")
        await bot.press(7001, "pay:ok")
    [fee] = _fees(repo)
    assert fee.data["period"] == "2024-11"


async def test_last_decembers_fee_paid_late_in_january_counts_for_that_december(repo):
    """In January a resident reports December's fee as it is said then: 去年12月 (and
    December and January paid together: 12-1月). Kept as typed, '去年12月' counted for
    no month (the household stayed on /unpaid) and a year later meant another year."""
    confirmed_resident(repo, 7001, HOME, 101)
    today = repo.clock().date()
    assert today.month == 1  # the harness's clock starts on 1 January
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        asked = await bot.press(7001, "pay:fee:sanitation")
        await bot.send(7001, "去年12月")
        await bot.send(7001, "10")
        await bot.press(7001, "pay:skip")
        await bot.press(7001, "pay:ok")
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:sanitation")
        both = await bot.send(7001, "12-1月")
    [fee] = _fees(repo)
    assert fee.data["period"] == f"{today.year - 1}-12"
    # the question's example is of this year (it said 2025年上半年 whatever the year)
    assert f"（如：{today.year}年上半年）" in asked[-1].text
    assert [d for _, d in both[-1].buttons()] == [
        f"pay:per:{today.year - 1}-12", f"pay:per:{today.year}-01", "pay:back:fee",
        "pay:cancel"]


async def test_a_fee_named_in_a_sentence_that_the_area_does_not_collect_is_said_so(tmp_path):
    """"我交了物业费" where households pay only 卫生费 offered 缴费登记 and then 卫生费 alone,
    never saying why 物业费 was not there."""
    street = SMALL_STREET.replace(
        "compounds: [c1]}", "compounds: [c1], fees: [{type: sanitation, per: household, "
        "period: year}, {type: maintenance, per: unit}]}")
    repo = Repository.init(tmp_path / "data", parse_street(street, "s.yaml"), clock=StepClock())
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        told = await bot.send(7001, "我交了物业费")
        said = await bot.send(7001, "我交了卫生费")
    repo.close()
    assert "不向住户收物业费；这里住户自己交的是：卫生费。" in told[-1].text
    assert told[-1].buttons() == [("💰 缴费登记", "go:pay")]
    assert "不向住户收" not in said[-1].text and said[-1].buttons() == [("💰 缴费登记", "go:pay")]


async def test_a_fee_her_household_has_in_the_accounts_already_is_said_at_the_summary(repo):
    """Walked as a resident whose 卫生费 2025 is line 59 of the accounts (我的 says so): 缴费登记,
    卫生费, 2025年, ¥120.00 went to 提交 without a word, and only the volunteer was warned.
    An elderly resident who forgot she had reported it, or that a volunteer collected it,
    is told at the summary, and one whose report waits for approval too."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    fee = repo.submit(person, Kind.FEE_INCOME, "east", {
        "fee_type": "property", "period": "2025-01", "amount_fen": 12000, "household": HOME})
    repo.approve(fee.id, pid(repo, 101))
    seq = repo.entry(fee.id).data["ledger_seq"]
    neighbour = confirmed_resident(repo, 7002, "c1/1/1/102", 101)
    waits = repo.submit(neighbour, Kind.FEE_INCOME, "east", {
        "fee_type": "property", "period": "2025-01", "amount_fen": 12000,
        "household": "c1/1/1/102"})
    async with BotHarness(repo) as bot:
        await _to_amount(bot)
        await bot.send(7001, "120")
        booked = await bot.press(7001, "pay:skip")
        await _to_amount(bot, 7002)
        await bot.send(7002, "120")
        waiting = await bot.press(7002, "pay:skip")
        await bot.press_label(7002, "取消", exact=True)
        await bot.send(7002, "/pay")
        await bot.press(7002, "pay:fee:property")
        await bot.press(7002, "pay:per:2025-02")
        await bot.send(7002, "120")
        other = await bot.press(7002, "pay:skip")
    assert f"⚠️ 您家的物业费 2025年1月 已经记在公开账目第 {seq} 笔。" in booked[-1].text, \
        booked[-1].text
    assert "如果确实是又交的一笔，请点“提交”；如果是同一笔，请点“取消”。" in booked[-1].text
    assert f"⚠️ 您家的物业费 2025年1月 已经登记过（#{waits.id}），正在等待志愿者核实。" \
        in waiting[-1].text, waiting[-1].text
    assert "请核对" in other[-1].text and "⚠️" not in other[-1].text  # another month


async def test_a_period_her_household_paid_is_marked_before_she_types_the_amount(repo):
    """She learnt the fee was in the accounts already only at the summary, after the
    amount and the receipt photo; the period's button is now marked 已交, with its line."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    fee = repo.submit(person, Kind.FEE_INCOME, "east", {
        "fee_type": "property", "period": "2025-01", "amount_fen": 12000, "household": HOME})
    repo.approve(fee.id, pid(repo, 101))
    seq = repo.entry(fee.id).data["ledger_seq"]
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        asked = await bot.press(7001, "pay:fee:property")
    labels = {d: label for label, d in asked[-1].buttons()}
    assert labels["pay:per:2025-01"] == "2025年1月（已交）", labels
    assert "已交" not in labels["pay:per:2024-12"], labels
    assert f"您家2025年1月的物业费已经交过，记在账目第 {seq} 笔。" in asked[-1].text
