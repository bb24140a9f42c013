"""A menu word typed after a slash, as commands are written (/帮助, /我的, ／报事): it got
您好！请点下方菜单的按钮…, the greeting to anyone, as if she had said nothing. Now it
acts as the word alone does."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

HOME = "c1/1/1/101"


async def test_a_menu_word_after_a_slash_acts_as_the_word(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        plain = await bot.send(7001, "帮助")
        slashed = await bot.send(7001, "/帮助")
        assert [c.text for c in slashed] == [c.text for c in plain]
        mine = await bot.send(7001, "／我的")
        assert "您提交的内容" in mine[-1].text or "还没有提交" in mine[-1].text
        report = await bot.send(7001, "/ 报事")  # its button, as 报修 typed gets
        assert [d for _, d in report[-1].buttons()] == ["go:report"]
        unknown = await bot.send(7001, "/mydat")  # a command mistyped: said as before
        assert "/mydata" in unknown[-1].text
