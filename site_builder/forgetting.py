"""What a build lets go of (``site_builder.build``): the copies of earlier sites once words
the site showed are withdrawn for good (someone forgotten, a consent withdrawn, a text
corrected: ``withdrawn_mark``, ``drop_withdrawn``), and the memory rendering held
(``forget_rendering``; an area's collected data kept only as the street's pages read it,
``slim_area``). Split from ``site_builder.build``, which re-exports these names.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from db.memory import give_back_freed_memory

from .collect import YEAR_FEE, issue_summary
from .escape import forget_escaped
from .exports import FEED_SIZE, pack_open311
from .files import replace_file
from .filters import forget_links
from .heads import page_runs
from .tables import forget_printed

__all__ = ["WITHDRAWN", "drop_withdrawn", "forget_rendering", "slim_area", "withdrawn_mark"]

log = logging.getLogger("site_builder.build")  # its line as it was, when this was build.py's


# The ``withdrawn_mark`` of the store the site was last built from.
WITHDRAWN = Path(".cache") / "withdrawn.json"


def withdrawn_mark(repo: Any) -> str:
    """What changes when words the site showed are to come off it for good: someone
    forgotten (PIPL art. 47) or withdrawing their consent to publication (art. 15), a
    correction approved (art. 46: the text first published is no longer shown; counted
    on who asked for it, ``db.review``), words hidden on a public entry (a name taken
    off: counted on the volunteer who hid them, ``db.hidden_names``). From the people
    alone: a warm whole build of a snapshot never restores the entries' index
    (``db.core``)."""
    people = sorted([int(p["id"]), str(p.get("forgotten") or ""),
                     str(p.get("consent_withdrawn") or ""), int(p.get("corrected") or 0)]
                    + ([int(p["hid"])] if p.get("hid") else [])
                    for p in repo.people()
                    if p.get("forgotten") or p.get("consent_withdrawn") or p.get("corrected")
                    or p.get("hid"))
    return hashlib.sha256(json.dumps(people).encode("utf-8")).hexdigest()


def drop_withdrawn(project_dir: Path, site_dir: Path, mark: str) -> None:
    """Once the site is built from a store whose ``withdrawn_mark`` is ``mark``: if
    that changed since the last build, delete the copies of earlier sites kept beside
    the live one (``mkdocs_session.spares``). They hold the pages, downloads, search
    index and photos as they were, and a forgotten person's words with them, until
    the next whole build or two replaced them; the next whole build makes its folders
    again instead."""
    from .mkdocs_session import drop_spares

    path = Path(project_dir) / WITHDRAWN
    try:
        seen = json.loads(path.read_text("utf-8")).get("mark")
    except (OSError, ValueError, AttributeError):
        seen = None
    if seen == mark:
        return
    if drop_spares(site_dir):
        log.info("a person forgotten, a consent withdrawn or a text corrected since the "
                 "last build: the copies of earlier sites beside %s are deleted", site_dir)
    replace_file(path, json.dumps({"mark": mark}).encode("utf-8"))


def forget_rendering() -> None:
    """Let go of what rendering remembered (escaped texts, printed values: up to some
    50 MB), and give the freed heap back, before MkDocs runs."""
    forget_escaped()
    forget_links()
    forget_printed()
    give_back_freed_memory()


def slim_area(area: dict[str, Any]) -> None:
    """Keep, of an area's collected data, only what the street's own pages and files
    read (the overview tables, statistics, integrity, downloads' summary and
    Open311 items, made by ``render_area``, the home page's latest changes, the
    feed and its signed heads) and what the area's overview page shows (its open
    issues, questions, minutes and modes; ``render_street`` makes it once the
    street's year is known): the builder renders an area's other pages as soon as
    it is collected and then holds only this of it (and the build worker every
    area's, between builds). Of what grows with the history it keeps each year's
    run of ledger lines (``heads.page_runs``, for the feed's signed heads), each
    year's income and spending and each fee period's collection figures (the
    home page shows the street's year: ``collect_sums.year_figures``), its issues'
    counts by category (``collect.issue_summary``, for the statistics; its open
    issues whole, for its overview page) and its Open311 items compressed
    (``exports.pack_open311``). Idempotent."""
    if area.get("slim"):
        return
    area["line_pages"] = page_runs(area["lines"])
    area["events"] = area["events"][:FEED_SIZE]  # newest first: the street shows fewer
    area["issue_stats"] = issue_summary(area["issues"])
    area["issues"] = [i for i in area["issues"] if i["open"]]
    if isinstance(area.get("open311"), list):
        area["open311"] = pack_open311(area["open311"])
    area["years"] = [{"year": y["year"], "income_fen": y["income_fen"],
                      "expense_fen": y["expense_fen"], "balance_fen": y["balance_fen"],
                      **({"earlier": y["earlier"]} if y.get("earlier") else {})}
                     for y in area["years"]]
    area["fees"] = [{k: p[k] for k in YEAR_FEE} for p in area["fees"]]
    for key in ("lines", "raw_lines", "proposals", "announcements", "progress_notes",
                "opinions", "notices", "vote_notices", "months", "notice_years",
                "issue_years"):
        area[key] = []
    area["month_totals"] = {}
    area["slim"] = True
