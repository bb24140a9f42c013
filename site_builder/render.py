"""Stage three of the build: collected data -> Markdown pages and data files.

Templates are ``*.md.j2`` files under ``site_builder/templates/``; a
deployment overrides any of them by putting a file of the same name in
``<project>/templates/`` (a ``ChoiceLoader`` looks there first). Partials
start with ``_``.

Every ``{{ value }}`` passes through ``escape.esc`` unless it is ``Markup``
(the environment's ``finalize``), so a template cannot print what a person
typed without escaping it. Only the helpers below make ``Markup``, from
numbers, fixed words and paths built from configuration ids.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import jinja2

from db.money import format_fen

from .charts import monthly_chart
from .escape import Markup, esc, title_text
from .exports import atom_feed, downloads

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
    ("votes", "votes.md.j2", "表决"),
    ("announcements", "announcements.md.j2", "公告"),
)

_SAFE_PATH = re.compile(r"^(?:\.\./)*[A-Za-z0-9#][A-Za-z0-9_./#-]*$")


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool) or value is None:
        return esc("" if value is None else ("是" if value else "否"))
    return esc(value)


def money(fen: int | None) -> Markup:
    """¥1,200.50 (a number we computed, so it needs no escaping beyond its own marks)."""
    return esc(format_fen(int(fen or 0)))


def signed(fen: int) -> Markup:
    return esc(("+" if fen > 0 else "") + format_fen(int(fen)))


def link(text: Any, path: str) -> Markup:
    """A Markdown link to one of the site's own pages or files (never a typed URL)."""
    rest = re.sub(r"^(?:\.\./)+", "", path)  # climbing up is allowed only at the start
    if not _SAFE_PATH.match(path) or ".." in rest or "//" in path:
        raise ValueError(f"not a site path: {path!r}")
    return Markup(f"[{esc(text)}]({path})")


def photo(ref: str, depth: int, alt: str = "照片") -> Markup:
    """A thumbnail linking to the full photo; ``depth`` is how far the page is below docs/."""
    up = "../" * depth
    link_ = f"{up}media/{ref}"
    return Markup(f'[![{esc(alt)}]({up}media/thumbs/{ref}){{ loading=lazy width=160 }}]'
                  f'({link_})')


def date(value: str | None) -> Markup:
    return esc((value or "")[:10])


def stamp(value: str | None) -> Markup:
    return esc((value or "")[:16].replace("T", " "))


def days(value: float | None) -> Markup:
    return esc("—" if value is None else f"{value:.1f}")


def m2(value: str | None) -> Markup:
    """A floor area kept as an exact "n/d" string, for reading: "281/2" -> "140.50"."""
    if not value:
        return esc("—")
    f = Fraction(str(value))
    hundredths = (f * 100 + Fraction(1, 2)).__floor__()
    return esc(f"{hundredths // 100:,}.{hundredths % 100:02d}")


def short(text: str | None, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def yaml_title(value: Any) -> Markup:
    """A front matter title: whitelisted text, quoted for YAML."""
    return Markup('"' + title_text(value).replace("\\", "").replace('"', "") + '"')


def make_env(project_dir: Path | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if project_dir is not None and (project_dir / "templates").is_dir():
        loaders.append(jinja2.FileSystemLoader(str(project_dir / "templates")))
    loaders.append(jinja2.FileSystemLoader(str(TEMPLATES)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders), finalize=_finalize, autoescape=False,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update(money=money, signed=signed, date=date, stamp=stamp, days=days, m2=m2,
                       short=short, yaml_title=yaml_title, esc=esc)
    env.globals.update(link=link, photo=photo, area_pages=AREA_PAGES)
    return env


def render(data: dict[str, Any], project_dir: Path | None = None) -> dict[str, bytes]:
    """Every generated file, keyed by its path under the docs folder."""
    env = make_env(project_dir)
    out: dict[str, bytes] = {}

    def page(path: str, template: str, **context: Any) -> None:
        text = env.get_template(template).render(data=data, street=data["street"],
                                                 as_of=data["as_of"], **context)
        out[path] = text.encode("utf-8")

    page("index.md", "index.md.j2")
    page("areas/index.md", "areas.md.j2")
    page("stats.md", "stats.md.j2")
    page("integrity.md", "integrity.md.j2")
    page("downloads/index.md", "downloads.md.j2")
    for area in data["areas"]:
        for stem, template, label in AREA_PAGES:
            # Links are relative to the Markdown file (MkDocs rewrites them for
            # directory URLs), and every area page sits two folders down.
            page(f"areas/{area['id']}/{stem}.md", template, area=area, current=stem,
                 label=label, depth=2)
        out[f"areas/{area['id']}/chart.svg"] = monthly_chart(
            area["months"], f"{area['name']} 每月收支").encode("utf-8")
    out.update(downloads(data))
    out["feed.xml"] = atom_feed(data)
    return out
