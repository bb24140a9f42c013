"""The money of an area, for the site (``site_builder.collect``): its ledger lines
(the chain checked, each line's year, page and receipt), the sums of each year
(where the money came from and went, net of reversals) and fee collection per
fee type and period.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from db import fees as fee_rules
from db import labels
from db import ledger as ledger_rules
from db.entries import Entry
from db.errors import DomainError, IntegrityError
from db.fee_amounts import amount_at, period_zh, said
from db.lines import found_from
from db.lost_lines import LOST
from db.money import format_fen
from db.redact import LINE_TEXT_FIELDS, receipt_shown

from .collect_base import CollectorBase, photo_refs, zh

__all__ = ["MoneyCollector"]

_PER_ZH = {"household": "按户收取", "unit": "按单元收取", "area": "全区统一收取"}
_EVERY = {"year": "/年", "month": "/月"}

TOP_EXPENSES = 5  # the largest expenses shown for each year
# The words of a raw line ``ledger.csv`` shows with an id masked (``_raw_masked``).
_LINE_WORDS = (*LINE_TEXT_FIELDS, "note")
OPENING_CATEGORY = "纸质账本"  # an opening balance's category (db.opening)


class MoneyCollector(CollectorBase):
    """An area's accounts and fees (part of ``collect._Collector``)."""

    def accounts(self, area_id: str, raw: list[dict[str, Any]]) -> dict[str, Any]:
        try:
            head = ledger_rules.verify_chain(area_id, raw)
            chain_ok, chain_error = True, ""
        except IntegrityError as exc:
            head = raw[-1]["hash"] if raw else ledger_rules.GENESIS
            chain_ok, chain_error = False, str(exc)
        lines = []
        # a lost line's first line recorded again by a later restore (``db.found_lines``)
        found_at = {n: int(x["seq"]) for x in raw if (n := found_from(x)) is not None}
        for line in raw:
            # A fee's receipt is never shown (lines chained before that rule carry the
            # photo's reference: it is not published either); an expense's invoice is.
            receipt = self.keep(photo_refs(receipt_shown(line.get("kind"), line.get("receipt"),
                                                      public=True)))
            category = line.get("category") or ""
            label = OPENING_CATEGORY if ledger_rules.carries(line) else zh(
                labels.FEE_TYPE if line.get("kind") == "income" or line.get("fee_type")
                else labels.EXPENSE_CATEGORY, category, None)
            lines.append({
                "seq": line["seq"], "entry": line.get("entry"), "kind": line.get("kind"),
                "kind_zh": zh(labels.LINE_KIND, line.get("kind"), None),
                "date": line.get("date") or "", "amount_fen": int(line["amount_fen"]),
                "category": category, "category_zh": label,
                "purpose": self.line_words(line.get("purpose")),
                "payee": self.line_words(line.get("payee")),
                "period": self.line_words(line.get("period")), "project": line.get("project"),
                "issue": line.get("issue"),  # the report it paid for (lines of format 4 on)
                "household_ref": line.get("household_ref") or "",
                "receipt": receipt[0] if receipt else None,
                "receipt_checked": bool(line.get("receipt")) and not receipt,
                "recorded_by": line.get("recorded_by") or "",
                "approved_by": line.get("approved_by") or "",
                "reverses": line.get("reverses"), "note": self.line_words(line.get("note")),
                "replaces": line.get("replaces"),  # the reversed line it corrects (format 5)
                # Public to the day (older lines were chained with the second).
                "published_at": (line.get("published_at") or "")[:10] or None,
                "hash": line.get("hash") or "", "prev": line.get("prev") or "",
            })
            if lines[-1]["kind"] == LOST:  # ``db.lost_lines``: said in Chinese, no money
                lines[-1].update(_lost(line, found_at.get(int(line["seq"]))))
            elif lines[-1]["kind"] == "opening":  # ``db.opening``: booked from the paper
                # book by one person, no second approval; its line names the one who
                # booked it twice, which a witness would read as a line approved by its
                # own recorder (the right one of one typed wrong was approved with its
                # reversal: its approver stands)
                if not line.get("replaces"):
                    lines[-1]["approved_by"] = OPENING_APPROVER
                # the paper book's day: its date, or, booked after a signed head (dated
                # the day it was recorded, 补记), the day its entry keeps
                lines[-1]["as_of"] = self._as_of(line)
            if lines[-1]["published_at"]:
                self.stamps.append(lines[-1]["published_at"])
        reversed_by = {line["reverses"]: line["seq"] for line in lines if line["reverses"]}
        replaced_by = {line["replaces"]: line["seq"] for line in lines if line["replaces"]}
        # The ledger is shown a year per page: the latest year on the accounts
        # page, each earlier year on "accounts-<year>", so an approval changes
        # one page of this year's lines and the old years stay as they are.
        current = max((x["date"][:4] for x in lines if x["date"][:4].isdigit()), default="")
        page_of: dict[int, str] = {}
        counts: dict[str, int] = defaultdict(int)
        for line in lines:
            year = line["date"][:4] if line["date"][:4].isdigit() else current
            line["year"] = year
            line["month"] = line["date"][:7] if year == line["date"][:4] else f"{year}-01"
            line["page"] = "accounts" if year == current else f"accounts-{year}"
            page_of[line["seq"]] = line["page"]
            counts[year] += 1
        for line in lines:
            line["reversed_by"] = reversed_by.get(line["seq"])
            line["reverses_page"] = page_of.get(line["reverses"], "accounts")
            line["reversed_by_page"] = page_of.get(line["reversed_by"], "accounts")
            line["replaced_by"] = replaced_by.get(line["seq"])  # the right one, entered after
            line["replaces_page"] = page_of.get(line["replaces"], "accounts")
            line["replaced_by_page"] = page_of.get(line["replaced_by"], "accounts")
        figures = ledger_rules.figures(raw)  # every figure of the page, in one computation
        months: dict[str, dict[str, Any]] = {
            m["month"]: {"income": m["income"], "expense": m["expense"]}
            for m in figures["months"]}
        for month, notes in _undone_earlier(lines).items():
            if month in months:  # only when there is one: other pages stay as they were
                months[month]["notes"] = notes
        totals = {y["year"]: y for y in figures["years"]}
        of_year: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for x in lines:
            of_year[x["year"]].append(x)
        return {
            "lines": lines,
            "current_year": current,
            "years": [{"year": y, "page": "accounts" if y == current else f"accounts-{y}",
                       "count": counts[y],
                       **_year_money(of_year[y], y, months, totals.get(y), y == current)}
                      for y in sorted(counts, reverse=True)],
            # Net of reversals: a reversed fee is no income, a reversed expense no expense;
            # the months add up to the years, the years to these, these to the balance.
            "balance_fen": figures["balance_fen"], "income_fen": figures["income_fen"],
            # what the paper book held (db.opening): part of the balance, no income
            "opening_fen": figures["opening_fen"],
            # ``date`` the line's (the day it counts from), ``as_of`` the paper book's
            "opening": next(({"seq": x["seq"], "date": x["date"], "as_of": x["as_of"],
                              "page": x["page"],
                              "amount_fen": x["amount_fen"], "note": x["note"]}
                             for x in reversed(lines)
                             if x["kind"] == "opening" and x["seq"] not in reversed_by), None),
            # the latest: an earlier one typed wrong was reversed, this booked in its place
            "expense_fen": figures["expense_fen"], "months": figures["months"],
            "month_totals": months,
            "chain": {"seq": len(raw), "head": head, "ok": chain_ok, "error": chain_error},
            "raw_lines": raw,  # as the store gave them (copies): the downloads read them
            # their words with an id masked, by line number: ledger.csv shows those
            # (``line_words``); ledger.json is as chained
            "raw_masked": self._raw_masked(raw),
        }

    def _raw_masked(self, raw: list[dict[str, Any]]) -> dict[int, dict[str, str]]:
        """The words of ``raw`` lines an id or a forgotten name stands in, masked (as
        chained otherwise: ``ledger.csv`` shows a line's words as ``ledger.json``), by
        line number; most lines have none."""
        out: dict[int, dict[str, str]] = {}
        for line in raw:
            for key in _LINE_WORDS:
                value = line.get(key)
                if isinstance(value, str) and value:
                    masked = self.account_mask(value)
                    if masked != value:
                        out.setdefault(int(line["seq"]), {})[key] = masked
        return out

    def _as_of(self, line: dict[str, Any]) -> str:
        """The day of the paper book's balance an opening line carries over."""
        try:
            entry = self.repo.entry(int(line["entry"]))
        except (DomainError, KeyError, TypeError, ValueError):
            return str(line.get("date") or "")
        return str(entry.data.get("occurred_on") or line.get("date") or "")

    def fees(self, area_id: str, entries: list[Entry]) -> list[dict[str, Any]]:
        """Collection per fee type and period, counted by who pays it (households,
        units, or the whole area: ``db.fees.collection``); the household ids stay
        there: the page shows only buildings and counts."""
        out = fee_rules.collection(self.street, area_id, entries)
        # the latest period first: what a resident comes to check is this month's or
        # this year's (a stable sort: the fees of one period keep their order)
        out.sort(key=lambda p: str(p["period"]), reverse=True)
        for p in out:
            p["fee_type_zh"] = zh(labels.FEE_TYPE, p["fee_type"], None)
            p["per_zh"] = _PER_ZH[p["per"]]
            p["by_unit"] = 0  # fees of whole units are counted as units, in their own row
            try:
                fee = fee_rules.schedule(self.street, area_id, p["fee_type"])
            except DomainError:  # no longer in the schedule
                fee = None
            p["period"] = self.redact(p["period"])  # as a resident typed it
            scheduled = fee is not None and fee.per == p["per"]
            # the amount of that period: one changed from a later period on is not it
            standard = amount_at(fee, p["period"]) if fee is not None and scheduled else None
            p["standard"] = (f"{format_fen(standard)}/{p['payer_word'].lstrip('个')}"
                             f"{_EVERY.get(fee.period or '', '')}"
                             if fee is not None and standard else "")
            # Who has not paid, and what that comes to where the schedule gives one
            # payer's amount for such a period (none for a month of a yearly fee): what
            # is still to come in, which a reader had to work out from 54 / 58 户.
            p["unpaid"] = max(int(p.get("payers") or 0) - int(p.get("paid") or 0), 0)
            usual = fee_rules.usual_amount(fee, str(p["period"])) if scheduled else None
            p["owed_fen"] = p["unpaid"] * usual if usual and p["per"] != "area" else None
        return out

    def fee_schedule(self, area_id: str) -> list[dict[str, Any]]:
        """The area's fees with their amounts over time (卫生费：每户每年 ¥120.00（2026 年及
        以前）；2027 年起 ¥150.00), and each change: from when, by whom (a role), on which
        day, why."""
        changes = self.repo.fee_changes(area_id)
        out = []
        for fee in self.street.area(area_id).fees:
            out.append({
                "fee_type": fee.fee_type, "fee_type_zh": zh(labels.FEE_TYPE, fee.fee_type, None),
                "per_zh": _PER_ZH.get(str(fee.per), ""), "said": said(fee),
                "changes": [{"from": period_zh(str(c["from"])), "from_period": str(c["from"]),
                             "amount_fen": c["amount_fen"],
                             "before_fen": c.get("before_fen"), "day": str(c["at"])[:10],
                             "role": c.get("role") or "", "note": self.words(c.get("note"))}
                            for c in changes if c.get("fee_type") == fee.fee_type]})
        return out


