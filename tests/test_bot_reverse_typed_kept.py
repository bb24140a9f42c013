"""/reverse 1 (and /reverse 1 金额记错了): the line (and the reason) typed with the command
count as entered. Left by a menu button at the reason or the confirmation, the reversal is
kept with 继续填写, as any draft left in the middle is. Before, 账目 pressed at 为什么要冲正？
after /reverse 1 dropped the line chosen without a word, and /reverse offered the latest
lines afresh; /reverse 1 金额记错了 lost its reason too."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import pid, settle

from db.entries import Kind

TITLE = "冲正（/reverse）"


@pytest.fixture
def spent(repo):
    entry = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 800, "payee": "五金店", "purpose": "螺丝", "category": "repair"})
    repo.approve(entry.id, pid(repo, 102))
    return repo


async def _go_on(bot, calls):
    [note] = [c for c in calls if f"您没填完的“{TITLE}”先为您保留" in c.text]
    [data] = [d for label, d in note.buttons() if label == "继续填写"]
    return await bot.press(102, data)


async def test_the_line_typed_with_reverse_is_kept_when_a_menu_button_is_pressed(spent):
    async with BotHarness(spent) as bot:
        asked = await bot.send(102, "/reverse 1")
        assert "为什么要冲正" in asked[-1].text
        calls = await _go_on(bot, await bot.send(102, "账目"))
        assert "为什么要冲正" in calls[-1].text and "第 1 笔" in calls[-1].text


async def test_the_reason_typed_with_reverse_is_kept_when_a_menu_button_is_pressed(spent):
    async with BotHarness(spent) as bot:
        await bot.send(102, "/reverse 1 金额记错了")
        calls = await _go_on(bot, await bot.send(102, "账目"))
        assert "原因：金额记错了" in calls[-1].text


async def test_reverse_alone_left_at_once_keeps_nothing(spent):
    async with BotHarness(spent) as bot:
        await bot.send(102, "/reverse")
        quiet = await bot.send(102, "账目")
    assert TITLE not in "".join(c.text for c in quiet)


@pytest.mark.parametrize(("command", "title"), [
    ("closevote", "结束表决（/closevote）"), ("withdraw", "撤回提议（/withdraw）")])
async def test_a_reason_typed_with_closevote_or_withdraw_is_kept_when_a_menu_button_is_pressed(
        repo, command, title):
    p = repo.create_proposal(pid(repo, 101), "east", title="安装单元门", description="三个单元",
                             budget_fen=300000, matter="everyday", deadline="2099-01-01")
    settle(repo, p.id)  # its result settled: it may close early
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/{command} {p.id} 方案有变")
        left = await bot.send(101, "账目")
        [note] = [c for c in left if f"您没填完的“{title}”先为您保留" in c.text]
        [data] = [d for label, d in note.buttons() if label == "继续填写"]
        calls = await bot.press(101, data)
    assert "理由（公示）：方案有变" in calls[-1].text, calls[-1].text
