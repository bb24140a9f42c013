"""A volunteer (no resident of the street) types or forwards a resident's complaint
straight into the chat between other things: it got the menu's greeting alone
(您好！请使用下方菜单…), nothing said of the words, and she thought it passed on
(found trying the real ``steward run``). She is told it was not kept, nor passed to
anyone, and that /proxy reports it for the household."""

from __future__ import annotations

import time

from bot_harness import BotHarness

VOLUNTEER = 101  # of 东小区, living in no household of the street
COMPLAINT = "3号楼下水道堵了，味道很大"


def told(calls):
    return "\n".join(c.text for c in calls if c.chat_id == VOLUNTEER and c.text)


async def test_a_complaint_a_volunteer_types_is_said_not_kept_with_the_way_to_report_it(repo):
    async with BotHarness(repo) as bot:
        typed = await bot.send(VOLUNTEER, COMPLAINT)
        hello = await bot.send(VOLUNTEER, "你好")
    assert "您写的这段话没有保存，也没有交给任何人" in told(typed), told(typed)
    assert "/proxy" in told(typed)
    assert "没有保存" not in told(hello)


async def test_a_complaint_a_volunteer_forwards_is_said_not_kept(repo):
    origin = {"type": "user", "date": int(time.time()) - 60,
              "sender_user": {"id": 7001, "is_bot": False, "first_name": "王秀兰"}}
    async with BotHarness(repo) as bot:
        calls = await bot._feed({"message": bot._message(VOLUNTEER, text=COMPLAINT,
                                                         forward_origin=origin)})
    assert "您转发的这条消息没有保存" in told(calls), told(calls)
    assert "/proxy" in told(calls)


async def test_a_message_a_resident_forwards_is_not_called_hers(repo):
    """A resident forwarding a neighbour's message read 您刚才写的这段话… of words she did
    not write; now it says the message she forwarded, and that a press sends it as hers."""
    from conftest import confirmed_resident

    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    origin = {"type": "user", "date": int(time.time()) - 60,
              "sender_user": {"id": 7002, "is_bot": False, "first_name": "邻居"}}
    async with BotHarness(repo) as bot:
        calls = await bot._feed({"message": bot._message(7001, text=COMPLAINT,
                                                         forward_origin=origin)})
    text = [c.text for c in calls if c.chat_id == 7001][-1]
    assert text.startswith("您转发的这条消息先替您留着，还没有交给志愿者"), text
    assert "您刚才写的" not in text, text
    assert [d for c in calls for _, d in c.buttons() if ":said" in d]
