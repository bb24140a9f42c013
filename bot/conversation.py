"""Flows that end when left idle, checked by one sweep instead of a job per step.

PTB's own ``conversation_timeout`` takes the flow's JobQueue job out and puts a
new one in on every step of every flow: two APScheduler calls, each with a
signature check, a lock and a wake-up of the event loop. Under load that was
about a fifteenth of the bot's time. ``IdleConversation`` instead notes, on each
step, when the conversation will have been idle too long; ``sweep_idle``, one
repeating job, ends those that have, running the flow's ``TIMEOUT`` handlers
just as PTB does. A flow therefore ends between ``idle_timeout`` and
``idle_timeout`` + one sweep interval after its last step.

A conversation restored after a restart (``bot.state``) has no last step in
this process: it is ended ``idle_timeout`` after a sweep first finds it, and
its user told by ``tell`` (there is no update to answer; it is given the step the
flow was at, as the flow's ``TIMEOUT`` handlers can ask). The conversations a
sweep ends are handed to ``on_end``, which saves that they ended. A flow held
longer (``hold_idle``: a draft refused at 提交 for the hour's limit, told it is
kept until it may go) notes when its hold ends, by the clock, in ``user_data``
(``HELD_UNTIL``, saved with it): restored, it waits until then too.

A main-menu button or a command sent in the middle of a flow leaves it at once
(``leave``, from ``bot.leaving``) so that the button acts on the first press.
To say then whether anything entered was lost, each conversation notes in the
user's ``user_data`` (``STEPPED``, kept with it across a restart) the flows in
which a step was taken after the one that started them; a flow taken up again
from a kept draft (``bot.kept``), or started with what she typed with its command
(/ask 36 这笔钱给了谁？), counts as stepped at once (``entered_at_start``).

Finding the conversations and ending one from outside an update need private
parts of ``ConversationHandler``; they are reached only through
``bot.ptb_private``, which says why and is checked against the pinned version.
"""

from __future__ import annotations

import contextvars
import time
import warnings
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, CallbackContext, ConversationHandler
from telegram.warnings import PTBUserWarning

from .ptb_private import (
    ConversationKey,
    check_supported,
    conversation_key,
    conversation_state,
    end_conversation,
    has_conversation,
    key_of,
    ongoing,
)

__all__ = ["IdleConversation", "sweep_idle", "sweep_interval", "STEPPED", "stepped", "note_step",
           "RESUMED", "HELD_UNTIL", "entered_at_start", "once_saved"]

# user_data: names of the flows going on in which a step was taken since they started.
STEPPED = "flow_steps"
# user_data, for the update that sets it only: the flow it took up again (bot.kept), or
# started with what was typed with its command (``entered_at_start``)
RESUMED = "flow_resumed"
# user_data: flow -> the time.time() before which it does not end (``hold_idle``), kept
# with the user's data across a restart; taken out when the flow ends or starts anew.
HELD_UNTIL = "flow_held"

_Key = ConversationKey
_App = Application[Any, Any, Any, Any, Any, Any]

# The messages a sweep ending idle flows (``end_idle``) is to send once it has saved that
# they ended (``once_saved``); None outside a sweep.
_UNSAID: contextvars.ContextVar[list[Callable[[], Awaitable[Any]]] | None] = contextvars.ContextVar(
    "steward_idle_unsaid", default=None)


async def once_saved(send: Callable[[], Awaitable[Any]]) -> None:
    """``send()`` (the message telling a chat its flow ended idle), once the sweep ending
    the flow has saved that it ended and what was kept of it (``on_end``); at once
    outside a sweep. Told first and saved after, a kill between the two left the flow
    going in the saved state: the next start ended it again and told her a second time
    (and the draft the first message said was kept, with its 继续填写, was not: its
    button found nothing). Saved first, a kill between the two loses the message at
    most, as ``bot.kept.sweep_kept``'s: the draft is kept all the same, offered when she
    starts the flow again, and a message she types meanwhile is told of it
    (``bot.kept.missed``)."""
    unsaid = _UNSAID.get()
    if unsaid is None:
        await send()
    else:
        unsaid.append(send)


