"""Nothing fetched from Telegram is lost in a crash (bot/state.py): an update is
saved before the poller confirms it, and one not handled when the bot stopped
is handled at the next start. Against the Bot API emulator on 127.0.0.1, with
real getUpdates offsets (a confirmed update is never sent again)."""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

import pytest
from bot_api_emulator import BotApiEmulator
from robust_support import make_data

import bot.app
from bot.app import build_application
from bot.settings import Settings
from db.repository import Repository

NOT_UNDERSTOOD = "下方菜单的按钮"  # the answer to a message no flow takes (the menu, named)


async def until(predicate, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.02)


class Running:
    """``steward run``'s application over ``data``, polling the emulator."""

    def __init__(self, api: BotApiEmulator, data: Path) -> None:
        self.repo = Repository.open(data)
        settings = Settings(token="4242:E2E", data_dir=data, api_base_url=api.base_url,
                            api_file_url=api.file_url, persistence=True,
                            site_url="https://example.org/")
        self.app = build_application(settings, repo=self.repo)
        self.app.bot_data["build_site"] = lambda repo, project_dir: None
        self.app.bot_data["owns_repo"] = False

    async def __aenter__(self) -> Running:
        await self.app.initialize()
        await self.app.post_init(self.app)
        await self.app.start()
        # As run_polling: an error of the poller goes to the application's error handler.
        await self.app.updater.start_polling(
            poll_interval=0, timeout=1, error_callback=lambda exc: self.app.create_task(
                self.app.process_error(update=None, error=exc)))
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.app.updater.stop()
        await self.app.stop()
        await self.app.post_shutdown(self.app)
        await self.app.shutdown()
        self.repo.close()


async def test_a_message_confirmed_to_telegram_but_not_handled_is_answered_after_a_crash(
        tmp_path, monkeypatch):
    data = make_data(tmp_path)
    image = tmp_path / "image"
    entered, release = asyncio.Event(), asyncio.Event()
    real = bot.app._not_understood

    async def stuck(update, context):
        entered.set()
        await release.wait()  # the process is killed while it handles this

    monkeypatch.setattr(bot.app, "_not_understood", stuck)
    with BotApiEmulator() as api:
        async with Running(api, data):
            api.message(7001, "在吗")
            sent = api.last_update_id
            await asyncio.wait_for(entered.wait(), 15)
            await until(lambda: api.confirmed >= sent)  # Telegram will not send it again
            shutil.copytree(data, image, ignore=shutil.ignore_patterns("*.lock"))
            release.set()
        monkeypatch.setattr(bot.app, "_not_understood", real)
        assert not [c for c in api.calls if NOT_UNDERSTOOD in c.text]  # it said nothing

        before = len(api.calls)  # the next process starts from the disk the kill left
        async with Running(api, image):
            await until(lambda: any(NOT_UNDERSTOOD in c.text for c in api.calls[before:]))
            await asyncio.sleep(0.3)
        to_user = [c for c in api.calls[before:] if c.chat_id == 7001 and NOT_UNDERSTOOD in c.text]
        answer = to_user[0]
    assert NOT_UNDERSTOOD in answer.text
    assert len(to_user) == 1  # answered once


async def test_a_redelivered_update_is_not_taken_twice(tmp_path):
    data = make_data(tmp_path)
    with BotApiEmulator() as api:
        async with Running(api, data) as running:
            api.message(7001, "在吗")
            update_id = api.last_update_id
            store = running.app.bot_data["repo"].store
            await until(lambda: (store.get("bot/updates", "updates", update_id) or {}).get("done"))
            # Telegram sends it again (its confirmation was lost): the same update.
            from telegram import Update
            await running.app.update_queue.put(Update.de_json(
                api.pushed[update_id], running.app.bot))
            await asyncio.sleep(0.5)
        to_user = [c for c in api.calls if c.chat_id == 7001 and NOT_UNDERSTOOD in c.text]
    assert len(to_user) == 1


