"""/propose 硬化路面 and /election 第一届物管会选举: the words typed with the command are
its title, checked as a title typed at its step is, and said back (标题：硬化路面（您在
/propose 后面写的…）) before the next question; ⬅️ 上一步 there shows it, to change.
Before, they were said not used (…后面写的“硬化路面”没有用上) and the title was asked."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness

from db.entries import Kind


@pytest.mark.parametrize(("command", "title", "next_asked"), [
    ("/propose", "硬化3号楼前路面", "请说明提议内容"),
    ("/election", "第一届物管会选举", "设几个席位"),
])
async def test_the_words_typed_with_the_command_are_its_title_said_back(repo, command, title,
                                                                      next_asked):
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, f"{command} {title}")
        said = "\n".join(c.text for c in calls)
        assert f"标题：{title}（您在 {command} 后面写的" in said
        assert "没有用上" not in said and "标题是什么" not in said
        assert "名称是什么" not in said and next_asked in calls[-1].text
        back = await bot.send(102, "上一步")  # the title step, holding it, to change
        assert title in back[-1].text
        assert [label for label, _ in back[-1].buttons()][0] == "不改，继续"
    assert repo.entries(kind=Kind.PROPOSAL) == []


async def test_a_title_typed_with_the_command_waits_for_the_area_of_several(repo):
    async with BotHarness(repo) as bot:
        areas = await bot.send(900, "/propose 硬化路面")
        assert "没有用上" not in areas[-1].text and "标题" not in areas[-1].text
        [area] = [d for _, d in areas[-1].buttons() if d.startswith("prop:area:")][:1]
        desc = await bot.press(900, area)
        assert "标题：硬化路面（您在 /propose 后面写的" in desc[-1].text


async def test_words_too_long_for_a_title_are_said_not_used_and_the_title_is_asked(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, "/propose " + "路" * 101)
        assert "有 101 个字，标题最多 100 个字，所以没有用上" in calls[0].text
        assert "标题是什么" in calls[-1].text
