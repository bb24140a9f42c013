"""上一步 typed at the first step of a volunteer's flow that she came back to (what she
entered still in it) leaves as 返回 does, and what was entered is kept with 继续填写, as
/income, /expense, /propose and the residents' flows keep theirs: /meeting, /announce,
/reverse, /election, /closevote, /withdraw and /proxy. Before, they kept no draft: 您刚才在
“…”里填写的内容没有提交，也没有保存。 and all of it was gone."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid, settle

from db.entries import Kind

NOT_KEPT = "没有提交，也没有保存"


def _kept_note(calls, title: str):
    """The note that the draft is kept (with 继续填写 and 放弃), and nothing said lost."""
    texts = "".join(c.text for c in calls)
    assert NOT_KEPT not in texts
    [note] = [c for c in calls if f"您没填完的“{title}”先为您保留" in c.text]
    assert [label for label, _ in note.buttons()] == ["继续填写", "放弃"]
    assert "回到主菜单" in calls[-1].text
    return note


async def _go_on(bot: BotHarness, tid: int, note):
    [data] = [d for label, d in note.buttons() if label == "继续填写"]
    return await bot.press(tid, data)


async def test_meeting_kind_chosen_is_kept_when_back_is_typed_at_it(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/meeting")
        await bot.press_label(101, "会诊")
        await bot.send(101, "上一步")  # the date: the kind, chosen
        note = _kept_note(await bot.send(101, "上一步"), "会议纪要（/meeting）")
        calls = await _go_on(bot, 101, note)
        assert "现在选的是“会诊”" in calls[-1].text
        date = await bot.press_label(101, "会诊")
        assert "哪一天" in date[-1].text


async def test_announce_text_is_kept_when_back_is_typed_at_it(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/announce 明天上午停水")
        await bot.send(101, "上一步")  # the preview: the text
        note = _kept_note(await bot.send(101, "上一步"), "公告（/announce）")
        calls = await _go_on(bot, 101, note)
        assert "现在填的是“明天上午停水”" in calls[-1].text
        preview = await bot.send(101, "不改")
        assert "明天上午停水" in preview[-1].text and "确认发送" in preview[-1].text


async def test_reverse_reason_is_kept_when_back_is_typed_at_it(repo):
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 800, "payee": "五金店", "purpose": "螺丝", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        await bot.send(102, "/reverse 1")
        await bot.send(102, "金额记错了")
        await bot.send(102, "上一步")  # the confirmation: the reason
        note = _kept_note(await bot.send(102, "上一步"), "冲正（/reverse）")
        calls = await _go_on(bot, 102, note)
        assert "现在填的是“金额记错了”" in calls[-1].text
        confirm = await bot.send(102, "不改")
        assert "原因：金额记错了" in confirm[-1].text


async def test_election_title_is_kept_when_back_is_typed_at_it(repo):
    async with BotHarness(repo) as bot:
        await bot.send(102, "/election")
        await bot.send(102, "第一届物管会选举")
        await bot.send(102, "上一步")  # the seats: the title
        note = _kept_note(await bot.send(102, "上一步"), "委员会选举（/election）")
        calls = await _go_on(bot, 102, note)
        assert "现在填的是“第一届物管会选举”" in calls[-1].text


@pytest.mark.parametrize(("command", "title", "why"), [
    ("closevote", "结束表决（/closevote）", "方案有变"),
    ("withdraw", "撤回提议（/withdraw）", "预算有误")])
async def test_a_reason_is_kept_when_back_is_typed_at_it(repo, command, title, why):
    p = repo.create_proposal(pid(repo, 101), "east", title="安装单元门", description="三个单元",
                             budget_fen=300000, matter="everyday", deadline="2099-01-01")
    settle(repo, p.id)  # its result settled: it may close early
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/{command} {p.id}")
        await bot.send(101, why)
        await bot.send(101, "上一步")  # the confirmation: the reason
        note = _kept_note(await bot.send(101, "上一步"), title)
        calls = await _go_on(bot, 101, note)
        assert f"现在填的是“{why}”" in calls[-1].text
        confirm = await bot.send(101, "不改")
        assert f"理由（公示）：{why}" in confirm[-1].text


async def test_proxy_report_is_kept_when_back_is_typed_at_the_buildings(repo):
    confirmed_resident(repo, 7002, "c1/1/1/102", 101)
    async with BotHarness(repo) as bot:
        await bot.send(102, "/proxy")
        await bot.press(102, "px:b:0")
        await bot.press(102, "px:u:0")
        await bot.press_label(102, "102", exact=True)
        await bot.press_label(102, "报事")
        await bot.press(102, "px:cat:sanitation")
        await bot.send(102, "楼道里堆满了杂物")
        for _ in range(6):  # the photos, words, category, what, rooms, units: the buildings
            await bot.send(102, "上一步")
        note = _kept_note(await bot.send(102, "上一步"), "代办（/proxy）")
        calls = await _go_on(bot, 102, note)
        assert "请先选楼栋" in calls[-1].text
        await bot.press(102, "px:b:0")
        await bot.press(102, "px:u:0")
        await bot.press_label(102, "102", exact=True)
        await bot.press_label(102, "报事")
        words = await bot.press(102, "px:cat:sanitation")
        assert "楼道里堆满了杂物" in words[-1].text


async def test_a_volunteer_of_two_areas_takes_up_a_text_kept_before_the_area(repo):
    repo.grant(pid(repo, 900), 103, "east", title="网格员")
    async with BotHarness(repo) as bot:
        await bot.send(103, "/announce")
        await bot.send(103, "明天上午停水")  # the text first; then the areas
        await bot.send(103, "上一步")  # the areas: the text
        note = _kept_note(await bot.send(103, "上一步"), "公告（/announce）")
        again = await bot.send(103, "/announce")  # offered, as a kept /income is
        assert "您有一份没填完的“公告（/announce）”" in again[-1].text
        calls = await _go_on(bot, 103, note)
        assert "现在填的是“明天上午停水”" in calls[-1].text
        areas = await bot.send(103, "不改")
        assert "东小区" in [label for label, _ in areas[-1].buttons()]
