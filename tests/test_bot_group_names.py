"""A volunteer's real name goes to volunteers' private chats and the area's linked
volunteers' group only; anywhere else she is her public role and mark (物管会主任甲).

/approve 7 (or /reject, a typed verdict's press, an old post's button) on an entry
decided already, typed in any group the bot is in, answered 已由物管会主任甲 甲志愿者处理过了
for the whole group to read; so did a press on a request to close a vote early decided
already, and the group an area's posts left (/linkgroup in another group) was told the
name of who moved them."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid, settle

from db.entries import Kind, Status
from db.people import volunteer_areas

LINKED, OTHER = -500, -700  # east's volunteers' group; a group anyone may be in


def _decided(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry = repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                        {"category": "lighting", "text": "路灯坏了"})
    repo.approve(entry.id, pid(repo, 101))  # by 物管会主任甲 甲志愿者
    return entry


def _said(calls, chat):
    return [c.text for c in calls if c.chat_id == chat and c.method == "sendMessage"]


async def test_a_verdict_typed_in_another_group_on_a_decided_entry_names_the_role_alone(repo):
    entry = _decided(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/linkgroup east", chat_id=LINKED)
        other = [*await bot.send(102, f"/approve {entry.id}", chat_id=OTHER),
                 *await bot.send(102, f"/reject {entry.id} 重复", chat_id=OTHER),
                 *await bot.press(102, f"q:a:{entry.id}", chat_id=OTHER)]
        linked = await bot.send(102, f"/approve {entry.id}", chat_id=LINKED)
        private = await bot.send(102, f"/approve {entry.id}")
    said = _said(other, OTHER)
    assert len(said) == 3 and all(f"#{entry.id} 已由物管会主任甲处理过了" in s for s in said), said
    assert not any("甲志愿者" in c.text for c in other if c.text), [c.text for c in other]
    [edit] = [c for c in other if c.method == "editMessageText" and c.chat_id == OTHER]
    assert edit.text.endswith("✅ 已由物管会主任甲审核通过") and not edit.buttons(), edit.text
    for calls, chat in ((linked, LINKED), (private, 102)):  # the volunteers' own chats
        [text] = _said(calls, chat)
        assert text.startswith(f"#{entry.id} 已由物管会主任甲 甲志愿者处理过了"), text
    assert repo.entry(entry.id).status == Status.APPROVED


async def test_a_stale_press_of_a_request_to_close_early_in_a_group_names_the_role_alone(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    p = repo.create_proposal(pid(repo, 101), "east", title="修屋顶", description="",
                             budget_fen=0, matter="everyday", deadline="2099-01-01")
    settle(repo, p.id)  # its result settled: it may close early
    repo.grant(pid(repo, 900), 104, "east", "网格员")
    repo.request_early_close(p.id, pid(repo, 101), "施工方案有变")
    repo.confirm_early_close(p.id, pid(repo, 102), 1)  # by 物管会委员乙 乙志愿者
    async with BotHarness(repo) as bot:
        there = await bot.press(104, f"ec:y:{p.id}:1", chat_id=OTHER, message_id=77,
                                text="物管会主任甲申请……您同意吗？")
        private = await bot.press(104, f"ec:y:{p.id}:1", message_id=78,
                                  text="物管会主任甲申请……您同意吗？")
    texts = [c.text or "" for c in there if c.chat_id == OTHER]
    assert any("已由物管会委员乙确认" in s for s in texts), texts
    assert not any("乙志愿者" in s for s in texts), texts
    assert any("已由物管会委员乙 乙志愿者确认" in s for s in _said(private, 104))


async def test_the_group_an_areas_posts_left_reads_who_moved_them_by_role_alone(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/linkgroup east", chat_id=LINKED)
        calls = await bot.send(102, "/linkgroup east", chat_id=-600)
    [there] = _said(calls, LINKED)
    assert "物管会委员乙" in there and "乙志愿者" not in there, there


async def test_grant_and_revoke_in_a_group_name_nobody_and_say_to_send_them_privately(repo):
    """/revoke typed by an admin in a group listed every volunteer of her areas by real
    name as buttons (物管会主任甲 甲志愿者（东小区）); /grant's steps list people by name
    and home. In a group both now say to send them in a private chat, and change nothing."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        calls = [*await bot.send(900, "/revoke", chat_id=OTHER),
                 *await bot.send(900, "/grant", chat_id=OTHER),
                 *await bot.send(900, "/grant 5001 volunteer east", chat_id=OTHER),
                 *await bot.send(900, "/revoke 101 volunteer east", chat_id=LINKED)]
        private = await bot.send(900, "/revoke")
    there = [c for c in calls if c.method == "sendMessage"]
    assert len(there) == 4 and all("私聊" in c.text and not c.buttons() for c in there), \
        [c.text for c in there]
    assert not any("志愿者（" in label for c in there for label, _ in c.buttons())
    assert not any(c.chat_id not in (OTHER, LINKED) for c in calls)  # nobody was told
    assert volunteer_areas(repo.person_by_telegram(5001)) == []  # nothing was changed
    assert volunteer_areas(repo.person_by_telegram(101)) == ["east"]
    assert any("甲志愿者" in label for label, _ in private[-1].buttons())  # privately: as before
