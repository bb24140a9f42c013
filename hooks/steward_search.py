"""MkDocs hook: make Chinese search work, and fail loudly when it cannot.

Material's search plugin segments Chinese with jieba only if jieba imports;
without it the build succeeds and search silently finds nothing. So this hook
refuses to build without jieba, loads our word list (化粪池, 物管会, 路灯 ...)
so that the words people search for are single tokens, and keeps jieba's
start-up chatter out of the build log. The search plugin's segmentation is
replaced by ``Segmenter``, which gives the same output but cuts each run of
Chinese characters once in a process (the same categories, statuses and
purposes come back on thousands of lines), and loads jieba's dictionary only
when something is to be cut.

It also keeps the big tables out of the way. The builder writes each big
table (ledger lines, issue lists, fee tables) as HTML escaped by
``site_builder.escape.esc_html``, wrapped in an HTML comment::

    <!--steward:html
    <table>...</table>
    -->

Before Python-Markdown reads a page, ``on_page_markdown`` takes every such
block out of it and leaves a small mark (``<!--steward:block 3-->``, an HTML
comment Python-Markdown keeps as it is), so thousands of rows cost neither
Markdown parsing nor the search plugin's HTML parsing nor jieba segmentation
(they are numbers and codes, and stay out of the search index; issue texts,
announcements and proposals are indexed as before). ``on_page_content`` tells
MkDocs about the ids in them (``line-12``), so links to a ledger line are
still checked (``validation: anchors``); ``on_page_context`` runs after the
search plugin (lowest priority) and puts the tables back in place of their
marks: the page is the same as if Python-Markdown had passed the tables
through. The links in them were made by the builder as MkDocs writes links
(``site_builder.filters.site_url``); ``on_page_content`` checks each as
MkDocs checks a Markdown link under ``--strict``: a link to no file of the
site is a warning, and its ``#anchor`` is checked against the page it points
to once every page is built. So the little menu and the year links at the top
of every area page are raw HTML too, and cost Python-Markdown nothing.

A block whose first line is ``<!--steward:search-->`` (a small one: an area's
table of compounds, a vote's tally, the volunteers' codes; the builder's
``site_builder.search_find`` says which) is put back by ``on_page_content``,
before the search plugin reads the page, so that its words are found like the
page's own: a resident searching for her community's name found nothing, as it
was written in such a table only.

A comment cannot end early: ``esc_html`` turns every ``<`` and ``>`` a
person typed into a character reference, so no ``-->`` (or ``--!>``), no
second ``<!--steward:html`` and no mark can come from user text.

What people do search for in those tables reaches the index another way,
small: a page may carry its compact search entries (each expense line's
number, amount, category and purpose; each issue's category and text; each
opinion) as JSON in a comment ``<!--steward:find\n[...]\n-->`` (made by
``site_builder.render.find``, with ``<``, ``>`` and ``&`` as JSON escapes
so that no text ends it). It is taken out with the tables, and
``on_page_context`` adds one search entry per item, linking to
``page#anchor``, segmented with jieba like every other entry. Their title
and text are already HTML-escaped (the search page shows them as HTML).

One more thing for phones, unrelated to search: a Markdown table of three
columns or more becomes a card per row there, as the builder's own tables do
(``_card_tables``, a small Markdown extension added in ``on_config``).
"""

from __future__ import annotations

import html as html_lib
import json
import logging
import posixpath
import re
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

WORDS = Path(__file__).resolve().parent / "zh_words.txt"

MARK = "<!--steward:html\n"
# The first line of a block the search reads (``site_builder.search_find.SEARCHED``).
SEARCHED = "<!--steward:search-->\n"
_BLOCK = re.compile(r"<!--steward:html\n(.*?)\n-->", re.S)
_PLACED = re.compile(r"<!--steward:block (\d+)-->")
_ID = re.compile(r' id="([^"]+)"')
FIND = "<!--steward:find\n"
_FIND = re.compile(r"\n?<!--steward:find\n(.*?)\n-->\n?", re.S)
_FOUND = "<!--steward:found-->"
_FOUND_RE = re.compile(r"\n?<!--steward:found-->\n?")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

