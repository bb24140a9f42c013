"""Checking an area's ledger against the entries it was made from.

The hash chain (``db.ledger.verify_chain``) shows the published lines were not
changed one by one; it cannot show that nothing was cut off its end, nor that
someone who rewrote a line and computed the chain again wrote what was
approved. So ``check`` also holds the lines against the entries, which keep
what was approved and the number of its line:

* every approved or reversed fee and expense, and every approved reversal,
  has a line, and no two entries hold the same number;
* every line is the line of the entry it names, with every published field
  equal to what ``db.lines.line_fields`` makes of that entry (the rules of the
  line's own format);
* so no number is missing or re-used, and the last line is the highest
  number any entry refers to: deleting the last lines is caught;
* a line lost in a restore (``db.lost_lines``) names no entry, carries no money, and
  no entry holds its number.

Each problem raises ``IntegrityError`` naming the area and the line (``area``, ``seq``);
a field that differs (code ``chain_field``) names it, its value in the line and the
entry's too (``field``, ``now``, ``was``, ``entry``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .entries import LEDGER_KINDS, Entry, Kind, Status, approval_event
from .errors import IntegrityError
from .ledger import LINE_FIELDS
from .lines import LINE_FORMAT, line_fields
from .lost_lines import check_lost, is_lost
from .places import Street
from .redact import public_line

__all__ = ["check", "same_fields", "PUBLISHED"]

# The statuses in which a money entry has its line (a reversed one keeps it).
PUBLISHED = frozenset({Status.APPROVED, Status.REVERSED})


def _fail(area: str, seq: object, problem: str, code: str, **params: object) -> IntegrityError:
    return IntegrityError(f"area {area}, ledger line {seq}: {problem}", code=code, area=area,
                          seq=seq, **params)


def check(area: str, lines: list[dict[str, Any]], entries: Iterable[Entry], street: Street,
          entry_of: Callable[[int], Entry], settings: Mapping[str, Any] | None = None) -> None:
    """Hold ``area``'s lines (already chain-checked, in order) against its money
    ``entries``; ``entry_of`` reads the entry a reversal reverses; ``settings`` are the
    street's (what the public text is redacted of)."""
    holders: dict[int, Entry] = {}
    last = len(lines)
    for e in entries:
        if e.kind not in LEDGER_KINDS or e.status not in PUBLISHED or e.area != area:
            continue
        seq = e.data.get("ledger_seq")
        if not isinstance(seq, int) or isinstance(seq, bool):
            raise _fail(area, "?", f"{e.kind} #{e.id} is {e.status} but has no line",
                        "chain_unbooked")
        if seq in holders:
            raise _fail(area, seq, f"the number is claimed by entries #{holders[seq].id} and "
                                   f"#{e.id}: a line number was re-used", "chain_reused")
        holders[seq] = e
    # The lines first, so a line taken out of the middle (the rest renumbered) is named
    # where it was, not at the end, where the numbers then run short.
    seq_of = {e.id: seq for seq, e in holders.items()}
    for line in lines:
        seq = int(line["seq"])
        entry = holders.get(seq)
        if is_lost(line):
            if entry is not None:
                raise _fail(area, seq, f"this line was lost in a restore, but {entry.kind} "
                                       f"#{entry.id} holds its number: a line number was "
                                       "re-used", "chain_reused")
            check_lost(area, line)
            continue
        if entry is None or line.get("entry") != entry.id:
            named = line.get("entry")
            moved = seq_of.get(named) if isinstance(named, int) else None
            if entry is not None and moved is not None:
                raise _fail(area, seq, f"this is the line of entry #{named}, "
                                       f"which is line {moved}; line {seq} was {entry.kind} "
                                       f"#{entry.id}'s: a line was removed or moved and the "
                                       f"rest renumbered", "chain_entry")
            raise _fail(area, seq, f"no approved entry has this line (it names entry "
                                   f"#{line.get('entry')})", "chain_entry")
        same_fields(area, line, entry, street, entry_of, settings)
    missing = sorted(seq for seq in holders if not 1 <= seq <= last)
    if missing:
        e = holders[missing[0]]
        raise _fail(area, missing[0], f"the line of {e.kind} #{e.id} is missing: the ledger "
                                      f"ends at line {last}, entries refer to lines up to "
                                      f"{missing[-1]} (lines were deleted)", "chain_missing")


def same_fields(area: str, line: dict[str, Any], entry: Entry, street: Street,
                 entry_of: Callable[[int], Entry], settings: Mapping[str, Any] | None) -> None:
    original = entry_of(int(entry.data["reverses"])) if entry.kind == Kind.REVERSAL else None
    event = approval_event(entry)
    line_format = int(line.get("format") or 1)
    if line_format > LINE_FORMAT:  # written by a newer Steward: its rules are not known here
        raise IntegrityError(
            f"area {area}, ledger line {line['seq']} is of format {line_format}, newer than "
            f"this Steward knows (up to {LINE_FORMAT}): update Steward and check again. This "
            f"alone is no sign the line was altered (if no newer Steward ever ran on this "
            f"data, it is one)", code="line_format_newer", area=area, seq=line["seq"],
            format=line_format, known=LINE_FORMAT)
    at = str(event.get("at") if line_format >= 2 else line.get("published_at") or "")
    expected = line_fields(entry, street=street, original=original,
                           approved_by=str(event.get("role") or ""), at=at,
                           settings=settings, line_format=line_format)
    # a format 1 line was made before the redaction, or with it: either is what was meant
    redacted = expected if line_format >= 2 else public_line(
        expected, settings, receipt_public=bool(entry.data.get("receipt_public")))
    extra = set(line) - set(LINE_FIELDS)
    if extra:
        raise _fail(area, line["seq"], f"fields no line has: {sorted(extra)}", "chain_field")
    keys = expected if line_format < 2 else [k for k in LINE_FIELDS
                                              if k not in ("seq", "prev", "hash")]
    for key in keys:
        value = expected.get(key)
        if line.get(key) != value and line.get(key) != redacted.get(key):
            # ``field``, ``now`` and ``was``: what steward verify says of it (cli.checks)
            raise _fail(area, line["seq"], f"{key} {line.get(key)!r} is not what entry "
                                           f"#{entry.id} says ({value!r})", "chain_field",
                        field=key, now=line.get(key), was=value, entry=entry.id)
