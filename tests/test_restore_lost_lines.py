"""A published ledger line number is never given to another line after a restore
(``db.lost_lines``). Before, restoring an older backup and approving an expense made it
line N again, with another hash, while the line N approved after the backup was on the
site, in the downloads and on signed heads: two different line Ns, the ledger quietly
rewritten. Now the restore continues each ledger past the lines it lost with chained
lines that say so (0 fen, no entry), and a new line takes the number after them."""

from __future__ import annotations

import json

from conftest import pid
from heads_support import money, publish, street_with_history
from typer.testing import CliRunner

import steward_cli
from db import ledger as ledger_rules
from db.backup import backup, restore
from db.errors import DomainError
from db.money import format_fen
from db.repository import Repository


def _published_after_the_backup(tmp_path, n=2):  # type: ignore[no-untyped-def]
    """A backup; then ``n`` expenses of east approved (published): the folder a restore
    replaces, east's line count at the backup and the lines published since."""
    data = tmp_path / "data"
    repo, clock = street_with_history(data)
    before = len(repo.ledger("east"))
    repo.close()
    backup(data, tmp_path / "b.tar.gz")
    repo = Repository.open(data, clock=clock)
    clock.at(4, 2)
    for k in range(n):
        money(repo, "east", 3000 + k, expense=True, purpose=f"备份之后第{k + 1}笔")
    since = repo.ledger("east")[before:]
    repo.close()
    return data, clock, before, since


def _approve_one(data, clock, purpose="恢复之后重新录入"):  # type: ignore[no-untyped-def]
    repo = Repository.open(data, clock=clock)
    try:
        eid = money(repo, "east", 4242, expense=True, purpose=purpose)
        return repo.entry(eid).data["ledger_seq"], repo.ledger("east")
    finally:
        repo.close()


def _verified(data, clock):  # type: ignore[no-untyped-def]
    """``steward verify``'s checks and the bot's, at its start."""
    repo = Repository.open(data, clock=clock)
    try:
        repo.check_at_start()
        return repo.verify()
    finally:
        repo.close()


def test_after_a_restore_a_new_line_takes_the_number_after_the_lines_lost(tmp_path):
    data, clock, before, since = _published_after_the_backup(tmp_path)
    restored = restore(tmp_path / "b.tar.gz", data)
    seq, lines = _approve_one(data, clock)
    assert seq == before + 3  # before: before + 1 again, another line under its number
    assert restored.marked == {"east": (before + 1, before + 2)}
    assert [x["kind"] for x in lines[before:]] == ["lost", "lost", "expense"]
    lost = lines[before]
    assert lost["amount_fen"] == 0 and lost["entry"] is None
    assert "恢复备份时遗失" in lost["purpose"] and "lost in a restore" in lost["note"]
    assert lost["hash"] != since[0]["hash"]  # not the line published then: says it is lost
    ledger_rules.verify_chain("east", lines)
    assert _verified(data, clock)  # chain and audit against the entries


def test_a_lost_line_counts_neither_as_income_nor_as_expense(tmp_path):
    data, clock, before, _ = _published_after_the_backup(tmp_path)
    repo = Repository.open(data, clock=clock)
    balance = repo.balance("east")
    repo.close()
    restore(tmp_path / "b.tar.gz", data)
    repo = Repository.open(data, clock=clock)
    try:
        lines = repo.ledger("east")
        assert ledger_rules.line_effect(lines[before]) == (0, 0)
        assert repo.balance("east") == ledger_rules.balance(lines) > balance  # none since
        figures = ledger_rules.figures(lines)
        assert figures["balance_fen"] == repo.balance("east")
        last = figures["years"][-1]  # the restore's year, of the lost line only: carried
        assert last["year"] == lines[before]["date"][:4]
        assert last["balance"] == repo.balance("east") and last["income"] == 0
        assert "other" not in ledger_rules.totals_by_category(lines)
    finally:
        repo.close()


