"""/mydata lists the entries of others that name her or her room (PIPL art. 45).

A neighbour's report "101室王秀兰家漏水到楼下", a volunteer's note "已联系王秀兰" are
kept about her; /mydata ("everything kept about you") listed only what she sent and what
was recorded for her household, so she never saw them. Now ``db.mentions`` finds them
and /mydata (its message and its file) lists them, each by the role of who wrote it,
its words as the site shows them (her name too masked, the neighbour's never shown).
"""

from __future__ import annotations

import json

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind
from db.mentions import NAME, ROOM

HOME = "c1/1/1/101"


def _report(repo, author: int, text: str, area: str = "east", **place: str):
    return repo.submit(author, Kind.ISSUE, area, {"category": "pipes", "text": text, **place})


async def test_mydata_lists_others_entries_that_name_her_or_her_room(repo):
    repo.ensure_person(7000001, name="王秀兰")
    repo.ensure_person(7000002, name="赵丽娟")
    repo.ensure_person(7000003, name="钱多多")
    her = confirmed_resident(repo, 7000001, HOME, 101)
    neighbour = confirmed_resident(repo, 7000002, "c1/1/1/102", 101)
    west = confirmed_resident(repo, 7000003, "c2/1/1/101", 103)
    named = _report(repo, neighbour, "101室王秀兰家漏水到我家了，赵丽娟报")
    repo.approve(named.id, pid(repo, 101))
    repo.issue_step(named.id, pid(repo, 101), "in_progress", "已联系王秀兰本人")
    by_id = _report(repo, neighbour, "有事找 7000001 问")  # waiting for review
    by_room = _report(repo, neighbour, "楼上101的水管漏了", building="1", compound="c1",
                      unit="1")
    whole = _report(repo, neighbour, "1-1-101门口堆了杂物")
    other_flat = _report(repo, neighbour, "102室门口的灯坏了", building="1", compound="c1",
                         unit="1")
    other_area = _report(repo, west, "101室漏水", area="west", building="1", compound="c2",
                         unit="1")
    mine = _report(repo, her, "王秀兰报：101室漏水")  # her own: listed as hers already
    found = repo.export_person(her)["mentioned_by_others"]
    says = {m["id"]: m["says"] for m in found}
    assert says == {named.id: [NAME, ROOM], by_id.id: [NAME], by_room.id: [ROOM],
                    whole.id: [ROOM]}, says
    assert other_flat.id not in says and other_area.id not in says and mine.id not in says
    first = next(m for m in found if m["id"] == named.id)
    assert first["public"] and first["role"] == "居民"
    waiting = next(m for m in found if m["id"] == by_id.id)
    assert not waiting["public"] and "7000001" not in waiting["text"]
    kept = json.dumps(found, ensure_ascii=False)
    for never in ("赵丽娟", "王秀兰", "7000002", "7000001"):  # names, ids: masked
        assert never not in kept, never
    assert {k for m in found for k in m} == {  # who wrote it: by role only
        "id", "kind", "area", "at", "status", "public", "role", "says", "text"}
    async with BotHarness(repo) as bot:
        zh = (await bot.send(7000001, "/mydata"))[0].text
        repo.set_language(her, "en")
        en = (await bot.send(7000001, "/mydata"))[0].text
    assert "• 别人写的内容里提到您的（4 条）" in zh, zh
    assert f"#{named.id} " in zh and "提到了您的名字、房号" in zh, zh
    assert "[姓名已隐藏]家漏水" in zh or "[房号已隐藏][姓名已隐藏]家漏水" in zh, zh
    assert "赵丽娟" not in zh and "赵丽娟" not in en
    assert "• Entries by others that mention you (4)" in en, en
    assert "it says your name" in en, en
