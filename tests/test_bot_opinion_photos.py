"""An opinion started from words typed before (💬 under her household's confirmation, or
under a sentence typed into the chat) takes the photos kept with them, as a report does.
Before (walk141), 💬 took the words alone: the photos sent while her registration waited
stayed behind, to be dropped unreported, while she believed they had gone with it."""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident, pid

from db.entries import Kind


def _data(calls, label_part: str) -> str:
    for call in calls:
        for text, data in call.buttons():
            if label_part in text:
                return data
    raise AssertionError(f"no button with {label_part!r}")


async def _register(bot, uid: int) -> None:
    calls = await bot.send(uid, "/start")
    calls = await bot.press(uid, _data(calls, "东小区"))
    calls = await bot.press(uid, _data(calls, "102"))
    await bot.press(uid, _data(calls, "同意，这是我家"))


async def test_an_opinion_from_words_sent_while_waiting_takes_the_photos_sent_then(repo):
    async with BotHarness(repo) as bot:
        await _register(bot, 7001)
        await bot.send_photo(7001, jpeg_bytes((40, 30)), caption="楼下的垃圾桶太少了，应该多放两个")
        await bot.send_photo(7001, jpeg_bytes((30, 40)))
        [reg] = repo.entries(kind=Kind.REGISTRATION)
        calls = await bot.press(101, f"q:a:{reg.id}")
        [told] = [c for c in calls if c.chat_id == 7001]
        assert "报事或提意见都会带上这些照片" in told.text
        shown = await bot.press(7001, "op:said")
        summary = shown[-1]
        assert "照片：2 张，随意见一起交给志愿者。只有审核的志愿者能看到" in summary.text
        assert "不带照片" in [label for label, _ in summary.buttons()]
        posted = await bot.press(7001, _data([summary], "提交"))
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.author == pid(repo, 7001) and len(opinion.data["photos"]) == 2
    assert opinion.data["text"] == "楼下的垃圾桶太少了，应该多放两个"
    to_volunteer = [c for c in posted if c.chat_id == 101]
    assert any(c.method == "sendMediaGroup" for c in to_volunteer)  # the photos, then its post
    assert any("照片见上：2 张" in c.text for c in to_volunteer)


async def test_without_the_photos_the_opinion_goes_alone_and_a_report_takes_them(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send_photo(7001, jpeg_bytes((40, 30)))
        await bot.send(7001, "我觉得小区晚上应该多安排一个保安巡逻")
        summary = (await bot.press(7001, "op:said"))[-1]
        assert "照片：1 张" in summary.text
        again = await bot.press(7001, _data([summary], "不带照片"))
        text = "\n".join(c.text for c in again)
        assert "意见不带那 1 张照片了；照片仍替您留着" in text
        assert "照片：" not in again[-1].text
        await bot.press(7001, _data(again, "提交"))
        await bot.press(7001, "rep:said")  # the photo, kept again, goes with a report
        await bot.press(7001, "rep:cat:other")
        await bot.send(7001, "门口的灯坏了")
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press(7001, "rep:ok")
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert "photos" not in opinion.data
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert len(issue.data["photos"]) == 1
