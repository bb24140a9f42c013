"""The paper notice (公示单): `steward notice AREA --month YYYY-MM` writes an A4 PDF
whose text (pdftotext) holds the area, the month, the balances and the signed
head, whose font is embedded, which renders (pdftoppm) and whose QR code decodes
to the area's page; the site links each month's notice from the accounts page."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from heads_support import SITE_URL, money, street_with_history
from PIL import Image
from test_site_helpers import notices_handed_to_draw
from typer.testing import CliRunner

import steward_cli
from db import ledger as ledger_rules
from db.heads import HeadLog, record_heads
from db.money import format_fen
from db.repository import Repository
from site_builder import build_site
from site_builder.notice import notice_for, notice_url, render_pdf

runner = CliRunner()


@pytest.fixture
def history(tmp_path):
    repo, clock = street_with_history(tmp_path / "data")
    yield repo, clock, tmp_path / "data"
    repo.close()


def pdftotext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def reading_order(pdf: Path) -> str:
    """The PDF's words as read, a cell's lines one after another, spaces dropped."""
    return re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                             text=True, check=True).stdout)


def notice(data: Path, area: str, month: str, out: Path):  # type: ignore[no-untyped-def]
    return runner.invoke(steward_cli.app, ["notice", area, "--month", month, "--out", str(out),
                                           "--data", str(data)])


def test_the_notice_pdf_holds_the_area_month_balances_and_signed_head(history, tmp_path):
    repo, _clock, data = history
    lines = repo.ledger("east")
    out = tmp_path / "east-2025-02.pdf"
    made = notice(data, "east", "2025-02", out)
    assert made.exit_code == 0, made.output
    assert out.read_bytes().startswith(b"%PDF")
    text = pdftotext(out)
    for words in ("东小区 2025年2月 财务公示", "东小区物管会", "第 4–5 笔", "监督人（签字）",
                  "记账志愿者（签字）"):
        assert words in text, words
    opening = sum(x["amount_fen"] for x in lines[:3])  # January's lines
    closing = opening + sum(x["amount_fen"] for x in lines[3:5])
    assert format_fen(opening) in text and format_fen(closing) in text
    assert "+¥20.00" in text and "-¥80.00" in text  # February: a fee and an expense
    # The head at the month's end, exactly as signed at the month's end.
    assert lines[4]["hash"] in text
    head = next(r for r in HeadLog(data).read() if r.get("seq") == 5 and r["area"] == "east")
    assert "签名核验：通过" in text and head["key"] in text and f"#{head['n']}" in text
    assert HeadLog(data).read()[0]["public_key"] in text


def test_the_notice_asks_the_head_to_be_matched_as_the_site_shows_it(history, tmp_path):
    """The paper said the site's hash of its last line must match the printed head
    完全一致, 64 characters, while every page of the site shows 16 (found checking a
    notice against the site): a resident holding them side by side could not. It names
    the 16 to compare, and the site's columns say they are the first 16."""
    repo, _clock, data = history
    lines = repo.ledger("east")
    out = tmp_path / "east-2025-02.pdf"
    assert notice(data, "east", "2025-02", out).exit_code == 0
    text = reading_order(out)
    assert "完全一致" not in text
    assert f"哈希（网站显示前16位）都必须与上面链头的前16位（{lines[4]['hash'][:16]}）一致" in text
    project = tmp_path / "project"
    build_site(repo, project, run_mkdocs=False)
    page = (project / "content/areas/east/accounts.md").read_text("utf-8")
    assert '<th scope="col">哈希（前 16 位）</th>' in page and "前 16 位" in page
    assert f"<code>{lines[4]['hash'][:16]}</code>" in page


def test_the_notice_embeds_its_fonts_and_is_a4(history, tmp_path):
    _repo, _clock, data = history
    out = tmp_path / "n.pdf"
    assert notice(data, "east", "2025-01", out).exit_code == 0
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(re.search(r"\byes\s+yes\s+yes\b", f) for f in fonts), fonts
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True,
                          check=True).stdout
    assert "(A4)" in info


def qr_of(pdf: Path, folder: Path, *, check: bool = False) -> list[str]:
    """What the QR codes of ``pdf`` say (rendered at 150 dpi): the month's figures (on
    its first page, beside the title), or with ``check`` the head's check on the site
    (beside the head, on whichever page that is)."""
    for old in folder.glob("page*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "150", "-png", *(() if check else ("-f", "1", "-l", "1")),
                    str(pdf), str(folder / "page")], check=True)
    found = []
    for png in sorted(folder.glob("page*.png")):
        image = Image.open(png)
        assert image.size[0] > 1000 and image.size[1] > 1500  # A4 at 150 dpi: 1240 x 1754
        found += [c.text for c in zxingcpp.read_barcodes(image)]
    return [u for u in found if ("/integrity/?" in u) == check]


def test_the_notice_renders_and_its_qr_code_leads_to_its_months_figures(history, tmp_path):
    """The QR code led to the area's overview, which shows today's balance: a March
    notice scanned in May showed May's. It leads to March's row of the notices table on
    the accounts page (a page every year keeps), which holds the figures March's paper
    prints."""
    repo, clock, data = history
    out = tmp_path / "n.pdf"
    assert notice(data, "west", "2025-03", out).exit_code == 0
    assert qr_of(out, tmp_path) == [f"{SITE_URL}areas/west/accounts/#notice-2025-03"] == [
        notice_url(SITE_URL, "west", "2025-03")]
    assert "扫码核对网上的本月账目" in pdftotext(out)
    head = notice_for(repo, "west", "2025-03")["head"]
    assert qr_of(out, tmp_path, check=True) == [  # beside the head: the head checked
        f"{SITE_URL}integrity/?area=west&seq={head['seq']}&head={head['hash'][:16]}"
        "#steward-verify"]
    assert "用手机核对：扫左边的码" in pdftotext(out)
    clock.at(5, 2)  # later: the site is built again, the row of March is still there
    project = tmp_path / "project"
    build_site(repo, project, run_mkdocs=False)
    page = (project / "content/areas/west/accounts.md").read_text("utf-8")
    row = page.split('<tr id="notice-2025-03">', 1)[1].split("</tr>", 1)[0]
    march = notice_for(repo, "west", "2025-03")
    for fen in ("opening_fen", "income_fen", "expense_fen", "closing_fen"):
        assert f'">{format_fen(march[fen])}</td>' in row, fen
        assert format_fen(march[fen]) in pdftotext(out), fen
    assert march["head"]["hash"][:16] in row and march["head"]["hash"] in pdftotext(out)
    assert f"第\u00a0{march['head']['seq']}\u00a0笔 <code>" in row
    assert '>2025年3月</a>' in row and "本月未完" not in row


