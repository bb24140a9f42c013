"""/expense says the amount back before the payee; an amount typed again there is a
correction of it, not the payee (a grid worker who saw ¥350.00 said back for 305
typed 305: it was stored, and published, as whom the money was paid to). One that
cannot be read (120.5.5, ¥-3) is said to be wrong there, and at /income's receipt
step, which passed over it in silence and said the old amount back as if it were
the new one."""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes

from db.entries import Kind, Status
from db.money import amount_like


async def test_an_amount_typed_at_the_payee_step_corrects_the_amount(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        said = await bot.send(101, "350")
        again = await bot.send(101, "305")
        spoken = await bot.send(101, "三百零五元")
        await bot.send(101, "光明电器维修部")
        await bot.send(101, "更换2号楼路灯灯泡")
        await bot.press(101, "exp:cat:lighting")
        await bot.send_photo(101, jpeg_bytes())
        await bot.press(101, "exp:pub:1")
        await bot.press(101, "exp:ok:1")
    # how to correct it is said with the amount, and the correction is said back
    assert "¥350.00" in said[-1].text and "重新输入金额" in said[-1].text
    assert "¥305.00" in again[-1].text and "付给了谁" in again[-1].text
    assert "¥305.00" in spoken[-1].text and "付给了谁" in spoken[-1].text
    [entry] = repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)
    assert entry.data["amount_fen"] == 30500
    assert entry.data["payee"] == "光明电器维修部"
    assert entry.data["purpose"] == "更换2号楼路灯灯泡"


async def test_a_payee_with_no_amount_in_it_is_the_payee(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        await bot.send(101, "50")
        asked = await bot.send(101, "5号楼保洁员")
        await bot.send(101, "一月清运")
        await bot.press(101, "exp:cat:cleaning")
        await bot.send_photo(101, jpeg_bytes())
        await bot.press(101, "exp:pub:0")
        await bot.press(101, "exp:ok:1")
    assert "用途" in asked[-1].text
    [entry] = repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)
    assert (entry.data["amount_fen"], entry.data["payee"]) == (5000, "5号楼保洁员")


async def test_an_amount_mistyped_at_the_payee_step_is_said_wrong_not_taken_as_payee(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        await bot.send(101, "350")
        mistyped = await bot.send(101, "120.5.5")
        negative = await bot.send(101, "¥-3")
        await bot.send(101, "光明电器维修部")
        await bot.send(101, "灯泡")
        await bot.press(101, "exp:cat:lighting")
        await bot.send_photo(101, jpeg_bytes())
        await bot.press(101, "exp:pub:1")
        await bot.press(101, "exp:ok:1")
    said = [c.text for c in mistyped if c.chat_id == 101]
    assert "无法识别这个金额" in said[0] and "¥350.00" in said[-1] and "付给了谁" in said[-1]
    said = [c.text for c in negative if c.chat_id == 101]
    assert "负数" in said[0] and "¥350.00" in said[-1]
    [entry] = repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)
    assert (entry.data["amount_fen"], entry.data["payee"]) == (35000, "光明电器维修部")


async def test_an_amount_mistyped_at_the_income_receipt_step_is_said_wrong(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:sanitation")
        await bot.press(101, "inc:unit:0")
        await bot.press(101, "inc:hh:0")
        await bot.press(101, "inc:per:2025")
        await bot.send(101, "120")
        mistyped = await bot.send(101, "120.5.5")
        words = await bot.send(101, "收据忘带了")
        await bot.send(101, "130")
        await bot.press(101, "inc:skip:1")
        await bot.press_label(101, "确认登记", exact=True)
    said = [c.text for c in mistyped if c.chat_id == 101]
    assert len(said) == 2 and "无法识别这个金额" in said[0] and "¥120.00" in said[1]
    said = [c.text for c in words if c.chat_id == 101]  # not an amount: the step again
    assert len(said) == 1 and "无法识别" not in said[0] and "¥120.00" in said[0]
    [entry] = repo.entries(kind=Kind.FEE_INCOME, status=Status.PENDING)
    assert entry.data["amount_fen"] == 13000


def test_what_reads_as_an_attempt_at_an_amount():
    for typed in ("120.5.5", "¥-3", "—3", "三百零五", "305元", "－３", "120 元", "1-2"):
        assert amount_like(typed), typed
    for typed in ("保洁员", "3号楼", "万家福超市", "一二三搬家公司", "收据忘带了", "没有", "元",
                  "", "12O", "百货"):
        assert not amount_like(typed), typed


async def test_a_wrong_amount_at_the_amount_step_says_why_and_asks_again_with_its_buttons(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        spent = await bot.send(101, "12.345")
        await bot.send(101, "/cancel")
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:sanitation")
        await bot.press(101, "inc:unit:0")
        await bot.press(101, "inc:hh:0")
        asked = await bot.press(101, "inc:per:2025")
        fee = await bot.send(101, "-5")
    # what is wrong, and the question again: a busy volunteer is not left guessing
    assert "两位小数" in spent[-1].text and "花了多少钱" in spent[-1].text
    assert "负数" in fee[-1].text and "收了多少钱" in fee[-1].text
    # the usual amount, where there is one, and 取消: bad input keeps the way out
    assert fee[-1].buttons() == [*asked[-1].buttons(), ("取消", "inc:cancel")]


async def test_an_e_invoice_sent_as_a_pdf_at_a_receipt_step_says_to_send_a_screenshot(repo):
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        await bot.send(101, "350")
        await bot.send(101, "光明电器维修部")
        await bot.send(101, "更换2号楼路灯灯泡")
        await bot.press(101, "exp:cat:lighting")
        spent = await bot.send_document(101, pdf, mime_type="application/pdf")
        taken = await bot.send_photo(101, jpeg_bytes())  # the screenshot: the step goes on
        await bot.send(101, "/cancel")
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:sanitation")
        await bot.press(101, "inc:unit:0")
        await bot.press(101, "inc:hh:0")
        await bot.press(101, "inc:per:2025")
        await bot.send(101, "120")
        fee = await bot.send_document(101, pdf, mime_type="application/pdf")
    for said in (spent[-1].text, fee[-1].text):
        assert "没有保存" in said and "截个屏" in said and "电子发票" in said
    assert "可以公开" in " ".join(label for label, _ in taken[-1].buttons())
    assert [d for _, d in fee[-1].buttons()] == ["inc:skip:1"]  # 没有收据, right there
