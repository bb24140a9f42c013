"""A further /progress on an issue already in progress (a progress note) is shown
among the issue's own steps, in its place, with its photos; the 公告与进展 page
names and links the issue it is about; the feed lists it once. The photos of a
progress note and of a project's stage are a paragraph of their own under the text,
never glued to its last characters on a phone."""

from __future__ import annotations

import re

import markdown
from conftest import confirmed_resident, pid
from test_site_helpers import fill_street, make_project, new_repo, photo_bytes

from db.entries import Kind
from db.media import MediaStore
from site_builder import build_site


def test_a_further_progress_note_is_a_step_of_its_issue_and_links_back(tmp_path):
    repo = new_repo(tmp_path / "data")
    volunteer = pid(repo, 101)
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": "2单元路灯不亮"})
    repo.approve(issue.id, volunteer)
    repo.issue_step(issue.id, volunteer, "in_progress", "已联系电工")
    photo = MediaStore(repo.store.root).save_photo(photo_bytes("green"))
    note = repo.submit(volunteer, Kind.PROGRESS_NOTE, "east",
                       {"issue": issue.id, "text": "灯管已买到，周五换", "photos": [photo]})
    repo.issue_step(issue.id, volunteer, "resolved", "已换好")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    area = project / "content" / "areas" / "east"
    issues = (area / "issues.md").read_text("utf-8")
    article = issues[issues.index(f'id="issue-{issue.id}"'):]
    steps = [article.index(s) for s in ("已联系电工", "灯管已买到，周五换", "已换好")]
    assert steps == sorted(steps)  # the note in its place among the steps
    assert "<strong>进展</strong>" in article and f"thumbs/{photo}" in article
    news = (area / "announcements.md").read_text("utf-8")
    assert f"[报事\u00a0&#35;{issue.id}](issues.md#issue-{issue.id})" in news
    feed = (project / "content" / "feed.xml").read_text("utf-8")
    assert feed.count("灯管已买到，周五换") == 1 and f"进展 #{note.id}" in feed


def _html(md: str) -> str:
    """The page's Markdown as the site's Markdown renders it."""
    return markdown.markdown(md, extensions=["attr_list", "tables"])


def test_progress_note_photos_are_a_paragraph_under_the_note_inside_its_item(tmp_path):
    repo = new_repo(tmp_path / "data")
    volunteer = pid(repo, 101)
    photo = MediaStore(repo.store.root).save_photo(photo_bytes("green"))
    repo.submit(volunteer, Kind.PROGRESS_NOTE, "east", {"text": "清运车已订好，周五上午清掏",
                                                        "photos": [photo]})
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    news = _html((project / "content" / "areas" / "east" / "announcements.md")
                 .read_text("utf-8"))
    item = re.search(r"<li>(.*?)</li>", news[news.index("进展"):], re.S)
    assert item is not None and f"thumbs/{photo}" in item.group(1)
    # the text ends its own paragraph; the photo starts the next one, in the same item
    assert re.search(r"周五上午清掏</p>\s*<p><a [^>]*><img ", item.group(1)), item.group(1)


def test_project_stage_photos_are_a_paragraph_under_the_stage_inside_its_item(tmp_path):
    repo = new_repo(tmp_path / "data")
    fill_street(repo)
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    page = _html((project / "content" / "areas" / "east" / "projects.md").read_text("utf-8"))
    item = re.search(r"<li>((?:(?!</li>).)*已开工.*?)</li>", page, re.S)
    assert item is not None and "<img " in item.group(1)
    assert re.search(r"已开工</p>\s*<p><a [^>]*><img ", item.group(1)), item.group(1)


def test_links_to_last_years_report_lead_to_its_year_page_once_a_new_year_has_reports(
        tmp_path):
    """In January a new report moves last year's to issues-<year>: a progress note, a
    meeting's minutes and a correction about one of them link there, and the strict
    build passes (it failed, and the site stopped updating, found running the demo's
    data after its year)."""
    from datetime import datetime

    from db.repository import CHINA_TZ

    repo = new_repo(tmp_path / "data")
    volunteer, checker = pid(repo, 101), pid(repo, 102)
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "septic",
                                                      "text": "化粪池满了，502王大爷家门口"})
    repo.approve(issue.id, volunteer)
    repo.issue_step(issue.id, volunteer, "in_progress", "已约清运队")
    repo.submit(volunteer, Kind.PROGRESS_NOTE, "east", {"issue": issue.id, "text": "周五清掏"})
    meeting = repo.record_meeting(volunteer, "east", meeting_kind="diagnosis",
                                  date=repo.clock().date().isoformat(), place="活动室",
                                  roles=["网格员"], residents=3, topics="化粪池",
                                  decisions="清掏", issues=[issue.id])
    repo.approve(meeting.id, checker)
    fix = repo.correct(resident, issue.id, "化粪池满了", "原文提到了邻居")
    repo.approve(fix.id, checker)
    repo.clock.now = datetime(2026, 1, 5, 9, 0, tzinfo=CHINA_TZ)  # type: ignore[attr-defined]
    new = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting", "text": "路灯不亮"})
    repo.approve(new.id, volunteer)
    project = make_project(tmp_path)
    build_site(repo, project)  # mkdocs --strict: a broken link fails it
    repo.close()
    area = project / "content" / "areas" / "east"
    year = f"issues-{str(issue.created)[:4]}"
    news = (area / "announcements.md").read_text("utf-8")
    assert f"[报事\u00a0&#35;{issue.id}]({year}.md#issue-{issue.id})" in news
    overview = (area / "index.md").read_text("utf-8")
    assert f'href="{year}/#issue-{issue.id}"' in overview
    assert f'href="issues/#issue-{issue.id}"' not in overview


def test_the_progress_section_without_notes_points_to_the_reports_not_to_nothing(tmp_path):
    """新国土小区's 公告与进展 page said 进展：暂无。 under a year in which its two reports
    were resolved: the section lists only notes added on top of a report's steps, and a
    reader took it as nothing done. It now says what it lists and links the reports'
    page for each one's whole course."""
    repo = new_repo(tmp_path / "data")
    volunteer = pid(repo, 101)
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": "2单元路灯不亮"})
    repo.approve(issue.id, volunteer)
    repo.issue_step(issue.id, volunteer, "resolved", "已换好")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    news = (project / "content" / "areas" / "east" / "announcements.md").read_text("utf-8")
    section = news[news.index("## 进展"):]
    assert "暂无补充的进展。" in section and "暂无。" not in section
    assert "每件报事从受理、开始处理到解决的全部经过，见[报事](issues.md)页" in section
