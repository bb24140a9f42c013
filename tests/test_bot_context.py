"""``read``: repository reads run on the event loop when nothing would wait, and
in a worker thread when something would (the lock is held, the disk is needed)."""

from __future__ import annotations

import asyncio
import threading

import pytest
from conftest import pid

from bot.context import read
from db.entries import Kind
from db.store import Store, WouldBlock


def _where() -> str:
    return threading.current_thread().name


async def test_a_read_of_memory_runs_on_the_event_loop(repo):
    person = pid(repo, 101)
    seen = []

    def person_here(r):
        seen.append(_where())
        return r.person(person)

    got = await read(person_here, repo)  # a function given the repository ...
    assert seen == [threading.current_thread().name]
    assert got["id"] == person
    assert (await read(repo.person, person))["id"] == person  # ... or a method of it


async def test_a_read_waits_in_a_worker_thread_while_a_writer_holds_the_lock(repo):
    person = pid(repo, 101)
    held, release = threading.Event(), threading.Event()

    def writer():
        with repo.store.lock:
            held.set()
            release.wait(5)

    t = threading.Thread(target=writer)
    t.start()
    held.wait(5)
    where = []

    def person_here(r):
        where.append(_where())
        return r.person(person)

    task = asyncio.ensure_future(read(person_here, repo))
    await asyncio.sleep(0.05)
    assert not task.done()  # waiting, but not on the event loop: this line ran
    release.set()
    assert (await task)["id"] == person
    t.join()
    assert where[-1] != threading.main_thread().name


async def test_a_read_that_needs_the_disk_is_refused_inline(tmp_path):
    store = Store.create(tmp_path / "s", max_loaded_docs=1)
    with store.transaction() as tx:
        tx.put("old", "t", 1, {"v": 1})
    store.checkpoint()
    with store.transaction() as tx:
        tx.put("new", "t", 1, {"v": 2})
    store.checkpoint()  # "old", least recently used, is dropped from memory
    assert "old" not in store._dbs
    with pytest.raises(WouldBlock):
        store.run_inline(store.get, "old", "t", 1)
    with pytest.raises(WouldBlock):  # nor may anything be written
        store.run_inline(lambda: store.transaction().__enter__())
    assert store.run_inline(store.get, "new", "t", 1) == {"v": 2}
    assert store.get("old", "t", 1) == {"v": 1}  # off the loop, the disk may be read
    store.close()


async def test_a_write_under_read_is_refused_inline_and_done_in_a_thread(repo):
    maker = pid(repo, 101)
    entry = await read(lambda r: r.submit(maker, Kind.OPINION, "east", {"text": "好"}), repo)
    assert repo.entry(entry.id).data["text"] == "好"


def test_settle_memory_freezes_the_loaded_street_and_collects_young_objects_less_often(repo):
    import gc

    from bot.app import GC_THRESHOLDS, settle_memory

    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    try:
        gc.set_threshold(700, 10, 10)  # Python's own
        settle_memory(repo)
        assert gc.get_threshold() == GC_THRESHOLDS and GC_THRESHOLDS[0] > 700
        assert gc.get_freeze_count() > frozen
        assert repo.street._index  # built before the freeze, not on the first vote
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


async def test_writes_go_to_the_one_writer_thread_and_other_work_elsewhere(repo):
    from bot.context import call

    where = []

    def register(r, tid):
        where.append(_where())
        return r.ensure_person(tid, name="新居民")

    def resize(data):
        where.append(_where())
        return data[::-1]

    people = await asyncio.gather(*(call(register, repo, 7000 + n) for n in range(5)))
    assert len({p["id"] for p in people}) == 5
    assert await call(resize, b"ab") == b"ba"
    assert set(where[:5]) == {"steward-write_0"}
    assert where[5] not in ("steward-write_0", threading.main_thread().name)
