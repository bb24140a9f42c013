"""/proxy (代办), one step back after the household: 上一步 typed (or ⬅️ 上一步 pressed)
at what to record goes to the rooms, at the category to what to record, at the words to
the category, at the photos to the words (kept, with 不改，继续), at the check to the photos
(those sent kept); the proposal's vote to the proposals. Before, 上一步 typed at any of
them left /proxy and lost what was entered (您刚才在“代办（/proxy）”里填写的内容没有提交，
也没有保存。), and none had ⬅️ 上一步."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident

from db.entries import Kind

HOME = "c1/1/1/102"
LEFT = "已退出“代办（/proxy）”"


def labels(call) -> list[str]:
    return [label for label, _ in call.buttons()]


@pytest.fixture
def street(repo):
    confirmed_resident(repo, 7002, HOME, 101)
    return repo


async def _household(bot):
    await bot.send(102, "/proxy")
    await bot.press(102, "px:b:0")
    await bot.press(102, "px:u:0")
    return await bot.press_label(102, "102", exact=True)


@pytest.mark.parametrize("word", ["上一步", "返回上一步"])
async def test_back_typed_at_each_step_goes_one_step_back_and_nothing_is_lost(street, word):
    async with BotHarness(street) as bot:
        what = await _household(bot)
        assert labels(what[-1])[-2:] == ["⬅️ 上一步", "取消"]
        rooms = await bot.send(102, word)  # what to record: the rooms
        assert LEFT not in "".join(c.text for c in rooms) and "哪个房号" in rooms[-1].text
        await bot.press_label(102, "102", exact=True)
        await bot.press(102, "px:do:issue")
        await bot.press(102, "px:cat:lighting")
        await bot.send(102, "王奶奶说楼道灯坏了")
        await bot.send_photo(102)
        words = await bot.send(102, word)  # the photos: the words, kept
        assert "邻居说的：王奶奶说楼道灯坏了" in words[-1].text
        assert labels(words[-1]) == ["不改，继续", "⬅️ 上一步", "取消"]
        category = await bot.send(102, word)  # the words: the category, said
        assert "现在选的是“路灯照明”" in category[-1].text
        what = await bot.send(102, word)  # the category: what to record
        assert "登记什么" in what[-1].text
        await bot.press(102, "px:do:issue")
        words = await bot.press(102, "px:cat:lighting")  # the words, kept
        assert "邻居说的：王奶奶说楼道灯坏了" in words[-1].text
        photos = await bot.send(102, "不改")  # typed, as its button: the photos, kept
        assert "已经收到 1 张照片" in photos[-1].text
        check = await bot.press(102, "px:ph")
        assert labels(check[-1]) == ["提交", "⬅️ 上一步", "取消"]
        photos = await bot.send(102, word)  # the check: the photos
        assert "已经收到 1 张照片" in photos[-1].text
        check = await bot.press(102, "px:ph")
        [ok] = [d for label, d in check[-1].buttons() if label == "提交"]
        await bot.press(102, ok)
    [issue] = street.entries(kind=Kind.ISSUE)
    assert (issue.data["household"], issue.data["category"], issue.data["text"]) == \
        (HOME, "lighting", "王奶奶说楼道灯坏了")
    assert len(issue.data["photos"]) == 1


async def test_an_older_messages_back_is_not_taken_for_this_steps(street):
    async with BotHarness(street) as bot:
        await _household(bot)
        await bot.press(102, "px:do:opinion")
        calls = await bot.press(102, "px:back:u")  # the rooms', scrolled up to
        assert "失效" in calls[-2].text  # refused: nothing done, still at the words
        assert "请输入居民说的内容" in calls[-1].text
        what = await bot.press(102, "px:back:what")
        assert "登记什么" in what[-1].text


async def test_photos_of_a_report_are_kept_aside_for_an_opinion_and_back_for_the_report(street):
    async with BotHarness(street) as bot:
        await _household(bot)
        await bot.press(102, "px:do:issue")
        await bot.press(102, "px:cat:sanitation")
        await bot.send(102, "楼道里堆满了杂物")
        await bot.send_photo(102)
        for _ in range(3):  # the photos, the words, the category: what to record
            await bot.send(102, "上一步")
        words = await bot.press(102, "px:do:opinion")  # an opinion takes no photo: said so
        said = "".join(c.text for c in words)
        assert "意见不带照片" in said and "1 张照片" in said and "改回“报事”" in said
        check = await bot.press_label(102, "不改，继续")
        assert "照片：0" in check[-1].text
        await bot.send(102, "上一步")  # the check: the words
        await bot.send(102, "上一步")  # the words: what to record
        await bot.press(102, "px:do:issue")  # a report again: its photo is back
        await bot.press(102, "px:cat:sanitation")
        photos = await bot.press_label(102, "不改，继续")
        assert "已经收到 1 张照片" in photos[-1].text
        check = await bot.press(102, "px:ph")
        await bot.press(102, [d for _, d in check[-1].buttons() if d.startswith("px:ok")][0])
    [issue] = street.entries(kind=Kind.ISSUE)
    assert len(issue.data["photos"]) == 1


@pytest.mark.parametrize("what", ["issue", "opinion"])
async def test_what_one_household_said_is_not_carried_to_another_chosen_after_going_back(
        street, what):
    """Back to the rooms after 101's words and photo, then 102: they were offered as
    邻居说的：… with 不改，继续, one press recording 101's words in 102's name."""
    async with BotHarness(street) as bot:
        await bot.send(102, "/proxy")
        await bot.press(102, "px:b:0")
        await bot.press(102, "px:u:0")
        await bot.press_label(102, "101", exact=True)
        await bot.press(102, "px:do:issue")
        await bot.press(102, "px:cat:lighting")
        await bot.send(102, "一楼的灯不亮")
        await bot.send_photo(102)
        if what == "opinion":  # the photo kept aside for an opinion goes too
            for _ in range(3):
                await bot.send(102, "上一步")
            await bot.press(102, "px:do:opinion")
            await bot.press_label(102, "不改，继续")
        for _ in range(6):  # back to the rooms
            rooms = await bot.send(102, "上一步")
            if "哪个房号" in rooms[-1].text:
                break
        assert "哪个房号" in rooms[-1].text
        calls = await bot.press_label(102, "102", exact=True)
        said = "".join(c.text for c in calls)
        assert "101 说的" in said and "一楼的灯不亮" in said and "不会记到" in said
        assert "1 张照片" in said
        assert "登记什么" in calls[-1].text
        await bot.press(102, "px:do:issue")
        category = await bot.press(102, "px:cat:lighting")
        assert "现在选的是" not in "".join(c.text for c in category)
        assert "邻居说的" not in category[-1].text and "不改，继续" not in labels(category[-1])
        await bot.send(102, "二楼的灯也不亮")
        check = await bot.press(102, "px:ph")
        assert "照片：0" in check[-1].text and "一楼" not in check[-1].text
        await bot.press(102, [d for _, d in check[-1].buttons() if d.startswith("px:ok")][0])
    [issue] = street.entries(kind=Kind.ISSUE)
    assert (issue.data["household"], issue.data["text"], issue.data["photos"]) == \
        (HOME, "二楼的灯也不亮", [])


async def test_the_same_household_chosen_again_keeps_what_it_said(street):
    async with BotHarness(street) as bot:
        await _household(bot)
        await bot.press(102, "px:do:opinion")
        await bot.send(102, "希望装个扶手")
        await bot.send(102, "上一步")
        await bot.send(102, "上一步")
        await bot.send(102, "上一步")  # the rooms
        calls = await bot.press_label(102, "102", exact=True)
        assert "不会记到" not in "".join(c.text for c in calls)
        words = await bot.press(102, "px:do:opinion")
        assert "邻居说的：希望装个扶手" in words[-1].text


async def test_back_at_the_fee_buttons_goes_to_what_to_record_and_a_fee_still_goes_on(street):
    """/proxy → 交费 ended at the fee buttons: no ⬅️ 上一步 or 取消 under them, and 上一步
    typed next got the greeting (您好！请使用下方菜单…). Now they have both, 上一步 goes back
    to what to record for that household, and a fee button goes on in /income without a
    word of /proxy left (kept or lost)."""
    async with BotHarness(street) as bot:
        await _household(bot)
        fees = await bot.press(102, "px:do:fee")
        assert labels(fees[-1])[-2:] == ["⬅️ 上一步", "取消"]
        what = await bot.send(102, "上一步")
        assert "为 " in what[-1].text and "登记什么" in what[-1].text
        assert "现在选的是“交费”" in what[-1].text and "您好" not in what[-1].text
        await bot.press(102, "px:do:fee")
        period = await bot.press(102, f"inc:for:{HOME}:sanitation")
        said = "".join(c.text for c in period)
        assert "代办" not in said and "保留" not in said and "没有保存" not in said
        await bot.send(102, "2025-03")
        await bot.send(102, "30")
        await bot.press(102, "inc:skip:1")
        await bot.press_label(102, "确认登记", exact=True)
        again = await bot.send(102, "上一步")  # /proxy ended with the fee: nothing to go to
        assert "登记什么" not in again[-1].text
    [fee] = street.entries(kind=Kind.FEE_INCOME)
    assert fee.data["household"] == HOME and fee.data["amount_fen"] == 3000


async def test_cancel_at_the_fee_buttons_leaves_proxy(street):
    async with BotHarness(street) as bot:
        await _household(bot)
        fees = await bot.press(102, "px:do:fee")
        [cancel] = [d for label, d in fees[-1].buttons() if label == "取消"]
        await bot.press(102, cancel)
        after = await bot.send(102, "上一步")
        assert "登记什么" not in after[-1].text
