"""A resident who voted online as the owner's family and then says they are a tenant:
their votes on joint matters still being voted stop counting (``db.relation``), and
the other residents of the home are told which of their home's votes no longer count
and that the owner may vote again — each once, in their language, with a "Vote"
button (none for a tenant), never who said it nor what the vote was. Saying "tenant"
again, a redelivered update, and an update whose write was saved just before the bot
stopped (``bot.state``) tell nobody twice and leave nobody untold."""

from __future__ import annotations

import shutil
import types
from datetime import date, timedelta

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, past_deadline, pid
from robust_support import RobustHarness, make_data, settings_for

import bot.state
from db.entries import Kind
from db.repository import Repository

HOME = "c1/1/1/101"
TOLD = "您家在下面这些事项上的投票不再计入"


def _joint(repo, title="更换路灯", deadline="2025-12-31"):  # type: ignore[no-untyped-def]
    return repo.create_proposal(pid(repo, 101), "east", title=title, description="LED",
                                budget_fen=360000, matter="use_maintenance_fund",
                                deadline=deadline)


def _to(calls, chat_id):  # type: ignore[no-untyped-def]
    return [c for c in calls if c.chat_id == chat_id and c.method == "sendMessage"]


async def test_the_home_is_told_once_which_of_its_votes_no_longer_count(repo):
    confirmed_resident(repo, 7001, HOME, 101, relation="owner")
    confirmed_resident(repo, 7002, HOME, 101, relation="family")
    confirmed_resident(repo, 7004, HOME, 101, relation="tenant")
    repo.set_language(pid(repo, 7004), "en")
    confirmed_resident(repo, 7003, "c1/1/1/102", 101, relation="owner")  # a neighbour
    p, closed = _joint(repo), _joint(repo, "粉刷楼道", deadline="2025-06-30")
    everyday = repo.create_proposal(pid(repo, 101), "east", title="周末清扫", description="扫",
                                    budget_fen=0, matter="everyday", deadline="2025-12-31")
    election = repo.open_election(pid(repo, 101), "east", title="第一届物管会选举", seats=1,
                                  candidates=["候选人甲（退休教师）", "候选人乙（楼长）"],
                                  deadline="2025-12-31")
    async with BotHarness(repo) as bot:
        for proposal in (p, closed, everyday):
            await bot.press(7002, f"vote:{proposal.id}:agree")
        await bot.press(7002, f"el:{election.id}:1:ok")
        past_deadline(repo, closed.id)
        repo.close_vote(closed.id, pid(repo, 101))
        await bot.press(7002, "rel:ask")
        changed = await bot.press(7002, "rel:t")
        again = await bot.press(7002, "rel:t")  # said again: nothing more voided, nobody told
        listed = await bot.press(7001, "go:vote")  # the owner's button
        cast = await bot.press(7001, f"vote:{p.id}:disagree")
    [owner] = _to(changed, 7001)
    assert owner.text.startswith(TOLD) and "第二百七十八条" in owner.text
    assert f"• #{p.id} 更换路灯（投票截止：2025-12-31 24时）" in owner.text
    assert f"• #{election.id} 第一届物管会选举" in owner.text
    assert f"#{closed.id} " not in owner.text and f"#{everyday.id} " not in owner.text
    assert "用户7002" not in owner.text and "同意" not in owner.text  # not who, not what
    assert owner.buttons() == [("🗳 投票", "go:vote")]
    [tenant] = _to(changed, 7004)  # in English, and no button to a vote they cannot cast
    assert tenant.text.startswith("Your home's vote on the matters below no longer counts")
    assert f"• #{p.id} 更换路灯 (voting closes at the end of 2025-12-31)" in tenant.text
    assert tenant.buttons() == []
    assert not _to(changed, 7003)
    said = _to(changed, 7002)[-1].text
    assert f"#{election.id} 第一届物管会选举：您投的“1 候选人甲（退休教师）”不再计入" in said
    assert "已通知您家在机器人上的其他居民：2 位" in said
    assert not _to(again, 7001) and not _to(again, 7004)
    assert "已通知" not in _to(again, 7002)[-1].text
    assert any(f"提议 #{p.id}" in c.text for c in listed)
    assert "已记录" in cast[-1].text and repo.household_vote(p.id, HOME) == "disagree"


