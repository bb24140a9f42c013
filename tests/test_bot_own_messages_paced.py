"""What the bot says on its own, with nobody's update to answer (a kept voice or photos
deleted a day on, a flow ended idle, a kept draft expired, a sender told the server
cannot save, the admins told a build failed), goes in its turn (``bot.sending.deliver``):
it went straight out with ``bot.send_message``, so at a busy moment, when Telegram
answered 429 "Too Many Requests", the message was dropped (logged, never sent again)
and she was never told her voice or photos had been deleted. Now the 429's wait is
honoured and the message sent again, once."""

from __future__ import annotations

import json
import time
import types

from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident

from bot import kept, said_photos, said_voice
from bot.conversation import IdleConversation
from bot.publisher import publisher_of
from bot.unsaved import Stalled

HOME = "c1/1/1/101"
RESIDENT = 7001
ADMIN = 900


def too_many_once(bot: BotHarness, chat: int) -> list[int]:
    """Telegram refuses the next message to ``chat`` with 429 (retry after 1 s); the list
    counts the refusals."""
    refused: list[int] = []
    real = bot.request.do_request

    async def do_request(url, method, request_data=None, **kwargs):  # type: ignore[no-untyped-def]
        params = dict(request_data.parameters) if request_data else {}
        if not refused and url.endswith("/sendMessage") and str(params.get("chat_id")) == str(chat):
            refused.append(chat)
            return 429, json.dumps({"ok": False, "error_code": 429,
                                    "description": "Too Many Requests: retry after 1",
                                    "parameters": {"retry_after": 1}}).encode()
        return await real(url, method, request_data, **kwargs)

    bot.request.do_request = do_request  # type: ignore[method-assign]
    return refused


def told(bot: BotHarness, chat: int, since: int, words: str) -> list[str]:
    return [t for t in bot.texts_to(chat)[since:] if words in t]


async def test_a_deleted_voice_is_told_after_telegram_asks_to_wait(repo, monkeypatch):
    confirmed_resident(repo, RESIDENT, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send_voice(RESIDENT, b"OggS" + b"\1" * 300, duration=12)
        since = len(bot.texts_to(RESIDENT))
        later = time.time() + said_voice.WINDOW + 60
        monkeypatch.setattr(time, "time", lambda: later)
        refused = too_many_once(bot, RESIDENT)
        await kept.sweep_kept(types.SimpleNamespace(application=bot.app))
        assert refused == [RESIDENT]
        assert len(told(bot, RESIDENT, since, "已经删除")) == 1


async def test_deleted_photos_are_told_after_telegram_asks_to_wait(repo, monkeypatch):
    confirmed_resident(repo, RESIDENT, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send_photo(RESIDENT, jpeg_bytes((40, 30)))
        since = len(bot.texts_to(RESIDENT))
        later = time.time() + said_photos.WINDOW + 60
        monkeypatch.setattr(kept, "time", types.SimpleNamespace(time=lambda: later))
        refused = too_many_once(bot, RESIDENT)
        await kept.sweep_kept(types.SimpleNamespace(application=bot.app))
        assert refused == [RESIDENT]
        assert len(told(bot, RESIDENT, since, "张照片没有用来报事")) == 1


async def test_a_flow_ended_idle_is_told_after_telegram_asks_to_wait(repo):
    confirmed_resident(repo, RESIDENT, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(RESIDENT, "报事")
        flows = [h for hs in bot.app.handlers.values() for h in hs
                 if isinstance(h, IdleConversation)]
        since = len(bot.texts_to(RESIDENT))
        refused = too_many_once(bot, RESIDENT)
        later = time.monotonic() + 24 * 3600
        assert sum([await flow.end_idle(bot.app, now=later) for flow in flows]) == 1
        assert refused == [RESIDENT]
        assert len(told(bot, RESIDENT, since, "您有一阵子没有回复")) == 1


async def test_a_sender_is_told_the_server_cannot_save_after_telegram_asks_to_wait(repo):
    async with BotHarness(repo) as bot:
        refused = too_many_once(bot, RESIDENT)
        await Stalled(bot.app)._tell(RESIDENT, "服务器暂时存不下消息")
        assert refused == [RESIDENT]
        assert bot.texts_to(RESIDENT) == ["服务器暂时存不下消息"]


async def test_the_admins_are_told_a_build_failed_after_telegram_asks_to_wait(repo):
    async with BotHarness(repo) as bot:
        refused = too_many_once(bot, ADMIN)
        await publisher_of(bot.app)._tell_admins("disk full")
        assert refused == [ADMIN]
        assert len(told(bot, ADMIN, 0, "disk full")) == 1


async def test_an_alert_to_the_admins_is_told_after_telegram_asks_to_wait(repo):
    import asyncio

    from bot.context import ALERT_TASKS, alert_admins

    async with BotHarness(repo) as bot:
        since = len(bot.texts_to(ADMIN))
        refused = too_many_once(bot, ADMIN)
        alert_admins(types.SimpleNamespace(application=bot.app, bot=bot.app.bot),
                     "disk", "数据盘快满了 / the data disk is nearly full", logged=False)
        await asyncio.gather(*ALERT_TASKS)
        assert refused == [ADMIN]
        assert len(told(bot, ADMIN, since, "数据盘快满了")) == 1
