#!/usr/bin/env python3
"""steward_verify.py: check a Steward public ledger site, as a witness.

Published on every Steward site as ``downloads/steward_verify.py``. It needs
Python 3.11 or later and one library, ``cryptography`` (``pip install
cryptography``), for the Ed25519 signatures. Usage::

    python3 steward_verify.py https://ledger.example.org/   # check the site
    python3 steward_verify.py SITE --save mine.json          # ... and keep what you saw
    python3 steward_verify.py SITE --check mine.json         # later: was history rewritten?
    python3 steward_verify.py SITE --key 3b6a27bc...         # the key on the paper notice
    python3 steward_verify.py SITE --head east 8 3f9a1c2b4d5e6f70  # a head on a paper notice
    python3 steward_verify.py SITE --pages                   # ... and the accounts pages

SITE is the site's address or a folder holding its files (``site/``). What
each check proves:

* **the chain** (every line's hash covers the line and the hash before it):
  the published ledger is internally consistent. It does *not* prove that
  nobody rewrote it: whoever holds the data can change an old line and
  recompute every hash after it.
* **the signatures** (every head in ``downloads/heads.json`` is signed by the
  street office's Ed25519 key, and each new key is announced by the old
  one): the street office published these heads, and each head matches the
  ledger, so the ledger is the one the office signed.
* **your saved heads** (``--save``, later ``--check``): the history you saw
  has not been rewritten since you looked. The street office holds its key
  and could sign a rewritten history; it cannot make it match what you saved.
  A changed line, a removed line (with the rest renumbered) or a cut tail is
  reported with the area and the line.
* **a head from a paper notice** (``--head AREA N HASH``: the area, the line count
  and the hash as the monthly notice prints them, at least the first 8 digits):
  the published ledger still has that line with that hash.
* **the accounts pages** (``--pages``): every line each area's accounts pages show
  (its number, amount and hash) is the line in the downloads, and every line of the
  downloads is shown; so a page edited by hand on the web host is caught.

Exit status: 0 when every check passes, 1 when a check fails, 2 when the
site or a file could not be read.

Inside Steward this module is also the one implementation of these checks
(``steward verify``), so it imports nothing but the standard library and
``cryptography``.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

__all__ = ["GENESIS", "HEADS_FORMAT", "WITNESS_FORMAT", "KNOWN_LINE_FORMAT", "newer_format",
           "SIGNING_CONTEXT", "Problem",
           "canonical", "line_hash", "record_hash", "signed_bytes", "key_id", "check_ledger",
           "LogChecker", "check_log", "superseded", "restart_said", "check_heads", "check_saved",
           "witness_file",
           "area_names", "load_site", "parse_printed", "check_printed",
           "load_pages", "check_pages", "main"]

GENESIS = "0" * 64
HEADS_FORMAT = "steward-heads/1"
WITNESS_FORMAT = "steward-witness/1"
# The newest ledger line format this script knows (``db.lines.LINE_FORMAT``). A line of
# a later one was written by a newer Steward: its hash may be made by rules this script
# does not know, so a line it cannot match is said to need the current script, not to
# have been altered (scripts before this one said 这一笔被改过).
KNOWN_LINE_FORMAT = 5
# Signed bytes start with this, so a head signature can never be taken for
# a signature over anything else.
SIGNING_CONTEXT = b"steward-head-log/1\n"
# A head log record a restore of an older backup appends, signed as a head is: the head
# records it names (``superseded``) signed lines that now read 恢复备份时遗失.
RESTORE = "restore"
MAX_DOWNLOAD = 256 * 1024 * 1024


def canonical(value: Any) -> str:
    """JSON with sorted keys and no spaces (UTF-8, not ASCII-escaped): what is hashed."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def line_hash(line: dict[str, Any]) -> str:
    """sha256 of a ledger line's canonical JSON without its ``hash``."""
    body = {k: v for k, v in line.items() if k != "hash"}
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


def record_hash(record: dict[str, Any]) -> str:
    """sha256 of a head log record's canonical JSON, signature included: the next
    record's ``prev``."""
    return hashlib.sha256(canonical(record).encode("utf-8")).hexdigest()


def signed_bytes(record: dict[str, Any]) -> bytes:
    """What a record's signature signs: the context, then its canonical JSON without ``sig``."""
    body = {k: v for k, v in record.items() if k != "sig"}
    return SIGNING_CONTEXT + canonical(body).encode("utf-8")


def key_id(public_key_hex: str) -> str:
    """A key's short name: the first 16 hex digits of the sha256 of its 32 bytes."""
    return hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()[:16]


@dataclass(frozen=True)
class Problem:
    """One failed check, in Chinese and English, naming the area and line when known."""

    code: str
    zh: str
    en: str
    area: str | None = None
    line: int | None = None
    restore: bool = False  # explained by lines lost in a restore (``db.lost_lines``)

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


def _short(digest: Any) -> str:
    return str(digest)[:16] + "…"


def _printable(text: Any, limit: int = 60) -> str:
    """A name read from the site, safe to print on a terminal: no control characters
    (a hostile site could move the cursor or recolour the verdict), bounded."""
    return "".join(c for c in str(text) if c.isprintable())[:limit]


def _zh_area(area: Any, names: Mapping[str, str] | None) -> str:
    """How a Chinese message names an area: its name, as the site shows it, with the id
    of its folder (``盐业小区·市药材小区（lvcheng-wuguan）``); the id alone when no
    name is known."""
    name = _printable((names or {}).get(str(area)) or "")
    return f"{name}（{area}）" if name and name != str(area) else str(area)


def _removed(first: int, last: int) -> tuple[str, str]:
    """That lines first..last were removed (zh, en); one line is named alone
    (``第 8 笔被删掉了``, not ``第 8–8 笔``)."""
    if first == last:
        return f"第 {first} 笔被删掉了", f"line {first} was removed"
    return f"第 {first}–{last} 笔被删掉了", f"lines {first}-{last} were removed"


def _lost_run(lines: Sequence[dict[str, Any]], last: int) -> tuple[int, int] | None:
    """The latest run of lines up to line ``last`` that read 恢复备份时遗失 (kind "lost":
    an older backup was restored without the lines first published under those
    numbers), as (first, last), or None."""
    end = next((n for n in range(min(last, len(lines)), 0, -1)
                if lines[n - 1].get("kind") == "lost"), None)
    if end is None:
        return None
    first = end
    while first > 1 and lines[first - 2].get("kind") == "lost":
        first -= 1
    return first, end


_FOUND = re.compile(r"原第 (\d+) 笔（")  # a line found again by a later restore says so


