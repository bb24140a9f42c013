"""``steward forget`` and ``steward unpublish``: an admin forgets a resident who asks in
person (or again after a restore onto a new machine), as the bot's /forget does, after
saying what it deletes and asking; never a volunteer, never beside a running bot."""

from __future__ import annotations

from pathlib import Path

from conftest import confirmed_resident, pid
from typer.testing import CliRunner

from db.entries import Kind, Status
from db.forget_again import BOT_STATE, BOT_UPDATES
from db.locks import hold_writer_lock
from db.repository import Repository
from steward_cli import app

HOME = "c1/1/1/101"
runner = CliRunner()


def _resident_with_a_report_a_draft_and_a_waiting_opinion(repo: Repository) -> tuple[int, int]:
    """A resident (Telegram 7001, named 罗小燕) with a published report, an opinion
    waiting for review, a draft the bot saved and a message not handled yet; (person
    id, report id)."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    repo.keep_name(person, "罗小燕")
    report = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": "门口路灯坏了三天"})
    repo.approve(report.id, pid(repo, 101))
    repo.submit(person, Kind.OPINION, "east", {"text": "楼道请装扶手"})
    with repo.store.transaction() as tx:
        tx.put(BOT_STATE, "users", 7001, {"flow:opinion": {"text": "我家电话 13912345678"}})
        tx.put(BOT_UPDATES, "updates", 5, {"update": {"update_id": 5, "message": {
            "text": "我是罗小燕", "from": {"id": 7001}}}})
    return person, report.id


def test_forget_says_who_and_what_it_deletes_and_deletes_nothing_without_a_yes(repo):
    person, _ = _resident_with_a_report_a_draft_and_a_waiting_opinion(repo)
    root = Path(repo.store.root)
    repo.close()
    said = runner.invoke(app, ["forget", str(person), "--data", str(root)], input="n\n")
    assert said.exit_code == 1
    assert f"#{person}: 罗小燕、东小区 1号楼 1单元 101、Telegram 7001" in said.output
    assert "1 submission(s) waiting for review" in said.output
    assert "1 published text(s) come off the website" in said.output
    assert "Nothing was deleted" in said.output and "没有删除任何内容" in said.output
    again = Repository.open(root, readonly=True)
    try:
        assert again.person(person)["name"] == "罗小燕"
    finally:
        again.close()


def test_forget_does_what_the_bots_forget_does_and_the_bots_saved_steps_go_too(repo):
    person, report = _resident_with_a_report_a_draft_and_a_waiting_opinion(repo)
    root = Path(repo.store.root)
    repo.close()
    done = runner.invoke(app, ["forget", f"#{person}", "--data", str(root)], input="y\n")
    assert done.exit_code == 0, done.output
    assert f"Deleted #{person}'s personal data; 1 waiting submission(s) withdrawn" \
        in done.output
    assert f"steward build --data {root}" in done.output
    assert f"steward forget {person}" in done.output  # the note to keep off the machine
    again = Repository.open(root, readonly=True)
    try:
        gone = again.person(person)
        assert gone["forgotten"] and gone["name"] == "" and gone["telegram_id"] is None
        assert gone["household"] is None and again.person_by_telegram(7001) is None
        assert again.entry(report).data.get("withheld")  # off the site at its next build
        [opinion] = again.entries(kind=Kind.OPINION)
        assert opinion.status == Status.REJECTED and opinion.data == {"withdrawn": True}
        assert again.store.get(BOT_STATE, "users", 7001) is None
        assert again.store.get(BOT_UPDATES, "updates", 5) == {"done": True}
    finally:
        again.close()
    twice = runner.invoke(app, ["forget", str(person), "--data", str(root), "--yes"])
    assert twice.exit_code == 1 and "deleted already" in twice.output


def test_forget_finds_the_person_by_their_telegram_id_too(repo):
    person = confirmed_resident(repo, 7001, HOME, 101)
    root = Path(repo.store.root)
    repo.close()
    done = runner.invoke(app, ["forget", "7001", "--data", str(root), "--yes"])
    assert done.exit_code == 0, done.output
    assert f"Deleted #{person}'s personal data" in done.output


def test_forget_refuses_a_volunteer_as_the_bots_forget_does(repo):
    volunteer = pid(repo, 101)
    root = Path(repo.store.root)
    repo.close()
    refused = runner.invoke(app, ["forget", str(volunteer), "--data", str(root), "--yes"])
    assert refused.exit_code == 1
    assert "revoke their role" in refused.output and "/revoke" in refused.output
    again = Repository.open(root, readonly=True)
    try:
        assert again.person_by_telegram(101)["id"] == volunteer
    finally:
        again.close()


def test_forget_refuses_an_unknown_number_or_a_name_nobody_has(repo):
    root = Path(repo.store.root)
    repo.close()
    unknown = runner.invoke(app, ["forget", "4242", "--data", str(root), "--yes"])
    assert unknown.exit_code == 1 and "There is no person #4242 here" in unknown.output
    word = runner.invoke(app, ["forget", "罗小燕", "--data", str(root), "--yes"])
    assert word.exit_code == 1 and "Give the person's number" in word.output
    assert "Nobody here is named '罗小燕'" in word.output


def test_forget_beside_a_running_bot_refuses_and_says_to_stop_it_or_use_the_bot(repo):
    """The bot keeps what it saved of each person in memory, and holds the folder's
    writer lock: the command says so instead of a bare "another process" error."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    root = Path(repo.store.root)
    repo.close()
    bot = hold_writer_lock(root)  # what `steward run` holds while it runs
    try:
        refused = runner.invoke(app, ["forget", str(person), "--data", str(root), "--yes"])
    finally:
        bot.close()
    assert refused.exit_code == 1
    assert "in use by the bot" in refused.output and "stop it first" in refused.output
    assert "/forget" in refused.output and "请先停止机器人" in refused.output
    again = Repository.open(root, readonly=True)
    try:
        assert again.person(person)["telegram_id"] == 7001
    finally:
        again.close()


