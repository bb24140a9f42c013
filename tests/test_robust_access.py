"""Who gets in: the webhook checks Telegram's secret token, strangers get
nothing beyond the registration flow and the public accounts, and volunteer
and admin commands from anyone else are refused, change nothing and are
logged."""

from __future__ import annotations

import asyncio
import logging
import socket

import httpx
import pytest
from robust_support import STRANGER, TOKEN, RobustHarness, seed
from typer.testing import CliRunner

import steward_cli
from bot.settings import Settings

ENV = {"TELEGRAM_BOT_TOKEN": "1:T", "TELEGRAM_API_BASE_URL": "", "TELEGRAM_API_FILE_URL": "",
       "STEWARD_DATA": "", "STEWARD_WEBHOOK_URL": "", "STEWARD_WEBHOOK_SECRET": ""}
HOOK = "https://bot.example.org/hook"


# -- the webhook --------------------------------------------------------------------

def test_a_webhook_without_a_configured_secret_gets_a_strong_random_one():
    a = Settings.from_env({"STEWARD_WEBHOOK_URL": HOOK})
    b = Settings.from_env({"STEWARD_WEBHOOK_URL": HOOK})
    assert a.webhook_secret and b.webhook_secret and a.webhook_secret != b.webhook_secret
    assert len(a.webhook_secret) >= 32
    assert Settings.from_env({}).webhook_secret is None  # polling needs none
    given = Settings.from_env({"STEWARD_WEBHOOK_URL": HOOK, "STEWARD_WEBHOOK_SECRET": "s3cr-t_"})
    assert given.webhook_secret == "s3cr-t_"


def test_a_secret_telegram_would_refuse_stops_steward_run(tmp_path, repo):
    repo.close()
    env = {**ENV, "STEWARD_WEBHOOK_SECRET": "has spaces;and=signs"}
    result = CliRunner().invoke(steward_cli.app, ["run", "--data", str(repo.store.root),
                                                  "--webhook", HOOK], env=env)
    assert result.exit_code == 2
    assert "STEWARD_WEBHOOK_SECRET" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("secret", ["Op3rator-Secret", ""])
def test_steward_run_webhook_passes_the_secret_to_telegram(repo, monkeypatch, secret):
    repo.close()
    seen = {}

    class Recording:
        bot_data: dict = {}  # as an Application has

        def run_webhook(self, **kwargs):
            seen.update(kwargs)

    monkeypatch.setattr("bot.app.build_application", lambda settings, repo: Recording())
    env = {**ENV, "STEWARD_WEBHOOK_SECRET": secret}
    result = CliRunner().invoke(steward_cli.app, ["run", "--data", str(repo.store.root),
                                                  "--webhook", HOOK], env=env)
    assert result.exit_code == 0, result.output
    assert seen["webhook_url"] == HOOK and seen["url_path"] == "hook"
    assert seen["secret_token"] == (secret or seen["secret_token"])
    assert len(seen["secret_token"]) >= len(secret or "x" * 32)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _update(update_id: int, user: int, text: str) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 1735689600, "text": text,
        "chat": {"id": user, "type": "private"},
        "from": {"id": user, "is_bot": False, "first_name": "居民"},
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}]}}


async def test_the_webhook_server_refuses_updates_without_the_secret(repo):
    seed(repo)
    port = _free_port()
    async with RobustHarness(repo) as bot:
        await bot.app.updater.start_webhook(listen="127.0.0.1", port=port, url_path="hook",
                                            webhook_url=HOOK, secret_token="right-secret")
        await bot.app.start()
        try:
            url = f"http://127.0.0.1:{port}/hook"
            async with httpx.AsyncClient() as client:
                forged = await client.post(url, json=_update(1, 7001, "/help"))
                wrong = await client.post(url, json=_update(2, 7001, "/help"),
                                          headers={"X-Telegram-Bot-Api-Secret-Token": "guess"})
                await asyncio.sleep(0.2)
                assert [c for c in bot.request.calls if c.method == "sendMessage"] == []
                good = await client.post(url, json=_update(3, 7001, "/help"),
                                         headers={"X-Telegram-Bot-Api-Secret-Token":
                                                  "right-secret"})
            for _ in range(100):
                if [c for c in bot.request.calls if c.method == "sendMessage"]:
                    break
                await asyncio.sleep(0.02)
        finally:
            await bot.app.updater.stop()
            await bot.app.stop()
    assert forged.status_code == 403 and wrong.status_code == 403
    assert good.status_code == 200
    told = [c for c in bot.request.calls if c.method == "sendMessage"]
    assert told and {c.chat_id for c in told} == {7001}  # /help's answer, to 7001 only
    [hook] = [c for c in bot.request.calls if c.method == "setWebhook"]
    assert hook.params["secret_token"] == "right-secret"


