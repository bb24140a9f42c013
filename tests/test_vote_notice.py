"""The paper notice of an open vote (表决公告): `steward notice AREA --vote N` writes an
A4 PDF for the bulletin board with the vote's title and description as the site shows
them (no resident's name, room or phone), what it needs in the area's own numbers, its
deadline and a QR code to its place on the votes page; it refuses a vote that is not
open, unknown or of another area; the site links each open vote's notice."""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import StepClock, confirmed_resident, pid
from heads_support import SITE_URL, STREET
from test_notice import pdftotext, qr_of, reading_order
from test_site_helpers import EAST_102, make_project, notices_handed_to_draw
from typer.testing import CliRunner

import steward_cli
from db.config import parse_street
from db.privacy import CONSENT_VERSION
from db.repository import Repository
from site_builder import build_site

runner = CliRunner()
NAME, PHONE = "欧阳振华", "13812345678"
SAID = f"{NAME}（201室，电话{PHONE}）说单元门坏了半年，建议用维修资金更换两个单元门。"


@pytest.fixture
def street(tmp_path):
    repo = Repository.init(tmp_path / "data", parse_street(STREET), clock=StepClock())
    person = repo.ensure_person(6102)  # a resident the store knows by name
    repo.register(person["id"], "c1/1/1/201", consent=CONSENT_VERSION, name=NAME)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="更换单元门",
                                    description=SAID, budget_fen=120000,
                                    matter="use_maintenance_fund", deadline="2099-01-01")
    repo.cast_vote(confirmed_resident(repo, 5001, EAST_102, 101), proposal.id, "agree")
    yield repo, proposal.id, tmp_path
    repo.close()


def vote_notice(data: Path, area: str, vote: int, out: Path, *more: str):  # type: ignore[no-untyped-def]
    return runner.invoke(steward_cli.app, ["notice", area, "--vote", str(vote), "--out",
                                           str(out), "--data", str(data), *more])


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]


def test_the_vote_notice_holds_what_it_decides_its_deadline_and_thresholds_in_the_areas_numbers(
        street):
    repo, vote, tmp = street
    out = tmp / "vote.pdf"
    made = vote_notice(tmp / "data", "东小区", vote, out)
    assert made.exit_code == 0, made.output
    text, words = pdftotext(out), reading_order(out)
    assert "东小区 表决公告" in text and f"提议 第 {vote} 号：更换单元门" in text
    assert "截止：2099年1月1日 24 时" in text
    assert "动用已经交存的维修资金" in words  # the matter in plain words, the law's beside it
    assert "民法典第二百七十八条第五项：使用建筑物及其附属设施的维修资金" in words
    # east: 3 owners, 240 m²; two thirds are 2 owners and 160 m²; then more than half agree
    assert "本区域共有业主3位（3户），专有部分面积（房产证上的面积）合计240.0m²" in words
    assert "至少2位业主参加表决，而且他们的面积合计至少160.0m²" in words
    assert "过半数（超过一半，正好一半不算）同意" in words
    assert "已参加：1/3户（33.3%）" in words and "还差1户、80.0m²面积" in words
    assert "纸质表决票上签字" in words and "点「投票」" in words
    assert "发布：物管会主任" in words  # the role title, never the volunteer's name
    assert pages(out) == 1
    for private in (NAME, PHONE, "201室", "甲志愿者"):
        assert private not in words, private


def test_the_vote_notice_never_says_half_is_enough_and_says_three_quarters_is(street):
    """以上 includes the number (Civil Code art. 1259): "过半数（一半以上）" told an owner that
    exactly half agreeing passes, which 过半数 does not; 四分之三以上 does include it."""
    repo, vote, tmp = street
    assert vote_notice(tmp / "data", "east", vote, tmp / "half.pdf").exit_code == 0
    words = reading_order(tmp / "half.pdf")
    assert "一半以上" not in words and "正好一半不算" in words
    special = repo.create_proposal(pid(repo, 101), "east", title="筹集维修资金", description="",
                                   budget_fen=0, matter="raise_maintenance_fund",
                                   deadline="2099-01-01")
    assert vote_notice(tmp / "data", "east", special.id, tmp / "q.pdf").exit_code == 0
    assert "四分之三以上（正好四分之三也算）同意" in reading_order(tmp / "q.pdf")


