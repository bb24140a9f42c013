"""我想问问上个月保洁费花了多少 typed straight into the chat: it was offered only as a
report or an opinion, and 提问 (a public question on the accounts) needed it typed again
(found trying the real ``steward run`` as an elderly resident). A question on the money
is offered as one, its words kept while she chooses the line."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"
ASKED = "我想问问上个月保洁费花了多少"


def _line(repo):
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 25000, "payee": "保洁公司", "purpose": "院内保洁", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))


async def test_a_question_on_the_money_is_asked_with_its_words_kept(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    _line(repo)
    async with BotHarness(repo) as bot:
        offered = await bot.send(7001, ASKED)
        # (the accounts first: test_bot_elderly_phone_walk)
        assert [d for _, d in offered[-1].buttons()][:2] == ["go:accounts", "ask:said"]
        started = await bot.press(7001, "ask:said")
        assert any(f"您的问题先替您留着：{ASKED}" in c.text for c in started)
        assert started[-1].text.startswith("您要问哪一项？")
        confirm = await bot.press(7001, "ask:t:l:1")
        assert confirm[-1].text.startswith(f"您关于第 1 笔账的提问：{ASKED}")
        await bot.press(7001, next(d for _, d in confirm[-1].buttons() if d.startswith("ask:ok")))
    [question] = repo.entries(kind=Kind.QUESTION)
    assert question.data["text"] == ASKED


async def test_a_complaint_is_not_offered_as_a_question(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        offered = await bot.send(7001, "楼道灯坏了好几天了")
    assert "ask:said" not in [d for c in offered for _, d in c.buttons()]


async def test_how_much_a_fee_brought_in_is_offered_the_accounts_first(repo):
    """今年卫生费收了多少 (a retired resident after a street meeting) was offered 缴费登记,
    意见 and 报事, nothing of the accounts; now 账目 and the public question come first."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        offered = await bot.send(7001, "今年卫生费收了多少")
    assert [d for _, d in offered[-1].buttons()][:3] == ["go:accounts", "ask:said", "go:pay"]
