"""Areas kept between whole builds, keyed by everything their files are made from.

A whole build (the build worker's first, at every start of the bot) used to
collect and render every area of the street from its whole history, though
most areas had not changed since the project's last build. Now each area
collected gets a *key*, the sha256 of

* what its partitions hold (``areas/<area>/…``): the sha256 the data folder's
  manifest lists for each file, so an unchanged partition is not even read
  (``Store.content_version``; for one the journal changed since, the sha256
  of the file a checkpoint would write of it now, so a checkpoint changes no key);
* the street's partition (names, households, settings and their redaction,
  the modes), the area's mode history as the repository tells it (its first
  mode's date comes from the people's audit), the area's signed heads and the
  signing keys, whether notices can be drawn, the month (which has a notice);
* the names of people the words of entries are masked by, and who was forgotten
  (``collect_base.masked_key``): the street's, not the area's, so a person who
  registers in another area has their name masked here too, at once;
* the builder's code and templates, and the project's own (``kept.code_digest``).

``<project>/.cache/areas/`` keeps, for each area, what the street's own pages
read of it (``build.slim_area``: its overview, statistics, downloads' summary,
feed) with its public times and photos, and a filter of the pairs of characters in
its words (``collect_base.words_heard``: the build worker, holding the area, collects it
again for a new name only if its words may hold it), in ``<area>-<key>.data`` (``marshal``:
plain values only, read back exactly, and nothing in it is run, unlike a
pickle); and
``index.json`` lists, for each area, its key and every file it made under
``content/`` with the size and time it had when the build finished. The next
whole build, in a new process, computes each area's key: if it is the same and
every one of those files is on disk as it was written, the area is neither
collected nor rendered; its slim data is read back and its files, notices and
downloads are kept as they are. Anything else (a different key, a file changed
or gone, a damaged or missing cache file) and the area is built as before, so
the same store still gives the same bytes.
"""

from __future__ import annotations

import contextlib
import json
import logging
import marshal
import os
import sys
from pathlib import Path
from typing import Any

from db.played import site_today

from .files import replace_file
from .kept import data_key
from .notice import notices_enabled

__all__ = ["AreaCache", "area_key"]

log = logging.getLogger(__name__)

FOLDER = Path(".cache") / "areas"
INDEX = "index.json"
VERSION = "4"  # bump when what a record holds changes (2: the slim data says its masked
# key; 3: the record keeps a filter of its words' pairs, ``collect_base.words_heard``;
# 4: its index entry says the first deadline of its open votes, ``due``)


def area_key(repo: Any, area: str, heads: dict[str, Any], code: str, masked: str) -> str:
    """The key of everything ``area``'s files are made from (call under the store's
    lock, with the heads this build read: ``heads.collect_heads``, and the key of the
    names it masks: ``collect_base.masked_key``)."""
    store = repo.store
    parts = [(name, store.content_version(name))
             for name in store.partitions(f"areas/{area}/")]
    return data_key(code, "area", VERSION, sys.version, area, parts,
                    store.content_version("street"), repo.mode_history(area),
                    heads["by_area"].get(area, []), heads["key_history"],
                    heads["public_key"], heads["key_id"], notices_enabled(), masked,
                    # a new month adds its notice (its figures as of the day it was drawn
                    # stay true while the area's data is the same); a day that passes
                    # an open vote's deadline is told by the record (``due``, ``take``)
                    f"{site_today(repo):%Y-%m}")  # a demo's: the month played to


def due_day(collected: dict[str, Any]) -> str:
    """The first deadline among the area's votes still open and not past it when it
    was collected ("" when none): from the day after it, the area's pages change
    (已过截止日，等待计票, not 正在表决). Kept with the area's record, so that a new day
    changes nothing else: keyed by the day, every area was collected again at the
    first build of each day (at 50 areas, a whole build's cost), and asking the store
    for the open votes read every area's entries into a warm build (0.25 s, 54 MB)."""
    return min((str(v.get("deadline") or "") for v in collected.get("open_votes") or ()
                if v.get("deadline")), default="")  # (open_votes: kept in slim data too)


