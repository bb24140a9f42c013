"""A flat that changes hands, through the real Application: the volunteer's post of a
registration for a flat with confirmed residents has three buttons (✅ 确认同住, ❌ 驳回,
✅ 确认（原住户已搬走）); the third confirms the newcomer and ends the former residents'
tie, who are told in plain words and no longer see the flat's fees and paper votes in
我的 and /mydata; a forged or repeated press changes nothing; after a restart between
the write and its messages, they are told and nothing is done twice. A resident's own
我搬走了 asks first, ends her tie, and tells the area's volunteers."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid
from robust_support import RobustHarness, make_data, settings_for

import bot.state
from db.entries import Kind, Status
from db.privacy import CONSENT_VERSION
from db.repository import Repository

HOME = "c1/1/1/101"


def _fee_and_paper_vote(repo):  # type: ignore[no-untyped-def]
    """A fee booked for HOME and a paper signature recorded for it on an open vote."""
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025", "household": HOME})
    repo.approve(fee.id, pid(repo, 102))
    vote = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                budget_fen=0, rule="simple_majority", deadline="2025-12-31")
    repo.cast_vote(pid(repo, 101), vote.id, "agree", household=HOME, paper=True)


async def test_the_third_button_confirms_the_newcomer_and_the_former_residents_are_told(repo):
    mother = confirmed_resident(repo, 7001, HOME, 101)
    _fee_and_paper_vote(repo)
    async with BotHarness(repo) as bot:
        mine_before = await bot.send(7001, "我的")
        data_before = await bot.send(7001, "/mydata")
        claimed = await bot.press(7002, "reg:ok:0:0:0:0")
        [reg] = repo.entries(kind=Kind.REGISTRATION, status=Status.PENDING)
        post = next(c for c in claimed if c.chat_id == 101 and c.buttons())
        done = await bot.press(101, f"q:m:{reg.id}")
        mine_after = await bot.send(7001, "我的")
        data_after = await bot.send(7001, "/mydata")
    assert [d for _, d in post.buttons()] == [f"q:b:{reg.id}", f"q:r:{reg.id}",
                                              f"q:m:{reg.id}"]
    assert "确认（原住户已搬走）" in " ".join(label for label, _ in post.buttons())
    assert "原住户已搬走" in post.text
    assert repo.entry(reg.id).status == Status.APPROVED
    assert repo.person_by_telegram(7002)["household"] == HOME
    assert repo.person(mother)["household"] is None
    told = [c.text for c in done if c.chat_id == 7001]
    assert len(told) == 1 and "您已不再登记为 东小区" in told[0] and "101" in told[0]
    assert "/mydata" in told[0] and "/start" in told[0]
    assert any(c.chat_id == 7002 and "住户登记" in c.text and "已确认" in c.text for c in done)
    assert any(c.chat_id == 101 and "原来的 1 位住户" in c.text for c in done)
    before = " ".join(c.text for c in mine_before + data_before)
    after = " ".join(c.text for c in mine_after + data_after)
    assert "您家已缴" in before and "别人为您家登记的投票" in before
    assert "您家已缴" not in after and "别人为您家登记的投票" not in after
    assert "起已不再登记为 东小区 1号楼 1单元 101 的住户" in after  # /mydata says since when


async def test_a_forged_or_repeated_moved_out_press_changes_nothing(repo):
    mother = confirmed_resident(repo, 7001, HOME, 101)
    reg = repo.register(pid(repo, 7002), HOME, consent=CONSENT_VERSION)
    async with BotHarness(repo) as bot:
        west = await bot.press(103, f"q:m:{reg.id}")  # a volunteer of another area
        resident = await bot.press(7001, f"q:m:{reg.id}")  # not a volunteer
        await bot.press(101, f"q:m:{reg.id}x")  # forged data
        assert repo.entry(reg.id).status == Status.PENDING
        assert repo.person(mother)["household"] == HOME
        await bot.press(101, f"q:m:{reg.id}")
        audit = len(repo.role_audit())
        again = await bot.press(102, f"q:m:{reg.id}")
    assert west and resident
    assert len(repo.role_audit()) == audit
    assert not any(c.chat_id == 7001 for c in again)  # told once
    assert [h["to"] for h in repo.entry(reg.id).history] == ["pending", "approved"]


async def test_a_resident_says_she_moved_out_and_the_volunteers_are_told(repo):
    mother = confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        asked = await bot.send(7001, "/movedout")
        cancelled = await bot.press(7001, "mv:cancel")
        late_yes = await bot.press(7001, "mv:ok")  # its Yes after her no: nothing
        assert repo.person(mother)["household"] == HOME
        await bot.send(7001, "/movedout")
        done = await bot.press(7001, "mv:ok")
        twice = await bot.send(7001, "/movedout")
    assert "东小区" in asked[-1].text and "确定已搬走吗" in asked[-1].text
    assert [d for _, d in asked[-1].buttons()] == ["mv:ok", "mv:cancel"]
    assert "没有做任何更改" in cancelled[-1].text and "没有做任何更改" in late_yes[-1].text
    assert repo.person(mother)["household"] is None
    mine = [c.text for c in done if c.chat_id == 7001]
    assert any("您已不再登记为 东小区" in t for t in mine)
    assert any(c.chat_id in (101, 102) and "搬走" in c.text for c in done)
    assert "没有确认登记的住户" in twice[-1].text


async def test_moved_out_is_offered_under_help(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/help")
    labels = [label for c in calls for label, _ in c.buttons()]
    assert "🚚 我搬走了" in labels


def _crash_image_when(data, image, saved):  # type: ignore[no-untyped-def]
    import shutil
    real_done = bot.state._step_done

    def crash_before_done(repo_, update_id, users, chats, drop, *seen):  # type: ignore[no-untyped-def]
        if not image.exists() and update_id is not None and saved(repo_):
            shutil.copytree(data, image, ignore=shutil.ignore_patterns("*.lock"))
        return real_done(repo_, update_id, users, chats, drop, *seen)

    return crash_before_done


@pytest.mark.parametrize("killed", ["after the write", "after the messages"])
async def test_a_moved_out_confirmation_saved_before_a_crash_tells_them_after_the_restart(
        tmp_path, monkeypatch, killed):
    # after the messages: the press is handled again at the next start (its update was
    # not acknowledged); before, the former residents were told a second time
    data = make_data(tmp_path)  # 7001 and 7003 live at HOME
    image = tmp_path / "image"
    repo = Repository.open(data)
    reg = repo.register(pid(repo, 7009), HOME, consent=CONSENT_VERSION)
    real_done = bot.state._step_done
    if killed == "after the write":
        _image_after_write(repo, monkeypatch, "approve", data, image)
    else:
        monkeypatch.setattr(bot.state, "_step_done", _crash_image_when(
            data, image, lambda r: r.entry(reg.id).status != Status.PENDING))
    async with RobustHarness(repo, settings=settings_for(data)) as first:
        sent = await first.press(102, f"q:m:{reg.id}")
        pressed = dict(first.last_update)
    repo.close()
    monkeypatch.setattr(bot.state, "_step_done", real_done)
    before = sent if killed == "after the messages" else []

    repo = Repository.open(image)
    audit = len(repo.role_audit())
    async with RobustHarness(repo, settings=settings_for(image)) as second:
        second.last_update = pressed
        told = await second.redeliver()  # handled again at the start after the kill
        assert second.errors == []
    for tid in (7001, 7003):
        assert len([c for c in [*before, *told]
                    if c.chat_id == tid and "您已不再登记为" in c.text]) == 1, tid
    assert [h["to"] for h in repo.entry(reg.id).history] == ["pending", "approved"]  # once
    assert len(repo.role_audit()) == audit
    assert [p["id"] for p in repo.residents_of(HOME)] == [pid(repo, 7009)]
    repo.close()


def _image_after_write(repo, monkeypatch, method, data, image):  # type: ignore[no-untyped-def]
    """A copy of ``data`` taken as ``method`` of ``repo`` returns: the bot killed just
    after the write, before any message of it went."""
    import shutil
    import types
    real = getattr(repo, method)

    def written(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        out = real(*args, **kwargs)
        shutil.copytree(data, image, ignore=shutil.ignore_patterns("*.lock"))
        return out

    # bound to the repository, as the bot's ``call`` finds the store it writes to by
    monkeypatch.setattr(repo, method, types.MethodType(written, repo))


@pytest.mark.parametrize("killed", ["after the write", "after the messages"])
async def test_her_moved_out_saved_before_a_crash_is_said_after_the_restart(
        tmp_path, monkeypatch, killed):
    # after the messages: her press is handled again at the next start (its update was
    # not acknowledged); before, the volunteers were sent the news a second time
    data = make_data(tmp_path)
    image = tmp_path / "image"
    repo = Repository.open(data)
    mother = pid(repo, 7001)
    real_done = bot.state._step_done
    if killed == "after the write":
        _image_after_write(repo, monkeypatch, "move_out", data, image)
    else:
        monkeypatch.setattr(bot.state, "_step_done", _crash_image_when(
            data, image, lambda r: r.person(mother)["household"] is None))
    async with RobustHarness(repo, settings=settings_for(data)) as first:
        await first.send(7001, "/movedout")
        sent = await first.press(7001, "mv:ok")
        pressed = dict(first.last_update)
    repo.close()
    monkeypatch.setattr(bot.state, "_step_done", real_done)
    before = sent if killed == "after the messages" else []

    repo = Repository.open(image)
    audit = len(repo.role_audit())
    async with RobustHarness(repo, settings=settings_for(image)) as second:
        second.last_update = pressed
        told = await second.redeliver()  # handled again at the start after the kill
        assert second.errors == []
    assert any(c.chat_id == 7001 and "您已不再登记为 东小区" in c.text for c in told)
    volunteers = [c.chat_id for c in [*before, *told] if c.chat_id in (101, 102)
                  and "搬走" in c.text]
    assert sorted(volunteers) == [101, 102], volunteers  # each once
    assert not any("没有确认登记的住户" in c.text for c in told)
    assert len(repo.role_audit()) == audit  # nothing done twice
    assert repo.person(mother)["household"] is None
    repo.close()


async def test_approve_typed_for_a_bound_flat_offers_the_moved_out_button_too(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    reg = repo.register(pid(repo, 7002), HOME, consent=CONSENT_VERSION)
    async with BotHarness(repo) as bot:
        refused = await bot.send(101, f"/approve {reg.id}")
    assert repo.entry(reg.id).status == Status.PENDING
    assert "确认（原住户已搬走）" in refused[-1].text
    assert [d for _, d in refused[-1].buttons()] == [f"q:b:{reg.id}", f"q:r:{reg.id}",
                                                    f"q:m:{reg.id}"]


async def test_moved_out_pressed_after_they_said_so_themselves_says_nobody_was_left(repo):
    mother = confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        claimed = await bot.press(7002, "reg:ok:0:0:0:0")
        [reg] = repo.entries(kind=Kind.REGISTRATION, status=Status.PENDING)
        assert any(c.chat_id == 101 and f"q:m:{reg.id}" in [d for _, d in c.buttons()]
                   for c in claimed)
        repo.move_out(mother)  # she said so before the volunteer pressed
        done = await bot.press(101, f"q:m:{reg.id}")
    assert repo.entry(reg.id).status == Status.APPROVED
    said = [c.text for c in done if c.chat_id == 101]
    assert any("已经没有别的登记住户" in t for t in said)
    assert not any("原来的 0 位" in t for t in said)
    assert not any(c.chat_id == 7001 and "您已不再登记为" in c.text for c in done)


async def test_the_new_owner_is_not_told_how_the_former_owner_voted_nor_she_how_he_did(repo):
    mother = confirmed_resident(repo, 7001, HOME, 101)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                    budget_fen=0, matter="use_maintenance_fund",
                                    deadline="2025-12-31")
    hers, _ = repo.cast_vote(mother, proposal.id, "agree")
    reg = repo.register(pid(repo, 7002), HOME, consent=CONSENT_VERSION)
    repo.approve(reg.id, pid(repo, 101), moved_out=True)
    newcomer = pid(repo, 7002)
    repo.set_relation(newcomer, "owner")
    async with BotHarness(repo) as bot:
        shown = await bot.send(7002, "/vote")
        voted = await bot.press(7002, f"vote:{proposal.id}:disagree")
        his_mine = await bot.send(7002, "我的")
        her_mine = await bot.send(7001, "我的")
    before = " ".join(c.text for c in shown)
    assert "原住户搬走前已经投过票" in before and "同意" not in before.split("原住户")[-1]
    assert "您家已投" not in before
    said = " ".join(c.text for c in voted if c.chat_id == 7002)
    assert "替换了这一户原住户搬走前投的票" in said and "“同意”" not in said
    assert "替换了这一户原住户的投票" in his_mine[-1].text and "同意" not in his_mine[-1].text
    assert repo.entry(hers.id).status == Status.REPLACED
    assert "搬走后，这一户的住户重新投了票" in her_mine[-1].text
    assert "反对" not in her_mine[-1].text
    t = repo.tally(proposal.id)
    assert (t.owners_voted, t.agree, t.disagree) == (1, 0, 1)


async def test_the_new_owner_ticking_a_ballot_is_not_shown_the_former_owner_s(repo):
    mother = confirmed_resident(repo, 7001, HOME, 101)
    e = repo.open_election(pid(repo, 101), "east", title="选举", seats=2,
                           candidates=["候选人甲", "候选人乙"], deadline="2025-12-31")
    repo.cast_ballot(mother, e.id, [1, 2])
    reg = repo.register(pid(repo, 7002), HOME, consent=CONSENT_VERSION)
    repo.approve(reg.id, pid(repo, 101), moved_out=True)
    repo.set_relation(pid(repo, 7002), "owner")
    async with BotHarness(repo) as bot:
        shown = await bot.send(7002, "/vote")
        ticked = await bot.press(7002, f"el:{e.id}:1", text=shown[-1].text)
        done = await bot.press(7002, f"el:{e.id}:3:ok")  # the same ballot as hers
    seen = " ".join(c.text for c in shown + ticked + done)
    assert "您家已选" not in seen and "已经这样记录" not in seen
    assert "原住户搬走前已经投过票" in shown[-1].text
    assert "这张选票替换了这一户原住户搬走前投的选票" in done[-1].text
    assert repo.ballot_of(e.id, HOME) == [1, 2]
    [counted] = [v for v in repo.entries(kind=Kind.VOTE, status=Status.COUNTED)
                 if v.data["proposal"] == e.id]
    assert counted.author == pid(repo, 7002)


async def test_i_moved_out_typed_asks_as_the_button_does(repo):
    mother = confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        typed = await bot.send(7001, "我搬走了")
        slash = await bot.send(7001, "/moved")
    assert "确定已搬走吗" in typed[-1].text
    assert [d for _, d in typed[-1].buttons()] == ["mv:ok", "mv:cancel"]
    assert "/movedout" in " ".join(c.text for c in slash)
    assert repo.person(mother)["household"] == HOME  # nothing done before her Yes


def test_the_refusal_of_a_claim_on_a_bound_flat_names_both_confirmations():
    from bot.i18n import tr
    from bot.staff_errors import ERRORS

    said = tr("zh", ERRORS["household_bound"], id=12)
    assert "确认同住" in said and "确认（原住户已搬走）" in said
