"""The areas of someone acting for several (a volunteer's /income, /expense, /propose,
/election, /meeting, /reverse, /proxy, /announce; a resident who also supervises another
area at /ask) and /ask's lines, votes and minutes, asked again after a sticker, a voice
note or a photo, come with the buttons they were asked with. Before (walk136's NOT_YET),
请点上面的按钮选择 came alone, the buttons read from the store scrolled away above on a
phone (walk141)."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness, jpeg_bytes
from conftest import close_when_due, confirmed_resident, pid, settle

from db.entries import Kind

STICKER = {"sticker": {"file_id": "s1", "file_unique_id": "s1", "type": "regular",
                       "width": 512, "height": 512, "is_animated": False,
                       "is_video": False}}


def same_buttons(asked, again) -> None:
    assert again.buttons() and again.buttons() == asked.buttons(), (asked.buttons(),
                                                                  again.buttons())


async def test_the_areas_and_the_lines_of_a_question_come_again_after_a_sticker_or_a_voice_note(
        repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    repo.grant(pid(repo, 900), 7001, "west", role="supervisor")
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 25000, "payee": "保洁公司", "purpose": "院内保洁", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        areas = await bot.send(7001, "/ask")
        again = await bot.send_raw(7001, **STICKER)
        assert "按钮" in again[-1].text
        same_buttons(areas[-1], again[-1])
        target = await bot.press(7001, "ask:area:0")
        again = await bot.send_voice(7001)
        same_buttons(target[-1], again[-1])
        assert "ask:t:l:1" in [data for _, data in again[-1].buttons()]
        asked = await bot.press(7001, "ask:t:l:1")  # the buttons pressed from below work
        # the voice note is her question (test_bot_ask_voice): confirmed next
        assert "您关于第 1 笔账的提问：（一条语音" in asked[-1].text


@pytest.mark.parametrize("command", ["/income", "/expense", "/propose", "/election",
                                     "/meeting", "/reverse", "/proxy"])
async def test_a_volunteers_areas_come_again_after_a_photo(repo, command):
    repo.grant(pid(repo, 900), 101, "west")
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, command)
        assert "东小区" in [label for label, _ in asked[-1].buttons()], asked[-1].text
        again = await bot.send_photo(101, jpeg_bytes())
        same_buttons(asked[-1], again[-1])


async def test_the_areas_of_an_announcement_come_again_with_back_after_a_voice_note(repo):
    repo.grant(pid(repo, 900), 101, "west")
    async with BotHarness(repo) as bot:
        await bot.send(101, "/announce")
        asked = await bot.send(101, "明天上午九点停水，请提前储水")
        assert "东小区" in [label for label, _ in asked[-1].buttons()], asked[-1].text
        again = await bot.send_voice(101)
        same_buttons(asked[-1], again[-1])


async def test_the_steps_of_a_fee_collected_come_again_with_their_buttons_after_a_sticker(repo):
    """/income's fee, unit, household, period and what to change (修改), each asked with
    ⬅️ 上一步 and its choices read from the street: after a sticker, 请点上面的按钮选择
    alone (walk141)."""
    async with BotHarness(repo) as bot:
        for how, what in [("send", "/income"), ("press", "inc:fee:sanitation"),
                          ("press", "inc:unit:0"), ("press", "inc:hh:0"),
                          ("press", "inc:per:2025"), ("send", "120"), ("label", "没有收据"),
                          ("label", "修改")]:
            asked = await (bot.send(101, what) if how == "send" else
                           bot.press_label(101, what) if how == "label" else
                           bot.press(101, what))
            if what in ("inc:per:2025", "120", "没有收据"):  # amount, receipt, summary: before
                continue
            again = await bot.send_raw(101, **STICKER)
            same_buttons(asked[-1], again[-1])
        await bot.press(101, "inc:fix:amount")  # a button brought again works
    assert not repo.entries(kind=Kind.FEE_INCOME)


async def test_the_report_public_receipt_and_change_of_an_expense_come_again_after_a_photo(
        repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    issue = repo.submit(pid(repo, 7001), Kind.ISSUE, "east",
                        {"category": "lighting", "text": "2号楼路灯不亮"})
    repo.approve(issue.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        await bot.send(101, "350")
        await bot.send(101, "光明电器维修部")
        await bot.send(101, "更换2号楼路灯灯泡")
        asked = await bot.press(101, "exp:cat:lighting")
        assert asked[-1].buttons()[:2] == [(f"#{issue.id} 路灯照明 2号楼路灯不亮",
                                            f"exp:iss:{issue.id}"), ("不关联", "exp:iss:0")]
        again = await bot.send_voice(101)
        same_buttons(asked[-1], again[-1])
        await bot.press(101, asked[-1].buttons()[0][1])  # the report
        asked = await bot.send_photo(101, jpeg_bytes())  # the receipt: public or not?
        again = await bot.send_voice(101)
        same_buttons(asked[-1], again[-1])
        summary = await bot.press(101, "exp:pub:1")
        asked = await bot.press_label(101, "修改")
        again = await bot.send_voice(101)
        same_buttons(asked[-1], again[-1])
    assert summary


async def test_the_projects_of_an_expense_come_again_after_a_sticker(repo):
    project = repo.create_proposal(pid(repo, 101), "east", title="硬化路面", description="",
                                   budget_fen=100000, matter="everyday",
                                   deadline="2025-01-01")
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    repo.cast_vote(resident, project.id, "agree")
    close_when_due(repo, project.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        await bot.send(102, "/expense")
        await bot.send(102, "350")
        await bot.send(102, "老李五金店")
        await bot.send(102, "水泥和沙子")
        asked = await bot.press(102, "exp:cat:project")
        assert (f"#{project.id} 硬化路面", f"exp:prj:{project.id}") in asked[-1].buttons()
        again = await bot.send_raw(102, **STICKER)
        same_buttons(asked[-1], again[-1])


async def test_a_summary_pressed_after_going_back_and_changing_nothing_still_records(repo):
    """The buttons a step was asked with, noted in the draft, are not part of its seal:
    修改 at the summary (what to change, its buttons noted), then ⬅️ 上一步 back to the
    summary, nothing changed: 确认登记 of the first summary records it (not "the record
    changed, check it again")."""
    async with BotHarness(repo) as bot:
        for data in ("inc:fee:sanitation", "inc:unit:0", "inc:hh:0", "inc:per:2025"):
            await bot.press(101, data) if data != "inc:fee:sanitation" else \
                (await bot.send(101, "/income"), await bot.press(101, data))
        await bot.send(101, "120")
        summary = await bot.press_label(101, "没有收据")
        ok = [d for label, d in summary[-1].buttons() if label == "确认登记"][0]
        await bot.press_label(101, "修改")
        await bot.press(101, "inc:back:confirm")
        done = await bot.press(101, ok)
    assert len(repo.entries(kind=Kind.FEE_INCOME)) == 1, [c.text for c in done]


async def test_the_steps_of_an_election_a_proposal_and_a_reversal_come_again_after_a_sticker(
        repo):
    """The election's title, seats, candidates and deadline, the proposal's deadline, and
    the reversal's lines and reason: asked with ⬅️ 上一步 (取消, 就这些, the days, the
    lines), asked again after a sticker with nothing under them (walk141)."""
    v1, v2 = pid(repo, 101), pid(repo, 102)
    for purpose in ("螺丝", "灯泡"):
        spent = repo.submit(v1, Kind.EXPENSE, "east", {
            "amount_fen": 800, "payee": "五金店", "purpose": purpose, "category": "repair"})
        repo.approve(spent.id, v2)

    async def each(uid: int, steps: list[str]) -> None:
        for typed in steps:
            asked = await (bot.press(uid, typed[1:]) if typed.startswith("!") else
                           bot.send(uid, typed))
            again = await bot.send_raw(uid, **STICKER)
            same_buttons(asked[-1], again[-1])

    async with BotHarness(repo) as bot:
        await each(102, ["/election", "第一届物管会选举", "2", "候选人甲（退休教师）",
                         "候选人乙", "候选人丙", "!elx:cand:done"])
        await bot.send(102, "/cancel")
        await bot.send(101, "/propose")
        for typed in ("筹集维修资金", "每户每年100元", "0"):
            await bot.send(101, typed)
        await each(101, ["!prop:mt:raise_maintenance_fund"])
        await bot.send(101, "/cancel")
        await each(102, ["/reverse", "!rev:seq:2"])


async def test_each_step_of_the_minutes_comes_again_with_its_buttons_after_a_sticker(repo):
    """/meeting's kind, date, place, roles, residents, topics (下一步 once some are in),
    decisions, reports and sheet: asked with 今天, 无, 跳过, 取消 and ⬅️ 上一步, asked again
    after a sticker or photo with none (walk141)."""
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, "/meeting")
        for step in ("!会诊", "!今天", "社区活动室", "网格员、楼栋长", "12", "屋顶防水", "下一步",
                     "下月维修", "!无"):
            again = await bot.send_raw(101, **STICKER)
            same_buttons(asked[-1], again[-1])
            asked = await (bot.press_label(101, step[1:]) if step.startswith("!") else
                           bot.send(101, step))
        assert "签到" in asked[-1].text, asked[-1].text  # the sheet
        again = await bot.send_voice(101)
        same_buttons(asked[-1], again[-1])