def test_the_notice_of_the_command_is_the_one_on_the_site(history, tmp_path):
    repo, clock, data = history
    clock.at(4, 1)  # March is over, for the site as for the command (run on today's clock)
    project = tmp_path / "project"
    build_site(repo, project, run_mkdocs=False)
    out = tmp_path / "n.pdf"
    assert notice(data, "east", "2025-03", out).exit_code == 0
    assert out.read_bytes() == (project / "content/downloads/east/notice-2025-03.pdf").read_bytes()


def test_the_accounts_page_links_every_months_notice(history, tmp_path):
    repo, _clock, _data = history
    project = tmp_path / "project"
    report = build_site(repo, project, run_mkdocs=False)
    page = (project / "content/areas/east/accounts.md").read_text("utf-8")
    for month in ("01", "02", "03"):
        link = f'<a href="../../../downloads/east/notice-2025-{month}.pdf">2025年{int(month)}月</a>'
        assert link in page
        assert (project / f"content/downloads/east/notice-2025-{month}.pdf").is_file()
    assert "downloads/east/notice-2025-03.pdf" in report.written
    # Built again from the same store: every notice is kept, none drawn or written again.
    again = build_site(repo, project, run_mkdocs=False)
    assert not [p for p in again.written if p.endswith(".pdf")]


def test_a_reversal_names_the_line_it_reverses(history, tmp_path):
    repo, clock, _data = history
    clock.at(4, 2)
    expense = money(repo, "east", 2500, expense=True, purpose="买灯泡")
    from conftest import pid

    reversal = repo.reverse("east", repo.entry(expense).data["ledger_seq"], pid(repo, 101),
                            "金额录错")
    repo.approve(reversal.id, pid(repo, 102))
    content = notice_for(repo, "east", "2025-04")
    assert [(x["seq"], x["kind"], x["reverses"]) for x in content["lines"]] == [
        (9, "支出", None), (10, "冲正", 9)]
    # the reversal takes back the expense, as on the site: no spending, no income
    assert content["expense_fen"] == 0 and content["income_fen"] == 0
    assert content["opening_fen"] == content["closing_fen"]
    out = tmp_path / "n.pdf"
    out.write_bytes(render_pdf(content))
    text = pdftotext(out)
    assert "冲正第 9 笔" in text and text.count("冲正第 9 笔") == 1  # said once, not twice


def test_the_months_income_and_spending_are_the_sites_net_of_reversals(history, tmp_path):
    repo, clock, _data = history
    clock.at(4, 2)
    money(repo, "east", 12000)
    spent = money(repo, "east", 1800, expense=True, purpose="换灯")
    from conftest import pid

    reversal = repo.reverse("east", repo.entry(spent).data["ledger_seq"], pid(repo, 101),
                            "金额记错了")
    repo.approve(reversal.id, pid(repo, 102))
    money(repo, "east", 1080, expense=True, purpose="换灯")
    content = notice_for(repo, "east", "2025-04")
    site = ledger_rules.totals_by_month(repo.ledger("east"))["2025-04"]
    assert (content["income_fen"], content["expense_fen"]) == (12000, 1080)
    assert (site["income"], site["expense"]) == (12000, 1080)
    assert content["closing_fen"] - content["opening_fen"] == 12000 - 1080
    out = tmp_path / "n.pdf"
    out.write_bytes(render_pdf(content))
    text = pdftotext(out)
    assert "¥120.00" in text and "¥10.80" in text and "¥138.00" not in text, text
    assert "已扣除冲正" in text


def test_the_notice_tells_the_month_as_it_was_at_its_end(history):
    repo, clock, _data = history
    from conftest import confirmed_resident, pid

    from db.entries import Kind

    clock.at(4, 10)
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": "路灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    money(repo, "east", 300)
    clock.at(6, 2)
    repo.issue_step(issue.id, pid(repo, 101), "resolved", "修好了")
    money(repo, "east", 400)
    april = notice_for(repo, "east", "2025-04")
    june = notice_for(repo, "east", "2025-06")
    assert [(i["id"], i["status"], i["since"]) for i in april["issues"]] == [
        (issue.id, "已受理", "2025-04-10")]
    assert june["issues"] == []
    # Fees of the year: the households that had paid, and how much, by each month's end.
    february = notice_for(repo, "east", "2025-02")
    assert february["fees"] == [{"fee": "卫生费", "period": "2025", "paid": 1, "units": 0,
                                 "whole": 0, "due": 3, "units_due": 1, "fen": 12000 + 4500 + 2000,
                                 "month_fen": 2000, "when": ""}]  # booked in February
    assert june["fees"][0]["fen"] == 12000 + 4500 + 2000 + 1000 + 700 + 300 + 400


def test_a_month_signed_only_later_is_covered_by_the_later_head(history, tmp_path):
    repo, clock, data = history
    clock.at(4, 3)
    money(repo, "east", 100)
    clock.at(5, 2)
    money(repo, "east", 200)
    record_heads(repo)  # one publish in May covers April's line too
    april = notice_for(repo, "east", "2025-04")
    sig = april["head"]["signature"]
    assert (april["head"]["seq"], sig["state"], sig["seq"]) == (9, "covered", 10)
    out = tmp_path / "n.pdf"
    out.write_bytes(render_pdf(april))
    assert "签署的第 10 笔链头" in pdftotext(out)


def test_a_long_month_runs_over_pages_with_the_table_header_again(history, tmp_path):
    repo, clock, _data = history
    clock.at(6, 1)
    for n in range(70):
        money(repo, "east", 100 + n, purpose=f"六月第{n + 1}笔")
    out = tmp_path / "n.pdf"
    out.write_bytes(render_pdf(notice_for(repo, "east", "2025-06")))
    pages = pdftotext(out).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2
    assert re.search(rf"第\s*2\s*/\s*{len(pages)}\s*页", pages[1])
    assert "序号" in pages[0] and "序号" in pages[1]
    assert "六月第70笔" in "".join(pages) and "监督人（签字）" in pages[-1]


def test_a_bad_month_or_area_is_refused_plainly(history, tmp_path):
    _repo, _clock, data = history
    bad = notice(data, "east", "2025-13", tmp_path / "x.pdf")
    assert bad.exit_code == 2 and "YYYY-MM" in bad.output
    nowhere = notice(data, "north", "2025-01", tmp_path / "x.pdf")
    assert nowhere.exit_code == 2 and "no management area 'north'" in nowhere.output
    assert "east" in nowhere.output
    later = notice(data, "east", "2999-01", tmp_path / "x.pdf")
    assert later.exit_code == 2 and "has not begun" in later.output
    assert not (tmp_path / "x.pdf").exists()


def test_the_notice_is_made_beside_a_running_bot(history, tmp_path):
    repo, _clock, data = history  # ``repo`` holds the writer lock, as the bot does
    out = tmp_path / "n.pdf"
    made = notice(data, "east", "2025-01", out)
    assert made.exit_code == 0, made.output
    assert "(exact)" in made.output and out.is_file()
    assert isinstance(repo, Repository)


