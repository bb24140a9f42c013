"""A button pressed on an earlier message of a flow, as a resident scrolling back does:
it saves nothing it should not, and says why in words she can follow."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"


def _ok(calls) -> str:
    return next(d for c in reversed(calls) for _, d in c.buttons() if d.startswith("rep:ok"))


async def _summary_then_edited(bot):
    """A report's summary, then its description changed through 修改; the first
    summary's 提交 (its button data) and what the second summary said."""
    await bot.send(7001, "/report")
    await bot.press(7001, "rep:cat:lighting")
    await bot.send(7001, "门口路灯坏了")
    await bot.press(7001, "rep:photos")
    first = _ok(await bot.press(7001, "rep:pn"))
    await bot.press(7001, "rep:edit")
    await bot.press(7001, "rep:edit:text")
    second = await bot.send(7001, "三号楼门口的路灯坏了")
    assert "三号楼门口的路灯坏了" in second[-1].text
    return first, _ok(second)


async def test_submit_under_the_summary_before_an_edit_says_so_not_a_restart(repo):
    """She changed the description through 修改, scrolled up and pressed the first
    summary's 提交: 没有保存任何内容：您确认的摘要和我现在保存的草稿不一致（中间机器人
    重启过）: no restart had happened, and 摘要 / 草稿 told her nothing. Now it says the
    summary of that button is not what would be sent (changed since), and the newest one
    comes below to submit."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        first, second = await _summary_then_edited(bot)
        calls = await bot.press(7001, first)
        texts = [c.text for c in calls if c.text]
        assert texts[0] == ("这次没有保存：您点的按钮所在的那份核对单，和现在要提交的内容不一样"
                            "了（比如后来又改过）。请看下面的核对单，没问题就点它下方的按钮。")
        assert "重启" not in texts[0]
        assert "三号楼门口的路灯坏了" in texts[-1]  # the newest summary, its buttons below
        assert repo.entries(kind=Kind.ISSUE) == []
        await bot.press(7001, second)
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["text"] == "三号楼门口的路灯坏了"


async def test_an_earlier_summarys_submit_is_explained_in_english_too(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.set_language(pid(repo, 7001), "en")
    async with BotHarness(repo) as bot:
        first, _second = await _summary_then_edited(bot)
        calls = await bot.press(7001, first)
    said = next(c.text for c in calls if c.text)
    assert said == ("Nothing was saved: the summary with the button you pressed is not what "
                    "would be sent now (it was changed since, say). Please look at the summary "
                    "below and, if it is right, press the button under it.")


async def test_a_category_tapped_again_at_the_photos_step_asks_the_photos_again(repo):
    """At 照片能帮助志愿者… she scrolled up and tapped another category: 这个按钮已失效。
    and nothing more, not where she was nor what to do. Now she is told the button is of
    another step and did nothing, and the step she is at comes again with its buttons
    (to change the category: 修改 at the summary)."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send(7001, "门口路灯坏了")
        calls = await bot.press(7001, "rep:cat:sanitation")
        texts = [c.text for c in calls if c.text]
        assert texts[0] == ("这个按钮已失效：它不是这一步的，这次没有做任何事。"
                            "请接着回答下面的问题：")
        assert "照片" in texts[-1]
        assert [label for label, _ in calls[-1].buttons()] == ["没有照片，继续", "⬅️ 上一步", "取消"]
        await bot.press(7001, "rep:photos")
        calls = await bot.press(7001, "rep:photos")  # 没有照片，继续 again, at once
        assert [c.params.get("text") for c in calls] == ["已经收到了，不用再点。"]
        await bot.press(7001, "rep:pn")
        calls = await bot.press(7001, "rep:pb:0:0")  # a building, at the summary
        assert "请核对您的报事" in calls[-1].text and _ok(calls)
        await bot.press(7001, _ok(calls))
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["category"] == "lighting"


async def test_an_earlier_steps_button_is_explained_in_english_too(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.set_language(pid(repo, 7001), "en")
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send(7001, "the lamp is out")
        calls = await bot.press(7001, "rep:cat:sanitation")
    assert next(c.text for c in calls if c.text) == (
        "That button is not of this step: it no longer works, and this press did nothing. "
        "Please go on with the question below:")
