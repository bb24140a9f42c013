"""Supervisors (监督员) through the real Application: the admin grants and revokes
the role (/grant <user> supervisor <area>); a supervisor's /pending lists the
area's queue without buttons and without what only deciders need; their
Approve / Reject presses and commands, forged or not, change nothing."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind
from db.people import supervisor_areas, volunteer_areas
from db.privacy import CONSENT_VERSION


async def test_admin_grants_a_supervisor_who_is_told_and_gets_the_pending_command(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(900, "/grant 5001 supervisor east")
        helped = await bot.send(5001, "/help")
    assert supervisor_areas(repo.person_by_telegram(5001)) == ["east"]
    assert repo.role_audit()[-1]["to"] == "supervisor:east"
    assert any(c.chat_id == 900 and "监督员" in c.text and "东小区" in c.text for c in calls)
    told = [c.text for c in calls if c.chat_id == 5001 and c.method == "sendMessage"]
    assert told and "监督员" in told[0] and "/pending" in told[0]
    menus = [c for c in calls if c.method == "setMyCommands"]
    commands = {c["command"] for c in menus[0].params["commands"]}
    assert "pending" in commands and "approve" not in commands and "grant" not in commands
    assert "/pending" in helped[-1].text and "/approve" not in helped[-1].text


async def test_a_supervisor_reads_the_queue_without_buttons_or_names(repo):
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    repo.grant(pid(repo, 900), 5001, "east", role="supervisor")
    issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting",
                                                       "text": "三号楼路灯不亮"})
    newcomer = repo.ensure_person(5002, name="王大妈", username="wangdama")["id"]
    repo.register(newcomer, "c1/1/1/102", consent=CONSENT_VERSION)
    repo.clock.now = repo.clock.now.replace(day=repo.clock.now.day + 3)  # type: ignore[attr-defined]
    async with BotHarness(repo) as bot:
        calls = await bot.send(5001, "/pending")
    texts = "\n".join(c.text for c in calls if c.method == "sendMessage")
    assert f"#{issue.id}" in texts and "三号楼路灯不亮" in texts
    assert "3 天" in texts  # how long it has waited
    assert "王大妈" not in texts and "wangdama" not in texts
    assert texts and all(c.buttons() == [] for c in calls)
    assert not [c for c in calls if c.method == "sendPhoto"]


async def test_a_supervisors_approve_and_reject_are_refused_as_a_supervisors_and_change_nothing(
        repo):
    """A supervisor typing /approve was told 此功能仅限志愿者使用，如果您参与小区管理，
    请联系社区书记为您开通, as a stranger is: the secretary made her supervisor not to be a
    volunteer."""
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    repo.grant(pid(repo, 900), 5001, "east", role="supervisor")
    issue = repo.submit(resident, Kind.OPINION, "east", {"text": "多装几盏灯"})
    async with BotHarness(repo) as bot:
        pressed = await bot.press(5001, f"q:a:{issue.id}")
        rejected = await bot.press(5001, f"q:r:{issue.id}")
        typed = await bot.send(5001, f"/approve {issue.id}")
        reasons = await bot.send(5001, f"/reject {issue.id} 不行")
    assert repo.entry(issue.id).status == "pending"
    for calls in (pressed, rejected, typed, reasons):
        # she was made supervisor to watch the volunteers: not told to ask to be added
        assert calls[-1].text == SUPERVISOR_REFUSED, calls[-1].text


SUPERVISOR_REFUSED = ("您是东小区的监督员：可以查看待审核的内容（/pending）、"
                      "各区域概况（/overview）和纸质公示单（/notice），"
                      "也可以在“账目”下点“❓ 提问”公开提问；但通过、驳回、"
                      "答复提问、记账、发起或结束表决、发布公告只能由志愿者来做。这次没有做任何改动。")


async def test_a_supervisor_refused_an_answer_or_a_vote_is_told_what_she_may_do_instead(repo):
    """Refused /answer or /closevote, a supervisor read only that volunteers "approve,
    reject, record money or post": nothing about answering or votes, nor that she may
    ask in public herself (❓ 提问 under 账目) or print the notice (/notice)."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    repo.grant(pid(repo, 900), 5001, "east", role="supervisor")
    async with BotHarness(repo) as bot:
        answered = await bot.send(5001, "/answer 3 从维修资金出")
        closed = await bot.send(5001, "/closevote 3")
        repo.set_language(pid(repo, 5001), "en")
        english = await bot.send(5001, "/answer 3 from the repair fund")
    for calls in (answered, closed):
        assert calls[-1].text == SUPERVISOR_REFUSED, calls[-1].text
    said = english[-1].text
    assert "/notice" in said and "Ask a question" in said and "answer" in said \
        and "votes" in said, said


