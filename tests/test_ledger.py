"""Ledger hash chains and sums, on plain lines (no store)."""

from __future__ import annotations

import pytest

from db.errors import IntegrityError
from db.ledger import (
    GENESIS,
    balance,
    chain_line,
    figures,
    line_hash,
    street_figures,
    totals_by_category,
    totals_by_month,
    verify_chain,
)


def make_chain(amounts):
    lines, prev = [], GENESIS
    for i, (date, amount, cat) in enumerate(amounts, start=1):
        line = chain_line({"area": "a", "entry": i, "kind": "income" if amount > 0 else "expense",
                           "date": date, "amount_fen": amount, "category": cat},
                          seq=i, prev=prev)
        lines.append(line)
        prev = line["hash"]
    return lines


@pytest.fixture
def chain():
    return make_chain([("2025-01-05", 12000, "property"), ("2025-01-20", -3500, "cleaning"),
                       ("2025-02-03", 12000, "property"), ("2025-02-10", -500, "lighting")])


def test_a_valid_chain_verifies_and_returns_its_head(chain):
    assert verify_chain("a", chain) == chain[-1]["hash"]


def test_first_line_links_to_genesis(chain):
    assert chain[0]["prev"] == GENESIS


def test_hash_is_sha256_of_canonical_json_including_prev(chain):
    import hashlib
    import json

    body = {k: v for k, v in chain[1].items() if k != "hash"}
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert chain[1]["hash"] == hashlib.sha256(text.encode()).hexdigest() == line_hash(chain[1])


def test_altered_amount_is_caught_at_that_line(chain):
    chain[2]["amount_fen"] = 1
    with pytest.raises(IntegrityError, match="ledger line 3"):
        verify_chain("a", chain)


def test_rehashed_altered_line_is_caught_by_the_next_lines_prev(chain):
    chain[1]["amount_fen"] = -1
    chain[1]["hash"] = line_hash(chain[1])
    with pytest.raises(IntegrityError, match="ledger line 3.*prev"):
        verify_chain("a", chain)


def test_deleted_line_is_caught(chain):
    del chain[1]
    with pytest.raises(IntegrityError, match="missing or out of order"):
        verify_chain("a", chain)


def test_float_amounts_are_refused():
    with pytest.raises(TypeError):
        chain_line({"amount_fen": 1.5}, seq=1, prev=GENESIS)


def test_balance_and_totals(chain):
    assert balance(chain) == 12000 - 3500 + 12000 - 500
    assert totals_by_month(chain) == {"2025-01": {"income": 12000, "expense": 3500},
                                      "2025-02": {"income": 12000, "expense": 500}}
    assert totals_by_category(chain) == {"cleaning": -3500, "lighting": -500,
                                         "property": 24000}


def test_the_streets_figures_are_its_areas_figures_summed_in_fen(chain):
    other = make_chain([("2025-03-01", 45000, "parking"), ("2025-03-02", -120050, "repair")])
    street = street_figures([figures(chain), figures(other), figures([])])
    assert street == {"areas": 3, "opening_fen": 0, "income_fen": 24000 + 45000,
                      "expense_fen": 4000 + 120050,
                      "balance_fen": balance(chain) + balance(other)}
    assert all(type(v) is int for v in street.values())


def test_the_streets_figures_refuse_an_area_whose_balance_does_not_add_up(chain):
    wrong = {**figures(chain), "balance_fen": balance(chain) + 1}
    with pytest.raises(IntegrityError):
        street_figures([figures(chain), wrong])
