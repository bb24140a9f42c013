"""Translations: every user-facing text comes from gettext catalogs.

Message ids are English; ``locale/zh_CN/LC_MESSAGES/*.po`` hold the Chinese,
which is the default (one ``.po`` per handler module, merged at load, so that
flows can be translated independently). Catalogs are compiled in memory with
Babel at first use, so no binary ``.mo`` files live in the repository.

``KEYWORDS`` tells Babel's extractor where message ids appear in the code;
a test checks that every one of them has a Chinese translation.
"""

from __future__ import annotations

import functools
import gettext
import io
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

__all__ = ["LANGUAGES", "DEFAULT_LANGUAGE", "KEYWORDS", "translator", "tr", "lazy", "listing",
           "month_words", "day_words", "period_words",
           "load_catalog"]

LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = {"zh": "zh_CN", "en": "en"}
DEFAULT_LANGUAGE = "zh"
# Where msgids appear: t(context, "..."), tr(lang, "..."), lazy("..."),
# Command(name, "description", ...).
KEYWORDS = {"t": (2,), "tr": (2,), "lazy": None, "Command": (2,)}


def load_catalog(locale: str) -> Catalog:
    """Every ``.po`` of a locale merged into one catalog."""
    merged = Catalog(locale=locale)
    for po in sorted((LOCALE_DIR / locale / "LC_MESSAGES").glob("*.po")):
        with open(po, "rb") as f:
            for message in read_po(f, locale=locale):
                if message.id and message.string:
                    merged.add(message.id, message.string)
    return merged


@functools.cache
def translator(lang: str) -> gettext.NullTranslations:
    locale = LANGUAGES.get(lang, LANGUAGES[DEFAULT_LANGUAGE])
    catalog = load_catalog(locale)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


MAX_KEPT_TEXTS = 10_000

# lang -> msgid -> translation, filled as texts are first asked for (a text is
# translated on nearly every update: this skips gettext's lookups and fallbacks).
_TEXTS: dict[str, dict[str, str]] = {}


def tr(lang: str | None, msgid: str, /, **params: object) -> str:
    """Translate ``msgid`` into ``lang`` and fill in ``{name}`` parameters."""
    lang = lang or DEFAULT_LANGUAGE
    texts = _TEXTS.get(lang)
    if texts is None:
        texts = _TEXTS.setdefault(lang, {})
    text = texts.get(msgid)
    if text is None:
        text = translator(lang).gettext(msgid)
        if len(texts) < MAX_KEPT_TEXTS:  # msgids are the code's own: a few hundred
            texts[msgid] = text
    return text.format(**params) if params else text


def listing(lang: str | None, items: Iterable[str]) -> str:
    """Items said one after another as ``lang`` writes a list: "a、b" in Chinese,
    "a, b" in English."""
    return (", " if lang == "en" else "、").join(items)


_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


def month_words(lang: str | None, month: str) -> str:
    """A month (YYYY-MM) as ``lang`` writes one to people: "2026年11月" in Chinese,
    "November 2026" in English; anything else as it is."""
    year, _, number = month.partition("-")
    if not (year.isdigit() and number.isdigit() and 1 <= int(number) <= 12):
        return month
    if lang == "en":
        return f"{_MONTHS_EN[int(number) - 1]} {year}"
    return f"{year}年{int(number)}月"


def day_words(lang: str | None, day: date) -> str:
    """A day of the year as ``lang`` writes one to people: "12月5日", "5 December"."""
    if lang == "en":
        return f"{day.day} {_MONTHS_EN[day.month - 1]}"
    return f"{day.month}月{day.day}日"


def period_words(lang: str | None, period: str) -> str:
    """A fee's period as ``lang`` writes one to people: a month as ``month_words``, a
    year as "2026年" (English: "2026"); any other period (2025年上半年) as it is."""
    if len(period) == 4 and period.isdigit():
        return period if lang == "en" else f"{period}年"
    return month_words(lang, period)


def lazy(msgid: str) -> str:
    """Mark a string for extraction where it is defined (e.g. a table); translate later."""
    return msgid


def extract() -> Catalog:
    """Every msgid used in ``bot/`` (see ``KEYWORDS``)."""
    from babel.messages.extract import extract_from_dir

    # A fixed header date, so that `make messages` changes the file only when a text does.
    catalog = Catalog(locale="en", project="Steward", version="1",
                      creation_date=datetime(2026, 1, 1, tzinfo=UTC))
    root = Path(__file__).parent
    for filename, lineno, message, _comments, _ctx in extract_from_dir(
            root, keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True,
            method_map=[("**.py", "python")]):
        if isinstance(message, str) and message:
            catalog.add(message, message, locations=[(f"bot/{filename}", lineno)])
    return catalog


def write_english_catalog() -> Path:
    """Regenerate ``locale/en/LC_MESSAGES/steward.po`` (msgstr = msgid): run ``make messages``."""
    from babel.messages.pofile import write_po

    path = LOCALE_DIR / "en" / "LC_MESSAGES" / "steward.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        write_po(f, extract(), sort_output=True, omit_header=False, width=100,
                 include_lineno=False)
    return path


if __name__ == "__main__":
    print(write_english_catalog())