def sweep_interval(idle_timeout: float) -> float:
    """How often idle flows are looked for: a quarter of the timeout, at most a minute."""
    return min(60.0, max(idle_timeout / 4, 0.05))


class IdleConversation(ConversationHandler[Any]):
    """A ConversationHandler whose conversations end after ``idle_timeout`` seconds
    without a step (``None`` or 0: never)."""

    def __init__(self, *args: Any, idle_timeout: float | None = None,
                 tell: Callable[[_App, int, int | None, object], Awaitable[None]] | None = None,
                 on_end: Callable[[IdleConversation, list[_Key], _App], Awaitable[None]]
                 | None = None,
                 step_guard: Callable[[Update, Any], Awaitable[bool]] | None = None,
                 **kwargs: Any) -> None:
        if kwargs.get("conversation_timeout"):
            raise ValueError("IdleConversation keeps its own timeout: pass idle_timeout")
        with warnings.catch_warnings():
            # per_message=False is meant: a flow is one person's in one chat, its
            # buttons included; PTB warns of it at every start (in the service's log).
            warnings.filterwarnings("ignore", message=r"If 'per_message=False'",
                                    category=PTBUserWarning)
            super().__init__(*args, **kwargs)
        check_supported(self)
        self.idle_timeout = idle_timeout or None
        # (application, chat id, user id, the state it was at): a restored flow has ended
        self.tell = tell
        self.on_end = on_end  # (handler, keys, application): these flows were ended here
        # conversation -> (when it counts as idle, its last update, that update's context)
        self._idle: dict[_Key, tuple[float, Update, CallbackContext[Any, Any, Any, Any]]] = {}
        self._busy: set[_Key] = set()  # conversations with a step running now
        self._restored: dict[_Key, float] = {}  # no step since the start: first seen at
        # conversation -> the time.monotonic() before which it does not end, told to its
        # user at a step (``hold_idle``): kept whatever steps follow, until it ends
        self._held: dict[_Key, float] = {}
        # Asked before any step's handler runs (not an entry point's, which checks for
        # itself, nor a fallback's: /cancel): False ends the conversation, the guard
        # having said why. One check for every step of a flow: a volunteers' flow asks
        # whether she is still one (``bot.app``), where each step's handler was wrapped.
        self.step_guard = step_guard
        self._steps = {id(h) for state, handlers in self.states.items()
                       if state != self.TIMEOUT for h in handlers}

    async def handle_update(self, update: Update, application: _App, check_result: Any,
                            context: Any) -> object | None:
        key = conversation_key(check_result)
        self._idle.pop(key, None)  # not swept while this step runs
        self._restored.pop(key, None)
        self._busy.add(key)
        before = conversation_state(self, key)
        try:
            if self.step_guard is not None and before is not None and \
                    id(check_result[2]) in self._steps and \
                    not await self.step_guard(update, context):
                end_conversation(self, key)
                return None
            return await super().handle_update(update, application, check_result, context)
        finally:
            self._busy.discard(key)
            after = conversation_state(self, key)
            data = getattr(context, "user_data", None)
            resumed = data is not None and data.pop(RESUMED, None) == self.name
            note_step(context, str(self.name),
                      (before is not None or resumed) and after is not None)
            held = _take_held(data, str(self.name))
            now = time.monotonic()
            if before is None:  # started (anew): nothing held of an earlier one
                self._forget_held(key, data)
            elif key not in self._held:  # restored after a restart: held as noted
                self._recall_held(key, data, now)
            if held:
                self._held[key] = max(self._held.get(key, 0.0), now + held)
                _note_until(data, str(self.name), time.time() + self._held[key] - now)
            if after is None:
                self._forget_held(key, data)
            elif self.idle_timeout:  # goes on
                self._idle[key] = (max(now + self.idle_timeout, self._held.get(key, 0.0)),
                                   update, context)

    def idle_left(self, update: Update, data: Any = None) -> float:
        """Seconds until the conversation ``update``'s person has going on here ends if
        left idle (0: none waiting, or its time is up): at least the idle timeout after
        its last step, longer when a step held it (``hold_idle``). One restored after a
        restart with no step since: the idle timeout after a sweep first found it (or
        now), or as long as its person's ``data`` notes it held."""
        if not has_conversation(self, update):
            return 0.0
        key = key_of(self, update)
        if key is None:
            return 0.0
        now = time.monotonic()
        found = self._idle.get(key)
        if found is not None:
            return max(0.0, found[0] - now)
        if not self.idle_timeout or conversation_state(self, key) is None:
            return 0.0
        if key not in self._held:
            self._recall_held(key, data, now)
        first = self._restored.get(key, now)
        return max(0.0, first + self.idle_timeout - now, self._held.get(key, 0.0) - now)

    def leave(self, update: Update, data: Any = None) -> object | None:
        """End the conversation ``update``'s person (chat) has going on here, if any, as
        /cancel would, without a word; the state it was at (None: there was none).
        ``data``: the person's ``user_data`` (what it notes of the flow is dropped)."""
        if not has_conversation(self, update):  # (at once when nobody is in this flow)
            return None
        key = key_of(self, update)
        state = conversation_state(self, key) if key is not None else None
        if key is None or state is None or key in self._busy:
            return None
        self._idle.pop(key, None)  # ended: the sweep must not say it timed out
        self._restored.pop(key, None)
        self._forget_held(key, data)
        end_conversation(self, key)
        return state

    def state_of(self, update: object) -> object:
        """The state of the conversation ``update``'s person has going on here (None:
        none): what a ``TIMEOUT`` handler ends."""
        key = key_of(self, update)
        return conversation_state(self, key) if key is not None else None

    def _recall_held(self, key: _Key, data: Any, now: float) -> None:
        """Hold ``key`` (restored after a restart) as long as ``data`` (its person's
        ``user_data``) notes it was held (``HELD_UNTIL``), if that is not over."""
        until = ((data or {}).get(HELD_UNTIL) or {}).get(str(self.name))
        if isinstance(until, (int, float)):
            left = until - time.time()
            if left > 0:
                self._held[key] = now + left

    def _forget_held(self, key: _Key, data: Any) -> None:
        """The flow ``key`` ended or started anew: nothing of it is held any more."""
        self._held.pop(key, None)
        if data:
            _note_until(data, str(self.name), None)

    def _data_of(self, application: _App, key: _Key) -> Any:
        """The ``user_data`` of conversation ``key``'s person (None: not known)."""
        user = key[1 if self.per_chat else 0] if self.per_user else None
        return application.user_data.get(user) if isinstance(user, int) else None

    @property
    def waiting(self) -> int:
        """How many conversations will be ended if left idle."""
        return len(self._idle)

    async def end_idle(self, application: _App,
                       now: float | None = None) -> int:
        """End the conversations idle for too long; how many. Their users are told
        (``TIMEOUT`` handlers, ``tell``) once their end is saved (``on_end``,
        ``once_saved``)."""
        unsaid: list[Callable[[], Awaitable[Any]]] = []
        token = _UNSAID.set(unsaid)
        try:
            count = await self._end_idle(application, now)
        finally:
            _UNSAID.reset(token)
        for send in unsaid:
            try:
                await send()
            except Exception as exc:  # one chat's failure must not stop the sweep
                await application.process_error(None, exc)
        return count

    async def _end_idle(self, application: _App, now: float | None) -> int:
        now = time.monotonic() if now is None else now
        due = [key for key, (deadline, _, _) in self._idle.items()
               if deadline <= now and key not in self._busy]
        ended: list[_Key] = []
        for key in due:
            found = self._idle.pop(key, None)
            if found is None:  # a step came in meanwhile
                continue
            _, update, context = found
            for handler in self.states.get(self.TIMEOUT, []):
                check = handler.check_update(update)
                if check is None or check is False:
                    continue
                try:
                    await handler.handle_update(update, application, check, context)
                except ApplicationHandlerStop:
                    pass
                except Exception as exc:  # one chat's failure must not stop the sweep
                    await application.process_error(update, exc)
            if key not in self._idle and key not in self._busy:  # no step came in meanwhile
                self._forget_held(key, getattr(context, "user_data", None))
                end_conversation(self, key)
                ended.append(key)
        restored = await self._end_restored(application, now, ended)
        if ended and self.on_end is not None:
            try:
                await self.on_end(self, ended, application)
            except Exception as exc:  # the sweep goes on; the flows have ended in memory
                await application.process_error(None, exc)
        return len(due) + restored

    async def _end_restored(self, application: _App, now: float, ended: list[_Key]) -> int:
        """End the conversations restored at start that have had no step for
        ``idle_timeout`` since a sweep first found them."""
        if not self.idle_timeout:
            return 0
        due = []
        for key in ongoing(self):
            if key in self._idle or key in self._busy:
                continue
            if key not in self._restored:  # first found: held as noted before the restart
                self._restored[key] = now
                self._recall_held(key, self._data_of(application, key), now)
            if now - self._restored[key] >= self.idle_timeout and \
                    now >= self._held.get(key, 0.0):
                due.append(key)
        for key in due:
            del self._restored[key]
            self._forget_held(key, self._data_of(application, key))
            state = conversation_state(self, key)
            end_conversation(self, key)
            ended.append(key)
            # The key is (chat id, user id) for a flow per chat and per user.
            chat = key[0] if self.per_chat else None
            user = key[1 if self.per_chat else 0] if self.per_user else None
            target = chat if isinstance(chat, int) else user
            if self.tell is not None and isinstance(target, int):
                try:
                    await self.tell(application, target, user if isinstance(user, int) else None,
                                    state)
                except Exception as exc:  # one chat's failure must not stop the sweep
                    await application.process_error(None, exc)
        return len(due)


