"""The paper notice (公示单): one month of an area's accounts on A4, for the
bulletin board at the compound's gate.

Many residents never open a web page; a printed statement with the chain's
head on it makes every photo of the paper a witness the operator cannot take
back. One notice per area and month holds:

* the money lines published that month (line numbers, dates, kinds,
  purposes, amounts; reversals name the line they reverse), the totals by
  category, the opening and closing balance;
* fee collection for the fee periods of that month (households paid / due);
* the issues still open and the votes under way at the month's end, one line
  each;
* the head of the chain at the month's end with its signature check, and the
  street office's public key;
* a QR code to the area's page on the site, and lines for the signatures of
  a supervisor and of the recording volunteer.

"The month" is the publication month: a notice covers the lines published in
it (line numbers a to b), so the notices of consecutive months join end to
end and each closes on the head the next one starts from. Everything is as it
was at the month's end (an issue resolved later is still open on it), so the
notice of a past month never changes.

``area_notices`` makes each month's content as plain data (at collection);
``render_pdf`` draws it with ReportLab, embedding (a subset of) a TrueType
Chinese font, so the PDF prints the same anywhere. The same content always
gives the same bytes. The font: ``STEWARD_NOTICE_FONT`` (``path`` or
``path:index``), else Debian's fonts-wqy-microhei (``make`` installs it).
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import io
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db import ledger as ledger_rules
from db import witness
from db.entries import EXPENSE_CATEGORIES, FEE_TYPES, ISSUE_CATEGORIES, OPEN_ISSUE, Kind
from db.money import format_fen
from db.redact import Redactor, redactor

from .kept import Kept

__all__ = ["NoticeError", "find_font", "notices_enabled", "area_notices", "notice_for",
           "notice_years",
           "render_pdf", "notice_files", "NoticeDrawing", "notice_path", "is_notice", "area_url",
           "ARCHIVE"]

log = logging.getLogger(__name__)

# Bump when the drawing changes, so that kept PDFs are drawn again.
LAYOUT_VERSION = "3"

FONT_CANDIDATES = (  # (path, index of the regular face, index of a fixed-width face)
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, 1),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, 1),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0, None),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0, None),
)
FONT, MONO = "StewardCJK", "StewardCJKMono"

STATUS_ZH = {"approved": "已受理", "in_progress": "处理中", "reopened": "重新打开",
             "open": "表决中", "passed": "通过", "failed": "未通过", "withdrawn": "已撤回"}
KIND_ZH = {"income": "收入", "expense": "支出", "reversal": "冲正"}


class NoticeError(Exception):
    """A notice cannot be made (no Chinese font, an unknown area or month)."""


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


FONT_MISSING = ("no Chinese TrueType font for the paper notice: install Debian's "
                "fonts-wqy-microhei (`sudo apt-get install fonts-wqy-microhei`, or `make`), "
                "or set STEWARD_NOTICE_FONT=/path/to/font.ttf")

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
                raise NoticeError(FONT_MISSING)
            path, regular, mono = found
            pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=regular))
            pdfmetrics.registerFont(TTFont(MONO, path, subfontIndex=regular if mono is None
                                           else mono))
            _FONTS = (FONT, MONO)
        return _FONTS


# -- what a notice says --------------------------------------------------------------------


def area_url(site_url: str, area: str) -> str:
    """The address of the area's page (what the QR code holds)."""
    return f"{site_url.rstrip('/')}/areas/{area}/" if site_url else ""


def notice_path(area: str, month: str) -> str:
    return f"downloads/{area}/notice-{month}.pdf"


_NOTICE = re.compile(r"downloads/[^/.][^/]*/notice-\d{4}-\d{2}\.pdf")


def is_notice(path: str) -> bool:
    """Whether the docs path ``path`` is a monthly notice (``notice_path``): the pages
    link them in raw HTML only, so MkDocs is not told of them (``MkDocsSession``)."""
    return _NOTICE.fullmatch(path) is not None


