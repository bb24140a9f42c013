"""The real bot without Telegram: an offline Bot API and a small driver.

``RecordingRequest`` is a ``telegram.request.BaseRequest`` that answers every
Bot API call locally (sendMessage, editMessageText, getFile and file
downloads, ...) and records it as a ``Call``. ``OfflineBot`` builds the
Application exactly as production does (``bot.app.build_application``) over
that request and feeds it hand-made updates through
``Application.process_update``: text, commands, photos, voice notes and
inline-button presses.

``steward demo`` (scripted conversations), ``steward chat`` (a terminal chat)
and the tests (``tests/bot_harness.py``) all drive the bot through this
module, so what they show is what the handlers really do.
"""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.request import BaseRequest, RequestData

from .app import OFFLINE_KEY, build_application
from .drawings import drawings_of
from .edits import edits_of
from .offline_images import blank_png, jpeg_bytes, jpeg_of
from .sending import PACE_KEY, Pace
from .settings import Settings

__all__ = ["BOT_ID", "Call", "RecordingRequest", "OfflineBot", "jpeg_bytes", "jpeg_of",
           "FIXED_DATE", "decode_params", "blank_png"]

BOT_ID = 424242
FIXED_DATE = 1735689600  # 2025-01-01 00:00 UTC: the date of updates without a clock

Clock = Callable[[], datetime]


def _markup(params: dict[str, Any]) -> dict[str, Any]:
    markup = params.get("reply_markup")
    if isinstance(markup, str):
        try:
            markup = json.loads(markup)
        except ValueError:
            return {}
    return markup if isinstance(markup, dict) else {}


