"""The bot's start-up check (``Repository.check_at_start``): after one start has
checked the ledgers line by line, the next checks only what changed since (a
ledger block whose file is the version checked is not read again), yet every
file is still held against its checksum and a ledger rewritten since, even with
the manifest listed again, is refused as the whole check names it."""

from __future__ import annotations

import json

import pytest
from heads_support import change_purpose, money, rewrite_ledger, street_with_history

from db.errors import IntegrityError, StoreError
from db.repository import Repository


@pytest.fixture
def checked(tmp_path):
    """A street with signed heads, opened once by the bot (its check saved)."""
    data = tmp_path / "data"
    repo, _clock = street_with_history(data)
    repo.close()
    repo = Repository.open(data)
    repo.check_at_start()
    repo.close()
    return data


def ledger_blocks_read(repo: Repository) -> list[str]:
    return [p for p in repo.store.loaded_partitions() if "/ledger-" in p]


def audits_recorded(monkeypatch) -> list[tuple[str, int]]:
    """The (area, seq) of each ledger line the start check audits against its entry
    (audited as before, and recorded)."""
    import db.startcheck

    audited: list[tuple[str, int]] = []
    real = db.startcheck._audit

    def audit(repo, area, lines):
        audited.extend((area, line["seq"]) for line in lines)
        real(repo, area, lines)

    monkeypatch.setattr(db.startcheck, "_audit", audit)
    return audited


def test_a_second_start_reads_no_ledger_block_it_checked_before(checked, monkeypatch):
    import db.startcheck

    audited = []
    monkeypatch.setattr(db.startcheck, "_audit",
                        lambda repo, area, lines: audited.extend(lines))
    repo = Repository.open(checked)
    try:
        repo.check_at_start()
        assert audited == [] and ledger_blocks_read(repo) == []
        assert repo.core.verified["blocks"]  # what it trusted, by file version
    finally:
        repo.close()


def test_lines_added_since_are_checked_against_their_entries(checked, monkeypatch):

    repo = Repository.open(checked)
    money(repo, "west", 700)
    repo.close()
    checked_lines = audits_recorded(monkeypatch)
    repo = Repository.open(checked)
    try:
        repo.check_at_start()
        # only the new line: lines 1-3 were checked by the last start and the chain
        # still passes through the line it ended at
        assert checked_lines == [("west", 4)]
    finally:
        repo.close()


def test_a_ledger_rewritten_after_a_checked_start_is_refused_as_verify_names_it(checked):
    rewrite_ledger(checked, "east", change_purpose(2, "改过的用途"))
    repo = Repository.open(checked)
    try:
        with pytest.raises(IntegrityError) as caught:
            repo.check_at_start()
        assert "area east, line 3" in str(caught.value) and "among 1-3" in str(caught.value)
    finally:
        repo.store.abandon()


def test_a_block_that_grew_with_an_old_line_changed_is_audited_whole(checked, monkeypatch):
    """As if the file of a block that grew had been rewritten with line 2 changed and
    the chain made again after it (the marks of the last start kept): the chain no
    longer passes through the line the last start ended at, so every line is checked
    against its entry again."""
    from db import ledger as ledger_rules

    repo = Repository.open(checked)
    money(repo, "east", 900)
    repo.close()
    audited = audits_recorded(monkeypatch)
    repo = Repository.open(checked)
    peek = repo.store.peek

    def rewritten(partition, table, ids):
        docs = peek(partition, table, ids)
        if partition.startswith("areas/east/ledger-") and table == "ledger":
            docs = sorted(docs, key=lambda d: d["seq"])
            docs[1]["purpose"] = "改过的用途"
            prev = docs[0]["hash"]
            for n, doc in enumerate(docs[1:], start=1):
                docs[n] = dict(ledger_rules.chain_line(doc, seq=doc["seq"], prev=prev))
                prev = docs[n]["hash"]
        return docs

    monkeypatch.setattr(repo.store, "peek", rewritten)
    try:
        with pytest.raises(IntegrityError):
            repo.check_at_start()
        assert ("east", 2) in audited  # the changed line, held against its entry
    finally:
        repo.store.abandon()


def test_a_changed_byte_in_any_file_is_refused_at_start_without_reading_it_whole(checked):
    path = next(checked.glob("areas/east/ledger-*.json"))
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    path.write_bytes(bytes(raw))
    repo = Repository.open(checked)
    try:
        with pytest.raises(StoreError) as caught:
            repo.check_at_start()
        assert "ledger-00000.json" in str(caught.value) and "altered or damaged" in \
            str(caught.value)
    finally:
        repo.store.abandon()


def test_a_forged_mark_of_what_was_checked_is_not_trusted(checked):
    """The marks are saved in indexes.dat, listed with its checksum: edited by hand,
    the file is not used, and the ledgers are checked in full again."""
    path = checked / "indexes.dat"
    lines = path.read_bytes().splitlines()
    [at] = [n for n, line in enumerate(lines) if line.startswith(b'{"verified"')]
    verified = json.loads(lines[at])
    assert verified["verified"]["blocks"]
    rewrite_ledger(checked, "east", change_purpose(2, "改过的用途"))
    verified["verified"]["blocks"] = {}  # "nothing checked yet": a whole check is due
    lines[at] = json.dumps(verified).encode()
    path.write_bytes(b"\n".join(lines) + b"\n")
    repo = Repository.open(checked)
    try:
        assert repo.store.index_stale  # rebuilt, not trusted
        with pytest.raises(IntegrityError):
            repo.check_at_start()
    finally:
        repo.store.abandon()
