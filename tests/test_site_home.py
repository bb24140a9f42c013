"""The home page as a resident meets it: its latest changes say what changed, not
only a number ("公告 #379" alone tells nobody what the notice says)."""

from __future__ import annotations

import html
from pathlib import Path

from test_site_helpers import DATE, fill_street, make_project, new_repo, unwrapped

from site_builder import build_site


def test_home_page_latest_changes_say_what_each_change_is_about(tmp_path):
    repo = new_repo(tmp_path / "data")
    fill_street(repo)
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    home = (project / "content" / "index.md").read_text("utf-8")
    latest = home[home.index("## 最新动态"):home.index("[订阅动态")]
    items = [line for line in latest.splitlines() if line.startswith("- ")]
    assert items
    # each: when · the area · what changed (a link to it)：what it is about; a name kept
    # whole on a phone, each dot on the line of the part before it
    area = '&nbsp;· <span class="steward-place">东小区</span>&nbsp;· '
    announcement = next(line for line in items if area + "[公告\u00a0&#35;" in line)
    assert announcement.endswith("：周六大扫除"), announcement
    issue = next(line for line in items if area + "[报事\u00a0&#35;" in line)
    assert issue.endswith("：2单元路灯不亮"), issue
    # '订阅动态（Atom）' alone: what a feed is, and what to do with the link, nobody said
    feed = home[home.index("[订阅动态"):].split("\n\n")[0]
    assert "加进 RSS 阅读器" in feed and "自动收到" in feed, feed


def test_home_page_says_a_rate_marked_by_unit_counts_units_not_households(tmp_path):
    # The rate column said only "…的缴费户数占全部户数的比例", while a fee collected a
    # unit at a time shows "100.0% 卫生费 2025-02（按单元）": the units that paid, not
    # the households, which a reader took for every household having paid.
    from conftest import pid

    from db.entries import Kind

    repo = new_repo(tmp_path / "data")
    fill_street(repo)
    fee = repo.submit(pid(repo, 103), Kind.FEE_INCOME, "west", {
        "amount_fen": 6000, "fee_type": "sanitation", "period": "2025-02", "unit": "c2/1/1",
        "unit_label": "西小区 1号楼 1单元"})
    repo.approve(fee.id, pid(repo, 104))
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    home = (project / "content" / "index.md").read_text("utf-8")
    west = next(row for row in home.splitlines() if 'href="areas/west/"' in row)
    assert "（按单元）" in west
    [explained] = [line for line in home.splitlines() if line.startswith("缴费率")]
    assert "注明“按单元”的是已缴单元数占全部单元数的比例" in explained, explained


def project_of(tmp_path):
    return tmp_path / "project"


def _home_and_east(tmp_path, repo):
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    content = project / "content"
    return (content / "index.md").read_text("utf-8"), \
        (content / "areas" / "east" / "index.md").read_text("utf-8")


def test_home_page_lists_votes_under_way_with_their_turnout_against_two_thirds(tmp_path):
    # A street official asked "which votes are under way, and which are short of the
    # two thirds (art. 278)?": the home page had no word of any open vote, and an
    # area's overview neither; only each area's votes page told, one area at a time.
    from conftest import confirmed_resident, pid

    repo = new_repo(tmp_path / "data")
    joint = repo.create_proposal(pid(repo, 101), "east", title="更换单元门", description="",
                                 budget_fen=0, matter="use_maintenance_fund",
                                 deadline="2099-01-01")
    everyday = repo.create_proposal(pid(repo, 103), "west", title="门卫值班", description="",
                                    budget_fen=0, matter="everyday", deadline="2099-02-01")
    repo.cast_vote(confirmed_resident(repo, 5001, "c1/1/1/102", 101), joint.id, "agree")
    home, east = _home_and_east(tmp_path, repo)
    votes = unwrapped(html.unescape(home[home.index("## 正在表决"):home.index("## 最新动态")]))
    lines = votes.splitlines()
    first = lines.index(next(x for x in lines if f"#{joint.id}" in x))
    assert lines[first].startswith(
        f"- 东小区 · [提议 #{joint.id}：更换单元门](areas/east/votes.md#proposal-{joint.id})"), \
        lines[first]
    assert "2099-01-01</span> 24 时截止" in html.unescape(home)
    # a figure a line: at 320 px with 200 % text a line began "；面积" (walk171)
    assert lines[first + 1].strip() == "- 已参与：1/3 户（33.3%）"
    assert lines[first + 2].strip() == "- 参与面积：80.0/240.0 m²（33.3%）"
    assert lines[first + 3].strip() == \
        "- 三分之二参与要求：**尚未达到**（还差 1 户、80.0 m² 面积）"
    west = next(x for x in lines if f"#{everyday.id}" in x)
    assert west.startswith(f"- 西小区 · [提议 #{everyday.id}：门卫值班]")
    assert "不属于业主共同决定事项，没有三分之二参与要求" in votes
    assert "同意" not in votes  # who took part, never how
    # the area's own overview lists its own votes only, linked on its votes page
    mine = html.unescape(east[east.index("## 正在表决"):east.index("## 打印张贴")])
    assert f"- [提议 #{joint.id}：更换单元门](votes.md#proposal-{joint.id})" in mine
    assert "门卫值班" not in mine and "尚未达到" in mine
    # and its votes page, where the votes stand oldest first, opens with them
    page = html.unescape((project_of(tmp_path) / "content" / "areas" / "east" / "votes.md")
                         .read_text("utf-8"))
    first = page.index("## ")
    assert page[first:].startswith("## 正在表决 { #open "), page[first:first + 40]
    assert f"- [提议 #{joint.id}：更换单元门](votes.md#proposal-{joint.id})" in \
        page[first:page.index(f"{{ #proposal-{joint.id} }}")]


