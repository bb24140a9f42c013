"""The parts of MkDocs 1.6 (and Material's search plugin) that have no public API
but that building page by page needs. Every such use lives here, and
``tests/test_mkdocs_private.py`` fails loudly if the pinned version changes
one of them.

Why they are needed: MkDocs' only public way to build is ``mkdocs build``, which
starts from nothing each time (most of a minute for a 50-area street).
``MkDocsSession`` runs the same stages as ``mkdocs.commands.build.build``
itself, so that it can keep the configuration, files, navigation and theme
between builds and then convert and render only the pages that changed. The
stages it calls are MkDocs' own module-level helpers, which are private:

* ``populate_page``: read a page's Markdown and convert it to HTML;
* ``build_page``: render a page with the theme and write it;
* ``build_theme_template`` / ``build_extra_template``: ``404.html``,
  ``sitemap.xml`` and the like.

Two more behaviours are reached through MkDocs' internals:

* ``atomic_writes``: MkDocs writes every output file with
  ``mkdocs.utils.write_file``, in place. While the live site is updated page by
  page a web server could send half a page, so the function is swapped for an
  atomic one (temp file, rename: ``site_builder.files``) for the length of an update;
* ``linked_copies``: MkDocs copies every static file (SVG charts, CSV and JSON
  downloads, notices, photos: most of a street's site by size) with
  ``mkdocs.utils.copy_file``; during a whole build the function is swapped for
  one that hard-links the file into the new site instead (the builder replaces
  files in ``content/`` by renaming a new file into place, never in place, so a
  link keeps showing the bytes it was made with), or copies it where links are
  not possible;
* ``add_theme_files``: ``Files.add_files_from_theme`` lists every file of the
  theme's folders, Material's 14,000 icons included, then drops the hidden ones
  (the icons are in ``.icons/``) and the templates by name; it is given a listing
  that does not walk into hidden folders at all, the same files in the same
  order;
* ``get_files``: ``mkdocs.structure.files.get_files``, leaving out the files the
  builder puts into the site itself (the monthly notice PDFs: two thirds of a
  street's files with ten years of history, which only raw HTML links to, so
  neither MkDocs nor its link checks need a ``File`` of each);
* ``move_output``: a file's ``abs_dest_path`` is a ``cached_property`` computed
  from ``dest_dir``; after the first build is swapped into place the files must
  point at the live folder, so the cached value is dropped with the new
  ``dest_dir``.

And of Material's search plugin (``tests/test_mkdocs_private.py`` checks each):

* ``SearchIndex.entries``, the list the plugin appends each page's entries to:
  the session takes a page's entries out of it as soon as the page is built
  and keeps them as JSON (``site_builder.search_index``), which writes the
  index from those with ``generate_search_index`` (Material's configuration
  part, the docs list put in by us);
* ``SearchIndex._segment_chinese``, which segments every entry's text with
  jieba: ``hooks/steward_search.py`` sets a ``Segmenter`` of the same output on
  the index object, which cuts each run of Chinese once per build.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .files import replace_file

__all__ = ["MKDOCS_VERSION", "populate_page", "build_page", "build_theme_template",
           "build_extra_template", "atomic_writes", "linked_copies", "add_theme_files",
           "move_output", "Linker", "link_static_files", "get_files"]

MKDOCS_VERSION = "1.6.1"  # the version these were read from (pinned in pyproject.toml)


def _build() -> Any:
    from mkdocs.commands import build

    return build


def populate_page(page: Any, config: Any, files: Any) -> None:
    """Read a page's source and convert its Markdown (``_populate_page``)."""
    _build()._populate_page(page, config, files)


def build_page(page: Any, config: Any, doc_files: Sequence[Any], nav: Any, env: Any) -> None:
    """Render a converted page with the theme and write it (``_build_page``)."""
    _build()._build_page(page, config, doc_files, nav, env)


def build_theme_template(name: str, env: Any, files: Any, config: Any, nav: Any) -> None:
    """Render one of the theme's static templates (``_build_theme_template``)."""
    _build()._build_theme_template(name, env, files, config, nav)


