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
    """April's notice names 秀芳 in a report (a name given alone: the site masks it only
    once she registers); first made (posted) on 2 May."""
    repo, clock = street_with_history(data)
    clock.at(4, 3)
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.submit(author, Kind.ISSUE, "east",
                        {"category": "lighting", "text": "秀芳家门口路灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    money(repo, "east", 100)
    clock.at(5, 2)
    assert "reprint" not in notice_for(repo, "east", "2025-04")
    return repo, clock, issue


def _mask_her(repo, clock) -> None:  # type: ignore[no-untyped-def]
    """The neighbour named registers: her name is masked on every notice since."""
    clock.at(5, 20)
    person = repo.ensure_person(7001, name="秀芳")
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
                        {"category": "lighting", "text": "秀芳家门口路灯坏了"})
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


def _lost_since_posted(tmp_path):  # type: ignore[no-untyped-def]
    """Backed up on 1 April, a fee published on 20 April (line 9), April's notice posted
    on 2 May, the backup restored: line 9 reads 恢复备份时遗失 now."""
    data = tmp_path / "data"
    repo, clock = street_with_history(data)
    clock.at(4, 1)
    repo.close()
    backup(data, tmp_path / "b.tar.gz")
    repo = Repository.open(data, clock=clock)
    clock.at(4, 20)
    money(repo, "east", 777)
    seq = len(repo.ledger("east"))
    clock.at(5, 2)
    notice_for(repo, "east", "2025-04")  # posted
    repo.close()
    restore(tmp_path / "b.tar.gz", data)
    return data, clock, seq


def test_a_reprint_whose_months_line_a_restore_lost_says_so_by_its_number(tmp_path):
    """April's notice printed again lacks the line and closes on another head. Its note
    named the usual causes, then (walk110) 那以后本月有账目不见了或被改了…请向街道办问明
    原因 and listed 第 9 笔账（不再列出） among the parts changed: the line was taken for
    one changed, while the ledger says it was lost in a restore. Now the top says so
    plainly, with its number, and where it is listed now."""
    import re
    import subprocess

    from site_builder.notice import render_pdf

    data, clock, seq = _lost_since_posted(tmp_path)
    repo = Repository.open(data, clock=clock)
    clock.at(5, 3)
    again = notice_for(repo, "east", "2025-04")
    lost = repo.line("east", seq)
    repo.close()
    assert "账本链头" in again["reprint"]["changed"]  # the posted head: kept up (the bot)
    assert [x["seq"] for x in again["reprint"]["lost"]] == [seq]
    pdf = tmp_path / "n.pdf"
    pdf.write_bytes(render_pdf(again))
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                             capture_output=True, text=True).stdout)
    assert "被改了，比如" not in text and "请向街道办问明原因" not in text, text  # before
    assert f"第{seq}笔账（不再列出）" not in text, text
    month = lost["published_at"][:7]
    said = re.sub(r"\s+", "", lost["purpose"])
    assert f"此后第{seq}笔在{said}：首次张贴的那张上印的是原来的第{seq}笔" in text, text
    assert f"现在列在{month[:4]}年{int(month[5:])}月的公示单上" in text, text
    assert "这不是账被改了：首次张贴的那张请留在公示栏上，这张贴在旁边" in text, text
    # the fee's part changed with it (line 9 was a payment): said as maybe the restore's
    assert "此外有变化的是：卫生费（2025）的缴费；这些可能也是那次恢复造成的" in text, text


def test_a_volunteer_printing_it_again_is_told_to_keep_the_posted_one_up(tmp_path):
    """The same reprint through /notice (``steward notice`` in a child process): the
    volunteer was told 公示栏上如果贴的是之前打印的，请换上这张, taking down the one
    paper that shows the month's head as posted; now to keep it up, put the reprint
    beside it and tell the street office."""
    import asyncio

    from bot.handlers.bulletin import HEAD_CHANGED, LOST_IN_RESTORE, _draw

    data, _clock, seq = _lost_since_posted(tmp_path)
    pdf, problem, first, head_changed = asyncio.run(_draw(data, "east", "2025-04"))
    assert pdf and not problem and first == "2025-05-02"
    # the lines lost, named: the volunteer is told so, not that the accounts changed
    assert head_changed == str(seq)
    assert "Keep the one on the board up" in str(HEAD_CHANGED)
    assert "Keep the one on the board up" in str(LOST_IN_RESTORE) and \
        "were not rewritten" in str(LOST_IN_RESTORE)


def test_a_line_lost_and_still_listed_on_the_reprint_is_said_lost_not_changed():
    """A line lost in a restore dated in the notice's own month (a clock behind the
    months published: the line stays on the notice, its text changed the day of the
    restore) is said lost, not among the parts changed."""
    from site_builder.notice_restore import reprint_lost

    said, rest = reprint_lost({"first": "2025-05-02", "lost": [
        {"seq": 9, "said": "恢复备份时遗失（2025-04-28 恢复了 2025-04-01 09:00 的备份）",
         "month": "2025-04"}],
        "changed": ["本月收支合计", "账本链头", "链头的签名核验", "表头", "第 9 笔账"]})
    assert rest == []
    assert said.startswith("此后第 9 笔在恢复备份时遗失（2025-04-28 恢复了 2025-04-01 09:00 "
                           "的备份）：首次张贴的那张上印的是原来的第 9 笔；现在这一笔写着“恢复备份"
                           "时遗失”，不含钱，仍列在本单上。"), said
