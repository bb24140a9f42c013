"""What residents and volunteers are told while a vote is open, through the real
Application (found in a trial of a maintenance-fund vote on the real steward run):
a volunteer recording paper signatures door to door sees where participation
stands against the two thirds the law needs."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import SMALL_STREET, confirmed_resident, pid

from db.config import parse_street
from db.repository import Repository

# 101 and 102 have one owner: 2 owners, 3 flats, 240 m² (101: 60, 102: 80, 201: 100)
OWNED = SMALL_STREET
for _room, _area in (("101", 60), ("102", 80)):
    OWNED = OWNED.replace(f'{{room: "{_room}", area_m2: {_area}}}',
                          f'{{room: "{_room}", area_m2: {_area}, owner: k}}')


@pytest.fixture
def owned(tmp_path, clock):
    repo = Repository.init(tmp_path / "owned", parse_street(OWNED), clock=clock)
    yield repo
    repo.close()


def _proposal(repo, matter):
    return repo.create_proposal(pid(repo, 101), "east", title="筹集维修资金", description="",
                                budget_fen=0, matter=matter, deadline="2025-12-31")


async def test_a_paper_signature_tells_the_volunteer_what_two_thirds_still_needs(owned):
    p = _proposal(owned, "raise_maintenance_fund")
    async with BotHarness(owned) as bot:
        first = await bot.send(102, f"/paper {p.id} 1/1/201 同意")
        second = await bot.send(102, f"/paper {p.id} 1/1/101 反对")
    text = first[-1].text
    assert "已登记" in text and "东小区 1号楼 1单元 201 表决“同意”" in text
    assert "目前参与：2 位业主中已有 1 位投票（50.0%），涉及 3 户中的 1 户" in text
    assert "已投票业主的专有部分面积 100.0/240.0 m²（41.7%）" in text
    # two thirds of 2 owners is 2, of 240 m² is 160 m²: one owner and 60 m² to go
    assert "至少 2 位业主、且专有部分面积至少 160.0 m²" in text
    assert "目前还差 1 位业主和 60.0 m² 面积" in text
    done = second[-1].text
    assert "2 位业主中已有 2 位投票（100.0%），涉及 3 户中的 3 户" in done
    assert "参与已达法定要求" in done and "还差" not in done


async def test_an_everyday_matter_tells_the_volunteer_no_quorum(owned):
    p = _proposal(owned, "everyday")
    async with BotHarness(owned) as bot:
        calls = await bot.send(102, f"/paper {p.id} 1/1/201 同意")
    text = calls[-1].text
    assert "目前参与：2 位业主中已有 1 位投票（50.0%）" in text
    assert "三分之二" not in text and "面积" not in text


async def test_a_resident_is_told_the_vote_counts_for_the_owners_flats_and_how_to_change_it(
        owned):
    confirmed_resident(owned, 7001, "c1/1/1/101", 101)
    confirmed_resident(owned, 7002, "c1/1/1/102", 101)  # the same owner's other flat
    p = _proposal(owned, "raise_maintenance_fund")
    async with BotHarness(owned) as bot:
        calls = await bot.press(7001, f"vote:{p.id}:agree")
    [mine] = [c.text for c in calls if c.chat_id == 7001 and c.method == "sendMessage"]
    assert f"已记录：您家对提议 #{p.id} 投“同意”。" in mine
    # she said she owns 101: her own flats, named
    assert "一位业主只有一票：您这一票代表您名下的 2 套房（包括 102）" in mine
    assert "2025-12-31 24时投票截止前，可以改投" in mine and "以最后一次投票为准" in mine
    # 102's resident is told the vote of 101 stands for their flat: not "您家（…101）"
    [told] = [c.text for c in calls if c.chat_id == 7002]
    assert "与您家同属一位业主的 东小区 1号楼 1单元 101 记录了网上投票“同意”" in told
    assert "这一票也代表您家" in told and "已为您家" not in told


async def test_a_paper_signature_is_your_households_for_its_flat_and_the_owners_for_the_other(
        owned):
    confirmed_resident(owned, 7001, "c1/1/1/101", 101)
    confirmed_resident(owned, 7002, "c1/1/1/102", 101)
    p = _proposal(owned, "raise_maintenance_fund")
    async with BotHarness(owned) as bot:
        calls = await bot.send(102, f"/paper {p.id} 1/1/101 反对")
    [flat] = [c.text for c in calls if c.chat_id == 7001]
    [other] = [c.text for c in calls if c.chat_id == 7002]
    assert "已为您家（东小区 1号楼 1单元 101）记录纸质签字“反对”" in flat
    assert "与您家同属一位业主的 东小区 1号楼 1单元 101 记录了纸质签字“反对”" in other
    assert "已为您家" not in other


async def test_paper_with_only_the_number_shows_the_volunteer_the_doors_still_to_knock(owned):
    confirmed_resident(owned, 7001, "c1/1/1/101", 101)
    p = _proposal(owned, "raise_maintenance_fund")
    async with BotHarness(owned) as bot:
        await bot.press(7001, f"vote:{p.id}:agree")  # the owner of 101 and 102
        calls = await bot.send(102, f"/paper {p.id}")
        other = await bot.send(103, f"/paper {p.id}")  # a volunteer of the west
        await bot.send(102, f"/paper {p.id} 1/1/201 反对")
        done = await bot.send(102, f"/paper {p.id}")
    text = calls[-1].text
    assert f"#{p.id} 筹集维修资金：投票进行中，2025-12-31 24时截止。" in text
    assert "目前参与：2 位业主中已有 1 位投票（50.0%），涉及 3 户中的 2 户" in text
    assert "目前还差 1 位业主和 20.0 m² 面积" in text  # 160 m² needed, 140 m² voted
    assert "还没投票的住户（1 户），按单元列出：\n东小区 1号楼 1单元：201\n" in text
    assert "还没投票" not in other[-1].text and "1/1/201" not in other[-1].text
    assert "所有住户的业主都已投票" in done[-1].text and "参与已达法定要求" in done[-1].text


UNITS = SMALL_STREET.replace('                  - {room: "201", area_m2: 100}\n', """\
                  - {room: "201", area_m2: 100}
              - id: "2"
                households:
                  - {room: "101", area_m2: 60}
                  - {room: "102", area_m2: 60}
          - id: "2"
            units:
              - id: "1"
                households:
                  - {room: "101", area_m2: 70}
