"""Every text the bot can send has a Chinese translation, and the English
catalog lists every message id in the code."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po

from bot.i18n import LOCALE_DIR, extract, load_catalog, tr


def test_every_message_in_the_code_has_a_chinese_translation():
    zh = load_catalog("zh_CN")
    missing = [m.id for m in extract() if m.id and not (zh.get(m.id) and zh.get(m.id).string)]
    assert missing == [], f"add these to bot/locale/zh_CN/LC_MESSAGES/*.po: {missing}"


def test_chinese_translations_keep_every_placeholder():
    zh = load_catalog("zh_CN")
    for message in zh:
        if not message.id:
            continue
        wanted = set(re.findall(r"\{(\w+)\}", message.id))
        got = set(re.findall(r"\{(\w+)\}", message.string))
        assert wanted == got, f"{message.id!r} -> {message.string!r}"


def test_a_message_id_has_the_same_chinese_in_every_catalog():
    # The catalogs are merged into one and the first one read wins: a second,
    # different translation of the same text would never be shown.
    seen: dict[str, tuple[str, str]] = {}
    differ = []
    for po in sorted((LOCALE_DIR / "zh_CN" / "LC_MESSAGES").glob("*.po")):
        with open(po, "rb") as f:
            for message in read_po(f):
                if not (message.id and message.string):
                    continue
                first = seen.setdefault(message.id, (message.string, po.name))
                if first[0] != message.string:
                    differ.append((message.id, first, (message.string, po.name)))
    assert differ == []


def test_english_catalog_lists_every_message_id():
    path = LOCALE_DIR / "en" / "LC_MESSAGES" / "steward.po"
    with open(path, "rb") as f:
        english = {m.id for m in read_po(f) if m.id}
    in_code = {m.id for m in extract() if m.id}
    assert in_code - english == set(), "run `make messages` to refresh the English catalog"


def test_chinese_is_the_default_and_english_is_available():
    assert tr(None, "Help") == "帮助"
    assert tr("en", "Help") == "Help"


def test_kept_translations_stay_per_language_and_fill_parameters_each_time():
    msgid = "Payment of {amount} recorded."
    first = tr("zh", "Cancelled. Nothing was saved.")
    assert first != "Cancelled. Nothing was saved."  # translated
    assert tr("en", "Cancelled. Nothing was saved.") == "Cancelled. Nothing was saved."
    assert tr("zh", "Cancelled. Nothing was saved.") == first  # asked again, kept
    assert tr(None, "Cancelled. Nothing was saved.") == first  # the default language
    assert tr("en", msgid, amount="1 元") != tr("en", msgid, amount="2 元")
    assert tr("en", "no such text, typed by someone") == "no such text, typed by someone"


def test_no_chinese_message_says_a_step_timed_out_in_jargon():
    """操作超时 (an operation timed out) told an elderly resident neither what had
    stopped nor that it was her silence: messages say so in plain words instead."""
    zh = load_catalog("zh_CN")
    jargon = [m.string for m in zh if m.id and "超时" in str(m.string)]
    assert jargon == []
