"""/movedout sent alone by a volunteer picks the flat on buttons, as a door-to-door walk
does: before, she read how to type it (/movedout 1/1/101) and had to know its form. Now:
her area (when she has several), a building unit with registered residents, a room with
registered residents, then the flat's residents as /movedout 1/1/101 lists them. Each
press is checked again (a private chat, a volunteer of that area); nothing is written
before a name and a reason are pressed. Typed flats work as before."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

from db.config import parse_street
from db.repository import Repository

HOME = "c1/1/1/101"
GROUP = -100777


def _mother(repo):  # type: ignore[no-untyped-def]
    mother = confirmed_resident(repo, 7001, HOME, 101)
    repo.keep_name(mother, "王秀兰")
    return mother


async def test_movedout_alone_picks_unit_then_room_then_lists_its_residents(repo):
    mother = _mother(repo)
    confirmed_resident(repo, 7002, "c1/1/1/201", 101)
    async with BotHarness(repo) as bot:
        units = await bot.send(101, "/movedout")
        rooms = await bot.press(101, "mvp:u:0:0")
        listed = await bot.press(101, "mvp:h:0:0")
        assert repo.person(mother)["household"] == HOME  # nothing before name and reason
        await bot.press(101, f"mvv:p:{mother}")
        await bot.press(101, f"mvv:r:{mother}:moved")
        typed = await bot.send(101, "/movedout 1/1/201")  # typed still works
    assert "东小区：有 2 户登记了住户。是哪个单元？" in units[-1].text
    assert "/movedout 1/1/101" in units[-1].text
    assert units[-1].buttons() == [("1号楼1单元（2户）", "mvp:u:0:0")]
    assert "东小区 1号楼 1单元：是哪一户？" in rooms[-1].text
    assert rooms[-1].buttons() == [("101", "mvp:h:0:0"), ("201", "mvp:h:0:2"),
                                   ("⬅️ 全部单元", "mvp:l:0")]
    assert "东小区 1号楼 1单元 101 登记的住户" in listed[-1].text and "王秀兰" in listed[-1].text
    assert repo.person(mother)["household"] is None
    assert "东小区 1号楼 1单元 201 登记的住户" in typed[-1].text


async def test_an_admin_chooses_the_area_first_and_an_empty_area_says_so(repo):
    _mother(repo)
    async with BotHarness(repo) as bot:
        areas = await bot.send(900, "/movedout")
        west = await bot.press(900, "mvp:a:1")
        east = await bot.press(900, "mvp:a:0")
    assert "请先选区域" in areas[-1].text
    assert areas[-1].buttons() == [("东小区", "mvp:a:0"), ("西小区", "mvp:a:1")]
    assert "西小区还没有人登记为住户" in west[-1].text
    assert east[-1].buttons() == [("1号楼1单元（1户）", "mvp:u:0:0")]


async def test_a_volunteer_living_in_her_area_is_asked_about_her_flat_or_another(repo):
    _mother(repo)
    confirmed_resident(repo, 101, "c1/1/1/102", 102)
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, "/movedout")
        picked = await bot.press(101, "mvp:a:all")
    labels = [label for label, _ in asked[-1].buttons()]
    assert labels == ["是的，我已搬走", "🏠 是本区域别的住户搬走了", "取消"], labels
    assert picked[-1].buttons()[0] == ("1号楼1单元（2户）", "mvp:u:0:0")
    assert repo.person_by_telegram(101)["household"] == "c1/1/1/102"


async def test_another_areas_volunteer_a_resident_and_a_group_are_refused(repo):
    _mother(repo)
    async with BotHarness(repo) as bot:
        other = await bot.press(103, "mvp:h:0:0")  # west's volunteer, an east flat
        resident = await bot.press(7001, "mvp:h:0:0")
        group = await bot.press(101, "mvp:h:0:0", chat_id=GROUP)
        forged = await bot.press(101, "mvp:h:0:99")
    for calls in (other, resident, group, forged):
        assert not any("王秀兰" in c.text for c in calls)


def _street_of(n: int) -> str:
    """A street of ``n`` areas, one compound of one flat each."""
    compounds = "".join(
        f"      - id: k{i}\n        name: 第{i}小区\n        buildings:\n"
        f"          - id: \"1\"\n            units:\n              - id: \"1\"\n"
        f"                households:\n                  - {{room: \"101\"}}\n"
        for i in range(n))
    areas = "".join(f"  - {{id: a{i}, name: 第{i}小区, mode: committee, steward: 第{i}物管会, "
                    f"compounds: [k{i}]}}\n" for i in range(n))
    return ("street: {id: big, name: 大街道, city: 测试市}\nadmins: [900]\ncommunities:\n"
            "  - id: c\n    name: 一社区\n    compounds:\n" + compounds + "areas:\n" + areas)


async def test_an_admin_of_a_street_of_many_areas_turns_pages_of_areas(tmp_path, clock):
    """A 50-area street showed the admin 50 area buttons at once; now a page of eight
    with ◀ ▶ to the others, each page press checked again."""
    repo = Repository.init(tmp_path / "big", parse_street(_street_of(20), "big.yaml"),
                           clock=clock)
    try:
        async with BotHarness(repo) as bot:
            first = await bot.send(900, "/movedout")
            second = await bot.press(900, "mvp:p:1")
            last = await bot.press(900, "mvp:p:2")
            forged = await bot.press(900, "mvp:p:99")
            resident = await bot.press(7001, "mvp:p:1")
    finally:
        repo.close()
    assert "请先选区域" in first[-1].text
    assert first[-1].buttons() == [(f"第{i}小区", f"mvp:a:{i}") for i in range(8)] + [
        ("2/3 ▶", "mvp:p:1")]
    assert second[-1].buttons() == [(f"第{i}小区", f"mvp:a:{i}") for i in range(8, 16)] + [
        ("◀ 1/3", "mvp:p:0"), ("3/3 ▶", "mvp:p:2")]
    assert last[-1].buttons() == [(f"第{i}小区", f"mvp:a:{i}") for i in range(16, 20)] + [
        ("◀ 2/3", "mvp:p:1")]
    assert forged[-1].buttons() == last[-1].buttons()  # past the last page: the last
    assert not any("小区" in label for c in resident for label, _ in c.buttons())
