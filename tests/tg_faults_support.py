"""Shared by the tests of Telegram misbehaving (``test_bot_telegram_*.py``): the
application ``steward run`` builds, polling the Bot API emulator on 127.0.0.1,
and a resident and a volunteer using it as they would on a phone."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

from bot_api_emulator import ApiCall, BotApiEmulator

from bot.app import build_application
from bot.settings import Settings
from db.repository import Repository


async def until(predicate: Any, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.02)


class Running:
    """``steward run``'s application over ``data``, polling ``api``."""

    def __init__(self, api: BotApiEmulator, data: Path, **settings: Any) -> None:
        self.api = api
        self.repo = Repository.open(data)
        values: dict[str, Any] = {"notice_window": 0.0, "send_rate": 0.0,
                                  "send_rate_per_chat": 0.0, **settings}
        self.settings = Settings(token="4242:E2E", data_dir=data, api_base_url=api.base_url,
                                 api_file_url=api.file_url, persistence=True,
                                 site_url="https://example.org/", **values)
        self.app = build_application(self.settings, repo=self.repo)
        self.app.bot_data["build_site"] = lambda repo, project_dir: None
        self.app.bot_data["owns_repo"] = False

    async def __aenter__(self) -> Running:
        await self.app.initialize()
        await self.app.post_init(self.app)
        await self.app.start()
        await self.app.updater.start_polling(poll_interval=0, timeout=1)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.app.updater.stop()
        await self.app.stop()
        await self.app.post_shutdown(self.app)
        await self.app.shutdown()
        self.repo.close()

    async def settled(self, quiet: float = 0.8) -> None:
        """Until no call came for ``quiet`` seconds (whatever was to follow went)."""
        count = -1
        while count != len(self.api.calls):
            count = len(self.api.calls)
            await asyncio.sleep(quiet)

    def message_id(self, chat: int, sent: ApiCall) -> int:
        """The message id Telegram gave ``sent`` (kept with ``strict_edits``)."""
        return next(mid for (c, mid), kept in self.api.kept.items()
                    if c == chat and kept["text"] == sent.text
                    and kept["markup"] == (sent.params.get("reply_markup") or None))

    # -- a person at their phone -------------------------------------------------------

    async def answer(self, since: int, chat: int, contains: str = "",
                     timeout: float = 20.0) -> ApiCall:
        """The first message or edit to ``chat`` after call ``since`` with ``contains``."""
        found: list[ApiCall] = []

        def seen() -> bool:
            found[:] = [c for c in self.api.calls[since:] if c.chat_id == chat and
                        c.method != "answerCallbackQuery" and contains in c.text]
            return bool(found)

        await until(seen, timeout)
        return found[0]

    async def say(self, uid: int, text: str, contains: str = "") -> ApiCall:
        return await self.answer(self.api.message(uid, text), uid, contains)

    async def tap(self, uid: int, prefix: str, contains: str = "") -> ApiCall:
        """Press the newest button sent to ``uid`` whose data starts with ``prefix``."""
        data = next(d for c in reversed(self.api.calls) if c.chat_id == uid
                    for _t, d in c.buttons() if d.startswith(prefix))
        return await self.answer(self.api.press(uid, data), uid, contains)

    async def report(self, uid: int, text: str) -> int:
        """A resident reports a problem without a photo; the calls before it was sent."""
        await self.say(uid, "/report")
        await self.tap(uid, "rep:cat:lighting")
        await self.say(uid, text)
        await self.tap(uid, "rep:photos")
        await self.tap(uid, "rep:pn")
        before = len(self.api.calls)
        await self.tap(uid, "rep:ok", "#")
        return before
