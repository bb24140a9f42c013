"""/correct (更正), one step back: 上一步 typed (or ⬅️ 上一步 pressed) at the summary goes
to the reason, at the reason to the corrected text, at the text to the list of her
texts, each showing what she wrote kept with 不改，继续; at the list (or the text of
/correct N) it leaves. Before, 上一步 typed at the text or the reason left the flow and
lost what she had written (您刚才在“更正”里填写的内容没有提交，也没有保存)."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"
FIXED = "1单元门口路灯坏了"
REASON = "原文写了邻居的名字"
LEFT = "已退出“更正”，回到主菜单：请点下方菜单的按钮。"


def labels(call) -> list[str]:
    return [label for label, _ in call.buttons()]


def _published(repo, person, text="张三家门口路灯坏了"):
    issue = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting", "text": text})
    repo.approve(issue.id, pid(repo, 101))
    return issue


@pytest.mark.parametrize("word", ["上一步", "返回上一步"])
async def test_back_typed_at_each_step_goes_one_step_back_and_nothing_is_lost(repo, word):
    issue = _published(repo, confirmed_resident(repo, 7001, HOME, 101))
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/correct")
        await bot.press(7001, f"cor:e:{issue.id}")
        await bot.send(7001, FIXED)
        await bot.send(7001, REASON)
        reason = await bot.send(7001, word)  # the summary: the reason, kept
        assert reason[-1].text.endswith(
            f"\n现在填的是“{REASON}”：不改请点“不改，继续”；要改就重新选或重新输入。")
        assert labels(reason[-1]) == ["不改，继续", "不写理由", "⬅️ 上一步", "取消"]
        text = await bot.send(7001, word)  # the reason: the text, kept
        assert text[-1].text.endswith(
            f"\n您写的更正：{FIXED}\n不改请点“不改，继续”；要改就重新发送更正后的完整文字。")
        picked = await bot.send(7001, word)  # the text: the list
        assert picked[-1].text == "您要更正哪一条已公开的内容？"
        again = await bot.send(7001, "不改")  # at the list: not taken as a correction
        assert again[-1].text == "请用上面的按钮选择要更正的内容。"
        text = await bot.press(7001, f"cor:e:{issue.id}")  # the same: what she wrote kept
        assert f"您写的更正：{FIXED}" in text[-1].text
        await bot.send(7001, "不改")  # typed, as its button
        summary = await bot.press_label(7001, "不改，继续")
        assert f"更正 #{issue.id}：{FIXED}" in summary[-1].text and REASON in summary[-1].text
        await bot.press_label(7001, "提交")
    [fix] = repo.entries(kind=Kind.CORRECTION)
    assert (fix.data["text"], fix.data["reason"]) == (FIXED, REASON)


async def test_an_older_messages_back_is_not_taken_for_this_steps(repo):
    issue = _published(repo, confirmed_resident(repo, 7001, HOME, 101))
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/correct")
        await bot.press(7001, f"cor:e:{issue.id}")
        await bot.send(7001, FIXED)
        await bot.send(7001, REASON)
        for data in ("cor:back:pick", "cor:keep:text"):
            calls = await bot.press(7001, data)
            assert "不是这一步的" in [c.text for c in calls if c.text][0], data
            assert calls[-1].text.startswith(f"更正 #{issue.id}：{FIXED}"), data
        reason = await bot.press(7001, "cor:back:reason")
        assert REASON in reason[-1].text


async def test_back_at_the_text_of_correct_n_leaves(repo):
    issue = _published(repo, confirmed_resident(repo, 7001, HOME, 101))
    async with BotHarness(repo) as bot:
        text = await bot.send(7001, f"/correct {issue.id}")
        assert labels(text[-1]) == ["取消"]  # the first step: no ⬅️ 上一步
        calls = await bot.send(7001, "上一步")
        assert calls[-1].text == LEFT
    assert not repo.entries(kind=Kind.CORRECTION)