# -- strangers, other chats, non-admins ----------------------------------------------

STAFF_COMMANDS = ["/pending", "/approve 8", "/reject 7 假的", "/income", "/expense",
                  "/closevote 5", "/propose", "/publish", "/announce east 停水",
                  "/linkgroup east", "/progress 7 已修", "/resolve 7 好了",
                  "/paper 5 c1/1/1/201 agree", "/reverse 9 错了", "/stage 5 done"]
ADMIN_COMMANDS = ["/grant 9001 volunteer east", "/revoke 102 volunteer east"]


def _state(repo) -> tuple:
    return ([(e.id, str(e.status), len(e.history)) for e in repo.entries()],
            [(p["id"], p["roles"], p["household"]) for p in repo.people()],
            {a.id: repo.ledger(a.id) for a in repo.street.areas})


async def test_strangers_get_only_registration_and_public_accounts_and_change_nothing(
        repo, caplog):
    seed(repo)
    before = _state(repo)
    caplog.set_level(logging.WARNING)
    async with RobustHarness(repo) as bot:
        replies = {}
        for command in STAFF_COMMANDS + ADMIN_COMMANDS + ["/vote", "/pay", "/report",
                                                         "/opinion", "/mine", "在吗"]:
            replies[command] = [c.text for c in await bot.send(STRANGER, command)]
        pressed = await bot.press(STRANGER, "q:a:8")
    stranger_person = repo.person_by_telegram(STRANGER)
    after = _state(repo)
    # Only their own person record (first contact) is new.
    assert after[0] == before[0] and after[2] == before[2]
    assert [p for p in after[1] if p[0] != stranger_person["id"]] == before[1]
    for command in STAFF_COMMANDS:
        assert any("仅限志愿者" in t for t in replies[command]), (command, replies[command])
    for command in ADMIN_COMMANDS:
        assert any("只有管理员" in t for t in replies[command]), replies[command]
    for command in ("/vote", "/pay", "/report", "/opinion", "在吗"):
        # pointed to the registration (a button shows the household picker)
        assert any("登记" in t for t in replies[command]), (command, replies[command])
    everything = "\n".join(t for texts in replies.values() for t in texts)
    assert not TOKEN.search(everything)  # no pending text leaks to a stranger
    assert "用户7001" not in everything and "c1/1/1" not in everything
    assert any("仅限志愿者" in c.text for c in pressed)
    refusals = [r.getMessage() for r in caplog.records]
    assert f"refused /grant to telegram user {STRANGER} (not an admin)" in refusals
    assert f"refused /approve to telegram user {STRANGER} (not a volunteer)" in refusals
    assert any("refused button 'q:a:8'" in m for m in refusals)


async def test_admin_commands_from_a_volunteer_or_resident_are_refused_and_logged(repo, caplog):
    seed(repo)
    caplog.set_level(logging.WARNING)
    async with RobustHarness(repo) as bot:
        by_volunteer = await bot.send(101, "/grant 7001 volunteer east")
        by_resident = await bot.send(7001, "/revoke 101 volunteer east")
        granted = await bot.send(900, "/grant 7002 volunteer west")
    assert "只有管理员" in by_volunteer[-1].text and "只有管理员" in by_resident[-1].text
    assert "west" not in str(repo.person_by_telegram(7001)["roles"])
    assert any(r["area"] == "east" and r["role"] == "volunteer"
               for r in repo.person_by_telegram(101)["roles"])
    assert any(r.get("area") == "west" for r in repo.person_by_telegram(7002)["roles"]), \
        granted[-1].text  # the admin can
    logged = [r.getMessage() for r in caplog.records]
    assert "refused /grant to telegram user 101 (not an admin)" in logged
    assert "refused /revoke to telegram user 7001 (not an admin)" in logged


async def test_the_bot_says_nothing_in_a_group_it_does_not_know(repo):
    seed(repo)
    async with RobustHarness(repo) as bot:
        text = await bot.send(STRANGER, "大家好", chat_id=-777)
        resident = await bot.send(7001, "这个群是干什么的", chat_id=-777)
        sticker = await bot.send_raw(7001, chat_id=-777, sticker={
            "file_id": "s1", "file_unique_id": "us1", "width": 64, "height": 64,
            "is_animated": False, "is_video": False, "type": "regular"})
    assert text == [] and resident == [] and sticker == []
    assert bot.errors == []
