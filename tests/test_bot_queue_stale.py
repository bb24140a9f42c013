"""待审核（N） pressed after another volunteer decided some of those N: the answer says
the number on the button was from before and which entries others dealt with lately, by
whom (before: 共有 1 条待审核 under a button that said 3, or 目前没有待审核的内容, and
nothing said where the others went). The count shown again is the right one."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind


def _issues(repo, n):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    return [repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                        {"category": "lighting", "text": f"路灯坏了{i}"}) for i in range(n)]


async def test_a_stale_count_pressed_names_what_another_volunteer_dealt_with(repo):
    one, two, three = _issues(repo, 3)
    async with BotHarness(repo) as bot:
        await bot.send(102, f"/approve {one.id}")
        await bot.send(102, f"/reject {two.id} 已有人报过")
        calls = await bot.send(101, "待审核（3）")
    heading = next(c for c in calls if c.chat_id == 101 and "待审核" in c.text)
    assert "共有 1 条待审核" in heading.text
    assert "按钮上的数字（3）是之前算的" in heading.text
    assert f"#{two.id} 已驳回（物管会委员乙 乙志愿者）" in heading.text
    assert f"#{one.id} 已受理（物管会委员乙 乙志愿者）" in heading.text
    assert heading.text.index(f"#{two.id} ") < heading.text.index(f"#{one.id} ")  # latest first
    assert f"#{three.id} " not in heading.text
    assert heading.keyboard()[0] == "待审核（1）"


async def test_a_stale_count_with_nothing_left_says_why_nothing_waits(repo):
    (one,) = _issues(repo, 1)
    async with BotHarness(repo) as bot:
        await bot.send(102, f"/approve {one.id}")
        calls = await bot.send(101, "待审核（1）")
    text = calls[-1].text
    assert "目前没有待审核的内容" in text
    assert "按钮上的数字（1）是之前算的" in text
    assert f"#{one.id} 已受理（物管会委员乙 乙志愿者）" in text


async def test_a_right_count_or_one_decided_by_the_presser_herself_adds_nothing(repo):
    one, _ = _issues(repo, 2)
    async with BotHarness(repo) as bot:
        right = await bot.send(101, "待审核（2）")
        await bot.send(101, f"/approve {one.id}")
        own = await bot.send(101, "待审核（2）")
        typed = await bot.send(101, "/pending")
    assert not any("之前算的" in c.text for c in right + typed)
    assert "之前算的" in own[0].text  # the count was stale (her own ✅ presses lower it)
    assert "其他志愿者" not in own[0].text  # but nobody else decided anything
