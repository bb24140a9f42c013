"""The further photos of a step on an issue (an album arrives one photo per message):
added to the volunteer's own last step or progress note, never to another's, at most
ten, each once; the issue's page shows them (the change is announced)."""

from __future__ import annotations

import pytest
from conftest import confirmed_resident, pid

from db.entries import Kind, Status
from db.errors import DomainError, PermissionDenied
from db.issues import MAX_STEP_PHOTOS


def _ref(n: int) -> str:
    return f"{n:064x}.jpg"


@pytest.fixture
def issue(repo):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": "灯不亮"})
    return repo.approve(entry.id, pid(repo, 102))


def test_photos_are_added_to_the_volunteers_own_last_step_once_each(repo, issue):
    repo.issue_step(issue.id, pid(repo, 101), Status.RESOLVED, "修好了", photos=[_ref(1)])
    seen = []
    repo.subscribe(seen.append)
    repo.add_step_photos(issue.id, pid(repo, 101), [_ref(2)])
    repo.add_step_photos(issue.id, pid(repo, 101), [_ref(2), _ref(3)])
    step = repo.entry(issue.id).history[-1]
    assert step["photos"] == [_ref(1), _ref(2), _ref(3)] and step["to"] == "resolved"
    assert seen and all("east" in c.areas for c in seen)  # the site is rebuilt


def test_photos_are_added_to_the_volunteers_own_progress_note(repo, issue):
    repo.issue_step(issue.id, pid(repo, 101), Status.IN_PROGRESS, "已联系电工")
    note = repo.submit(pid(repo, 102), Kind.PROGRESS_NOTE, "east",
                       {"issue": issue.id, "text": "灯泡买好了", "photos": [_ref(1)]})
    repo.add_step_photos(note.id, pid(repo, 102), [_ref(2)])
    assert repo.entry(note.id).data["photos"] == [_ref(1), _ref(2)]
    with pytest.raises(PermissionDenied):  # another volunteer's note
        repo.add_step_photos(note.id, pid(repo, 101), [_ref(3)])


def test_another_volunteers_step_or_too_many_photos_are_refused(repo, issue):
    repo.issue_step(issue.id, pid(repo, 101), Status.IN_PROGRESS, "已联系电工",
                    photos=[_ref(n) for n in range(MAX_STEP_PHOTOS - 1)])
    with pytest.raises(PermissionDenied):
        repo.add_step_photos(issue.id, pid(repo, 102), [_ref(50)])
    with pytest.raises(DomainError) as err:
        repo.add_step_photos(issue.id, pid(repo, 101), [_ref(50), _ref(51)])
    assert err.value.code == "too_many_photos"
    assert len(repo.entry(issue.id).history[-1]["photos"]) == MAX_STEP_PHOTOS - 1
