"""/ask (提问), one step back: 上一步 typed (or ⬅️ 上一步 pressed) at the confirmation
goes to the question (shown kept, with 不改，继续), at the question to what it is about
(the one chosen said), there to the areas for someone with several; at the first step it
leaves the question keeping the draft (继续填写). Before, 上一步 typed at any step left
the question (已退出“提问”), and the confirmation (提交, 取消) could not change it."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"
TARGET = "您要问哪一项？"
WRITE = "请写下您的问题（最多 500 个字），也可以发一条语音。不要写姓名或电话号码：问题会公开。"
LEFT = "已退出“提问”，回到主菜单：请点下方菜单的按钮。"
WORDS = "保洁费为什么每月都一样"


def labels(call) -> list[str]:
    return [label for label, _ in call.buttons()]


def _ok(calls) -> str:
    return next(d for c in reversed(calls) for _, d in c.buttons() if d.startswith("ask:ok"))


def _lines(repo, count=2):
    for month in range(count):
        spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
            "amount_fen": 25000 + month, "payee": "保洁公司", "purpose": "院内保洁",
            "category": "repair"})
        repo.approve(spent.id, pid(repo, 102))


@pytest.mark.parametrize("word", ["上一步", "返回上一步"])
async def test_back_typed_at_each_step_goes_one_step_back_and_nothing_is_lost(repo, word):
    confirmed_resident(repo, 7001, HOME, 101)
    _lines(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/ask")
        write = await bot.press(7001, "ask:t:l:1")
        assert write[-1].text == WRITE and labels(write[-1]) == ["⬅️ 上一步", "取消"]
        target = await bot.send(7001, word)  # the question: the lines, the one chosen said
        assert target[-1].text.startswith(TARGET)
        assert target[-1].text.endswith("\n现在选的是“第 1 笔账”：不改就再点它，要改就点另一个。")
        assert "⬅️ 上一步" not in labels(target[-1])  # the first step
        await bot.press(7001, "ask:t:l:1")
        confirm = await bot.send(7001, WORDS)
        assert labels(confirm[-1]) == ["提交", "⬅️ 上一步", "取消"]
        write = await bot.send(7001, word)  # the confirmation: the question, kept
        assert [c.text for c in write] == [
            f"您的问题：“{WORDS}”\n不改请点“不改，继续”；要改就打字写新的。"]
        assert labels(write[-1]) == ["不改，继续", "⬅️ 上一步", "取消"]
        confirm = await bot.send(7001, "不改")  # typed, as its button
        assert confirm[-1].text.startswith(f"您关于第 1 笔账的提问：{WORDS}")
        await bot.press(7001, _ok(confirm))
    [question] = repo.entries(kind=Kind.QUESTION)
    assert question.data["text"] == WORDS and question.data["ref"] == 1


async def test_back_pressed_goes_where_typed_back_does_and_a_change_is_taken(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    _lines(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, f"/ask 1 {WORDS}")
        write = await bot.press(7001, "ask:back:text")
        assert write[-1].text.startswith(f"您的问题：“{WORDS}”")
        target = await bot.press(7001, "ask:back:target")
        assert target[-1].text.startswith(TARGET) and "第 1 笔账" in target[-1].text
        confirm = await bot.press(7001, "ask:t:l:2")  # changed: the question goes with it
        assert confirm[-1].text.startswith(f"您关于第 2 笔账的提问：{WORDS}")
        await bot.press(7001, "ask:back:text")
        confirm = await bot.send(7001, "保洁公司是怎么选的")  # a new one replaces it
        await bot.press(7001, _ok(confirm))
    [question] = repo.entries(kind=Kind.QUESTION)
    assert (question.data["ref"], question.data["text"]) == (2, "保洁公司是怎么选的")


async def test_an_older_messages_back_is_not_taken_for_this_steps(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    _lines(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/ask")
        await bot.press(7001, "ask:t:l:1")
        await bot.send(7001, WORDS)
        for data in ("ask:back:target", "ask:keep"):  # the question's, at the confirmation
            calls = await bot.press(7001, data)
            assert "不是这一步的" in [c.text for c in calls if c.text][0], data
            assert calls[-1].text.startswith(f"您关于第 1 笔账的提问：{WORDS}"), data
        forged = await bot.press(7001, "ask:back:nowhere")
        assert "失效" in forged[-1].text


async def test_back_at_the_first_step_leaves_the_question_keeping_what_was_written(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    _lines(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, f"/ask 1 {WORDS}")
        await bot.send(7001, "上一步")  # the question, kept
        await bot.send(7001, "上一步")  # the lines
        calls = await bot.send(7001, "上一步")  # before the first step: out of it
        assert "先为您保留" in calls[0].text and calls[-1].text == LEFT
        resumed = await bot.press_label(7001, "继续填写")
        assert resumed[-1].text.startswith(TARGET)
    assert not repo.entries(kind=Kind.QUESTION)


async def test_someone_of_two_areas_goes_back_from_the_lines_to_the_areas(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.grant(pid(repo, 900), 7001, "west", role="supervisor")
    _lines(repo)
    async with BotHarness(repo) as bot:
        areas = await bot.send(7001, "/ask")
        assert areas[-1].text == "您要问哪个区域的事？"
        target = await bot.press(7001, "ask:area:0")
        assert labels(target[-1])[-2:] == ["⬅️ 上一步", "取消"]
        areas = await bot.send(7001, "上一步")
        assert areas[-1].text == ("您要问哪个区域的事？\n"
                                  "现在选的是“东小区”：不改就再点它，要改就点另一个。")
        calls = await bot.send(7001, "上一步")  # the first step: out of it
        assert calls[-1].text == LEFT
    assert not repo.entries(kind=Kind.QUESTION)
