"""What changed in an area, for its overview and the street's feed
(``site_builder.collect``): every public change of what was collected, newest first.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from typing import Any

from db import labels
from db.money import format_fen

from . import civic
from .collect_base import NOTE_STEP, CollectorBase
from .exports import FEED_SIZE, feed_order

__all__ = ["EventCollector", "grouped", "BATCH"]


class EventCollector(CollectorBase):
    """An area's public changes (part of ``collect._Collector``)."""

    # -- what changed ------------------------------------------------------------

    def events(self, area: dict[str, Any]) -> list[dict[str, Any]]:
        """Public changes of an area, for its overview and the street's feed."""
        aid, out = area["id"], []
        kind = {code: word.zh for code, word in labels.KIND.items()}

        def add(at: str | None, key: str, page: str, anchor: str, title: str,
                text: str = "", place: str = "", payee: str = "") -> None:
            if at:
                out.append({"at": at, "area": aid, "area_name": area["name"], "key": key,
                            "page": page, "anchor": anchor, "title": title, "text": text,
                            "place": place, "payee": payee})

        for line in area["lines"]:
            add(line["published_at"], f"ledger-{line['seq']}", line["page"], f"line-{line['seq']}",
                f"账目第 {line['seq']} 笔：{line['kind_zh']} {format_fen(_shown(line))}",
                _line_text(line), line["household_ref"], line["payee"] or "")
            if line["published_at"]:  # what ``grouped`` gathers a day's batch by
                out[-1]["ledger"] = {"seq": line["seq"], "kind_zh": line["kind_zh"],
                                     "amount_fen": abs(line["amount_fen"]),
                                     "what": line["purpose"] or line["category_zh"] or ""}
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
    ``place``, kept whole on a phone; whom an expense was paid to is its ``payee``, also
    kept whole). A resident finds her fee in the latest changes; nine lines all reading
    "卫生费" told her nothing."""
    what = line["purpose"] or line["category_zh"] or ""
    if line["period"]:
        what += f"（{line['period']}）"
    return what


BATCH = 3  # this many lines of one day, one kind and one purpose are shown as one


def grouped(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``events`` (newest first) for the latest changes on the pages: a day's ledger
    lines of one area, kind and purpose, ``BATCH`` or more of them, as one item where
    the newest of them stood ("卫生费 9 笔收入，共 ¥1,080.00：账目第 68–76 笔", linked to the
    first of them on the accounts page). A day of fees filled 9 of an area's 15 latest
    changes and hid its reports, votes and notices. The feed keeps a line an entry."""
    def key(ev: dict[str, Any]) -> tuple[Any, ...]:
        x = ev["ledger"]
        return ev["area"], ev["at"], ev["page"], x["kind_zh"], x["what"]

    batches: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for ev in events:
        if ev.get("ledger"):
            batches[key(ev)].append(ev)
    out, done = [], set()
    for ev in events:
        batch = batches[key(ev)] if ev.get("ledger") else []
        if len(batch) < BATCH:
            out.append(ev)
        elif key(ev) not in done:
            done.add(key(ev))
            out.append(_batch(batch))
    return out


def _batch(batch: list[dict[str, Any]]) -> dict[str, Any]:
    first, x = batch[0], batch[0]["ledger"]
    seqs = sorted(ev["ledger"]["seq"] for ev in batch)
    total = sum(ev["ledger"]["amount_fen"] for ev in batch)
    which = (f"{seqs[0]}–{seqs[-1]}" if seqs[-1] - seqs[0] + 1 == len(seqs)
             else "、".join(str(n) for n in seqs))
    return {**{k: v for k, v in first.items() if k != "ledger"},
            "key": f"ledger-{seqs[0]}-{seqs[-1]}", "anchor": f"line-{seqs[0]}",
            "title": f"{x['what']} {len(batch)} 笔{x['kind_zh']}，共 {format_fen(total)}",
            "text": f"账目第 {which} 笔", "place": "", "payee": ""}


def _shown(line: dict[str, Any]) -> int:
    """A line's amount as the feed says it after its kind (收入 ¥120.00, 支出 ¥460.00):
    without its sign, but an opening balance's, a deficit being below zero."""
    fen = int(line["amount_fen"])
    return fen if line["kind"] == "opening" else abs(fen)