def test_a_second_restore_of_the_same_backup_keeps_the_lost_lines_as_published(tmp_path):
    data, clock, before, _ = _published_after_the_backup(tmp_path)
    restore(tmp_path / "b.tar.gz", data)
    seq, first = _approve_one(data, clock)  # re-entered after them
    out = CliRunner().invoke(steward_cli.app, ["restore", str(tmp_path / "b.tar.gz"),
                                               "--data", str(data)]).output
    assert f"其中第 {before + 1}–{before + 2} 笔上一次恢复时就已记为遗失，原样保留" in out, out
    again = restore(tmp_path / "b.tar.gz", data)
    assert again.marked == {"east": (before + 1, seq)}
    repo = Repository.open(data, clock=clock)
    try:
        lines = repo.ledger("east")
    finally:
        repo.close()
    assert len(lines) == seq  # each number once: none added twice
    # the lost lines published after the first restore are kept, hash and all
    assert lines[before:before + 2] == first[before:before + 2]
    assert lines[seq - 1]["kind"] == "lost"  # the line re-entered since is lost in its turn
    assert _approve_one(data, clock)[0] == seq + 1
    assert _verified(data, clock)


def test_a_restore_stopped_after_marking_the_lost_lines_leaves_nothing_and_the_next_marks_once(
        tmp_path, monkeypatch):
    import db.backup

    data, clock, before, since = _published_after_the_backup(tmp_path)

    def stopped(root):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt  # the operator's Ctrl-C, after the lines were written

    monkeypatch.setattr(db.backup, "_drop_unnamed", stopped)
    try:
        restore(tmp_path / "b.tar.gz", data)
    except KeyboardInterrupt:
        pass
    monkeypatch.undo()
    repo = Repository.open(data, clock=clock)
    try:
        assert repo.ledger("east")[before:] == since  # the folder as it was
    finally:
        repo.close()
    assert restore(tmp_path / "b.tar.gz", data).marked == {"east": (before + 1, before + 2)}
    assert _approve_one(data, clock)[0] == before + 3
    assert _verified(data, clock)


def test_a_restore_that_lost_no_line_writes_none(tmp_path):
    data, clock, before, _ = _published_after_the_backup(tmp_path, n=0)
    assert restore(tmp_path / "b.tar.gz", data).marked == {}
    assert _approve_one(data, clock)[0] == before + 1


def test_a_lost_line_cannot_be_reversed_nor_replaced(tmp_path):
    data, clock, before, _ = _published_after_the_backup(tmp_path, n=1)
    restore(tmp_path / "b.tar.gz", data)
    repo = Repository.open(data, clock=clock)
    try:
        for call in (lambda: repo.reverse("east", before + 1, pid(repo, 101), "错了"),
                     lambda: repo.replaceable_line("east", "expense", before + 1)):
            try:
                call()
            except DomainError as exc:
                assert exc.code in ("is_lost", "replaces_other_kind")
            else:
                raise AssertionError("a lost line was taken for a line with money")
        assert all(x["seq"] != before + 1 for x in repo.recent_reversible("east"))
    finally:
        repo.close()


def test_the_public_downloads_show_the_lost_lines(tmp_path):
    data, clock, before, _ = _published_after_the_backup(tmp_path)
    restore(tmp_path / "b.tar.gz", data)
    _approve_one(data, clock)
    content = publish(data, tmp_path / "project")
    got = json.loads((content / "downloads" / "east" / "ledger.json").read_text("utf-8"))
    lines = got["lines"] if isinstance(got, dict) else got
    assert [x["kind"] for x in lines[before:]] == ["lost", "lost", "expense"]
    assert ledger_rules.verify_chain("east", lines)
    csv = (content / "downloads" / "east" / "ledger.csv").read_text("utf-8")
    assert csv.count(",lost,") == 2 and "恢复备份时遗失" in csv
    assert "never given again" in got["lost"]
    people = (content / "downloads" / "east" / "accounts-east.csv").read_text("utf-8-sig")
    row = next(r for r in people.splitlines() if r.startswith(f"{before + 1},"))
    assert "恢复备份时遗失" in row and f"原来的第 {before + 1} 笔没有恢复" in row
    assert "无收据" not in row


def test_steward_restore_says_the_lines_lost_are_marked_and_where_the_next_goes(tmp_path):
    data, _clock, before, _ = _published_after_the_backup(tmp_path)
    out = CliRunner().invoke(steward_cli.app, ["restore", str(tmp_path / "b.tar.gz"),
                                               "--data", str(data)]).output
    assert f"下一笔是第 {before + 3} 笔" in out, out
    assert "下一笔还是第" not in out, out  # before: the same number given again


