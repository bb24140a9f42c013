"""The biggest raw HTML partials written in plain Python: the ledger lines and the
issues (their list and their details), which are most of every page's bytes.

Each function gives exactly what its ``*.html.j2`` template gives (the template
stays the reference, and what a deployment overrides: ``render.html`` uses these
only for the package's own partials); it prints every value through the same
``finalize`` and filters as the partials' Jinja environment (``escape.esc_html``),
so the bytes are the same, without Jinja's per-value attribute lookups, which
cost more than the text itself on a page of thousands of lines.

``ctx`` is the partial's context: ``path`` (the docs file of the page), ``area``
and the partial's own values (``lines``, ``issues``, ``caption``).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import Any

from .escape import esc_html
from .filters import bound, finalizer, number_filters, short, site_url

__all__ = ["PARTIALS", "forget_printed"]

_finalize = finalizer(esc_html)
_seen: dict[str | int, str] = {}  # value -> as printed: the same few come back on every line


def _f(value: Any) -> str:
    """What ``{{ value }}`` prints in an ``*.html.j2`` partial (``_finalize``), remembered
    for short plain strings and integers (not bools, which equal 1 and 0, nor ``Markup``,
    which equals the same text unescaped)."""
    kind = type(value)
    if (kind is not str and kind is not int) or (kind is str and len(value) > 60):
        return str(_finalize(value))
    got = _seen.get(value)
    if got is None:
        if len(_seen) > 100_000:
            _seen.clear()
        got = _seen[value] = str(_finalize(value))
    return got


def forget_printed() -> None:
    """Let go of the values printed so far (a build done with them)."""
    _seen.clear()


_filters = number_filters(esc_html)
_money, _signed, _day, _date, _stamp, _days, _whole, _dates_whole = (
    _filters[k] for k in ("money", "signed", "day", "date", "stamp", "days", "whole",
                          "dates_whole"))


def _int(value: Any) -> int:
    """Jinja's ``int`` filter."""
    try:
        return int(value, 10) if isinstance(value, str) else int(value)
    except (TypeError, ValueError):
        try:
            return int(float(value))
        except (TypeError, ValueError):
            return 0


class _Page:
    """Links and thumbnails from one page, as the partials' ``a`` and ``thumb``."""

    def __init__(self, path: str) -> None:
        self.path = path

    def a(self, text: Any, target: str) -> str:
        return f'<a href="{site_url(str(target), self.path)}">{esc_html(text)}</a>'

    def thumb(self, ref: str, alt: str = "照片", width: int = 160) -> str:
        full = site_url(f"media/{ref}", self.path, from_root=True)
        small = site_url(f"media/thumbs/{ref}", self.path, from_root=True)
        return (f'<a href="{full}"><img alt="{esc_html(alt)}" src="{small}" '
                f'loading="lazy" width="{int(width)}"></a>')


_LEDGER_HEAD = ('<thead>\n<tr><th scope="col" class="n">序号</th><th scope="col">日期</th>'
                '<th scope="col" class="n">金额</th><th scope="col">用途</th>'
                '<th scope="col">类别</th><th scope="col">收据</th>'
                '<th scope="col">记录 / 审核</th><th scope="col">哈希（前 16 位）</th>'
                '</tr>\n</thead>\n'
                '<tbody>\n')


def _month_key(line: dict[str, Any]) -> Any:
    month = line["month"]
    return month.lower() if isinstance(month, str) else month  # Jinja's groupby


def _side_class(fen: int) -> str:
    """An amount's colour: money in, money out, or none (a line lost in a restore)."""
    return "in" if fen > 0 else "out" if fen < 0 else "zero"


