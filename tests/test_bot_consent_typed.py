"""同意 typed at the registration's consent question (elderly residents type it): consent
stays a press (PIPL's separate consent), but she is told plainly, in one short line with
the buttons under it, that typing does not count. It was 请点问题下面的按钮回答 above the
whole notice again, and she typed 同意 again."""

from __future__ import annotations

from bot_harness import BotHarness

from db.entries import Kind


async def _at_consent(bot, uid: int):
    await bot.send(uid, "/start")
    await bot.press_label(uid, "东小区")  # one building, one unit: its rooms at once
    return await bot.press_label(uid, "101")


async def test_agree_typed_is_told_in_one_line_to_press_the_button_under_it(repo):
    async with BotHarness(repo) as bot:
        asked = await _at_consent(bot, 7009)
        assert "您同意吗" in asked[-1].text  # the notice, once
        for word in ("同意", "好的", "我同意。"):
            told = await bot.send(7009, word)
            [said] = [c for c in told if c.text]
            first, question = said.text.split("\n")
            assert first == "请点下面的“同意，这是我家，请登记”按钮（打字的“同意”不算）。"
            assert question.startswith("登记为 东小区 1号楼 1单元 101 的住户吗")
            labels = [label for label, _ in said.buttons()]
            assert labels[:2] == ["同意，这是我家，请登记", "不同意"]
            assert repo.entries(kind=Kind.REGISTRATION) == []
        await bot.press_label(7009, "同意，这是我家，请登记")
    [entry] = repo.entries(kind=Kind.REGISTRATION)
    assert entry.data["household"] == "c1/1/1/101"


async def test_disagree_typed_is_asked_to_press_one_of_the_two_buttons(repo):
    async with BotHarness(repo) as bot:
        await _at_consent(bot, 7009)
        told = await bot.send(7009, "不同意")
    assert told[-1].text.startswith("请点问题下面的按钮回答：“同意，这是我家，请登记”或“不同意”")
    assert repo.entries(kind=Kind.REGISTRATION) == []
