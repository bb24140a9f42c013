"""The signed chain heads on the site: read and checked at collection, published
as ``downloads/heads.json`` (every head ever published), beside the public
verify script ``downloads/steward_verify.py`` (``db/witness.py``, as is), and
shown on the integrity page and in the Atom feed.

The site builder only reads the head log; the bot (or ``steward build`` when
no bot runs) appends to it before each build (``db.heads.record_heads``).
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import defaultdict
from pathlib import Path
from typing import Any

from db import witness
from db.exports import readable_json
from db.heads import HeadLog

__all__ = ["collect_heads", "area_signed", "head_files", "head_events", "SCRIPT_PATH",
           "HEADS_PATH", "page_runs"]

HEADS_PATH = "downloads/heads.json"
SCRIPT_PATH = "downloads/steward_verify.py"
HISTORY_SHOWN = 50  # head records listed on the integrity page (all are in heads.json)

# log path -> (records checked, the last one's hash, its checker): a long-lived
# builder checks the signatures of new records only.
_CHECKED: dict[str, tuple[int, str, witness.LogChecker]] = {}
_CHECKED_LOCK = threading.Lock()


def _checked(path: Path, records: list[dict[str, Any]]) -> witness.LogChecker:
    key = str(path.resolve())
    with _CHECKED_LOCK:
        kept = _CHECKED.get(key)
        if kept is not None and kept[0] <= len(records) and kept[0] > 0 and \
                witness.record_hash(records[kept[0] - 1]) == kept[1]:
            count, _last, checker = kept
        else:
            count, checker = 0, witness.LogChecker()
        checker.feed(records[count:])
        if records:
            _CHECKED[key] = (len(records), witness.record_hash(records[-1]), checker)
        # Later calls feed the same checker: hand out a copy of what it found.
        return witness.LogChecker(count=checker.count, prev=checker.prev, key=checker.key,
                                  keys=list(checker.keys), problems=list(checker.problems),
                                  bad=set(checker.bad))


def collect_heads(repo: Any) -> dict[str, Any]:
    """The head log, checked (numbering, keys, signatures), for the pages and files."""
    log = HeadLog(repo.store.root)
    records = log.read()
    checker = _checked(log.path, records)
    by_area: dict[str, list[dict[str, Any]]] = defaultdict(list)
    # heads a restore record supersedes (their lines lost in a restore): kept in the log
    # and listed, marked, but no longer an area's signed heads
    gone = witness.superseded(records, checker.bad)
    for record in records:
        if record.get("type") == "head" and record.get("n") not in checker.bad and \
                record.get("n") not in gone:
            by_area[str(record.get("area"))].append(record)
    return {
        "records": records,
        "public_key": checker.key or "",
        "key_id": witness.key_id(checker.key) if checker.key else "",
        "key_history": checker.keys,
        "ok": not checker.problems,
        "problems": [p.zh for p in checker.problems],
        "by_area": dict(by_area),
        "history": [dict(r, superseded_by=gone[r["n"]]["n"]) if r.get("n") in gone else r
                    for r in reversed(records) if r.get("type") == "head"][:HISTORY_SHOWN],
        "restores": [r for r in records if r.get("type") == witness.RESTORE
                     and r.get("n") not in checker.bad],
        "head_count": sum(1 for r in records if r.get("type") == "head"),
        "restart": _restart(records, checker),
    }


def _restart(records: list[dict[str, Any]], checker: witness.LogChecker) -> dict[str, Any]:
    """When the log began anew after the key was lost (its first record, the new key's,
    says so: ``db.heads.start_anew``): when, the key before, how many records it signed,
    the reason recorded and the new key's id; {} for a log that did not."""
    first = records[0] if records else {}
    said = first.get("restart")
    if first.get("type") != "key" or not isinstance(said, dict) or first.get("n") in checker.bad:
        return {}
    public = str(first.get("public_key") or "")
    records_before = said.get("records")
    return {"at": str(first.get("at") or ""), "n": first.get("n"),
            "key": str(said.get("key") or ""),
            "records": records_before if isinstance(records_before, int) else 0,
            "reason": str(said.get("reason") or ""),
            "new_key": witness.key_id(public) if public else ""}


