"""How an open vote's paper notice (表决公告, ``vote_notice``) is drawn: A4, in the
monthly notice's embedded Chinese font, in large type for elderly readers (body
13 pt), a QR code to the vote's place on the site at the top right. A long
description goes on to a second page rather than being cut. The same content
always gives the same bytes."""

from __future__ import annotations

import io
from typing import Any

from db.money import format_fen

from .notice_layout import MARGIN, PAGE_H, PAGE_W, WIDTH, draw_qr
from .notice_pdf import content_digest, fonts, printable
from .notice_text import fit, one_line, wrap

__all__ = ["render_vote_pdf", "BODY"]

BODY, HEAD, TITLE, SMALL = 13.0, 15.0, 24.0, 11.0
LEAD = 1.4  # line height, as a multiple of the size
QR = 118.0
BOTTOM = MARGIN + 26


def _day(iso: str) -> str:
    """"2026-01-15" as 2026年1月15日."""
    if len(iso) >= 10 and iso[4] == "-":
        return f"{iso[:4]}年{int(iso[5:7])}月{int(iso[8:10])}日"
    return iso


def _blocks(n: dict[str, Any]) -> list[tuple[str, str]]:
    """The notice's text, top to bottom: (style, text), style one of "h" (a section's
    heading), "p" (body), "s" (a smaller note)."""
    out: list[tuple[str, str]] = []
    out += [("h", "一、表决的事")]
    said = n["description"] or ("" if n["election"] else "（没有补充说明）")
    out += [("p", line) for line in said.splitlines() if line.strip()]
    if n["election"]:
        out += [("p", f"席位：{n['election']['seats']} 个；每户最多选 {n['election']['seats']} "
                      f"位候选人（候选人只写身份称呼，不写姓名）：")]
        out += [("p", "    " + c) for c in n["election"]["candidates"]]
    elif n["budget_fen"]:
        out += [("p", f"预算：{format_fen(n['budget_fen'])}")]
    out += [("h", "二、事项和通过条件")]
    out += [("p", f"属于：{n['plain']}。"), ("s", f"（{n['matter_zh']}）")]
    nums = n["numbers"] or {}
    if not n["joint"]:
        out += [("p", "参与表决的业主过半数同意即通过，不要求参与人数。")]
    elif not nums.get("area_total") or nums.get("area_total") in ("0.0", "0"):
        out += [("p", n["needs_zh"] + "。"),
                ("p", "本区域还没有登记各户面积，这项表决无法达到面积要求，请找志愿者。")]
    else:
        share = ("四分之三以上（正好四分之三也算）" if n["special"]
                 else "过半数（超过一半，正好一半不算）")
        out += [("p", f"本区域共有业主 {nums['owners_total']} 位（{nums['households']} "
                      f"户），专有部分面积（房产证上的面积）合计 {nums['area_total']} m²。"),
                ("p", f"① 要有效：至少 {nums['owners']} 位业主参加表决，而且他们的面积合计至少 "
                      f"{nums['area']} m²（人数、面积都要达到三分之二以上）。"),
                ("p", "② 要当选：候选人要得到参加投票的业主按人数过半数、按面积也过半数的支持，"
                      "按得票多少依次当选，直到席位选满；最后一个席位得票相同的都不当选，另行选举。"
                 if n["election"] else
                 f"② 要通过：参加表决的业主中，{share}同意，按人数和按面积都要达到。")]
        if nums.get("without_area"):
            out += [("s", f"有 {nums['without_area']} 户没有登记面积：人数照算，面积按 0 m² 计。")]
    out += [("h", "三、时间")]
    out += [("p", f"{_day(n['opened'])}开始，{_day(n['deadline'])} 24 时截止；截止后自动计票，"
                  "结果在网站和机器人里公布。")]
    # a joint matter the owners decide (their family for them); an everyday one, every
    # confirmed resident of the flat, a tenant too (``db.votes``)
    out += [("h", "四、怎样投票（每户一票，由业主本人或家人代业主投）" if n["joint"]
             else "四、怎样投票（每户一票，住在这里的都可以代表这一户投）")]
    bot = f"（@{n['bot']}）" if n["bot"] else ""
    el = n["election"]
    choose = (f"在候选人里勾选，最多选 {el['seats']} 位" if el
              else "选「同意」「反对」或「弃权」")
    paper = (f"请在纸质选票上勾选候选人（最多 {el['seats']} 位）并签字" if el
             else "请在纸质表决票上签字（同意、反对或弃权）")
    out += [("p", f"● 用手机：打开 Telegram 里的「小区管家」机器人{bot}，点「投票」，找到"
                  f"第 {n['id']} 号，{choose}。第一次用要先登记住址，志愿者确认后就能投。"),
            ("p", f"● 不用手机：志愿者或网格员会上门，{paper}，与网上投票一样计入；"
                  "也可以请楼长转告志愿者上门。"),
            ("s", "一位业主有几套房只算一人，面积合计；以最后一次投票为准。"
                  + ("租户不投票，请转告房东。" if n["joint"] else "这是日常事项，租户也可以投。")
                  + "表决进行中只公布参加的人数和面积，不公布谁投了什么。")]
    part = n.get("participation")
    if part:
        out += [("h", "五、目前参加情况（出单时）")]
        signed = "纸质选票" if n["election"] else "纸质签字"  # as the votes page says it
        paper = f"，其中{signed} {n['paper_votes']} 户" if n.get("paper_votes") else ""
        out += [("p", f"已参加：{part['owners']}{paper}；面积 {part['area']}。")]
        if part.get("quorum"):
            met = "已达到" if part.get("quorum_met") else "尚未达到"
            out += [("p", f"三分之二的参加要求：{met}" + (f"（{part['short']}）"
                                                      if part.get("short") else "") + "。")]
    head = n.get("head")
    if head:
        signed = "街道办已签名" if head["signed"] else "尚未签名"
        out += [("s", f"本区域账本：截至 {head['as_of']} 共 {head['seq']} 笔，链头前 16 位 "
                      f"{head['hash']}（{signed}），可与公示单上的链头对照。")]
    return out


