"""Witnesses catch a rewritten history. The published verify script
(``downloads/steward_verify.py``), run against a built site (a folder, or served
on 127.0.0.1), saves the heads it saw; when whoever holds the data folder and its
key rewrites a line, removes one and renumbers the rest, or cuts the tail off,
and signs everything again, the site's own checks pass but ``--check`` (and
``steward verify --heads``) name the area and the line. A forged head with a bad
signature is caught without any saved file."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from heads_support import (
    change_purpose,
    cut_tail,
    drop_line,
    publish,
    published_history,
    resign,
    rewrite_ledger,
    run_script,
)
from typer.testing import CliRunner

import steward_cli
from db import witness
from db.heads import HEAD_LOG, HeadLog
from db.lines import LINE_FORMAT
from db.repository import Repository

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture
def witnessed(tmp_path, tmp_path_factory):
    """A street with three months of signed heads, its site, and a witness's saved file."""
    data, project, site = published_history(tmp_path_factory.getbasetemp(), tmp_path)
    saved = tmp_path / "seen-in-march.json"
    result = run_script(site / "downloads" / "steward_verify.py", str(site), "--save", str(saved))
    assert result.returncode == 0, result.stdout + result.stderr
    return {"data": data, "project": project, "site": site, "saved": saved}


def check(site: Path, *args: str):  # type: ignore[no-untyped-def]
    return run_script(site / "downloads" / "steward_verify.py", str(site), "--lang", "en", *args)


def test_the_site_publishes_the_script_and_every_signed_head(witnessed):
    site, data = witnessed["site"], witnessed["data"]
    assert (site / "downloads" / "steward_verify.py").read_bytes() == \
        Path(witness.__file__).read_bytes()
    doc = json.loads((site / "downloads" / "heads.json").read_text("utf-8"))
    assert doc["format"] == "steward-heads/1" and doc["records"] == HeadLog(data).read()
    assert doc["public_key"] == doc["records"][0]["public_key"]
    assert "PRIVATE KEY" not in "".join(p.read_text("utf-8", "replace")
                                        for p in site.rglob("*") if p.is_file())
    saved = json.loads(witnessed["saved"].read_text("utf-8"))
    assert saved["format"] == "steward-witness/1" and len(saved["lines"]["east"]) == 8


def test_an_honest_site_passes_every_check_and_the_saved_heads(witnessed):
    site = witnessed["site"]
    result = check(site, "--check", str(witnessed["saved"]))
    assert result.returncode == 0, result.stdout
    assert "OK: every check passed" in result.stdout and "7 records" in result.stdout
    # the server's steward verify says it so too (not "(1 keys)")
    assert "head log: 7 records, 1 key\n" in result.stdout, result.stdout
    zh = run_script(site / "downloads" / "steward_verify.py", str(site))
    assert zh.returncode == 0 and "核对通过" in zh.stdout


ATTACKS = {
    # an earlier line changed, the chain recomputed
    "rewrite": (change_purpose(2, "改过的用途"), "area east, line 2: not the line you saved"),
    # a line removed, the rest renumbered, the chain recomputed
    "renumbered_removal": (drop_line(4), "area east, line 4: not the line you saved (hash "
                           "was"),
    # the last lines cut off
    "cut_tail": (cut_tail(6), "area east, line 7: you saw 8 lines, there are 6 now"),
}


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_history_rewritten_and_signed_again_passes_alone_but_not_against_saved_heads(
        witnessed, attack):
    change, named = ATTACKS[attack]
    data, site = witnessed["data"], witnessed["site"]
    rewrite_ledger(data, "east", change)
    resign(data)  # the operator holds the key: the new history is signed too
    publish(data, witnessed["project"])
    alone = check(site)
    assert alone.returncode == 0, alone.stdout  # the chain and the signatures cannot tell
    caught = check(site, "--check", str(witnessed["saved"]))
    assert caught.returncode == 1 and named in caught.stdout, caught.stdout
    assert "head record #2 (area east, line 3) is not the one you saved" in caught.stdout
    operator = runner.invoke(steward_cli.app, ["verify", "--data", str(data), "--heads",
                                               str(witnessed["saved"])])
    assert operator.exit_code == 1 and named in operator.output, operator.output
    # the data folder holds the entries the lines were made from: its own check catches it
    own = runner.invoke(steward_cli.app, ["verify", "--data", str(data)])
    assert own.exit_code == 1 and "area east, ledger line" in own.output, own.output