# What a page's Markdown carried, kept beside the page from ``on_page_markdown``
# until ``on_page_context``: the tables (in order) and its compact search entries.
_BLOCKS = "_steward_blocks"
_FINDS = "_steward_finds"


def _jieba():  # type: ignore[no-untyped-def]
    """jieba, with our words: loaded when the first Chinese is to be cut (a build whose
    every page comes from the page cache never needs its dictionary)."""
    import jieba

    if not getattr(jieba, "_steward_words", False):
        jieba.load_userdict(str(WORDS))
        jieba._steward_words = True
    return jieba


class Segmenter:
    """The search plugin's Chinese segmentation (``SearchIndex._segment_chinese`` of
    Material: every run of Han characters cut by jieba, the words joined and
    surrounded by U+200B), with each run cut once in a process: the same output,
    without cutting "支出", "已解决" or "化粪池清掏" again on every line."""

    def __init__(self) -> None:
        from backrefs import bre

        # Material's own expression, as it compiles it; then plain ``re``.
        self._han = re.compile(bre.compile(r"(\p{script: Han}+)", bre.UNICODE).pattern)
        import jieba as module

        # Kept on the jieba module: this hook is loaded anew with every configuration.
        self._runs: dict[str, str] = module.__dict__.setdefault("_steward_runs", {})

    def _run(self, match: re.Match[str]) -> str:
        value = match.group(0)
        out = self._runs.get(value)
        if out is None:
            if len(self._runs) > 500_000:  # a bound, far above any street's words
                self._runs.clear()
            out = self._runs[value] = "\u200b" + "\u200b".join(_jieba().cut(value)) + "\u200b"
        return out

    def __call__(self, data: str) -> str:
        return self._han.sub(self._run, data).strip("\u200b")


def _card_tables():  # type: ignore[no-untyped-def]
    """A Markdown extension: each Markdown table of three columns or more (the
    hand-written pages' 核对 / 证明什么 / 不能证明什么, the security page's tables)
    becomes a card per row on a phone, as the builder's own tables do
    (``steward-table steward-cards`` in steward.css: the first cell heads the
    card, each other cell is labelled by its column): three columns of Chinese
    in 390 px are four characters a line, and a command in them breaks mid-word."""
    from markdown.extensions import Extension
    from markdown.treeprocessors import Treeprocessor

    class Cards(Treeprocessor):
        def run(self, root):  # type: ignore[no-untyped-def]
            for table in root.iter("table"):
                heads = ["".join(th.itertext()).strip() for th in table.iter("th")]
                if len(heads) < 3 or table.get("class"):
                    continue
                table.set("class", "steward-table steward-cards")
                for body in table.iter("tbody"):
                    for row in body.iter("tr"):
                        cells = row.findall("td")
                        if cells:  # the row's subject heads its card; the rest are labelled
                            cells[0].set("class", "title")
                        for head, cell in zip(heads[1:], cells[1:], strict=False):
                            if head and "\x02" not in head:  # no stashed markup
                                cell.set("data-label", head)

    class CardTables(Extension):
        steward_cards = True

        def extendMarkdown(self, md):  # type: ignore[no-untyped-def]  # noqa: N802
            md.treeprocessors.register(Cards(md), "steward_cards", 5)  # after inline

    return CardTables()


def on_config(config, **kwargs):  # type: ignore[no-untyped-def]
    try:
        import jieba
    except ImportError as exc:  # pragma: no cover - jieba is a pinned dependency
        raise PluginError("jieba is not installed: Chinese search would find nothing "
                          "(pip install jieba)") from exc
    jieba.setLogLevel(logging.WARNING)
    if not any(getattr(e, "steward_cards", False) for e in config.markdown_extensions):
        config.markdown_extensions.append(_card_tables())
    index = _search_index(config)
    if index is not None:
        # An attribute of this index object: the method it stands for, remembered.
        index._segment_chinese = Segmenter()
    return config


