"""A volunteer's question to the author of a waiting entry (bot.handlers.ask_author):
at the rejection's reason step a question (哪个单元的楼道？) is shown back with a second
button that sends it to the author and leaves the entry waiting; the author's answer,
after ✍️ 回答, reaches the area's volunteers. Before, the only way was to reject with
the question as the reason."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status


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
    assert to_author[0].buttons() == [("✍️ 回答", f"aq:{entry.id}")]
    assert "未通过" not in to_author[0].text
    assert "仍在等待审核" in [c for c in calls if c.chat_id == 101][-1].text
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
