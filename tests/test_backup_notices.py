"""The first makings of the paper notices (``site_builder.notice_reprint``: a digest of
each part of a month's notice, kept in the data folder's ``.notices/``) are in every
backup and come back with a restore. Before, ``.notices/`` was left out of backups (a
hidden folder) and a restore swapped in a folder without it: a past month's notice
printed again after a restore, onto a new machine or the same one, was taken for a
first making, its name masked or its line reversed since said nowhere on it."""

from __future__ import annotations

import json

from conftest import confirmed_resident, pid
from heads_support import money, street_with_history

from db.backup import FIRSTS, backup, restore
from db.entries import Kind
from db.privacy import CONSENT_VERSION
from db.repository import Repository
from site_builder.notice import notice_for
from site_builder.notice_reprint import ARCHIVE, first_path


def _april(data):  # type: ignore[no-untyped-def]
    """April's notice names 张桂芳 in a report; first made (posted) on 2 May."""
    repo, clock = street_with_history(data)
    clock.at(4, 3)
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.submit(author, Kind.ISSUE, "east",
                        {"category": "lighting", "text": "张桂芳家门口路灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    money(repo, "east", 100)
    clock.at(5, 2)
    assert "reprint" not in notice_for(repo, "east", "2025-04")
    return repo, clock, issue


def _mask_her(repo, clock) -> None:  # type: ignore[no-untyped-def]
    """The neighbour named registers: her name is masked on every notice since."""
    clock.at(5, 20)
    person = repo.ensure_person(7001, name="张桂芳")
    entry = repo.register(person["id"], "c1/1/1/102", consent=CONSENT_VERSION)
    repo.approve(entry.id, pid(repo, 101))


def test_a_restore_on_a_new_machine_still_tells_a_reprint_from_a_first_print(tmp_path):
    data = tmp_path / "data"
    repo, clock, issue = _april(data)
    kept = first_path(data, "east", "2025-04").read_bytes()
    repo.close()
    manifest = backup(data, tmp_path / "b.tar.gz")
    assert FIRSTS == ARCHIVE  # the folder the notices keep them in
    assert ".notices/east/2025-04.first.json" in manifest["files"]
    # the PDFs beside them are a cache, drawn again from the data
    assert not [n for n in manifest["files"] if n.startswith(".notices/") and
                n.endswith(".pdf")]

    new = tmp_path / "new" / "data"  # the machine lost: a new folder
    restore(tmp_path / "b.tar.gz", new)
    assert first_path(new, "east", "2025-04").read_bytes() == kept
    repo = Repository.open(new, clock=clock)
    _mask_her(repo, clock)
    again = notice_for(repo, "east", "2025-04")
    assert again["reprint"] == {"first": "2025-05-02", "changed": [f"报事 #{issue.id}"]}
    repo.close()


def test_a_restore_keeps_the_first_makings_made_after_its_backup(tmp_path):
    """Backed up on 1 May, April's notice first made (and posted) on 2 May, restored on
    3 May: the restored folder keeps when April's notice was first made, from the folder
    it replaces (the backup could not hold it)."""
    data = tmp_path / "data"
    repo, clock = street_with_history(data)
    clock.at(4, 3)
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.submit(author, Kind.ISSUE, "east",
                        {"category": "lighting", "text": "张桂芳家门口路灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    clock.at(5, 1)
    repo.close()
    backup(data, tmp_path / "b.tar.gz")
    repo = Repository.open(data, clock=clock)
    clock.at(5, 2)
    notice_for(repo, "east", "2025-04")  # posted on the wall
    repo.close()
    kept = json.loads(first_path(data, "east", "2025-04").read_text(encoding="utf-8"))

    restore(tmp_path / "b.tar.gz", data)
    assert json.loads(first_path(data, "east", "2025-04").read_text(encoding="utf-8")) == kept
    repo = Repository.open(data, clock=clock)
    _mask_her(repo, clock)
    assert notice_for(repo, "east", "2025-04")["reprint"]["first"] == "2025-05-02"
    repo.close()


def test_a_reprint_whose_months_lines_a_restore_took_back_says_so(tmp_path):
    """Backed up on 1 April, a fee published on 20 April, April's notice posted on 2 May,
    the backup restored on 3 May: April's notice printed again lacks the line and closes
    on another head. Its note named the usual causes (a correction, a head signed later,
    a name masked…), none of which it was; it says now that lines of the month went
    and the posted head no longer matches the site."""
    import re
    import subprocess

    from site_builder.notice import render_pdf

    data = tmp_path / "data"
    repo, clock = street_with_history(data)
    clock.at(4, 1)
    repo.close()
    backup(data, tmp_path / "b.tar.gz")
    repo = Repository.open(data, clock=clock)
    clock.at(4, 20)
    money(repo, "east", 777)
    clock.at(5, 2)
    notice_for(repo, "east", "2025-04")  # posted
    repo.close()
    restore(tmp_path / "b.tar.gz", data)
    repo = Repository.open(data, clock=clock)
    clock.at(5, 3)
    again = notice_for(repo, "east", "2025-04")
    repo.close()
    assert "账本链头" in again["reprint"]["changed"]
    pdf = tmp_path / "n.pdf"
    pdf.write_bytes(render_pdf(again))
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                             capture_output=True, text=True).stdout)
    assert "本月的账本链头与首次生成时不同" in text and "请向街道办问明原因" in text, text
    assert "变化来自后来的更正" not in text


def test_a_volunteer_printing_it_again_is_told_to_keep_the_posted_one_up(tmp_path):
    """The same reprint through /notice (``steward notice`` in a child process): the
    volunteer was told 公示栏上如果贴的是之前打印的，请换上这张, taking down the one
    paper that shows the month's head as posted; now to keep it up, put the reprint
    beside it and tell the street office."""
    import asyncio

    from bot.handlers.bulletin import HEAD_CHANGED, _draw

    data = tmp_path / "data"
    repo, clock = street_with_history(data)
    clock.at(4, 1)
    repo.close()
    backup(data, tmp_path / "b.tar.gz")
    repo = Repository.open(data, clock=clock)
    clock.at(4, 20)
    money(repo, "east", 777)
    clock.at(5, 2)
    notice_for(repo, "east", "2025-04")  # posted
    repo.close()
    restore(tmp_path / "b.tar.gz", data)
    pdf, problem, first, head_changed = asyncio.run(_draw(data, "east", "2025-04"))
    assert pdf and not problem and first == "2025-05-02" and head_changed
    assert "Keep the one on the board up" in str(HEAD_CHANGED)
