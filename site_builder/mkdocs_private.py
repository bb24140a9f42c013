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
* ``move_output``: a file's ``abs_dest_path`` is a ``cached_property`` computed
  from ``dest_dir``; after the first build is swapped into place the files must
  point at the live folder, so the cached value is dropped with the new
  ``dest_dir``.

And of Material's search plugin: ``drop_search_entries`` replaces the entries of
the rebuilt pages in its in-memory index (``SearchIndex.entries``), which the
plugin keeps between pages of one build but offers no call to edit.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .files import replace_file

__all__ = ["MKDOCS_VERSION", "populate_page", "build_page", "build_theme_template",
           "build_extra_template", "atomic_writes", "move_output", "drop_search_entries"]

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


def move_output(files: Any, site_dir: str) -> None:
    """Point every file's output at ``site_dir`` (``abs_dest_path`` is cached)."""
    for file in files:
        file.dest_dir = site_dir
        file.__dict__.pop("abs_dest_path", None)


def drop_search_entries(search_plugin: Any, page_url: str) -> None:
    """Remove a page's entries from Material's search index before it is rebuilt."""
    index = search_plugin.search_index
    index.entries = [e for e in index.entries if e["location"].split("#", 1)[0] != page_url]