def test_a_line_removed_and_the_rest_renumbered_is_said_likely_so(witnessed):
    """Before, the witness read of line 4 only 这一笔被改过或删过，后面的哈希被重新计算, as of
    a line changed; a removal (one line fewer) is now said to be the likely cause."""
    data, site = witnessed["data"], witnessed["site"]
    rewrite_ledger(data, "east", drop_line(4))
    resign(data)
    publish(data, witnessed["project"])
    caught = run_script(site / "downloads" / "steward_verify.py", str(site), "--check",
                        str(witnessed["saved"]))
    assert caught.returncode == 1
    assert ("区域 东小区（east） 第 4 笔：与你保存时不同" in caught.stdout and
            "现在比你保存时少了 1 笔：可能是删掉了这一笔，后面的重新编了号" in caught.stdout), \
        caught.stdout
    now = json.loads((site / "downloads" / "east" / "ledger.json").read_text("utf-8"))
    line = now["lines"][3]  # what line 4 reads now, to hold against the paper notice's
    assert f"网站上现在的第 4 笔是：{line['date']} " in caught.stdout, caught.stdout
    assert f"{line['purpose']}；请与你拍下的公示单上的第 4 笔对照" in caught.stdout
    english = check(site, "--check", str(witnessed["saved"]))
    assert "there is 1 line fewer than you saved: perhaps this one was removed" in \
        english.stdout, english.stdout


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_history_rewritten_without_signing_again_fails_the_sites_own_check(witnessed,
                                                                           attack):
    change, _named = ATTACKS[attack]
    data, site = witnessed["data"], witnessed["site"]
    rewrite_ledger(data, "east", change)
    publish(data, witnessed["project"])
    caught = check(site)
    assert caught.returncode == 1
    assert "area east, line" in caught.stdout and "head signed at" in caught.stdout, caught.stdout
    assert runner.invoke(steward_cli.app, ["verify", "--data", str(data)]).exit_code == 1


def test_a_forged_head_with_a_bad_signature_is_named(witnessed):
    site = witnessed["site"]
    heads = site / "downloads" / "heads.json"
    doc = json.loads(heads.read_text("utf-8"))
    doc["records"][5]["head"] = "ab" * 32  # east, line 8: someone put in another head
    heads.write_text(json.dumps(doc), "utf-8")
    caught = check(site)
    assert caught.returncode == 1
    assert "head record #6 (area east, line 8): the signature does not verify" in caught.stdout
    caught = check(site, "--check", str(witnessed["saved"]))
    assert "head record #6 (area east, line 8) is not the one you saved" in caught.stdout


def test_a_forged_head_in_the_data_folder_fails_steward_verify(witnessed):
    data = witnessed["data"]
    records = HeadLog(data).read()
    forged = dict(records[-1], n=len(records) + 1, prev=witness.record_hash(records[-1]),
                  seq=9, head="cd" * 32, sig="00" * 64)
    with open(data / HEAD_LOG, "a", encoding="utf-8") as f:
        f.write(witness.canonical(forged) + "\n")
    caught = runner.invoke(steward_cli.app, ["verify", "--data", str(data)])
    assert caught.exit_code == 1
    assert "head record #8 (area west, line 9): the signature does not verify" in caught.output


def test_a_record_removed_from_the_head_log_breaks_its_chain(witnessed):
    site = witnessed["site"]
    heads = site / "downloads" / "heads.json"
    doc = json.loads(heads.read_text("utf-8"))
    del doc["records"][3]
    heads.write_text(json.dumps(doc), "utf-8")
    caught = check(site)
    assert caught.returncode == 1 and "should be number 4" in caught.stdout


def test_a_key_the_reader_trusts_must_be_the_sites(witnessed):
    site = witnessed["site"]
    key = json.loads((site / "downloads" / "heads.json").read_text("utf-8"))["public_key"]
    assert check(site, "--key", key).returncode == 0
    assert check(site, "--key", witness.key_id(key)).returncode == 0
    other = check(site, "--key", "12" * 32)
    assert other.returncode == 1 and "is not among this site's signing keys" in other.stdout


