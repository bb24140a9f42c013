"""How a paper notice (公示单) is drawn: an A4 PDF made with ReportLab from the
plain data of ``notice_content`` (``site_builder.notice`` tells what the notice is
for).

The font: a TrueType Chinese font embedded (as a subset), so that the PDF prints
the same anywhere: ``STEWARD_NOTICE_FONT`` (``path`` or ``path:index``), else
Debian's fonts-wqy-microhei (``make`` installs it). The layout: rows of text,
tables and boxes paginated so that a title stays with what follows it, a QR
code to the area's page and lines for signatures. The same content always gives
the same bytes; its digest (``content_digest``) is kept in the PDF's keywords.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db import witness
from db.money import format_fen

from .notice_content import NoticeError

__all__ = ["find_font", "font_missing", "render_pdf", "content_digest", "FONT_MISSING"]

# Bump when the drawing changes, so that kept PDFs are drawn again.
LAYOUT_VERSION = "15"

FONT_CANDIDATES = (  # (path, index of the regular face, index of a fixed-width face)
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, 1),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, 1),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0, None),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0, None),
)
FONT, MONO = "StewardCJK", "StewardCJKMono"


# -- the font ------------------------------------------------------------------------------


def find_font() -> tuple[str, int, int | None] | None:
    """The TrueType Chinese font to embed: (path, regular face, fixed-width face)."""
    chosen = os.environ.get("STEWARD_NOTICE_FONT", "").strip()
    if chosen:
        path, _, index = chosen.partition(":")
        return (path, int(index or 0), None) if Path(path).is_file() else None
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
    chosen = os.environ.get("STEWARD_NOTICE_FONT", "").strip()
    if not chosen:
        return FONT_MISSING
    path = chosen.partition(":")[0]
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

PAGE_W, PAGE_H = 595.2756, 841.8898  # A4 in points
MARGIN = 40.0
WIDTH = PAGE_W - 2 * MARGIN
BOTTOM = MARGIN + 24  # above the footer
# Type sizes, in points: read standing at a notice board, many readers elderly, so
# nothing a reader needs is under 10 pt; the ledger's table is 五号 (10.5 pt), the size
# of a Chinese book's text. Only the footer, which repeats the title, is smaller.
BODY, NOTE, TABLE, TITLE, FOOTER = 11.0, 10.0, 10.5, 14.0, 9.0
COLUMNS = ((36, "序号", "r"), (62, "日期", "l"), (34, "类型", "l"), (64, "类别", "l"),
           (0, "摘要", "l"), (84, "金额", "r"))


@dataclass
class _Row:
    height: float
    draw: Callable[[Any, float], None]  # (canvas, y of the row's top)
    header: bool = False  # a table header: drawn again at the top of a continued table
    keep: bool = False  # keep with the next row (a section title)


def _fit(text: str, font: str, size: float, width: float) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


_NO_LINE_START = frozenset("）】」』》〉，。、；：！？…)]}")  # closing marks
_NO_LINE_END = frozenset("（【「『《〈([{“‘")  # opening marks


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of ``text`` that fit ``width``: broken between Chinese characters, never
    inside a number or a fraction ("5/7", "791.65/933.0 m²" stay whole on a line) nor
    between an amount and its "¥" ("本月入账 ¥" above "400.00"), unless one alone is
    wider than a line; a line never starts with a closing bracket or a comma,
    nor ends with an opening bracket."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out: list[str] = []
    tokens: list[str] = []  # the line's so far
    for token in re.findall(r"[0-9A-Za-z.,/%:+\-¥#]+|.", text, re.ASCII | re.DOTALL):
        line = "".join(tokens)
        if stringWidth(line + token, font, size) <= width:
            tokens.append(token)
            continue
        # Where to break: before ``token``, but a closing mark never starts a line
        # nor an opening one ends it, as Chinese is typeset: the tokens before a
        # closing mark (the marks and the character before them) and an opening mark
        # at the line's end go down too, if the line keeps something.
        k = len(tokens)
        if token in _NO_LINE_START:
            k -= 1
            while k > 0 and tokens[k] in _NO_LINE_START:
                k -= 1
        while k > 0 and tokens[k - 1] in _NO_LINE_END:
            k -= 1
        down = [t.lstrip() if i == 0 else t for i, t in enumerate(tokens[k:] + [token])]
        if 0 < k < len(tokens) and "".join(tokens[:k]).strip() \
                and stringWidth("".join(down), font, size) <= width:
            out.append("".join(tokens[:k]))
            tokens = down
        elif line.strip() and stringWidth(token, font, size) <= width:
            out.append(line)
            tokens = [token.lstrip()]
        else:  # a token wider than a line: broken where it must
            for ch in token:
                if stringWidth(line + ch, font, size) > width:
                    out.append(line)
                    line = ch.lstrip()
                else:
                    line += ch
            tokens = [line]
    line = "".join(tokens)
    return out + ([line] if line else [])


def _one_line(text: str, font: str, size: float, width: float, least: float = 7.0) -> float:
    """The size, at most ``size`` and at least ``least``, at which ``text`` fits a line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    wide = stringWidth(text, font, size)
    return size if wide <= width else max(least, int(10 * size * width / wide) / 10)