async def test_a_webhook_update_is_saved_before_its_200_and_a_retry_is_not_handled_again(
        tmp_path):
    import json
    import socket
    import urllib.request

    data = make_data(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with BotApiEmulator() as api:
        running = Running(api, data)
        app = running.app
        await app.initialize()
        await app.post_init(app)
        await app.start()
        await app.updater.start_webhook(listen="127.0.0.1", port=port, url_path="hook",
                                        secret_token="s3cret")
        store = running.repo.store
        body = json.dumps({"update_id": 9100, "message": {
            "message_id": 1, "date": 0, "text": "在吗", "chat": {"id": 7001, "type": "private"},
            "from": {"id": 7001, "is_bot": False, "first_name": "x"}}}).encode()

        def post() -> int:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/hook", data=body, method="POST",
                headers={"Content-Type": "application/json",
                         "X-Telegram-Bot-Api-Secret-Token": "s3cret"})
            with urllib.request.urlopen(request, timeout=10) as response:
                status = response.status
            # answered 200: the update is in the store already
            assert store.get("bot/updates", "updates", 9100) is not None
            return status

        try:
            assert await asyncio.to_thread(post) == 200
            await until(lambda: (store.get("bot/updates", "updates", 9100) or {}).get("done"))
            assert await asyncio.to_thread(post) == 200  # Telegram retries (lost answer)
            await asyncio.sleep(0.5)
        finally:
            await app.updater.stop()
            await app.stop()
            await app.post_shutdown(app)
            await app.shutdown()
            running.repo.close()
        answers = [c for c in api.calls if c.chat_id == 7001 and NOT_UNDERSTOOD in c.text]
    assert len(answers) == 1


@pytest.mark.parametrize(("code", "strerror", "fix"), [
    (28, "No space left on device", "free space on it"),
    (30, "Read-only file system", "mount it read-write again")])  # ENOSPC, EROFS
async def test_on_a_full_disk_a_message_waits_its_sender_is_told_once_and_it_is_handled_later(
        tmp_path, monkeypatch, caplog, code, strerror, fix):
    """The update cannot be saved (the disk full, or turned read-only after an error),
    so it is not taken: instead of silence, its sender
    is told (once, though the poller tries again and again) that it waits; the log
    has one line naming the fix, not one per try; once space is freed it is
    handled, once."""
    import logging

    import bot.unsaved
    import db.fsio

    def no_space(fd: int) -> None:
        raise OSError(code, strerror)

    data = make_data(tmp_path)
    caplog.set_level(logging.INFO)
    with BotApiEmulator() as api:
        async with Running(api, data) as running:
            with monkeypatch.context() as m:
                m.setattr(db.fsio.os, "fsync", no_space)
                await asyncio.sleep(0.5)  # what the start sends is sent
                before = len(api.calls)
                api.message(7001, "在吗")
                sent = api.last_update_id
                await until(lambda: any(c.chat_id == 7001 for c in api.calls[before:]))
                stalled = bot.unsaved.stalled_of(running.app)
                await until(lambda: stalled.failures >= 3)  # the poller tried it thrice
                await asyncio.gather(*list(bot.unsaved.TASKS))
                assert api.confirmed < sent  # not taken: Telegram keeps it
                waiting = [c.text for c in api.calls[before:] if c.chat_id == 7001]
            await until(lambda: any(NOT_UNDERSTOOD in c.text for c in api.calls))
            await asyncio.sleep(0.3)
        to_user = [c.text for c in api.calls[before:] if c.chat_id == 7001]
    assert len(waiting) == 1 and "无法保存" in waiting[0] and "不用重发" in waiting[0]
    assert len([t for t in to_user if NOT_UNDERSTOOD in t]) == 1  # handled once, after
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    fixes = [r.getMessage() for r in lines if fix in r.getMessage()]
    assert len(fixes) == 1 and str(data) in fixes[0]
    assert not any(r.exc_info for r in lines)  # no traceback
    assert not any("cannot reach the Bot API" in r.getMessage() for r in lines)
    assert any("can be written again" in r.getMessage() for r in lines)


async def test_signing_the_heads_on_a_read_only_disk_is_one_plain_error_line(tmp_path, monkeypatch,
                                                                             caplog):
    """The disk said no while the heads were signed (the signing key, the head log): the
    log says so in one line, as the store's writes do, with no traceback (seen when the
    start's signing fell inside the full-disk trial on a loaded machine)."""
    import logging
    import types

    import db.keys
    from bot.witness import sign_heads

    def read_only(fd: int) -> None:
        raise OSError(30, "Read-only file system")

    data = make_data(tmp_path)
    repo = Repository.open(data)
    with monkeypatch.context() as m, caplog.at_level(logging.ERROR):
        m.setattr(db.keys.os, "fsync", read_only)
        signed, error = await sign_heads(types.SimpleNamespace(bot_data={"repo": repo}))
    repo.close()
    assert signed == [] and "Read-only file system" in error
    [line] = [r for r in caplog.records if "could not sign the chain heads" in r.getMessage()]
    assert "Read-only file system" in line.getMessage() and line.exc_info is None