@dataclass
class Call:
    """One Bot API call the bot made, with the message id it was answered with."""

    method: str
    params: dict[str, Any]
    message_id: int | None = field(default=None, compare=False)

    @property
    def text(self) -> str:
        """The message's text or caption (an album's: its first photo's caption)."""
        media = self.params.get("media")
        album = media[0].get("caption") if isinstance(media, list) and media and \
            isinstance(media[0], dict) else None
        return str(self.params.get("text") or self.params.get("caption") or album or "")

    @property
    def chat_id(self) -> int | None:
        cid = self.params.get("chat_id")
        try:
            return int(cid) if cid is not None else None
        except (TypeError, ValueError):
            return None

    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data or url) of every inline button."""
        rows = _markup(self.params).get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data") or b.get("url") or "")
                for row in rows for b in row]

    def keyboard(self) -> list[str]:
        """The labels of a reply keyboard (the main menu)."""
        rows = _markup(self.params).get("keyboard", [])
        return [b["text"] if isinstance(b, dict) else b for row in rows for b in row]

    @property
    def has_markup(self) -> bool:
        return "reply_markup" in self.params


def decode_params(params: dict[str, Any]) -> dict[str, Any]:
    """Bot API parameters as sent, with the JSON-encoded ones (reply markup,
    entities, media) decoded, so that tests can look inside them."""
    for key, value in list(params.items()):
        if isinstance(value, str) and value[:1] in "[{":
            try:
                params[key] = json.loads(value)
            except ValueError:
                pass
    return params


class RecordingRequest(BaseRequest):
    """Answers Bot API calls locally; keeps every call in ``calls`` (unless
    ``keep=False``: a benchmark only counts them, in ``made``)."""

    def __init__(self, clock: Clock | None = None, *, keep: bool = True) -> None:
        self.blocked: set[int] = set()  # chats whose user blocked the bot (403)
        self.calls: list[Call] = []
        self.keep = keep
        self.made = 0  # calls answered
        self.files: dict[str, bytes] = {}  # file_id -> content
        self.clock = clock
        self._ids = itertools.count(1000)

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    def _date(self) -> int:
        return int(self.clock().timestamp()) if self.clock else FIXED_DATE

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = None, write_timeout: Any = None,
                         connect_timeout: Any = None, pool_timeout: Any = None,
                         ) -> tuple[int, bytes]:
        if "/file/bot" in url:  # a file download
            file_path = url.rsplit("/", 1)[-1]
            return 200, self.files.get(file_path, b"")
        endpoint = url.rsplit("/", 1)[-1]
        self.made += 1
        params = dict(request_data.parameters) if request_data else {}
        if not self.keep:
            return 200, json.dumps({"ok": True, "result": self._result(endpoint, params)}).encode()
        files = request_data.multipart_data if request_data else None
        if files:  # an upload (sendDocument, sendPhoto): keep its bytes for the tests
            params["_files"] = {name: (item[0], item[1]) for name, item in files.items()}
        call = Call(endpoint, decode_params(params))
        self.calls.append(call)
        refused = self._refusal(endpoint, call)
        if refused is not None:
            call.params["_refused"] = refused[1]
            return refused[0], json.dumps({"ok": False, "error_code": refused[0],
                                           "description": refused[1]}).encode()
        result = self._result(endpoint, call.params)
        if isinstance(result, dict) and "message_id" in result:
            call.message_id = int(result["message_id"])
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _refusal(self, endpoint: str, call: Call) -> tuple[int, str] | None:
        """What Telegram would refuse: a text over 4,096 characters (counted in UTF-16
        code units, as Telegram counts them), or any message to a user who blocked the
        bot."""
        if endpoint in ("sendMessage", "editMessageText") and \
                len(str(call.params.get("text") or "").encode("utf-16-le")) // 2 > 4096:
            return 400, "Bad Request: message is too long"
        if endpoint.startswith("send") and call.chat_id in self.blocked:
            return 403, "Forbidden: bot was blocked by the user"
        return None

    def _result(self, endpoint: str, params: dict[str, Any]) -> Any:
        if endpoint == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "Steward",
                    "username": "steward_test_bot", "can_join_groups": True,
                    "can_read_all_group_messages": False, "supports_inline_queries": False}
        if endpoint == "sendMediaGroup":  # an album: one message per photo
            return [self._result("sendPhoto", {"chat_id": params.get("chat_id", 0),
                                               "photo": item.get("media") if isinstance(
                                                   item, dict) else ""})
                    for item in params.get("media") or []]
        if endpoint in ("sendMessage", "sendPhoto", "editMessageText", "editMessageCaption",
                        "sendDocument", "editMessageReplyMarkup", "sendVoice"):
            chat_id = params.get("chat_id", 0)
            msg: dict[str, Any] = {
                "message_id": int(params.get("message_id") or next(self._ids)),
                "date": self._date(),
                "chat": {"id": int(chat_id) if chat_id else 0, "type": "private"}}
            if "text" in params:
                msg["text"] = params["text"]
            if "caption" in params:
                msg["caption"] = params["caption"]
            if endpoint in ("sendPhoto", "sendVoice"):  # the file_id Telegram gives an upload
                sent = params.get("photo") or params.get("voice")
                file_id = sent if isinstance(sent, str) and not sent.startswith("attach://") \
                    else f"sent{next(self._ids)}"
                if endpoint == "sendPhoto":
                    msg["photo"] = [{"file_id": file_id, "file_unique_id": f"u{file_id}",
                                     "width": 64, "height": 48}]
                else:
                    msg["voice"] = {"file_id": file_id, "file_unique_id": f"u{file_id}",
                                    "duration": int(params.get("duration") or 0)}
            return msg
        if endpoint == "getFile":
            file_id = params["file_id"]
            data = self.files.get(file_id, b"")
            return {"file_id": file_id, "file_unique_id": f"u{file_id}",
                    "file_size": len(data), "file_path": file_id}
        if endpoint == "getUpdates":
            return []
        return True


class OfflineBot:
    """A real Application over a repository, fed hand-made updates.

    ``clock`` (default: the repository's clock) dates the updates; the
    repository's own clock dates what is stored.
    """

    def __init__(self, repo: Any, *, settings: Settings | None = None,
                 clock: Clock | None = None, names: dict[int, str] | None = None) -> None:
        self.repo = repo
        self.clock = clock
        self.names = names or {}
        self.request = RecordingRequest(clock)
        self.settings = settings or Settings(token="123:TEST", data_dir=repo.store.root,
                                             persistence=False, site_url="https://example.org/")
        self.app = build_application(self.settings, repo=repo, request=self.request)
        self.app.bot_data["register_commands"] = False
        self.app.bot_data[OFFLINE_KEY] = True  # no token: its name is a stand-in's
        self.app.bot_data["owns_repo"] = False
        self.app.bot_data[PACE_KEY] = Pace(0, 0)  # no Telegram here: nothing to pace
        # Telegram numbers a bot's updates on from the last one, across restarts; the
        # ids a kept state has seen are not used again (they would be redeliveries).
        seen = [d["doc_id"] for d in repo.store.all("bot/updates", "updates")] \
            if self.settings.persistence else []
        self._update_ids = itertools.count(max(seen, default=0) + 1)
        self._message_ids = itertools.count(1)
        self.last_update: dict[str, Any] | None = None  # the last update fed, raw
        # Send the volunteers' posts an update queued before it returns (bot.notices);
        # False: they wait for their window, as in a running bot.
        self.drain_notices = True
        # Send the edits of posts an update made before it returns (bot.edits); False:
        # they go in the background, as in a running bot.
        self.drain_edits = True
        # Draw and send the notices an update asked for before it returns (bot.drawings);
        # False: they are drawn in the background, as in a running bot.
        self.drain_drawings = True

    async def __aenter__(self) -> OfflineBot:
        # As run_polling does on the way in: the Application, then the start-up
        # hook (the publisher starts following the repository's changes).
        await self.app.initialize()
        if self.app.post_init is not None:
            await self.app.post_init(self.app)
        return self

    async def __aexit__(self, *exc: object) -> None:
        # As run_polling does on the way out: the shutdown hook (the publisher
        # stops its build worker), then the Application.
        if self.app.post_shutdown is not None:
            await self.app.post_shutdown(self.app)
        await self.app.shutdown()

    # -- sending ---------------------------------------------------------------

    def _date(self) -> int:
        return int(self.clock().timestamp()) if self.clock else FIXED_DATE

    def _user(self, user_id: int, lang: str = "zh") -> dict[str, Any]:
        return {"id": user_id, "is_bot": False,
                "first_name": self.names.get(user_id, f"用户{user_id}"),
                "username": f"user{user_id}", "language_code": lang}

    def _message(self, user_id: int, chat_id: int | None = None, **fields: Any) -> dict:
        chat_id = chat_id or user_id
        chat_type = "private" if chat_id == user_id else "group"
        return {"message_id": next(self._message_ids), "date": self._date(),
                "chat": {"id": chat_id, "type": chat_type, **({"title": "志愿者群"}
                                                            if chat_type == "group" else {})},
                "from": self._user(user_id), **fields}

    async def _feed(self, data: dict[str, Any]) -> list[Call]:
        before = len(self.request.calls)
        raw = {"update_id": next(self._update_ids), **data}
        self.last_update = raw  # as Telegram sent it: to send again, byte for byte
        update = Update.de_json(raw, self.app.bot)
        await self.app.process_update(update)
        if self.drain_edits:  # the volunteers' posts edited, at once (bot.edits)
            await edits_of(self.app).drain()
        if self.drain_drawings:  # the notices asked for, drawn and sent (bot.drawings)
            await drawings_of(self.app).drain()
        notices = self.app.bot_data.get("notices")
        if notices is not None and self.drain_notices:  # the volunteers' posts, at once
            await notices.drain()
        return self.request.calls[before:]

    async def send(self, user_id: int, text: str, *, chat_id: int | None = None) -> list[Call]:
        """A text message (or command) from a user; returns the calls the bot made."""
        msg = self._message(user_id, chat_id, text=text)
        if text.startswith("/"):
            cmd = text.split()[0]
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": len(cmd)}]
        return await self._feed({"message": msg})

    async def send_photo(self, user_id: int, data: bytes | None = None, *,
                         caption: str | None = None, chat_id: int | None = None) -> list[Call]:
        """A photo (JPEG bytes; a generated one by default), optionally captioned."""
        data = data if data is not None else jpeg_bytes()
        file_id = f"photo{len(self.request.files) + 1}"
        self.request.files[file_id] = data
        size = _image_size(data)
        photo = [{"file_id": file_id, "file_unique_id": f"u{file_id}", "width": size[0],
                  "height": size[1], "file_size": len(data)}]
        fields: dict[str, Any] = {"photo": photo}
        if caption:
            fields["caption"] = caption
            if caption.startswith("/"):
                cmd = caption.split()[0]
                fields["caption_entities"] = [{"type": "bot_command", "offset": 0,
                                               "length": len(cmd)}]
        return await self._feed({"message": self._message(user_id, chat_id, **fields)})

    async def send_photo_file(self, user_id: int, path: str | Path, *,
                              caption: str | None = None) -> list[Call]:
        return await self.send_photo(user_id, Path(path).read_bytes(), caption=caption)

    async def send_document(self, user_id: int, data: bytes, *, mime_type: str = "image/png",
                            file_name: str = "image.png",
                            caption: str | None = None) -> list[Call]:
        """A file (an image sent "as a file" keeps its bytes: no Telegram resizing)."""
        file_id = f"doc{len(self.request.files) + 1}"
        self.request.files[file_id] = data
        document = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": file_name,
                    "mime_type": mime_type, "file_size": len(data)}
        fields: dict[str, Any] = {"document": document}
        if caption:
            fields["caption"] = caption
        return await self._feed({"message": self._message(user_id, **fields)})

    async def send_voice(self, user_id: int, data: bytes = b"OggS" + b"\0" * 100,
                         duration: int = 3) -> list[Call]:
        file_id = f"voice{len(self.request.files) + 1}"
        self.request.files[file_id] = data
        voice = {"file_id": file_id, "file_unique_id": f"u{file_id}", "duration": duration,
                 "mime_type": "audio/ogg", "file_size": len(data)}
        return await self._feed({"message": self._message(user_id, voice=voice)})

    async def send_raw(self, user_id: int, **fields: Any) -> list[Call]:
        """Any other message (sticker, document, contact, ...)."""
        return await self._feed({"message": self._message(user_id, **fields)})

    async def press(self, user_id: int, data: str, *, message_id: int = 1,
                    chat_id: int | None = None, text: str = "…") -> list[Call]:
        """An inline-button press with ``data`` (real or forged)."""
        chat_id = chat_id or user_id
        message = {"message_id": message_id, "date": self._date(),
                   "chat": {"id": chat_id, "type": "private" if chat_id == user_id else "group"},
                   "from": {"id": BOT_ID, "is_bot": True, "first_name": "Steward"},
                   "text": text}
        # A press's id as Telegram's: long and never met again. Not the update's small
        # number, which the real ``steward run`` over this data folder, against a Bot API
        # emulator numbering from 1, would meet again: its press taken as a redelivery.
        return await self._feed({"callback_query": {
            "id": f"offline{next(self._update_ids):013d}", "from": self._user(user_id),
            "chat_instance": "ci", "data": data, "message": message}})

    async def press_label(self, user_id: int, label: str, *, chat_id: int | None = None,
                          exact: bool = False) -> list[Call]:
        """Press the button labelled ``label`` (or containing it) on the newest message
        in the chat that shows one; raises ``LookupError`` when there is none."""
        chat = chat_id or user_id
        for call in reversed(self.request.calls):
            if call.chat_id != chat:
                continue
            for text, data in call.buttons():
                if (text == label) if exact else (label in text):
                    return await self.press(user_id, data, message_id=call.message_id or 1,
                                            chat_id=chat_id, text=call.text)
        raise LookupError(f"no button {label!r} in the chat with {chat}")

    def current_buttons(self, chat_id: int) -> tuple[Call | None, list[tuple[str, str]]]:
        """The newest message in the chat that carries inline buttons, and its buttons."""
        for call in reversed(self.request.calls):
            if call.chat_id == chat_id and call.buttons():
                return call, call.buttons()
        return None, []

    async def run_jobs(self) -> None:
        """Run each repeating job of the application once (closing the votes whose
        deadline has passed, ending idle flows), as the JobQueue does when their time
        comes: offline it is not started, and the clock may be a fake one."""
        if self.app.job_queue is not None:
            for job in self.app.job_queue.jobs():
                await job.run(self.app)

    # -- reading ----------------------------------------------------------------

    def sent(self, method: str | None = None) -> list[Call]:
        return [c for c in self.request.calls if method is None or c.method == method]

    def texts_to(self, chat_id: int) -> list[str]:
        return [c.text for c in self.request.calls if c.chat_id == chat_id and c.text]


def _image_size(data: bytes) -> tuple[int, int]:
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as img:
            return img.size
    except Exception:  # noqa: BLE001 - not an image: the handler will say so
        return (64, 48)