class AreaCache:
    """The areas one project kept between builds (``FOLDER``)."""

    def __init__(self, project_dir: Path, code: str) -> None:
        self.folder = Path(project_dir) / FOLDER
        self.content = Path(project_dir) / "content"
        self.code = code
        self.index: dict[str, dict[str, Any]] = {}  # area -> {key, data, files}
        self.kept: dict[str, list[str]] = {}  # areas this build kept -> their files
        self._new: dict[str, dict[str, Any]] = {}  # areas this build made -> {key, data}
        self._files: dict[str, set[str]] = {}  # areas this build made -> their files
        self.today = ""  # the day the site is drawn as of (``key``)
        self._saved = False  # the file holds ``index`` as it is
        try:
            doc = json.loads((self.folder / INDEX).read_text("utf-8"))
            if isinstance(doc, dict) and doc.get("version") == VERSION and \
                    isinstance(doc.get("areas"), dict):
                self.index = {a: e for a, e in doc["areas"].items() if _entry_ok(e)}
                self._saved = len(self.index) == len(doc["areas"])
        except (OSError, ValueError):
            pass

    def key(self, repo: Any, area: str, heads: dict[str, Any], masked: str) -> str:
        if not self.today:
            self.today = site_today(repo).isoformat()
        return area_key(repo, area, heads, self.code, masked)

    def take(self, area: str, key: str, media: Any
             ) -> tuple[dict[str, Any], list[str], set[str], bytes] | None:
        """The slim data, public times, photos and words' filter of ``area`` as an earlier
        build left them, if made under ``key`` and every file it made is on disk as
        written; None: collect it. ``media`` (``db.media.MediaStore``): a photo missing then
        must still be missing."""
        entry = self.index.get(area)
        if entry is None or entry["key"] != key:
            return None
        if entry.get("due") and self.today and entry["due"] < self.today:
            return None  # a vote's deadline passed since: 已过截止日，等待计票
        # joined as strings, by hand (thousands of files an area; ``content`` absolute
        # or not, each path relative to it)
        content = os.path.join(str(self.content), "")
        try:  # (each file's [size, time] is checked here, not when the index is read)
            for path, (size, mtime) in entry["files"].items():
                st = os.stat(content + path)
                if st.st_size != size or st.st_mtime_ns != mtime or \
                        type(size) is not int or type(mtime) is not int:
                    return None
        except (OSError, TypeError, ValueError):  # gone, or a damaged entry
            return None
        try:
            record = marshal.loads((self.folder / entry["data"]).read_bytes())
            got_key, slim, stamps, photos, missing, heard = record
            if got_key != entry.get("record", key) or not isinstance(slim, dict) \
                    or slim.get("id") != area or not isinstance(heard, bytes):
                return None
        except Exception as exc:  # noqa: BLE001 - damaged: the area is built again
            log.warning("%s: cannot be read back (%s); collecting area %s again",
                        self.folder / entry["data"], exc, area)
            return None
        if any(media.exists(ref) for ref in missing):
            return None
        self.kept[area] = sorted(entry["files"])
        return slim, list(stamps), set(photos), heard

    def rekey(self, area: str, old: str, new: str) -> None:
        """``area``, held by the build worker from an earlier build, reads the same under
        the names masked now (``collect_base.masks_alike``): its record, made under the
        key ``old``, stands under ``new`` too (``record``: the key written in it), so
        that the next process (the bot's next start) takes it instead of collecting it
        again for every name registered since."""
        entry = self.index.get(area)
        if entry is not None and entry["key"] == old and old != new:
            entry["record"] = entry.get("record", old)
            entry["key"] = new
            self._saved = False

    def files(self, area: str, paths: set[str]) -> None:
        """The files under content/ that ``area`` made (or kept) in this build."""
        self._files[area] = set(paths)

    def put(self, area: str, key: str, slim: dict[str, Any], stamps: list[str],
            photos: set[str], missing: set[str], heard: bytes) -> None:
        """Keep an area just collected (``slim``: what the street's pages read of it);
        ``missing``: the photos its entries name that the media store lacks; ``heard``:
        the filter of its words (``collect_base.words_heard``)."""
        name = f"{area}-{key[:32]}.data"
        record = (key, slim, [max(stamps)] if stamps else [], sorted(photos), sorted(missing),
                  heard)
        try:
            replace_file(self.folder / name, marshal.dumps(record))
        except (OSError, ValueError) as exc:  # ValueError: not plain values
            log.warning("could not keep area %s for later builds: %s", area, exc)
            self._new.pop(area, None)
            return
        self._new[area] = {"key": key, "data": name, "due": due_day(slim)}

    def save(self, whole: bool) -> None:
        """Once this build's files are all on disk: record the areas it made, with their
        files as they now are (``whole``: forget the areas it neither made nor kept)."""
        changed = not self._saved or bool(self._new)
        if whole:
            index = {a: e for a, e in self.index.items() if a in self.kept}
            changed |= len(index) != len(self.index)
            self.index = index
        for area, made in self._new.items():
            files: dict[str, list[int]] = {}
            try:
                for path in sorted(self._files.get(area, ())):
                    st = os.stat(self.content / path)
                    files[path] = [st.st_size, st.st_mtime_ns]
            except OSError:
                self.index.pop(area, None)  # not all there: built again next time
                continue
            self.index[area] = {**made, "files": files}
        self._new, self._files, self.kept = {}, {}, {}
        try:
            if changed:  # (a warm build that kept every area changes nothing)
                replace_file(self.folder / INDEX, json.dumps(
                    {"version": VERSION, "areas": self.index}, sort_keys=True).encode("utf-8"))
                self._saved = True
        except OSError as exc:  # a read-only project: the next build collects them all
            log.warning("could not save %s: %s", self.folder / INDEX, exc)
            return
        used = {e["data"] for e in self.index.values()} | {INDEX}
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.folder):
                if entry.name not in used and not entry.name.startswith("."):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    def state(self) -> tuple[dict[str, Any], dict[str, set[str]], dict[str, list[str]]]:
        """What this build made and kept so far, for ``merge`` in another process (a
        whole build's areas are collected by two: ``site_builder.shared``)."""
        return self._new, self._files, self.kept

    def merge(self, state: tuple[dict[str, Any], dict[str, set[str]],
                                 dict[str, list[str]]]) -> None:
        new, files, kept = state
        self._new.update(new)
        self._files.update(files)
        self.kept.update(kept)

    def forget(self) -> None:
        """After a failed build: what it made is not known to be on disk."""
        self._new, self._files, self.kept = {}, {}, {}


def _entry_ok(entry: Any) -> bool:
    return isinstance(entry, dict) and isinstance(entry.get("key"), str) and \
        isinstance(entry.get("record", ""), str) and isinstance(entry.get("due", ""), str) and \
        isinstance(entry.get("data"), str) and "/" not in entry["data"] and \
        isinstance(entry.get("files"), dict)  # (its files' entries: checked by ``take``)
