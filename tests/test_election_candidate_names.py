"""A candidate's title goes on the public site: a name nobody registered standing before
the role (王建国（退休教师）), or a room number (1号楼301业主), went on as typed. Only a
registered person's name, a phone or ID number, or a whole title that read as a name
(张三) were refused (steward chat on the demo, /election as a grid worker of 城建小区,
where 57 of 60 households have nobody registered)."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import pid

from db.errors import DomainError


@pytest.mark.parametrize("title, found", [
    ("王建国（退休教师）", "王建国"), ("周桂兰 (楼长)", "周桂兰"), ("马红（居民代表）", "马红"),
    ("1号楼301业主", "room"), ("候选人乙（301室）", "room"), ("候选人丙（1-1-301）", "room")])
def test_a_name_before_the_role_or_a_room_number_is_refused(repo, title, found):
    assert repo.personal_in_candidate("east", title) == found
    with pytest.raises(DomainError) as err:
        repo.open_election(pid(repo, 101), "east", title="选举", seats=1,
                           candidates=["候选人甲（楼长）", title], deadline="2099-01-01")
    assert err.value.code == "candidate_personal"


@pytest.mark.parametrize("title", [
    "候选人甲（退休教师，1号楼）", "候选人丙（租户代表，1号楼3单元）", "党员（1号楼）",
    "司机（2号楼）", "单元长（1号楼）", "管理员（物业）", "房东代表（2号楼）", "高工（退休）",
    "音乐老师（退休）", "候选人乙（安全委员）", "前任主任（居委会）", "居委会主任", "老师"])
def test_a_role_that_starts_like_a_surname_is_no_name(repo, title):
    assert repo.personal_in_candidate("east", title) is None


async def test_the_volunteer_is_told_what_to_change_and_nothing_is_added(repo):
    async with BotHarness(repo) as bot:
        await bot.send(102, "/election")
        await bot.send(102, "补选")
        await bot.send(102, "1")
        named = await bot.send(102, "王建国（退休教师）\n候选人乙（楼长）")
        room = await bot.send(102, "1号楼301业主")
    assert "“王建国（退休教师）”含有王建国" in named[-1].text, named[-1].text
    assert "“1号楼301业主”含有房号" in room[-1].text, room[-1].text
    assert "目前的候选人" not in named[-1].text + room[-1].text


@pytest.mark.parametrize("title, found, instead", [
    ("老张（楼长）", "老张", "候选人甲（楼长）"),
    ("小王（网格员，2号楼）", "小王", "候选人甲（网格员，2号楼）"),
    ("楼长老张", "老张", "候选人甲（楼长）"),
    ("王阿姨（退休教师）", "王阿姨", "候选人甲（退休教师）"),
    ("李师傅（电工）", "李师傅", "候选人甲（电工）"),
    ("张姐（1号楼）", "张姐", "候选人甲（1号楼）")])
def test_a_candidate_called_by_a_nickname_is_refused_with_the_role_to_write_instead(
        repo, title, found, instead):
    """老张（楼长） went on the site: everyone in the compound knows who 老张 is, though a
    title naming a person (王建国（退休教师）) was refused."""
    assert repo.personal_in_candidate("east", title) == found
    with pytest.raises(DomainError) as err:
        repo.open_election(pid(repo, 101), "east", title="选举", seats=1,
                           candidates=[title, "候选人乙（楼长）"], deadline="2099-01-01")
    assert err.value.code == "candidate_nickname"
    assert err.value.params["found"] == found and err.value.params["instead"] == instead


@pytest.mark.parametrize("title", ["老党员（1号楼）", "小区居民代表", "老住户（2号楼）",
                                   "保安大爷（物业）", "老教师", "老楼长（1号楼）"])
def test_a_role_that_starts_with_old_or_young_is_no_nickname(repo, title):
    assert repo.personal_in_candidate("east", title) is None


async def test_the_volunteer_is_told_to_write_the_role_instead_of_the_nickname(repo):
    async with BotHarness(repo) as bot:
        await bot.send(102, "/election")
        await bot.send(102, "补选")
        await bot.send(102, "2")
        await bot.send(102, "候选人甲（退休教师）")
        called = await bot.send(102, "老张（楼长）\n候选人丙（网格员）")
        fixed = await bot.send(102, "候选人乙（楼长）\n候选人丙（网格员）")
    text = called[-1].text
    assert "“老张（楼长）”用“老张”来称呼候选人" in text, text
    assert "例如：候选人乙（楼长）" in text and "都没有加上" in text
    assert "1. 候选人甲（退休教师）\n2. 候选人乙（楼长）\n3. 候选人丙（网格员）" in fixed[-1].text


@pytest.mark.parametrize("title, found, instead", [
    ("王老师", "王老师", "候选人甲（老师）"),
    ("王老师（退休）", "王老师", "候选人甲（老师，退休）"),
    ("李主任（居委会）", "李主任", "候选人甲（主任，居委会）"),
    ("1号楼张楼长", "张楼长", "候选人甲（1号楼楼长）"),
    ("刘医生（社区卫生站）", "刘医生", "候选人甲（医生，社区卫生站）"),
    ("陈书记", "陈书记", "候选人甲（书记）")])
def test_a_candidate_called_by_surname_and_title_is_refused_with_the_role_to_write_instead(
        repo, title, found, instead):
    """王老师 went on the site where 老张（楼长） was refused: a surname and a title name
    the one teacher of the compound as surely as 老张 names him."""
    assert repo.personal_in_candidate("east", title) == found
    with pytest.raises(DomainError) as err:
        repo.open_election(pid(repo, 101), "east", title="选举", seats=1,
                           candidates=[title, "候选人乙（楼长）"], deadline="2099-01-01")
    assert err.value.code == "candidate_nickname"
    assert err.value.params["found"] == found and err.value.params["instead"] == instead


async def test_the_volunteer_is_told_to_write_the_role_instead_of_surname_and_title(repo):
    async with BotHarness(repo) as bot:
        await bot.send(102, "/election")
        await bot.send(102, "补选")
        await bot.send(102, "1")
        called = await bot.send(102, "王老师（退休）\n候选人乙（网格员）")
        fixed = await bot.send(102, "候选人甲（老师，退休）\n候选人乙（网格员）")
    text = called[-1].text
    assert "“王老师（退休）”用“王老师”来称呼候选人" in text, text
    assert "例如：候选人甲（老师，退休）" in text and "都没有加上" in text
    assert "1. 候选人甲（老师，退休）\n2. 候选人乙（网格员）" in fixed[-1].text
