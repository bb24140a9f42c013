"""A room of the area written alone in the words of a report, an opinion or a step is
masked on the site: 已修好301的水管, 我住301，楼道灯坏了, 楼上301漏水 went public as typed
(the masking takes a room only where its words say it is one: 301室, 2单元301, 301家;
found trying phrases a grid worker and a resident write, on the demo street). The site
builder knows the area's rooms, so a number written alone is masked when it is one of
them; an amount, a date, a time or a count is not."""

from __future__ import annotations

import pytest
from conftest import confirmed_resident, pid
from test_site_helpers import make_project, new_repo

from db.entries import Kind
from db.redact import ROOM_MASK, bare_rooms, mask_bare_rooms, mask_rooms
from site_builder import build_site

ROOMS = frozenset({"101", "102", "201", "301", "302", "2025"})


@pytest.mark.parametrize("typed, shown", [
    ("已修好301的水管", f"已修好{ROOM_MASK}的水管"),
    ("我住301，楼道灯坏了", f"我住{ROOM_MASK}，楼道灯坏了"),
    ("301和302之间的管子漏水", f"{ROOM_MASK}和{ROOM_MASK}之间的管子漏水"),
    ("楼上３０１漏水", f"楼上{ROOM_MASK}漏水"),
    ("更换 101 个灯泡，花了 302 元", "更换 101 个灯泡，花了 302 元"),
    ("2025-04-10 10:30 第 301 笔", "2025-04-10 10:30 第 301 笔"),
    ("2025年，¥301，301号楼，120户", "2025年，¥301，301号楼，120户"),
    ("已修好 999 的水管", "已修好 999 的水管"),  # no such room here
])
def test_a_room_written_alone_is_masked_and_an_amount_date_or_count_is_not(typed, shown):
    assert mask_bare_rooms(mask_rooms(typed), ROOMS) == shown
    assert bool(bare_rooms(typed, ROOMS)) == (shown != typed)


def test_the_site_masks_a_room_of_the_area_written_alone_in_a_report_and_its_step(tmp_path):
    repo = new_repo(tmp_path / "data")
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.submit(author, Kind.ISSUE, "east",
                        {"category": "pipes", "text": "我住201，楼上漏水到我家"})
    repo.approve(issue.id, pid(repo, 102))
    repo.issue_step(issue.id, pid(repo, 102), "resolved", "已修好201的水管")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    page = (project / "content" / "areas" / "east" / "issues.md").read_text("utf-8")
    assert "我住201" not in page and "已修好201" not in page, page
    assert f"我住{ROOM_MASK}，楼上漏水到我家" in page
    assert f"已修好{ROOM_MASK}的水管" in page


def test_the_bot_shows_a_neighbour_the_words_as_the_site_does_rooms_written_alone_masked(
        tmp_path):
    """A neighbour who said "me too" reads the report under 我的, and the volunteer's note
    when it moves, "as the site shows them" (db.public_words): the room written alone
    was masked on the site, not in the bot."""
    from db.public_words import public_text, public_words

    repo = new_repo(tmp_path / "data")
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.submit(author, Kind.ISSUE, "east",
                        {"category": "pipes", "text": "我住201，楼上漏水到我家"})
    assert public_words(repo, [issue])[issue.id] == f"我住{ROOM_MASK}，楼上漏水到我家"
    assert public_text(repo, "已修好201的水管", "east") == f"已修好{ROOM_MASK}的水管"
    repo.close()
