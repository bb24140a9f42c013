"""Followers of a report: a neighbour who presses "me too" follows it and hears
of its progress, resolution and reopening, with a button to stop; the author
hears as before. Only residents and volunteers of the issue's area may follow;
forged buttons change nothing."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind
from db.errors import DomainError

AUTHOR, NEIGHBOUR, WEST = 7001, 7002, 7003


def approved_issue(repo, text="1号楼门口的路灯坏了"):
    entry = repo.submit(pid(repo, AUTHOR), Kind.ISSUE, "east",
                        {"category": "lighting", "text": text})
    return repo.approve(entry.id, pid(repo, 101))


@pytest.fixture
def street(repo):
    confirmed_resident(repo, AUTHOR, "c1/1/1/101", 101)
    confirmed_resident(repo, NEIGHBOUR, "c1/1/1/102", 101)
    confirmed_resident(repo, WEST, "c2/1/1/101", 103)
    return repo


def test_me_too_follows_and_follow_can_be_stopped_and_started(street):
    repo = street
    issue = approved_issue(repo)
    me = pid(repo, NEIGHBOUR)
    repo.me_too(issue.id, me)
    assert repo.followers(issue.id) == [me]
    _, changed = repo.follow(issue.id, me, False)
    assert changed and repo.followers(issue.id) == []
    assert repo.entry(issue.id).data["me_too"] == [me]  # the support still counts
    _, changed = repo.follow(issue.id, me, True)
    assert changed and repo.followers(issue.id) == [me]
    assert repo.follow(issue.id, me, True)[1] is False  # twice changes nothing


@pytest.mark.parametrize("who", [WEST, 103])  # a resident, a volunteer of another area
def test_only_people_of_the_area_may_follow(street, who):
    issue = approved_issue(street)
    with pytest.raises(DomainError):
        street.follow(issue.id, pid(street, who))
    assert street.followers(issue.id) == []


def test_an_admin_may_follow_and_anyone_may_stop(street):
    issue = approved_issue(street)
    admin = pid(street, 900)
    street.follow(issue.id, admin)
    assert street.followers(issue.id) == [admin]
    assert street.follow(issue.id, pid(street, WEST), False)[1] is False


def test_what_a_person_follows_is_in_their_own_data(street):
    issue = approved_issue(street)
    street.me_too(issue.id, pid(street, NEIGHBOUR))
    assert street.export_person(pid(street, NEIGHBOUR))["following"] == [issue.id]


async def me_too(bot, uid=NEIGHBOUR):
    await bot.send(uid, "/report")
    await bot.press(uid, "rep:cat:lighting")
    calls = await bot.send(uid, "路灯坏了，门口很黑")
    data = next(d for c in reversed(calls) for _, d in c.buttons() if d.startswith("rep:me:"))
    return await bot.press(uid, data)


async def test_me_too_thanks_first_then_says_she_follows_the_report(street):
    """我也遇到 read 您已关注 #535 before 谢谢…已为 #535 加上您的“我也遇到” (found in a
    resident's trial): the thanks come first, then the following, its button under it."""
    issue = approved_issue(street)
    async with BotHarness(street) as bot:
        calls = await me_too(bot)
    sent = [c for c in calls if c.chat_id == NEIGHBOUR and c.method == "sendMessage"]
    assert [("加上您的“我也遇到”" in c.text, "您已关注" in c.text) for c in sent] == \
        [(True, False), (False, True)], [c.text for c in sent]
    assert sent[-1].buttons() == [(f"🔕 不再关注 #{issue.id}", f"fol:off:{issue.id}")]


async def test_a_neighbour_who_pressed_me_too_hears_progress_resolution_and_reopening(street):
    repo = street
    issue = approved_issue(repo)
    async with BotHarness(repo) as bot:
        calls = await me_too(bot)
        assert any("关注" in c.text and (f"🔕 不再关注 #{issue.id}", f"fol:off:{issue.id}")
                   in c.buttons() for c in calls)
        calls = await bot.send(102, f"/progress {issue.id} 已联系电工，周五来换灯")
        told = [c for c in calls if c.chat_id == NEIGHBOUR]
        assert told and "周五来换灯" in told[0].text and f"#{issue.id}" in told[0].text
        assert told[0].buttons() == [(f"🔕 不再关注 #{issue.id}", f"fol:off:{issue.id}")]
        assert any(c.chat_id == AUTHOR for c in calls)  # the author as before
        assert "1 位邻居" in calls[-1].text
        calls = await bot.send(102, f"/resolve {issue.id} 已换成LED路灯")
        assert any(c.chat_id == NEIGHBOUR and "已解决" in c.text for c in calls)
        await bot.press(AUTHOR, f"mine:reopen:{issue.id}")
        calls = await bot.press(AUTHOR, f"mine:reopen_yes:{issue.id}")
        assert any(c.chat_id == NEIGHBOUR and "重新处理" in c.text for c in calls)


async def test_stop_following_stops_the_messages_and_follow_again_restarts_them(street):
    repo = street
    issue = approved_issue(repo)
    async with BotHarness(repo) as bot:
        await me_too(bot)
        calls = await bot.press(NEIGHBOUR, f"fol:off:{issue.id}")
        assert "不再关注" in calls[-1].text
        assert calls[-1].buttons() == [(f"🔔 重新关注 #{issue.id}", f"fol:on:{issue.id}")]
        calls = await bot.send(102, f"/progress {issue.id} 已联系电工")
        assert not any(c.chat_id == NEIGHBOUR for c in calls)
        await bot.press(NEIGHBOUR, f"fol:on:{issue.id}")
        calls = await bot.send(102, f"/resolve {issue.id} 修好了")
        assert any(c.chat_id == NEIGHBOUR for c in calls)


@pytest.mark.parametrize("who", [WEST, 103])
async def test_a_forged_follow_button_from_another_area_changes_nothing(street, who):
    issue = approved_issue(street)
    async with BotHarness(street) as bot:
        pressed = await bot.press(who, f"fol:on:{issue.id}")
        for forged in ("fol:on:x", "fol:up:1", f"fol:on:{issue.id}:9", "fol:on:99999"):
            await bot.press(who, forged)
    assert street.followers(issue.id) == []
    assert "登记" not in pressed[-1].text  # told it is another area's, not to register


async def test_a_follower_reads_the_note_as_the_site_shows_it(street):
    """A volunteer's note names the flat and the person it is about ("302室王秀兰家"):
    the site masks both, but the neighbours following the report were sent it as typed."""
    repo = street
    repo.ensure_person(7009, name="王秀兰")  # someone the street knows by that name
    issue = approved_issue(repo)
    async with BotHarness(repo) as bot:
        await me_too(bot)
        calls = await bot.send(102, f"/progress {issue.id} 已联系电工，先修502室王秀兰家门口那盏")
    told = "\n".join(c.text for c in calls if c.chat_id == NEIGHBOUR)
    assert f"#{issue.id}" in told and "已联系电工" in told, told
    assert "王秀兰" not in told and "502" not in told, told
