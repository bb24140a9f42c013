"""A resident's summary once she pressed 提交 (a report, an opinion, a fee report, a
correction, a question): the entry is stored, so the summary's buttons go (as under a volunteer's
/reverse or 撤回): before, 提交/修改/取消 stayed under a finished entry, to be pressed
again days later. A late press of them (the edit not arrived yet) stores nothing and
says so; a 提交 refused (the hour's limit) keeps them, to press when it may go."""

from __future__ import annotations

import shutil

import pytest
from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident, pid, settle
from robust_support import RobustHarness, make_data, settings_for

import bot.state
from db.entries import Kind
from db.repository import Repository

HOME = "c1/1/1/101"
UID = 7001


async def _report(bot):
    await bot.send(UID, "/report")
    await bot.press(UID, "rep:cat:lighting")
    await bot.send(UID, "1号楼门口的路灯坏了，晚上很黑")
    await bot.press(UID, "rep:photos")
    return await bot.press(UID, "rep:pn")


async def _opinion(bot):
    await bot.send(UID, "/opinion")
    return await bot.send(UID, "希望多装几盏路灯")


async def _fee(bot):
    await bot.send(UID, "/pay")
    await bot.press(UID, "pay:fee:property")
    await bot.press(UID, "pay:per:2025-01")
    await bot.send(UID, "120")
    return await bot.press(UID, "pay:skip")


async def _correction(bot):
    await bot.send(UID, "/correct")
    await bot.press_label(UID, "报事")
    await bot.send(UID, "1单元门口路灯坏了")
    return await bot.send(UID, "原文写了邻居的名字")


async def _question(bot):
    return await bot.send(UID, "/ask 1 这笔钱给了谁？")


FLOWS = {"report": (_report, Kind.ISSUE), "opinion": (_opinion, Kind.OPINION),
         "fee": (_fee, Kind.FEE_INCOME), "correction": (_correction, Kind.CORRECTION),
         "question": (_question, Kind.QUESTION)}


def _stored(repo, kind):
    return [e for e in repo.entries(kind=kind) if kind != Kind.FEE_INCOME
            or e.data.get("source") == "resident"]


@pytest.mark.parametrize("flow", sorted(FLOWS))
async def test_submit_takes_the_summarys_buttons_off_and_a_late_press_stores_nothing(
        repo, flow):
    person = confirmed_resident(repo, UID, HOME, 101)
    if flow == "correction":  # something of hers on the site to correct
        issue = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                         "text": "张三家门口路灯坏了"})
        repo.approve(issue.id, pid(repo, 101))
    if flow == "question":  # a line of the accounts to ask about
        spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
            "amount_fen": 350000, "payee": "清运公司", "purpose": "化粪池清掏",
            "category": "repair"})
        repo.approve(spent.id, pid(repo, 102))
    walk, kind = FLOWS[flow]
    async with BotHarness(repo) as bot:
        shown = await walk(bot)
        summary = shown[-1]
        buttons = summary.buttons()
        assert any(label == "提交" for label, _ in buttons), buttons
        sent = await bot.press_label(UID, "提交", exact=True)
        [entry] = _stored(repo, kind)
        # the summary she pressed 提交 on has no buttons any more
        assert [c for c in sent if c.method == "editMessageReplyMarkup"
                and c.params.get("message_id") == summary.message_id
                and not c.params.get("reply_markup")], [c.method for c in sent]
        told = [c for c in sent if c.chat_id == UID and c.method == "sendMessage"]
        assert f"#{entry.id}" in told[-1].text  # and her receipt says its number
        late = []
        for _label, data in buttons:  # pressed on a phone before the edit arrived
            late += await bot.press(UID, data, message_id=summary.message_id,
                                    text=summary.text)
    assert _stored(repo, kind) == [entry]  # nothing stored twice, nothing taken back
    told = [c.text for c in late if c.text] + \
        [c.params.get("text", "") for c in late if c.method == "answerCallbackQuery"]
    assert any("没有做任何事" in t or "不用再点" in t for t in told), told
    assert not any("已取消" in t for t in told), told  # the entry she sent was not cancelled