def test_a_whole_build_with_many_notices_draws_them_beside_mkdocs(history, tmp_path,
                                                                 monkeypatch):
    """A street with years of history has thousands of notices: a whole build draws
    them in a child process while MkDocs builds; the site ends up the same."""
    import shutil

    from site_builder import notice as notice_module

    repo, _clock, _data = history
    root = Path(__file__).resolve().parent.parent
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(root / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("hooks", "overrides", "content"):
        shutil.copytree(root / folder, project / folder)
    monkeypatch.setattr(notice_module, "INLINE_MAX", 2)
    draw = notice_module.render_pdf

    def not_here(n):  # the child process has its own, unpatched module
        raise AssertionError("drawn in the building process")

    monkeypatch.setattr(notice_module, "render_pdf", not_here)
    report = build_site(repo, project)
    months = ("2025-01", "2025-02", "2025-03")
    for area in ("east", "west"):
        for month in months:
            rel = f"downloads/{area}/notice-{month}.pdf"
            assert rel in report.written
            built = (project / "site" / rel).read_bytes()
            assert built == (project / "content" / rel).read_bytes()
            assert built == draw(notice_for(repo, area, month))
    html = (project / "site/areas/east/accounts/index.html").read_text("utf-8")
    assert 'href="../../../downloads/east/notice-2025-02.pdf"' in html


def test_without_a_chinese_font_the_site_has_no_notices_and_the_command_says_why(
        history, tmp_path, monkeypatch):
    repo, _clock, data = history
    monkeypatch.setenv("STEWARD_NOTICE_FONT", str(tmp_path / "no-such-font.ttf"))
    refused = notice(data, "east", "2025-01", tmp_path / "n.pdf")
    assert refused.exit_code == 2 and "fonts-wqy-microhei" in refused.output
    # the variable set to no file is named, not asked for ("or set STEWARD_NOTICE_FONT")
    assert f"{tmp_path / 'no-such-font.ttf'} 不是一个文件" in refused.output
    assert f"{tmp_path / 'no-such-font.ttf'} is not a file" in refused.output
    assert not (tmp_path / "n.pdf").exists()
    monkeypatch.setattr("site_builder.notice_pdf.FONT_CANDIDATES", [])
    monkeypatch.delenv("STEWARD_NOTICE_FONT")
    unset = notice(data, "east", "2025-01", tmp_path / "n.pdf")
    assert unset.exit_code == 2 and "公示单没有可用的中文 TrueType 字体" in unset.output
    assert "no Chinese TrueType font" in unset.output
    monkeypatch.setenv("STEWARD_NOTICE_FONT", str(tmp_path / "no-such-font.ttf"))
    project = tmp_path / "project"
    build_site(repo, project, run_mkdocs=False)
    assert not list((project / "content").rglob("*.pdf"))
    page = (project / "content/areas/east/accounts.md").read_text("utf-8")
    assert "暂无公示单" in page and "notice-2025" not in page


def test_a_new_site_project_takes_closed_months_notices_kept_beside_the_data(
        history, tmp_path, monkeypatch):
    """The notices of months that are over are kept in the data folder's .notices/ by
    the build that drew them: a site built afresh from the same data (a new server,
    a project rebuilt from nothing) links them instead of drawing them again."""
    repo, _clock, data = history
    first = tmp_path / "first"
    build_site(repo, first, run_mkdocs=False)
    archive = data / ".notices"
    assert sorted(p.name.split(".")[0] for p in (archive / "east").glob("*.pdf")) == \
        ["2025-01", "2025-02"]  # not 2025-03, the month still open
    drawn = notices_handed_to_draw(monkeypatch)
    second = tmp_path / "second"
    report = build_site(repo, second, run_mkdocs=False)
    assert sorted(f"{n['area']} {n['month']}" for n in drawn) == [
        "east 2025-03", "west 2025-03"]  # only the open month
    for area in ("east", "west"):
        for month in ("2025-01", "2025-02", "2025-03"):
            rel = f"downloads/{area}/notice-{month}.pdf"
            assert (second / "content" / rel).read_bytes() == \
                (first / "content" / rel).read_bytes()
            assert rel in report.written



def test_a_fee_of_the_whole_area_is_counted_in_payments_not_as_no_household_paid(
        history, tmp_path):
    repo, clock, _data = history
    from conftest import pid

    from db.entries import Kind

    clock.at(4, 2)
    for _ in range(3):  # outside cars' parking, paid for the whole area: no household
        entry = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east",
                            {"amount_fen": 45000, "fee_type": "parking", "period": "2025-04"})
        repo.approve(entry.id, pid(repo, 102))
    content = notice_for(repo, "east", "2025-04")
    [parking] = [f for f in content["fees"] if f["period"] == "2025-04"]
    assert (parking["fee"], parking["paid"], parking["whole"], parking["fen"]) == (
        "停车费", 0, 3, 135000)
    out = tmp_path / "n.pdf"
    out.write_bytes(render_pdf(content))
    text = pdftotext(out)
    assert "停车费 2025-04：全区统一收取 3 笔，共 ¥1,350.00" in text, text
    assert "已交 0 户" not in text


def test_a_vote_that_ended_in_the_month_shows_its_legal_basis_on_the_notice(history, tmp_path):
    """The notice board read only "表决 #N …：未通过" (found in a trial of a maintenance-fund
    vote): a result stands on its numbers, as on the site."""
    repo, clock, data = history
    from conftest import confirmed_resident, pid

    clock.at(4, 1)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="筹集维修资金",
                                    description="按面积筹集", budget_fen=0,
                                    matter="raise_maintenance_fund", deadline="2025-04-10")
    for n, (room, choice) in enumerate((("101", "agree"), ("102", "agree"),
                                        ("201", "disagree"))):
        voter = confirmed_resident(repo, 5001 + n, f"c1/1/1/{room}", 101)
        repo.cast_vote(voter, proposal.id, choice)
    clock.at(4, 11)
    closed, result = repo.close_vote(proposal.id, pid(repo, 101))
    assert not result.passed  # 2 of 3 owners (66.7%), 140 of 240 m² (58.3%): under 3/4
    [vote] = notice_for(repo, "east", "2025-04")["votes"]
    assert vote["status"] == "未通过"
    assert vote["what"] == "提议"  # 提议 #N, as the site and the bot number it (not 表决 #N)
    assert vote["basis"] == closed.data["result"]["explanation_zh"]
    assert "同意 2/3 户（66.7%），同意面积 140.0/240.0 m²（58.3%）" in vote["basis"]
    assert "四分之三以上同意" in vote["basis"]
    out = tmp_path / "east-2025-04.pdf"
    made = notice(data, "east", "2025-04", out)
    assert made.exit_code == 0, made.output
    text = "".join(pdftotext(out).split())
    assert "依据：参与表决3/3户（100.0%）" in text and "同意2/3户（66.7%）" in text
    assert notice_for(repo, "east", "2025-03")["votes"] == []  # not yet open in March


