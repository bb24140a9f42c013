"""Names and rooms in a proposal's words are masked like a report's (db/redact.py): a
volunteer writes "给陈桂芳家门口装灯" as a proposal's title, "王秀兰家门口已开工" as a
project's stage, a neighbour's name as the reason a vote was withdrawn, in an
announcement's title or the reason the area's mode changed. The site and the
paper notice showed those words with their phone numbers masked only. And when 王秀兰
asks to be forgotten (db/privacy.py), her name is masked in the store in a project's
stages and reasons too, and in every area's entries, since the site no longer knows it
to mask it."""

from __future__ import annotations

from conftest import close_when_due, confirmed_resident, pid
from heads_support import money, street_with_history

from db.entries import Kind
from db.redact import NAME_MASK, ROOM_MASK
from site_builder.collect import collect
from site_builder.notice import notice_for
from site_builder.render import render


def test_names_in_proposals_and_project_stages_leave_the_site_and_the_forgotten_store(
        tmp_path):
    repo, clock = street_with_history(tmp_path / "data")
    clock.at(4, 10)
    vol = pid(repo, 101)
    repo.ensure_person(5002, name="王秀兰")
    repo.ensure_person(5003, name="陈桂芳")
    her = confirmed_resident(repo, 5002, "c1/1/1/101", 101)
    confirmed_resident(repo, 5003, "c1/1/1/102", 101)
    lamp = repo.create_proposal(vol, "east", title="给陈桂芳家门口装灯",
                                description="王秀兰和陈桂芳两家门口（102室）太黑",
                                budget_fen=0, matter="everyday", deadline="2025-04-20")
    road = repo.create_proposal(vol, "east", title="修路", description="门前路面",
                                budget_fen=0, matter="everyday", deadline="2025-04-20")
    repo.cast_vote(her, lamp.id, "agree")
    repo.withdraw_proposal(road.id, vol, "王秀兰和陈桂芳说先修灯")
    close_when_due(repo, lamp.id, vol)
    repo.set_stage(lamp.id, vol, "in_progress", "王秀兰家门口已开工，陈桂芳也同意")
    repo.submit(vol, Kind.ANNOUNCEMENT, "east", {"title": "陈桂芳家门口的灯装好了",
                                                 "text": "感谢大家"})
    repo.change_mode(pid(repo, 900), "east", "trusteeship", reason="陈桂芳等业主请社区托管")
    # another area's volunteer names her too: scrubbed there as well
    repo.submit(pid(repo, 103), Kind.ANNOUNCEMENT, "west", {"text": "感谢王秀兰来西区帮忙"})
    money(repo, "east", 300)
    repo.forget(her)
    stage = repo.entry(lamp.id).data["stages"][-1]["note"]
    assert stage == f"{NAME_MASK}家门口已开工，陈桂芳也同意"  # the store: hers gone
    assert "王秀兰" not in str(repo.entry(road.id).data["withdrawn"])
    with repo.store.lock:
        files = render(collect(repo))
    april = str(notice_for(repo, "east", "2025-04"))
    repo.close()
    for path, body in files.items():
        text = body.decode("utf-8", "replace")
        for leak in ("王秀兰", "陈桂芳", "102室"):
            assert leak not in text, (path, leak)
    projects = files["areas/east/projects.md"].decode().replace("&#91;", "[").replace(
        "&#93;", "]")  # Markdown's escapes
    assert f"{NAME_MASK}家门口已开工，{NAME_MASK}也同意" in projects
    assert f"{NAME_MASK}和{NAME_MASK}两家门口（{ROOM_MASK}）太黑" in projects
    assert "陈桂芳" not in april and f"给{NAME_MASK}家门口装灯" in april


def test_a_volunteers_data_names_who_moved_her_project_along_only_when_it_was_she(repo):
    """A project's stage keeps who stored it (to add the rest of an album to one's own
    stage, db.projects.add_stage_photos); /mydata of the volunteer who proposed it shows
    her own id on her stages and no other volunteer's, as for a report's history."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    vol, other = pid(repo, 101), pid(repo, 102)
    lamp = repo.create_proposal(vol, "east", title="装灯", description="", budget_fen=0,
                                matter="everyday", deadline="2025-01-01")
    repo.cast_vote(pid(repo, 5001), lamp.id, "agree")
    close_when_due(repo, lamp.id, vol)
    repo.set_stage(lamp.id, other, "in_progress", "已开工")
    repo.add_progress(lamp.id, vol, "装了一半")
    stored = repo.entry(lamp.id).data["stages"]
    assert [s.get("by") for s in stored[-2:]] == [other, vol]
    [mine] = [e for e in repo.export_person(vol)["entries"] if e["id"] == lamp.id]
    assert [s.get("by") for s in mine["data"]["stages"][-2:]] == [None, vol]
    assert repo.entry(lamp.id).data["stages"][-2]["by"] == other  # the store unchanged