OPENING_APPROVER = "不经审核（期初结转）"  # the 审核 of an opening balance, as the site says it


def _lost(line: dict[str, Any], found: int | None = None) -> dict[str, Any]:
    """What the site says of a line lost in a restore (``db.lost_lines``) beyond its
    purpose (恢复备份时遗失（日期 恢复了 … 的备份）): where the line first published under
    its number is (line ``found``, when a later restore found it again: ``db.found_lines``),
    and that it counts nowhere; its English note is in the downloads."""
    where = (f"原来的第 {line['seq']} 笔后来恢复备份时找回，记为第 {found} 笔" if found else
             f"原来的第 {line['seq']} 笔没有恢复，见之前公开的账目（网站旧版本、下载的"
             "数据、公示单）")
    return {"category_zh": "不计收支", "recorded_by": "恢复备份时写入", "approved_by": "—",
            "note": f"{where}；这一行没有金额，不算收入也不算支出"}


# -- sums over what was collected (plain data, no store) -------------------------------


def month_zh(month: str) -> str:
    """'2025-12' as 2025 年 12 月."""
    year, _, number = str(month).partition("-")
    return f"{year} 年 {int(number)} 月" if number.isdigit() else str(month)


def undone_note(items: list[dict[str, Any]]) -> str:
    """What a month's (or a year's) total says of the lines of other months it
    reversed: 冲正 2025 年 12 月第 77 笔，扣除 ¥500.00 (three named, then 等 N 笔)."""
    named = "、".join(f"{u['month']}第 {u['line']} 笔" for u in items[:3])
    more = f"等 {len(items)} 笔" if len(items) > 3 else ""
    return f"冲正 {named}{more}，扣除 {format_fen(sum(u['fen'] for u in items))}"


