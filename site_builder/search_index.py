"""The site's search index, written page by page.

Material's search plugin collects every page's entries in one list and writes
them all as ``search/search_index.json`` at the end of a build. The builder
instead keeps each page's entries as JSON text, made once when the page is
built (``search_json``): a page taken from the page cache brings its text
along, an incremental build replaces the text of the pages it rebuilt, and
the index is those texts joined in page order under Material's ``config``
(``search_index``) — the same index Material would write, without turning
every entry of every page into JSON again, and without holding tens of
thousands of entries as Python dicts between builds.

Chinese stays as it is in the file (``ensure_ascii=False``; Material writes
``\\uXXXX`` escapes): the same JSON for the browser, in half the bytes a
phone downloads when someone first searches.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["search_json", "search_index"]

_TAIL = '"docs":[]}'


def search_json(entries: Iterable[dict[str, Any]]) -> str:
    """A page's search entries as the JSON of their items (no brackets; "" for none)."""
    return ",".join(json.dumps(e, ensure_ascii=False, separators=(",", ":"), default=str)
                    for e in entries)


def search_index(search_plugin: Any, pages: Iterable[str]) -> Iterator[bytes]:
    """The bytes of ``search_index.json``, a piece at a time (for ``b"".join`` or
    ``replace_file``): the plugin's configuration and ``pages`` (``search_json`` of
    each page, in page order). One page's text is encoded at a time: the index is
    never held whole as text and again as bytes (it grows with the years)."""
    index = search_plugin.search_index
    entries, index.entries = index.entries, []
    try:
        head = index.generate_search_index(None)  # Material's config, with no entries
    finally:
        index.entries = entries
    if not head.endswith(_TAIL):
        raise RuntimeError("Material's search index no longer ends with its docs list")
    yield head[: -len("]}")].encode("utf-8")
    first = True
    for page in pages:
        if page:
            yield page.encode("utf-8") if first else b"," + page.encode("utf-8")
            first = False
    yield b"]}"
