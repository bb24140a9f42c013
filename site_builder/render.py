"""Stage three of the build: collected data -> Markdown pages and data files.

Templates are ``*.md.j2`` files under ``site_builder/templates/``; a
deployment overrides any of them by putting a file of the same name in
``<project>/templates/`` (a ``ChoiceLoader`` looks there first). Partials
start with ``_``.

Every ``{{ value }}`` passes through ``escape.esc`` unless it is ``Markup``
(the environment's ``finalize``), so a template cannot print what a person
typed without escaping it. Only the helpers below make ``Markup``, from
numbers, fixed words and paths built from configuration ids.

Big tables are ``*.html.j2`` partials, printed into a page with
``{{ html("_name.html.j2") }}`` as a raw HTML block: Python-Markdown passes
such a block through without inline processing, which is most of what a
build of thousands of ledger lines used to cost. Those partials have their
own environment whose ``finalize`` is ``escape.esc_html`` (inside raw HTML no
Markdown is read, so HTML escaping is the whole job); their links are real
URLs, made by ``url()`` from the docs path as MkDocs would (directory URLs),
since MkDocs does not rewrite links inside raw HTML.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from db.places import COMPOUND_START

from .blocks import Blocks
from .charts import category_chart, monthly_chart
from .collect_events import grouped
from .columns import ledger_codes, ledger_columns
from .escape import Markup, esc, esc_html, title_text
from .exports import area_downloads, atom_feed, page_url, street_downloads
from .filters import (
    check_path,
    file_name,
    finalizer,
    month_end,
    number_filters,
    short,
    site_url,
)
from .heads import head_files
from .kept import Kept
from .qr import qr_svg
from .search_find import (
    RECORDS,
    SEARCHED,
    find,
    issue_find,
    ledger_find,
    meeting_find,
    opinion_find,
    question_find,
)
from .tables import PARTIALS

__all__ = ["render", "AREA_PAGES", "make_env"]

TEMPLATES = Path(__file__).resolve().parent / "templates"

# (file stem, template, nav label) of each area's pages, in the order of the
# little menu at the top of every area page.
AREA_PAGES = (
    ("index", "area.md.j2", "概况"),
    ("accounts", "accounts.md.j2", "账目"),
    ("fees", "fees.md.j2", "收费"),
    ("projects", "projects.md.j2", "项目"),
    ("issues", "issues.md.j2", "报事"),
    ("opinions", "opinions.md.j2", "意见"),
    ("votes", "votes.md.j2", "表决"),
    ("meetings", "meetings.md.j2", "会议"),
    ("questions", "questions.md.j2", "提问"),
    ("announcements", "announcements.md.j2", "公告"),
)




_finalize = finalizer(esc)


_md_filters = number_filters(esc)
money, signed, date, stamp, days, m2 = (_md_filters[k] for k in
                                       ("money", "signed", "date", "stamp", "days", "m2"))


def link(text: Any, path: str) -> Markup:
    """A Markdown link to one of the site's own pages or files (never a typed URL)."""
    return Markup(f"[{esc(text)}]({check_path(path)})")


def photo(ref: str, depth: int, alt: str = "照片") -> Markup:
    """A thumbnail linking to the full photo; ``depth`` is how far the page is below docs/."""
    up = "../" * depth
    link_ = f"{up}media/{ref}"
    return Markup(f'[![{esc(alt)}]({up}media/thumbs/{ref}){{ loading=lazy width=160 }}]'
                  f'({link_})')


def yaml_title(value: Any) -> Markup:
    """A front matter title: whitelisted text, quoted for YAML."""
    return Markup('"' + title_text(value).replace("\\", "").replace('"', "") + '"')


