"""MkDocs hook: make Chinese search work, and fail loudly when it cannot.

Material's search plugin segments Chinese with jieba only if jieba imports;
without it the build succeeds and search silently finds nothing. So this hook
refuses to build without jieba, loads our word list (化粪池, 物管会, 路灯 ...)
so that the words people search for are single tokens, and keeps jieba's
start-up chatter out of the build log.

It also keeps the big tables out of the way. The builder writes each big
table (ledger lines, issue lists, fee tables) as HTML escaped by
``site_builder.escape.esc_html``, wrapped in an HTML comment::

    <!--steward:html
    <table>...</table>
    -->

Python-Markdown keeps a comment as one raw block without reading inside it,
and the search plugin's HTML parser skips it, so thousands of rows cost
neither Markdown inline processing nor HTML parsing nor jieba segmentation
(they are numbers and codes, and stay out of the search index; issue texts,
announcements and proposals are indexed as before). ``on_page_context``
below runs after the search plugin (lowest priority) and unwraps them;
``on_page_content`` tells MkDocs about the ids in them (``line-12``), so
links to a ledger line are still checked (``validation: anchors``).

A comment cannot end early: ``esc_html`` turns every ``<`` and ``>`` a
person typed into a character reference, so no ``-->`` (or ``--!>``) and no
second ``<!--steward:html`` can come from user text.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

WORDS = Path(__file__).resolve().parent / "zh_words.txt"

MARK = "<!--steward:html\n"
_BLOCK = re.compile(r"<!--steward:html\n(.*?)\n-->", re.S)
_ID = re.compile(r'<[a-z0-9]+ id="([^"]+)"')


def on_config(config, **kwargs):  # type: ignore[no-untyped-def]
    try:
        import jieba
    except ImportError as exc:  # pragma: no cover - jieba is a pinned dependency
        raise PluginError("jieba is not installed: Chinese search would find nothing "
                          "(pip install jieba)") from exc
    jieba.setLogLevel(logging.WARNING)
    if not getattr(jieba, "_steward_words", False):
        jieba.load_userdict(str(WORDS))
        jieba._steward_words = True
    return config


def unwrap(html: str) -> str:
    """The page with every wrapped table put in place."""
    if MARK not in html:
        return html
    return _BLOCK.sub(lambda m: m.group(1), html)


def on_page_content(html, page, config, files):  # type: ignore[no-untyped-def]
    if MARK in html and page.present_anchor_ids is not None:
        for block in _BLOCK.findall(html):
            page.present_anchor_ids.update(_ID.findall(block))
    return html


@event_priority(-100)  # after the search plugin has indexed the page
def on_page_context(context, page, config, nav):  # type: ignore[no-untyped-def]
    if page.content:
        page.content = unwrap(page.content)
    return context
