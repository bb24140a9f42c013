"""``read``: repository reads run on the event loop when nothing would wait, and
in a worker thread when something would (the lock is held, the disk is needed)."""

from __future__ import annotations

import asyncio
import threading
from types import SimpleNamespace

import pytest
from conftest import pid

from bot.context import entry_or_none, read
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
    assert "old" not in store.loaded_partitions()
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


async def test_entry_or_none_gives_the_entry_or_none_where_it_cannot_be_read(repo):
    context = SimpleNamespace(application=SimpleNamespace(bot_data={"repo": repo}))
    entry = repo.submit(pid(repo, 101), Kind.OPINION, "east", {"text": "好"})
    assert (await entry_or_none(context, entry.id)).data["text"] == "好"
    assert await entry_or_none(context, entry.id + 1) is None
    assert await entry_or_none(context, 0) is None  # not an entry number (bad_number)


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


class HeldDisk:
    """os.fsync that can be held (until ``go``) and made to fail once; counted."""

    def __init__(self, monkeypatch) -> None:
        self.calls = 0
        self.started, self.go = threading.Event(), threading.Event()
        self.fail_call: int | None = None  # which call fails (the cut-back's works)
        monkeypatch.setattr("db.fsio.os.fsync", self.fsync)

    def fsync(self, fd: int) -> None:
        self.calls += 1
        self.started.set()
        if not self.go.wait(10):
            raise OSError(5, "held too long")
        if self.calls == self.fail_call:
            raise OSError(5, "Input/output error")


async def _while_the_disk_is_held(repo, monkeypatch, then):
    """A first write whose fsync is held; ``then()`` queues more calls meanwhile."""
    from bot.context import call

    repo.ensure_person(8999, name="先")  # the journal exists before the disk is held
    disk = HeldDisk(monkeypatch)
    first = asyncio.create_task(call(repo.ensure_person, 9000, name="甲"))
    assert await asyncio.to_thread(disk.started.wait, 10)
    queued = [asyncio.create_task(c) for c in then()]
    await asyncio.sleep(0.05)  # all queued behind the held fsync
    assert not first.done() and not any(t.done() for t in queued)
    return disk, first, queued


async def test_writes_that_wait_together_share_one_fsync(repo, monkeypatch):
    from bot.context import call

    disk, first, queued = await _while_the_disk_is_held(repo, monkeypatch, lambda: [
        call(repo.ensure_person, 9001 + n, name=f"乙{n}") for n in range(5)])
    calls_before = disk.calls
    disk.go.set()
    people = [await first] + [await t for t in queued]
    assert len({p["id"] for p in people}) == 6
    assert disk.calls == calls_before + 1  # the five queued writes: one fsync
    assert all(repo.person_by_telegram(9001 + n)["name"] == f"乙{n}" for n in range(5))


async def test_a_domain_error_fails_only_its_own_write_of_a_batch(repo, monkeypatch):
    from bot.context import call
    from db.errors import DomainError

    volunteer = pid(repo, 101)
    disk, first, queued = await _while_the_disk_is_held(repo, monkeypatch, lambda: [
        call(repo.ensure_person, 9101, name="丙"),
        call(repo.approve, 999_999, volunteer),
        call(repo.ensure_person, 9102, name="丁")])
    disk.go.set()
    await first
    results = await asyncio.gather(*queued, return_exceptions=True)
    assert isinstance(results[1], DomainError)
    assert results[0]["name"] == "丙" and results[2]["name"] == "丁"
    assert repo.person_by_telegram(9102)["id"] == results[2]["id"]


async def test_a_batch_whose_fsync_fails_fails_every_write_of_it_and_leaves_no_trace(
        repo, monkeypatch):
    from bot.context import call
    from db.errors import StoreError

    disk, first, queued = await _while_the_disk_is_held(repo, monkeypatch, lambda: [
        call(repo.ensure_person, 9201 + n, name=f"戊{n}") for n in range(3)])
    disk.fail_call = disk.calls + 1  # the queued batch's fsync fails
    disk.go.set()
    kept = await first  # its own batch, synced fine
    results = await asyncio.gather(*queued, return_exceptions=True)
    assert all(isinstance(r, StoreError) for r in results), results
    assert all(repo.person_by_telegram(9201 + n) is None for n in range(3))
    assert repo.person_by_telegram(9000)["id"] == kept["id"]
    again = await call(repo.ensure_person, 9201, name="戊0")  # the disk is back
    assert again["id"] > kept["id"] and repo.person_by_telegram(9201)["id"] == again["id"]