class _Bytecode(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept in ``<project>/.cache/jinja`` between processes (Jinja
    compiles a template again when its source changed); a project that cannot be
    written to compiles them in each process."""

    def dump_bytecode(self, bucket: Any) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _bytecode(project_dir: Path | None, kind: str) -> jinja2.BytecodeCache | None:
    """Each environment its own folder: the same template compiles differently in each."""
    if project_dir is None:
        return None
    folder = Path(project_dir) / ".cache" / "jinja" / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _Bytecode(str(folder))


def _html_env(loader: jinja2.BaseLoader, project_dir: Path | None = None) -> jinja2.Environment:
    """The environment of the ``*.html.j2`` partials: raw HTML, escaped by ``esc_html``."""
    env = jinja2.Environment(
        loader=loader, finalize=finalizer(esc_html), autoescape=False,
        bytecode_cache=_bytecode(project_dir, "html"),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update(number_filters(esc_html), esc=esc_html, short=short,
                       file_name=file_name, month_end=month_end)

    @jinja2.pass_context
    def url(ctx: Any, target: str) -> Markup:
        """A link from this page to a docs file, as MkDocs would write it."""
        return Markup(site_url(str(target), ctx["path"]))

    @jinja2.pass_context
    def a(ctx: Any, text: Any, target: str) -> Markup:
        return Markup(f'<a href="{site_url(str(target), ctx["path"])}">{esc_html(text)}</a>')

    @jinja2.pass_context
    def thumb(ctx: Any, ref: str, alt: str = "照片", width: int = 160) -> Markup:
        full = site_url(f"media/{ref}", ctx["path"], from_root=True)
        small = site_url(f"media/thumbs/{ref}", ctx["path"], from_root=True)
        return Markup(f'<a href="{full}"><img alt="{esc_html(alt)}" src="{small}" '
                      f'loading="lazy" width="{int(width)}"></a>')

    env.globals.update(url=url, a=a, thumb=thumb)
    return env


_ENVS: dict[tuple[Path | None, bool], jinja2.Environment] = {}


def _env(project_dir: Path | None) -> jinja2.Environment:
    """The environment of a project, made once per process: its compiled templates
    are kept between builds (Jinja reloads one whose file changed; a project's
    own ``templates/`` folder appearing or going makes a new one)."""
    root = Path(project_dir).resolve() if project_dir is not None else None
    key = (root, root is not None and (root / "templates").is_dir())
    env = _ENVS.get(key)
    if env is None:
        env = _ENVS[key] = make_env(project_dir)
    return env


def make_env(project_dir: Path | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if project_dir is not None and (project_dir / "templates").is_dir():
        loaders.append(jinja2.FileSystemLoader(str(project_dir / "templates")))
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES)))
    loader = jinja2.ChoiceLoader(loaders)
    env = jinja2.Environment(
        loader=loader, finalize=_finalize, autoescape=False,
        bytecode_cache=_bytecode(project_dir, "md"),
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True,
    )
    html_env = _html_env(loader, project_dir)
    own = project_dir / "templates" if project_dir is not None else None

    @jinja2.pass_context
    def html(ctx: Any, name: str, **values: Any) -> Markup:
        """A raw HTML block from an ``*.html.j2`` partial (its own escaping: ``esc_html``).

        Put it on a line of its own with blank lines around: Python-Markdown
        then passes it through untouched.
        """
        if not name.endswith(".html.j2"):
            raise ValueError(f"{name}: html() renders *.html.j2 partials only")
        values = {**ctx.get_all(), **values}
        twin = PARTIALS.get(name)
        if twin is not None and not (own is not None and (own / name).is_file()):
            text = twin(values)  # the package's own partial, written in Python
        else:
            text = html_env.get_template(name).render(values)
        body = "\n".join(line for line in text.splitlines() if line.strip())
        searched = "" if name in RECORDS else SEARCHED  # what the search reads
        return Markup(f"<!--steward:html\n{searched}{body}\n-->")

    env.filters.update(_md_filters, short=short, yaml_title=yaml_title, esc=esc,
                       grouped=grouped)
    env.globals.update(link=link, photo=photo, area_pages=AREA_PAGES, html=html, find=find,
                       ledger_find=ledger_find, issue_find=issue_find,
                       opinion_find=opinion_find, meeting_find=meeting_find,
                       question_find=question_find)
    return env


def _on_page(index: dict[tuple[str, str], list[Any]], key: str, page: str) -> list[Any]:
    return index.get((key, page), [])


def render(data: dict[str, Any], project_dir: Path | None = None, *,
           areas: set[str] | None = None, kept: Kept | None = None) -> dict[str, bytes]:
    """Every generated file, keyed by its path under the docs folder.

    With ``areas``, the files of other areas are left out (an incremental build
    keeps them from before); the street's own pages and files are always made.
    An area's files depend on nothing outside the area but the street. With
    ``kept``, a past year's pages and charts that an earlier build made from the
    same data are left out too (``kept.kept`` lists them: the caller keeps them).
    The builder calls the two halves itself, an area at a time (``build``).
    """
    out: dict[str, bytes] = {}
    for area in data["areas"]:
        if areas is None or area["id"] in areas:
            out.update(render_area(area, data["street"], project_dir, kept=kept))
    out.update(render_street(data, project_dir, areas=areas))
    return out


def _pages(env: jinja2.Environment, data: dict[str, Any],
           out: dict[str, bytes]) -> Callable[..., None]:
    def page(path: str, template: str, **context: Any) -> None:
        text = env.get_template(template).render(data=data, street=data["street"],
                                                 as_of=data["as_of"], path=path, **context)
        out[path] = text.encode("utf-8")
    return page


def _area_url(street: dict[str, Any], aid: str) -> str:
    return page_url(street["site_url"], aid, "index") if street["site_url"] else ""


def render_street(data: dict[str, Any], project_dir: Path | None = None, *,
                  areas: set[str] | None = None, requests: bool = True) -> dict[str, bytes]:
    """The street's own pages and files, and the overview page of each of ``areas``
    (all when None): made once every area was collected (``area.this_year`` is
    the street's year; ``build.slim_area`` keeps what they show). Not ``requests``:
    without ``requests.json``, which the builder writes a piece at a time
    (``exports.requests_json``)."""
    out: dict[str, bytes] = {}
    page = _pages(_env(project_dir), data, out)
    street = data["street"]
    page("index.md", "index.md.j2")
    page("areas/index.md", "areas.md.j2")
    page("stats.md", "stats.md.j2")
    page("integrity.md", "integrity.md.j2")
    page("stewards.md", "stewards.md.j2")
    page("downloads/index.md", "downloads.md.j2", columns=ledger_columns(), codes=ledger_codes())
    # QR codes: the street's site and its bot (each area's page has its own).
    if street["site_url"]:
        out["qr/site.svg"] = qr_svg(street["site_url"], f"{street['name']}公开账本")
    if street.get("bot_username"):
        out["qr/bot.svg"] = qr_svg(f"https://t.me/{street['bot_username']}", "小区管家机器人")
    for area in data["areas"]:
        if areas is None or area["id"] in areas:
            stem, template, label = AREA_PAGES[0]
            page(f"areas/{area['id']}/{stem}.md", template, area=area, current=stem,
                 label=label, depth=2, area_url=_area_url(street, area["id"]))
    out.update(street_downloads(data, requests=requests))
    out.update(head_files(data))
    out["feed.xml"] = atom_feed(data)
    out["steward_today.js"] = today_script(data.get("today") or "")
    return out


def today_script(today: str) -> bytes:
    """``steward_today.js``: the day the pages' script counts waits (已等待 N 天) and
    deadlines to. A demo's site is drawn as of the day it was played to (数据截至 that
    week): counted to the reader's today, its waits read 已等待 603 天 a year on. A
    street's own site (``today`` empty) counts to the reader's today, in China."""
    value = f'"{today}"' if re.fullmatch(r"\d{4}-\d{2}-\d{2}", today) else "null"
    return f"var stewardToday = {value};\n".encode("ascii")


def render_area(area: dict[str, Any], street: dict[str, Any], project_dir: Path | None = None,
                *, kept: Kept | None = None) -> dict[str, bytes]:
    """An area's own pages (but its overview: ``render_street``), charts, QR codes,
    posters and downloads, from its collected data and the street's names alone."""
    out: dict[str, bytes] = {}
    page = _pages(_env(project_dir), {"street": street, "as_of": "", "areas": []}, out)
    aid = area["id"]
    # The lines and issues of each page (a year each), found once for all its pages.
    on_page: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for key in ("lines", "issues"):
        for item in area[key]:
            on_page[key, item["page"]].append(item)
    page_parts = {"lines_on": partial(_on_page, on_page, "lines"),
                  "issues_on": partial(_on_page, on_page, "issues")}
    url = _area_url(street, aid)
    for stem, template, label in AREA_PAGES[1:]:
        # Links are relative to the Markdown file (MkDocs rewrites them for
        # directory URLs), and every area page sits two folders down.
        page(f"areas/{aid}/{stem}.md", template, area=area, current=stem,
             label=label, depth=2, area_url=url, **page_parts)
    # Each year of the ledger: earlier ones on a page each (not in the nav,
    # searched only through their compact entries), and its two charts. A past
    # year's files are kept from an earlier build when made from the same data.
    ledger_years = [(y["year"], y["page"], None if y["page"] == "accounts" else y["count"])
                    for y in area["years"]]
    for year in area["years"]:
        stem, lines = year["page"], on_page.get(("lines", year["page"]), [])
        year_key = ""  # a past year's key: its page and charts may be kept
        if kept is not None and stem != "accounts":
            months = sorted({x["month"] for x in lines})
            year_key = kept.key("accounts_year", aid, area["name"], year, lines,
                                ledger_years,
                                [(m, area["month_totals"].get(m)) for m in months])

        def fresh(path: str, key: str = year_key) -> bool:
            return not (key and kept is not None and kept.keep(path, key))

        if stem != "accounts" and fresh(f"areas/{aid}/{stem}.md"):
            page(f"areas/{aid}/{stem}.md", "accounts_year.md.j2", area=area,
                 current=stem, label="账目", depth=2, year=year, **page_parts)
        if fresh(chart := f"areas/{aid}/months-{year['year']}.svg"):
            out[chart] = monthly_chart(
                year["months"], f"{area['name']} {year['year']} 年每月收支",
                year["ahead"]).encode("utf-8")
        if fresh(chart := f"areas/{aid}/categories-{year['year']}.svg"):
            out[chart] = category_chart(
                year["categories"], f"{area['name']} {year['year']} 年按类别的收支"
            ).encode("utf-8")
    issue_years = [(y["year"], y["page"], None if y["page"] == "issues" else y["count"])
                   for y in area["issue_years"]]
    for iyear in area["issue_years"]:
        stem = iyear["page"]
        if stem == "issues":
            continue
        if kept is not None and kept.keep(f"areas/{aid}/{stem}.md", kept.key(
                "issues_year", aid, area["name"], iyear, on_page.get(("issues", stem), []),
                issue_years)):
            continue
        page(f"areas/{aid}/{stem}.md", "issues_year.md.j2", area=area,
             current=stem, label="报事", depth=2, iyear=iyear, **page_parts)
    if url:
        out[f"areas/{aid}/qr.svg"] = qr_svg(url, f"{area['name']}公开账本")
    if street.get("bot_username"):
        for compound in area["compounds"]:
            # the compound's own way into the bot (bot.handlers.registration.start): a
            # resident who scans it is asked her building, not which of the street's
            # compounds she lives in
            bot_url = f"https://t.me/{street['bot_username']}?start={COMPOUND_START}{compound['id']}"
            out[f"areas/{aid}/bot-{compound['id']}.svg"] = qr_svg(
                bot_url, f"{compound['name']}居民用的小区管家机器人")
            page(f"areas/{aid}/poster-{compound['id']}.md", "poster.md.j2", area=area,
                 compound=compound, depth=2, page_qr="qr.svg" if url else "",
                 page_url=url, bot_qr=f"bot-{compound['id']}.svg", bot_url=bot_url)
    out.update(area_downloads(area, street["site_url"],
                              Blocks(project_dir, kept.code) if kept else None))
    return out

