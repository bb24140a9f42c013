"""A restore never drops a signed head record the public saw (``db.restore_heads``).

The real lines 9–10 of east are signed as head record #8 and published; an older backup
is restored. Before, the backup's own head log (7 records) came back: record #8 was gone
(a witness who saved the site read 链头记录只剩 7 条…被删掉了), and the next head signed
took the number #8 with another head. Now the log the public saw is kept whole, and a
signed record of type ``restore`` (#9) says that the lines head record #8 signed now read
恢复备份时遗失; every check holds a superseded head's line to read so, and heads signed
next follow on as #10."""

from __future__ import annotations

import contextlib
import io
import json

from heads_support import money, publish
from test_restore_found_lines import _restore, _two_backups

from db import keys as keyfiles
from db import witness
from db.heads import HeadLog, record_heads
from db.ledger import chain_line
from db.repository import Repository
from db.witness import check_heads, check_saved, witness_file


def _ledgers(repo):  # type: ignore[no-untyped-def]
    return {a.id: repo.ledger(a.id) for a in repo.street.areas}


def _older_restored(tmp_path):  # type: ignore[no-untyped-def]
    """The real lines' head signed (#8), a witness saving the site, the older backup
    restored."""
    data, clock, before, real, _ = _two_backups(tmp_path)
    signed = HeadLog(data).read()
    repo = Repository.open(data, clock=clock)
    try:
        saved = witness_file(signed, _ledgers(repo), source="site")
    finally:
        repo.close()
    out = _restore(tmp_path, data, "older.tar.gz")
    return data, clock, before, signed, saved, out


def test_an_older_backup_restored_keeps_the_signed_head_records_and_says_why_they_fail(
        tmp_path):
    data, clock, before, signed, saved, out = _older_restored(tmp_path)
    assert signed[-1]["type"] == "head" and signed[-1]["seq"] == before + 2
    records = HeadLog(data).read()
    assert records[:len(signed)] == signed  # before: 7 records, #8 gone
    [restore] = records[len(signed):]
    assert restore["type"] == "restore" and restore["superseded"] == [len(signed)]
    assert f"说明链头记录 #{len(signed)} 签的账现在记为“恢复备份时遗失”" in out, out
    repo = Repository.open(data, clock=clock)
    try:
        repo.check_at_start()  # the bot starts: the superseded head's line reads lost
        assert repo.verify()
        ledgers = _ledgers(repo)
        assert check_heads(records, ledgers) == []
        assert witness.check_log(records).problems == []
        # the witness finds every record saved; only the lines, lost, differ, said so
        found = check_saved(saved, records, ledgers)
        assert [p.code for p in found] == ["rewritten"] and found[0].restore, found
        clock.at(4, 3)
        [head] = record_heads(repo)  # the lost lines' head follows on, numbered after
        assert head["n"] == len(signed) + 2 and head["seq"] == before + 2
        assert check_heads(HeadLog(data).read(), _ledgers(repo)) == []
    finally:
        repo.close()


def test_the_newer_backup_restored_after_keeps_every_record_too(tmp_path):
    data, clock, before, signed, _, _ = _older_restored(tmp_path)
    repo = Repository.open(data, clock=clock)
    try:
        clock.at(4, 3)
        record_heads(repo)  # the lost lines' head, published
    finally:
        repo.close()
    published = HeadLog(data).read()
    assert published[:len(signed)] == signed  # before: #8 was another head, the lost lines'
    _restore(tmp_path, data, "newer.tar.gz")
    records = HeadLog(data).read()
    assert records == published  # every record as the public saw it, none cut
    repo = Repository.open(data, clock=clock)
    try:
        repo.check_at_start()
        assert check_heads(records, _ledgers(repo)) == []
        clock.at(4, 5)
        assert record_heads(repo)[0]["n"] == len(published) + 1  # found lines signed on
    finally:
        repo.close()


def test_a_restore_record_cannot_excuse_a_signed_line_rewritten_with_money(tmp_path):
    """A restore record says the lines of the heads it names read 恢复备份时遗失: one
    naming a head whose line was rewritten to hold other money fails every check."""
    data, clock, before, signed, _, _ = _older_restored(tmp_path)
    repo = Repository.open(data, clock=clock)
    try:
        lines = _ledgers(repo)
    finally:
        repo.close()
    forged = [dict(x) for x in lines["east"]]
    line = dict(forged[before + 1])  # the lost line made to hold money, chain redone
    line.update(amount_fen=-3001, kind="expense", purpose="改写", note=None)
    forged[before + 1] = chain_line({k: v for k, v in line.items()
                                     if k not in ("seq", "prev", "hash")},
                                    seq=before + 2, prev=forged[before]["hash"])
    records = HeadLog(data).read()
    problems = check_heads(records, {**lines, "east": forged})
    assert [p.code for p in problems] == ["rewritten"], problems
    assert f"恢复记录 #{len(signed) + 1}" in problems[0].zh and "它被改过" in problems[0].zh
    # and a restore record naming a key record, not a head, is refused
    key = keyfiles.load(data)
    assert key is not None
    HeadLog(data).append([{"type": "restore", "at": "2025-04-04T10:00:00+08:00",
                           "backup": "x", "superseded": [1]}], key)
    assert [p.code for p in check_heads(HeadLog(data).read(), lines)] == ["bad_restore"]