def _found_again(lines: Sequence[dict[str, Any]], first: int, last: int) -> dict[int, int]:
    """The lines ``first``..``last`` lost in a restore that a later restore found again
    and recorded after them (their note reads 原第 N 笔（…），恢复备份时找回): N -> number now."""
    out: dict[int, int] = {}
    for line in lines[last:]:
        said = _FOUND.match(str(line.get("note") or ""))
        if said and first <= int(said.group(1)) <= last and isinstance(line.get("seq"), int):
            out.setdefault(int(said.group(1)), int(line["seq"]))
    return out


def _where_found(lines: Sequence[dict[str, Any]], first: int, last: int) -> tuple[str, str]:
    """Where the money of lost lines ``first``..``last`` is now (zh, en): the lines found
    again that name them, and for the rest, whom to ask."""
    found = _found_again(lines, first, last)
    zh = "；".join(f"原来的第 {n} 笔已找回，现在是第 {m} 笔（写着“原第 {n} 笔……恢复备份时找回”）"
                  for n, m in sorted(found.items()))
    en = "; ".join(f"the first line {n} was found again and is line {m} now (it reads "
                   f"'原第 {n} 笔', recorded again in a restore)" for n, m in sorted(found.items()))
    rest = [n for n in range(first, last + 1) if n not in found]
    if rest:
        which = "、".join(str(n) for n in rest)
        zh += ("；" if zh else "") + f"原来的第 {which} 笔重新录入成了第几笔，请向管理方问清楚"
        en += ("; " if en else "") + "ask the stewards which line" + (
            "s" if len(rest) > 1 else "") + f" {', '.join(str(n) for n in rest)} " + (
            "were" if len(rest) > 1 else "was") + " entered again as"
    return zh, en


def _lost_said(run: tuple[int, int], what_zh: str, what_en: str,
               lines: Sequence[dict[str, Any]]) -> tuple[str, str]:
    """Why a head saved or printed before a restore no longer holds (zh, en): the lines
    ``run`` now read 恢复备份时遗失, said as the ledger says it, not as a forgery, and
    where their money is now."""
    first, last = run
    zh = f"第 {first} 笔" if first == last else f"第 {first}–{last} 笔"
    en = f"line {first}" if first == last else f"lines {first}-{last}"
    where_zh, where_en = _where_found(lines, first, last)
    return (f"{zh}现在写着“恢复备份时遗失”：恢复了更早的备份，原来的{zh}没有恢复；{what_zh}"
            f"如果是恢复以前的，这就是对不上的原因。{where_zh}",
            f"{en} now read 'lost in a restore': an older backup was restored without the "
            f"{en} first published; if {what_en} is from before that, this is why it does "
            f"not hold. {where_en[:1].upper()}{where_en[1:]}")


def _changed(first: int, last: int) -> tuple[str, str]:
    """That a line among first..last was changed or removed and the chain recomputed."""
    if first == last:
        return (f"第 {first} 笔被改过或删过，哈希被重新计算",
                f"line {first} was changed or removed and the chain recomputed")
    return (f"第 {first}–{last} 笔中有一笔被改过或删过，哈希被重新计算",
            f"a line among {first}-{last} was changed or removed and the chain recomputed")


CHINA_TIME = timezone(timedelta(hours=8), "CST")  # Asia/Shanghai: no summer time since 1991


def _zh_at(at: Any) -> str:
    """A time as the site prints it, in China time (``2025-04-30 20:00``): a head's
    signing time, or when a witness saved its file on a machine kept in UTC
    (``...T14:02:00+0000`` is 22:02 here, as every other time on the site)."""
    text = str(at)
    if len(text) < 16 or text[10:11] != "T":
        return text
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return text[:16].replace("T", " ")
    if when.tzinfo is not None:
        when = when.astimezone(CHINA_TIME)
    return when.strftime("%Y-%m-%d %H:%M")


# -- the chain -------------------------------------------------------------------------


def newer_format(line: Any) -> int | None:
    """The format of ``line`` when it is later than this script knows, else None."""
    fmt = line.get("format") if isinstance(line, dict) else None
    return fmt if isinstance(fmt, int) and not isinstance(fmt, bool) and \
        fmt > KNOWN_LINE_FORMAT else None


def _too_new(area: str, zh: str, n: int, fmt: int) -> Problem:
    return Problem("line_format_newer",
                   f"区域 {zh} 第 {n} 笔是第 {fmt} 版格式的账目，这个核对脚本只认识到第 "
                   f"{KNOWN_LINE_FORMAT} 版，核对不了它（这不说明它被改过）。请从本网站重新下载"
                   f"最新的核对脚本（downloads/steward_verify.py）再核对",
                   f"area {area}, line {n} is of ledger format {fmt}; this script knows "
                   f"formats up to {KNOWN_LINE_FORMAT} and cannot check it (this alone does "
                   f"not mean it was altered). Download the current script from the site "
                   f"(downloads/steward_verify.py) and check again", area, n)


def check_ledger(area: str, lines: Sequence[dict[str, Any]],
                 names: Mapping[str, str] | None = None) -> tuple[str, list[Problem]]:
    """Check one area's hash chain: the head, and the first line that breaks it.
    ``names``: area id -> name, for the Chinese messages."""
    zh = _zh_area(area, names)
    prev = GENESIS
    for n, line in enumerate(lines, start=1):
        if not isinstance(line, dict) or line.get("seq") != n:
            got = line.get("seq") if isinstance(line, dict) else None
            return prev, [Problem("chain_gap", f"区域 {zh} 第 {n} 笔：编号是 {got}，"
                                  f"有一笔缺失或顺序不对",
                                  f"area {area}, line {n}: numbered {got}; a line is missing "
                                  f"or out of order", area, n)]
        fmt = newer_format(line)
        if fmt is not None and (line.get("prev") != prev or line_hash(line) != line.get("hash")):
            return prev, [_too_new(area, zh, n, fmt)]
        if line.get("prev") != prev:
            return prev, [Problem("chain_prev", f"区域 {zh} 第 {n} 笔：prev 与上一笔的哈希不符",
                                  f"area {area}, line {n}: 'prev' is not the hash of the line "
                                  f"before", area, n)]
        if line_hash(line) != line.get("hash"):
            return prev, [Problem("chain_hash", f"区域 {zh} 第 {n} 笔：内容与它的哈希不符"
                                  f"（这一笔被改过）",
                                  f"area {area}, line {n}: its content does not match its "
                                  f"hash (the line was altered)", area, n)]
        prev = str(line["hash"])
    return prev, []


# -- the head log ------------------------------------------------------------------------


