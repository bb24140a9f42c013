"""A newcomer whose registration volunteers refused could ask again at once, without end:
each ask posted to every volunteer of the area and to their group. After a second refusal
within a week she waits a day (after a third, a week), and is told until when and to speak
to a volunteer; the repository refuses the registration too. A first refusal (often a wrong
room picked) may be followed by another ask at once; one she took back herself is no
refusal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bot_harness import BotHarness
from conftest import pid

from bot.consent import CONSENT_VERSION
from db.entries import Kind, Status
from db.errors import DomainError

NEWCOMER = 7005
ADDRESS = "东小区1号楼1单元201"


async def register(bot, repo, address=ADDRESS):
    await bot.send(NEWCOMER, address)
    await bot.press_label(NEWCOMER, "同意，这是我家")
    return repo.entries(kind=Kind.REGISTRATION, status=Status.PENDING)[-1]


async def refuse(bot, reg):
    await bot.press(101, f"q:r:{reg.id}")
    await bot.send(101, "201住的不是她")


async def test_after_two_refusals_she_is_told_to_wait_a_day_and_nothing_is_posted(repo):
    async with BotHarness(repo) as bot:
        await refuse(bot, await register(bot, repo))
        second = await register(bot, repo)  # a first refusal: she may ask again at once
        await refuse(bot, second)
        waiting = len(repo.entries(kind=Kind.REGISTRATION))
        third = await bot.send(NEWCOMER, ADDRESS)
    text = third[-1].text
    assert "志愿者最近 2 次没有通过您的住户登记" in text, text
    assert "请先当面或打电话联系本小区的志愿者" in text
    until = (repo.clock() + timedelta(days=1)).strftime("%Y-%m-%d")
    assert until in text
    assert "同意吗" not in text  # no consent asked, nothing to press
    assert len(repo.entries(kind=Kind.REGISTRATION)) == waiting
    assert not [c for c in third if c.chat_id == 101]


def test_the_repository_refuses_a_third_ask_until_the_wait_is_over(repo, clock):
    person, volunteer = pid(repo, NEWCOMER), pid(repo, 101)
    for _ in range(2):
        reg = repo.register(person, "c1/1/1/201", consent=CONSENT_VERSION)
        repo.reject(reg.id, volunteer, "住的不是她")
    with pytest.raises(DomainError) as refused:
        repo.register(person, "c1/1/1/102", consent=CONSENT_VERSION)
    assert refused.value.code == "refused_wait"
    assert refused.value.params["n"] == 2
    clock.now += timedelta(days=1)
    assert repo.register(person, "c1/1/1/102").status == Status.PENDING


def test_a_third_refusal_makes_her_wait_a_week(repo, clock):
    person, volunteer = pid(repo, NEWCOMER), pid(repo, 101)
    for _ in range(3):
        reg = repo.register(person, "c1/1/1/201", consent=CONSENT_VERSION)
        repo.reject(reg.id, volunteer, "住的不是她")
        clock.now += timedelta(days=1, minutes=1)
    with pytest.raises(DomainError):
        repo.register(person, "c1/1/1/102")
    clock.now += timedelta(days=6)
    assert repo.register(person, "c1/1/1/102").status == Status.PENDING


def test_registrations_she_took_back_herself_are_no_refusals(repo):
    person = pid(repo, NEWCOMER)
    for _ in range(3):
        reg = repo.register(person, "c1/1/1/201", consent=CONSENT_VERSION)
        repo.withdraw_own(reg.id, person)
    assert repo.register(person, "c1/1/1/201").status == Status.PENDING
