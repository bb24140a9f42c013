"""A past month's paper notice printed again reads as the one posted on the wall, or
says at its top when it was first made and which parts read otherwise since
(``site_builder.notice_reprint``): before, a neighbour's registration masked her name
in the reprint's report and vote (秀芳家门口路灯坏了 on the wall, [姓名已隐藏]家门口… on
the reprint), a head signed later changed its signature line, and nothing said so.
秀芳 is a name given alone, which the site cannot tell as one before she registers (a
full name nobody registered is masked anyway: tests/test_privacy_strangers.py)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import confirmed_resident, pid
from heads_support import money, street_with_history
from typer.testing import CliRunner

import steward_cli
from db.entries import Kind
from db.heads import record_heads
from db.privacy import CONSENT_VERSION
from site_builder.notice import notice_for, render_pdf
from site_builder.notice_reprint import first_path


@pytest.fixture
def april(tmp_path):
    """A street whose April names 秀芳 in a report and a vote, its notice first made
    on 2 May (posted on the wall)."""
    repo, clock = street_with_history(tmp_path / "data")
    clock.at(4, 3)
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.submit(author, Kind.ISSUE, "east",
                        {"category": "lighting", "text": "秀芳家门口路灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    vote = repo.create_proposal(pid(repo, 101), "east", title="请秀芳牵头修屋顶",
                                description="", budget_fen=0, matter="everyday",
                                deadline="2025-06-01")
    money(repo, "east", 100)
    clock.at(5, 2)
    yield repo, clock, issue, vote
    repo.close()


def _text(tmp_path: Path, notice: dict) -> str:
    out = tmp_path / "n.pdf"
    out.write_bytes(render_pdf(notice))
    return re.sub(r"\s+", "", subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                                             text=True, check=True).stdout)


def _register(repo, telegram_id: int, name: str, household: str) -> None:
    person = repo.ensure_person(telegram_id, name=name)
    entry = repo.register(person["id"], household, consent=CONSENT_VERSION)
    repo.approve(entry.id, pid(repo, 101))


def test_a_reprint_after_a_registration_masked_a_name_says_what_changed_since(april, tmp_path):
    repo, clock, issue, vote = april
    posted = notice_for(repo, "east", "2025-04")
    wall = _text(tmp_path, posted)
    assert "秀芳家门口路灯坏了" in wall and "重印说明" not in wall
    clock.at(5, 20)
    _register(repo, 7001, "秀芳", "c1/1/1/102")  # the neighbour named registers
    again = notice_for(repo, "east", "2025-04")
    reprint = _text(tmp_path, again)
    assert "秀芳" not in reprint  # her name is masked, as on the site
    assert again["reprint"] == {"first": "2025-05-02",
                                "changed": [f"报事 #{issue.id}", f"提议 #{vote.id}"]}
    assert (f"重印说明：本公示单首次生成于2025-05-02。此后有变化的是：报事#{issue.id}、"
            f"提议#{vote.id}；其余与首次生成时相同。") in reprint, reprint
    # the money, the head and its check are the same as on the wall
    for key in ("lines", "opening_fen", "closing_fen", "head", "check_url", "fees"):
        assert again[key] == posted[key]


def test_a_head_signed_after_the_first_making_is_said_on_the_reprint(april, tmp_path):
    repo, _clock, _issue, _vote = april
    assert notice_for(repo, "east", "2025-04")["head"]["signature"]["state"] == "unsigned"
    money(repo, "east", 200)
    record_heads(repo)  # May's publish signs a head that covers April's
    again = notice_for(repo, "east", "2025-04")
    assert again["head"]["signature"]["state"] == "covered"
    assert again["reprint"]["changed"] == ["链头的签名核验"]
    assert "此后有变化的是：链头的签名核验；" in _text(tmp_path, again)


def test_a_reprint_with_nothing_of_its_month_changed_is_the_same_file(april, tmp_path):
    """Later lines, reports, votes and fees, and the month's report resolved later, leave
    a past month's notice as it was posted: the same bytes."""
    repo, clock, issue, _vote = april
    first = render_pdf(notice_for(repo, "east", "2025-04"))
    clock.at(6, 5)
    money(repo, "east", 300)
    money(repo, "east", 400, expense=True)
    repo.issue_step(issue.id, pid(repo, 101), "resolved", "修好了")
    author = pid(repo, 5001)
    later = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": "又坏了"})
    repo.approve(later.id, pid(repo, 101))
    again = notice_for(repo, "east", "2025-04")
    assert "reprint" not in again
    assert render_pdf(again) == first


