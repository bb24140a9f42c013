"""Choosing one's home, 上一步 typed (返回上一步, 后退) does what the ⬅️ 上一步 of the
step she is at does: the consent question -> its rooms, the rooms -> the units, the
units -> the buildings, the buildings -> the compounds; at the compounds, the first
step, it leaves the picker, saying how to come back. Before, the step she was at came
again (请点下面的按钮接着选择：), and at the consent question she got an explanation
of why the bot asks (简单说一下为什么要这些信息)."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident
from test_bot_registration import _data, _labels, _two_buildings

from db.entries import Kind

LEFT = "已退出选择住址。要登记住户，请点下面的按钮。"


@pytest.mark.parametrize("word", ["上一步", "返回上一步"])
async def test_back_typed_at_each_step_of_the_picker_goes_up_one_level(tmp_path, clock, word):
    repo = _two_buildings(tmp_path, clock)
    try:
        async with BotHarness(repo) as bot:
            calls = await bot.send(7001, "/start")
            calls = await bot.press(7001, _data(calls, "大院"))
            calls = await bot.press(7001, _data(calls, "1号楼"))
            calls = await bot.press(7001, _data(calls, "2单元"))
            calls = await bot.press(7001, _data(calls, "▶"))  # the second page of rooms
            calls = await bot.press(7001, _data(calls, "119"))
            assert "登记为 大院 1号楼 2单元 119 的住户吗" in calls[-1].text
            rooms = await bot.send(7001, word)  # the question: its rooms, at 119's page
            assert [c.text for c in rooms] == ["大院 1号楼 2单元：请选择房号："]
            assert "119" in _labels(rooms) and "⬅️ 上一步" in _labels(rooms)
            units = await bot.send(7001, word)
            assert [c.text for c in units] == ["大院 1号楼：请选择单元："]
            buildings = await bot.send(7001, word)
            assert [c.text for c in buildings] == ["大院：请选择楼栋："]
            compounds = await bot.send(7001, word)
            assert [c.text for c in compounds] == ["您住在哪里？请选择小区："]
            assert _labels(compounds) == ["小院", "大院"]
            left = await bot.send(7001, word)  # the first step: out of the picker
            assert [c.text for c in left] == [LEFT]
            assert _labels(left) == ["🏠 选择我的住址"]
            again = await bot.send(7001, word)  # nothing to go back to: how to register
            assert _labels(again) == ["🏠 选择我的住址"] and "请选择" not in again[-1].text
            calls = await bot.press(7001, _data(left, "选择我的住址"))
            calls = await bot.press(7001, _data(calls, "大院"))
            calls = await bot.send(7001, "2号楼")  # typed steps still taken after
            calls = await bot.press(7001, _data(calls, "1单元"))
            calls = await bot.press(7001, _data(calls, "101"))
            await bot.press(7001, _data(calls, "同意，这是我家"))
            waiting = await bot.send(7001, word)  # registered: the picker is done
            assert "等待" in waiting[-1].text
        [reg] = repo.entries(kind=Kind.REGISTRATION)
        assert reg.data["household"] == "yard/2/1/101"
    finally:
        repo.close()


async def test_back_typed_skips_a_level_that_had_only_one_choice(tmp_path, clock):
    repo = _two_buildings(tmp_path, clock)
    try:
        async with BotHarness(repo) as bot:
            calls = await bot.send(7001, "/start")
            calls = await bot.press(7001, _data(calls, "小院"))  # one building, one unit
            assert "小院 1号楼 1单元：请选择房号" in calls[-1].text
            calls = await bot.send(7001, "上一步")
        assert [c.text for c in calls] == ["您住在哪里？请选择小区："]
    finally:
        repo.close()


async def test_back_typed_after_i_do_not_agree_asks_the_question_again(repo):
    """不同意 pressed at the consent question shows ⬅️ 上一步 (the question again); 上一步
    typed there now does that too."""
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/start")
        calls = await bot.press(7001, _data(calls, "东小区"))
        calls = await bot.press(7001, _data(calls, "102"))
        declined = await bot.press(7001, _data(calls, "不同意"))
        assert "⬅️ 上一步" in _labels(declined)
        question = await bot.send(7001, "上一步")
        assert "登记为 东小区 1号楼 1单元 102 的住户吗" in question[-1].text
        rooms = await bot.send(7001, "上一步")
        assert rooms[-1].text == "东小区 1号楼 1单元：请选择房号："
        calls = await bot.press(7001, _data(rooms, "101"))
        await bot.press(7001, _data(calls, "同意，这是我家"))
    [reg] = repo.entries(kind=Kind.REGISTRATION)
    assert reg.data["household"] == "c1/1/1/101"


async def test_back_typed_while_asking_to_change_household_goes_up_and_then_out(repo):
    """A registered resident choosing another home (申请变更住户) got the menu's greeting
    for 上一步 typed at the rooms. Now it goes up as for a newcomer, and out at the
    compounds saying her household is unchanged; a picker shown over half an hour ago
    is not brought back."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(5001, "/start")
        calls = await bot.press(5001, _data(calls, "申请变更住户"))
        calls = await bot.press(5001, _data(calls, "西小区"))
        assert "西小区 1号楼 1单元：请选择房号" in calls[-1].text
        compounds = await bot.send(5001, "上一步")
        assert [c.text for c in compounds] == ["您住在哪里？请选择小区："]
        left = await bot.send(5001, "上一步")
        assert [c.text for c in left] == [
            "已退出选择住址：您登记的住户仍是 东小区 1号楼 1单元 101。"]
        await bot.press(5001, _data(compounds, "西小区"))
        bot.app.user_data[5001]["reg:at_when"] -= 3600  # shown an hour ago
        later = await bot.send(5001, "上一步")
        assert "请选择" not in later[-1].text
    assert not repo.entries(kind=Kind.REGISTRATION, status="pending")


async def test_a_step_typed_while_asking_to_change_household_is_read_as_the_step(repo):
    """A registered resident choosing another home (申请变更住户) who typed her room at
    the rooms got the menu's greeting; a newcomer's typed steps were read. Now hers are
    too, while the picker is fresh (half an hour); after that, the greeting as before."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(5001, "/start")
        compounds = await bot.press(5001, _data(calls, "申请变更住户"))
        calls = await bot.press(5001, _data(compounds, "西小区"))
        assert "西小区 1号楼 1单元：请选择房号" in calls[-1].text
        bot.app.user_data[5001]["reg:at_when"] -= 3600  # shown an hour ago
        later = await bot.send(5001, "101")
        assert "登记为" not in later[-1].text
        await bot.press(5001, _data(compounds, "西小区"))  # the picker again, now
        asked = await bot.send(5001, "102")
        assert "登记为 西小区 1号楼 1单元 102 的住户吗" in asked[-1].text, asked[-1].text
    assert not repo.entries(kind=Kind.REGISTRATION, status="pending")
