"""A retired resident without the bot told her grid worker at the door that the stairway
light was out; the grid worker recorded it for her household (/proxy), and it was fixed.
Later she registered and asked 我的, and typed 我报的楼道灯修好了吗: 我的 listed only her
registration, and the typed question was offered to be sent again as a new report. Now
我的 lists the reports recorded for her household (or that she follows) with where each
stands, and the question is answered with 我的."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import CONSENT_VERSION, confirmed_resident, pid

from db.entries import Kind, Status
from db.proxy import for_household

HOME, LATER = "c1/1/1/201", 5009


async def test_a_report_recorded_at_her_door_before_she_registered_is_under_mine(repo):
    issue = repo.submit_for(pid(repo, 102), HOME, Kind.ISSUE,
                            {"category": "lighting", "text": "2单元楼道灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    repo.issue_step(issue.id, pid(repo, 101), Status.IN_PROGRESS, "已联系电工")
    confirmed_resident(repo, LATER, HOME, 101)  # she registers afterwards
    async with BotHarness(repo) as bot:
        mine = await bot.send(LATER, "我的")
        asked = await bot.send(LATER, "我报的楼道灯修好了吗")
    for said in (mine[-1].text, asked[-1].text):
        assert "志愿者为您家代办、或您关注的报事：" in said
        assert f"#{issue.id}（处理中）：2单元楼道灯坏了" in said
    assert "作为报事提交" not in " ".join(label for label, _ in asked[-1].buttons())


async def test_a_report_recorded_at_her_door_and_fixed_before_she_registered_is_under_mine(
        repo):
    """The stairway light was fixed before she registered: 我的 listed only her
    registration (it looked among the reports still open). Now the reports recorded for
    her household are found whatever became of them; one that was not approved, never."""
    fixed = repo.submit_for(pid(repo, 102), HOME, Kind.ISSUE,
                            {"category": "lighting", "text": "2单元楼道灯坏了"})
    repo.approve(fixed.id, pid(repo, 101))
    repo.issue_step(fixed.id, pid(repo, 101), Status.RESOLVED, "换了新灯泡")
    closed = repo.submit_for(pid(repo, 102), HOME, Kind.ISSUE,
                             {"category": "other", "text": "门口的树挡光"})
    repo.approve(closed.id, pid(repo, 101))
    repo.issue_step(closed.id, pid(repo, 101), Status.CLOSED, "是公共绿地，不能砍",
                    close_reason="no_action")
    rejected = repo.submit_for(pid(repo, 102), HOME, Kind.ISSUE,
                               {"category": "other", "text": "对门老张家天天吵到半夜"})
    repo.reject(rejected.id, pid(repo, 101), "涉及邻里私事")
    confirmed_resident(repo, LATER, HOME, 101)  # she registers afterwards
    async with BotHarness(repo) as bot:
        mine = await bot.send(LATER, "我的")
    said = mine[-1].text
    assert "志愿者为您家代办、或您关注的报事：" in said
    assert f"#{fixed.id}（已解决）：2单元楼道灯坏了" in said
    assert f"#{closed.id}（已关闭）：门口的树挡光" in said
    assert f"#{rejected.id}" not in said and "老张" not in said


async def test_another_households_report_is_not_under_mine(repo):
    other = repo.submit_for(pid(repo, 102), "c1/1/1/102", Kind.ISSUE,
                            {"category": "lighting", "text": "1单元楼道灯坏了"})
    person = confirmed_resident(repo, LATER, HOME, 101)
    async with BotHarness(repo) as bot:
        mine = await bot.send(LATER, "我的")
    assert f"#{other.id}" not in mine[-1].text
    assert for_household(repo.entries(kind=Kind.ISSUE), repo.person(person)) == []


async def test_once_confirmed_she_follows_the_open_reports_recorded_for_her_household(repo):
    """Recorded at her door before she registered, a report's progress reached only the
    household's residents then registered: none. Confirmed later, she follows it now and
    hears of it; a report closed before, or not public, is not followed."""
    issue = repo.submit_for(pid(repo, 102), HOME, Kind.ISSUE,
                            {"category": "lighting", "text": "2单元楼道灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    done = repo.submit_for(pid(repo, 102), HOME, Kind.ISSUE,
                           {"category": "sanitation", "text": "门口垃圾没人清"})
    repo.approve(done.id, pid(repo, 101))
    repo.issue_step(done.id, pid(repo, 101), Status.RESOLVED, "已清走")
    unchecked = repo.submit_for(pid(repo, 102), HOME, Kind.ISSUE,  # not public: not hers
                                {"category": "other", "text": "对门老张家天天吵到半夜"})
    registration = repo.register(pid(repo, LATER), HOME, consent=CONSENT_VERSION)
    async with BotHarness(repo) as bot:
        confirmed = await bot.press(101, f"q:a:{registration.id}")
        told = [c.text for c in confirmed if c.chat_id == LATER]
        assert any(f"您登记之前，志愿者为您家代办过报事：#{issue.id} 2单元楼道灯坏了" in x
                   for x in told), told
        assert not any(f"#{done.id}" in x or f"#{unchecked.id}" in x for x in told)
        assert repo.followers(unchecked.id) == []
        assert repo.followers(issue.id) == [pid(repo, LATER)]
        fixed = await bot.send(101, f"/resolve {issue.id} 换了新灯泡")
    assert any(c.chat_id == LATER and "换了新灯泡" in c.text for c in fixed)


async def test_a_report_recorded_for_her_home_before_she_came_is_hers_only_once_public(repo):
    """Someone who lived there before her told the grid worker something that was not
    approved (or still waits): the newcomer does not read it under 我的."""
    waiting = repo.submit_for(pid(repo, 102), HOME, Kind.ISSUE,
                              {"category": "lighting", "text": "对门老张家天天吵到半夜"})
    rejected = repo.submit_for(pid(repo, 102), HOME, Kind.ISSUE,
                               {"category": "lighting", "text": "楼上王家漏水不管"})
    repo.reject(rejected.id, pid(repo, 101), "涉及邻里私事")
    person = confirmed_resident(repo, LATER, HOME, 101)
    async with BotHarness(repo) as bot:
        mine = await bot.send(LATER, "我的")
    for hidden in (waiting, rejected):
        assert f"#{hidden.id}" not in mine[-1].text
    assert for_household(repo.entries(kind=Kind.ISSUE), repo.person(person)) == []
    repo.approve(waiting.id, pid(repo, 101))  # once public, it is hers to follow too
    assert [e.id for e in for_household(repo.entries(kind=Kind.ISSUE),
                                        repo.person(person))] == [waiting.id]


async def test_a_step_on_a_report_for_a_household_without_the_bot_says_to_tell_them(repo):
    """A grid worker resolved a report she recorded at the door of a household with no
    one on the bot and read only 报事 #533 已标记为已解决，说明已保存: nothing said nobody
    had heard of it. Now she is asked to tell them in person; not once a resident of the
    household has the bot (she is told by the bot)."""
    issue = repo.submit_for(pid(repo, 102), HOME, Kind.ISSUE,
                            {"category": "septic", "text": "厨房下水堵了"})
    repo.approve(issue.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        fixed = await bot.send(102, f"/progress {issue.id} 师傅明天来疏通")
        assert "这是为 东小区 1号楼 1单元 201 代办的，这一户没有人用机器人，没有人收到通知：" \
               "请当面告诉他们。" in fixed[-1].text
        confirmed_resident(repo, LATER, HOME, 101)
        done = await bot.send(102, f"/resolve {issue.id} 疏通好了")
    assert "当面告诉" not in done[-1].text


async def test_a_report_recorded_while_her_registration_waited_is_followed_once_approved(repo):
    """A grid worker recorded a report at her door (/proxy) while her registration
    waited; she was confirmed before the report was approved, so at her confirmation it
    was not public (not hers to follow), and at its approval nobody made her follow it:
    its resolution never reached her. Now its approval makes her follow it, and says so."""
    registration = repo.register(pid(repo, LATER), HOME, consent=CONSENT_VERSION)
    issue = repo.submit_for(pid(repo, 102), HOME, Kind.ISSUE,
                            {"category": "lighting", "text": "2单元楼道灯坏了"})
    async with BotHarness(repo) as bot:
        confirmed = await bot.press(101, f"q:a:{registration.id}")
        assert not any(c.chat_id == LATER and f"#{issue.id}" in c.text for c in confirmed)
        approved = await bot.press(101, f"q:a:{issue.id}")
        told = [c.text for c in approved if c.chat_id == LATER]
        assert any(f"#{issue.id} 2单元楼道灯坏了" in x and "已审核公开" in x for x in told), told
        assert len(told) == 1  # not also 您关注的报事已审核通过
        assert repo.followers(issue.id) == [pid(repo, LATER)]
        fixed = await bot.send(101, f"/resolve {issue.id} 换了新灯泡")
    assert any(c.chat_id == LATER and "换了新灯泡" in c.text for c in fixed)


async def test_confirmed_in_the_second_the_report_was_recorded_she_follows_it_too(repo):
    """Timestamps are to the second: a grid worker who records the report and confirms
    her at once (steward chat does both in one second) left her out."""
    from datetime import timedelta

    registration = repo.register(pid(repo, LATER), HOME, consent=CONSENT_VERSION)
    repo.clock.step = timedelta(0)  # everything below in one second
    issue = repo.submit_for(pid(repo, 102), HOME, Kind.ISSUE,
                            {"category": "lighting", "text": "2单元楼道灯坏了"})
    async with BotHarness(repo) as bot:
        await bot.press(101, f"q:a:{registration.id}")
        approved = await bot.press(101, f"q:a:{issue.id}")
    assert any(c.chat_id == LATER and f"#{issue.id}" in c.text for c in approved)
    assert repo.followers(issue.id) == [pid(repo, LATER)]


async def test_at_approval_a_resident_who_stopped_following_is_not_made_to_again(repo):
    """She was confirmed when the report was recorded (so she followed it) and pressed
    🔕: its approval leaves her choice as it is."""
    confirmed_resident(repo, LATER, HOME, 101)
    issue = repo.submit_for(pid(repo, 102), HOME, Kind.ISSUE,
                            {"category": "lighting", "text": "2单元楼道灯坏了"})
    repo.follow(issue.id, pid(repo, LATER), False)
    async with BotHarness(repo) as bot:
        approved = await bot.press(101, f"q:a:{issue.id}")
    assert not any(c.chat_id == LATER for c in approved)
    assert repo.followers(issue.id) == []


async def test_a_report_rejected_is_never_followed_by_a_resident_confirmed_later(repo):
    registration = repo.register(pid(repo, LATER), HOME, consent=CONSENT_VERSION)
    issue = repo.submit_for(pid(repo, 102), HOME, Kind.ISSUE,  # what someone before said
                            {"category": "other", "text": "对门老张家天天吵到半夜"})
    async with BotHarness(repo) as bot:
        await bot.press(101, f"q:a:{registration.id}")
        rejected = await bot.send(101, f"/reject {issue.id} 邻里矛盾请当面调解")
    assert not any(c.chat_id == LATER and "老张" in c.text for c in rejected)
    assert repo.followers(issue.id) == []