def test_the_vote_notice_counts_the_areas_owners_without_saying_they_took_part(street):
    """本区域参加表决的业主共 60 位, above 已参加：24/60 户, read to an owner as 60 having
    taken part already: the electorate is said as the owners there are."""
    repo, vote, tmp = street
    assert vote_notice(tmp / "data", "east", vote, tmp / "who.pdf").exit_code == 0
    words = reading_order(tmp / "who.pdf")
    assert "参加表决的业主共" not in words and "本区域共有业主3位（3户）" in words


def test_the_vote_notice_says_the_description_as_the_site_publishes_it(street):
    repo, vote, tmp = street
    project = make_project(tmp / "p")
    build_site(repo, project, run_mkdocs=False)
    page = (project / "content/areas/east/votes.md").read_text("utf-8")
    published = html.unescape(next(line for line in page.splitlines() if "单元门坏了半年" in line))
    assert NAME not in published and PHONE not in published
    out = tmp / "vote.pdf"
    assert vote_notice(tmp / "data", "east", vote, out).exit_code == 0
    assert re.sub(r"\s+", "", published) in reading_order(out)


def test_the_vote_notices_qr_code_leads_to_the_vote_on_the_votes_page(street):
    _repo, vote, tmp = street
    out = tmp / "vote.pdf"
    assert vote_notice(tmp / "data", "east", vote, out).exit_code == 0
    assert qr_of(out, tmp) == [f"{SITE_URL}areas/east/votes/#proposal-{vote}"]


def test_a_long_description_goes_on_to_a_second_page_rather_than_being_cut(street):
    repo, _vote, tmp = street
    long = "".join(f"第{i}条：楼道里的灯、门和扶手都要修，费用按各户面积分摊。"
                   for i in range(1, 61))
    p = repo.create_proposal(pid(repo, 101), "east", title="楼道整修", description=long,
                             budget_fen=0, matter="raise_maintenance_fund", deadline="2099-01-01")
    out = tmp / "long.pdf"
    assert vote_notice(tmp / "data", "east", p.id, out).exit_code == 0
    assert pages(out) == 2
    words = reading_order(out)
    assert "第60条：楼道里的灯、门和扶手都要修" in words and words.endswith("第2/2页")
    assert "四分之三以上（正好四分之三也算）同意" in words  # item 6: three quarters


@pytest.mark.parametrize("area, which, said", [
    ("east", "unknown", "没有第 999 号表决"),
    ("west", "ours", "属于 east，不是西小区（west）的"),
    ("nowhere", "ours", "没有 nowhere 这个管理区域"),
    ("east", "withdrawn", "不在进行中（现在：已撤回）"),
])
def test_the_vote_notice_is_refused_for_a_vote_not_open_unknown_or_of_another_area(
        street, area, which, said):
    repo, vote, tmp = street
    if which == "withdrawn":
        repo.withdraw_proposal(vote, pid(repo, 101), "改为明年再议")
    number = 999 if which == "unknown" else vote
    out = tmp / "refused.pdf"
    made = vote_notice(tmp / "data", area, number, out)
    assert made.exit_code != 0 and said in made.output, made.output
    assert " / " in made.output  # Chinese, then English
    assert not out.exists()


def test_the_notice_asks_for_a_month_or_a_vote_not_both_nor_neither(street):
    _repo, vote, tmp = street
    both = vote_notice(tmp / "data", "east", vote, tmp / "x.pdf", "--month", "2025-01")
    neither = runner.invoke(steward_cli.app, ["notice", "east", "--data", str(tmp / "data")])
    for made in (both, neither):
        assert made.exit_code == 2 and "--month" in made.output and "--vote" in made.output


