"""提交 typed at a report's photos step (she meant "send it", seen trying steward chat as an
elderly resident): it was added to the description (您写的话已加在描述后面：提交) and the
photos asked again. Now it goes on as the step's button does."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident

from db.entries import Kind

HOME = "c1/1/1/101"


@pytest.mark.parametrize("said", ["提交", "好的", "没有了", "下一步"])
async def test_submit_typed_at_the_photos_step_goes_on_to_the_building(repo, said):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send(7001, "楼道的灯坏了")
        told = await bot.send(7001, said)
        assert "加在描述后面" not in "\n".join(c.text or "" for c in told)
        assert any(d == "rep:pn" for _, d in told[-1].buttons()), told[-1].text
        await bot.press(7001, "rep:pn")
        await bot.press_label(7001, "提交")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["text"] == "楼道的灯坏了"
