"""The paper notice (公示单): one month of an area's accounts on A4, for the
bulletin board at the compound's gate.

Many residents never open a web page; a printed statement with the chain's
head on it makes every photo of the paper a witness the operator cannot take
back. One notice per area and month holds:

* the money lines published that month (line numbers, dates, kinds,
  purposes, amounts; reversals name the line they reverse), the totals by
  category, the opening and closing balance;
* fee collection for the fee periods of that month (households paid / due) and
  for every other period a fee line of the month pays or takes back (December's
  fee approved in January is on January's notice, marked 往期补缴), with what each
  period's lines added in the month: together, the month's income;
* on January's notice, the year before as its notices told it: the balance it
  began and ended with, its income and spending (net of reversals) by category;
* the issues still open and the votes under way at the month's end, one line
  each;
* the head of the chain at the month's end with its signature check, and the
  street office's public key;
* a QR code to the month's row of the notices table on the area's accounts page
  (its figures, to check the paper against), and lines for the signatures of a
  supervisor and of the recording volunteer.

"The month" is the publication month: a notice covers the lines published in
it (line numbers a to b), so the notices of consecutive months join end to
end and each closes on the head the next one starts from. Everything is as it
was at the month's end (an issue resolved later is still open on it), so the
notice of a past month does not change; when a part of it must (a correction, a name
masked, ``notice_content``), the notice printed again says which since when
(``notice_reprint``).

``area_notices`` makes each month's content as plain data (at collection);
``render_pdf`` draws it with ReportLab, embedding (a subset of) a TrueType
Chinese font, so the PDF prints the same anywhere. The same content always
gives the same bytes. The font: ``STEWARD_NOTICE_FONT`` (``path`` or
``path:index``), else Debian's fonts-wqy-microhei (``make`` installs it).

This module is the notices on the site: where each month's PDF goes
(``notice_path``), which are taken from an earlier build or from the data
folder's archive, and the drawing of the others, here or in a child process
(``NoticeDrawing``). What a notice says is in ``notice_content``, how it is drawn
in ``notice_pdf``; their public names are importable from here too.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from .filters import month_end
from .kept import Kept
from .notice_content import (
    NoticeError,
    area_notices,
    area_url,
    notice_anchor,
    notice_for,
    notice_url,
)
from .notice_pdf import FONT_MISSING as FONT_MISSING  # for ``steward notice``
from .notice_pdf import content_digest, find_font, render_pdf
from .notice_pdf import font_missing as font_missing
from .notice_reprint import ARCHIVE as _ARCHIVE

__all__ = ["NoticeError", "find_font", "notices_enabled", "area_notices", "notice_for",
           "notice_years", "kept_pdf",
           "render_pdf", "notice_files", "NoticeDrawing", "notice_path", "is_notice", "area_url",
           "notice_url",
           "ARCHIVE"]

log = logging.getLogger(__name__)


def notice_path(area: str, month: str) -> str:
    return f"downloads/{area}/notice-{month}.pdf"


_NOTICE = re.compile(r"downloads/[^/.][^/]*/(notice-\d{4}-\d{2}|vote-\d+)\.pdf")


def is_notice(path: str) -> bool:
    """Whether the docs path ``path`` is a monthly notice (``notice_path``) or an open
    vote's (``vote_notice.vote_notice_path``): the pages link them in raw HTML only, so
    MkDocs is not told of them (``MkDocsSession``)."""
    return _NOTICE.fullmatch(path) is not None


def draw(n: dict[str, Any]) -> bytes:
    """A notice's PDF: a month's (``render_pdf``) or an open vote's (``vote_notice_pdf``)."""
    if n.get("vote_notice"):
        from .vote_notice_pdf import render_vote_pdf

        return render_vote_pdf(n)
    return render_pdf(n)


