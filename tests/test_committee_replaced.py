"""A new committee elected (换届) replaces the one sitting: /seat names the members of
the earlier committee not elected again and asks whether their role ends, in the same
write as the elected take theirs, or stays (a by-election, 补选). Before, the three
members seated after 城建小区's first election kept 物管会委员 and their approval
buttons after a second election seated a new member, and the admin was not asked
(steward demo, then a second /election, /paper ballots and /seat)."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, past_deadline, pid
from test_site_helpers import make_project

from db.errors import DomainError
from db.people import volunteer_areas
from site_builder import build_site

ADMIN = 900


def _elect(repo, title, deadline, backers):
    e = repo.open_election(pid(repo, 101), "east", title=title, seats=1,
                           candidates=["候选人甲（退休教师）", "候选人乙（楼长）"],
                           deadline=deadline)
    for n, room in enumerate(("101", "102", "201")):
        repo.cast_ballot(confirmed_resident(repo, 7100 + n, f"c1/1/1/{room}", 101), e.id,
                         [backers])
    past_deadline(repo, e.id)
    repo.close_overdue()
    return e


@pytest.fixture
def second(repo):
    """east's first election seated 8001; a second one elected since, not yet seated."""
    first = _elect(repo, "第一届物管会选举", "2025-01-02", 1)
    repo.seat_elected(pid(repo, ADMIN), first.id, [8001])
    return _elect(repo, "第二届物管会选举", "2025-01-05", 2)


def _volunteer(repo, tid):
    return "east" in volunteer_areas(repo.person_by_telegram(tid))


def test_seating_a_new_committee_ends_the_former_members_role_in_the_same_write(repo, second):
    # 乙志愿者 (102) of the street file is a 物管会委员 too; 101, its 物管会主任, is not one
    assert [p["telegram_id"] for p in repo.sitting_members(second.id)] == [102, 8001]
    with pytest.raises(DomainError):  # only a sitting member not elected again leaves
        repo.seat_elected(pid(repo, ADMIN), second.id, [8002], retire=[101])
    with pytest.raises(DomainError):
        repo.seat_elected(pid(repo, ADMIN), second.id, [8001], retire=[8001])
    assert not _volunteer(repo, 8002) and _volunteer(repo, 8001)  # nothing written
    repo.seat_elected(pid(repo, ADMIN), second.id, [8002], retire=[8001])
    assert _volunteer(repo, 8002) and not _volunteer(repo, 8001)
    assert [p["telegram_id"] for p in repo.sitting_members(second.id)] == [102, 8002]
    assert _volunteer(repo, 101) and _volunteer(repo, 102)


async def test_seat_asks_whether_the_former_members_role_ends_and_tells_them(repo, second):
    async with BotHarness(repo) as bot:
        asked = await bot.send(ADMIN, f"/seat {second.id} 8002")
        said = asked[-1].text
        assert "现有 2 位物管会委员不在" in said and "物管会委员丁：8001" in said, said
        assert "物管会委员乙：102（乙志愿者）" in said, said
        labels = [label for label, _ in asked[-1].buttons()]
        assert labels == ["授予身份，上一届 2 位卸任（换届）", "授予身份，上一届保留（补选）",
                          "取消"]
        done = await bot.press_label(ADMIN, "上一届 2 位卸任")
    assert _volunteer(repo, 8002) and not _volunteer(repo, 8001)
    assert not _volunteer(repo, 102) and _volunteer(repo, 101)
    assert any(c.chat_id == 8001 and "不再担任" in c.text for c in done), done
    number = next(p["id"] for p in repo.people() if p.get("telegram_id") == 8001)
    # by number (no name registered), never the Telegram id (bot.handlers.roles.known_as)
    assert any(c.chat_id == ADMIN and f"#{number} 不再是东小区的志愿者" in c.text for c in done)


async def test_a_by_election_keeps_the_sitting_members(repo, second):
    async with BotHarness(repo) as bot:
        await bot.send(ADMIN, f"/seat {second.id} 8002")
        done = await bot.press_label(ADMIN, "上一届保留")
    assert _volunteer(repo, 8002) and _volunteer(repo, 8001)
    assert not any(c.chat_id == 8001 for c in done)


async def test_a_forged_press_to_end_roles_with_nobody_else_sitting_does_nothing(repo):
    first = _elect(repo, "第一届物管会选举", "2025-01-02", 1)
    async with BotHarness(repo) as bot:
        asked = await bot.send(ADMIN, f"/seat {first.id} 102")  # the member, elected again
        assert "卸任" not in str(asked[-1].buttons())
        await bot.press(ADMIN, f"seat:re:{first.id}")
    assert not repo.entry(first.id).data["election"].get("seated")
    assert _volunteer(repo, 102)


def test_the_site_says_the_former_members_left_when_the_new_took_their_role(
        repo, second, tmp_path):
    repo.seat_elected(pid(repo, ADMIN), second.id, [8002], retire=[102, 8001])
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    votes = (project / "content/areas/east/votes.md").read_text("utf-8")
    assert "授予“物管会委员”身份；上一届未再当选的 2 位同时卸任。" in votes, votes
    assert "8001" not in votes


async def test_a_second_press_of_end_their_role_does_nothing_more(repo, second):
    async with BotHarness(repo) as bot:
        await bot.send(ADMIN, f"/seat {second.id} 8002")
        first = await bot.press(ADMIN, f"seat:re:{second.id}")
        again = await bot.press(ADMIN, f"seat:re:{second.id}")  # a double tap
    assert any(c.chat_id == 8001 for c in first)
    assert not any(c.chat_id in (8001, 8002, 102) for c in again), again
    assert _volunteer(repo, 8002) and not _volunteer(repo, 8001)
