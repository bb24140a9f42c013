"""Common commands through the real Application: /help, /language, /cancel."""

from __future__ import annotations

from bot_harness import BotHarness

from bot.app import command_menu
from bot.commands import all_commands


async def test_help_lists_commands_from_the_command_table_in_chinese(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(5001, "/help")
    text = calls[-1].text
    assert "/help" in text and "/language" in text
    assert "命令" in text
    assert "帮助" in calls[-1].keyboard()


async def test_language_switch_to_english_is_stored_and_used(repo):
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/language")
        calls = await bot.press(5001, "lang:en")
        assert calls[0].method == "answerCallbackQuery"
        assert "English" in calls[-1].text
        assert repo.person_by_telegram(5001)["language"] == "en"
        help_calls = await bot.send(5001, "/help")
    assert "Commands" in help_calls[-1].text
    assert "Help" in help_calls[-1].keyboard()


async def test_forged_language_button_changes_nothing(repo):
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/language")
        await bot.press(5001, "lang:en")
        calls = await bot.press(5001, "lang:xx")
    assert repo.person_by_telegram(5001)["language"] == "en"
    assert calls[-1].method == "sendMessage"


async def test_help_menu_button_works_like_the_command(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(5001, "帮助")
    assert "/help" in calls[-1].text


async def test_telegram_command_menu_comes_from_the_same_table():
    names = {c.command for c in command_menu("zh")}
    assert names <= {c.name for c in all_commands()}
    assert {"help", "language", "cancel"} <= names
