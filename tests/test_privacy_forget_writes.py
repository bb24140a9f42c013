"""Forgetting a resident searches the whole street for her name (db/privacy.py): that
search is made without the commit lock, so that nobody's writes wait for it (seconds at
50 areas), and what was written meanwhile is searched again under the lock, so that a
note naming her made during the search is masked too."""

from __future__ import annotations

import threading

from conftest import confirmed_resident, pid

from db.entries import Kind
from db.privacy import Privacy
from db.redact import NAME_MASK


def test_writes_go_on_while_the_street_is_searched_and_what_they_name_is_masked(
        repo, monkeypatch):
    vol = pid(repo, 101)
    repo.ensure_person(5002, name="王秀兰")
    her = confirmed_resident(repo, 5002, "c1/1/1/101", 101)
    before = repo.submit(vol, Kind.ANNOUNCEMENT, "east", {"text": "感谢王秀兰帮忙"})
    other = repo.submit(pid(repo, 103), Kind.ANNOUNCEMENT, "west", {"text": "西区停水通知"})
    searched, written = Privacy._named_in, []

    def search(self, mask, partitions=None):
        found = searched(self, mask, partitions)
        if partitions is None:  # the first search, made before the lock is taken
            def neighbour():  # a volunteer's note naming her, written meanwhile
                written.append(repo.submit(vol, Kind.ANNOUNCEMENT, "east",
                                           {"text": "王秀兰家的水管已修好"}))
            t = threading.Thread(target=neighbour)
            t.start()
            t.join(10)
            assert written, "a write waited for the search"
        return found

    monkeypatch.setattr(Privacy, "_named_in", search)
    repo.forget(her)
    assert repo.entry(before.id).data["text"] == f"感谢{NAME_MASK}帮忙"
    assert repo.entry(written[0].id).data["text"] == f"{NAME_MASK}家的水管已修好"
    assert repo.entry(other.id).data["text"] == "西区停水通知"


def test_only_the_partitions_written_since_the_search_are_searched_again(repo, monkeypatch):
    vol = pid(repo, 101)
    repo.ensure_person(5002, name="王秀兰")
    her = confirmed_resident(repo, 5002, "c1/1/1/101", 101)
    repo.submit(vol, Kind.ANNOUNCEMENT, "east", {"text": "感谢王秀兰帮忙"})
    repo.submit(pid(repo, 103), Kind.ANNOUNCEMENT, "west", {"text": "西区停水通知"})
    searched, again = Privacy._named_in, []

    def search(self, mask, partitions=None):
        if partitions is not None:
            again.append(sorted(partitions))
        return searched(self, mask, partitions)

    monkeypatch.setattr(Privacy, "_named_in", search)
    repo.forget(her)
    assert again == [[]]  # nothing written between: nothing read twice
