"""The dispatch (bot/dispatch.py) asks only the handlers that may take an update:
every update of a resident's and a volunteer's day reaches the handler
python-telegram-bot's full scan of the handlers would pick."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot_harness import BotHarness
from conftest import confirmed_resident, pid
from telegram.ext import ConversationHandler

from bot.app import build_application
from bot.dispatch import ALWAYS, _may_take, literal_prefix, signature
from bot.settings import Settings
from db.entries import Kind


def full_scan(app: Any, update: object) -> list[Any]:
    """The handler of each group python-telegram-bot would pick (None: none)."""
    return [_first_taking(handlers, update) for handlers in app.handlers.values()]


def routed(app: Any, update: object) -> list[Any]:
    sig = signature(update)
    return [_first_taking(app.routes.candidates(group, handlers, sig, update), update)
            for group, handlers in app.handlers.items()]


def _first_taking(handlers: Any, update: object) -> Any:
    """The first of ``handlers`` that takes ``update`` (as python-telegram-bot asks
    them: a check that is neither None nor False), or None."""
    for handler in handlers:
        check = handler.check_update(update)
        if check is not None and check is not False:
            return handler
    return None


class Recorder:
    """Compares the two picks for every update the bot is given."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.dispatch = app._dispatch
        self.seen: list[tuple[object, list[Any], list[Any]]] = []
        app._dispatch = self

    async def __call__(self, update: object) -> None:
        self.seen.append((update, full_scan(self.app, update), routed(self.app, update)))
        await self.dispatch(update)


async def test_every_update_of_a_day_reaches_the_handler_the_full_scan_picks(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry = repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                        {"category": "lighting", "text": "楼道灯坏了"})
    async with BotHarness(repo) as bot:
        rec = Recorder(bot.app)
        # a newcomer registers, buttons of the registration flow
        await bot.send(7001, "/start")
        for data in ("reg:c:0", "reg:b:0:0", "reg:u:0:0:0", "reg:h:0:0:0:1", "zz:forged"):
            await bot.press(7001, data)
        # a resident reports a problem: a flow with state
        await bot.send(5001, "/report")
        await bot.press(5001, "rep:cat:lighting")
        await bot.send(5001, "三号楼门口的路灯不亮了")
        await bot.press(5001, "rep:photos")
        await bot.press(5001, "rep:pn")
        await bot.send(5001, "/mine")  # a command in the middle of a flow
        await bot.press(5001, "rep:ok")
        # ... pays, votes, reads, types what nobody understands
        await bot.send(5001, "/pay")
        await bot.send(5001, "/cancel")
        for text in ("/accounts", "/vote", "/help", "/nonsense", "你好", "/start"):
            await bot.send(5001, text)
        for data in ("go:mine", "go:nosuch", "vote:99:agree", "lang:en", "q:x:1", "", "rep"):
            await bot.press(5001, data)
        # a volunteer approves, by button and by number; a group chat
        await bot.send(101, "/pending")
        await bot.press(101, f"q:a:{entry.id}")
        await bot.send(101, f"/approve {entry.id}")
        await bot.press(101, f"q:r:{entry.id}")
        await bot.send(101, "/linkgroup east", chat_id=-500)
        await bot.send(101, "某条群消息", chat_id=-500)
    assert len(rec.seen) == 34
    for update, full, picked in rec.seen:
        assert picked == full, (update.callback_query or update.message).to_dict()
    taken = [p for _, full, _ in rec.seen for p in full if p is not None]
    assert len({id(h) for h in taken}) >= 12  # many different handlers were reached
    # flows were asked in the middle of a conversation, not only at their start
    assert sum(isinstance(h, ConversationHandler) for h in taken) >= 8


def test_a_pattern_is_read_up_to_what_it_requires():
    assert literal_prefix("^go:start$") == "go:start"
    assert literal_prefix("^q:a:") == "q:a:"
    assert literal_prefix("^q:([arsb]):") == "q:"
    assert literal_prefix("^reg?:") == "re"  # the g may be missing
    assert literal_prefix("^a|^b") == ""
    assert literal_prefix("^ab(c)|xy") == ""
    assert literal_prefix("vote") == ""  # anywhere in the data
    assert literal_prefix(lambda data: True) is None
    # one of several endings, inside a group: what comes before it is still needed
    assert literal_prefix("^go:pay(:agree|:photo)?$") == "go:pay"
    assert literal_prefix(r"^go:a[|]b") == "go:a"  # a | in a class, or escaped, is a |
    assert literal_prefix(r"^go:a\|b|^c") == ""


def test_a_button_is_asked_of_a_handful_of_handlers_not_of_every_flow():
    """047a81fd gave every command's go: button a pattern ending in (:agree|:photo)?,
    and the | in it made the routes ask every flow and go: button about every press:
    51 handlers for a vote or a registration button instead of 4, about 100 µs more
    event loop each in the bench's mix (registration buttons 150 -> 260 µs)."""
    app = build_application(Settings(token="1:A", data_dir=Path("/tmp/unused"),
                                     persistence=False))
    for word in ("reg", "vote", "pay", "rep", "op"):
        asked = [h for h in app.handlers[0] if _may_take(h, ("q", word)) == ALWAYS]
        assert len(asked) <= 6, (word, [getattr(h, "name", None) or h for h in asked])
