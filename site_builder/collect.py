"""Stage two of the build: read the store into plain dicts for the templates.

``collect(repo)`` runs under the store's lock (the bot may be writing), so it
only reads and copies; no rendering, no file I/O except asking the media
store whether a photo exists. What it returns holds only what the public may
see:

* entries that a volunteer approved (or that are public by nature, such as
  announcements, open proposals and the volunteers' replies to opinions);
  never pending, rejected or withdrawn registrations, never votes one by one;
* roles (物管会委员, 居民), never persons: no name, Telegram id, username or
  phone, and households at most as compound / building / unit;
* text people typed, with phone and ID numbers and the numbers the street's
  settings list masked (``db.redact``, the same redaction the ledger lines
  had before they were chained); it is escaped later, at rendering.

Times stay ISO 8601 strings from the store. "Now" is never read from the
clock, so the same store always gives the same site: ``as_of`` is the
store's latest public change, and an open issue carries the day it was
accepted (``since``), from which the page's script counts the days waited.

Each area's part depends only on that area and the street, so a caller that
keeps a ``cache`` between calls has only the changed areas collected again.
Besides the records it holds the sums its pages show: for each year of the
ledger the income and spending by category (net of reversals), every month
and the largest expenses; each issue's year and page (a page per year); and,
set for the street's year on every run, the year's figures and main fee's
collection rate shown on the home page.
"""

from __future__ import annotations

import contextlib
import heapq
import statistics
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from typing import Any

from db import fees as fee_rules
from db import labels, results, voice
from db import ledger as ledger_rules
from db.entries import OPEN_ISSUE, PUBLIC_STATUSES, Entry, Kind, Status
from db.errors import DomainError, IntegrityError
from db.matters import matter_of_proposal
from db.media import MediaStore, is_ref
from db.money import format_fen
from db.opinions import replies_by_opinion
from db.places import Street
from db.proxy import proxy_label
from db.redact import Redactor, receipt_shown, redactor

from . import civic
from .exports import FEED_SIZE
from .heads import area_signed, collect_heads
from .modes import mode_history
from .notice import area_notices, notice_years, notices_enabled
from .proposals import close_request, closed_early, election, withdrawn
from .shared import share

__all__ = ["collect", "street_info", "status_zh", "issue_summary", "PUBLIC_ISSUE", "OPEN_ISSUE",
           "YEAR_FEE"]

_PER_ZH = {"household": "按户收取", "unit": "按单元收取", "area": "全区统一收取"}
_EVERY = {"year": "/年", "month": "/月"}

# Issues and proposals the public sees (defined once, in db.entries).
PUBLIC_ISSUE = PUBLIC_STATUSES[Kind.ISSUE]
PUBLIC_PROPOSAL = PUBLIC_STATUSES[Kind.PROPOSAL]


def _zh(table: dict[str, labels.Label], code: object, default: str | None = "") -> str:
    """The Chinese word for ``code`` (``default`` when unknown; None: the code itself)."""
    return labels.label(table, code, "zh", default)


def status_zh(kind: object, status: object) -> str:
    """The site's word for an entry of ``kind`` in ``status`` (the bot's, in Chinese)."""
    return labels.status_label(kind, status, "zh")


TOP_EXPENSES = 5  # the largest expenses shown for each year


def _photos(*values: Any) -> list[str]:
    """Photo references found in data fields (a list, or one reference)."""
    out: list[str] = []
    for value in values:
        items = value if isinstance(value, list | tuple) else [value]
        for ref in items:
            if is_ref(ref) and str(ref).endswith(".jpg") and ref not in out:
                out.append(str(ref))
    return out