def notice_years(notices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The months that have a notice, by year, the latest first (for the accounts page)."""
    years: dict[str, list[str]] = {}
    for n in reversed(notices):
        years.setdefault(n["month"][:4], []).append(n["month"])
    return [{"year": y, "months": m} for y, m in years.items()]


def _month(value: Any) -> str:
    return str(value or "")[:7]


def _next_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year + mon // 12}-{mon % 12 + 1:02d}"


def _status_at(history: list[dict[str, Any]], month: str) -> tuple[str | None, str | None]:
    """An entry's status at the end of ``month``, and when it got it."""
    status = at = None
    for step in history:
        if _month(step.get("at")) <= month and step.get("to"):
            status, at = str(step["to"]), str(step.get("at"))
    return status, at


def _first_at(history: list[dict[str, Any]], to: str) -> str | None:
    return next((str(h["at"]) for h in history if h.get("to") == to), None)


def _category_zh(code: str | None) -> str:
    code = code or ""
    return FEE_TYPES.get(code) or EXPENSE_CATEGORIES.get(code) or code or "其他"


def _short(text: str, limit: int = 40) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _signature(records: list[dict[str, Any]], keys: list[dict[str, Any]], seq: int,
               head: str, lines: list[dict[str, Any]]) -> dict[str, Any]:
    """How the month-end head is signed: by a head record of exactly that line count,
    or covered by a later signed head whose chain runs through it."""
    by_id = {k["id"]: k["public_key"] for k in keys}
    if seq == 0:
        return {"state": "empty"}
    exact = next((r for r in records if r.get("seq") == seq and r.get("head") == head), None)
    later = next((r for r in records if isinstance(r.get("seq"), int) and r["seq"] > seq
                  and len(lines) >= r["seq"] and lines[r["seq"] - 1].get("hash") == r.get("head")),
                 None)
    record, state = (exact, "exact") if exact else (later, "covered") if later else (None, "")
    if record is None:
        return {"state": "unsigned"}
    return {"state": state, "at": record.get("at"), "seq": record.get("seq"),
            "n": record.get("n"), "key_id": record.get("key"),
            "public_key": by_id.get(str(record.get("key")), "")}


def area_notices(repo: Any, area_id: str, lines: list[dict[str, Any]], entries: list[Any],
                 heads: dict[str, Any]) -> list[dict[str, Any]]:
    """The content of every month's notice of an area, from the month of its first
    published line to that of its last (plain data; ``render_pdf`` draws one)."""
    if not lines:
        return []
    index = _AreaIndex(repo, area_id, lines, entries, heads)
    first, last = _month(index.published[0]), _month(index.published[-1])
    months = [first]
    while months[-1] < last:
        months.append(_next_month(months[-1]))
    return [index.notice(m) for m in months]


def notice_for(repo: Any, area_id: str, month: str) -> dict[str, Any]:
    """The content of the notice of ``area_id`` for ``month`` ("YYYY-MM")."""
    from .heads import collect_heads

    try:
        repo.street.area(area_id)
    except KeyError:
        raise NoticeError(f"no management area {area_id!r}; the areas are: "
                          f"{', '.join(a.id for a in repo.street.areas)}") from None
    return _AreaIndex(repo, area_id, repo.ledger(area_id), repo.entries(area=area_id),
                      collect_heads(repo)).notice(month)


class _AreaIndex:
    """An area's lines and entries sorted once by month, for its notices."""

    def __init__(self, repo: Any, area_id: str, lines: list[dict[str, Any]], entries: list[Any],
                 heads: dict[str, Any]) -> None:
        street = repo.street
        self.area_id, self.lines, self.heads = area_id, lines, heads
        self.redact = redactor(repo.settings)  # the street's, as on the site
        self.area = street.area(area_id)
        self.street = f"{street.city}{street.name}"
        self.compounds = "、".join(street.compound(c).name for c in self.area.compounds)
        self.url = area_url(street.site_url, area_id)
        self.households = len(street.area_households(area_id))
        # The month each line was published in (never before the line above it, even
        # if a clock was set back), and the balance before each line.
        self.published: list[str] = []
        self.before = [0]
        for x in lines:
            month = _month(x.get("published_at") or x.get("date"))
            self.published.append(max(month, self.published[-1]) if self.published else month)
            self.before.append(self.before[-1] + int(x["amount_fen"]))
        self.fees: dict[str, list[Any]] = {}  # period -> fee entries
        self.issues: list[Any] = []
        self.proposals: list[Any] = []
        for e in entries:
            if e.kind == Kind.FEE_INCOME:
                self.fees.setdefault(str(e.data.get("period") or ""), []).append(e)
            elif e.kind == Kind.ISSUE and _first_at(e.history, "approved"):
                self.issues.append(e)
            elif e.kind == Kind.PROPOSAL:
                self.proposals.append(e)

    def notice(self, month: str) -> dict[str, Any]:
        lines, published = self.lines, self.published
        start = bisect.bisect_left(published, month)
        closing_seq = bisect.bisect_right(published, month)
        shown = lines[start:closing_seq]
        before = self.before[start]
        amounts = [int(x["amount_fen"]) for x in shown]
        effects = [ledger_rules.line_effect(x) for x in shown]  # net of reversals, as the site
        head = lines[closing_seq - 1]["hash"] if closing_seq else witness.GENESIS
        money = [{
            "seq": x["seq"], "date": str(x.get("date") or "")[:10],
            "kind": KIND_ZH.get(str(x.get("kind")), str(x.get("kind"))),
            "category": _category_zh(x.get("category")),
            "text": _short(self.redact(x.get("purpose"))
                           + (f"（{self.redact(x.get('payee'))}）" if x.get("payee") else "")
                           + (f" {x['household_ref']}" if x.get("household_ref") else ""), 60),
            "reverses": x.get("reverses"), "amount_fen": int(x["amount_fen"]),
        } for x in shown]
        area, heads = self.area, self.heads
        return {
            "area": self.area_id, "area_name": area.name, "steward": area.steward,
            "mode": area.mode.label_zh, "street": self.street, "compounds": self.compounds,
            "month": month, "url": self.url,
            "lines": money, "first_seq": shown[0]["seq"] if shown else None,
            "last_seq": shown[-1]["seq"] if shown else None,
            "opening_fen": before, "income_fen": sum(i for i, _ in effects),
            "expense_fen": sum(e for _, e in effects),
            "closing_fen": before + sum(amounts),
            "categories": [{"category": _category_zh(c), "fen": v}
                           for c, v in ledger_rules.totals_by_category(shown).items()],
            "fees": _fees(self.fees.get(month, []) + self.fees.get(month[:4], []), month,
                          self.households),
            "issues": _issues(self.issues, month, self.redact),
            "votes": _votes(self.proposals, month, self.redact),
            "head": {"seq": closing_seq, "hash": head,
                     "as_of": str(lines[closing_seq - 1].get("published_at") or "")[:16]
                     .replace("T", " ") if closing_seq else "",
                     "signature": _signature(heads["by_area"].get(self.area_id, []),
                                             heads["key_history"], closing_seq, head, lines)},
            "public_key": heads["public_key"], "key_id": heads["key_id"],
        }


def _fees(entries: list[Any], month: str, households: int) -> list[dict[str, Any]]:
    """Fee periods of this month (the month itself, or its year): households that had
    paid by the month's end (approved, not reversed by then) of all households, and
    the units whose fee was collected for the whole unit (not household by household)."""
    paid: dict[tuple[str, str], set[str]] = {}
    units: dict[tuple[str, str], set[str]] = {}
    amounts: dict[tuple[str, str], int] = {}
    for e in entries:
        period = str(e.data.get("period") or "")
        approved = _first_at(e.history, "approved")
        reversed_at = _first_at(e.history, "reversed")
        if not approved or _month(approved) > month or \
                (reversed_at and _month(reversed_at) <= month):
            continue
        key = (str(e.data.get("fee_type") or "other"), period)
        homes = paid.setdefault(key, set())
        if e.data.get("household"):
            homes.add(str(e.data["household"]))
        elif e.data.get("unit"):
            units.setdefault(key, set()).add(str(e.data["unit"]))
        amounts[key] = amounts.get(key, 0) + int(e.data.get("amount_fen") or 0)
    return [{"fee": FEE_TYPES.get(fee, fee), "period": period, "paid": len(paid[(fee, period)]),
             "units": len(units.get((fee, period), ())), "due": households,
             "fen": amounts[(fee, period)]}
            for fee, period in sorted(paid)]


def _issues(entries: list[Any], month: str, redact: Redactor) -> list[dict[str, Any]]:
    out = []
    for e in entries:
        if _month(e.created) > month:
            continue
        status, _at = _status_at(e.history, month)
        if status not in OPEN_ISSUE:
            continue
        since = _first_at(e.history, "approved") or e.created
        out.append({"id": e.id, "category": ISSUE_CATEGORIES.get(e.data.get("category") or "",
                                                                 "其他"),
                    "text": _short(redact(e.data.get("text")), 36),
                    "status": STATUS_ZH.get(str(status), str(status)),
                    "since": str(since)[:10]})
    return out


def _votes(entries: list[Any], month: str, redact: Redactor) -> list[dict[str, Any]]:
    out = []
    for e in entries:
        if _month(e.created) > month:
            continue
        status, at = _status_at(e.history, month)
        if status == "open":
            note = f"截止 {str(e.data.get('deadline') or '')[:10]}".strip()
        elif status in ("passed", "failed", "withdrawn") and _month(at) == month:
            note = f"{str(at)[:10]} 结束"
        else:
            continue
        out.append({"id": e.id, "title": _short(redact(e.data.get("title")), 36),
                    "status": STATUS_ZH.get(str(status), str(status)), "note": note})
    return out


# -- drawing -------------------------------------------------------------------------------

PAGE_W, PAGE_H = 595.2756, 841.8898  # A4 in points
MARGIN = 40.0
WIDTH = PAGE_W - 2 * MARGIN
BOTTOM = MARGIN + 24  # above the footer
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


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out, line = [], ""
    for ch in text:
        if stringWidth(line + ch, font, size) > width:
            out.append(line)
            line = ch.lstrip()
        else:
            line += ch
    return out + ([line] if line else [])


def _money(fen: int, signed: bool = False) -> str:
    return ("+" if signed and fen > 0 else "") + format_fen(int(fen))


def _layout(n: dict[str, Any], font: str, mono: str) -> list[_Row]:
    rows: list[_Row] = []

    def text_row(text: str, size: float = 9.5, *, indent: float = 0, face: str = font,
                 gap: float = 4.0, keep: bool = False) -> None:
        for part in _wrap(text, face, size, WIDTH - indent) or [""]:
            def draw(c: Any, y: float, part: str = part) -> None:
                c.setFont(face, size)
                c.drawString(MARGIN + indent, y - size, part)
            rows.append(_Row(size + gap, draw, keep=keep))

    def title(text: str) -> None:
        """A section title (kept with what follows it)."""
        def draw(c: Any, y: float) -> None:
            c.setFont(font, 12)
            c.drawString(MARGIN, y - 16, text)
            c.setLineWidth(0.6)
            c.line(MARGIN, y - 20, MARGIN + WIDTH, y - 20)
        rows.append(_Row(26, draw, keep=True))

    def cells(values: list[str], size: float, *, header: bool = False, shade: bool = False) -> None:
        fixed = sum(w for w, _t, _a in COLUMNS)
        widths = [w or WIDTH - fixed for w, _t, _a in COLUMNS]

        def draw(c: Any, y: float) -> None:
            if shade:
                c.setFillGray(0.9)
                c.rect(MARGIN, y - size - 5, WIDTH, size + 6, stroke=0, fill=1)
                c.setFillGray(0)
            c.setFont(font, size)
            x = MARGIN
            for value, width, (_w, _t, align) in zip(values, widths, COLUMNS, strict=True):
                shown = _fit(value, font, size, width - 6)
                if align == "r":
                    c.drawRightString(x + width - 3, y - size - 1, shown)
                else:
                    c.drawString(x + 3, y - size - 1, shown)
                x += width
            c.setLineWidth(0.3)
            c.line(MARGIN, y - size - 5, MARGIN + WIDTH, y - size - 5)
        rows.append(_Row(size + 7, draw, header=header))

    # 1. The month's money.
    title("一、本月收支")
    boxes = (("上月结余（期初）", _money(n["opening_fen"])), ("本月收入", _money(n["income_fen"])),
             ("本月支出", _money(n["expense_fen"])), ("本月结余（期末）", _money(n["closing_fen"])))

    def summary(c: Any, y: float) -> None:
        cell = WIDTH / len(boxes)
        c.setLineWidth(0.5)
        for k, (label, value) in enumerate(boxes):
            x = MARGIN + k * cell
            c.rect(x, y - 40, cell, 38, stroke=1, fill=0)
            c.setFont(font, 8.5)
            c.drawCentredString(x + cell / 2, y - 14, label)
            c.setFont(font, 13)
            c.drawCentredString(x + cell / 2, y - 33, value)
    rows.append(_Row(46, summary))
    if n["categories"]:
        text_row("按类别合计：" + "；".join(f"{c['category']} {_money(c['fen'], True)}"
                                      for c in n["categories"]))
    text_row("收入、支出都已扣除冲正，算法与网站账目相同。明细中收入为正，支出为负；冲正是对某一笔的更正，"
             "金额与原来那笔相反，两笔都留在账上。", 8.5)
    # 2. Every line of it.
    span = f"（第 {n['first_seq']}–{n['last_seq']} 笔）" if n["lines"] else ""
    title(f"二、本月公开的每一笔账{span}")
    if n["lines"]:
        cells([t for _w, t, _a in COLUMNS], 9, header=True, shade=True)
        for x in n["lines"]:
            cites = f"冲正第 {x['reverses']} 笔" if x["reverses"] else ""
            text = x["text"] + (f"（{cites}）" if cites and cites not in x["text"] else "")
            cells([str(x["seq"]), x["date"], x["kind"], x["category"], text,
                   _money(x["amount_fen"], True)], 9)
    else:
        text_row("本月没有新的入账。")
    # 3. Fees.
    title("三、收费情况（截至月底）")
    for f in n["fees"] or []:
        rate = f"{100 * f['paid'] / f['due']:.0f}%" if f["due"] else "—"
        whole = f"，另有 {f['units']} 个单元整单元收取" if f["units"] else ""
        homes = f"已交 {f['paid']} 户 / 应交 {f['due']} 户（{rate}）{whole}" if f["paid"] else \
            f"按单元收取：{f['units']} 个单元" if f["units"] else f"已交 0 户 / 应交 {f['due']} 户"
        text_row(f"{f['fee']} {f['period']}：{homes}，共 {_money(f['fen'])}")
    if not n["fees"]:
        text_row("本月没有收费期间的记录。")
    # 4. Issues and votes.
    title("四、未办结的报事与进行中的表决（截至月底）")
    for i in n["issues"]:
        text_row(f"报事 #{i['id']} {i['category']}：{i['text']}　{i['status']}，{i['since']} 受理",
                 9)
    for v in n["votes"]:
        text_row(f"表决 #{v['id']} {v['title']}：{v['status']}，{v['note']}", 9)
    if not n["issues"] and not n["votes"]:
        text_row("无。")
    # 5. The head.
    head, sig = n["head"], n["head"]["signature"]
    title("五、账本链头（防篡改凭证）")
    if head["seq"]:
        text_row(f"截至 {head['as_of']}，本区域账本共 {head['seq']} 笔。第 {head['seq']} 笔的哈希"
                 "（链头）：", keep=True)
    else:
        text_row("本区域账本还没有任何一笔。", keep=True)
    text_row(head["hash"], 10, face=mono, indent=12, keep=True)
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
        text_row("街道办签名公钥：", 9, keep=True)
        text_row(key, 9, face=mono, indent=12, keep=True)
    text_row("请拍照留存本公示单。今后任何时候，网站上本区域第 "
             f"{head['seq'] or 1} 笔账的哈希都必须与上面的链头完全一致；不一致就说明旧账被改过。"
             "核对方法见网站的“如何核对账本”。", 8.5, keep=True)
    # 6. Signatures.
    title("六、签字")

    def signatures(c: Any, y: float) -> None:
        c.setFont(font, 10.5)
        c.setLineWidth(0.5)
        for k, who in enumerate(("监督人（签字）：", "记账志愿者（签字）：")):
            base = y - 26 - 30 * k
            c.drawString(MARGIN, base, who)
            c.line(MARGIN + 112, base - 2, MARGIN + 300, base - 2)
            c.drawString(MARGIN + 320, base, "日期：")
            c.line(MARGIN + 356, base - 2, MARGIN + WIDTH, base - 2)
    rows.append(_Row(68, signatures))
    return rows


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


def render_pdf(n: dict[str, Any]) -> bytes:
    """Draw one notice (``notice_for``'s content) as an A4 PDF; the same content always
    gives the same bytes (its digest is kept in the PDF's keywords)."""
    from reportlab.pdfgen import canvas

    font, mono = _fonts()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1,
                      initialFontName=font, initialFontSize=10)
    year, mon = n["month"][:4], int(n["month"][5:7])
    heading = f"{n['area_name']} {year}年{mon}月 财务公示"
    c.setTitle(heading)
    c.setAuthor(n["street"])
    c.setSubject(f"{n['area']} {n['month']}")
    c.setKeywords(f"steward-notice {_digest(n)}")
    c.setCreator("Steward")
    qr_size = 92.0
    rows = _layout(n, font, mono)
    first_top = PAGE_H - MARGIN - 112
    pages = _paginate(rows, first_top, PAGE_H - MARGIN)
    for number, page in enumerate(pages, start=1):
        if number == 1:
            c.setFont(font, 18)
            c.drawString(MARGIN, PAGE_H - MARGIN - 20,
                         _fit(heading, font, 18, WIDTH - qr_size - 12))
            c.setFont(font, 10)
            for k, text in enumerate((f"{n['street']} · {n['compounds']}",
                                      f"管理方式：{n['mode']} · {n['steward']}",
                                      f"本月：{n['month']}（按入账公开的月份）")):
                c.drawString(MARGIN, PAGE_H - MARGIN - 42 - 15 * k,
                             _fit(text, font, 10, WIDTH - qr_size - 12))
            if n["url"]:
                _qr(c, n["url"], MARGIN + WIDTH - qr_size, PAGE_H - MARGIN - qr_size + 6, qr_size)
                c.setFont(font, 7.5)
                c.drawRightString(MARGIN + WIDTH, PAGE_H - MARGIN - qr_size,
                                  "扫码查看本小区网上账目")
        for y, row in page:
            row.draw(c, y)
        c.setFont(font, 8)
        c.setFillGray(0.3)
        c.drawString(MARGIN, MARGIN, _fit(f"{heading} · 由小区管家生成 · {n['url']}", font, 8,
                                          WIDTH - 70))
        c.drawRightString(MARGIN + WIDTH, MARGIN, f"第 {number} / {len(pages)} 页")
        c.setFillGray(0)
        c.showPage()
    c.save()
    return buf.getvalue()


