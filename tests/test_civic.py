"""Meetings' minutes and public questions in the domain (``db.civic``): what each
role may do, what is checked, what becomes public and when."""

from __future__ import annotations

import pytest
from conftest import confirmed_resident, pid

from db.entries import Kind, Status, is_public
from db.errors import DomainError, NotFound, PermissionDenied

ROLES = ("resident", "supervisor", "volunteer", "other_volunteer", "admin")


@pytest.fixture
def east(repo):
    """east with a resident, a supervisor (not living there), a public issue, an open
    proposal and one ledger line; the people by role."""
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    repo.grant(pid(repo, 900), 5002, "east", role="supervisor")
    issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "septic", "text": "化粪池满了"})
    repo.approve(issue.id, pid(repo, 101))
    proposal = repo.create_proposal(pid(repo, 101), "east", title="清掏化粪池", description="",
                                    budget_fen=350000, rule="simple_majority",
                                    deadline="2099-01-01")
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 350000, "payee": "清运公司", "purpose": "化粪池清掏",
        "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    return {"resident": resident, "supervisor": pid(repo, 5002), "volunteer": pid(repo, 101),
            "second": pid(repo, 102), "other_volunteer": pid(repo, 103),
            "admin": pid(repo, 900), "issue": issue.id, "proposal": proposal.id}


def minutes(repo, who, **over):
    fields = dict(meeting_kind="diagnosis", date="2025-01-01", place="社区活动室",
                  roles=["党支部书记", "网格员", "楼栋长"], residents=12,
                  topics="化粪池满溢，楼道积水", decisions="提议清掏化粪池，预算三千五百元")
    fields.update(over)
    return repo.record_meeting(who, "east", **fields)


# -- minutes -----------------------------------------------------------------------------


def test_minutes_wait_for_a_second_volunteer_then_are_public(repo, east):
    m = minutes(repo, east["volunteer"], issues=[east["issue"], east["issue"]],
                proposals=[east["proposal"]])
    assert m.status == Status.PENDING and not is_public(m.kind, m.status)
    assert m.data["issues"] == [east["issue"]] and m.data["proposals"] == [east["proposal"]]
    with pytest.raises(PermissionDenied) as err:
        repo.approve(m.id, east["volunteer"])
    assert err.value.code == "own_minutes"
    assert repo.approve(m.id, east["second"]).status == Status.APPROVED


@pytest.mark.parametrize("role", ROLES)
def test_who_may_record_minutes(repo, east, role):
    if role in ("volunteer", "admin"):
        assert minutes(repo, east[role]).status == Status.PENDING
    else:
        with pytest.raises(PermissionDenied):
            minutes(repo, east[role])
        assert repo.entries(kind=Kind.MEETING) == []


@pytest.mark.parametrize("role", ROLES)
def test_who_may_approve_minutes(repo, east, role):
    m = minutes(repo, east["second"])
    if role in ("volunteer", "admin"):
        assert repo.approve(m.id, east[role]).status == Status.APPROVED
    else:
        with pytest.raises(PermissionDenied):
            repo.approve(m.id, east[role])
        with pytest.raises(PermissionDenied):
            repo.reject(m.id, east[role], "不对")
        assert repo.entry(m.id).status == Status.PENDING


def test_minutes_link_only_public_issues_and_proposals_of_their_area(repo, east):
    pending = repo.submit(east["resident"], Kind.ISSUE, "east", {"category": "other",
                                                                 "text": "未审核"})
    west = confirmed_resident(repo, 5003, "c2/1/1/101", 103)
    west_issue = repo.submit(west, Kind.ISSUE, "west", {"category": "other", "text": "西边"})
    repo.approve(west_issue.id, pid(repo, 103))
    for bad in ({"issues": [pending.id]}, {"issues": [west_issue.id]},
                {"issues": [east["proposal"]]}, {"proposals": [east["issue"]]},
                {"issues": ["x"]}, {"issues": "12"}):
        with pytest.raises(DomainError):
            minutes(repo, east["volunteer"], **bad)
    assert repo.entries(kind=Kind.MEETING) == []


def test_minutes_refuse_bad_fields_and_keep_the_sheet_private(repo, east):
    for bad in ({"meeting_kind": "party"}, {"date": "yesterday"}, {"date": "2099-01-01"},
                {"place": ""}, {"roles": []}, {"roles": "网格员"}, {"residents": -1},
                {"residents": "12"}, {"topics": " "}, {"decisions": "x" * 2001},
                {"sheet": "../../etc/passwd"}, {"sheet": ["a" * 64 + ".jpg", "../x.jpg"]},
                {"sheet": ["a" * 64 + ".jpg"] * 6}, {"sheet": {"a": 1}}):
        with pytest.raises(DomainError):
            minutes(repo, east["volunteer"], **bad)
    with pytest.raises(DomainError) as err:  # not through the generic door either
        repo.submit(east["volunteer"], Kind.MEETING, "east", {"meeting_kind": "council"})
    assert err.value.code == "use_civic"
    assert repo.entries(kind=Kind.MEETING) == []