def test_the_notice_never_breaks_a_line_inside_a_number_or_a_fraction():
    """"同意 5" at the end of one line and "/7 人" at the start of the next (found on the
    notice of a trial's vote): numbers and fractions stay whole on a line."""
    from site_builder.notice_pdf import _wrap

    text = ("依据：参与表决业主 7/9 人（77.8%，共 10/12 户），专有部分面积 791.65/933.0 m²"
            "（84.8%），人数和面积均达到三分之二；同意 5/7 人（71.4%），同意面积 "
            "565.85/791.65 m²（71.5%）")
    numbers = re.findall(r"[0-9.,/%]+", text)
    for width in range(120, 420, 3):
        lines = _wrap(text, "Helvetica", 9, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        shown = [n for line in lines for n in re.findall(r"[0-9.,/%]+", line)]
        assert shown == numbers, (width, lines)


def test_a_month_of_one_line_names_that_line_alone(history, tmp_path):
    # west has one line a month: the notice said '（第 2–2 笔）'
    repo, _clock, _data = history
    out = tmp_path / "west-2025-02.pdf"
    out.write_bytes(render_pdf(notice_for(repo, "west", "2025-02")))
    text = pdftotext(out)
    assert "二、本月公开的每一笔账（第 2 笔）" in text, text
    assert "2–2" not in text


def test_the_notice_gives_the_collection_rate_as_the_fees_page_does(history, tmp_path):
    # The fees page says 缴费率 33.3% (one decimal, db.fees); the notice said 33%, so
    # the paper on the board and the site seemed to disagree.
    repo, _clock, _data = history
    out = tmp_path / "east-2025-01.pdf"
    out.write_bytes(render_pdf(notice_for(repo, "east", "2025-01")))
    text = pdftotext(out)
    assert "卫生费 2025：已交 1 户 / 应交 3 户（33.3%）" in text, text


def test_a_fee_line_on_the_notice_says_the_period_it_pays(history):
    """November's fee collected in December read '卫生费 东小区 1号楼 1单元' on December's
    notice, like December's own; the site says 卫生费（2025-11）."""
    repo, clock, _data = history
    from conftest import pid

    from db.entries import Kind

    clock.at(4, 2)
    entry = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 1000, "fee_type": "sanitation", "period": "2025-03",
        "household": "c1/1/1/102"})
    repo.approve(entry.id, pid(repo, 102))
    [line] = notice_for(repo, "east", "2025-04")["lines"]
    assert line["text"].startswith("卫生费（2025-03）") and "1号楼 1单元" in line["text"]


def test_a_project_spent_on_in_the_month_shows_its_budget_and_spending(history, tmp_path):
    """The notice board listed the month's ¥1,650.50 to a plumber, but not that it was
    project #8's, with ¥2,250.50 of its ¥3,000.00 budget spent by then (the site's
    project page says so); the treasurer's month-end trial."""
    repo, clock, _data = history
    from conftest import confirmed_resident, pid

    from db.entries import Kind

    clock.at(4, 1)
    voter = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    project = repo.create_proposal(pid(repo, 101), "east", title="下水管更换", description="",
                                   budget_fen=300000, deadline="2025-04-05", matter="everyday")
    repo.cast_vote(voter, project.id, "agree")
    clock.at(4, 6)
    repo.close_vote(project.id, pid(repo, 101))

    def spend(amount: int) -> None:
        entry = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
            "amount_fen": amount, "payee": "水暖店", "purpose": "下水管",
            "category": "repair", "project": project.id})
        repo.approve(entry.id, pid(repo, 102))

    spend(60000)
    clock.at(5, 2)
    spend(165050)
    spend(100)
    clock.at(6, 1)  # May is over: its notice says 截至月底
    may = notice_for(repo, "east", "2025-05")
    assert may["projects"] == [{"id": project.id, "title": "下水管更换", "budget_fen": 300000,
                                  "spent_fen": 225150, "month_fen": 165150}]
    assert notice_for(repo, "east", "2025-03")["projects"] == []
    out = tmp_path / "n.pdf"
    out.write_bytes(render_pdf(may))
    text = pdftotext(out)
    assert (f"项目 #{project.id} 下水管更换：预算 ¥3,000.00，截至月底已支出 ¥2,251.50（其中本月 "
            "¥1,651.50）") in text, text
    # a project voted without a budget: none is printed as ¥0.00
    out.write_bytes(render_pdf({**may, "projects": [{**may["projects"][0], "budget_fen": 0}]}))
    assert f"项目 #{project.id} 下水管更换：表决时未列预算，截至月底已支出 ¥2,251.50" \
        in pdftotext(out)


def test_a_month_still_running_is_printed_as_of_today_not_as_of_its_end(history, tmp_path):
    """A volunteer printing on 10 June read 本月结余（期末） and 截至月底 for a month with
    twenty days to go (the year-end trial: on 1 January); a closed month keeps them."""
    repo, clock, _data = history
    clock.at(6, 10)
    money(repo, "east", 400)
    june, may = notice_for(repo, "east", "2025-06"), notice_for(repo, "east", "2025-05")
    assert june["as_of_day"] == "2025-06-10" and may["as_of_day"] == ""
    running, closed = tmp_path / "june.pdf", tmp_path / "may.pdf"
    running.write_bytes(render_pdf(june))
    closed.write_bytes(render_pdf(may))
    text = pdftotext(running).replace(" ", "")
    assert "收费情况（截至2025-06-10）" in text and "6月10日结余" in text
    assert "截至月底" not in text and "期末" not in text
    assert "截至月底" in pdftotext(closed) and "期末" in pdftotext(closed)


def test_an_open_issue_is_printed_whole_on_the_notice_board(history, tmp_path):
    """The demo's voice report read on every month's notice '语音留言（0:23），志愿者摘要：
    1号楼1单元楼梯扶手松动，老人上下楼…': the words were cut at 36 characters, the
    summary's prefix eating half, though the row wraps on the page. A report's words of
    up to 80 characters are printed whole, over two lines if need be."""
    repo, clock, _data = history
    from conftest import confirmed_resident, pid

    from db.entries import Kind

    clock.at(4, 10)
    words = ("1号楼1单元楼梯扶手松动，老人上下楼不安全，"
             "扶手下面的螺丝已经掉了两颗，请尽快找人来修一下，谢谢")
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.submit(author, Kind.ISSUE, "east", {"category": "safety", "text": words})
    repo.approve(issue.id, pid(repo, 101))
    money(repo, "east", 300)
    april = notice_for(repo, "east", "2025-04")
    assert [i["text"] for i in april["issues"]] == [words]
    out = tmp_path / "april.pdf"
    out.write_bytes(render_pdf(april))
    printed = re.sub(r"\s+", "", pdftotext(out))
    assert words in printed