async def test_a_submit_stored_before_a_crash_takes_the_summarys_buttons_off_at_the_start(
        tmp_path, monkeypatch):
    """Killed after 提交 stored her fee report, before its step was done: the press is
    handled again at the next start and answered with her receipt; the summary loses its
    buttons then too."""
    data = make_data(tmp_path)
    image = tmp_path / "image"
    repo = Repository.open(data)
    real_done = bot.state._step_done

    def crash_before_done(repo_, update_id, *args):
        # the disk as a kill finds it right after the write, before the step is done
        if not image.exists() and update_id is not None and _stored(repo_, Kind.FEE_INCOME):
            shutil.copytree(data, image, ignore=shutil.ignore_patterns("*.lock"))
        return real_done(repo_, update_id, *args)

    monkeypatch.setattr(bot.state, "_step_done", crash_before_done)
    async with RobustHarness(repo, settings=settings_for(data)) as first:
        summary = (await _fee(first))[-1]
        await first.press_label(UID, "提交", exact=True)
        pressed = dict(first.last_update)
    repo.close()
    monkeypatch.setattr(bot.state, "_step_done", real_done)

    repo = Repository.open(image)
    [fee] = _stored(repo, Kind.FEE_INCOME)
    async with RobustHarness(repo, settings=settings_for(image)) as second:
        second.last_update = pressed
        told = await second.redeliver()
    assert any(f"#{fee.id}" in c.text for c in told), [c.text for c in told]
    assert [c for c in told if c.method == "editMessageReplyMarkup"
            and c.params.get("message_id") == summary.message_id
            and not c.params.get("reply_markup")], [c.method for c in told]
    repo.close()


async def _income(bot):
    await bot.send(101, "/income")
    await bot.press(101, "inc:fee:sanitation")
    await bot.press(101, "inc:unit:0")
    await bot.press(101, "inc:hh:0")
    await bot.press(101, "inc:per:2025")
    await bot.send(101, "120")
    return await bot.press(101, "inc:skip:1")


async def _expense(bot):
    await bot.send(101, "/expense")
    await bot.send(101, "20")
    await bot.send(101, "文具店")
    await bot.send(101, "打印公示")
    await bot.press(101, "exp:cat:office")
    await bot.send_photo(101, jpeg_bytes())
    return await bot.press(101, "exp:pub:1")


@pytest.mark.parametrize("flow", ["income", "expense"])
async def test_a_volunteers_record_it_takes_the_summarys_buttons_off_too(repo, flow):
    """The same for a volunteer's /income or /expense: 确认登记/修改/取消 stayed under the
    summary of a fee or expense recorded."""
    walk, kind = {"income": (_income, Kind.FEE_INCOME), "expense": (_expense, Kind.EXPENSE)}[flow]
    async with BotHarness(repo) as bot:
        summary = (await walk(bot))[-1]
        assert any(label == "确认登记" for label, _ in summary.buttons())
        sent = await bot.press_label(101, "确认登记", exact=True)
    [entry] = repo.entries(kind=kind)
    assert [c for c in sent if c.method == "editMessageReplyMarkup"
            and c.params.get("message_id") == summary.message_id
            and not c.params.get("reply_markup")], [c.method for c in sent]
    told = [c for c in sent if c.chat_id == 101 and c.method == "sendMessage"][-1]
    assert f"#{entry.id}" in told.text and (f"撤回 #{entry.id}", f"tb:ask:{entry.id}") \
        in told.buttons()


async def _announcement(bot):
    return 103, await bot.send(103, "/announce west 明天停水")


async def _election(bot):
    await bot.send(102, "/election")
    await bot.send(102, "第一届物管会选举")
    await bot.send(102, "2")
    await bot.send(102, "候选人甲（退休教师）\n候选人乙（网格员）\n候选人丙（楼长）")
    await bot.press(102, "elx:cand:done")
    return 102, await bot.press(102, "elx:days:14")


async def _mode(bot):
    return 900, await bot.send(900, "/mode west 物管会 居民推选物管会")


