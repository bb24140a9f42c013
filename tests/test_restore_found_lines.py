"""A ledger line the public has seen never changes, across two restores too
(``db.found_lines``). Restore an older backup: lines 71–80 published after it become
lost lines, and the site publishes them so. Restore then a newer backup holding the real
lines 71–80: before, they came back over the published lost lines, so whoever saved the
site in between saw line 71 change (and the signed head of line 80 no longer held). Now
the lost lines stay as published, and the backup's lines are recorded again after them,
each saying 原第 N 笔…恢复备份时找回 with its amount, so the balance is right again."""

from __future__ import annotations

import json

from conftest import pid
from heads_support import money, publish, street_with_history
from typer.testing import CliRunner

import steward_cli
from db import ledger as ledger_rules
from db.backup import backup
from db.heads import HeadLog, record_heads
from db.repository import Repository
from db.witness import check_heads, check_pages, check_saved, witness_file


def _two_backups(tmp_path, n=2):  # type: ignore[no-untyped-def]
    """An older backup, ``n`` expenses of east approved, a newer backup holding them."""
    data = tmp_path / "data"
    repo, clock = street_with_history(data)
    before = len(repo.ledger("east"))
    repo.close()
    backup(data, tmp_path / "older.tar.gz")
    repo = Repository.open(data, clock=clock)
    clock.at(4, 2)
    for k in range(n):
        money(repo, "east", 3000 + k, expense=True, purpose=f"备份之后第{k + 1}笔")
    real = repo.ledger("east")[before:]
    balance = repo.balance("east")
    clock.at(4, 2, 20)
    record_heads(repo)  # the real lines' head signed: in the newer backup's head log
    repo.close()
    backup(data, tmp_path / "newer.tar.gz")
    return data, clock, before, real, balance


def _restore(tmp_path, data, which):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(steward_cli.app, ["restore", str(tmp_path / which),
                                                  "--data", str(data)])
    assert result.exit_code == 0, result.output
    return result.output


def _published_lost(tmp_path):  # type: ignore[no-untyped-def]
    """The older backup restored, its lost lines signed and published, a witness saving
    the site; then the newer backup restored over it."""
    data, clock, before, real, balance = _two_backups(tmp_path)
    _restore(tmp_path, data, "older.tar.gz")
    repo = Repository.open(data, clock=clock)
    try:
        clock.at(4, 3)
        record_heads(repo)  # the lost lines' head signed, as at a publish
        published = repo.ledger("east")
        saved = witness_file(HeadLog(data).read(), {a.id: repo.ledger(a.id)
                                                    for a in repo.street.areas}, source="site")
    finally:
        repo.close()
    out = _restore(tmp_path, data, "newer.tar.gz")
    return data, clock, before, real, balance, published, saved, out


def _ledger(data, clock):  # type: ignore[no-untyped-def]
    repo = Repository.open(data, clock=clock)
    try:
        return repo.ledger("east"), repo.balance("east")
    finally:
        repo.close()


def test_a_second_restore_of_a_newer_backup_keeps_the_published_lost_lines(tmp_path):
    data, clock, before, real, _, published, _, _ = _published_lost(tmp_path)
    lines, _ = _ledger(data, clock)
    assert [x["kind"] for x in published[before:]] == ["lost", "lost"]
    # before: lines before+1.. were the newer backup's real lines again, other hashes
    assert lines[:len(published)] == published
    assert real[0]["hash"] != published[before]["hash"]


