"""A small Telegram Bot API emulator on 127.0.0.1, over real HTTP.

Enough of the API for ``steward run`` to poll it and for a resident to
register and report with a photo: getMe, deleteWebhook, getUpdates (long
poll), sendMessage, sendPhoto, editMessageText, answerCallbackQuery, getFile
(and file downloads), setMyCommands. Every call is recorded; tests push
updates with ``message`` / ``press`` and wait for the bot's answers. As
Telegram, getUpdates with an offset confirms (and forgets) every update
before it: a bot that fetched an update and confirmed it is never sent it
again.

Flood control like Telegram's, when asked for (``BotApiEmulator(per_second=30,
per_chat=1)``): a message beyond ``per_second`` in the last second overall, or
beyond ``per_chat`` to one chat, is refused with HTTP 429 and
``parameters.retry_after`` (``retry_after`` seconds), and during that time every
message is refused. Telegram may also say 429 below those rates (its servers
are shared): ``refuse_every=N`` refuses every N-th message so. A refused
message is not recorded in ``calls`` (it was not delivered); ``refused``
counts them.

Telegram misbehaving as it does in real life, when a test asks (``fail``,
``drop``, ``block``, ``migrate``, ``resend``): an error answer for the next
calls of a method (a 429 with ``retry_after``, "message is not modified",
"query is too old", ...), a connection closed before the answer (the call lost,
or taken and its answer lost: a timeout mid-write), a user who blocked the bot
or deleted their account (403 to every call to their chat), a group upgraded to
a supergroup (400 with ``migrate_to_chat_id`` to the old id, and the two service
messages), an update delivered again. With ``strict_edits`` messages are kept as
Telegram keeps them: an edit of a message it never sent is "message to edit not
found", one that changes nothing "message is not modified". Always, as Telegram,
a text over 4,096 UTF-16 units, a caption over 1,024 or a button's callback data
over 64 bytes is refused with 400.
"""

from __future__ import annotations

import itertools
import json
import math
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlparse

from bot_api_faults import BOT_ID, Fault, TelegramFaults, multipart, refusal

from bot.offline import decode_params

MAX_POLL_WAIT = 1.0  # seconds a getUpdates waits for an update


@dataclass
class ApiCall:
    method: str
    params: dict[str, Any]
    at: float = 0.0  # time.monotonic() when it arrived

    @property
    def chat_id(self) -> int | None:
        cid = self.params.get("chat_id")
        return int(cid) if cid not in (None, "") else None

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    def buttons(self) -> list[tuple[str, str]]:
        markup = self.params.get("reply_markup") or {}
        return [(b["text"], b.get("callback_data", "")) for row in
                markup.get("inline_keyboard", []) for b in row]