async def test_each_step_of_acting_for_a_neighbour_comes_again_with_its_buttons(repo):
    """/proxy's building, unit, room, what to record, the problem's kind and words, and a
    fee: asked with their choices, 取消 and ⬅️ 上一步, asked again after a sticker or a
    voice note with none (walk141)."""
    confirmed_resident(repo, 7002, "c1/1/1/101", 101)
    repo.create_proposal(pid(repo, 101), "east", title="硬化路面", description="",
                         budget_fen=100000, matter="everyday", deadline="2099-01-01")
    async with BotHarness(repo) as bot:
        asked = await bot.send(102, "/proxy")
        for step in ("px:b:0", "px:u:0", "!102", "px:do:issue", "px:cat:lighting"):
            again = await bot.send_raw(102, **STICKER)
            same_buttons(asked[-1], again[-1])
            asked = await (bot.press_label(102, step[1:], exact=True) if step.startswith("!")
                           else bot.press(102, step))
        again = await bot.send_raw(102, **STICKER)  # the words: 取消 and ⬅️ 上一步
        same_buttons(asked[-1], again[-1])
        for back in ("上一步", "上一步"):  # the kind, then what to record
            await bot.send(102, back)
        asked = await bot.press(102, "px:do:fee")
        again = await bot.send_voice(102)
        same_buttons(asked[-1], again[-1])
        await bot.send(102, "上一步")  # what to record
        for step, choice in (("px:do:vote", "硬化路面"), ("px:p:0", "同意")):
            asked = await bot.press(102, step)  # the proposal, then how they voted
            assert any(choice in label for label, _ in asked[-1].buttons()), asked[-1].text
            again = await bot.send_raw(102, **STICKER)
            same_buttons(asked[-1], again[-1])


