"""A past month's paper notice printed again says whether it still reads as it did.

A notice is pinned on the wall at the gate, and printed again later (torn, rained on,
asked for at a meeting). Its money is the ledger's up to the month's last line and its
head, and its issues, votes and fees as they stood at the month's end
(``notice_content``), so a reprint reads the same, but for what is meant to change on
it: a report's words corrected later, a name masked once the person it names registers
(``db.redact``: the site never shows a resident's name), a forgotten person's report
withheld, a line reversed later said so, a head signed after the month's end. Before,
those changed the reprint silently: the paper on the wall said 张桂芳家门口路灯坏了 and
the reprint [姓名已隐藏]家门口路灯坏了, and nothing told a reader comparing the two which
one was the notice and why they differ.

Now the first time the notice of a month that is over is made (the site's build right
after the month ends, ``steward notice``, the bot's /notice), a digest of each of its
parts is kept beside the data (``.notices/<area>/<month>.first.json``: when, and one
short hash per part; no words, so that nothing /forget removes is kept there; in every
backup, and brought back by a restore: ``db.backup.FIRSTS``). A later
making compares: when every part is the same, the notice is the same (byte for byte);
otherwise it says at its top when it was first made and which parts changed since
(``reprint``), never what they said before. A notice of a month still running is not
kept: it is said to be as of its day.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from db import witness

__all__ = ["ARCHIVE", "VERSION", "parts_of", "reprinted", "first_path"]

log = logging.getLogger(__name__)

ARCHIVE = ".notices"  # beside the data: the closed months' notices, and their first digests
# The shape of a notice's content (its keys, a line's, a fee's …): changed in the code (a
# key added to every line), every part of every past notice would read as changed since
# its first making. Such a change bumps it (test_notice_reprint's tripwire lists the
# keys); digests kept under another version are taken again as they are now, their first
# making's day kept.
# 2: the check's address is the heading's part, not the head's; 3: every note of a line
# printed in its row (另行缴费, 补记, 备注: only 无收据 and an opening's 补记 were), a long
# purpose cut before its notes, not they: such a line's row reads otherwise, the line
# unchanged, and its reprint would say 第 N 笔账 changed since it was first made
VERSION = 3


_LINE = re.compile(r"第 (\d+) 笔账(（不再列出）)?$")  # a line's part (``parts_of``)


def first_path(root: Path, area: str, month: str) -> Path:
    return Path(root) / ARCHIVE / area / f"{month}.first.json"


def _digest(value: Any) -> str:
    return hashlib.sha256(witness.canonical(value).encode("utf-8")).hexdigest()[:16]


def parts_of(n: dict[str, Any]) -> dict[str, str]:
    """The notice ``n``'s parts, in the order it prints them, each named as a reader
    finds it on the paper, with the digest of what it says."""
    head = n["head"]
    parts: dict[str, Any] = {
        # the street file's (the site's address, which the check's code holds too); the
        # mode and steward body are those of the month's end (an election later changes
        # neither), but for a first mode whose body an older Steward did not keep
        "表头": [n.get(k) for k in ("area_name", "steward", "mode", "street", "compounds",
                                   "url", "site_url", "check_url")],
        "本月收支合计": [n.get(k) for k in ("opening_fen", "income_fen", "expense_fen",
                                       "closing_fen", "categories", "undone", "year")],
    }
    parts.update((f"第 {x['seq']} 笔账", x) for x in n["lines"])
    parts.update((f"{f['fee']}（{f['period']}）的缴费", f) for f in n["fees"])
    if n.get("fee_changes"):  # only when there is one: others keep their parts
        parts["收费标准调整"] = n["fee_changes"]
    parts.update((f"项目 #{p['id']}", p) for p in n.get("projects") or [])
    parts.update((f"报事 #{i['id']}", i) for i in n["issues"])
    parts.update((f"{v['what']} #{v['id']}", v) for v in n["votes"])
    parts["账本链头"] = [head["seq"], head["hash"], head["as_of"]]
    parts["链头的签名核验"] = [head["signature"], n.get("public_key"), n.get("key_id")]
    return {name: _digest(value) for name, value in parts.items()}


def reprinted(root: Path | None, n: dict[str, Any], now: str,
              lost: Mapping[int, tuple[str, str]] | None = None) -> dict[str, Any]:
    """The notice ``n`` of a month that is over, with ``reprint`` ({"first": the day it
    was first made, "changed": the parts that read otherwise now}) when it differs from
    its first making; its first digests kept (at ``now``) when there are none yet.
    ``lost``: the ledger's lines lost in a restore (number -> what the line says, the
    month it is published in now); a line of the first making that is one of them now is
    said so (``reprint["lost"]``: ``notice_restore.reprint_lost``), not only changed."""
    if root is None or n.get("as_of_day"):
        return n
    path = first_path(root, n["area"], n["month"])
    whole = _digest(n)  # one hash of it all first: the parts' only when it changed
    first = _read(path)
    if first is None or first.get("v") != VERSION:
        made = now if first is None else first["made"]
        _keep(path, {"v": VERSION, "made": made, "whole": whole, "parts": parts_of(n)},
              again=first is not None)
        return n
    if first.get("whole") == whole:
        return n
    parts, before = parts_of(n), first["parts"]
    changed = [name for name, digest in parts.items() if before.get(name) != digest]
    changed += [f"{name}（不再列出）" for name in before if name not in parts]
    if not changed:
        return n
    again: dict[str, Any] = {"first": str(first["made"])[:10], "changed": changed}
    gone = [int(m.group(1)) for name in changed if (m := _LINE.match(name))
            and int(m.group(1)) in (lost or {})]
    if gone and lost:  # (only then: every other reprint's content stays as it was)
        again["lost"] = [{"seq": seq, "said": lost[seq][0], "month": lost[seq][1]}
                         for seq in sorted(gone)]
    return {**n, "reprint": again}


def _read(path: Path) -> dict[str, Any] | None:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("the first digests of a notice are unreadable (%s): %s", path, exc)
        return None
    if not isinstance(found, dict) or not isinstance(found.get("parts"), dict) or \
            not found.get("made"):
        log.warning("the first digests of a notice are not as written (%s)", path)
        return None
    return found


def _keep(path: Path, first: dict[str, Any], *, again: bool = False) -> None:
    """Write ``first`` at ``path`` unless something is there already (another build or
    ``steward notice`` made the notice meanwhile: theirs is the first), or over it when
    ``again`` (kept under another ``VERSION``). Failing to is only said: the notice is
    printed all the same, without what it could compare."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".first-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(first, f, ensure_ascii=False, sort_keys=True)
                f.flush()
                os.fsync(f.fileno())
            try:
                if again:
                    os.replace(tmp, path)
                    tmp = ""
                else:
                    os.link(tmp, path)  # never over one written meanwhile
            except FileExistsError:
                if _read(path) is None:  # unreadable: this one in its place
                    os.replace(tmp, path)
                    tmp = ""
        finally:
            if tmp:
                os.unlink(tmp)
    except OSError as exc:
        log.warning("could not keep the first digests of a notice (%s): %s", path, exc)
