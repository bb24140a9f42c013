"""The group an area's posts left (/linkgroup in another group) is no longer the area's
volunteers' group: it may hold anyone. The posts the bot sent there while it was linked
are still edited when their entries are decided, and those edits name the volunteer by
role alone (物管会主任甲), as everything else said in a group that is not the area's."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid
from telegram.ext import CallbackContext

from bot.notify import notify_pending
from db.entries import Kind, Status

OLD, NEW = -500, -600  # east's volunteers' group before /linkgroup, and after


def _issue(repo, text="路灯坏了"):
    return repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                       {"category": "lighting", "text": text})


def _edits(calls, chat):
    return [c for c in calls if c.method == "editMessageText" and c.chat_id == chat]


async def test_a_decision_edits_the_old_groups_posts_naming_the_role_alone(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/linkgroup east", chat_id=OLD)
        approved, rejected = _issue(repo), _issue(repo, "楼道堆物")
        for entry in (approved, rejected):
            await notify_pending(CallbackContext(bot.app), entry)
        # moved as before /linkgroup said so on them (test_bot_old_group_moved): its posts
        # left remembered there, with their buttons (a record kept in the store)
        repo.link_group(pid(repo, 102), "east", NEW)
        calls = [*await bot.send(101, f"/approve {approved.id}"),
                 *await bot.send(101, f"/reject {rejected.id} 重复了")]
    old = _edits(calls, OLD)
    assert len(old) == 2, [c.text for c in calls]
    assert old[0].text.endswith("✅ 已由物管会主任甲审核通过") and not old[0].buttons(), old[0].text
    # the reason, written for the author and the volunteers, is not said there
    assert old[1].text.endswith("❌ 已由物管会主任甲驳回"), old[1].text
    assert not any("甲志愿者" in c.text for c in old), [c.text for c in old]
    mine = _edits(calls, 102)  # a volunteer's own chat: named, as before, and why
    assert mine and all("物管会主任甲 甲志愿者" in c.text for c in mine), [c.text for c in mine]
    assert mine[1].text.endswith("❌ 已由物管会主任甲 甲志愿者驳回：重复了"), mine[1].text


async def test_a_list_pressed_in_the_old_group_decides_nothing_and_names_nobody(repo):
    """A list of several entries in the old group, no longer remembered (older than the
    records kept, or the bot restarted keeping no state): ✅ pressed on one still waiting
    decides nothing there (test_bot_old_group_moved); it says where to decide, and
    nobody is named. Before, it approved, and showed the others' verdicts by role."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    first, second = _issue(repo), _issue(repo, "楼道堆物")
    repo.approve(second.id, pid(repo, 101))  # by 物管会主任甲 甲志愿者
    async with BotHarness(repo) as bot:
        await bot.send(101, "/linkgroup east", chat_id=OLD)
        await bot.send(102, "/linkgroup east", chat_id=NEW)
        markup = {"inline_keyboard": [
            [{"text": f"#{e.id} ✅ 通过", "callback_data": f"q:a:{e.id}"},
             {"text": f"#{e.id} ❌ 驳回", "callback_data": f"q:r:{e.id}"}]
            for e in (first, second)]}
        message = {"message_id": 900, "date": 1, "text": "新的待审核：\n#… 路灯坏了\n#… 楼道堆物",
                   "chat": {"id": OLD, "type": "group"}, "reply_markup": markup,
                   "from": {"id": 1, "is_bot": True, "first_name": "Steward"}}
        calls = await bot._feed({"callback_query": {
            "id": "walk74press", "from": bot._user(102), "chat_instance": "ci",
            "data": f"q:a:{first.id}", "message": message}})
    assert _edits(calls, OLD) == []
    said = "".join(c.text for c in calls)
    assert "这个群已不是东小区的志愿者群" in said, said
    assert "甲志愿者" not in said and "乙志愿者" not in said, said
    assert repo.entry(first.id).status == Status.PENDING


async def test_a_rejection_pressed_again_in_the_old_group_shows_no_reason(repo):
    """An old post's ✅ pressed in the old group on an entry rejected meanwhile: the
    message pressed shows the verdict by role, and not the reason (它写给提交人和志愿者)."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry = _issue(repo)
    repo.reject(entry.id, pid(repo, 101), "不是1号楼1单元101的住户报的")
    async with BotHarness(repo) as bot:
        await bot.send(101, "/linkgroup east", chat_id=OLD)
        await bot.send(102, "/linkgroup east", chat_id=NEW)
        calls = await bot.press(102, f"q:a:{entry.id}", chat_id=OLD, message_id=77,
                                text="待审核：路灯坏了")
    [edit] = _edits(calls, OLD)
    assert edit.text.endswith("❌ 已由物管会主任甲驳回"), edit.text
    assert "101的住户" not in edit.text and "甲志愿者" not in edit.text, edit.text