# -- on the site ---------------------------------------------------------------------------


def _digest(n: dict[str, Any]) -> str:
    found = find_font()
    body = witness.canonical({"v": LAYOUT_VERSION, "font": list(found or ()), "notice": n})
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _kept(content: Path | None, path: str, digest: str) -> bytes | None:
    """The PDF an earlier build left in ``content/`` if its content is the same (its
    digest is in its keywords)."""
    kept = content / path if content is not None else None
    if kept is not None and kept.is_file():
        body = kept.read_bytes()
        if f"steward-notice {digest}".encode() in body:
            return body
    return None


# The notices of closed months, beside the data they are drawn from (not in backups:
# its name starts with a dot), so that any site project built from the data folder
# links them instead of drawing them again: ``<area>/<YYYY-MM>.<digest>.pdf``.
ARCHIVE = ".notices"


def _archived(archive: Path | None, area: str, month: str, digest: str) -> Path | None:
    path = archive / area / f"{month}.{digest}.pdf" if archive is not None else None
    return path if path is not None and path.is_file() else None


def _to_archive(archive: Path | None, area: str, month: str, digest: str,
                body: bytes | Path) -> None:
    """Keep a closed month's notice beside the data (a cache: failing to is only said)."""
    if archive is None:
        return
    from .files import replace_file

    folder = archive / area
    try:
        data = body.read_bytes() if isinstance(body, Path) else body
        replace_file(folder / f"{month}.{digest}.pdf", data)
        for old in folder.glob(f"{month}.*.pdf"):  # drawn from what it held before
            if old.name != f"{month}.{digest}.pdf":
                old.unlink()
    except OSError as exc:
        log.warning("could not keep the notice of %s %s beside the data: %s", area, month, exc)


