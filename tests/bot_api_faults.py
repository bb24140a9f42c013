"""Telegram misbehaving, for the Bot API emulator (``bot_api_emulator``): the
faults a test asks for, and what Telegram refuses whatever the moment."""

from __future__ import annotations

import email.parser
import email.policy
import threading
import time
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Fault", "TelegramFaults", "refusal", "multipart", "NOT_MODIFIED", "NOT_FOUND",
           "TOO_OLD", "BLOCKED", "DEACTIVATED", "UPGRADED", "KICKED", "EDITS"]

BOT_ID = 515151
SENDS = ("sendMessage", "sendPhoto", "sendMediaGroup", "sendVoice", "sendDocument")
EDITS = ("editMessageText", "editMessageCaption", "editMessageReplyMarkup")
NOT_MODIFIED = ("Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a content and reply markup of the "
                "current message")
NOT_FOUND = "Bad Request: message to edit not found"
TOO_OLD = ("Bad Request: query is too old and response timeout expired or query id is "
           "invalid")
BLOCKED = "Forbidden: bot was blocked by the user"
DEACTIVATED = "Forbidden: user is deactivated"
UPGRADED = "Bad Request: group chat was upgraded to a supergroup chat"
KICKED = "Forbidden: bot was kicked from the supergroup chat"


@dataclass
class Fault:
    """How the next ``times`` calls of ``method`` ("*": any but getUpdates) to ``chat``
    (None: any) are answered: ``status`` with ``description`` and ``parameters``, or,
    with ``status`` 0, the connection closed without an answer (after the call took
    effect when ``delivered``). ``times`` 0: for ever."""
    method: str
    status: int
    description: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)
    times: int = 1
    chat: int | None = None
    delivered: bool = False
    after: int = 0  # matching calls let through before it starts

    def matches(self, method: str, params: dict[str, Any]) -> bool:
        if self.method not in ("*", method) or (self.method == "*" and method == "getUpdates"):
            return False
        return self.chat is None or str(params.get("chat_id")) == str(self.chat)


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def refusal(method: str, params: dict[str, Any]) -> str | None:
    """What Telegram refuses whatever the moment: a text or caption too long, a button's
    callback data over 64 bytes."""
    if method in ("sendMessage", "editMessageText") and \
            _units(str(params.get("text") or "")) > 4096:
        return "Bad Request: message is too long"
    captions = [params.get("caption")] + [m.get("caption") for m in params.get("media") or []
                                          if isinstance(m, dict)]
    if any(_units(str(c or "")) > 1024 for c in captions):
        return "Bad Request: message caption is too long"
    markup = params.get("reply_markup") or {}
    for row in markup.get("inline_keyboard", []) if isinstance(markup, dict) else []:
        for b in row:
            if len(str(b.get("callback_data", "")).encode()) > 64:
                return "Bad Request: BUTTON_DATA_INVALID"
    return None


