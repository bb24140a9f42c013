"""/meeting (会议纪要), one step back: 上一步 typed (or ⬅️ 上一步 pressed) goes to the step
before, keeping all the volunteer typed: the place to the date, the roles to the place, the
residents to the roles ... the summary to the sheet (kept); each step she comes back to says
what it holds, with 不改，继续. Before, 上一步 typed at any step left the minutes and lost all
typed (您刚才在“会议纪要（/meeting）”里填写的内容没有提交，也没有保存。)."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness, jpeg_bytes

from db.entries import Kind

LEFT = "已退出“会议纪要（/meeting）”"


def labels(call) -> list[str]:
    return [label for label, _ in call.buttons()]


@pytest.mark.parametrize("word", ["上一步", "返回上一步"])
async def test_back_typed_at_each_step_goes_one_step_back_and_nothing_is_lost(repo, word):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/meeting")
        await bot.press_label(101, "会诊")
        await bot.press_label(101, "今天")
        roles = await bot.send(101, "社区活动室")
        assert labels(roles[-1]) == ["取消", "⬅️ 上一步"]
        place = await bot.send(101, word)  # the roles: the place, kept
        assert LEFT not in "".join(c.text for c in place)
        assert "现在填的是“社区活动室”" in place[-1].text
        await bot.send(101, "不改")
        await bot.send(101, "网格员、楼栋长")
        await bot.send(101, "12")
        await bot.send(101, "屋顶防水")
        await bot.send(101, "下一步")  # the topics are all in
        residents = await bot.send(101, word)  # the decisions: the topics, kept
        assert "现在填的是“屋顶防水”" in residents[-1].text
        residents = await bot.send(101, word)  # the topics: the residents, kept
        assert "现在填的是“12”" in residents[-1].text
        await bot.send(101, "20")  # changed on the way back
        await bot.press_label(101, "不改，继续")  # the topics kept
        await bot.send(101, "请施工队报价")
        await bot.press_label(101, "无")
        summary = await bot.send_photo(101, jpeg_bytes())
        assert labels(summary[-1])[-1] == "⬅️ 上一步"
        sheet = await bot.send(101, word)  # the summary: the sheet, kept
        assert "您发的签到表照片已保留" in sheet[-1].text
        summary = await bot.send(101, "不改")
        assert "请施工队报价" in summary[-1].text
        await bot.press_label(101, "提交")
    [m] = repo.entries(kind=Kind.MEETING)
    assert (m.data["place"], m.data["residents"], m.data["topics"], m.data["decisions"]) == \
        ("社区活动室", 20, "屋顶防水", "请施工队报价")
    assert m.data["sheet"]


async def test_an_older_messages_back_is_not_taken_for_this_steps(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/meeting")
        await bot.press_label(101, "会诊")
        await bot.press_label(101, "今天")
        await bot.send(101, "社区活动室")
        calls = await bot.press(101, "mt:back:kind")  # the date's, scrolled up to
        assert "失效" in calls[-2].text  # refused: nothing done, still at the roles
        assert "哪些角色参加了" in calls[-1].text
        place = await bot.press(101, "mt:back:place")
        assert "现在填的是“社区活动室”" in place[-1].text