def test_what_is_kept_of_the_first_making_holds_no_words(april):
    """Only a digest of each part is kept beside the data: a report's words, which its
    author's /forget must remove from everywhere, are not."""
    repo, _clock, _issue, _vote = april
    notice_for(repo, "east", "2025-04")
    kept = first_path(repo.store.root, "east", "2025-04").read_text(encoding="utf-8")
    assert "秀芳" not in kept and "路灯" not in kept
    assert json.loads(kept)["made"].startswith("2025-05-02")


def test_a_month_still_running_keeps_nothing_and_says_no_reprint(april):
    repo, _clock, _issue, _vote = april
    may = notice_for(repo, "east", "2025-05")
    assert may["as_of_day"] and "reprint" not in may
    assert not first_path(repo.store.root, "east", "2025-05").exists()


def test_steward_notice_keeps_the_first_making_beside_the_data(tmp_path):
    repo, _clock = street_with_history(tmp_path / "data")
    repo.close()
    out = tmp_path / "n.pdf"
    result = CliRunner().invoke(steward_cli.app, [
        "notice", "east", "--month", "2025-01", "--out", str(out),
        "--data", str(tmp_path / "data")])
    assert result.exit_code == 0, result.output
    assert first_path(tmp_path / "data", "east", "2025-01").is_file()
    again = tmp_path / "again.pdf"
    CliRunner().invoke(steward_cli.app, [
        "notice", "east", "--month", "2025-01", "--out", str(again),
        "--data", str(tmp_path / "data")])
    assert again.read_bytes() == out.read_bytes()


def test_the_shape_of_a_notices_content_is_the_one_its_kept_digests_know(april):
    """A tripwire: a key added to (or taken from) a notice's content, its lines', fees',
    reports' or votes' rows changes the digest of every part of every past notice, and
    each reprint would say its every line changed since. Such a change bumps
    site_builder.notice_reprint.VERSION (and these lists): the digests kept are then
    taken again as they are, silently."""
    from site_builder.notice_reprint import VERSION

    repo, _clock, _issue, _vote = april
    n = notice_for(repo, "east", "2025-04")
    shape = {"notice": sorted(n), "line": sorted(n["lines"][0]), "fee": sorted(n["fees"][0]),
             "issue": sorted(n["issues"][0]), "vote": sorted(n["votes"][0]),
             "head": sorted(n["head"])}
    assert (VERSION, shape) == (3, {
        "notice": ["area", "area_name", "as_of_day", "categories", "check_url", "closing_fen",
                   "compounds", "expense_fen", "fees", "first_seq", "head", "income_fen",
                   "issues", "key_id", "last_seq", "lines", "mode", "month", "opening_fen",
                   "projects", "public_key", "site_url", "steward", "street", "url", "votes",
                   "year"],
        "line": ["amount_fen", "category", "date", "kind", "reversed_by", "reverses", "seq",
                 "text"],
        "fee": ["due", "fee", "fen", "month_fen", "paid", "period", "units", "units_due",
                "when", "whole"],
        "issue": ["category", "id", "since", "status", "text"],
        "vote": ["basis", "id", "note", "status", "title", "what"],
        "head": ["as_of", "hash", "seq", "signature"]}), "bump notice_reprint.VERSION"


