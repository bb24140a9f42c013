"""/reject 534，重复了请看532: a Chinese keyboard puts its comma right after the number.
Before, the command answered 用法：/reject 编号 理由 and the reason typed was lost; now a
mark right after the number stands for the space (bot.staff.number_and_text)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status


def _issue(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    return repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                       {"category": "lighting", "text": "路灯坏了"})


async def test_a_comma_right_after_the_number_still_rejects_with_the_reason(repo):
    entry = _issue(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"/reject {entry.id}，重复了 请看上一条")
    [told] = [c for c in calls if c.chat_id == 5001]
    assert "理由：重复了 请看上一条" in told.text, told.text
    assert repo.entry(entry.id).status == Status.REJECTED


async def test_a_colon_and_nothing_after_it_asks_for_the_reason(repo):
    entry = _issue(repo)
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/reject #{entry.id}：")
        await bot.send(101, "照片看不清，请重新拍一张")
    assert f"为什么驳回 #{entry.id}" in asked[-1].text
    assert repo.entry(entry.id).status == Status.REJECTED


async def test_a_number_glued_to_words_is_still_not_taken(repo):
    entry = _issue(repo)  # 3号楼… is a building, not entry 3: only a mark separates
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"/reject {entry.id}重复")
    assert "用法" in calls[-1].text
    assert repo.entry(entry.id).status == Status.PENDING


async def test_a_grid_workers_progress_and_close_with_a_comma_after_the_number(repo):
    """/progress 147，已联系师傅 and /close 147，重复 见146, as a grid worker types them:
    before, 用法 with the open reports, and the note lost."""
    entry = _issue(repo)
    repo.approve(entry.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/progress {entry.id}，已联系师傅")
        assert repo.entry(entry.id).history[-1]["note"] == "已联系师傅"
        await bot.send(101, f"/close {entry.id}：重复 同上一条")
    issue = repo.entry(entry.id)
    assert issue.status == Status.CLOSED and issue.history[-1]["note"] == "同上一条"
