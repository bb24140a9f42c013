"""A draft kept a day expires and its owner is told (``bot.kept.sweep_kept``). She was
told first and her data saved after: a kill between the two left the draft in the
saved data, and after the restart the sweep told her again that the same draft had
expired. Now her data is saved before the message leaves (as the kept voice's and
photos' sweeps do): a kill then loses at most the message, never tells it twice."""

from __future__ import annotations

import types

from bot_harness import BotHarness
from conftest import confirmed_resident
from test_bot_kept import HOME, _report_left_at_photos

from bot import kept
from bot.settings import Settings


async def test_a_kept_draft_is_saved_as_gone_before_she_is_told_it_expired(repo,
                                                                            monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(kept, "time", types.SimpleNamespace(time=lambda: now[0]))
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=True,
                        site_url="https://example.org/", conversation_timeout=600.0)
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo, settings=settings) as bot:
        await _report_left_at_photos(bot)
        saved = repo.store.get("bot/state", "users", 5001)["data"]
        assert "report" in saved["kept"]
        stored_when_told: list[dict] = []
        real = bot.request.do_request

        async def do_request(url, method, request_data=None, **kwargs):  # type: ignore[no-untyped-def]
            params = dict(request_data.parameters) if request_data else {}
            if url.endswith("/sendMessage") and "作废" in str(params.get("text")):
                # what a kill now would leave for the next start
                stored_when_told.append(repo.store.get("bot/state", "users", 5001)["data"])
            return await real(url, method, request_data, **kwargs)

        bot.request.do_request = do_request  # type: ignore[method-assign]
        now[0] += kept.IDLE_KEPT + 1
        assert await kept.sweep_kept(types.SimpleNamespace(application=bot.app)) == 1
    [stored] = stored_when_told
    assert "report" not in (stored.get("kept") or {}), stored
    # what she wrote is kept for her to send, in the saved data too
    assert "3号楼门口的路灯坏了一个星期" in str(stored)