def _verify_signature(public_key_hex: str, signature_hex: str, message: bytes) -> bool:
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    except ImportError as exc:  # pragma: no cover - the message says what to do
        raise SystemExit("steward_verify: the signatures need the 'cryptography' library: "
                         "pip install cryptography") from exc
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key_hex)).verify(
            bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def _where(record: dict[str, Any], names: Mapping[str, str] | None = None
           ) -> tuple[str, str, str | None, int | None]:
    """How a record is named in a message (zh, en), and its area and line."""
    n = record.get("n")
    if record.get("type") == "head":
        area, seq = record.get("area"), record.get("seq")
        return (f"链头记录 #{n}（区域 {_zh_area(area, names)} 第 {seq} 笔）",
                f"head record #{n} (area {area}, line {seq})",
                str(area), seq if isinstance(seq, int) else None)
    if record.get("type") == RESTORE:
        return f"恢复记录 #{n}", f"restore record #{n}", None, None
    return f"密钥记录 #{n}", f"key record #{n}", None, None


@dataclass
class LogChecker:
    """Checks a head log record by record (``feed``), so a long-lived reader (the
    site builder) checks only the records added since it last looked.

    The rules: records are numbered 1, 2, 3 ...; each names the hash of the one
    before (``prev``); the first is a key record signed by that key itself; a
    later key record is signed by the key it replaces; every head is signed by
    the key in force. A record breaking a rule is reported and still counted.
    """

    count: int = 0
    prev: str = GENESIS
    key: str | None = None  # the public key in force (hex)
    keys: list[dict[str, Any]] = field(default_factory=list)  # {public_key, id, n, at}
    problems: list[Problem] = field(default_factory=list)
    bad: set[int] = field(default_factory=set)  # numbers of records that failed
    names: Mapping[str, str] = field(default_factory=dict)  # area id -> name (messages)

    def feed(self, records: Iterable[dict[str, Any]]) -> None:
        for record in records:
            self._one(record)

    def _fail(self, record: dict[str, Any], code: str, zh: str, en: str) -> None:
        where_zh, where_en, area, line = _where(record, self.names)
        self.problems.append(Problem(code, f"{where_zh}：{zh}", f"{where_en}: {en}", area, line))
        self.bad.add(self.count)

    def _one(self, record: dict[str, Any]) -> None:
        self.count += 1
        if not isinstance(record, dict):
            record = {"n": self.count}
            self._fail(record, "log_record", "不是一条记录", "not a record")
            return
        if record.get("n") != self.count:
            self._fail(record, "log_order", f"应为第 {self.count} 条；有记录缺失或顺序被调换",
                       f"should be number {self.count}; a record is missing or out of order")
        elif record.get("prev") != self.prev:
            self._fail(record, "log_prev", "prev 与上一条记录不符：它前面的记录被改过或删除过",
                       "'prev' does not match the record before: an earlier record was "
                       "changed or removed")
        self.prev = record_hash(record)
        kind = record.get("type")
        signer = record.get("key")
        if kind == "key":
            new = str(record.get("public_key") or "")
            try:
                new_id = key_id(new)
            except ValueError:
                self._fail(record, "bad_key", "公钥格式不对", "the public key is not hex")
                return
            if self.key is None:  # the first key vouches for itself
                signing = new
            elif signer == key_id(self.key):
                signing = self.key
            else:
                self._fail(record, "unknown_key", "新密钥不是由原密钥签署的",
                           "the new key is not signed by the key it replaces")
                return
            if not _verify_signature(signing, str(record.get("sig") or ""),
                                     signed_bytes(record)):
                self._fail(record, "bad_signature", "签名无效（伪造或被改过）",
                           "the signature does not verify (forged or altered)")
                return
            self.key = new
            self.keys.append({"public_key": new, "id": new_id, "n": record.get("n"),
                              "at": record.get("at")})
        elif kind in ("head", RESTORE):
            gone = record.get("superseded")
            if kind == RESTORE and (not isinstance(gone, list) or not gone or any(
                    type(n) is not int or not 1 <= n < self.count for n in gone)):
                self._fail(record, "bad_restore", "没有写明取代的是前面哪几条链头记录",
                           "does not name the earlier head records it supersedes")
            elif self.key is None:
                self._fail(record, "no_key", "在任何密钥之前出现", "comes before any key")
            elif signer != key_id(self.key):
                self._fail(record, "unknown_key", f"不是由当时的密钥（{key_id(self.key)}）签署的",
                           f"not signed by the key in force ({key_id(self.key)})")
            elif not _verify_signature(self.key, str(record.get("sig") or ""),
                                       signed_bytes(record)):
                self._fail(record, "bad_signature",
                           "签名无效：不是街道办的密钥签的（伪造或被改过）",
                           "the signature does not verify: not made by the street office's "
                           "key (forged or altered)")
        else:
            self._fail(record, "log_record", f"未知的记录类型 {kind!r}", f"unknown type {kind!r}")


def check_log(records: Sequence[dict[str, Any]],
              names: Mapping[str, str] | None = None) -> LogChecker:
    """Check a whole head log (numbering, links, keys, signatures)."""
    checker = LogChecker(names=names or {})
    checker.feed(records)
    return checker


def superseded(records: Sequence[dict[str, Any]], skip: Iterable[int] = ()
               ) -> dict[int, dict[str, Any]]:
    """The head records a restore record names (head record number -> the first restore
    record naming it), of the records not in ``skip``. A restore of an older backup
    leaves the lines those heads signed reading 恢复备份时遗失 (kind "lost"): the
    records stay in the log as they were published, and the restore record, signed,
    says they no longer hold, so the log is only ever appended to."""
    skipped = set(skip)
    out: dict[int, dict[str, Any]] = {}
    for record in records:
        if isinstance(record, dict) and record.get("type") == RESTORE and \
                record.get("n") not in skipped:
            for n in record.get("superseded") or ():
                if type(n) is int:
                    out.setdefault(n, record)
    return out


def _restore_said(record: dict[str, Any], gone: Sequence[dict[str, Any]],
                  names: Mapping[str, str] | None = None) -> tuple[str, str]:
    """What a restore record says (zh, en), for a reader: when, of which backup, and the
    head records it supersedes (``gone``)."""
    zh = "、".join(f"#{r.get('n')}（区域 {_zh_area(r.get('area'), names)} 第 {r.get('seq')} 笔）"
                  for r in gone)
    en = ", ".join(f"#{r.get('n')} (area {r.get('area')}, line {r.get('seq')})" for r in gone)
    return (f"链头记录 #{record.get('n')}：{_zh_at(record.get('at'))} 恢复了 "
            f"{_zh_at(record.get('backup'))} 的备份，此前签名的链头记录 {zh}签的那几笔恢复后"
            "写着“恢复备份时遗失”，这些链头不再作数（记录原样保留）",
            f"record #{record.get('n')}: a backup made {record.get('backup')} was restored at "
            f"{record.get('at')}; the lines signed by head record(s) {en} now read 'lost in a "
            "restore', so those heads no longer hold (the records are kept as they were)")


def restart_said(record: Any) -> tuple[str, str] | None:
    """What the first record of a head log begun anew after the signing key was lost says
    of it (``db.heads.start_anew``: signed with the new key), (zh, en), its reason quoted;
    None for a record that says no such thing."""
    said = record.get("restart") if isinstance(record, dict) else None
    if record.get("type") != "key" or not isinstance(said, dict):  # type: ignore[union-attr]
        return None
    key, count = _printable(said.get("key") or "?", 20), said.get("records")
    count = count if type(count) is int else "?"
    reason = _printable(said.get("reason") or "", 200)
    zh_why = f"街道办签名记下的原因：{reason}" if reason else "没有记下原因，请问街道办"
    en_why = f"the reason the street office signed: {reason}" if reason else \
        "no reason was recorded: ask the street office"
    return (f"链头记录 #{record.get('n')}：{_zh_at(record.get('at'))} 起，街道办换了签名密钥，"
            f"链头记录从头开始：原来的密钥 {key} 签的 {count} 条链头记录不在这份记录里"
            f"（{zh_why}）",
            f"record #{record.get('n')}: from {record.get('at')} the street office signs with "
            f"a new key and the head log begins anew: the {count} head records the old key "
            f"{key} signed are not in it ({en_why})")


def check_heads(records: Sequence[dict[str, Any]], ledgers: Mapping[str, Sequence[dict[str, Any]]],
                *, skip: Iterable[int] = (), names: Mapping[str, str] | None = None
                ) -> list[Problem]:
    """Check every signed head against the ledgers: the line at the head's count must
    carry the head's hash, or, for a head a later restore record supersedes
    (``superseded``), read 恢复备份时遗失. One problem per area, at its earliest failing
    head, naming the lines it concerns. ``skip``: numbers of records whose signature
    failed."""
    skipped = set(skip)
    good: dict[str, int] = {}  # area -> the longest signed head found matching so far
    failed: dict[str, Problem] = {}
    gone = superseded(records, skipped)
    numbered = {r.get("n"): r for r in records if isinstance(r, dict)}
    for n, restore in sorted(gone.items()):
        if numbered.get(n, {}).get("type") != "head" or n >= int(restore.get("n") or 0):
            return [Problem("bad_restore", f"恢复记录 #{restore.get('n')}：说它取代链头记录 "
                            f"#{n}，但 #{n} 不是它前面的链头记录",
                            f"restore record #{restore.get('n')}: it supersedes record #{n}, "
                            "which is not a head record before it")]
    heads = sorted((r for r in records if isinstance(r, dict) and r.get("type") == "head"
                    and r.get("n") not in skipped),
                   key=lambda r: (str(r.get("area")), int(r.get("seq") or 0), int(r.get("n") or 0)))
    for record in heads:
        area, seq, head, at = str(record["area"]), record.get("seq"), record.get("head"), \
            record.get("at")
        zh = _zh_area(area, names)
        if area in failed:
            continue
        lines = ledgers.get(area)
        if lines is None:
            failed[area] = Problem("no_ledger", f"区域 {zh}：有签名的链头，却找不到它的账本",
                                   f"area {area}: a head is signed but its ledger is missing",
                                   area)
            continue
        if not isinstance(seq, int) or seq < 1:
            failed[area] = Problem("bad_head",
                                   f"区域 {zh}：链头记录 #{record.get('n')} 的笔数不对",
                                   f"area {area}: head record #{record.get('n')} has no valid "
                                   f"line count", area)
            continue
        if len(lines) < seq:
            gone_zh, gone_en = _removed(len(lines) + 1, seq)
            failed[area] = Problem(
                "cut_tail",
                f"区域 {zh} 第 {len(lines) + 1} 笔：账本只有 {len(lines)} 笔，但 {_zh_at(at)} "
                f"签名的链头有 {seq} 笔：{gone_zh}",
                f"area {area}, line {len(lines) + 1}: the ledger has {len(lines)} lines but the "
                f"head signed at {at} covers {seq}: {gone_en}",
                area, len(lines) + 1)
            continue
        by = gone.get(record.get("n"))  # type: ignore[arg-type]
        if by is not None and lines[seq - 1].get("hash") != head:
            if lines[seq - 1].get("kind") != "lost":
                failed[area] = Problem(
                    "rewritten",
                    f"区域 {zh} 第 {seq} 笔：恢复记录 #{by.get('n')} 说 {_zh_at(at)} 签名的"
                    f"链头（链头记录 #{record.get('n')}）签的账恢复备份时遗失了，但这一笔现在不是"
                    "“恢复备份时遗失”，而是另一笔账：它被改过",
                    f"area {area}, line {seq}: restore record #{by.get('n')} says the line "
                    f"signed at {at} (head record #{record.get('n')}) was lost in a restore, but "
                    "it does not read 'lost in a restore': it is another line", area, seq)
            continue  # a head a restore superseded: its line reads 恢复备份时遗失
        if lines[seq - 1].get("hash") != head:
            first = good.get(area, 0) + 1
            what_zh, what_en = _changed(first, seq)
            failed[area] = Problem(
                "rewritten",
                f"区域 {zh} 第 {seq} 笔：哈希是 {_short(lines[seq - 1].get('hash'))}，"
                f"而 {_zh_at(at)} 签名的链头是 {_short(head)}：{what_zh}",
                f"area {area}, line {seq}: its hash is {_short(lines[seq - 1].get('hash'))} but "
                f"the head signed at {at} is {_short(head)}: {what_en}", area, first)
            continue
        good[area] = max(good.get(area, 0), seq)
    return list(failed.values())


def check_saved(saved: dict[str, Any], records: Sequence[dict[str, Any]],
                ledgers: Mapping[str, Sequence[dict[str, Any]]],
                names: Mapping[str, str] | None = None) -> list[Problem]:
    """Compare what a witness saved (``witness_file``) with what is published now: the
    saved head log must be the start of today's, and every saved line still there,
    unchanged. Names the first changed record, and per area the first changed line."""
    problems: list[Problem] = []
    if saved.get("format") != WITNESS_FORMAT:
        return [Problem("bad_saved", "保存的文件不是 steward_verify.py --save 写的",
                        "the saved file was not written by steward_verify.py --save")]
    old = saved.get("records") or []
    for i, record in enumerate(old):
        if i >= len(records):
            # a restore of an older backup brings back its head log, before the next
            # publish signs a head: the first record gone may name a line now lost
            _, _, area, line = _where(record, names)
            run = _lost_run(ledgers.get(area or "") or [], line) if area and line else None
            lost_zh, lost_en = _lost_said(run, "你保存的链头记录", "the record you saved",
                                          ledgers.get(area or "") or []) if run else ("", "")
            problems.append(Problem(
                "log_cut", f"链头记录只剩 {len(records)} 条，而你保存时有 {len(old)} 条："
                f"第 {len(records) + 1} 条以后被删掉了" + (f"。{lost_zh}" if run else ""),
                f"the head log now has {len(records)} records; you saved {len(old)}: records "
                f"from #{len(records) + 1} on were removed" + (f". {lost_en}" if run else ""),
                area if run else None, line if run else None, bool(run)))
            break
        if canonical(records[i]) != canonical(record):
            where_zh, where_en, area, line = _where(record, names)
            # a restore of an older backup brings the head log back as it was then too
            run = _lost_run(ledgers.get(area) or [], line) if area and line else None
            lost_zh, lost_en = _lost_said(run, "你保存的链头记录", "the record you saved",
                                          ledgers.get(area or "") or []) \
                if run else ("链头的历史被改写了", "the history of heads was rewritten")
            problems.append(Problem(
                "log_rewritten", f"{where_zh}：与你保存的不同，{lost_zh}",
                f"{where_en} is not the one you saved: {lost_en}", area, line, bool(run)))
            break
    for area, hashes in sorted((saved.get("lines") or {}).items()):
        lines = ledgers.get(area)
        zh = _zh_area(area, names)
        if lines is None:
            problems.append(Problem("no_ledger", f"区域 {zh}：你保存过它的账本，现在不见了",
                                    f"area {area}: you saved its ledger; it is gone", area))
            continue
        for n, digest in enumerate(hashes, start=1):
            if n > len(lines):
                gone_zh, gone_en = _removed(n, len(hashes))
                problems.append(Problem(
                    "cut_tail", f"区域 {zh} 第 {n} 笔：你保存时有 {len(hashes)} 笔，现在只有 "
                    f"{len(lines)} 笔：{gone_zh}",
                    f"area {area}, line {n}: you saw {len(hashes)} lines, there are "
                    f"{len(lines)} now: {gone_en}", area, n))
                break
            if lines[n - 1].get("hash") != digest:
                # a line marked lost when an older backup was restored says so itself
                lost = lines[n - 1].get("kind") == "lost"
                # fewer lines than saved: a line removed and the rest renumbered, likely
                fewer = len(hashes) - len(lines)
                hint_zh, hint_en = (
                    f"；现在比你保存时少了 {fewer} 笔：可能是删掉了这一笔，后面的重新编了号",
                    f"; there {'are' if fewer > 1 else 'is'} {fewer} line{'s' if fewer > 1 else ''}"
                    " fewer than you saved: "
                    "perhaps this one was removed and the rest renumbered") \
                    if fewer > 0 and not lost else ("", "")
                # where a lost line's money is now: the line found again, or ask
                gone_zh, gone_en = _where_found(lines, n, n) if lost else ("", "")
                # what the line says now, to hold against the paper notice's line n (the
                # saved file keeps hashes only)
                now = lines[n - 1]
                said = f"{_printable(now.get('date'), 10)} {_yuan(now.get('amount_fen'))} " \
                       f"{_printable(now.get('purpose'), 40)}"
                hint_zh += f"。网站上现在的第 {n} 笔是：{said}；请与你拍下的公示单上的第 {n} 笔对照"
                hint_en += f". Line {n} on the site now reads: {said}; compare it with line {n} " \
                           "of the paper notice you photographed"
                problems.append(Problem(
                    "rewritten",
                    f"区域 {zh} 第 {n} 笔：与你保存时不同（当时哈希 {_short(digest)}，"
                    f"现在 {_short(lines[n - 1].get('hash'))}）：" + (
                        "现在这一笔写着“恢复备份时遗失”：恢复了更早的备份，你保存的那一笔没有"
                        f"恢复；{gone_zh}" if lost else
                        "这一笔被改过或删过，后面的哈希被重新计算" + hint_zh),
                    f"area {area}, line {n}: not the line you saved (hash was {_short(digest)}, "
                    f"now {_short(lines[n - 1].get('hash'))}): " + (
                        "it now reads 'lost in a restore': an older backup was restored, "
                        f"without the line you saved; {gone_en}" if lost else
                        "it was changed or removed and the chain recomputed" + hint_en),
                    area, n, lost))
                break
    return problems


def witness_file(records: Sequence[dict[str, Any]], ledgers: Mapping[str, Sequence[dict[str, Any]]],
                 *, source: str, saved_at: str | None = None) -> dict[str, Any]:
    """What ``--save`` keeps: the head log and every line's hash, per area."""
    checker = check_log(records)
    return {"format": WITNESS_FORMAT, "source": source,
            "saved_at": saved_at or time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "public_key": checker.key, "records": list(records),
            "lines": {area: [line.get("hash") for line in lines]
                      for area, lines in sorted(ledgers.items())}}


MIN_PRINTED = 8  # hex digits of a printed head a reader must type


def parse_printed(seq: str, digest: str) -> tuple[int, str]:
    """A head typed from a notice: its line count and its hash (or the start of it, at
    least MIN_PRINTED hex digits; spaces and a trailing ``…`` ignored). ValueError,
    in Chinese and English, when it is not one."""
    n = seq.strip().removeprefix("第").removesuffix("笔").strip()
    if not n.isdigit() or int(n) < 1:
        raise ValueError(f"笔数应是一个正整数，你输入的是 {_printable(seq, 20)!r} / "
                         f"the line count must be a whole number, not {_printable(seq, 20)!r}")
    text = "".join(digest.split()).rstrip("….").lower()
    if not MIN_PRINTED <= len(text) <= 64 or any(c not in "0123456789abcdef" for c in text):
        raise ValueError(f"链头应是公示单上印的哈希（0–9 和 a–f），至少前 {MIN_PRINTED} 位，"
                         f"你输入的是 {_printable(digest, 70)!r} / the head must be the printed "
                         f"hash (0-9, a-f), at least its first {MIN_PRINTED} digits")
    return int(n), text


CHAIN_BREAKS = ("chain_gap", "chain_prev", "chain_hash", "line_format_newer")  # check_ledger's


def _printed_area(area: str, ledgers: Mapping[str, Any],
                  names: Mapping[str, str] | None) -> str | None:
    """The area id a head typed from a notice names (as ``check_printed`` finds it)."""
    names = names or {}
    found = area if area in ledgers else next(
        (a for a, name in sorted(names.items()) if name == area and a in ledgers), None)
    if found is None:
        typed = area.strip().removesuffix("小区")
        some = [a for a, name in sorted(names.items()) if a in ledgers and typed and any(
            typed == part.strip().removesuffix("小区") for part in str(name).split("·"))]
        found = some[0] if len(some) == 1 else None
    return found


def _printed_unreached(area: str, seq: int, printed: str, at: int,
                       names: Mapping[str, str] | None) -> Problem:
    """A printed head whose line still carries it, the chain broken at line ``at`` before
    it: the lines as published do not lead to it."""
    return Problem("printed_unreached",
                   f"区域 {_zh_area(area, names)} 第 {seq} 笔：网站上的账从第 1 笔算起，"
                   f"算不出公示单上印的链头 {printed}：第 {at} 笔对不上（见上），"
                   f"公示单印出以后，这一笔或它以前的账被改过",
                   f"area {area}, line {seq}: the site's lines, hashed from line 1, do not "
                   f"lead to the head printed on the notice ({printed}): line {at} does not "
                   f"agree (above); the ledger was changed since the notice was printed",
                   area, at)


def check_printed(area: str, seq: int, printed: str,
                  ledgers: Mapping[str, Sequence[dict[str, Any]]],
                  names: Mapping[str, str] | None = None) -> tuple[list[Problem], str, str]:
    """Whether the published ledger still has line ``seq`` of ``area`` (its id, its name
    or one of its compounds': 盐业小区 for 盐业小区·市药材小区) with a hash starting
    ``printed``: the problem, or what agrees (zh, en)."""
    names = names or {}
    found = _printed_area(area, ledgers, names)  # or one of its compounds: 盐业小区, 盐业
    if found is None:
        known = "、".join(_zh_area(a, names) for a in sorted(ledgers))
        return [Problem("printed_area", f"网站上没有区域 {_printable(area)}（有：{known}）",
                        f"the site has no area {_printable(area)} (it has: "
                        f"{', '.join(sorted(ledgers))})")], "", ""
    lines, zh = ledgers[found], _zh_area(found, names)
    if len(lines) < seq:
        gone_zh, gone_en = _removed(len(lines) + 1, seq)
        return [Problem("printed_cut", f"区域 {zh}：账本现在只有 {len(lines)} 笔，公示单上印的是"
                        f"第 {seq} 笔的链头。如果笔数没有输错，就是{gone_zh}",
                        f"area {found}: the ledger now has {len(lines)} lines, the notice prints "
                        f"the head at line {seq}. If you typed the count right, {gone_en}",
                        found, len(lines) + 1)], "", ""
    now = str(lines[seq - 1].get("hash") or "")
    if not now.startswith(printed):
        at = next((i for i, (a, b) in enumerate(zip(now, printed, strict=False)) if a != b),
                  len(now)) + 1
        run = _lost_run(lines, seq)  # a restore since the notice was printed, perhaps
        why_zh, why_en = _lost_said(run, "公示单", "the notice", lines) if run else (
            "就是这一笔或它以前的账被改过（哈希被重新计算）",
            "this line or one before it was changed and the chain recomputed")
        return [Problem("printed_differs",
                        f"区域 {zh} 第 {seq} 笔：网站上的哈希是 {now[:len(printed)]}，"
                        f"公示单上印的是 {printed}，从第 {at} 位起不同。"
                        f"请再对一遍你输入的；如果没有输错，{why_zh}",
                        f"area {found}, line {seq}: the site's hash is {now[:len(printed)]}, the "
                        f"notice prints {printed}; they differ from digit {at}. Check what you "
                        f"typed; if it is right, {why_en}", found, seq, bool(run))], "", ""
    return ([], f"公示单上的链头相符：区域 {zh} 第 {seq} 笔的哈希是 {now}，与公示单上印的前 "
            f"{len(printed)} 位一致",
            f"the notice's head holds: area {found}, line {seq} has hash {now}, whose first "
            f"{len(printed)} digits are the ones printed")


# -- reading a site --------------------------------------------------------------------


class ReadError(Exception):
    """The site or a file of it could not be read."""


def _read(source: str, rel: str) -> Any:
    body, where = _get(source, rel)
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ReadError(f"{where}: not JSON ({exc})") from exc


def _get(source: str, rel: str) -> tuple[bytes, str]:
    if source.startswith(("http://", "https://")):
        url = urllib.parse.urljoin(source.rstrip("/") + "/", rel)
        try:
            with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - the user's site
                body = response.read(MAX_DOWNLOAD + 1)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise ReadError(f"{url}: {exc}") from exc
        where = url
    else:
        path = os.path.join(source, *rel.split("/"))
        try:
            with open(path, "rb") as f:
                body = f.read(MAX_DOWNLOAD + 1)
        except OSError as exc:
            raise ReadError(f"{path}: {exc.strerror or exc}") from exc
        where = path
    if len(body) > MAX_DOWNLOAD:
        raise ReadError(f"{where}: larger than {MAX_DOWNLOAD} bytes")
    return body, where


def load_site(source: str) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]],
                                     list[Problem]]:
    """``downloads/heads.json`` and every area's ``ledger.json`` from a site (address or
    folder); problems where a ledger file contradicts itself."""
    heads = _read(source, "downloads/heads.json")
    if not isinstance(heads, dict) or heads.get("format") != HEADS_FORMAT:
        raise ReadError("downloads/heads.json: not a Steward head log")
    ledgers: dict[str, list[dict[str, Any]]] = {}
    problems: list[Problem] = []
    names = area_names(heads)
    for area, info in sorted((heads.get("areas") or {}).items()):
        rel = str((info or {}).get("ledger") or f"{area}/ledger.json")
        if rel.startswith("/") or ".." in rel.split("/"):
            raise ReadError(f"downloads/heads.json: bad ledger path {rel!r}")
        doc = _read(source, "downloads/" + rel)
        lines = doc.get("lines") if isinstance(doc, dict) else None
        if not isinstance(lines, list):
            raise ReadError(f"downloads/{rel}: no 'lines'")
        ledgers[area] = lines
        if lines and doc.get("head") != lines[-1].get("hash"):
            problems.append(Problem("file_head", f"区域 {_zh_area(area, names)}："
                                    f"文件写的链头与最后一笔的哈希不符",
                                    f"area {area}: the file's 'head' is not its last line's hash",
                                    area, len(lines)))
    return heads, ledgers, problems


