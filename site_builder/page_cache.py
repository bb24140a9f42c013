"""MkDocs' pages kept between whole builds, keyed by what they are made from.

Most of a whole build is MkDocs converting and rendering pages that did not
change: last year's ledger, five-year-old issues. The first build of a street
writes, beside every page it builds, a small record in
``<project>/.cache/pages/``, named by a hash of

* the page's Markdown, byte for byte, and its path;
* everything else a page's HTML depends on: the MkDocs configuration as built
  (``mkdocs.yml``, with the navigation, and the street's name and address),
  the hooks, the theme overrides, the versions of MkDocs, Material,
  Python-Markdown and jieba.

The record holds what the rest of the build needs from a page without
converting it again: its search entries (Material's and the compact ones of
``hooks/steward_search.py``), its anchors and its links to anchors (so that
``--strict`` still checks links into and out of it), its front matter as
MkDocs reads it, the files its Markdown links point to, and the size and time
of the HTML file it wrote. The search entries and the anchors are kept
compressed, as the build holds them (``search_index.pack``,
``page_parts.Anchors``): a line of JSON, then the two compressed texts,
whose lengths it gives. The next
whole build (the bot restarting, or a page added) finds the record, and if
the live site still holds that very file it links it into the new site
instead of building the page: past years' pages and their search entries are
not made again. Any difference in the key, a
missing or changed HTML file, or a file it links to gone (MkDocs would warn),
and the page is built as before. A page added does not change the others: a
new year's page is built, last year's are taken from the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import posixpath
import re
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

from .files import replace_file

__all__ = ["PageCache", "project_digest", "link_targets", "keep_jieba_cache"]

CACHE_VERSION = "3"  # bump when what a record holds, or how pages are built, changes
_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "jieba")
SOURCES = "sources.json"  # each page's key with its file's inode, size and time
SEARCH = "search.json"  # what the search index of the live site was made from
SETTLED_NS = 2_000_000_000


def keep_jieba_cache(folder: Path) -> None:
    """jieba's dictionary cache (what the search index's Chinese is cut with) kept in
    ``folder``, the project's ``.cache/``, which the build's user owns: jieba writes it
    as ``/tmp/jieba.cache`` by default, and where another user (root, trying `steward
    demo`) made that file first, every build of the service's user logged "ERROR jieba:
    Dump cache file failed" with a traceback and cut its dictionary again (a second)."""
    try:
        import jieba
    except ImportError:  # the search hook refuses to build without it, and says so
        return
    folder.mkdir(parents=True, exist_ok=True)
    jieba.dt.tmp_dir = str(folder)


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""


def project_digest(project_dir: Path, overrides: dict[str, Any]) -> str:
    """A hash of what every page's HTML depends on besides its own Markdown."""
    h = hashlib.sha256()
    h.update(f"steward-pages {CACHE_VERSION}\0".encode())
    for package in _PACKAGES:
        h.update(f"{package}={_version(package)}\0".encode())
    h.update(json.dumps(overrides, sort_keys=True, default=str).encode() + b"\0")
    roots = [project_dir / "mkdocs.yml", project_dir / "hooks", project_dir / "overrides"]
    for base in roots:
        paths = [base] if base.is_file() else sorted(base.rglob("*")) if base.is_dir() else []
        for path in paths:
            rel = path.relative_to(project_dir).as_posix()
            if path.is_file() and "__pycache__" not in rel:
                h.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


# A Markdown link or image: [text](target) / ![alt](target); raw HTML links are
# not checked by MkDocs, and our pages have no reference-style links.
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def link_targets(src_uri: str, markdown: str) -> list[str]:
    """The docs files a page's Markdown links to (the site's own, relative links)."""
    out = set()
    base = posixpath.dirname(src_uri)
    for target in _LINK.findall(markdown):
        path = target.split("#", 1)[0]
        if not path or path.startswith("/") or ":" in path:
            continue
        out.add(posixpath.normpath(posixpath.join(base, path)))
    return sorted(out)


