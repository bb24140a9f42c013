"""What a paper notice (``notice_pdf``) prints, as rows to paginate: the month's
money in boxes, every line of the ledger in a table, the fees, the open reports,
projects and votes, the chain head with its QR code and the command that checks it,
and the lines for signatures; the page's measures and type sizes, and a QR code drawn
as squares.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from db.money import format_fen

from .notice_restore import reprint_lost, restore_note
from .notice_text import cell_lines, fit, one_line, wrap

__all__ = ["BODY", "BOTTOM", "CHECK_QR", "FOOTER", "MARGIN", "NOTE", "PAGE_H", "PAGE_W", "Row",
           "WIDTH", "draw_qr", "layout"]


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
class Row:
    height: float
    draw: Callable[[Any, float], None]  # (canvas, y of the row's top)
    header: bool = False  # a table header: drawn again at the top of a continued table
    keep: bool = False  # keep with the next row (a section title)




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

def layout(n: dict[str, Any], font: str, mono: str) -> list[Row]:
    """The rows of the notice ``n``, in ``font`` (``mono`` for the hashes and the command)."""
    rows: list[Row] = []

    def text_row(text: str, size: float = BODY, *, indent: float = 0, face: str = font,
                 gap: float = 4.0, keep: bool = False) -> None:
        """A paragraph, wrapped; one row, so that a page never breaks inside it."""
        parts = wrap(text, face, size, WIDTH - indent) or [""]

        def draw(c: Any, y: float) -> None:
            c.setFont(face, size)
            for k, part in enumerate(parts):
                c.drawString(MARGIN + indent, y - size - k * (size + gap), part)
        rows.append(Row((size + gap) * len(parts), draw, keep=keep))

    def title(text: str) -> None:
        """A section title (kept with what follows it), over more lines if need be."""
        parts = wrap(text, font, TITLE, WIDTH)
        extra = (TITLE + 4) * (len(parts) - 1)

        def draw(c: Any, y: float) -> None:
            c.setFont(font, TITLE)
            for k, part in enumerate(parts):
                c.drawString(MARGIN, y - 18 - k * (TITLE + 4), part)
            c.setLineWidth(0.6)
            c.line(MARGIN, y - 23 - extra, MARGIN + WIDTH, y - 23 - extra)
        rows.append(Row(30 + extra, draw, keep=True))

    def cells(values: list[str], size: float, *, header: bool = False, shade: bool = False) -> None:
        """A table row; a cell too long for its column (a payee, a purpose, a reversal's
        reason) wraps onto more lines, up to ``CELL_LINES``, the row as tall as its
        tallest cell (a row is never split over two pages)."""
        fixed = sum(w for w, _t, _a in COLUMNS)
        widths = [w or WIDTH - fixed for w, _t, _a in COLUMNS]
        shown = [[fit(value, font, size, width - 6)] if align == "r" else
                 cell_lines(value, font, size, width - 6)
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
        rows.append(Row(size + 7 + extra, draw, header=header))

    # A past month's notice made again, some part of it reading otherwise than when it
    # was first made (``notice_reprint``): which parts, and why such a part may change.
    # The month's head itself changed (lines of the month gone or rewritten since: a
    # restore of an older backup) is none of the usual causes, and says so.
    # Lines of the first making lost in a restore since are said so, plainly, with their
    # numbers (``notice_restore.reprint_lost``), not as lines changed.
    if again := n.get("reprint"):
        lost, rest = reprint_lost(again)
        why = ("本月的账本链头与首次生成时不同：那以后本月有账目不见了或被改了（比如数据从"
               "较早的备份恢复），首次张贴的那张上的链头已和网站对不上，请向街道办问明原因。"
               if "账本链头" in rest else
               "变化来自后来的更正、冲正说明、补签的链头签名、街道资料（网站地址、补登的住户、"
               "管理方式）的修改，或隐私保护（遮盖姓名、删除个人信息）。")
        if lost and "账本链头" not in rest:  # the rest may follow the restore too
            why = ("这些可能也是那次恢复造成的（遗失的账里有缴费时，收费情况跟着变），也可能来自"
                   "后来的更正、冲正说明、补签的链头签名、街道资料的修改，或隐私保护。")
        other = f"此外有变化的是：{_changed(rest)}；{why}" if rest else "其余与首次生成时相同。"
        text_row(f"重印说明：本公示单首次生成于 {again['first']}。{lost}{other}" if lost else
                 f"重印说明：本公示单首次生成于 {again['first']}。此后有变化的是："
                 f"{_changed(rest)}；其余与首次生成时相同。{why}", NOTE)
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
    rows.append(Row(52, summary))
    if n.get("carried_fen"):  # an opening balance booked this month (db.opening)
        text_row(f"本月记入期初结转（纸质账本，第 {n['carried_seq']} 笔）"
                 f"{_money(n['carried_fen'])}：不算本月收入；上月结余 + 期初结转 + 本月收入 − "
                 "本月支出 = 本月结余。")
    if n["categories"]:
        text_row("按类别合计：" + "；".join(f"{c['category']} {_money(c['fen'], True)}"
                                      for c in n["categories"]))
    # a reversal of a line of an earlier notice counts in this month: what it took back
    for way, zh in (("income", "收入"), ("expense", "支出")):
        if said := (n.get("undone") or {}).get(way):
            why = "为负数，因为" if n[f"{way}_fen"] < 0 else "已算上："
            text_row(f"本月{zh}{why}本月{said}（原来那笔仍在那张公示上）。")
    # a balance below zero (a new street's first expense, paid from money held before) is
    # said in the same note: a row more would push a one-page notice onto a second page
    below = ("结余是负数：记下的支出多于记下的收入，常见的原因是开始记账以前已有的钱"
             "（上年结余、补贴）还没有记成收入，或者有人先垫付了钱；不等于欠款或账错了。"
             if n["closing_fen"] < 0 else "")
    text_row("收入、支出都已扣除冲正，算法与网站账目相同。明细中收入为正，支出为负；冲正是对某一笔的更正，"
             "金额与原来那笔相反，两笔都留在账上。" + below, NOTE)
    # January's notice: the year before, as its notices told it.
    if year := n.get("year"):
        first, last = int(year["first_month"][5:7]), int(year["last_month"][5:7])
        seqs = f"{year['first_seq']}–{year['last_seq']}" \
            if year["first_seq"] != year["last_seq"] else str(year["first_seq"])
        title(f"附：{year['year']} 年全年收支")
        text_row("，".join(f"{label} {_money(year[key])}" for label, key in (
            ("年初余额", "opening_fen"), ("全年收入", "income_fen"), ("全年支出", "expense_fen"),
            ("年末余额", "closing_fen"))) + (
            f"，其中期初结转（纸质账本）{_money(year['carried_fen'])}" if year.get("carried_fen")
            else "") + "。", 10.5)
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
    for c in n.get("fee_changes") or []:  # ``steward fees set``: news for the board
        before = f"（此前 {_money(c['before_fen'])}）" if c.get("before_fen") else ""
        why = f"：{c['note']}" if c.get("note") else ""
        text_row(f"收费标准调整：{c['fee']} {c['from']}起{c['every']} {_money(c['amount_fen'])}"
                 f"{before}。{c['day']} {c['role']}登记{why}。")
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
    restart = n.get("restart")
    if restart:  # a new key after a lost one (db.heads.start_anew): why the key differs
        why = f"原因：{restart['reason']}" if restart.get("reason") else "原因没有记下，请问街道办"
        text_row(f"注意：{str(restart.get('at'))[:10]} 起街道办换用了这把新密钥，原来的密钥 "
                 f"{restart.get('key')} 不能再用了（{why}）。以前公示单上的公钥与它不同，是这个"
                 "原因；详见网站“账本核验”页。", NOTE)
    keep_it = ("请拍照留存本公示单。今后任何时候，网站账目表里本区域第 "
               f"{head['seq']} 笔账的哈希（网站显示前 16 位）都必须与上面链头的前 16 位"
               f"（{head['hash'][:16]}）一致。不一致时，网站“账本核验”页必须写明原因："
               "恢复备份时遗失的账在那里标明是哪几笔；没有写明原因，就说明旧账被改过。")
    program = "完整的 64 位用下面的核对程序核对，方法见网站的“如何核对账本”。"
    if head["seq"] and n.get("check_url"):
        # Beside it, the code that checks this very head on the site when scanned:
        # nothing to type (the whole 64 digits are the program's, the line below).
        scan = ("用手机核对：扫左边的码，手机会打开网站的“账本核验”页，自己核对"
                f"第 {head['seq']} 笔的哈希是否仍是这一链头。")
        side = WIDTH - CHECK_QR - 8
        parts = wrap(keep_it, font, NOTE, side) + wrap(scan, font, NOTE, side)
        url = n["check_url"]

        def beside(c: Any, y: float) -> None:
            draw_qr(c, url, MARGIN - 5, y - CHECK_QR, CHECK_QR)
            c.setFont(font, NOTE)
            for k, part in enumerate(parts):
                c.drawString(MARGIN + CHECK_QR + 3, y - NOTE - 2 - k * (NOTE + 4), part)
        rows.append(Row(max(CHECK_QR, (NOTE + 4) * len(parts) + 2), beside, keep=True))
    elif head["seq"]:
        text_row(keep_it + program, NOTE, keep=True)
    else:  # no line yet: no line's hash to match (the first one's is not these zeros)
        text_row("还没有可核对的账：第 1 笔账公开以后，那个月的公示单会印出它的链头。"
                 "核对方法见网站的“如何核对账本”。", NOTE, keep=True)
    if said := restore_note(n.get("restore")):  # this month's lines lost or found
        text_row(said, NOTE, keep=True)
    if head["seq"]:
        text_row("用电脑核对这一链头（核对程序在网站“账本核验”页下载）：", NOTE, keep=True)
        command = (f"python3 steward_verify.py {n.get('site_url') or '本站地址'} --head "
                   f"{n['area']} {head['seq']} {head['hash'][:16]}")
        # typed at a computer, so on one line: as large as fits, down to 7 pt
        text_row(command, one_line(command, mono, NOTE, WIDTH - 12), face=mono, indent=12,
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
    rows.append(Row(76, signatures))
    return rows


def _changed(parts: list[str], most: int = 8) -> str:
    """The parts of a notice that changed since it was first made, the first ``most``
    of them named (报事 #12、第 9 笔账 等 14 处)."""
    shown = "、".join(parts[:most])
    return shown if len(parts) <= most else f"{shown} 等 {len(parts)} 处"


def _label_and_code(rows: list[Row], label: str, code: str, font: str, mono: str,
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
    rows.append(Row((size + 4) * (1 if one else 2), draw, keep=True))


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


@functools.lru_cache(maxsize=256)
def qr_matrix(url: str) -> tuple[tuple[int, ...], ...]:
    """The modules of the QR code of ``url``: every month's notice of an area links the
    same page, so each is encoded once (a third of a notice's drawing)."""
    import segno

    return tuple(tuple(row) for row in segno.make(url, error="m", micro=False).matrix)


def draw_qr(c: Any, url: str, x: float, y: float, size: float) -> None:
    """The QR code of ``url`` as filled squares, ``size`` wide, bottom left at (x, y)."""
    matrix = qr_matrix(url)
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
