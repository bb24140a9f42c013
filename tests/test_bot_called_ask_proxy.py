"""The ask-first preview of a named step (``bot.handlers.called_ask``) says who will
really be told. On a report a volunteer recorded for a household (代办, /proxy) it said
#N 的报事人和关注它的邻居都会在聊天里收到, though she is its reporter and is not told,
and the household, visited at its door, may have nobody with the bot: nobody was told
at the press. Now it says who is: the neighbours following it (the household's residents
with the bot), the volunteer who recorded it when that is another, or nobody in a chat
(the site only); a reply to an opinion she recorded herself the same."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/102"  # the household visited at its door
NAMED = "已请电工老杨明天上午来看"


def _proxy(repo, by=101, kind=Kind.ISSUE, data=None):  # type: ignore[no-untyped-def]
    entry = repo.submit_for(pid(repo, by), HOME, kind,
                            data or {"category": "lighting", "text": "楼道灯不亮", "photos": []})
    return repo.approve(entry.id, pid(repo, 102 if by == 101 else 101))


async def test_a_step_on_a_report_recorded_for_a_household_nobody_has_the_bot_of(repo):
    entry = _proxy(repo)
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/progress {entry.id} {NAMED}")
        sent = await bot.press_label(101, "照发")
    text = asked[-1].text
    assert "报事人" not in text and "都会在聊天里收到" not in text, text
    assert "还没有保存。“老杨”像是在称呼某个人：一保存，网站上就会公开。" in text, text
    assert "没有人会在聊天里收到" in text, text
    assert "发出去是这样" not in text, text
    assert not [c for c in sent if c.chat_id != 101 and c.method == "sendMessage"]


async def test_a_step_on_a_report_recorded_for_a_household_tells_its_residents(repo):
    confirmed_resident(repo, 5003, HOME, 102)
    entry = _proxy(repo)  # the household's resident follows it
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/progress {entry.id} {NAMED}")
        sent = await bot.press_label(101, "照发")
    text = asked[-1].text
    assert "报事人会" not in text and f"关注 #{entry.id} 的 1 位邻居会在聊天里收到" in text, text
    assert f"您关注的报事 #{entry.id} 已开始处理" in text, text  # what the follower reads
    assert [c.chat_id for c in sent if c.method == "sendMessage" and c.chat_id != 101] == [5003]


async def test_a_step_on_a_report_another_volunteer_recorded_tells_her(repo):
    entry = _proxy(repo, by=102)
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/progress {entry.id} {NAMED}")
    text = asked[-1].text
    assert f"代办登记 #{entry.id} 的志愿者会在聊天里收到" in text, text


async def test_a_step_on_a_residents_own_report_still_says_the_reporter_is_told(repo):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": "楼道灯不亮"})
    repo.approve(entry.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/progress {entry.id} {NAMED}")
    assert f"#{entry.id} 的报事人会在聊天里收到" in asked[-1].text, asked[-1].text


async def test_a_reply_to_an_opinion_she_recorded_for_a_household_tells_nobody(repo):
    opinion = _proxy(repo, kind=Kind.OPINION, data={"text": "希望装晾衣架"})
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/reply {opinion.id} 已请老杨装好两个晾衣架")
    text = asked[-1].text
    assert "提出人" not in text and "还没有保存。“老杨”像是在称呼某个人" in text, text
    assert "没有人会在聊天里收到" in text, text
