"""How a paper notice (公示单) is drawn: an A4 PDF made with ReportLab from the
plain data of ``notice_content`` (``site_builder.notice`` tells what the notice is
for).

The font: a TrueType Chinese font embedded (as a subset), so that the PDF prints
the same anywhere: ``STEWARD_NOTICE_FONT`` (``path`` or ``path:index``), else
Debian's fonts-wqy-microhei (``make`` installs it). The layout: rows of text,
tables and boxes (``notice_layout``, its text wrapped by ``notice_text``) paginated
so that a title stays with what follows it, under a head with the QR code to the
area's page. The same content always gives the same bytes; its digest
(``content_digest``) is kept in the PDF's keywords.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import threading
from pathlib import Path
from typing import Any

from db import witness

from .notice_content import NoticeError
from .notice_layout import (
    BODY,
    BOTTOM,
    FOOTER,
    MARGIN,
    NOTE,
    PAGE_H,
    PAGE_W,
    WIDTH,
    Row,
    draw_qr,
    layout,
)
from .notice_text import fit, one_line, wrap

__all__ = ["find_font", "font_missing", "render_pdf", "content_digest", "FONT_MISSING"]

# Bump when the drawing changes, so that kept PDFs are drawn again.
LAYOUT_VERSION = "16"

FONT_CANDIDATES = (  # (path, index of the regular face, index of a fixed-width face)
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, 1),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, 1),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0, None),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0, None),
)
FONT, MONO = "StewardCJK", "StewardCJKMono"


# -- the font ------------------------------------------------------------------------------


def _chosen() -> tuple[str, str, int, str]:
    """STEWARD_NOTICE_FONT as set (or ''), its path, its face, and what is wrong with it
    for the notice ('' when nothing is): no file, no TrueType font, no Chinese."""
    chosen = os.environ.get("STEWARD_NOTICE_FONT", "").strip()
    path, _, index = chosen.partition(":")
    if not chosen:
        return "", "", 0, ""
    face = int(index) if index.isdigit() else -1 if index else 0
    try:
        stamp = os.stat(path).st_mtime_ns
    except OSError:
        stamp = -1
    problem = "file" if not Path(path).is_file() else _font_problem(path, face, stamp)
    return chosen, path, face, problem


@functools.lru_cache(maxsize=4)
def _font_problem(path: str, face: int, stamp: int) -> str:
    """What keeps a font file from drawing a notice: not a TrueType font (or no such
    face in it: the error's words), no Chinese ('chinese': a notice of empty boxes), or
    nothing (''). Read once a process (a large .ttc takes most of a second)."""
    from reportlab.pdfbase.ttfonts import TTFError, TTFontFile

    if face < 0:
        return "the face after ':' must be a number"
    try:
        font = TTFontFile(path, subfontIndex=face)
    except (TTFError, OSError, ValueError) as exc:
        return str(exc) or type(exc).__name__
    return "" if all(ord(c) in font.charToGlyph for c in "公示单账目收支") else "chinese"


def find_font() -> tuple[str, int, int | None] | None:
    """The TrueType Chinese font to embed: (path, regular face, fixed-width face)."""
    chosen, path, face, problem = _chosen()
    if chosen:
        return None if problem else (path, face, None)
    for path, regular, mono in FONT_CANDIDATES:
        if Path(path).is_file():
            return path, regular, mono
    return None


FONT_MISSING = ("公示单没有可用的中文 TrueType 字体：请安装 fonts-wqy-microhei（sudo apt-get "
                "install fonts-wqy-microhei），或设置 STEWARD_NOTICE_FONT=/字体/路径.ttf。 / "
                "no Chinese TrueType font for the paper notice: install Debian's "
                "fonts-wqy-microhei (`sudo apt-get install fonts-wqy-microhei`, or `make`), "
                "or set STEWARD_NOTICE_FONT=/path/to/font.ttf")


def font_missing() -> str:
    """Why no font was found, and what to do: STEWARD_NOTICE_FONT set to a path that is
    no file is named (it read 'set STEWARD_NOTICE_FONT', which was set)."""
    chosen, path, _face, problem = _chosen()
    if not chosen:
        return FONT_MISSING
    if problem == "chinese":
        return (f"STEWARD_NOTICE_FONT={chosen}：{path} 里没有中文字，公示单会印成一个个空方框。"
                f"请换一个中文字体（例如 {FONT_CANDIDATES[0][0]}），或者去掉它并安装 "
                f"fonts-wqy-microhei。 / STEWARD_NOTICE_FONT={chosen}: {path} has no Chinese "
                f"characters: the notice would print empty boxes. Give a Chinese font (such "
                f"as {FONT_CANDIDATES[0][0]}), or unset it and install fonts-wqy-microhei")
    if problem != "file":
        return (f"STEWARD_NOTICE_FONT={chosen}：{path} 用不了（{problem}）。请写 TrueType 字体"
                f"文件（.ttf，或 .ttc 在后面加 :序号，例如 {FONT_CANDIDATES[0][0]}:0）的完整"
                f"路径，或者去掉它并安装 fonts-wqy-microhei。 / STEWARD_NOTICE_FONT={chosen}: "
                f"{path} cannot be used ({problem}). Give a TrueType font's full path (.ttf, or "
                f".ttc with :index), or unset it and install fonts-wqy-microhei")
    return (f"STEWARD_NOTICE_FONT={chosen}：{path} 不是一个文件。请写字体文件的完整路径"
            f"（.ttc 在后面加 :序号），或者去掉它并安装 fonts-wqy-microhei。 / "
            f"STEWARD_NOTICE_FONT={chosen}: {path} is not a file. Give the font file's full "
            f"path (path:index for a .ttc), or unset it and install fonts-wqy-microhei")

_FONT_LOCK = threading.Lock()
_FONTS: tuple[str, str] | None = None


def _fonts() -> tuple[str, str]:
    """Register the font with ReportLab once per process; its (regular, mono) names."""
    global _FONTS
    with _FONT_LOCK:
        if _FONTS is None:
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            found = find_font()
            if found is None:
                raise NoticeError(font_missing())
            path, regular, mono = found
            pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=regular))
            pdfmetrics.registerFont(TTFont(MONO, path, subfontIndex=regular if mono is None
                                           else mono))
            _FONTS = (FONT, MONO)
        return _FONTS


# -- drawing -------------------------------------------------------------------------------


def _paginate(rows: list[Row], first_top: float, top: float) -> list[list[tuple[float, Row]]]:
    """Rows on pages: a title stays with what follows it, a table header with its first
    row, and a table continued on a new page starts with its header again."""
    pages: list[list[tuple[float, Row]]] = [[]]
    y = first_top
    header: Row | None = None
    for i, row in enumerate(rows):
        if row.keep:
            header = None  # a new section: the table before it is over
        need, j = row.height, i
        while (rows[j].keep or rows[j].header) and j + 1 < len(rows):
            j += 1
            need += rows[j].height
        if y - need < BOTTOM and pages[-1]:
            pages.append([])
            y = top
            if header is not None and not row.header:
                pages[-1].append((y, header))
                y -= header.height
        pages[-1].append((y, row))
        y -= row.height
        if row.header:
            header = row
    return pages


HEAD_LINES = 4  # lines under the title, beside the QR code, above the first section
MISSING = "□"  # printed for a character the font has no glyph for


def _printable(value: Any, font: str) -> Any:
    """``value`` (a notice's content) with every character the embedded font cannot
    draw (an emoji, a rare character) as "□", so that the paper shows something is
    there: the font's blank printed '修水管 ，谢谢' for '修水管🙏，谢谢', and a rare
    character of a name vanished from it with nothing to say so."""
    from reportlab.pdfbase.pdfmetrics import getFont

    glyphs = getFont(font).face.charToGlyph
    if isinstance(value, str):
        return "".join(ch if ord(ch) in glyphs or ch in "\n\t" else MISSING for ch in value)
    if isinstance(value, dict):
        return {k: _printable(v, font) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable(v, font) for v in value]
    return value


def _footer(heading: str, url: str, font: str, width: float) -> str:
    """The footer: the title and the accounts page's address, to type (the QR code's goes
    on to the month's row). A long name gives way to the address, never the other way:
    '…/areas/lvcheng-wuguan/ac…' could not be typed."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    address = url.partition("#")[0]
    if not address:
        return fit(f"{heading} · 由小区管家生成", font, FOOTER, width)
    for text in (f"{heading} · 由小区管家生成 · {address}", f"{heading} · {address}"):
        if stringWidth(text, font, FOOTER) <= width:
            return text
    room = width - stringWidth(f" · {address}", font, FOOTER)
    if room < stringWidth("一二…", font, FOOTER):
        return fit(address, font, FOOTER, width)
    return f"{fit(heading, font, FOOTER, room)} · {address}"


def render_pdf(n: dict[str, Any]) -> bytes:
    """Draw one notice (``notice_for``'s content) as an A4 PDF; the same content always
    gives the same bytes (its digest is kept in the PDF's keywords)."""
    from reportlab.pdfgen import canvas

    font, mono = _fonts()
    digest = content_digest(n)
    n = _printable(n, font)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1,
                      initialFontName=font, initialFontSize=10)
    year, mon = n["month"][:4], int(n["month"][5:7])
    heading = f"{n['area_name']} {year}年{mon}月 财务公示"
    c.setTitle(heading)
    c.setAuthor(n["street"])
    c.setSubject(f"{n['area']} {n['month']}")
    c.setKeywords(f"steward-notice {digest}")
    c.setCreator("Steward")
    qr_size = 92.0
    rows = layout(n, font, mono)
    first_top = PAGE_H - MARGIN - 112
    pages = _paginate(rows, first_top, PAGE_H - MARGIN)
    for number, page in enumerate(pages, start=1):
        if number == 1:
            # Beside the QR code: the title (smaller, down to 14 pt, for a long name
            # rather than cut), and which compounds, who and which month, wrapped.
            beside = WIDTH - qr_size - 12
            size = one_line(heading, font, 20, beside, least=14)
            c.setFont(font, size)
            c.drawString(MARGIN, PAGE_H - MARGIN - 20, fit(heading, font, size, beside))
            c.setFont(font, BODY)
            lines = [part for text in (f"{n['street']} · {n['compounds']}",
                                       f"管理方式：{n['mode']}"
                                       + (f" · {n['steward']}" if n["steward"] else ""),
                                       f"本月：{year}年{mon}月（按入账公开的月份）")
                     for part in wrap(text, font, BODY, beside)]
            if len(lines) > HEAD_LINES:
                lines[HEAD_LINES - 1:] = [fit("".join(lines[HEAD_LINES - 1:]), font, BODY,
                                               beside)]
            for k, text in enumerate(lines):
                c.drawString(MARGIN, PAGE_H - MARGIN - 44 - 16 * k, text)
            if n["url"]:
                draw_qr(c, n["url"], MARGIN + WIDTH - qr_size, PAGE_H - MARGIN - qr_size + 6,
                        qr_size)
                c.setFont(font, NOTE)
                c.drawRightString(MARGIN + WIDTH, PAGE_H - MARGIN - qr_size - 2,
                                  "扫码核对网上的本月账目")
        for y, row in page:
            row.draw(c, y)
        c.setFont(font, FOOTER)
        c.setFillGray(0.3)
        c.drawString(MARGIN, MARGIN, _footer(heading, n["url"], font, WIDTH - 70))
        c.drawRightString(MARGIN + WIDTH, MARGIN, f"第 {number} / {len(pages)} 页")
        c.setFillGray(0)
        c.showPage()
    c.save()
    return buf.getvalue()


def content_digest(n: dict[str, Any]) -> str:
    """What a notice's PDF is drawn from (its content, the layout, the font), as a hash:
    kept in the PDF's keywords, so that a build can tell a PDF it may keep."""
    found = find_font()
    body = witness.canonical({"v": LAYOUT_VERSION, "font": list(found or ()), "notice": n})
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


fonts = _fonts  # for the notice of an open vote (``vote_notice_pdf``)
printable = _printable

_wrap = wrap  # its old name here (tests/test_notice*.py)
