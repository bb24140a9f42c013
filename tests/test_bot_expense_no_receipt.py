"""/expense without a receipt: a volunteer who paid a street repairman who gives none typed
没有收据 at the photo step and was only asked for a photo again, with no way through but
取消. Now 没有收据 (typed or pressed) asks why, in words published with the line; the
summary says so, the approving volunteer reads it, and the line reads 无收据：<why>."""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes
from conftest import pid

from db.entries import Kind, Status


async def _to_the_photo(bot: BotHarness) -> list:
    await bot.send(101, "/expense")
    await bot.send(101, "35")
    await bot.send(101, "修锁师傅")
    await bot.send(101, "更换3号楼单元门锁芯")
    return await bot.press(101, "exp:cat:repair")


async def test_no_receipt_typed_at_the_photo_step_asks_why_and_the_line_says_it(repo):
    async with BotHarness(repo) as bot:
        asked = await _to_the_photo(bot)
        assert "没有收据" in [label for label, _ in asked[-1].buttons()]
        why = await bot.send(101, "没有收据")
        assert "为什么没有收据" in why[-1].text and "收条" in why[-1].text
        summary = await bot.send(101, "街边修锁师傅不开收据")
        text = summary[-1].text
        assert "收据：没有（原因：街边修锁师傅不开收据）" in text, text
        assert repo.entries(kind=Kind.EXPENSE) == []
        [ok] = [d for label, d in summary[-1].buttons() if label == "确认登记"]
        await bot.press(101, ok)
    [entry] = repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)
    assert entry.data["no_receipt"] == "街边修锁师傅不开收据"
    assert entry.data["receipt"] is None and entry.data["receipt_public"] is False
    from bot.describe import _describe

    said = _describe(repo, entry, "zh")  # what the approving volunteer reads
    assert "没有收据：街边修锁师傅不开收据。请确认这笔钱确实付出了再批准" in said, said
    repo.approve(entry.id, pid(repo, 102))
    line = repo.ledger("east")[-1]
    assert line["receipt"] is None and line["note"] == "无收据：街边修锁师傅不开收据"
    from site_builder.notice_content import notice_for

    [said] = [x for x in notice_for(repo, "east", line["date"][:7])["lines"]
              if x["seq"] == line["seq"]]
    assert "（无收据：街边修锁师傅不开收据）" in said["text"]  # the paper notice says why
    assert repo.verify()


async def test_the_no_receipt_button_then_a_photo_of_a_signed_note_keeps_the_photo(repo):
    async with BotHarness(repo) as bot:
        asked = await _to_the_photo(bot)
        [press] = [d for label, d in asked[-1].buttons() if label == "没有收据"]
        why = await bot.press(101, press)
        assert "为什么没有收据" in why[-1].text
        public = await bot.send_photo(101, jpeg_bytes())  # the repairman's 收条, signed
        assert "公开" in public[-1].text
        summary = await bot.press(101, "exp:pub:0")
        assert "发票照片：有，只给志愿者看" in summary[-1].text
        assert "没有（原因" not in summary[-1].text
        [ok] = [d for label, d in summary[-1].buttons() if label == "确认登记"]
        await bot.press(101, ok)
    [entry] = repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)
    assert entry.data["receipt"] and "no_receipt" not in entry.data


def test_the_domain_refuses_a_receipt_and_a_reason_for_none_together(repo):
    import pytest

    from db.errors import DomainError

    with pytest.raises(DomainError) as err:
        repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
            "amount_fen": 500, "payee": "五金店", "purpose": "灯泡", "category": "lighting",
            "receipt": "2025/ab/abcdef0123456789.jpg", "no_receipt": "没开"})
    assert err.value.code == "bad_field"


async def test_no_receipt_typed_again_as_the_reason_says_a_reason_is_needed(repo):
    async with BotHarness(repo) as bot:
        await _to_the_photo(bot)
        await bot.send(101, "没有收据")
        again = await bot.send(101, "没有")  # the volunteer answers 为什么没有收据？ with 没有
        text = again[-1].text
        assert "需要写明为什么没有收据" in text and "现金付给临时工" in text, text
        assert "为什么没有收据" in text  # and the question again, to answer
        summary = await bot.send(101, "现金付给临时工")
        assert "收据：没有（原因：现金付给临时工）" in summary[-1].text
