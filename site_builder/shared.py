"""Work shared by two processes: the builder's on the machine's second core.

A whole build does the same thing to many independent items (MkDocs renders
~900 pages, the builder renders ~50 areas), each writing its own files.
``share(items, work)`` does it in the process itself and in one child forked
from it, each taking the next item not yet taken (a counter in shared memory),
so that both finish at about the same time whatever each item costs and
whatever else the machine is running. The child sends back, item by item, what
``work`` returned (pickled, through a pipe a thread of the parent reads as it
comes), and exits; the parent gets the results in the items' order, as if it
had done every item itself.

The child is a fork: it starts with everything the parent had loaded (the
configuration, the navigation, the theme's templates, jieba's dictionary) at
no cost, and shares its memory until either process writes to it. Python's
cyclic garbage collector writes to every object it walks, so the parent
freezes its objects first (``gc.freeze``): neither process walks them while
they share them, and only what each one makes or changes is its own.

One process does everything when a fork is not wanted or not possible:
``workers`` below 2, fewer items than ``least`` (forking, and the first
touches of shared memory, cost more than they save), a machine with one CPU,
or a process running other threads (a fork copies only the calling thread:
a lock another thread held would never be released in the child). If the child
fails, the parent raises its error; if it dies before its end (killed for its
memory, say), what it gathered beside its results never came, so the parent
raises ``ChildFailed`` (the builder then starts the next build from nothing)
and forks no more; if the parent is killed (the bot stops its build worker
mid-build), the child is killed with it (``child.die_with_parent``).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import pickle
import struct
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .child import die_with_parent

__all__ = ["share", "workers_default", "ChildFailed", "forked_memory"]

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

_HEAD = struct.Struct("<iQ")  # item index (-1: the child's tail, -2: its error), length


class ChildFailed(RuntimeError):
    """The child raised an exception that could not be sent back as itself."""


def workers_default() -> int:
    """Two where the machine has two CPUs or more, else one (``STEWARD_BUILD_WORKERS``
    sets it: 1 to build in one process)."""
    value = os.environ.get("STEWARD_BUILD_WORKERS", "")
    if value.strip().isdigit():
        return max(1, int(value))
    try:
        cpus = len(os.sched_getaffinity(0))  # those this process may run on
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return 2 if cpus >= 2 else 1


PIPE_SIZE = 1 << 20  # bytes the child may write ahead of the parent's reader


def _widen(fd: int) -> None:
    """A pipe that holds a few results (Linux: 64 KB by default, less than one area's
    data): the child goes on while the parent's reader waits for the interpreter."""
    with contextlib.suppress(OSError, AttributeError):
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_SIZE)


# Set when a child died before its end (killed for memory, say): this process forks no more.
_BROKEN = False


def _threads() -> int:
    """The threads of this process (a fork is made only from a process of one)."""
    return threading.active_count()


def _can_fork(workers: int, items: int, least: int) -> bool:
    return (workers >= 2 and items >= max(least, 2) and hasattr(os, "fork")
            and _threads() == 1 and not _BROKEN)


def share(items: Sequence[T], work: Callable[[T], R], *, workers: int | None = None,
          least: int = 2, tail: Callable[[], Any] | None = None) -> tuple[list[R], list[Any]]:
    """``[work(item) for item in items]``, in two processes when it pays (see the module).
    Returns the results in the items' order, and the ``tail()`` of each child (what
    else the child gathered, taken after its last item: ``[]`` when no child ran).
    ``work`` must return something picklable; it runs in the child for about half the
    items, so what it changes in memory stays there: only its result comes back."""
    workers = workers_default() if workers is None else workers
    if not _can_fork(workers, len(items), least):
        return [work(item) for item in items], []
    try:
        context = multiprocessing.get_context("fork")
        taken = context.RawValue("l", 0)
        lock = context.Lock()
        read_fd, write_fd = os.pipe()
        _widen(write_fd)
    except OSError as exc:  # no shared memory or semaphores here
        log.info("building in one process: %s", exc)
        return [work(item) for item in items], []

    def next_item() -> int:
        with lock:
            index = int(taken.value)
            taken.value = index + 1
        return index

    gc.freeze()  # shared objects stay shared: no collector walks them (see the module)
    parent = os.getpid()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
    except OSError as exc:
        gc.unfreeze()
        os.close(read_fd)
        os.close(write_fd)
        log.info("building in one process: %s", exc)
        return [work(item) for item in items], []
    if pid == 0:  # the child: never returns
        die_with_parent(parent)  # a worker killed mid-build takes its helper along
        os.close(read_fd)
        _child(items, work, tail, next_item, write_fd)
    os.close(write_fd)
    got: dict[int, Any] = {}
    reader = threading.Thread(target=_read, args=(read_fd, got), daemon=True)
    reader.start()
    results: dict[int, R] = {}
    try:
        try:
            while (index := next_item()) < len(items):
                results[index] = work(items[index])
        except BaseException:
            with lock:
                taken.value = len(items)  # the child stops after its current item
            raise
        finally:
            reader.join()
            _, status = os.waitpid(pid, 0)
    finally:
        gc.unfreeze()
    error = got.pop(-2, None)
    if error is not None:
        raise error
    tails = []
    if -1 in got:
        value, memory = got.pop(-1)
        tails.append(value)
        _FORKED.append(memory)
    if not tails:  # what it gathered beside its results never came: the work is not whole
        global _BROKEN
        _BROKEN = True
        raise ChildFailed(f"the build's second process ended before its work was done "
                          f"(status {status}); the next builds run in one process")
    results.update(got)
    return [results[i] for i in range(len(items))], tails