def unwrap(html: str) -> str:
    """The page with every wrapped table put in place."""
    if MARK not in html:
        return html
    return _BLOCK.sub(lambda m: m.group(1).removeprefix(SEARCHED), html)


def _take(markdown: str, start: str, mark: Any) -> tuple[str, list[str]]:
    """``markdown`` with each ``start ... \n-->`` comment replaced by ``mark(n)``, and
    the comments' insides, in order."""
    parts: list[str] = []
    taken: list[str] = []
    at = 0
    while (begin := markdown.find(start, at)) >= 0:
        end = markdown.find("\n-->", begin + len(start) - 1)
        if end < 0:
            break  # not closed: Python-Markdown reads it as before
        parts += (markdown[at:begin], mark(len(taken)))
        taken.append(markdown[begin + len(start):end])
        at = end + len("\n-->")
    if not taken:
        return markdown, taken
    parts.append(markdown[at:])
    return "".join(parts), taken


# The address hand-written pages give for this site (content/verify.md's commands):
# the site's own once it has one (``site_url``), so that a reader can copy them.
OWN_ADDRESS = "https://本站地址/"


def on_page_markdown(markdown, page, config, files):  # type: ignore[no-untyped-def]
    """Take the tables and the compact search entries out of the page's Markdown; put
    the site's address in place of ``OWN_ADDRESS``."""
    site_url = config.get("site_url") or ""
    if site_url and OWN_ADDRESS in markdown:
        markdown = markdown.replace(OWN_ADDRESS, site_url.rstrip("/") + "/")
    markdown, blocks = _take(markdown, MARK, "<!--steward:block {}-->".format)
    markdown, finds = _take(markdown, FIND, lambda n: _FOUND)
    setattr(page, _BLOCKS, blocks)
    setattr(page, _FINDS, finds)
    return markdown


# A line break of the Markdown source between two Chinese characters or marks: a
# browser shows it as a space ("余额。 所以", "两位小数 （收入"); Chinese has none.
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u201c\u201d"
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}])")
_PRE = re.compile(r"(<pre[\s>].*?</pre>)", re.S)


# A word of inline code with a hyphen in it: a phone broke "--check" after "--".
# The closing marks right after the code are read with it (_with_marks).
_CODE = re.compile(r"(<code(?: [^>]*)?>)([^<]*)(</code>)([）)」』，。、；：！？”’》〉】,.;:!?]*)")
_HYPHENED = re.compile(r"[^\s]*-[^\s]*")
# Where the last word of code a mark follows breaks when it must (it and its marks are
# wider than the line): after a "_", "/", ".", ":" or "-" inside it, not after a
# command's leading "/" or "--".
_JOINTS = re.compile(r"(?<=[^\s/._:-][_/.:-])(?=[^\s/._:-])")


def _hyphened(text: str) -> str:
    return _HYPHENED.sub(lambda w: f'<span class="steward-whole">{w.group(0)}</span>', text)


def _with_marks(opening: str, text: str, closing: str, marks: str) -> str:
    """Code a closing mark follows ("/unpublish）。", "--head。", "test_x.py、"), its last
    word in one box with the marks (.steward-codemark, an inline-block no wider than the
    line, as .steward-whole is). Code breaks anywhere where it must (a long test name at
    320 px with the text at 200 %), and the browser broke it at its very end, so that the
    marks began the next line: now the last word goes to the next line with its marks,
    and if they are wider than the line, it breaks inside after its "_", "/", ".", ":" or
    "-" (<wbr>), or, a word without any (a hash, "/linkgroup"), before any letter but its
    last (.steward-letters: word-break: break-all, and no line begins with a closing
    mark). The words before the last stay as they were: nothing is wider than before."""
    head, space, tail = text.rpartition(" ")
    whole = "steward-" in opening  # code kept whole ({: .steward-whole }): all of it
    if whole:
        head, space, tail = "", "", text
    kind = "steward-codemark"
    if _JOINTS.search(tail):
        tail = _JOINTS.sub("<wbr>", tail)
    else:
        kind += " steward-letters"
    out = opening + _hyphened(head) + closing + space if space else ""
    tail = tail if whole else _hyphened(tail)
    return f'{out}<span class="{kind}">{opening}{tail}{closing}{marks}</span>'


