"""``steward restore --from-site SITE`` into a new folder (the machine lost): what the
public saw is read from the published site (``db.restore_site``). Before, a new folder
knew nothing of it: the lines published since the backup came back as if never given
(only ``--lines-published`` kept their numbers), a line the public saw lost in an
earlier restore, and every head record signed since the backup, were gone."""

from __future__ import annotations

import json

from heads_support import publish
from test_restore_found_lines import _restore, _two_backups
from typer.testing import CliRunner

import steward_cli
from db.heads import HeadLog, record_heads
from db.repository import Repository
from db.witness import check_heads, check_saved, load_site, witness_file


def _from_site(tmp_path, which, site, data=None, *more):  # type: ignore[no-untyped-def]
    data = data or tmp_path / "new-machine" / "data"
    return data, CliRunner().invoke(steward_cli.app, [
        "restore", str(tmp_path / which), "--data", str(data), "--from-site", str(site),
        *more])


def _saved(site):  # type: ignore[no-untyped-def]
    doc, ledgers, _ = load_site(str(site))
    return witness_file(doc["records"], ledgers, source=str(site))


def test_into_a_new_folder_the_lines_and_heads_the_site_published_are_kept(tmp_path):
    data, clock, before, real, _ = _two_backups(tmp_path)  # lines 9–10 signed as #8
    site = publish(data, tmp_path / "project")
    saved = _saved(site)
    new, result = _from_site(tmp_path, "older.tar.gz", site)
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"账本 east 第 {before + 1}–{before + 2} 笔：已经公开过" in out, out
    assert f"下一笔是第 {before + 3} 笔" in out, out
    assert "说明链头记录 #8 签的账现在记为“恢复备份时遗失”" in out, out
    assert "--lines-published 区域=最后一笔" not in out  # known: nothing to ask
    records = HeadLog(new).read()
    assert records[:len(saved["records"])] == saved["records"]
    repo = Repository.open(new, clock=clock)
    try:
        repo.check_at_start()
        assert repo.verify()
        lines = repo.ledger("east")
        assert [x["kind"] for x in lines[before:]] == ["lost", "lost"]
        ledgers = {a.id: repo.ledger(a.id) for a in repo.street.areas}
        assert check_heads(records, ledgers) == []
        found = check_saved(saved, records, ledgers)  # the site saved: every record there
        assert [p.code for p in found] == ["rewritten"] and found[0].restore, found
        clock.at(4, 3)
        assert record_heads(repo)[0]["n"] == len(records) + 1
    finally:
        repo.close()


def test_lines_lost_in_an_earlier_restore_are_kept_as_the_site_shows_them(tmp_path):
    """The older backup restored and published (lines 9–10 lost, their head signed); the
    machine lost; the newer backup restored into a new folder from the site: the lost
    lines stay as published and the backup's real lines are recorded after them."""
    data, clock, before, real, balance = _two_backups(tmp_path)
    _restore(tmp_path, data, "older.tar.gz")
    repo = Repository.open(data, clock=clock)
    try:
        clock.at(4, 3)
        record_heads(repo)
    finally:
        repo.close()
    site = publish(data, tmp_path / "project")
    saved = _saved(site)
    new, result = _from_site(tmp_path, "newer.tar.gz", site)
    assert result.exit_code == 0, result.output
    assert f"备份里原来的第 {before + 1}–{before + 2} 笔重新记为第 {before + 3}–{before + 4} 笔" \
        in result.output, result.output
    repo = Repository.open(new, clock=clock)
    try:
        repo.check_at_start()
        lines = repo.ledger("east")
        assert [x["kind"] for x in lines[before:]] == ["lost", "lost", "expense", "expense"]
        assert repo.balance("east") == balance
        ledgers = {a.id: repo.ledger(a.id) for a in repo.street.areas}
        assert check_saved(saved, HeadLog(new).read(), ledgers) == []  # all as saved
    finally:
        repo.close()


def test_a_site_that_does_not_check_out_restores_nothing(tmp_path):
    data, _clock, before, _real, _ = _two_backups(tmp_path)
    site = publish(data, tmp_path / "project")
    path = site / "downloads" / "east" / "ledger.json"
    doc = json.loads(path.read_text("utf-8"))
    doc["lines"][before]["amount_fen"] = 1  # a line altered on the web host
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    new, result = _from_site(tmp_path, "older.tar.gz", site)
    assert result.exit_code != 0 and not new.exists(), result.output
    assert f"--from-site {site}：网站的账本没有通过核对" in result.output, result.output
    assert "没有恢复，数据目录没有改动" in result.output
    _, result = _from_site(tmp_path, "older.tar.gz", tmp_path / "nowhere")
    assert result.exit_code != 0 and "读不出网站的下载文件" in result.output, result.output


def test_a_restore_into_a_new_folder_without_it_says_to_give_the_site(tmp_path):
    data, _clock, _before, _real, _ = _two_backups(tmp_path)
    result = CliRunner().invoke(steward_cli.app, [
        "restore", str(tmp_path / "older.tar.gz"), "--data", str(tmp_path / "new")])
    assert result.exit_code == 0, result.output
    assert "更好的是 --from-site 网站地址" in result.output, result.output


def test_a_site_signed_with_a_key_the_backup_lacks_says_its_records_are_not_kept(tmp_path):
    """The key was changed after the backup and the machine lost with it: the site's
    head log cannot go on with the backup's key. Said, not dropped silently."""
    from test_restore_heads_kept import _rotated

    data, _clock = _rotated(tmp_path)
    site = publish(data, tmp_path / "project")
    new, refused = _from_site(tmp_path, "older.tar.gz", site)  # refused, saying why
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1 and "第 #8–#9 条属于" in said, said
    assert "--replace-head-log" in said and not new.exists(), said
    _, result = _from_site(tmp_path, "older.tar.gz", site, None, "--replace-head-log")
    assert result.exit_code == 0, result.output
    assert "签名链头：恢复前公开的链头记录有 2 条没能保留：它们是用备份之后换的签名密钥签的" \
        in result.output, result.output