def test_lost_lines_across_ledger_blocks_are_where_the_accounts_read_them(tmp_path,
                                                                          monkeypatch):
    """With two lines a block, the lines lost and the next one fall in blocks of their
    own: the accounts, the start check and verify read each where the restore put it
    (the block's name was written out in three modules, each with its own size)."""
    import db.ledger_block

    monkeypatch.setattr(db.ledger_block, "LEDGER_BLOCK", 2)
    data, clock, before, _ = _published_after_the_backup(tmp_path, n=3)
    restore(tmp_path / "b.tar.gz", data)
    seq, lines = _approve_one(data, clock)
    assert seq == before + 4 and [x["seq"] for x in lines] == list(range(1, seq + 1))
    assert [x["kind"] for x in lines[before:]] == ["lost", "lost", "lost", "expense"]
    assert len(list((data / "areas" / "east").glob("ledger-*.json"))) == (seq + 1) // 2
    assert _verified(data, clock)


def test_the_accounts_page_shows_a_lost_line_where_it_was_and_the_witness_agrees(tmp_path):
    from db.witness import check_pages

    data, clock, before, _ = _published_after_the_backup(tmp_path, n=1)
    restore(tmp_path / "b.tar.gz", data)
    _, lines = _approve_one(data, clock)
    content = publish(data, tmp_path / "project")
    page = (content / "areas" / "east" / "accounts.md").read_text("utf-8")
    row = page[page.index(f'<tr id="line-{before + 1}">'):]
    row = row[:row.index("</tr>")]
    assert "恢复备份时遗失" in row and f"原来的第 {before + 1} 笔没有恢复" in row
    assert "¥0.00" in row and "无收据" not in row
    # the restore is dated today, the street's lines of 2025: a year of a lost line only
    year = lines[before]["date"][:4]
    balance = format_fen(ledger_rules.balance(lines))
    assert "本年另有 1 笔是恢复备份时遗失的，没有金额，不在表中" in page
    assert f"年初余额 {balance}" in page and "年初余额 ¥0.00" not in page  # carried
    assert f"{year} 年账目笔数" in page
    pages = {"accounts": page}
    for year in ("2025",):
        older = content / "areas" / "east" / f"accounts-{year}.md"
        if older.exists():
            pages[f"accounts-{year}"] = older.read_text("utf-8")
    assert check_pages("east", pages, lines) == []  # every line shown, amounts agreeing


def test_restored_into_a_new_folder_the_operator_gives_the_lines_published(tmp_path):
    data, clock, before, _ = _published_after_the_backup(tmp_path)
    new = tmp_path / "new"
    out = CliRunner().invoke(steward_cli.app, [
        "restore", str(tmp_path / "b.tar.gz"), "--data", str(new),
        "--lines-published", f"east={before + 2}"]).output
    said = (f"第 {before + 1}–{before + 2} 笔记为“恢复备份时遗失”（0 元），"
            f"下一笔是第 {before + 3} 笔")
    assert said in out, out
    assert _approve_one(new, clock)[0] == before + 3
    assert _verified(new, clock)


def test_one_line_published_since_the_backup_is_said_as_one_line(tmp_path):
    """A new machine restored with --lines-published jixie-area=1 read '第 1–1 笔记为
    “恢复备份时遗失” / lines 1–1 are marked lost' (tried deploying by the README)."""
    _data, _clock, before, _ = _published_after_the_backup(tmp_path)
    out = CliRunner().invoke(steward_cli.app, [
        "restore", str(tmp_path / "b.tar.gz"), "--data", str(tmp_path / "new"),
        "--lines-published", f"east={before + 1}"]).output
    assert f"第 {before + 1} 笔记为“恢复备份时遗失”（0 元），下一笔是第 {before + 2} 笔" in out, out
    assert f"line {before + 1} is marked lost in a restore" in out, out


def test_restored_into_a_new_folder_without_the_lines_published_it_says_how(tmp_path):
    data, _clock, _before, _ = _published_after_the_backup(tmp_path)
    out = CliRunner().invoke(steward_cli.app, [
        "restore", str(tmp_path / "b.tar.gz"), "--data", str(tmp_path / "new")]).output
    assert "不知道备份之后账本又公开了哪几笔" in out and "--lines-published 区域=最后一笔" in out