def _open_joint(data):  # type: ignore[no-untyped-def]
    """A joint matter still being voted (the bot below runs on today's clock)."""
    repo = Repository.open(data)
    later = (date.today() + timedelta(days=20)).isoformat()
    p = _joint(repo, deadline=later)
    repo.set_relation(pid(repo, 7003), "family")
    repo.close()
    return p


async def test_a_redelivered_tenant_answer_tells_the_home_once(tmp_path):
    data = make_data(tmp_path)  # 7001 and 7003 live in c1/1/1/101
    p = _open_joint(data)
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        await bot.press(7003, f"vote:{p.id}:agree")
        changed = await bot.press(7003, "rel:t")
        again = await bot.redeliver()
    assert len(_to(changed, 7001)) == 1 and TOLD in _to(changed, 7001)[0].text
    assert again == []
    assert bot.errors == []
    repo.close()


@pytest.mark.parametrize("killed", ["after the write", "after the messages"])
async def test_a_tenant_answer_saved_before_a_crash_tells_the_home_at_the_next_start(
        tmp_path, monkeypatch, killed):
    # after the messages: the answer is finished again at the next start (its update was
    # not acknowledged); before, the home was sent the news a second time
    data = make_data(tmp_path)
    p = _open_joint(data)
    image = tmp_path / "image"
    repo = Repository.open(data)
    real_done = bot.state._step_done

    def crash_before_done(repo_, update_id, users, chats, drop, *seen):
        # The disk as a kill finds it once the step is handled, before it is done.
        if not image.exists() and update_id is not None and \
                repo_.person(pid(repo_, 7003)).get("relation") == "tenant":
            shutil.copytree(data, image, ignore=shutil.ignore_patterns("*.lock"))
        return real_done(repo_, update_id, users, chats, drop, *seen)

    if killed == "after the write":  # the disk right after the write, before any message
        real_change = repo.change_relation

        def changed(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            out = real_change(*args, **kwargs)
            shutil.copytree(data, image, ignore=shutil.ignore_patterns("*.lock"))
            return out

        monkeypatch.setattr(repo, "change_relation", types.MethodType(changed, repo))
    else:
        monkeypatch.setattr(bot.state, "_step_done", crash_before_done)
    async with RobustHarness(repo, settings=settings_for(data)) as first:
        await first.press(7003, f"vote:{p.id}:agree")
        sent = await first.press(7003, "rel:t")
        pressed = dict(first.last_update)
    repo.close()
    monkeypatch.setattr(bot.state, "_step_done", real_done)
    before = sent if killed == "after the messages" else []

    repo = Repository.open(image)
    assert [v.status for v in repo.entries(kind=Kind.VOTE)] == ["rejected"]
    async with RobustHarness(repo, settings=settings_for(image)) as second:
        second.last_update = pressed
        told = await second.redeliver()  # Telegram sends the tap again
        twice = await second.press(7003, "rel:t")  # and the resident taps it again
    home = _to([*before, *told], 7001)
    assert len(home) == 1 and TOLD in home[0].text, [c.text for c in home]
    [said] = _to(told, 7003)
    # told now; or its message left before the crash, not known to have arrived
    # (test_run_kill_tenant_told): not said to have been told
    told_words = "已通知您家在机器人上的其他居民：1 位" if killed == "after the write" else \
        "给您家在机器人上的其他 1 位居民的通知是在机器人重启时发出的，可能没有送到"
    assert "不再计入" in said.text and told_words in said.text, said.text
    assert not _to(twice, 7001)
    assert second.errors == []
    repo.close()
