"""The site's search index, written page by page.

Material's search plugin collects every page's entries in one list and writes
them all as ``search/search_index.json`` at the end of a build. The builder
instead keeps each page's entries as JSON text, made once when the page is
built (``search_json``): a page taken from the page cache brings its text
along, an incremental build replaces the text of the pages it rebuilt, and
the index is those texts joined in page order under Material's ``config``
(``search_index``) — the same index Material would write, without turning
every entry of every page into JSON again, and without holding tens of
thousands of entries as Python dicts between builds. The builder holds each
page's text compressed (``pack``: a ninth of its size; 25 MB of entries at 50
areas over ten years), as the page cache keeps it.

Chinese stays as it is in the file (``ensure_ascii=False``; Material writes
``\\uXXXX`` escapes): the same JSON for the browser, in half the bytes a
phone downloads when someone first searches.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["search_json", "search_index", "search_head", "pack"]

_TAIL = '"docs":[]}'


def search_json(entries: Iterable[dict[str, Any]]) -> str:
    """A page's search entries as the JSON of their items (no brackets; "" for none)."""
    return ",".join(json.dumps(e, ensure_ascii=False, separators=(",", ":"), default=str)
                    for e in entries)


def pack(text: str) -> bytes:
    """A page's ``search_json`` compressed (what ``search_index`` takes)."""
    return zlib.compress(text.encode("utf-8"), 1)


def search_head(search_plugin: Any) -> str:
    """Material's index with no entries: its configuration, then ``"docs":[]}``."""
    index = search_plugin.search_index
    entries, index.entries = index.entries, []
    try:
        head = str(index.generate_search_index(None))
    finally:
        index.entries = entries
    if not head.endswith(_TAIL):
        raise RuntimeError("Material's search index no longer ends with its docs list")
    return head


def search_index(search_plugin: Any, pages: Iterable[str | bytes]) -> Iterator[bytes]:
    """The bytes of ``search_index.json``, a piece at a time (for ``b"".join`` or
    ``replace_file``): the plugin's configuration and ``pages`` (``search_json`` of
    each page, or that ``pack``ed, in page order). One page's text is encoded or
    unpacked at a time: the index is never held whole (it grows with the years)."""
    yield search_head(search_plugin)[: -len("]}")].encode("utf-8")
    first = True
    for page in pages:
        text = zlib.decompress(page) if isinstance(page, bytes) else page.encode("utf-8")
        if text:
            yield text if first else b"," + text
            first = False
    yield b"]}"
