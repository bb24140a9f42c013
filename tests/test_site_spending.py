"""Where every yuan went: a ledger line that paid for a report (报事) says so and links
to the report (用于报事 #N), and the report says what was spent on it, net of
reversals, linking to each line (为此支出 ¥…，见账目第 N 笔). The Python partials say
the same as their templates, which a deployment may override."""

from __future__ import annotations

import shutil

from conftest import confirmed_resident, pid
from test_site_helpers import make_project, new_repo

from db.entries import Kind
from site_builder import build_site
from site_builder.render import TEMPLATES, make_env


def _spend(repo, fen: int, purpose: str, issue: int | None) -> None:
    data = {"amount_fen": fen, "payee": "顺通管道维修部", "purpose": purpose,
            "category": "repair"} | ({"issue": issue} if issue else {})
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", data)
    repo.approve(spent.id, pid(repo, 102))


def test_a_line_links_to_the_report_it_paid_for_and_the_report_says_what_was_spent(tmp_path):
    repo = new_repo(tmp_path / "data")
    resident = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "safety", "text": "井盖松了"})
    repo.approve(issue.id, pid(repo, 101))
    n = issue.id
    _spend(repo, 26000, "更换井盖", n)  # line 1
    _spend(repo, 9000, "水泥", n)  # line 2, reversed by line 4
    _spend(repo, 5000, "保洁", None)  # line 3
    rev = repo.reverse("east", 2, pid(repo, 102), "记错了")
    repo.approve(rev.id, pid(repo, 101))
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    content = project / "content" / "areas" / "east"
    accounts = (content / "accounts.md").read_text("utf-8")
    link = f'用于报事 <a href="../issues/#issue-{n}">#{n}</a>'
    rows = {seq: accounts[accounts.index(f'id="line-{seq}"'):] for seq in (1, 2, 3, 4)}
    rows = {seq: row[:row.index("</tr>")] for seq, row in rows.items()}
    assert link in rows[1] and link in rows[2] and link in rows[4], rows
    assert "用于报事" not in rows[3]
    issues = (content / "issues.md").read_text("utf-8")
    details = issues[issues.index(f'id="issue-{n}"'):]
    details = details[:details.index("</article>")]
    assert ('为此支出 ¥260.00，见账目<a href="../accounts/#line-1">第 1 笔</a>、'
            '<a href="../accounts/#line-2">第 2 笔</a>、<a href="../accounts/#line-4">第 4 笔</a>'
            ) in details, details
    assert "顺通管道维修部" not in details  # the report's page names no payee


def test_the_python_partials_say_what_their_templates_say(tmp_path):
    own = tmp_path / "own"
    (own / "templates").mkdir(parents=True)
    for name in ("_issue_details.html.j2", "_ledger.html.j2"):
        shutil.copy(TEMPLATES / name, own / "templates")
    issue = {"id": 7, "category_zh": "安全隐患", "status_zh": "已解决", "text": "井盖松了",
             "corrected": None, "place": "", "proxy": "", "created": "2024-12-05T08:00",
             "open": False, "since": "2024-12-05", "age_days": 3, "close_reason_zh": "",
             "me_too": 0, "photos": [], "steps": [], "meetings": [], "spent_fen": 26000,
             "spending": [{"seq": 10, "page": "accounts-2024"}, {"seq": 12, "page": "accounts"}]}
    line = {"seq": 10, "date": "2024-12-18", "month": "2024-12", "amount_fen": -26000,
            "purpose": "更换井盖", "period": None, "household_ref": "", "payee": "五金店",
            "note": None, "issue": 7, "issue_page": "issues-2024", "reverses": None,
            "reversed_by": None, "questions": [], "receipt": None, "receipt_checked": False,
            "kind": "expense", "kind_zh": "支出", "category_zh": "维修", "recorded_by": "网格员甲",
            "approved_by": "网格员乙", "hash": "ab" * 32}
    area = {"month_totals": {"2024-12": {"income": 0, "expense": 26000}}}
    for page, kw, said in (
            ('{{ html("_issue_details.html.j2", issues=issues) }}', {"issues": [issue]},
             '为此支出 ¥260.00，见账目<a href="../accounts-2024/#line-10">第 10 笔</a>、'
             '<a href="../accounts/#line-12">第 12 笔</a></li>'),
            ('{{ html("_ledger.html.j2", lines=lines) }}', {"lines": [line], "area": area},
             '<br>用于报事 <a href="../issues-2024/#issue-7">#7</a>')):
        twin, template = (make_env(p).from_string(page).render(
            path="areas/east/issues.md", **kw) for p in (None, own))
        assert said in twin, twin
        assert twin == template