# user_data: flow -> seconds its step just asked to be left idle before it ends, if
# longer than its idle timeout (``hold_idle``).
HELD = "_idle_held"


def hold_idle(context: Any, flow: str, seconds: float) -> None:
    """Let the flow ``flow`` the current step leaves going on wait ``seconds`` (at
    least its idle timeout) before it ends, whatever steps follow: a draft refused at
    its last step for now (the hour's limit) waits until it may be sent, also when she
    edits it meanwhile, and across a restart (``HELD_UNTIL``)."""
    data = getattr(context, "user_data", None)
    if data is not None:
        data.setdefault(HELD, {})[flow] = seconds


def _take_held(data: Any, flow: str) -> float:
    """What ``hold_idle`` asked of ``flow``'s step just run (0: nothing), forgotten."""
    if not data or HELD not in data:
        return 0
    held = data[HELD].pop(flow, 0)
    if not data[HELD]:
        del data[HELD]
    return float(held)


def _note_until(data: Any, flow: str, until: float | None) -> None:
    """Note in ``data`` (``HELD_UNTIL``) the time.time() until which ``flow`` is held;
    None: it is not (any more)."""
    if data is None or (until is None and HELD_UNTIL not in data):
        return
    notes = {k: v for k, v in (data.get(HELD_UNTIL) or {}).items() if k != flow}
    if until is not None:
        notes[flow] = round(until, 3)
    if notes:
        data[HELD_UNTIL] = notes
    else:
        data.pop(HELD_UNTIL, None)


