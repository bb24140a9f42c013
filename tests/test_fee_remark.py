"""A resident's note on her fee report (``db.fee_remark``): bounded and cleaned by the
domain, kept off the public site, its notices and downloads (it may name a neighbour),
and gone when she is forgotten (PIPL art. 47), her published fees included, the ledger
still verifiable; a forgotten neighbour's name in someone else's note is masked."""

from __future__ import annotations

import pytest
from conftest import confirmed_resident, pid
from test_privacy_site_copies import _holding
from test_site_helpers import RESIDENT_NAME, RESIDENT_TID, make_project

from db.entries import Kind
from db.errors import DomainError
from db.fee_remark import MAX_REMARK
from db.redact import NAME_MASK
from site_builder import build_site
from site_builder.notice import notice_for

NOTE = "去年在物业窗口交的备注甲乙"
ABOUT_HER = f"替楼上{RESIDENT_NAME}交的"


def _fee(repo, author, household, **extra):
    return repo.submit(author, Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "property", "period": "2024", "household": household,
        "source": "resident", **extra})


def test_a_note_is_kept_on_one_line_without_control_characters_and_bounded(repo):
    me = confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    fee = _fee(repo, me, "c1/1/1/101", remark="  是去年\n交的\u202e\x07 ")
    assert fee.data["remark"] == "是去年 交的"
    assert "remark" not in _fee(repo, me, "c1/1/1/101", remark=" \n ").data
    with pytest.raises(DomainError) as too_long:
        _fee(repo, me, "c1/1/1/101", remark="很" * (MAX_REMARK + 1))
    assert too_long.value.code == "text_too_long"
    with pytest.raises(DomainError) as not_text:
        _fee(repo, me, "c1/1/1/101", remark=["是去年交的"])
    assert not_text.value.code == "bad_text"


def test_a_note_is_on_no_page_download_line_or_notice_of_the_public_site(street):
    repo, tmp = street
    resident = pid(repo, RESIDENT_TID)
    fee = _fee(repo, resident, "c1/1/1/101", remark=NOTE)
    repo.approve(fee.id, pid(repo, 102))
    seq = repo.entry(fee.id).data["ledger_seq"]
    assert NOTE not in str(repo.ledger("east"))
    project = make_project(tmp / "p")
    build_site(repo, project)
    assert _holding(project / "site", NOTE) == []
    assert _holding(project / "content", NOTE) == []
    month = repo.ledger("east")[seq - 1]["published_at"][:7]
    assert NOTE not in str(notice_for(repo, "east", month))


def test_forgetting_her_deletes_her_notes_and_masks_her_name_in_a_neighbours(street):
    repo, _tmp = street
    resident = pid(repo, RESIDENT_TID)
    published = _fee(repo, resident, "c1/1/1/101", remark=NOTE)
    repo.approve(published.id, pid(repo, 102))
    refused = _fee(repo, resident, "c1/1/1/101", remark="第二笔" + NOTE)
    repo.reject(refused.id, pid(repo, 102), "重复")
    upstairs = confirmed_resident(repo, 7002, "c1/1/1/201", 101)
    theirs = _fee(repo, upstairs, "c1/1/1/201", remark=ABOUT_HER)
    repo.approve(theirs.id, pid(repo, 102))
    line = repo.ledger("east")[repo.entry(published.id).data["ledger_seq"] - 1]
    repo.forget(resident)
    assert "remark" not in repo.entry(published.id).data
    assert "remark" not in repo.entry(refused.id).data
    assert repo.entry(theirs.id).data["remark"] == f"替楼上{NAME_MASK}交的"
    assert repo.ledger("east")[line["seq"] - 1] == line  # the line stays as it was
    assert repo.verify()
    assert NOTE not in str(repo.export_person(resident))