def notice_files(data: dict[str, Any], project_dir: Path | None,
                 areas: set[str] | None = None) -> dict[str, bytes]:
    """Every month's notice of ``areas`` (all when None), keyed by path under the docs
    folder; a PDF an earlier build left in ``content/`` is taken as it is when its
    content is the same."""
    drawing = NoticeDrawing(data, project_dir, areas, inline=True)
    return drawing.ready


# A build that must draw more notices than this (a whole build of a street with
# years of history) draws them in a child process while MkDocs builds the pages.
INLINE_MAX = 120


def _draw_into(items: list[tuple[str, dict[str, Any]]], content: str) -> list[str]:
    """Draw notices into ``content`` (in the child process); the paths written."""
    from .files import replace_file

    written = []
    for path, n in items:
        target = Path(content) / path
        body = render_pdf(n)
        if not (target.is_file() and target.read_bytes() == body):
            replace_file(target, body)
            written.append(path)
    return written


class NoticeDrawing:
    """The notices of one build. ``ready``: the PDFs to write with the other files
    (kept from an earlier build, or drawn here when few). ``linked``: those of closed
    months found in the data folder's ``ARCHIVE`` (``archive``), linked into
    ``content/``. ``pending``: those a child process (``python -m
    site_builder.notice``) draws straight into ``content/`` meanwhile (``start``), on
    the machine's other core; ``finish`` waits for it, copies them into the built
    site and keeps the closed months' ones in the archive. The pages link the
    notices in raw HTML, which MkDocs neither rewrites nor checks, so MkDocs may
    build before the PDFs exist."""

    def __init__(self, data: dict[str, Any], project_dir: Path | None,
                 areas: set[str] | None = None, *, inline: bool = False,
                 kept: Kept | None = None, archive: Path | None = None) -> None:
        self.content = Path(project_dir) / "content" if project_dir is not None else None
        self.archive = archive
        self.ready: dict[str, bytes] = {}
        self.linked: set[str] = set()  # closed months' notices taken from the archive
        self.unchanged: set[str] = set()  # on disk as they would be drawn (with ``kept``)
        self._closed: dict[str, tuple[str, str, str]] = {}  # path -> area, month, digest
        self._kept, self._inline = kept, inline
        self._todo: list[tuple[str, dict[str, Any]]] = []
        self.pending: set[str] = set()
        self._proc: subprocess.Popen[bytes] | None = None
        self._job: Path | None = None
        for area in data["areas"]:
            if areas is None or area["id"] in areas:
                self.add(area)
        if data["areas"]:
            self.settle()

    def add(self, area: dict[str, Any]) -> None:
        """The notices of one more area (the builder adds them an area at a time)."""
        notices = area.get("notices") or []
        last = max((str(n["month"]) for n in notices), default="")
        for n in notices:
            path, digest = notice_path(area["id"], n["month"]), _digest(n)
            if n["month"] < last:  # the month is over: its notice no longer changes
                self._closed[path] = (area["id"], n["month"], digest)
            # Drawn by an earlier build from the same content: left as it is on disk
            # (``kept``: without even reading it), else taken when its digest matches.
            if self._kept is not None and self._kept.keep(path, digest):
                continue
            body = _kept(self.content, path, digest)
            if body is not None and self._kept is not None:
                self.unchanged.add(path)  # the builder keeps it: no need to hold its bytes
            elif body is not None:
                self.ready[path] = body
            elif not self._link(path):
                self._todo.append((path, n))

    def state(self) -> tuple[Any, ...]:
        """The notices added so far, for ``merge`` in another process (a whole build's
        areas are rendered by two: ``site_builder.shared``)."""
        return self.ready, self.linked, self.unchanged, self._closed, self._todo

    def merge(self, state: tuple[Any, ...]) -> None:
        ready, linked, unchanged, closed, todo = state
        self.ready.update(ready)
        self.linked |= linked
        self.unchanged |= unchanged
        self._closed.update(closed)
        known = {path for path, _n in self._todo}
        self._todo += [item for item in todo if item[0] not in known]

    def settle(self, most: int = INLINE_MAX) -> None:
        """Once every area was added: draw here the few notices to draw (``most``), or
        leave them to the child process (``pending``, ``start``). Drawing here loads
        the font (some 48 MB, kept by ReportLab for good); a whole build gives
        ``most=0`` so that its peak, MkDocs, does not carry it."""
        if self._inline or self.content is None or len(self._todo) <= most:
            for path, n in self._todo:
                self.ready[path] = body = render_pdf(n)
                if path in self._closed:
                    _to_archive(self.archive, *self._closed[path], body)
            self._todo = []
        self.pending = {path for path, _n in self._todo}

    def _link(self, path: str) -> bool:
        """Whether the notice at ``path`` was found in the archive (and taken)."""
        closed = self._closed.get(path)
        found = _archived(self.archive, *closed) if closed else None
        if found is None:
            return False
        if self._inline or self.content is None:
            self.ready[path] = found.read_bytes()
        else:
            from .files import link_file

            link_file(found, self.content / path)
            self.linked.add(path)
        return True

    def start(self) -> None:
        if not self._todo or self.content is None:
            return
        fd, job = tempfile.mkstemp(prefix="steward-notices-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(self._todo, f, ensure_ascii=False)
        self._job = Path(job)
        root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            p for p in (root, os.environ.get("PYTHONPATH", "")) if p))
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "site_builder.notice", str(self.content), job,
             str(os.getpid())],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)

    def finish(self, site_dir: Path | None) -> list[str]:
        """Wait for the pending notices; copy them into ``site_dir`` (when the site was
        built); the paths under ``content/`` whose bytes changed."""
        if self._proc is None:
            return []
        from .files import replace_file

        try:
            out, err = self._proc.communicate()
            if self._proc.returncode != 0:
                raise RuntimeError("drawing the monthly notices failed: "
                                   + err.decode("utf-8", "replace")[-1500:])
            written = [str(p) for p in json.loads(out.decode("utf-8").splitlines()[-1])]
        finally:
            self.close()
        if self.content is not None:
            for path in sorted(self.pending):
                if site_dir is not None:
                    replace_file(Path(site_dir) / path, (self.content / path).read_bytes())
                if path in self._closed:
                    _to_archive(self.archive, *self._closed[path], self.content / path)
        return written

    def close(self) -> None:
        """Stop the child process (after a failed build) and forget its job."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.communicate()
        self._proc = None
        if self._job is not None:
            self._job.unlink(missing_ok=True)
            self._job = None


_WARNED = False


def notices_enabled() -> bool:
    """Whether notices can be made here (a Chinese font was found); says why not, once."""
    global _WARNED
    if find_font() is not None:
        return True
    if not _WARNED:
        _WARNED = True
        log.warning("no Chinese TrueType font: the site is built without the monthly paper "
                    "notices (install fonts-wqy-microhei, or set STEWARD_NOTICE_FONT)")
    return False


if __name__ == "__main__":  # the child process of ``NoticeDrawing``: CONTENT JOB PARENT
    from .child import die_with_parent

    die_with_parent(int(sys.argv[3]))
    with open(sys.argv[2], encoding="utf-8") as _job:
        _items = [(str(path), n) for path, n in json.load(_job)]
    print(json.dumps(_draw_into(_items, sys.argv[1])))
