"""The site's search, as the builder prepares it: which raw HTML blocks the search
reads, and the compact search entries of the blocks it does not.

Every ``*.html.j2`` partial is printed as a raw HTML block (``render.make_env``'s
``html()``), which the hook (``hooks/steward_search.py``) takes out of the page before
Python-Markdown reads it. The blocks of ``RECORDS`` (a ledger's lines, the reports,
opinions, questions and meetings, and the menus every page repeats) stay out of the
search: they grow with every line of every year, and each record is found by its
compact entry instead (below). Every other block (an area's table of compounds, a
vote's tally and candidates, the volunteers' codes, the home page's table, a poster...)
is marked ``SEARCHED``, and the hook shows it to the search plugin as the page's own
text: a resident searching for the name of her community (所属社区), a code read on a
ledger line (网格辅助员丙) or a candidate found nothing, since those words were only in
raw HTML.
"""

from __future__ import annotations

import json
from typing import Any

from db.money import format_fen

from .escape import Markup, esc_html
from .filters import short

__all__ = ["RECORDS", "SEARCHED", "find", "ledger_find", "issue_find", "opinion_find",
           "meeting_find", "question_find"]

# The first line of a block the search reads (the hook knows it by the same words).
SEARCHED = "<!--steward:search-->\n"

# The partials whose blocks the search does not read: records found by their compact
# entries, and menus of links.
RECORDS = frozenset({
    "_ledger.html.j2", "_fee_rows.html.j2", "_project_lines.html.j2",
    "_top_expenses.html.j2", "_issue_list.html.j2", "_issue_details.html.j2",
    "_opinions.html.j2", "_questions.html.j2", "_meetings.html.j2",
    "_stats_open_issues.html.j2", "_stats_questions.html.j2",
    "_area_nav.html.j2", "_jump.html.j2", "_month_index.html.j2",
    "_ledger_years.html.j2", "_issue_years.html.j2",
})


# -- the compact search index ------------------------------------------------------------
#
# The big tables and the issue details are raw HTML that the search plugin does
# not read (see hooks/steward_search.py). What people search for in them is
# given to the search index instead as a few short entries per page: the
# purpose, category, amount and number of each expense line, the category
# and text of each issue, each opinion. A page carries them in one HTML
# comment, ``<!--steward:find [...] -->``, which the hook takes out of the
# page and adds to the index with a link to the line, issue or opinion.


def find(entries: list[dict[str, str]]) -> Markup:
    """The page's compact search entries (anchor, title, text), for the hook."""
    if not entries:
        return Markup("")
    text = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
    # Nothing a person typed can end the comment: "<", ">" and "&" are JSON escapes.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f"<!--steward:find\n{text}\n-->")


def _entry(anchor: str, title: str, text: str) -> dict[str, str]:
    # The search page shows title and text as HTML: escaped as any raw HTML is.
    return {"anchor": anchor, "title": str(esc_html(title)), "text": str(esc_html(text))}


def _plain_yuan(fen: int) -> str:
    """An amount as people type it into the search box: "1000 元", "1650.50 元" (the
    title's "¥1,000.00" is found by "1,000" only; "1000" and "3500" found nothing)."""
    yuan, cents = divmod(abs(fen), 100)
    return f"{yuan}.{cents:02d} 元" if cents else f"{yuan} 元"


def ledger_find(lines: Any) -> list[dict[str, str]]:
    """One entry per expense or reversal line, and one per building and unit that paid
    fees on the page (``_fees_find``): not one per fee."""
    out = []
    for x in lines:
        if x["kind"] == "income":
            continue
        words = [x["purpose"], x["category_zh"], x["payee"] and f"收款方 {x['payee']}",
                 x["date"][:10], _plain_yuan(x["amount_fen"])]
        out.append(_entry(f"line-{x['seq']}",
                          f"第 {x['seq']} 笔 {x['kind_zh']} {format_fen(abs(x['amount_fen']))}",
                          " · ".join(w for w in words if w)))
    return out + _fees_find(lines)


def _fees_find(lines: Any) -> list[dict[str, str]]:
    """For each building and unit that paid on the page, its fees: "城建小区 2号楼 2单元
    的收费（2025 年）", linking to its latest. A resident searching "2号楼2单元" to see
    whether her fee was recorded found nothing: fees were left out of the index, many
    and alike, and the fees page counts households by building, not by unit."""
    units: dict[str, list[Any]] = {}
    for x in lines:
        if x["kind"] == "income" and x["household_ref"]:
            units.setdefault(x["household_ref"], []).append(x)
    out = []
    for place, paid in units.items():
        kinds: dict[str, list[str]] = {}
        for x in paid:
            periods = kinds.setdefault(x["category_zh"] or x["purpose"] or "", [])
            if x["period"] and x["period"] not in periods:
                periods.append(x["period"])
        said = [f"{kind} {'、'.join(sorted(periods)[:12])}{'…' if len(periods) > 12 else ''}"
                for kind, periods in kinds.items()]
        last = paid[-1]
        out.append(_entry(f"line-{last['seq']}", f"{place} 的收费（{last['year']} 年）",
                          f"{' · '.join(said)} · 共 {len(paid)} 笔，最近一笔是第 {last['seq']} 笔"
                          f"（{last['date'][:10]}）"))
    return out


def issue_find(issues: Any) -> list[dict[str, str]]:
    """Each report: its text and place, then what the volunteers wrote as they dealt with
    it, newest first ("已更换新井盖并加固" found nothing)."""
    return [_entry(f"issue-{i['id']}", f"报事 #{i['id']} {i['category_zh']} · {i['status_zh']}",
                   short(" ".join(w for w in (i["text"], i["place"], i.get("proxy", ""),
                                              *_notes(i)) if w), 160))
            for i in issues]


def _notes(issue: Any) -> list[str]:
    return [s["note"] for s in reversed(issue.get("steps") or ()) if s.get("note")]


def opinion_find(opinions: Any) -> list[dict[str, str]]:
    """Each opinion, then the volunteers' replies to it."""
    return [_entry(f"opinion-{o['id']}", f"居民意见 #{o['id']}",
                   short(" ".join([o["text"], *(r["text"] for r in o.get("replies") or ())]),
                         160))
            for o in opinions]


def meeting_find(meetings: Any) -> list[dict[str, str]]:
    return [_entry(f"meeting-{m['id']}", f"会议纪要 #{m['id']} {m['kind_zh']} {m['date']}",
                   short(f"{m['topics']} {m['decisions']}", 160)) for m in meetings]


def question_find(questions: Any) -> list[dict[str, str]]:
    return [_entry(f"question-{q['id']}", f"居民提问 #{q['id']} · {q['about']}",
                   short(f"{q['text']} {q['answer']}", 160)) for q in questions]
