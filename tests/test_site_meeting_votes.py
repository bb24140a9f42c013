"""A vote or project discussed at a meeting links to its minutes on the site, as a
report does. Minutes of a 议事会 of 城建小区 that discussed the road's vote (讨论了：提议
#498) were linked from the minutes to the vote, and the vote on its page never named
the minutes: someone reading why the vote was put again found nothing (steward chat
on the demo, then steward build)."""

from __future__ import annotations

from conftest import close_when_due, confirmed_resident, pid
from test_site_helpers import DATE, make_project, new_repo

from db.entries import Status
from site_builder import build_site


def test_a_vote_and_a_project_discussed_at_a_meeting_link_to_its_minutes(tmp_path):
    repo = new_repo(tmp_path / "data")
    residents = [confirmed_resident(repo, 7000 + n, f"c1/1/1/{room}", 101)
                 for n, room in enumerate(("101", "102", "201"))]
    v1, v2 = pid(repo, 101), pid(repo, 102)
    doors = repo.create_proposal(v1, "east", title="安装单元门", description="", budget_fen=0,
                                 matter="everyday", deadline="2025-01-02")
    for resident in residents:
        repo.cast_vote(resident, doors.id, "agree")
    close_when_due(repo, doors.id, v1)
    assert repo.entry(doors.id).status == Status.PASSED
    road = repo.create_proposal(v1, "east", title="院内路面硬化", description="",
                                budget_fen=0, matter="everyday", deadline="2099-01-01")
    fields = dict(place="社区活动室", roles=["物管会委员", "网格员"], residents=9,
                  topics="门和路", decisions="门下月装，路再议", proposals=[doors.id, road.id])
    shown = repo.record_meeting(v1, "east", meeting_kind="council", date="2025-01-03",
                                **fields)
    repo.approve(shown.id, v2)
    waiting = repo.record_meeting(v1, "east", meeting_kind="building", date="2025-01-02",
                                  **fields)
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    votes = (project / "content/areas/east/votes.md").read_text("utf-8")
    projects = (project / "content/areas/east/projects.md").read_text("utf-8")
    said = f"- 开会讨论过：{DATE}2025&#45;01&#45;03</span> [议事会（纪要 &#35;{shown.id}）]" \
           f"(meetings.md#meeting-{shown.id})"
    road_part = votes[votes.index(f"{{ #proposal-{road.id} }}"):]
    road_part = road_part[:road_part.index("\n## ")]
    doors_part = votes[votes.index(f"{{ #proposal-{doors.id} }}"):]
    assert said in road_part and said in doors_part, road_part
    assert said in projects, projects
    assert f"#{waiting.id}" not in votes and f"#{waiting.id}" not in projects  # not approved
