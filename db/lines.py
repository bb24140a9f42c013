"""What a published ledger line says, made from its entry in one function.

``line_fields`` is the only place a line's published fields are made: when
an approved money entry is published (``db.accounts``), and again when
``steward verify`` checks every line against its entry (``db.audit_ledger``),
so anything published is what the entry holds. A change of what lines say
is a new ``LINE_FORMAT``: lines keep the format they were made in (the
chain hashes them as they are), and each is checked by the rules of its own.

Format 1 (lines without ``format``): a reversal's purpose named the entry it
reversed by its internal number ("冲正 #71: …"), its place was left out, and
the time of publishing was read from the clock after the approval.

Format 2: a reversal cites the public number of the line it reverses
("冲正第 36 笔：…") and its building and unit; a fee approved as a separate
payment of a fee already booked says so and why (``note``); the line is
published on the day of its approval (``published_at``), its free text
redacted and its receipt shown only as ``db.redact.public_line`` allows.

Format 3: as format 2, and the room numbers its free text names masked too
(``db.redact.mask_rooms``: "收101室卫生费" reads "收[房号已隐藏]卫生费"), as the site
masks them in the words of entries. Lines of format 2 keep their rooms as typed.

Format 4: as format 3, and an expense names the report (报事) it paid for, if any
(``issue``, its number; a reversal of it names the same report, so what was spent
on a report is the sum of its lines). Lines of earlier formats have no ``issue``.

Format 5: as format 4, and a fee or expense entered to correct a line that was
reversed names that line (``replaces``, its number: "代替第 N 笔"), so a reader of
the reversed line finds the right one. A reversal names none. Lines of earlier
formats have no ``replaces``.

A fee or expense given a date (by a script or an import: the bot gives none) before its
area's last signed head is dated the day it is published, its own date kept in the entry
as ``occurred_on`` and said in its ``note`` (补记：发生于 2025-01-15): dated as given, it
would change the totals of a month whose signed head and paper notice the public saw.
An opening balance (below) dated before that head is booked so too, its note beginning
补记：纸质账本截至 2024-12-31 的结存. Lines of entries without ``occurred_on`` are made as
before.

An expense paid where no receipt is given (a street repairman's) says why in its entry
(``no_receipt``, checked for names as its purpose is) and its line's note reads
无收据：<why> (after 补记 …, if any). Lines of entries without ``no_receipt`` are made as
before.

An area's opening balance (``db.opening``) is a line of kind ``opening`` (format 5, as
any line made now): its amount is what the paper book held on its date (below zero for
a deficit carried over), its purpose 期初结转（纸质账本）, or 期初结转（纸质账本，赤字） for a
deficit, its ``note`` what the volunteer wrote of it. It is no income and no expense
(``db.ledger.line_effect``), but part of the balance. One typed wrong is corrected by a
reversal (``db.accounts``), whose line's category is ``opening`` (carried back, no income
or expense either), and the right one, booked with it, names the line it replaces
(``replaces``). Lines made before had no reversal of an opening balance.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .entries import FEE_TYPES, Entry, Kind
from .places import Street
from .redact import mask_rooms, public_line, redactor

__all__ = ["LINE_FORMAT", "line_fields", "public_place", "reversal_purpose", "SEPARATE",
           "OPENING_PURPOSE", "found_note", "found_from", "notes_of"]

LINE_FORMAT = 5
SEPARATE = "另行缴费"  # the note of a fee approved as a separate payment
LATE = "补记"  # the note of a line booked after the day it happened (``occurred_on``)
NO_RECEIPT = "无收据"  # the note of an expense paid without one: 无收据：<why> (``no_receipt``)
OPENING_PURPOSE = "期初结转（纸质账本）"  # an area's opening balance, carried over (db.opening)
OPENING_DEFICIT = "期初结转（纸质账本，赤字）"  # one below zero: money the paper book owed


def public_place(street: Street, data: dict[str, Any]) -> str | None:
    """Where a fee came from, as the public may see it: a household's building and
    unit (never its room), a unit, or nothing (a fee of the whole area)."""
    hid = data.get("household")
    if hid:
        try:
            return street.household_label(str(hid), public=True)
        except KeyError:
            return None
    return data.get("unit_label")


def reversal_purpose(seq: object, reason: str) -> str:
    return f"冲正第 {seq} 笔：{reason}"


def found_note(found: Mapping[str, Any]) -> str:
    """What a line found again says of the line it was (``db.found_lines``)."""
    day = str(found.get("at") or "")[:10]
    made = str(found.get("backup") or "?")
    return (f"原第 {found.get('seq')} 笔（{found.get('date')}），恢复备份时找回（{day} 恢复了 "
            f"{made} 的备份）")


def found_from(line: Mapping[str, Any]) -> int | None:
    """The number a line found again had before (``found_note``), else None."""
    said = re.match(r"原第 (\d+) 笔（", str(line.get("note") or ""))
    return int(said.group(1)) if said else None


def notes_of(line: Mapping[str, Any]) -> list[str]:
    """The notes of a published line, each as a reader is shown it: 补记：发生于 … (or 补记：
    纸质账本截至 …), then 无收据：<why>, 另行缴费：<why>, or 备注：<the volunteer's words> of
    an opening balance. Not a line's found note (``found_from`` says it, in fewer words),
    nor a lost line's (English, for the downloads: its purpose says it). One reading of
    ``note`` for the paper notice and /accounts, as ``line_fields`` writes it."""
    if line.get("kind") == "lost":
        return []
    note = " ".join(str(line.get("note") or "").split())
    if found_from(line) is not None:  # 原第 N 笔（…），恢复备份时找回（…）；<the rest>
        note = note.partition("；")[2]
    parts = []
    if note.startswith(LATE):  # put first (after the found note)
        late, _, note = note.partition("；")
        parts.append(late)
    if note:
        parts.append(note if note.startswith((NO_RECEIPT, SEPARATE, LATE)) else f"备注：{note}")
    return parts


def line_fields(entry: Entry, *, street: Street, original: Entry | None, approved_by: str,
                at: str, settings: Mapping[str, Any] | None = None,
                line_format: int = LINE_FORMAT) -> dict[str, Any]:
    """The published fields of the line of ``entry`` (a fee, an expense, or a
    reversal of ``original``), approved by ``approved_by`` (a public role) at ``at``,
    as the public may see them: redacted by the street's ``settings`` before the line
    is chained (``db.redact.public_line``).

    ``published_at`` of a format 1 line is not known from the entry: it is left out,
    and so is the redaction (lines of that format were made with and without it).
    """
    d = entry.data
    if entry.kind == Kind.REVERSAL:
        if original is None:
            raise ValueError("a reversal's line needs the entry it reverses")
        od = original.data
        sign = 1 if original.kind == Kind.EXPENSE else -1
        seq = od.get("ledger_seq")
        fields = {
            "kind": "reversal", "amount_fen": sign * int(od["amount_fen"]),
            # an opening balance's (below zero or not): carried back, no expense or income
            "category": "opening" if original.kind == Kind.OPENING_BALANCE else
            od.get("fee_type") or od.get("category"),
            "reverses": seq, "fee_type": od.get("fee_type"),
            "period": od.get("period"), "payee": od.get("payee"),
            "project": od.get("project"),
        }
        if line_format >= 4:
            fields["issue"] = od.get("issue")
        if line_format >= 2:
            fields["purpose"] = reversal_purpose(seq, d.get("reason", ""))
            fields["household_ref"] = public_place(street, od)
        else:
            fields["purpose"] = f"冲正 #{original.id}: {d.get('reason', '')}"
            fields["household_ref"] = od.get("household_ref")
    elif entry.kind == Kind.FEE_INCOME:
        fields = {"kind": "income", "amount_fen": int(d["amount_fen"]),
                  "category": d.get("fee_type"), "fee_type": d.get("fee_type"),
                  "period": d.get("period"),
                  "purpose": d.get("purpose") or FEE_TYPES.get(d.get("fee_type", ""), ""),
                  "household_ref": public_place(street, d)}
        if line_format >= 2:
            fields["note"] = f"{SEPARATE}：{d['separate']}" if d.get("separate") else None
        if line_format >= 5:
            fields["replaces"] = d.get("replaces")
    elif entry.kind == Kind.OPENING_BALANCE:  # what the paper book held (may be below 0)
        fields = {"kind": "opening", "amount_fen": int(d["amount_fen"]), "category": "opening",
                  "purpose": OPENING_PURPOSE if int(d["amount_fen"]) >= 0 else OPENING_DEFICIT,
                  "note": d.get("note") or None,
                  "replaces": d.get("replaces")}  # one typed wrong, reversed (db.accounts)
    elif entry.kind == Kind.EXPENSE:
        fields = {"kind": "expense", "amount_fen": -int(d["amount_fen"]),
                  "category": d.get("category"), "purpose": d.get("purpose"),
                  "payee": d.get("payee"), "project": d.get("project")}
        if line_format >= 4:
            fields["issue"] = d.get("issue")
        if line_format >= 5:
            fields["replaces"] = d.get("replaces")
        if d.get("no_receipt"):  # paid where no receipt is given: why, said in public,
            # redacted as the purpose is (``db.redact.public_line``)
            why = mask_rooms(redactor(settings, contacts=False)(str(d["no_receipt"])))
            fields["note"] = f"{NO_RECEIPT}：{why}"
    else:
        raise ValueError(f"a {entry.kind} has no ledger line")
    fields.update({"area": entry.area, "entry": entry.id, "date": d.get("date") or at[:10],
                   "receipt": d.get("receipt"), "recorded_by": entry.author_role,
                   "approved_by": approved_by})
    if line_format >= 2:
        if d.get("occurred_on") and entry.kind in (Kind.FEE_INCOME, Kind.EXPENSE,
                                                   Kind.OPENING_BALANCE):
            # dated before a signed head, so booked the day it was published (db.accounts)
            late = f"{LATE}：纸质账本截至 {d['occurred_on']} 的结存" \
                if entry.kind == Kind.OPENING_BALANCE else f"{LATE}：发生于 {d['occurred_on']}"
            fields["note"] = "；".join(str(x) for x in (late, fields.get("note")) if x)
        fields["format"] = line_format
        fields["published_at"] = at
        fields = public_line(fields, settings, receipt_public=bool(d.get("receipt_public")),
                             rooms=line_format >= 3)
    found = d.get("found")
    if isinstance(found, Mapping):  # recorded again after a restore (``db.found_lines``)
        day = str(found.get("at") or "")[:10]
        if entry.kind != Kind.OPENING_BALANCE:  # an opening is as of its own date
            fields["date"] = day
        fields["published_at"] = day
        fields["note"] = "；".join(str(x) for x in (found_note(found), fields.get("note")) if x)
    return fields
