"""Words typed at a ledger question's confirmation are added to the question, said so:
她问第 79 笔, then at 您关于第 79 笔账的提问：… typed 是哪家公司做的 and read 请点上面的
“提交”或“取消”。, her words dropped unsaid."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"


def _line(repo):
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 25000, "payee": "保洁公司", "purpose": "院内保洁", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))


async def _to_confirm(bot, repo):
    _line(repo)
    return await bot.send(7001, "/ask 1 保洁费为什么每月都一样")


async def test_words_typed_at_a_questions_confirmation_are_added(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        shown = await _to_confirm(bot, repo)
        assert "保洁费为什么每月都一样" in shown[-1].text
        calls = await bot.send(7001, "是哪家公司做的")
        texts = [c.text for c in calls if c.text]
        assert texts[0] == "您写的话已加在问题后面：是哪家公司做的"
        assert "保洁费为什么每月都一样\n是哪家公司做的" in texts[-1]
        again = await bot.send(7001, "好的")
        assert [c.text for c in again if c.text][0] == "请核对下面的内容，再点它下方的按钮："
        ok = next(d for c in reversed(again) for _, d in c.buttons() if d.startswith("ask:ok"))
        await bot.press(7001, ok)
    [question] = repo.entries(kind=Kind.QUESTION)
    assert question.data["text"] == "保洁费为什么每月都一样\n是哪家公司做的"


async def test_words_at_a_questions_confirmation_in_english(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.set_language(pid(repo, 7001), "en")
    async with BotHarness(repo) as bot:
        await _to_confirm(bot, repo)
        calls = await bot.send(7001, "who does the cleaning")
    assert [c.text for c in calls if c.text][0] == ("Your words were added to your question: "
                                                    "who does the cleaning")
