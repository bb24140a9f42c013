"""An election's paper ballots by buttons, door to door, as a proposal's paper signatures
are: under /paper N a button per building unit, then per room, then the candidates to
tick and 登记这张选票; the same unit's rooms again after each. Before, a grid worker of
城建小区 typed /paper 533 1/1/101 1,3 at each of forty doors on a phone (steward chat on
the demo: /paper N of an election showed no buttons)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind


def _election(repo, seats=2):
    return repo.open_election(pid(repo, 101), "east", title="第一届物管会选举", seats=seats,
                              candidates=["候选人甲（退休教师）", "候选人乙（网格员）",
                                          "候选人丙（楼长）"], deadline="2099-01-01")


def _ballots(repo, election_id):
    return {h: repo.ballot_of(election_id, h) for h in ("c1/1/1/101", "c1/1/1/102")}


async def test_a_unit_a_room_and_ticks_record_a_paper_ballot_and_stay_on_the_unit(repo):
    e = _election(repo)
    async with BotHarness(repo) as bot:
        listed = await bot.send(102, f"/paper {e.id}")
        assert "勾选这张选票所选的候选人" in listed[-1].text, listed[-1].text
        await bot.press_label(102, "1号楼1单元")
        room = await bot.press_label(102, "101", exact=True)
        assert "空白票" in room[-1].text and "登记空白票（未选任何人）" in str(room[-1].buttons())
        await bot.press_label(102, "☐ 1 候选人甲")
        ticked = await bot.press_label(102, "☐ 3 候选人丙")
        assert ticked[-1].method == "editMessageText"  # the same message, not a new one
        assert "☑ 1 候选人甲" in str(ticked[-1].buttons()), ticked[-1].buttons()
        too_many = await bot.press_label(102, "☐ 2 候选人乙")
        assert "最多勾选 2 位候选人" in too_many[-1].text
        after = await bot.press_label(102, "登记这张选票（已勾选 2 位）")
        said = "\n".join(c.text for c in after if c.chat_id == 102)
        assert f"纸质选票已记录（选举 #{e.id}）" in said and "候选人丙" in said, said
        rooms = [label for label, _ in after[-1].buttons()]
        assert "101" not in rooms and "102" in rooms, rooms  # the next door: two presses
        await bot.press_label(102, "102", exact=True)
        await bot.press_label(102, "登记空白票")
    assert _ballots(repo, e.id) == {"c1/1/1/101": [1, 3], "c1/1/1/102": []}
    votes = [v for v in repo.entries(kind=Kind.VOTE) if v.data.get("proposal") == e.id]
    assert len(votes) == 2 and all(v.data["paper"] for v in votes)


async def test_forged_or_foreign_presses_record_no_ballot(repo):
    e = _election(repo)
    confirmed_resident(repo, 7001, "c1/1/1/201", 101)
    async with BotHarness(repo) as bot:
        west = await bot.press(103, f"bd:c:{e.id}:0:1")  # a volunteer of another area
        resident = await bot.press(7001, f"bd:c:{e.id}:0:1")
        huge = await bot.press(102, f"bd:c:{e.id}:99:1")
        seats = await bot.press(102, f"bd:c:{e.id}:0:7")  # three ticks for two seats
        unknown = await bot.press(102, f"bd:c:{e.id}:0:8")  # no candidate 4
        await bot.press(102, f"bd:c:{e.id}:0:x")
    assert _ballots(repo, e.id) == {"c1/1/1/101": None, "c1/1/1/102": None}
    assert any("本小区的志愿者" in c.text for c in west), [c.text for c in west]
    assert resident and any("按钮已失效" in c.text or "无效" in c.text for c in huge)
    assert "最多勾选 2 位候选人" in seats[-1].text
    assert unknown[-1].text and "纸质选票已记录" not in unknown[-1].text


async def test_a_ballot_over_one_recorded_meanwhile_is_asked_about_and_the_walk_goes_on(repo):
    e = _election(repo)
    async with BotHarness(repo) as bot:
        await bot.send(102, f"/paper {e.id}")
        await bot.press_label(102, "1号楼1单元")
        await bot.press_label(102, "101", exact=True)
        await bot.send(101, f"/paper {e.id} 1/1/101 2")  # another volunteer, same door
        asked = await bot.press(102, f"bd:c:{e.id}:0:1")
        assert repo.ballot_of(e.id, "c1/1/1/101") == [2]  # not recorded over: asked
        labels = [label for label, _ in asked[-1].buttons()]
        assert len(labels) == 2, labels
        kept = await bot.press_label(102, labels[1])  # keep the earlier
        assert repo.ballot_of(e.id, "c1/1/1/101") == [2]
        assert "102" in [label for label, _ in kept[-1].buttons()]  # the unit's doors again
        await bot.press_label(102, "102", exact=True)
        await bot.send(101, f"/paper {e.id} 1/1/102 2")
        asked = await bot.press(102, f"bd:c:{e.id}:1:1")
        again = await bot.press_label(102, [label for label, _ in asked[-1].buttons()][0])
    assert repo.ballot_of(e.id, "c1/1/1/102") == [1]  # recorded over it, once confirmed
    assert "纸质选票已记录" in "\n".join(c.text for c in again if c.chat_id == 102)
    assert "201" in [label for label, _ in again[-1].buttons()]  # and the walk goes on


async def test_paper_with_a_household_alone_shows_its_ballot_to_tick(repo):
    # before: the usage came back, the household typed at the door to be typed again
    election = _election(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"/paper {election.id} 1/1/102")
        said = [c for c in calls if c.chat_id == 101]
        assert len(said) == 1, [c.text for c in said]
        assert f"#{election.id} 东小区 1号楼 1单元 102：这张纸质选票选了哪几位候选人？" in \
            said[0].text, said[0].text
        ticks = said[0].buttons()
        assert [lb for lb, _ in ticks][:3] == ["☐ 1 候选人甲（退休教师）", "☐ 2 候选人乙（网格员）",
                                               "☐ 3 候选人丙（楼长）"], ticks
        assert not repo.entries(kind=Kind.VOTE)
        ticked = await bot.press(101, ticks[1][1])
        record = next(d for lb, d in ticked[-1].buttons() if "登记这张选票" in lb)
        await bot.press(101, record)
    assert _ballots(repo, election.id)["c1/1/1/102"] == [2]