def render_vote_pdf(n: dict[str, Any]) -> bytes:
    """Draw one open vote's notice (``vote_notice.vote_content``) as an A4 PDF."""
    font, _mono = fonts()
    digest = content_digest(n)  # kept in its keywords: a build keeps a PDF drawn the same
    n = printable(n, font)
    pages = _draw(n, font, 0, digest)[1]  # once to count its pages, for "第 1 / 2 页"
    return _draw(n, font, pages, digest)[0]


def _draw(n: dict[str, Any], font: str, total: int, digest: str) -> tuple[bytes, int]:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1,
                      initialFontName=font, initialFontSize=BODY)
    heading = f"{n['area_name']} 表决公告"
    c.setTitle(f"{heading} · {n['kind_zh']} #{n['id']}")
    c.setAuthor(n["street"])
    c.setSubject(f"{n['area']} vote {n['id']}")
    c.setKeywords(f"steward-notice {digest}")
    c.setCreator("Steward")
    beside = WIDTH - QR - 14
    top = PAGE_H - MARGIN
    size = one_line(heading, font, TITLE, beside, least=16)
    c.setFont(font, size)
    c.drawString(MARGIN, top - size, fit(heading, font, size, beside))
    y = top - size - 8
    title = f"{n['kind_zh']} 第 {n['id']} 号：{n['title']}"
    for line in wrap(title, font, HEAD + 2, beside):  # all of it: a title is never cut
        y -= (HEAD + 2) * LEAD
        c.setFont(font, HEAD + 2)
        c.drawString(MARGIN, y, line)
    posted = f"发布：{n['posted_role']}，{_day(n['opened'])}" + (
        f" · {n['steward']}" if n["steward"] else "")
    for text in (f"截止：{_day(n['deadline'])} 24 时", posted):
        y -= BODY * LEAD
        c.setFont(font, BODY)
        c.drawString(MARGIN, y, fit(text, font, BODY, beside))
    if n["url"]:
        draw_qr(c, n["url"], MARGIN + WIDTH - QR, top - QR, QR)
        c.setFont(font, SMALL)
        c.drawRightString(MARGIN + WIDTH, top - QR - SMALL, "扫码看网上的这项表决")
    y = min(y, top - QR - SMALL - 4)
    page = 1
    for style, text in _blocks(n):
        fsize = {"h": HEAD, "p": BODY, "s": SMALL + 1}[style]
        gap = 6.0 if style == "h" else 0.0
        indent = 0 if style == "h" else 10
        lines = wrap(text, font, fsize, WIDTH - indent)
        for k, line in enumerate(lines):
            # a heading keeps two lines of what follows it on its page
            need = fsize * LEAD + (gap if k == 0 else 0) + (BODY * LEAD * 2 if style == "h" else 0)
            if y - need < BOTTOM:
                _footer(c, font, n, page, total)
                c.showPage()
                page += 1
                y = top
            y -= fsize * LEAD + (gap if k == 0 else 0)
            c.setFont(font, fsize)
            c.drawString(MARGIN + indent, y, line)
    _footer(c, font, n, page, total)
    c.showPage()
    c.save()
    return buf.getvalue(), page


def _footer(c: Any, font: str, n: dict[str, Any], page: int, total: int) -> None:
    c.setFont(font, 9)
    c.setFillGray(0.3)
    text = f"{n['street']} · {n['area_name']} · {n['kind_zh']} #{n['id']} · 由小区管家生成"
    if n["url"]:
        text += f" · {n['url'].partition('#')[0]}"
    c.drawString(MARGIN, MARGIN, fit(text, font, 9, WIDTH - 60))
    c.drawRightString(MARGIN + WIDTH, MARGIN, f"第 {page} / {total} 页")
    c.setFillGray(0)
