"""/forget's Yes pressed again after it deleted her data (the old question still on her
screen, a tap a while later) made a new record of her Telegram number, deleted that,
told her again 已完成。您的个人信息已删除 and told every admin 🔒 #9 号用户…删除了个人信息
of a person who never was, a message the admins are asked to keep for a restore. Now
such a press does nothing and says her data was already deleted; a new /forget asks
again."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident


async def test_forgets_yes_pressed_again_deletes_nothing_more_and_tells_no_admin(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/forget")
        await bot.press(7001, "fg:ok")
        people = len(repo.people())
        bot.app.bot_data.get("presses", {}).clear()  # a while later: not the same tap
        again = await bot.press(7001, "fg:ok")
    said = "\n".join(c.text for c in again if c.chat_id == 7001)
    assert "已经删除" in said and "什么都没有做" in said, said
    assert not [c for c in again if c.chat_id == 900], [c.text for c in again]
    assert len(repo.people()) == people


async def test_a_new_forget_after_it_asks_and_deletes_again(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/forget")
        await bot.press(7001, "fg:ok")
        bot.app.bot_data.get("presses", {}).clear()
        asked = await bot.send(7001, "/forget")
        assert "fg:ok" in [d for c in asked for _, d in c.buttons()]
        done = await bot.press(7001, "fg:ok")
    assert any("已删除" in c.text for c in done if c.chat_id == 7001)
