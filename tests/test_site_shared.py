"""A whole build on two processes (``site_builder.shared``): the site is byte for byte
the one a single process builds, and what goes wrong in the second process is
seen by the first."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort
from test_site_helpers import make_project, search_docs

from bench.synthetic import generate
from site_builder import build_site
from site_builder import collect as collect_module
from site_builder import mkdocs_session as session_module
from site_builder.shared import forked_memory, share


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _counted(ran: list[str], what: str):  # type: ignore[no-untyped-def]
    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        results, tails = share(*args, **kwargs)
        ran.extend(what for _ in tails)
        return results, tails

    return counted


@pytest.fixture(autouse=True)
def alone(monkeypatch, request):
    """The process counts as one thread, as the build worker is: idle threads that
    earlier tests of the whole suite left behind would keep every build here in one
    process (the test of other threads running starts its own, and counts them)."""
    if request.node.name != "test_one_process_with_other_threads_running_or_few_items":
        from site_builder import shared

        monkeypatch.setattr(shared, "_threads", lambda: 1)


@pytest.fixture
def children(monkeypatch):
    """Every small build forks (the threshold down to 2 pages); names the second
    processes that sent their work back ("pages", "areas")."""
    monkeypatch.setattr(session_module, "TWO_PROCESSES", 2)
    ran: list[str] = []
    monkeypatch.setattr(session_module, "share", _counted(ran, "pages"))
    monkeypatch.setattr(collect_module, "share", _counted(ran, "areas"))
    return ran


def test_two_processes_build_the_same_site_and_content_as_one(street, children):
    repo, tmp = street
    one = build_site(repo, make_project(tmp / "one"), workers=1)
    assert not children  # one process asked for: no fork
    two = build_site(repo, make_project(tmp / "two"), workers=2)
    assert children == ["pages"]  # a second process did part of the pages (2 areas:
    # the first is collected before the fork, and one left is not worth one)
    assert one.pages == two.pages > 10
    for folder in ("site", "content"):
        a, b = _tree(tmp / "one" / "project" / folder), _tree(tmp / "two" / "project" / folder)
        assert a and a == b, folder
    docs = search_docs(tmp / "two" / "project" / "site")
    assert any("化粪池" in text for _, _, text in docs)  # search included
    # The page cache knows every page, whichever process made it: a rebuild reuses all.
    again = build_site(repo, tmp / "two" / "project", workers=2)
    assert again.reused == len(list((tmp / "two" / "project" / "content").rglob("*.md")))
    assert _tree(tmp / "two" / "project" / "site") == _tree(tmp / "one" / "project" / "site")


def test_a_page_by_page_update_after_a_two_process_build_matches_a_whole_build(street,
                                                                              children):
    from conftest import pid

    from db.entries import Kind
    from site_builder.build import IncrementalBuilder

    repo, tmp = street
    builder = IncrementalBuilder(repo, make_project(tmp / "inc"), workers=2)
    builder.build()
    assert children == ["pages"]
    expense = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 4321_00, "category": "cleaning", "payee": "清掏队", "purpose": "化粪池清掏"})
    repo.approve(expense.id, pid(repo, 102))
    report = builder.build({"east"})  # the pages made by either process, updated here
    assert "areas/east/accounts.md" in report.written
    site = builder.site_dir
    assert "¥4,321.00" in (site / "areas/east/accounts/index.html").read_text("utf-8")
    builder.close()
    whole = build_site(repo, make_project(tmp / "whole"), workers=1)
    assert _tree(whole.site_dir or tmp) == _tree(site)


def test_warnings_of_the_second_process_fail_the_strict_build(street, children):
    repo, tmp = street
    project = make_project(tmp / "warned")
    for n in range(40):  # pages enough that both processes get some
        (project / "content" / f"note-{n:02}.md").write_text(
            f"# 说明 {n}\n\n见[附录](gone-{n:02}.md)。\n", "utf-8")
    with pytest.raises(Abort) as failed:
        build_site(repo, project, workers=2)
    assert children == ["pages"]
    assert "40 warnings" in str(failed.value)  # those of both processes counted


def test_areas_collected_and_rendered_by_two_processes_give_the_same_site(tmp_path, children):
    repo, _ = generate(tmp_path / "data", areas=4, households_per_area=10, years=1)
    try:
        one = build_site(repo, make_project(tmp_path / "one"), workers=1)
        assert not children
        two = build_site(repo, make_project(tmp_path / "two"), workers=2)
    finally:
        repo.close()
    assert sorted(children) == ["areas", "pages"]
    assert (one.pages, sorted(one.written), one.photos) == \
        (two.pages, sorted(two.written), two.photos)
    for folder in ("site", "content"):
        a, b = _tree(tmp_path / "one" / "project" / folder), \
            _tree(tmp_path / "two" / "project" / folder)
        assert a and a == b, folder
    areas = {p.split("/")[1] for p in _tree(tmp_path / "two" / "project" / "content")
             if p.startswith("areas/") and p.count("/") > 1}
    assert len(areas) == 4  # every area's pages, whichever process made them


def test_what_the_second_process_made_is_kept_for_the_next_build(tmp_path, children,
                                                                 monkeypatch):
    repo, _ = generate(tmp_path / "data", areas=4, households_per_area=10, years=1)
    project = make_project(tmp_path / "p")
    try:
        build_site(repo, project, workers=2)
        assert "areas" in children
        site = _tree(project / "site")
        collected: list[str] = []
        real = collect_module._Collector.area
        monkeypatch.setattr(collect_module._Collector, "area",
                            lambda self, a: collected.append(a.id) or real(self, a))
        again = build_site(repo, project, workers=1)
    finally:
        repo.close()
    # Every area, whichever process collected it, is in the area cache: none is
    # collected again, and every page comes from the page cache.
    assert collected == []
    assert again.reused == len(list((project / "content").rglob("*.md")))
    assert _tree(project / "site") == site


def test_results_come_back_in_order_whichever_process_made_them():
    parent = os.getpid()

    def work(n: int) -> tuple[int, bool]:
        time.sleep(0.002)
        return n * n, os.getpid() == parent

    before = forked_memory()["children"]
    results, tails = share(list(range(200)), work, workers=2, tail=lambda: "done")
    assert [r for r, _ in results] == [n * n for n in range(200)]
    assert tails == ["done"]
    assert any(here for _, here in results) and not all(here for _, here in results)
    memory = forked_memory()  # the child's own memory, apart from the pages it shared
    assert memory["children"] == before + 1 and 0 < memory["private"] < memory["rss"]


def test_an_error_in_the_second_process_is_raised_in_the_first():
    parent = os.getpid()

    def work(n: int) -> int:
        time.sleep(0.002)
        if os.getpid() != parent:
            raise ValueError(f"item {n} refused")
        return n

    with pytest.raises(ValueError, match="refused"):
        share(list(range(200)), work, workers=2)


def test_a_second_process_that_died_fails_the_work_and_is_not_forked_again(monkeypatch):
    from site_builder import shared

    monkeypatch.setattr(shared, "_BROKEN", False)
    parent = os.getpid()

    def work(n: int) -> bool:
        time.sleep(0.002)
        if os.getpid() != parent and n > 20:
            os._exit(3)
        return os.getpid() == parent

    with pytest.raises(shared.ChildFailed, match="ended before its work was done"):
        share(list(range(200)), work, workers=2, tail=lambda: "gathered")
    results, tails = share(list(range(200)), work, workers=2)  # one process from now on
    assert all(results) and tails == []


def test_one_process_with_other_threads_running_or_few_items():
    parent = os.getpid()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        results, tails = share(list(range(50)), lambda n: os.getpid() == parent, workers=2)
    finally:
        stop.set()
        thread.join()
    assert all(results) and tails == []
    results, tails = share([1, 2, 3], lambda n: os.getpid() == parent, workers=2, least=10)
    assert all(results) and tails == []


CHILD_SCRIPT = """
import os, sys, time
from pathlib import Path
from site_builder.shared import share
parent, seen = os.getpid(), Path(sys.argv[1])

