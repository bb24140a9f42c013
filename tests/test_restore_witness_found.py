"""``steward_verify.py --check`` of a site saved before a restore that a later restore
made good (``db.witness``, ``db.found_lines``). Before, a witness who saved the real
lines 71–72, then an older backup restored (lost lines), then the newer one (the real
lines found again as 73–74), was told 请向管理方问清楚 / ask the stewards where they
went, though the ledger says it: line 73 reads 原第 71 笔…恢复备份时找回. Now the check
names the line found again, in Chinese and English, and asks only of a line not found."""

from __future__ import annotations

from test_restore_found_lines import _restore, _two_backups

from db.heads import HeadLog
from db.repository import Repository
from db.witness import check_saved, witness_file


def _saved_then_both_restored(tmp_path):  # type: ignore[no-untyped-def]
    data, clock, before, _real, _ = _two_backups(tmp_path)
    repo = Repository.open(data, clock=clock)
    try:  # the witness saves the site with the real lines, before any restore
        saved = witness_file(HeadLog(data).read(), {"east": repo.ledger("east")}, source="site")
    finally:
        repo.close()
    _restore(tmp_path, data, "older.tar.gz")
    _restore(tmp_path, data, "newer.tar.gz")
    repo = Repository.open(data, clock=clock)
    try:
        return before, check_saved(saved, HeadLog(data).read(), {"east": repo.ledger("east")})
    finally:
        repo.close()


def test_a_witness_who_saved_before_the_restores_is_told_where_the_line_was_found(tmp_path):
    before, problems = _saved_then_both_restored(tmp_path)
    line = next(p for p in problems if p.code == "rewritten")
    assert line.line == before + 1 and line.restore
    assert "问清楚" not in line.zh and "ask the stewards" not in line.en  # before: asked
    assert f"原来的第 {before + 1} 笔已找回，现在是第 {before + 3} 笔" in line.zh, line.zh
    assert f"the first line {before + 1} was found again and is line {before + 3} now" \
        in line.en, line.en


def test_a_head_printed_before_the_restores_names_every_line_found_again(tmp_path):
    """``--head east N hash``: the head of the real line printed on a paper notice
    before the restores."""
    from db.witness import check_printed

    data, clock, before, real, _ = _two_backups(tmp_path)
    printed = real[-1]["hash"][:16]
    _restore(tmp_path, data, "older.tar.gz")
    _restore(tmp_path, data, "newer.tar.gz")
    repo = Repository.open(data, clock=clock)
    try:
        problems, _, _ = check_printed("east", before + 2, printed, {"east": repo.ledger("east")})
    finally:
        repo.close()
    assert [p.code for p in problems] == ["printed_differs"] and problems[0].restore
    zh, en = problems[0].zh, problems[0].en
    assert "问清楚" not in zh and "ask the stewards" not in en.lower()  # before: asked
    for was, now in ((before + 1, before + 3), (before + 2, before + 4)):
        assert f"原来的第 {was} 笔已找回，现在是第 {now} 笔" in zh, zh
        assert f"line {was} was found again and is line {now} now" in en, en


def test_a_lost_line_not_found_again_still_says_to_ask(tmp_path):
    from db.witness import _where_found

    lines = [{"seq": 1, "kind": "lost"}, {"seq": 2, "kind": "lost"},
             {"seq": 3, "kind": "expense", "note": "原第 1 笔（2025-04-02），恢复备份时找回（…）"}]
    zh, en = _where_found(lines, 1, 2)
    assert zh == ("原来的第 1 笔已找回，现在是第 3 笔（写着“原第 1 笔……恢复备份时找回”）；"
                  "原来的第 2 笔重新录入成了第几笔，请向管理方问清楚")
    assert en.endswith("ask the stewards which line 2 was entered again as"), en


def test_a_head_record_saved_before_the_restores_is_still_in_the_log(tmp_path):
    """No head signed since the restores. Before, the head log was the older backup's,
    one record fewer than saved: --check said 链头记录只剩 7 条…第 8 条以后被删掉了 (then
    with the lines' reason). Now the record saved is kept (``db.restore_heads``): only
    the lines saved differ, and say where their money went."""
    _before, problems = _saved_then_both_restored(tmp_path)
    assert [p.code for p in problems] == ["rewritten"] and problems[0].restore, problems
