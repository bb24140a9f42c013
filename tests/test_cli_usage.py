"""What the ``steward`` command says to a street office's operator, who reads Chinese
first, when it cannot go on: a command line it cannot take, a ``chat --as`` it cannot
understand, and ``steward run``'s refusals at start, which are lines of the service's
journal among the bot's timed ones."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from db.config import load_street
from db.repository import Repository
from steward_cli import DEMO_CONFIG, app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
CLEAN_ENV = {"TELEGRAM_BOT_TOKEN": "", "TELEGRAM_API_BASE_URL": "", "TELEGRAM_API_FILE_URL": "",
             "STEWARD_WEBHOOK_URL": "", "STEWARD_DATA": "", "STEWARD_PROJECT": ""}
TIMED = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+08:00 ERROR steward: ", re.M)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    Repository.init(folder, load_street(DEMO_CONFIG)).close()
    return folder


@pytest.mark.parametrize(("args", "chinese", "english"), [
    (["init"], "缺少选项 --config。", "Missing option '--config'."),
    (["backup"], "缺少参数 FILE。", "Missing argument 'file'."),
    (["run", "--dta", "x"], "没有 --dta 这个选项，是不是 --data？", "No such option: --dta"),
    (["run", "--port", "abc"], "--port 的值不对：要写一个整数", "Invalid value for '--port'"),
    (["run", "--restart-delay", "soon"], "--restart-delay 的值不对：要写一个数",
     "Invalid value for '--restart-delay'"),
    (["run", "--port"], "选项 --port 后面要写一个值。", "Option '--port' requires an argument."),
    (["rnu"], "没有 rnu 这个命令，是不是 run？", "No such command 'rnu'."),
    (["key", "rotat"], "没有 rotat 这个命令，是不是 rotate？", "No such command 'rotat'."),
    (["backup", "a.tar.gz", "b.tar.gz"], "多了参数：b.tar.gz。",
     "Got unexpected extra argument(s) (b.tar.gz)"),
])
def test_a_command_line_it_cannot_take_is_said_in_chinese_first(args, chinese, english):
    """`steward init` without --config said 'Missing option '--config'.' in a box, and
    'Usage: …', 'Try … for help.', all English."""
    result = runner.invoke(app, args, env=CLEAN_ENV)
    assert result.exit_code == 2, result.output
    first = result.output.strip().splitlines()[0]
    assert first.startswith(f"steward: {chinese}"), result.output
    assert first.index(chinese) < first.index(" / ") < first.index(english), result.output
    assert "帮助：" in result.output and "--help" in result.output


def test_the_usage_and_the_help_of_the_command_given_are_named(data):
    result = runner.invoke(app, ["key", "rotate", "--data"], env=CLEAN_ENV)
    assert result.exit_code == 2
    assert "选项 --data 后面要写一个值" in result.output
    assert "key rotate --help" in result.output, result.output  # that command's help
    bogus = runner.invoke(app, ["site", "init", "--bogus"], env=CLEAN_ENV)
    assert "用法 / Usage:" in bogus.output and "site init [OPTIONS]" in bogus.output


def test_run_as_python_m_the_usage_and_help_name_steward():
    """Run as `python -m steward_cli` (as the README and the service do), the lines said
    '用法 / Usage: steward_cli.py run [OPTIONS]' and '帮助：steward_cli.py run --help'."""
    env = {**os.environ, **CLEAN_ENV, "COLUMNS": "100"}
    refused = subprocess.run([sys.executable, "-m", "steward_cli", "run", "--dta", "x"],
                             capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert refused.returncode == 2, refused.stderr
    assert "用法 / Usage: steward run [OPTIONS]" in refused.stderr, refused.stderr
    assert "帮助：steward run --help" in refused.stderr
    helped = subprocess.run([sys.executable, "-m", "steward_cli", "key", "--help"],
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert "Usage: steward key [OPTIONS]" in helped.stdout, helped.stdout
    assert "steward_cli" not in refused.stderr + helped.stdout


def test_steward_alone_still_shows_its_help():
    result = runner.invoke(app, [], env=CLEAN_ENV)
    assert result.exit_code == 2 and "Commands" in result.output
    assert "steward:" not in result.output


@pytest.mark.parametrize(("spec", "chinese", "english"), [
    ("volunteer:nowhere", "没有 'nowhere' 这个区域；区域有：xinguotu（新国土小区）",
     "no area 'nowhere'"),
    ("resident:yanye/9/9/999", "没有 'yanye/9/9/999' 这一户；住户编号是 小区/楼/单元/房号",
     "no household 'yanye/9/9/999'"),
    ("volunteer:7000001", "7000001 不是这个街道的志愿者", "7000001 is not a volunteer"),
    ("pilot:1", "看不懂 --as 'pilot:1'。对话里你是谁：admin", "cannot understand --as 'pilot:1'"),
])
def test_a_bad_chat_as_is_said_in_chinese_first(data, spec, chinese, english):
    """`steward chat --as volunteer:nowhere` said "steward: no area 'nowhere'; areas: …"."""
    result = runner.invoke(app, ["chat", "--data", str(data), "--as", spec], input="")
    assert result.exit_code == 2
    assert result.output.startswith(f"steward: {chinese}"), result.output
    assert result.output.index(" / ") < result.output.index(english), result.output


def test_a_bad_as_within_the_chat_is_said_in_chinese_first(data):
    result = runner.invoke(app, ["chat", "--data", str(data)],
                           input="/as volunteer:nowhere\n/quit\n")
    assert "(! 没有 'nowhere' 这个区域" in result.output, result.output


def test_steward_runs_refusals_at_start_are_timed_as_the_journals_other_lines(data, tmp_path):
    """The journal read '2026-12-05 10:30:00+08:00 INFO steward: …' for the bot's lines
    but 'steward: 没有设置 TELEGRAM_BOT_TOKEN…' with no time for run's refusals."""
    no_token = runner.invoke(app, ["run", "--data", str(data)], env=CLEAN_ENV)
    assert no_token.exit_code == 2
    assert TIMED.search(no_token.output), no_token.output
    assert re.search(TIMED.pattern + "没有设置 TELEGRAM_BOT_TOKEN", no_token.output, re.M)
    env = {**CLEAN_ENV, "TELEGRAM_BOT_TOKEN": "1:T"}
    missing = runner.invoke(app, ["run", "--data", str(tmp_path / "nowhere")], env=env)
    assert missing.exit_code == 2
    assert re.search(TIMED.pattern + ".*这里没有数据目录", missing.output, re.M), missing.output
    bad = runner.invoke(app, ["run", "--data", str(data)],
                        env={**env, "STEWARD_PUBLISH_DELAY": "5s"})
    assert re.search(TIMED.pattern + "环境变量的设置不对", bad.output, re.M), bad.output