# -- the accounts pages ----------------------------------------------------------------

_ROW = re.compile(r'<tr id="line-(\d+)">(.*?)</tr>', re.S)
_SEQ = re.compile(r'<td class="seq[^"]*">\s*([^<]*?)\s*</td>')
_AMOUNT = re.compile(r'<td class="amount[^"]*">\s*([^<]*?)\s*</td>')
_HASH = re.compile(r'<td class="hash">\s*<code>\s*([^<]*?)\s*</code>')
_YEARS = re.compile(r"accounts-(\d{4})\b")


def _page(source: str, area: str, page: str) -> str:
    """An accounts page as served (``areas/A/accounts/``), or in a folder of the built site
    (``.../index.html``) or of its sources (``areas/A/accounts.md``)."""
    if "/" in area or area.startswith("."):
        raise ReadError(f"bad area id {area!r}")
    tries = [f"areas/{area}/{page}/", f"areas/{area}/{page}.md"]
    if not source.startswith(("http://", "https://")):
        tries[0] += "index.html"
    for rel in tries:
        try:
            return _get(source, rel)[0].decode("utf-8", "replace")
        except ReadError:
            if rel == tries[-1]:
                raise
    return ""  # pragma: no cover - the loop returns or raises


def load_pages(source: str, area: str) -> dict[str, str]:
    """An area's accounts page and every year's page it links to: name -> text."""
    first = _page(source, area, "accounts")
    pages = {"accounts": first}
    for year in sorted(set(_YEARS.findall(first))):
        pages[f"accounts-{year}"] = _page(source, area, f"accounts-{year}")
    return pages