async def _summary_again_and_pressed(bot, uid: int, asked, label: str) -> None:
    """A sticker at a summary brings its buttons (sealed as shown); the one pressed from
    the message below goes through."""
    again = await bot.send_raw(uid, **STICKER)
    same_buttons(asked[-1], again[-1])
    found = [d for text, d in again[-1].buttons() if text.startswith(label)]
    assert len(found) == 1, again[-1].buttons()
    await bot.press(uid, found[0])


async def test_the_summaries_of_the_volunteers_flows_come_again_and_go_through(repo):
    """The summaries of /election, /propose, /reverse, /meeting, /announce and /proxy,
    asked again after a sticker with 请点上面的按钮选择 alone (walk141): now with their
    buttons, and the one pressed from below is taken (its seal as shown)."""
    v1, v2 = pid(repo, 101), pid(repo, 102)
    for purpose in ("螺丝", "灯泡"):
        spent = repo.submit(v1, Kind.EXPENSE, "east", {
            "amount_fen": 800, "payee": "五金店", "purpose": purpose, "category": "repair"})
        repo.approve(spent.id, v2)
    confirmed_resident(repo, 7002, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        for typed in ("/election", "第一届物管会选举", "2", "候选人甲", "候选人乙"):
            await bot.send(102, typed)
        await bot.press(102, "elx:cand:done")
        asked = await bot.press(102, "elx:days:14")
        await _summary_again_and_pressed(bot, 102, asked, "开始选举")
        for typed in ("/propose", "筹集维修资金", "每户每年100元", "0"):
            await bot.send(101, typed)
        await bot.press(101, "prop:mt:raise_maintenance_fund")
        asked = await bot.send(101, "2099-03-01")
        await _summary_again_and_pressed(bot, 101, asked, "发布并开始投票")
        await bot.send(102, "/reverse")
        await bot.press(102, "rev:seq:2")
        asked = await bot.send(102, "金额记错了")
        await _summary_again_and_pressed(bot, 102, asked, "确认冲正第 2 笔")
        await bot.send(101, "/meeting")
        await bot.press_label(101, "会诊")
        await bot.press_label(101, "今天")
        for typed in ("社区活动室", "网格员、楼栋长", "12", "屋顶防水", "下一步", "下月维修"):
            await bot.send(101, typed)
        await bot.press_label(101, "无")
        asked = await bot.press_label(101, "跳过")
        await _summary_again_and_pressed(bot, 101, asked, "提交")
        await bot.send(101, "/announce")
        asked = await bot.send(101, "明天上午九点停水，请提前储水")
        await _summary_again_and_pressed(bot, 101, asked, "📢")
        for data in ("px:b:0", "px:u:0"):
            await (bot.send(102, "/proxy") if data == "px:b:0" else bot.press(102, data))
            if data == "px:b:0":
                await bot.press(102, data)
        await bot.press_label(102, "101", exact=True)
        await bot.press(102, "px:do:issue")
        await bot.press(102, "px:cat:lighting")
        asked = await bot.send(102, "一楼的灯不亮")  # the photos: 完成, then the summary
        again = await bot.send_voice(102)
        same_buttons(asked[-1], again[-1])
        asked = await bot.press(102, "px:ph")
        await _summary_again_and_pressed(bot, 102, asked, "提交")
    assert [e for e in repo.entries(kind=Kind.PROPOSAL) if e.data.get("election")]
    assert [e for e in repo.entries(kind=Kind.PROPOSAL) if not e.data.get("election")]
    assert repo.entries(kind=Kind.REVERSAL) and repo.entries(kind=Kind.MEETING)
    assert repo.entries(kind=Kind.ANNOUNCEMENT) and repo.entries(kind=Kind.ISSUE)


async def test_closing_early_and_withdrawing_bring_their_votes_and_summaries_again(repo):
    """/closevote's and /withdraw's list of votes and their summaries, asked again after a
    sticker or a voice note with 请点上面的按钮选择 alone (walk141); the summary's button
    pressed from below goes through."""
    def proposal(title: str):
        return repo.create_proposal(pid(repo, 101), "east", title=title, description="",
                                    budget_fen=0, matter="everyday", deadline="2099-01-01")

    closing, withdrawn = proposal("安装单元门"), proposal("粉刷楼道")
    settle(repo, closing.id)  # its result settled: it may close early
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, "/closevote")
        again = await bot.send_voice(101)
        same_buttons(asked[-1], again[-1])
        await bot.press(101, f"cv:p:{closing.id}")
        asked = await bot.send(101, "施工方案有变")
        await _summary_again_and_pressed(bot, 101, asked, "请另一位志愿者确认")
        asked = await bot.send(102, "/withdraw")
        again = await bot.send_raw(102, **STICKER)
        same_buttons(asked[-1], again[-1])
        await bot.press(102, f"wd:p:{withdrawn.id}")
        asked = await bot.send(102, "预算写错了，下周重新发起")
        await _summary_again_and_pressed(bot, 102, asked, "撤回")
    assert repo.entry(closing.id).data.get("early_close")
    assert repo.entry(withdrawn.id).status.value == "withdrawn"


