"""/correct keeps a draft left in the middle, as the other flows do: 上一步 typed at its
first step (the corrected text of /correct N, come back to from the reason) leaves with
您没填完的“更正”先为您保留 and 继续填写, which shows the text kept; a menu button in the
middle keeps it too. Only someone who may still correct the text takes it up (a
volunteer no longer of its area is told so). Before, it kept nothing: 您刚才在“更正”里填写
的内容没有提交，也没有保存。"""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

FIXED = "1单元门口路灯坏了"


def _published(repo, person):
    issue = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": "张三家门口路灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    return issue


def _go_on(calls) -> str:
    [data] = [d for c in calls for label, d in c.buttons() if label == "继续填写"]
    return data


async def test_back_at_the_text_of_correct_n_leaves_keeping_it(repo):
    issue = _published(repo, confirmed_resident(repo, 7001, "c1/1/1/101", 101))
    async with BotHarness(repo) as bot:
        await bot.send(7001, f"/correct {issue.id}")
        await bot.send(7001, FIXED)
        await bot.send(7001, "上一步")  # the reason: the text, kept
        calls = await bot.send(7001, "上一步")  # the first step: left, kept
        texts = "".join(c.text for c in calls)
        assert "没有提交，也没有保存" not in texts and "您没填完的“更正”先为您保留" in texts
        text = await bot.press(7001, _go_on(calls))
        assert f"您写的更正：{FIXED}" in text[-1].text
        reason = await bot.send(7001, "不改")
        summary = await bot.send(7001, "原文写了邻居的名字")
        [ok] = [d for c in summary for label, d in c.buttons() if d.startswith("cor:ok")]
        await bot.press(7001, ok)
    assert reason[-1].text.startswith("为什么要更正？")
    [fix] = repo.entries(kind=Kind.CORRECTION)
    assert fix.data["text"] == FIXED


async def test_a_volunteer_no_longer_of_the_area_cannot_take_up_a_kept_correction(repo):
    issue = _published(repo, confirmed_resident(repo, 7001, "c1/1/1/101", 101))
    async with BotHarness(repo) as bot:
        await bot.send(102, f"/correct {issue.id}")
        await bot.send(102, FIXED)
        calls = await bot.send(102, "账目")  # a menu button in the middle: kept
        assert "您没填完的“更正”先为您保留" in "".join(c.text for c in calls)
        repo.revoke(pid(repo, 900), 102, "east")
        refused = await bot.press(102, _go_on(calls))
        assert "不能再更正" in refused[-1].text
        later = await bot.send(102, "原文写了邻居的名字")  # not back in the flow
    assert "为什么要更正" not in "".join(c.text for c in later)
    assert repo.entries(kind=Kind.CORRECTION) == []