async def test_admin_revokes_a_supervisor_whose_pending_is_then_refused(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    repo.grant(pid(repo, 900), 5001, "east", role="supervisor")
    async with BotHarness(repo) as bot:
        calls = await bot.send(900, "/revoke 5001 supervisor east")
        after = await bot.send(5001, "/pending")
        again = await bot.send(900, "/revoke 5001 supervisor east")
    assert repo.supervisors("east") == []
    assert any(c.chat_id == 5001 and "监督员" in c.text for c in calls)
    assert "仅限志愿者" in after[-1].text
    assert "不是该区域的监督员" in again[-1].text


async def test_a_volunteer_of_the_area_cannot_be_made_its_supervisor(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(900, "/grant 101 supervisor east")
    assert repo.supervisors("east") == []
    assert "撤销" in calls[-1].text
    assert "东小区的志愿者" in calls[-1].text and "east" not in calls[-1].text  # its name


@pytest.mark.parametrize("who", [5001, 5002, 101, 103])
async def test_only_the_admin_grants_or_revokes_a_supervisor(repo, who):
    """A resident, a supervisor, a volunteer of the area and one of another area."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    repo.grant(pid(repo, 900), 5002, "east", role="supervisor")
    async with BotHarness(repo) as bot:
        granted = await bot.send(who, "/grant 5003 supervisor east")
        revoked = await bot.send(who, "/revoke 5002 supervisor east")
    assert "管理员" in granted[-1].text and "管理员" in revoked[-1].text
    assert [p["telegram_id"] for p in repo.supervisors("east")] == [5002]


@pytest.mark.parametrize(("who", "buttons"), [(5002, False), (101, True), (900, True)])
async def test_pending_has_approve_buttons_only_for_who_may_approve(repo, who, buttons):
    """The supervisor reads; the area's volunteer and the admin get the buttons."""
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    repo.grant(pid(repo, 900), 5002, "east", role="supervisor")
    entry = repo.submit(resident, Kind.OPINION, "east", {"text": "楼道灯太暗"})
    async with BotHarness(repo) as bot:
        calls = await bot.send(who, "/pending")
    assert f"#{entry.id}" in "\n".join(c.text for c in calls)
    pressed = [d for c in calls for _, d in c.buttons()]
    assert (f"q:a:{entry.id}" in pressed) is buttons


async def test_a_supervisors_queue_shows_a_voice_report_by_its_length_not_the_placeholder(repo):
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    repo.grant(pid(repo, 900), 5001, "east", role="supervisor")
    voiced = repo.submit(resident, Kind.ISSUE, "east",
                         {"category": "septic", "text": "（语音留言）", "voice": "a" * 64 + ".ogg",
                          "voice_seconds": 23})
    async with BotHarness(repo) as bot:
        calls = await bot.send(5001, "/pending")
    texts = "\n".join(c.text for c in calls if c.method == "sendMessage")
    assert f"#{voiced.id}" in texts and "语音留言（0:23）" in texts
    assert "（语音留言）" not in texts
    assert not [c for c in calls if c.method == "sendVoice"]


@pytest.mark.parametrize("typed", ["/grant 5001 east 监督员", "/grant 5001 东小区 supervisor"])
async def test_the_role_word_typed_last_gives_that_role_not_a_volunteers_title(repo, typed):
    # before: a volunteer titled 监督员, who could approve, told 现在是东小区的监督员
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(900, typed)
        taken = await bot.send(900, typed.replace("/grant", "/revoke"))
    granted, taken_away = [(r["to"], r["from"]) for r in repo.role_audit()
                           if r["note"] in ("grant", "revoke")]
    assert granted == ("supervisor:east", None) and taken_away == (None, "supervisor:east")
    assert any(c.chat_id == 900 and "不再是" in c.text for c in taken)
    assert volunteer_areas(repo.person_by_telegram(5001)) == []


async def test_a_supervisors_help_does_not_head_her_commands_as_approving(repo):
    """A supervisor's /help listed /overview and /pending under 【审核与答复居民】
    (【Approving, and answering residents】), though she approves and answers nothing."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    repo.grant(pid(repo, 900), 5001, "east", role="supervisor")
    async with BotHarness(repo) as bot:
        chinese = (await bot.send(5001, "/help"))[-1].text
        repo.set_language(pid(repo, 5001), "en")
        english = (await bot.send(5001, "/help"))[-1].text
    assert "/pending" in chinese and "审核与答复居民" not in chinese
    assert "【待审核与各区域概况】" in chinese
    assert "/pending" in english and "Approving" not in english
    assert "【What waits, and each area at a glance】" in english
    volunteer = None
    async with BotHarness(repo) as bot:
        volunteer = (await bot.send(101, "/help"))
    assert any("【审核与答复居民】" in c.text for c in volunteer)


async def test_an_english_supervisors_menu_button_says_waiting_not_to_approve(repo):
    """An English-speaking supervisor's menu read "To approve (1)", though she approves
    nothing; now "Waiting (1)", and pressing it lists the queue. A volunteer's stays."""
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    repo.grant(pid(repo, 900), 5001, "east", role="supervisor")
    issue = repo.submit(resident, Kind.OPINION, "east", {"text": "多装几盏灯"})
    repo.set_language(pid(repo, 5001), "en")
    repo.set_language(pid(repo, 101), "en")
    async with BotHarness(repo) as bot:
        menu = next(c.keyboard() for c in await bot.send(5001, "/start") if c.keyboard())
        listed = await bot.send(5001, "Waiting (1)")
        volunteer = next(c.keyboard() for c in await bot.send(101, "/start") if c.keyboard())
    assert menu[0] == "Waiting (1)" and not any("approve" in b for b in menu), menu
    assert f"#{issue.id}" in listed[-1].text and "only the volunteers approve" in listed[-1].text
    assert volunteer[0].startswith("To approve")
