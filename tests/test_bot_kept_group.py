"""A kept draft's 继续填写 (kept:go) pressed in a group it was not kept in (forged, or a
forwarded note) takes up nothing there: the flow went on in the group, and its next
steps said there what the draft holds (her corrected words, the household a volunteer
records for). The draft stays kept for the chat it was left in."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

GROUP = -100777  # any group the bot is in


def _go_on(calls) -> str:
    [data] = [d for c in calls for label, d in c.buttons() if label == "继续填写"]
    return data


async def test_go_on_pressed_in_a_group_shows_nothing_there_and_keeps_the_draft(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                        {"category": "lighting", "text": "张三家楼道灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/correct")
        await bot.press(5001, f"cor:e:{issue.id}")
        await bot.send(5001, "李四家楼道灯坏了")
        go_on = _go_on(await bot.send(5001, "账目"))
        there = await bot.press(5001, go_on, chat_id=GROUP)
        typed = await bot.send(5001, "写错了人家", chat_id=GROUP)
        here = await bot.press(5001, go_on)  # in her private chat it is still kept
    assert not [c for c in there + typed if c.chat_id == GROUP
                and c.method != "answerCallbackQuery"]
    [note] = [c for c in there if c.method == "answerCallbackQuery"]
    assert "这个按钮只在与我的私聊中有用" in note.params.get("text", "")
    assert any("接着填写您的“更正”" in c.text for c in here if c.chat_id == 5001)
    assert "为什么要更正？" in here[-1].text


async def test_a_volunteers_proxy_kept_is_not_taken_up_in_another_group(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/proxy")
        for data in ("px:b:0", "px:u:0", "px:h:0", "px:do:issue"):
            await bot.press(101, data)
        go_on = _go_on(await bot.send(101, "账目"))
        there = await bot.press(101, go_on, chat_id=GROUP)
        here = await bot.press(101, go_on)
    assert not [c for c in there if c.chat_id == GROUP and c.method != "answerCallbackQuery"]
    assert "是哪一类问题？" in here[-1].text
