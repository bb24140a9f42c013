"""MkDocs kept open between builds, so that a publish rebuilds only what changed.

``mkdocs build`` always starts from nothing: it reads every page, converts
every page's Markdown, renders every page with the theme and indexes every
page for search. For a street of 50 areas that is most of a minute, for an
approval that changed three pages. A :class:`MkDocsSession` does the first
build the same way (the same MkDocs functions: this file follows
``mkdocs.commands.build.build`` of MkDocs 1.6), with two differences: a page
found unchanged in the page cache (``site_builder.page_cache``) is taken
from it instead of being converted, and a page outside the navigation is
converted just before it is rendered, then lets go of its HTML, so that a
whole street's pages are never held at once. The pages it has to make (a
first build: all of them) are made in two processes when there are enough
(``TWO_PROCESSES``; ``site_builder.shared``): each converts, renders and writes
the pages it takes, and the other process's search entries, anchors, links to
anchors and warnings come back, so that the search index, the anchor checks and
``--strict`` are those of one process. The files the builder names ``outside``
(the monthly notice PDFs, which only raw HTML links to: two thirds of a street's
files with ten years of history) are not given to MkDocs at all
(``private.get_files``): the session links them into the site itself, and the
search hook's link check takes them as present. It keeps the configuration, the
files, the navigation, the theme's Jinja environment and every page's
anchors. ``update`` then takes the docs files whose bytes changed and

* converts and renders only the pages built from them (the navigation and the
  other pages are unchanged, since no page was added or removed);
* replaces their entries in the search index, and writes the index again;
* copies changed static files (SVG, CSV, JSON, photos) and deletes removed ones;
* checks the changed pages' links as ``--strict`` does, and fails the same way.

A page added or removed changes the navigation of every page, so ``update``
says so (returns ``False``) and the caller builds the whole site again. Every
file is replaced atomically, so a web server never sends half a page.

The MkDocs stages it calls have no public API; they are reached only through
``site_builder.mkdocs_private``, which says why each is needed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2

from . import mkdocs_private as private
from .files import drop_empty_folders, link_file, listed_inodes_hold, replace_file, scan_files
from .page_cache import PageCache, link_targets, project_digest
from .page_parts import (
    Built,
    file_at,
    front_matter,
    pack_anchors,
    page_of,
    release_pages,
    restore_built,
    restore_cached,
    validate_anchor_links,
)
from .search_index import pack, search_head, search_index, search_json
from .shared import share
from .strict import Warnings, abort_on_warnings, load_config_strictly, strict_warnings

__all__ = ["MkDocsSession", "drop_spares", "spares"]

log = logging.getLogger(__name__)


# The pages a whole build makes in two processes when it has at least so many to make
# (fewer: one process, as forking and the second process's start cost more than they save).
TWO_PROCESSES = 40


def _reuse(live: str, dest: str, linker: private.Linker) -> None:
    """The live site's file of a page into the new site: a hard link (the same
    file, no copy), or a copy that keeps its time where links are not possible."""
    if not linker.link(live, dest):
        link_file(Path(live), Path(dest))


def spares(site_dir: Path) -> list[Path]:
    """The copies of earlier sites kept beside ``site_dir``: the one the last whole
    build replaced (``.site.spare``, the folders of the next whole build), and one an
    older version left (``.site.old``)."""
    site_dir = Path(site_dir)
    return [site_dir.with_name(f".{site_dir.name}.{tail}") for tail in ("spare", "old")]


def drop_spares(site_dir: Path) -> bool:
    """Delete the copies of earlier sites kept beside ``site_dir`` (``spares``): a
    page, download or search index in them may still hold words taken off the site
    since (a forgotten person's). Whether there was one."""
    found = False
    for gone in spares(site_dir):
        if gone.exists():
            shutil.rmtree(gone)
            found = True
    return found


class MkDocsSession:
    """One MkDocs project built once in full, then page by page."""

    def __init__(self, project_dir: Path, site_dir: Path, overrides: dict[str, Any],
                 *, workers: int | None = None,
                 outside: Callable[[str], bool] | None = None) -> None:
        self.project_dir = Path(project_dir)
        self.workers = workers  # processes for a whole build's pages (None: as the CPUs)
        self.site_dir = Path(site_dir).resolve()
        self.overrides = dict(overrides)
        self.config: Any = None
        self.files: Any = None
        self.nav: Any = None
        self.env: Any = None
        self._pages: set[str] = set()  # docs paths of the Markdown pages built
        # docs path -> its page's search entries (JSON, compressed: ``search_index.pack``)
        self._found: dict[str, bytes] = {}
        # Docs files pages may link to that are not there yet: the builder copies them
        # into the site after MkDocs (the monthly notices drawn meanwhile). The search
        # hook's check of raw HTML links takes them as present (``Files.steward_pending``).
        self.pending: set[str] = set()
        # Which docs files MkDocs is not told of (``private.get_files``): the session
        # links them into the site itself. Only raw HTML links to them, which the
        # search hook checks against them (``Files.steward_outside``).
        self.outside = outside or (lambda path: False)
        self._outside: set[str] = set()  # the docs paths of those of the last build
        self.cache: PageCache | None = None
        self.reused = 0  # pages of the last whole build taken from the cache

    # -- the whole site -------------------------------------------------------

    def build(self) -> Path:
        """Build the whole site into a staging folder, then swap it in. One that fails
        leaves the live site as it was and deletes its staging folder: it held the
        copy of an earlier site (``.site.spare``, moved there first), words taken off
        the site since among them, until a build succeeded."""
        staging = self.site_dir.with_name(f".{self.site_dir.name}.building")
        try:
            return self._build_whole(staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    def _build_whole(self, staging: Path) -> Path:
        from mkdocs.exceptions import Abort, BuildError
        from mkdocs.structure.files import set_exclusions
        from mkdocs.structure.nav import get_navigation
        from mkdocs.structure.pages import Page

        self.close()
        config_file = self.project_dir / "mkdocs.yml"
        if not config_file.is_file():
            raise FileNotFoundError(f"{config_file}: no MkDocs configuration here")
        spare = self.site_dir.with_name(f".{self.site_dir.name}.spare")
        if staging.exists():
            shutil.rmtree(staging)
        linker = private.Linker()  # the new site's folders, each made once
        if spare.is_dir():
            # The site before the live one becomes the new one: its folders (one per
            # page: making and removing them cost more than linking the files), and
            # its files that are already the ones to link (``private.Linker``); the
            # rest are deleted before anything is written, and the folders left
            # empty are removed before the swap.
            os.replace(spare, staging)
            bare: list[str] = []
            linker.present, linker.folders = scan_files(staging, bare)
            linker.emptied.update(bare)
            if listed_inodes_hold(linker.present):
                linker.device = os.stat(staging).st_dev
            else:  # numbers not to be trusted here: every file is linked again
                linker.sweep()
        config = load_config_strictly(config_file, site_dir=str(staging), **self.overrides)
        config.plugins.on_startup(command="build", dirty=False)
        self.config = config
        with strict_warnings(bool(config.strict)) as counter:
            try:
                config = config.plugins.on_config(config)
                self.config = config
                config.plugins.on_pre_build(config=config)
                files, outside, inodes = private.get_files(config, self.outside)
                if linker.device is not None and listed_inodes_hold(inodes) and \
                        os.stat(config.docs_dir).st_dev == linker.device:
                    linker.inodes = inodes
                env = config.theme.get_env()
                # The theme's templates compiled once for every later build (Jinja's
                # own cache, keyed by each template's source).
                jinja_cache = self.project_dir / ".cache" / "jinja"
                jinja_cache.mkdir(parents=True, exist_ok=True)
                env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(jinja_cache))
                private.add_theme_files(files, config)
                files = config.plugins.on_files(files, config=config)
                set_exclusions(files, config)
                files.steward_pending = self.pending  # type: ignore[attr-defined]
                files.steward_outside = set(outside)  # type: ignore[attr-defined]
                nav = get_navigation(files, config)
                nav = config.plugins.on_nav(nav, config=config, files=files)
                cache = self.cache = PageCache(self.project_dir / ".cache" / "pages",
                                               project_digest(self.project_dir, self.overrides))
                keys: dict[str, str] = {}
                targets: dict[str, list[str]] = {}
                hits: dict[str, bytes] = {}  # docs path -> search entries of a page reused
                in_nav = {page.file.src_uri for page in nav.pages}
                # Paths joined as strings, by hand (``os.path.join`` is Python, and every
                # page and notice of every year is joined): these folders are absolute
                # and the docs paths relative, so each is folder + "/" + path.
                live = os.path.join(str(self.site_dir), "")

                def convert(file: Any) -> None:
                    private.populate_page(page_of(file), config, files)
                    targets[file.src_uri] = link_targets(file.src_uri, page_of(file).markdown or "")
                    page_of(file).markdown = None  # converted: only the HTML is read on

                for file in files.documentation_pages():
                    if file.page is None and file.inclusion.is_not_in_nav():
                        Page(None, file, config)
                    source: bytes | None = None

                    def read(file: Any = file) -> bytes:
                        nonlocal source
                        source = file.content_bytes
                        return source

                    keys[file.src_uri] = key = (
                        cache.key_of(file.src_uri, file.abs_src_path, read)
                        if file.abs_src_path else cache.key(file.src_uri, read()))
                    record = cache.get(key, live + file.dest_uri)
                    if record is not None and any(file_at(files, t) is None
                                                  for t in record.get("targets", ())):
                        record = None  # it links to a file gone: MkDocs is to say so
                    if record is not None:
                        linker.inodes[live + file.dest_uri] = record["inode"]
                        restore_cached(page_of(file), record, config, files, source)
                        hits[file.src_uri] = record["search"]  # the rest let go now
                    elif file.src_uri in in_nav:
                        convert(file)
                # The pages outside the navigation (every area's) are converted one
                # at a time just before they are rendered, so that only one page's
                # HTML is held at once: no page's output reads another's content.
                env = config.plugins.on_env(env, config=config, files=files)
                private.link_static_files(files, linker)
                docs, new = os.path.join(config.docs_dir, ""), os.path.join(str(staging), "")
                for rel in outside:  # thousands
                    origin, dest = docs + rel, new + rel
                    if not linker.link(origin, dest):
                        link_file(Path(origin), Path(dest))
                doc_files = files.documentation_pages()
                self.reused = len(hits)
                for file in doc_files:
                    if file.src_uri in hits:  # the same page as the live site's
                        _reuse(live + file.dest_uri, file.abs_dest_path, linker)
                        cache.use(file.src_uri, keys[file.src_uri])
                # Everything linked: what is left of the old site goes before anything
                # is written (it may share its files with the live site or the docs).
                linker.sweep()
                for template in config.theme.static_templates:
                    private.build_theme_template(template, env, files, config, nav)
                for template in config.extra_templates:
                    private.build_extra_template(template, files, config, nav)

                def make(file: Any) -> Built:
                    """Convert (unless done above), render and write a page; what the
                    rest of the build needs of it (in the process that made it)."""
                    if file.src_uri not in targets:
                        convert(file)
                    page = page_of(file)
                    search = self._build_page(page, doc_files, nav, env)
                    anchors = pack_anchors(page.present_anchor_ids or ())
                    recorded = cache.put(file.src_uri, keys[file.src_uri], page,
                                         (anchors, search), Path(file.abs_dest_path),
                                         targets.pop(file.src_uri),
                                         front_matter(page, config)[1])
                    page.content = None  # written; its anchors are kept apart
                    return Built(search, anchors,
                                  {to.src_uri: dict(anchors) for to, anchors
                                   in (page.links_to_anchors or {}).items()}, recorded)

                todo = [file for file in doc_files if file.src_uri not in hits]
                searches: dict[str, bytes] = {}
                for file, made in zip(todo, self._make_all(todo, make, counter), strict=True):
                    restore_built(page_of(file), made, files)
                    if made.recorded:
                        cache.use(file.src_uri, keys[file.src_uri])
                    searches[file.src_uri] = made.search
                self._found = {file.src_uri: hits.pop(file.src_uri)
                               if file.src_uri in hits else searches.pop(file.src_uri)
                               for file in doc_files}
                validate_anchor_links([page_of(file) for file in doc_files], files,
                                      config.validation.links.anchors)
                config.plugins.on_post_build(config=config)
                self._write_search(staging, [(f.src_uri, keys[f.src_uri]) for f in doc_files])
                abort_on_warnings(counter)
            except Exception as exc:
                config.plugins.on_build_error(error=exc)
                self.close()
                if isinstance(exc, BuildError):
                    raise Abort("Aborted with a BuildError!") from exc
                raise
        if linker.folders:  # the folders of pages and files gone since (nothing else
            # deletes a file in the new site: every other folder holds one)
            drop_empty_folders(staging, only=linker.emptied)
        # Swap the new site in: a server reading site/ sees the old or the new one.
        # The old one is kept aside for the next whole build (its folders: above).
        drop_spares(self.site_dir)
        if self.site_dir.exists():
            os.replace(self.site_dir, spare)
        os.replace(staging, self.site_dir)
        # From now on the pages are written into the live site.
        config.site_dir = str(self.site_dir)
        private.move_output(files, str(self.site_dir))
        self.files, self.nav, self.env = files, nav, env
        self._outside = files.steward_outside  # type: ignore[attr-defined]
        self._pages = {f.src_uri for f in doc_files}
        cache.prune()
        release_pages(doc_files)
        return self.site_dir

    def outside_added(self, paths: Iterable[str]) -> None:
        """Files the builder copied into the site once MkDocs was done (the notices
        drawn meanwhile, ``pending`` then): later updates take links to them as
        present. Before, the first update after a whole build that rendered a page
        linking to one (an area's overview) failed its strict check and fell back to
        a whole build."""
        self._outside.update(p for p in paths if self.outside(p))

    # -- what changed -----------------------------------------------------------

    def update(self, changed: Iterable[str], removed: Iterable[str] = ()) -> bool:
        """Rebuild the pages and files made from the docs files ``changed`` (paths
        under the docs folder); delete what ``removed`` gave. ``False`` when that
        cannot be done page by page (no full build yet, or a page was added or
        removed): then call ``build``."""
        if self.config is None:
            return False
        changed, removed = sorted(set(changed)), sorted(set(removed))
        pages = [p for p in changed if p.endswith(".md")]
        if any(p not in self._pages for p in pages) or \
                any(p.endswith(".md") for p in removed):
            return False
        from mkdocs.structure.files import File

        config, files = self.config, self.files
        files.steward_pending = self.pending
        # Static files first (a changed page may link to a new photo).
        for rel in changed:
            if rel.endswith(".md"):
                continue
            if self.outside(rel):
                self._outside.add(rel)
            elif files.get_file_from_path(rel) is None:
                files.append(File(rel, config.docs_dir, str(self.site_dir),
                                  config.use_directory_urls))
            replace_file(self.site_dir / rel, (Path(config.docs_dir) / rel).read_bytes())
        for rel in removed:
            self._outside.discard(rel)
            gone = files.get_file_from_path(rel)
            if gone is not None:
                files.remove(gone)
            with contextlib.suppress(FileNotFoundError):
                (self.site_dir / rel).unlink()
        with strict_warnings(bool(config.strict)) as counter, private.atomic_writes():
            built = []
            for rel in pages:
                page = files.get_file_from_path(rel).page
                private.populate_page(page, config, files)
                built.append(page)
            doc_files = files.documentation_pages()
            for page in built:
                src = page.file.src_uri
                self._found[src] = self._build_page(page, doc_files, self.nav, self.env)
                if self.cache is not None:
                    self.cache.put(src, self.cache.key(src, page.file.content_bytes), page,
                                   (pack_anchors(page.present_anchor_ids or ()),
                                    self._found[src]), Path(page.file.abs_dest_path),
                                   link_targets(src, page.markdown or ""),
                                   front_matter(page, config)[1])
            validate_anchor_links(built, files, config.validation.links.anchors)
            abort_on_warnings(counter)
            release_pages(doc_files)
            if built:
                self._write_search(self.site_dir)
        return True

    def _make_all(self, todo: list[Any], make: Callable[[Any], Built],
                  counter: Warnings) -> list[Built]:
        """``make`` of every page of ``todo``, in two processes when there are enough
        (``site_builder.shared``): the first page here, before the fork, so that what
        loads at the first page (jieba's dictionary, the templates) loads once for
        both; the warnings the other process logged counted here."""
        if not todo:
            return []
        first = make(todo[0])
        before = counter.state()
        rest, tails = share(todo[1:], make, workers=self.workers, least=TWO_PROCESSES,
                            tail=lambda: counter.since(before))
        for tail in tails:
            counter.add(tail)
        return [first, *rest]

    def _build_page(self, page: Any, doc_files: Any, nav: Any, env: Any) -> bytes:
        """Render and write one converted page; its search entries, as JSON compressed
        (``search_index``)."""
        entries = self._search_entries()
        first = len(entries)
        private.build_page(page, self.config, doc_files, nav, env)
        found = pack(search_json(entries[first:]))
        del entries[first:]  # kept as compressed JSON, one a page, until the index is written
        return found

    def _write_search(self, site_dir: Path, keys: list[tuple[str, str]] | None = None) -> None:
        """Write the search index: Material's, with every page's entries in page order.
        A whole build (``keys``: each page's path and cache key, in order) links the
        live site's index instead when it was made from the same (every page taken
        from the cache, in the same order: the same bytes)."""
        plugin = self._search_plugin()
        if plugin is None:
            return
        target = site_dir / "search" / "search_index.json"
        made = self.cache.search_key(search_head(plugin), keys) \
            if keys is not None and self.cache is not None else None
        live = self.site_dir / "search" / "search_index.json"
        if made is not None and self.cache is not None and self.cache.same_search(made, live):
            link_file(live, target)
            return
        replace_file(target, search_index(plugin, self._found.values()))
        if made is not None and self.cache is not None:
            self.cache.saw_search(made, target)

    def _search_entries(self) -> list[dict[str, Any]]:
        """The search index's entries (a throwaway list when there is no search)."""
        search = self._search_plugin()
        return search.search_index.entries if search is not None else []

    def _search_plugin(self) -> Any:
        for name, plugin in self.config.plugins.items():
            if name.split("/")[-1] == "search" and hasattr(plugin, "search_index"):
                return plugin
        return None

    def close(self) -> None:
        if self.config is not None:
            self.config.plugins.on_shutdown()
        self.config = self.files = self.nav = self.env = None
        self._pages = set()
        self._found = {}
