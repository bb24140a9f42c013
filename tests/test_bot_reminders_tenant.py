"""Two days before a joint matter of the owners closes, a tenant of a flat whose owner
has not voted is asked to tell the owner, without vote buttons: before, 请用下面的按钮
投票 sent them to a refusal (a tenant cannot cast the owners' vote), while the owner, who
may live elsewhere, was not reached. Everyday matters, which a tenant votes on, and the
owner are reminded as before."""

from __future__ import annotations

from datetime import datetime

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.repository import CHINA_TZ


def _at(repo, day: int) -> None:  # type: ignore[no-untyped-def]
    repo.clock.now = datetime(2025, 1, day, 10, 0, tzinfo=CHINA_TZ)


async def test_a_tenant_is_asked_to_tell_the_owner_and_given_no_vote_buttons(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101, relation="owner")
    confirmed_resident(repo, 5002, "c1/1/1/102", 101, relation="tenant")
    _at(repo, 1)
    joint = repo.create_proposal(pid(repo, 101), "east", title="屋面防水", description="",
                                 budget_fen=0, matter="use_maintenance_fund",
                                 deadline="2025-01-05")
    everyday = repo.create_proposal(pid(repo, 101), "east", title="保洁排班", description="",
                                    budget_fen=0, matter="everyday", deadline="2025-01-05")
    async with BotHarness(repo) as bot:
        _at(repo, 3)
        await bot.run_jobs()
    tenant = [c for c in bot.sent("sendMessage") if c.chat_id == 5002 and "🗳" in c.text]
    [j] = [c for c in tenant if f"#{joint.id}" in c.text]
    assert j.text == (f"🗳 #{joint.id} 屋面防水 的表决 2025-01-05 24 时截止，这套房的业主还没有"
                      "投票。这项表决由业主决定：请转告业主，业主可以在这里投票，也可以请志愿者"
                      "登记纸质表决票。"), j.text
    assert [label for label, _ in j.buttons()] == ["🔕 不再提醒"]
    [e] = [c for c in tenant if f"#{everyday.id}" in c.text]
    assert [label for label, _ in e.buttons()] == ["同意", "反对", "弃权", "🔕 不再提醒"]
    owner = [c for c in bot.sent("sendMessage") if c.chat_id == 5001 and "🗳" in c.text
             and f"#{joint.id}" in c.text]
    assert [label for label, _ in owner[0].buttons()] == ["同意", "反对", "弃权", "🔕 不再提醒"]
