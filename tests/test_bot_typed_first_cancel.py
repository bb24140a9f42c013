"""/propose's and /election's first question (the title, typed) has a 取消 button, as
/meeting's, /proxy's, /income's and /expense's first questions have: pressed, nothing is
kept and the menu comes back. Before, they offered no way out but typing /cancel, which
they did not say. (Words typed with the command are its title: test_bot_title_typed.)"""

from __future__ import annotations

import pytest
from bot_harness import BotHarness

from db.entries import Kind


@pytest.mark.parametrize(("command", "prefix", "asked"), [
    ("/propose", "prop", "标题是什么"),
    ("/election", "elx", "选举的名称是什么"),
])
async def test_the_title_question_has_cancel_and_it_leaves_keeping_nothing(repo, command,
                                                                          prefix, asked):
    async with BotHarness(repo) as bot:
        title = await bot.send(102, command)
        assert asked in title[-1].text
        [(label, data)] = title[-1].buttons()
        assert label == "取消" and data == f"{prefix}:cancel"
        left = await bot.press(102, data)
        assert "已取消" in left[-1].text
    assert repo.entries(kind=Kind.PROPOSAL) == []
