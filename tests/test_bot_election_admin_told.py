"""An election that elected tells the admins, who alone seat the elected (/seat): when
新国土小区's election closed by itself, its volunteers and residents read 接下来：管理员确认
后，当选的人就任 and the street office's admin was told nothing, so nobody took office
until someone thought to ask (steward demo, an election played to its deadline)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, past_deadline, pid

ADMIN = 900


def _election(repo, backs):
    e = repo.open_election(pid(repo, 101), "east", title="第一届物管会选举", seats=1,
                           candidates=["候选人甲（退休教师）", "候选人乙（楼长）"],
                           deadline="2025-01-02")
    for n, room in enumerate(("101", "102", "201")[:len(backs)]):
        repo.cast_ballot(confirmed_resident(repo, 7100 + n, f"c1/1/1/{room}", 101), e.id,
                         backs[n])
    past_deadline(repo, e.id)
    return e


async def test_the_admin_is_told_to_seat_the_elected_once(repo):
    e = _election(repo, [[2], [2], [2]])
    async with BotHarness(repo) as bot:
        await bot.run_jobs()
        await bot.run_jobs()  # the job looks again: nothing twice
    told = [c.text for c in bot.sent("sendMessage") if c.chat_id == ADMIN]
    assert told == [f"东小区的选举 #{e.id} 第一届物管会选举 选出了 1 位：候选人乙（楼长）。"
                    f"您授予身份后他们才能就任：发送 /seat {e.id}（按顺序列出当选人），再发送 "
                    f"/seat {e.id} 和每位当选人的 Telegram 号码或 @用户名。"], told


async def test_an_election_that_elected_nobody_asks_nothing_of_the_admin(repo):
    e = _election(repo, [[2]])  # one ballot of three: two thirds did not take part
    async with BotHarness(repo) as bot:
        await bot.run_jobs()
        assert not [c for c in bot.sent("sendMessage") if c.chat_id == ADMIN]
        seat = await bot.send(ADMIN, f"/seat {e.id}")
    assert seat[-1].text == f"#{e.id} 没有可以任职的当选人。"


async def test_seat_before_the_election_closed_says_it_is_still_open(repo):
    """/seat N while N was still open read #N 没有可以任职的当选人, as if nobody had won
    (the real steward run against the Bot API emulator, the admin a day early)."""
    e = repo.open_election(pid(repo, 101), "east", title="第一届物管会选举", seats=1,
                           candidates=["候选人甲（退休教师）", "候选人乙（楼长）"],
                           deadline="2099-01-02")
    async with BotHarness(repo) as bot:
        said = await bot.send(ADMIN, f"/seat {e.id}")
    assert said[-1].text == (f"选举 #{e.id} 还在投票，2099-01-02 24 时截止：结束后才知道谁当选"
                             f"（到时会通知您），再发送 /seat {e.id}。"), said[-1].text
