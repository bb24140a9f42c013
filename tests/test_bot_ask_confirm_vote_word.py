"""A vote said at a question's confirmation is not added to the question (as walk130
did for a report's and an opinion's summary): a proposal came in while she was at
您关于第 1 笔账的提问 and she typed 我同意 for it; it was added to the question
(保洁费为什么每月都一样 / 我同意), to be published so, and the vote not cast. Now she is
told the question is not sent yet and how to vote; with no vote open, the confirmation
comes again with its buttons below, the question as it was."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

WORDS = "保洁费为什么每月都一样"


def _line(repo) -> None:
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 25000, "payee": "保洁公司", "purpose": "院内保洁", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))


def _ok(calls) -> str:
    return next(d for c in reversed(calls) for _, d in c.buttons() if d.startswith("ask:ok"))


async def test_agree_typed_at_a_questions_confirmation_is_not_added_to_it(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    _line(repo)
    repo.create_proposal(pid(repo, 101), "east", title="院内加装路灯", description="东侧加两盏",
                         budget_fen=300000, matter="everyday", deadline="2099-01-01")
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/ask")
        await bot.press(7001, "ask:t:l:1")
        await bot.send(7001, WORDS)
        said = await bot.send(7001, "我同意")
        assert any("没有加到您的问题里" in c.text and "投票" in c.text for c in said), \
            [c.text for c in said]
        assert f"{WORDS}\n我同意" not in said[-1].text and WORDS in said[-1].text
        await bot.press(7001, _ok(said))
    [question] = repo.entries(kind=Kind.QUESTION)
    assert question.data["text"] == WORDS


async def test_agree_typed_with_no_vote_open_gets_the_confirmation_again(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    _line(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/ask")
        await bot.press(7001, "ask:t:l:1")
        await bot.send(7001, WORDS)
        said = await bot.send(7001, "同意")
        assert "ask:ok" in [d.split("~")[0] for _, d in said[-1].buttons()]
        await bot.press(7001, _ok(said))
    [question] = repo.entries(kind=Kind.QUESTION)
    assert question.data["text"] == WORDS