def _read(path: str) -> bytes:
    """The bytes of the file at ``path``, read without a Python file object (whose
    making cost as much as the reading of a page's record: a whole build reads one
    for every page of every year)."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class PageCache:
    """The records of one site project's pages (``folder``), for one ``digest``."""

    def __init__(self, folder: Path, digest: str) -> None:
        self.folder = Path(folder)
        self._folder = str(self.folder)
        self.digest = digest
        self.used: dict[str, str] = {}  # docs path -> key of its record in this build
        self._sources: dict[str, list[Any]] = {}  # docs path -> [inode, size, time, key]
        self._seen: dict[str, list[Any]] = {}  # the same, of this build
        try:
            doc = json.loads((self.folder / SOURCES).read_bytes())
            if isinstance(doc, dict) and doc.get("digest") == digest and \
                    isinstance(doc.get("files"), dict):
                self._sources = doc["files"]
        except (OSError, ValueError):
            pass

    def key_of(self, src_uri: str, path: str, read: Callable[[], bytes]) -> str:
        """The key of the page ``src_uri`` from its file at ``path``: the key computed
        when the file was last seen as it is now (``sources.json``), else made from
        its bytes (``read()``)."""
        st = os.stat(path)
        stamp = [st.st_ino, st.st_size, st.st_mtime_ns]
        known = self._sources.get(src_uri)
        if isinstance(known, list) and len(known) == 4 and known[:3] == stamp and \
                isinstance(known[3], str):
            key = known[3]
        else:
            key = self.key(src_uri, read())
        if time.time_ns() - st.st_mtime_ns > SETTLED_NS:
            self._seen[src_uri] = [*stamp, key]
        return key

    def key(self, src_uri: str, source: bytes) -> str:
        h = hashlib.sha256(self.digest.encode())
        h.update(b"\0" + src_uri.encode() + b"\0")
        h.update(source)
        return h.hexdigest()

    def _file(self, key: str) -> str:
        """The record file of ``key`` (joined as a string: a whole build reads one for
        every page of every year)."""
        return os.path.join(self._folder, f"{key}.page")

    def _path(self, key: str) -> Path:
        return Path(self._file(key))

    def get(self, key: str, html: str | Path) -> dict[str, Any] | None:
        """The record under ``key``, if the HTML file it describes is still ``html``:
        ``anchors`` and ``search`` as ``put`` was given them (compressed). Paths are
        joined as strings: a whole build asks this of every page of every year."""
        try:
            raw = _read(self._file(key))
            st = os.stat(html)
            head, newline, body = raw.partition(b"\n")
            record = json.loads(head)
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict) or not newline or \
                record.get("size") != st.st_size or record.get("mtime_ns") != st.st_mtime_ns:
            return None
        lengths = record.get("packed")
        if not isinstance(lengths, list) or len(lengths) != 2 or \
                not all(isinstance(n, int) and n >= 0 for n in lengths) or \
                sum(lengths) != len(body):
            return None
        record["anchors"], record["search"] = body[:lengths[0]], body[lengths[0]:]
        record["inode"] = st.st_ino  # of ``html``: a new site may keep it (``Linker``)
        return record

    def put(self, src_uri: str, key: str, page: Any, packed: tuple[bytes, bytes],
            html: Path, targets: list[str], meta: Any) -> bool:
        """Record a page just built (its HTML at ``html``; ``packed``: its anchors and
        search entries, compressed as the build holds them; ``targets``:
        ``link_targets`` of its Markdown; ``meta``: its front matter as MkDocs read
        it, kept only when JSON gives it back the same). Whether it was recorded."""
        try:
            st = html.stat()
        except OSError:
            return False  # MkDocs wrote nothing (an empty page): nothing to reuse
        links = {to.src_uri: dict(anchors)
                 for to, anchors in (page.links_to_anchors or {}).items()}
        try:
            same = json.loads(json.dumps(meta)) == meta
        except (TypeError, ValueError):  # a date, say: read from the page again
            same = False
        record = {"src": src_uri, "size": st.st_size, "mtime_ns": st.st_mtime_ns,
                  "links": links, "targets": targets, "meta": meta if same else None,
                  "packed": [len(packed[0]), len(packed[1])]}
        head = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        replace_file(self._path(key), (head, b"\n", *packed))
        self.use(src_uri, key)
        return True

    def use(self, src_uri: str, key: str) -> None:
        old = self.used.get(src_uri)
        self.used[src_uri] = key
        if old is not None and old != key:
            with contextlib.suppress(OSError):
                self._path(old).unlink()

    def search_key(self, head: str, keys: list[tuple[str, str]]) -> str:
        """What a search index is made from: the search plugin's configuration
        (``head``) and, in page order, each page's path and key (a page's entries
        are made from what its key is made from)."""
        h = hashlib.sha256(f"search\0{self.digest}\0{head}".encode())
        for src, key in keys:
            h.update(f"\0{src}\0{key}".encode())
        return h.hexdigest()

    def same_search(self, key: str, index: Path) -> bool:
        """Whether the search index at ``index`` is the one ``saw_search`` recorded
        made from ``key``, as it was then."""
        try:
            doc = json.loads((self.folder / SEARCH).read_bytes())
            st = index.stat()
        except (OSError, ValueError):
            return False
        return isinstance(doc, dict) and doc.get("key") == key and \
            doc.get("file") == [st.st_ino, st.st_size, st.st_mtime_ns]

    def saw_search(self, key: str, index: Path) -> None:
        """Record that the search index at ``index`` was made from ``key``."""
        with contextlib.suppress(OSError):
            st = index.stat()
            replace_file(self.folder / SEARCH, json.dumps(
                {"key": key, "file": [st.st_ino, st.st_size, st.st_mtime_ns]}).encode())

    def prune(self) -> None:
        """Delete the records no page of this build uses (older versions of pages)."""
        if not self.folder.is_dir():
            return
        keep = {self._path(key).name for key in self.used.values()} | {SOURCES, SEARCH}
        seen = {src: self._seen[src] for src in sorted(self.used) if src in self._seen}
        if seen != self._sources:
            with contextlib.suppress(OSError):
                replace_file(self.folder / SOURCES, json.dumps(
                    {"digest": self.digest, "files": seen}, separators=(",", ":")).encode())
        for entry in os.scandir(self.folder):
            if entry.name not in keep:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
