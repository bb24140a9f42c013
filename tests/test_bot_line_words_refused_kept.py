"""A line refused at 确认登记 for words it may not publish keeps the draft and says which.

The steps of /expense ask again when a payee or purpose holds a phone, a plate or a
stranger's full name (``db.private_words``), but the right line in place of a reversed
one is filled in from the line reversed (``bot.handlers.replacing``): one recorded
before such words were refused (电工王建国) went to the summary unread, and 确认登记
answered 不能写进公开账目…什么都没有登记 with the draft dropped: the amount, the
category and the invoice photo were to be given again from the start, with no word of
which field to change. Now the summary is shown again, saying which field holds what,
and 修改 changes that field alone."""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes
from conftest import pid

from db.entries import Kind, Status
from db.ledger_names import LedgerNames
from db.media import MediaStore


def _reversed_expense_naming_a_stranger(repo, monkeypatch) -> None:
    """An expense paid to 电工王建国, recorded and approved before names were refused
    in a line's words, then reversed (金额记错了)."""
    with monkeypatch.context() as m:
        m.setattr(LedgerNames, "check", lambda self, fields: None)
        spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
            "amount_fen": 50000, "payee": "电工王建国", "purpose": "修路灯",
            "category": "lighting", "receipt": MediaStore(repo.store.root).save_photo(
                jpeg_bytes()), "receipt_public": False})
        repo.approve(spent.id, pid(repo, 102))
    repo.approve(repo.reverse("east", 1, pid(repo, 101), "金额记错了").id, pid(repo, 102))


async def test_a_filled_in_payee_refused_at_record_it_keeps_the_draft_and_says_the_field(
        repo, monkeypatch):
    _reversed_expense_naming_a_stranger(repo, monkeypatch)
    async with BotHarness(repo) as bot:
        await bot.press(102, "exp:rep:east:1")
        summary = await bot.send(102, "450")
        [ok] = [d for label, d in summary[-1].buttons() if label == "就这样提交"]
        refused = await bot.press(102, ok)
        said = "\n".join(c.text for c in refused if c.chat_id == 102 and c.text)
        assert "收款方" in said and "“王建国”" in said and "修改" in said, said
        assert "代码" not in said and "什么都还没有登记" in said, said
        assert "金额：¥450.00" in refused[-1].text, refused[-1].text  # the summary again
        assert "修改" in [label for label, _ in refused[-1].buttons()], refused[-1].buttons()
        assert not repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)
        await bot.press(102, "exp:edit")
        await bot.press(102, "exp:fix:payee")
        fixed = await bot.send(102, "电工（个人）")
        assert "金额：¥450.00" in fixed[-1].text and "收款方：电工（个人）" in fixed[-1].text
        [ok] = [d for label, d in fixed[-1].buttons() if label in ("确认登记", "就这样提交")]
        await bot.press(102, ok)
    [right] = repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)
    assert (right.data["amount_fen"], right.data["payee"], right.data["purpose"],
            right.data["replaces"]) == (45000, "电工（个人）", "修路灯", 1)


HOME = "c1/1/1/101"


async def test_separate_typed_in_one_line_with_a_stranger_named_asks_the_reason_again(repo):
    """/separate 12 替王建国补交的 typed in one line was approved or refused with nothing
    to go on: refused (the reason is published with the line), it said 这一笔没有记下；请
    改写工种或单位 (a payee's advice) and the command was over: the volunteer typed the
    number again. Now it is asked again as after the button: which words, and that the
    fee still waits."""
    for period in ("2025", "2025"):
        fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
            "amount_fen": 12000, "fee_type": "sanitation", "period": period,
            "household": HOME})
    first, second = repo.entries(kind=Kind.FEE_INCOME)
    repo.approve(first.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        refused = await bot.send(102, f"/separate {second.id} 替王建国补交的")
        said = refused[-1].text
        assert "“王建国”" in said and f"#{second.id}" in said and "理由" in said, said
        assert "工种" not in said, said
        assert repo.entry(second.id).status == Status.PENDING
        await bot.send(102, "两口人分开交")
    assert repo.entry(second.id).status == Status.APPROVED
    assert repo.ledger("east")[-1]["note"] == "另行缴费：两口人分开交"
    assert fee.id == second.id
