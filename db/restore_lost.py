"""What a restore gave up of the folder it replaced: what was made or decided after the
backup, for the admin to tell the people it concerns and to enter again.

A restore from last night's backup brings back the street as it was then. What came
after it is in the folder it replaces (kept beside, ``data.before-restore-…``) and
nowhere else: a resident's report the bot answered "#533 已收到", a fee approved and
published (its line on the site and on a signed head), a report approved since, which
comes back waiting. Before, the restore said none of it: the admin learnt it from the
residents asking after what they had sent, or from witnesses finding lines missing.
``lost_since`` compares the two folders: the entries of the replaced folder the
restored one lacks (by number, kind and area, never their words), those it holds
otherwise (decided since), the ledger lines it lacks by area, and how many people had
registered with the bot since. It also reads the numbers the replaced folder would have
given next: the restore keeps them as the restored folder's floor (``db.numbering``),
so that no number a resident was given ("#533") is given to another's report. Where the
backup's ledger parts from the published one (lines the public saw marked lost by an
earlier restore, which the backup holds with money), ``keep_past_in`` keeps the published
lines and records the backup's again after them (``db.found_lines``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

__all__ = ["Lost", "lost_since", "ledgers_past", "keep_past_in", "MOST_TYPED"]

# The most ledger lines of an area ``--lines-published`` may mark lost (a compound's
# ledger grows by about a hundred lines a year): a number mistyped with a digit too many
# would put hundreds of lost lines in the ledger for good.
MOST_TYPED = 500


class Lost(NamedTuple):
    """What the replaced folder held that the restored one does not."""

    entries: list[tuple[int, str, str]] = []  # (id, kind, area) made after the backup
    decided: list[int] = []  # entries of both, whose status changed after the backup
    lines: dict[str, tuple[int, int]] = {}  # area -> (first, last) line lost
    people: int = 0  # people who first wrote to the bot after the backup
    unread: str = ""  # why the replaced folder could not be read, when it could not
    # the numbers the replaced folder would have given next (``db.numbering``): none
    # below them is given again
    numbers: dict[str, int] = {}
    # area -> the lines lost in an earlier restore (``db.lost_lines``) the replaced folder
    # holds right after the restored ledger's end: kept as they were published
    carried: dict[str, list[dict[str, Any]]] = {}
    # area -> the last line the backup's ledger shares with the published one, where the
    # backup holds lines past it the public never saw there (``db.found_lines``: lines
    # lost in an earlier restore, the backup holding the real ones)
    parted: dict[str, int] = {}
    heads: list[dict[str, Any]] = []  # the replaced folder's head log (``db.restore_heads``)
    tail: dict[str, list[dict[str, Any]]] = {}  # of a parted area: its lines published past
    # the entries of the replaced folder whose line was found again in a restore: their
    # ``found`` (``db.found_lines``), for a second restore of that backup to keep them
    found_before: dict[int, dict[str, Any]] = {}
    # the replaced folder's signing key (``db.restore_heads``: the head log the public saw
    # last may be signed with a key changed since the backup)
    key: Any = None
    # what the replaced folder's start check last verified of its head log
    # (``Core.verified["log"]``: count and last record's hash), for ``db.heads_cut``
    mark: Any = None

    def __bool__(self) -> bool:
        return bool(self.entries or self.decided or self.lines or self.people
                    or self.unread)


def lost_since(current: Path, restored: Path) -> Lost:
    """What ``current`` (the folder a restore replaces) holds that ``restored`` (the
    backup's, staged) does not."""
    from .numbering import next_numbers
    from .repository import Repository

    def read(root: Path) -> tuple[dict[int, tuple[str, str, str, str]],
                                  dict[str, list[dict[str, Any]]], set[int], dict[str, int],
                                  dict[int, dict[str, Any]], Any]:
        repo = Repository.open(root, readonly=True)
        try:
            marks = repo.core.verified
            mark = marks.get("log") if isinstance(marks, dict) else None
            entries, found = {}, {}
            for e in repo.entries():
                entries[e.id] = (str(e.kind), str(e.area or ""), str(e.created), str(e.status))
                if isinstance(e.data.get("found"), dict):
                    found[e.id] = dict(e.data["found"])
            lines = {a.id: repo.ledger(a.id) for a in repo.street.areas}
            people = {int(p["id"]) for p in repo.people()}
            numbers = next_numbers(repo)
        finally:
            repo.close()
        return entries, lines, people, numbers, found, mark

    try:
        then, then_lines, then_people, numbers, found, mark = read(current)
    except Exception as exc:  # noqa: BLE001 - a damaged folder is why one restores
        return Lost(unread=f"{current} could not be read ({exc})")
    try:
        now, now_lines, now_people, _, _, _ = read(restored)
    except Exception as exc:  # noqa: BLE001 - only said: the restore goes on
        return Lost(unread=f"the restored folder could not be compared ({exc})",
                    numbers=numbers, mark=mark)
    entries, decided = [], []
    for eid, (kind, area, created, status) in sorted(then.items()):
        kept = now.get(eid)
        if kept is None or kept[:3] != (kind, area, created):
            entries.append((eid, kind, area))
        elif kept[3] != status:
            decided.append(eid)
    past = ledgers_past(then_lines, now_lines)
    return Lost(entries, decided, past.lines, len(then_people - now_people), numbers=numbers,
                carried=past.carried, parted=past.parted, heads=_heads(current),
                key=_key(current), mark=mark,
                tail=past.tail, found_before=found if past.parted else {})


def ledgers_past(then_lines: dict[str, list[dict[str, Any]]],
                 now_lines: dict[str, list[dict[str, Any]]]) -> Lost:
    """The ledger lines published (``then_lines``, by area) past the restored ledgers
    (``now_lines``): ``Lost``'s lines, carried, parted and tail."""
    from .found_lines import parted_at
    from .ledger import GENESIS
    from .lost_lines import carried_lines

    lines, carried, parted = {}, {}, {}
    for area, old in then_lines.items():
        new = now_lines.get(area, [])
        shared = parted_at(old, new)
        if shared is not None:  # the backup's lines past ``shared`` were not published
            parted[area] = shared
            new = new[:shared]
        if len(old) > len(new):
            lines[area] = (len(new) + 1, len(old))
            head = new[-1]["hash"] if new else GENESIS
            carried[area] = carried_lines(old, head, len(new))
    return Lost(lines=lines, carried={a: c for a, c in carried.items() if c}, parted=parted,
                tail={a: then_lines[a][n:] for a, n in parted.items()})


def _heads(root: Path) -> list[dict[str, Any]]:
    """The head log of ``root`` (none when it cannot be read: the backup's is kept)."""
    from .heads import HeadLog

    try:
        return HeadLog(root).read()
    except Exception:  # noqa: BLE001 - a damaged log: the backup's, cut, is used
        return []


def _key(root: Path) -> Any:
    """The signing key of ``root`` (None when it has none or it cannot be read)."""
    from .keys import load

    try:
        return load(root)
    except Exception:  # noqa: BLE001 - a damaged key: the backup's is kept
        return None


def keep_past_in(root: Path, numbers: dict[str, int], why: str, *,
                 lost: Lost | None = None, published: dict[str, int] | None = None,
                 backup: str = "") -> tuple[dict[str, int], dict[str, tuple[int, int]],
                                            dict[str, list[tuple[int, int]]]]:
    """Open the data folder ``root`` (a restore's, staged), raise its floors to
    ``numbers`` (none given: left as they are; ``db.numbering``), continue each ledger
    past the lines given out that it lacks (``db.lost_lines``): those ``lost`` says the
    replaced folder had, and up to line N of ``published`` (area -> N, the operator's
    word: a restore into a new folder); ``backup``: when the backup was made. The
    numbers it gives next, the lost lines written (area -> (first, last)), and the lines
    of the backup recorded again after them, where its ledger parts from the published
    one (``db.found_lines``: area -> [(number before, number now)])."""
    from .errors import DomainError, NotFound
    from .found_lines import refile
    from .lost_lines import mark_lost
    from .numbering import keep_past, next_numbers
    from .repository import Repository

    repo = Repository.open(root)
    try:
        if numbers:
            keep_past(repo, numbers, why)
        wanted = dict(lost.lines) if lost else {}
        known = [a.id for a in repo.street.areas]
        for area, last in sorted((published or {}).items()):
            if area not in known:  # by its id, the one in downloads/<id>/ledger.csv
                meant = repo.street.area_named(area)
                hint = f"；{area} 是区域 {meant}，请写 {meant}={last}" if meant in known else ""
                raise NotFound(f"--lines-published {area}={last}: the backup has no area "
                               f"{area!r} (its areas, by id: " + ", ".join(
                                   f"{a.id} = {a.name}" for a in repo.street.areas)
                               + (f"; write {meant}={last}" if hint else "") + "); nothing "
                               "was restored, and the data folder is as it was",
                               code="no_area", area=area, areas="、".join(
                                   f"{a.id}（{a.name}）" for a in repo.street.areas) + hint)
            have = repo.core.ledger.head.get(area, (0, ""))[0]
            if last - have > MOST_TYPED:  # a digit too many: lines lost for good
                raise DomainError(
                    f"--lines-published {area}={last}: the backup's ledger of {area} ends at "
                    f"line {have}, so {last - have} lines would be marked lost, more than "
                    f"{MOST_TYPED}: check the number of the last line on the live site; "
                    "nothing was restored, and the data folder is as it was",
                    code="lines_published_far", area=area, last=last, have=have,
                    most=MOST_TYPED)
            if last > have:
                wanted[area] = (have + 1, max(last, wanted.get(area, (0, 0))[1]))
        parted = lost.parted if lost else {}
        rest = {a: span for a, span in wanted.items() if a not in parted}
        marked = mark_lost(repo, rest, backup=backup,
                           carried=lost.carried if lost else None) if rest else {}
        found: dict[str, list[tuple[int, int]]] = {}
        for area, shared in sorted(parted.items()):  # ``db.found_lines``
            last = wanted.get(area, (0, shared))[1]
            span, found[area] = refile(repo, area, shared, last,
                                       lost.tail.get(area, ()) if lost else (),
                                       backup=backup,
                                       found_before=lost.found_before if lost else None)
            if span[1] >= span[0]:
                marked[area] = span
        return next_numbers(repo), marked, found
    finally:
        repo.close()
