"""Room numbers are masked in public words (db/redact.py ``mask_rooms``): the site
shows a household at most as its building and unit, but a neighbour writes the door
("101室王秀兰家门口"), and a volunteer's progress note names the door it visited. Once
王秀兰 is forgotten her name is gone from the store; her door must not stay on the
site, its downloads and feed, or the paper notice beside the masked name."""

from __future__ import annotations

from conftest import confirmed_resident, pid
from heads_support import money, street_with_history

from db.entries import Kind
from db.redact import NAME_MASK, ROOM_MASK, mask_rooms
from site_builder.collect import collect
from site_builder.notice import notice_for
from site_builder.render import render


def test_a_room_its_words_name_is_masked_and_other_numbers_are_kept():
    assert mask_rooms("101室王秀兰家门口灯坏了") == f"{ROOM_MASK}王秀兰家门口灯坏了"
    assert mask_rooms("１２０２ 室漏水") == f"{ROOM_MASK}漏水"  # full-width digits
    assert mask_rooms("2单元502门口") == f"2单元{ROOM_MASK}门口"
    assert mask_rooms("1号楼1单元101号") == f"1号楼1单元{ROOM_MASK}"
    assert mask_rooms("3号楼 301 楼上") == f"3号楼{ROOM_MASK} 楼上"
    assert mask_rooms("房号：402") == f"房号{ROOM_MASK}"
    assert mask_rooms("1-2-301和yanye/1/1/101") == f"{ROOM_MASK}和{ROOM_MASK}"
    assert mask_rooms("502王大爷家门口最严重") == f"{ROOM_MASK}王大爷家门口最严重"
    assert mask_rooms(f"已去101{NAME_MASK}家") == f"已去{ROOM_MASK}{NAME_MASK}家"
    assert mask_rooms("502家门口") == f"{ROOM_MASK}家门口"
    # a building, a unit, an amount, a year, a date, an address, a count: kept
    for kept in ("盐业小区 1号楼 2单元", "3单元2025年修过", "收了120元", "2025-06-03",
                 "12/04/2025", "迎宾路502号", "全区120户", "3单元化粪池", "2单元502号楼",
                 "1单元12月", "120家商户", "请了100名老师", "120位阿姨"):
        assert mask_rooms(kept) == kept, kept
    assert mask_rooms("") == "" and mask_rooms(None) == ""


def test_a_forgotten_residents_door_named_by_a_neighbour_is_masked_everywhere(tmp_path):
    repo, clock = street_with_history(tmp_path / "data")
    clock.at(4, 10)
    volunteer = pid(repo, 101)
    repo.ensure_person(5001, name="刘福生")
    repo.ensure_person(5002, name="王秀兰")
    neighbour = confirmed_resident(repo, 5001, "c1/1/1/102", 101)
    her = confirmed_resident(repo, 5002, "c1/1/1/101", 101)
    issue = repo.submit(neighbour, Kind.ISSUE, "east", {
        "category": "lighting", "text": "101室王秀兰家门口的楼道灯坏了，1-1-101门口也黑"})
    repo.approve(issue.id, volunteer)
    repo.issue_step(issue.id, volunteer, "in_progress", "已换灯泡，1单元101王秀兰家门口亮了")
    repo.submit(volunteer, Kind.PROGRESS_NOTE, "east", {"issue": issue.id,
                                                        "text": "去过101室，灯亮了"})
    money(repo, "east", 300)
    repo.forget(her)
    with repo.store.lock:
        files = render(collect(repo))
    april = str(notice_for(repo, "east", "2025-04"))
    repo.close()
    for path, body in files.items():
        text = body.decode("utf-8", "replace")
        for leak in ("王秀兰", "101室", "1-1-101", "单元101"):
            assert leak not in text, (path, leak)
    issues = files["areas/east/issues.md"].decode()
    assert f"{ROOM_MASK}{NAME_MASK}家门口的楼道灯坏了" in issues
    assert f"1单元{ROOM_MASK}{NAME_MASK}家门口亮了" in issues
    assert "101室" not in april and ROOM_MASK in april and "王秀兰" not in april
