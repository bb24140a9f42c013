"""``steward mydata``: a resident who asks at the community office (her phone lost, or
without the bot) what is kept about her is given it, as her /mydata in the bot gives
it (PIPL art. 45). Before, ``steward`` had ``forget`` and ``unpublish`` for such a
request and nothing to see, and an admin's ``/mydata 14`` in the bot showed the
admin's own data, the 14 ignored."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from bot_harness import BotHarness
from conftest import confirmed_resident, pid
from typer.testing import CliRunner

from db.entries import Kind
from db.forget_again import BOT_STATE
from db.locks import hold_writer_lock
from steward_cli import app

HOME = "c1/1/1/101"
runner = CliRunner()


def _resident(repo) -> tuple[int, int, int]:
    """罗小燕 (Telegram 7001) with a published report, a fee a volunteer collected from
    her flat and a draft the bot saved; (person, report, fee)."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    repo.keep_name(person, "罗小燕")
    report = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": "门口路灯坏了三天"})
    repo.approve(report.id, pid(repo, 101))
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": "2025", "amount_fen": 12000,
        "household": HOME, "collected": True})
    repo.approve(fee.id, pid(repo, 102))
    with repo.store.transaction() as tx:
        tx.put(BOT_STATE, "users", 7001, {"flow:opinion": {"text": "楼道请装扶手"},
                                          "lang": "zh"})
    return person, report.id, fee.id


def test_mydata_writes_what_is_kept_about_her_to_a_file_beside_the_running_bot(repo, tmp_path):
    person, report, fee = _resident(repo)
    root = Path(repo.store.root)
    repo.close()
    out = tmp_path / "given.json"
    bot = hold_writer_lock(root)  # what `steward run` holds while it runs: it only reads
    try:
        done = runner.invoke(app, ["mydata", "罗小燕", "--data", str(root), "--out", str(out)])
    finally:
        bot.close()
    assert done.exit_code == 0, done.output
    assert f"#{person}: 罗小燕、东小区 1号楼 1单元 101、Telegram 7001" in done.output
    # each with a few of its words, to tell it by when read out at the office
    assert f"#{report} 2025-01-01 报事 · 已受理 · 网站公开 / public · 门口路灯坏了三天" \
        in done.output
    assert "别人为这一户登记的缴费、报事和意见 / fees, reports and opinions recorded for the " \
           "household by others: 1" in done.output
    assert str(out) in done.output and "delete it" in done.output
    kept = json.loads(out.read_text("utf-8"))
    assert kept["person"]["name"] == "罗小燕"
    assert report in [e["id"] for e in kept["entries"]]
    assert [r["id"] for r in kept["household_records"]] == [fee]
    assert kept["unfinished_steps"] == {"flow:opinion": {"text": "楼道请装扶手"}}
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # it names her


def test_mydata_never_writes_over_a_file_and_asks_which_of_two_on_one_flat(repo, tmp_path):
    person, _, _ = _resident(repo)
    confirmed_resident(repo, 7002, HOME, 101)
    root = Path(repo.store.root)
    repo.close()
    out = tmp_path / "there.json"
    out.write_text("someone else's", "utf-8")
    kept = runner.invoke(app, ["mydata", str(person), "--data", str(root), "--out", str(out)])
    assert kept.exit_code == 1 and "was not overwritten" in kept.output
    assert out.read_text("utf-8") == "someone else's"
    two = runner.invoke(app, ["mydata", HOME, "--data", str(root), "--out", str(out) + "2"])
    assert two.exit_code == 1 and "could be any of these 2 people" in two.output
    assert "steward mydata" in two.output and not Path(str(out) + "2").exists()


async def test_an_admins_mydata_with_a_number_says_how_to_give_it_to_that_resident(repo):
    person = confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        told = (await bot.send(900, f"/mydata {person}"))[-1].text
        own = (await bot.send(900, "/mydata"))[-1].text
    assert f"steward mydata {person} --data" in told and "不用停止机器人" in told, told
    assert "小区管家保存的关于您的信息" not in told
    assert own.startswith("小区管家保存的关于您的信息")
