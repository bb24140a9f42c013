"""What changed in an area, for its overview and the street's feed
(``site_builder.collect``): every public change of what was collected, newest first.
"""

from __future__ import annotations

import heapq
from typing import Any

from db import labels
from db.money import format_fen

from . import civic
from .collect_base import NOTE_STEP, CollectorBase
from .exports import FEED_SIZE, feed_order

__all__ = ["EventCollector"]


class EventCollector(CollectorBase):
    """An area's public changes (part of ``collect._Collector``)."""

    # -- what changed ------------------------------------------------------------

    def events(self, area: dict[str, Any]) -> list[dict[str, Any]]:
        """Public changes of an area, for its overview and the street's feed."""
        aid, out = area["id"], []
        kind = {code: word.zh for code, word in labels.KIND.items()}

        def add(at: str | None, key: str, page: str, anchor: str, title: str,
                text: str = "", place: str = "") -> None:
            if at:
                out.append({"at": at, "area": aid, "area_name": area["name"], "key": key,
                            "page": page, "anchor": anchor, "title": title, "text": text,
                            "place": place})

        for line in area["lines"]:
            add(line["published_at"], f"ledger-{line['seq']}", line["page"], f"line-{line['seq']}",
                f"账目第 {line['seq']} 笔：{line['kind_zh']} {format_fen(abs(line['amount_fen']))}",
                _line_text(line), line["household_ref"])
        for issue in area["issues"]:
            for n, step in enumerate(issue["steps"]):
                if step["to"] == NOTE_STEP:  # in the feed as the note itself
                    continue
                add(step["at"], f"issue-{issue['id']}-{n}", issue["page"], f"issue-{issue['id']}",
                    f"{kind['issue']} #{issue['id']}（{issue['category_zh']}）：{step['to_zh']}",
                    step["note"] or issue["text"])
        for p in area["proposals"]:
            add(p["created"], f"proposal-{p['id']}", "votes", f"proposal-{p['id']}",
                f"{p['kind_zh']} #{p['id']} 开始{'投票' if p['election'] else '表决'}", p["title"])
            if p["withdrawn"]:
                add(p["closed_at"], f"proposal-{p['id']}-result", "votes", f"proposal-{p['id']}",
                    f"{kind['proposal']} #{p['id']} {p['status_zh']}",
                    f"{p['title']}（理由：{p['withdrawn']['reason']}）")
            elif p["closed_at"]:
                early = "（提前结束）" if p["closed_early"] else ""
                add(p["closed_at"], f"proposal-{p['id']}-result", "votes", f"proposal-{p['id']}",
                    f"{p['kind_zh']} #{p['id']} {'选举' if p['election'] else '表决'}结果{early}："
                    f"{p['status_zh']}",
                    p["title"])
            for n, s in enumerate(p["stages"]):
                add(s["at"], f"project-{p['id']}-{n}", "projects", f"project-{p['id']}",
                    f"项目 #{p['id']}：{'施工进展' if s['progress'] else s['stage_zh']}",
                    s["note"] or p["title"])
        for m in area["modes"][1:]:
            add(m["at"], f"mode-{m['since']}-{m['mode']}", "index", "mode",
                f"管理方式：{m['from_zh']} → {m['mode_zh']}", m["reason"])
        for a in area["announcements"]:
            add(a["at"], f"announcement-{a['id']}", "announcements", f"announcement-{a['id']}",
                f"{kind['announcement']} #{a['id']}", a["title"] or a["text"])
        for note in area["progress_notes"]:
            add(note["at"], f"note-{note['id']}", "announcements", f"note-{note['id']}",
                f"{kind['progress_note']} #{note['id']}", note["text"])
        for o in area["opinions"]:
            add(o["published_at"], f"opinion-{o['id']}", "opinions", f"opinion-{o['id']}",
                f"{kind['opinion']} #{o['id']}", o["text"])
            for r in o["replies"]:
                add(r["at"], f"opinion-{o['id']}-reply-{r['id']}", "opinions",
                    f"opinion-{o['id']}", f"{kind['opinion']} #{o['id']}：{r['role']}回复",
                    r["text"])

        civic.civic_events(area, add)

        def corrected(item: dict[str, Any], page: str, anchor: str, what: str) -> None:
            fixed = item.get("corrected")
            if fixed:
                add(fixed["at"], f"correction-{fixed['id']}", page, anchor,
                    f"{kind['correction']}：{what}", fixed["reason"] or item["text"])

        for issue in area["issues"]:
            corrected(issue, issue.get("page") or "issues", f"issue-{issue['id']}",
                      f"{kind['issue']} #{issue['id']}")
        for p in area["proposals"]:
            for o in p["opinions"]:
                corrected(o, "votes", f"proposal-{p['id']}", f"{kind['opinion']}")
        for o in area["opinions"]:
            corrected(o, "opinions", f"opinion-{o['id']}", f"{kind['opinion']} #{o['id']}")
        for a in area["announcements"]:
            corrected(a, "announcements", f"announcement-{a['id']}",
                      f"{kind['announcement']} #{a['id']}")
        for note in area["progress_notes"]:
            corrected(note, "announcements", f"note-{note['id']}",
                      f"{kind['progress_note']} #{note['id']}")
        # Newest first (``feed_order``: a day's ledger lines, public to the day only,
        # after its changes with a time); the pages and the feed show no more than the
        # feed's length of them.
        return heapq.nlargest(FEED_SIZE, out, key=feed_order)


def _line_text(line: dict[str, Any]) -> str:
    """What a ledger line is about, as its row on the accounts page says it: a fee with
    its period ("卫生费（2025-12）"; the building and unit it came from is the event's
    ``place``, kept whole on a phone), an expense with whom it was paid to. A resident
    finds her fee in the latest changes; nine lines all reading "卫生费" told her
    nothing."""
    what = line["purpose"] or line["category_zh"] or ""
    if line["period"]:
        what += f"（{line['period']}）"
    parts = [what]
    if line["payee"]:
        parts.append(f"收款方：{line['payee']}")
    return " · ".join(p for p in parts if p)