""", 1)


async def test_paper_lists_the_doors_still_to_knock_a_line_per_building_unit(tmp_path, clock,
                                                                             monkeypatch):
    """/paper N listed every household on one line, "1/1/101、1/1/102、…、2/1/101", 49 of
    them wrapping into a wall on a phone: now a line per building unit, its rooms after it,
    as the volunteer walks the stairs; past the most listed, how many more."""
    from bot.handlers import paper

    repo = Repository.init(tmp_path / "units", parse_street(UNITS), clock=clock)
    try:
        p = _proposal(repo, "raise_maintenance_fund")
        async with BotHarness(repo) as bot:
            await bot.send(102, f"/paper {p.id} 1/2/101 同意")
            listed = await bot.send(102, f"/paper {p.id}")
            monkeypatch.setattr(paper, "MAX_DOORS", 3)
            cut = await bot.send(102, f"/paper {p.id}")
    finally:
        repo.close()
    text = listed[-1].text
    assert ("还没投票的住户（5 户），按单元列出：\n东小区 1号楼 1单元：101、102、201\n"
            "东小区 1号楼 2单元：102\n东小区 2号楼 1单元：101\n") in text
    listed_part = "\n".join(line for line in text.split("按单元列出：")[1].splitlines()
                            if "单元：" in line)  # the doors, not the usage's example after
    assert "1/1/101" not in listed_part and "、" not in listed_part.split("\n")[1]
    assert "按单元列出：\n东小区 1号楼 1单元：101、102、201\n……另有 2 户。\n" in cut[-1].text


async def test_the_vote_list_says_an_owner_of_several_flats_votes_once(owned):
    confirmed_resident(owned, 7001, "c1/1/1/101", 101)
    confirmed_resident(owned, 7002, "c1/1/1/102", 101)
    p = _proposal(owned, "raise_maintenance_fund")
    async with BotHarness(owned) as bot:
        await bot.press(7001, f"vote:{p.id}:agree")
        calls = await bot.send(7002, "投票")
    text = calls[-1].text
    assert text.startswith("正在表决的提议：每户一票（一位业主有几套房也只算一票）。")
    # 102 did not vote itself: its owner did, from 101
    assert ("同一业主的另一套房已投：同意，也算您家的一票（2 套房共一票）。"
            "可以重新投票更改。") in text


async def test_what_two_thirds_still_needs_reads_in_english_for_one_owner(owned):
    p = _proposal(owned, "raise_maintenance_fund")
    owned.set_language(pid(owned, 102), "en")
    async with BotHarness(owned) as bot:
        told = await bot.send(102, f"/paper {p.id} 1/1/201 同意")
    assert "Still needed: 1 more owner(s) and 60.0 m² more floor area." in told[-1].text


async def test_a_paper_ballot_in_an_election_tells_the_volunteer_what_two_thirds_still_needs(
        owned):
    """/paper N household 1,3 in a committee election showed only the ballot: the
    volunteer knocking on doors did not see participation nor the shortfall."""
    e = owned.open_election(pid(owned, 101), "east", title="第一届物管会选举", seats=1,
                            candidates=["候选人甲", "候选人乙"], deadline="2025-12-31")
    async with BotHarness(owned) as bot:
        first = await bot.send(102, f"/paper {e.id} 1/1/201 1")
        second = await bot.send(102, f"/paper {e.id} 1/1/101 2")
    text = first[-1].text
    assert "纸质选票已记录" in text
    assert "目前参与：2 位业主中已有 1 位投票（50.0%），涉及 3 户中的 1 户" in text
    assert "已投票业主的专有部分面积 100.0/240.0 m²（41.7%）" in text
    assert "至少 2 位业主、且专有部分面积至少 160.0 m²" in text
    assert "目前还差 1 位业主和 60.0 m² 面积" in text
    done = second[-1].text
    assert "参与已达法定要求" in done and "还差" not in done


async def test_a_residents_confirmation_says_in_plain_words_how_far_the_vote_is_from_counting(
        owned):
    """After her press a resident read how many had voted and their floor area, but not
    what the volunteers read: how many more must vote before the vote counts at all."""
    confirmed_resident(owned, 7001, "c1/1/1/101", 101)  # the owner of 101 and 102 (140 m²)
    confirmed_resident(owned, 7003, "c1/1/1/201", 101)  # 100 m²
    joint = _proposal(owned, "raise_maintenance_fund")
    everyday = _proposal(owned, "everyday")
    async with BotHarness(owned) as bot:
        first = await bot.press(7001, f"vote:{joint.id}:agree")
        last = await bot.press(7003, f"vote:{joint.id}:disagree")
        daily = await bot.press(7001, f"vote:{everyday.id}:agree")

    def mine(calls, who):  # type: ignore[no-untyped-def]
        [text] = [c.text for c in calls if c.chat_id == who and c.method == "sendMessage"]
        return text
    # two thirds of 2 owners and 240 m²: 2 owners, 160 m²; she is 1 owner, 140 m²
    assert ("还差 1 位业主投票（房屋面积还差 20.0 m²），这次表决才有效（法律要求人数和面积都"
            "达到三分之二：至少 2 位业主、160.0 m²）。") in mine(first, 7001)
    done = mine(last, 7003)
    assert ("投票的业主人数和房屋面积都已达到三分之二，这次表决有效。"
            "是否通过，投票结束后公布。") in done
    assert "还差" not in done
    assert "三分之二" not in mine(daily, 7001) and "还差" not in mine(daily, 7001)
