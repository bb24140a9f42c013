"""`steward run`: settings from options and environment, a clear exit without a
token, and one end-to-end walk of a resident through the real `steward run`
process against a Bot API emulator on 127.0.0.1."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from bot_api_emulator import BotApiEmulator
from bot_harness import jpeg_bytes
from conftest import confirmed_resident
from PIL import Image
from telegram.error import InvalidToken
from typer.testing import CliRunner

import steward_cli
from db.entries import Kind, Status
from db.media import MediaStore
from db.repository import Repository

ROOT = Path(__file__).resolve().parent.parent
CLEAN_ENV = {"TELEGRAM_BOT_TOKEN": "", "TELEGRAM_API_BASE_URL": "", "TELEGRAM_API_FILE_URL": "",
             "STEWARD_WEBHOOK_URL": "", "STEWARD_DATA": ""}


@pytest.fixture
def data(tmp_path, street_config):
    path = tmp_path / "street"
    Repository.init(path, street_config).close()
    return path


@pytest.fixture
def started(monkeypatch):
    """Replace the blocking bot loop; records the settings it was started with."""
    seen = {}

    def fake(settings, repo):
        seen["settings"] = settings
        seen["street"] = repo.street.name
        repo.close()

    monkeypatch.setattr("cli.run._start_bot", fake)
    return seen


def test_run_without_a_token_explains_and_exits_2(data):
    result = CliRunner().invoke(steward_cli.app, ["run", "--data", str(data)], env=CLEAN_ENV)
    assert result.exit_code == 2
    assert "TELEGRAM_BOT_TOKEN" in result.output and "@BotFather" in result.output
    assert "没有设置 TELEGRAM_BOT_TOKEN" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("variable", "value", "zh", "en"), [
    ("ADMIN_IDS", "@secretary", "ADMIN_IDS 要写 Telegram 的数字编号", "sends /whoami"),
    ("ADMIN_IDS", "123456789，987654321x", "不能写 '987654321x'", "not '987654321x'"),
    ("STEWARD_PUBLISH_DELAY", "5s", "STEWARD_PUBLISH_DELAY 应该是秒数",
     "STEWARD_PUBLISH_DELAY must be a number of seconds, e.g. 5, not '5s'"),
    ("STEWARD_RATE_LIMIT", "twenty", "STEWARD_RATE_LIMIT 应该是", "STEWARD_RATE_LIMIT must"),
])
def test_a_setting_that_is_not_valid_names_its_variable_in_both_languages_and_exits_2(
        data, variable, value, zh, en):
    """ADMIN_IDS=@secretary read: a setting in the environment is not valid: invalid
    literal for int() with base 10: '@secretary', naming neither the variable nor what
    it takes."""
    env = {**CLEAN_ENV, "TELEGRAM_BOT_TOKEN": "1:T", variable: value}
    result = CliRunner().invoke(steward_cli.app, ["run", "--data", str(data)], env=env)
    assert result.exit_code == 2
    assert "环境变量的设置不对" in result.output and zh in result.output, result.output
    assert en in result.output and "invalid literal" not in result.output, result.output


def test_admin_ids_may_be_separated_by_a_chinese_comma(data, started):
    env = {**CLEAN_ENV, "TELEGRAM_BOT_TOKEN": "1:T", "ADMIN_IDS": "123456789，987654321"}
    result = CliRunner().invoke(steward_cli.app, ["run", "--data", str(data)], env=env)
    assert result.exit_code == 0, result.output
    assert started["settings"].admin_ids == (123456789, 987654321)


def test_run_polls_by_default_with_the_token_from_the_environment(data, started):
    env = {**CLEAN_ENV, "TELEGRAM_BOT_TOKEN": "123:ABC"}
    result = CliRunner().invoke(steward_cli.app, ["run", "--data", str(data)], env=env)
    assert result.exit_code == 0, result.output
    s = started["settings"]
    assert s.token == "123:ABC" and s.webhook_url is None and s.data_dir == data
    assert s.api_base_url is None and started["street"] == "测试街道"


def test_run_takes_webhook_and_self_hosted_api_from_options_or_environment(data, started):
    env = {**CLEAN_ENV, "TELEGRAM_BOT_TOKEN": "1:T",
           "TELEGRAM_API_FILE_URL": "http://127.0.0.1:8081/file/bot"}
    result = CliRunner().invoke(steward_cli.app, [
        "run", "--data", str(data), "--webhook", "https://bot.example.org/hook",
        "--port", "9000", "--api-base-url", "http://127.0.0.1:8081/bot"], env=env)
    assert result.exit_code == 0, result.output
    s = started["settings"]
    assert s.webhook_url == "https://bot.example.org/hook" and s.webhook_port == 9000
    assert s.api_base_url == "http://127.0.0.1:8081/bot"
    assert s.api_file_url == "http://127.0.0.1:8081/file/bot"


def test_run_on_a_folder_without_a_street_fails_cleanly(tmp_path):
    env = {**CLEAN_ENV, "TELEGRAM_BOT_TOKEN": "1:T"}
    result = CliRunner().invoke(steward_cli.app, ["run", "--data", str(tmp_path / "none")],
                                env=env)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.output.splitlines()[-1].split(" ERROR steward: ")[1].startswith(
        f"{tmp_path / 'none'}：这里没有数据目录"), result.output


def test_a_token_telegram_refuses_exits_2_with_a_message(data, monkeypatch):
    class Refusing:
        bot_data: dict = {}  # as an Application has

        def run_polling(self, **kwargs):
            raise InvalidToken("Unauthorized")

    monkeypatch.setattr("bot.app.build_application", lambda settings, repo: Refusing())
    env = {**CLEAN_ENV, "TELEGRAM_BOT_TOKEN": "1:WRONG"}
    result = CliRunner().invoke(steward_cli.app, ["run", "--data", str(data)], env=env)
    assert result.exit_code == 2
    assert "refused" in result.output and "Traceback" not in result.output
    assert "Telegram 拒绝了 TELEGRAM_BOT_TOKEN" in result.output


# -- end to end -------------------------------------------------------------------

def _labelled(call, part: str) -> str:
    for text, data in call.buttons():
        if part in text:
            return data
    raise AssertionError(f"no button {part!r} in {call.buttons()}")


def test_steward_run_serves_a_resident_end_to_end_against_a_bot_api_emulator(data):
    repo = Repository.open(data)
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    repo.close()
    with BotApiEmulator() as api:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": "424242:E2E", "PYTHONUNBUFFERED": "1",
               "STEWARD_DATA": str(data)}
        proc = subprocess.Popen(
            [sys.executable, "-m", "steward_cli", "run", "--data", str(data),
             "--api-base-url", api.base_url, "--api-file-url", api.file_url],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            api.wait_for(lambda c: c.method == "setMyCommands", timeout=30)
            commands = [c for c in api.calls if c.method == "setMyCommands"]
            names = {x["command"] for x in commands[0].params["commands"]}
            assert {"start", "report", "vote", "pay", "mine", "accounts"} <= names

            # A new resident registers: compound -> room -> confirm.
            mark = api.message(7002, "/start")
            picker = api.wait_for(lambda c: c.chat_id == 7002 and c.buttons(), since=mark)
            mark = api.press(7002, _labelled(picker, "东小区"))
            rooms = api.wait_for(lambda c: c.method == "editMessageText", since=mark)
            mark = api.press(7002, _labelled(rooms, "102"))
            ask = api.wait_for(lambda c: c.method == "editMessageText", since=mark)
            mark = api.press(7002, _labelled(ask, "同意，这是我家"))
            done = api.wait_for(lambda c: c.method == "editMessageText" and "#" in c.text,
                                since=mark)
            assert "等待" in done.text
            api.wait_for(lambda c: c.chat_id == 101 and "登记" in c.text, since=mark)

            # A confirmed resident reports a broken light with a photo.
            mark = api.message(7001, "/report")
            cats = api.wait_for(lambda c: c.chat_id == 7001 and c.buttons(), since=mark)
            mark = api.press(7001, _labelled(cats, "路灯"))
            api.wait_for(lambda c: c.chat_id == 7001 and "描述" in c.text, since=mark)
            mark = api.message(7001, "3号楼后面的路灯不亮")
            api.wait_for(lambda c: c.chat_id == 7001 and "照片" in c.text, since=mark)
            mark = api.photo(7001, jpeg_bytes())
            got = api.wait_for(lambda c: c.chat_id == 7001 and "第 1 张" in c.text, since=mark)
            mark = api.press(7001, _labelled(got, "完成"))
            place = api.wait_for(lambda c: c.chat_id == 7001 and c.buttons(), since=mark)
            mark = api.press(7001, "rep:pn")
            summary = api.wait_for(lambda c: c.chat_id == 7001 and "核对" in c.text, since=mark)
            mark = api.press(7001, _labelled(summary, "提交"))
            receipt = api.wait_for(lambda c: c.chat_id == 7001 and "编号" in c.text, since=mark)
            api.wait_for(lambda c: c.chat_id == 102 and "待审核" in c.text
                         and "3号楼后面的路灯不亮" in c.text, since=mark)
            assert place.buttons()
            assert {c.method for c in api.calls} >= {
                "getMe", "sendMessage", "editMessageText", "answerCallbackQuery", "getFile",
                "setMyCommands"}
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                output = proc.communicate(timeout=30)[0].decode("utf-8", "replace")
            except subprocess.TimeoutExpired:
                proc.kill()
                output = proc.communicate()[0].decode("utf-8", "replace")
    assert proc.returncode == 0, output
    assert "Traceback" not in output, output

    repo = Repository.open(data)
    try:
        [reg] = repo.entries(kind=Kind.REGISTRATION, status=Status.PENDING)
        assert reg.data["household"] == "c1/1/1/102"
        [issue] = repo.entries(kind=Kind.ISSUE)
        assert issue.status == Status.PENDING and f"#{issue.id}" in receipt.text
        assert issue.data["text"] == "3号楼后面的路灯不亮"
        [ref] = issue.data["photos"]
        stored = MediaStore(data).path(ref).read_bytes()
        assert not Image.open(io.BytesIO(stored)).getexif()
    finally:
        repo.close()


@pytest.mark.parametrize(("variable", "value", "ending"), [
    ("TELEGRAM_API_BASE_URL", "http://127.0.0.1:8081", "/bot"),
    ("TELEGRAM_API_FILE_URL", "http://127.0.0.1:8081/file", "/file/bot"),
])
def test_a_self_hosted_api_address_without_its_bot_ending_is_refused_naming_it(
        data, started, variable, value, ending):
    """TELEGRAM_API_BASE_URL=http://127.0.0.1:8081 (the README says …:8081/bot): the bot
    tried http://127.0.0.1:8081123456789:AA…/getMe, said it could not reach the Bot API
    (check the network), printed the token into the journal inside 'Invalid port:
    '8081123456789:AA…'', and exited 1, so the service started it again for ever."""
    env = {**CLEAN_ENV, "TELEGRAM_BOT_TOKEN": "123456789:SECRET", variable: value}
    result = CliRunner().invoke(steward_cli.app, ["run", "--data", str(data)], env=env)
    assert result.exit_code == 2, result.output
    assert "环境变量的设置不对" in result.output
    assert f"{variable} 应该以 {ending} 结尾" in result.output, result.output
    assert f"{variable} must end with {ending}" in result.output, result.output
    assert "SECRET" not in result.output and "settings" not in started


def test_the_token_is_never_in_the_message_when_the_bot_api_cannot_be_reached(
        data, monkeypatch, capsys):
    """A malformed address reached the network error's text with the token in it."""
    import typer
    from telegram.error import NetworkError

    from bot.settings import Settings
    from cli.run import _start_bot

    class Unreachable:
        bot_data: dict = {}

        def run_polling(self, **kwargs):
            raise NetworkError("Invalid port: '9123456789:SECRET'")

    monkeypatch.setattr("bot.app.build_application", lambda settings, repo: Unreachable())
    settings = Settings(token="123456789:SECRET", data_dir=data,
                        api_base_url="http://127.0.0.1:9/bot")
    with pytest.raises(typer.Exit):
        _start_bot(settings, Repository.open(data))
    said = capsys.readouterr().err
    assert "could not reach the Bot API" in said, said
    assert "SECRET" not in said and "Invalid port: '9<TELEGRAM_BOT_TOKEN>'" in said, said
