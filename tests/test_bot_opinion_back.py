"""/opinion (提意见), one step back: 上一步 typed (or ⬅️ 上一步 pressed) at the text goes
to the open proposals (the one chosen said), at the confirmation to the text (shown
kept, with 不改，继续), at the text 修改 asked again to the confirmation unchanged; at
the first step it leaves the opinion keeping the draft (继续填写). Before, 上一步 typed
at any step left the opinion (已退出“提意见”), and from the confirmation the opinion
written could only be sent, changed or dropped."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"
ABOUT = "您的意见是关于正在表决的某项提议吗？"
WRITE = "请写下您的意见或建议（也可以发语音）。志愿者会逐条阅读。"
LEFT = "已退出“提意见”，回到主菜单：请点下方菜单的按钮。"
WORDS = "路灯最好换成暖光的"


def labels(call) -> list[str]:
    return [label for label, _ in call.buttons()]


def _proposal(repo):
    return repo.create_proposal(pid(repo, 101), "east", title="更换路灯", description="换 LED",
                                budget_fen=360000, matter="everyday", deadline="2025-12-31")


@pytest.mark.parametrize("word", ["上一步", "返回上一步"])
async def test_back_typed_at_each_step_goes_one_step_back_and_nothing_is_lost(repo, word):
    confirmed_resident(repo, 7001, HOME, 101)
    p = _proposal(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")
        write = await bot.press(7001, f"op:p:{p.id}")
        assert write[-1].text == WRITE and labels(write[-1]) == ["⬅️ 上一步", "取消"]
        about = await bot.send(7001, word)  # the text: the proposals, the one chosen said
        assert [c.text for c in about] == [
            ABOUT + f"\n现在选的是“关于 #{p.id}：更换路灯”：不改就再点它，要改就点另一个。"]
        await bot.press(7001, f"op:p:{p.id}")
        await bot.send(7001, WORDS)
        write = await bot.send(7001, word)  # the confirmation: the text, kept
        assert [c.text for c in write] == [
            f"您的意见：{WORDS}\n不改请点“不改，继续”；要改就打字写新的，或者发一条语音。"]
        assert labels(write[-1]) == ["不改，继续", "⬅️ 上一步", "取消"]
        confirm = await bot.send(7001, "不改")  # typed, as its button
        assert confirm[-1].text.startswith(f"您的意见：{WORDS}\n🔓")
        await bot.press_label(7001, "修改")
        confirm = await bot.send(7001, word)  # the text 修改 asked: the confirmation
        assert confirm[-1].text.startswith(f"您的意见：{WORDS}\n🔓")
        await bot.press_label(7001, "提交")
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.data["text"] == WORDS and opinion.data["proposal"] == p.id


async def test_back_pressed_goes_where_typed_back_does_and_a_change_is_taken(repo):
    """Back at the proposals, 一般意见 chosen instead: the opinion is no longer about the
    proposal (the choice made first stayed in the draft)."""
    confirmed_resident(repo, 7001, HOME, 101)
    p = _proposal(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")
        await bot.press(7001, f"op:p:{p.id}")
        await bot.send(7001, WORDS)
        write = await bot.press(7001, "op:back:text")
        assert write[-1].text.startswith(f"您的意见：{WORDS}\n不改")
        about = await bot.press(7001, "op:back:about")
        assert about[-1].text.startswith(ABOUT)
        write = await bot.press(7001, "op:p:0")  # changed: a general opinion
        assert write[-1].text.startswith(f"您的意见：{WORDS}\n不改")
        await bot.press_label(7001, "不改，继续")
        await bot.press_label(7001, "提交")
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.data["text"] == WORDS and "proposal" not in opinion.data


async def test_an_older_messages_back_is_not_taken_for_this_steps(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    p = _proposal(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")
        await bot.press(7001, f"op:p:{p.id}")
        await bot.send(7001, WORDS)
        for data in ("op:back:about", "op:keep"):  # the text's, pressed at the confirmation
            calls = await bot.press(7001, data)
            assert "不是这一步的" in [c.text for c in calls if c.text][0], data
            assert calls[-1].text.startswith(f"您的意见：{WORDS}\n🔓"), data
        await bot.press_label(7001, "提交")
    assert len(repo.entries(kind=Kind.OPINION)) == 1


async def test_back_at_the_first_step_leaves_the_opinion_keeping_what_was_written(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    p = _proposal(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")
        await bot.press(7001, f"op:p:{p.id}")
        await bot.send(7001, WORDS)
        await bot.send(7001, "上一步")  # the text, kept
        await bot.send(7001, "上一步")  # the proposals
        calls = await bot.send(7001, "上一步")  # before the first step: out of it
        assert "先为您保留" in calls[0].text and calls[-1].text == LEFT
        resumed = await bot.press_label(7001, "继续填写")
        assert ABOUT in resumed[-1].text
    assert not repo.entries(kind=Kind.OPINION)


async def test_with_no_proposal_to_choose_back_at_the_confirmation_shows_the_text_then_leaves(
        repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")
        await bot.send(7001, WORDS)
        write = await bot.send(7001, "上一步")
        assert write[-1].text.startswith(f"您的意见：{WORDS}\n不改")
        assert labels(write[-1]) == ["不改，继续", "取消"]  # the first step: no ⬅️ 上一步
        calls = await bot.send(7001, "返回")
        assert "先为您保留" in calls[0].text and calls[-1].text == LEFT
    assert not repo.entries(kind=Kind.OPINION)
