"""A resident who photographed the paper notice (公示单) checks the head printed on it
with the published script: the notice prints the command (``--head AREA N HASH``),
an honest site passes it, and a mistyped digit or a ledger rewritten and signed again
fails with the area, the line and what differs, in Chinese first."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from heads_support import (
    SITE_URL,
    change_purpose,
    publish,
    published_history,
    resign,
    rewrite_ledger,
    run_script,
)


def printed_command(pdf: Path) -> list[str]:
    """The check the notice tells a reader to type, as ``pdftotext`` reads the paper."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    found = re.search(r"python3 steward_verify\.py (\S+) (--head \S+ \d+ [0-9a-f]+)", text)
    assert found, text
    assert found.group(1) == SITE_URL
    return shlex.split(found.group(2))


@pytest.fixture
def noticed(tmp_path, tmp_path_factory):
    data, project, site = published_history(tmp_path_factory.getbasetemp(), tmp_path)
    head = printed_command(site / "downloads" / "east" / "notice-2025-02.pdf")
    return {"data": data, "project": project, "site": site, "head": head,
            "script": site / "downloads" / "steward_verify.py"}


def test_the_notice_prints_the_command_that_checks_its_head(noticed):
    assert noticed["head"][:3] == ["--head", "east", "5"]  # February closes on line 5
    assert len(noticed["head"][3]) == 16
    integrity = (noticed["site"] / "integrity.md").read_text("utf-8")
    assert "`python3 steward_verify.py 本站地址 --head 小区编号 笔数 哈希前16位`" in integrity
    guide = (Path(__file__).resolve().parent.parent / "content" / "verify.md").read_text("utf-8")
    assert "--head 小区编号 笔数 链头前16位" in guide


def test_a_head_typed_from_a_real_notice_passes(noticed):
    ok = run_script(noticed["script"], str(noticed["site"]), *noticed["head"])
    assert ok.returncode == 0, ok.stdout
    holds = "公示单上的链头相符：区域 东小区（east） 第 5 笔的哈希是 " + noticed["head"][3]
    assert holds in ok.stdout, ok.stdout
    assert "核对通过" in ok.stdout
    by_name = run_script(noticed["script"], str(noticed["site"]), "--head", "东小区", "第5笔",
                         noticed["head"][3][:8])
    assert by_name.returncode == 0, by_name.stdout


def test_a_changed_digit_fails_and_says_where_it_differs(noticed):
    head = noticed["head"][3]
    wrong = head[:9] + ("0" if head[9] != "0" else "1") + head[10:]
    bad = run_script(noticed["script"], str(noticed["site"]), "--head", "east", "5", wrong)
    assert bad.returncode == 1, bad.stdout
    assert (f"未通过：区域 东小区（east） 第 5 笔：网站上的哈希是 {head}，公示单上印的是 {wrong}，"
            f"从第 10 位起不同") in bad.stdout, bad.stdout
    assert "请再对一遍你输入的" in bad.stdout and "核对通过" not in bad.stdout


def test_a_ledger_rewritten_and_signed_again_fails_the_printed_head(noticed):
    data, site = noticed["data"], noticed["site"]
    rewrite_ledger(data, "east", change_purpose(2, "改过的用途"))
    resign(data)  # the site's own checks pass again
    publish(data, noticed["project"])
    assert run_script(noticed["script"], str(site)).returncode == 0
    caught = run_script(noticed["script"], str(site), "--lang", "en", *noticed["head"])
    assert caught.returncode == 1, caught.stdout
    assert ("FAILED: area east, line 5: the site's hash is " in caught.stdout
            and f"the notice prints {noticed['head'][3]}" in caught.stdout), caught.stdout
    assert "this line or one before it was changed" in caught.stdout


def test_a_head_beyond_the_ledger_or_in_no_area_fails_plainly(noticed):
    script, site, digest = noticed["script"], str(noticed["site"]), noticed["head"][3]
    cut = run_script(script, site, "--head", "east", "12", digest)
    assert cut.returncode == 1
    told = "区域 东小区（east）：账本现在只有 8 笔，公示单上印的是第 12 笔的链头"
    assert told in cut.stdout, cut.stdout
    nowhere = run_script(script, site, "--head", "south", "5", digest)
    assert nowhere.returncode == 1
    told = "网站上没有区域 south（有：东小区（east）、西小区（west））"
    assert told in nowhere.stdout, nowhere.stdout


def test_a_head_too_short_or_not_hex_is_refused_before_reading_the_site(noticed, tmp_path):
    script = noticed["script"]
    short = run_script(script, str(tmp_path / "nowhere"), "--head", "east", "5", "abc123")
    assert short.returncode == 2 and "至少前 8 位" in short.stdout, short.stdout
    count = run_script(script, str(noticed["site"]), "--head", "east", "five", "abcdef12")
    assert count.returncode == 2 and "笔数应是一个正整数" in count.stdout, count.stdout


def test_a_line_before_the_printed_head_changed_on_the_site_is_not_said_to_hold(noticed):
    # the site's download edited by hand (line 2's amount), the stored hashes left as they
    # were: line 5 still carries the printed hash, but the lines no longer lead to it
    ledger = noticed["site"] / "downloads" / "east" / "ledger.json"
    doc = json.loads(ledger.read_text("utf-8"))
    doc["lines"][1]["amount_fen"] += 100
    ledger.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    head = noticed["head"][3]
    bad = run_script(noticed["script"], str(noticed["site"]), *noticed["head"])
    assert bad.returncode == 1, bad.stdout
    assert "链头相符" not in bad.stdout, bad.stdout
    assert (f"未通过：区域 东小区（east） 第 5 笔：网站上的账从第 1 笔算起，算不出公示单上印的链头 "
            f"{head}：第 2 笔对不上（见上）") in bad.stdout, bad.stdout
    # the summary does not give the last line that still agrees as the ledger's head
    assert "  东小区（east）：8 笔，哈希链在第 2 笔断开" in bad.stdout, bad.stdout
    english = run_script(noticed["script"], str(noticed["site"]), "--lang", "en",
                         *noticed["head"])
    assert "the notice's head holds" not in english.stdout, english.stdout
    assert "  east: 8 lines, the chain breaks at line 2" in english.stdout, english.stdout
