"""A step asked again after something it does not take (a photo, a voice note, an
amount it cannot read) comes with the step's own buttons under it: before, the
expense category after a photo (请点上面的按钮选择 alone), the /ask question after a
sticker (no ⬅️ 上一步/取消), the expense amount after 120.5.5 (no 取消) and the
proposal's description and budget after a voice note (no ⬅️ 上一步) had none, the
buttons scrolled away above on a phone (found trying the bot as an elderly resident)."""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident, pid

from db.entries import Kind


def labels(call) -> list[str]:
    return [label for label, _ in call.buttons()]


def same_buttons(asked, again) -> None:
    assert again.buttons() and again.buttons() == asked.buttons(), (asked.buttons(),
                                                                  again.buttons())


async def test_the_expense_category_after_a_photo_comes_with_the_categories(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        wrong = await bot.send(101, "120.5.5")  # the amount not understood: 取消 under it
        assert "无法识别这个金额" in wrong[-1].text and "取消" in labels(wrong[-1])
        await bot.send(101, "350")
        await bot.send(101, "光明电器维修部")
        asked = await bot.send(101, "更换2号楼路灯灯泡")
        again = await bot.send_photo(101, jpeg_bytes())  # kept as its receipt now
        assert "哪一类" in again[-1].text, again[-1].text  # (test_bot_expense_early_receipt)
        same_buttons(asked[-1], again[-1])
        await bot.press(101, "exp:cat:lighting")


async def test_the_question_after_a_sticker_comes_with_back_and_cancel(repo):
    """(A voice note there is her question now: test_bot_ask_voice.)"""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 25000, "payee": "保洁公司", "purpose": "院内保洁", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/ask")
        asked = await bot.press(7001, "ask:t:l:1")
        again = await bot.send_raw(7001, sticker={
            "file_id": "s1", "file_unique_id": "s1", "type": "regular", "width": 512,
            "height": 512, "is_animated": False, "is_video": False})
        assert "写下您的问题" in again[-1].text
        same_buttons(asked[-1], again[-1])
        assert labels(again[-1]) == ["⬅️ 上一步", "取消"]


async def test_the_proposals_description_and_budget_after_a_voice_note_keep_their_buttons(
        repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/propose")
        asked = await bot.send(101, "硬化3号楼前路面")
        again = await bot.send_voice(101)
        same_buttons(asked[-1], again[-1])
        asked = await bot.send(101, "路面坑洼，雨天积水，请施工队硬化")
        again = await bot.send_voice(101)
        same_buttons(asked[-1], again[-1])


async def test_the_fee_and_the_amount_of_a_fee_paid_after_a_voice_note_keep_their_buttons(
        tmp_path):
    from conftest import StepClock
    from test_bot_ledger import SCHEDULED

    from db.config import parse_street
    from db.repository import Repository

    repo = Repository.init(tmp_path / "data", parse_street(SCHEDULED, "street.yaml"),
                           clock=StepClock())
    try:
        confirmed_resident(repo, 7001, "c1/1/1/101", 101)
        async with BotHarness(repo) as bot:
            asked = await bot.send(7001, "/pay")
            again = await bot.send_voice(7001)
            same_buttons(asked[-1], again[-1])
            await bot.press(7001, "pay:fee:sanitation")
            asked = await bot.press(7001, "pay:per:2025")
            again = await bot.send_voice(7001)
            same_buttons(asked[-1], again[-1])
            assert "pay:amt:12000" in [d for _, d in again[-1].buttons()]
    finally:
        repo.close()


STICKER = {"file_id": "stk1", "file_unique_id": "ustk1", "type": "regular", "width": 512,
           "height": 512, "is_animated": False, "is_video": False}


async def test_a_reports_description_and_an_opinion_after_a_sticker_keep_their_buttons(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        asked = await bot.press(7001, "rep:cat:lighting")
        again = await bot.send_raw(7001, sticker=STICKER)
        assert "描述" in again[-1].text
        same_buttons(asked[-1], again[-1])
        await bot.send(7001, "/cancel")
        await bot.send(7001, "/opinion")
        asked = await bot.press(7001, "op:p:0")
        again = await bot.send_raw(7001, sticker=STICKER)
        same_buttons(asked[-1], again[-1])
        assert "取消" in labels(again[-1])


async def test_the_similar_reports_after_a_sticker_or_other_words_keep_their_buttons(repo):
    """请点上面的“我也遇到了”或“我的不一样” came alone, the reports' buttons above."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    author = confirmed_resident(repo, 7002, "c1/1/1/102", 101)
    issue = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting",
                                                     "text": "路灯不亮了，晚上很黑"})
    repo.approve(issue.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        asked = await bot.send(7001, "路灯不亮了，很黑")
        assert f"rep:me:{issue.id}" in [d for _, d in asked[-1].buttons()]
        again = await bot.send_raw(7001, sticker=STICKER)
        same_buttons(asked[-1], again[-1])
        again = await bot.send(7001, "嗯")
        same_buttons(asked[-1], again[-1])


async def test_a_questions_confirmation_after_a_sticker_keeps_its_buttons(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 25000, "payee": "保洁公司", "purpose": "院内保洁", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/ask")
        await bot.press(7001, "ask:t:l:1")
        asked = await bot.send(7001, "保洁费为什么每月都一样")
        again = await bot.send_raw(7001, sticker=STICKER)
        same_buttons(asked[-1], again[-1])
        ok = next(d for _, d in again[-1].buttons() if d.startswith("ask:ok"))
        await bot.press(7001, ok)  # the seal of the question as shown: taken
    [question] = repo.entries(kind=Kind.QUESTION)
    assert question.data["text"] == "保洁费为什么每月都一样"


async def test_the_proposals_title_and_matter_after_a_voice_note_keep_their_buttons(repo):
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, "/propose")
        again = await bot.send_voice(101)
        same_buttons(asked[-1], again[-1])
        await bot.send(101, "硬化3号楼前路面")
        await bot.send(101, "路面坑洼，雨天积水，请施工队硬化")
        asked = await bot.send(101, "15000")
        again = await bot.send_voice(101)
        same_buttons(asked[-1], again[-1])
        assert any(d.startswith("prop:mt:") for _, d in again[-1].buttons())
