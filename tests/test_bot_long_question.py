"""A question too long for the public (over ``MAX_QUESTION``) typed at 提问's first step
(您要问哪一项？) was told 您的问题已记下，不用再打一遍, and once the line was pressed, 太长了
(5000 个字)，请控制在 500 字以内: it was gone, to be typed again on a phone."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.civic import MAX_QUESTION
from db.entries import Kind

HOME = "c1/1/1/101"


def _line(repo):
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 25000, "payee": "保洁公司", "purpose": "院内保洁", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    return spent


async def test_a_long_question_typed_at_the_first_step_keeps_its_beginning(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    _line(repo)
    letter = "保洁费为什么每个月都一样，" + "请说明一下" * 1000
    async with BotHarness(repo) as bot:
        asked = await bot.send(7001, "/ask")
        line = next(d for c in asked for _, d in c.buttons() if d.startswith("ask:t:l:"))
        told = await bot.send(7001, letter)
        assert f"这段有 {len(letter)} 个字，提问最多 {MAX_QUESTION} 个字。前 {MAX_QUESTION} " \
            "个字先替您留作问题" in told[-1].text
        shown = await bot.press(7001, line)
        assert "太长" not in shown[-1].text
        assert letter[:MAX_QUESTION] in shown[-1].text
        ok = next(d for c in reversed(shown) for _, d in c.buttons() if d.startswith("ask:ok"))
        await bot.press(7001, ok)
    [question] = repo.entries(kind=Kind.QUESTION)
    assert question.data["text"] == letter[:MAX_QUESTION]


async def test_a_long_question_typed_at_the_question_step_keeps_its_beginning(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    _line(repo)
    letter = "请" * (MAX_QUESTION + 300)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/ask 1")
        shown = await bot.send(7001, letter)
        assert f"这段有 {len(letter)} 个字" in shown[-1].text
        ok = next(d for c in reversed(shown) for _, d in c.buttons() if d.startswith("ask:ok"))
        await bot.press(7001, ok)
    [question] = repo.entries(kind=Kind.QUESTION)
    assert question.data["text"] == letter[:MAX_QUESTION]