def _expense(repo, purpose: str, payee: str, amount: int = 4200) -> None:  # type: ignore[no-untyped-def]
    from conftest import pid

    from db.entries import Kind

    entry = repo.submit(pid(repo, 101), Kind.EXPENSE, "east",
                        {"amount_fen": amount, "category": "repair", "payee": payee,
                         "purpose": purpose})
    repo.approve(entry.id, pid(repo, 102))


def test_a_long_purpose_and_payee_are_printed_whole_on_wrapped_rows(history, tmp_path):
    """A ledger row was cut to one line: '更换2号楼1单元至3单元楼道声控灯12盏及…', so the
    notice board never said what the money was for nor to whom. The row wraps, and
    the words are whole up to 120 characters."""
    repo, clock, _data = history
    clock.at(4, 3)
    purpose = "更换2号楼1单元至3单元楼道声控灯12盏及1号楼地下室照明线路，含开关、灯座和线材"
    payee = "孝义市城北五金电料经营部（开票单位）"
    _expense(repo, purpose, payee)
    april = notice_for(repo, "east", "2025-04")
    [line] = april["lines"]
    assert line["text"] == f"{purpose}（{payee}）"
    out = tmp_path / "april.pdf"
    out.write_bytes(render_pdf(april))
    printed = reading_order(out)
    assert f"{purpose}（{payee}）" in printed and "…" not in printed


def test_words_longer_than_the_bound_say_where_to_read_the_rest(history):
    repo, clock, _data = history
    clock.at(4, 3)
    _expense(repo, "修" * 150, "王师傅")
    [line] = notice_for(repo, "east", "2025-04")["lines"]
    assert line["text"] == "修" * 119 + "…（全文见网站账目）"


def test_a_month_of_wrapped_rows_breaks_between_rows_above_the_footer(history, tmp_path):
    """Rows of several lines run over pages: each row whole on one page, never over
    the footer, the table's header again on the next page."""
    repo, clock, _data = history
    clock.at(4, 3)
    for n in range(30):
        _expense(repo, f"第{n + 1}笔：更换楼道声控灯及地下室照明线路，含开关、灯座和线材，"
                       "另修补单元门禁", "孝义市城北五金电料经营部", 100 + n)
    out = tmp_path / "april.pdf"
    out.write_bytes(render_pdf(notice_for(repo, "east", "2025-04")))
    box = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = box.split("<page ")[1:]
    assert len(pages) >= 3
    for k, page in enumerate(pages):
        height = float(re.search(r'height="([\d.]+)"', page)[1])  # type: ignore[index]
        words = [(float(y0), float(y1), w) for y0, y1, w in re.findall(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', page)]
        footer = max(y0 for y0, _y1, _w in words)  # the footer's line, at the bottom
        body = [(y0, y1, w) for y0, y1, w in words if y0 < footer - 1]
        assert max(y1 for _y0, y1, _w in body) < height - 60, k  # clear of the footer
        if k:
            assert "序号" in [w for _y0, _y1, w in body[:3]], k  # the header again, first
    text = reading_order(out)
    for n in range(30):  # every row whole, none cut by a page break
        assert f"第{n + 1}笔：更换楼道声控灯及地下室照明线路，含开关、灯座和线材，另修补单元门禁" \
               "（孝义市城北五金电料经营部）" in text, n


def test_a_line_never_starts_with_a_closing_bracket_or_a_comma():
    """A wrapped ledger row ended its payee on a line of its own: '）' (a row of the
    notice at any width where the bracket was the character too many). The character
    before it goes down with it, a number whole; an opening bracket never ends a line."""
    from site_builder.notice_pdf import _wrap

    text = ("第1笔：更换楼道声控灯及地下室照明线路，含开关、灯座和线材，另修补单元门禁"
            "（孝义市城北五金电料经营部）；同意 5/7 人（71.4%），共 ¥400.00。")
    for width in range(60, 420, 2):
        lines = _wrap(text, "Helvetica", 9, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", ""), (width, lines)
        assert not any(line[:1] in "）」，。、；：" for line in lines[1:]), (width, lines)
        assert not any(line.rstrip().endswith("（") for line in lines), (width, lines)
        shown = [n for line in lines for n in re.findall(r"[0-9.,/%¥]+", line)]
        assert shown == re.findall(r"[0-9.,/%¥]+", text), (width, lines)


def test_an_other_expense_is_called_as_on_the_site_and_totalled_apart_from_other_fees(
        history, tmp_path):
    """The demo's 2025-08 notice of 城建小区 called row 60, an expense of category
    'other', 其他费用 (the fee type's word), where the accounts page and its CSV say
    其他支出; and an 'other' fee and an 'other' expense of one month were one total."""
    repo, clock, _data = history
    from conftest import pid

    from db.entries import Kind

    clock.at(4, 3)
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 1500, "category": "other", "payee": "王师傅", "purpose": "配钥匙"})
    repo.approve(spent.id, pid(repo, 102))
    paid = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 5000, "fee_type": "other", "period": "2025", "household": "c1/1/1/101"})
    repo.approve(paid.id, pid(repo, 102))
    april = notice_for(repo, "east", "2025-04")
    assert [(x["kind"], x["category"]) for x in april["lines"]] == [
        ("支出", "其他支出"), ("收入", "其他费用")]
    assert {c["category"]: c["fen"] for c in april["categories"]} == {
        "其他支出": -1500, "其他费用": 5000}
    out = tmp_path / "april.pdf"
    out.write_bytes(render_pdf(april))
    assert "其他费用 +¥50.00；其他支出 -¥15.00" in pdftotext(out)


