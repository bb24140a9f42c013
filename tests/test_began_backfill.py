"""Households confirmed before their start was kept (``db.moving.BEGAN``, 6d953d64) had
none, so a first buyer still saw the fees a volunteer collected at her flat's door
before she registered (an earlier owner's: 您家已缴：卫生费 2024 ¥120.00). The data folder's
migration to schema 2 (``db.began_backfill``) gives them the start the confirmation
would have kept, found from the people's audit, once, safe to stop."""

from __future__ import annotations

import json

import pytest
from conftest import confirmed_resident, pid

import db.store as store_mod
from db.began_backfill import fill_home_began
from db.entries import Kind
from db.moving import BEGAN
from db.privacy import CONSENT_VERSION
from db.repository import Repository

HOME, SOLD, LEFT, MOVED = "c1/1/1/101", "c1/1/1/102", "c1/1/1/201", "c2/1/1/101"


def _collected(repo, home: str, period: str):  # type: ignore[no-untyped-def]
    """A fee a volunteer collected at the flat's door (/income)."""
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": period, "amount_fen": 12000, "household": home,
        "collected": True})
    return repo.approve(fee.id, pid(repo, 102))


def _played(repo):  # type: ignore[no-untyped-def]
    """Homes begun every way: a first buyer after a door fee, her son beside her, a flat
    that changed hands, one left empty and taken again, someone who moved flats."""
    door = _collected(repo, HOME, "2024")
    buyer = confirmed_resident(repo, 5001, HOME, 101)
    son = confirmed_resident(repo, 5002, HOME, 101, relation="family")
    seller = confirmed_resident(repo, 5003, SOLD, 101)
    reg = repo.register(pid(repo, 5004), SOLD, consent=CONSENT_VERSION)
    repo.approve(reg.id, pid(repo, 101), moved_out=True)
    gone = confirmed_resident(repo, 5005, LEFT, 101)
    repo.move_out(gone)
    later = confirmed_resident(repo, 5006, LEFT, 101)
    mover = confirmed_resident(repo, 5007, MOVED, 103)
    again = repo.register(mover, HOME, consent=CONSENT_VERSION)
    repo.approve(again.id, pid(repo, 101), shared=True)
    first = repo.register(pid(repo, 5008), "c2/1/1/102", consent=CONSENT_VERSION)
    second = repo.register(pid(repo, 5010), "c2/1/1/102", consent=CONSENT_VERSION)
    repo.approve(second.id, pid(repo, 103))  # the later request confirmed first
    repo.approve(first.id, pid(repo, 103), shared=True)
    people = [buyer, son, seller, pid(repo, 5004), gone, later, mover, pid(repo, 5008),
              pid(repo, 5010)]
    return door, people


def _as_the_old_code_left_it(repo):  # type: ignore[no-untyped-def]
    """No resident keeps a start, and the folder says schema 1; closed."""
    with repo.store.transaction() as tx:
        for person in repo.store.all("people", "people"):
            if BEGAN in person:
                stored = tx.get("people", "people", person["doc_id"])
                del stored[BEGAN]
                tx.put("people", "people", person["doc_id"], stored)
    root = repo.store.root
    repo.close()
    meta = json.loads((root / "meta.json").read_text())
    (root / "meta.json").write_text(json.dumps({**meta, "schema": 1}))
    return root


def test_households_confirmed_before_their_start_was_kept_get_it_when_the_folder_opens(
        repo, clock):
    door, people = _played(repo)
    kept = {p: repo.person(p).get(BEGAN) for p in people}
    assert kept[people[0]] is not None and kept[people[1]] == kept[people[0]]
    [first] = repo.entries(author=people[7], kind=Kind.REGISTRATION)  # the earlier request
    assert kept[people[7]] == kept[people[8]] == first.id
    root = _as_the_old_code_left_it(repo)
    reopened = Repository.open(root, clock=clock)
    try:
        assert {p: reopened.person(p).get(BEGAN) for p in people} == kept
        assert door.id not in [f["id"] for f in reopened.home_fees(HOME)["fees"]]
        assert reopened.home_fees(HOME)["earlier"] == 1
        assert json.loads((root / "meta.json").read_text())["schema"] == 2
    finally:
        reopened.close()


def test_a_migration_stopped_midway_is_done_whole_at_the_next_opening(
        repo, clock, monkeypatch):
    _, people = _played(repo)
    kept = {p: repo.person(p).get(BEGAN) for p in people}
    root = _as_the_old_code_left_it(repo)

    def stopped(store):  # type: ignore[no-untyped-def]
        with store.transaction() as tx:  # stopped before its write is made
            first = store.all("people", "people")[0]
            tx.put("people", "people", first["doc_id"], {**first, BEGAN: 1})
            raise KeyboardInterrupt

    monkeypatch.setitem(store_mod.MIGRATIONS, 1, stopped)
    with pytest.raises(KeyboardInterrupt):
        Repository.open(root, clock=clock)
    monkeypatch.setitem(store_mod.MIGRATIONS, 1, fill_home_began)
    real = store_mod.atomic_write_bytes

    def no_schema(path, data):  # type: ignore[no-untyped-def]
        if path.name == "meta.json":
            raise KeyboardInterrupt  # its write made, the new schema not yet recorded
        real(path, data)

    monkeypatch.setattr(store_mod, "atomic_write_bytes", no_schema)
    with pytest.raises(KeyboardInterrupt):
        Repository.open(root, clock=clock)
    monkeypatch.setattr(store_mod, "atomic_write_bytes", real)
    assert json.loads((root / "meta.json").read_text())["schema"] == 1
    reopened = Repository.open(root, clock=clock)
    try:
        assert {p: reopened.person(p).get(BEGAN) for p in people} == kept
        assert fill_home_began(reopened.store) == 0  # done: nothing is written twice
        assert json.loads((root / "meta.json").read_text())["schema"] == 2
    finally:
        reopened.close()