def test_a_site_that_cannot_be_read_exits_2(tmp_path, witnessed):
    script = witnessed["site"] / "downloads" / "steward_verify.py"
    result = run_script(script, str(tmp_path / "nowhere"), "--lang", "en")
    assert result.returncode == 2 and "cannot read" in result.stdout
    assert "heads.json" in result.stdout


def test_the_script_reads_a_site_over_http_and_checks_it_against_saved_heads(witnessed):
    site, data = witnessed["site"], witnessed["data"]
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        honest = run_script(site / "downloads" / "steward_verify.py", url, "--lang", "en",
                            "--check", str(witnessed["saved"]))
        assert honest.returncode == 0 and url in honest.stdout, honest.stdout
        rewrite_ledger(data, "east", drop_line(1))
        resign(data)
        publish(data, witnessed["project"])
        caught = run_script(site / "downloads" / "steward_verify.py", url, "--lang", "en",
                            "--check", str(witnessed["saved"]))
        assert caught.returncode == 1
        assert "area east, line 1: not the line you saved" in caught.stdout
    finally:
        server.shutdown()
        server.server_close()


def test_saving_again_after_a_check_keeps_the_newer_heads(witnessed):
    site, data = witnessed["site"], witnessed["data"]
    from heads_support import money

    from db.heads import record_heads

    repo = Repository.open(data)
    money(repo, "west", 4200)
    record_heads(repo)
    repo.close()
    publish(data, witnessed["project"])
    saved = witnessed["saved"]
    both = check(site, "--check", str(saved), "--save", str(saved))
    assert both.returncode == 0, both.stdout
    assert len(json.loads(saved.read_text("utf-8"))["lines"]["west"]) == 4