def test_the_votes_page_links_an_open_votes_notice_and_the_built_site_holds_it(street):
    repo, vote, tmp = street
    closed = repo.create_proposal(pid(repo, 101), "east", title="换路灯", description="",
                                  budget_fen=0, matter="everyday", deadline="2099-01-01")
    repo.withdraw_proposal(closed.id, pid(repo, 101), "重复了")
    project = make_project(tmp / "p")
    report = build_site(repo, project)
    page = (project / "content/areas/east/votes.md").read_text("utf-8")
    assert f"vote-{vote}.pdf" in page and f"vote-{closed.id}.pdf" not in page
    built = Path(report.site_dir) / f"downloads/east/vote-{vote}.pdf"
    assert built.read_bytes().startswith(b"%PDF")
    assert not (Path(report.site_dir) / f"downloads/east/vote-{closed.id}.pdf").exists()
    built_page = (Path(report.site_dir) / "areas/east/votes/index.html").read_text("utf-8")
    assert ('可打印的表决公告（A4 PDF，供张贴在小区宣传栏）：'
            f'<a href="../../../downloads/east/vote-{vote}.pdf">下载打印</a>') in built_page
    # the search index has no raw HTML: its entry read 可打印的表决公告：，供张贴在小区宣传栏
    index = json.loads((Path(report.site_dir) / "search/search_index.json").read_text("utf-8"))
    [entry] = [d["text"].replace("\u200b", "") for d in index["docs"]
               if d["location"] == f"areas/east/votes/#proposal-{vote}"]
    assert "可打印的表决公告（A4 PDF，供张贴在小区宣传栏）：" in entry, entry
    assert "：，" not in entry, entry
    # the overview's 打印张贴 lists it beside the monthly notice and the posters
    overview = (Path(report.site_dir) / "areas/east/index.html").read_text("utf-8")
    printing = overview[overview.index('id="print"'):]
    assert f"表决公告：提议 #{vote}「更换单元门」" in printing
    assert f'href="../../downloads/east/vote-{vote}.pdf"' in printing
    assert f"#{closed.id}「换路灯」" not in printing


def test_an_open_elections_notice_lists_its_candidates_and_how_to_tick_them(street):
    repo, _vote, tmp = street
    e = repo.open_election(pid(repo, 101), "east", title="第一届物管会选举", seats=2,
                           candidates=["候选人甲（退休教师）", "候选人乙（楼长）"],
                           deadline="2099-01-20")
    out = tmp / "election.pdf"
    assert vote_notice(tmp / "data", "east", e.id, out).exit_code == 0
    words = reading_order(out)
    assert f"选举第{e.id}号：第一届物管会选举" in words
    assert "1.候选人甲（退休教师）" in words and "2.候选人乙（楼长）" in words
    assert "在候选人里勾选，最多选2位" in words and "纸质选票上勾选候选人（最多2位）并签字" in words
    assert "选「同意」" not in words and pages(out) == 1
    assert "要当选：候选人要得到参加投票的业主按人数过半数、按面积也过半数的支持" in words
    assert "没有补充说明" not in words and "过半数（超过一半" not in words
    assert not re.search(r"^²", pdftotext(out), re.M)  # "240.0 m" above "²": kept together


