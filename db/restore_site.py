"""What the public saw, read from the published site, for a restore into a new folder.

A restore over the data folder reads from the folder it replaces which ledger lines
and signed heads were published since the backup (``db.restore_lost``): the lines are
kept as lost lines (``db.lost_lines``), the head log whole (``db.restore_heads``). A
restore into a new folder (the machine lost) had nothing to read: ``--lines-published
AREA=N`` kept the numbers, but a lost line published before (an earlier restore), a
head signed on a line now lost, and the head log itself were gone, and the public's
saved copies no longer matched.

``steward restore --from-site SITE`` reads them from the site (its address, or a folder
of its files): ``downloads/heads.json`` and each area's ``downloads/AREA/ledger.json``,
the files every witness checks. The site must check out as ``steward_verify.py``
checks it (every chain, every signature, every signed head in its ledger) and be of
the backup's street; then it serves as the folder replaced does for the ledgers and
the head log: the published lines past the backup are marked lost (those lost already
kept, hash and all), lines the backup holds otherwise are recorded again after them
(``db.found_lines``), and the site's head log is kept whole with its heads on lines now
lost superseded. Nothing else is read from the site (no entry, no person, no number:
``--numbers-from`` still gives those), and nothing it says can put money in a line:
only lost lines are kept from it as they are, each held to a lost line's shape.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import StoreError
from .restore_lost import MOST_TYPED, Lost, ledgers_past

__all__ = ["lost_from_site"]


def _refuse(source: str, zh: str, en: str, code: str) -> StoreError:
    return StoreError(f"--from-site {source}: {en}; nothing was restored, and the data folder "
                      "is as it was", code=code, site=source, why=zh)


def lost_from_site(source: str, restored: Path) -> Lost:
    """What the site at ``source`` published that the backup (``restored``, staged) does
    not hold: the lines past its ledgers, and the site's head log (``Lost``'s lines,
    carried, parted, tail and heads). StoreError when the site cannot be read, does not
    check out, is of another street, or would mark more than ``MOST_TYPED`` lines of an
    area lost."""
    from .repository import Repository
    from .witness import ReadError, load_site, run_checks

    try:
        doc, published, problems = load_site(source)
    except ReadError as exc:
        raise _refuse(source, f"读不出网站的下载文件（{exc}）", f"could not be read ({exc})",
                      "site_unread") from exc
    records: list[dict[str, Any]] = list(doc.get("records") or [])
    problems += run_checks(records, published)[2]
    if problems:
        first = problems[0]
        raise _refuse(source, f"网站的账本没有通过核对（{first.zh}）",
                      f"the site does not check out ({first.en})", "site_unsound")
    repo = Repository.open(restored, readonly=True)
    try:
        street = repo.street.id
        mine = {a.id: repo.ledger(a.id) for a in repo.street.areas}
    finally:
        repo.close()
    if doc.get("street") != street or not set(published) <= set(mine):
        raise _refuse(source, f"这个网站是街道 {doc.get('street')!r} 的（区域 "
                      f"{'、'.join(sorted(published))}），备份是街道 {street!r} 的",
                      f"the site is of street {doc.get('street')!r} (areas "
                      f"{', '.join(sorted(published))}), the backup of street {street!r}",
                      "site_other_street")
    past = ledgers_past(published, mine)
    for area, (first_lost, last) in sorted(past.lines.items()):
        if last - first_lost + 1 > MOST_TYPED:
            raise _refuse(source, f"区域 {area} 网站上到第 {last} 笔，备份里的账本到第 "
                          f"{first_lost - 1} 笔，要记为遗失的会超过 {MOST_TYPED} 笔，"
                          "这个备份太旧了，或者网站不是这个数据目录的",
                          f"area {area}: the site has {last} lines, the backup "
                          f"{first_lost - 1}: more than {MOST_TYPED} lines would be marked "
                          "lost (the backup is too old, or the site is not this folder's)",
                          "site_far")
    return past._replace(heads=records)