async def _proposal(bot):
    await bot.send(101, "/propose")
    for typed in ("装门禁", "更换大门门禁", "12000"):
        await bot.send(101, typed)
    await bot.press(101, "prop:mt:other_major")
    return 101, await bot.send(101, "2099-01-01")


def _open_vote(repo):
    vote = repo.create_proposal(pid(repo, 101), "east", title="修屋顶", description="",
                                budget_fen=0, matter="everyday", deadline="2099-01-01")
    settle(repo, vote.id)  # its result settled: it may close early
    return vote


async def _withdrawal(bot):
    return 101, await bot.send(101, f"/withdraw {_open_vote(bot.repo).id} 方案有误")


async def _early_close(bot):
    await bot.send(101, f"/closevote {_open_vote(bot.repo).id}")
    return 101, await bot.send(101, "施工方案有变")


async def _minutes(bot):
    await bot.send(101, "/meeting")
    await bot.press_label(101, "会诊")
    await bot.press_label(101, "今天")
    for typed in ("社区活动室", "党支部书记、网格员、楼栋长", "12", "化粪池满溢，楼道积水",
                  "下一步", "提议清掏化粪池"):
        await bot.send(101, typed)
    await bot.press(101, "mt:none")  # about no report
    return 101, await bot.send_photo(101, jpeg_bytes())  # the attendance sheet


async def _proxy_opinion(bot):
    confirmed_resident(bot.repo, UID, HOME, 101)
    await bot.send(102, "/proxy")
    await bot.press(102, "px:b:0")
    await bot.press(102, "px:u:0")
    await bot.press_label(102, "101", exact=True)
    await bot.press(102, "px:do:opinion")
    return 102, await bot.send(102, "希望早点修好单元门")


CONFIRMED = {"announcement": (_announcement, "an:ok:1"), "election": (_election, "elx:ok:1"),
             "mode": (_mode, "mode:ok:1"), "proposal": (_proposal, "prop:ok:1"),
             "withdrawal": (_withdrawal, "wd:ok:1"), "early close": (_early_close, "cv:ok:1"),
             "minutes": (_minutes, "mt:ok"), "proxy": (_proxy_opinion, "px:ok")}


@pytest.mark.parametrize("flow", sorted(CONFIRMED))
async def test_a_volunteers_confirmed_summary_loses_its_buttons_once_done(repo, flow):
    """The same for the volunteers' summaries confirmed in one step (an announcement, an
    election, a change of mode, a proposal, its withdrawal, a request to close it early,
    minutes, a report or opinion for a household): their confirm and Cancel buttons
    stayed under what was sent or recorded, to be pressed again (这个按钮已失效)."""
    walk, ok = CONFIRMED[flow]
    async with BotHarness(repo) as bot:
        uid, _shown = await walk(bot)
        summary, _buttons = bot.current_buttons(uid)
        assert summary is not None
        pressed = [data for _label, data in summary.buttons() if data.startswith(ok)]
        assert pressed, summary.buttons()
        sent = await bot.press(uid, pressed[0], message_id=summary.message_id,
                               text=summary.text)
    assert [c for c in sent if c.method == "editMessageReplyMarkup"
            and c.params.get("message_id") == summary.message_id
            and not c.params.get("reply_markup")], [c.method for c in sent]
    told = [c.text for c in sent if c.chat_id == uid and c.method == "sendMessage"]
    assert told and "取消" not in told[-1], told  # and she is told it was done


@pytest.mark.parametrize("flow", ["announcement", "proposal", "withdrawal", "early close"])
async def test_a_volunteers_summary_cancelled_loses_its_buttons_too(repo, flow):
    """取消 under an announcement's preview said 已取消，没有发送任何内容 and left 📢 发送给 …
    under it, to be pressed by mistake later (这个按钮已失效); the same under a proposal,
    its withdrawal or a request to close it early."""
    walk, _ok = CONFIRMED[flow]
    async with BotHarness(repo) as bot:
        uid, _shown = await walk(bot)
        summary, _buttons = bot.current_buttons(uid)
        assert summary is not None
        sent = await bot.press_label(uid, "取消", exact=True)
    assert [c for c in sent if c.method == "editMessageReplyMarkup"
            and c.params.get("message_id") == summary.message_id
            and not c.params.get("reply_markup")], [c.method for c in sent]
    assert "没有" in sent[-1].text and not repo.entries(kind=Kind.ANNOUNCEMENT)
    assert all(p.status == "open" and not p.data.get("early_close")
               for p in repo.entries(kind=Kind.PROPOSAL))


