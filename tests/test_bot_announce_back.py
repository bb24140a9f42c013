"""/announce (公告), one step back: 上一步 typed (or ⬅️ 上一步 pressed) at the preview goes
to the text, shown kept with 不改，继续 (or, for a volunteer of two areas, to the areas,
then the text). At the text, the first step, it leaves. Before, 上一步 typed at the
preview left /announce and the text was lost (您刚才在“公告（/announce）”里填写的内容没有
提交，也没有保存。)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

LEFT = "已退出“公告（/announce）”"


def labels(call) -> list[str]:
    return [label for label, _ in call.buttons()]


async def test_back_at_the_preview_goes_to_the_text_kept(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        preview = await bot.send(101, "/announce 明天上午停水")
        assert labels(preview[-1])[-1] == "⬅️ 上一步"
        text = await bot.send(101, "上一步")
        assert LEFT not in "".join(c.text for c in text)
        assert "现在填的是“明天上午停水”" in text[-1].text
        assert labels(text[-1]) == ["不改，继续", "取消"]  # the first step: no ⬅️ 上一步
        preview = await bot.send(101, "不改")
        assert "明天上午停水" in preview[-1].text and "确认发送" in preview[-1].text
        await bot.press(101, "an:back:text")
        preview = await bot.send(101, "明天下午停水")  # changed
        assert "明天下午停水" in preview[-1].text
        cancelled = await bot.press(101, "an:ok:0")
    assert "没有发送" in cancelled[-1].text


async def test_a_volunteer_of_two_areas_goes_back_to_the_areas_then_the_text(repo):
    repo.grant(pid(repo, 900), 103, "east", title="网格员")
    async with BotHarness(repo) as bot:
        areas = await bot.send(103, "/announce 明天上午停水")
        preview = await bot.press(103, areas[-1].buttons()[0][1])
        areas = await bot.send(103, "后退")  # the preview: the areas, the one chosen said
        assert "现在选的是“东小区”" in areas[-1].text
        assert labels(areas[-1]) == ["东小区", "西小区", "⬅️ 上一步"]
        text = await bot.press(103, "an:back:text")
        assert "现在填的是“明天上午停水”" in text[-1].text
        calls = await bot.send(103, "上一步")  # the text, the first step: out of it
        assert LEFT in "".join(c.text for c in calls)
    assert "东小区" in preview[-1].text
