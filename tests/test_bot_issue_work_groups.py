"""/progress, /resolve and /close in a group that is not the area's linked volunteers'
group: typed without their arguments they listed the open reports' words as typed (未结
的报事：#2 张大爷家3单元402门口路灯坏了…, a name and a room the site masks) for anyone in
that group; /progress N alone said the report's words, and a pending report's words (not
public at all) came with its approve buttons. Now the list is said to be in a private
chat or the area's group, the report's words read as the site reads them, and a pending
report is not shown. A private chat still lists them as typed; the area's linked
volunteers' group, which may hold anyone too (bot.group_post), as the site reads them."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

LINKED, OTHER = -500, -700
WORDS = "张大爷家3单元402门口路灯坏了"  # the name and the room: masked on the site


def _open_report(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    repo.ensure_person(5002, name="张大爷")  # a name the street knows: masked on the site
    entry = repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                        {"category": "lighting", "text": WORDS})
    repo.approve(entry.id, pid(repo, 101))
    return entry


def _said(calls, chat):
    return "\n".join(c.text for c in calls if c.chat_id == chat and c.method == "sendMessage")


@pytest.mark.parametrize("command", ["/progress", "/resolve", "/close"])
async def test_a_usage_in_another_group_lists_no_report_and_says_where(repo, command):
    entry = _open_report(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/linkgroup east", chat_id=LINKED)
        other = _said(await bot.send(102, command, chat_id=OTHER), OTHER)
        linked = _said(await bot.send(102, command, chat_id=LINKED), LINKED)
        private = _said(await bot.send(102, command), 102)
    assert f"#{entry.id}" not in other and "402" not in other and "张大爷" not in other, other
    assert "私聊" in other and "志愿者群" in other, other
    assert f"未结的报事：\n#{entry.id} 张大爷家3单元402" in private, private
    # the area's volunteers' group may hold anyone too: the words as the site reads them
    assert f"未结的报事：\n#{entry.id} " in linked and "张大爷" not in linked, linked
    assert "402" not in linked, linked


async def test_in_the_linked_group_a_report_and_a_pending_ones_words_read_as_the_site(repo):
    entry = _open_report(repo)
    waiting = repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                          {"category": "lighting", "text": "3单元402门口漏水 13812345678"})
    async with BotHarness(repo) as bot:
        await bot.send(101, "/linkgroup east", chat_id=LINKED)
        number = _said(await bot.send(102, f"/progress {entry.id}", chat_id=LINKED), LINKED)
        pending = _said(await bot.send(102, f"/progress {waiting.id} 已联系", chat_id=LINKED),
                        LINKED)
    assert f"#{entry.id}" in number and "张大爷" not in number and "402" not in number, number
    assert f"#{waiting.id}" in pending and "402" not in pending, pending
    assert "1381234" not in pending, pending


async def test_a_number_without_its_note_in_another_group_reads_the_report_as_the_site(repo):
    entry = _open_report(repo)
    async with BotHarness(repo) as bot:
        other = _said(await bot.send(102, f"/progress {entry.id}", chat_id=OTHER), OTHER)
        private = _said(await bot.send(102, f"/progress {entry.id}"), 102)
    assert f"#{entry.id}" in other and "张大爷" not in other and "402" not in other, other
    assert "路灯坏了" in other or "…" in other, other
    assert "张大爷家3单元402" in private, private


async def test_a_step_on_a_pending_report_in_another_group_shows_neither_words_nor_buttons(
        repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry = repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                        {"category": "lighting", "text": WORDS})
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, f"/progress {entry.id} 已联系电工", chat_id=OTHER)
        typed = await bot.send(102, f"/resolve {entry.id}", chat_id=OTHER)
        private = await bot.send(102, f"/progress {entry.id} 已联系电工")
    for said in (calls, typed):
        there = [c for c in said if c.chat_id == OTHER and c.method == "sendMessage"]
        assert there and all("路灯" not in c.text and not c.buttons() for c in there), there
        assert "等待审核" in there[-1].text and "私聊" in there[-1].text
    [mine] = [c for c in private if c.chat_id == 102 and c.method == "sendMessage"]
    assert WORDS[:10] in mine.text and mine.buttons()  # her own chat: with the buttons