def notice_years(notices: list[dict[str, Any]],
                 page_of: dict[int, str] | None = None) -> list[dict[str, Any]]:
    """The months that have a notice, by year, the latest first (for the accounts page):
    each with the figures its paper prints (lines a to b, balances, income and spending,
    the head), for a reader who scanned its QR code to check them against the site.
    ``page_of``: the accounts page of each line (``accounts`` or ``accounts-<year>``)."""
    years: dict[str, list[dict[str, Any]]] = {}
    for n in reversed(notices):
        first = n.get("first_seq")
        years.setdefault(n["month"][:4], []).append({
            "month": n["month"], "anchor": notice_anchor(n["month"]),
            "first_seq": first, "last_seq": n.get("last_seq"),
            "first_page": (page_of or {}).get(first, "accounts") if first else "",
            "opening_fen": n["opening_fen"], "income_fen": n["income_fen"],
            "expense_fen": n["expense_fen"], "closing_fen": n["closing_fen"],
            "head_seq": n["head"]["seq"], "head": n["head"]["hash"][:16],
            "as_of_day": n.get("as_of_day") or "",
            # drawn on the month's last day: 截至 that day 出单时, not 本月未完
            "as_of_month_end": month_end(n.get("as_of_day") or ""),
            # what a reversal of an earlier notice's line took back, when there is one
            **({"undone": n["undone"]} if n.get("undone") else {}),
            # an opening balance booked this month: in the closing balance, no income
            **({"carried_fen": n["carried_fen"], "carried_seq": n["carried_seq"]}
               if n.get("carried_fen") else {})})
    return [{"year": y, "months": m} for y, m in years.items()]


# -- on the site ---------------------------------------------------------------------------


def _kept(content: Path | None, path: str, digest: str) -> bytes | None:
    """The PDF an earlier build left in ``content/`` if its content is the same (its
    digest is in its keywords)."""
    kept = content / path if content is not None else None
    if kept is not None and kept.is_file():
        body = kept.read_bytes()
        if f"steward-notice {digest}".encode() in body:
            return body
    return None


kept_pdf = _kept  # ``steward notice AREA --vote N`` (the bot's /notice N) takes the site's


# The notices of closed months, beside the data they are drawn from (not in backups,
# but for their first makings' digests: ``db.backup.FIRSTS``), so that any site
# project built from the data folder links them instead of drawing them again:
# ``<area>/<YYYY-MM>.<digest>.pdf``.
ARCHIVE = _ARCHIVE  # beside the data (``notice_reprint``)


_TAIL = 64 * 1024  # the end of a kept notice, where its keywords are (some 12 kB from it)


def _archived(archive: Path | None, area: str, month: str, digest: str) -> Path | None:
    """The kept notice of ``area``'s ``month`` drawn from the content of ``digest``, if it
    is that one (its digest is in its keywords, as ``_kept`` checks): another put under
    its name by hand, or a damaged one, is not published but drawn again."""
    path = archive / area / f"{month}.{digest}.pdf" if archive is not None else None
    if path is None or not path.is_file():
        return None
    mark = f"steward-notice {digest}".encode()
    try:
        with path.open("rb") as f:  # ReportLab writes the keywords near the end: read it first
            size = f.seek(0, os.SEEK_END)
            f.seek(max(0, size - _TAIL))
            if mark in f.read() or (size > _TAIL and mark in path.read_bytes()):
                return path
    except OSError:
        pass
    log.warning("%s is not the notice of %s %s drawn from its data: drawn again", path,
                area, month)
    return None


def _to_archive(archive: Path | None, area: str, month: str, digest: str,
                body: bytes | Path) -> None:
    """Keep a closed month's notice beside the data (a cache: failing to is only said)."""
    if archive is None:
        return
    from .files import replace_file

    folder = archive / area
    try:
        data = body.read_bytes() if isinstance(body, Path) else body
        replace_file(folder / f"{month}.{digest}.pdf", data)
        for old in folder.glob(f"{month}.*.pdf"):  # drawn from what it held before
            if old.name != f"{month}.{digest}.pdf":
                old.unlink()
    except OSError as exc:
        log.warning("could not keep the notice of %s %s beside the data: %s", area, month, exc)