def _word_sizes(pdf: Path) -> list[tuple[float, float, str]]:
    """(size in points, top on the page, word) of every word, as pdftotext measures
    it (a word's box is as tall as its font's size)."""
    box = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [(float(y1) - float(y0), float(y0), html_unescape(w)) for y0, y1, w in re.findall(
        r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', box)]


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_the_notice_is_printed_large_enough_to_read_on_a_notice_board(history, tmp_path):
    """The notice's ledger table was 9 pt, its notes 8.5 pt and the words under its QR
    code 7.5 pt: small print for an elderly reader standing at a notice board. Nothing
    but the footer (which repeats the title) is under 10 pt, the table 10.5 pt (五号)."""
    repo, clock, _data = history
    clock.at(4, 3)
    _expense(repo, "更换楼道声控灯及地下室照明线路，含开关、灯座和线材", "孝义市城北五金电料经营部")
    out = tmp_path / "april.pdf"
    out.write_bytes(render_pdf(notice_for(repo, "east", "2025-04")))
    words = _word_sizes(out)
    footer = max(top for _size, top, _w in words) - 1
    # the command to check the head is typed at a computer: one line, as large as fits
    command = next(top for _size, top, w in words if w == "steward_verify.py")
    body = [(size, w) for size, top, w in words if top < footer and abs(top - command) > 1]
    assert min(size for size, _w in body) >= 9.95, sorted(body)[:5]
    dates = [size for size, w in body if re.fullmatch(r"\d{4}-\d\d-\d\d", w)]
    assert dates and min(dates) >= 10.45, dates  # the ledger's rows
    assert any(w == "扫码核对网上的本月账目" for _s, w in body)


def test_a_paragraph_is_never_broken_over_two_pages(history, tmp_path):
    """The demo's 2025-01 notice of 城建小区 ended page 1 with '卫生费 2025-03（预收）：
    按单元收取……，本月入' and began page 2 with '账 ¥600.00': a fee's sentence cut in
    two by the page. A paragraph goes whole onto the next page."""
    repo, _clock, _data = history
    march = notice_for(repo, "east", "2025-03")
    fee = "卫生费（含垃圾清运、楼道保洁、化粪池清掏、路灯电费和公共区域的日常维修）"
    march["fees"] = [dict(march["fees"][0], fee=fee)]
    row = march["lines"][1]  # one printed line high (the fees' say 另行缴费：分次缴纳 too: two)
    section_pages = set()
    for count in range(20, 56):  # section three lower down the page, row by row
        march["lines"] = [row] * count
        out = tmp_path / f"n{count}.pdf"
        out.write_bytes(render_pdf(march))
        pages = [re.sub(r"\s+", "", p) for p in pdftotext(out).split("\f") if p.strip()]
        sentence = re.sub(r"\s+", "", f"{fee} 2025：已交 1 户 / 应交 3 户（33.3%），共 ¥202.00，"
                                       "本月入账 ¥17.00")
        assert any(sentence in p for p in pages), (count, pages)
        section_pages.add(next(k for k, p in enumerate(pages) if "三、收费情况" in p))
    assert section_pages == {0, 1}  # at the foot of page 1, then on page 2


def test_the_notice_writes_its_month_and_day_as_people_do(history, tmp_path):
    """A running month's last box read '06-10 结余' and the month under the title
    '本月：2025-06': written as a form's code, not as anyone in the compound writes a
    date. They read '6月10日结余' and '本月：2025年6月'."""
    repo, clock, _data = history
    clock.at(6, 10)
    money(repo, "east", 400)
    out = tmp_path / "june.pdf"
    out.write_bytes(render_pdf(notice_for(repo, "east", "2025-06")))
    text = pdftotext(out).replace(" ", "")
    assert "6月10日结余" in text and "本月：2025年6月（按入账公开的月份）" in text
    assert "06-10结余" not in text and "本月：2025-06" not in text


def test_a_character_the_font_cannot_draw_is_printed_as_a_box_not_left_out(history, tmp_path):
    """An emoji or a rare character (CJK extension B) in a line's words printed as
    a blank: '修水管 ，谢谢师傅' on the paper, with nothing to say a character is
    missing. Each is printed as '□'; the content, and so the PDF's digest, is as given."""
    repo, _clock, _data = history
    march = notice_for(repo, "east", "2025-03")
    march["lines"][0]["text"] = "修水管🙏，谢谢师傅 𠀀记"
    out = tmp_path / "n.pdf"
    out.write_bytes(render_pdf(march))
    printed = reading_order(out)
    assert "修水管□，谢谢师傅□记" in printed
    assert march["lines"][0]["text"] == "修水管🙏，谢谢师傅 𠀀记"


def test_a_long_area_name_and_many_compounds_are_printed_whole_at_the_top(history, tmp_path):
    """The title and the line of compounds under it were cut to one line beside the QR
    code: an area of three compounds read '……小区 2025年3月 财务…' and its compounds
    '……、' ending in '…', so a resident could not tell whether hers was on it. The
    title is set smaller (down to 14 pt) and the lines under it wrap."""
    repo, _clock, _data = history
    march = notice_for(repo, "east", "2025-03")
    march["area_name"] = "新国土小区·盐业小区·市药材小区·城建小区"
    march["compounds"] = "新国土小区、盐业小区、市药材小区、城建小区、怡馨苑小区"
    march["steward"] = "新国土小区·盐业小区·市药材小区·城建小区联合物管会"
    out = tmp_path / "n.pdf"
    out.write_bytes(render_pdf(march))
    printed = reading_order(out)
    first = printed.split("一、本月收支")[0]
    assert "新国土小区·盐业小区·市药材小区·城建小区2025年3月财务公示" in first
    assert "新国土小区、盐业小区、市药材小区、城建小区、怡馨苑小区" in first
    assert "新国土小区·盐业小区·市药材小区·城建小区联合物管会" in first
    assert "本月：2025年3月" in first and "…" not in first


def test_a_line_reversed_in_the_month_says_so_on_its_row(history, tmp_path):
    """The demo's 2025-02 notice of 盐业小区·市药材小区 printed row 36 '更换院内路灯6盏
    （LED）（城北五金店） -¥1,800.00' with nothing on it to say it was undone (the
    accounts CSV says 已被第 37 笔冲正): a reader adding up the rows counted ¥1,800 spent
    on lights. The row says '（已被第 37 笔冲正）' when the reversal is on the same
    notice; a month's notice never tells of a reversal after its end."""
    repo, clock, _data = history
    from conftest import pid

    clock.at(4, 2)
    expense = money(repo, "east", 2500, expense=True, purpose="买灯泡")
    seq = repo.entry(expense).data["ledger_seq"]
    april = notice_for(repo, "east", "2025-04")  # before its reversal
    clock.at(4, 3)
    reversal = repo.reverse("east", seq, pid(repo, 101), "金额录错")
    repo.approve(reversal.id, pid(repo, 102))
    assert [x["reversed_by"] for x in notice_for(repo, "east", "2025-04")["lines"]] == [
        seq + 1, None]
    out = tmp_path / "n.pdf"
    out.write_bytes(render_pdf(notice_for(repo, "east", "2025-04")))
    assert f"买灯泡（王师傅）（已被第{seq + 1}笔冲正）" in reading_order(out)
    assert [x["reversed_by"] for x in april["lines"]] == [None]
    clock.at(5, 2)
    later = money(repo, "east", 900, expense=True, purpose="买扫帚")
    clock.at(6, 2)
    undo = repo.reverse("east", repo.entry(later).data["ledger_seq"], pid(repo, 101), "重复")
    repo.approve(undo.id, pid(repo, 102))
    assert [x["reversed_by"] for x in notice_for(repo, "east", "2025-05")["lines"]] == [None]


def test_a_line_replaced_in_the_month_names_the_right_one_and_back(history, tmp_path):
    """The site says of a reversed line 已被第 N 笔冲正，正确的一笔见第 M 笔 and of the line
    entered in its place 代替第 N 笔 (line format 5); the paper notice at the gate said
    only （已被第 N 笔冲正）, and nothing on the right one's row. Both rows now say it when
    the three lines are on the same notice; a notice without such a line keeps its
    content as it was (its drawing is kept, not drawn again)."""
    repo, clock, _data = history
    from conftest import pid

    from db.entries import Kind

    clock.at(4, 2)
    seq = repo.entry(money(repo, "east", 2500, expense=True, purpose="买灯泡")).data["ledger_seq"]
    clock.at(4, 3)
    reversal = repo.reverse("east", seq, pid(repo, 101), "金额录错")
    repo.approve(reversal.id, pid(repo, 102))
    clock.at(4, 4)
    right = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 2050, "category": "repair", "payee": "王师傅", "purpose": "买灯泡",
        "replaces": seq})
    repo.approve(right.id, pid(repo, 102))
    right_seq = repo.entry(right.id).data["ledger_seq"]
    rows = {x["seq"]: x for x in notice_for(repo, "east", "2025-04")["lines"]}
    assert (rows[seq]["replaced_by"], rows[right_seq]["replaces"]) == (right_seq, seq)
    assert "replaces" not in rows[seq + 1] and "replaced_by" not in rows[seq + 1]
    out = tmp_path / "n.pdf"
    out.write_bytes(render_pdf(notice_for(repo, "east", "2025-04")))
    printed = reading_order(out)
    assert f"（已被第{seq + 1}笔冲正，正确的一笔见第{right_seq}笔）" in printed, printed
    assert f"买灯泡（王师傅）（代替第{seq}笔）" in printed, printed


