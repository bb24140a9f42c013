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

The kinds of data are collected by the parts ``_Collector`` is made of: money
(``collect_money``), issues (``collect_issues``), proposals
(``collect_proposals``), notes and opinions (``collect_notes``), what changed
(``collect_events``), on what they share (``collect_base``). This module puts
an area and the street together.
"""

from __future__ import annotations

import contextlib
import statistics
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from db import labels
from db import ledger as ledger_rules
from db.entries import OPEN_ISSUE, Kind
from db.hidden_names import hide_all
from db.played import played_until
from db.redact import area_rooms

from . import civic
from .collect_base import mask_state, masks_alike, status_zh, words_heard
from .collect_events import EventCollector
from .collect_issues import PUBLIC_ISSUE, IssueCollector
from .collect_money import MoneyCollector
from .collect_notes import NoteCollector
from .collect_proposals import ProposalCollector, open_votes, overdue_votes
from .collect_sums import (
    YEAR_FEE,
    issue_summary,
    issue_years,
    last_line,
    link_duplicates,
    link_spending,
    street_info,
    year_figures,
)
from .exports import feed_order
from .filters import month_end
from .heads import area_signed, collect_heads
from .modes import mode_history
from .notice import area_notices, notice_years, notices_enabled
from .shared import share
from .vote_notice import vote_notices

__all__ = ["collect", "street_info", "status_zh", "issue_summary", "PUBLIC_ISSUE", "OPEN_ISSUE",
           "YEAR_FEE", "area_proposals"]

# The street-wide lists of what waits (statistics: open reports, unanswered questions)
# show the longest waiting this many: what a grid worker looks for first. On a 50-area
# street of five years a thousand reports are open, a page of 470 KB made again at
# every approval and a thousand cards to scroll on a phone; each area's own pages list
# all of its own.
STREET_WAITING_SHOWN = 100


class _Collector(MoneyCollector, IssueCollector, ProposalCollector, NoteCollector,
                 EventCollector):
    """The street's collection: an area at a time from the parts of each kind of data,
    then the street's sums."""

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
        # areas not in ``stale`` collected again: new signed heads, or other names to
        # mask (someone registered or was forgotten in another area)
        recollected = []
        state = mask_state((self.names, self.forgotten))
        for a in street.areas:
            got: Any = cache.get(a.id) if cache is not None and stale is not None \
                and a.id not in stale else None
            if got is not None and got[0]["signed"]["seen"] != self._heads_seen(a.id):
                got = None
                recollected.append(a.id)
            elif got is not None and got[0].get("masked") != self.masked:
                # other names known: collected again only if they change its words
                if masks_alike(got[3], got[4], state):
                    assert cache is not None
                    if kept is not None:  # and so is the record a later process reads
                        with lock:
                            kept.rekey(a.id, kept.key(self.repo, a.id, self.heads,
                                                      got[0].get("masked", "")),
                                       kept.key(self.repo, a.id, self.heads, self.masked))
                    got[0]["masked"] = self.masked
                    got = cache[a.id] = (*got[:4], state)
                else:
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
                if cache is not None:  # with the mask its words were heard under
                    cache[a.id] = (*got, state)
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
        played = played_until(self.repo.store.root)
        events = sorted((e for a in areas for e in a["events"]), key=feed_order, reverse=True)
        year = as_of[:4] if as_of[:4].isdigit() else max(
            (a["current_year"] for a in areas if a["current_year"]),
            default=str(self.repo.clock().year))  # a street with nothing public yet
        for area in areas:
            area["this_year"] = year_figures(area, year)
        # the home page's street total under its areas: the balance, and the year's
        # income and expense, summed in the domain (db.ledger) from what each row shows
        year_total = ledger_rules.street_figures(
            {"opening_fen": a["this_year"]["start_fen"], "income_fen": a["this_year"]["income_fen"],
             "expense_fen": a["this_year"]["expense_fen"], "balance_fen": a["balance_fen"]}
            for a in areas)
        with lock:
            stewards = self.stewards()
        return {
            "street": street_info(street),
            "as_of": as_of,
            # a demo's day played to, for the pages' script (render.today_script)
            "today": played.isoformat() if played else "",
            "year": year,
            "areas": areas,
            "year_total": year_total,
            "events": events,
            "stats": self.stats(areas),
            "issue_categories": {code: w.zh for code, w in labels.ISSUE_CATEGORY.items()},
            "stewards": stewards,
            "photos": sorted(self.photos),
            "heads": self.heads,
            "recollected": recollected,
        }

    def _one(self, a: Any, stale: set[str] | None, each: Any, lock: Any,
             kept: Any) -> tuple[dict[str, Any], list[str], set[str], bytes]:
        """One area collected (``run``), or taken from ``kept``: its data, public times
        and photos, and the filter of the words its names were masked in (``words_heard``)."""
        self.stamps, self.photos, self.missing = [], set(), set()
        collected = None
        got = None
        with lock:  # the key and the data it is the key of, read at one time
            key = kept.key(self.repo, a.id, self.heads, self.masked) if kept is not None \
                else ""
            if key and (stale is None or a.id not in stale):
                got = kept.take(a.id, key, self.media)
            if got is None:
                self.names.heard = []
                collected = self.area(a)
        if collected is None:
            assert got is not None
            got[0]["masked"] = self.masked  # its key is of the names masked now
            return got
        try:
            if each is not None:
                each(collected)  # rendering it reads some of its partitions again
            heard = words_heard(self.names.heard or [])
        finally:
            self.names.heard = None
        if kept is not None:
            kept.put(a.id, key, collected, self.stamps, self.photos, self.missing, heard)
        with lock:
            self.repo.store.let_go()  # its partitions: the next area reads its own
        return collected, self.stamps, self.photos, heard

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
        # the words volunteers hid (a name the street does not know), masked in every
        # entry whatever reads it: pages, search index, feeds, downloads (db.hidden_names)
        entries = hide_all(self.repo.entries(area=area.id))
        lines = self.repo.ledger(area.id)
        out: dict[str, Any] = {
            "id": area.id, "name": area.name, "mode": str(area.mode),
            "mode_zh": area.mode.label_zh, "steward": area.steward, "compounds": compounds,
            "households": sum(c["households"] for c in compounds),
            "masked": self.masked,  # the names its words were masked by (``run``)
        }
        self.rooms = area_rooms(street, area.id)  # masked in its words (``words``)
        self.corrected = self.corrections(entries)
        out.update(self.accounts(area.id, lines))
        out["signed"] = area_signed(self.heads, area.id, lines)
        out["notices"] = area_notices(self.repo, area.id, lines, entries, self.heads,
                                      (self.names, self.forgotten)) \
            if notices_enabled() else []
        out["notice_years"] = notice_years(out["notices"],
                                           {x["seq"]: x["page"] for x in out["lines"]})
        # the paper notice to print, for the overview's "what to print": the latest month
        # that is over, as /notice gives (the running month's says only "so far"), and on
        # a month's last day that month's, as of that day 出单时 (as /notice gives it then);
        # else the running one, said to be so
        notices = out["notices"]
        closed = [n for n in notices if not n.get("as_of_day") or month_end(n["as_of_day"])]
        latest = closed[-1] if closed else notices[-1] if notices else {}
        out["latest_notice"] = latest.get("month") or ""
        out["latest_notice_as_of"] = latest.get("as_of_day") or ""
        out["fees"] = self.fees(area.id, entries)
        out["fee_schedule"] = self.fee_schedule(area.id)
        out["issues"] = self.issues(entries)
        out.update(issue_years(out["issues"]))
        link_duplicates(out["issues"])
        out["proposals"] = self.proposals(area.id, entries, out["lines"])
        out["open_votes"] = open_votes(out["proposals"])
        out["overdue_votes"] = overdue_votes(out["proposals"])
        out["vote_notices"] = vote_notices(out, street_info(street)) \
            if notices_enabled() else []  # drawn with the monthly ones: NoticeDrawing
        out["last_line"] = last_line(out["lines"])
        out["modes"] = mode_history(self.repo, area.id, self.words)
        out["announcements"] = self.notes(entries, Kind.ANNOUNCEMENT)
        out["progress_notes"] = [n for n in self.notes(entries, Kind.PROGRESS_NOTE)
                                 if not n["opinion"]]
        issue_page = {i["id"]: i["page"] for i in out["issues"]}
        for note in out["progress_notes"]:  # the public issue it is about, linked
            note["issue_page"] = issue_page.get(note["issue"])
        link_spending(out["lines"], out["issues"], issue_page)
        out["opinions"] = self.opinions(entries)
        out["meetings"] = civic.meetings(entries, self.words, self.stamps)
        kinds = {p["id"]: p["kind_zh"] for p in out["proposals"]}  # 提议 or 选举
        talked: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for m in out["meetings"]:  # last year's reports are on issues-<year>
            m["issue_pages"] = {i: issue_page[i] for i in m["issues"] if i in issue_page}
            m["vote_kinds"] = {p: kinds.get(p, "提议") for p in m["proposals"]}
            for i in [*m["issues"], *m["proposals"]]:  # newest meeting first: oldest first
                talked[i].insert(0, {"id": m["id"], "date": m["date"], "kind_zh": m["kind_zh"]})
        for item in [*out["issues"], *out["proposals"]]:  # the minutes that discussed it
            item["meetings"] = talked.get(item["id"], [])
        out["questions"] = civic.questions(entries, out["lines"], out["proposals"],
                                           out["meetings"], self.words, self.stamps,
                                           self.forgotten)
        out["events"] = self.events(out)
        out["last_update"] = max((e["at"] for e in out["events"]), default="")
        return out

    # -- the street's statistics -----------------------------------------------

    def stats(self, areas: list[dict[str, Any]]) -> dict[str, Any]:
        by_cat: dict[str, dict[str, Any]] = {
            code: {"code": code, "label": label, "total": 0, "open": 0, "done": 0, "days": []}
            for code, label in ((c, w.zh) for c, w in labels.ISSUE_CATEGORY.items())}
        all_days: list[float] = []
        by_area = []
        for area in areas:
            summary = area["issue_stats"] if "issue_stats" in area else \
                issue_summary(area["issues"])
            mine = {"id": area["id"], "name": area["name"], "total": 0, "open": 0, "done": 0}
            area_days: list[float] = []
            for code, label, total, open_, done, days in summary:
                mine["total"] += total
                mine["open"] += open_
                mine["done"] += done
                area_days += days
                row = by_cat.setdefault(code, {"code": code, "label": label, "total": 0,
                                               "open": 0, "done": 0, "days": []})
                row["total"] += total
                row["open"] += open_
                row["done"] += done
                row["days"] += days
                all_days += days
            mine["median_days"] = statistics.median(area_days) if area_days else None
            by_area.append(mine)
        categories = []
        for row in by_cat.values():
            days = row.pop("days")
            row["median_days"] = statistics.median(days) if days else None
            categories.append(row)
        # Every area's reports still open, the longest waiting first: who is overdue
        # across the street, on one page (slim areas keep their open issues whole); the
        # STREET_WAITING_SHOWN longest waiting of them, and how many in all.
        waiting = sorted(({"area": area["id"], "area_name": area["name"], **i}
                          for area in areas for i in area["issues"] if i["open"]),
                         key=lambda i: (i["since"] or "9999", i["id"]))
        unanswered = sorted(({"area": area["id"], "area_name": area["name"], **q}
                             for area in areas for q in area["questions"] if not q["answered"]),
                            key=lambda q: (q["since"] or "9999", q["id"]))
        money = [{"id": a["id"], "name": a["name"], "income_fen": a["income_fen"],
                  "expense_fen": a["expense_fen"], "balance_fen": a["balance_fen"],
                  "opening_fen": a.get("opening_fen", 0)}
                 for a in areas]
        return {
            "categories": categories,
            "open_issues": waiting[:STREET_WAITING_SHOWN],
            "open_issues_count": len(waiting),
            "unanswered": unanswered[:STREET_WAITING_SHOWN],
            "unanswered_count": len(unanswered),
            "median_days": statistics.median(all_days) if all_days else None,
            "resolved": len(all_days),
            "issues_by_area": by_area,
            # the paper book's balance (db.opening) is part of the balance but no
            # income: without it a reader's income − expense is not the balance
            "money": money,
            # the street's total under them, summed in the domain (db.ledger)
            "money_total": ledger_rules.street_figures(money),
            "money_opening": any(a.get("opening") for a in areas),
        }


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


def area_proposals(repo: Any, area_id: str) -> list[dict[str, Any]]:
    """One area's proposals as its votes page shows them (their words masked as the
    site masks them): what ``steward notice AREA --vote N`` prints."""
    collector = _Collector(repo)
    collector.rooms = area_rooms(repo.street, area_id)
    entries = hide_all(repo.entries(area=area_id))
    collector.corrected = collector.corrections(entries)
    return collector.proposals(area_id, entries, [])
