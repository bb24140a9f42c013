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
