"""The private parts of python-telegram-bot that Steward relies on, in one place.

Steward pins python-telegram-bot 22.8 (``PINNED``). Everything else it uses
of the library is public API. The idle sweep of ``bot.conversation`` needs
three things ``ConversationHandler`` does not offer publicly:

* **which conversation an update belongs to**, inside ``handle_update``:
  the ``check_result`` that ``ConversationHandler.check_update`` hands back
  is, in 22.8, the tuple ``(state, key, handler, handler's check)``; the key
  is ``(chat id, user id)`` for a flow per chat and per user
  (``conversation_key``);
* **the conversations going on**, including those restored from
  persistence at start-up, which no update has touched yet: they are the
  handler's ``_conversations`` (key -> state), the very dict PTB's own
  persistence stores (``conversation_state``, ``ongoing``). A conversation that ended after it
  was once saved is saved as ``None`` and comes back from a restart with
  that state, which PTB treats as no conversation: it is left out here, or
  the sweep would "end" it again and tell its user a step timed out;
* **ending a conversation from outside an update**, as PTB's own
  ``conversation_timeout`` does: ``_update_state(END, key)`` takes the key
  out of ``_conversations``, and, the dict being a tracking dict under
  persistence, the next persistence update stores that it ended
  (``end_conversation``; ``bot.state`` saves it through ``on_end``).

The bot's own state keeper (``bot.state``), which saves conversations in the
store with each update instead of PTB's pickle, needs to **put them back at
start-up** as PTB's persistence would: ``restore_conversation`` sets a
handler's ``_conversations`` entry, ``restore_user_data`` and
``restore_chat_data`` the Application's ``_user_data`` / ``_chat_data``
(``Application.user_data`` is a read-only view of it). PTB's
``BasePersistence`` would load them publicly, but only saves every few
seconds, never with the update that changed them.

The dispatch (``bot.dispatch``) asks a flow about an update only when the
update's person has a conversation going on in it or an entry point may take
the update: ``has_conversation`` builds the key as the handler does
(``_get_key``, also ``key_of``: a menu button leaves the flows its person is in,
``bot.conversation``); and it is python-telegram-bot's ``Application.process_update``
loop over fewer handlers, which reads ``DEFAULT_TRUE`` (a handler's default
``block``) and calls what that loop calls first and last
(``check_initialized``, ``mark_for_persistence``).

**A message the bot sent is read only when used** (``LazyBot``). Every Bot
API call that sends or edits a message answers with the message, which
python-telegram-bot turns into a ``Message`` at once: some 170 attributes set
one by one, about half of what a whole update of a bare echo bot costs, and
the bot rarely looks at the answer (the number of a volunteers' post, the id
of a photo uploaded). ``LazyBot._send_message`` keeps the answer as it came
and gives a ``LazyMessage``, a ``Message`` that is made from it the first time
anything but its ``message_id`` is read. It needs ``Bot._send_message`` and
``Bot._post`` (the answer is taken at ``_post``, which then answers ``True``,
what ``_send_message`` hands back as it is), the slots of ``Message`` and its
bases, and ``ApplicationBuilder._build_ext_bot`` (``LazyBuilder``).

**A keyboard is written out directly** (``keyboard_dict``). python-telegram-bot turns
the ``InlineKeyboardMarkup`` of every message it sends into JSON through
``TelegramObject.to_dict``, which reads every attribute of every button by name:
half of what a message with a three-button keyboard costs. Steward's buttons
carry a text and a ``callback_data`` or ``url`` only; ``LazyBot._do_post`` (the
method ``Bot._post`` hands the call's parameters to) writes such a keyboard as
the same dict in a few steps, and leaves any other keyboard to ``to_dict``.
It needs the slots of ``InlineKeyboardButton`` (a button with anything set
beyond those three is left to ``to_dict``, so a field added by an upgrade is
never dropped).

PTB's public alternative, ``conversation_timeout``, reschedules a JobQueue
job on every step of every flow; under load that cost about a fifteenth of
the bot's time (see ``bot.conversation``). ``tests/test_ptb_private.py``
checks each of the three against the installed version and fails, naming
this module, if an upgrade changes them; ``check_supported`` does the same
when the bot starts.
"""

from __future__ import annotations

import contextvars
from collections.abc import MutableMapping
from typing import Any

import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram._utils.defaultvalue import DEFAULT_TRUE
from telegram.ext import Application, ApplicationBuilder, ConversationHandler, ExtBot

__all__ = ["PINNED", "ConversationKey", "check_supported", "conversation_key",
           "conversation_state", "ongoing", "end_conversation", "restore_conversation",
           "restore_user_data", "restore_chat_data", "has_conversation", "key_of", "DEFAULT_TRUE",
           "check_initialized", "mark_for_persistence", "LazyBot", "LazyMessage",
           "LazyBuilder", "sent_file_id", "keyboard_dict"]

PINNED = "22.8"

ConversationKey = tuple[int | str, ...]


