"""A past year's pages, charts and paper notices are kept from an earlier build (in
this process or another) while what they are made from is the same, and made
again as soon as it is not: the content is the same as a build from nothing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from conftest import SMALL_STREET, StepClock, pid
from test_site_helpers import make_project, notices_handed_to_draw

import site_builder.render as render
from db.config import parse_street
from db.entries import Kind
from db.repository import CHINA_TZ, Repository
from site_builder import build_site


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def _expense(repo: Repository, fen: int, purpose: str) -> int:
    entry = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": fen, "category": "cleaning", "payee": "清掏队", "purpose": purpose})
    repo.approve(entry.id, pid(repo, 102))
    return int(repo.entry(entry.id).data["ledger_seq"])


@pytest.fixture
def two_years(tmp_path):
    """East's ledger and issues in 2024 and in 2025."""
    clock = StepClock(datetime(2024, 3, 1, 8, 0, tzinfo=CHINA_TZ))
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=clock)
    old = _expense(repo, 35000, "旧年清掏")
    issue = repo.submit(pid(repo, 101), Kind.ISSUE, "east", {"category": "lighting",
                                                            "text": "旧年路灯不亮"})
    repo.approve(issue.id, pid(repo, 102))
    clock.now = datetime(2025, 2, 1, 8, 0, tzinfo=CHINA_TZ)
    _expense(repo, 12000, "今年清掏")
    issue = repo.submit(pid(repo, 101), Kind.ISSUE, "east", {"category": "septic",
                                                            "text": "今年化粪池满了"})
    repo.approve(issue.id, pid(repo, 102))
    yield repo, tmp_path, old
    repo.close()


def _count(monkeypatch, module, name):
    calls = []
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_later_build_keeps_the_past_years_files_and_an_approval_leaves_them(two_years,
                                                                              monkeypatch):
    repo, tmp, _old = two_years
    project = make_project(tmp / "p")
    build_site(repo, project, run_mkdocs=False)
    past = project / "content/areas/east/accounts-2024.md"
    assert "旧年清掏" in past.read_text("utf-8")
    assert "今年清掏" not in past.read_text("utf-8")
    charts = _count(monkeypatch, render, "monthly_chart")
    pdfs = notices_handed_to_draw(monkeypatch)
    _expense(repo, 4321_00, "今年再清掏")  # an approval in the current year
    report = build_site(repo, project, run_mkdocs=False)  # a new builder, as a new process
    assert "areas/east/accounts.md" in report.written
    assert "今年再清掏" in (project / "content/areas/east/accounts.md").read_text("utf-8")
    assert not [p for p in report.written if "2024" in p], report.written
    assert [c[1] for c in charts] == ["东小区 2025 年每月收支"]  # 2024's chart not drawn again
    assert [n["month"] for n in pdfs] == ["2025-02"]  # nor 2024's notices
    assert (project / "content/areas/east/months-2024.svg").is_file()
    assert (project / "content/downloads/east/notice-2024-03.pdf").is_file()
    fresh = make_project(tmp / "fresh")
    build_site(repo, fresh, run_mkdocs=False)
    assert _tree(fresh / "content") == _tree(project / "content")


def test_a_reversal_of_a_past_line_makes_its_year_again(two_years):
    repo, tmp, old = two_years
    project = make_project(tmp / "p")
    build_site(repo, project, run_mkdocs=False)
    reversal = repo.reverse("east", old, pid(repo, 102), "金额录错")
    repo.approve(reversal.id, pid(repo, 101))
    report = build_site(repo, project, run_mkdocs=False)
    assert "areas/east/accounts-2024.md" in report.written
    text = (project / "content/areas/east/accounts-2024.md").read_text("utf-8")
    assert "已被 " in text and "月的第" in text and "笔冲正" in text  # in a later year
    fresh = make_project(tmp / "fresh")
    build_site(repo, fresh, run_mkdocs=False)
    assert _tree(fresh / "content") == _tree(project / "content")


def test_a_kept_file_changed_on_disk_is_made_again(two_years):
    repo, tmp, _old = two_years
    project = make_project(tmp / "p")
    build_site(repo, project, run_mkdocs=False)
    past = project / "content/areas/east/issues-2024.md"
    made = past.read_bytes()
    assert "旧年路灯不亮".encode() in made
    past.write_bytes(made + b"\nchanged by hand\n")
    report = build_site(repo, project, run_mkdocs=False)
    assert "areas/east/issues-2024.md" in report.written
    assert past.read_bytes() == made


def test_the_past_years_list_the_current_year_without_its_count(two_years):
    repo, tmp, _old = two_years
    project = make_project(tmp / "p")
    build_site(repo, project, run_mkdocs=False)
    content = project / "content/areas/east"
    current = (content / "accounts.md").read_text("utf-8")
    past = (content / "accounts-2024.md").read_text("utf-8")
    count = '<span class="steward-whole">（1 笔）</span>'  # on one line
    assert "<strong>2025\u00a0年</strong>" + count in current
    assert '<a href="../accounts-2024/">2024\u00a0年</a>' + count in current
    assert '<a href="../accounts/">2025\u00a0年</a> · <strong>2024\u00a0年</strong>' + count in past


def test_a_project_template_changed_between_builds_makes_the_past_years_again(two_years):
    from site_builder.build import IncrementalBuilder
    from site_builder.render import TEMPLATES

    repo, tmp, _old = two_years
    project = make_project(tmp / "p")
    builder = IncrementalBuilder(repo, project)
    builder.build(run_mkdocs=False)
    past = project / "content/areas/east/accounts-2024.md"
    assert "本街道自定的年页" not in past.read_text("utf-8")
    (project / "templates").mkdir()
    own = (TEMPLATES / "accounts_year.md.j2").read_text("utf-8") + "\n本街道自定的年页\n"
    (project / "templates" / "accounts_year.md.j2").write_text(own, "utf-8")
    report = builder.build(run_mkdocs=False)
    builder.close()
    assert "areas/east/accounts-2024.md" in report.written
    assert "本街道自定的年页" in past.read_text("utf-8")


def test_the_keys_file_is_written_again_only_when_what_it_holds_changed(tmp_path):
    from site_builder.kept import INDEX, Kept

    project = tmp_path / "p"
    (project / "content").mkdir(parents=True)
    (project / "content" / "a.svg").write_bytes(b"<svg/>")
    kept = Kept(project)
    assert not kept.keep("a.svg", "k1")  # not known yet: made (it is on disk)
    kept.save()
    index = project / INDEX
    first = index.stat().st_mtime_ns, index.read_bytes()
    again = Kept(project)
    assert again.keep("a.svg", "k1")
    again.save()  # nothing made: the file is left as it is
    assert (index.stat().st_mtime_ns, index.read_bytes()) == first
    assert not again.keep("a.svg", "k2")  # made from something else
    again.save()
    assert b"k2" in index.read_bytes()
    third = Kept(project)
    third.forget({"a.svg"})
    third.save()
    assert b"a.svg" not in index.read_bytes()