def test_other_commands_refusals_stay_untimed(tmp_path):
    result = runner.invoke(app, ["verify", "--data", str(tmp_path / "nowhere")], env=CLEAN_ENV)
    assert result.output.startswith("steward: ") and not TIMED.search(result.output)


def test_the_chats_own_notes_say_what_is_wrong_in_chinese_first(data):
    """The chat's notes to whoever tries it (a volunteer in training, say) were English
    only: '(! no button #7: choose #1 to #2)', '(! no file nothing.jpg)', '(2 message(s)
    for you while you were away:)'."""
    result = runner.invoke(app, ["chat", "--data", str(data), "--as", "admin"], input="\n".join(
        ["/language", "#7", "/photo nothing.jpg", "/file nowhere.pdf", "/as 7000001", "/start",
         "#1", "#1", "#1", "#1", "#1", "/as 900101", "/quit"]) + "\n")
    out = result.output
    assert "(! 没有按钮 #7：请输入 #1 到 #2 / no button #7: choose #1 to #2)" in out, out
    assert "(! 没有这个文件：nothing.jpg / no file nothing.jpg)" in out
    assert "(! 没有这个文件：nowhere.pdf / no file nowhere.pdf)" in out
    assert re.search(r"（你不在时有 \d+ 条发给你的消息： / \d+ message\(s\) for you while you "
                     r"were away:）", out), out


def _resident(repo: Repository) -> tuple[int, Path]:
    from conftest import confirmed_resident

    person = confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    root = Path(repo.store.root)
    repo.close()
    return person, root


def test_a_question_answered_otherwise_than_y_or_n_says_what_to_answer_in_chinese_first(repo):
    """`steward forget 5` answered 是 at 删除 #5 的个人信息？ [y/N] said 'Error: invalid
    input' and asked again."""
    person, root = _resident(repo)
    said = runner.invoke(app, ["forget", str(person), "--data", str(root)], input="x\nn\n")
    assert said.exit_code == 1
    assert "请回答 y（是）或 n（否）。 / Please answer y or n." in said.output, said.output
    assert "invalid input" not in said.output and "没有删除任何内容" in said.output
    yes = runner.invoke(app, ["forget", str(person), "--data", str(root)], input="是\n")
    assert yes.exit_code == 0 and f"已删除 #{person} 的个人信息" in yes.output, yes.output


def test_a_question_left_unanswered_says_so_in_chinese_first(repo):
    """Run without a terminal (cron) and without --yes, the question got no answer:
    typer said 'Aborted.'."""
    person, root = _resident(repo)
    said = runner.invoke(app, ["forget", str(person), "--data", str(root)], input="")
    assert said.exit_code == 1
    assert "steward: 已取消（问题没有得到回答）。 / Aborted: the question was not answered." \
        in said.output, said.output
    again = Repository.open(root, readonly=True)
    try:
        assert again.person(person)["household"] == "c1/1/1/101"  # nothing deleted
    finally:
        again.close()


