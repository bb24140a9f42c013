"""/expense's summary, and the post the checking volunteer approves, say how the public
accounts will show a payee or purpose that carries a phone, ID or room number: a grid
worker read 收款方：电工李师傅 13912345678 … 另一位志愿者审核通过后，金额、收款方、用途和类别会
在公示账目中公开, as if the number would be published (the line masks it when it is
made: db.redact.public_line). Found with steward chat as a grid worker. A phone in a
line's words is now asked again instead (db.private_words); a room is still masked."""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes
from conftest import pid

from db.entries import Kind


async def _summary(bot: BotHarness, payee: str, purpose: str, started: bool = False) -> str:
    if not started:
        await bot.send(101, "/expense")
        await bot.send(101, "85.5")
    await bot.send(101, payee)
    await bot.send(101, purpose)
    await bot.press(101, "exp:cat:lighting")
    await bot.send_photo(101, jpeg_bytes())
    calls = await bot.press(101, "exp:pub:1")
    return calls[-1].text


async def test_the_summary_and_the_post_show_the_purpose_as_the_accounts_will(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        await bot.send(101, "85.5")
        # a phone in a line's words is no longer masked but asked again (db.private_words)
        [asked] = [c.text for c in await bot.send(101, "电工李师傅 13912345678")
                   if c.chat_id == 101]
        assert asked.startswith("“13912345678”是电话号码。"), asked
        text = await _summary(bot, "电工李师傅", "换3号楼2单元402门口灯泡", started=True)
        assert "用途：换3号楼2单元402门口灯泡" in text  # as typed
        assert ("公示账目上的用途：换3号楼2单元[房号已隐藏]门口灯泡"
                "（电话、身份证号、房号会隐去）") in text, text
        await bot.press_label(101, "就这样提交")  # 李师傅 reads as a person (db.payee_person)
        [entry] = repo.entries(kind=Kind.EXPENSE)
        queue = await bot.send(102, "/pending")
    post = [c.text for c in queue if c.chat_id == 102 and c.text.startswith(f"#{entry.id} ")]
    assert post and "公示账目上的用途：换3号楼2单元[房号已隐藏]门口灯泡" in post[-1], post
    line = repo.approve(entry.id, pid(repo, 102))
    public = repo.line("east", line.data["ledger_seq"])
    assert (public["payee"], public["purpose"]) == (
        "电工李师傅", "换3号楼2单元[房号已隐藏]门口灯泡")


async def test_a_summary_with_nothing_to_hide_says_nothing_of_hiding(repo):
    async with BotHarness(repo) as bot:
        text = await _summary(bot, "光明电器维修部", "更换2号楼路灯灯泡")
    assert "公示账目上的" not in text and "隐去" not in text, text