def _whole_words(m: re.Match[str]) -> str:
    opening, text, closing, marks = m.groups()
    if marks and text.strip() and not text.endswith(" "):
        return _with_marks(opening, text, closing, marks)
    if "steward-" in opening:  # kept whole already ({: .steward-whole })
        return m.group(0)
    return opening + _hyphened(text) + closing + marks


def _join_chinese_lines(html: str) -> str:
    """``html`` without the line breaks between Chinese text, and each word with a
    hyphen in its inline code kept on one line, outside ``<pre>``."""
    parts = _PRE.split(html)
    return "".join(part if n % 2 else _CODE.sub(_whole_words, _CJK_BREAK.sub("", part))
                   for n, part in enumerate(parts))


def on_page_content(html, page, config, files):  # type: ignore[no-untyped-def]
    html = _join_chinese_lines(html)
    blocks = getattr(page, _BLOCKS, None) or ()
    if page.present_anchor_ids is not None:
        for block in blocks:
            if ' id="' in block:
                page.present_anchor_ids.update(_ID.findall(block))
    for block in blocks:
        if 'href="' in block or 'src="' in block:
            _check_links(page, block, files, config)
    if any(block.startswith(SEARCHED) for block in blocks):
        html = _PLACED.sub(lambda m: _searched(blocks, m), html)
    return html


# Where two cells, two rows or the lines of a cell meet with no space between them.
_JOINED = re.compile(r"(</t[dhr]>(?=<)|<br ?/?>)")


def _searched(blocks: list[str], mark: re.Match[str]) -> str:
    """A block the search reads, in place of its mark (before the search plugin reads
    the page); the others' marks stay until ``on_page_context``. A line break between
    its cells, rows and a cell's lines (nothing a browser shows): the search took
    "物管会主任甲</td><td>物管会主任" as one word."""
    block = blocks[int(mark.group(1))]
    if not block.startswith(SEARCHED):
        return mark.group(0)
    return _JOINED.sub("\\1\n", block[len(SEARCHED):])


_LINK = re.compile(r' (?:href|src)="([^"]*)"')
_URLS = "_steward_urls"
log = logging.getLogger("mkdocs.hooks.steward_search")


