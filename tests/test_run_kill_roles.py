"""The real ``steward run`` killed with SIGKILL just after an admin's /grant or /revoke
was stored, against the Bot API emulator on 127.0.0.1: started again, the person given
(or losing) the role is told, once, and the admin hears what the command would have
said, not "already saved, start again from the menu" (bot.handlers.roles.finish_saved);
so too the elected an admin's /seat gave their committee role
(bot.handlers.election.finish_seat); and the admin whose /mode change was stored hears
it was recorded (bot.handlers.mode.finish_saved)."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import StepClock, confirmed_resident, past_deadline, pid
from kill_restart import (
    SECOND,
    VOLUNTEER,
    held_after_delivery,
    held_to,
    kill_restart,
    press_labelled,
    say,
    street,
    tap,
)

from db.people import volunteer_areas
from db.repository import Repository

ADMIN = 900
NEWCOMER = 5001

# command, whom it is about, what they are told, what the admin is told
CASES = {
    "grant": (f"/grant {NEWCOMER} volunteer east 网格员", NEWCOMER, "您现在是东小区的网格员",
              "现在是东小区的网格员"),  # named as the admin knows them (roles.known_as)
    "revoke": (f"/revoke {SECOND} volunteer east", SECOND, "您已不再担任东小区的志愿者",
               "已完成：乙志愿者 不再是东小区的志愿者"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_role_granted_or_revoked_just_before_a_kill_is_told_to_its_person_once(
        tmp_path, street_config, case):
    command, subject, to_subject, to_admin = CASES[case]
    data, repo = street(tmp_path, street_config, {})
    repo.close()
    with kill_restart(data, held_to, ADMIN) as run:  # Telegram slow for the admin's chat
        api = run.api
        say(api, NEWCOMER, "/start")
        with run.cut_short():
            api.message(ADMIN, command)
        assert not any(to_subject in c.text for c in api.calls[run.mark:])
        with run.restarted():
            done = api.wait_for(lambda c: c.chat_id == ADMIN and c.method == "sendMessage",
                                since=run.again)
            api.wait_for(lambda c: c.chat_id == subject and to_subject in c.text,
                         since=run.again)
    assert to_admin in done.text, done.text
    told = Counter(c.chat_id for c in api.calls[run.mark:] if to_subject in c.text)
    assert told == {subject: 1}, told
    assert not any("已经保存过了" in text for text in run.texts_to(ADMIN, run.again))
    with run.stored() as repo:
        person = repo.person_by_telegram(subject)
        assert ("east" in volunteer_areas(person)) == (case == "grant")


def test_the_elected_seated_just_before_a_kill_are_told_of_their_role_once(tmp_path,
                                                                          street_config):
    data = tmp_path / "street"
    repo = Repository.init(data, street_config, clock=StepClock())
    election = repo.open_election(pid(repo, VOLUNTEER), "east", title="第一届物管会选举",
                                  seats=1, deadline="2025-01-02",
                                  candidates=["候选人甲（退休教师）", "候选人乙（网格员）"])
    for n, room in enumerate(("102", "201")):
        repo.cast_ballot(confirmed_resident(repo, 7100 + n, f"c1/1/1/{room}", VOLUNTEER),
                         election.id, [1])
    past_deadline(repo, election.id)
    repo.close_overdue()
    repo.close()
    elected = 7100
    to_elected = f"您在选举 #{election.id} 中当选"
    # the elected's message reaches her and its answer is slow: the kill while it is on
    # its way; recorded as told before it left, it is not sent again (at most once)
    with kill_restart(data, held_after_delivery, elected) as run:
        api = run.api
        say(api, ADMIN, f"/seat {election.id} {elected}")
        with run.cut_short():
            api.press(ADMIN, f"seat:ok:{election.id}")
        assert not any("任职" in text for text in run.texts_to(ADMIN, run.mark))
        assert any(to_elected in text for text in run.texts_to(elected, run.mark))
        with run.restarted():
            done = api.wait_for(lambda c: c.chat_id == ADMIN and c.method == "sendMessage",
                                since=run.again)
    assert "完成：1 位当选人已在东小区任职" in done.text, done.text
    told = Counter(c.chat_id for c in api.calls[run.mark:] if to_elected in c.text)
    assert told == {elected: 1}, told
    assert not any("已经保存过了" in text for text in run.texts_to(ADMIN, run.again))
    with run.stored() as repo:
        assert "east" in volunteer_areas(repo.person_by_telegram(elected))


def test_a_change_of_mode_stored_just_before_a_kill_is_answered_as_recorded(tmp_path,
                                                                           street_config):
    """An admin's 记录这一变化 under /mode, cut short by a kill once the change was
    stored, was answered at the restart "这一步在机器人重启之前已经保存过了…请从菜单重新
    开始", leaving her unsure the area's mode had changed (found walking the bot); now
    she reads what the press would have said."""
    data, repo = street(tmp_path, street_config, {})
    repo.close()
    with kill_restart(data, held_to, ADMIN) as run:  # Telegram slow for the admin's chat
        api = run.api
        say(api, ADMIN, "/mode west committee 业主大会选出物管会")
        with run.cut_short():
            press_labelled(api, ADMIN, "记录这一变化")
        assert not any("已记录" in text for text in run.texts_to(ADMIN, run.mark))
        with run.restarted():
            done = api.wait_for(lambda c: c.chat_id == ADMIN and c.method == "sendMessage",
                                since=run.again)
    assert "已记录：西小区自" in done.text and "物管会" in done.text, done.text
    assert not any("已经保存过了" in text for text in run.texts_to(ADMIN, run.again))
    with run.stored() as repo:
        assert [h["mode"] for h in repo.mode_history("west")] == ["trusteeship", "committee"]


@pytest.mark.parametrize("case", ["grant", "revoke"])
def test_a_role_confirmed_with_the_button_just_before_a_kill_is_told_once(
        tmp_path, street_config, case):
    """/grant or /revoke sent alone, answered with buttons: its 确认, cut short by a kill
    once the role was stored, is finished at the restart as the press would have been
    (bot.handlers.role_steps.finish_saved), not "already saved, start again"."""
    _, subject, to_subject, _ = CASES[case]
    data, repo = street(tmp_path, street_config, {})
    repo.close()
    with kill_restart(data, held_to, ADMIN) as run:  # Telegram slow for the admin's chat
        api = run.api
        say(api, NEWCOMER, "/start")
        say(api, ADMIN, f"/{case}")
        if case == "grant":
            say(api, ADMIN, str(NEWCOMER))
            # each until the next question is asked (its buttons taken off comes first)
            for label, next_question in (("东小区", "什么角色"), ("志愿者", "什么职务"),
                                         ("网格员", "确认吗")):
                tap(api, ADMIN, label, next_question)
        else:
            tap(api, ADMIN, "乙志愿者", "确认吗")
        with run.cut_short():
            press_labelled(api, ADMIN, "确认")
        assert not any(to_subject in c.text for c in api.calls[run.mark:])
        with run.restarted():
            done = api.wait_for(lambda c: c.chat_id == ADMIN and c.method == "sendMessage",
                                since=run.again)
            api.wait_for(lambda c: c.chat_id == subject and to_subject in c.text,
                         since=run.again)
    assert done.text.startswith("已完成："), done.text
    told = Counter(c.chat_id for c in api.calls[run.mark:] if to_subject in c.text)
    assert told == {subject: 1}, told
    assert not any("已经保存过了" in text for text in run.texts_to(ADMIN, run.again))
    with run.stored() as repo:
        assert ("east" in volunteer_areas(repo.person_by_telegram(subject))) == (case == "grant")
