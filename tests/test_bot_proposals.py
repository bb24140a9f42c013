"""Proposals through the real Application: the /propose flow announced to
residents, /paper signatures marked as paper with the volunteer's role,
/closevote publishing the tally and its explanation, /stage for projects."""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident, pid

from db.entries import Kind, Status


def residents(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    confirmed_resident(repo, 5002, "c1/1/1/102", 101)


def open_proposal(repo, rule="simple_majority", special=False):
    return repo.create_proposal(pid(repo, 101), "east", title="安装单元门", description="三个单元",
                                budget_fen=300000, rule=rule, deadline="2099-01-01",
                                special=special)


async def test_propose_flow_opens_the_vote_and_tells_the_residents(repo):
    residents(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/propose")
        await bot.send(101, "硬化路面")
        await bot.send(101, "把3号楼前的土路硬化")
        bad = await bot.send(101, "一万五千块多")
        await bot.send(101, "15000")
        await bot.press(101, "prop:rule:civil_code_278")
        past = await bot.send(101, "2020-01-01")
        await bot.send(101, "2025-02-01")
        summary = await bot.press(101, "prop:sp:1")
        assert "硬化路面" in summary[-1].text and "¥15,000.00" in summary[-1].text
        calls = await bot.press(101, "prop:ok:1")
    assert "金额" in bad[-1].text
    assert "日期" in past[-1].text
    [proposal] = repo.entries(kind=Kind.PROPOSAL)
    assert proposal.status == Status.OPEN
    assert proposal.data == {"title": "硬化路面", "description": "把3号楼前的土路硬化",
                             "budget_fen": 1500000, "rule": "civil_code_278",
                             "deadline": "2025-02-01", "special": True}
    told = {c.chat_id for c in calls if "硬化路面" in c.text and "/vote" in c.text}
    assert told == {5001, 5002}
    assert f"#{proposal.id}" in calls[-1].text and calls[-1].chat_id == 101


async def test_an_admin_of_several_areas_chooses_the_area_of_a_proposal_first(repo):
    async with BotHarness(repo) as bot:
        asked = await bot.send(900, "/propose")  # the street's admin: every area
        assert [d for _, d in asked[-1].buttons()] == ["prop:area:0", "prop:area:1"]
        forged = await bot.press(900, "prop:area:7")
        title = await bot.press(900, "prop:area:1")
        await bot.send(900, "清理化粪池")
        await bot.send(900, "请专业队伍清掏")
        await bot.send(900, "3500")
        await bot.press(900, "prop:rule:simple_majority")
        await bot.press(900, "prop:days:7")
        await bot.press(900, "prop:ok:1")
    assert "失效" in forged[-1].text
    assert "西小区" in title[-1].text  # asked for the title of the chosen area
    [proposal] = repo.entries(kind=Kind.PROPOSAL)
    assert proposal.area == "west" and proposal.data["title"] == "清理化粪池"


async def test_propose_with_simple_majority_skips_the_special_question(repo):
    async with BotHarness(repo) as bot:
        await bot.send(102, "/propose")
        await bot.send(102, "粉刷车位")
        await bot.send(102, "画线")
        await bot.send(102, "0")
        await bot.press(102, "prop:rule:simple_majority")
        summary = await bot.press(102, "prop:days:14")
        assert [b[1] for b in summary[-1].buttons()] == ["prop:ok:1", "prop:ok:0"]
        await bot.press(102, "prop:ok:0")
    assert repo.entries(kind=Kind.PROPOSAL) == []


async def test_forged_buttons_in_the_propose_flow_change_nothing(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/propose")
        await bot.send(101, "标题")
        await bot.send(101, "说明")
        await bot.send(101, "100")
        forged = await bot.press(101, "prop:rule:dictator")
        early = await bot.press(101, "prop:ok:1")
    assert "失效" in forged[-1].text and "失效" in early[-1].text
    assert repo.entries(kind=Kind.PROPOSAL) == []


async def test_paper_signature_is_marked_paper_with_the_volunteers_role(repo):
    proposal = open_proposal(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, f"/paper {proposal.id} 1/1/101 同意")
        again = await bot.send(102, f"/paper {proposal.id} c1/1/1/101 disagree")
    [counted] = repo.entries(kind=Kind.VOTE, status=Status.COUNTED)
    assert counted.data["paper"] is True and counted.data["household"] == "c1/1/1/101"
    assert counted.data["choice"] == "disagree" and counted.author_role == "物管会委员乙"
    assert "东小区 1号楼 1单元 101" in calls[-1].text and "物管会委员" in calls[-1].text
    assert "之前" in again[-1].text


async def test_paper_with_bad_household_or_choice_is_explained(repo):
    proposal = open_proposal(repo)
    async with BotHarness(repo) as bot:
        no_house = await bot.send(101, f"/paper {proposal.id} 9/9/909 agree")
        west_house = await bot.send(101, f"/paper {proposal.id} c2/1/1/101 agree")
        bad_choice = await bot.send(101, f"/paper {proposal.id} 1/1/101 maybe")
        other_area = await bot.send(103, f"/paper {proposal.id} 1/1/101 agree")
    assert "住户" in no_house[-1].text and "住户" in west_house[-1].text
    assert "/paper" in bad_choice[-1].text
    assert "志愿者" in other_area[-1].text
    assert repo.entries(kind=Kind.VOTE) == []


async def test_closevote_publishes_tally_and_explanation_to_residents(repo):
    residents(repo)
    proposal = open_proposal(repo, rule="civil_code_278")
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/paper {proposal.id} 1/1/101 agree")
        await bot.send(101, f"/paper {proposal.id} 1/1/102 agree")
        await bot.send(102, f"/paper {proposal.id} 1/1/201 disagree")
        calls = await bot.send(101, f"/closevote {proposal.id}")
        again = await bot.send(101, f"/closevote {proposal.id}")
    closed = repo.entry(proposal.id)
    assert closed.status == Status.PASSED and closed.data["stage"] == "planned"
    result = closed.data["result"]
    text = calls[-1].text
    assert "通过" in text and "同意 2" in text and "3 户中有 3 户" in text
    assert result["explanation_zh"] in text
    to_residents = [c for c in calls if c.chat_id in (5001, 5002)]
    assert len(to_residents) == 2 and all(result["explanation_zh"] in c.text
                                          for c in to_residents)
    assert "不能这样修改" in again[-1].text


async def test_closevote_result_goes_to_an_english_resident_in_english(repo):
    residents(repo)
    repo.set_language(pid(repo, 5002), "en")
    proposal = open_proposal(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/paper {proposal.id} 1/1/101 disagree")
        calls = await bot.send(101, f"/closevote {proposal.id}")
    english = [c.text for c in calls if c.chat_id == 5002][0]
    assert "did not pass" in english
    assert repo.entry(proposal.id).data["result"]["explanation_en"] in english


async def test_stage_moves_a_passed_project_with_a_captioned_photo(repo):
    residents(repo)
    proposal = open_proposal(repo)
    repo.cast_vote(pid(repo, 5001), proposal.id, "agree")
    repo.close_vote(proposal.id, pid(repo, 101))
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


async def test_stage_of_an_open_proposal_is_refused(repo):
    proposal = open_proposal(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"/stage {proposal.id} in_progress 开工")
    assert "已通过的提议" in calls[-1].text