def test_a_passphrase_typed_differently_twice_is_asked_again_in_chinese_first(
        tmp_path, street_config, monkeypatch):
    """typer said 'Error: The two entered values do not match.'"""
    data = tmp_path / "data"
    Repository.init(data, street_config).close()
    monkeypatch.setattr("cli.data._interactive", lambda: True)
    monkeypatch.delenv("STEWARD_BACKUP_PASSPHRASE", raising=False)
    made = runner.invoke(app, ["backup", str(tmp_path / "b.bin"), "--encrypt", "--data",
                               str(data)], input="correct horse\ncorrect hrose\n"
                                                 "correct horse\ncorrect horse\n")
    assert made.exit_code == 0, made.output
    assert "两次输入的不一样，请重新输入。 / The two entered values do not match" in made.output
    assert "Error:" not in made.output


def test_the_help_says_the_running_bot_builds_the_site_itself():
    """Before: `steward --help` said 'then `steward run`, `steward build` to publish the
    site', and an office that did so beside the running bot was refused; now both helps
    say the bot builds it, and `build` is for when the bot is stopped."""
    top = runner.invoke(app, ["--help"], env=CLEAN_ENV).output
    assert "it builds the public site" in " ".join(top.replace("│", " ").split())
    build = " ".join(runner.invoke(app, ["build", "--help"], env=CLEAN_ENV).output
                     .replace("│", " ").split())
    assert "While `steward run` runs, the bot builds the site itself" in build, build


def _unreadable_to_this_user(monkeypatch, path: Path) -> None:
    """``path`` as a folder or file of another user's (mode 700 or 600) is to the service's
    user: tests run as root, who reads everything, so the refusal is stood in for."""
    real_access = os.access

    def access(p, mode, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(p) == path and mode & os.R_OK:
            return False
        return real_access(p, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)


def test_a_data_folder_restored_by_root_is_named_with_its_owner_and_the_chown_to_run(
        data, monkeypatch):
    """`sudo steward restore` (without -u steward) leaves a data folder of root's, mode 700;
    the service as User=steward then stopped with 'steward: --data 的值不对。 / Invalid value
    for '--data' … is not readable.' (tried on a deployment): neither whose it is nor
    the chown the README promises. Now Steward's own refusal says both."""
    import getpass

    _unreadable_to_this_user(monkeypatch, data)

    def refused(*args, **kwargs):  # as os.open of a file inside it is to that user
        raise PermissionError(13, "Permission denied", str(data / "meta.json"))

    monkeypatch.setattr("db.repository.Repository.open", refused)
    result = runner.invoke(app, ["run", "--data", str(data)],
                           env={**CLEAN_ENV, "TELEGRAM_BOT_TOKEN": "1:T"})
    assert result.exit_code == 2, result.output  # systemd does not start it again
    assert "Invalid value" not in result.output, result.output
    assert f"sudo chown -R {getpass.getuser()}: {data}" in result.output, result.output


def test_a_backup_this_user_may_not_read_says_whose_it_is_and_the_chown(tmp_path, monkeypatch):
    """A backup copied back by root (mode 600) and restored as the service's user: the
    Chinese said only 'FILE 的值不对' where the English said 'is not readable'."""
    import getpass

    backup = tmp_path / "steward-Sun.tar.gz"
    backup.write_bytes(b"x")
    _unreadable_to_this_user(monkeypatch, backup)
    result = runner.invoke(app, ["restore", str(backup), "--data", str(tmp_path / "d")],
                           env=CLEAN_ENV)
    assert result.exit_code == 2, result.output
    first = result.output.strip().splitlines()[0]
    zh, _, en = first.partition(" / ")
    me = getpass.getuser()
    assert "没有权限读它" in zh and f"sudo chown {me}: {backup}" in zh, first
    assert "is not readable" in en and f"sudo chown {me}: {backup}" in en, first


def test_a_file_asked_for_in_a_folder_this_user_may_not_write_says_where_to_write_it(
        tmp_path, monkeypatch, capsys):
    """`sudo -u steward … steward notice 盐业小区 --month 2026-12` from the admin's home
    (or street-file, export into it) ended in a 40-line traceback, StoreError: could not
    write …: Permission denied. Now one line says which folder and where to write it."""
    import getpass

    import steward_cli
    from db import fsio
    from db.storage import atomic_write_bytes

    target = tmp_path / "notice-jixie-2026-12.pdf"

    def refused(path, *args, **kwargs):  # as root here: the refusal stood in for
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(fsio.ops, "open", refused)
    monkeypatch.setattr(steward_cli, "app", lambda: atomic_write_bytes(target, b"%PDF"))
    with pytest.raises(SystemExit) as exited:
        steward_cli.main()
    assert exited.value.code == 1
    err = capsys.readouterr().err
    me = getpass.getuser()
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert err.startswith(f"steward: 无法写入 {target}：{me} 没有权限在 {tmp_path}"), err
    assert f"could not write {target}: {me} may not write in {tmp_path}" in err, err