def test_the_real_lines_are_recorded_again_after_them_with_their_money(tmp_path):
    data, clock, before, real, balance, published, _, out = _published_lost(tmp_path)
    lines, now = _ledger(data, clock)
    found = lines[len(published):]
    assert [x["amount_fen"] for x in found] == [x["amount_fen"] for x in real]
    assert [x["kind"] for x in found] == ["expense", "expense"]
    for old, line in zip(real, found, strict=True):
        assert line["entry"] == old["entry"] and line["purpose"] == old["purpose"]
        assert f"原第 {old['seq']} 笔（{old['date']}），恢复备份时找回" in line["note"]
        assert line["date"] == line["published_at"] == lines[before]["date"]  # found today
    assert now == balance == ledger_rules.balance(lines)  # the money is not dropped
    said = (f"备份里原来的第 {before + 1}–{before + 2} 笔重新记为第 {before + 3}–{before + 4} 笔"
            f"（恢复备份时找回）")
    assert said in out, out
    assert f"下一笔是第 {before + 5} 笔" in out, out
    # nothing to enter again: every line published since is kept or found
    assert f"第 {before + 1}–{before + 2} 笔：上一次恢复时就已记为遗失（0 元）并已公开，原样保留" \
        in out and "请重新录入" not in out and "其中" not in out, out


def test_every_check_accepts_the_ledger_found_again(tmp_path):
    data, clock, before, real, _, published, saved, _ = _published_lost(tmp_path)
    repo = Repository.open(data, clock=clock)
    try:
        repo.check_at_start()  # the bot's start, the signed heads too
        assert repo.verify()  # steward verify: chain and audit against the entries
        entry = repo.entry(real[0]["entry"])
        assert entry.data["ledger_seq"] == before + 3
        lines = repo.ledger("east")
        # the ledger index read back (``indexes.dat``) holds the months of these lines
        months = {m: (v["income"], v["expense"])
                  for m, v in ledger_rules.totals_by_month(lines).items()}
        assert {m: v for m, v in repo.core.ledger.months["east"].items()
                if v != (0, 0)} == {m: v for m, v in months.items() if v != (0, 0)}
        assert repo.core.ledger.head["east"] == (len(lines), lines[-1]["hash"])
        records = HeadLog(data).read()
        assert check_heads(records, {a.id: repo.ledger(a.id) for a in repo.street.areas}) == []
        # who saved the site between the restores finds every line as saved
        assert check_saved(saved, records, {a.id: repo.ledger(a.id)
                                            for a in repo.street.areas}) == []
        clock.at(4, 5)
        eid = money(repo, "east", 4242, expense=True, purpose="之后新录入")
        assert repo.entry(eid).data["ledger_seq"] == before + 5
        record_heads(repo)  # signs on past the published head
    finally:
        repo.close()
    assert lines[before + 2]["prev"] == published[-1]["hash"]


def test_the_site_and_downloads_show_the_lines_found_again(tmp_path):
    data, clock, before, real, _, _, _, _ = _published_lost(tmp_path)
    lines, _ = _ledger(data, clock)
    content = publish(data, tmp_path / "project")
    got = json.loads((content / "downloads" / "east" / "ledger.json").read_text("utf-8"))
    downloaded = got["lines"] if isinstance(got, dict) else got
    assert downloaded == lines
    assert ledger_rules.verify_chain("east", downloaded)
    csv = (content / "downloads" / "east" / "ledger.csv").read_text("utf-8")
    assert f"原第 {before + 1} 笔" in csv
    page = (content / "areas" / "east" / "accounts.md").read_text("utf-8")
    row = page[page.index(f'<tr id="line-{before + 3}">'):]
    row = row[:row.index("</tr>")]
    assert f"原第 {before + 1} 笔" in row and "恢复备份时找回" in row, row
    lost = page[page.index(f'<tr id="line-{before + 1}">'):]
    lost = lost[:lost.index("</tr>")]  # the lost line says where its first line went
    assert f"原来的第 {before + 1} 笔后来恢复备份时找回，记为第 {before + 3} 笔" in lost, lost
    people = (content / "downloads" / "east" / "accounts-east.csv").read_text("utf-8-sig")
    found = next(r for r in people.splitlines() if r.startswith(f"{before + 3},"))
    assert f"原第 {before + 1} 笔" in found, found
    pages = {"accounts": page}
    for older in (content / "areas" / "east").glob("accounts-*.md"):
        pages[older.stem] = older.read_text("utf-8")
    assert check_pages("east", pages, lines) == []


