"""我的 of a volunteer lists her reply to a resident's opinion as that: it read
#535 进展（2026-12-06）：周末收垃圾已和环卫站商量… —— 已发布, as if it were progress on a
report, with nothing saying which opinion it answered (found with steward chat as a
grid worker, after /reply 533 …)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind


async def test_mine_says_a_reply_answers_which_opinion(repo):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 102)
    opinion = repo.submit(author, Kind.OPINION, "east", {"text": "希望周末也能收垃圾"})
    repo.approve(opinion.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/reply {opinion.id} 下月开始周六也收")
        mine = await bot.send(101, "我的")
    said = "\n".join(c.text for c in mine if c.chat_id == 101)
    assert f"：回复意见 #{opinion.id}：下月开始周六也收 —— " in said, said