SENDS = ("sendMessage", "sendPhoto", "sendMediaGroup", "sendVoice", "sendDocument")
class BotApiEmulator(TelegramFaults):
    def __init__(self, *, per_second: int | None = None, per_chat: int | None = None,
                 retry_after: int = 1, refuse_every: int | None = None,
                 strict_edits: bool = False) -> None:
        self.faults: list[Fault] = []
        self.faulted: list[tuple[str, dict[str, Any], str]] = []  # (method, params, answer)
        self.strict_edits = strict_edits
        self.kept: dict[tuple[int, int], dict[str, Any]] = {}  # (chat, message) -> text, markup
        self.pushed: dict[int, dict[str, Any]] = {}  # update_id -> the update as pushed
        self.per_second, self.per_chat, self.retry_after = per_second, per_chat, retry_after
        self.refuse_every = refuse_every
        self._asked = 0  # messages asked to be sent, refused or not
        self.refused = 0  # messages answered with 429
        self._sent: deque[float] = deque()  # when the messages of the last second went
        self._sent_to: dict[int, deque[float]] = {}
        self._held_until = 0.0
        self._flood = threading.Lock()
        self.calls: list[ApiCall] = []
        self.files: dict[str, bytes] = {}
        self._updates: list[dict[str, Any]] = []
        self.confirmed = 0  # the last update id a getUpdates confirmed (its offset - 1)
        self.last_poll = 0.0  # time.monotonic() of the last getUpdates (not in ``calls``)
        self._cond = threading.Condition()
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(100)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -- lifecycle ---------------------------------------------------------------

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def __enter__(self) -> BotApiEmulator:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- what the test does --------------------------------------------------------

    def _push(self, update: dict[str, Any]) -> None:
        with self._cond:
            self.last_update_id = next(self._update_ids)
            self.pushed[self.last_update_id] = {"update_id": self.last_update_id, **update}
            self._updates.append(self.pushed[self.last_update_id])
            self._cond.notify_all()

    def wait_for(self, predicate: Any, *, since: int = 0, timeout: float = 20.0) -> ApiCall:
        """The first call after index ``since`` that satisfies ``predicate``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for call in list(self.calls[since:]):
                if predicate(call):
                    return call
            time.sleep(0.02)
        raise AssertionError(f"timed out; calls since {since}: "
                             f"{[(c.method, c.text[:60]) for c in self.calls[since:]]}")

    # -- the API -------------------------------------------------------------------

    def _too_many(self, method: str, params: dict[str, Any]) -> int:
        """The retry_after (seconds) to answer this message with when it is over the
        limits, or 0 when it is sent (and counted as sent now). A message over a limit
        holds everyone for ``retry_after``; one during a hold is told what is left."""
        if method not in SENDS:
            return 0
        chat = int(params.get("chat_id") or 0)
        with self._flood:
            now = time.monotonic()
            self._asked += 1
            recent = self._sent_to.setdefault(chat, deque())
            for window in (self._sent, recent):
                while window and window[0] <= now - 1.0:
                    window.popleft()
            if now < self._held_until:
                self.refused += 1
                return max(1, math.ceil(self._held_until - now))
            if (self.refuse_every and self._asked % self.refuse_every == 0) or \
                    (self.per_second is not None and len(self._sent) >= self.per_second) or \
                    (self.per_chat is not None and len(recent) >= self.per_chat):
                self.refused += 1
                self._held_until = now + self.retry_after
                return self.retry_after
            self._sent.append(now)
            recent.append(now)
            return 0

    def _answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "Steward",
                    "username": "steward_e2e_bot", "can_join_groups": True,
                    "can_read_all_group_messages": False, "supports_inline_queries": False}
        if method == "getUpdates":
            offset = int(params.get("offset") or 0)
            wait = min(float(params.get("timeout") or 0), MAX_POLL_WAIT)
            with self._cond:
                if offset > 0:  # as Telegram: updates below the offset are confirmed, gone
                    self._updates = [u for u in self._updates if u["update_id"] >= offset]
                    self.confirmed = max(self.confirmed, offset - 1)
                self._cond.wait_for(lambda: any(u["update_id"] >= offset
                                                for u in self._updates), timeout=wait)
                return [u for u in self._updates if u["update_id"] >= offset]
        if method == "sendMediaGroup":  # an album: one message per photo
            return [self._answer("sendPhoto", {"chat_id": params.get("chat_id"),
                                               "caption": m.get("caption")})
                    for m in params.get("media") or [] if isinstance(m, dict)]
        if method in ("sendMessage", "sendPhoto", "editMessageText", "editMessageCaption",
                      "editMessageReplyMarkup", "sendVoice", "sendDocument"):
            msg: dict[str, Any] = {
                "message_id": int(params.get("message_id") or next(self._message_ids)),
                "date": int(time.time()),
                "chat": {"id": int(params.get("chat_id") or 0), "type": "private"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Steward"}}
            if "text" in params:
                msg["text"] = params["text"]
            if params.get("caption"):
                msg["caption"] = params["caption"]
            kind = {"sendPhoto": "photo", "sendVoice": "voice", "sendDocument": "document"}
            if method in kind:  # the file_id Telegram gives an upload
                sent = {"file_id": f"sent{msg['message_id']}",
                        "file_unique_id": f"us{msg['message_id']}"}
                msg[kind[method]] = [{**sent, "width": 90, "height": 90}] \
                    if method == "sendPhoto" else {**sent, "duration": 1} \
                    if method == "sendVoice" else sent
            return msg
        if method == "getFile":
            file_id = str(params["file_id"])
            return {"file_id": file_id, "file_unique_id": f"u{file_id}",
                    "file_size": len(self.files.get(file_id, b"")), "file_path": f"p/{file_id}"}
        return True  # deleteWebhook, setMyCommands, answerCallbackQuery, ...

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return None

            def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the bot stopped while a long poll was open

            def do_GET(self) -> None:  # file downloads
                path = urlparse(self.path).path
                if path.startswith("/file/bot"):
                    file_id = path.rsplit("/", 1)[-1]
                    if file_id in emulator.files:
                        self._send(200, emulator.files[file_id], "application/octet-stream")
                        return
                self._send(404, b"not found", "text/plain")

            def do_POST(self) -> None:
                path = urlparse(self.path).path
                if not path.startswith("/bot"):
                    self._send(404, b"{}")
                    return
                method = path.rsplit("/", 1)[-1]
                length = int(self.headers.get("Content-Length") or 0)
                raw_bytes = self.rfile.read(length) if length else b""
                raw = raw_bytes.decode("utf-8", "replace")
                ctype = self.headers.get("Content-Type", "")
                if "json" in ctype and raw:
                    params = json.loads(raw)
                elif "multipart" in ctype:
                    params = multipart(ctype, raw_bytes)
                else:
                    params = dict(parse_qsl(raw))
                params = decode_params(params)
                fault = emulator._fault(method, params)
                if fault is not None and not fault.delivered:
                    emulator.faulted.append((method, params, fault.description or "dropped"))
                    if fault.status == 0:
                        self.close_connection = True
                        return  # no answer: the client sees the connection closed
                    self._error(fault.status, fault.description, fault.parameters)
                    return
                refused = refusal(method, params) or emulator._kept_refusal(method, params)
                if refused:
                    emulator.faulted.append((method, params, refused))
                    self._error(400, refused, {})
                    return
                wait = emulator._too_many(method, params)
                if wait:
                    self._send(429, json.dumps({
                        "ok": False, "error_code": 429,
                        "description": f"Too Many Requests: retry after {wait}",
                        "parameters": {"retry_after": wait}}).encode())
                    return
                if method != "getUpdates":
                    emulator.calls.append(ApiCall(method, params, time.monotonic()))
                else:
                    emulator.last_poll = time.monotonic()
                result = emulator._answer(method, params)
                emulator._keep(method, params, result)
                if fault is not None:  # delivered, but the answer is lost
                    emulator.faulted.append((method, params, "answer lost"))
                    self.close_connection = True
                    return
                self._send(200, json.dumps({"ok": True, "result": result}).encode())

            def _error(self, status: int, description: str, parameters: dict[str, Any]
                       ) -> None:
                body: dict[str, Any] = {"ok": False, "error_code": status,
                                        "description": description}
                if parameters:
                    body["parameters"] = parameters
                self._send(status, json.dumps(body).encode())

        return Handler