def _undone_earlier(lines: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Of each month with a reversal of a line of another month (entered in December,
    reversed in January): what its income or expense total says of it, 本月冲正 2025 年
    12 月第 77 笔，扣除 ¥500.00, since the reversal is counted in its own month and may
    make that month's total negative; and of the month of the line reversed, 其中第 77 笔
    后来在 2026 年 1 月冲正，从冲正的那个月扣除 (its total still counts it). Each such
    reversal line gets ``reverses_month``, the month of the line it reverses (2025 年 12
    月), and that line ``reversed_month``, for their rows to name."""
    by_seq = {x["seq"]: x for x in lines}
    found: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    later: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for x in lines:
        original = by_seq.get(x["reverses"]) if x["reverses"] else None
        if original is None or original["month"] == x["month"]:
            continue
        x["reverses_month"] = month_zh(original["month"])
        original["reversed_month"] = month_zh(x["month"])  # and the line reversed, when
        found[x["month"]][_side(x)].append({"line": original["seq"],
                                            "month": x["reverses_month"],
                                            "fen": abs(int(x["amount_fen"]))})
        later[original["month"]][_side(x)].append(
            f"第 {original['seq']} 笔后来在 {original['reversed_month']}冲正")
    notes: dict[str, dict[str, str]] = defaultdict(dict)
    for m in sorted(set(found) | set(later)):
        for side in ("income", "expense"):
            said = (["本月" + undone_note(found[m][side])] if found[m][side] else []) + (
                ["其中" + "、".join(later[m][side][:3])
                 + (f"等 {len(later[m][side])} 笔" if len(later[m][side]) > 3 else "")
                 + "，从冲正的那个月扣除"] if later[m][side] else [])
            if said:
                notes[m][side] = "；".join(said)
    return dict(notes)


def _side(line: dict[str, Any]) -> str:
    """Which side of the accounts a line counts on: a fee and the reversal of a fee
    are income, an expense and the reversal of an expense are spending (a
    reversal carries the negated amount of the line it undoes)."""
    kind = line["kind"]
    if kind == "income" or (kind == "reversal" and line["amount_fen"] < 0):
        return "income"
    return "expense"


def _year_money(lines: list[dict[str, Any]], year: str, months: dict[str, dict[str, Any]],
                totals: dict[str, Any] | None, latest: bool = False) -> dict[str, Any]:
    """Where one year's money came from and went: its totals net of reversals (those
    of ``db.ledger.figures``, ``totals``, with the balance at the year's end), by
    category (each line counted by ``db.ledger.line_effect``, so they add up to the
    totals), every month of the year (empty ones too; each with how many lines it has, its
    ``lines``) and the largest expenses.

    The ``latest`` year of the ledger may still be running: its months after the last
    one booked are not months of ¥0.00 but months with nothing booked yet (perhaps still
    to come: the site reads no clock), listed apart as ``ahead``."""
    cats: dict[tuple[str, str], dict[str, Any]] = {}
    # A line reversed this year nets to nothing, so it is not counted either: the count
    # is of the payments that stand (as the amount is), not of the lines written.
    undone = {x["reverses"] for x in lines if x["kind"] == "reversal"}
    for x in lines:
        if x["kind"] in (LOST, "opening") or (x["kind"] == "reversal"
                                              and x["category"] == "opening"):
            # no money: in no category; an opening balance (or its reversal)
            continue  # is no income or expense: said apart (``opening_fen``)
            continue
        side = _side(x)
        key = (side, x["category"] or "other")
        row = cats.setdefault(key, {"side": side, "category": key[1],
                                    "label": x["category_zh"] or "其他", "fen": 0, "count": 0})
        # income positive, spending positive: a reversal takes its line's amount back
        row["fen"] += ledger_rules.line_effect(x)[0 if side == "income" else 1]
        row["count"] += 0 if x["kind"] == "reversal" or x["seq"] in undone else 1
    income = int(totals["income"]) if totals else 0
    expense = int(totals["expense"]) if totals else 0
    rows = sorted(cats.values(), key=lambda r: (r["side"] != "income", -r["fen"], r["label"]))
    for r in rows:
        total = income if r["side"] == "income" else expense
        r["share_pct"] = f"{100 * r['fen'] / total:.1f}" if total > 0 else "—"
    top = sorted((x for x in lines if x["kind"] == "expense" and not x["reversed_by"]),
                 key=lambda x: (x["amount_fen"], x["seq"]))[:TOP_EXPENSES]
    every = [f"{year}-{m:02d}" for m in range(1, 13)] if year.isdigit() else []
    per_month: dict[str, int] = defaultdict(int)  # lines booked in each month
    for x in lines:
        per_month[x["month"]] += 1
    booked = max(per_month, default="")
    ahead = [m for m in every if m > booked] if latest else []
    # reversals this year of lines of an earlier year: the year's total says so
    earlier: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for x in lines:
        if x.get("reverses_month") and x["reverses_month"][:4] != year:
            earlier[_side(x)].append({"line": x["reverses"], "month": x["reverses_month"],
                                      "fen": abs(int(x["amount_fen"]))})
    return {
        "income_fen": income, "expense_fen": expense, "net_fen": income - expense,
        "opening_fen": int(totals.get("opening") or 0) if totals else 0,
        "opening_count": sum(1 for x in lines if x["kind"] == "opening"),
        "balance_fen": int(totals["balance"]) if totals else 0,
        "categories": rows,
        "months": [{"month": m, "label": f"{int(m[5:])}月", "lines": per_month.get(m, 0),
                    **months.get(m, {"income": 0, "expense": 0})}
                   for m in every if m not in ahead],
        "ahead": ahead,
        "top_expenses": top,
        "lost": sum(1 for x in lines if x["kind"] == LOST),  # lines with no money
        **({"earlier": {side: undone_note(items) for side, items in earlier.items()}}
           if earlier else {}),
    }
