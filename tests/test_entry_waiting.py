"""The entries waiting for a volunteer are few among a street's history; the entry
table keeps them by partition too (db.entry_table.WAITING), so a report's "alike
reports waiting" and an approval's queue do not pass over every report the area ever
had. What they find must stay what a pass over everything finds: after changes of
status and partition, removals, and a table saved and read back."""

from __future__ import annotations

import random

from conftest import confirmed_resident, pid

from db.entries import Kind, Status
from db.entry_table import WAITING, EntryTable
from db.indexes import EntryIndex, UndoLog
from db.repository import Repository

STATUSES = [WAITING, "open", "approved", "rejected", "closed"]
PARTS = ["areas/a/entries-2025", "areas/a/entries-2026", "areas/ab/entries-2026", "people"]


def _every(table: EntryTable, prefix: str | None) -> list[int]:
    """What ``waiting`` must give, by looking at every entry."""
    return [eid for eid in sorted(table) if table[eid][1] == WAITING
            and (prefix is None or table[eid][3].startswith(prefix))]


def test_the_waiting_entries_found_are_those_a_full_pass_finds():
    rng = random.Random(23)
    table = EntryTable()
    for step in range(4000):
        eid = rng.randrange(1, 400)
        if rng.random() < 0.15:
            table.pop(eid, None)
        else:
            table[eid] = (rng.choice(["issue", "opinion"]), rng.choice(STATUSES),
                          rng.choice([None, 1, 2]), rng.choice(PARTS))
        if step % 400 == 399:
            table = EntryTable.load(table.dump())
        if step % 50 == 0:
            for prefix in (None, "areas/a/", "areas/ab/", "areas/none/"):
                assert table.waiting(prefix) == _every(table, prefix)
    assert len(table.waiting("areas/a/")) > 10  # the checks above had work to do


def test_an_area_query_for_waiting_entries_matches_a_pass_over_its_entries():
    index = EntryIndex(UndoLog())
    rng = random.Random(5)
    for eid in range(1, 600):
        area = rng.choice(["a", "ab"])
        index.add(eid, rng.choice(["issue", "opinion"]), rng.choice(STATUSES),
                  rng.choice([None, 7]), area, f"areas/{area}/entries-2026")
    index.undo.take()
    for eid in range(1, 600, 7):
        index.update(eid, index.meta[eid][0], WAITING, index.meta[eid][2])
    for area in ("a", "ab"):
        for kind in (None, "issue"):
            for author in (None, 7):
                everything = index.meta.select(
                    [eid for ids in index.by_area[area].values() for eid in ids],
                    kind, {WAITING}, author)
                assert sorted(index.matching(area, kind, WAITING, author)) == \
                    sorted(everything)
    # a write undone takes its entry out of the waiting ones again
    index.update(3, index.meta[3][0], WAITING, index.meta[3][2])
    assert 3 in index.matching(None, None, WAITING, None)
    UndoLog.undo(index.undo.take())
    assert (3 in index.matching(None, None, WAITING, None)) == (index.meta[3][1] == WAITING)


def test_the_repository_finds_the_waiting_reports_after_approvals_and_a_reopen(repo):
    author = confirmed_resident(repo, 201, "c1/1/1/101", 101)
    made = [repo.submit(author, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": f"路灯不亮 {n}"})
            for n in range(6)]
    for entry in made[:3]:
        repo.approve(entry.id, pid(repo, 101))
    waiting = [e.id for e in repo.entries(area="east", kind=Kind.ISSUE,
                                          status=Status.PENDING)]
    assert sorted(waiting) == [e.id for e in made[3:]]
    root, clock = repo.store.root, repo.clock
    repo.close()  # a checkpoint: the indexes saved, read back below
    again = Repository.open(root, clock=clock)
    try:
        assert not again.store.index_stale
        assert sorted(e.id for e in again.entries(area="east", kind=Kind.ISSUE,
                                                  status=Status.PENDING)) == waiting
    finally:
        again.close()