def test_home_page_says_no_vote_is_under_way_when_none_is(tmp_path):
    repo = new_repo(tmp_path / "data")
    fill_street(repo)  # its one vote closed
    home, east = _home_and_east(tmp_path, repo)
    votes = home[home.index("## 正在表决"):home.index("## 最新动态")]
    assert "目前没有正在进行的表决或选举。" in votes and "- " not in votes
    assert "目前没有正在进行的表决或选举。" in east


def test_home_page_says_since_when_each_area_has_a_report_open(tmp_path):
    # "Which compounds have reports open longest?": the table said "1 件" and no more;
    # it now says since when the oldest has waited (the page's script adds the days)
    # and links the area's open reports.
    repo = new_repo(tmp_path / "data")
    made = fill_street(repo)
    since = repo.entry(int(made["light"])).history[-1]["at"][:10]  # accepted that day
    home, _ = _home_and_east(tmp_path, repo)
    east = next(row for row in home.splitlines() if 'href="areas/east/"' in row)
    cell = east[east.index('data-label="未解决报事"'):]
    assert cell.startswith('data-label="未解决报事"><a href="areas/east/#open">1 件</a>'), cell
    assert f'最早 {DATE}{since}</span> 受理<span data-since="{since}" data-prefix="，已等 " ' \
        'data-unit=" 天"></span>' in cell
    west = next(row for row in home.splitlines() if 'href="areas/west/"' in row)
    assert 'data-label="未解决报事">0 件<' in west


def test_home_page_names_each_area_latest_ledger_line_and_its_day(tmp_path):
    # "Which compound's ledger changed this week?": the column said when anything
    # changed (an announcement too); it now names the latest line, linked.
    repo = new_repo(tmp_path / "data")
    fill_street(repo)
    last = repo.ledger("east")[-1]
    home, _ = _home_and_east(tmp_path, repo)
    east = next(row for row in home.splitlines() if 'href="areas/east/"' in row)
    seq = last["seq"]
    assert f'data-label="最近一笔账"><a href="areas/east/accounts/#line-{seq}">第 {seq} 笔</a>' \
        f'<br><span class="steward-sub">{DATE}{last["published_at"][:10]}</span> 公开' in east
    assert "最近一笔账" in home and "最近更新" not in home.split("## 正在表决")[0]


def test_area_overview_says_what_to_print_for_the_notice_board(tmp_path):
    # "What do I print for this compound's board?": the overview named the posters
    # at the foot of its QR codes, and the monthly notice (公示单) not at all.
    repo = new_repo(tmp_path / "data")
    fill_street(repo)
    _, east = _home_and_east(tmp_path, repo)
    section = east[east.index("## 打印张贴"):east.index("## 待答复的居民提问")]
    month = repo.ledger("east")[-1]["published_at"][:7]
    assert f'<a href="../../downloads/east/notice-{month}.pdf">下载打印</a>' in section
    # the only month is still running: said so (a month that is over is offered first)
    assert (f'最新一期公示单（<span class="steward-date">{month[:4]}年{int(month[5:])}月，</span>'
            f"本月未完，截至 {DATE}") in section
    assert '<a href="accounts/#notices">账目页</a>' in section


