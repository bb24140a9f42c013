"""After one volunteer hides a name on a waiting entry (bot.hidden_posts), the other
volunteers' copies of its post read what the site will show, their buttons kept: before,
their 待审核 page still read 网站上显示为：李建国… until they opened /pending again."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind
from db.hidden_names import hidden_of
from db.redact import NAME_MASK

TEXT = "李建国把垃圾堆在楼道，请联系王大明"


def _report(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    return repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                       {"category": "sanitation", "text": TEXT})


def _edits_of(bot, chat, message_id):
    return [c for c in bot.sent("editMessageText")
            if c.chat_id == chat and c.params.get("message_id") == message_id]


async def test_another_volunteers_queue_page_shows_the_name_hidden_with_its_buttons(repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        [page] = [c for c in await bot.send(102, "/pending") if c.buttons()]
        # the full name nobody registered is said hidden by the site itself
        assert f"显示为：{NAME_MASK}把垃圾堆在楼道，请联系王大明" in page.text, page.text
        await bot.send(101, f"/hide {entry.id} 李建国")
        first = _edits_of(bot, 102, page.message_id)
        await bot.send(101, f"/hide {entry.id} 王大明")  # a second name: edited again
        second = _edits_of(bot, 102, page.message_id)
    assert first and "网站上隐去“李建国”" in first[-1].text
    assert f"显示为：{NAME_MASK}把垃圾堆在楼道，请联系王大明" in first[-1].text
    assert f"{NAME_MASK}把垃圾堆在楼道，请联系{NAME_MASK}" in second[-1].text
    assert second[-1].text.count("显示为") == 1  # the line replaced, not added
    assert ("✅ 通过", f"q:a:{entry.id}") in second[-1].buttons()
    assert ("🙈 隐去名字…", f"q:h:{entry.id}") in second[-1].buttons()


async def test_a_decision_after_the_hiding_edits_the_post_as_it_reads_now(repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        [page] = [c for c in await bot.send(102, "/pending") if c.buttons()]
        shown = await bot.send(101, f"/hide {entry.id} 李建国")
        [reply] = [c for c in shown if c.chat_id == 101 and c.buttons()]
        await bot.send(101, f"/hide {entry.id} 王大明")  # her earlier reply is stale too
        mine = _edits_of(bot, 101, reply.message_id)
        await bot.send(102, f"/approve {entry.id}")
        last = _edits_of(bot, 102, page.message_id)[-1]
    assert "审核通过" in last.text and f"显示为：{NAME_MASK}把垃圾" in last.text
    assert mine and f"请联系{NAME_MASK}" in mine[-1].text
    assert ("✅ 通过", f"q:a:{entry.id}") in mine[-1].buttons()


async def test_the_open_reports_list_has_one_hide_button_that_asks_the_number_with_the_words(
        repo):
    # 报事处理 had no 🙈: /hide N was the only way for a published report
    entry = _report(repo)
    repo.approve(entry.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        listed = await bot.send(101, "报事处理")
        assert listed[-1].buttons() == [("🙈 隐去其中某件报事里的名字…", "q:h:0")]  # one row
        asked = await bot.press(101, "q:h:0")
        assert "报事编号" in asked[-1].text
        unclear = await bot.send(101, "李建国")  # no number: asked again, nothing kept
        assert "报事编号" in unclear[-1].text
        wrong = await bot.send(101, f"{entry.id} 张三丰")  # not in its text: the words again
        assert "没有“张三丰”" in wrong[-1].text
        done = await bot.send(101, "李建国")
    assert any(f"{NAME_MASK}把垃圾" in c.text for c in done if c.chat_id == 101)
    assert hidden_of(repo.entry(entry.id)) == ["李建国"]


async def test_a_waiting_correction_says_the_words_hidden_on_the_report_it_corrects(repo):
    # the site hides them in the correction too; its post said nothing of it, and read
    # as if the name would be published with it
    entry = _report(repo)
    repo.hide_words(entry.id, pid(repo, 101), ["李建国"])
    repo.approve(entry.id, pid(repo, 101))
    repo.correct(pid(repo, 5001), entry.id, "李建国把垃圾堆在三楼楼道")
    async with BotHarness(repo) as bot:
        listed = await bot.send(102, "/pending")
    said = "\n".join(c.text for c in listed)
    assert f"网站上隐去“李建国”（以及电话、证件号和房号），显示为：{NAME_MASK}把垃圾堆在三楼楼道" \
        in said


async def test_hiding_a_name_on_a_published_report_edits_its_waiting_corrections_post(repo):
    entry = _report(repo)
    repo.approve(entry.id, pid(repo, 101))
    fix = repo.correct(pid(repo, 5001), entry.id, "李建国把垃圾堆在三楼楼道")
    async with BotHarness(repo) as bot:
        [page] = [c for c in await bot.send(102, "/pending") if c.buttons()]
        await bot.send(101, f"/hide {entry.id} 李建国")
        edits = _edits_of(bot, 102, page.message_id)
    assert edits and f"显示为：{NAME_MASK}把垃圾堆在三楼楼道" in edits[-1].text
    assert ("✅ 通过", f"q:a:{fix.id}") in edits[-1].buttons()


async def test_the_number_may_be_followed_by_a_colon_instead_of_a_space(repo):
    entry = _report(repo)
    repo.approve(entry.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        await bot.send(101, "报事处理")
        await bot.press(101, "q:h:0")
        await bot.send(101, f"{entry.id}：李建国")  # asked again before: no number seen
    assert hidden_of(repo.entry(entry.id)) == ["李建国"]