async def test_the_summaries_of_a_correction_a_change_of_mode_and_seating_come_again(repo):
    """/correct's summary (a resident's), /mode's and /seat's (an admin's), asked again
    after a sticker with 请点上面的按钮选择 alone (walk141); pressed from below, they go
    through."""
    resident = confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting",
                                                        "text": "张三家门口路灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    voters = [confirmed_resident(repo, 7002 + n, home, 103)
              for n, home in enumerate(("c2/1/1/101", "c2/1/1/102"))]
    election = repo.open_election(pid(repo, 103), "west", title="第一届物管会选举", seats=1,
                                  candidates=["候选人甲（退休教师）", "候选人乙（楼长）"],
                                  deadline="2025-01-20")
    for voter in voters:
        repo.cast_ballot(voter, election.id, [1])
    close_when_due(repo, election.id, pid(repo, 103))
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/correct")
        await bot.press(7001, f"cor:e:{issue.id}")
        await bot.send(7001, "门口路灯坏了")
        asked = await bot.send(7001, "写了邻居的名字")
        await _summary_again_and_pressed(bot, 7001, asked, "提交")
        asked = await bot.send(900, f"/seat {election.id} 7002")
        await _summary_again_and_pressed(bot, 900, asked, "授予")
        asked = await bot.send(900, "/mode west 物管会 居民推选物管会")
        await _summary_again_and_pressed(bot, 900, asked, "记录这一变化")
    assert repo.entries(kind=Kind.CORRECTION)
    assert repo.mode_history("west")[-1]["mode"] == "committee"


