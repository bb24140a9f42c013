"""Shared by the tests of signed heads, witnesses and the paper notice: a street
with money in both areas, published over several months, and what an operator
who holds the data folder (and its key) can do to rewrite history."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from conftest import SMALL_STREET, pid

from db import ledger as ledger_rules
from db.config import parse_street
from db.entries import Kind
from db.heads import HEAD_LOG, record_heads, start_signing
from db.repository import CHINA_TZ, LEDGER_BLOCK, Repository

SITE_URL = "https://ledger.example.org/"
STREET = SMALL_STREET.replace("street: {id: test, name: 测试街道, city: 测试市}",
                              f"street: {{id: test, name: 测试街道, city: 测试市}}\n"
                              f"site_url: {SITE_URL}")


class SetClock:
    """A clock set by the test; each reading moves on a second."""

    def __init__(self) -> None:
        self.now = datetime(2025, 1, 3, 9, 0, tzinfo=CHINA_TZ)

    def at(self, month: int, day: int, hour: int = 10) -> None:
        self.now = max(self.now, datetime(2025, month, day, hour, 0, tzinfo=CHINA_TZ))

    def __call__(self) -> datetime:
        from datetime import timedelta

        self.now += timedelta(seconds=1)
        return self.now


def money(repo: Repository, area: str, amount: int, *, expense: bool = False,
          purpose: str = "", date: str | None = None) -> int:
    """Publish one fee (or expense) through maker-checker; returns the entry id."""
    maker, checker = (101, 102) if area == "east" else (103, 900)
    household = "c1/1/1/101" if area == "east" else "c2/1/1/101"
    if expense:
        data: dict[str, Any] = {"amount_fen": amount, "category": "repair", "payee": "王师傅",
                                "purpose": purpose or "修水管"}
    else:
        data = {"amount_fen": amount, "fee_type": "sanitation", "period": "2025",
                "household": household, "purpose": purpose or "卫生费"}
    if date:
        data["date"] = date
    entry = repo.submit(pid(repo, maker), Kind.EXPENSE if expense else Kind.FEE_INCOME, area,
                        data)
    # one household pays again and again here: each a separate payment, as a volunteer says
    repo.approve(entry.id, pid(repo, checker), separate="" if expense else "分次缴纳")
    return entry.id


def publish(data: Path, project: Path) -> Path:
    """Build the site's files (no MkDocs: the downloads are the same) from the data folder."""
    from site_builder import build_site

    repo = Repository.open(data, readonly=True)
    try:
        build_site(repo, project, run_mkdocs=False)
    finally:
        repo.close()
    return project / "content"


def published_history(base: Path, into: Path) -> tuple[Path, Path, Path]:
    """(data, project, site): ``street_with_history`` and its published files, in
    ``into``. Made once a test process under ``base`` (pytest's base temporary folder)
    and copied for each test: making them costs seconds, copying them milliseconds, and
    each test may rewrite its own copy as it likes."""
    made = base / "published-history"
    if not (made / "done").exists():
        shutil.rmtree(made, ignore_errors=True)
        repo, _clock = street_with_history(made / "data")
        repo.close()
        publish(made / "data", made / "project")
        (made / "done").write_text("")
    shutil.copytree(made / "data", into / "data", symlinks=True)
    shutil.copytree(made / "project", into / "project", symlinks=True)
    return into / "data", into / "project", into / "project" / "content"


def street_with_history(data: Path) -> tuple[Repository, SetClock]:
    """Three months of money in both areas, heads signed at each month's end."""
    clock = SetClock()
    repo = Repository.init(data, parse_street(STREET, "street.yaml"), clock=clock)
    start_signing(data, clock().isoformat(timespec="seconds"))
    for month, amounts in ((1, (12000, 3000, 4500)), (2, (2000, 8000)), (3, (1000, 500, 700))):
        clock.at(month, 5)
        for n, amount in enumerate(amounts):
            money(repo, "east", amount, expense=n == 1, purpose=f"{month}月第{n + 1}笔")
        money(repo, "west", amount + 100)
        clock.at(month, 28, 20)
        record_heads(repo)
    return repo, clock


# -- what an operator who holds the data folder can do -----------------------------------


def _ledger_partition(area: str, seq: int) -> str:
    return f"areas/{area}/ledger-{(seq - 1) // LEDGER_BLOCK:05d}"


def rewrite_ledger(data: Path, area: str, change) -> None:  # type: ignore[no-untyped-def]
    """Replace an area's ledger with ``change(lines)``, renumbered, every hash recomputed
    and the entries fixed to match: the data folder stays consistent, ``repo.verify``
    passes. What whoever holds the data folder can always do."""
    repo = Repository.open(data)
    try:
        old = repo.ledger(area)
        new = change([dict(line) for line in old])
        with repo.store.transaction() as tx:
            for line in old:
                tx.remove(_ledger_partition(area, line["seq"]), "ledger", line["seq"])
            prev = ledger_rules.GENESIS
            for seq, fields in enumerate(new, start=1):
                line = ledger_rules.chain_line(fields, seq=seq, prev=prev)
                prev = line["hash"]
                tx.put(_ledger_partition(area, seq), "ledger", seq, line)
                entry = repo.entry(line["entry"])
                entry.data["ledger_seq"] = seq
                # Entries are kept in the partition of the year they were made.
                tx.put(f"areas/{area}/entries-{entry.created[:4]}", "entries", entry.id,
                       entry.as_doc())
    finally:
        repo.close()


def resign(data: Path) -> None:
    """Keep only the head log's first record (the key's announcement) and sign the
    rewritten ledgers afresh with the same key: the site's own checks then pass;
    only a witness's saved heads tell. Whoever rewrites the folder also removes what it
    remembers of the log's length (``db.heads_cut``: ``heads.seen``), or its own checks
    would refuse the cut log."""
    from db.heads_cut import SEEN_FILE

    log = data / HEAD_LOG
    log.write_bytes(log.read_bytes().splitlines(keepends=True)[0])
    (data / SEEN_FILE).unlink(missing_ok=True)
    repo = Repository.open(data)
    try:
        record_heads(repo)
    finally:
        repo.close()


def change_purpose(seq: int, text: str):  # type: ignore[no-untyped-def]
    def change(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        lines[seq - 1]["purpose"] = text
        return lines
    return change


def drop_line(seq: int):  # type: ignore[no-untyped-def]
    def change(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return lines[: seq - 1] + lines[seq:]
    return change


def cut_tail(keep: int):  # type: ignore[no-untyped-def]
    def change(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return lines[:keep]
    return change


def run_script(script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The published verify script, run as a witness would run it."""
    env = dict(os.environ, PYTHONUTF8="1")
    return subprocess.run([sys.executable, str(script), *args], capture_output=True,
                          text=True, timeout=120, env=env)