CELL_LINES = 8  # at most, in a table's cell: a longer text ends with "…" on its last line


def _cell_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` wrapped to ``width`` (``_wrap``), in at most ``CELL_LINES`` lines."""
    lines = _wrap(text, font, size, width) or [""]
    if len(lines) > CELL_LINES:
        lines = lines[:CELL_LINES - 1] + [_fit("".join(lines[CELL_LINES - 1:]) + "…", font,
                                               size, width)]
    return lines


def _day(iso: str) -> str:
    """A day of the month as people write it: "2025-06-10" is 6月10日."""
    return f"{int(iso[5:7])}月{int(iso[8:10])}日"


def _money(fen: int, signed: bool = False) -> str:
    return ("+" if signed and fen > 0 else "") + format_fen(int(fen))


def _rate(paid: int, due: int) -> str:
    return f"{100 * paid / due:.1f}%" if due else "—"  # as db.fees says it


def _payers(f: dict[str, Any]) -> str:
    """Who had paid a fee period, as the site's fees page counts them: households of
    all households; units collected whole of all units (the site's "4 / 4 个单元已缴";
    the paper said "4 个单元", of how many not said); payments of a fee of the area."""
    if f["paid"]:
        whole = f"，另有 {f['units']} 个单元整单元收取" if f["units"] else ""
        return f"已交 {f['paid']} 户 / 应交 {f['due']} 户（{_rate(f['paid'], f['due'])}）{whole}"
    if f["units"]:
        due = f.get("units_due") or 0
        return (f"按单元收取：已交 {f['units']} 个单元 / 应交 {due} 个单元"
                f"（{_rate(f['units'], due)}）") if due else f"按单元收取：{f['units']} 个单元"
    if f.get("whole"):
        return f"全区统一收取 {f['whole']} 笔"
    return f"已交 0 户 / 应交 {f['due']} 户"

def _layout(n: dict[str, Any], font: str, mono: str) -> list[_Row]:
    rows: list[_Row] = []

    def text_row(text: str, size: float = BODY, *, indent: float = 0, face: str = font,
                 gap: float = 4.0, keep: bool = False) -> None:
        """A paragraph, wrapped; one row, so that a page never breaks inside it."""
        parts = _wrap(text, face, size, WIDTH - indent) or [""]

        def draw(c: Any, y: float) -> None:
            c.setFont(face, size)
            for k, part in enumerate(parts):
                c.drawString(MARGIN + indent, y - size - k * (size + gap), part)
        rows.append(_Row((size + gap) * len(parts), draw, keep=keep))

    def title(text: str) -> None:
        """A section title (kept with what follows it), over more lines if need be."""
        parts = _wrap(text, font, TITLE, WIDTH)
        extra = (TITLE + 4) * (len(parts) - 1)

        def draw(c: Any, y: float) -> None:
            c.setFont(font, TITLE)
            for k, part in enumerate(parts):
                c.drawString(MARGIN, y - 18 - k * (TITLE + 4), part)
            c.setLineWidth(0.6)
            c.line(MARGIN, y - 23 - extra, MARGIN + WIDTH, y - 23 - extra)
        rows.append(_Row(30 + extra, draw, keep=True))

    def cells(values: list[str], size: float, *, header: bool = False, shade: bool = False) -> None:
        """A table row; a cell too long for its column (a payee, a purpose, a reversal's
        reason) wraps onto more lines, up to ``CELL_LINES``, the row as tall as its
        tallest cell (a row is never split over two pages)."""
        fixed = sum(w for w, _t, _a in COLUMNS)
        widths = [w or WIDTH - fixed for w, _t, _a in COLUMNS]
        shown = [[_fit(value, font, size, width - 6)] if align == "r" else
                 _cell_lines(value, font, size, width - 6)
                 for value, width, (_w, _t, align) in zip(values, widths, COLUMNS, strict=True)]
        leading = size + 3
        extra = leading * (max(len(lines) for lines in shown) - 1)

        def draw(c: Any, y: float) -> None:
            if shade:
                c.setFillGray(0.9)
                c.rect(MARGIN, y - size - 5 - extra, WIDTH, size + 6 + extra, stroke=0, fill=1)
                c.setFillGray(0)
            c.setFont(font, size)
            x = MARGIN
            for lines, width, (_w, _t, align) in zip(shown, widths, COLUMNS, strict=True):
                for k, line in enumerate(lines):
                    if align == "r":
                        c.drawRightString(x + width - 3, y - size - 1 - k * leading, line)
                    else:
                        c.drawString(x + 3, y - size - 1 - k * leading, line)
                x += width
            c.setLineWidth(0.3)
            c.line(MARGIN, y - size - 5 - extra, MARGIN + WIDTH, y - size - 5 - extra)
        rows.append(_Row(size + 7 + extra, draw, header=header))

    # 1. The month's money.
    title("一、本月收支")
    # A month still running (its notice printed before its end) is as of that day.
    running = n.get("as_of_day") or ""
    until = f"截至 {running}" if running else "截至月底"
    boxes = (("上月结余（期初）", _money(n["opening_fen"])), ("本月收入", _money(n["income_fen"])),
             ("本月支出", _money(n["expense_fen"])),
             (f"{_day(running)}结余" if running else "本月结余（期末）", _money(n["closing_fen"])))

    def summary(c: Any, y: float) -> None:
        cell = WIDTH / len(boxes)
        c.setLineWidth(0.5)
        for k, (label, value) in enumerate(boxes):
            x = MARGIN + k * cell
            c.rect(x, y - 46, cell, 44, stroke=1, fill=0)
            c.setFont(font, TABLE)
            c.drawCentredString(x + cell / 2, y - 16, label)
            c.setFont(font, 15)
            c.drawCentredString(x + cell / 2, y - 38, value)
    rows.append(_Row(52, summary))
    if n["categories"]:
        text_row("按类别合计：" + "；".join(f"{c['category']} {_money(c['fen'], True)}"
                                      for c in n["categories"]))
    # a reversal of a line of an earlier notice counts in this month: what it took back
    for way, zh in (("income", "收入"), ("expense", "支出")):
        if said := (n.get("undone") or {}).get(way):
            why = "为负数，因为" if n[f"{way}_fen"] < 0 else "已算上："
            text_row(f"本月{zh}{why}本月{said}（原来那笔仍在那张公示上）。")
    text_row("收入、支出都已扣除冲正，算法与网站账目相同。明细中收入为正，支出为负；冲正是对某一笔的更正，"
             "金额与原来那笔相反，两笔都留在账上。", NOTE)
    # January's notice: the year before, as its notices told it.
    if year := n.get("year"):
        first, last = int(year["first_month"][5:7]), int(year["last_month"][5:7])
        seqs = f"{year['first_seq']}–{year['last_seq']}" \
            if year["first_seq"] != year["last_seq"] else str(year["first_seq"])
        title(f"附：{year['year']} 年全年收支")
        text_row("，".join(f"{label} {_money(year[key])}" for label, key in (
            ("年初余额", "opening_fen"), ("全年收入", "income_fen"), ("全年支出", "expense_fen"),
            ("年末余额", "closing_fen"))) + "。", 10.5)
        if year["categories"]:
            text_row("按类别合计：" + "；".join(f"{c['category']} {_money(c['fen'], True)}"
                                          for c in year["categories"]))
        months = f"{first} 月的公示" if first == last else f"{first}—{last} 月各张公示相加"
        text_row(f"即 {year['year']} 年 {months}（第 {seqs} 笔），已扣除冲正；"
                 "年末余额即本月的上月结余。", NOTE)
    # 2. Every line of it.
    span = "" if not n["lines"] else f"（第 {n['first_seq']} 笔）" \
        if n["first_seq"] == n["last_seq"] else f"（第 {n['first_seq']}–{n['last_seq']} 笔）"
    title(f"二、本月公开的每一笔账{span}")
    if n["lines"]:
        cells([t for _w, t, _a in COLUMNS], TABLE, header=True, shade=True)
        for x in n["lines"]:
            cites = f"冲正第 {x['reverses']} 笔" if x["reverses"] else \
                f"代替第 {x['replaces']} 笔" if x.get("replaces") else ""
            if x.get("replaces_month"):  # on an earlier notice: which one
                cites += f"，见 {_month_label(x['replaces_month'], n['month'])}公示"
            if x.get("reverses_month"):  # likewise
                where = _month_label(x["reverses_month"], n["month"])
                cites = f"第 {x['reverses']} 笔见 {where}公示"
            text = x["text"] + (f"（{cites}）" if cites and cites not in x["text"] else "") \
                + _undone(x, n["month"])
            cells([str(x["seq"]), x["date"], x["kind"], x["category"], text,
                   _money(x["amount_fen"], True)], TABLE)
    else:
        text_row("本月没有新的入账。")
    # 3. Fees.
    title(f"三、收费情况（{until}）")
    for f in n["fees"] or []:
        homes = _payers(f)
        # a fee of an earlier period approved this month (December's, in January)
        when = {"earlier": "（往期补缴）", "ahead": "（预收）"}.get(f.get("when") or "", "")
        month = f"，本月入账 {_money(f['month_fen'])}" \
            if f.get("month_fen") else ""
        text_row(f"{f['fee']} {f['period']}{when}：{homes}，共 {_money(f['fen'])}{month}")
    if not n["fees"]:
        text_row("本月没有收费期间的记录。")
    elif any(f.get("month_fen") for f in n["fees"]):
        booked = sum(int(f.get("month_fen") or 0) for f in n["fees"])
        same = "，即上面的“本月收入”" if booked == n["income_fen"] else ""
        text_row(f"本月收费入账合计 {_money(booked)}{same}（已扣除冲正）。", NOTE)
    # 4. Issues and votes.
    title(f"四、未办结的报事、本月有支出的项目、表决与选举（{until}）")
    for p in n.get("projects") or []:
        budget = f"预算 {_money(p['budget_fen'])}" if p["budget_fen"] else "表决时未列预算"
        text_row(f"项目 #{p['id']} {p['title']}：{budget}，{until}已支出 "
                 f"{_money(p['spent_fen'])}（其中本月 {_money(p['month_fen'])}）", TABLE)
    for i in n["issues"]:
        # under 未办结的报事: the day it was accepted (受理), and how it stands if more
        # than accepted ("已受理，2025-04-10 受理" said it twice)
        state = "" if i["status"] == "已受理" else f"，{i['status']}"
        text_row(f"报事 #{i['id']} {i['category']}：{i['text']}　{i['since']} 受理{state}", TABLE)
    for v in n["votes"]:
        text_row(f"{v['what']} #{v['id']} {v['title']}：{v['status']}，{v['note']}", TABLE)
        if v.get("basis"):
            text_row(f"依据：{v['basis']}", NOTE, indent=12)
    if not n["issues"] and not n["votes"] and not n.get("projects"):
        text_row("无。")
    # 5. The head.
    head, sig = n["head"], n["head"]["signature"]
    title("五、账本链头（防篡改凭证）")
    if head["seq"]:
        text_row(f"截至 {head['as_of']}，本区域账本共 {head['seq']} 笔。第 {head['seq']} 笔的哈希"
                 "（链头）：", keep=True)
    else:
        text_row("本区域账本还没有任何一笔。", keep=True)
    text_row(head["hash"], TABLE, face=mono, indent=12, keep=True)
    if sig["state"] == "exact":
        text_row(f"签名核验：通过。街道办于 {str(sig['at'])[:16].replace('T', ' ')} 用密钥 "
                 f"{sig['key_id']} 签署了这一链头（链头记录 #{sig['n']}）。", keep=True)
    elif sig["state"] == "covered":
        text_row(f"签名核验：通过。街道办于 {str(sig['at'])[:16].replace('T', ' ')} 用密钥 "
                 f"{sig['key_id']} 签署的第 {sig['seq']} 笔链头（记录 #{sig['n']}）经哈希链包含"
                 "这一链头。", keep=True)
    elif sig["state"] == "unsigned":
        text_row("签名核验：这一链头尚未签名（下次发布时签署）。", keep=True)
    key = sig.get("public_key") or n["public_key"]
    if key:
        _label_and_code(rows, "街道办签名公钥：", key, font, mono, NOTE)
    keep_it = ("请拍照留存本公示单。今后任何时候，网站账目表里本区域第 "
               f"{head['seq']} 笔账的哈希（网站显示前 16 位）都必须与上面链头的前 16 位"
               f"（{head['hash'][:16]}）一致；不一致就说明旧账被改过。")
    program = "完整的 64 位用下面的核对程序核对，方法见网站的“如何核对账本”。"
    if head["seq"] and n.get("check_url"):
        # Beside it, the code that checks this very head on the site when scanned:
        # nothing to type (the whole 64 digits are the program's, the line below).
        scan = ("用手机核对：扫左边的码，手机会打开网站的“账本核验”页，自己核对"
                f"第 {head['seq']} 笔的哈希是否仍是这一链头。")
        side = WIDTH - CHECK_QR - 8
        parts = _wrap(keep_it, font, NOTE, side) + _wrap(scan, font, NOTE, side)
        url = n["check_url"]

        def beside(c: Any, y: float) -> None:
            _qr(c, url, MARGIN - 5, y - CHECK_QR, CHECK_QR)
            c.setFont(font, NOTE)
            for k, part in enumerate(parts):
                c.drawString(MARGIN + CHECK_QR + 3, y - NOTE - 2 - k * (NOTE + 4), part)
        rows.append(_Row(max(CHECK_QR, (NOTE + 4) * len(parts) + 2), beside, keep=True))
    elif head["seq"]:
        text_row(keep_it + program, NOTE, keep=True)
    else:  # no line yet: no line's hash to match (the first one's is not these zeros)
        text_row("还没有可核对的账：第 1 笔账公开以后，那个月的公示单会印出它的链头。"
                 "核对方法见网站的“如何核对账本”。", NOTE, keep=True)
    if head["seq"]:
        text_row("用电脑核对这一链头（核对程序在网站“账本核验”页下载）：", NOTE, keep=True)
        command = (f"python3 steward_verify.py {n.get('site_url') or '本站地址'} --head "
                   f"{n['area']} {head['seq']} {head['hash'][:16]}")
        # typed at a computer, so on one line: as large as fits, down to 7 pt
        text_row(command, _one_line(command, mono, NOTE, WIDTH - 12), face=mono, indent=12,
                 keep=True)
    # 6. Signatures.
    title("六、签字")

    def signatures(c: Any, y: float) -> None:
        c.setFont(font, 12)
        c.setLineWidth(0.5)
        for k, who in enumerate(("监督人（签字）：", "记账志愿者（签字）：")):
            base = y - 28 - 34 * k
            c.drawString(MARGIN, base, who)
            c.line(MARGIN + 128, base - 2, MARGIN + 300, base - 2)
            c.drawString(MARGIN + 320, base, "日期：")
            c.line(MARGIN + 360, base - 2, MARGIN + WIDTH, base - 2)
    rows.append(_Row(76, signatures))
    return rows


def _label_and_code(rows: list[_Row], label: str, code: str, font: str, mono: str,
                    size: float) -> None:
    """A label and the code it names (a key in hex) on one line when both fit, as two
    lines otherwise (the code indented under its label)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    wide = stringWidth(label, font, size)
    one = wide + stringWidth(code, mono, size) <= WIDTH

    def draw(c: Any, y: float) -> None:
        c.setFont(font, size)
        c.drawString(MARGIN, y - size, label)
        c.setFont(mono, size)
        if one:
            c.drawString(MARGIN + wide, y - size, code)
        else:
            c.drawString(MARGIN + 12, y - 2 * size - 4, code)
    rows.append(_Row((size + 4) * (1 if one else 2), draw, keep=True))


def _paginate(rows: list[_Row], first_top: float, top: float) -> list[list[tuple[float, _Row]]]:
    """Rows on pages: a title stays with what follows it, a table header with its first
    row, and a table continued on a new page starts with its header again."""
    pages: list[list[tuple[float, _Row]]] = [[]]
    y = first_top
    header: _Row | None = None
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


@functools.lru_cache(maxsize=256)
def _qr_matrix(url: str) -> tuple[tuple[int, ...], ...]:
    """The modules of the QR code of ``url``: every month's notice of an area links the
    same page, so each is encoded once (a third of a notice's drawing)."""
    import segno

    return tuple(tuple(row) for row in segno.make(url, error="m", micro=False).matrix)


def _qr(c: Any, url: str, x: float, y: float, size: float) -> None:
    """The QR code of ``url`` as filled squares, ``size`` wide, bottom left at (x, y)."""
    matrix = _qr_matrix(url)
    count = len(matrix) + 8  # four modules of quiet zone on each side
    unit = size / count
    c.setFillGray(0)
    for r, row in enumerate(matrix):
        start = None
        for col in range(len(row) + 1):
            dark = col < len(row) and row[col]
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                c.rect(x + (start + 4) * unit, y + size - (r + 5) * unit,
                       (col - start) * unit, unit, stroke=0, fill=1)
                start = None


CHECK_QR = 58.0  # the QR code beside the head that checks it (its quiet zone included)
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
        return _fit(f"{heading} · 由小区管家生成", font, FOOTER, width)
    for text in (f"{heading} · 由小区管家生成 · {address}", f"{heading} · {address}"):
        if stringWidth(text, font, FOOTER) <= width:
            return text
    room = width - stringWidth(f" · {address}", font, FOOTER)
    if room < stringWidth("一二…", font, FOOTER):
        return _fit(address, font, FOOTER, width)
    return f"{_fit(heading, font, FOOTER, room)} · {address}"


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
    rows = _layout(n, font, mono)
    first_top = PAGE_H - MARGIN - 112
    pages = _paginate(rows, first_top, PAGE_H - MARGIN)
    for number, page in enumerate(pages, start=1):
        if number == 1:
            # Beside the QR code: the title (smaller, down to 14 pt, for a long name
            # rather than cut), and which compounds, who and which month, wrapped.
            beside = WIDTH - qr_size - 12
            size = _one_line(heading, font, 20, beside, least=14)
            c.setFont(font, size)
            c.drawString(MARGIN, PAGE_H - MARGIN - 20, _fit(heading, font, size, beside))
            c.setFont(font, BODY)
            lines = [part for text in (f"{n['street']} · {n['compounds']}",
                                       f"管理方式：{n['mode']} · {n['steward']}",
                                       f"本月：{year}年{mon}月（按入账公开的月份）")
                     for part in _wrap(text, font, BODY, beside)]
            if len(lines) > HEAD_LINES:
                lines[HEAD_LINES - 1:] = [_fit("".join(lines[HEAD_LINES - 1:]), font, BODY,
                                               beside)]
            for k, text in enumerate(lines):
                c.drawString(MARGIN, PAGE_H - MARGIN - 44 - 16 * k, text)
            if n["url"]:
                _qr(c, n["url"], MARGIN + WIDTH - qr_size, PAGE_H - MARGIN - qr_size + 6, qr_size)
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


def _undone(x: dict[str, Any], of: str) -> str:
    """What a row says of its line reversed (and the right one entered in its place):
    （已被第 R 笔冲正，正确的一笔见第 M 笔）; a line so corrected only after the notice's
    month ``of`` (the notice printed again) says so and names the months' notices:
    （后来已被 5 月公示第 R 笔冲正，正确的一笔见同月第 M 笔）, or, reversed within the
    month, （已被第 R 笔冲正，正确的一笔后来登记在 5 月公示第 M 笔）."""
    if not x.get("reversed_by"):
        return ""
    undo, right = x.get("reversed_month"), x.get("replaced_month")
    where = f" {_month_label(undo, of)}公示" if undo else ""
    there = "" if not right else "同月" if right == undo else f" {_month_label(right, of)}公示"
    said = "" if not x.get("replaced_by") else \
        f"，正确的一笔后来登记在{there}第 {x['replaced_by']} 笔" if right and not undo else \
        f"，正确的一笔见{there}第 {x['replaced_by']} 笔"
    return f"（{'后来' if undo else ''}已被{where}第 {x['reversed_by']} 笔冲正{said}）"


def _month_label(month: str, of: str) -> str:
    """An earlier notice's month as a row names it: 3 月 within the notice's own year,
    2024 年 12 月 before it."""
    year, _, number = str(month).partition("-")
    label = f"{int(number)} 月" if number.isdigit() else str(month)
    return label if year == str(of)[:4] else f"{year} 年 {label}"


def content_digest(n: dict[str, Any]) -> str:
    """What a notice's PDF is drawn from (its content, the layout, the font), as a hash:
    kept in the PDF's keywords, so that a build can tell a PDF it may keep."""
    found = find_font()
    body = witness.canonical({"v": LAYOUT_VERSION, "font": list(found or ()), "notice": n})
    return hashlib.sha256(body.encode("utf-8")).hexdigest()