@pytest.mark.parametrize("flow", ["report", "opinion", "fee", "question"])
async def test_a_residents_summary_cancelled_loses_its_buttons_too(repo, flow):
    """取消 under a resident's summary (a report, an opinion, a fee report, a question)
    said 已取消，没有保存任何内容 and left 提交 under it, to be pressed later (这个按钮已失效),
    as under a volunteer's summary cancelled."""
    confirmed_resident(repo, UID, HOME, 101)
    if flow == "question":  # a line of the accounts to ask about
        spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
            "amount_fen": 350000, "payee": "清运公司", "purpose": "化粪池清掏",
            "category": "repair"})
        repo.approve(spent.id, pid(repo, 102))
    walk, kind = FLOWS[flow]
    async with BotHarness(repo) as bot:
        summary = (await walk(bot))[-1]
        assert any(label == "提交" for label, _ in summary.buttons()), summary.buttons()
        sent = await bot.press_label(UID, "取消", exact=True)
    assert [c for c in sent if c.method == "editMessageReplyMarkup"
            and c.params.get("message_id") == summary.message_id
            and not c.params.get("reply_markup")], [c.method for c in sent]
    assert "没有保存" in sent[-1].text and not _stored(repo, kind)


STORED = {"announcement": lambda r: r.entries(kind=Kind.ANNOUNCEMENT),
          "mode": lambda r: [e for e in r.mode_history("west")
                             if e.get("reason") == "居民推选物管会"],
          "minutes": lambda r: r.entries(kind=Kind.MEETING),
          "proxy": lambda r: r.entries(kind=Kind.OPINION)}


@pytest.mark.parametrize("flow", sorted(STORED))
async def test_a_volunteers_press_stored_before_a_crash_takes_the_buttons_off_at_the_start(
        tmp_path, monkeypatch, flow):
    """Killed after a volunteer's 发送 (an announcement), 记录这一变化 (a change of mode),
    提交 (minutes, an opinion for a household) stored it, before its step was done: the
    press answered at the next start (finish_saved) told her it was done and left the
    summary's buttons, which the resident's summary loses then."""
    data = make_data(tmp_path)
    image = tmp_path / "image"
    repo = Repository.open(data)
    real_done = bot.state._step_done
    stored = STORED[flow]

    def crash_before_done(repo_, update_id, *args):
        if not image.exists() and update_id is not None and stored(repo_):
            shutil.copytree(data, image, ignore=shutil.ignore_patterns("*.lock"))
        return real_done(repo_, update_id, *args)

    monkeypatch.setattr(bot.state, "_step_done", crash_before_done)
    walk, ok = CONFIRMED[flow]
    async with RobustHarness(repo, settings=settings_for(data)) as first:
        uid, _shown = await walk(first)
        summary, _buttons = first.current_buttons(uid)
        assert summary is not None
        [pressed] = [d for _label, d in summary.buttons() if d.startswith(ok)]
        await first.press(uid, pressed, message_id=summary.message_id, text=summary.text)
        update = dict(first.last_update)
    repo.close()
    monkeypatch.setattr(bot.state, "_step_done", real_done)

    repo = Repository.open(image)
    assert stored(repo)
    async with RobustHarness(repo, settings=settings_for(image)) as second:
        second.last_update = update
        told = await second.redeliver()
    assert [c for c in told if c.method == "editMessageReplyMarkup"
            and c.params.get("message_id") == summary.message_id
            and not c.params.get("reply_markup")], [c.method for c in told]
    assert [c for c in told if c.chat_id == uid and c.method == "sendMessage"]
    repo.close()