def notice_files(data: dict[str, Any], project_dir: Path | None,
                 areas: set[str] | None = None) -> dict[str, bytes]:
    """Every month's notice of ``areas`` (all when None), keyed by path under the docs
    folder; a PDF an earlier build left in ``content/`` is taken as it is when its
    content is the same."""
    drawing = NoticeDrawing(data, project_dir, areas, inline=True)
    return drawing.ready


# A build that must draw more notices than this (a whole build of a street with
# years of history) draws them in a child process while MkDocs builds the pages.
INLINE_MAX = 120


def _draw_into(items: list[tuple[str, dict[str, Any]]], content: str) -> list[str]:
    """Draw notices into ``content`` (in the child process); the paths written."""
    from .files import replace_file

    written = []
    for path, n in items:
        target = Path(content) / path
        body = draw(n)
        if not (target.is_file() and target.read_bytes() == body):
            replace_file(target, body)
            written.append(path)
    return written


class NoticeDrawing:
    """The notices of one build. ``ready``: the PDFs to write with the other files
    (kept from an earlier build, or drawn here when few). ``linked``: those of closed
    months found in the data folder's ``ARCHIVE`` (``archive``), linked into
    ``content/``. ``pending``: those a child process (``python -m
    site_builder.notice``) draws straight into ``content/`` meanwhile (``start``), on
    the machine's other core; ``finish`` waits for it, copies them into the built
    site and keeps the closed months' ones in the archive. The pages link the
    notices in raw HTML, which MkDocs neither rewrites nor checks, so MkDocs may
    build before the PDFs exist."""

    def __init__(self, data: dict[str, Any], project_dir: Path | None,
                 areas: set[str] | None = None, *, inline: bool = False,
                 kept: Kept | None = None, archive: Path | None = None) -> None:
        self.content = Path(project_dir) / "content" if project_dir is not None else None
        self.archive = archive
        self.ready: dict[str, bytes] = {}
        self.linked: set[str] = set()  # closed months' notices taken from the archive
        self.unchanged: set[str] = set()  # on disk as they would be drawn (with ``kept``)
        self._closed: dict[str, tuple[str, str, str]] = {}  # path -> area, month, digest
        self._kept, self._inline = kept, inline
        self._todo: list[tuple[str, dict[str, Any]]] = []
        self.pending: set[str] = set()
        self._proc: subprocess.Popen[bytes] | None = None
        self._job: Path | None = None
        for area in data["areas"]:
            if areas is None or area["id"] in areas:
                self.add(area)
        if data["areas"]:
            self.settle()

    def add(self, area: dict[str, Any]) -> None:
        """The notices of one more area (the builder adds them an area at a time)."""
        notices = area.get("notices") or []
        last = max((str(n["month"]) for n in notices), default="")
        votes = [(v["path"], v["content"]) for v in area.get("vote_notices") or []]
        for path, n in [(notice_path(area["id"], n["month"]), n) for n in notices] + votes:
            digest = content_digest(n)
            if n.get("month", last) < last:  # the month is over: its notice no longer changes
                self._closed[path] = (area["id"], n["month"], digest)
            # Drawn by an earlier build from the same content: left as it is on disk
            # (``kept``: without even reading it), else taken when its digest matches.
            if self._kept is not None and self._kept.keep(path, digest):
                continue
            body = _kept(self.content, path, digest)
            if body is not None and self._kept is not None:
                self.unchanged.add(path)  # the builder keeps it: no need to hold its bytes
            elif body is not None:
                self.ready[path] = body
            elif not self._link(path):
                self._todo.append((path, n))

    def state(self) -> tuple[Any, ...]:
        """The notices added so far, for ``merge`` in another process (a whole build's
        areas are rendered by two: ``site_builder.shared``)."""
        return self.ready, self.linked, self.unchanged, self._closed, self._todo

    def merge(self, state: tuple[Any, ...]) -> None:
        ready, linked, unchanged, closed, todo = state
        self.ready.update(ready)
        self.linked |= linked
        self.unchanged |= unchanged
        self._closed.update(closed)
        known = {path for path, _n in self._todo}
        self._todo += [item for item in todo if item[0] not in known]

    def settle(self, most: int = INLINE_MAX) -> None:
        """Once every area was added: draw here the few notices to draw (``most``), or
        leave them to the child process (``pending``, ``start``). Drawing here loads
        the font (some 48 MB, kept by ReportLab for good); a whole build gives
        ``most=0`` so that its peak, MkDocs, does not carry it."""
        if self._inline or self.content is None or len(self._todo) <= most:
            for path, n in self._todo:
                self.ready[path] = body = draw(n)
                if path in self._closed:
                    _to_archive(self.archive, *self._closed[path], body)
            self._todo = []
        self.pending = {path for path, _n in self._todo}

    def _link(self, path: str) -> bool:
        """Whether the notice at ``path`` was found in the archive (and taken)."""
        closed = self._closed.get(path)
        found = _archived(self.archive, *closed) if closed else None
        if found is None:
            return False
        if self._inline or self.content is None:
            self.ready[path] = found.read_bytes()
        else:
            from .files import link_file

            link_file(found, self.content / path)
            self.linked.add(path)
        return True

    def start(self) -> None:
        if not self._todo or self.content is None:
            return
        fd, job = tempfile.mkstemp(prefix="steward-notices-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(self._todo, f, ensure_ascii=False)
        self._job = Path(job)
        root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            p for p in (root, os.environ.get("PYTHONPATH", "")) if p))
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "site_builder.notice", str(self.content), job,
             str(os.getpid())],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)

    def finish(self, site_dir: Path | None) -> list[str]:
        """Wait for the pending notices; copy them into ``site_dir`` (when the site was
        built); the paths under ``content/`` whose bytes changed."""
        if self._proc is None:
            return []
        from .files import replace_file

        try:
            out, err = self._proc.communicate()
            if self._proc.returncode != 0:
                raise RuntimeError("drawing the monthly notices failed: "
                                   + err.decode("utf-8", "replace")[-1500:])
            written = [str(p) for p in json.loads(out.decode("utf-8").splitlines()[-1])]
        finally:
            self.close()
        if self.content is not None:
            for path in sorted(self.pending):
                if site_dir is not None:
                    replace_file(Path(site_dir) / path, (self.content / path).read_bytes())
                if path in self._closed:
                    _to_archive(self.archive, *self._closed[path], self.content / path)
        return written

    def close(self) -> None:
        """Stop the child process (after a failed build) and forget its job."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.communicate()
        self._proc = None
        if self._job is not None:
            self._job.unlink(missing_ok=True)
            self._job = None


_WARNED = False


def notices_enabled() -> bool:
    """Whether notices can be made here (a Chinese font was found); says why not, once."""
    global _WARNED
    if find_font() is not None:
        return True
    if not _WARNED:
        _WARNED = True
        zh, _, en = font_missing().partition(" / ")
        log.warning("网站生成了，但没有每月的纸质公示单：%s / the site is built without the "
                    "monthly paper notices: %s", zh, en or zh)
    return False


if __name__ == "__main__":  # the child process of ``NoticeDrawing``: CONTENT JOB PARENT
    from .child import die_with_parent

    die_with_parent(int(sys.argv[3]))
    with open(sys.argv[2], encoding="utf-8") as _job:
        _items = [(str(path), n) for path, n in json.load(_job)]
    print(json.dumps(_draw_into(_items, sys.argv[1])))