def test_a_found_line_reversed_in_the_backup_keeps_its_reversal(tmp_path):
    """A reversal in the newer backup of a line it brought back names where it went."""
    data = tmp_path / "data"
    repo, clock = street_with_history(data)
    before = len(repo.ledger("east"))
    repo.close()
    backup(data, tmp_path / "older.tar.gz")
    repo = Repository.open(data, clock=clock)
    clock.at(4, 2)
    money(repo, "east", 3000, expense=True, purpose="备份之后")
    rid = repo.reverse("east", before + 1, pid(repo, 101), "记重了").id
    repo.approve(rid, pid(repo, 102))
    balance = repo.balance("east")
    repo.close()
    backup(data, tmp_path / "newer.tar.gz")
    _restore(tmp_path, data, "older.tar.gz")
    _restore(tmp_path, data, "newer.tar.gz")
    repo = Repository.open(data, clock=clock)
    try:
        lines = repo.ledger("east")
        assert [x["kind"] for x in lines[before:]] == ["lost", "lost", "expense", "reversal"]
        assert lines[before + 3]["reverses"] == before + 3
        assert f"冲正第 {before + 3} 笔" in lines[before + 3]["purpose"]
        assert repo.balance("east") == balance
        repo.check_at_start()
        assert repo.verify()
    finally:
        repo.close()


def test_the_paper_notice_of_the_month_says_which_line_was_found_again(tmp_path):
    from site_builder.notice import notice_for

    data, clock, before, real, _, published, _, _ = _published_lost(tmp_path)
    repo = Repository.open(data, clock=clock)
    try:
        lines = repo.ledger("east")
        month = lines[-1]["date"][:7]  # found today: this month's notice
        content = notice_for(repo, "east", month)
    finally:
        repo.close()
    rows = {x["seq"]: x for x in content["lines"]}
    assert "恢复备份时遗失" in rows[before + 1]["text"]  # the lost line, as published
    assert f"（原第 {before + 1} 笔，恢复备份时找回）" in rows[before + 3]["text"], rows
    assert rows[before + 3]["amount_fen"] == real[0]["amount_fen"]


def test_the_newer_backup_restored_again_keeps_the_lines_found_as_published(tmp_path):
    """Restored twice (the operator does it again): the lines found again by the first
    time are published lines too, kept as they are, nothing recorded a second time."""
    data, clock, before, real, balance, _, _, _ = _published_lost(tmp_path)
    first, _ = _ledger(data, clock)
    out = _restore(tmp_path, data, "newer.tar.gz")
    lines, now = _ledger(data, clock)
    assert lines == first  # before: lines before+3.. marked lost, found again a second time
    assert now == balance
    assert f"其中第 {before + 3}–{before + 4} 笔是上一次恢复时找回的" in out, out
    assert f"下一笔是第 {before + 5} 笔" in out, out
    repo = Repository.open(data, clock=clock)
    try:
        repo.check_at_start()
        assert repo.verify()
    finally:
        repo.close()


def test_a_line_entered_between_the_restores_is_marked_lost_and_the_backups_found(tmp_path):
    """Between the restores a volunteer entered an expense again (line N+3): the newer
    backup has no entry for it, so it is marked lost as any line published since a
    backup; the lost lines before it stay; the backup's lines go after it."""
    data, clock, before, real, balance = _two_backups(tmp_path)
    _restore(tmp_path, data, "older.tar.gz")
    repo = Repository.open(data, clock=clock)
    try:
        clock.at(4, 3)
        money(repo, "east", 3000, expense=True, purpose="重新录入")
        record_heads(repo)  # signed on the line re-entered, which is lost now
        published = repo.ledger("east")
    finally:
        repo.close()
    out = _restore(tmp_path, data, "newer.tar.gz")
    lines, now = _ledger(data, clock)
    assert lines[:before + 2] == published[:before + 2]  # the lost lines as published
    assert [x["kind"] for x in lines[before:]] == ["lost", "lost", "lost", "expense", "expense"]
    assert [x["amount_fen"] for x in lines[before + 3:]] == [x["amount_fen"] for x in real]
    assert now == balance
    assert f"第 {before + 1}–{before + 3} 笔：已经公开过" in out and "请重新录入" in out, out
    assert f"其中第 {before + 1}–{before + 2} 笔上一次恢复时就已记为遗失" in out, out
    assert f"重新记为第 {before + 4}–{before + 5} 笔" in out, out
    # the head signed on the line entered again is kept, superseded (``db.restore_heads``)
    assert "签名链头：恢复前公开的链头记录原样保留（一条不删）" in out, out
    records = HeadLog(data).read()
    assert records[-1]["type"] == "restore" and \
        records[records[-1]["superseded"][0] - 1]["seq"] == before + 3, records[-1]
    repo = Repository.open(data, clock=clock)
    try:
        repo.check_at_start()
        assert repo.verify()
    finally:
        repo.close()


