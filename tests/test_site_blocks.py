"""The ledger downloads made from blocks of lines kept between builds are the same
bytes as written line by line, and a block made from other data is never reused."""

from __future__ import annotations

import csv
import io

from db.exports import ledger_csv, ledger_json
from site_builder.blocks import BLOCK, Blocks, machine_files
from site_builder.exports import people_csv

TEXTS = ["清掏化粪池", '=HYPERLINK("x")', "逗号,引号\"和\n换行", "", "路灯 LED"]


def _raw(n: int) -> list[dict[str, object]]:
    return [{"area": "east", "seq": i, "entry": i, "kind": "expense" if i % 3 else "income",
             "date": f"2024-{1 + i % 12:02d}-01", "amount_fen": (-1) ** i * (100 + i),
             "category": "cleaning", "purpose": TEXTS[i % len(TEXTS)], "payee": "清掏队",
             "period": None, "project": None, "household_ref": "", "receipt": None,
             "recorded_by": "网格员甲", "approved_by": "网格员乙", "reverses": None,
             "note": None, "published_at": "2024-02-01", "format": 2,
             "prev": f"p{i}", "hash": f"h{i}"} for i in range(1, n + 1)]


def _lines(raw: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{**x, "kind_zh": "支出", "category_zh": "保洁", "reversed_by": None,
             "receipt_checked": False} for x in raw]


def test_the_machine_files_are_db_backups_bytes_made_again_or_kept(tmp_path):
    raw = _raw(2 * BLOCK + 7)
    expected = (ledger_csv(raw), ledger_json("east", raw, "h9"))
    blocks = Blocks(tmp_path, "code")
    assert machine_files(blocks, "east", raw, "h9", True) == expected  # made, and kept
    assert len(list((tmp_path / ".cache" / "blocks").iterdir())) == 4  # 2 full blocks × 2
    assert machine_files(blocks, "east", raw, "h9", True) == expected  # from what was kept
    changed = [dict(x) for x in raw]
    changed[3]["purpose"], changed[BLOCK - 1]["hash"] = "改过的用途", "other-head"
    assert machine_files(blocks, "east", changed, "h9", True) == \
        (ledger_csv(changed), ledger_json("east", changed, "h9"))


def test_a_broken_chain_keeps_nothing(tmp_path):
    raw = _raw(BLOCK + 1)
    assert machine_files(Blocks(tmp_path, "code"), "east", raw, "h", False) == \
        (ledger_csv(raw), ledger_json("east", raw, "h"))
    assert not (tmp_path / ".cache" / "blocks").exists()


def test_the_peoples_csv_from_kept_blocks_is_the_same_and_follows_a_reversal(tmp_path):
    area = {"id": "east", "lines": _lines(_raw(BLOCK + 3))}
    fresh = people_csv(area, "https://example.org/")
    blocks = Blocks(tmp_path, "code")
    assert people_csv(area, "https://example.org/", blocks) == fresh
    assert people_csv(area, "https://example.org/", blocks) == fresh  # from the kept block
    text = fresh.decode("utf-8-sig")
    assert text.count("\r\n") == BLOCK + 4
    rows = list(csv.reader(io.StringIO(text)))[1:]
    balance = 0
    for row, line in zip(rows, area["lines"], strict=True):
        balance += int(line["amount_fen"])
        assert row[5] == f"{'-' if balance < 0 else ''}{abs(balance) // 100}." \
                         f"{abs(balance) % 100:02d}"
    area["lines"][2]["reversed_by"] = BLOCK + 3  # a later line reverses a line of a kept block
    again = people_csv(area, "https://example.org/", blocks)
    assert again != fresh and f"已被第 {BLOCK + 3} 笔冲正" in again.decode("utf-8")
    assert again == people_csv(area, "https://example.org/")
