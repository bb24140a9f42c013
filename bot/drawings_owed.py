"""A notice asked for is delivered once, across a restart.

/notice says 正在生成… and draws its PDF in a task of its own (``bot.drawings``). A stop
more than ``drawings.STOP_WAIT`` seconds into a drawing ended it: the volunteer had been
told it was being drawn, and got nothing, and nothing told her.

Now the handler notes the drawing owed in her ``user_data`` (``OWED``: the update that
asked, what to draw), saved with the step that says 正在生成… (``bot.state``). When its
outcome is told (the PDF sent, or that it could not be made), the note is dropped and
saved at once (``Keeper.users_changed``, shielded from a stop's cancellation). At the
next start (``resume``, after the saved conversations are read back) each note left is
drawn again and sent, after a line saying so. A stop between the PDF's sending and the
note's saving (milliseconds) sends it twice: never none. The line before the second did
say it had not been sent (重新生成), when she may have had it already: now the note is
marked, and saved, just before the PDF is sent (``sending``), and a note so marked is sent
again after a line saying she may have it already above, the same notice, and need not
print it twice. Nothing is read on any update: the notes are looked for once, at start.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import CallbackContext, ContextTypes

from .drawings import drawings_of
from .i18n import lazy
from .state import keeper_of

__all__ = ["OWED", "start_owed", "resume", "sending"]

log = logging.getLogger(__name__)

OWED = "drawings_owed"  # user_data: [{"id", "kind", "args", "update"}]

# kind -> (update, context, args) -> the drawing and sending, at a restart
Redraw = Callable[[Update, Any, list[Any]], Coroutine[Any, Any, Any]]
_REDRAW: dict[str, Redraw] = {}
# the drawing owed whose work runs in this task: (application, who, its note's id)
_CURRENT: contextvars.ContextVar[tuple[Any, int, str] | None] = contextvars.ContextVar(
    "drawing_owed", default=None)
SENDING = "sending"  # a note's mark: its PDF was about to be sent when it was saved


def redraws(kind: str) -> Callable[[Redraw], Redraw]:
    """Register how a drawing of ``kind`` is made again at a restart."""
    def register(fn: Redraw) -> Redraw:
        _REDRAW[kind] = fn
        return fn
    return register


def start_owed(update: Update, context: ContextTypes.DEFAULT_TYPE, kind: str,
               args: list[Any], work: Coroutine[Any, Any, Any],
               failed: Callable[[], Awaitable[Any]]) -> None:
    """Note the drawing owed (saved with this step), then run it (``Drawings.start``);
    the note is dropped once its outcome was told."""
    user = update.effective_user
    who = user.id if user is not None else 0
    token = uuid.uuid4().hex[:12]
    data = context.user_data
    if data is not None and who:
        data.setdefault(OWED, []).append({"id": token, "kind": kind, "args": list(args),
                                          "update": update.to_dict()})
    _run(context.application, who, token, work, failed)


def _run(app: Any, who: int, token: str, work: Coroutine[Any, Any, Any],
         failed: Callable[[], Awaitable[Any]]) -> None:
    async def then_paid() -> None:
        _CURRENT.set((app, who, token))  # for ``sending``, awaited by the work
        await work  # cancelled (a stop): the note stays, drawn again at the next start
        await asyncio.shield(_paid(app, who, token))

    async def failed_then_paid() -> None:
        try:
            await failed()
        finally:
            await asyncio.shield(_paid(app, who, token))

    drawings_of(app).start(who, then_paid(), failed_then_paid)


async def sending() -> None:
    """Mark the drawing owed that this task draws as being sent, and save the mark now:
    a stop before its note is dropped then says, at the next start, that she may have
    it already (``AGAIN_SENT``). Called just before its PDF is sent."""
    current = _CURRENT.get()
    if current is None:
        return
    app, who, token = current
    data = app.user_data.get(who) if who else None
    owed = data.get(OWED) if isinstance(data, dict) else None
    item = next((o for o in owed if isinstance(o, dict) and o.get("id") == token), None) \
        if isinstance(owed, list) else None
    keeper = keeper_of(app)
    if item is None or item.get(SENDING) or keeper is None:
        return
    item[SENDING] = True
    try:
        await asyncio.shield(keeper.users_changed([who]))
    except Exception:  # noqa: BLE001 - then a second one is said as before: drawn again
        log.exception("could not save that a notice is being sent")


async def _paid(app: Any, who: int, token: str) -> None:
    """Drop the note ``token`` of ``who`` and save it now (not at her next message)."""
    data = app.user_data.get(who) if who else None
    owed = data.get(OWED) if isinstance(data, dict) else None
    if not isinstance(owed, list):
        return
    owed[:] = [o for o in owed if not (isinstance(o, dict) and o.get("id") == token)]
    if not owed and isinstance(data, dict):
        data.pop(OWED, None)
    keeper = keeper_of(app)
    if keeper is not None:
        try:
            await keeper.users_changed([who])
        except Exception:  # noqa: BLE001 - drawn again at the next start: twice, not never
            log.exception("could not save that a notice was delivered")


async def resume(app: Any) -> int:
    """At start: every drawing owed when the bot stopped, drawn again and sent (after
    a line saying so); how many."""
    from .context import reply, t

    found = 0
    for who, data in list(app.user_data.items()):
        owed = data.get(OWED) if isinstance(data, dict) else None
        if not owed:
            continue
        for item in list(owed):
            redraw = _REDRAW.get(str(item.get("kind"))) if isinstance(item, dict) else None
            try:
                update = Update.de_json(item["update"], app.bot)
            except Exception:  # noqa: BLE001 - a note not understood: dropped, logged
                update = None
            if redraw is None or update is None:
                log.error("a notice owed to %s cannot be drawn again: %r", who, item)
                await _paid(app, who, str(item.get("id")) if isinstance(item, dict) else "")
                continue
            context = CallbackContext.from_update(update, app)
            found += 1

            async def failed(update: Update = update, context: Any = context) -> None:
                await reply(update, t(context, NOT_MADE))

            said = AGAIN_SENT if item.pop(SENDING, False) else AGAIN  # marked anew if sent
            try:
                await reply(update, t(context, said))
            except Exception:  # noqa: BLE001 - the PDF says it all the same
                log.exception("could not say a notice is drawn again")
            _run(app, who, str(item["id"]), redraw(update, context, list(item["args"])),
                 failed)
    if found:
        log.info("重新生成停下前没发出的 %d 份公示单 / drawing again %d notice(s) not sent "
                 "before the stop", found, found)
    return found


AGAIN = lazy("The bot restarted while your notice was being drawn: drawing it again now…")
# the stop came as its PDF was being sent: it may have reached her (a second is not undone)
AGAIN_SENT = lazy("The bot restarted just as your notice was being sent: it may have reached "
                  "you already, above. Sending it again now: it is the same notice, so if you "
                  "have it already, you need not print this one.")
NOT_MADE = lazy("The notice you asked for before the bot restarted could not be made. Please "
                "send /notice again.")