def check_supported(handler: ConversationHandler[Any]) -> None:
    """Raise at start-up if this python-telegram-bot lacks what this module uses."""
    if not isinstance(getattr(handler, "_conversations", None), MutableMapping) or \
            not callable(getattr(handler, "_update_state", None)) or \
            not callable(getattr(handler, "_get_key", None)) or \
            not {"_user_data", "_chat_data"} <= set(Application.__slots__):
        raise RuntimeError(
            f"python-telegram-bot {telegram.__version__} has no ConversationHandler."
            f"_conversations / _update_state, which bot/ptb_private.py needs (written for "
            f"{PINNED}): adapt that module before upgrading.")


def conversation_key(check_result: Any) -> ConversationKey:
    """The key of the conversation an update belongs to, from the result of
    ``ConversationHandler.check_update`` (``(state, key, handler, check)``)."""
    key = check_result[1]
    if not isinstance(key, tuple):
        raise RuntimeError(f"ConversationHandler.check_update gave {check_result!r}: not the "
                           f"(state, key, handler, check) of python-telegram-bot {PINNED} "
                           f"that bot/ptb_private.py reads")
    return key


def conversation_state(handler: ConversationHandler[Any], key: ConversationKey) -> object:
    """The state of conversation ``key`` of ``handler``; None when none is going on."""
    return handler._conversations.get(key)


def has_conversation(handler: ConversationHandler[Any], update: object) -> bool:
    """Whether the person (chat) of ``update`` has a conversation going on in
    ``handler`` (True when its key cannot be told: the handler is then asked)."""
    if not handler._conversations:
        return False
    key = key_of(handler, update)
    return key is None or handler._conversations.get(key) is not None


def key_of(handler: ConversationHandler[Any], update: object) -> ConversationKey | None:
    """The key of the conversation of ``handler`` that ``update`` belongs to, as the
    handler builds it; None when it cannot be told (no chat or user)."""
    try:
        return handler._get_key(update)  # type: ignore[arg-type,no-any-return]
    except Exception:  # noqa: BLE001 - no chat or user
        return None