def test_the_verify_script_says_the_restore_record_and_no_record_removed(tmp_path):
    data, clock, before, signed, saved, _ = _older_restored(tmp_path)
    content = publish(data, tmp_path / "project")
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps(saved), "utf-8")
    said = io.StringIO()
    with contextlib.redirect_stdout(said):
        code = witness.main([str(content), "--check", str(mine)])
    text = said.getvalue()
    assert code == 1, text  # the lines saved are lost: still a difference, explained
    assert "被删掉了" not in text and "链头的历史被改写了" not in text, text  # before
    assert f"链头记录 #{len(signed) + 1}：" in text, text
    assert f"此前签名的链头记录 #{len(signed)}（区域 东小区（east） 第 {before + 2} 笔）签的" \
        in text, text
    assert f"第 {before + 1} 笔：与你保存时不同" in text and "恢复备份时遗失" in text, text
    said = io.StringIO()
    with contextlib.redirect_stdout(said):
        assert witness.main([str(content)]) == 0, said.getvalue()
    page = (content / "integrity.md").read_text("utf-8")
    assert "加上街道办公布密钥的记录和恢复备份时的恢复记录，共" in page, page
    assert f"链头记录 #{len(signed) + 1}（恢复记录" in page and \
        f"已不作数：链头记录 #{len(signed) + 1}" in page, page


def _rotated(tmp_path):  # type: ignore[no-untyped-def]
    """An older backup (key 1); the key changed (record #8, signed by key 1); a line
    entered and its head signed with key 2 (#9)."""
    from heads_support import street_with_history

    from db.backup import backup
    from db.heads import rotate_key

    data = tmp_path / "data"
    repo, clock = street_with_history(data)
    repo.close()
    backup(data, tmp_path / "older.tar.gz")
    rotate_key(data, "2025-04-01T09:00:00+08:00")
    repo = Repository.open(data, clock=clock)
    clock.at(4, 2)
    money(repo, "east", 3000, expense=True, purpose="备份之后")
    record_heads(repo)
    repo.close()
    return data, clock


def test_a_key_changed_since_the_backup_is_kept_with_the_log_signed_with_it(tmp_path):
    """Before (and before this branch): the published log, signed last with key 2, did
    not go with the backup's key 1, so the backup's own log came back, records #8 (the
    new key) and #9 dropped without a word, and the bot signed with the retired key 1.
    Now key 2, the one in force the public knows, is kept with the whole log."""
    data, clock = _rotated(tmp_path)
    published = HeadLog(data).read()
    new_key = keyfiles.public_hex(keyfiles.load(data))  # type: ignore[arg-type]
    out = _restore(tmp_path, data, "older.tar.gz")
    assert "签名密钥：备份之后换过签名密钥，保留的是恢复前正在用的那把" in out, out
    records = HeadLog(data).read()
    assert records[:len(published)] == published
    assert records[-1]["type"] == "restore" and records[-1]["superseded"] == [len(published)]
    assert keyfiles.public_hex(keyfiles.load(data)) == new_key  # type: ignore[arg-type]
    repo = Repository.open(data, clock=clock)
    try:
        repo.check_at_start()
        clock.at(4, 3)
        assert record_heads(repo)[0]["n"] == len(published) + 2  # signed on with key 2
    finally:
        repo.close()


def test_the_browser_check_passes_the_kept_log_and_its_restore_record(tmp_path):
    from browser_support import chromium, phone_page, serve
    from test_site_helpers import make_project
    from test_site_verify_browser import _check_all

    from site_builder import build_site

    data, clock, before, signed, _, _ = _older_restored(tmp_path)
    repo = Repository.open(data, clock=clock)
    try:
        clock.at(4, 3)
        record_heads(repo)
        project = make_project(tmp_path)
        build_site(repo, project)
    finally:
        repo.close()
    with serve(project / "site") as base, chromium() as browser, \
            phone_page(browser, base) as page:
        found = _check_all(page, base)
        assert page.errors == [] and page.outside == []
    assert found[0].startswith("通过") and \
        not any(x.startswith("有问题") for x in found), found
    assert any(f"链头记录 {len(signed) + 2} 条：编号连续" in x for x in found), found
    said = [x for x in found if f"链头记录 #{len(signed) + 1} 是恢复记录" in x]
    assert said and said[0].startswith("请注意") and \
        f"此前签名的链头记录 #{len(signed)} 签的账恢复后写着“恢复备份时遗失”" in said[0], found
    assert any("（另有 1 个链头签的账恢复备份时遗失了，由恢复记录写明，不再作数）" in x
               for x in found), found


def test_the_browser_check_refuses_a_restore_record_naming_no_head(tmp_path):
    """As steward_verify.py (``bad_restore``): a signed restore record naming the key
    record, not a head before it, fails the check in the browser too."""
    from browser_support import chromium, phone_page, serve
    from test_site_helpers import make_project
    from test_site_verify_browser import _check_all

    from site_builder import build_site

    data, clock, _before, _signed, _, _ = _older_restored(tmp_path)
    key = keyfiles.load(data)
    assert key is not None
    HeadLog(data).append([{"type": "restore", "at": "2025-04-04T10:00:00+08:00",
                           "backup": "x", "superseded": [1]}], key)
    repo = Repository.open(data, clock=clock, readonly=True)
    try:
        project = make_project(tmp_path)
        build_site(repo, project)
    finally:
        repo.close()
    with serve(project / "site") as base, chromium() as browser, \
            phone_page(browser, base) as page:
        found = _check_all(page, base)
        assert page.errors == [] and page.outside == []
    assert found[0].startswith("有问题"), found
    assert any("说它取代链头记录 #1，但 #1 不是它前面的链头记录" in x for x in found), found
