"""A volunteer ends a resident's tie to her flat with no newcomer registering
(/movedout FLAT: an empty flat after a sale, an elderly resident gone to her daughter's,
one who died): the flat's residents listed by name in a private chat only, a name pressed,
a reason pressed, one write; she is told kindly (not when she died), the area's other
volunteers are told; a forged, stale or repeated press changes nothing; after a restart
between the write and its messages, they are told and nothing is done twice."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid
from robust_support import RobustHarness, make_data, settings_for

import bot.state
from db.repository import Repository

HOME = "c1/1/1/101"
GROUP = -100777


def _mother(repo):  # type: ignore[no-untyped-def]
    mother = confirmed_resident(repo, 7001, HOME, 101)
    repo.keep_name(mother, "王秀兰")
    return mother


async def test_a_volunteer_moves_out_a_resident_who_left_and_she_is_told_kindly(repo):
    mother = _mother(repo)
    son = confirmed_resident(repo, 7003, HOME, 101)
    repo.keep_name(son, "李建国")
    async with BotHarness(repo) as bot:
        listed = await bot.send(101, "/movedout 1/1/101")
        asked = await bot.press(101, f"mvv:p:{mother}")
        assert repo.person(mother)["household"] == HOME  # nothing before the reason
        done = await bot.press(101, f"mvv:r:{mother}:moved")
    assert "王秀兰" in listed[-1].text and "李建国" in listed[-1].text
    assert [d for _, d in listed[-1].buttons()] == [f"mvv:p:{mother}", f"mvv:p:{son}", "mvv:x"]
    assert [d for _, d in asked[-1].buttons()][:4] == [
        f"mvv:r:{mother}:{r}" for r in ("moved", "sold", "died", "other")]
    assert "房子卖了" in " ".join(label for label, _ in asked[-1].buttons())
    # what the reason makes of a vote: sold, or only let (a tenant moved away)
    assert "房子卖了的，请点“房子卖了”：以后为这一户记的票算新业主的" in asked[-1].text
    assert repo.person(mother)["household"] is None
    assert repo.person(son)["household"] == HOME
    line = repo.last_moved_out(mother)
    assert line["by"] == pid(repo, 101) and line["note"] == "moved out: moved"
    told = [c.text for c in done if c.chat_id == 7001]
    assert len(told) == 1 and "志愿者登记了您已不住在 东小区" in told[0] and "/start" in told[0]
    said = " ".join(c.text for c in done if c.chat_id == 101)
    assert "已完成：王秀兰 不再登记为" in said and "已通知本人" in said
    assert [d for c in done if c.chat_id == 101 for _, d in c.buttons()][:1] == [
        f"mvv:p:{son}"]  # the one still there offered again
    assert any(c.chat_id == 102 and "王秀兰" in c.text and "甲志愿者" in c.text for c in done)
    assert not any(c.chat_id == 101 and "🚚" in c.text for c in done)


async def test_a_resident_who_died_is_moved_out_and_nobody_messages_her(repo):
    mother = _mother(repo)
    async with BotHarness(repo) as bot:
        await bot.send(102, "/movedout 1号楼1单元101")
        done = await bot.press(102, f"mvv:r:{mother}:died")
    assert repo.person(mother)["household"] is None
    assert not any(c.chat_id == 7001 for c in done)
    assert any(c.chat_id == 102 and "没有给任何人发消息" in c.text for c in done)
    assert any(c.chat_id == 101 and "去世" in c.text for c in done)


async def test_moved_out_for_a_flat_is_refused_in_a_group_and_names_nobody_there(repo):
    _mother(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, "/movedout 1/1/101", chat_id=GROUP)
    there = " ".join(c.text for c in calls if c.chat_id == GROUP)
    assert "私聊" in there and "王秀兰" not in there
    assert not any(c.buttons() for c in calls if c.chat_id == GROUP)


async def test_forged_stale_and_repeated_presses_change_nothing(repo):
    mother = _mother(repo)
    async with BotHarness(repo) as bot:
        west = await bot.send(103, "/movedout 1/1/101")  # another area's: west's own 101
        stranger = await bot.press(103, f"mvv:r:{mother}:moved")
        resident = await bot.press(7003, f"mvv:r:{mother}:moved")  # not a volunteer
        await bot.send(101, "/movedout 1/1/101")
        await bot.press(101, f"mvv:r:{mother}:fled")  # forged reason
        await bot.press(101, f"mvv:r:{mother}x:moved")
        assert repo.person(mother)["household"] == HOME
        await bot.send(101, "/movedout 1/1/102")  # another flat listed since
        other = await bot.press(101, f"mvv:r:{mother}:moved")
        assert repo.person(mother)["household"] == HOME
        await bot.send(101, "/movedout 1/1/101")
        await bot.press(101, f"mvv:r:{mother}:sold")
        audit = len(repo.role_audit())
        again = await bot.press(101, f"mvv:r:{mother}:sold")
    assert "西小区" in west[-1].text and "王秀兰" not in " ".join(c.text for c in west)
    assert stranger and resident
    assert "按钮已失效" in other[-1].text
    assert len(repo.role_audit()) == audit
    assert "没有做任何更改" in again[-1].text and not any(c.chat_id == 7001 for c in again)


async def test_movedout_alone_offers_a_volunteer_without_a_home_the_flats_to_pick(repo):
    """(test_bot_moved_out_pick: the picker; before, how to type the flat)"""
    async with BotHarness(repo) as bot:
        nobody = await bot.send(101, "/movedout")
        _mother(repo)
        said = await bot.send(101, "/movedout")
    assert "东小区还没有人登记为住户" in nobody[-1].text
    assert "/movedout 1/1/101" in said[-1].text and said[-1].buttons()


def _crash_image_when(data, image, saved):  # type: ignore[no-untyped-def]
    import shutil
    real_done = bot.state._step_done

    def crash_before_done(repo_, update_id, users, chats, drop, *seen):  # type: ignore[no-untyped-def]
        if not image.exists() and update_id is not None and saved(repo_):
            shutil.copytree(data, image, ignore=shutil.ignore_patterns("*.lock"))
        return real_done(repo_, update_id, users, chats, drop, *seen)

    return crash_before_done


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
async def test_a_move_out_saved_before_a_crash_is_told_after_the_restart_once(
        tmp_path, monkeypatch, killed):
    # after the messages: the press is handled again at the next start (its update was
    # not acknowledged); before, she and the volunteers were sent it all a second time
    data = make_data(tmp_path)  # 7001 and 7003 live at HOME
    image = tmp_path / "image"
    repo = Repository.open(data)
    mother = pid(repo, 7001)
    real_done = bot.state._step_done
    if killed == "after the write":
        _image_after_write(repo, monkeypatch, "move_out_for", data, image)
    else:
        monkeypatch.setattr(bot.state, "_step_done", _crash_image_when(
            data, image, lambda r: r.person(mother)["household"] is None))
    async with RobustHarness(repo, settings=settings_for(data)) as first:
        await first.send(101, "/movedout 1/1/101")
        sent = await first.press(101, f"mvv:r:{mother}:moved")
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
    calls = [*before, *told]
    assert len([c for c in calls if c.chat_id == 7001 and "志愿者登记了您已不住在" in c.text]) == 1
    assert len([c for c in calls if c.chat_id == 102 and "不再登记为这一户的住户" in c.text]) == 1
    done = [c.text for c in told if c.chat_id == 101 and "已完成" in c.text]
    # told now; or sent before the kill, which cannot know it arrived: the volunteer is
    # asked to tell her (test_run_kill_moved_out_for)
    said = "已通知本人" if killed == "after the write" else "可能没有送到，请您告诉本人一声"
    assert done and said in done[0], done
    assert len(repo.role_audit()) == audit  # nothing done twice
    repo.close()


async def test_a_volunteers_help_lists_movedout_for_a_flat_and_a_residents_does_not(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        volunteer = " ".join(c.text for c in await bot.send(101, "/help"))
        resident = " ".join(c.text for c in await bot.send(7001, "/help"))
    assert "/movedout — 本区域有住户已不住在登记的那一户" in volunteer
    assert volunteer.index("/movedout —") < volunteer.index("【报事处理】")
    assert "/movedout 房号" not in resident


async def test_a_volunteer_living_in_the_flat_is_told_to_move_herself_out_her_own_way(repo):
    volunteer = confirmed_resident(repo, 101, HOME, 102)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/movedout 1/1/101")
        refused = await bot.press(101, f"mvv:r:{volunteer}:moved")
    assert repo.person(volunteer)["household"] == HOME
    assert "这是您本人" in refused[-1].text and "没有做任何更改" in refused[-1].text


async def test_after_cancel_the_lists_buttons_change_nothing(repo):
    mother = _mother(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/movedout 1/1/101")
        await bot.press(101, f"mvv:p:{mother}")
        cancelled = await bot.press(101, "mvv:x")
        late = await bot.press(101, f"mvv:r:{mother}:moved")
    assert "没有做任何改动" in cancelled[-1].text
    assert "按钮已失效" in late[-1].text
    assert repo.person(mother)["household"] == HOME


async def test_movedout_by_a_residents_number_lists_her_flat_and_not_another_areas(repo):
    mother = _mother(repo)
    west = confirmed_resident(repo, 8001, "c2/1/1/101", 103)
    async with BotHarness(repo) as bot:
        listed = await bot.send(101, f"/movedout #{mother}")
        other = await bot.send(101, f"/movedout #{west}")
    assert "东小区 1号楼 1单元 101 登记的住户" in listed[-1].text and "王秀兰" in listed[-1].text
    assert "找不到" in other[-1].text and not other[-1].buttons()
