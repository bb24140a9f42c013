"""A description typed at 是什么问题？请选择一类 that names no category (楼道里的扶手又松了):
it was answered "请点下面的按钮选择一类" and lost, and after the press she was asked to
describe the problem again (found trying the real ``steward run`` as an elderly
resident). It is kept as the description, and the category pressed next goes on to
the photos."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

from db.entries import Kind

HOME = "c1/1/1/101"


async def test_a_description_typed_at_the_category_is_kept_for_the_report(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        told = await bot.send(7001, "楼道里的扶手又松了")
        assert "您写的话先替您留作问题描述：楼道里的扶手又松了" in told[-1].text
        assert any(d == "rep:cat:safety" for _, d in told[-1].buttons())
        after = await bot.press(7001, "rep:cat:safety")
        assert "照片" in after[-1].text  # not asked to describe it again
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert (issue.data["category"], issue.data["text"]) == ("safety", "楼道里的扶手又松了")


async def test_a_question_about_the_buttons_is_not_kept_as_the_description(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        told = await bot.send(7001, "不知道选哪个？")
        assert "问题描述" not in told[-1].text
        after = await bot.press(7001, "rep:cat:other")
    assert "请描述问题" in after[-1].text  # the description is asked for