def test_a_fee_found_again_is_the_households_line_now_and_a_found_line_can_be_reversed(
        tmp_path):
    data = tmp_path / "data"
    repo, clock = street_with_history(data)
    before = len(repo.ledger("east"))
    repo.close()
    backup(data, tmp_path / "older.tar.gz")
    repo = Repository.open(data, clock=clock)
    clock.at(4, 2)
    eid = money(repo, "east", 5000, purpose="备份之后的卫生费")
    repo.close()
    backup(data, tmp_path / "newer.tar.gz")
    _restore(tmp_path, data, "older.tar.gz")
    _restore(tmp_path, data, "newer.tar.gz")
    repo = Repository.open(data, clock=clock)
    try:
        paid = [f for f in repo.household_fees("c1/1/1/101") if f["id"] == eid]
        assert [f["seq"] for f in paid] == [before + 2]  # /mine's line: the one found
        assert repo.line("east", before + 2)["amount_fen"] == 5000
        rid = repo.reverse("east", before + 2, pid(repo, 101), "记重了").id
        repo.approve(rid, pid(repo, 102))
        line = repo.line("east", before + 3)
        assert line["reverses"] == before + 2 and line["amount_fen"] == -5000
        repo.check_at_start()
        assert repo.verify()
    finally:
        repo.close()


def test_a_key_changed_after_the_older_backup_keeps_the_published_head_log(tmp_path):
    """The signing key was changed between the backups: restoring the older backup keeps
    the key in force with the log the public saw (``db.restore_heads``), so restoring the
    newer one after keeps that log whole (before: the newer backup's own log, cut, or
    the older backup's key signing on); every check passes."""
    from db.heads import rotate_key

    data = tmp_path / "data"
    repo, clock = street_with_history(data)
    before = len(repo.ledger("east"))
    repo.close()
    backup(data, tmp_path / "older.tar.gz")
    rotate_key(data, "2025-04-01T09:00:00+08:00")
    repo = Repository.open(data, clock=clock)
    clock.at(4, 2)
    money(repo, "east", 3000, expense=True, purpose="备份之后")
    record_heads(repo)  # signed with the new key on the real line
    repo.close()
    backup(data, tmp_path / "newer.tar.gz")
    _restore(tmp_path, data, "older.tar.gz")
    repo = Repository.open(data, clock=clock)
    clock.at(4, 3)
    record_heads(repo)  # the lost line signed with the old key
    repo.close()
    published = HeadLog(data).read()
    out = _restore(tmp_path, data, "newer.tar.gz")
    # the key in force (changed since the older backup) kept by the first restore, with
    # its log: the newer backup's key, so the published log is kept (before: cut)
    assert HeadLog(data).read() == published and "签名链头" not in out, out
    repo = Repository.open(data, clock=clock)
    try:
        assert repo.line("east", before + 1)["kind"] == "lost"
        repo.check_at_start()
        assert repo.verify()
        clock.at(4, 5)
        assert record_heads(repo)  # signed on with the new key
    finally:
        repo.close()
