"""What the bot checks before it serves a data folder, at a cost that follows what
changed since it last checked rather than the whole history.

``steward verify`` checks everything: every ledger line of every area (its
chain and its entry), every record of the head log and every signed head. The
bot's start checks the same things from where the last start left off:

* every file the manifest lists is read and held against its checksum (not
  parsed): damage anywhere is still found before the bot serves;
* a ledger block whose file is the very version a start once checked line by
  line (its sha256, kept with the saved indexes, ``db.saved_index``) is taken
  as checked: its first line must follow the block before it; any other block
  (the current one, which grew, or one changed since) is checked line by line:
  its chain from the block before, each line against the entry it was made
  from (``db.audit_ledger``) — but for a block that only grew since it was
  checked (its chain still passes through the line it ended at), only the new
  lines against their entries; each area's chain must end at its kept head,
  past every line an entry refers to;
* the head log is checked from the last record a start verified (its hash
  must still be there), and every signed head is held against its line when
  the record is new or its block was checked again.

When anything is wrong, the whole check (``Repository.verify``,
``db.heads.check_heads_or_raise``) is run to name the problem as it always
did. What was found sound is kept (``Core.verified``) and saved with the
indexes at the next checkpoint, so that the next start reads it back.
"""

from __future__ import annotations

from typing import Any

from . import keys as keyfiles
from .audit_ledger import PUBLISHED, same_fields
from .entries import LEDGER_KINDS, Entry
from .errors import IntegrityError
from .heads import HeadLog, check_heads_or_raise
from .heads_cut import refuse_cut
from .ledger import GENESIS, line_hash
from .ledger_block import ledger_partition
from .lost_lines import check_lost, is_lost
from .witness import LogChecker, record_hash, superseded

__all__ = ["check_at_start"]

def check_at_start(repo: Any, *, checksums: bool = True) -> None:
    """Refuse (IntegrityError, StoreError) a data folder whose files, ledgers or
    signed heads are not sound, checking what changed since the last start."""
    store = repo.store
    if checksums:
        store.check_checksums()
    core = repo.core
    marks = core.verified if isinstance(core.verified, dict) else {}
    found = marks.get("blocks")
    old_blocks: dict[str, Any] = found if isinstance(found, dict) else {}
    blocks: dict[str, list[Any]] = {}
    rechecked: set[str] = set()
    try:
        with store.lock:
            for area in repo.street.areas:
                _check_area(repo, area.id, old_blocks, blocks, rechecked)
        log = _check_log(repo, marks.get("log"), rechecked)
    except IntegrityError as found:
        _name_the_problem(repo, found)
    verified = {"blocks": blocks, "log": log}
    if verified != marks:
        core.verified = verified
        if not store.readonly:
            # Saved with the indexes at the next checkpoint (at the latest when the
            # bot stops), not by one now: a checkpoint at start would hold the start
            # up and double its memory for a while. Should the bot die before that,
            # the next start checks the same blocks again: it costs time, not trust.
            store.index_stale = True


def _name_the_problem(repo: Any, found: IntegrityError) -> None:
    """Something is wrong: name it as the whole check does (the ledgers' and the
    head log's problems both, as ``steward verify`` would), and raise."""
    problems: list[IntegrityError] = []
    for check in (repo.verify, lambda: check_heads_or_raise(repo)):
        try:
            check()
        except IntegrityError as exc:
            problems.append(exc)
    if not problems:
        raise found
    first = problems[0]
    if len(problems) == 1:
        raise first
    raise IntegrityError("; ".join(str(p) for p in problems), code=first.code,
                         **first.params) from first


def _fail(area: str, seq: object, problem: str, code: str) -> IntegrityError:
    return IntegrityError(f"area {area}, ledger line {seq}: {problem}", code=code, area=area,
                          seq=seq)


def _check_area(repo: Any, area: str, old: dict[str, Any], new: dict[str, list[Any]],
                rechecked: set[str]) -> None:
    store = repo.store
    prev_seq, prev_hash = 0, GENESIS
    for block in store.partitions(f"areas/{area}/ledger-"):
        mark = old.get(block)
        version = store.file_version(block)
        if isinstance(mark, list) and len(mark) == 5 and version and mark[0] == version:
            _version, first_seq, first_prev, last_seq, last_hash = mark
            if first_seq != prev_seq + 1 or first_prev != prev_hash:
                raise _fail(area, first_seq, "does not follow the block before", "chain_prev")
            new[block] = mark
            prev_seq, prev_hash = int(last_seq), str(last_hash)
            continue
        lines = sorted(store.peek(block, "ledger", None), key=lambda line: line["seq"])
        for line in lines:
            line.pop("doc_id", None)
        start = (prev_seq, prev_hash)
        # A block checked before that has grown since (the current one, after writes):
        # its lines are all chained again, but a line up to where it was checked needs
        # no new audit against its entry when the chain still passes through the line
        # it ended at (same hash: every line up to there is as it was then).
        audited = int(mark[3]) if isinstance(mark, list) and len(mark) == 5 and \
            mark[1] == prev_seq + 1 and mark[2] == prev_hash else 0
        for line in lines:
            if line.get("seq") != prev_seq + 1:
                raise _fail(area, line.get("seq"), f"expected line {prev_seq + 1}", "chain_gap")
            if line.get("prev") != prev_hash or line_hash(line) != line.get("hash"):
                raise _fail(area, prev_seq + 1, "does not chain", "chain_hash")
            prev_seq, prev_hash = int(line["seq"]), str(line["hash"])
            if prev_seq == audited and isinstance(mark, list) and prev_hash != mark[4]:
                audited = 0  # not the lines checked then: audit them all
        if audited > prev_seq:
            audited = 0  # the block is shorter than when it was checked
        _audit(repo, area, [line for line in lines if int(line["seq"]) > audited])
        rechecked.add(block)
        if lines and version:
            new[block] = [version, start[0] + 1, start[1], prev_seq, prev_hash]
    if tuple(repo.core.ledger.head.get(area, (0, GENESIS))) != (prev_seq, prev_hash):
        raise _fail(area, prev_seq, "the kept head is not the ledger's last line", "chain_head")
    if repo.core.ledger.referenced.get(area, 0) > prev_seq:
        raise _fail(area, prev_seq + 1, "entries refer to lines past the end", "chain_missing")


