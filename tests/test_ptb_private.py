"""The private parts of python-telegram-bot that Steward uses live in
bot/ptb_private.py, and still behave as it says on the pinned version.

Each test here names what an upgrade would break, so that a new version of
the library fails here, loudly, rather than as idle flows that never end or
ended flows that come back after a restart.
"""

from __future__ import annotations

import ast
import inspect
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import telegram
import telegram.ext
import telegram.request
from telegram import Chat, Message, Update, User
from telegram.ext import (
    ApplicationBuilder,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import ptb_private
from bot.offline import RecordingRequest
from bot.ptb_private import (
    PINNED,
    check_supported,
    conversation_key,
    conversation_state,
    end_conversation,
    ongoing,
    restore_conversation,
    restore_user_data,
)

ROOT = Path(__file__).resolve().parent.parent
CHAT, USER = 5001, 7001
WAITING = "test:waiting"


def text_update(n: int, text: str = "你好") -> Update:
    return Update(n, message=Message(n, datetime(2025, 1, 1, tzinfo=UTC),
                                     Chat(CHAT, Chat.PRIVATE),
                                     from_user=User(USER, "居民", False), text=text))


def a_flow(seen: list[str]) -> ConversationHandler:
    """A two-step conversation: any text starts it, the next text is its step."""
    async def start(update, context):
        seen.append("start")
        return WAITING

    async def step(update, context):
        seen.append("step")
        return WAITING

    return ConversationHandler(entry_points=[MessageHandler(filters.TEXT, start)],
                               states={WAITING: [MessageHandler(filters.TEXT, step)]},
                               fallbacks=[CommandHandler("cancel", start)], name="test")


def an_app(flow: ConversationHandler):
    app = (ApplicationBuilder().token("123:TEST").request(RecordingRequest()).updater(None)
           .build())
    app.add_handler(flow)
    return app


def test_the_installed_python_telegram_bot_is_the_one_the_adapter_was_written_for():
    assert telegram.__version__ == PINNED, (
        f"python-telegram-bot {telegram.__version__} is installed, bot/ptb_private.py was "
        f"written for {PINNED}: check every function there, then change PINNED")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(rf'"python-telegram-bot\[[^\]]*\]=={re.escape(PINNED)}"', pyproject)


def test_check_update_hands_back_the_conversation_key_of_chat_and_user():
    flow = a_flow([])
    check_supported(flow)
    result = flow.check_update(text_update(1))
    assert result is not None
    assert conversation_key(result) == (CHAT, USER)


def test_a_check_result_of_another_shape_fails_loudly():
    with pytest.raises(RuntimeError, match="ptb_private"):
        conversation_key((None, "not a key", None, None))


async def test_a_running_conversation_is_seen_and_end_conversation_ends_it():
    seen: list[str] = []
    flow = a_flow(seen)
    async with an_app(flow) as app:
        assert ongoing(flow) == [] and conversation_state(flow, (CHAT, USER)) is None
        await app.process_update(text_update(1))
        assert ongoing(flow) == [(CHAT, USER)]
        assert conversation_state(flow, (CHAT, USER)) == WAITING
        await app.process_update(text_update(2))
        end_conversation(flow, (CHAT, USER))
        assert ongoing(flow) == [] and conversation_state(flow, (CHAT, USER)) is None
        await app.process_update(text_update(3))  # not a step any more: a new start
    assert seen == ["start", "step", "start"]


async def test_a_restored_conversation_and_user_data_are_where_the_next_update_finds_them():
    seen: list[str] = []
    flow = a_flow(seen)
    drafts: list[object] = []

    async def peek(update, context):
        drafts.append(dict(context.user_data))

    async with an_app(flow) as app:  # a restart: no update has touched it yet
        app.add_handler(MessageHandler(filters.TEXT, peek), group=1)
        restore_conversation(flow, (CHAT, USER), WAITING)
        restore_user_data(app, USER, {"flow:test": {"amount_fen": 4444}})
        assert ongoing(flow) == [(CHAT, USER)]
        assert conversation_state(flow, (CHAT, USER)) == WAITING
        await app.process_update(text_update(4))  # a step of the restored conversation
    assert seen == ["step"]
    assert drafts == [{"flow:test": {"amount_fen": 4444}}]


def test_check_supported_refuses_a_handler_without_the_private_parts():
    class Bare:
        END = -1

    with pytest.raises(RuntimeError, match="bot/ptb_private.py"):
        check_supported(Bare())  # type: ignore[arg-type]


# -- nothing else of the library's private parts is used ---------------------------------

def _ptb_private_names() -> set[str]:
    """Every underscore name of the classes python-telegram-bot exports."""
    names: set[str] = set()
    for module in (telegram, telegram.ext, telegram.request):
        for obj in vars(module).values():
            if not inspect.isclass(obj):
                continue
            for cls in obj.__mro__:
                if cls.__module__.startswith("telegram"):
                    names |= {n for n in (*vars(cls), *getattr(cls, "__slots__", ()))
                              if n.startswith("_") and not n.startswith("__")}
    return names


def _base_names(node: ast.ClassDef) -> set[str]:
    """The plain names a class derives from (``Base`` and ``Base[...]``)."""
    names = set()
    for base in node.bases:
        if isinstance(base, ast.Subscript):
            base = base.value
        if isinstance(base, ast.Name):
            names.add(base.id)
    return names


def _private_uses(path: Path, ptb_names: set[str]) -> list[str]:
    """Underscore attributes of the library used in ``path``: on any object but
    ``self`` of a class of our own, and on ``self`` of a subclass of the library's
    (or of a class mixed into one)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    from_ptb = {alias.asname or alias.name for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("telegram")
                for alias in node.names}
    classes = [node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    ptb_like = {c.name for c in classes if _base_names(c) & from_ptb}
    ptb_like |= {name for c in classes if c.name in ptb_like for name in _base_names(c)}
    found = []

    def visit(node: ast.AST, in_ptb_subclass: bool) -> None:
        if isinstance(node, ast.ClassDef):
            in_ptb_subclass = node.name in ptb_like
        if isinstance(node, ast.Attribute) and node.attr in ptb_names:
            on_self = isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
            if in_ptb_subclass or not on_self:
                found.append(f"{path.name}:{node.lineno} .{node.attr}")
        for child in ast.iter_child_nodes(node):
            visit(child, in_ptb_subclass)

    visit(tree, False)
    return found


def test_the_checker_sees_a_private_attribute_of_the_library(tmp_path):
    names = _ptb_private_names()
    assert {"_conversations", "_update_state", "_unfrozen", "_frozen", "_bot"} <= names
    adapter = Path(ptb_private.__file__)
    assert {u.split(" ")[1] for u in _private_uses(adapter, names)} == {
        "._conversations", "._update_state", "._user_data", "._chat_data", "._get_key",
        "._check_initialized", "._mark_for_persistence_update", "._send_message", "._post",
        "._build_ext_bot", "._id_attrs", "._do_post"}
    planted = tmp_path / "planted.py"
    planted.write_text(
        "from telegram import InlineKeyboardButton\n"
        "class Kept:\n"
        "    def keep(self):\n"
        "        with self._unfrozen():\n"
        "            self._as_dict = {}\n"
        "class Button(Kept, InlineKeyboardButton):\n"
        "    pass\n"
        "class Own:\n"
        "    def _run(self):\n"
        "        return self._run\n", encoding="utf-8")
    assert _private_uses(planted, names) == ["planted.py:4 ._unfrozen"]


def test_no_module_but_the_adapter_uses_a_private_part_of_the_library():
    names = _ptb_private_names()
    uses = [u for path in sorted((ROOT / "bot").rglob("*.py")) if path.name != "ptb_private.py"
            for u in _private_uses(path, names)]
    assert uses == []


async def test_a_sent_message_is_the_message_telegram_answered_once_read(tmp_path):
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup

    from bot.app import build_application
    from bot.ptb_private import LazyBot, LazyMessage
    from bot.settings import Settings

    app = build_application(Settings(token="123:TEST", data_dir=tmp_path, persistence=False),
                            request=RecordingRequest())
    await app.bot.initialize()
    assert isinstance(app.bot, LazyBot)
    sent = await app.bot.send_message(5, "待审核：#7")
    assert type(sent) is LazyMessage and isinstance(sent, Message)
    assert sent.message_id > 0 and sent.text == "待审核：#7" and sent.chat.id == 5
    edited = await app.bot.edit_message_text("已处理", chat_id=5, message_id=sent.message_id)
    assert edited.text == "已处理" and edited.message_id == sent.message_id
    assert await app.bot.answer_callback_query("1") is True  # not a message: as it came
    # Whatever is read of it is what python-telegram-bot would have made of the answer.
    answer = {"message_id": 41, "date": 1735689600, "text": "/pending 2",
              "chat": {"id": -500, "type": "group", "title": "志愿者群"},
              "from": {"id": 1, "is_bot": True, "first_name": "Steward"},
              "entities": [{"type": "bot_command", "offset": 0, "length": 8}],
              "reply_markup": {"inline_keyboard": [[{"text": "✅ 通过",
                                                     "callback_data": "q:a:7"}]]}}
    whole = Message.de_json(answer, app.bot)
    lazy = LazyMessage.of(answer, app.bot)
    assert lazy.message_id == 41 and lazy.chat_id == -500
    assert object.__getattribute__(lazy, "_steward_answer") is not None  # not parsed for them
    assert lazy.reply_markup == InlineKeyboardMarkup(
        [[InlineKeyboardButton("✅ 通过", callback_data="q:a:7")]])
    assert lazy.to_dict() == whole.to_dict() and lazy == whole and hash(lazy) == hash(whole)
    assert lazy.from_user.first_name == "Steward" and lazy.chat.title == "志愿者群"
    assert lazy.chat_id == whole.chat_id == -500  # parsed, read from the chat alike
    assert lazy.get_bot() is app.bot
    with pytest.raises(AttributeError):
        lazy.no_such_thing  # noqa: B018
    await app.bot.shutdown()


@pytest.mark.parametrize("answer, file_id", [
    ({"photo": [{"file_id": "small", "file_unique_id": "s", "width": 90, "height": 60},
                {"file_id": "large", "file_unique_id": "l", "width": 1280, "height": 960}]},
     "large"),
    ({"voice": {"file_id": "v1", "file_unique_id": "v", "duration": 3}}, "v1"),
    ({"text": "no file"}, None),
], ids=["photo", "voice", "text"])
def test_a_sent_files_id_is_read_alike_from_the_answer_and_from_the_message(answer, file_id):
    from bot.ptb_private import LazyMessage, sent_file_id

    answer = {"message_id": 3, "date": 1735689600, "chat": {"id": 5, "type": "private"},
              **answer}
    lazy = LazyMessage.of(answer, None)
    assert sent_file_id(lazy) == file_id
    assert object.__getattribute__(lazy, "_steward_answer") is not None  # not parsed for it
    assert sent_file_id(Message.de_json(answer, None)) == file_id


def _plain_keyboards():
    from telegram import InlineKeyboardButton as Button
    from telegram import InlineKeyboardMarkup as Markup

    yield Markup([[Button("✅ 通过", callback_data="q:a:7"),
                   Button("❌ 退回", callback_data="q:r:7")],
                  [Button("看全站", url="https://example.org/a/")]])
    yield Markup([[Button("一")], [Button("二", callback_data="")], []])  # odd but allowed
    yield Markup([[Button(f"第{i}项 <b>&amp;</b>", callback_data=f"rep:cat:{i}")
                   for i in range(3)] for _ in range(4)])


def _other_keyboards():
    from telegram import CopyTextButton, LoginUrl, WebAppInfo
    from telegram import InlineKeyboardButton as Button
    from telegram import InlineKeyboardMarkup as Markup

    yield Markup([[Button("登录", login_url=LoginUrl("https://example.org/login"))]])
    yield Markup([[Button("打开", web_app=WebAppInfo("https://example.org/app"))]])
    yield Markup([[Button("复制", copy_text=CopyTextButton("#7"))]])
    yield Markup([[Button("找", switch_inline_query_current_chat="路灯")]])
    yield Markup([[Button("好", callback_data="a", api_kwargs={"new_field": 1})]])
    yield Markup([[Button("好", callback_data=("not", "a string"))]])
    yield Markup([])


def test_a_plain_keyboard_is_written_as_python_telegram_bot_writes_it():
    from bot.ptb_private import keyboard_dict

    for markup in _plain_keyboards():
        assert keyboard_dict(markup) == markup.to_dict()


def test_a_keyboard_with_anything_beyond_text_callback_data_and_url_is_left_to_to_dict():
    from bot.ptb_private import keyboard_dict

    for markup in _other_keyboards():
        assert keyboard_dict(markup) is None


async def test_every_keyboard_the_bot_sends_reaches_the_bot_api_as_to_dict_makes_it(tmp_path):
    from bot.app import build_application
    from bot.settings import Settings

    request = RecordingRequest()
    app = build_application(Settings(token="123:TEST", data_dir=tmp_path, persistence=False),
                            request=request)
    await app.bot.initialize()
    sent = []
    for markup in [*_plain_keyboards(), *_other_keyboards()]:
        if not markup.inline_keyboard or any(not isinstance(b.callback_data, str | None)
                                             for row in markup.inline_keyboard for b in row):
            continue  # not sendable without PTB's callback-data cache
        await app.bot.send_message(5, "选一个", reply_markup=markup)
        await app.bot.edit_message_text("改", chat_id=5, message_id=9, reply_markup=markup)
        sent += [markup.to_dict()] * 2
    got = [call.params["reply_markup"] for call in request.calls
           if call.method in ("sendMessage", "editMessageText")]
    assert len(got) == len(sent) == 16
    assert got == sent
    await app.bot.shutdown()
