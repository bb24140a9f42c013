"""The head log: every chain head ever published, each signed by the street office.

At each publish, every area whose ledger grew gets one record, ``(line count,
head hash, time)``, appended to ``heads.jsonl`` in the data folder and signed
with the data folder's Ed25519 key (``db.keys``). The site publishes the
whole log (``downloads/heads.json``), the bot posts new heads in each area's
volunteers' group, and the paper notice prints the head of the month's end:
copies that the operator cannot take back. Whoever kept one can later tell
whether the ledger still holds that head, i.e. whether history was rewritten
(``db.witness``, which is also the public verify script).

The file: one JSON record per line, canonical (sorted keys, no spaces)::

    {"at":..,"key":"<signer id>","n":1,"prev":"000..","public_key":"<hex>","sig":"..","type":"key"}
    {"area":"east","at":..,"head":"<hash>","key":"<signer id>","n":2,"prev":"<sha256 of #1>",
     "seq":12,"sig":"..","type":"head"}

Records are numbered from 1 and each names the sha256 of the one before, so
the log is a chain of its own. The first record announces the key, signed by
itself; a key rotation is a ``key`` record signed by the old key; every
``head`` record is signed by the key in force. ``sig`` is the Ed25519
signature of ``witness.SIGNING_CONTEXT`` + the record's canonical JSON
without ``sig``.

Durability: records are appended under a lock file (``.heads.lock``; the bot
and a command run by hand may both append) with one write and an fsync before
anyone is told. A crash in the middle of an append leaves a last line without
its newline: readers ignore it, and the next append cuts it off first. A
damaged line anywhere else is an error naming the file and line.

The signer never signs a history that contradicts its own log: before it
appends a head for an area, it checks that the ledger still holds the area's
last signed head and that every line since chains onto it.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from . import keys as keyfiles
from . import witness
from .chinese_names import neighbours_called
from .errors import DomainError, IntegrityError, StoreError
from .heads_cut import cut_problem, refuse_cut, remember, seen
from .key_retired import refuse_retired
from .private_words import private_words, room_words
from .storage import dumps_canonical, fsync_dir

__all__ = ["HEAD_LOG", "HeadLog", "start_signing", "record_heads", "rotate_key",
           "verify_heads", "check_heads_or_raise", "latest_heads", "lost_key_text",
           "public_key", "log_cut", "last_signed_day", "last_head_at", "conflict_text",
           "start_anew", "RESTART_NOTE"]

HEAD_LOG = "heads.jsonl"
LOCK_FILE = ".heads.lock"

# path -> (inode, bytes parsed, records, the last line): a long-lived reader (the
# bot, the site builder) parses only what was appended since it last read.
_PARSED: dict[str, tuple[int, int, list[dict[str, Any]], bytes]] = {}
_PARSED_LOCK = threading.Lock()


class HeadLog:
    """The append-only head log of one data folder."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.path = self.root / HEAD_LOG

    # -- reading -------------------------------------------------------------------

    def read(self) -> list[dict[str, Any]]:
        """Every complete record, in order (a torn last line is left out)."""
        key = str(self.path.resolve())
        try:
            with open(self.path, "rb") as f, _PARSED_LOCK:
                ino = os.fstat(f.fileno()).st_ino
                offset, records, last = 0, [], b""
                kept = _PARSED.get(key)
                if kept is not None and kept[0] == ino:
                    # The same file, grown: parse only what follows, if what was
                    # parsed last is still there (a file written anew is read whole).
                    f.seek(kept[1] - len(kept[3]))
                    if f.read(len(kept[3])) == kept[3]:
                        _ino, offset, records, last = kept[0], kept[1], list(kept[2]), kept[3]
                f.seek(offset)
                data = f.read()
                end = data.rfind(b"\n") + 1  # bytes of complete lines
                for i, raw in enumerate(data[:end].splitlines(), start=len(records) + 1):
                    records.append(self._decode(raw, i))
                    last = raw + b"\n"
                _PARSED[key] = (ino, offset + end, list(records), last)
        except FileNotFoundError:
            return []
        return records

    def _decode(self, raw: bytes, number: int) -> dict[str, Any]:
        try:
            record = json.loads(raw)
        except ValueError as exc:
            raise IntegrityError(f"{self.path}, line {number}: damaged ({exc}); bring the file "
                                 f"back from a backup", code="head_log",
                                 path=str(self.path)) from None
        if not isinstance(record, dict):
            raise IntegrityError(f"{self.path}, line {number}: not a record", code="head_log",
                                 path=str(self.path))
        return record

    # -- appending -----------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Held while appending (a blocking lock: appends are short)."""
        import fcntl

        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK_FILE, "a+b") as f:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX)
            yield

    def _cut_torn_tail(self) -> None:
        """Cut off a last line left without its newline by a crash (never acknowledged)."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return
        if size == 0:
            return
        with open(self.path, "rb+") as f:
            f.seek(max(0, size - 65536))
            tail = f.read()
            if tail.endswith(b"\n"):
                return
            cut = tail.rfind(b"\n")
            if cut < 0 and size > 65536:
                raise IntegrityError(f"{self.path}: its last line is too long to be a record",
                                     code="head_log", path=str(self.path))
            f.truncate(size - len(tail) + cut + 1)
            f.flush()
            os.fsync(f.fileno())

    def append(self, bodies: list[dict[str, Any]], key: Ed25519PrivateKey) -> list[dict[str, Any]]:
        """Number, link and sign ``bodies`` and append them durably (hold ``locked``)."""
        if not bodies:
            return []
        self._cut_torn_tail()
        existing = self.read()
        n = len(existing)
        prev = witness.record_hash(existing[-1]) if existing else witness.GENESIS
        signer = witness.key_id(keyfiles.public_hex(key))
        out = []
        for body in bodies:
            n += 1
            record = dict(body, n=n, prev=prev, key=signer)
            record.pop("sig", None)
            record["sig"] = key.sign(witness.signed_bytes(record)).hex()
            prev = witness.record_hash(record)
            out.append(record)
        text = "".join(dumps_canonical(r) + "\n" for r in out).encode("utf-8")
        new_file = not self.path.exists()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            written = os.write(fd, text)
            if written != len(text):
                raise StoreError(f"{self.path}: short write ({written} of {len(text)} bytes)",
                                 code="short_write", path=str(self.path))
            os.fsync(fd)
        except OSError as exc:
            raise StoreError(f"{self.path}: could not append ({exc})", code="io",
                             path=str(self.path)) from exc
        finally:
            os.close(fd)
        if new_file:
            fsync_dir(self.root)
        remember(self.root, existing + out)  # a cut of its end is found (db.heads_cut)
        return out


# -- the key in force ------------------------------------------------------------------


def _current_key(records: list[dict[str, Any]]) -> str | None:
    """The public key the log says is in force (the last key record's)."""
    for record in reversed(records):
        if record.get("type") == "key":
            return str(record.get("public_key"))
    return None


def _signing_key(log: HeadLog, at: str, mark: Any = None) -> Ed25519PrivateKey:
    """The key to sign with (hold ``log.locked``): made and announced when the data
    folder has none, a rotation cut short by a crash finished or undone. ``mark``: what
    the start check last verified of the log (``db.heads_cut``), when known."""
    root = log.root
    records = log.read()
    refuse_cut(root, records, mark)  # never sign a record in the place of one cut off
    current = _current_key(records)
    pending = keyfiles.load_next(root)
    if pending is not None:
        if current == keyfiles.public_hex(pending):
            keyfiles.promote_next(root)  # announced before the crash
        else:
            keyfiles.discard_next(root)  # never announced: as if never made
    key = keyfiles.load(root)
    if key is None:
        if current is not None:
            raise StoreError(lost_key_text(root, witness.key_id(current)), code="no_key",
                             path=str(root))
        key = keyfiles.create(root)
    refuse_retired(root, records, key=key)  # a backup's key the public saw replaced
    if current is None:
        body: dict[str, Any] = {"type": "key", "public_key": keyfiles.public_hex(key), "at": at}
        restart = _restart(root)
        if restart is not None:  # a log begun anew: signed, so the site says it
            body["restart"] = restart
        log.append([body], key)
        (root / RESTART_NOTE).unlink(missing_ok=True)
    elif current != keyfiles.public_hex(key):
        raise StoreError(lost_key_text(root, witness.key_id(current), wrong=True),
                         code="wrong_key", path=str(root))
    return key


RESTART_NOTE = "keys/restart.note"  # why the log begins anew (``start_anew``)
MAX_REASON = 200  # characters of that reason, published on the integrity page


def _restart(root: Path) -> dict[str, Any] | None:
    """What a new log's first key record says of the log before it, when the folder had
    one (``heads.seen`` remembers it: moved aside with its key, README "If the key is
    lost"): the key that signed it, how many records it held, and why it ended (the
    reason given to ``start_anew``; '' when moved aside by hand). None for a first log."""
    known = seen(root)
    count = known.get("count") if isinstance(known, dict) else None
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        return None
    try:
        note = json.loads((root / RESTART_NOTE).read_text("utf-8"))
    except (OSError, ValueError):
        note = {}
    reason = note.get("reason") if isinstance(note, dict) else ""
    assert isinstance(known, dict)
    return {"key": str(known.get("signer") or ""), "records": count,
            "reason": str(reason or "")[:MAX_REASON]}


def start_anew(root: str | Path, reason: str, at: str, *,
               named: Callable[[str], str | None] | None = None,
               rooms: Iterable[str] = ()) -> tuple[Path, Path | None]:
    """The lost-key procedure (README, "If the key is lost"), with its reason: move the
    head log and the key file (if any) aside, kept, and note ``reason``; the next publish
    makes a new key whose first record says the log began anew, when and why, signed
    (the integrity page shows it). Refused when the key in force is still there (rotate
    it instead). Returns where the log and the key were moved.

    The reason is published for good (signed, in heads.json, on the integrity page and
    the paper notice), so it is refused as a ledger line's words are: a phone or ID
    number, a plate, a contact or a stranger's full name (``db.private_words``: code
    ``private_in_line``), and, with ``named`` (``Repository.named_person``), the name of
    someone registered (``names_a_person``). A room number is refused too (``private_in_line``
    with ``what`` ``room``), said as one (3号楼2单元502的王阿姨丢了) or written alone and
    one of ``rooms`` (the street's): it says who lives there, and the site, which shows a
    household at most as its building and unit, cannot mask a signed reason later. So is
    a person called by surname (老王, 王阿姨: ``db.chinese_names.neighbours_called``), whom
    the compound knows: a ledger line's payee is only warned of it (a worker may agree to
    be named), but nobody need be named to say why a key was lost."""
    root = Path(root)
    reason = " ".join(str(reason or "").split())[:MAX_REASON]
    if not reason:
        raise DomainError("say why the key is replaced: the site publishes it",
                          code="reason_required")
    name = named(reason) if named is not None else None
    if name is not None:
        raise DomainError(f"the reason names a person ({name}): it is published for good",
                          code="names_a_person", field="reason", name=name)
    found = private_words(reason)
    if found is not None:
        raise DomainError(f"the reason holds {found[0]} ({found[1]}): it is published for "
                          "good", code="private_in_line", field="reason", name=found[1],
                          what=found[0])
    called = neighbours_called(reason)
    if called:
        raise DomainError(f"the reason calls a person by surname ({called[0]}): it is "
                          "published for good", code="private_in_line", field="reason",
                          name=called[0], what="called")
    room = room_words(reason, rooms)
    if room is not None:
        raise DomainError(f"the reason holds a room number ({room}): it is published for "
                          "good", code="private_in_line", field="reason", name=room,
                          what="room")
    log = HeadLog(root)
    with log.locked():
        records = log.read()
        if not records:
            raise DomainError(f"{root}: there is no head log to begin anew", code="no_log")
        current = _current_key(records)
        key = keyfiles.load(root)
        if key is not None and current == keyfiles.public_hex(key):
            raise DomainError("the signing key is there and in force: it is not lost "
                              "(`steward key rotate` replaces it)", code="key_not_lost")
        stamp = "".join(ch for ch in at[:19] if ch.isdigit())
        log_aside = root / f"{HEAD_LOG}.before-{stamp}"
        os.replace(log.path, log_aside)
        key_aside = None
        if (root / keyfiles.KEY_FILE).exists():
            key_aside = root / f"{keyfiles.KEY_FILE}.before-{stamp}"
            os.replace(root / keyfiles.KEY_FILE, key_aside)
        text = dumps_canonical({"reason": reason, "at": at}) + "\n"
        (root / RESTART_NOTE).parent.mkdir(parents=True, exist_ok=True)
        (root / RESTART_NOTE).write_text(text, "utf-8")
        fsync_dir(root)
    return log_aside, key_aside


def lost_key_text(root: Path, key_id: str, *, wrong: bool = False) -> str:
    """What to do when the signing key is missing (or another key is in its place), in
    Chinese and English: bring it back from a backup restored into another folder, or,
    when no backup holds it, start a new head log (README, "If the key is lost"). A
    rotation needs the old key: it is no way out."""
    path = root / keyfiles.KEY_FILE
    old = Path(root).absolute().parent / "steward-old"
    zh_what = "不是链头记录里的那把密钥" if wrong else "不见了"
    en_what = (f"is not the key the head log names ({key_id})" if wrong else
               f"is missing, but the head log names key {key_id}")
    return (f"签名密钥 {path} {zh_what}（密钥 {key_id}），链头没有签名。"
            f"请从备份里取回：把备份恢复到另一个目录"
            f"（steward restore 备份文件 --data {old}），"
            f"再把其中的 keys/signing.key 复制到 {path}"
            f"（权限 600，属于运行机器人的用户）。"
            f"没有任何备份有它时，按 README 的“If the key is lost”："
            f"停掉机器人，运行 steward key lost --reason 原因 --data {root}"
            f"（它把 heads.jsonl 移开保存；下次发布会生成新密钥，网站写明哪天换的、为什么），"
            f"然后公告新的公钥和原因。 / The signing key {path} {en_what}: no head was "
            f"signed. Bring it back from a backup: restore the backup into another folder "
            f"(steward restore BACKUP --data {old}) and copy its keys/signing.key to {path} "
            f"(mode 600, owned by the bot's user). If no backup holds it, see the README's "
            f"'If the key is lost': stop the bot, run steward key lost --reason WHY --data "
            f"{root} (it moves heads.jsonl aside, kept; the next publish makes a new key and "
            f"the site says when and why); announce the new public key and why.")


def start_signing(root: str | Path, at: str) -> str:
    """Give a data folder its signing key and announce it as the head log's first record
    (done by ``steward init``; a folder made before keys existed gets one at its first
    publish). Returns the public key (hex)."""
    log = HeadLog(root)
    with log.locked():
        return keyfiles.public_hex(_signing_key(log, at))


def public_key(root: str | Path) -> str | None:
    """The public key in force, as the head log says (hex), or None."""
    return _current_key(HeadLog(root).read())


def rotate_key(root: str | Path, at: str) -> dict[str, Any]:
    """Replace the signing key: the old key signs a record announcing the new one."""
    log = HeadLog(root)
    with log.locked():
        old = _signing_key(log, at)
        new = Ed25519PrivateKey.generate()
        keyfiles.write_private(root, new, keyfiles.NEXT_KEY_FILE)
        [record] = log.append([{"type": "key", "public_key": keyfiles.public_hex(new),
                                "at": at}], old)
        keyfiles.promote_next(root)
        return record


def last_signed_day(root: str | Path, area: str) -> str:
    """The day (Beijing time, YYYY-MM-DD) the last head of ``area`` was signed, '' when
    none was: a line published later and dated before it would change the totals of a
    month the public saw signed (the paper notice on the wall), so it is dated the day
    it is published, its own date said as its ``occurred_on`` (``db.accounts``)."""
    return last_head_at(HeadLog(root).read(), area)[:10]


def last_head_at(records: list[dict[str, Any]], area: str | None = None) -> str:
    """When the last head record of ``area`` (None: of any area) was signed, as the log
    says it (ISO, Beijing time); '' when none was. The one scan of the log for it: what
    a late line is dated by (``last_signed_day``) and what the clock is held against
    before signing (``_refuse_clock_behind``)."""
    for record in reversed(records):
        if record.get("type") == "head" and record.get("at") and \
                (area is None or record.get("area") == area):
            return str(record["at"])
    return ""


# -- recording heads at a publish ---------------------------------------------------------


def latest_heads(records: list[dict[str, Any]]) -> dict[str, tuple[int, str]]:
    """area -> (line count, head) of its last head record a restore record does not
    supersede (``witness.superseded``: its lines lost in a restore)."""
    out: dict[str, tuple[int, str]] = {}
    gone = witness.superseded(records)
    for record in records:
        if record.get("type") == "head" and record.get("n") not in gone:
            out[str(record["area"])] = (int(record["seq"]), str(record["head"]))
    return out


def _continues(repo: Any, area: str, signed: tuple[int, str], now: tuple[int, str]) -> str:
    """Why the ledger of ``area`` does not extend its last signed head ('' if it does)."""
    (old_seq, old_head), (seq, head) = signed, now
    if seq < old_seq:
        return (f"area {area}: the ledger has {seq} lines but {old_seq} were signed; "
                f"lines {seq + 1}-{old_seq} are gone")
    lines = repo.ledger_tail(area, seq - old_seq + 1)
    if len(lines) != seq - old_seq + 1 or lines[0].get("seq") != old_seq or \
            lines[0].get("hash") != old_head:
        return (f"area {area}, line {old_seq}: not the line signed before (head "
                f"{old_head[:16]}…): history was rewritten")
    prev = old_head
    for line in lines[1:]:
        if line.get("prev") != prev or witness.line_hash(line) != line.get("hash"):
            return f"area {area}, line {line.get('seq')}: does not chain onto the line before"
        prev = str(line["hash"])
    return "" if prev == head else f"area {area}: the head is not its last line's hash"


# how far behind the last head signed the clock may be (a clock corrected by NTP steps
# back seconds; one set back by hand, or reset after a power cut, by days or years)
CLOCK_SLACK = timedelta(hours=1)


def _refuse_clock_behind(records: list[dict[str, Any]], at: str) -> None:
    """Refuse to sign at ``at`` when the last head record was signed more than
    ``CLOCK_SLACK`` later: a clock set back dates new lines and heads before those the
    public saw (an expense slipped into a month whose notice is on the wall), and every
    check passed."""
    last = last_head_at(records)
    try:
        behind = datetime.fromisoformat(last) - datetime.fromisoformat(at) if last else None
    except ValueError:
        return  # a time not ISO: the log's own checks say so
    if behind is not None and behind > CLOCK_SLACK:
        raise IntegrityError(
            f"这台机器的时钟（{at}）比上次签链头的时间（{last}）还早：时钟被往回拨了，或者走错了"
            f"（比如断电后复位）。链头没有签名。请校正时钟（timedatectl status；sudo "
            f"timedatectl set-ntp true）再发布。 / The machine's clock ({at}) is behind the "
            f"last head signed ({last}): it was set back, or is wrong (reset after a power "
            f"cut?). No head was signed. Set the clock right (timedatectl status; sudo "
            f"timedatectl set-ntp true) and publish again.", code="clock_behind", at=at,
            last=last)


def record_heads(repo: Any) -> list[dict[str, Any]]:
    """Sign and append the head of every area whose ledger changed since its last
    record; returns the new records. Call it before each publish, in the process
    that writes the data folder (or, with no bot running, the one that builds).

    An area whose ledger no longer extends its last signed head is not signed:
    IntegrityError names it (after the other areas are recorded)."""
    store = repo.store
    with store.writing():  # no write is waiting for the disk: what is read is durable
        store.sync()
        heads = repo.chain_heads()
        at = repo.clock().isoformat(timespec="seconds")
    log = HeadLog(store.root)
    refused = []
    with log.locked():
        # as strict as ``steward verify``: heads.seen removed with the records cut, the
        # start check's mark still tells (``log_cut``)
        key = _signing_key(log, at, _start_mark(repo))
        _refuse_clock_behind(log.read(), at)
        last = latest_heads(log.read())
        bodies = []
        for area, (seq, head) in sorted(heads.items()):
            if seq == 0 or last.get(area) == (seq, head):
                continue
            if area in last:
                why = _continues(repo, area, last[area], (seq, head))
                if why:
                    refused.append((area, why))
                    continue
            bodies.append({"type": "head", "area": area, "seq": seq, "head": head, "at": at})
        records = log.append(bodies, key)
    if refused:
        # Name the lines as precisely as the signed heads allow (reads the whole ledger,
        # but only on this path).
        signed = [r for r in log.read() if r.get("type") == "head"]
        names = {a.id: a.name for a in repo.street.areas}
        found_zh, found_en = [], []
        for area, why in refused:
            found = witness.check_heads([r for r in signed if r.get("area") == area],
                                        {area: repo.ledger(area)}, names=names)
            found_zh.append(found[0].zh if found else f"{names.get(area, area)}（{area}）：{why}")
            found_en.append(found[0].en if found else why)
        raise IntegrityError(conflict_text(found_zh, found_en), code="head_conflict",
                             area=refused[0][0])
    return records


def conflict_text(found_zh: list[str], found_en: list[str]) -> str:
    """What the admins are told when a ledger no longer holds a head signed before, in
    Chinese, then English: what happened, what it means, what to do. Before, it read
    "not signed: area east, line 3: its hash is …", in English only."""
    return (
        f"⚠️ 账本和已经公布的不一样了：{'；'.join(found_zh)}。"
        f"也就是说，已经签名公布过的账（小区门口的公示单上也印着）后来被改动或删掉了。"
        f"为了不让改过的账冒充原来的账，这次没有签名，网站也没有更新。"
        f"请这样做：1. 先不要再录入或审批出问题的小区的收支；2. 请管理服务器的人运行 "
        f"steward verify 查看是哪一笔、怎么被改的；3. 用改动之前的备份恢复"
        f"（steward restore 备份文件，README 的“Backups”一节）。 / "
        f"⚠️ The ledger no longer matches what was published: {'; '.join(found_en)}. "
        f"Lines already signed and published (also printed on the notice at the gate) were "
        f"changed or removed since. So that the changed ledger cannot pass for the one "
        f"published, nothing was signed and the site is not updated. What to do: 1. record "
        f"and approve no more money for the area in question for now; 2. whoever runs the "
        f"server runs steward verify to see which line changed and how; 3. restore a backup "
        f"from before the change (steward restore BACKUP; README, 'Backups').")


# -- checking a data folder against its own log --------------------------------------------


def _start_mark(repo: Any) -> Any:
    """What the start check of ``repo`` last verified of its head log (``db.startcheck``)."""
    marks = repo.core.verified
    return marks.get("log") if isinstance(marks, dict) else None


def log_cut(repo: Any, records: list[dict[str, Any]] | None = None) -> tuple[str, str] | None:
    """(Chinese, English) when the head log of ``repo``'s folder (``records``: as read
    already) lost records at its end, against what it remembers and what the start check
    last verified (``db.heads_cut``); None when it did not."""
    root = repo.store.root
    return cut_problem(root, HeadLog(root).read() if records is None else records,
                       _start_mark(repo))


def verify_heads(repo: Any, saved: dict[str, Any] | None = None
                 ) -> tuple[witness.LogChecker, list[witness.Problem]]:
    """Check the data folder against its head log (numbering, keys, signatures, every
    head in the ledgers), its key file against the log, and, with ``saved`` (a file
    written by ``steward_verify.py --save``), against what a witness saw."""
    root = repo.store.root
    records = HeadLog(root).read()
    names = {a.id: a.name for a in repo.street.areas}  # the Chinese messages name them
    checker, _heads, problems = witness.run_checks(records, AreaLedgers(repo), saved=saved,
                                                   names=names)
    if cut := log_cut(repo, records):
        problems.insert(0, witness.Problem("head_log_cut", *cut))
    key = keyfiles.load(root)
    if key is not None and checker.key is not None and keyfiles.public_hex(key) != checker.key:
        problems.append(witness.Problem(
            "wrong_key", f"{keyfiles.KEY_FILE} 不是链头记录里正在使用的密钥",
            f"{keyfiles.KEY_FILE} is not the key in force in the head log"))
    return checker, problems


class AreaLedgers(Mapping[str, list[dict[str, Any]]]):
    """Each area's ledger, read when asked for, one area kept at a time: the checks go
    area by area, and a street's every line at once (a hundred thousand at 50
    areas) would double the bot's memory at start-up."""

    def __init__(self, repo: Any) -> None:
        self.repo = repo
        self.areas = [a.id for a in repo.street.areas]
        self._last: tuple[str, list[dict[str, Any]]] | None = None

    def __getitem__(self, area: str) -> list[dict[str, Any]]:
        if area not in self.areas:
            raise KeyError(area)
        if self._last is None or self._last[0] != area:
            self._last = None  # let the previous area's lines go first
            self._last = (area, self.repo.ledger(area))
        return self._last[1]

    def __iter__(self) -> Iterator[str]:
        return iter(self.areas)

    def __len__(self) -> int:
        return len(self.areas)


def check_heads_or_raise(repo: Any) -> None:
    """``verify_heads`` for a start-up check: raise IntegrityError at the first problem."""
    _checker, problems = verify_heads(repo)
    if problems:
        first = problems[0]
        # the Chinese said too: the start's refusal named a wrong key or a rewritten
        # ledger in Chinese as "账本与审核通过的记录对不上" (a line against its entry)
        params: dict[str, Any] = {"zh": first.zh}
        if first.area:
            params["area"] = first.area
        if first.line:
            params["seq"] = first.line
        raise IntegrityError(f"{first.en} (head log: {repo.store.root / HEAD_LOG})",
                             code=first.code, **params)
