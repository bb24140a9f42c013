"""The public exports of an area's ledger: ``ledger.csv`` and ``ledger.json``
(``steward export``, and the site's downloads, ``site_builder.blocks``), and the layout
of JSON for reading and diffing (``readable_json``) the site's JSON files share."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from .ledger import LINE_FIELDS
from .redact import csv_cell
from .storage import atomic_write_bytes, dumps_canonical

__all__ = ["export_area", "export_all", "ledger_csv", "ledger_json", "readable_json"]


def ledger_csv(lines: list[dict[str, Any]]) -> str:
    """The lines as CSV; a text cell a spreadsheet would run as a formula starts with
    ``'`` (``db.redact.csv_cell``; the JSON keeps the text as chained)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(LINE_FIELDS), lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    for line in lines:
        writer.writerow({k: ("" if line.get(k) is None else csv_cell(line.get(k)))
                         for k in LINE_FIELDS})
    return out.getvalue()


def readable_json(value: Any) -> str:
    """``value`` as JSON laid out for reading and diffing: a list one item per line,
    a dict one key per line (sorted), its lists again one item per line; each item
    compact, with sorted keys. Made by the json module's C encoder: ``indent=``
    would make the same kind of layout with its pure-Python encoder, ten times
    slower on a street's ledgers."""
    def one(v: Any) -> str:
        return json.dumps(v, ensure_ascii=False, sort_keys=True)

    def items(values: list[Any], pad: str) -> str:
        return f",\n{pad}".join(one(v) for v in values)

    if isinstance(value, list):
        return f"[\n {items(value, ' ')}\n]\n" if value else "[]\n"
    if isinstance(value, dict) and value:
        parts = [f" {one(key)}: [\n  {items(v, '  ')}\n ]" if isinstance(v, list) and v
                 else f" {one(key)}: {one(v)}" for key, v in sorted(value.items())]
        return "{\n" + ",\n".join(parts) + "\n}\n"
    return one(value) + "\n"


def ledger_json(area: str, lines: list[dict[str, Any]], head: str) -> str:
    doc = {"area": area, "amounts": "integer fen (1 yuan = 100 fen)",
           "hash": "sha256 of the canonical JSON of each line without 'hash' (sorted keys, "
                   "no spaces, UTF-8); 'prev' is the hash of the line before",
           # each line with the fields it has: an older line hashes without the newer ones
           "head": head, "lines": [{k: line[k] for k in LINE_FIELDS if k in line}
                                   for line in lines]}
    if any(line.get("kind") == "lost" for line in lines):  # only then: others stay as were
        doc["lost"] = ("a line of kind 'lost' (0 fen, no entry) stands where a line was lost "
                       "when an older backup was restored: its number is never given again, "
                       "and the line first published under it is in the copies published "
                       "before the restore (purpose and note say when)")
    if any(line.get("kind") == "opening" for line in lines):
        doc["opening"] = ("a line of kind 'opening' is the balance the area's steward body "
                          "held in its paper book on the line's date, carried over once "
                          "(steward opening-balance): part of the balance, no income or "
                          "expense of any year; it may be recorded after lines dated later. "
                          "It is booked from the paper book by one person, with no second "
                          "approval: its approved_by names the one who recorded it")
    return readable_json(doc)


def export_area(repo: Any, area: str, out_dir: str | Path) -> list[Path]:
    """Write ``<out>/<area>/ledger.csv`` and ``ledger.json`` (public data only)."""
    lines = repo.ledger(area)
    head = repo.chain_heads()[area][1]
    folder = Path(out_dir) / area
    written = []
    for name, text in (("ledger.csv", ledger_csv(lines)),
                       ("ledger.json", ledger_json(area, lines, head))):
        path = folder / name
        atomic_write_bytes(path, text.encode("utf-8"))
        written.append(path)
    return written


def export_all(repo: Any, out_dir: str | Path) -> list[Path]:
    written = []
    for area in repo.street.areas:
        written += export_area(repo, area.id, out_dir)
    summary = {a.id: {"name": a.name, "balance_fen": repo.balance(a.id),
                      "lines": repo.chain_heads()[a.id][0], "head": repo.chain_heads()[a.id][1]}
               for a in repo.street.areas}
    path = Path(out_dir) / "areas.json"
    atomic_write_bytes(path, (dumps_canonical(summary) + "\n").encode("utf-8"))
    written.append(path)
    return written