def test_lines_published_of_no_area_or_badly_written_restores_nothing(tmp_path):
    data, _clock, _before, _ = _published_after_the_backup(tmp_path)
    for spec in ("east", "east=x", "nowhere=12", "east=80000"):
        result = CliRunner().invoke(steward_cli.app, [
            "restore", str(tmp_path / "b.tar.gz"), "--data", str(tmp_path / "new"),
            "--lines-published", spec])
        assert result.exit_code != 0, result.output
        assert not (tmp_path / "new").exists()


def test_a_lost_line_is_public_to_the_day_as_every_line(tmp_path):
    data, clock, before, _ = _published_after_the_backup(tmp_path, n=1)
    restore(tmp_path / "b.tar.gz", data)
    repo = Repository.open(data, clock=clock)
    try:
        lost = repo.line("east", before + 1)
    finally:
        repo.close()
    assert lost["published_at"] == lost["date"] and len(lost["date"]) == 10


def test_a_witness_who_saved_the_line_lost_is_told_it_was_lost_in_a_restore(tmp_path):
    from db.witness import check_saved, witness_file

    data, clock, before, _ = _published_after_the_backup(tmp_path, n=1)
    repo = Repository.open(data, clock=clock)
    saved = witness_file([], {"east": repo.ledger("east")}, source="site")
    repo.close()
    restore(tmp_path / "b.tar.gz", data)
    repo = Repository.open(data, clock=clock)
    try:
        found = check_saved(saved, [], {"east": repo.ledger("east")})
    finally:
        repo.close()
    assert [p.code for p in found] == ["rewritten"]  # still told: the line is not the same
    assert "恢复备份时遗失" in found[0].zh and "lost in a restore" in found[0].en


def test_restored_over_a_folder_it_cannot_read_it_says_how_to_keep_the_lines(tmp_path):
    data, _clock, _before, _ = _published_after_the_backup(tmp_path)
    (data / "people.json").write_text("{", encoding="utf-8")  # a failing disk
    out = CliRunner().invoke(steward_cli.app, [
        "restore", str(tmp_path / "b.tar.gz"), "--data", str(data)]).output
    assert "原来的目录读不出来，不知道备份之后账本又公开了哪几笔" in out, out


def test_a_lost_line_carried_over_that_carries_money_is_made_anew(tmp_path):
    from db.lost_lines import lost_fields, mark_lost

    repo, _clock = street_with_history(tmp_path / "data")
    try:
        n, head = repo.chain_heads()["east"]
        forged = ledger_rules.chain_line(
            {**lost_fields("east", at="2026-12-06T10:00:00+08:00", backup=""),
             "amount_fen": 500}, seq=n + 1, prev=head)
        assert mark_lost(repo, {"east": (n + 1, n + 1)}, backup="2026-12-05T21:00:00+08:00",
                         carried={"east": [forged]}) == {"east": (n + 1, n + 1)}
        line = repo.line("east", n + 1)
        assert line["amount_fen"] == 0 and line["hash"] != forged["hash"]
        assert mark_lost(repo, {"east": (n + 1, n + 1)}, backup="") == {}  # once only
        assert repo.verify()
    finally:
        repo.close()


def test_lines_published_given_by_the_areas_name_says_the_id_to_write(tmp_path):
    """On a new machine the operator reads the area's name on the live accounts page and
    wrote --lines-published 东小区=12: refused with 'the backup has no area 东小区 (its
    areas: east, west)', no word of which is 东小区 (tried deploying by the README). Now
    the refusal pairs each id with its name and says what to write."""
    _published_after_the_backup(tmp_path)
    result = CliRunner().invoke(steward_cli.app, [
        "restore", str(tmp_path / "b.tar.gz"), "--data", str(tmp_path / "new"),
        "--lines-published", "东小区=12"])
    assert result.exit_code != 0 and not (tmp_path / "new").exists()
    zh, _, en = result.output.partition(" / ")
    assert "east（东小区）" in zh and "请写 east=12" in zh, result.output
    assert "east = 东小区" in en and "write east=12" in en, result.output
