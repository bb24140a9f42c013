"""Inline keyboard helpers: buttons made once and sent as python-telegram-bot would,
callback data kept within Telegram's limit and parsed defensively."""

from __future__ import annotations

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from bot.keyboards import CALLBACK_LIMIT, button, paginated, parse, parse_ints
from bot.offline import RecordingRequest


async def test_a_button_is_sent_exactly_as_a_plain_telegram_button():
    kept = InlineKeyboardMarkup([[button("同意", "vote:7:agree"), button("反对", "vote:7:x")]])
    plain = InlineKeyboardMarkup([[InlineKeyboardButton("同意", callback_data="vote:7:agree"),
                                   InlineKeyboardButton("反对", callback_data="vote:7:x")]])
    request = RecordingRequest()
    async with Bot("123:TEST", request=request) as bot:
        for markup in (kept, plain, kept):
            await bot.send_message(5, "投票", reply_markup=markup)
    sent = [c.params["reply_markup"] for c in request.calls if c.method == "sendMessage"]
    assert sent == [{"inline_keyboard": [[{"text": "同意", "callback_data": "vote:7:agree"},
                                          {"text": "反对", "callback_data": "vote:7:x"}]]}] * 3
    assert kept == plain


def test_the_same_button_is_made_once_and_cannot_be_changed_by_a_caller():
    first = button("取消", "rep:cancel")
    assert button("取消", "rep:cancel") is first
    first.to_dict()["text"] = "changed"  # a copy
    assert first.to_dict() == {"text": "取消", "callback_data": "rep:cancel"}
    # in the same order, so that the JSON sent is the same bytes
    plain = InlineKeyboardButton("取消", callback_data="rep:cancel").to_dict()
    assert list(first.to_dict().items()) == list(plain.items())
    with pytest.raises(AttributeError):
        first.text = "changed"


def test_labels_are_cut_and_long_callback_data_refused():
    assert button("长" * 80, "x:1").text == "长" * 64
    with pytest.raises(ValueError):
        button("x", "d" * (CALLBACK_LIMIT + 1))


def test_paginated_keyboard_turns_pages_with_its_buttons():
    items = [(f"#{n}", f"p:{n}") for n in range(10)]
    markup = paginated(items, 1, "pg:{page}", size=4)
    datas = [b.callback_data for row in markup.inline_keyboard for b in row]
    assert datas == ["p:4", "p:5", "p:6", "p:7", "pg:0", "pg:2"]


def test_forged_callback_data_is_rejected_by_the_parsers():
    assert parse("vote:12:agree", "vote", 2) == ["12", "agree"]
    assert parse("vote:12", "vote", 2) is None
    assert parse("other:1:2", "vote", 2) is None
    assert parse_ints(["12", "3"]) == [12, 3]
    assert parse_ints(["-1"]) is None and parse_ints(["１２"]) is None
    assert parse_ints(["99999999999"]) is None


def test_a_kept_inline_keyboard_gives_the_same_json_as_a_plain_one():
    from telegram import InlineKeyboardMarkup

    from bot.keyboards import button, markup, rows
    keyboard = rows([button("甲", "x:1"), button("乙", "x:2"), button("丙", "x:3")], 2)
    kept = markup(keyboard)
    assert kept.to_dict() == InlineKeyboardMarkup(keyboard).to_dict()
    assert str(kept.to_dict()) == str(InlineKeyboardMarkup(keyboard).to_dict())  # same order
    kept.to_dict()["inline_keyboard"] = []  # a caller changing its copy
    assert kept.to_dict() == InlineKeyboardMarkup(keyboard).to_dict()


def test_a_kept_menu_gives_the_same_json_as_a_plain_reply_keyboard():
    from telegram import KeyboardButton, ReplyKeyboardMarkup

    from bot.keyboards import menu
    labels = [["报告", "意见"], ["帮助"]]
    plain = ReplyKeyboardMarkup([[KeyboardButton(x) for x in row] for row in labels],
                                resize_keyboard=True, is_persistent=True)
    assert menu(labels).to_dict() == plain.to_dict()
    assert menu(labels) == plain  # compares like the plain one