def _check_links(page, block: str, files, config) -> None:  # type: ignore[no-untyped-def]
    """Check the links of a raw HTML block as MkDocs checks a Markdown page's: each
    relative URL must be one of the site's files or pages (a warning, which fails a
    strict build, if not), and each ``#anchor``: on this page at once, on another
    once every page is built (``page.links_to_anchors``), at the level of
    ``validation.anchors``. The links were made by the
    builder from docs paths (``site_builder.filters.site_url``): directory URLs."""
    urls = getattr(files, _URLS, None)
    if urls is None:  # the URL of every file, made once per build
        urls = {f.url: f for f in files}
        setattr(files, _URLS, urls)
    here = page.url if page.url.endswith("/") or not page.url else posixpath.dirname(page.url)
    for link in _LINK.findall(block):
        if not link or ":" in link.split("/", 1)[0] or link.startswith(("/", "?")):
            continue  # another site, or not a path (MkDocs leaves those alone too)
        path, _, anchor = link.partition("#")
        target = page.file
        if path:
            url = posixpath.normpath(posixpath.join(here, path))
            url = "" if url == "." else url + "/" if path.endswith("/") else url
            target = urls.get(url)
            if target is None:  # perhaps a file added since (a photo, page by page)
                urls = {f.url: f for f in files}
                setattr(files, _URLS, urls)
                target = urls.get(url)
            if target is None and url in getattr(files, "steward_pending", ()):
                continue  # copied into the site after MkDocs (a notice still being drawn)
            if target is None and url in getattr(files, "steward_outside", ()):
                continue  # put into the site by the builder, not MkDocs (the notices)
            if target is None:
                log.warning(f"Doc file '{page.file.src_uri}' contains a link '{link}' in "
                            "raw HTML, which is not one of the site's files")
                continue
        if not anchor:
            continue
        if target is page.file:  # this page's own ids are all known by now
            if page.present_anchor_ids is not None and anchor not in page.present_anchor_ids:
                log.log(config.validation.links.anchors,
                        f"Doc file '{page.file.src_uri}' contains a link '{link}' in raw "
                        "HTML, but there is no such anchor on this page.")
        elif page.links_to_anchors is not None:
            page.links_to_anchors.setdefault(target, {}).setdefault(anchor, link)


class NavOnce:
    """Material's navigation (``partials/nav.html``) made once for all the pages of a
    folder that are not in it (``overrides/partials/nav.html`` calls this around
    Material's own partial). Such a page has no active item, and the links are
    relative to its folder (``areas/east/`` for ``areas/east/accounts/``), so its
    navigation is the same HTML as its neighbours': made for the first, then
    copied. A page in the navigation, or in a folder with navigation pages below
    it, has its own made as usual."""

    def __init__(self) -> None:
        self._made: dict[str, str] = {}

    def __call__(self, page, nav, caller):  # type: ignore[no-untyped-def]
        key = self._key(page, nav)
        if key is None:
            return caller()
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = caller()
        return made

    @staticmethod
    def _key(page, nav) -> str | None:  # type: ignore[no-untyped-def]
        if page is None or nav is None or not getattr(page, "url", None):
            return None
        folder = page.url.rstrip("/").rpartition("/")[0]
        if not folder:
            return None
        inside = folder + "/"
        for item in nav.pages:
            if item is page or (item.url.startswith(inside) and item.url != inside):
                return None
        return folder


def on_env(env, config, files):  # type: ignore[no-untyped-def]
    import jinja2

    # Material's own templates also as "material/...", for overrides that wrap them.
    theme = [d for d in config.theme.dirs if d != config.theme.custom_dir]
    env.loader = jinja2.ChoiceLoader([env.loader, jinja2.PrefixLoader(
        {"material": jinja2.FileSystemLoader(theme)})])
    env.globals["steward_nav"] = NavOnce()
    return env


def _search_index(config):  # type: ignore[no-untyped-def]
    for name, plugin in config.plugins.items():
        if name.split("/")[-1] == "search" and hasattr(plugin, "search_index"):
            return plugin.search_index
    return None


_SEGMENT: Segmenter | None = None


def _segment(index, text: str) -> str:  # type: ignore[no-untyped-def]
    """Chinese split into words joined by U+200B, as the search plugin does."""
    segment = getattr(index, "_segment_chinese", None)
    if segment is not None:
        return str(segment(text))
    global _SEGMENT
    if _SEGMENT is None:
        _SEGMENT = Segmenter()
    return _SEGMENT(text)


def add_found(html: str, url: str, index,  # type: ignore[no-untyped-def]
              title: str | None = None) -> str:
    """The page without its compact search entries, which go into ``index`` (after an
    entry of the page itself titled ``title``, when given: see ``_add_page``)."""
    if FIND not in html:
        return html
    if title is not None:
        _add_page(index, url, title)

    def take(match: re.Match[str]) -> str:
        _add(index, url, match.group(1))
        return "\n"

    return _FIND.sub(take, html)


_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)