class TelegramFaults:
    """The fault half of ``BotApiEmulator`` (which sets up what it uses)."""

    faults: list[Fault]
    faulted: list[tuple[str, dict[str, Any], str]]
    strict_edits: bool
    kept: dict[tuple[int, int], dict[str, Any]]
    pushed: dict[int, dict[str, Any]]
    calls: list[Any]
    _flood: threading.Lock
    _cond: threading.Condition
    _updates: list[dict[str, Any]]
    _message_ids: Any
    _update_ids: Any

    def _push(self, update: dict[str, Any]) -> None:
        raise NotImplementedError

    def _user(self, uid: int) -> dict[str, Any]:
        raise NotImplementedError

    def resend(self, update_id: int) -> int:
        """Deliver update ``update_id`` again, the same update with the same id (as
        Telegram does when it did not learn that the bot got it)."""
        before = len(self.calls)
        with self._cond:
            self._updates.append(dict(self.pushed[update_id]))
            self._cond.notify_all()
        return before

    # -- faults --------------------------------------------------------------------

    def fail(self, method: str, status: int, description: str, *, times: int = 1,
             chat: int | None = None, after: int = 0, **parameters: Any) -> Fault:
        """The next ``times`` calls of ``method`` (to ``chat``; the first ``after`` of them
        let through) are answered with an error; ``parameters`` (``retry_after``,
        ``migrate_to_chat_id``) go with it."""
        fault = Fault(method, status, description, parameters, times, chat, after=after)
        with self._flood:
            self.faults.append(fault)
        return fault

    def too_many(self, method: str, retry_after: int = 1, *, times: int = 1,
                 chat: int | None = None, after: int = 0) -> Fault:
        """Flood control: the next ``times`` calls of ``method`` answered 429."""
        return self.fail(method, 429, f"Too Many Requests: retry after {retry_after}",
                         times=times, chat=chat, after=after, retry_after=retry_after)

    def drop(self, method: str, *, delivered: bool = False, times: int = 1,
             chat: int | None = None) -> Fault:
        """The next ``times`` calls of ``method`` get no answer: the connection is closed,
        before the call took effect or, when ``delivered``, after (a timeout mid-write)."""
        fault = Fault(method, 0, "", {}, times, chat, delivered)
        with self._flood:
            self.faults.append(fault)
        return fault

    def block(self, chat: int, description: str = BLOCKED) -> Fault:
        """User ``chat`` blocked the bot (or, with ``DEACTIVATED``, deleted their account):
        every call to their chat is refused with 403."""
        return self.fail("*", 403, description, times=0, chat=chat)

    def migrate(self, group: int, supergroup: int, by: int) -> None:
        """Group ``group`` was upgraded to ``supergroup`` by user ``by``: the service
        messages come (``migrate_to_chat_id`` in the old chat, ``migrate_from_chat_id``
        in the new), and every call to the old id is refused with its new id."""
        self.fail("*", 400, UPGRADED, times=0, chat=group, migrate_to_chat_id=supergroup)
        for chat, kind, key, value in ((group, "group", "migrate_to_chat_id", supergroup),
                                       (supergroup, "supergroup", "migrate_from_chat_id", group)):
            self._push({"message": {"message_id": next(self._message_ids),
                                    "date": int(time.time()), "from": self._user(by),
                                    "chat": {"id": chat, "type": kind, "title": "志愿者群"},
                                    key: value}})

    def remove_bot(self, group: int, by: int) -> None:
        """User ``by`` removed the bot from supergroup ``group``: the bot is told
        (``my_chat_member``, kicked), and every call to the group is refused with 403."""
        self.fail("*", 403, KICKED, times=0, chat=group)
        bot = {"id": BOT_ID, "is_bot": True, "first_name": "Steward"}
        self._push({"my_chat_member": {
            "chat": {"id": group, "type": "supergroup", "title": "志愿者群"},
            "from": self._user(by), "date": int(time.time()),
            "old_chat_member": {"user": bot, "status": "member"},
            "new_chat_member": {"user": bot, "status": "kicked", "until_date": 0}}})

    def _fault(self, method: str, params: dict[str, Any]) -> Fault | None:
        with self._flood:
            for fault in self.faults:
                if fault.matches(method, params):
                    if fault.after:
                        fault.after -= 1
                        continue
                    if fault.times:
                        fault.times -= 1
                        if not fault.times:
                            self.faults.remove(fault)
                    return fault
        return None

    def _kept_refusal(self, method: str, params: dict[str, Any]) -> str | None:
        """With ``strict_edits``: an edit of a message never sent, or one changing nothing."""
        if not self.strict_edits or method not in EDITS:
            return None
        key = (int(params.get("chat_id") or 0), int(params.get("message_id") or 0))
        old = self.kept.get(key)
        if old is None:
            return NOT_FOUND
        new = {"text": params.get("text", old["text"]) if method == "editMessageText"
               else old["text"], "markup": params.get("reply_markup") or None}
        if new == old:
            return NOT_MODIFIED
        self.kept[key] = new
        return None

    def _keep(self, method: str, params: dict[str, Any], result: Any) -> None:
        if method in SENDS and isinstance(result, dict) and "message_id" in result:
            self.kept[(int(result["chat"]["id"]), int(result["message_id"]))] = {
                "text": params.get("text", params.get("caption")),
                "markup": params.get("reply_markup") or None}

    def group_message(self, group: int, uid: int, text: str, kind: str = "group") -> int:
        """A message from user ``uid`` in group chat ``group``."""
        before = len(self.calls)
        msg: dict[str, Any] = {"message_id": next(self._message_ids), "date": int(time.time()),
                               "chat": {"id": group, "type": kind, "title": "志愿者群"},
                               "from": self._user(uid), "text": text}
        if text.startswith("/"):
            msg["entities"] = [{"type": "bot_command", "offset": 0,
                                "length": len(text.split()[0])}]
        self._push({"message": msg})
        return before

    def press_on(self, uid: int, chat: int, message_id: int, data: str) -> int:
        """A press of a button with ``data`` on message ``message_id`` of ``chat``, the
        message as Telegram keeps it (``strict_edits``)."""
        before = len(self.calls)
        kept = self.kept.get((chat, message_id)) or {"text": "…", "markup": None}
        msg: dict[str, Any] = {"message_id": message_id, "date": int(time.time()),
                               "chat": {"id": chat, "type": "private" if chat > 0 else "group"},
                               "text": kept["text"] or "…",
                               "from": {"id": BOT_ID, "is_bot": True, "first_name": "Steward"}}
        if kept["markup"]:
            msg["reply_markup"] = kept["markup"]
        self._push({"callback_query": {"id": str(next(self._update_ids)),
                                       "from": self._user(uid), "chat_instance": "c",
                                       "data": data, "message": msg}})
        return before

    def _user(self, uid: int) -> dict[str, Any]:
        return {"id": uid, "is_bot": False, "first_name": f"居民{uid}", "language_code": "zh"}

    def message(self, uid: int, text: str | None = None, **fields: Any) -> int:
        """A message from user ``uid``; returns how many calls were recorded before it."""
        before = len(self.calls)
        msg: dict[str, Any] = {"message_id": next(self._message_ids), "date": int(time.time()),
                               "chat": {"id": uid, "type": "private"}, "from": self._user(uid),
                               **fields}
        if text is not None:
            msg["text"] = text
            if text.startswith("/"):
                msg["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(text.split()[0])}]
        self._push({"message": msg})
        return before

    def photo(self, uid: int, content: bytes) -> int:
        file_id = f"ph{len(self.files) + 1}"
        self.files[file_id] = content
        return self.message(uid, photo=[{"file_id": file_id, "file_unique_id": f"u{file_id}",
                                         "width": 64, "height": 48,
                                         "file_size": len(content)}])

    def press(self, uid: int, data: str) -> int:
        before = len(self.calls)
        self._push({"callback_query": {
            "id": str(next(self._update_ids)), "from": self._user(uid), "chat_instance": "c",
            "data": data, "message": {"message_id": 1, "date": int(time.time()),
                                      "chat": {"id": uid, "type": "private"}, "text": "…",
                                      "from": {"id": BOT_ID, "is_bot": True,
                                               "first_name": "Steward"}}}})
        return before


def multipart(ctype: str, raw: bytes) -> dict[str, Any]:
    """The fields of a multipart upload; a file is kept as ``<upload N bytes>``."""
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + raw)
    params: dict[str, Any] = {}
    for part in msg.iter_parts():  # type: ignore[attr-defined]
        name = part.get_param("name", header="content-disposition")
        body = part.get_payload(decode=True) or b""
        params[name] = f"<upload {len(body)} bytes>" if part.get_filename() else \
            body.decode("utf-8", "replace")
    return params