def test_a_whole_build_draws_the_vote_notice_with_the_monthly_ones_and_keeps_it_after(
        street, monkeypatch):
    """Drawn as a page was rendered, it loaded the font (some 48 MB, kept for good) into
    the build's own process, whose peak is MkDocs: a whole build leaves every notice to
    its child process. A later build keeps the PDF drawn from the same content."""
    import site_builder.vote_notice_pdf as drawing

    repo, vote, tmp = street

    def not_here(n):  # type: ignore[no-untyped-def]
        raise AssertionError("drawn in the build's own process")

    monkeypatch.setattr(drawing, "render_vote_pdf", not_here)
    handed = notices_handed_to_draw(monkeypatch)
    project = make_project(tmp / "p")
    build_site(repo, project, run_mkdocs=False)
    assert [n["id"] for n in handed if n.get("vote_notice")] == [vote]
    pdf = project / f"content/downloads/east/vote-{vote}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    handed.clear()
    build_site(repo, project, run_mkdocs=False)
    assert handed == [] and pdf.is_file()  # the same content: kept, not drawn again


def test_a_long_title_is_printed_whole(street):
    repo, _vote, tmp = street
    title = "关于" + "、".join(f"{n}号楼" for n in range(1, 20)) + "楼道照明和门禁改造的提议"
    assert len(title) <= 100  # the longest /propose takes
    p = repo.create_proposal(pid(repo, 101), "east", title=title, description="照明和门禁。",
                             budget_fen=0, matter="use_maintenance_fund", deadline="2099-01-01")
    out = tmp / "title.pdf"
    assert vote_notice(tmp / "data", "east", p.id, out).exit_code == 0
    assert f"提议第{p.id}号：{title}" in reading_order(out) and pages(out) == 1


def test_the_commands_notice_is_the_sites_and_names_the_ledgers_head(street):
    """The head of the area's ledger as the monthly notice prints it, to compare the two
    papers on the board; `steward notice --vote` gives the very PDF the site links."""
    from heads_support import money

    from db.heads import record_heads

    repo, vote, tmp = street
    money(repo, "east", 2000)
    record_heads(repo)
    project = make_project(tmp / "p")
    build_site(repo, project, run_mkdocs=False)
    out = tmp / "vote.pdf"
    assert vote_notice(tmp / "data", "east", vote, out).exit_code == 0
    head = repo.ledger("east")[-1]["hash"][:16]
    assert f"共1笔，链头前16位{head}（街道办已签名），可与公示单上的链头对照" in reading_order(out)
    assert out.read_bytes() == (project / f"content/downloads/east/vote-{vote}.pdf").read_bytes()


def test_an_elections_notice_counts_its_paper_ballots_as_ballots(street):
    """Its 目前参加情况 read 其中纸质签字 1 户 of an election's paper ballots, where the
    votes page says 其中纸质选票 1 户."""
    repo, _vote, tmp = street
    e = repo.open_election(pid(repo, 101), "east", title="第一届物管会选举", seats=1,
                           candidates=["候选人甲（退休教师）", "候选人乙（楼长）"],
                           deadline="2099-01-20")
    repo.cast_ballot(pid(repo, 101), e.id, [1], household="c1/1/1/101", paper=True)
    out = tmp / "election.pdf"
    assert vote_notice(tmp / "data", "east", e.id, out).exit_code == 0
    words = reading_order(out)
    assert "其中纸质选票1户" in words and "纸质签字" not in words


def test_an_everyday_matters_notice_does_not_tell_tenants_they_do_not_vote(street):
    """An everyday matter is open to every confirmed resident (``db.votes``): its notice
    said 租户不投票，请转告房东 and 由业主本人或家人代业主投, as a joint matter's does."""
    repo, vote, tmp = street
    everyday = repo.create_proposal(pid(repo, 101), "east", title="楼道灯", description="",
                                    budget_fen=0, matter="everyday", deadline="2099-01-01")
    assert vote_notice(tmp / "data", "east", everyday.id, tmp / "e.pdf").exit_code == 0
    words = reading_order(tmp / "e.pdf")
    assert "租户不投票" not in words and "代业主投" not in words, words
    assert "租户也可以投" in words, words
    assert vote_notice(tmp / "data", "east", vote, tmp / "j.pdf").exit_code == 0
    joint = reading_order(tmp / "j.pdf")
    assert "租户不投票" in joint and "由业主本人或家人代业主投" in joint
