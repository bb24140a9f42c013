"""Proposals through the real Application: the /propose flow with the matter
picked from the list of art. 278, /paper signatures marked as paper with the
volunteer's role (and confirmed over an online vote), /closevote at the
deadline and early with a second volunteer, /withdraw, the votes that close
by themselves (also after a restart), and /stage for projects."""

from __future__ import annotations

import re
from datetime import timedelta

from bot_harness import BotHarness, jpeg_bytes
from conftest import close_when_due, confirmed_resident, past_deadline, pid, settle

from db.entries import Kind, Status
from db.matters import MATTERS
from db.repository import Repository


def residents(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    confirmed_resident(repo, 5002, "c1/1/1/102", 101)


def open_proposal(repo, matter="everyday", deadline="2099-01-01"):
    return repo.create_proposal(pid(repo, 101), "east", title="安装单元门", description="三个单元",
                                budget_fen=300000, matter=matter, deadline=deadline)


def to(calls, chat):
    return [c.text for c in calls if c.chat_id == chat and c.method == "sendMessage"]


# -- /propose ---------------------------------------------------------------------------


async def test_a_deadline_typed_as_a_day_without_its_year_is_read_as_the_next_such_day(repo):
    """12月20日 or 12月20号, as volunteers type it, was answered "type a date from today
    on" although it was days ahead (found in a trial of steward run)."""
    residents(repo)
    today = repo.clock().date()
    ahead, passed = today + timedelta(days=10), today - timedelta(days=3)
    async with BotHarness(repo) as bot:
        for day in (ahead, passed):
            await bot.send(101, "/propose")
            for typed in ("装门禁", "更换大门门禁", "12000"):
                await bot.send(101, typed)
            await bot.press(101, "prop:mt:other_major")
            summary = await bot.send(101, f"{day.month}月{day.day}号")
            assert "请核对" in summary[-1].text, summary[-1].text
            await bot.press(101, "prop:ok:1")
    deadlines = sorted(p.data["deadline"] for p in repo.entries(kind=Kind.PROPOSAL))
    assert deadlines == sorted([ahead.isoformat(),
                                passed.replace(year=passed.year + 1).isoformat()])


async def test_propose_flow_picks_the_matter_from_the_list_and_tells_the_residents(repo):
    residents(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/propose")
        await bot.send(101, "硬化路面")
        await bot.send(101, "把3号楼前的土路硬化")
        bad = await bot.send(101, "一万五千块多")
        matters = await bot.send(101, "15000")
        forged = await bot.press(101, "prop:mt:dictator")
        old_rule = await bot.press(101, "prop:rule:civil_code_278")  # the old question's button
        deadline = await bot.press(101, "prop:mt:use_maintenance_fund")
        past = await bot.send(101, "2020-01-01")
        summary = await bot.send(101, "2025-02-01")
        calls = await bot.press(101, "prop:ok:1")
    assert "金额" in bad[-1].text and "日期" in past[-1].text
    # ten buttons: the nine matters of art. 278 in the law's order, then the everyday one
    # (and ⬅️ 上一步 to the budget)
    assert [d for _, d in matters[-1].buttons()] == [
        *(f"prop:mt:{m.code}" for m in MATTERS), "prop:back:budget"]
    labels = [label for label, _ in matters[-1].buttons()]
    assert labels[4] == "5 使用维修资金" and labels[7] == "8 改变共有部分用途或经营"
    assert "第五项“使用维修资金”属于一般事项" in matters[-1].text
    assert any("失效" in c.text for c in forged) and any("失效" in c.text for c in old_rule)
    assert "民法典第二百七十八条第五项：使用建筑物及其附属设施的维修资金" in deadline[-1].text
    text = summary[-1].text
    assert "表决事项：民法典第二百七十八条第五项" in text and "¥15,000.00" in text
    assert "参与表决专有部分面积过半数且参与表决人数过半数的业主同意" in text
    [proposal] = repo.entries(kind=Kind.PROPOSAL)
    assert proposal.status == Status.OPEN
    d = proposal.data
    assert (d["matter"], d["rule"], d["special"], d["deadline"], d["budget_fen"]) == (
        "use_maintenance_fund", "civil_code_278", False, "2025-02-01", 1500000)
    assert set(d["electorate"]["households"]) == {"c1/1/1/101", "c1/1/1/102", "c1/1/1/201"}
    told = {c.chat_id for c in calls if "硬化路面" in c.text and "“投票”" in c.text
            and "第二百七十八条第五项" in c.text}
    assert told == {5001, 5002}
    assert f"#{proposal.id}" in calls[-1].text and calls[-1].chat_id == 101


async def test_a_special_matter_says_three_quarters_in_the_summary(repo):
    async with BotHarness(repo) as bot:
        await bot.send(102, "/propose")
        await bot.send(102, "电动车充电棚")
        await bot.send(102, "把自行车棚改成充电棚")
        await bot.send(102, "26000")
        await bot.press(102, "prop:mt:common_parts")
        summary = await bot.press(102, "prop:days:14")
        await bot.press(102, "prop:ok:1")
    assert "或者利用共有部分从事经营活动" in summary[-1].text
    assert "四分之三以上" in summary[-1].text
    [proposal] = repo.entries(kind=Kind.PROPOSAL)
    assert proposal.data["special"] is True and proposal.data["matter"] == "common_parts"


async def test_an_admin_of_several_areas_chooses_the_area_of_a_proposal_first(repo):
    async with BotHarness(repo) as bot:
        asked = await bot.send(900, "/propose")  # the street's admin: every area
        assert [d for _, d in asked[-1].buttons()] == ["prop:area:0", "prop:area:1", "prop:cancel"]
        forged = await bot.press(900, "prop:area:7")
        title = await bot.press(900, "prop:area:1")
        await bot.send(900, "清理化粪池")
        await bot.send(900, "请专业队伍清掏")
        await bot.send(900, "3500")
        await bot.press(900, "prop:mt:everyday")
        await bot.press(900, "prop:days:7")
        await bot.press(900, "prop:ok:1")
    assert "失效" in forged[-1].text
    assert "西小区" in title[-1].text  # asked for the title of the chosen area
    [proposal] = repo.entries(kind=Kind.PROPOSAL)
    assert proposal.area == "west" and proposal.data["title"] == "清理化粪池"
    assert proposal.data["rule"] == "simple_majority"


async def test_cancelling_the_propose_flow_saves_nothing(repo):
    async with BotHarness(repo) as bot:
        await bot.send(102, "/propose")
        await bot.send(102, "粉刷车位")
        await bot.send(102, "画线")
        await bot.send(102, "0")
        await bot.press(102, "prop:mt:everyday")
        summary = await bot.press(102, "prop:days:14")
        # the confirming button carries the seal of the draft it summarises (bot/flows.py)
        assert [b[1].split("~")[0] for b in summary[-1].buttons()] == [
            "prop:ok:1", "prop:ok:0", "prop:back:deadline"]
        assert "~" in summary[-1].buttons()[0][1]
        await bot.press(102, "prop:ok:0")
    assert repo.entries(kind=Kind.PROPOSAL) == []


async def test_forged_buttons_in_the_propose_flow_change_nothing(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/propose")
        await bot.send(101, "标题")
        await bot.send(101, "说明")
        await bot.send(101, "100")
        forged = await bot.press(101, "prop:mt:")
        early = await bot.press(101, "prop:ok:1")
    assert any("失效" in c.text for c in forged) and any("失效" in c.text for c in early)
    assert repo.entries(kind=Kind.PROPOSAL) == []


# -- /paper -------------------------------------------------------------------------------


async def test_paper_signature_is_marked_paper_and_the_household_is_told_by_which_role(repo):
    residents(repo)
    proposal = open_proposal(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, f"/paper {proposal.id} 1/1/101 同意")
        asked = await bot.send(102, f"/paper {proposal.id} c1/1/1/101 disagree")
        assert "已在" in asked[-1].text  # her own sheet over: she sees what is there first
        again = await bot.press(102, asked[-1].buttons()[0][1])
    [counted] = repo.entries(kind=Kind.VOTE, status=Status.COUNTED)
    assert counted.data["paper"] is True and counted.data["household"] == "c1/1/1/101"
    assert counted.data["choice"] == "disagree" and counted.author_role == "物管会委员乙"
    assert "东小区 1号楼 1单元 101" in to(calls, 102)[-1] and "物管会委员" in to(calls, 102)[-1]
    assert "之前" in to(again, 102)[-1] or "此前" in to(again, 102)[-1]
    # the resident bound to 101 hears of both, with the role; the neighbour of 102 of none
    [first] = to(calls, 5001)
    assert "纸质签字“同意”" in first and "物管会委员" in first
    assert "取代此前的“同意”（纸质签字）" in to(again, 5001)[0]
    assert to(calls, 5002) == [] and to(again, 5002) == []


async def test_paper_over_an_online_vote_says_so_and_records_only_when_confirmed(repo):
    residents(repo)
    proposal = open_proposal(repo)
    async with BotHarness(repo) as bot:
        await bot.press(5001, f"vote:{proposal.id}:agree")
        asked = await bot.send(102, f"/paper {proposal.id} 1/1/101 反对")
        buttons = asked[-1].buttons()
        kept = await bot.press(102, buttons[1][1])
        assert repo.current_votes(proposal.id) == {"c1/1/1/101": "agree"}
        forged = await bot.press(102, f"pp:y:{proposal.id}:99:disagree:1")
        done = await bot.press(102, buttons[0][1])
        stale = await bot.press(102, buttons[0][1])  # pressed twice: the vote it named is gone
    text = asked[-1].text
    assert "在网上投过票" in text and "以后一次为准" in text
    assert "同意" not in text  # how the owner voted online is said to nobody
    assert [label for label, _ in buttons] == ["登记纸质签字", "保留网上投票"]
    assert "没有登记" in to(kept, 102)[-1]
    assert "失效" in forged[-1].text
    assert "已登记" in to(done, 102)[-1] and "网上投票" in to(done, 102)[-1]
    assert "同意" not in to(done, 102)[-1]
    assert repo.current_votes(proposal.id) == {"c1/1/1/101": "disagree"}
    [told] = to(done, 5001)
    assert "纸质签字“反对”" in told and "物管会委员" in told
    assert "取代此前的“同意”（网上投票）" in told
    assert "没有登记" in to(stale, 102)[-1] and to(stale, 5001) == []  # nothing recorded twice
    votes = repo.entries(kind=Kind.VOTE)
    assert [(v.data["paper"], v.status) for v in votes] == [(False, Status.REPLACED),
                                                             (True, Status.COUNTED)]


async def test_an_online_vote_over_a_paper_signature_asks_the_resident_first(repo):
    residents(repo)
    proposal = open_proposal(repo)
    repo.cast_vote(pid(repo, 102), proposal.id, "disagree", household="c1/1/1/101", paper=True)
    async with BotHarness(repo) as bot:
        asked = await bot.press(5001, f"vote:{proposal.id}:agree")
        keep = await bot.press(5001, f"vote:{proposal.id}:keep")
        assert repo.current_votes(proposal.id) == {"c1/1/1/101": "disagree"}
        done = await bot.press(5001, asked[-1].buttons()[0][1])
    assert "物管会委员" in asked[-1].text and "纸质签字" in asked[-1].text
    assert "“反对”" in asked[-1].text
    assert [label for label, _ in asked[-1].buttons()] == ["改为我的网上投票", "保留纸质签字"]
    assert "没有登记" in keep[-1].text
    assert "已改为“同意”" in to(done, 5001)[0]
    assert repo.current_votes(proposal.id) == {"c1/1/1/101": "agree"}


async def test_paper_with_bad_household_or_choice_is_explained(repo):
    proposal = open_proposal(repo)
    async with BotHarness(repo) as bot:
        no_house = await bot.send(101, f"/paper {proposal.id} 9/9/909 agree")
        west_house = await bot.send(101, f"/paper {proposal.id} c2/1/1/101 agree")
        bad_choice = await bot.send(101, f"/paper {proposal.id} 1/1/101 maybe")
        other_area = await bot.send(103, f"/paper {proposal.id} 1/1/101 agree")
    assert "住户" in no_house[-1].text and "住户" in west_house[-1].text
    assert "“maybe”不是“同意”“反对”或“弃权”，什么也没有登记" in bad_choice[-1].text
    assert [label for label, _ in bad_choice[-1].buttons()][:3] == ["同意", "反对", "弃权"]
    assert "不是您负责的区域" in other_area[-1].text
    assert repo.entries(kind=Kind.VOTE) == []


async def test_paper_takes_a_household_as_it_is_said_and_names_the_forms_when_none_fits(repo):
    proposal = open_proposal(repo)
    async with BotHarness(repo) as bot:
        said = await bot.send(101, f"/paper {proposal.id} 1号楼1单元101室 agree")
        await bot.send(101, f"/paper {proposal.id} 东小区1栋1单元102 disagree")
        west_house = await bot.send(101, f"/paper {proposal.id} 西小区1号楼1单元101 agree")
    assert repo.current_votes(proposal.id) == {"c1/1/1/101": "agree", "c1/1/1/102": "disagree"}
    assert "纸质" in said[-1].text and "东小区 1号楼 1单元 101" in said[-1].text
    assert f"#{proposal.id} 的住户中没有 西小区1号楼1单元101" in west_house[-1].text
    assert "1号楼1单元101" in west_house[-1].text.split("没有", 1)[1]  # the forms it takes
    assert len(repo.entries(kind=Kind.VOTE)) == 2


# -- closing ---------------------------------------------------------------------------------


async def test_closevote_after_the_deadline_publishes_the_tally_to_residents(repo):
    residents(repo)
    proposal = open_proposal(repo, matter="other_major", deadline="2025-01-01")
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/paper {proposal.id} 1/1/101 agree")
        await bot.send(101, f"/paper {proposal.id} 1/1/102 agree")
        await bot.send(102, f"/paper {proposal.id} 1/1/201 disagree")
        past_deadline(repo, proposal.id)
        calls = await bot.send(101, f"/closevote {proposal.id}")
        again = await bot.send(101, f"/closevote {proposal.id}")
    closed = repo.entry(proposal.id)
    assert closed.status == Status.PASSED and closed.data["stage"] == "planned"
    result = closed.data["result"]
    text = to(calls, 101)[-1]
    assert "表决结束：通过" in text and "参加：3 位业主中有 3 位（100.0%）" in text
    assert "同意：3 位中有 2 位（66.7%）" in text and "依据：民法典第二百七十八条" in text
    for chat in (5001, 5002):  # residents: passed first, plainly, and what comes next
        [told] = to(calls, chat)
        assert told.startswith(f"✅ 通过了：#{proposal.id} 安装单元门"), told
        assert "参加：3 位业主中有 3 位（100.0%）" in told and "接下来" in told
        assert "“账目”" in told and result["explanation_zh"] not in told
    assert any("依据：民法典第二百七十八条" in t for t in to(calls, 102))  # the other volunteer
    assert "已经结束" in again[-1].text


async def test_closing_early_asks_why_then_a_second_volunteer_confirms(repo):
    residents(repo)
    proposal = open_proposal(repo)
    async with BotHarness(repo) as bot:
        await bot.press(5001, f"vote:{proposal.id}:agree")
        settle(repo, proposal.id)  # 102 agrees on paper: 201 alone cannot turn it
        why = await bot.send(101, f"/closevote {proposal.id}")
        check = await bot.send(101, "施工方案有变，需要重新表决")
        asked = await bot.press(101, "cv:ok:1")
        assert repo.entry(proposal.id).status == Status.OPEN  # not yet
        [to_second] = [c for c in asked if c.chat_id == 102]
        self_confirm = await bot.press(101, to_second.buttons()[0][1])
        done = await bot.press(102, to_second.buttons()[0][1])
        late = await bot.press(102, to_second.buttons()[1][1])
    assert "2099-01-01" in why[-1].text and "理由" in why[-1].text
    assert "施工方案有变" in check[-1].text and check[-1].buttons()[0][1].startswith("cv:ok:1~")
    assert "1 位志愿者" in to(asked, 101)[-1]
    assert "物管会主任甲 甲志愿者申请" in to_second.text and "施工方案有变" in to_second.text
    assert [label for label, _ in to_second.buttons()] == ["确认：现在结束", "不同意：继续投票"]
    assert "另一位志愿者" in self_confirm[-1].text
    closed = repo.entry(proposal.id)
    assert closed.status == Status.PASSED
    assert closed.data["closed_early"]["confirmed_role"] == "物管会委员乙"
    for chat in (5001, 5002, 102):
        assert any("提前结束" in t and "施工方案有变" in t and
                   "物管会主任甲提出，物管会委员乙确认" in t for t in to(done, chat)), chat
    [said] = [c.text for c in late if c.method == "sendMessage"]
    assert "不在等待" in said and "已由物管会委员乙" in said  # who decided it, and how


async def test_a_second_volunteer_may_decline_and_voting_goes_on(repo):
    proposal = open_proposal(repo)
    settle(repo, proposal.id)
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/closevote {proposal.id} 人太少")
        sent = await bot.press(101, "cv:ok:1")
        [to_second] = [c for c in sent if c.chat_id == 102]
        declined = await bot.press(102, to_second.buttons()[1][1])
    assert "人太少" in asked[-1].text
    assert repo.entry(proposal.id).status == Status.OPEN
    assert "继续" in to(declined, 102)[-1]
    # the one who asked learns who declined, named as the approval posts name volunteers
    assert any("物管会委员乙 乙志愿者没有同意" in t for t in to(declined, 101))


async def test_closevote_without_a_number_lists_the_open_votes_as_buttons(repo):
    first, second = open_proposal(repo), open_proposal(repo, deadline="2025-01-01")
    async with BotHarness(repo) as bot:
        listed = await bot.send(101, "/closevote")
        forged = await bot.press(101, "cv:p:99999")
        past_deadline(repo, second.id)
        again = await bot.send(101, "/closevote")
        closed = await bot.press(101, f"cv:p:{second.id}")
    assert [d for _, d in listed[-1].buttons()] == [f"cv:p:{first.id}", f"cv:p:{second.id}"]
    assert "失效" in forged[-1].text
    assert again[-1].buttons() and "表决结束" in to(closed, 101)[-1]
    assert repo.entry(second.id).status == Status.FAILED
    assert repo.entry(first.id).status == Status.OPEN


async def test_withdraw_asks_for_a_public_reason_and_tells_the_residents(repo):
    residents(repo)
    proposal = open_proposal(repo)
    async with BotHarness(repo) as bot:
        listed = await bot.send(102, "/withdraw")
        asked = await bot.press(102, f"wd:p:{proposal.id}")
        check = await bot.send(102, "预算写错了，下周重新发起")
        done = await bot.press(102, "wd:ok:1")
        stranger = await bot.send(5001, f"/withdraw {proposal.id} 不想要")
    assert listed[-1].buttons() == [(f"#{proposal.id} 安装单元门", f"wd:p:{proposal.id}")]
    assert "理由" in asked[-1].text and "预算写错了" in check[-1].text
    gone = repo.entry(proposal.id)
    assert gone.status == Status.WITHDRAWN
    assert gone.data["withdrawn"]["reason"] == "预算写错了，下周重新发起"
    assert gone.data["withdrawn"]["role"] == "物管会委员乙"
    for chat in (5001, 5002, 101):
        assert any("已由物管会委员乙撤回" in t and "预算写错了" in t for t in to(done, chat)), chat
    assert "志愿者" in stranger[-1].text


# -- votes close by themselves ------------------------------------------------------------------


async def test_the_job_closes_a_vote_at_its_deadline_and_announces_it(repo):
    residents(repo)
    proposal = open_proposal(repo, deadline="2025-01-01")
    async with BotHarness(repo) as bot:
        await bot.press(5001, f"vote:{proposal.id}:agree")
        before = len(bot.request.calls)
        await bot.run_jobs()  # still its deadline day: nothing to close
        assert repo.entry(proposal.id).status == Status.OPEN
        past_deadline(repo, proposal.id)
        await bot.run_jobs()
        calls = bot.request.calls[before:]
    closed = repo.entry(proposal.id)
    assert closed.status == Status.PASSED and closed.history[-1]["role"] == "系统"
    for chat in (101, 102):
        assert any("表决结束：通过" in t for t in to(calls, chat)), chat
    for chat in (5001, 5002):
        assert any(t.startswith("✅ 通过了") for t in to(calls, chat)), chat


async def test_a_deadline_passed_while_the_bot_was_down_is_closed_at_start(tmp_path,
                                                                          street_config, clock):
    repo = Repository.init(tmp_path / "data", street_config, clock=clock)
    residents(repo)
    proposal = open_proposal(repo, deadline="2025-01-01")
    repo.cast_vote(pid(repo, 5001), proposal.id, "agree")
    repo.close()  # the bot stops; its deadline day ends while it is down
    reopened = Repository.open(tmp_path / "data", clock=clock)
    past_deadline(reopened, proposal.id)
    try:
        async with BotHarness(reopened) as bot:
            calls = list(bot.request.calls)  # what the start-up alone sent
        closed = reopened.entry(proposal.id)
        assert closed.status == Status.PASSED and closed.data["result"]["agree"] == 1
        assert any(t.startswith("✅ 通过了") for t in to(calls, 5001))
    finally:
        reopened.close()


# -- /stage ---------------------------------------------------------------------------------


async def test_stage_moves_a_passed_project_with_a_captioned_photo(repo):
    residents(repo)
    proposal = open_proposal(repo, deadline="2025-01-01")
    repo.cast_vote(pid(repo, 5001), proposal.id, "agree")
    close_when_due(repo, proposal.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        wrong = await bot.send(101, f"/stage {proposal.id} done 完工")
        calls = await bot.send_photo(101, jpeg_bytes(),
                                     caption=f"/stage {proposal.id} in_progress 施工队已进场")
    assert "不能" in wrong[-1].text
    project = repo.entry(proposal.id)
    assert project.data["stage"] == "in_progress"
    last = project.data["stages"][-1]
    assert last["note"] == "施工队已进场" and len(last["photos"]) == 1
    assert last["role"] == "物管会主任甲"
    assert {c.chat_id for c in calls if "施工队已进场" in c.text} == {5001, 5002}


async def test_a_stage_refused_says_it_in_words_and_what_may_come_next(repo):
    """/stage N done on a finished project said 项目不能从“done”改为“done”: the stages'
    codes, and no hint of what /stage takes next."""
    residents(repo)
    proposal = open_proposal(repo, deadline="2025-01-01")
    repo.cast_vote(pid(repo, 5001), proposal.id, "agree")
    close_when_due(repo, proposal.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        skipped = await bot.send(101, f"/stage {proposal.id} done 完工")
        planned = await bot.send(101, f"/stage {proposal.id} planned 定了施工队")
        await bot.send(101, f"/stage {proposal.id} in_progress 开工")
        await bot.send(101, f"/stage {proposal.id} done 完工")
        again = await bot.send(101, f"/stage {proposal.id} done 完工")
        back = await bot.send(101, f"/stage {proposal.id} planned 重来")
        await bot.send(101, "/language")
        await bot.press(101, "lang:en")
        english = await bot.send(101, f"/stage {proposal.id} done 完工")
    assert planned[-1].text == "这个项目已经是“计划中”了，没有改动。"  # a passed vote plans it
    assert skipped[-1].text == ("项目不能从“计划中”改为“已完工”。"
                                "下一步可以改为：施工中（in_progress）。")
    assert again[-1].text == "这个项目已经是“已完工”了，没有改动。"
    assert back[-1].text == "项目不能从“已完工”改为“计划中”。项目已完工，不能再改。"
    assert english[-1].text == "This project is already done: nothing changed."
    assert repo.entry(proposal.id).data["stage"] == "done"


async def test_a_stage_refused_in_english_lists_the_next_stages_the_english_way(repo):
    residents(repo)
    proposal = open_proposal(repo, deadline="2025-01-01")
    repo.cast_vote(pid(repo, 5001), proposal.id, "agree")
    close_when_due(repo, proposal.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        await bot.send(101, "/language")
        await bot.press(101, "lang:en")
        skipped = await bot.send(101, f"/stage {proposal.id} done 完工")
    assert skipped[-1].text == ("A project cannot go from planned to done. "
                                "Next it can go to: under way (in_progress).")


async def test_stage_of_an_open_proposal_is_refused(repo):
    proposal = open_proposal(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"/stage {proposal.id} in_progress 开工")
    assert "已通过的提议" in calls[-1].text


async def test_a_deadline_may_be_typed_as_tomorrow_and_the_example_is_a_date_to_come(repo):
    async with BotHarness(repo) as bot:
        await bot.send(102, "/election")
        await bot.send(102, "第一届物管会选举")
        await bot.send(102, "2")
        await bot.send(102, "候选人甲（退休教师）\n候选人乙（网格员）")
        asked = await bot.press(102, "elx:cand:done")
        today = repo.clock().date()
        assert (today + timedelta(days=14)).isoformat() in asked[-1].text
        summary = await bot.send(102, "明天")
    assert (today + timedelta(days=1)).isoformat() in summary[-1].text


async def test_keep_the_online_vote_pressed_after_the_paper_was_recorded_says_it_was_replaced(
        repo):
    """A grid worker pressed 登记纸质签字, then (the question's buttons still under it)
    保留网上投票: he read 没有登记，之前的投票保持不变。, though the paper signature had been
    recorded and the online vote no longer counted. Now he is told the online vote was
    replaced meanwhile and that this press changed nothing; the question's buttons go
    once it is answered."""
    residents(repo)
    proposal = open_proposal(repo)
    async with BotHarness(repo) as bot:
        await bot.press(5001, f"vote:{proposal.id}:agree")
        asked = await bot.send(102, f"/paper {proposal.id} 1/1/101 反对")
        record, keep = [d for _, d in asked[-1].buttons()]
        done = await bot.press(102, record, message_id=41)
        late = await bot.press(102, keep, message_id=41)
    assert repo.current_votes(proposal.id) == {"c1/1/1/101": "disagree"}
    said = to(late, 102)[-1]
    assert "保持不变" not in said and "已被取代" in said and "没有做任何" in said, said
    assert any(c.method == "editMessageReplyMarkup" and c.params.get("message_id") == 41
               for c in done)


async def test_the_paper_usage_in_chinese_names_the_chinese_words_not_english_ones(repo):
    """A grid worker typing /paper 7 with a wrong choice read 用法：/paper 编号 住户
    agree|disagree|abstain（同意/反对/弃权）: English words in the Chinese usage, which
    the other volunteer usages no longer have. Now 同意|反对|弃权, the words he types."""

    residents(repo)
    proposal = open_proposal(repo)
    async with BotHarness(repo) as bot:
        said = [(await bot.send(102, text))[-1].text
                for text in (f"/paper {proposal.id} 1/1/101 好的", "/paper")]
    text = "\n".join(said)
    assert re.findall(r"(?<![/\w])[A-Za-z_]{3,}", text) == [], said
    assert "同意" in text and "弃权" in text


async def test_a_proposal_asking_each_household_for_money_warns_of_item_six_before_it_opens(
        repo):
    """每户分摊300元 picked as item 9 (a majority) would raise a maintenance fund (item 6,
    three quarters) with fewer owners than the law asks: the summary says so, and not
    once item 6 is picked."""
    residents(repo)
    async with BotHarness(repo) as bot:
        summaries = {}
        for code in ("other_major", "raise_maintenance_fund"):
            await bot.send(101, "/propose")
            for said in ("安装楼宇门", "三个单元装楼宇门，每户分摊300元", "17400"):
                await bot.send(101, said)
            await bot.press(101, f"prop:mt:{code}")
            summaries[code] = (await bot.press(101, "prop:days:30"))[-1].text
            await bot.press(101, "prop:ok:0")
    warned = summaries["other_major"]
    assert "⚠️ 提议里写到“分摊”：这可能属于民法典第二百七十八条第六项：" \
        "筹集建筑物及其附属设施的维修资金，" in warned
    assert "四分之三以上同意；您选的是“9 其他重大事项”" in warned and "请按两次“⬅️ 上一步”" in warned
    assert "⚠️" not in summaries["raise_maintenance_fund"]
    assert repo.entries(kind=Kind.PROPOSAL) == []  # a warning: nothing opened, nothing refused


def test_words_of_a_stricter_item_are_found_only_when_a_lesser_matter_is_picked():
    from db.matter_words import stricter

    shed = "将自行车棚改为电动车充电棚，每户分摊200元"
    assert [(m.code, w) for m, w in stricter(shed, "everyday")] == [
        ("raise_maintenance_fund", "分摊"), ("common_parts", "改为")]
    assert stricter(shed, "common_parts") == []  # three quarters asked already
    assert stricter("更换楼道灯，费用由结余支付", "other_major") == []