def check_initialized(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Raise as ``Application.process_update`` does before ``initialize``."""
    app._check_initialized()


def mark_for_persistence(app: Application[Any, Any, Any, Any, Any, Any],
                         update: object) -> None:
    """What ``Application.process_update`` does after a blocking handler ran."""
    app._mark_for_persistence_update(update=update)


def ongoing(handler: ConversationHandler[Any]) -> list[ConversationKey]:
    """The keys of the conversations going on in ``handler`` (restored ones included)."""
    return [key for key, state in handler._conversations.items() if state is not None]


def end_conversation(handler: ConversationHandler[Any], key: ConversationKey) -> None:
    """End the conversation ``key`` of ``handler`` as if a step had returned ``END``
    (persistence, when on, records that it ended)."""
    handler._update_state(handler.END, key)


def restore_conversation(handler: ConversationHandler[Any], key: ConversationKey,
                         state: object) -> None:
    """Put back conversation ``key`` of ``handler`` at ``state``, as saved before a
    restart (``bot.state``; PTB's own persistence does the same at start-up)."""
    handler._conversations[key] = state


def restore_user_data(app: Application[Any, Any, Any, Any, Any, Any], user_id: int,
                      data: dict[str, Any]) -> None:
    """Put back a user's ``user_data`` as saved before a restart (``Application.user_data``
    is a read-only view of the ``_user_data`` PTB's persistence fills)."""
    app._user_data[user_id] = data


def restore_chat_data(app: Application[Any, Any, Any, Any, Any, Any], chat_id: int,
                      data: dict[str, Any]) -> None:
    """Put back a chat's ``chat_data`` as saved before a restart."""
    app._chat_data[chat_id] = data


# -- messages read when used ---------------------------------------------------------


def _slots(cls: type) -> list[str]:
    """The attribute slots of ``cls`` and its bases, as stored (names mangled)."""
    out = []
    for klass in cls.__mro__:
        for slot in klass.__dict__.get("__slots__", ()):
            if slot in ("__dict__", "__weakref__"):
                continue
            if slot.startswith("__") and not slot.endswith("__"):
                slot = f"_{klass.__name__.lstrip('_')}{slot}"
            out.append(slot)
    return out


class LazyMessage(Message):
    """A message the Bot API answered with, made into a ``Message`` when first read."""

    __slots__ = ("_steward_answer",)

    @classmethod
    def of(cls, answer: dict[str, Any], bot: Any) -> LazyMessage:
        message = cls.__new__(cls)
        object.__setattr__(message, "_steward_answer", (answer, bot))
        return message

    def __hash__(self) -> int:  # as the Message it stands for
        return hash((Message, self._id_attrs))

    @property
    def chat_id(self) -> int:
        """The chat's id, read from the answer as it came while not made into a
        ``Message`` yet (a volunteer's post is remembered by its chat and id)."""
        try:
            answer = object.__getattribute__(self, "_steward_answer")
        except AttributeError:  # a copy made attribute by attribute
            answer = None
        return int(answer[0]["chat"]["id"]) if answer is not None else self.chat.id

    def __getattr__(self, name: str) -> Any:  # only for what is not set yet
        try:
            answer = object.__getattribute__(self, "_steward_answer")
        except AttributeError:  # a copy made attribute by attribute
            answer = None
        if answer is None:
            raise AttributeError(name)
        if name == "message_id":  # what the bot reads of most answers
            return answer[0]["message_id"]
        object.__setattr__(self, "_steward_answer", None)
        whole = Message.de_json(answer[0], answer[1])
        for slot in _MESSAGE_SLOTS:
            try:
                object.__setattr__(self, slot, object.__getattribute__(whole, slot))
            except AttributeError:
                continue
        return object.__getattribute__(self, name)


_MESSAGE_SLOTS = _slots(Message)


def sent_file_id(message: Message) -> str | None:
    """The ``file_id`` Telegram gave the photo (its largest size) or voice note of a
    message the bot sent, read from the answer as it came when the message was not
    made into a ``Message`` yet (that parse is most of a small call's cost)."""
    try:
        answer = object.__getattribute__(message, "_steward_answer")
    except AttributeError:
        answer = None
    if answer is not None:
        data = answer[0]
        sizes, voice = data.get("photo"), data.get("voice")
        return sizes[-1].get("file_id") if sizes else voice.get("file_id") if voice else None
    if message.photo:
        return message.photo[-1].file_id
    return message.voice.file_id if message.voice is not None else None
_ANSWER: contextvars.ContextVar[list[Any] | None] = contextvars.ContextVar(
    "steward_answer", default=None)


class LazyBot(ExtBot):  # type: ignore[type-arg]
    """The ExtBot, whose sent and edited messages are ``LazyMessage``s."""

    __slots__ = ()

    async def _send_message(self, endpoint: str, data: Any, *args: Any, **kwargs: Any
                            ) -> Any:
        if self.callback_data_cache is not None:  # it reads every message it is given
            return await super()._send_message(endpoint, data, *args, **kwargs)
        box: list[Any] = []
        token = _ANSWER.set(box)
        try:
            result = await super()._send_message(endpoint, data, *args, **kwargs)
        finally:
            _ANSWER.reset(token)
        return LazyMessage.of(box[0], self) if box else result

    async def _post(self, endpoint: str, data: Any = None, *args: Any, **kwargs: Any
                    ) -> Any:
        result = await super()._post(endpoint, data, *args, **kwargs)
        box = _ANSWER.get()
        if box is not None and not box and isinstance(result, dict):
            box.append(result)  # kept as it came; _send_message hands True back as it is
            return True
        return result


    async def _do_post(self, endpoint: str, data: Any, *args: Any, **kwargs: Any) -> Any:
        markup = data.get("reply_markup")
        if type(markup) is InlineKeyboardMarkup:  # data: Bot._post's own copy
            written = keyboard_dict(markup)
            if written is not None:
                data["reply_markup"] = written
        return await super()._do_post(endpoint, data, *args, **kwargs)


# What a plain button may have set; anything else (a login URL, a web app, a field a
# later version adds) leaves its keyboard to TelegramObject.to_dict.
_PLAIN_BUTTON = ("text", "callback_data", "url")
_OTHER_BUTTON = tuple(slot for slot in _slots(InlineKeyboardButton)
                      if not slot.startswith("_") and slot not in (*_PLAIN_BUTTON, "api_kwargs"))


def keyboard_dict(markup: InlineKeyboardMarkup) -> dict[str, Any] | None:
    """``markup.to_dict()``, written directly, when every button has only a text and a
    ``callback_data`` (a string) or ``url``; otherwise None (the caller uses ``to_dict``)."""
    if markup.api_kwargs or not markup.inline_keyboard:
        return None
    rows = []
    for row in markup.inline_keyboard:
        buttons = []
        for button in row:
            if button.api_kwargs or type(button) is not InlineKeyboardButton:
                return None
            for slot in _OTHER_BUTTON:
                if getattr(button, slot) is not None:
                    return None
            written: dict[str, Any] = {"text": button.text}
            data, url = button.callback_data, button.url
            if data is not None:
                if type(data) is not str:  # arbitrary callback data: PTB's own business
                    return None
                written["callback_data"] = data
            if url is not None:
                written["url"] = url
            buttons.append(written)
        rows.append(buttons)
    return {"inline_keyboard": rows}


class LazyBuilder(ApplicationBuilder):  # type: ignore[type-arg]
    """The ApplicationBuilder, whose bot is a ``LazyBot``."""

    def _build_ext_bot(self) -> ExtBot:  # type: ignore[type-arg]
        bot = super()._build_ext_bot()
        bot.__class__ = LazyBot  # the same slots: nothing else changes
        return bot