def _days(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    try:
        delta = datetime.fromisoformat(end) - datetime.fromisoformat(start)
    except ValueError:
        return None
    return max(delta.total_seconds(), 0) / 86400


def _first(entry: Entry, to: str) -> str | None:
    return next((h["at"] for h in entry.history if h.get("to") == to), None)


def _last(entry: Entry, to: str) -> str | None:
    return next((h["at"] for h in reversed(entry.history) if h.get("to") == to), None)


def _place(street: Street, data: dict[str, Any], redact: Redactor) -> str:
    """Where an issue is, at most to the unit; free text as the resident typed it."""
    hid = data.get("household")
    if hid:
        try:
            return street.household_label(str(hid), public=True)
        except KeyError:
            return ""
    return redact(data.get("place") or data.get("unit_label") or "")


def _proxy(data: dict[str, Any]) -> str:
    """"由网格员甲代为登记" for an entry a volunteer recorded for a household (db.proxy)."""
    role = data.get("proxy")
    return proxy_label(str(role)) if isinstance(role, str) and role else ""



NOTE_STEP = "note"  # an issue's step that is a further progress note

class _Remembering(Redactor):
    """The street's redaction, remembering its answer for short texts: the purposes,
    payees and periods of ledger lines come back thousands of times."""

    __slots__ = ("_seen",)

    def __init__(self, base: Redactor) -> None:
        self.numbers, self._listed = base.numbers, base._listed
        self._seen: dict[str, str] = {}

    def __call__(self, value: object) -> str:
        if type(value) is not str or len(value) > 40:
            return super().__call__(value)
        got = self._seen.get(value)
        if got is None:
            got = self._seen[value] = super().__call__(value)
        return got


class _Collector:
    def __init__(self, repo: Any) -> None:
        self.repo = repo
        self.street: Street = repo.street
        self.media = MediaStore(repo.store.root)
        self.redact: Redactor = _Remembering(redactor(repo.settings))
        self.photos: set[str] = set()  # every photo the site may show
        self.missing: set[str] = set()  # photos named but not in the media store
        self.stamps: list[str] = []  # every public time, for as_of

    def keep(self, refs: list[str]) -> list[str]:
        """The references that exist in the media store; remembered for copying."""
        kept = [r for r in refs if self.media.exists(r)]
        self.photos.update(kept)
        if len(kept) < len(refs):
            self.missing.update(r for r in refs if r not in kept)
        return kept

    # -- the street ------------------------------------------------------------

    def run(self, cache: dict[str, Any] | None = None, stale: set[str] | None = None,
            each: Callable[[dict[str, Any]], None] | None = None,
            lock: Any = None, kept: Any = None, workers: int | None = 1,
            gather: tuple[Callable[[], Any], Callable[[Any], None]] | None = None
            ) -> dict[str, Any]:
        """The street; with a ``cache`` (kept by the caller between runs), an area
        not in ``stale`` is taken from it instead of being collected again. ``each``
        is given every area collected, as soon as it is (the builder renders and
        writes it, and keeps only what the street's pages need: ``build.slim_area``);
        ``lock`` is held while the store is read, an area at a time. ``kept``
        (``area_cache.AreaCache``): an area found in neither is taken from there when
        an earlier build made it from the same data (its files are on disk: the
        caller keeps them), and every area collected is given to it after ``each``.

        The areas to collect are collected (and given to ``each``) by ``workers``
        processes (``site_builder.shared``; ``None``: as the CPUs): the first here, the
        others by whichever process is free. What ``each`` and ``kept`` gathered in
        the other process comes back through ``gather``: the caller's pair of
        functions, one taking it there once its areas are done, one merging it here."""
        street = self.street
        lock = lock if lock is not None else contextlib.nullcontext()
        with lock:
            self.heads = collect_heads(self.repo)
        todo = []  # the areas to collect
        gots: dict[str, Any] = {}
        recollected = []  # areas not in ``stale`` collected again: new signed heads
        for a in street.areas:
            got: Any = cache.get(a.id) if cache is not None and stale is not None \
                and a.id not in stale else None
            if got is not None and got[0]["signed"]["seen"] != self._heads_seen(a.id):
                got = None
                recollected.append(a.id)
            if got is None:
                todo.append(a)
            else:
                gots[a.id] = got

        def one(a: Any) -> Any:
            return self._one(a, stale, each, lock, kept)

        if todo:
            first = one(todo[0])  # here, before a fork: what it loads, both then share
            made, tails = share(todo[1:], one, workers=workers, least=2,
                                tail=gather[0] if gather is not None else None)
            made.insert(0, first)
            for tail in tails:
                if gather is not None:
                    gather[1](tail)
            for a, got in zip(todo, made, strict=True):
                gots[a.id] = got
                if cache is not None:
                    cache[a.id] = got
        areas = []
        stamps: list[str] = []
        photos: set[str] = set()
        for a in street.areas:
            got = gots[a.id]
            areas.append(got[0])
            stamps += got[1]
            photos |= got[2]
        if cache is not None:
            for gone in set(cache) - {a.id for a in street.areas}:
                del cache[gone]
        self.photos = photos
        as_of = max(stamps, default="")
        events = sorted((e for a in areas for e in a["events"]),
                        key=lambda e: (e["at"], e["area"], e["key"]), reverse=True)
        year = as_of[:4] if as_of[:4].isdigit() else max(
            (a["current_year"] for a in areas if a["current_year"]), default="")
        for area in areas:
            area["this_year"] = _year_figures(area, year)
        with lock:
            stewards = self.stewards()
        return {
            "street": street_info(street),
            "as_of": as_of,
            "year": year,
            "areas": areas,
            "events": events,
            "stats": self.stats(areas),
            "issue_categories": {code: w.zh for code, w in labels.ISSUE_CATEGORY.items()},
            "stewards": stewards,
            "photos": sorted(self.photos),
            "heads": self.heads,
            "recollected": recollected,
        }

    def _one(self, a: Any, stale: set[str] | None, each: Any, lock: Any,
             kept: Any) -> tuple[dict[str, Any], list[str], set[str]]:
        """One area collected (``run``), or taken from ``kept``: its data, public times
        and photos."""
        self.stamps, self.photos, self.missing = [], set(), set()
        collected = None
        got = None
        with lock:  # the key and the data it is the key of, read at one time
            key = kept.key(self.repo, a.id, self.heads) if kept is not None else ""
            if key and (stale is None or a.id not in stale):
                got = kept.take(a.id, key, self.media)
            if got is None:
                collected = self.area(a)
        if collected is None:
            assert got is not None
            return got
        if each is not None:
            each(collected)  # rendering it reads some of its partitions again
        if kept is not None:
            kept.put(a.id, key, collected, self.stamps, self.photos, self.missing)
        with lock:
            self.repo.store.let_go()  # its partitions: the next area reads its own
        return collected, self.stamps, self.photos

    def stewards(self) -> list[dict[str, Any]]:
        """Each area's pseudonyms (网格员甲) with their role and since when they act:
        public, so anyone can check that who recorded a line and who approved it
        differ; who they are is not (``Repository.pseudonyms``)."""
        marks = self.repo.pseudonyms()
        return [{"id": a.id, "name": a.name,
                 "marks": [{"pseudonym": m["pseudonym"], "title": m["title"],
                            "since": str(m["since"] or "")[:10],
                            "until": str(m["until"] or "")[:10]}
                           for m in marks if m["area"] == a.id]}
                for a in self.street.areas]

    def _heads_seen(self, area: str) -> int:
        records = self.heads["by_area"].get(area)
        return records[-1]["n"] if records else 0

    # -- one area --------------------------------------------------------------

    def area(self, area: Any) -> dict[str, Any]:
        street = self.street
        compounds = []
        for cid in area.compounds:
            comp = street.compound(cid)
            compounds.append({
                "id": comp.id, "name": comp.name, "built": comp.built,
                "community": street.community(comp.community).name,
                "buildings": len(comp.buildings), "households": len(comp.households()),
            })
        entries = self.repo.entries(area=area.id)
        lines = self.repo.ledger(area.id)
        out: dict[str, Any] = {
            "id": area.id, "name": area.name, "mode": str(area.mode),
            "mode_zh": area.mode.label_zh, "steward": area.steward, "compounds": compounds,
            "households": sum(c["households"] for c in compounds),
        }
        self.corrected = self.corrections(entries)
        out.update(self.accounts(area.id, lines))
        out["signed"] = area_signed(self.heads, area.id, lines)
        out["notices"] = area_notices(self.repo, area.id, lines, entries, self.heads) \
            if notices_enabled() else []
        out["notice_years"] = notice_years(out["notices"])
        out["fees"] = self.fees(area.id, entries)
        out["issues"] = self.issues(entries)
        out.update(_issue_years(out["issues"]))
        out["proposals"] = self.proposals(area.id, entries, out["lines"])
        out["modes"] = mode_history(self.repo, area.id, self.redact)
        out["announcements"] = self.notes(entries, Kind.ANNOUNCEMENT)
        out["progress_notes"] = [n for n in self.notes(entries, Kind.PROGRESS_NOTE)
                                 if not n["opinion"]]
        issue_page = {i["id"]: i["page"] for i in out["issues"]}
        for note in out["progress_notes"]:  # the public issue it is about, linked
            note["issue_page"] = issue_page.get(note["issue"])
        out["opinions"] = self.opinions(entries)
        out["meetings"] = civic.meetings(entries, self.redact, self.stamps)
        out["questions"] = civic.questions(entries, out["lines"], out["proposals"],
                                           out["meetings"], self.redact, self.stamps)
        out["events"] = self.events(out)
        out["last_update"] = max((e["at"] for e in out["events"]), default="")
        return out

    def corrections(self, entries: list[Entry]) -> dict[int, dict[str, Any]]:
        """The latest approved correction of each corrected entry: a published text is
        never edited, its correction is shown with it (``db.privacy``)."""
        out: dict[int, dict[str, Any]] = {}
        for e in entries:
            if e.kind != Kind.CORRECTION or e.status != Status.APPROVED:
                continue
            at = _first(e, "approved") or e.updated
            self.stamps.append(at)
            out[int(e.data.get("corrects") or 0)] = {
                "id": e.id, "at": at, "role": e.author_role,
                "text": self.redact(e.data.get("text")),
                "reason": self.redact(e.data.get("reason"))}
        return out

    def text_of(self, e: Entry) -> str:
        """The public text of an entry: as corrected, when it was."""
        fixed = self.corrected.get(e.id)
        if fixed:
            return str(fixed["text"])
        if e.data.get("voice") and (voice.needs_summary(e.data)
                                    or e.data.get("text") == voice.PLACEHOLDER):
            return voice.public_text(e.data)  # never the draft's placeholder
        return self.redact(e.data.get("text"))

    def accounts(self, area_id: str, raw: list[dict[str, Any]]) -> dict[str, Any]:
        try:
            head = ledger_rules.verify_chain(area_id, raw)
            chain_ok, chain_error = True, ""
        except IntegrityError as exc:
            head = raw[-1]["hash"] if raw else ledger_rules.GENESIS
            chain_ok, chain_error = False, str(exc)
        lines = []
        for line in raw:
            # A fee's receipt is never shown (lines chained before that rule carry the
            # photo's reference: it is not published either); an expense's invoice is.
            receipt = self.keep(_photos(receipt_shown(line.get("kind"), line.get("receipt"),
                                                      public=True)))
            category = line.get("category") or ""
            label = _zh(labels.FEE_TYPE if line.get("kind") == "income" or line.get("fee_type")
                        else labels.EXPENSE_CATEGORY, category, None)
            lines.append({
                "seq": line["seq"], "entry": line.get("entry"), "kind": line.get("kind"),
                "kind_zh": _zh(labels.LINE_KIND, line.get("kind"), None),
                "date": line.get("date") or "", "amount_fen": int(line["amount_fen"]),
                "category": category, "category_zh": label,
                "purpose": self.redact(line.get("purpose")),
                "payee": self.redact(line.get("payee")),
                "period": self.redact(line.get("period")), "project": line.get("project"),
                "household_ref": line.get("household_ref") or "",
                "receipt": receipt[0] if receipt else None,
                "receipt_checked": bool(line.get("receipt")) and not receipt,
                "recorded_by": line.get("recorded_by") or "",
                "approved_by": line.get("approved_by") or "",
                "reverses": line.get("reverses"), "note": self.redact(line.get("note")),
                # Public to the day (older lines were chained with the second).
                "published_at": (line.get("published_at") or "")[:10] or None,
                "hash": line.get("hash") or "", "prev": line.get("prev") or "",
            })
            if lines[-1]["published_at"]:
                self.stamps.append(lines[-1]["published_at"])
        reversed_by = {line["reverses"]: line["seq"] for line in lines if line["reverses"]}
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
        figures = ledger_rules.figures(raw)  # every figure of the page, in one computation
        months = {m["month"]: {"income": m["income"], "expense": m["expense"]}
                  for m in figures["months"]}
        totals = {y["year"]: y for y in figures["years"]}
        of_year: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for x in lines:
            of_year[x["year"]].append(x)
        return {
            "lines": lines,
            "current_year": current,
            "years": [{"year": y, "page": "accounts" if y == current else f"accounts-{y}",
                       "count": counts[y], **_year_money(of_year[y], y, months, totals.get(y))}
                      for y in sorted(counts, reverse=True)],
            # Net of reversals: a reversed fee is no income, a reversed expense no expense;
            # the months add up to the years, the years to these, these to the balance.
            "balance_fen": figures["balance_fen"], "income_fen": figures["income_fen"],
            "expense_fen": figures["expense_fen"], "months": figures["months"],
            "month_totals": months,
            "chain": {"seq": len(raw), "head": head, "ok": chain_ok, "error": chain_error},
            "raw_lines": raw,  # as the store gave them (copies): the downloads read them
        }

    def fees(self, area_id: str, entries: list[Entry]) -> list[dict[str, Any]]:
        """Collection per fee type and period, counted by who pays it (households,
        units, or the whole area: ``db.fees.collection``); the household ids stay
        there: the page shows only buildings and counts."""
        out = fee_rules.collection(self.street, area_id, entries)
        for p in out:
            p["fee_type_zh"] = _zh(labels.FEE_TYPE, p["fee_type"], None)
            p["per_zh"] = _PER_ZH[p["per"]]
            p["by_unit"] = 0  # fees of whole units are counted as units, in their own row
            try:
                fee = fee_rules.schedule(self.street, area_id, p["fee_type"])
            except DomainError:  # no longer in the schedule
                fee = None
            p["period"] = self.redact(p["period"])  # as a resident typed it
            p["standard"] = (f"{format_fen(fee.amount_fen)}/{p['payer_word'].lstrip('个')}"
                             f"{_EVERY.get(fee.period or '', '')}"
                             if fee is not None and fee.amount_fen and fee.per == p["per"]
                             else "")
        return out

    def issues(self, entries: list[Entry]) -> list[dict[str, Any]]:
        notes = self.notes_by_issue(entries)
        out = []
        for e in entries:
            if e.kind != Kind.ISSUE or e.status not in PUBLIC_ISSUE:
                continue
            d = e.data
            approved_at = _first(e, "approved")
            steps = []
            for h in e.history:
                if h.get("to") in (None, "pending"):
                    continue
                steps.append({"at": h["at"], "role": h.get("role") or "",
                              "to": h.get("to"),
                              "to_zh": status_zh(e.kind, h.get("to")),
                              "note": self.redact(h.get("note")),
                              "photos": self.keep(_photos(h.get("photos")))})
                self.stamps.append(h["at"])
            if e.id in notes:  # further progress notes, in their place among the steps
                steps = sorted(steps + notes[e.id], key=lambda s: s["at"])
            is_open = e.status in OPEN_ISSUE
            start = approved_at or e.created
            resolved_at = None if is_open else (_last(e, "resolved") or _last(e, "closed"))
            out.append({
                "id": e.id, "status": str(e.status),
                "status_zh": status_zh(e.kind, e.status), "open": is_open,
                "category": d.get("category") or "other",
                "category_zh": _zh(labels.ISSUE_CATEGORY, d.get("category") or "other"),
                "text": self.text_of(e), "corrected": self.corrected.get(e.id),
                "place": _place(self.street, d, self.redact),
                "photos": self.keep(_photos(d.get("photos"), d.get("photo"))),
                "me_too": len(d.get("me_too") or []),
                "created": e.created, "approved_at": approved_at,
                "resolved_at": resolved_at,
                # An open issue's wait is counted to today by the page's script
                # from ``since`` (the page itself never changes with the clock);
                # a finished one took ``age_days``.
                "since": (start or "")[:10],
                "age_days": None if is_open else _days(start, resolved_at),
                "close_reason_zh": _zh(labels.CLOSE_REASON, d.get("close_reason")),
                "updated": e.updated, "steps": steps, "author_role": e.author_role,
                "proxy": _proxy(d),
            })
        return out

    def proposals(self, area_id: str, entries: list[Entry],
                  lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        votes_by_proposal: dict[int, list[Entry]] = defaultdict(list)
        opinions: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for e in entries:
            if e.kind == Kind.VOTE and e.status == Status.COUNTED:
                votes_by_proposal[int(e.data.get("proposal") or 0)].append(e)
            elif e.kind == Kind.OPINION and e.status == Status.APPROVED and e.data.get("proposal"):
                try:
                    key = int(e.data["proposal"])
                except (TypeError, ValueError):
                    continue
                opinions[key].append({"at": e.created, "text": self.text_of(e),
                                      "corrected": self.corrected.get(e.id)})
        by_project: dict[str, list[dict[str, Any]]] = defaultdict(list)  # lines of each project
        for x in lines:
            if x.get("project"):
                by_project[str(x["project"])].append(x)
        out = []
        for e in entries:
            if e.kind != Kind.PROPOSAL or e.status not in PUBLIC_PROPOSAL:
                continue
            d = e.data
            matter = matter_of_proposal(d)
            # While a vote is open the public sees who took part, never how: no count
            # or area per choice reaches the templates, the downloads or the feed.
            turnout = (results.participation(self.repo.tally(e.id), matter)
                       if e.status == Status.OPEN else None)
            outcome = (results.outcome(d["result"])
                       if e.status in (Status.PASSED, Status.FAILED) and d.get("result")
                       else None)
            linked = by_project.get(str(e.id), [])
            stages: list[dict[str, Any]] = [{"at": s.get("at") or "", "stage": s.get("stage") or "",
                       "stage_zh": _zh(labels.STAGE, s.get("stage")),
                       "note": self.redact(s.get("note")), "role": s.get("role") or "",
                       "photos": self.keep(_photos(s.get("photos")))}
                      for s in d.get("stages") or []]
            self.stamps.extend(h["at"] for h in e.history)
            self.stamps.extend(str(s["at"]) for s in stages if s["at"])
            chosen = election(e, self.redact)
            out.append({
                "election": chosen, "kind_zh": "选举" if chosen else "提议",
                "id": e.id, "title": self.redact(d.get("title")),
                "description": self.redact(d.get("description")),
                "budget_fen": int(d.get("budget_fen") or 0), "rule": matter.rule,
                "rule_zh": _zh(labels.RULE, matter.rule, None),
                "matter": matter.code, "matter_zh": matter.cite_zh(),
                "needs_zh": matter.needs_zh(), "joint": matter.joint,
                "special": matter.special, "deadline": str(d.get("deadline") or "")[:10],
                "status": str(e.status), "status_zh": chosen["status_zh"] if chosen
                else status_zh(e.kind, e.status),
                "created": e.created, "closed_at": _last(e, str(e.status))
                if e.status != Status.OPEN else None,
                "participation": turnout, "outcome": outcome,
                "closed_by": e.history[-1].get("role", "") if outcome else "",
                "closed_early": closed_early(d, self.redact),
                "close_request": close_request(e, self.redact),
                "withdrawn": withdrawn(e, self.redact) if e.status == Status.WITHDRAWN else None,
                "paper_votes": sum(1 for v in votes_by_proposal[e.id] if v.data.get("paper")),
                "opinions": opinions.get(e.id, []),
                "project": e.status == Status.PASSED and chosen is None,
                "stage": d.get("stage") or "",
                "stage_zh": _zh(labels.STAGE, d.get("stage") or "planned"),
                "stages": stages, "expenses": linked,
                "spent_fen": -sum(x["amount_fen"] for x in linked),
            })
        return out

    def notes_by_issue(self, entries: list[Entry]) -> dict[int, list[dict[str, Any]]]:
        """Issue id -> its published progress notes (a /progress on an issue already in
        progress), as steps of the issue ("进展"), oldest first."""
        out: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for e in entries:
            issue = e.data.get("issue")
            if e.kind != Kind.PROGRESS_NOTE or e.status != Status.PUBLISHED \
                    or not isinstance(issue, int):
                continue
            out[issue].append({"at": e.created, "role": e.author_role, "to": NOTE_STEP,
                               "to_zh": "进展", "note": self.text_of(e),
                               "photos": self.keep(_photos(e.data.get("photos"),
                                                           e.data.get("photo")))})
        return out

    def notes(self, entries: list[Entry], kind: Kind) -> list[dict[str, Any]]:
        out = []
        for e in entries:
            if e.kind != kind or e.status != Status.PUBLISHED:
                continue
            self.stamps.append(e.created)
            out.append({"id": e.id, "at": e.created, "role": e.author_role,
                        "title": self.redact(e.data.get("title")),
                        "text": self.text_of(e), "corrected": self.corrected.get(e.id),
                        "photos": self.keep(_photos(e.data.get("photos"), e.data.get("photo"))),
                        "opinion": e.data.get("opinion") if kind == Kind.PROGRESS_NOTE
                        else None,
                        "issue": e.data.get("issue") if kind == Kind.PROGRESS_NOTE
                        else None})
        out.sort(key=lambda n: (n["at"], n["id"]), reverse=True)
        return out

    def opinions(self, entries: list[Entry]) -> list[dict[str, Any]]:
        """Approved general opinions (not about a proposal: those are on the votes
        page), newest first, each with the volunteers' replies, oldest first."""
        replies = replies_by_opinion(entries)
        out = []
        for e in entries:
            if e.kind != Kind.OPINION or e.status != Status.APPROVED or e.data.get("proposal"):
                continue
            at = _first(e, "approved") or e.created
            self.stamps.append(at)
            answers = []
            for r in replies.get(e.id, []):
                self.stamps.append(r.created)
                answers.append({"id": r.id, "at": r.created, "role": r.author_role,
                                "text": self.text_of(r), "corrected": self.corrected.get(r.id)})
            out.append({"id": e.id, "at": e.created, "published_at": at,
                        "text": self.text_of(e), "corrected": self.corrected.get(e.id),
                        "replies": answers, "proxy": _proxy(e.data)})
        out.sort(key=lambda o: (o["at"], o["id"]), reverse=True)
        return out

    # -- what changed ------------------------------------------------------------

    def events(self, area: dict[str, Any]) -> list[dict[str, Any]]:
        """Public changes of an area, for its overview and the street's feed."""
        aid, out = area["id"], []
        kind = {code: word.zh for code, word in labels.KIND.items()}

        def add(at: str | None, key: str, page: str, anchor: str, title: str,
                text: str = "") -> None:
            if at:
                out.append({"at": at, "area": aid, "area_name": area["name"], "key": key,
                            "page": page, "anchor": anchor, "title": title, "text": text})

        for line in area["lines"]:
            add(line["published_at"], f"ledger-{line['seq']}", line["page"], f"line-{line['seq']}",
                f"账目第 {line['seq']} 笔：{line['kind_zh']} {format_fen(abs(line['amount_fen']))}",
                line["purpose"])
        for issue in area["issues"]:
            for n, step in enumerate(issue["steps"]):
                if step["to"] == NOTE_STEP:  # in the feed as the note itself
                    continue
                add(step["at"], f"issue-{issue['id']}-{n}", issue["page"], f"issue-{issue['id']}",
                    f"{kind['issue']} #{issue['id']}（{issue['category_zh']}）：{step['to_zh']}",
                    step["note"] or issue["text"])
        for p in area["proposals"]:
            add(p["created"], f"proposal-{p['id']}", "votes", f"proposal-{p['id']}",
                f"{p['kind_zh']} #{p['id']} 开始{'投票' if p['election'] else '表决'}", p["title"])
            if p["withdrawn"]:
                add(p["closed_at"], f"proposal-{p['id']}-result", "votes", f"proposal-{p['id']}",
                    f"{kind['proposal']} #{p['id']} {p['status_zh']}",
                    f"{p['title']}（理由：{p['withdrawn']['reason']}）")
            elif p["closed_at"]:
                early = "（提前结束）" if p["closed_early"] else ""
                add(p["closed_at"], f"proposal-{p['id']}-result", "votes", f"proposal-{p['id']}",
                    f"{p['kind_zh']} #{p['id']} {'选举' if p['election'] else '表决'}结果{early}："
                    f"{p['status_zh']}",
                    p["title"])
            for n, s in enumerate(p["stages"]):
                add(s["at"], f"project-{p['id']}-{n}", "projects", f"project-{p['id']}",
                    f"项目 #{p['id']}：{s['stage_zh']}", s["note"] or p["title"])
        for m in area["modes"][1:]:
            add(m["at"], f"mode-{m['since']}-{m['mode']}", "index", "mode",
                f"管理方式：{m['from_zh']} → {m['mode_zh']}", m["reason"])
        for a in area["announcements"]:
            add(a["at"], f"announcement-{a['id']}", "announcements", f"announcement-{a['id']}",
                f"{kind['announcement']} #{a['id']}", a["title"] or a["text"])
        for note in area["progress_notes"]:
            add(note["at"], f"note-{note['id']}", "announcements", f"note-{note['id']}",
                f"{kind['progress_note']} #{note['id']}", note["text"])
        for o in area["opinions"]:
            add(o["published_at"], f"opinion-{o['id']}", "opinions", f"opinion-{o['id']}",
                f"{kind['opinion']} #{o['id']}", o["text"])
            for r in o["replies"]:
                add(r["at"], f"opinion-{o['id']}-reply-{r['id']}", "opinions",
                    f"opinion-{o['id']}", f"{kind['opinion']} #{o['id']}：{r['role']}回复",
                    r["text"])

        civic.civic_events(area, add)

        def corrected(item: dict[str, Any], page: str, anchor: str, what: str) -> None:
            fixed = item.get("corrected")
            if fixed:
                add(fixed["at"], f"correction-{fixed['id']}", page, anchor,
                    f"{kind['correction']}：{what}", fixed["reason"] or item["text"])

        for issue in area["issues"]:
            corrected(issue, "issues", f"issue-{issue['id']}", f"{kind['issue']} #{issue['id']}")
        for p in area["proposals"]:
            for o in p["opinions"]:
                corrected(o, "votes", f"proposal-{p['id']}", f"{kind['opinion']}")
        for o in area["opinions"]:
            corrected(o, "opinions", f"opinion-{o['id']}", f"{kind['opinion']} #{o['id']}")
        for a in area["announcements"]:
            corrected(a, "announcements", f"announcement-{a['id']}",
                      f"{kind['announcement']} #{a['id']}")
        for note in area["progress_notes"]:
            corrected(note, "announcements", f"note-{note['id']}",
                      f"{kind['progress_note']} #{note['id']}")
        # Newest first; the pages and the feed show no more than the feed's length of them.
        return heapq.nlargest(FEED_SIZE, out, key=lambda e: (e["at"], e["key"]))

    # -- the street's statistics -----------------------------------------------

    def stats(self, areas: list[dict[str, Any]]) -> dict[str, Any]:
        by_cat: dict[str, dict[str, Any]] = {
            code: {"code": code, "label": label, "total": 0, "open": 0, "done": 0, "days": []}
            for code, label in ((c, w.zh) for c, w in labels.ISSUE_CATEGORY.items())}
        all_days: list[float] = []
        for area in areas:
            summary = area["issue_stats"] if "issue_stats" in area else \
                issue_summary(area["issues"])
            for code, label, total, open_, done, days in summary:
                row = by_cat.setdefault(code, {"code": code, "label": label, "total": 0,
                                               "open": 0, "done": 0, "days": []})
                row["total"] += total
                row["open"] += open_
                row["done"] += done
                row["days"] += days
                all_days += days
        categories = []
        for row in by_cat.values():
            days = row.pop("days")
            row["median_days"] = statistics.median(days) if days else None
            categories.append(row)
        return {
            "categories": categories,
            "median_days": statistics.median(all_days) if all_days else None,
            "resolved": len(all_days),
            "money": [{"id": a["id"], "name": a["name"], "income_fen": a["income_fen"],
                       "expense_fen": a["expense_fen"], "balance_fen": a["balance_fen"]}
                      for a in areas],
        }


# -- sums over what was collected (plain data, no store) -------------------------------


def _side(line: dict[str, Any]) -> str:
    """Which side of the accounts a line counts on: a fee and the reversal of a fee
    are income, an expense and the reversal of an expense are spending (a
    reversal carries the negated amount of the line it undoes)."""
    kind = line["kind"]
    if kind == "income" or (kind == "reversal" and line["amount_fen"] < 0):
        return "income"
    return "expense"


def _year_money(lines: list[dict[str, Any]], year: str, months: dict[str, dict[str, int]],
                totals: dict[str, Any] | None) -> dict[str, Any]:
    """Where one year's money came from and went: its totals net of reversals (those
    of ``db.ledger.figures``, ``totals``, with the balance at the year's end), by
    category (each line counted by ``db.ledger.line_effect``, so they add up to the
    totals), every month of the year (empty ones too) and the largest expenses."""
    cats: dict[tuple[str, str], dict[str, Any]] = {}
    for x in lines:
        side = _side(x)
        key = (side, x["category"] or "other")
        row = cats.setdefault(key, {"side": side, "category": key[1],
                                    "label": x["category_zh"] or "其他", "fen": 0, "count": 0})
        # income positive, spending positive: a reversal takes its line's amount back
        row["fen"] += ledger_rules.line_effect(x)[0 if side == "income" else 1]
        row["count"] += 0 if x["kind"] == "reversal" else 1
    income = int(totals["income"]) if totals else 0
    expense = int(totals["expense"]) if totals else 0
    rows = sorted(cats.values(), key=lambda r: (r["side"] != "income", -r["fen"], r["label"]))
    for r in rows:
        total = income if r["side"] == "income" else expense
        r["share_pct"] = f"{100 * r['fen'] / total:.1f}" if total > 0 else "—"
    top = sorted((x for x in lines if x["kind"] == "expense" and not x["reversed_by"]),
                 key=lambda x: (x["amount_fen"], x["seq"]))[:TOP_EXPENSES]
    return {
        "income_fen": income, "expense_fen": expense, "net_fen": income - expense,
        "balance_fen": int(totals["balance"]) if totals else 0,
        "categories": rows,
        "months": [{"month": f"{year}-{m:02d}", "label": f"{m}月",
                    **months.get(f"{year}-{m:02d}", {"income": 0, "expense": 0})}
                   for m in range(1, 13)] if year.isdigit() else [],
        "top_expenses": top,
    }


def _issue_years(issues: list[dict[str, Any]]) -> dict[str, Any]:
    """Each issue's year (when it was reported) and page: the latest year on
    ``issues``, each earlier one on ``issues-<year>``."""
    years = {str(i["created"])[:4] for i in issues if str(i["created"])[:4].isdigit()}
    current = max(years, default="")
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for i in issues:
        year = str(i["created"])[:4]
        year = year if year.isdigit() else current
        i["year"] = year
        i["page"] = "issues" if year == current else f"issues-{year}"
        counts[year][0 if i["open"] else 1] += 1
    return {"issues_year": current,
            "issue_years": [{"year": y, "page": "issues" if y == current else f"issues-{y}",
                             "count": sum(counts[y]), "open": counts[y][0]}
                            for y in sorted(counts, reverse=True)]}


def issue_summary(issues: list[dict[str, Any]]) -> list[tuple[str, str, int, int, int,
                                                               list[float]]]:
    """An area's issues by category, in the order their categories first come:
    (code, label of the first, total, open, done, days each resolved one took), for
    the street's statistics (``_Collector.stats``)."""
    rows: dict[str, list[Any]] = {}
    for issue in issues:
        row = rows.setdefault(issue["category"], [issue["category_zh"], 0, 0, 0, []])
        row[1] += 1
        row[2 if issue["open"] else 3] += 1
        if issue["status"] == "resolved" and issue["age_days"] is not None:
            row[4].append(issue["age_days"])
    return [(code, label, total, open_, done, days)
            for code, (label, total, open_, done, days) in rows.items()]


# What ``_year_figures`` reads of a fee period (``build.slim_area`` keeps no more).
YEAR_FEE = ("period", "per", "fee_type", "paid", "amount_fen", "rate_pct", "households",
            "by_unit", "payer_word", "fee_type_zh")


def _year_figures(area: dict[str, Any], year: str) -> dict[str, Any]:
    """One area's figures for the street's home page: the year's income and
    spending, and the collection rate of its main fee's latest period that year
    (the fee type most households paid that year)."""
    money = next((y for y in area["years"] if y["year"] == year), None)
    periods = [p for p in area["fees"] if str(p["period"]).startswith(year)] if year else []
    # the rate of a fee paid per household says the most; then one paid per unit
    periods = [p for p in periods if p["per"] == "household"] or \
        [p for p in periods if p["per"] == "unit"]
    fee = None
    if periods:
        paid: dict[str, tuple[int, int]] = defaultdict(lambda: (0, 0))
        for p in periods:
            households, fen = paid[p["fee_type"]]
            paid[p["fee_type"]] = (households + p["paid"], fen + p["amount_fen"])
        main = max(sorted(paid), key=lambda f: paid[f])
        fee = max((p for p in periods if p["fee_type"] == main), key=lambda p: p["period"])
    return {"year": year, "income_fen": money["income_fen"] if money else 0,
            "expense_fen": money["expense_fen"] if money else 0,
            "fee": None if fee is None else {"rate_pct": fee["rate_pct"], "paid": fee["paid"],
                                             "households": fee["households"],
                                             "by_unit": fee["by_unit"],
                                             "payer_word": fee["payer_word"],
                                             "fee_type_zh": fee["fee_type_zh"],
                                             "period": fee["period"]}}


def street_info(street: Street) -> dict[str, Any]:
    """The street's names and addresses, as every page has them (``data["street"]``)."""
    return {"id": street.id, "name": street.name, "city": street.city,
            "site_url": street.site_url, "bot_username": getattr(street, "bot_username", "")}


def collect(repo: Any, *, cache: dict[str, Any] | None = None, stale: set[str] | None = None,
            each: Callable[[dict[str, Any]], None] | None = None,
            lock: Any = None, kept: Any = None, workers: int | None = 1,
            gather: tuple[Callable[[], Any], Callable[[Any], None]] | None = None
            ) -> dict[str, Any]:
    """Everything the site shows, as plain data; call it holding ``repo.store.lock``,
    or give the lock (``lock``: it is then held only while the store is read).

    ``cache`` (a dict the caller keeps between calls) holds each area's part;
    with ``stale`` given, only those areas are collected again (``None``: all);
    ``each`` is given each area as soon as it is collected; ``kept`` keeps areas
    between builds; ``workers`` and ``gather``: areas collected by two processes
    (``_Collector.run``).
    """
    return _Collector(repo).run(cache, stale, each, lock, kept, workers, gather)
