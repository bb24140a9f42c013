"""What a paper notice (公示单) says: one month of an area's accounts, fees, open
issues and votes and its signed chain head, as plain data (``site_builder.notice``
tells what the notice is for; ``notice_pdf`` draws it).

``area_notices`` makes the content of every month's notice of an area at
collection; ``notice_for`` that of one month (the ``steward notice`` command).
Everything is as it was at the month's end, so the notice of a past month never
changes, but for a report's words: a report corrected later (it named a neighbour,
``db.privacy``) reads as corrected on every notice that lists it, as on the site,
since the words it was corrected for must no longer be downloaded from anywhere,
and for a line whose right one was entered in its place (line format 5) in a later
month: the notice printed again says so, with the months' notices of the reversal and
the right line (its head and figures unchanged; a notice without such a line keeps its
content, byte for byte). A reversal of a line of an earlier notice says which notice
has that line, and the month's figure it took back says so (``undone``: 本月支出为负数，
因为本月冲正 2025 年 12 月公示第 77 笔…), since a reader of the month alone saw a
negative figure with nothing saying why. Any of those, a name masked once its person
registered, or a head signed later, and the notice made again says at its top when it
was first made and which parts changed since (``notice_reprint``).

The rows of fees, open issues and votes are drawn in ``notice_rows``.
"""

from __future__ import annotations

import bisect
from typing import Any
from urllib.parse import quote

from db import ledger as ledger_rules
from db import witness
from db.entries import (
    EXPENSE_CATEGORIES,
    FEE_TYPES,
    Kind,
    Status,
    first_at,
)
from db.hidden_names import hide_all
from db.lines import found_from, notes_of
from db.places import Mode
from db.played import site_today
from db.redact import NameMask, area_rooms, mask_bare_rooms, mask_rooms, redactor

from .collect_base import People, letters_read, people_of
from .collect_money import month_zh, undone_note
from .notice_reprint import reprinted
from .notice_restore import found_in, lost_note, restored_rows
from .notice_rows import (
    fee_change_rows,
    fee_key,
    fee_rows,
    issue_rows,
    month_of,
    notice_day,
    period_when,
    short_text,
    vote_rows,
)

__all__ = ["NoticeError", "area_notices", "area_of", "notice_for", "first_notice_month", "area_url",
           "notice_url", "notice_anchor"]

OPENING_CATEGORY = "纸质账本"  # an opening balance's category, as the site says it
KIND_ZH = {"income": "收入", "expense": "支出", "reversal": "冲正", "lost": "遗失",
           "opening": "期初结转"}


class NoticeError(Exception):
    """A notice cannot be made (no Chinese font, an unknown area or month); ``zh`` says
    it in Chinese, when the message is in English alone."""

    def __init__(self, message: str, zh: str = "") -> None:
        super().__init__(f"{zh} / {message}" if zh else message)


# -- what a notice says --------------------------------------------------------------------


def area_url(site_url: str, area: str) -> str:
    """The address of the area's page."""
    return f"{site_url.rstrip('/')}/areas/{area}/" if site_url else ""


def notice_anchor(month: str) -> str:
    """The id of a month's row in the accounts page's table of notices."""
    return f"notice-{month}"


def notice_url(site_url: str, area: str, month: str) -> str:
    """What a month's QR code holds: that month's row of the notices table on the area's
    accounts page, its figures as the paper prints them. Not the area's overview (today's
    balance: a November notice scanned in January showed January's), nor a year's page
    (this year's lines are on "accounts", moved to "accounts-2025" when the year is
    over): the accounts page keeps every month's row, so the address printed holds."""
    return (f"{area_url(site_url, area)}accounts/#{notice_anchor(month)}"
            if site_url else "")


def check_url(site_url: str, area: str, seq: int, head: str) -> str:
    """What the QR code beside a notice's head holds: the integrity page, told to check
    that the area's line ``seq`` still has a hash starting with the head's first 16
    digits (``content/assets/steward_verify.js`` reads ``area``, ``seq``, ``head``)."""
    if not site_url or seq < 1:
        return ""
    return (f"{site_url.rstrip('/')}/integrity/?area={quote(area, safe='')}&seq={int(seq)}"
            f"&head={head[:16]}#steward-verify")


_period_when = period_when  # as tests/test_notice_periods.py imports it, from here


