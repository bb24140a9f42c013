"""提交 pressed again after the bot restarted (Telegram held her second press while it
was down): she read 这个按钮已失效：它所在的操作已经结束，这次没有做任何事…, and only
under it that her report #N was received — an elderly reader stops at the first line
and fears her report is lost (found trying the real ``steward run``, killed after the
receipt). Now what was received comes first, and one short line that nothing was
sent twice."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

from db.entries import Kind


async def test_submit_pressed_again_says_first_that_her_report_was_received(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "楼道的灯坏了")
        await bot.press(7001, "rep:said")
        await bot.press_label(7001, "没有照片")
        summary = await bot.press(7001, "rep:pn")
        ok = next(d for c in summary for _, d in c.buttons() if d.startswith("rep:ok"))
        await bot.press(7001, ok)
        again = await bot.press(7001, ok, message_id=77)
    [report] = repo.entries(kind=Kind.ISSUE)
    text = again[-1].text
    assert text.startswith("您 ") and f"报事 #{report.id} 已经收到了，不用再发" in \
        text.split("\n")[0], text
    assert "已失效" not in text and "不会重复发送" in text
    assert len(repo.entries(kind=Kind.ISSUE)) == 1


async def test_an_ended_flows_button_without_anything_sent_still_says_it_is_no_longer_valid(
        repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        calls = await bot.press(7001, "rep:photos")
    assert "已失效" in calls[-1].text and "已经收到" not in calls[-1].text