async def test_the_people_a_grant_could_mean_come_again_after_a_sticker(repo):
    """/grant's "which one?" (the residents of one flat, a button each), asked again
    after a sticker with 请输入获得角色的人 alone, the buttons scrolled away (walk141)."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    confirmed_resident(repo, 5002, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(900, "/grant")
        several = await bot.send(900, "东小区1号楼1单元101")
        assert len(several[-1].buttons()) == 2 + 1  # and 取消
        again = await bot.send_raw(900, **STICKER)
        same_buttons(several[-1], again[-1])
        areas = await bot.press(900, again[-1].buttons()[1][1])
    assert "东小区" in [label for label, _ in areas[-1].buttons()]


async def test_an_answer_written_before_its_question_was_public_is_offered_again(repo):
    """✍️ 答复 on a question whose answer was typed before it was approved shows that
    answer with 📢 发布我写好的这条答复; a sticker there got 请输入答复 alone, the button
    scrolled away (walk141). Now it comes again, and publishes the answer."""
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 25000, "payee": "保洁公司", "purpose": "院内保洁", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    q = repo.ask(resident, "east", "line", 1, "这笔钱给了谁？")
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/answer {q.id} 付给清运公司")  # not public yet: kept
        repo.approve(q.id, pid(repo, 102))
        asked = await bot.press(101, f"ans:q:{q.id}")
        assert "📢 发布我写好的这条答复" in [label for label, _ in asked[-1].buttons()]
        again = await bot.send_raw(101, **STICKER)
        same_buttons(asked[-1], again[-1])
        await bot.press(101, again[-1].buttons()[0][1])
    assert repo.entry(q.id).data["answer"] == "付给清运公司"


async def test_the_amount_and_receipt_of_a_fee_collected_come_again_with_back(repo):
    """/income's amount asked again after a sticker came with nothing under it (no usual
    amount), its receipt with 没有收据 alone: ⬅️ 上一步 was missing (walk141)."""
    async with BotHarness(repo) as bot:
        await bot.send(101, "/income")
        for data in ("inc:fee:sanitation", "inc:unit:0", "inc:hh:0"):
            await bot.press(101, data)
        asked = await bot.press(101, "inc:per:2025")
        again = await bot.send_raw(101, **STICKER)
        same_buttons(asked[-1], again[-1])
        asked = await bot.send(101, "120")
        again = await bot.send_raw(101, **STICKER)
        same_buttons(asked[-1], again[-1])
        assert [label for label, _ in again[-1].buttons()] == ["没有收据", "⬅️ 上一步"]