def test_a_line_replaced_in_a_later_month_names_the_month_of_the_one_it_replaces(history,
                                                                              tmp_path):
    """A line bought in April, reversed and entered right in May: May's notice said
    only 代替第 N 笔, a line on no notice at hand; it now says which month's notice has
    it, and April's notice printed again says the line was corrected later and where.
    A notice without such a line keeps its content: March's, whose line was reversed
    in May with nothing entered in its place."""
    repo, clock, _data = history
    from conftest import pid

    from db.entries import Kind

    clock.at(3, 20)
    alone = repo.entry(money(repo, "east", 900, expense=True, purpose="买扫帚")).data["ledger_seq"]
    clock.at(4, 2)
    seq = repo.entry(money(repo, "east", 2500, expense=True, purpose="买灯泡")).data["ledger_seq"]
    clock.at(5, 1)
    march, april = (notice_for(repo, "east", m) for m in ("2025-03", "2025-04"))  # as posted
    clock.at(5, 3)
    for line in (alone, seq):
        repo.approve(repo.reverse("east", line, pid(repo, 101), "金额录错").id, pid(repo, 102))
    undo = repo.line("east", seq + 2)["seq"]
    right = repo.submit(pid(repo, 102), Kind.EXPENSE, "east", {
        "amount_fen": 2050, "category": "repair", "payee": "王师傅", "purpose": "买灯泡",
        "replaces": seq})
    repo.approve(right.id, pid(repo, 101))
    right_seq = repo.entry(right.id).data["ledger_seq"]
    may = notice_for(repo, "east", "2025-05")
    rows = {x["seq"]: x for x in may["lines"]}
    assert (rows[right_seq]["replaces"], rows[right_seq]["replaces_month"]) == (seq, "2025-04")
    assert "replaces_month" not in rows[undo]  # the reversal cites its line as before
    out = tmp_path / "may.pdf"
    out.write_bytes(render_pdf(may))
    printed = reading_order(out)
    assert f"买灯泡（王师傅）（代替第{seq}笔，见4月公示）" in printed, printed
    # March's notice is the one posted; April's, printed again, says what came after
    assert notice_for(repo, "east", "2025-03") == march
    again = notice_for(repo, "east", "2025-04")
    assert {k: v for k, v in again.items() if k not in ("lines", "reprint")} == \
        {k: v for k, v in april.items() if k != "lines"}
    # and says at its top that this row reads otherwise than on the one posted
    assert again["reprint"] == {"first": "2025-05-01", "changed": [f"第 {seq} 笔账"]}
    row = next(x for x in again["lines"] if x["seq"] == seq)
    assert (row["reversed_by"], row["reversed_month"], row["replaced_by"],
            row["replaced_month"]) == (undo, "2025-05", right_seq, "2025-05")
    out.write_bytes(render_pdf(again))
    printed = reading_order(out)
    assert f"（后来已被5月公示第{undo}笔冲正，正确的一笔见同月第{right_seq}笔）" in printed, printed
    assert f"重印说明：本公示单首次生成于2025-05-01。此后有变化的是：第{seq}笔账；" in printed


def test_an_open_issue_says_when_it_was_accepted_and_how_it_stands_once(history, tmp_path):
    """An open report's row ended '已受理，2025-04-10 受理': accepted, said twice. It ends
    '2025-04-10 受理'; one being worked on, '2025-04-10 受理，处理中'."""
    repo, clock, _data = history
    from conftest import confirmed_resident, pid

    from db.entries import Kind

    clock.at(4, 10)
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    waiting = repo.submit(author, Kind.ISSUE, "east", {"category": "safety", "text": "扶手松动"})
    repo.approve(waiting.id, pid(repo, 101))
    working = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": "路灯不亮"})
    repo.approve(working.id, pid(repo, 101))
    repo.issue_step(working.id, pid(repo, 101), "in_progress", "已联系电工")
    out = tmp_path / "april.pdf"
    out.write_bytes(render_pdf(notice_for(repo, "east", "2025-04")))
    printed = re.sub(r"\s+", "", pdftotext(out))
    assert f"报事#{waiting.id}安全隐患：扶手松动2025-04-10受理" in printed
    assert f"报事#{working.id}路灯照明：路灯不亮2025-04-10受理，处理中" in printed
    assert printed.count("受理") == 2