def test_statistics_compare_the_areas_reports_side_by_side(tmp_path):
    # "How do the compounds compare?": the statistics counted reports by category for
    # the whole street only; each area's count, open ones and days taken were on
    # four separate pages.
    repo = new_repo(tmp_path / "data")
    fill_street(repo)  # 东小区: the septic tank resolved, the lamp open; 西小区: none
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    stats = (project / "content" / "stats.md").read_text("utf-8")
    section = stats[stats.index("## 各小区报事"):stats.index("## 未解决的报事")]
    rows = [r for r in section.splitlines() if r.startswith('<tr><td class="title">')]
    east, west = rows
    # each count with its unit, as the open ones' link ("1 件"): a phone's card read
    # "报事总数：2 · 未解决：1 件 · 已解决或关闭：1"
    assert east.startswith('<tr><td class="title"><a href="../areas/east/issues/">东小区</a></td>'
                           '<td class="n" data-label="报事总数">2 件</td><td class="n" '
                           'data-label="未解决"><a href="../areas/east/#open">1 件</a></td>'
                           '<td class="n" data-label="已解决或关闭">1 件</td>'), east
    assert '"解决用时中位数（天）">—<' not in east  # the septic tank took some time
    assert west.endswith('<td class="n" data-label="报事总数">0 件</td><td class="n" '
                         'data-label="未解决">0 件</td><td class="n" data-label="已解决或关闭">'
                         '0 件</td><td class="n" data-label="解决用时中位数（天）">—</td></tr>'
                         ), west


def test_a_vote_under_way_with_hostile_words_is_listed_as_text_without_a_phone(tmp_path):
    from conftest import pid

    repo = new_repo(tmp_path / "data")
    repo.create_proposal(pid(repo, 101), "east", title="<script>x</script> 联系 13812345678",
                         description="", budget_fen=0, matter="other_major",
                         deadline="2099-01-01")
    home, east = _home_and_east(tmp_path, repo)
    for page in (home, east):
        votes = page[page.index("## 正在表决"):]
        assert "<script>" not in votes and "13812345678" not in votes
        assert "电话已隐藏" in votes and "script" in votes  # shown, as text


def test_on_new_years_day_the_rate_column_shows_last_years_latest_period(tmp_path):
    """Built on 1 January (a trial of the real steward run over New Year's Eve), the
    home page's rate column said "—" for every area, though December was collected:
    the new year has no fee period yet. It shows the latest period of the year before,
    named in the cell; the year's income and spending stay the new year's."""
    from datetime import datetime

    from conftest import SMALL_STREET, StepClock, pid

    from db.config import parse_street
    from db.core import CHINA_TZ
    from db.entries import Kind
    from db.repository import Repository

    clock = StepClock(datetime(2026, 12, 5, 9, 0, tzinfo=CHINA_TZ))
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=clock)
    for household, period in (("c1/1/1/101", "2026-11"), ("c1/1/1/101", "2026-12")):
        fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
            "amount_fen": 1000, "fee_type": "sanitation", "period": period,
            "household": household})
        repo.approve(fee.id, pid(repo, 102))
    clock.now = datetime(2027, 1, 1, 0, 5, tzinfo=CHINA_TZ)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 500, "payee": "五金店", "purpose": "灯泡", "category": "lighting"})
    repo.approve(spent.id, pid(repo, 102))
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    home = (project / "content" / "index.md").read_text("utf-8")
    east = next(row for row in home.splitlines() if 'href="areas/east/"' in row)
    assert 'data-label="2027 年收入">¥0.00<' in east and 'data-label="2027 年支出">¥5.00<' in east
    rate = east[east.index('data-label="缴费率"'):]
    assert rate.startswith('data-label="缴费率">33.3%<br>'), rate
    assert '卫生费 <span class="steward-date">2026-12</span>' in rate, rate