def test_digests_kept_under_another_version_are_taken_again_keeping_the_first_day(april):
    from site_builder.notice_reprint import VERSION

    repo, clock, _issue, _vote = april
    notice_for(repo, "east", "2025-04")
    path = first_path(repo.store.root, "east", "2025-04")
    kept = json.loads(path.read_text(encoding="utf-8"))
    kept["v"] = 0  # as an older code kept them, with every part's digest otherwise
    kept["parts"] = {name: "0" * 16 for name in kept["parts"]}
    kept["whole"] = "0" * 16
    path.write_text(json.dumps(kept), encoding="utf-8")
    clock.at(6, 1)
    assert "reprint" not in notice_for(repo, "east", "2025-04")
    again = json.loads(path.read_text(encoding="utf-8"))
    assert again["made"] == kept["made"] and again["v"] == VERSION
    assert "reprint" not in notice_for(repo, "east", "2025-04")


def test_a_new_site_address_is_the_headings_change_not_the_heads(april):
    """The street file's site address changed (a new domain): the reprint's check code
    holds the new address, and its note names the heading, not 账本链头 (which would read
    as the ledger's head changed)."""
    from site_builder.notice_reprint import parts_of

    repo, _clock, _issue, _vote = april
    n = notice_for(repo, "east", "2025-04")
    moved = {**n, "site_url": "https://new.example.org/",
             "url": n["url"].replace("https://ledger.example.org/", "https://new.example.org/"),
             "check_url": n["check_url"].replace("https://ledger.example.org/",
                                                 "https://new.example.org/")}
    before, after = parts_of(n), parts_of(moved)
    assert [k for k in after if after[k] != before[k]] == ["表头"]


def test_a_past_months_heading_names_the_mode_and_steward_of_that_month(tmp_path):
    """西小区 was run by 西社区党委 (社区托管) until its owners elected a committee on
    10 April: March's notice printed on 20 April says 社区托管 · 西社区党委, as the one
    posted on 1 April did, and is the same file; April's, its month ending under the
    committee, names the committee. Before, every notice named the mode and steward
    body of the day it was printed, and March's reprint said 物管会 · 西小区物管会 (its
    note saying only that 表头 changed)."""
    repo, clock = street_with_history(tmp_path / "data")
    clock.at(4, 1)
    posted = render_pdf(notice_for(repo, "west", "2025-03"))
    clock.at(4, 10)
    repo.change_mode(pid(repo, 900), "west", "committee", reason="业主选举产生物管会",
                     steward="西小区物管会")
    money(repo, "west", 900)
    clock.at(4, 20)
    march = notice_for(repo, "west", "2025-03")
    assert (march["mode"], march["steward"]) == ("社区托管", "西社区党委")
    assert "reprint" not in march and render_pdf(march) == posted
    clock.at(5, 2)
    april = notice_for(repo, "west", "2025-04")
    assert (april["mode"], april["steward"]) == ("物管会", "西小区物管会")
    repo.close()


def test_a_first_mode_kept_without_its_steward_body_prints_the_mode_alone(tmp_path,
                                                                           monkeypatch):
    """A first mode an older Steward kept at the first change without its steward body:
    March's notice says 社区托管 alone, not 社区托管 · 西小区物管会 (the body of today)."""
    repo, clock = street_with_history(tmp_path / "data")
    clock.at(4, 10)
    repo.change_mode(pid(repo, 900), "west", "committee", reason="业主选举产生物管会",
                     steward="西小区物管会")
    kept = repo.mode_history("west")
    older = [{k: v for k, v in e.items() if k != "steward" or e["n"] > 1} for e in kept]
    monkeypatch.setattr(repo, "mode_history", lambda area: older)
    march = notice_for(repo, "west", "2025-03")
    assert (march["mode"], march["steward"]) == ("社区托管", "")
    text = _text(tmp_path, march)
    assert "管理方式：社区托管本月" in text and "西小区物管会" not in text, text
    repo.close()
