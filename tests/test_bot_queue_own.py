"""The approval queue as a busy volunteer meets it (volunteers' week trial): /pending
does not offer a volunteer Approve buttons on what they recorded themselves and may
not approve (a fee they booked, their minutes), it names those as waiting for
another volunteer; /approve of many numbers answers once, not once per number."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status


def booked_fee(repo, volunteer_tid=101, room="101"):
    """A fee a volunteer collected door to door: another volunteer approves it."""
    return repo.submit(pid(repo, volunteer_tid), Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": "2025", "amount_fen": 12000,
        "household": f"c1/1/1/{room}"})


def report(repo, tid=5001, text="路灯坏了"):
    return repo.submit(pid(repo, tid), Kind.ISSUE, "east",
                       {"category": "lighting", "text": text})


async def test_pending_names_what_the_volunteer_recorded_without_buttons_of_theirs(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    mine, theirs = booked_fee(repo), report(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, "/pending")
        buttons = [data for c in calls for _, data in c.buttons()]
        assert f"q:a:{mine.id}" not in buttons and f"q:a:{theirs.id}" in buttons
        assert calls[0].text == "共有 1 条待审核，按时间先后排列："
        assert f"您记录的 #{mine.id} 需由另一位志愿者审核" in calls[-1].text
        # the other volunteer's queue has it, with its buttons
        other = await bot.send(102, "/pending")
        assert f"q:a:{mine.id}" in [data for c in other for _, data in c.buttons()]
        assert not any("您记录的" in c.text for c in other)
    assert repo.entry(mine.id).status == Status.PENDING


async def test_pending_with_only_the_volunteers_own_minutes_says_nothing_is_theirs(repo):
    minutes = repo.record_meeting(pid(repo, 101), "east", meeting_kind="council",
                                  date="2025-01-01", place="活动室", roles=["物管会主任"],
                                  residents=3, topics="清运", decisions="每周两次")
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, "/pending")
    assert len(calls) == 1 and not calls[0].buttons()
    assert calls[0].text == (f"目前没有需要您审核的内容。\n您记录的 #{minutes.id} "
                             "需由另一位志愿者审核，不在您的审核列表中。")


async def test_approving_many_numbers_answers_once_for_them_all(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    reports = [report(repo, text=f"第{i}件") for i in range(5)]
    ids = [e.id for e in reports]
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, "/approve " + " ".join(map(str, ids)))
    told = [c.text for c in calls if c.chat_id == 102 and c.method == "sendMessage"]
    assert told == ["已通过 5 条：" + ", ".join(f"#{i}" for i in ids) + "。"]
    assert all(repo.entry(i).status == Status.APPROVED for i in ids)


async def test_approving_many_numbers_still_says_why_one_was_not_approved(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    first, second = report(repo, text="一"), report(repo, text="二")
    mine = booked_fee(repo, 102)
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, f"/approve {first.id} {mine.id} {second.id}")
    told = [c.text for c in calls if c.chat_id == 102 and c.method == "sendMessage"]
    assert told[0] == "收支记录必须由另一位志愿者审核。"
    assert told[-1] == f"已通过 2 条：#{first.id}, #{second.id}。"
    assert repo.entry(mine.id).status == Status.PENDING


async def test_a_volunteer_acting_again_on_what_they_decided_is_told_it_was_them(repo):
    """In the trial a volunteer pressed an old copy of a fee she had rejected and read
    that it was "already dealt with by 物管会委员乙 周桂兰", her own name."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry = report(repo)
    async with BotHarness(repo) as bot:
        await bot.send(102, f"/reject {entry.id} 重复了，已经有人报过")
        again = await bot.press(102, f"q:a:{entry.id}")
        other = await bot.press(101, f"q:a:{entry.id}")
    [mine] = [c.text for c in again if c.chat_id == 102 and c.method == "sendMessage"]
    assert mine == f"#{entry.id} 您已经处理过了，现在是“已驳回”。这次没有做任何改动。"
    [theirs] = [c.text for c in other if c.chat_id == 101 and c.method == "sendMessage"]
    assert theirs.startswith(f"#{entry.id} 已由物管会委员乙 乙志愿者处理过了"), theirs
    assert repo.entry(entry.id).status == Status.REJECTED
