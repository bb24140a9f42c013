"""/report, one step back: 上一步 typed (or ⬅️ 上一步 pressed) at the description, the
similar reports, the photos, the buildings and the summary goes to the step before,
keeping all she entered; at the category, the first step, it leaves the report,
keeping the draft (继续填写). Before, 上一步 typed at any of these steps left the report
(已退出“报事”) and only a building's units had ⬅️ 上一步."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"
CATEGORY = "是什么问题？请选择一类："
DESCRIBE = "请描述问题：打几个字，或者发一条语音。也可以发一张带文字说明的照片。"
PHOTOS = ("照片能帮助志愿者了解情况，会和报事一起公开：请只拍问题本身，不要拍到人脸、"
          "门牌号和车牌。现在可以发一张或多张照片，没有照片请点下面的按钮继续。")
BUILDINGS = "在哪里？请选择楼栋（可不选）："
LEFT = "已退出“报事”，回到主菜单：请点下方菜单的按钮。"
LAMP = "门口路灯坏了，晚上很黑"


def labels(call) -> list[str]:
    return [label for label, _ in call.buttons()]


@pytest.mark.parametrize("word", ["上一步", "返回上一步"])
async def test_back_typed_at_each_step_goes_one_step_back_and_nothing_is_lost(repo, word):
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/report")
        described = await bot.press(5001, "rep:cat:lighting")
        assert described[-1].text == DESCRIBE
        assert labels(described[-1]) == ["⬅️ 上一步", "取消"]
        # the description: the categories again, the one chosen said
        category = await bot.send(5001, word)
        assert [c.text for c in category] == [
            CATEGORY + "\n现在选的是“路灯照明”：不改就再点它，要改就点另一类。"]
        assert "⬅️ 上一步" not in labels(category[-1])  # the first step: 取消 only
        await bot.press(5001, "rep:cat:lighting")
        await bot.send(5001, LAMP)
        await bot.send_photo(5001)
        # the photos: the description again, kept, with 不改，继续
        description = await bot.send(5001, word)
        assert [c.text for c in description] == [
            f"您的描述：“{LAMP}”\n不改请点“不改，继续”；要改就打字写新的，或者发一条语音。"]
        assert labels(description[-1]) == ["不改，继续", "⬅️ 上一步", "取消"]
        photos = await bot.press_label(5001, "不改，继续")
        assert photos[-1].text.startswith("已收到 1 张照片")  # the photo kept too
        assert labels(photos[-1]) == ["完成", "⬅️ 上一步", "取消"]
        buildings = await bot.press_label(5001, "完成")
        assert buildings[-1].text == BUILDINGS and "⬅️ 上一步" in labels(buildings[-1])
        # the buildings: the photos again
        again = await bot.send(5001, word)
        assert [c.text for c in again][-1].startswith("已收到 1 张照片")
        await bot.press_label(5001, "完成")
        summary = await bot.press_label(5001, "不属于某一栋楼")
        assert "请核对您的报事" in summary[-1].text
        # the summary: the buildings again
        back = await bot.send(5001, word)
        assert [c.text for c in back] == [BUILDINGS]
        summary = await bot.press_label(5001, "不属于某一栋楼")
        await bot.press_label(5001, "提交")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["category"] == "lighting" and issue.data["text"] == LAMP
    assert len(issue.data["photos"]) == 1


async def test_back_pressed_at_each_step_goes_where_typed_back_does(repo):
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/report")
        await bot.press(5001, "rep:cat:lighting")
        category = await bot.press(5001, "rep:back:cat")
        assert category[-1].text.startswith(CATEGORY)
        await bot.press(5001, "rep:cat:safety")  # changed on the way back
        await bot.send(5001, LAMP)
        description = await bot.press(5001, "rep:back:text")
        assert description[-1].text.startswith("您的描述：“门口路灯坏了")
        changed = await bot.send(5001, "1号楼门口路灯坏了")  # a new one replaces it
        assert changed[-1].text == PHOTOS
        await bot.press(5001, "rep:photos")
        photos = await bot.press(5001, "rep:back:photos")
        assert photos[-1].text == PHOTOS
        await bot.press(5001, "rep:photos")
        await bot.press(5001, "rep:pn")
        await bot.press_label(5001, "提交")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert (issue.data["category"], issue.data["text"]) == ("safety", "1号楼门口路灯坏了")


async def test_an_older_messages_back_is_not_taken_for_this_steps(repo):
    """⬅️ 上一步 of the description pressed again at the buildings (scrolled up) does not
    take her to the categories: the buildings come again, as for any other step's
    button."""
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/report")
        await bot.press(5001, "rep:cat:lighting")
        await bot.send(5001, LAMP)
        await bot.press(5001, "rep:photos")
        calls = await bot.press(5001, "rep:back:cat")
        assert "不是这一步的" in [c.text for c in calls if c.text][0]
        assert calls[-1].text == BUILDINGS
        forged = await bot.press(5001, "rep:back:nowhere")
        assert "失效" in forged[-1].text


async def test_back_at_the_category_leaves_the_report_keeping_what_was_entered(repo):
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/report")
        await bot.press(5001, "rep:cat:lighting")
        await bot.send(5001, LAMP)
        await bot.send(5001, "上一步")  # the description, kept
        await bot.send(5001, "上一步")  # the category
        calls = await bot.send(5001, "上一步")  # before the first step: out of the report
        assert "先为您保留" in calls[0].text and calls[-1].text == LEFT
        resumed = await bot.press_label(5001, "继续填写")
        assert "路灯照明 · “门口路灯坏了" in [c.text for c in resumed if c.text][0]
    assert not repo.entries(kind=Kind.ISSUE)


async def test_back_at_the_similar_reports_goes_to_the_description(repo):
    confirmed_resident(repo, 5001, HOME, 101)
    author = confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    lamp = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": "路灯不亮了"})
    repo.approve(lamp.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/report")
        await bot.press(5001, "rep:cat:lighting")
        similar = await bot.send(5001, "路灯不亮，晚上太黑了")
        assert f"#{lamp.id}" in similar[-1].text and "⬅️ 上一步" in labels(similar[-1])
        calls = await bot.send(5001, "上一步")
        assert calls[-1].text.startswith("您的描述：“路灯不亮，晚上太黑了”")
        again = await bot.send(5001, "不改")  # typed, as its button
        assert f"#{lamp.id}" in again[-1].text


async def test_back_while_changing_one_part_returns_to_the_summary_unchanged(repo):
    """修改 -> 描述 (or 照片（重新发送）), then 上一步: the summary as it was, the photos
    she was to send again still there. 上一步 at 您要修改哪一项？ itself: the summary."""
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/report")
        await bot.press(5001, "rep:cat:lighting")
        await bot.send(5001, LAMP)
        await bot.send_photo(5001)
        await bot.press(5001, "rep:photos")
        await bot.press(5001, "rep:pn")
        await bot.press(5001, "rep:edit")  # 您要修改哪一项？
        summary = await bot.send(5001, "上一步")
        assert "请核对您的报事" in summary[-1].text  # as 返回核对, not the buildings
        for part in ("rep:edit:text", "rep:edit:photos", "rep:edit:cat", "rep:edit:place"):
            await bot.press(5001, "rep:edit")
            step = await bot.press(5001, part)
            assert "⬅️ 上一步" in labels(step[-1]), part
            summary = await bot.send(5001, "上一步")
            assert "请核对您的报事" in summary[-1].text, part
            assert "照片：1" in summary[-1].text and LAMP in summary[-1].text, part
        await bot.press_label(5001, "提交")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["text"] == LAMP and len(issue.data["photos"]) == 1


async def test_a_photo_sent_at_the_description_she_came_back_to_keeps_the_description(repo):
    """Back at the description from the photos, she sent the photo she meant to add:
    照片收到了。现在请用几句话描述问题 asked for the words she had written. Now the
    photo is counted and the description, kept, comes again with 不改，继续."""
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/report")
        await bot.press(5001, "rep:cat:lighting")
        await bot.send(5001, LAMP)
        await bot.send(5001, "上一步")
        calls = await bot.send_photo(5001)
        assert [c.text for c in calls if c.text][0] == "照片收到了（共 1 张）。"
        assert calls[-1].text.startswith(f"您的描述：“{LAMP}”")
        photos = await bot.press_label(5001, "不改，继续")
        assert photos[-1].text.startswith("已收到 1 张照片")
