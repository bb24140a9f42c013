"""Escaping filters and site paths shared by the Jinja templates (``render``) and the
tables written in plain Python (``tables``): the same functions, so both give the
same bytes."""

from __future__ import annotations

import functools
import posixpath
import re
from fractions import Fraction
from typing import Any

from db.money import format_fen
from db.played import month_end

from .escape import Markup

__all__ = ["finalizer", "number_filters", "check_path", "site_url", "short", "forget_links",
           "whole", "bound", "month_end"]

_CLIMB = re.compile(r"^(?:\.\./)+")
_SAFE_PATH = re.compile(r"^(?:\.\./)*[A-Za-z0-9#][A-Za-z0-9_./#-]*$")


def finalizer(escape: Any) -> Any:
    def finalize(value: Any) -> Any:
        if isinstance(value, Markup):
            return value
        if isinstance(value, bool) or value is None:
            return escape("" if value is None else ("是" if value else "否"))
        return escape(value)
    return finalize


def number_filters(escape: Any) -> dict[str, Any]:
    """Filters for numbers, dates and areas we computed, escaped for one context."""

    def money(fen: int | None) -> Markup:
        """¥1,200.50 (a number we computed, so it needs no escaping beyond its own marks)."""
        return escape(format_fen(int(fen or 0)))

    def signed(fen: int) -> Markup:
        return escape(("+" if fen > 0 else "") + format_fen(int(fen)))

    def day(value: str | None) -> Markup:
        """The date alone, for a cell whose column keeps it on one line (``td.date``)."""
        return escape((value or "")[:10])

    def date(value: str | None) -> Markup:
        """A date kept on one line (a phone would break 2025-10-01 at a hyphen)."""
        return whole(escape((value or "")[:10]))

    def stamp(value: str | None) -> Markup:
        return whole(escape((value or "")[:16].replace("T", " ")))

    def days(value: float | None) -> Markup:
        """Whole days, as a resident counts them ("51", not "50.7"); "不到 1" under a day."""
        if value is None:
            return escape("—")
        if value < 1:
            return escape("不到 1")
        return escape(str(int(value + 0.5)))

    def m2(value: str | None) -> Markup:
        """A floor area kept as an exact "n/d" string, for reading: "281/2" -> "140.50"."""
        if not value:
            return escape("—")
        f = Fraction(str(value))
        hundredths = (f * 100 + Fraction(1, 2)).__floor__()
        return escape(f"{hundredths // 100:,}.{hundredths % 100:02d}")

    return {"money": money, "signed": signed, "day": day, "date": date, "stamp": stamp,
            "days": days, "m2": m2, "whole": lambda value: whole(escape(value)),
            "dates_whole": lambda value: dates_whole(value, escape),
            "figures_whole": lambda value: dates_whole(value, escape, _FIGURE),
            "bound": bound}


# A number and its measure word, 第 and its number, a word and its "#N": read as one.
_BOUND = re.compile(r"(?<=第) (?=\d)|(?<=\d) (?=[笔户天个件条项人次张票元分年月日])"
                    r"|(?<=[\u4e00-\u9fff]) (?=#\d)"
                    r"| (?=·)")


def bound(text: Any) -> str:
    """``text`` (not yet escaped) with a no-break space (U+00A0) where a phone broke it
    badly: "账目第 71 / 笔", "等了 4 / 天", "共 44 / 个", "公告 / #531", "12月院内保洁 /
    · 收款方" (a dot between two parts begins no line), a month "2025 年 10 / 月" (the
    accounts' month headings at 320 px with 200 % text). The rest of its spaces stay break
    opportunities: "2025 年 / 10 月", where the heading is too narrow for both."""
    return _BOUND.sub("\u00a0", "" if text is None else str(text))


def whole(text: Markup, after: str = "") -> Markup:
    """Escaped text that a line never breaks inside: a date, a month, a date and time
    (``.steward-date`` in steward.css). Raw HTML, which Markdown passes through.

    A fraction with its unit (1,804.5/3,492.0 m²) or a date and time is two parts,
    each whole, in a span whole on a phone (``.steward-parts``) that may break between
    them (after the slash, at the space) only where the text is large for the screen
    (200% text): there a fraction kept whole ran off the screen and the page scrolled
    sideways.

    ``after``: closing marks that follow it in a sentence (escaped, "，" "）："), kept on
    the line of its second part: after a part kept whole a line may begin anywhere, and at
    320 px with 200 % text lines began "，参与面积的". (Kept outside a piece that is one
    part, which is whole with them: "2025-05-28）：" was wider than a reply's box.)"""
    if not text:
        return text
    s = str(text)  # escaped already: no character reference holds a "/"
    slash, timed = s.find("/"), _DATE_TIME.fullmatch(s)
    if slash > 0:
        first, gap, second = s[:slash + 1], "<wbr>", s[slash + 1:]
    elif timed:
        first, gap, second = timed.group(1), " ", timed.group(2)
    else:
        return Markup('<span class="steward-date">') + text + Markup("</span>" + after)
    return Markup(f'<span class="steward-date steward-parts"><span class="steward-whole">{first}'
                  f'</span>{gap}<span class="steward-whole">{second}{after}</span></span>')