def _audit(repo: Any, area: str, lines: list[dict[str, Any]]) -> None:
    """Each line against the entry it names (read once per partition, not kept)."""
    if not lines:
        return
    meta = repo.core.entries.meta
    entries = _entries(repo, [int(line.get("entry") or 0) for line in lines])
    originals = _entries(repo, [int(e.data["reverses"]) for e in entries.values()
                                if e.data.get("reverses") and str(e.data["reverses"]).isdigit()])

    def entry_of(eid: int) -> Entry:
        found = originals.get(int(eid)) or entries.get(int(eid))
        if found is None:
            found = repo.core.entry(eid)
        return found

    for line in lines:
        seq = line["seq"]
        if is_lost(line) and line.get("entry") is None:
            check_lost(area, line)  # an entry holding its number: ``verify`` finds it
            continue
        entry = entries.get(int(line.get("entry") or 0))
        if entry is None or entry.area != area or entry.kind not in LEDGER_KINDS or \
                entry.status not in PUBLISHED or entry.data.get("ledger_seq") != seq or \
                int(line.get("entry") or 0) not in meta:
            raise _fail(area, seq, "no approved entry has this line", "chain_entry")
        same_fields(area, line, entry, repo.core.street, entry_of, repo.core.settings)


def _entries(repo: Any, ids: list[int]) -> dict[int, Entry]:
    meta = repo.core.entries.meta
    by_part: dict[str, list[int]] = {}
    for eid in ids:
        found = meta.get(eid)
        if found is not None:
            by_part.setdefault(found[3], []).append(eid)
    out = {}
    for part, part_ids in by_part.items():
        for doc in repo.store.peek(part, "entries", part_ids):
            doc.pop("doc_id", None)
            out[int(doc["id"])] = Entry.from_doc(doc)
    return out


def _check_log(repo: Any, mark: Any, rechecked: set[str]) -> dict[str, Any]:
    """The head log from the last record verified, and the signed heads that are new
    or whose block was checked again; what to remember for the next start."""
    root = repo.store.root
    records = HeadLog(root).read()
    refuse_cut(root, records, mark)  # not started over: the records it verified are gone
    checker, start = LogChecker(), 0
    if isinstance(mark, dict) and isinstance(mark.get("count"), int) and \
            0 < mark["count"] <= len(records) and \
            record_hash(records[mark["count"] - 1]) == mark.get("prev"):
        checker = LogChecker(count=mark["count"], prev=str(mark["prev"]), key=mark.get("key"),
                             keys=list(mark.get("keys") or []))
        start = mark["count"]
    checker.feed(records[start:])
    if checker.problems:
        raise IntegrityError(checker.problems[0].en, code=checker.problems[0].code)
    key = keyfiles.load(root)
    if key is not None and checker.key is not None and keyfiles.public_hex(key) != checker.key:
        raise IntegrityError(f"{keyfiles.KEY_FILE} is not the key in force", code="wrong_key")
    heads = repo.core.ledger.head
    gone = superseded(records)  # heads a restore record says no longer hold
    for n, record in enumerate(records, start=1):
        if record.get("type") != "head":
            continue
        area, seq = str(record.get("area")), record.get("seq")
        if not isinstance(seq, int) or seq < 1:
            raise IntegrityError(f"head record #{n} has no valid line count", code="bad_head")
        if n <= start and ledger_partition(area, seq) not in rechecked:
            continue
        if seq > heads.get(area, (0, ""))[0]:
            raise IntegrityError(f"area {area}: lines up to {seq} were signed", code="cut_tail")
        found = repo.store.peek(ledger_partition(area, seq), "ledger", [seq])
        if n in gone and found and is_lost(found[0]):
            continue  # its line lost in a restore, as the restore record says
        if not found or found[0].get("hash") != record.get("head"):
            raise IntegrityError(f"area {area}, line {seq}: not the line signed", code="rewritten")
    return {"count": checker.count, "prev": checker.prev, "key": checker.key,
            "keys": checker.keys}