def ledger(ctx: dict[str, Any]) -> str:
    """``_ledger.html.j2``: the lines, a table per month."""
    f, p = _f, _Page(ctx["path"])
    totals = ctx["area"]["month_totals"]
    out = ['<div class="steward-ledger">\n']
    put = out.append
    groups = [list(g) for _k, g in groupby(sorted(ctx["lines"], key=_month_key), _month_key)]
    for group in groups:
        g = group[0]["month"]
        t = totals.get(g) or {"income": 0, "expense": 0}
        said = {k: f"（{f(v)}）" for k, v in (t.get("notes") or {}).items() if v}
        year, month = f(g[:4]), f(_int(g[5:7]))
        # the month read whole ("2025 年 10 / 月" at 320 px with 200 % text)
        named = f(bound(year + " 年 " + month + " 月"))
        put(f'<section class="steward-month" id="month-{f(g)}">\n'
            # each label and its amount kept together (a no-break space): at 320 px
            # with 200 % text the heading read "收入 / ¥1,680.00"
            f'<h3>{named} <span class="steward-month-sum">收入&nbsp;'
            f'{_money(t["income"])}{said.get("income", "")} · 支出&nbsp;{_money(t["expense"])}'
            f'{said.get("expense", "")} · {f(len(group))}&nbsp;笔</span>'
            f'</h3>\n<table class="steward-table steward-cards steward-ledger-table">\n'
            f'<caption class="steward-sr">{year} 年 {month} 月的账目，按序号</caption>\n'
            + _LEDGER_HEAD)
        for x in group:
            seq = x["seq"]
            s = f(seq)
            purpose = [f(x["purpose"])]
            if x["period"]:
                purpose.append(f"（{_whole(x['period'])}）")
            if x["household_ref"]:
                purpose.append(f"<br>{f(x['household_ref'])}")
            if x["payee"]:
                purpose.append(f'<br><span class="steward-payee">收款方：{f(x["payee"])}</span>')
            if x.get("note", ""):  # 补记：发生于 2025-01-15: its date kept on one line
                purpose.append(f"<br>{_dates_whole(x['note'])}")
            if x.get("issue_page"):
                n, page = x["issue"], x["issue_page"]
                purpose.append(f"<br>用于报事 {p.a(f'#{n}', f'{page}.md#issue-{n}')}")
            if x["reverses"]:
                r = x["reverses"]
                target = f"{x['reverses_page']}.md#line-{r}"
                when = f" {f(x['reverses_month'])}的" if x.get("reverses_month") else ""
                purpose.append(f"<br>冲正{when}第 {p.a(r, target)} 笔")
            if x.get("replaces"):
                r = x["replaces"]
                target = f"{x['replaces_page']}.md#line-{r}"
                purpose.append(f"<br>代替第 {p.a(r, target)} 笔")
            if x["reversed_by"]:
                r = x["reversed_by"]
                target = f"{x['reversed_by_page']}.md#line-{r}"
                right = ""
                if x.get("replaced_by"):
                    m = x["replaced_by"]
                    link = p.a(m, f"{x['replaced_by_page']}.md#line-{m}")
                    right = f"，正确的一笔见第 {link} 笔"
                when = f" {f(x['reversed_month'])}的" if x.get("reversed_month") else ""
                purpose.append(f"<br><strong>已被{when}第 {p.a(r, target)} 笔冲正{right}</strong>")
            for q in x.get("questions") or ():
                answer = (f"{f(q['answered_by'])}已答复" if q["answered"] else
                          f'尚未答复，已等待 <span data-since="{f(q["since"])}" data-unit=" 天">'
                          f'—</span>')
                link = p.a(f"提问 #{q['id']}", f"questions.md#question-{q['id']}")
                purpose.append(f'<br><span class="steward-line-question">❓ {link}：'
                               f'{f(short(q["text"], 40))}（{answer}）</span>')
            if x["receipt"]:
                receipt = p.thumb(x["receipt"], f"第 {seq} 笔的收据", 64)
            elif x.get("receipt_checked"):
                receipt = '<span style="white-space: nowrap;">收据已核验</span>'
            elif x["kind"] == "lost":  # no money, nothing to receipt (``db.lost_lines``)
                receipt = '<span class="steward-none">—</span>'
            else:
                receipt = '<span class="steward-none">无收据</span>'
            amount = x["amount_fen"]
            put(f'<tr id="line-{s}"><td class="seq n">{s}</td><td class="date">'
                f'{_day(x["date"])}</td><td class="amount n {_side_class(amount)}">'
                f'{_signed(amount)}</td><td class="purpose">{"".join(purpose)}</td>'
                f'<td class="cat">{f(x["kind_zh"])} · {f(x["category_zh"])}</td>'
                f'<td class="receipt">{receipt}</td><td class="who">{f(x["recorded_by"])} / '
                f'{f(x["approved_by"])}</td><td class="hash"><code>{f(x["hash"][:16])}</code>'
                f'</td></tr>\n')
        back = (f'<a href="#month-{f(g)}">↑ 回到 {f(bound(month + " 月"))}开头</a> '
                if len(group) > 3 else "")
        put(f'</tbody>\n</table>\n<p class="steward-back">{back}'
            '<a href="#by-month">↑ 选别的月份</a></p>\n</section>\n')
    put("</div>\n")
    return "".join(out)


_ISSUE_HEAD = ('<thead>\n<tr><th scope="col">编号</th><th scope="col">类别</th>'
               '<th scope="col">状态</th><th scope="col">内容</th><th scope="col">报事日期</th>'
               '<th scope="col" class="n">已等待 / 用时（天）</th>'
               '<th scope="col" class="n">我也遇到（户）</th></tr>\n</thead>\n<tbody>\n')