def _child(items: Sequence[Any], work: Callable[[Any], Any], tail: Callable[[], Any] | None,
           next_item: Callable[[], int], fd: int) -> None:
    """Do items until none is left, sending each result; then the tail; then exit."""
    code = 0
    try:
        out = os.fdopen(fd, "wb", buffering=1 << 16)
        try:
            most, when = 0, time.monotonic()
            while (index := next_item()) < len(items):
                _send(out, index, work(items[index]))
                if time.monotonic() - when > MEMORY_EVERY:  # its own memory, now and then
                    most, when = max(most, _memory()["private"]), time.monotonic()
            memory = _memory()
            memory["private"] = max(memory["private"], most)
            _send(out, -1, (tail() if tail is not None else None, memory))
        except BaseException as exc:  # noqa: BLE001 - sent to the parent, which raises it
            code = 1
            try:
                pickle.dumps(exc)
            except Exception:  # noqa: BLE001
                exc = ChildFailed("".join(traceback.format_exception(exc))[-3000:])
            _send(out, -2, exc)
        out.flush()
    except BaseException:  # noqa: BLE001 - the parent finds the items not sent
        code = 2
    finally:
        os._exit(code)  # no atexit, no finalizers of the parent's objects


# The memory of every child this process forked (``_memory``), in order; a child looks
# at its own private memory after an item when this many seconds passed since it last did.
MEMORY_EVERY = 0.25
_FORKED: list[dict[str, int]] = []


def forked_memory() -> dict[str, int]:
    """The largest memory of the children forked so far, in MB: ``private`` (the
    pages of its own, what it added to the machine's memory: the most it had when
    it looked, after an item every ``MEMORY_EVERY`` seconds and at its end) and
    ``rss`` (its peak RSS, which also counts every page it shared with this
    process: not memory of its own)."""
    return {"children": len(_FORKED),
            "private": max((m["private"] for m in _FORKED), default=0),
            "rss": max((m["rss"] for m in _FORKED), default=0)}


def _memory() -> dict[str, int]:
    """This process's peak RSS and its private memory now (MB), from /proc."""
    out = {"rss": 0, "private": 0}
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                out["rss"] = int(line.split()[1]) // 1024
        kb = 0
        for line in open("/proc/self/smaps_rollup"):
            if line.startswith(("Private_Clean:", "Private_Dirty:")):
                kb += int(line.split()[1])
        out["private"] = kb // 1024
    return out


def _send(out: Any, index: int, value: Any) -> None:
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_HEAD.pack(index, len(body)))
    out.write(body)
    out.flush()


def _read(fd: int, got: dict[int, Any]) -> None:
    """The parent's reader: every result the child sends, until it closes the pipe."""
    with os.fdopen(fd, "rb", buffering=1 << 20) as pipe:
        while len(head := pipe.read(_HEAD.size)) == _HEAD.size:
            index, length = _HEAD.unpack(head)
            body = pipe.read(length)
            if len(body) < length:
                return  # cut short: the child died
            try:
                got[index] = pickle.loads(body)
            except Exception as exc:  # noqa: BLE001
                got[-2] = ChildFailed(f"a result of the build's second process unreadable: {exc}")