def test_unpublish_withdraws_the_agreement_and_keeps_the_person_registered(repo):
    person, report = _resident_with_a_report_a_draft_and_a_waiting_opinion(repo)
    root = Path(repo.store.root)
    repo.close()
    done = runner.invoke(app, ["unpublish", str(person), "--data", str(root)], input="y\n")
    assert done.exit_code == 0, done.output
    assert "1 published text(s) come off the website" in done.output
    assert f"steward unpublish {person}" in done.output
    again = Repository.open(root, readonly=True)
    try:
        kept = again.person(person)
        assert kept["consent_withdrawn"] and not kept["consents"]
        assert kept["household"] == HOME and kept["name"] == "罗小燕"
        assert again.entry(report).data.get("withheld")
    finally:
        again.close()
    twice = runner.invoke(app, ["unpublish", str(person), "--data", str(root), "--yes"])
    assert twice.exit_code == 1 and "nothing was changed" in twice.output


def test_forget_finds_the_person_by_her_registered_name_or_her_household(repo):
    """At the office she says her name and her flat, seldom her number."""
    person, _ = _resident_with_a_report_a_draft_and_a_waiting_opinion(repo)
    root = Path(repo.store.root)
    repo.close()
    for given in ("罗小燕", HOME, "东小区 1号楼 1单元 101", "东小区1号楼1单元101"):
        said = runner.invoke(app, ["forget", given, "--data", str(root)], input="n\n")
        assert said.exit_code == 1 and "Nothing was deleted" in said.output, given
        assert f"#{person}: 罗小燕、东小区 1号楼 1单元 101" in said.output, given


def test_a_name_or_household_of_several_people_lists_them_and_deletes_nothing(repo):
    person, _ = _resident_with_a_report_a_draft_and_a_waiting_opinion(repo)
    other = confirmed_resident(repo, 7002, HOME, 101)  # her husband, on the same flat
    repo.keep_name(other, "张建国")
    root = Path(repo.store.root)
    repo.close()
    said = runner.invoke(app, ["forget", HOME, "--data", str(root), "--yes"])
    assert said.exit_code == 1
    assert "可能是这 2 个人中的一个" in said.output and "could be any of these 2" in said.output
    assert f"#{person}：罗小燕" in said.output and f"#{other}：张建国" in said.output
    nobody = runner.invoke(app, ["unpublish", "李四", "--data", str(root), "--yes"])
    assert nobody.exit_code == 1 and "这里没有叫“李四”的人" in nobody.output
    again = Repository.open(root, readonly=True)
    try:
        assert again.person(person)["name"] == "罗小燕"
        assert again.person(other)["name"] == "张建国"
    finally:
        again.close()
