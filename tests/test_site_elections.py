"""What the public site says of a committee election: its seats and candidates
by role title; while it is open, participation only and no candidate's count
anywhere; once closed, each candidate's backing, outcome and who is elected,
and that the elected took their role. An election is no project."""

from __future__ import annotations

from conftest import close_when_due, confirmed_resident, pid
from test_site_helpers import make_project, unwrapped
from test_site_votes import generated, new_repo, untagged

from db.entries import Kind
from site_builder import build_site

CANDIDATES = ["候选人甲（退休教师）", "候选人乙（网格员）", "候选人丙（楼长）"]


def _election(repo):
    return repo.open_election(pid(repo, 101), "east", title="第一届物管会选举", seats=2,
                              candidates=CANDIDATES, deadline="2025-01-20")


def _voted_election(repo):
    """The election, with three households' ballots: 甲 backed by all, 乙 by two."""
    voters = [confirmed_resident(repo, 5001 + n, home, 101)
              for n, home in enumerate(("c1/1/1/101", "c1/1/1/102", "c1/1/1/201"))]
    _id = _election(repo).id
    for voter, backs in zip(voters, ([1, 2], [1, 3], [1, 2]), strict=True):
        repo.cast_ballot(voter, _id, backs)
    return _id


def test_an_open_election_shows_its_candidates_and_participation_and_no_count(tmp_path):
    repo = new_repo(tmp_path)
    e = _election(repo)
    repo.cast_ballot(confirmed_resident(repo, 5001, "c1/1/1/102", 101), e.id, [1, 3])
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    files = generated(project)
    page = unwrapped(files["areas/east/votes.md"])
    # (投票中 in a span the pages' script relabels once the deadline day is over: e12a8d4b)
    assert f"选举 #{e.id} · 投票中" in untagged(page) and "席位：2 个" in page
    assert all(f"{n}. {c}" in page for n, c in enumerate(CANDIDATES, 1))
    assert "已参与：1/3 户（33.3%）" in page
    assert "民法典第二百七十八条第三项" in page
    for name, text in files.items():  # no candidate's backing while it runs
        assert 'data-label="业主"' not in text and "当选 " not in text, name
        assert "未获过半数支持" not in text and "<strong>当选" not in text, name
    assert "预算" not in page.split(f"选举 #{e.id}")[1].split("##")[0]


def test_a_closed_election_shows_each_candidates_backing_and_the_elected(tmp_path):
    repo = new_repo(tmp_path)
    _id = _voted_election(repo)
    close_when_due(repo, _id, pid(repo, 101))
    repo.seat_elected(pid(repo, 900), _id, [8001, 8002])
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    files = generated(project)
    page = unwrapped(files["areas/east/votes.md"])
    assert f"选举 #{_id} · 已选出" in page
    assert "当选 2 位：候选人甲（退休教师）（支持 3/3 户，参与面积的 100.0%）、候选人乙" in page
    # the owners counted in the unit of the turnout beside them (参与：3/3 户): each
    # owner holds one flat here. Before: 业主：3/3 人 under 参与：3/3 户
    assert "参与：3/3 户（100.0%）" in page
    assert '<td class="n" data-label="业主">3/3 户（100.0%）</td>' in page
    assert '<td class="n" data-label="业主">2/3 户（66.7%）</td>' in page
    assert "<strong>当选</strong>" in page and "未获过半数支持" in page
    assert "已为 2 位当选人授予“物管会委员”身份" in page
    assert "8001" not in "".join(files.values())
    assert f"项目 #{_id}" not in files["areas/east/projects.md"]
    assert f"选举\u00a0#{_id} 选举结果：已选出" in files["areas/east/index.md"]


def test_the_paper_notice_says_an_election_ended_in_its_month_chose_its_members(tmp_path):
    """The month's notice lists an election that closed in it as an election, with the
    site's word for its result (已选出), never a proposal's (通过)."""
    from site_builder.notice import notice_for

    repo = new_repo(tmp_path)
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {  # the first notice's line
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025",
        "household": "c1/1/1/101"})
    repo.approve(fee.id, pid(repo, 102))
    _id = _voted_election(repo)
    month = str(repo.entry(_id).created)[:7]
    assert notice_for(repo, "east", month)["votes"] == [
        {"id": _id, "what": "选举", "title": "第一届物管会选举", "status": "投票中",
         "note": "截止 2025-01-20", "basis": ""}]
    close_when_due(repo, _id, pid(repo, 101))
    closed = str(repo.entry(_id).history[-1]["at"])
    [vote] = notice_for(repo, "east", closed[:7])["votes"]
    assert (vote["what"], vote["status"], vote["note"]) == ("选举", "已选出",
                                                            f"{closed[:10]} 结束")
    # who was elected and why, as the site says it
    assert vote["basis"] == repo.entry(_id).data["election"]["result"]["explanation_zh"]
