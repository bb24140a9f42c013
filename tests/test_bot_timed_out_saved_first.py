"""A flow left idle ends, its draft is kept, and its user is told so
(``bot.conversation.IdleConversation.end_idle``, ``bot.timed_out``). She was told first
and the end saved after: a kill between the two left the flow going, its draft unkept,
in the saved state, so the next start ended it again and told her a second time (and
the 继续填写 of the first message found nothing: its draft was kept anew under another
token). Now the end and the kept draft are saved before the message leaves
(``once_saved``): a kill then loses at most the message, never tells it twice. The same
for a flow restored after a restart and ended by the sweep."""

from __future__ import annotations

from typing import Any

from bot_harness import BotHarness
from conftest import confirmed_resident
from robust_support import RobustHarness, make_data, settings_for
from test_bot_kept import HOME, _end_idle, _idle_clock, _report_left_at_photos

from bot.conversation import IdleConversation
from bot.settings import Settings
from db.repository import Repository

TIMED_OUT = "您有一阵子没有回复"


def _watch_saved(bot: Any, repo: Repository, uid: int) -> list[dict[str, Any]]:
    """What the store holds of ``uid`` each time she is sent a "timed out" message:
    what a kill at that moment leaves for the next start."""
    seen: list[dict[str, Any]] = []
    real = bot.request.do_request

    async def do_request(url, method, request_data=None, **kwargs):  # type: ignore[no-untyped-def]
        params = dict(request_data.parameters) if request_data else {}
        if url.endswith("/sendMessage") and TIMED_OUT in str(params.get("text")) and \
                str(params.get("chat_id")) == str(uid):
            seen.append(repo.store.get("bot/state", "users", uid))
        return await real(url, method, request_data, **kwargs)

    bot.request.do_request = do_request
    return seen


async def test_a_flow_ended_idle_is_saved_as_ended_and_kept_before_she_is_told(
        repo, monkeypatch):
    mono, wall = _idle_clock(monkeypatch)
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=True,
                        site_url="https://example.org/", conversation_timeout=900.0)
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo, settings=settings) as bot:
        await bot.send(5001, "/cancel")  # the menu's "账目" leaves the report: start anew
        await _report_left_at_photos(bot)
        [go] = [d for c in bot.sent() for t, d in c.buttons() if t == "继续填写"]
        await bot.press(5001, go)  # taken up again: waits at the photos
        assert "report" in [f[0] for f in repo.store.get("bot/state", "users", 5001)["flows"]]
        seen = _watch_saved(bot, repo, 5001)
        await _end_idle(bot, mono, wall)
        assert TIMED_OUT in bot.texts_to(5001)[-1]
    [stored] = seen
    assert "report" not in [f[0] for f in stored["flows"]], stored  # not ended again
    assert "report" in stored["data"]["kept"], stored  # the draft the message offers


async def test_a_restored_flow_ended_idle_is_saved_before_she_is_told(tmp_path):
    data = make_data(tmp_path)
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send(7001, "3号楼门口的路灯坏了")  # waits at the photos
    repo.close()

    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        [report] = [h for hs in bot.app.handlers.values() for h in hs
                    if isinstance(h, IdleConversation) and h.name == "report"]
        seen = _watch_saved(bot, repo, 7001)
        idle = bot.settings.conversation_timeout
        await report.end_idle(bot.app, now=1000.0)
        assert await report.end_idle(bot.app, now=1000.0 + idle) == 1
        assert TIMED_OUT in bot.texts_to(7001)[-1]
    repo.close()
    [stored] = seen
    assert "report" not in [f[0] for f in stored["flows"]], stored
    assert "report" in stored["data"]["kept"], stored