def build_extra_template(name: str, files: Any, config: Any, nav: Any) -> None:
    """Render one of the configuration's ``extra_templates`` (``_build_extra_template``)."""
    _build()._build_extra_template(name, files, config, nav)


@contextlib.contextmanager
def atomic_writes() -> Iterator[None]:
    """Make MkDocs write each output file atomically (temp file, rename) inside the
    block, by replacing ``mkdocs.utils.write_file``, which its build helpers call."""
    from mkdocs import utils

    original = utils.write_file

    def write_file(content: bytes, output_path: str) -> None:
        replace_file(Path(output_path), content)

    utils.write_file = write_file
    try:
        yield
    finally:
        utils.write_file = original


@contextlib.contextmanager
def linked_copies() -> Iterator[None]:
    """Make MkDocs hard-link static files into the site inside the block, by replacing
    ``mkdocs.utils.copy_file``, which ``File.copy_file`` calls."""
    import os
    import shutil

    from mkdocs import utils

    original = utils.copy_file

    def copy_file(source_path: str, output_path: str) -> None:
        os.makedirs(os.path.dirname(output_path), exist_ok=True)
        if os.path.isdir(output_path):
            output_path = os.path.join(output_path, os.path.basename(source_path))
        try:
            os.link(source_path, output_path)
        except FileExistsError:
            original(source_path, output_path)
        except OSError:  # another file system, or no links there
            shutil.copyfile(source_path, output_path)

    utils.copy_file = copy_file
    try:
        yield
    finally:
        utils.copy_file = original


class Linker:
    """Hard links into a new site, each folder made once (``os.makedirs`` asks the
    file system about every folder of the path, and ``File.copy_file`` then
    ``mkdocs.utils.copy_file`` ask again for each file: a whole build links every
    page, chart, download and notice of every year into a new site).

    The new site is made in the folder of the site before the live one when there
    is one (``present``: its files, with their inodes): a file there that already
    is the one to link (the same inode on the same device: a past month's notice, a
    past year's page) is kept as it is, instead of being deleted and linked again;
    ten years of notices are some 6,000 such files. ``inodes``: sources' inodes
    known from their folders' listings, on the new site's ``device``. Whatever of
    ``present`` no link claimed is deleted by ``sweep``, before anything is
    written into the new site, so that nothing is ever written into a file
    another site shares."""

    def __init__(self) -> None:
        self.folders: set[str] = set()
        self.present: dict[str, int] = {}
        self.inodes: dict[str, int] = {}
        self.device: int | None = None
        self.kept = 0  # files found in place
        # The folders of the new site that may hold nothing: those that held nothing
        # when listed (the caller's), those ``sweep`` deleted a file from.
        self.emptied: set[str] = set()

    def link(self, source: str, target: str) -> bool:
        """Whether ``target`` is now a hard link to ``source`` (or was already)."""
        there = self.present.pop(target, None)
        if there is not None:  # (``device`` is set only where listed inodes hold)
            inode = self.inodes.get(source)
            if inode is None:
                try:
                    st = os.stat(source)
                except OSError:
                    st = None
                inode = st.st_ino if st is not None and st.st_dev == self.device else None
            if inode == there and self.device is not None:
                self.kept += 1
                return True
            os.unlink(target)
        folder = os.path.dirname(target)
        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        try:
            os.link(source, target)
        except OSError:
            return False
        return True

    def sweep(self) -> int:
        """Delete the files of the old site no link claimed: how many."""
        gone = len(self.present)
        for path in self.present:
            os.unlink(path)
            self.emptied.add(os.path.dirname(path))
        self.present = {}
        return gone


def link_static_files(files: Any, linker: Linker) -> None:
    """``files.copy_static_files()`` inside ``linked_copies``, each file hard-linked by
    ``linker``; a file a plugin made (no source file) or one that cannot be linked
    (another file system, a file there already) is copied by MkDocs as before."""
    from mkdocs.structure.files import InclusionLevel

    with linked_copies():
        for file in files:
            if file.is_documentation_page() or not InclusionLevel.is_included(file.inclusion):
                continue
            if file.abs_src_path is None or not linker.link(file.abs_src_path,
                                                             file.abs_dest_path):
                file.copy_file()


