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

What people do search for in those tables reaches the index another way,
small: a page may carry its compact search entries (each expense line's
number, amount, category and purpose; each issue's category and text; each
opinion) as JSON in a comment ``<!--steward:find\n[...]\n-->`` (made by
``site_builder.render.find``, with ``<``, ``>`` and ``&`` as JSON escapes
so that no text ends it). ``on_page_context`` takes it out of the page and
adds one search entry per item, linking to ``page#anchor``, segmented with
jieba like every other entry. Their title and text are already HTML-escaped
(the search page shows them as HTML).
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

WORDS = Path(__file__).resolve().parent / "zh_words.txt"

MARK = "<!--steward:html\n"
_BLOCK = re.compile(r"<!--steward:html\n(.*?)\n-->", re.S)
_ID = re.compile(r'<[a-z0-9]+(?: [a-z-]+="[^"]*")*? id="([^"]+)"')
FIND = "<!--steward:find\n"
_FIND = re.compile(r"\n?<!--steward:find\n(.*?)\n-->\n?", re.S)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


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


def _search_index(config):  # type: ignore[no-untyped-def]
    for name, plugin in config.plugins.items():
        if name.split("/")[-1] == "search" and hasattr(plugin, "search_index"):
            return plugin.search_index
    return None


def _segment(index, text: str) -> str:  # type: ignore[no-untyped-def]
    """Chinese split into words joined by U+200B, as the search plugin does."""
    segment = getattr(index, "_segment_chinese", None)
    if segment is not None:
        return str(segment(text))
    import jieba

    return _HAN.sub(lambda m: "\u200b" + "\u200b".join(jieba.cut(m.group(0))) + "\u200b",
                    text).strip("\u200b")


def add_found(html: str, url: str, index) -> str:  # type: ignore[no-untyped-def]
    """The page without its compact search entries, which go into ``index``."""
    if FIND not in html:
        return html

    def take(match: re.Match[str]) -> str:
        if index is not None:
            for item in json.loads(match.group(1)):
                index.entries.append({
                    "location": f"{url}#{item['anchor']}",
                    "title": _segment(index, item["title"]),
                    "text": _segment(index, item["text"])})
        return "\n"

    return _FIND.sub(take, html)


@event_priority(-100)  # after the search plugin has indexed the page
def on_page_context(context, page, config, nav):  # type: ignore[no-untyped-def]
    if page.content:
        page.content = add_found(unwrap(page.content), page.url, _search_index(config))
    return context