def _fen(text: str) -> int | None:
    """``+¥1,200.50`` / ``-¥30.00`` as the page prints it, in fen; None if unreadable."""
    t = html.unescape(text).replace(",", "").replace("¥", "").replace("+", "").strip()
    found = re.fullmatch(r"(-?)(\d+)\.(\d\d)", t)
    if not found:
        return None
    fen = int(found[2]) * 100 + int(found[3])
    return -fen if found[1] else fen


def _yuan(fen: Any) -> str:
    if not isinstance(fen, int):
        return repr(fen)
    sign = "-" if fen < 0 else "+" if fen > 0 else ""
    return f"{sign}¥{abs(fen) // 100:,}.{abs(fen) % 100:02d}"


def check_pages(area: str, pages: Mapping[str, str], lines: Sequence[dict[str, Any]],
                names: Mapping[str, str] | None = None) -> list[Problem]:
    """Every line the accounts pages show agrees with the downloaded ledger (number,
    amount, hash if shown), and every line of the ledger is shown: the first
    disagreement, in line order."""
    zh = _zh_area(area, names)
    rows = sorted((int(n), page, body) for page, text in pages.items()
                  for n, body in _ROW.findall(text))
    seen: set[int] = set()
    for n, page, body in rows:
        def fail(what_zh: str, what_en: str, n: int = n, page: str = page) -> list[Problem]:
            return [Problem("page_differs", f"区域 {zh} 账目页 {page} 第 {n} 笔：{what_zh}",
                            f"area {area}, accounts page {page}, line {n}: {what_en}", area, n)]
        if n in seen:
            return fail("网页上出现了两次", "shown twice")
        seen.add(n)
        if not 1 <= n <= len(lines):
            return fail(f"下载的数据里没有这一笔（只有 {len(lines)} 笔）",
                        f"the downloads have no such line (they have {len(lines)})")
        line = lines[n - 1]
        seq, amount, digest = _SEQ.search(body), _AMOUNT.search(body), _HASH.search(body)
        if seq is None or seq[1] != str(n):
            return fail(f"序号是 {_printable(seq[1] if seq else '')!r}", "its number differs")
        fen = _fen(amount[1]) if amount else None
        if fen != line.get("amount_fen"):
            shown = _printable(html.unescape(amount[1]) if amount else "", 30)
            return fail(f"网页上的金额是 {shown}，下载的数据里是 {_yuan(line.get('amount_fen'))}",
                        f"the page shows {shown}, the downloads {_yuan(line.get('amount_fen'))}")
        if digest is not None and (not digest[1] or
                                   not str(line.get("hash") or "").startswith(digest[1])):
            shown = _printable(digest[1], 64)
            return fail(f"网页上的哈希是 {shown}，下载的数据里是 {_short(line.get('hash'))}",
                        f"the page shows hash {shown}, the downloads {_short(line.get('hash'))}")
    missing = next((n for n in range(1, len(lines) + 1) if n not in seen), None)
    if missing is not None:
        return [Problem("page_missing", f"区域 {zh} 第 {missing} 笔：下载的数据里有，账目页上没有",
                        f"area {area}, line {missing}: in the downloads but on no accounts page",
                        area, missing)]
    return []