def _next_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    return f"{year + mon // 12}-{mon % 12 + 1:02d}"


def _is_fee(line: dict[str, Any]) -> bool:
    """A fee's line (or a fee's reversal), whose category is a fee type, as the site
    tells them: "other" is 其他费用 for a fee and 其他支出 for an expense."""
    return line.get("kind") == "income" or bool(line.get("fee_type"))


def _category_zh(line: dict[str, Any]) -> str:
    if ledger_rules.carries(line):  # an opening balance, or the reversal of one
        return OPENING_CATEGORY
    code = str(line.get("category") or "")
    return (FEE_TYPES if _is_fee(line) else EXPENSE_CATEGORIES).get(code) or code or "其他"


def _said_on_paper(line: dict[str, Any], redact: Any) -> list[str]:
    """Every note of a line (``db.lines.notes_of``: 补记, 无收据, 另行缴费, an opening's
    备注), as the paper notice prints each, in brackets after what the money was for.
    Before, only 无收据 and an opening's 补记 were printed: a second 卫生费 of one
    household read on the wall with no word of why, which the site's accounts said."""
    return [redact(p) for p in notes_of(line)]


def _row_text(base: str, notes: list[str], after: str) -> str:
    """A line's words on the notice: ``base`` (what the money was for, its period, payee,
    place), each of its ``notes`` in brackets, and ``after`` (what a restore did to it).
    A row too long is cut in ``base``, not in its notes: a long purpose hid the 无收据：…
    printed after it; a note itself is cut only beyond ``NOTE_TEXT``, and a row cut says
    where to read it whole."""
    said = [short_text(n, NOTE_TEXT) for n in notes]
    tail = "".join(f"（{n}）" for n in said) + after
    base = " ".join(base.split())
    cut = said != [" ".join(n.split()) for n in notes]
    if len(base) + len(tail) > LINE_TEXT:
        short = short_text(base, max(LINE_TEXT - len(tail), BASE_TEXT))
        cut, base = cut or short != base, short
    return base + tail + (MORE if cut else "")


