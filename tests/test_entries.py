"""Entry life cycles: every transition is defined in one table and checked."""

from __future__ import annotations

import pytest

from db.entries import TRANSITIONS, Kind, Status, check_stage, check_transition
from db.errors import IllegalTransition


@pytest.mark.parametrize("frm,to", [
    ("pending", "approved"), ("approved", "in_progress"), ("in_progress", "resolved"),
    ("resolved", "reopened"), ("reopened", "in_progress"), ("pending", "rejected"),
    ("approved", "closed"),
])
def test_issue_follows_its_life_cycle(frm, to):
    check_transition(Kind.ISSUE, frm, to)


@pytest.mark.parametrize("frm,to", [
    ("pending", "resolved"), ("resolved", "pending"), ("rejected", "approved"),
    ("closed", "reopened"), ("in_progress", "pending"),
])
def test_issue_refuses_illegal_transitions(frm, to):
    with pytest.raises(IllegalTransition):
        check_transition(Kind.ISSUE, frm, to)


def test_every_kind_with_a_pending_status_can_be_rejected():
    for kind, table in TRANSITIONS.items():
        if Status.PENDING in table:
            check_transition(kind, Status.PENDING, Status.REJECTED)


def test_published_money_entry_can_only_be_reversed():
    check_transition(Kind.EXPENSE, "approved", "reversed")
    with pytest.raises(IllegalTransition):
        check_transition(Kind.EXPENSE, "approved", "rejected")
    with pytest.raises(IllegalTransition):
        check_transition(Kind.FEE_INCOME, "reversed", "approved")


def test_replaced_vote_cannot_count_again():
    check_transition(Kind.VOTE, "counted", "replaced")
    with pytest.raises(IllegalTransition):
        check_transition(Kind.VOTE, "replaced", "counted")


def test_project_stages_only_move_forward():
    check_stage(None, "planned")
    check_stage("planned", "in_progress")
    check_stage("in_progress", "done")
    with pytest.raises(IllegalTransition):
        check_stage("done", "in_progress")
    with pytest.raises(IllegalTransition):
        check_stage("planned", "done")


def test_illegal_transition_names_kind_and_statuses_for_the_adapter():
    with pytest.raises(IllegalTransition) as info:
        check_transition(Kind.OPINION, "approved", "pending")
    assert info.value.code == "illegal_transition"
    assert info.value.params == {"kind": "opinion", "frm": "approved", "to": "pending"}
