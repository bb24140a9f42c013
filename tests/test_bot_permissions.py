"""The permission matrix: every volunteer and admin action x {resident,
stranger, volunteer of this area, volunteer of another area, admin}, through
the real Application. Refused callers get a clear reply and nothing changes;
allowed callers change the store."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import pytest
from bot_harness import BotHarness
from conftest import close_when_due, confirmed_resident, pid, settle

from db.entries import Kind, Status
from db.people import volunteer_areas

RESIDENT, STRANGER, THIS_AREA, OTHER_AREA, ADMIN = 5001, 5999, 102, 103, 900
GROUP = -700
REFUSALS = ("仅限志愿者", "只能由志愿者来做", "本小区的志愿者", "只有管理员可以")


def issue(repo, approved=False):
    entry = repo.submit(pid(repo, RESIDENT), Kind.ISSUE, "east",
                        {"category": "safety", "text": "井盖松动"})
    return repo.approve(entry.id, pid(repo, 101)) if approved else entry


def proposal(repo, passed=False):
    entry = repo.create_proposal(pid(repo, 101), "east", title="装门禁", description="",
                                 budget_fen=0, matter="everyday",
                                 deadline="2025-01-01" if passed else "2099-01-01")
    if passed:
        repo.cast_vote(pid(repo, RESIDENT), entry.id, "agree")
        close_when_due(repo, entry.id, pid(repo, 101))
    return entry


def settled(repo):
    """An open proposal whose result can no longer change: it may close early."""
    entry = proposal(repo)
    settle(repo, entry.id)
    return entry


def asked_to_close_early(repo):
    entry = settled(repo)  # asked by its other volunteer: the one acting here may confirm
    return repo.request_early_close(entry.id, pid(repo, 101), "施工方案有变")


def early_request_waiting(repo, n):
    return any(r["outcome"] == "pending" for r in repo.entry(n).data.get("early_close", []))


def published_expense(repo):
    entry = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 800, "payee": "五金店", "purpose": "螺丝", "category": "repair"})
    return repo.approve(entry.id, pid(repo, 102))


@dataclass
class Action:
    name: str
    setup: Any  # repo -> entry or None
    steps: Any  # entry id -> [("send"|"press"|"group", text)]
    done: Any  # (repo, entry id) -> bool: the action took effect
    admin_only: bool = False
    refusal: str = ""  # what a volunteer of another area is told, if not a refusal


def status(repo, eid):
    return repo.entry(eid).status


ACTIONS = [
    Action("approve", issue, lambda n: [("send", f"/approve {n}")],
           lambda r, n: status(r, n) == Status.APPROVED),
    Action("approve button", issue, lambda n: [("press", f"q:a:{n}")],
           lambda r, n: status(r, n) == Status.APPROVED),
    Action("reject", issue, lambda n: [("send", f"/reject {n} 不属实")],
           lambda r, n: status(r, n) == Status.REJECTED),
    Action("reject button", issue, lambda n: [("press", f"q:r:{n}"), ("send", "不属实")],
           lambda r, n: status(r, n) == Status.REJECTED),
    Action("progress", lambda r: issue(r, True), lambda n: [("send", f"/progress {n} 开始")],
           lambda r, n: status(r, n) == Status.IN_PROGRESS),
    Action("resolve", lambda r: issue(r, True), lambda n: [("send", f"/resolve {n} 好了")],
           lambda r, n: status(r, n) == Status.RESOLVED),
    Action("close", lambda r: issue(r, True),
           lambda n: [("send", f"/close {n} no_action 不需要")],
           lambda r, n: status(r, n) == Status.CLOSED),
    # line 1 of east, its only line; an admin says whose line 1 (east is the first area),
    # a volunteer of west only finds that west has no line 1
    Action("reverse", published_expense,
           lambda n: [("send", "/reverse 1 记错了"), ("press", "rev:area:0"),
                      ("press", "rev:ok:1")],
           lambda r, n: bool(r.entries(kind=Kind.REVERSAL)), refusal="本区账目中没有第 1 笔"),
    Action("paper", proposal, lambda n: [("send", f"/paper {n} 1/1/102 agree")],
           lambda r, n: bool(r.current_votes(n)), refusal="不是您负责的区域"),
    Action("closevote early", settled,
           lambda n: [("send", f"/closevote {n} 施工方案有变"), ("press", "cv:ok:1")],
           early_request_waiting),
    Action("confirm early close", asked_to_close_early, lambda n: [("press", f"ec:y:{n}:1")],
           lambda r, n: bool(r.entry(n).data.get("closed_early"))),
    Action("withdraw", proposal, lambda n: [("send", f"/withdraw {n} 预算写错了"),
                                            ("press", "wd:ok:1")],
           lambda r, n: status(r, n) == Status.WITHDRAWN),
    Action("stage", lambda r: proposal(r, True),
           lambda n: [("send", f"/stage {n} in_progress 开工")],
           lambda r, n: r.entry(n).data["stage"] == "in_progress"),
    Action("announce", lambda r: None, lambda n: [("send", "/announce east 停水通知"),
                                                     ("press", "an:ok:1")],
           lambda r, n: bool(r.entries(kind=Kind.ANNOUNCEMENT))),
    Action("linkgroup", lambda r: None, lambda n: [("group", "/linkgroup east")],
           lambda r, n: r.linked_group("east") == GROUP, refusal="不是您负责的区域"),
    Action("grant", lambda r: None, lambda n: [("send", "/grant 5888 volunteer east")],
           lambda r, n: volunteer_areas(r.person_by_telegram(5888)) == ["east"],
           admin_only=True),
    Action("revoke", lambda r: None, lambda n: [("send", "/revoke 101 volunteer east")],
           lambda r, n: volunteer_areas(r.person_by_telegram(101)) == [], admin_only=True),
]

ALLOWED = {RESIDENT: False, STRANGER: False, THIS_AREA: True, OTHER_AREA: False, ADMIN: True}
NAMES = {RESIDENT: "resident", STRANGER: "stranger", THIS_AREA: "volunteer_of_this_area",
         OTHER_AREA: "volunteer_of_another_area", ADMIN: "admin"}


@pytest.mark.parametrize("who", list(ALLOWED), ids=lambda w: NAMES[w])
@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a.name.replace(" ", "_"))
async def test_permission_matrix(repo, action, who, caplog):
    confirmed_resident(repo, RESIDENT, "c1/1/1/101", 101)
    entry = action.setup(repo)
    n = entry.id if entry is not None else 0
    allowed = ALLOWED[who] and (who == ADMIN or not action.admin_only)
    replies = []
    async with BotHarness(repo) as bot:
        bot.app.bot_data["build_site"] = lambda repo, project_dir: None
        with caplog.at_level(logging.WARNING, logger="bot.handlers.roles"):
            for how, text in action.steps(n):
                if how == "press":
                    replies += await bot.press(who, text)
                elif how == "group":
                    replies += await bot.send(who, text, chat_id=GROUP)
                else:
                    replies += await bot.send(who, text)
    assert action.done(repo, n) is allowed
    texts = [c.text for c in replies if c.method == "sendMessage" and c.chat_id in (who, GROUP)]
    if not allowed:
        refusals = (*REFUSALS, action.refusal) if who == OTHER_AREA and action.refusal \
            else REFUSALS
        assert any(r in x for x in texts for r in refusals), texts
        if who in (RESIDENT, STRANGER):
            assert any("refused" in rec.message for rec in caplog.records)
    else:
        assert not any(r in x for x in texts for r in REFUSALS), texts


@pytest.mark.parametrize("who", [RESIDENT, STRANGER], ids=lambda w: NAMES[w])
@pytest.mark.parametrize("command", ["/pending", "/income", "/expense", "/propose", "/publish"])
async def test_residents_and_strangers_are_refused_volunteer_commands(repo, who, command):
    confirmed_resident(repo, RESIDENT, "c1/1/1/101", 101)
    issue(repo)
    async with BotHarness(repo) as bot:
        bot.app.bot_data["build_site"] = lambda repo, project_dir: None
        calls = await bot.send(who, command)
        follow = await bot.send(who, "100")
    assert "仅限志愿者" in calls[-1].text
    assert not any("井盖松动" in c.text for c in calls + follow)
    assert not any(c.buttons() for c in calls)


async def test_pending_of_a_volunteer_of_another_area_shows_nothing_of_this_area(repo):
    confirmed_resident(repo, RESIDENT, "c1/1/1/101", 101)
    issue(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(OTHER_AREA, "/pending")
        own = await bot.send(THIS_AREA, "/pending")
    assert calls and all(c.text for c in calls)  # answered, not silent
    assert not any("井盖松动" in c.text for c in calls)
    assert any("井盖松动" in c.text for c in own)  # the same queue, seen from its area


async def test_forged_reject_button_from_another_area_asks_nothing_and_changes_nothing(repo):
    confirmed_resident(repo, RESIDENT, "c1/1/1/101", 101)
    entry = issue(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.press(OTHER_AREA, f"q:r:{entry.id}")
        await bot.send(OTHER_AREA, "理由")
    assert "理由" not in calls[-1].text
    assert status(repo, entry.id) == Status.PENDING
