"""A forged or unknown button (old data, an old version's button) was answered 这个按钮已失效。
and nothing else: an elderly resident did not know whether to press it again, wait or
start over. Now she is told what to do next (the latest message's buttons, the menu, or
/start), in Chinese and English, and the menu comes with it where no flow is running."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

HOME = "c1/1/1/101"


async def test_an_unknown_button_says_what_to_do_next_with_the_menu(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        calls = await bot.press(7001, "zzz:1:2")
    said = [c for c in calls if c.method == "sendMessage"]
    assert said and "按钮已失效" in said[-1].text, [c.text for c in calls]
    assert "菜单" in said[-1].text and "/start" in said[-1].text, said[-1].text
    assert said[-1].keyboard(), "the menu comes with it"


async def test_an_unknown_button_says_what_to_do_next_in_english(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.set_language(pid(repo, 7001), "en")
    async with BotHarness(repo) as bot:
        calls = await bot.press(7001, "zzz:1:2")
    said = [c for c in calls if c.method == "sendMessage"]
    assert "no longer valid" in said[-1].text and "/start" in said[-1].text, said[-1].text


async def test_a_forged_button_in_a_flow_says_what_to_do_next(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        calls = await bot.press(7001, "rep:cat:nope")
    said = [c for c in calls if c.method == "sendMessage"]
    assert said and "按钮已失效" in said[-1].text and "最新一条消息" in said[-1].text, \
        [c.text for c in calls]