def _by_category(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Signed sums of ``lines`` by category, a fee's "other" apart from an expense's (an
    opening balance is no category of income or expense: it is said apart)."""
    sums: dict[tuple[str, bool], dict[str, Any]] = {}
    for x in lines:
        if x.get("kind") == "lost" or ledger_rules.carries(x):  # lost in a restore
            # (``db.lost_lines``): no money; an opening balance (or one typed wrong,
            # reversed): no income or expense, said apart
            continue
        key = (str(x.get("category") or "other"), not _is_fee(x))
        row = sums.setdefault(key, {"category": _category_zh({**x, "category": key[0]}),
                                    "fen": 0})
        row["fen"] += int(x["amount_fen"])
    return [sums[k] for k in sorted(sums)]


LINE_TEXT = 120  # characters of a ledger line's words on the notice (purpose, payee)
NOTE_TEXT = 80  # characters of one of its notes (补记, 无收据, 另行缴费, 备注), each whole below
BASE_TEXT = 40  # characters of its purpose, payee and place kept however long its notes
MORE = "（全文见网站账目）"  # after a row cut: where to read it whole


def _signature(records: list[dict[str, Any]], keys: list[dict[str, Any]], seq: int,
               head: str, lines: list[dict[str, Any]]) -> dict[str, Any]:
    """How the month-end head is signed: by a head record of exactly that line count,
    or covered by a later signed head whose chain runs through it."""
    by_id = {k["id"]: k["public_key"] for k in keys}
    if seq == 0:
        return {"state": "empty"}
    exact = next((r for r in records if r.get("seq") == seq and r.get("head") == head), None)
    later = next((r for r in records if isinstance(r.get("seq"), int) and r["seq"] > seq
                  and len(lines) >= r["seq"] and lines[r["seq"] - 1].get("hash") == r.get("head")),
                 None)
    record, state = (exact, "exact") if exact else (later, "covered") if later else (None, "")
    if record is None:
        return {"state": "unsigned"}
    return {"state": state, "at": record.get("at"), "seq": record.get("seq"),
            "n": record.get("n"), "key_id": record.get("key"),
            "public_key": by_id.get(str(record.get("key")), "")}


def area_notices(repo: Any, area_id: str, lines: list[dict[str, Any]], entries: list[Any],
                 heads: dict[str, Any], people: People | None = None) -> list[dict[str, Any]]:
    """The content of every month's notice of an area, from the month of its first
    published line to this month (plain data; ``render_pdf`` draws one).
    ``people``: the names to mask and the people forgotten, when the caller has them
    (the site's collection, once for every area); else read here."""
    if not lines:
        return []
    index = _AreaIndex(repo, area_id, lines, entries, heads, people)
    # to this month, not only to the last line's: a quiet month's notice ("本月没有新的
    # 入账", printed with /notice) is on the site too, with its row for its QR code
    first = month_of(index.published[0])  # first_notice_month
    last = max(month_of(index.published[-1]), f"{index.today:%Y-%m}")
    months = [first]
    while months[-1] < last:
        months.append(_next_month(months[-1]))
    return [index.notice(m) for m in months]


def area_of(repo: Any, area_id: str) -> Any:
    """The management area ``area_id``; ``NoticeError`` naming the areas there are."""
    try:
        return repo.street.area(area_id)
    except KeyError:
        raise NoticeError(f"no management area {area_id!r}; the areas are: "
                          f"{', '.join(a.id for a in repo.street.areas)}",
                          f"没有 {area_id} 这个管理区域，有的是："
                          f"{'、'.join(f'{a.name}（{a.id}）' for a in repo.street.areas)}。"
                          ) from None


def notice_for(repo: Any, area_id: str, month: str) -> dict[str, Any]:
    """The content of the notice of ``area_id`` for ``month`` ("YYYY-MM")."""
    from .heads import collect_heads

    name = f"{area_of(repo, area_id).name}（{area_id}）"
    lines = repo.ledger(area_id)
    # the site's notices begin with the month of the first line (``area_notices``): one
    # before it would print a QR code to a row the accounts page does not have
    if not lines:
        raise NoticeError(f"{area_id} has no ledger line yet, so no notice",
                          f"{name}还没有一笔账，所以没有公示单。")
    first = first_notice_month(lines[0])
    if month < first:
        raise NoticeError(f"{area_id} has no notice for {month}: its first ledger line was "
                          f"published in {first}, the month of its first notice",
                          f"{name}没有 {month} 的公示单：第一笔账在 {first} 公布，"
                          f"公示单从那个月开始。")
    return _AreaIndex(repo, area_id, lines, hide_all(repo.entries(area=area_id)),
                      collect_heads(repo)).notice(month)


def first_notice_month(first_line: dict[str, Any]) -> str:
    """The month ("YYYY-MM") of an area's first notice, from its first ledger line."""
    return month_of(first_line.get("published_at") or first_line.get("date"))


def _undone_earlier(rows: list[dict[str, Any]], shown: list[dict[str, Any]]
                    ) -> dict[str, Any]:
    """What the month's income or expense says of the lines of earlier notices it
    reversed (a reversal counts in the month it is published, and may make that month's
    figure negative): {"undone": {"expense": "冲正 2025 年 12 月公示第 77 笔，扣除
    ¥500.00"}}; {} when there is none, so that every other notice keeps its content."""
    found: dict[str, list[dict[str, Any]]] = {}
    for row, x in zip(rows, shown, strict=True):
        if row.get("reverses_month"):
            side = "income" if int(x["amount_fen"]) < 0 else "expense"
            found.setdefault(side, []).append({
                "line": row["reverses"], "fen": abs(int(x["amount_fen"])),
                "month": f"{month_zh(row['reverses_month'])}公示"})
    return {"undone": {k: undone_note(v) for k, v in found.items()}} if found else {}


class _AreaIndex:
    """An area's lines and entries sorted once by month, for its notices."""

    def __init__(self, repo: Any, area_id: str, lines: list[dict[str, Any]], entries: list[Any],
                 heads: dict[str, Any], people: People | None = None) -> None:
        street = repo.street
        self.area_id, self.lines, self.heads = area_id, lines, heads
        self.redact = redactor(repo.settings)  # the street's, as on the site
        names, self.forgotten = people if people is not None else people_of(repo)
        rooms = area_rooms(street, area_id)  # written alone, masked as on the site
        # as on the site: a letter typed as an HTML reference (&#28113;芬) read first,
        # or the notice printed it for anyone to read back (walk190's sweep)
        self.words = lambda value: mask_bare_rooms(
            mask_rooms(names(self.redact(letters_read(value)))), rooms)
        # a line's words: as on the site, the ids of the people and the names and ids of
        # the people forgotten masked (``collect_base.CollectorBase.line_words``)
        accounts = NameMask((), ids=names.ids, hashed=names.hashed)
        self.line_words = lambda value: accounts(self.redact(value))
        self.area = street.area(area_id)
        self.modes = repo.mode_history(area_id)  # the mode and steward body of each month
        self.fee_changes = repo.fee_changes(area_id)  # a fee dearer from a period on
        self.street = f"{street.city}{street.name}"
        self.compounds = "、".join(street.compound(c).name for c in self.area.compounds)
        self.site_url = street.site_url
        self.households = len(street.area_households(area_id))
        self.units = sum(len(b.units) for c in self.area.compounds
                         for b in street.compound(c).buildings)
        # a month still running is said to be so; a demo's folder is drawn as of the day
        # it was played to, not the day it is built again (db.played)
        self.today = site_today(repo, lines)
        # a past month's notice is compared with its first making (``notice_reprint``)
        self.root = getattr(getattr(repo, "store", None), "root", None)
        self.clock = repo.clock
        # The month each line was published in (never before the line above it, even
        # if a clock was set back), and the balance before each line.
        self.published: list[str] = []
        self.before = [0]
        for x in lines:
            month = month_of(x.get("published_at") or x.get("date"))
            self.published.append(max(month, self.published[-1]) if self.published else month)
            self.before.append(self.before[-1] + int(x["amount_fen"]))
        # line -> the line that replaced it (format 5), and the one that reversed it
        self.replacement = {int(x["replaces"]): int(x["seq"]) for x in lines if x.get("replaces")}
        self.reversal = {int(x["reverses"]): int(x["seq"]) for x in lines
                         if x.get("reverses") and int(x["reverses"]) in self.replacement}
        self.fees: dict[str, list[Any]] = {}  # period -> fee entries
        self.fee_of: dict[int, Any] = {}  # entry id -> fee entry
        self.issues: list[Any] = []
        self.proposals: list[Any] = []
        self.corrected: dict[int, str] = {}  # a report's latest approved correction
        for e in entries:
            if e.kind == Kind.FEE_INCOME:
                self.fees.setdefault(str(e.data.get("period") or ""), []).append(e)
                self.fee_of[e.id] = e
            elif e.kind == Kind.ISSUE and first_at(e, "approved"):
                self.issues.append(e)
            elif e.kind == Kind.PROPOSAL:
                self.proposals.append(e)
            elif e.kind == Kind.CORRECTION and e.status == Status.APPROVED:
                self.corrected[int(e.data.get("corrects") or 0)] = str(e.data.get("text") or "")

    def notice(self, month: str) -> dict[str, Any]:
        lines, published = self.lines, self.published
        start = bisect.bisect_left(published, month)
        closing_seq = bisect.bisect_right(published, month)
        shown = lines[start:closing_seq]
        before = self.before[start]
        amounts = [int(x["amount_fen"]) for x in shown]
        effects = [ledger_rules.line_effect(x) for x in shown]  # net of reversals, as the site
        head = lines[closing_seq - 1]["hash"] if closing_seq else witness.GENESIS
        # a line reversed within the month says so, as the accounts CSV's 冲正 column
        undone = {int(x["reverses"]): x["seq"] for x in shown if x.get("reverses")}
        # and the right one entered in its place (line format 5), when that is on it too
        righted = {int(x["replaces"]): x["seq"] for x in shown if x.get("replaces")}
        # lines a restore found again this month: where a lost line's money went
        found = found_in(shown) if any(x.get("kind") == "lost" for x in shown) else {}
        money = [{
            "seq": x["seq"], "date": str(x.get("date") or "")[:10],
            "kind": KIND_ZH.get(str(x.get("kind")), str(x.get("kind"))),
            "category": "—" if x.get("kind") == "lost" else _category_zh(x),
            # a fee's period as on the site: November's fee paid in December says so
            # whole, to a bound (the row wraps): what the money was for and to whom
            "text": _row_text(self.line_words(x.get("purpose"))
                              + (f"（{self.line_words(x.get('period'))}）" if x.get("period")
                                 else "")
                              + (f"（{self.line_words(x.get('payee'))}）" if x.get("payee")
                                 else "")
                              + (f" {x['household_ref']}" if x.get("household_ref") else ""),
                              _said_on_paper(x, self.line_words),
                              lost_note(x, month, found) if x.get("kind") == "lost"
                              else f"（原第 {found_from(x)} 笔，恢复备份时找回）" if found_from(x)
                              else ""),
            "reverses": x.get("reverses"), "reversed_by": undone.get(int(x["seq"])),
            "amount_fen": int(x["amount_fen"]),
            # only when there is one: every other notice's content (its drawing's key,
            # ``notice_cache``) stays as it was, not drawn again
            **({"replaces": int(x["replaces"])} if x.get("replaces") else {}),
            # the line it replaces on an earlier month's notice: which one, to find it
            **({"replaces_month": published[int(x["replaces"]) - 1]}
               if x.get("replaces") and not start < int(x["replaces"]) <= closing_seq
               and 0 < int(x["replaces"]) <= len(published) else {}),
            **({"replaced_by": righted[int(x["seq"])]} if int(x["seq"]) in righted else {}),
            # the line it reverses on an earlier month's notice: which one, to find it
            **({"reverses_month": published[int(x["reverses"]) - 1]}
               if x.get("reverses") and 0 < int(x["reverses"]) <= start else {}),
            **self._later(int(x["seq"]), start, closing_seq),
        } for x in shown]
        area, heads = self.area, self.heads
        mode, steward = self._mode(month)
        content = {
            "area": self.area_id, "area_name": area.name, "steward": steward,
            "mode": mode, "street": self.street, "compounds": self.compounds,
            "month": month, "url": notice_url(self.site_url, self.area_id, month),
            "site_url": self.site_url,
            # printed before the month is over: its figures are as of today, not its end
            "as_of_day": self.today.isoformat() if month >= f"{self.today:%Y-%m}" else "",
            "lines": money, "first_seq": shown[0]["seq"] if shown else None,
            "last_seq": shown[-1]["seq"] if shown else None,
            "opening_fen": before, "income_fen": sum(i for i, _ in effects),
            "expense_fen": sum(e for _, e in effects),
            "closing_fen": before + sum(amounts),
            # an opening balance booked this month: no income, but in the closing balance
            # (only when there is one: every other notice's content stays as it was)
            **({"carried_fen": carried, "carried_seq": next(  # the latest, if corrected
                x["seq"] for x in reversed(shown) if ledger_rules.carries(x))}
               if (carried := sum(ledger_rules.carried(x) for x in shown)) else {}),
            "categories": _by_category(shown),
            **_undone_earlier(money, shown),
            **restored_rows(shown),  # lines lost or found in a restore this month
            "year": self._year(month),
            "fees": self._fees(month, shown),
            # a fee's amount changed in or from the month: only then (others stay as were)
            **fee_change_rows(self.fee_changes, self.area.fees, month, self.words),
            "issues": issue_rows(self.issues, month, self.words, self.corrected, self.forgotten),
            "projects": self._projects(lines[:closing_seq], shown),
            "votes": vote_rows(self.proposals, month, self.words, notice_day(month, self.today)),
            "head": {"seq": closing_seq, "hash": head,
                     "as_of": str(lines[closing_seq - 1].get("published_at") or "")[:16]
                     .replace("T", " ") if closing_seq else "",
                     "signature": _signature(heads["by_area"].get(self.area_id, []),
                                             heads["key_history"], closing_seq, head, lines)},
            "public_key": heads["public_key"], "key_id": heads["key_id"],
            "check_url": check_url(self.site_url, self.area_id, closing_seq, head),
        }
        if heads.get("restart"):  # the log began anew after a lost key: said under the key
            content["restart"] = dict(heads["restart"])
        return reprinted(self.root, content, self.clock().isoformat(), lost={
            int(x["seq"]): (str(x.get("purpose") or ""), self.published[int(x["seq"]) - 1])
            for x in lines if x.get("kind") == "lost"})  # said so on a reprint

    def _mode(self, month: str) -> tuple[str, str]:
        """How the area was managed at the end of ``month``, and by whom: a notice of
        March printed again after the owners elected a committee in April still names
        the community's party group that ran March (before, every notice named today's).
        The steward body of a first mode kept before its body was kept with it (an older
        Steward) is not known: "" (the notice prints the mode alone)."""
        events = [e for e in self.modes if str(e.get("since") or "")[:7] <= month] \
            or self.modes[:1]
        event = events[-1]
        steward = event.get("steward")
        if steward is None and event is self.modes[-1]:
            steward = self.area.steward  # the mode of today: the street's body
        return Mode(event["mode"]).label_zh, str(steward or "")

    def _later(self, seq: int, start: int, end: int) -> dict[str, Any]:
        """Of line ``seq`` on the notice of lines start+1..end: when the right line in its
        place was entered after the notice's month, that line and its reversal with the
        months of their notices (``*month_of``, when not on this one), so the notice printed
        again says where they are. {} for every other line: a notice without one keeps
        its content (and its drawing) as it was."""
        right = self.replacement.get(seq)
        if right is None or right <= end:
            return {}
        undo = self.reversal.get(seq)
        out: dict[str, Any] = {"replaced_by": right,
                               "replaced_month": self.published[right - 1]}
        if undo is not None and undo > end:
            out.update(reversed_by=undo, reversed_month=self.published[undo - 1])
        return out

    def _year(self, month: str) -> dict[str, Any] | None:
        """On January's notice, the year before as its notices told it: the lines
        published from its January to its December (the twelve notices end to end),
        the balance it began and ended with, net of reversals, by category."""
        if month[5:7] != "01" or not month[:4].isdigit():
            return None
        year = str(int(month[:4]) - 1)
        start = bisect.bisect_left(self.published, f"{year}-01")
        end = bisect.bisect_left(self.published, month)
        if end == start:
            return None
        lines = self.lines[start:end]
        effects = [ledger_rules.line_effect(x) for x in lines]
        return {"year": year, "first_month": self.published[start],
                "last_month": self.published[end - 1],
                "first_seq": lines[0]["seq"], "last_seq": lines[-1]["seq"],
                "opening_fen": self.before[start], "closing_fen": self.before[end],
                **({"carried_fen": carried} if (carried := sum(
                    ledger_rules.carried(x) for x in lines)) else {}),
                "income_fen": sum(i for i, _ in effects),
                "expense_fen": sum(e for _, e in effects),
                "categories": _by_category(lines)}

    def _fees(self, month: str, shown: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The fee periods of the month (the month itself, or its year) and every other
        period a fee line of the month pays or reverses: a fee of December approved in
        January (or next year's paid ahead) is on January's notice, with its period,
        and what each period's lines of the month add up to is the month's income."""
        booked: dict[tuple[str, str], int] = {}  # (fee type, period) -> net in the month
        for x in shown:
            if x.get("kind") not in ("income", "reversal"):
                continue
            of = self.lines[int(x["reverses"]) - 1].get("entry") if x.get("reverses") \
                else x.get("entry")
            e = self.fee_of.get(int(of or 0))
            if e is not None:  # an expense's reversal is none
                key = fee_key(e)
                booked[key] = booked.get(key, 0) + ledger_rules.line_effect(x)[0]
        entries = self.fees.get(month, []) + self.fees.get(month[:4], [])
        entries += [e for period in sorted({p for _f, p in booked} - {month, month[:4]})
                    for e in self.fees.get(period, []) if fee_key(e) in booked]
        return fee_rows(entries, month, (self.households, self.units), booked)

    def _projects(self, booked: list[dict[str, Any]], shown: list[dict[str, Any]]
                  ) -> list[dict[str, Any]]:
        """The projects spent on this month: budget, spent by the month's end and in
        the month, counted as the site's project page counts (its lines' amounts)."""
        month_ids = {x.get("project") for x in shown if x.get("project")}
        out = []
        for e in self.proposals:
            if e.id not in month_ids:
                continue
            out.append({"id": e.id, "title": short_text(self.words(e.data.get("title")), 36),
                        "budget_fen": int(e.data.get("budget_fen") or 0),
                        "spent_fen": -sum(int(x["amount_fen"]) for x in booked
                                          if x.get("project") == e.id),
                        "month_fen": -sum(int(x["amount_fen"]) for x in shown
                                          if x.get("project") == e.id)})
        return out