def _excluded_title(page) -> str | None:  # type: ignore[no-untyped-def]
    """The title of a page kept out of the search (``search: exclude``: an earlier
    year's accounts or issues, not indexed whole), else None."""
    meta = getattr(page, "meta", None) or {}
    search = meta.get("search")
    if not (isinstance(search, dict) and search.get("exclude")):
        return None
    h1 = _H1.search(page.content or "")  # as the search plugin titles a page it indexes
    title = html_lib.unescape(re.sub(r"<[^>]+>", "", h1.group(1))).strip() if h1 else ""
    return title or str(meta.get("title") or page.title or page.url)


def _add_page(index, url: str, title: str) -> None:  # type: ignore[no-untyped-def]
    """An entry of the page alone, without its text: Material's search shows an entry
    "page#anchor" under the entry of its page and drops one whose page is not in the
    index, so an earlier year's lines and issues were found by no query (2024's
    "下水井盖" ¥260.00 in the auditor's trial)."""
    if index is not None:
        index.entries.append({"location": url, "title": _segment(index, title), "text": ""})


def _add(index, url: str, found: str) -> None:  # type: ignore[no-untyped-def]
    if index is None:
        return
    for item in json.loads(found):
        index.entries.append({
            "location": f"{url}#{item['anchor']}",
            "title": _segment(index, item["title"]),
            "text": _segment(index, item["text"])})


# The site's own words a phone broke in two at 390 px ("（4 个管理区 / 域）", "每个小区（管理区 /
# 域）"): kept on one line wherever they are in a page's text (the next "<" comes before
# any ">": not inside a tag's attribute, data-label="小区（管理区域）").
TERMS = ("管理区域",)
_TERMS = re.compile(f"(?:{'|'.join(TERMS)})(?=[^<>]*<)")
# A date and time (a fraction) kept whole in two parts, and the closing marks after it:
# after a part kept whole a line may begin anywhere, and at 390 px with 200 % text lines
# began "，截止日过后": the marks join its last part, short (10:00，), as filters.dates_whole
# does for the figures it finds in a sentence. (A date kept whole in one piece keeps its
# marks outside: "2025-05-28）：" whole was wider than a reply's box at 320 px.)
_MARKS_AFTER = re.compile(r'(<span class="steward-date steward-parts"><span class="steward-whole">'
                          r'[^<]*</span>(?:<wbr>| )<span class="steward-whole">[^<]*)'
                          r'(</span></span>)([，。、；：）！？]+)')


def kept_whole(html: str) -> str:
    """``html`` with each of ``TERMS`` in its text kept on one line (.steward-whole), and
    the closing marks after a date and time kept whole on its last line."""
    if any(term in html for term in TERMS):
        html = _TERMS.sub(lambda m: f'<span class="steward-whole">{m.group(0)}</span>', html)
    if 'class="steward-date steward-parts' in html:
        html = _MARKS_AFTER.sub(r"\1\3\2", html)
    return html


@event_priority(-100)  # after the search plugin has indexed the page
def on_page_context(context, page, config, nav):  # type: ignore[no-untyped-def]
    blocks, finds = getattr(page, _BLOCKS, None), getattr(page, _FINDS, None)
    if page.content and blocks is None:  # the page's Markdown did not pass through us
        page.content = add_found(unwrap(page.content), page.url, _search_index(config),
                                 _excluded_title(page))
    elif page.content:
        if finds:
            index = _search_index(config)
            title = _excluded_title(page)
            if title is not None:
                _add_page(index, page.url, title)
            for found in finds:
                _add(index, page.url, found)
            page.content = _FOUND_RE.sub("\n", page.content)
        if blocks:
            page.content = _PLACED.sub(lambda m: blocks[int(m.group(1))].removeprefix(SEARCHED),
                                       page.content)
    if page.content:
        page.content = kept_whole(page.content)
    setattr(page, _BLOCKS, None)
    setattr(page, _FINDS, None)
    return context
