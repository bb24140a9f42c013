"""Paper signatures by buttons, door to door: under /paper N a button per building unit,
then per room, then 同意/反对/弃权, and the same unit's rooms again after each one.
Before, each household meant typing /paper 532 1/1/101 同意 on a phone at the door
(found walking as a grid worker with steward chat)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import pid

from db.entries import Kind


def _vote(repo):
    return repo.create_proposal(pid(repo, 101), "east", title="装门禁", description="",
                                budget_fen=0, matter="everyday", deadline="2099-01-01")


def _votes(repo, proposal_id):
    return [e for e in repo.entries(kind=Kind.VOTE) if e.data.get("proposal") == proposal_id]


async def test_a_unit_a_room_and_a_choice_record_a_paper_signature_and_stay_on_the_unit(repo):
    vote = _vote(repo)
    async with BotHarness(repo) as bot:
        listed = await bot.send(102, f"/paper {vote.id}")
        assert any("1号楼1单元" in label for label, _ in listed[-1].buttons()), listed[-1]
        await bot.press_label(102, "1号楼1单元")
        await bot.press_label(102, "101", exact=True)
        after = await bot.press_label(102, "同意", exact=True)
        said = "\n".join(c.text for c in after if c.chat_id == 102)
        assert f"已登记 #{vote.id} 的纸质签字" in said, said
        rooms = [label for label, _ in after[-1].buttons()]
        assert "101" not in rooms and "102" in rooms and "201" in rooms, rooms
        await bot.press_label(102, "102", exact=True)  # the next door: two presses
        await bot.press_label(102, "反对", exact=True)
    assert repo.current_votes(vote.id) and sorted(
        (v.data["household"], v.data["choice"], v.data["paper"])
        for v in _votes(repo, vote.id)) == [("c1/1/1/101", "agree", True),
                                            ("c1/1/1/102", "disagree", True)]


async def test_a_second_press_of_a_choice_asks_before_recording_over_the_signature(repo):
    vote = _vote(repo)
    async with BotHarness(repo) as bot:
        await bot.send(102, f"/paper {vote.id}")
        await bot.press_label(102, "1号楼1单元")
        await bot.press_label(102, "101", exact=True)
        first = bot.current_buttons(102)[1]
        agree = next(data for label, data in first if label == "同意")
        await bot.press(102, agree)
        again = await bot.press(102, agree)  # a double tap, or an old message's button
    said = "\n".join(c.text for c in again if c.chat_id == 102)
    assert "已在" in said and "的纸质签字：" not in said, said
    assert len(_votes(repo, vote.id)) == 1


async def test_forged_or_foreign_presses_record_nothing(repo):
    vote = _vote(repo)
    async with BotHarness(repo) as bot:
        west = await bot.press(103, f"pd:c:{vote.id}:0:agree")  # a volunteer of another area
        huge = await bot.press(102, f"pd:c:{vote.id}:99:agree")
        bad = await bot.press(102, f"pd:c:{vote.id}:0:yes")
        resident = await bot.press(7001, f"pd:c:{vote.id}:0:agree")
    assert not _votes(repo, vote.id)
    for calls in (huge, bad):
        said = [c.text for c in calls]
        assert any("按钮已失效" in c or "无效" in c for c in said), said
    assert any("本小区的志愿者" in c.text for c in west), [c.text for c in west]
    assert resident


async def test_an_owner_of_two_flats_signs_once_and_the_last_room_leads_to_the_units(
        tmp_path, clock):
    """101 and 102 have one owner: once 101 signed, 102 is no longer offered; after the
    unit's last door the worker is told the unit is done and shown the units left."""
    from conftest import SMALL_STREET

    from db.config import parse_street
    from db.repository import Repository

    owned = SMALL_STREET
    for room, area in (("101", 60), ("102", 80)):
        owned = owned.replace(f'{{room: "{room}", area_m2: {area}}}',
                              f'{{room: "{room}", area_m2: {area}, owner: k}}')
    repo = Repository.init(tmp_path / "owned", parse_street(owned), clock=clock)
    try:
        vote = _vote(repo)
        async with BotHarness(repo) as bot:
            await bot.send(102, f"/paper {vote.id}")
            await bot.press_label(102, "1号楼1单元")
            await bot.press_label(102, "101", exact=True)
            after = await bot.press_label(102, "同意", exact=True)
            assert [label for label, _ in after[-1].buttons()] == ["201", "⬅️ 全部单元"]
            await bot.press_label(102, "201", exact=True)
            done = await bot.press_label(102, "弃权", exact=True)
        said = "\n".join(c.text for c in done if c.chat_id == 102)
        assert "东小区 1号楼 1单元 的各户都已投票。" in said, said
        assert "所有住户的业主都已投票。" in said, said
        assert len(_votes(repo, vote.id)) == 2
    finally:
        repo.close()


async def test_an_area_of_many_units_pages_its_unit_buttons(tmp_path, clock):
    """30 units: the first 24 on the first page, ▶ to the rest; none was left out."""
    from db.config import parse_street
    from db.repository import Repository

    units = "\n".join(f'''              - id: "{u}"
                households:
                  - {{room: "101", area_m2: 50}}''' for u in range(1, 31))
    street = f"""
street: {{id: test, name: 测试街道, city: 测试市}}
admins: [900]
communities:
  - id: big-c
    name: 大社区
    compounds:
      - id: c1
        name: 大院
        buildings:
          - id: "1"
            units:
{units}
areas:
  - {{id: big, name: 大院, mode: committee, steward: 大院物管会, compounds: [c1]}}
volunteers:
  - {{telegram_id: 101, name: 甲志愿者, title: 网格员, areas: [big]}}
"""
    repo = Repository.init(tmp_path / "big", parse_street(street), clock=clock)
    try:
        vote = repo.create_proposal(pid(repo, 101), "big", title="装门禁", description="",
                                    budget_fen=0, matter="everyday", deadline="2099-01-01")
        async with BotHarness(repo) as bot:
            first = (await bot.send(101, f"/paper {vote.id}"))[-1].buttons()
            second = (await bot.press_label(101, "更多单元"))[-1].buttons()
            back = (await bot.press_label(101, "前面的单元"))[-1].buttons()
            forged = await bot.press(101, f"pd:l:{vote.id}:99")
        labels = [label for label, _ in first]
        assert len(labels) == 25 and labels[0] == "1号楼1单元（1户未投）", labels
        assert labels[-1] == "更多单元 ▶"
        assert [label for label, _ in second][0] == "1号楼25单元（1户未投）"
        assert [label for label, _ in second][-1] == "◀ 前面的单元" and len(second) == 7
        assert back == first
        assert forged[-1].buttons() == first  # a page past the end: the first
    finally:
        repo.close()


async def test_paper_alone_offers_the_open_votes_of_her_areas_as_buttons(repo):
    """/paper alone said the usage with an example number (/paper 7) that was no vote of
    hers: she had to find #N elsewhere before the doors."""
    async with BotHarness(repo) as bot:
        none_open = await bot.send(102, "/paper")
        assert "现在没有正在进行的表决" in none_open[-1].text, none_open[-1]
        vote = _vote(repo)
        listed = await bot.send(102, "/paper")
        assert "要为哪项表决登记纸质签字" in listed[-1].text, listed[-1]
        assert [label for label, _ in listed[-1].buttons()] == [f"#{vote.id} 装门禁"]
        assert f"/paper {vote.id} " in listed[-1].text  # the typed form, with her vote's #
        units = await bot.press_label(102, f"#{vote.id} 装门禁")
        assert any("1号楼1单元" in label for label, _ in units[-1].buttons()), units[-1]
