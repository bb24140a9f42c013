"""Money and the ledger of each management area: publishing an approved fee,
expense or reversal as a ledger line (hash-chained, 500 lines per partition
``areas/<area>/ledger-<block>``), reversing a published entry, the balance
and month totals kept as lines are published, the last lines, and checking
every chain against the entries it was made from.

The hash chain itself is ``db.ledger``; amounts are integer fen throughout.
"""

from __future__ import annotations

from typing import Any

from . import ledger as ledger_rules
from .core import Core, Part, serialized
from .entries import FEE_TYPES, Entry, Kind, Status
from .errors import DomainError, IntegrityError, NotFound
from .people import public_role
from .records import Records
from .redact import public_line
from .store import Transaction

__all__ = ["Accounts", "LEDGER_BLOCK"]

LEDGER_BLOCK = 500  # lines per ledger partition: line seq is doc seq of block (seq-1)//500
_KEPT = 1000  # ledger tails kept before they are all dropped (and read again)


def _block(area: str, seq: int) -> str:
    return f"areas/{area}/ledger-{(seq - 1) // LEDGER_BLOCK:05d}"


class Accounts(Part):
    """Each area's money: its ledger lines, balance and month totals."""

    def __init__(self, core: Core, records: Records) -> None:
        super().__init__(core)
        self.records = records
        self.ix = core.ledger

    @serialized
    def reverse(self, entry_id: int, actor_id: int, reason: str) -> Entry:
        """Record a reversing entry for a published money entry (approved by another)."""
        original = self.core.entry(entry_id)
        if original.kind not in (Kind.FEE_INCOME, Kind.EXPENSE) or \
                original.status != Status.APPROVED:
            raise DomainError("only a published income or expense can be reversed",
                              code="not_reversible")
        if not (reason or "").strip():
            raise DomainError("a reversal needs a reason", code="reason_required")
        for e in self.records.entries(area=original.area, kind=Kind.REVERSAL,
                                      status=Status.PENDING):
            if e.data.get("reverses") == original.id:
                raise DomainError("a reversal of this entry is already waiting for approval",
                                  code="reversal_pending")
        return self.records.submit(actor_id, Kind.REVERSAL, original.area, {
            "reverses": original.id, "reason": reason.strip(),
            "amount_fen": original.data["amount_fen"],
        })

    def publish(self, tx: Transaction, entry: Entry, approver: dict[str, Any]) -> dict[str, Any]:
        """In a commit: add an approved money entry's line to its area's ledger (a
        reversal also marks the entry it reverses)."""
        d = entry.data
        if entry.kind == Kind.REVERSAL:
            original = self.core.entry(d["reverses"])
            od = original.data
            self.records.move(tx, original, Status.REVERSED, approver, f"reversal #{entry.id}")
            sign = 1 if original.kind == Kind.EXPENSE else -1
            fields = {
                "kind": "reversal", "amount_fen": sign * int(od["amount_fen"]),
                "category": od.get("fee_type") or od.get("category"),
                "purpose": f"冲正 #{original.id}: {d.get('reason', '')}",
                "reverses": original.data.get("ledger_seq"), "fee_type": od.get("fee_type"),
                "period": od.get("period"), "payee": od.get("payee"),
                "project": od.get("project"), "household_ref": od.get("household_ref"),
            }
        elif entry.kind == Kind.FEE_INCOME:
            fields = {"kind": "income", "amount_fen": int(d["amount_fen"]),
                      "category": d.get("fee_type"), "fee_type": d.get("fee_type"),
                      "period": d.get("period"), "purpose": d.get("purpose") or
                      FEE_TYPES.get(d.get("fee_type", ""), ""),
                      "household_ref": self._public_place(d)}
        else:
            fields = {"kind": "expense", "amount_fen": -int(d["amount_fen"]),
                      "category": d.get("category"), "purpose": d.get("purpose"),
                      "payee": d.get("payee"), "project": d.get("project")}
        now = self.core.stamp()
        fields.update({
            "area": entry.area, "entry": entry.id, "date": d.get("date") or now[:10],
            "receipt": d.get("receipt"), "recorded_by": entry.author_role,
            "approved_by": public_role(approver, entry.area), "published_at": now,
        })
        fields = public_line(fields, self.core.settings,  # redacted before it is chained
                             receipt_public=bool(d.get("receipt_public")))
        seq, prev = self.ix.head.get(entry.area, (0, ledger_rules.GENESIS))
        line = ledger_rules.chain_line(fields, seq=seq + 1, prev=prev)
        tx.put(_block(entry.area, seq + 1), "ledger", seq + 1, line)
        self.ix.add(entry.area, line)
        self.core.notes.ledger(entry.area)
        entry.data["ledger_seq"] = seq + 1
        self.records.save(tx, entry)
        return line

    def _public_place(self, data: dict[str, Any]) -> str | None:
        """Building and unit only: the public never learns the room."""
        hid = data.get("household")
        if hid:
            try:
                return self.core.street.household_label(hid, public=True)
            except KeyError:
                return None
        return data.get("unit_label")

    # -- reading -------------------------------------------------------------

    def ledger(self, area: str) -> list[dict[str, Any]]:
        """The published lines of an area, in order."""
        lines: list[dict[str, Any]] = []
        for part in self.store.partitions(f"areas/{area}/ledger-"):
            lines.extend(self.store.all(part, "ledger"))
        for line in lines:
            line.pop("doc_id", None)
        lines.sort(key=lambda line: line["seq"])
        return lines

    def balance(self, area: str) -> int:
        """The area's balance in fen (kept as lines are published; ``verify`` recounts)."""
        with self.store.lock:
            return sum(i - e for i, e in self.ix.months.get(area, {}).values())

    def month_totals(self, area: str, month: str) -> tuple[int, int]:
        """(income, expense) in fen of the lines dated in ``month`` ("YYYY-MM")."""
        with self.store.lock:
            return self.ix.months.get(area, {}).get(month, (0, 0))

    def ledger_tail(self, area: str, n: int) -> list[dict[str, Any]]:
        """The last ``n`` published lines of an area, in order. Kept per (area, n),
        and extended by the lines published since: the lines before them may sit in
        an older block that is no longer in memory."""
        with self.store.lock:
            head = self.ix.head.get(area, (0, ""))[0]
            kept_head, lines = self.ix.tails.get((area, n), (0, []))
            if kept_head > head:  # cannot happen but for a write undone: start again
                kept_head, lines = 0, []
            wanted: dict[str, list[int]] = {}
            for seq in range(max(1, head - n + 1, kept_head + 1), head + 1) if n > 0 else ():
                wanted.setdefault(_block(area, seq), []).append(seq)
            if wanted or kept_head != head:
                new = [line for part, seqs in wanted.items()
                       for line in self.store.some(part, "ledger", seqs)]
                for line in new:
                    line.pop("doc_id", None)
                new.sort(key=lambda line: line["seq"])
                lines = (lines + new)[-n:] if n > 0 else []
                if len(self.ix.tails) >= _KEPT:
                    self.ix.tails.clear()
                self.ix.tails[(area, n)] = (head, lines)
            return [dict(line) for line in lines]

    def chain_heads(self) -> dict[str, tuple[int, str]]:
        return {a.id: self.ix.head.get(a.id, (0, ledger_rules.GENESIS))
                for a in self.core.street.areas}

    def verify(self) -> list[str]:
        """Check every area's chain and that each line matches its approved entry.

        Returns a line of report per area; raises IntegrityError at the first mismatch.
        """
        report = []
        for area in self.core.street.areas:
            lines = self.ledger(area.id)
            head = ledger_rules.verify_chain(area.id, lines)
            for line in lines:
                try:
                    entry = self.core.entry(line["entry"])
                except NotFound:
                    raise IntegrityError(f"area {area.id}, ledger line {line['seq']}: entry "
                                         f"#{line['entry']} is missing", code="chain_entry",
                                         area=area.id, seq=line["seq"]) from None
                if entry.data.get("ledger_seq") != line["seq"] or \
                        abs(int(entry.data["amount_fen"])) != abs(int(line["amount_fen"])):
                    raise IntegrityError(f"area {area.id}, ledger line {line['seq']}: does not "
                                         f"match entry #{entry.id}", code="chain_entry",
                                         area=area.id, seq=line["seq"])
            if ledger_rules.balance(lines) != self.balance(area.id):
                raise IntegrityError(f"area {area.id}: the kept balance does not match the "
                                     f"ledger lines", code="balance", area=area.id)
            report.append(f"{area.id}: {len(lines)} lines, head {head}")
        return report
