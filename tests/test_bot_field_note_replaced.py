"""A grid worker types "N 已联系电工" (a question with 📝 进展 / ✅ 已解决 under it), then
"N 已修好" before pressing: the newer note replaces the older. The older question kept its
buttons, and a press on them said only 这个按钮已失效, the note lost without a word. Now the
older question is edited to say its note was not saved and how to add it; a press on it
(an edit that did not go) says the same, and stores nothing."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind


def open_report(repo):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    return repo.approve(repo.submit(author, Kind.ISSUE, "east", {
        "category": "lighting", "text": "楼道灯不亮"}).id, pid(repo, 102))


async def test_the_question_of_a_replaced_note_is_edited_to_say_it_was_not_saved(repo):
    entry = open_report(repo)
    async with BotHarness(repo) as bot:
        first = await bot.send(101, f"{entry.id} 已联系电工")
        second = await bot.send(101, f"{entry.id} 已修好")
    asked = first[-1]
    [edit] = [c for c in second if c.method == "editMessageText"]
    assert int(edit.params["message_id"]) == asked.message_id
    assert "这条说明没有保存：您后来又发了一条说明" in edit.text
    assert f"请重新发送：“{entry.id} 已联系电工”" in edit.text
    assert not edit.buttons()
    assert "说明：已修好" in second[-1].text and second[-1].buttons()


async def test_a_press_under_a_replaced_note_says_why_and_stores_nothing(repo):
    entry = open_report(repo)
    async with BotHarness(repo) as bot:
        first = await bot.send(101, f"{entry.id} 已联系电工")
        await bot.send(101, f"{entry.id} 已修好")
        progress = next(d for label, d in first[-1].buttons() if "进展" in label)
        pressed = await bot.press(101, progress, message_id=first[-1].message_id)
    said = [c.text for c in pressed if c.method == "sendMessage"]
    assert any("这条说明没有保存：您后来又发了一条说明" in s for s in said), said
    assert not repo.entries(kind=Kind.PROGRESS_NOTE)
    assert repo.entry(entry.id).status == "approved" and not repo.entry(entry.id).history[2:]


async def test_the_same_note_sent_twice_on_bad_signal_is_not_said_lost_nor_to_be_resent(repo):
    """Bad signal: the phone sent "N 师傅到了" twice. The first question was edited to
    这条说明没有保存……请重新发送：“N 师傅到了” — the very note asked again below it; resent,
    it replaced the second in turn (walk172, steward chat as a grid worker)."""
    entry = open_report(repo)
    async with BotHarness(repo) as bot:
        first = await bot.send(101, f"{entry.id} 师傅到了，正在修")
        await bot.send_photo(101)  # the pipe, sent after the note: kept for it
        second = await bot.send(101, f"{entry.id} 师傅到了，正在修")
        progress = next(d for label, d in second[-1].buttons() if "进展" in label)
        await bot.press(101, progress, message_id=second[-1].message_id)
    [edit] = [c for c in second if c.method == "editMessageText"]
    assert int(edit.params["message_id"]) == first[-1].message_id and not edit.buttons()
    assert "没有保存" not in edit.text and "重新发送" not in edit.text, edit.text
    assert "又收到一次" in edit.text and "下面" in edit.text
    [step] = [s for s in repo.entry(entry.id).history if s.get("note") == "师傅到了，正在修"]
    assert len(step.get("photos") or []) == 1, step  # the photo sent between stays with it