def test_the_feed_carries_the_signed_heads(witnessed):
    from xml.etree import ElementTree as ET

    feed = ET.fromstring((witnessed["site"] / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    east = [r for r in HeadLog(witnessed["data"]).read() if r.get("area") == "east"][-1]
    title = f"东小区：账本链头已签名：共 8 笔，链头 {east['head'][:16]}"
    assert title in titles
    entry = feed.findall("a:entry", ns)[titles.index(title)]
    assert east["head"] in entry.findtext("a:summary", namespaces=ns)
    assert entry.find("a:link", ns).get("href").endswith("areas/east/accounts/#line-8")


def test_a_chinese_reader_is_told_which_compound_and_when_as_the_site_names_them(witnessed):
    # "区域 lvcheng-wuguan 第 61 笔 … 2025-04-30T20:00:09+08:00" told a resident neither
    # which compound nor, readably, when: the name is the one on the site, the time as
    # the integrity page prints it, and a failure says so in Chinese.
    data, site = witnessed["data"], witnessed["site"]
    script = site / "downloads" / "steward_verify.py"
    honest = run_script(script, str(site))
    assert honest.returncode == 0, honest.stdout
    assert "  东小区（east）：8 笔，链头 " in honest.stdout, honest.stdout
    rewrite_ledger(data, "east", cut_tail(6))  # the last two lines gone, nothing signed again
    publish(data, witnessed["project"])
    caught = run_script(script, str(site))
    assert caught.returncode == 1, caught.stdout
    assert "未通过：区域 东小区（east） 第 7 笔：账本只有 6 笔，但 2025-03-28 20:00 签名的链头有 " \
           "8 笔：第 7–8 笔被删掉了" in caught.stdout, caught.stdout
    assert "FAILED" not in caught.stdout and "+08:00" not in caught.stdout
    saved = json.loads(witnessed["saved"].read_text("utf-8"))["saved_at"]
    compared = run_script(script, str(site), "--check", str(witnessed["saved"]))
    china = datetime.fromisoformat(saved).astimezone(timezone(timedelta(hours=8)))
    assert f"（{china:%Y-%m-%d %H:%M} 保存）对照" in compared.stdout, compared.stdout


def test_a_name_in_heads_json_cannot_write_control_characters_to_the_terminal(witnessed):
    site = witnessed["site"]
    heads = site / "downloads" / "heads.json"
    doc = json.loads(heads.read_text("utf-8"))
    doc["areas"]["east"]["name"] = "东小区\x1b[2K\x1b[1A核对通过\r"
    heads.write_text(json.dumps(doc), "utf-8")
    result = run_script(site / "downloads" / "steward_verify.py", str(site))
    assert result.returncode == 0, result.stdout
    assert "\x1b" not in result.stdout and "\r" not in result.stdout
    assert "  东小区[2K[1A核对通过（east）：8 笔" in result.stdout


def test_one_line_cut_off_is_named_alone_not_as_a_range_of_one(witnessed):
    data, site = witnessed["data"], witnessed["site"]
    rewrite_ledger(data, "east", cut_tail(7))
    publish(data, witnessed["project"])
    zh = run_script(site / "downloads" / "steward_verify.py", str(site))
    assert "签名的链头有 8 笔：第 8 笔被删掉了" in zh.stdout and "8–8" not in zh.stdout, zh.stdout
    en = check(site, "--check", str(witnessed["saved"]))
    assert "covers 8: line 8 was removed" in en.stdout and "8-8" not in en.stdout, en.stdout
    assert "there are 7 now: line 8 was removed" in en.stdout


def test_the_integrity_page_says_when_the_head_log_began(witnessed):
    # A head log started afresh (the old one moved aside, everything signed again) passes
    # every check of the site; the day its key was announced is what a reader without a
    # saved file can hold against the ledger's first lines.
    import html
    import re

    page = html.unescape(re.sub(r"<[^>]+>", "", (witnessed["site"] / "integrity.md")
                                .read_text("utf-8")))
    first = HeadLog(witnessed["data"]).read()[0]
    assert first["type"] == "key"
    day = first["at"][:16].replace("T", " ")
    assert f"街道办于 {day} 公布这把公钥（链头记录 #1）" in page, page
    assert "早于这一天的账" in page


def test_the_guide_says_the_script_checks_the_downloads_not_the_pages(witnessed):
    # An accounts page edited by hand on the web host (化粪池清掏 -¥3,500.00 made
    # -¥4,500.00) passes the script, which reads only the downloads, unless --pages: the
    # guide says so, and how a reader holds the page against them.
    site = witnessed["site"]
    page = site / "areas" / "east" / "accounts.md"
    text = page.read_text("utf-8")
    assert "-¥30.00" in text
    page.write_text(text.replace("-¥30.00", "-¥40.00"), "utf-8")
    assert run_script(site / "downloads" / "steward_verify.py", str(site)).returncode == 0
    # ... unless asked to read the pages too
    pages = run_script(site / "downloads" / "steward_verify.py", str(site), "--pages")
    assert pages.returncode == 1 and "网页上的金额是 -¥40.00" in pages.stdout, pages.stdout
    guide = (ROOT / "content" / "verify.md").read_text("utf-8")  # the page as published
    assert "加上 `--pages`，它还会读每个小区的账目页" in guide
    assert "核对程序核对的是**下载的数据**" in guide and "不是网页本身" in guide
    assert "`amount_fen`（以分为单位，支出为负）" in guide


def test_steward_verify_speaks_chinese_first_like_the_witness_script(witnessed):
    data = witnessed["data"]
    honest = runner.invoke(steward_cli.app, ["verify", "--data", str(data)])
    assert honest.exit_code == 0, honest.output
    assert "链头记录 7 条（1 把密钥） / head log: 7 records, 1 key" in honest.output
    assert "东小区（east）：8 笔，链头 " in honest.output  # each area's line, too
    assert honest.output.index("核对通过：数据目录的每个文件都与保存时一致") < \
        honest.output.index("OK: every file of the data folder")
    rewrite_ledger(data, "east", change_purpose(2, "改过的用途"))
    resign(data)
    caught = runner.invoke(steward_cli.app, ["verify", "--data", str(data), "--heads",
                                             str(witnessed["saved"])])
    assert caught.exit_code == 1, caught.output
    assert "未通过：区域 东小区（east） 第 2 笔：与你保存时不同" in caught.output, caught.output
    assert caught.output.index("核对未通过：") < caught.output.index("check FAILED:")


def test_a_line_of_a_format_newer_than_the_script_asks_for_the_current_script(witnessed):
    """A newer Steward may hash a new kind of line by rules an older script does not know:
    a script meeting a line of a format it does not know says to download the current one
    and check again, not that the line was altered; the check still fails."""
    site = witnessed["site"]
    path = site / "downloads" / "east" / "ledger.json"
    doc = json.loads(path.read_text("utf-8"))
    doc["lines"][4]["format"] = witness.KNOWN_LINE_FORMAT + 1  # hashed by the rules it brings
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    en = check(site)
    assert en.returncode == 1, en.stdout
    assert f"area east, line 5 is of ledger format {witness.KNOWN_LINE_FORMAT + 1}" in en.stdout
    assert "Download the current script" in en.stdout and "line was altered" not in en.stdout
    guide = (ROOT / "content" / "verify.md").read_text("utf-8")  # what a reader is told
    assert "**每次核对前都请重新下载它，不要用以前下载的。**" in guide
    assert "请先重新下载最新的核对程序再核对一次" in guide
    assert "CHECK FAILED: 1 problem\n" in en.stdout  # not "1 problems"
    assert f"{site}/downloads/steward_verify.py" in en.stdout, en.stdout
    zh = run_script(site / "downloads" / "steward_verify.py", str(site))
    assert "请从本网站重新下载最新的核对脚本" in zh.stdout, zh.stdout
    assert "这一笔被改过" not in zh.stdout, zh.stdout
    # an unknown format does not excuse a line that breaks the chain by the known rules
    doc["lines"][4]["format"] = witness.KNOWN_LINE_FORMAT
    doc["lines"][4]["purpose"] = "改过的用途"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    altered = check(site)
    assert altered.returncode == 1 and "line was altered" in altered.stdout, altered.stdout


def test_the_script_knows_every_format_steward_writes():
    from db.lines import LINE_FORMAT

    assert witness.KNOWN_LINE_FORMAT == LINE_FORMAT


def test_steward_verify_meeting_a_newer_lines_format_says_to_update_not_to_restore(
        witnessed):
    """Steward before line format 5 read a line of it as 内容与审核通过的记录不一致：被改动过
    and told the operator to bring back a backup. A line of a format newer than it knows
    is now said to need a newer Steward, by the chain check and by the line check."""
    from db import ledger as ledger_rules

    data = witnessed["data"]
    newer = LINE_FORMAT + 1

    def bump(lines):  # type: ignore[no-untyped-def]
        lines[-1]["format"] = newer
        return lines

    rewrite_ledger(data, "east", bump)
    resign(data)  # the newer Steward signed its heads
    said = runner.invoke(steward_cli.app, ["verify", "--data", str(data)])
    assert said.exit_code == 1, said.output
    assert f"第 8 笔：是第 {newer} 版格式的账目，比这个 Steward 新" in said.output, said.output
    assert "请先把 Steward 更新到最新版再核对" in said.output and "恢复备份" not in said.output
    assert "update Steward and check again" in said.output and "被改动过：" not in said.output
    lines = Repository.open(data).ledger("east")
    lines[-1]["purpose"] = "按新版规则写的"  # its hash made by rules this one does not know
    with pytest.raises(Exception) as err:
        ledger_rules.verify_chain("east", lines)
    assert getattr(err.value, "code", None) == "line_format_newer", err.value


def test_a_file_saved_on_a_utc_machine_is_dated_in_china_time_like_the_rest(witnessed):
    # On a machine kept in UTC --save wrote 14:02+0000 and --check printed "14:02 保存"
    # beside heads signed at 20:00 China time: the same hour read eight hours apart.
    site, saved = witnessed["site"], witnessed["saved"]
    doc = json.loads(saved.read_text("utf-8"))
    doc["saved_at"] = "2026-03-30T14:02:09+0000"
    saved.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    script = site / "downloads" / "steward_verify.py"
    compared = run_script(script, str(site), "--check", str(saved))
    assert compared.returncode == 0, compared.stdout
    assert f"与 {saved}（2026-03-30 22:02 保存）对照" in compared.stdout, compared.stdout
    assert witness._zh_at("2025-04-30T20:00:09+08:00") == "2025-04-30 20:00"
    assert witness._zh_at("2025-12-31T23:30:00+00:00") == "2026-01-01 07:30"
