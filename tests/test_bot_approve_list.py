"""/approve with several numbers as a volunteer types them on a phone: 12,13 or
12，13 or 12、13 (a Chinese keyboard's comma and 顿号) approve both, as 12 13 does;
a number typed twice is approved once and not answered as "already dealt with"."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status


def _issues(repo, n):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    return [repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                        {"category": "lighting", "text": f"路灯坏了{i}"}) for i in range(n)]


async def test_approve_takes_numbers_separated_by_commas_or_dun_hao(repo):
    one, two, three, four = _issues(repo, 4)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"/approve {one.id},{two.id}")
        more = await bot.send(101, f"/approve {three.id}、#{four.id}")
    for entry in (one, two, three, four):
        assert repo.entry(entry.id).status == Status.APPROVED
    assert f"#{one.id}, #{two.id}" in calls[-1].text and "用法" not in calls[-1].text
    assert f"#{three.id}, #{four.id}" in more[-1].text


async def test_approve_with_a_chinese_comma_and_spaces(repo):
    one, two = _issues(repo, 2)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"/approve {one.id}， {two.id}")
    assert repo.entry(one.id).status == Status.APPROVED
    assert repo.entry(two.id).status == Status.APPROVED
    assert "用法" not in calls[-1].text


async def test_a_number_typed_twice_is_approved_once_without_already_dealt_with(repo):
    one, two = _issues(repo, 2)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"/approve {one.id} {one.id} {two.id}")
    texts = [c.text for c in calls if c.chat_id == 101]
    assert not any("处理过了" in t for t in texts), texts
    assert f"#{one.id}, #{two.id}" in texts[-1]
    approvals = [h for h in repo.entry(one.id).history if h.get("to") == str(Status.APPROVED)]
    assert len(approvals) == 1


async def test_a_list_with_a_word_that_is_no_number_still_gets_the_usage(repo):
    one, _ = _issues(repo, 2)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"/approve {one.id},abc")
    assert "/approve" in calls[-1].text
    assert repo.entry(one.id).status == Status.PENDING