def work(n):
    if os.getpid() != parent:
        seen.write_text(str(os.getpid()))
        time.sleep(60)  # alone, it would go on for a minute
    time.sleep(0.2)
    return n

share(list(range(100)), work, workers=2)
"""


def test_the_second_process_ends_when_the_first_is_killed(tmp_path):
    import signal
    import subprocess
    import sys

    from test_site_helpers import ROOT

    seen = tmp_path / "child.pid"
    proc = subprocess.Popen([sys.executable, "-c", CHILD_SCRIPT, str(seen)], cwd=ROOT,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    try:
        deadline = time.monotonic() + 60
        # written by write_text: the file can exist a moment before its number is in it
        while not (seen.exists() and seen.read_text().strip()) and \
                time.monotonic() < deadline:
            time.sleep(0.05)
        child = int(seen.read_text())
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while Path(f"/proc/{child}").exists() and time.monotonic() < deadline:
            status = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0]
            if status == "Z":  # ended, not yet reaped by init
                break
            time.sleep(0.05)
        gone = not Path(f"/proc/{child}").exists() or \
            Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
        assert gone
    finally:
        proc.kill()


def test_how_many_processes_by_default(monkeypatch):
    from site_builder.shared import workers_default

    monkeypatch.setenv("STEWARD_BUILD_WORKERS", "1")
    assert workers_default() == 1
    monkeypatch.delenv("STEWARD_BUILD_WORKERS")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})  # one CPU for us
    assert workers_default() == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2})
    assert workers_default() == 2