class _ThemeListing:
    """``jinja2.Environment.list_templates`` of the theme's loader (a
    ``FileSystemLoader`` of ``config.theme.dirs``), without hidden folders."""

    def __init__(self, dirs: Sequence[str]) -> None:
        self.dirs = list(dirs)

    def list_templates(self, extensions: Any = None, filter_func: Any = None) -> list[str]:
        import os

        found = set()
        for searchpath in self.dirs:
            for dirpath, dirnames, filenames in os.walk(searchpath):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                for filename in filenames:
                    found.add(os.path.join(dirpath, filename)[len(searchpath):]
                              .strip(os.path.sep).replace(os.path.sep, "/"))
        names = sorted(found)
        return [n for n in names if filter_func(n)] if filter_func is not None else names


def add_theme_files(files: Any, config: Any) -> None:
    """``files.add_files_from_theme``, without walking the theme's hidden folders, whose
    files MkDocs' filter drops anyway (its patterns ``.*`` and ``*/.*``)."""
    files.add_files_from_theme(_ThemeListing(config.theme.dirs), config)


def _walk(top: str, inodes: dict[str, int]) -> Iterator[tuple[str, list[str], list[str]]]:
    """``os.walk(top, followlinks=True)``, top down, that also records each file's
    inode (``inodes``: path -> inode) from the folder's listing."""
    dirnames: list[str] = []
    filenames: list[str] = []
    with os.scandir(top) as entries:
        for entry in entries:
            if entry.is_dir():
                dirnames.append(entry.name)
            else:
                filenames.append(entry.name)
                inodes[entry.path] = entry.inode()
    yield top, dirnames, filenames
    for name in dirnames:
        yield from _walk(os.path.join(top, name), inodes)


def get_files(config: Any, outside: Callable[[str], bool]
              ) -> tuple[Any, list[str], dict[str, int]]:
    """``mkdocs.structure.files.get_files`` of MkDocs 1.6, without the files whose docs
    path ``outside`` takes: the files, those paths (folder by folder, each folder's by
    name), and the inode of every docs file by its path (for ``Linker.inodes``)."""
    from mkdocs.structure.files import File, Files, _file_sort_key, set_exclusions

    log = logging.getLogger("mkdocs.structure.files")
    files: list[Any] = []
    left: list[str] = []
    conflicting_files: list[tuple[Any, Any]] = []
    docs_dir = config["docs_dir"]
    inodes: dict[str, int] = {}
    for source_dir, dirnames, filenames in _walk(docs_dir, inodes):
        relative_dir = os.path.relpath(source_dir, docs_dir)
        dirnames.sort()
        # The files left out are taken out before MkDocs' sort (its key is Python, and
        # they are most of a street's: six thousand notices with ten years), in name
        # order; the others keep their order, as it sorts them.
        ours = []
        base = os.path.join(relative_dir, "").replace(os.sep, "/")  # (joined by hand)
        for filename in sorted(filenames):
            path = base + filename
            if outside(path):
                left.append(path)
            else:
                ours.append(filename)
        ours.sort(key=_file_sort_key)
        files_by_dest: dict[str, Any] = {}
        for filename in ours:
            path = os.path.join(relative_dir, filename)
            file = File(path, docs_dir, config["site_dir"], config["use_directory_urls"])
            prev_file = files_by_dest.setdefault(file.dest_uri, file)
            if prev_file is not file:
                conflicting_files.append((prev_file, file))
            files.append(file)
    set_exclusions(files, config)
    for a, b in conflicting_files:  # README.md beside index.md, as MkDocs does
        if b.inclusion.is_included():
            if a.inclusion.is_included():
                log.warning(f"Excluding '{a.src_uri}' from the site because it conflicts "
                            f"with '{b.src_uri}'.")
            with contextlib.suppress(ValueError):
                files.remove(a)
        else:
            with contextlib.suppress(ValueError):
                files.remove(b)
    return Files(files), left, inodes


def move_output(files: Any, site_dir: str) -> None:
    """Point every file's output at ``site_dir`` (``abs_dest_path`` is cached)."""
    for file in files:
        file.dest_dir = site_dir
        file.__dict__.pop("abs_dest_path", None)
