"""What a whole build keeps of a page it takes from the page cache instead of
converting it (``mkdocs_session``, ``page_cache``): its anchors, compressed and
looked up only when a link into the page is checked, and its front matter as
MkDocs reads it; what it keeps of a page once made, in either process (``Built``);
and letting go of every page's Markdown and HTML once written (``release_pages``)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

__all__ = ["Anchors", "pack_anchors", "front_matter", "page_of", "file_at", "restore_cached",
           "Built", "restore_built", "validate_anchor_links", "release_pages"]


class Anchors:
    """A page's anchors as MkDocs' link checks read them (``in``): kept compressed
    (``pack_anchors``), and unpacked into one text (a line each) to be looked up in
    it. Every issue's anchor and every ledger line's, of every year, held as a set or
    even as one text, cost more memory than the rest of a page taken from the cache,
    and only a few are ever the target of a link. The text last unpacked is kept
    for the next look-ups (the checks of a page's links look in the same pages)."""

    __slots__ = ("_packed",)

    def __init__(self, packed: bytes) -> None:
        self._packed = packed

    def _unpacked(self) -> str | frozenset[str]:
        if _LAST[0] is not self:
            text = zlib.decompress(self._packed).decode("utf-8") if self._packed else ""
            _LAST[:] = [self, frozenset(json.loads(text)) if text.startswith("[") else text]
        return _LAST[1]  # type: ignore[no-any-return]

    def __contains__(self, anchor: object) -> bool:
        got = self._unpacked()
        if isinstance(got, frozenset):
            return anchor in got
        return isinstance(got, str) and isinstance(anchor, str) and "\n" not in anchor and \
            f"\n{anchor}\n" in got

    def __iter__(self) -> Iterator[str]:
        got = self._unpacked()
        return iter(sorted(got) if isinstance(got, frozenset) else got.split("\n")[1:-1])

    def __len__(self) -> int:
        got = self._unpacked()
        return len(got) if isinstance(got, frozenset) else max(got.count("\n") - 1, 0)


_LAST: list[Any] = [None, ""]  # the ``Anchors`` last unpacked, and what it holds


def pack_anchors(anchors: Iterable[str]) -> bytes:
    """A page's anchors as ``Anchors`` holds them (and the page cache keeps them):
    a line each, sorted, compressed; as JSON if one holds a line break."""
    names = sorted(anchors)
    if not names:
        return b""
    text = json.dumps(names) if any("\n" in a for a in names) else \
        "\n" + "\n".join(names) + "\n"
    return zlib.compress(text.encode("utf-8"), 1)


def front_matter(page: Any, config: Any, source: bytes | None = None) -> tuple[str, Any]:
    """A page's Markdown and front matter read as ``Page.read_source`` reads them
    (``source``: the file's bytes, if already read)."""
    from mkdocs.utils import meta

    text = config.plugins.on_page_read_source(page=page, config=config)
    if text is None:
        text = source.decode("utf-8-sig") if source is not None else \
            page.file.content_string  # as File.content_string
    return meta.get_data(text)  # type: ignore[no-any-return]


def page_of(file: Any) -> Any:
    """The page of a documentation file (MkDocs gives every one a page before it
    populates them)."""
    assert file.page is not None, file.src_uri
    return file.page


def file_at(files: Any, path: str) -> Any:
    """``files.get_file_from_path(path)``: looked up as it is first (a docs path as
    MkDocs spells it, as the page cache keeps them), else made one by MkDocs (a
    ``PurePath`` each time: a whole build looks up every link of every page)."""
    found = files.src_uris.get(path)
    return found if found is not None else files.get_file_from_path(path)


def restore_cached(page: Any, record: dict[str, Any], config: Any, files: Any,
             source: bytes | None) -> None:
    """A cached page as the rest of the build sees it: its front matter as MkDocs
    reads it (``Page.read_source``), from the record (made from these very bytes,
    under the same hooks) or else from the bytes ``source`` if read for the cache
    key (``PageCache.key_of``), else from the file; its anchors and links to anchors
    from the record."""
    if isinstance(record.get("meta"), dict) and not config.plugins.events["page_read_source"]:
        page.meta = record["meta"]
    else:
        page.markdown, page.meta = front_matter(page, config, source)
    page.markdown = None  # not converted: only its front matter was wanted
    page.present_anchor_ids = Anchors(record["anchors"])
    page.links_to_anchors = {}
    for src, anchors in record["links"].items():
        target = file_at(files, src)
        if target is not None:
            page.links_to_anchors[target] = dict(anchors)


class Built(NamedTuple):
    """What the build needs of a page once made, in whichever process made it."""

    search: bytes  # its search entries (``search_json``, ``pack``ed)
    anchors: bytes  # ``present_anchor_ids`` (``pack_anchors``)
    links: dict[str, dict[str, str]]  # ``links_to_anchors`` by docs path
    recorded: bool  # a page cache record written


def restore_built(page: Any, made: Built, files: Any) -> None:
    """A page made (perhaps in the other process) as the rest of the build sees it."""
    page.present_anchor_ids = Anchors(made.anchors)
    page.links_to_anchors = {}
    for src, anchors in made.links.items():
        target = files.get_file_from_path(src)
        if target is not None:
            page.links_to_anchors[target] = anchors


def validate_anchor_links(pages: Iterable[Any], files: Any, log_level: int) -> None:
    """``Page.validate_anchor_links`` of every page of ``pages``, in their order, as
    MkDocs calls it: the links are first looked up target by target, so that each
    page's ``Anchors`` is unpacked once (page by page, a whole build of ten years
    unpacked 1,650 of them, page and target in turn), and MkDocs' own check then
    runs, and logs as it does, for the pages with a link it finds no anchor for."""
    pages = list(pages)
    by_target: dict[int, tuple[Any, list[tuple[int, Any]]]] = {}
    for n, page in enumerate(pages):
        for to_file, links in (page.links_to_anchors or {}).items():
            target = to_file.page
            if target is not None and target.present_anchor_ids is not None:
                by_target.setdefault(id(target), (target, []))[1].append((n, links))
    wrong: set[int] = set()
    for target, uses in by_target.values():
        present = target.present_anchor_ids
        for n, links in uses:
            if n not in wrong and any(anchor not in present for anchor in links):
                wrong.add(n)
    for n in sorted(wrong):
        pages[n].validate_anchor_links(files=files, log_level=log_level)


def release_pages(doc_files: Any) -> None:
    """Let go of every page's Markdown and HTML once written: a page rebuilt later
    reads its source again; nothing else reads them."""
    for file in doc_files:
        if file.page is not None:
            file.page.markdown = None
            file.page.content = None
