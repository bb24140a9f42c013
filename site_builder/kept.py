"""Generated files kept from an earlier build when what they are made from is the same.

A past year's pages (``accounts-2023``, ``issues-2023``) and a past month's
paper notice change only when a reversal, a correction or a late step touches
them; rendering them again on every build made the cost of a build grow with
the whole history. Each such file gets a *key*: the sha256 of exactly the data
it is made from (as collected) and of the builder's own code and templates
(``CODE``, and a project's ``templates/``). ``<project>/.cache/kept.json``
remembers, for each file written, its key and the size and time of the file
as written; a later build (in this process or another) that computes the same
key for a file still on disk as it was written leaves the file as it is:
neither renders, reads nor writes it.

The same store therefore still gives the same bytes: a file is kept only when
it would be rendered from the same data by the same code.
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import os
from pathlib import Path
from typing import Any

from .files import replace_file

__all__ = ["Kept", "code_digest", "data_key"]

log = logging.getLogger(__name__)

INDEX = Path(".cache") / "kept.json"
_CODE: dict[Path | None, str] = {}


def code_digest(project_dir: Path | None) -> str:
    """The builder's Python files and templates, and the project's own templates."""
    root = Path(project_dir).resolve() if project_dir is not None else None
    own = root / "templates" if root is not None else None
    if own is not None and own.is_dir():  # may change between builds: not kept
        return _digest_files([own], _CODE.get(None) or code_digest(None))
    if None not in _CODE:
        package = Path(__file__).resolve().parent
        _CODE[None] = _digest_files([package, package.parent / "db"], "")
    return _CODE[None]


def _digest_files(roots: list[Path], seed: str) -> str:
    h = hashlib.sha256(seed.encode())
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".j2") and "__pycache__" not in \
                    path.parts:
                h.update(path.relative_to(root).as_posix().encode() + b"\0")
                h.update(path.read_bytes())
    return h.hexdigest()


def data_key(code: str, *parts: Any) -> str:
    """The key of a file made from ``parts`` (plain data: str, int, lists, dicts...):
    serialized by ``marshal`` (format 2, which writes every value out, never a
    reference to one seen before; twice as fast as ``repr``), or by ``repr`` when
    something in them is not plain data."""
    h = hashlib.sha256(code.encode())
    try:
        h.update(b"m" + marshal.dumps(parts, 2))
    except ValueError:
        h.update(b"r" + repr(parts).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


class Kept:
    """The keys of the generated files of one project (``INDEX``)."""

    def __init__(self, project_dir: Path | None) -> None:
        self.project_dir = Path(project_dir) if project_dir is not None else None
        self.content = self.project_dir / "content" if self.project_dir is not None else None
        self.code = code_digest(self.project_dir)
        self.index: dict[str, list[Any]] = {}
        self.kept: set[str] = set()  # files this build keeps as they are on disk
        self._made: dict[str, str] = {}  # files this build makes -> their keys
        self._saved = False  # the file holds ``index`` as it is
        if self.project_dir is not None:
            try:
                doc = json.loads((self.project_dir / INDEX).read_text("utf-8"))
                if isinstance(doc, dict) and isinstance(doc.get("files"), dict):
                    self.index = doc["files"]
                    self._saved = True
            except (OSError, ValueError):
                pass

    def key(self, *parts: Any) -> str:
        return data_key(self.code, *parts)

    def keep(self, path: str, key: str) -> bool:
        """Whether ``path`` (under content/) is on disk as made from ``key``; if so it
        is kept by this build, else the caller makes it (and ``made`` records it)."""
        entry = self.index.get(path)
        if self.content is None or not entry or entry[0] != key:
            self._made[path] = key
            return False
        try:
            st = os.stat(self.content / path)
        except OSError:
            self._made[path] = key
            return False
        if [st.st_size, st.st_mtime_ns] != entry[1:3]:
            self._made[path] = key
            return False
        self.kept.add(path)
        return True

    def state(self) -> tuple[dict[str, str], set[str]]:
        """What this build made and kept so far, for ``merge`` in another process (a
        whole build's areas are rendered by two: ``site_builder.shared``)."""
        return self._made, self.kept

    def merge(self, state: tuple[dict[str, str], set[str]]) -> None:
        made, kept = state
        self._made.update(made)
        self.kept |= kept

    def made(self, path: str, key: str) -> None:
        self._made[path] = key

    def forget(self, paths: set[str] | None = None) -> None:
        """After a failed build: nothing it made is known to be on disk."""
        for path in list(self._made) if paths is None else paths:
            self._made.pop(path, None)
            self.index.pop(path, None)
        self._saved = False

    def save(self) -> None:
        """Record what this build made, as it now is on disk (call once it is written)."""
        if self.content is None or self.project_dir is None:
            return
        changed = not self._saved
        for path, key in self._made.items():
            try:
                st = os.stat(self.content / path)
            except OSError:
                changed |= self.index.pop(path, None) is not None
                continue
            entry = [key, st.st_size, st.st_mtime_ns]
            changed |= self.index.get(path) != entry
            self.index[path] = entry
        self._made = {}
        self.kept = set()
        if not changed:  # the file holds it (a warm build of kept areas changes nothing)
            return
        try:
            replace_file(self.project_dir / INDEX,
                         json.dumps({"files": self.index}, sort_keys=True).encode())
            self._saved = True
        except OSError as exc:  # a read-only project: the next build renders them again
            log.warning("could not save %s: %s", INDEX, exc)
