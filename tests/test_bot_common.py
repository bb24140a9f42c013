"""Common commands through the real Application: /help, /language, /cancel."""

from __future__ import annotations

from bot_harness import BotHarness

from bot.app import all_commands, command_menu


async def test_help_names_the_menu_in_chinese_and_lists_commands_to_volunteers_only(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(5001, "/help")
        staff = await bot.send(101, "/help")
    text = "\n".join(c.text for c in calls)
    assert "我的 — " in text and "/help" not in text
    assert "帮助" in calls[0].keyboard()
    assert ("🌐 中文 / English", "go:language") in calls[-1].buttons()
    assert "志愿者命令" in staff[0].text and "/approve" in staff[0].text


async def test_a_volunteer_with_no_household_gets_her_commands_not_the_households_menu(repo):
    """A volunteer living outside her compound read the resident's help (投票 — 为您家对提议
    投票, 我的 — …), her commands last; now her commands come first, with the menu and
    the buttons anyone has, and the household's words only for a volunteer who lives in
    an area too."""
    from conftest import confirmed_resident
    async with BotHarness(repo) as bot:
        away = await bot.send(101, "/help")
        confirmed_resident(repo, 102, "c1/1/1/101", 101)  # a volunteer living in east
        home = await bot.send(102, "/help")
    texts = [c.text for c in away]
    assert "志愿者命令" in texts[0] and "/approve" in texts[0] and "帮助" in away[0].keyboard()
    assert not any("为您家" in text for text in texts), texts
    assert ("🌐 中文 / English", "go:language") in away[-1].buttons()
    assert "为您家" in home[0].text and "志愿者命令" in home[-1].text


async def test_language_switch_to_english_is_stored_and_used(repo):
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/language")
        calls = await bot.press(5001, "lang:en")
        assert calls[0].method == "answerCallbackQuery"
        assert "English" in calls[-1].text
        assert repo.person_by_telegram(5001)["language"] == "en"
        help_calls = await bot.send(5001, "/help")
    assert "Press the buttons of the menu" in help_calls[0].text
    assert "Help" in help_calls[0].keyboard() and help_calls[-1].text == "More:"


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
        command = await bot.send(5001, "/help")
    assert [c.text for c in calls] == [c.text for c in command] and calls


async def test_telegram_command_menu_comes_from_the_same_table():
    names = {c.command for c in command_menu("zh")}
    assert names <= {c.name for c in all_commands()}
    assert {"help", "language", "cancel"} <= names


async def test_an_idle_flow_times_out_with_a_message(repo):
    import asyncio

    from conftest import confirmed_resident

    from bot.settings import Settings

    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=False,
                        site_url="https://example.org/", conversation_timeout=0.3)
    async with BotHarness(repo, settings=settings) as bot:
        await bot.app.start()  # runs the job queue, which ends idle conversations
        try:
            await bot.send(5001, "/report")
            for _ in range(100):
                await asyncio.sleep(0.05)
                if any("一阵子没有回复" in t for t in bot.texts_to(5001)):
                    break
            assert any("您有一阵子没有回复" in t and "没有保存" in t for t in bot.texts_to(5001))
        finally:
            await bot.app.stop()


async def test_help_gives_the_public_websites_address_of_her_area(repo):
    """A resident told at a street meeting to look it up on the site found no address
    under 帮助 (only 账目's reply had one, to the accounts)."""
    from conftest import confirmed_resident

    from bot.settings import Settings
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=False,
                        site_url="https://example.org/")
    async with BotHarness(repo, settings=settings) as bot:
        calls = await bot.send(5001, "帮助")
        newcomer = await bot.send(5009, "帮助")
    assert "公开网站（每一笔收支、每件报事的处理情况、表决）：https://example.org/areas/east/" \
        in calls[0].text
    assert "公开网站（每一笔收支、每件报事的处理情况、表决）：https://example.org/" \
        in newcomer[0].text


async def test_help_tells_a_resident_she_can_just_send_a_voice_message(repo):
    """The help listed buttons only: nothing said that a complaint may be spoken into the
    chat (kept since walk153, bot.said_voice)."""
    from conftest import confirmed_resident
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(5001, "帮助")
    assert "也可以直接发语音或照片：我先替您留着，再问您是报事还是提意见" in calls[0].text
