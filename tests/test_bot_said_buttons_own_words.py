"""An elderly resident types 院子里的路灯坏了 (📝 / 💬 under it), then 希望多种点树 (📝 / 💬
under it), scrolls up and presses 📝 under the first: the report took the newest
words, 路灯照明：希望多种点树 (found trying the real ``steward run``, pressing old
buttons). Each message's buttons now send the words they were offered under; a
button whose words were sent already sends nothing of them again."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

from db.entries import Kind

LIGHT = "院子里的路灯坏了，晚上很黑"
TREES = "希望多种点树，夏天太热了"


def said_buttons(calls):
    return {d.split("~")[0]: d for c in calls if c.chat_id == 7001 for _, d in c.buttons()
            if ":said" in d}


async def report_with(bot, data):
    calls = await bot.press(7001, data)
    if not any("类别：" in c.text for c in calls):  # no category guessed: 其他
        calls = await bot.press(7001, "rep:cat:other")
    await bot.press_label(7001, "没有照片")
    calls = await bot.press(7001, "rep:pn")
    ok = next(d for c in calls for _, d in c.buttons() if d.startswith("rep:ok"))
    return await bot.press(7001, ok), calls


async def test_each_messages_buttons_send_its_own_words(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        first = said_buttons(await bot.send(7001, LIGHT))
        second = said_buttons(await bot.send(7001, TREES))
        kept = await bot.send(7001, "/mydata")
        _done, summary = await report_with(bot, first["rep:said"])
        assert any(f"描述：{LIGHT}" in c.text for c in summary), [c.text for c in summary]
        await bot.press(7001, second["op:said"])
        await bot.press_label(7001, "提交")
    [report] = repo.entries(kind=Kind.ISSUE)
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert report.data["text"] == LIGHT and report.data["category"] == "lighting"
    assert opinion.data["text"] == TREES
    listed = "\n".join(c.text for c in kept)
    assert LIGHT[:10] in listed and TREES[:10] in listed


async def test_a_button_whose_words_were_sent_does_not_send_the_newer_words(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        first = said_buttons(await bot.send(7001, LIGHT))
        await report_with(bot, first["rep:said"])
        second = said_buttons(await bot.send(7001, TREES))
        again = await bot.press(7001, first["rep:said"])  # its words went with the report
        assert not any(TREES in c.text for c in again)
        await bot.press_label(7001, "取消")
        await bot.press(7001, second["op:said"])
        await bot.press_label(7001, "提交")
    assert [e.data["text"] for e in repo.entries(kind=Kind.ISSUE)] == [LIGHT]
    assert [e.data["text"] for e in repo.entries(kind=Kind.OPINION)] == [TREES]
