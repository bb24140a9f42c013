"""After /seat, the admin is asked whether the area is now managed by its committee:
once the elected of 西小区 (社区托管) held their role, nothing said its page still read
社区托管 under a committee just seated; the admin had to remember /mode and its words.
Now the "done" message asks, with a button that opens /mode's summary (the election
cited, its reason and the committee's name filled in); nothing changes until she
records it there. An area already managed by its committee (换届) is not asked."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import close_when_due, confirmed_resident, pid

ADMIN = 900


def _elected(repo, area="west", volunteer=103, homes=("c2/1/1/101", "c2/1/1/102")):
    voters = [confirmed_resident(repo, 7001 + n, home, volunteer)
              for n, home in enumerate(homes)]
    e = repo.open_election(pid(repo, volunteer), area, title="第一届物管会选举", seats=1,
                           candidates=["候选人甲（退休教师）", "候选人乙（楼长）"],
                           deadline="2025-01-20")
    for voter in voters:
        repo.cast_ballot(voter, e.id, [1])
    close_when_due(repo, e.id, pid(repo, volunteer))
    return e.id


async def test_seating_asks_to_record_the_committee_and_only_a_press_records_it(repo):
    _id = _elected(repo)
    async with BotHarness(repo) as bot:
        await bot.send(ADMIN, f"/seat {_id} 7001")
        done = await bot.press(ADMIN, f"seat:ok:{_id}")
        assert "1 位当选人已在西小区任职" in done[-1].text
        assert "西小区现在登记的管理方式还是“社区托管”" in done[-1].text
        assert f"/mode west 物管会 #{_id}" in done[-1].text
        assert repo.mode_history("west")[-1]["mode"] == "trusteeship"  # asked, not changed
        _, buttons = bot.current_buttons(ADMIN)
        assert buttons[0] == ("📋 记录：改由物管会管理", f"mode:from:{_id}")
        summary = await bot.press(ADMIN, f"mode:from:{_id}")
        text = summary[-1].text
        assert "社区托管 → 物管会" in text and f"#{_id}" in text
        assert "管理主体：西社区党委 → 西小区物管会" in text
        assert repo.mode_history("west")[-1]["mode"] == "trusteeship"  # still: not recorded
        await bot.press_label(ADMIN, "记录这一变化")
        again = await bot.press(ADMIN, f"mode:from:{_id}")  # the old button once more
    event = repo.mode_history("west")[-1]
    assert event["mode"] == "committee" and event["decided_by"] == _id
    assert event["steward"] == "西小区物管会" and f"选举 #{_id}" in event["reason"]
    assert "已经登记为由“物管会”管理" in again[-1].text


async def test_a_committee_seated_in_an_area_its_committee_runs_is_not_asked(repo):
    _id = _elected(repo, "east", 101, ("c1/1/1/101", "c1/1/1/102", "c1/1/1/201"))
    async with BotHarness(repo) as bot:
        await bot.send(ADMIN, f"/seat {_id} 7001")
        done = await bot.press(ADMIN, f"seat:ok:{_id}")
    assert "已在东小区任职" in done[-1].text and "管理方式" not in done[-1].text


async def test_the_button_is_the_admins_alone(repo):
    _id = _elected(repo)
    async with BotHarness(repo) as bot:
        pressed = await bot.press(103, f"mode:from:{_id}")
    assert repo.mode_history("west")[-1]["mode"] == "trusteeship"
    assert pressed and "管理员" in pressed[-1].text
