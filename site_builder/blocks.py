"""An area's ledger downloads (``ledger.csv``, ``accounts-<area>.csv``,
``ledger.json``) made from blocks of lines kept between builds.

Each file holds the whole history, so making it again on every build cost as
much as the history is long. The lines are cut into blocks of ``BLOCK`` (by
line number); the text of a full block is kept in ``<project>/.cache/blocks/``
under a key (``kept.data_key``) and taken from there by any later build with
the same key, and the files are the blocks joined: the same bytes as writing
every line again (``tests/test_site_blocks.py``).

A block's key, besides the builder's code:

* for ``ledger.csv`` and ``ledger.json``, its last line's hash: with the chain
  verified (``chain_ok``; otherwise nothing is kept), that hash stands for
  every field of every line up to it;
* for the people's CSV, the fields each row shows as collected (redacted with
  the street's current settings, reversals, receipts) and the balance before
  the block.
"""

from __future__ import annotations

import csv
import glob
import io
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from db.exports import ledger_csv, ledger_json
from db.ledger import LINE_FIELDS

from .files import replace_file
from .kept import data_key

__all__ = ["Blocks", "BLOCK"]

log = logging.getLogger(__name__)

BLOCK = 500  # lines


class Blocks:
    """The kept blocks of one project (``None``: nothing is kept)."""

    def __init__(self, project_dir: Path | None, code: str) -> None:
        self.folder = Path(project_dir) / ".cache" / "blocks" if project_dir is not None else None
        self.code = code

    def text(self, name: str, key_parts: tuple[Any, ...], make: Callable[[], str]) -> str:
        """The text of block ``name`` kept under the key of ``key_parts``, or ``make()``."""
        if self.folder is None:
            return make()
        key = data_key(self.code, name, *key_parts)[:40]
        path = self.folder / f"{name}.{key}"
        try:
            return path.read_bytes().decode("utf-8")  # as written: "\r\n" stays
        except (OSError, ValueError):
            pass
        text = make()
        try:
            for old in self.folder.glob(f"{glob.escape(name)}.*"):
                old.unlink(missing_ok=True)  # the same block, made from older data
            replace_file(path, text.encode("utf-8"))
        except OSError as exc:
            log.warning("could not keep %s: %s", path, exc)
        return text


def _blocks(lines: list[Any]) -> list[tuple[int, list[Any]]]:
    """(first index, lines) of each block; only full blocks may be kept."""
    return [(i, lines[i:i + BLOCK]) for i in range(0, len(lines), BLOCK)]


def _csv_rows(rows: list[list[Any]] | list[dict[str, Any]], **kwargs: Any) -> str:
    out = io.StringIO()
    writer: Any = csv.DictWriter(out, **kwargs) if "fieldnames" in kwargs else \
        csv.writer(out, **kwargs)
    writer.writerows(rows)
    return out.getvalue()


def machine_files(blocks: Blocks, area: str, raw: list[dict[str, Any]], head: str,
                  chain_ok: bool, masked: dict[int, dict[str, str]] | None = None
                  ) -> tuple[str, str]:
    """``ledger.csv`` and ``ledger.json`` of an area: ``db.exports``'s, block by block.
    ``masked``: the words of lines the CSV shows masked, by line number (an id chained in
    a line: ``collect_money._raw_masked``); the JSON is as chained, to be verified."""
    masked = masked or {}

    def shown(part: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**line, **masked[int(line["seq"])]} if int(line["seq"]) in masked else line
                for line in part] if masked else part

    if not chain_ok or len(raw) < BLOCK:
        return ledger_csv(shown(raw)), ledger_json(area, raw, head)
    csv_parts = [ledger_csv([])]  # the header
    json_parts = []
    for start, part in _blocks(raw):
        full = len(part) == BLOCK
        key = (area, start, part[-1].get("hash"), len(part))
        csv_key = (*key, [(int(line["seq"]), sorted(masked[int(line["seq"])].items()))
                          for line in part if int(line["seq"]) in masked])

        def rows(part: list[dict[str, Any]] = part) -> str:
            return ledger_csv(shown(part))[len(csv_parts[0]):]

        def items(part: list[dict[str, Any]] = part) -> str:
            return ",\n  ".join(json.dumps({k: line[k] for k in LINE_FIELDS if k in line},
                                           ensure_ascii=False, sort_keys=True)
                                for line in part)

        csv_parts.append(blocks.text(f"{area}-ledger.csv-{start}", csv_key, rows) if full
                         else rows())
        json_parts.append(blocks.text(f"{area}-ledger.json-{start}", key, items) if full
                          else items())
    # As ``db.exports.readable_json`` lays out ``ledger_json``'s document.
    doc = json.loads(ledger_json(area, [], head))
    lines = ",\n  ".join(json_parts)
    parts = [f' "lines": [\n  {lines}\n ]' if k == "lines" else f" {_one(k)}: {_one(v)}"
             for k, v in sorted(doc.items())]
    return "".join(csv_parts), "{\n" + ",\n".join(parts) + "\n}\n"


def _one(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def people_rows(blocks: Blocks, area: str, lines: list[dict[str, Any]],
                row: Callable[[dict[str, Any], int], list[Any]], base: str) -> str:
    """The rows of the people's CSV (``exports.people_csv``), block by block: ``row(line,
    balance)`` makes one row."""
    out = []
    balance = 0
    for start, part in _blocks(lines):
        before = balance
        balance += sum(x["amount_fen"] for x in part)

        def rows(part: list[dict[str, Any]] = part, before: int = before) -> str:
            made, running = [], before
            for x in part:
                running += x["amount_fen"]
                made.append(row(x, running))
            return _csv_rows(made, lineterminator="\r\n")

        if len(part) < BLOCK:
            out.append(rows())
            continue
        shown = [(x["seq"], x["date"], x["kind_zh"], x["category_zh"], x["amount_fen"],
                  x["purpose"], x["period"], x["household_ref"], x["payee"], x["reverses"],
                  x["reversed_by"], x["receipt"], x.get("receipt_checked"), x["recorded_by"],
                  x["approved_by"], x.get("replaces"), x.get("replaced_by"), x.get("note"))
                 for x in part]
        out.append(blocks.text(f"{area}-people.csv-{start}", (area, start, before, base, shown),
                               rows))
    return "".join(out)
