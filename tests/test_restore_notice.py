"""The paper notice after a restore (``site_builder.notice_restore``). It said a head that
differs from an earlier notice's means 旧账被改过, which an honest restore makes untrue;
its lost lines said 原来的第 N 笔见之前的公示单 though the line was printed on this very
month's notice before the restore; and a month with lines lost or found said nothing of
them by its head. Now the paper says a difference must be explained on the site's
账本核验 page, names the month's lost and found lines, and where each lost line was."""

from __future__ import annotations

import re
import subprocess

import pytest
from heads_support import street_with_history
from test_restore_found_lines import _published_lost
from test_restore_lost_lines import _published_after_the_backup

from db.backup import restore
from db.repository import Repository
from site_builder.notice import notice_for, render_pdf


def _text(content, tmp_path) -> str:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "n.pdf"
    pdf.write_bytes(render_pdf(content))
    return re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                             text=True, check=True).stdout)


def _notice(data, clock, month=None):  # type: ignore[no-untyped-def]
    repo = Repository.open(data, clock=clock)
    try:
        lines = repo.ledger("east")
        return lines, notice_for(repo, "east", month or lines[-1]["date"][:7])
    finally:
        repo.close()


def test_every_notice_says_a_differing_head_must_be_explained_on_the_check_page(tmp_path):
    repo, _clock = street_with_history(tmp_path / "data")
    try:
        content = notice_for(repo, "east", "2025-02")
    finally:
        repo.close()
    text = _text(content, tmp_path)
    assert "不一致就说明旧账被改过" not in text  # before: untrue after an honest restore
    assert "不一致时，网站“账本核验”页必须写明原因" in text, text
    assert "恢复备份时遗失的账在那里标明是哪几笔" in text
    assert "本月恢复过备份" not in text  # no restore this month: nothing of one


def test_the_notice_of_a_restore_month_names_its_lost_and_found_lines(tmp_path, monkeypatch):
    import db.backup

    # the backups made in April 2025, as the lines (the restores: today)
    monkeypatch.setattr(db.backup, "_now", lambda: "2025-04-02T09:00:00+08:00")
    data, clock, before, real, *_ = _published_lost(tmp_path)
    _lines, content = _notice(data, clock)
    assert content["restore"] == {"lost": [before + 1, before + 2],
                                  "found": [(before + 3, before + 1), (before + 4, before + 2)]}
    text = _text(content, tmp_path)
    assert f"本月恢复过备份：第{before + 1}–{before + 2}笔是恢复备份时遗失的账" in text, text
    assert f"第{before + 3}笔即原第{before + 1}笔、第{before + 4}笔即原第{before + 2}笔" in text
    rows = {x["seq"]: x for x in content["lines"]}
    # the originals were dated 2 April 2025, the restores today: a notice printed before
    # the restore, with the line's day, and where the money is now
    lost = rows[before + 1]["text"]
    assert "见之前的公示单" not in lost
    assert f"原来的第 {before + 1} 笔（{real[0]['date']} 的账）印在恢复备份以前打印的公示单上" \
        in lost, lost
    assert f"这笔钱已重新记为第 {before + 3} 笔" in lost, lost


def test_a_line_lost_in_the_month_it_was_published_points_to_that_months_earlier_print(
        tmp_path, monkeypatch):
    """The backup made on 1 April, two lines published on 2 April (on April's notice
    printed then), the backup restored in April: the lost line's original is on April's
    notice printed before the restore, not on an earlier month's."""
    import db.backup

    monkeypatch.setattr(db.backup, "_now", lambda: "2025-04-01T09:00:00+08:00")
    data, clock, before, _since = _published_after_the_backup(tmp_path)
    opened = Repository.open.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(Repository, "open", classmethod(
        lambda cls, path, **kw: opened(cls, path, **{"clock": clock, **kw})))
    clock.at(4, 20)
    restore(tmp_path / "b.tar.gz", data)
    lines, content = _notice(data, clock, "2025-04")
    assert lines[before]["kind"] == "lost" and lines[before]["date"].startswith("2025-04")
    rows = {x["seq"]: x for x in content["lines"]}
    lost = rows[before + 1]["text"]
    assert "见之前的公示单" not in lost  # before: sent the reader to March's notice
    assert f"原来的第 {before + 1} 笔印在本月恢复备份以前打印的公示单上" in lost, lost
    assert "重新记为" not in lost  # nothing found again: no number to give


@pytest.mark.parametrize("purpose", ["恢复备份时遗失", ""])
def test_a_lost_line_whose_backup_month_is_unknown_points_to_a_print_before_the_restore(
        purpose):
    from site_builder.notice_restore import lost_note

    said = lost_note({"seq": 9, "purpose": purpose}, "2025-06", {})
    assert said == "，原来的第 9 笔印在恢复备份以前打印的公示单上"