def test_a_sheet_of_several_pages_keeps_the_first_as_sheet_and_the_others_after_it(repo,
                                                                                  east):
    pages = [c * 64 + ".jpg" for c in "abc"]
    m = minutes(repo, east["volunteer"], sheet=pages)
    assert (m.data["sheet"], m.data["sheet_more"]) == (pages[0], pages[1:])
    one = minutes(repo, east["volunteer"], sheet=pages[0])
    assert one.data["sheet"] == pages[0] and "sheet_more" not in one.data


# -- questions ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_may_ask_about_a_ledger_line(repo, east, role):
    if role in ("resident", "supervisor"):
        q = repo.ask(east[role], "east", "line", 1, "这笔钱给了谁？")
        assert (q.status, q.data["target"], q.data["ref"]) == (Status.PENDING, "line", 1)
        assert q.author_role == ("居民" if role == "resident" else "监督员")
    else:
        with pytest.raises(PermissionDenied):
            repo.ask(east[role], "east", "line", 1, "这笔钱给了谁？")


def test_a_question_names_something_public_of_its_area(repo, east):
    with pytest.raises(NotFound):
        repo.ask(east["resident"], "east", "line", 99, "？")
    for target, ref in (("proposal", east["issue"]), ("meeting", east["proposal"]),
                        ("weather", 1)):
        with pytest.raises(DomainError):
            repo.ask(east["resident"], "east", target, ref, "？")
    with pytest.raises(DomainError) as err:
        repo.ask(east["resident"], "east", "line", 1, "问" * 501)
    assert err.value.code == "too_long"
    with pytest.raises(PermissionDenied):  # a resident of east asks about west
        repo.ask(east["resident"], "west", "line", 1, "？")
    m = minutes(repo, east["volunteer"])
    with pytest.raises(DomainError):  # minutes not published yet
        repo.ask(east["resident"], "east", "meeting", m.id, "？")
    repo.approve(m.id, east["second"])
    assert repo.ask(east["resident"], "east", "meeting", m.id, "会上谁反对？").status == "pending"
    assert repo.ask(east["supervisor"], "east", "proposal", east["proposal"], "预算怎么定的？")


@pytest.mark.parametrize("role", ROLES)
def test_who_may_check_and_answer_a_question(repo, east, role):
    q = repo.ask(east["resident"], "east", "line", 1, "这笔钱给了谁？")
    if role in ("volunteer", "admin"):
        repo.approve(q.id, east[role])
        answered = repo.answer_question(q.id, east[role], "给了清运公司，发票见第1笔。")
        assert answered.status == Status.ANSWERED
        assert answered.data["answer"].startswith("给了清运公司")
        assert answered.history[-1]["role"] in ("物管会主任甲", "管理员丙")
        return
    with pytest.raises(PermissionDenied):
        repo.approve(q.id, east[role])
    repo.approve(q.id, east["volunteer"])
    with pytest.raises(PermissionDenied):
        repo.answer_question(q.id, east[role], "我来答")
    assert repo.entry(q.id).status == Status.APPROVED


def test_an_answer_comes_after_the_check_and_only_once(repo, east):
    q = repo.ask(east["resident"], "east", "line", 1, "这笔钱给了谁？")
    with pytest.raises(DomainError) as err:
        repo.answer_question(q.id, east["volunteer"], "答")
    assert err.value.code == "question_not_public"
    repo.approve(q.id, east["second"])
    assert [e.id for e in repo.questions("east", waiting=True)] == [q.id]
    for bad in ("", "  ", "答" * 2001):
        with pytest.raises(DomainError):
            repo.answer_question(q.id, east["volunteer"], bad)
    repo.answer_question(q.id, east["volunteer"], "给了清运公司")
    with pytest.raises(DomainError) as err:
        repo.answer_question(q.id, east["second"], "再答一次")
    assert err.value.code == "already_answered"
    assert repo.questions("east", waiting=True) == []
    assert [e.id for e in repo.questions("east")] == [q.id]
    with pytest.raises(DomainError):
        repo.answer_question(east["issue"], east["volunteer"], "不是提问")


def test_a_rejected_question_is_never_public(repo, east):
    q = repo.ask(east["resident"], "east", "line", 1, "我的电话13912345678，这笔钱给了谁？")
    repo.reject(q.id, east["volunteer"], "含有电话号码，请去掉后再问")
    assert repo.questions("east") == []
    with pytest.raises(DomainError):
        repo.answer_question(q.id, east["volunteer"], "答")


def test_changes_are_reported_when_minutes_and_answers_become_public(repo, east):
    heard = []
    repo.subscribe(heard.append)
    m = minutes(repo, east["volunteer"])
    q = repo.ask(east["resident"], "east", "line", 1, "？")
    assert heard == []  # pending: nothing public yet
    repo.approve(m.id, east["second"])
    repo.approve(q.id, east["second"])
    repo.answer_question(q.id, east["volunteer"], "答复")
    assert [sorted(c.kinds) for c in heard] == [["meeting"], ["question"], ["question"]]