def test_the_footer_prints_the_accounts_address_whole_beside_a_long_name(history, tmp_path):
    """盐业小区·市药材小区's notice ended its footer '…/areas/lvcheng-wuguan/ac…': the
    address, the one thing there to type, was cut for the title. The title gives way."""
    repo, _clock, _data = history
    n = notice_for(repo, "east", "2025-02")
    n["area_name"] = "盐业小区·市药材小区·城建小区·怡馨苑小区·新国土小区联合管理区域"
    n["url"] = notice_url("https://ledger.xiaoyi-xinyi-street.example.org/", "east", "2025-02")
    out = tmp_path / "n.pdf"
    out.write_bytes(render_pdf(n))
    # (the page count is the fixture's: its fees print 另行缴费：分次缴纳, on a second page)
    footer = [line for line in pdftotext(out).splitlines() if re.search(r"第 ?1 ?/ ?\d ?页", line)]
    assert footer and "https://ledger.xiaoyi-xinyi-street.example.org/areas/east/accounts/" \
        in footer[0] and "#notice" not in footer[0]
    assert "盐业小区·市药材小区" in footer[0]  # as much of the title as fits, then "…"


def test_the_overview_offers_the_last_month_that_is_over_to_print(history, tmp_path):
    """On 3 April the overview's 打印张贴 offered 最新一期公示单（2025-04）: April's, three
    days old, its figures 'so far'. It offers March's, as /notice gives, as people write
    the month."""
    repo, clock, _data = history
    clock.at(4, 3)
    money(repo, "east", 100)  # April has begun, with a line
    project = tmp_path / "project"
    build_site(repo, project, run_mkdocs=False)
    page = (project / "content/areas/east/index.md").read_text("utf-8")
    section = page[page.index("## 打印张贴"):]
    assert '最新一期公示单（<span class="steward-date">2025年3月，</span>A4 PDF）' in section
    assert 'href="../../downloads/east/notice-2025-03.pdf">下载打印</a>' in section
    assert "notice-2025-04" not in section and "本月未完" not in section


def test_the_fees_page_says_its_figures_are_to_date_and_a_notices_at_its_months_end(
        history, tmp_path):
    """June's notice said 维修资金 2025-06 … 共 ¥17,400.00, the fees page ¥17,800.00 (a
    payment for June's period made in September), and neither said why: the fees page
    says its figures are to date, a notice's at its month's end."""
    repo, clock, _data = history
    project = tmp_path / "project"
    build_site(repo, project, run_mkdocs=False)
    page = (project / "content/areas/east/fees.md").read_text("utf-8")
    assert "这里是到目前为止的数字：每月公示单上的收费情况是那个月月底的" in page


def test_the_accounts_page_leads_to_its_notices_table_from_the_top(history, tmp_path):
    """The table of notices is at the foot of a page of every line of the year; the
    page's own links at its top went to the three sections above it only."""
    repo, _clock, _data = history
    project = tmp_path / "project"
    build_site(repo, project, run_mkdocs=False)
    page = (project / "content/areas/east/accounts.md").read_text("utf-8")
    assert "[账目明细](#lines) · [每月公示单](#notices)" in page
    assert page.index("[每月公示单](#notices)") < page.index("## 每月公示单（可打印） { #notices }")


def test_a_quiet_months_notice_is_on_the_site_with_the_row_its_qr_code_leads_to(history,
                                                                                tmp_path):
    """No line in April: /notice 2025-04 printed 本月没有新的入账 and a QR code to
    #notice-2025-04, but the site made notices only up to the last line's month (March):
    neither April's PDF nor its row was there. The notices run to this month; a whole
    build from the area cache in a new month adds its notice."""
    repo, clock, data = history
    clock.at(4, 20)
    project = tmp_path / "project"
    build_site(repo, project, run_mkdocs=False)  # in April: April's is running
    page = (project / "content/areas/east/accounts.md").read_text("utf-8")
    assert '<tr id="notice-2025-04">' in page and "本月未完" in page
    clock.at(5, 2)  # May: nothing changed in the data, April is over
    build_site(repo, project, run_mkdocs=False)
    page = (project / "content/areas/east/accounts.md").read_text("utf-8")
    april = page.split('<tr id="notice-2025-04">', 1)[1].split("</tr>", 1)[0]
    march = notice_for(repo, "east", "2025-03")
    assert "没有新的入账" in april and "本月未完" not in april
    assert april.count(format_fen(march["closing_fen"])) == 2  # opening = closing
    assert '<tr id="notice-2025-05">' in page
    assert (project / "content/downloads/east/notice-2025-04.pdf").is_file()
    out = tmp_path / "april.pdf"
    assert notice(data, "east", "2025-04", out).exit_code == 0
    assert "本月没有新的入账" in pdftotext(out)
    assert qr_of(out, tmp_path) == [f"{SITE_URL}areas/east/accounts/#notice-2025-04"]


def test_a_month_before_the_areas_first_line_is_refused_naming_the_first(history, tmp_path):
    """`steward notice east --month` before its first ledger line drew an empty notice
    (its head the 64 zeros) whose QR code led to a row the accounts page does not have:
    the site's notices begin with the month of the first line."""
    repo, _clock, data = history
    first = str(repo.ledger("east")[0]["published_at"])[:7]
    year, month = int(first[:4]), int(first[5:7])
    before = f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"
    refused = notice(data, "east", before, tmp_path / "x.pdf")
    assert refused.exit_code == 2, refused.output
    assert f"no notice for {before}" in refused.output and f"published in {first}" \
        in refused.output
    assert not (tmp_path / "x.pdf").exists()
    assert notice(data, "east", first, tmp_path / "x.pdf").exit_code == 0


def test_the_heads_check_address_needs_a_site_and_a_line_and_keeps_the_area_whole():
    """No site address (the street file has none) or no line yet: nothing to scan; an
    area's id is put in the address as it is, escaped."""
    from site_builder.notice_content import check_url

    digest = "ab" * 32
    assert check_url("", "east", 5, digest) == ""
    assert check_url(SITE_URL, "east", 0, digest) == ""
    assert check_url(SITE_URL, "a&b", 5, digest) == (
        f"{SITE_URL}integrity/?area=a%26b&seq=5&head={digest[:16]}#steward-verify")


def test_a_line_reversed_in_its_month_and_entered_right_later_says_where(history, tmp_path):
    repo, clock, _data = history
    from conftest import pid

    from db.entries import Kind

    clock.at(4, 2)
    seq = repo.entry(money(repo, "east", 2500, expense=True, purpose="买灯泡")).data["ledger_seq"]
    repo.approve(repo.reverse("east", seq, pid(repo, 101), "金额录错").id, pid(repo, 102))
    clock.at(5, 3)
    right = repo.submit(pid(repo, 102), Kind.EXPENSE, "east", {
        "amount_fen": 2050, "category": "repair", "payee": "王师傅", "purpose": "买灯泡",
        "replaces": seq})
    repo.approve(right.id, pid(repo, 101))
    right_seq = repo.entry(right.id).data["ledger_seq"]
    out = tmp_path / "april.pdf"
    out.write_bytes(render_pdf(notice_for(repo, "east", "2025-04")))
    printed = reading_order(out)
    assert f"（已被第{seq + 1}笔冲正，正确的一笔后来登记在5月公示第{right_seq}笔）" in printed, \
        printed
