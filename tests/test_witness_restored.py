"""A witness's head kept from before a restore of an older backup (a paper notice, the
volunteers' group message, a file saved with --save, this browser's kept head) no longer
holds once the lines published since the backup read 恢复备份时遗失 (``db.lost_lines``):
every check still fails, and says the ledger's own reason rather than only that the
accounts were rewritten."""

from __future__ import annotations

import json

import pytest
from browser_support import chromium, phone_page, serve
from heads_support import money, street_with_history
from test_site_helpers import make_project
from test_site_verify_browser import _check_all, _check_printed

from db.backup import backup, restore
from db.heads import HeadLog, record_heads
from db.repository import Repository
from db.witness import check_printed, check_saved, witness_file
from site_builder import build_site
from steward_cli import app

LOST = "第 9–10 笔现在写着“恢复备份时遗失”：恢复了更早的备份，原来的第 9–10 笔没有恢复"


@pytest.fixture(scope="module")
def restored(tmp_path_factory):
    """East's lines 9 and 10 published and signed after a backup; the backup restored
    (they read 恢复备份时遗失), one line entered again (11) and signed. What a witness
    saved before the restore, the head of line 10 as printed, the folder and the site."""
    tmp = tmp_path_factory.mktemp("restored")
    data = tmp / "data"
    repo, clock = street_with_history(data)
    assert len(repo.ledger("east")) == 8
    repo.close()
    backup(data, tmp / "b.tar.gz")
    repo = Repository.open(data, clock=clock)
    clock.at(4, 2)
    money(repo, "east", 3000, expense=True, purpose="备份之后第1笔")
    money(repo, "east", 3100, expense=True, purpose="备份之后第2笔")
    assert record_heads(repo)  # the head of line 10 signed, posted, printed
    saved = witness_file(HeadLog(data).read(), {"east": repo.ledger("east")}, source="site")
    printed = repo.ledger("east")[9]["hash"][:16]
    repo.close()
    restore(tmp / "b.tar.gz", data)
    repo = Repository.open(data, clock=clock)
    money(repo, "east", 3000, expense=True, purpose="重新录入")
    assert record_heads(repo)
    assert [x["kind"] for x in repo.ledger("east")[8:]] == ["lost", "lost", "expense"]
    project = make_project(tmp)
    build_site(repo, project)
    ledgers = {"east": repo.ledger("east")}
    records = HeadLog(data).read()
    repo.close()
    return saved, printed, ledgers, records, project / "site", data


def test_a_printed_head_of_a_line_lost_since_says_it_was_lost_in_a_restore(restored):
    """Before: 如果没有输错，就是这一笔或它以前的账被改过（哈希被重新计算）, as of a forgery."""
    _saved, printed, ledgers, _records, _site, _data = restored
    [problem], _zh, _en = check_printed("east", 10, printed, ledgers)
    assert LOST in problem.zh and "被改过" not in problem.zh, problem.zh
    assert "lines 9-10 now read 'lost in a restore'" in problem.en, problem.en


def test_a_saved_head_record_signed_before_the_restore_is_kept_and_the_lines_say_why(
        restored):
    """Before: 链头记录 #N（区域 east 第 10 笔）：与你保存的不同，链头的历史被改写了 (the
    restore had brought back the backup's log, and the next head took number N). Now the
    record saved is kept (``db.restore_heads``); the line saved still fails, said lost."""
    saved, _printed, ledgers, records, _site, _data = restored
    found = check_saved(saved, records, ledgers)
    assert [p.code for p in found] == ["rewritten"], found
    assert "恢复备份时遗失" in found[0].zh and found[0].restore, found[0].zh
    assert records[:len(saved["records"])] == saved["records"]


def test_the_browser_says_it_of_a_notices_head_and_of_the_head_it_kept(restored):
    """Before: the notice's head 就是这一笔或它以前的账被改过; the head this browser kept
    第 1–10 笔中有一笔被改过或删过（改动的人把后面每一笔的哈希都重新算过…）."""
    saved, printed, _ledgers, _records, site, _data = restored
    with serve(site) as base, chromium() as browser, phone_page(browser, base) as page:
        page.goto(base + "integrity/")
        said = _check_printed(page, "east", "10", printed)
        assert said.startswith("有问题") and LOST in said and "被改过" not in said, said
        kept = {"areas": {"east": {"seq": 10, "hash": saved["lines"]["east"][9],
                                   "day": "4月2日"}}}
        page.evaluate("doc => localStorage.setItem('steward-verify:' + "
                      "new URL('..', location).href, JSON.stringify(doc))", kept)
        found = _check_all(page, base, "east")
        assert any(LOST in x and "被改过或删过" not in x for x in found), found
        assert page.errors == [] and page.outside == []


def test_steward_verify_against_those_heads_says_another_restore_will_not_help(
        restored, tmp_path):
    """Before, the operator read 请用 `steward restore 备份 --data …` 恢复备份: a restore had
    made the difference, and another brings nothing back."""
    from typer.testing import CliRunner

    saved, _printed, _ledgers, _records, _site, data = restored
    heads = tmp_path / "seen.json"
    heads.write_text(json.dumps(saved, ensure_ascii=False), "utf-8")
    result = CliRunner().invoke(app, ["verify", "--data", str(data), "--heads", str(heads)])
    assert result.exit_code == 1, result.output
    assert "1 处问题，都是恢复备份造成的（见上）" in result.output, result.output
    assert "all from a restore of an older backup" in result.output
    assert "恢复备份，或请管理员查明原因" not in result.output