def test_a_street_of_many_areas_lists_its_compounds_first_each_linking_to_its_page(tmp_path):
    """Fifty areas are fifty cards on the home page, 20,000 pixels of scrolling on a
    phone to find one's own compound: from seven areas on, every compound's name comes
    first, each a link to its area's page."""
    from bench.synthetic import street_yaml
    from db.config import parse_street
    from db.repository import Repository

    repo = Repository.init(tmp_path / "data", parse_street(street_yaml(8, 20)))
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    home = (project / "content" / "index.md").read_text("utf-8")
    jump = home[home.index('<nav class="steward-jump"'):home.index("</nav>")]
    assert home.index("steward-jump") < home.index("<table")
    assert [line for line in jump.splitlines() if line.startswith("<li>")] == [
        f'<li><a href="areas/a{n}/">小区{n}</a></li>' for n in range(8)]


def test_a_street_of_a_few_areas_has_no_compound_list_above_its_cards(tmp_path):
    repo = new_repo(tmp_path / "data")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    assert "steward-jump" not in (project / "content" / "index.md").read_text("utf-8")


def test_a_street_with_nothing_public_yet_says_so_and_names_this_years_columns(tmp_path):
    """A street office's first build, before any entry is approved, read 数据截至：。 and
    headed its columns 年收入 with no year."""
    repo = new_repo(tmp_path / "data")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    year = repo.clock().year
    repo.close()
    home = (project / "content" / "index.md").read_text("utf-8")
    stats = (project / "content" / "stats.md").read_text("utf-8")
    assert "数据截至：。" not in home and "数据截至：。" not in stats
    assert "还没有公开的内容：志愿者审核通过第一条后，这里就会更新。" in home
    assert f"{year} 年收入" in home and "> 年收入" not in home


def published(repo, tmp_path: Path) -> Path:
    """The site project of ``repo``, built without MkDocs; the repository closed."""
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    return project


def street_list(project: Path, heading: str, following: str) -> tuple[str, list[str]]:
    """A street-wide list of the statistics (between ``heading`` and ``following``): its
    section and its rows."""
    stats = (project / "content" / "stats.md").read_text("utf-8")
    section = stats[stats.index(heading):stats.index(following)]
    return section, [r for r in section.splitlines() if r.startswith('<tr><td class="title">')]


def open_reports(project: Path) -> tuple[str, list[str], list[str]]:
    """The statistics' street-wide list of open reports: its section, its rows, and the
    words of each row's link (compound and number), in order."""
    section, rows = street_list(project, "## 未解决的报事 { #open }", "## 待答复的提问")
    return section, rows, [r[r.index(">", 30) + 1:r.index("</a>")] for r in rows]


def test_statistics_list_every_areas_open_reports_together_the_longest_waiting_first(tmp_path):
    # A grid worker looking across the street for what is overdue: the statistics
    # counted each area's open reports, the home page named each area's oldest; which
    # reports wait, and for how long, meant opening every compound's page in turn.
    from datetime import timedelta

    from conftest import confirmed_resident, pid
    from test_site_helpers import WEST_101

    from db.entries import Kind

    repo = new_repo(tmp_path / "data")
    made = fill_street(repo)  # 东小区's lamp open
    repo.clock.now += timedelta(days=3)
    westerner = confirmed_resident(repo, 5003, WEST_101, 103)
    drain = repo.submit(westerner, Kind.ISSUE, "west", {"category": "septic",
                                                        "text": "下水道返味"})
    repo.approve(drain.id, pid(repo, 103))
    repo.clock.now += timedelta(days=3)
    wire = repo.submit(pid(repo, 101), Kind.ISSUE, "east", {"category": "safety",
                                                           "text": "电线裸露"})
    repo.approve(wire.id, pid(repo, 102))
    days = {i: repo.entry(i).history[-1]["at"][:10] for i in (int(made["light"]), drain.id,
                                                               wire.id)}
    project = published(repo, tmp_path)
    section, rows, named = open_reports(project)
    assert named == [f"东小区 #{made['light']}", f"西小区 #{drain.id}", f"东小区 #{wire.id}"]
    lamp, drain_row, _ = rows
    assert f'<a href="../areas/east/issues/#issue-{made["light"]}">' in lamp
    assert '<td class="text">2单元路灯不亮</td>' in lamp
    since = days[drain.id]
    assert f'<td data-label="受理日期">{DATE}{since}</span></td>' \
        f'<td class="n" data-label="已等待（天）"><span data-since="{since}">' in drain_row
    assert "已解决" not in section and "化粪池堵了" not in section  # the septic tank: resolved
    assert "这里是等得最久的" not in section  # all of them are listed
    home = (project / "content" / "index.md").read_text("utf-8")
    assert "[统计 · 未解决的报事](stats.md#open)" in home