def area_signed(heads: dict[str, Any], area: str,
                lines: list[dict[str, Any]]) -> dict[str, Any]:
    """An area's signed heads against its ledger: its latest signed head, how many
    there are, and whether every one of them is in the ledger."""
    records = heads["by_area"].get(area, [])
    problems = witness.check_heads(records, {area: lines})
    return {"latest": records[-1] if records else None, "count": len(records),
            "ok": not problems, "problem": problems[0].zh if problems else "",
            "seen": records[-1]["n"] if records else 0}


def head_files(data: dict[str, Any]) -> dict[str, bytes]:
    """``downloads/heads.json`` and the verify script."""
    heads = data["heads"]
    doc = {
        "format": witness.HEADS_FORMAT,
        "street": data["street"]["id"],
        "public_key": heads["public_key"],
        "key_id": heads["key_id"],
        "signature": "Ed25519 over 'steward-head-log/1\\n' + the record's canonical JSON "
                     "without 'sig' (sorted keys, no spaces, UTF-8); 'prev' is the sha256 of "
                     "the record before; check it with steward_verify.py",
        "areas": {a["id"]: {"name": a["name"], "ledger": f"{a['id']}/ledger.json"}
                  for a in data["areas"]},
        "records": heads["records"],
    }
    script = Path(witness.__file__).read_bytes()
    return {HEADS_PATH: readable_json(doc).encode("utf-8"), SCRIPT_PATH: script}


def head_events(data: dict[str, Any], limit: int = 50) -> list[dict[str, Any]]:
    """The latest signed heads as feed entries, each linking to its line."""
    names = {a["id"]: a["name"] for a in data["areas"]}
    pages = {a["id"]: _page_of(a["line_pages"] if "line_pages" in a else page_runs(a["lines"]))
             for a in data["areas"]}
    out = []
    for record in data["heads"]["history"][:limit]:
        area, seq = str(record.get("area")), record.get("seq")
        if area not in names:
            continue
        out.append({"at": record.get("at") or "", "area": area, "area_name": names[area],
                    "key": f"head-{record.get('n')}",
                    "page": pages[area](seq), "anchor": f"line-{seq}",
                    "title": f"账本链头已签名：共 {seq} 笔，链头 {str(record.get('head'))[:16]}",
                    "text": f"第 {seq} 笔的哈希（链头）：{record.get('head')}；"
                            f"签名密钥 {record.get('key')}"})
    return out


Runs = list[tuple[int, int, str]]


def page_runs(lines: list[dict[str, Any]]) -> Runs | dict[Any, str]:
    """Which page each ledger line is on, as runs of lines (first seq, last seq,
    page): a few per year instead of one item per line. Lines that are not in
    rising order of whole numbers (a damaged ledger) are kept as a dict."""
    runs: Runs = []
    for line in lines:
        seq, page = line["seq"], line["page"]
        if type(seq) is not int or (runs and seq <= runs[-1][1]):
            return {x["seq"]: x["page"] for x in lines}
        if runs and runs[-1][1] + 1 == seq and runs[-1][2] == page:
            runs[-1] = (runs[-1][0], seq, page)
        else:
            runs.append((seq, seq, page))
    return runs


def _page_of(pages: Runs | dict[Any, str]) -> Any:
    """The page of a line's seq (``"accounts"`` for a seq of no line), as a dict of
    seqs would answer (a record's seq is whatever it holds)."""
    if isinstance(pages, dict):
        return lambda seq: pages.get(seq, "accounts")
    starts = [run[0] for run in pages]

    def page(seq: Any) -> str:
        try:
            if seq != int(seq):
                return "accounts"
            whole = int(seq)
        except (TypeError, ValueError, OverflowError):
            return "accounts"
        i = bisect_right(starts, whole) - 1
        return pages[i][2] if i >= 0 and whole <= pages[i][1] else "accounts"
    return page