def area_names(heads: Any) -> dict[str, str]:
    """Each area's name as ``heads.json`` gives it (``areas``: id -> {name, ledger})."""
    areas = heads.get("areas") if isinstance(heads, dict) else None
    return {str(area): _printable(info["name"]) for area, info in (areas or {}).items()
            if isinstance(info, dict) and info.get("name")}


# -- the command -------------------------------------------------------------------------


def _say(lang: str, zh: str, en: str) -> None:
    print(en if lang == "en" else zh)


def run_checks(records: Sequence[dict[str, Any]], ledgers: Mapping[str, Sequence[dict[str, Any]]],
               *, saved: dict[str, Any] | None = None, trusted_key: str | None = None,
               names: Mapping[str, str] | None = None
               ) -> tuple[LogChecker, dict[str, str], list[Problem]]:
    """Every check: each chain, the head log and its signatures, every head against the
    ledgers, the key a reader trusts, and (with ``saved``) what a witness saved.
    Returns the log's checker, each area's head, and the problems. ``names`` (area id
    -> name) name the areas in the Chinese messages."""
    problems: list[Problem] = []
    heads: dict[str, str] = {}
    for area, lines in sorted(ledgers.items()):
        heads[area], found = check_ledger(area, lines, names)
        problems += found
    checker = check_log(records, names)
    problems += checker.problems
    problems += check_heads(records, ledgers, skip=checker.bad, names=names)
    if trusted_key:
        wanted = trusted_key.replace(" ", "").lower()
        known = {k["public_key"] for k in checker.keys} | {k["id"] for k in checker.keys}
        if wanted not in known:
            problems.append(Problem("untrusted_key",
                                    f"你给的公钥 {wanted[:16]}… 不在这个网站的签名密钥里",
                                    f"the public key you gave ({wanted[:16]}…) is not among "
                                    f"this site's signing keys"))
    if saved is not None:
        problems += check_saved(saved, records, ledgers, names)
    return checker, heads, problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="steward_verify.py",
        description="Check a Steward public ledger: hash chains, signed heads, and (with "
                    "--check) that history was not rewritten since you saved it.")
    parser.add_argument("site", help="the site's address (https://...) or a folder of its files")
    parser.add_argument("--save", metavar="FILE", help="save the heads and line hashes seen now")
    parser.add_argument("--check", metavar="FILE", help="compare with heads saved earlier")
    parser.add_argument("--key", metavar="HEX", help="the public key you trust (e.g. printed "
                        "on the paper notice; its 16-digit id will do)")
    parser.add_argument("--head", nargs=3, action="append", default=[],
                        metavar=("AREA", "N", "HASH"),
                        help="a head printed on a paper notice: the area, the line count and "
                             f"the hash (at least its first {MIN_PRINTED} digits)")
    parser.add_argument("--pages", action="store_true",
                        help="also read each area's accounts pages and check every line they "
                             "show against the downloads")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="language (zh)")
    args = parser.parse_args(argv)
    lang = args.lang
    saved = None
    printed = []
    for area, seq, digest in args.head:
        try:
            printed.append((area, *parse_printed(seq, digest)))
        except ValueError as exc:
            zh, _, en = str(exc).partition(" / ")
            _say(lang, f"输入有误：{zh}", f"bad --head: {en}")
            return 2
    try:
        if args.check:
            try:
                with open(args.check, encoding="utf-8") as f:
                    saved = json.load(f)
            except (OSError, ValueError) as exc:
                raise ReadError(f"{args.check}: {exc}") from exc
        doc, ledgers, problems = load_site(args.site)
        shown = {area: load_pages(args.site, area) for area in ledgers} if args.pages else {}
    except ReadError as exc:
        _say(lang, f"无法读取：{exc}", f"cannot read: {exc}")
        return 2
    records = doc.get("records") or []
    names = area_names(doc)
    checker, heads, found = run_checks(records, ledgers, saved=saved, trusted_key=args.key,
                                       names=names)
    problems = problems + found
    # where each chain breaks: a head printed at or after it is not reached by the lines
    # as published, whatever hash its own line still carries
    broken = {p.area: p.line for p in found if p.code in CHAIN_BREAKS and p.line}
    agreed = []
    for area, seq, digest in printed:
        found, zh, en = check_printed(area, seq, digest, ledgers, names)
        at = broken.get(found[0].area if found else _printed_area(area, ledgers, names))
        if not found and at is not None and at <= seq:
            found = [_printed_unreached(_printed_area(area, ledgers, names) or area, seq,
                                        digest, at, names)]
        problems += found
        agreed += [(zh, en)] if zh and not found else []
    for area, pages in shown.items():
        found = check_pages(area, pages, ledgers[area], names)
        problems += found
        if not found:
            agreed.append((f"账目页与下载的数据一致：区域 {_zh_area(area, names)}，"
                           f"{len(pages)} 页，{len(ledgers[area])} 笔",
                           f"the accounts pages agree with the downloads: area {area}, "
                           f"{len(pages)} page{'s' * (len(pages) != 1)}, "
                           f"{len(ledgers[area])} line{'s' * (len(ledgers[area]) != 1)}"))
    _say(lang, f"核对 {args.site}", f"Checking {args.site}")
    if checker.key:
        _say(lang, f"签名公钥：{checker.key}（编号 {key_id(checker.key)}）",
             f"public key: {checker.key} (id {key_id(checker.key)})")
    for area, lines in sorted(ledgers.items()):
        if area in broken:  # its head is not known: the last line that agrees is not it
            _say(lang, f"  {_zh_area(area, names)}：{len(lines)} 笔，哈希链在第 {broken[area]} "
                       "笔断开", f"  {area}: {len(lines)} lines, the chain breaks at line "
                                 f"{broken[area]}")
            continue
        _say(lang, f"  {_zh_area(area, names)}：{len(lines)} 笔，链头 {heads[area]}",
             f"  {area}: {len(lines)} lines, head {heads[area]}")
    _say(lang, f"链头记录 {len(records)} 条（{len(checker.keys)} 把密钥）",
         f"head log: {len(records)} record{'s' * (len(records) != 1)}, "
         f"{len(checker.keys)} key{'s' * (len(checker.keys) != 1)}")
    gone = superseded(records, checker.bad)
    for record in records:  # a restore's record: said, whatever else is found
        if isinstance(record, dict) and record.get("type") == RESTORE and \
                record.get("n") not in checker.bad:
            _say(lang, *_restore_said(record, [r for r in records if isinstance(r, dict) and
                                               gone.get(r.get("n")) is record], names))  # type: ignore[arg-type]
    # a log begun anew after the key was lost: its first record, signed, says when and why
    if records and 1 not in checker.bad and (anew := restart_said(records[0])):
        _say(lang, *anew)
    if saved is not None:
        _say(lang, f"与 {args.check}（{_zh_at(saved.get('saved_at'))} 保存）对照",
             f"compared with {args.check} (saved {saved.get('saved_at')})")
    for zh, en in agreed:
        _say(lang, zh, en)
    current = f"{args.site.rstrip('/')}/downloads/steward_verify.py"
    newest = max((f for lines in ledgers.values() for f in map(newer_format, lines) if f),
                 default=None)
    if newest is not None:
        _say(lang, f"注意：这个网站有第 {newest} 版格式的账目，比这个核对脚本新（它认识到第 "
                   f"{KNOWN_LINE_FORMAT} 版）。请下载最新的核对脚本再核对：{current}",
             f"note: this site has ledger lines of format {newest}, newer than this script "
             f"knows (up to {KNOWN_LINE_FORMAT}). Download the current script and check "
             f"again: {current}")
    for problem in problems:
        _say(lang, "未通过：" + problem.zh, "FAILED: " + problem.en)
    if problems:
        _say(lang, f"核对未通过：{len(problems)} 处问题",
             f"CHECK FAILED: {len(problems)} problem{'s' * (len(problems) != 1)}")
        return 1
    if args.save:
        snapshot = witness_file(records, ledgers, source=args.site)
        tmp = args.save + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(snapshot, f, ensure_ascii=False, indent=1)
        os.replace(tmp, args.save)
        _say(lang, f"已保存到 {args.save}：以后用 --check {args.save} 对照",
             f"saved to {args.save}: later, compare with --check {args.save}")
    _say(lang, "核对通过", "OK: every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
