"""An opinion sent twice (not sure the first went through): the second's confirmation
says the same words still wait for review, as a report's and a fee's do."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"


def _ok(calls) -> str:
    return next(d for c in reversed(calls) for _, d in c.buttons() if d.startswith("op:ok"))


async def test_the_same_opinion_again_says_the_first_still_waits(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "提意见")
        first = await bot.send(7001, "希望院里多放两个垃圾桶")
        assert "已经提过" not in first[-1].text
        await bot.press(7001, _ok(first))
        [earlier] = repo.entries(kind=Kind.OPINION)
        await bot.send(7001, "提意见")
        again = await bot.send(7001, "希望院里多放两个垃圾桶。")
        assert (f"⚠️ 同样的意见您已经提过：#{earlier.id}（还在等待审核）。如果是同一条，不用再提，"
                "请点“取消”。") in again[-1].text
        await bot.send(7001, "提意见")
        other = await bot.send(7001, "楼道灯晚上太暗")
        assert "已经提过" not in other[-1].text


async def test_the_same_opinion_again_in_english(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.set_language(pid(repo, 7001), "en")
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")
        await bot.press(7001, _ok(await bot.send(7001, "more bins please")))
        await bot.send(7001, "/opinion")
        again = await bot.send(7001, "More bins, please!")
    [earlier] = repo.entries(kind=Kind.OPINION)
    assert (f"⚠️ You gave the same opinion already: #{earlier.id} (waiting for review). If it "
            "is the same one, there is no need to send it again: press \"Cancel\".") \
        in again[-1].text
