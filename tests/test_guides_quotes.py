"""The guides quote the bot's own words: a resident compares what her phone says with
what the guide told her to expect. residents.md said she would receive 您的住户登记已确认
long after the bot began to name the household in it; a quote that is no longer the
bot's leaves her unsure the right thing happened."""

from __future__ import annotations

import re
from pathlib import Path

from bot.i18n import load_catalog

GUIDES = Path(__file__).resolve().parent.parent / "content" / "guides"


def _said_to_her() -> list[re.Pattern[str]]:
    """Each Chinese message of the bot as a pattern: its placeholders any text."""
    zh = load_catalog("zh_CN")
    return [re.compile("^" + ".+?".join(re.escape(part) for part in
                                         re.split(r"\{\w+\}", m.string)) + "$", re.S)
            for m in zh if m.id and m.string]


def test_what_the_guides_quote_the_bot_as_saying_to_you_is_what_it_says():
    """A quote of the bot speaking to the reader (“您…”, “谢谢！…”) is one of its messages as sent,
    with example values where it fills in a number or a household."""
    messages = _said_to_her()
    quotes = [(guide.name, quote) for guide in sorted(GUIDES.glob("*.md"))
              for quote in re.findall(r"“((?:您|谢谢！)[^”]*)”", guide.read_text(encoding="utf-8"))]
    assert len(quotes) >= 3, quotes  # the registration waiting, confirmed; the fees paid
    assert [q for q in quotes if not any(m.match(q[1]) for m in messages)] == []