def issue_list(ctx: dict[str, Any]) -> str:
    """``_issue_list.html.j2``: issues in one table, each linking to its details."""
    f, p = _f, _Page(ctx["path"])
    out = ['<table class="steward-table steward-cards steward-issue-list">\n'
           f'<caption class="steward-sr">{f(ctx["caption"])}</caption>\n' + _ISSUE_HEAD]
    put = out.append
    for i in ctx["issues"]:
        n = i["id"]
        if i["open"]:
            since = f(i["since"])
            wait, label = f'<span data-since="{since}">自 {since}</span>', "已等待（天）"
        else:
            wait, label = _days(i["age_days"]), "用时（天）"
        link = p.a(f"#{n}", f"{i['page']}.md#issue-{n}")
        put(f'<tr><td class="title">{link}</td>'
            f'<td class="title">{f(i["category_zh"])}</td><td class="title status-'
            f'{"open" if i["open"] else "done"}">{f(i["status_zh"])}</td><td class="text">'
            f'{f(short(i["text"], 40))}</td><td data-label="报事日期">{_date(i["created"])}</td>'
            f'<td class="n" data-label="{label}">{wait}</td>'
            f'<td class="n" data-label="我也遇到（户）">{f(i["me_too"])}</td></tr>\n')
    if len(out) == 1:
        put('<tr><td colspan="7">暂无。</td></tr>\n')
    put("</tbody>\n</table>\n")
    return "".join(out)


def _corrected(i: dict[str, Any]) -> str:
    """``_corrected.html.j2``."""
    c = i.get("corrected")
    if not c:
        return ""
    reason = f"：{_f(c['reason'])}" if c["reason"] else ""
    return (f'<span class="steward-corrected">（已更正：{_date(c["at"])} · {_f(c["role"])}'
            f'{reason}）</span>')


def issue_details(ctx: dict[str, Any]) -> str:
    """``_issue_details.html.j2``: each issue in full, with its steps and photos."""
    f, p = _f, _Page(ctx["path"])
    out: list[str] = []
    put = out.append
    for i in ctx["issues"]:
        n = i["id"]
        put(f'<article class="steward-issue" id="issue-{f(n)}">\n<h3>#{f(n)} · '
            f'{f(i["category_zh"])} · {f(i["status_zh"])}</h3>\n'
            f'<p class="steward-issue-text">{f(i["text"])}{_corrected(i)}</p>\n'
            f'<ul class="steward-facts">\n<li>位置：{f(i["place"] or "未填写")}</li>\n')
        if i["proxy"]:
            put(f'<li class="steward-proxy">{f(i["proxy"])}</li>')
        if i["open"]:
            since = f(i["since"])
            wait = (f'受理于 {_whole(i["since"])}<span data-since="{since}" '
                    f'data-prefix="，已等待 " data-unit=" 天"></span>')
        else:
            wait = f"用时 {_days(i['age_days'])} 天"
        dup = i.get("duplicate_of")
        if dup:  # 重复报事，见 #12 (the report it repeats, linked)
            target = f"{dup['page']}.md#issue-{dup['id']}"
            wait += f"（{f(i['close_reason_zh'])}，见 {p.a('#' + str(dup['id']), target)}）"
        elif i["close_reason_zh"]:
            wait += f"（{f(i['close_reason_zh'])}）"
        put(f'<li>报事时间：{_stamp(i["created"])}</li>\n<li>{wait}</li>\n'
            f'<li>附议（我也遇到）：{f(i["me_too"])} 户</li>\n')
        if i.get("meetings"):
            put("<li>开会讨论过：" + "、".join(
                f'{_whole(m["date"])} '
                + p.a(bound(f'{m["kind_zh"]}（纪要 #{m["id"]}）'), f'meetings.md#meeting-{m["id"]}')
                for m in i["meetings"]) + "</li>\n")
        if i.get("spending"):
            put(f'<li class="steward-spent">为此支出 {_money(i["spent_fen"])}，见账目' + "、".join(
                p.a(f'第 {x["seq"]} 笔', f'{x["page"]}.md#line-{x["seq"]}')
                for x in i["spending"]) + "</li>\n")
        put("</ul>\n")
        if i["photos"]:
            put('<div class="steward-photos">'
                + "".join(p.thumb(ref, f"报事 #{n} 的照片 {k}")
                          for k, ref in enumerate(i["photos"], 1)) + "</div>\n")
        put('<h4>处理经过</h4>\n<ol class="steward-steps">\n')
        for s in i["steps"]:
            note = f"：{f(s['note'])}" if s["note"] else ""
            photos = ('<div class="steward-photos">'
                      + "".join(p.thumb(ref, f"报事 #{n} 的处理照片 {k}")
                                for k, ref in enumerate(s["photos"], 1)) + "</div>"
                      if s["photos"] else "")
            put(f'<li><span class="when">{_stamp(s["at"])}</span> · {f(s["role"])} · '
                f'<strong>{f(s["to_zh"])}</strong>{note}{photos}</li>\n')
        put('</ol>\n<p class="steward-back"><a href="#year">↑ 回到报事列表</a></p>\n'
            "</article>\n")
    return "".join(out)


# The package's partials that have a Python twin (``render.html``).
PARTIALS: dict[str, Callable[[dict[str, Any]], str]] = {
    "_ledger.html.j2": ledger, "_issue_list.html.j2": issue_list,
    "_issue_details.html.j2": issue_details,
}