# Its hyphens may be escaped already (&#45;, the Markdown pages' escape, so that no date
# begins a list): a time stamp of a page's progress notes and latest changes stayed one
# piece, 284 px at 200 % text, and a 360 px phone's page scrolled sideways.
_DATE_TIME = re.compile(r"(\d{4}(?:-|&#45;)\d{2}(?:-|&#45;)\d{2}) (\d{2}:\d{2})")


_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")  # a month or a day, as the site prints them
# A day, or a count or area with its unit (2,960.0/3,492.0 m², 16 位业主, 43/57 人, 10 户),
# or a building or its unit (2号楼, 1单元): a phone broke "…/3,492.0 | m²" and "2号 | 楼".
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_FIGURE = re.compile(rf"\d{{4}}-\d{{2}}(?:-\d{{2}})?(?![\d.])|{_NUMBER}(?:/{_NUMBER})?"
                     r" ?(?:m²|位业主|户|人)|\d+(?:号楼|单元|栋)")


def dates_whole(value: Any, escape: Any, pattern: re.Pattern[str] = _DATE) -> Markup:
    """``value`` escaped, with every month or day in it (2025-01, 2025-01-31) kept on
    one line (``whole``): an example in a sentence, not a field of its own. With
    ``_FIGURE``, every count or area with its unit and every building or unit too."""
    text, out, at = str(value), Markup(""), 0
    for m in pattern.finditer(text):
        marks = _CLOSING.match(text, m.end())
        end = marks.end() if marks else m.end()
        out += _gap(text[at:m.start()], escape) + whole(escape(m.group(0)),
                                                        str(escape(text[m.end():end])))
        at = end
    return out + _gap(text[at:], escape)


_CLOSING = re.compile(r"[，。、；：）！？]+")  # marks no line begins with


def _gap(text: str, escape: Any) -> Markup:
    """The text between two kept-whole pieces, escaped with the spaces at its ends,
    which ``escape`` strips ("1号楼 1单元" read "1号楼1单元")."""
    inner = text.strip()
    if not inner:
        return Markup(" " if text else "")
    return (Markup(" " if text[0].isspace() else "") + escape(inner) +
            Markup(" " if text[-1].isspace() else ""))


def check_path(path: str) -> str:
    rest = _CLIMB.sub("", path)  # climbing up is allowed only at the start
    if not _SAFE_PATH.match(path) or ".." in rest or "//" in path:
        raise ValueError(f"not a site path: {path!r}")
    return path


def _url_of(docs_path: str) -> str:
    """Where MkDocs puts a docs file, with directory URLs: a/b.md -> a/b/, a/index.md -> a/."""
    if docs_path.endswith(".md"):
        stem = docs_path[:-3]
        if stem == "index" or stem.endswith("/index"):
            return stem[:-5]
        return stem + "/"
    return docs_path


def site_url(target: str, page: str, *, from_root: bool = False) -> str:
    """The URL of docs file ``target`` (``#anchor`` allowed; relative to ``page``, or
    to the docs folder with ``from_root``), relative to the page built from docs file
    ``page``: what MkDocs does to Markdown links, for raw HTML."""
    path, _, anchor = target.partition("#")
    check_path(target)
    try:
        url = _relative(path, page, from_root)
    except ValueError:
        raise ValueError(f"not a site path: {target!r}") from None
    if anchor:
        url += "#" + anchor
    return url or "./"


def forget_links() -> None:
    """Let go of the links made so far (a build done with them)."""
    _relative.cache_clear()


@functools.lru_cache(maxsize=1 << 14)
def _relative(path: str, page: str, from_root: bool) -> str:
    """``site_url`` without the anchor (the same few pages are linked from a page many
    times, each time with another anchor)."""
    if not path:
        docs_path = page
    else:
        base = "" if from_root else posixpath.dirname(page)
        docs_path = posixpath.normpath(posixpath.join(base, path))
    if docs_path.startswith("..") or docs_path.startswith("/"):
        raise ValueError(f"not a site path: {path!r}")
    here, there = _url_of(page), _url_of(docs_path)
    if there == here:
        return ""
    url = posixpath.relpath(there or ".", here or ".")
    if there.endswith("/") or there == "":
        url = "./" if url == "." else url + "/"
    return url


def short(text: str | None, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_NOT_IN_A_FILE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def file_name(name: str) -> str:
    """``name`` as a browser saves it (a character no file name may hold as "_"): what a
    download link says is the name of the file a reader finds in her downloads."""
    return _NOT_IN_A_FILE_NAME.sub("_", name).strip(" .") or "_"


