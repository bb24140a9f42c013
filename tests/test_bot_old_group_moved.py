"""/linkgroup in another group moves an area's posts there; the posts already in the old
group (which may hold anyone now) are edited to say so, without their ✅/❌ buttons, and a
decision later does not edit them again. An old post whose buttons are still there (its
edit failed, or it was not remembered) decides nothing when pressed, and ❌ asks no reason
in that group: it says where to decide. Before, the old group's posts kept live buttons:
a volunteer there could still decide, and ❌ asked for the reason in the old group."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid
from telegram.ext import CallbackContext

from bot.notify import notify_pending
from db.entries import Kind, Status

OLD, NEW = -500, -600  # east's volunteers' group before /linkgroup, and after
MOVED = "此区域的待审核已转到新的志愿者群"
NOT_HERE = "这个群已不是东小区的志愿者群"


def _issue(repo, text="路灯坏了"):
    return repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                       {"category": "lighting", "text": text})


def _edits(calls, chat):
    return [c for c in calls if c.method == "editMessageText" and c.chat_id == chat]


async def test_the_old_groups_posts_say_they_moved_without_buttons(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/linkgroup east", chat_id=OLD)
        first, second = _issue(repo), _issue(repo, "楼道堆物")
        for entry in (first, second):
            await notify_pending(CallbackContext(bot.app), entry)
        linked = await bot.send(102, "/linkgroup east", chat_id=NEW)
        moved = _edits(linked, OLD)
        assert len(moved) == 2, [c.text for c in linked]
        assert all(MOVED in c.text and not c.buttons() for c in moved), [c.text for c in moved]
        assert "路灯坏了" in moved[0].text or "路灯坏了" in moved[1].text
        later = [*await bot.send(101, f"/approve {first.id}"),
                 *await bot.send(101, f"/reject {second.id} 不是1号楼1单元101报的")]
    assert _edits(later, OLD) == []  # nothing more said there: not who, not why


async def test_a_reject_pressed_on_an_old_post_asks_no_reason_there(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry = _issue(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/linkgroup east", chat_id=OLD)
        await bot.send(102, "/linkgroup east", chat_id=NEW)
        calls = await bot.press(102, f"q:r:{entry.id}", chat_id=OLD, message_id=77,
                                text="待审核：路灯坏了")
        said = [c for c in calls if c.method == "sendMessage"]
        assert len(said) == 1 and NOT_HERE in said[0].text, [c.text for c in said]
        assert said[0].chat_id == OLD and "/pending" in said[0].text
        assert any(c.method == "editMessageReplyMarkup" for c in calls)  # its buttons go
        typed = await bot.send(102, "不是住户报的", chat_id=OLD)  # no reason was asked
        assert not any("驳回" in c.text for c in typed), [c.text for c in typed]
        approved = await bot.press(102, f"q:a:{entry.id}", chat_id=OLD, message_id=78,
                                   text="待审核：路灯坏了")
        assert NOT_HERE in approved[-1].text
        mine = await bot.press(102, f"q:a:{entry.id}")  # in her private chat: as before
    assert repo.entry(entry.id).status == Status.APPROVED
    assert "通过" in "".join(c.text for c in mine)
