"""The people-by-role cache keeps the store's own person documents (not a second copy
of every person, ``Store.documents``): what callers get from it are copies all the
same, and a write is seen at once."""

from __future__ import annotations

from db.repository import Repository
from tests.conftest import confirmed_resident, pid


def test_a_changed_copy_from_people_changes_nothing_kept(repo: Repository) -> None:
    me = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    mine = [p for p in repo.people(resident_of="east") if p["id"] == me]
    mine[0]["name"] = "改过的名字"
    mine[0]["household"] = "c1/1/1/102"
    again = [p for p in repo.people(resident_of="east") if p["id"] == me]
    assert again[0]["name"] != "改过的名字"
    assert again[0]["household"] == "c1/1/1/101"
    assert repo.store.get("people", "people", me)["household"] == "c1/1/1/101"
    household = repo._directory.residents_of_household("east", "c1/1/1/101")
    assert [p["id"] for p in household] == [me]
    household[0]["household"] = "c1/1/1/201"
    assert repo._directory.household_values("east", "c1/1/1/101", "id") == [me]


def test_the_cache_follows_a_write_of_a_person(repo: Repository) -> None:
    me = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    assert {p["id"]: p.get("language") for p in repo.people(resident_of="east")}[me] != "en"
    repo.set_language(me, "en")
    assert {p["id"]: p.get("language") for p in repo.people(resident_of="east")}[me] == "en"
    volunteers = {p["id"] for p in repo.people(volunteer_of="east")}
    assert volunteers == {pid(repo, 101), pid(repo, 102)}


def test_the_cache_holds_the_stores_documents_not_copies(repo: Repository) -> None:
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    repo.people()  # filled; a person written since is filed again from a copy
    kept = repo.core.people.by_role[("all",)][pid(repo, 103)]  # never written since
    assert any(doc is kept for doc in repo.store.documents("people", "people"))
    assert "doc_id" not in kept
