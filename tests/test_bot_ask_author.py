"""A volunteer's question to the author of a waiting entry (bot.handlers.ask_author):
at the rejection's reason step a question (哪个单元的楼道？) is shown back with a second
button that sends it to the author and leaves the entry waiting; the author's answer,
after ✍️ 回答, reaches the area's volunteers. Before, the only way was to reject with
the question as the reason."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid
from robust_support import RobustHarness, make_data, settings_for

from db.author_questions import asked_of
from db.entries import Kind, Status
from db.repository import Repository


def _report(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    return repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                       {"category": "lighting", "text": "楼道灯坏了"})


async def _ask(bot, entry):
    await bot.send(101, f"/reject {entry.id}")
    shown = await bot.send(101, "哪个单元的楼道？")
    assert ("❓ 只问提交人，先不驳回", "rjq:ask") in shown[-1].buttons()
    return await bot.press_label(101, "只问提交人")


async def test_a_question_at_the_reason_step_goes_to_the_author_and_the_entry_waits(repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        calls = await _ask(bot, entry)
    to_author = [c for c in calls if c.chat_id == 5001]
    assert len(to_author) == 1 and "哪个单元的楼道？" in to_author[0].text
    assert to_author[0].buttons() == [("✍️ 回答", f"aq:{entry.id}:1")]
    assert "未通过" not in to_author[0].text
    assert "仍在等待审核" in [c for c in calls if c.chat_id == 101][-1].text
    assert repo.entry(entry.id).status == Status.PENDING


async def test_the_same_question_asked_again_is_not_sent_to_the_author_twice(repo):
    # before, she got the same question a second time, though it was kept once
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        first = await _ask(bot, entry)
        again = await _ask(bot, entry)
        await bot.send(102, f"/reject {entry.id}")
        await bot.send(102, "哪个单元的楼道？")
        other = await bot.press_label(102, "只问提交人")
    assert len([c for c in first if c.chat_id == 5001]) == 1
    for calls, volunteer in ((again, 101), (other, 102)):
        assert not [c for c in calls if c.chat_id == 5001]
        told = [c for c in calls if c.chat_id == volunteer][-1].text
        assert "已在" in told and "发给提交人" in told and "没有再发" in told
        assert repo.entry(entry.id).data["asked"][0]["at"][:10] in told
    assert len(asked_of(repo.entry(entry.id))) == 1
    assert repo.entry(entry.id).status == Status.PENDING


async def test_the_authors_answer_reaches_the_volunteers_and_the_entry_still_waits(repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        await _ask(bot, entry)
        await bot.press(5001, f"aq:{entry.id}")
        calls = await bot.send(5001, "3单元，二楼到三楼之间")
        later = await bot.send(5001, "谢谢")  # only the one answer is taken
    for volunteer in (101, 102):
        [told] = [c for c in calls if c.chat_id == volunteer]
        assert f"#{entry.id}" in told.text and "3单元，二楼到三楼之间" in told.text
        assert told.buttons() == [("✅ 通过", f"q:a:{entry.id}"), ("❌ 驳回", f"q:r:{entry.id}")]
    assert "已发给志愿者" in [c for c in calls if c.chat_id == 5001][-1].text
    assert not any(c.chat_id in (101, 102) for c in later)
    assert repo.entry(entry.id).status == Status.PENDING


async def test_approve_pressed_under_the_answer_approves_and_edits_that_message(repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        await _ask(bot, entry)
        await bot.press(5001, f"aq:{entry.id}")
        await bot.send(5001, "3单元")
        calls = await bot.press_label(102, "✅ 通过")
    assert repo.entry(entry.id).status == Status.APPROVED
    edited = [c for c in calls if c.method == "editMessageText" and c.chat_id == 102]
    assert edited and "3单元" in edited[-1].text and "审核通过" in edited[-1].text


async def test_someone_else_pressing_answer_is_refused_and_their_words_go_nowhere(repo):
    entry = _report(repo)
    confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    async with BotHarness(repo) as bot:
        await _ask(bot, entry)
        pressed = await bot.press(5002, f"aq:{entry.id}")
        calls = await bot.send(5002, "是2单元")
    assert "失效" in pressed[-1].text or "没有做任何" in pressed[-1].text
    assert not any(c.chat_id in (101, 102) for c in calls)


async def test_answer_pressed_after_the_entry_was_decided_says_so(repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        await _ask(bot, entry)
        await bot.send(102, f"/approve {entry.id}")
        pressed = await bot.press(5001, f"aq:{entry.id}")
        calls = await bot.send(5001, "3单元")
    assert "已经处理过了" in pressed[-1].text
    assert not any(c.chat_id in (101, 102) and "3单元" in c.text for c in calls)


async def test_answer_pressed_when_nobody_asked_is_refused_and_her_words_go_nowhere(repo):
    entry = _report(repo)  # 回答 forged for her own waiting report: nobody asked her
    async with BotHarness(repo) as bot:
        pressed = await bot.press(5001, f"aq:{entry.id}")
        forged = await bot.press(5001, f"aq:{entry.id}:1")
        calls = await bot.send(5001, "快来修灯")
    assert all("失效" in p[-1].text for p in (pressed, forged))
    assert not any(c.chat_id in (101, 102) for c in calls)
    assert asked_of(repo.entry(entry.id)) == []


async def test_answer_pressed_again_after_answering_sends_nothing_twice(repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        await _ask(bot, entry)
        await bot.press(5001, f"aq:{entry.id}:1")
        await bot.send(5001, "3单元")
        again = await bot.press(5001, f"aq:{entry.id}:1")
        calls = await bot.send(5001, "快点修")
    assert "已经回答过了" in again[-1].text and "3单元" in again[-1].text
    assert not any(c.chat_id in (101, 102) for c in calls)
    assert [q["answer"] for q in asked_of(repo.entry(entry.id))] == ["3单元"]


async def test_the_question_and_answer_are_in_the_entrys_post_for_whoever_decides(repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        await _ask(bot, entry)
        unanswered = await bot.send(102, "/pending")
        await bot.press(5001, f"aq:{entry.id}:1")
        await bot.send(5001, "3单元，二楼到三楼之间")
        answered = await bot.send(102, "/pending")
    [post] = [c for c in unanswered if c.chat_id == 102 and f"#{entry.id}" in c.text]
    assert "问（" in post.text and "哪个单元的楼道？" in post.text and "还没有回答" in post.text
    [post] = [c for c in answered if c.chat_id == 102 and f"#{entry.id}" in c.text]
    assert "哪个单元的楼道？" in post.text and "答：3单元，二楼到三楼之间" in post.text


async def test_her_mydata_shows_the_question_and_her_answer(repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        await _ask(bot, entry)
        await bot.press(5001, f"aq:{entry.id}:1")
        await bot.send(5001, "3单元")
        calls = await bot.send(5001, "/mydata")
    text = "\n".join(c.text for c in calls if c.chat_id == 5001)
    assert "哪个单元的楼道？" in text and "答：3单元" in text


async def test_a_question_asked_before_a_restart_is_answered_after_it(tmp_path):
    data = make_data(tmp_path)
    repo = Repository.open(data)
    [issue] = repo.entries(kind=Kind.ISSUE, status=Status.PENDING)  # 7001's report
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        await _ask(bot, issue)
    repo.close()
    for step in ("press", "answer"):  # the bot restarted before each
        repo = Repository.open(data)
        async with RobustHarness(repo, settings=settings_for(data)) as bot:
            if step == "press":
                await bot.press(7001, f"aq:{issue.id}:1")
            else:
                calls = await bot.send(7001, "3单元")
            assert bot.errors == []
        if step == "answer":
            [kept] = asked_of(repo.entry(issue.id))
        repo.close()
    assert kept["question"] == "哪个单元的楼道？" and kept["answer"] == "3单元"
    for volunteer in (101, 102):
        assert any(c.chat_id == volunteer and "3单元" in c.text for c in calls)


async def test_her_mine_shows_an_unanswered_question_with_a_button_to_answer_it(repo):
    entry = _report(repo)  # the message with the question gone (deleted, scrolled away)
    repo.ask_author(entry.id, pid(repo, 101), "哪个单元的楼道？")
    async with BotHarness(repo) as bot:
        mine = await bot.send(5001, "/mine")
        [shown] = [c for c in mine if c.chat_id == 5001 and f"#{entry.id}" in c.text]
        assert "哪个单元的楼道？" in shown.text and "还没有回答" in shown.text
        assert (f"✍️ 回答关于 #{entry.id} 的问题", f"aq:{entry.id}:1") in shown.buttons()
        await bot.press_label(5001, "✍️ 回答关于")
        calls = await bot.send(5001, "3单元")
        after = await bot.send(5001, "/mine")
    assert any(c.chat_id == 101 and "3单元" in c.text for c in calls)
    [shown] = [c for c in after if c.chat_id == 5001 and f"#{entry.id}" in c.text]
    assert "答：3单元" in shown.text and not any("回答关于" in b for b, _ in shown.buttons())


async def test_answer_pressed_in_a_group_shows_neither_the_question_nor_her_answer_there(repo):
    entry = _report(repo)
    group = -100777  # any group the bot is in, not the area's volunteers'
    async with BotHarness(repo) as bot:
        await _ask(bot, entry)
        there = await bot.press(5001, f"aq:{entry.id}:1", chat_id=group)
        typed = await bot.send(5001, "3单元，二楼到三楼之间")  # not taken: nothing was asked
        await bot.press(5001, f"aq:{entry.id}:1")
        await bot.send(5001, "3单元，二楼到三楼之间")
        again = await bot.press(5001, f"aq:{entry.id}:1", chat_id=group)
    for calls in (there, again):
        assert not [c for c in calls if c.chat_id == group]
        [note] = [c for c in calls if c.method == "answerCallbackQuery"]
        assert "这个按钮只在与我的私聊中有用" in note.params.get("text", "")
    assert not any(c.chat_id in (101, 102) for c in typed)
    assert asked_of(repo.entry(entry.id))[0]["answer"] == "3单元，二楼到三楼之间"


async def test_her_mydata_shows_an_unanswered_question_with_a_button_to_answer_it(repo):
    # found in the real steward run: /mydata said 答：（提交人还没有回答） and offered no way
    entry = _report(repo)
    repo.ask_author(entry.id, pid(repo, 101), "哪个单元的楼道？")
    async with BotHarness(repo) as bot:
        listed = await bot.send(5001, "/mydata")
        [shown] = [c for c in listed if c.chat_id == 5001 and f"#{entry.id}" in c.text]
        assert "还没有回答" in shown.text
        assert (f"✍️ 回答关于 #{entry.id} 的问题", f"aq:{entry.id}:1") in shown.buttons()
        await bot.press_label(5001, "✍️ 回答关于")
        calls = await bot.send(5001, "3单元")
        after = await bot.send(5001, "/mydata")
    assert any(c.chat_id == 101 and "3单元" in c.text for c in calls)
    [shown] = [c for c in after if c.chat_id == 5001 and f"#{entry.id}" in c.text]
    assert "答：3单元" in shown.text and not any("回答关于" in b for b, _ in shown.buttons())


async def test_a_photo_or_voice_sent_after_answer_is_pressed_is_said_not_the_answer(repo):
    # found in the real steward run: the photo of the lamp asked about was kept for a new
    # report, and nothing said the question was still waiting for her words
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        await _ask(bot, entry)
        await bot.press(5001, f"aq:{entry.id}:1")
        photo = [c for c in await bot.send_photo(5001) if c.chat_id == 5001][-1]
        voice = [c for c in await bot.send_voice(5001) if c.chat_id == 5001][-1]
        calls = await bot.send(5001, "3单元")  # her words are still taken as the answer
    for told in (photo, voice):
        assert f"这不算您对 #{entry.id} 的回答" in told.text and "哪个单元的楼道？" in told.text
    assert asked_of(repo.entry(entry.id))[0]["answer"] == "3单元"
    assert any(c.chat_id == 101 and "3单元" in c.text for c in calls)


async def test_her_mydata_says_why_a_report_was_not_accepted(repo):
    # found in the real steward run: /mydata said 已驳回 alone; 我的 gave the reason
    entry = _report(repo)
    repo.reject(entry.id, pid(repo, 101), "已经有人报过，见 #12")
    async with BotHarness(repo) as bot:
        listed = await bot.send(5001, "/mydata")
    [shown] = [c for c in listed if c.chat_id == 5001 and f"#{entry.id}" in c.text]
    assert "原因：已经有人报过，见 #12" in shown.text