def test_the_streets_open_reports_list_shows_the_longest_waiting_and_says_how_many_in_all(
        tmp_path, monkeypatch):
    # On a 50-area street of five years a thousand reports are open: one card each on a
    # phone, and a page of 470 KB made again at every approval. The list keeps the
    # longest waiting (what a grid worker looks for first) and says how many there are.
    from datetime import timedelta

    from conftest import pid

    import site_builder.collect as collect
    from db.entries import Kind

    monkeypatch.setattr(collect, "STREET_WAITING_SHOWN", 2)
    repo = new_repo(tmp_path / "data")
    made = fill_street(repo)  # 东小区's lamp open
    later = []
    for text in ("电线裸露", "井盖松动"):
        repo.clock.now += timedelta(days=3)
        entry = repo.submit(pid(repo, 101), Kind.ISSUE, "east", {"category": "safety",
                                                                "text": text})
        later.append(repo.approve(entry.id, pid(repo, 102)).id)
    section, _rows, named = open_reports(published(repo, tmp_path))
    assert named == [f"东小区 #{made['light']}", f"东小区 #{later[0]}"]  # the newest left out
    assert "这里是等得最久的 2 条，全街道共有 3 条未解决；其余的见[各小区](areas/index.md)" \
        "自己的报事页。" in section


def test_statistics_list_every_areas_unanswered_questions_the_longest_waiting_first(tmp_path):
    # A grid worker looking for what is overdue: a question waiting for its answer was
    # on its own compound's overview only.
    from datetime import timedelta

    from conftest import confirmed_resident, pid
    from test_site_helpers import EAST_201, WEST_101

    repo = new_repo(tmp_path / "data")
    made = fill_street(repo)
    westerner = confirmed_resident(repo, 5003, WEST_101, 103)
    easterner = confirmed_resident(repo, 5004, EAST_201, 101)
    paper = repo.ask(westerner, "west", "line", 1, "纸笔买了多少？")
    repo.approve(paper.id, pid(repo, 103))
    repo.clock.now += timedelta(days=2)
    lamp = repo.ask(easterner, "east", "proposal", int(made["proposal"]), "路灯什么时候换完？")
    repo.approve(lamp.id, pid(repo, 101))
    answered = repo.ask(easterner, "east", "line", 1, "这笔钱给了谁？")
    repo.approve(answered.id, pid(repo, 101))
    repo.answer_question(answered.id, pid(repo, 102), "付给了物业。")
    line = repo.ledger("west")[0]
    project = published(repo, tmp_path)
    section, (first, second) = street_list(project, "## 待答复的提问 { #questions }",
                                           "## 各小区收支")
    assert first.startswith(f'<tr><td class="title"><a href="../areas/west/questions/'
                            f'#question-{paper.id}">西小区 提问 #{paper.id}</a></td>'), first
    assert f'<td data-label="关于"><a href="../areas/west/accounts/#line-1">第 1 笔账（{DATE}' \
        f'{line["date"][:10]}</span> 纸笔）</a></td><td class="text">纸笔买了多少？</td>' in first
    assert f'#question-{lamp.id}">东小区 提问 #{lamp.id}</a>' in second
    assert f'<a href="../areas/east/votes/#proposal-{made["proposal"]}">提议 ' \
        f'#{made["proposal"]} 更换路灯</a>' in second
    assert "这笔钱给了谁" not in section  # answered
    home = (project / "content" / "index.md").read_text("utf-8")
    assert "[统计 · 待答复的提问](stats.md#questions)" in home


def test_home_page_shows_the_areas_right_under_their_heading(tmp_path):
    # On a phone the paragraph on how the rate is counted stood between 各小区一览 and
    # the first area, a screen a resident read before she saw her compound.
    repo = new_repo(tmp_path / "data")
    fill_street(repo)
    home, _ = _home_and_east(tmp_path, repo)
    part = home[home.index("## 各小区一览"):]
    first_area = part.index('href="areas/')
    assert "缴费率是" not in part[:first_area]
    assert part.index("缴费率是") < part.index("\n## ")  # still said, under the areas
