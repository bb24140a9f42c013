"""/meeting: topics sent as two messages put the second into the decisions (议题：停车
sent, then 清理消防通道 as a second topic, stored as what was decided). Now the topics
step takes every message below the ones before, says so, and goes on to the decisions
only at 议题写完了，下一步 (or 下一步 typed)."""

from __future__ import annotations

from bot_harness import BotHarness

from db.entries import Kind


async def _to_topics(bot):
    await bot.send(101, "/meeting")
    await bot.press_label(101, "会诊")
    await bot.press_label(101, "今天")
    for typed in ("社区活动室", "网格员", "12"):
        await bot.send(101, typed)


async def test_topics_sent_as_two_messages_are_both_topics(repo):
    async with BotHarness(repo) as bot:
        await _to_topics(bot)
        first = await bot.send(101, "停车")
        second = await bot.send(101, "清理消防通道")
        decisions = await bot.press_label(101, "议题写完了，下一步")
        await bot.send(101, "画车位")
        await bot.press_label(101, "无")
        await bot.press_label(101, "跳过")
        await bot.press_label(101, "提交")
    assert "还有议题就接着发，会接在后面" in first[-1].text
    assert "议题写完了，下一步" in [label for label, _ in first[-1].buttons()]
    assert "已记下的议题：停车 清理消防通道" in second[-1].text
    assert "决定" in decisions[-1].text
    [m] = repo.entries(kind=Kind.MEETING)
    assert (m.data["topics"], m.data["decisions"]) == ("停车\n清理消防通道", "画车位")


async def test_topics_come_back_to_are_replaced_by_what_is_typed(repo):
    async with BotHarness(repo) as bot:
        await _to_topics(bot)
        await bot.send(101, "停车")
        await bot.send(101, "下一步")
        await bot.send(101, "上一步")  # the decisions: the topics, kept
        await bot.send(101, "屋顶防水")  # typed anew: in their place
        await bot.send(101, "下一步")
        await bot.send(101, "请施工队报价")
        await bot.press_label(101, "无")
        await bot.press_label(101, "跳过")
        await bot.press_label(101, "提交")
    [m] = repo.entries(kind=Kind.MEETING)
    assert (m.data["topics"], m.data["decisions"]) == ("屋顶防水", "请施工队报价")


async def test_decisions_sent_as_two_messages_are_both_decisions(repo):
    async with BotHarness(repo) as bot:
        await _to_topics(bot)
        await bot.send(101, "停车")
        await bot.send(101, "下一步")
        await bot.send(101, "画车位")
        added = await bot.send(101, "每户一个车位")  # where the reports are asked
        wrong = await bot.send(101, "#12 和 #15")
        await bot.send(101, "无")  # typed for the button: not a decision
        await bot.press_label(101, "跳过")
        await bot.press_label(101, "提交")
    assert "这段话已接在决定后面：每户一个车位" in added[0].text
    assert "无" in [label for label, _ in added[-1].buttons()]
    assert "请输入编号" in wrong[-1].text
    [m] = repo.entries(kind=Kind.MEETING)
    assert m.data["decisions"] == "画车位\n每户一个车位"
