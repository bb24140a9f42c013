"""Forgetting a person must not make the ledger look rewritten. A reversal's reason is
its published line's purpose, chained as it was made; forget masked the person's name
in the reversal entry, and `steward verify` then found the line "not what the entry
says" (an IntegrityError, the bot's start-up alarm). The words a published line carries
stay as they are in its entry; everything else naming them is still masked, a reversal
or an expense still waiting included (their lines are made from the masked words)."""

from __future__ import annotations

from conftest import confirmed_resident, pid

from db.entries import Kind
from db.redact import NAME_MASK


def test_forgetting_someone_named_in_a_published_reversal_keeps_the_ledger_verifiable(
        repo, monkeypatch):
    # lines recorded before a stranger's full name was refused in them (db.private_words)
    monkeypatch.setattr("db.ledger_names.private_words", lambda text: None)
    for n in range(2):
        spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
            "amount_fen": 1000 + n, "payee": "五金店", "purpose": "灯泡", "category": "lighting"})
        repo.approve(spent.id, pid(repo, 102))
    # a plumber is named before anyone of that name is known to the street
    published = repo.reverse("east", 1, pid(repo, 101), "李建华说没收到货")
    repo.approve(published.id, pid(repo, 102))
    waiting = repo.reverse("east", 2, pid(repo, 101), "李建华退了货")
    unpaid = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 800, "payee": "李建华", "purpose": "李建华修水管", "category": "repair"})
    repo.ensure_person(5004, name="李建华")  # he registers as a resident later
    person = confirmed_resident(repo, 5004, "c1/1/1/101", 101)
    neighbour = confirmed_resident(repo, 5005, "c1/1/1/102", 101)
    report = repo.submit(neighbour, Kind.ISSUE, "east",
                         {"category": "lighting", "text": "李建华家门口的灯坏了"})
    repo.forget(person)
    assert repo.verify()  # no IntegrityError: every line is what its entry says
    assert repo.entry(published.id).data["reason"] == "李建华说没收到货"
    assert repo.entry(waiting.id).data["reason"] == f"{NAME_MASK}退了货"
    assert repo.entry(report.id).data["text"] == f"{NAME_MASK}家门口的灯坏了"
    repo.approve(waiting.id, pid(repo, 102))
    assert repo.ledger("east")[-1]["purpose"] == f"冲正第 2 笔：{NAME_MASK}退了货"
    # an expense still waiting that named him: masked, so its line will not name him
    assert (repo.entry(unpaid.id).data["payee"], repo.entry(unpaid.id).data["purpose"]) == (
        NAME_MASK, f"{NAME_MASK}修水管")
    repo.approve(unpaid.id, pid(repo, 102))
    assert "李建华" not in str(repo.ledger("east")[-1]) and repo.verify()
