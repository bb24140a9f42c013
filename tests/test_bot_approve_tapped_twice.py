"""A volunteer taps ✅ 通过 twice (a shaky finger, a slow phone), in her private chat or
in the volunteers' group: the second tap was answered with a new message, "#544 您已经
处理过了，现在是“已确认”。这次没有做任何改动。" — in the group, for everyone to read
(found trying the real ``steward run``). Now the second tap gets the small note on the
button (已经收到了，不用再点) and no message; another volunteer's late press is still
told who decided it."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status

GROUP = -100777


async def an_opinion(bot, repo):
    await bot.send(7001, "希望楼道灯亮到十点，晚上回家太黑")
    await bot.press(7001, "op:said")
    await bot.press_label(7001, "提交")
    [opinion] = repo.entries(kind=Kind.OPINION)
    return opinion


def notes(calls):
    return [c.params.get("text") for c in calls if c.method == "answerCallbackQuery"]


async def test_approve_tapped_twice_in_her_chat_gets_a_note_not_a_message(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        opinion = await an_opinion(bot, repo)
        await bot.press(101, f"q:a:{opinion.id}", message_id=50)
        second = await bot.press(101, f"q:a:{opinion.id}", message_id=50)
        late = await bot.press(102, f"q:a:{opinion.id}", message_id=51)
    assert repo.entry(opinion.id).status == Status.APPROVED
    assert not [c for c in second if c.method == "sendMessage"], [c.text for c in second]
    assert "已经收到了，不用再点。" in notes(second)
    assert any("已由" in c.text and "处理过了" in c.text for c in late if c.chat_id == 102)


async def test_approve_tapped_twice_in_the_group_posts_nothing_to_the_group(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    repo.link_group(pid(repo, 101), "east", GROUP)  # the area's volunteers' group
    async with BotHarness(repo) as bot:
        opinion = await an_opinion(bot, repo)
        await bot.press(101, f"q:a:{opinion.id}", message_id=60, chat_id=GROUP)
        second = await bot.press(101, f"q:a:{opinion.id}", message_id=60, chat_id=GROUP)
    assert repo.entry(opinion.id).status == Status.APPROVED
    assert not [c for c in second if c.method == "sendMessage" and c.chat_id == GROUP], \
        [c.text for c in second]


async def test_reject_tapped_twice_asks_for_the_reason_once(repo):
    """❌ 驳回 tapped twice asked 为什么驳回 #N？ twice, one under the other."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        opinion = await an_opinion(bot, repo)
        first = await bot.press(101, f"q:r:{opinion.id}", message_id=50)
        second = await bot.press(101, f"q:r:{opinion.id}", message_id=50)
        await bot.send(101, "重复了")
    assert any("为什么驳回" in c.text for c in first)
    assert not [c for c in second if c.method == "sendMessage"], [c.text for c in second]
    assert "已经收到了，不用再点。" in notes(second)
    assert repo.entry(opinion.id).status == Status.REJECTED