def entered_at_start(context: Any, flow: str) -> None:
    """The step starting ``flow`` took what she typed (with its command): it counts as
    entered, so that leaving the flow keeps it (``bot.kept``) or says it was not kept,
    instead of dropping it without a word."""
    data = getattr(context, "user_data", None)
    if data is not None:
        data[RESUMED] = flow


def note_step(context: Any, flow: str, step: bool) -> None:
    """Note in ``STEPPED`` whether a step (not the start) of ``flow`` was taken; a flow
    that starts or ends is taken out."""
    data = getattr(context, "user_data", None)
    if data is None:
        return
    names = [n for n in data.get(STEPPED) or [] if n != flow]
    if step:
        names.append(flow)
    if names:
        data[STEPPED] = sorted(names)
    else:
        data.pop(STEPPED, None)


def stepped(user_data: Any, flow: str) -> bool:
    """Whether a step of ``flow`` was taken since it started (``STEPPED``)."""
    return flow in ((user_data or {}).get(STEPPED) or [])


async def sweep_idle(context: CallbackContext[Any, Any, Any, Any]) -> None:
    """The repeating job: end every idle flow of the application."""
    application = context.application
    for handlers in application.handlers.values():
        for handler in handlers:
            if isinstance(handler, IdleConversation):
                await handler.end_idle(application)
