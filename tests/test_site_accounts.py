"""An area's accounts as a reader reads them: the first year of a ledger that began
in the middle of a year does not list the months before it as if nothing had been
collected ("1月 ¥0.00 … 11月 ¥0.00"): it says when the ledger began."""

from __future__ import annotations

import html
import re
from datetime import datetime
from xml.etree import ElementTree as ET

from conftest import SMALL_STREET, StepClock, pid
from test_site_helpers import make_project, photo_bytes

from db.config import parse_street
from db.entries import Kind
from db.media import MediaStore
from db.repository import CHINA_TZ, Repository
from site_builder import build_site

SVG = "{http://www.w3.org/2000/svg}"


def _fee(repo: Repository, period: str) -> None:
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "property", "period": period,
        "household": "c1/1/1/101"})
    repo.approve(fee.id, pid(repo, 102))


def _month_rows(page: str) -> list[str]:
    table = page[page.index('<table class="steward-table steward-months steward-reflow">'):]
    table = table[:table.index("</tbody>")]
    return re.findall(r"<tr><td[^>]*>(.*?)</td>", table)


def test_first_year_months_start_where_the_ledger_began(tmp_path):
    clock = StepClock(datetime(2024, 11, 3, 9, 0, tzinfo=CHINA_TZ))
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=clock)
    _fee(repo, "2024-11")
    clock.now = datetime(2025, 2, 3, 9, 0, tzinfo=CHINA_TZ)
    _fee(repo, "2025-02")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    area = project / "content" / "areas" / "east"
    first = _month_rows((area / "accounts-2024.md").read_text("utf-8"))
    assert first[0] == "2024\u00a0年 11\u00a0月以前本区尚未记账"
    assert [re.sub(r"<[^>]+>", "", r) for r in first[1:]] == ["11月", "12月"]
    # the latest year lists its months to the last one booked, the empty ones too
    later = _month_rows((area / "accounts.md").read_text("utf-8"))
    assert [re.sub(r"<[^>]+>", "", r) for r in later] == ["1月", "2月", "3—12 月尚无记账"]


def test_the_latest_years_months_after_the_last_booked_are_not_shown_as_zero_months(
        tmp_path):
    """A resident reading the accounts page in May read "6月 ¥0.00 ¥0.00 … 12月 ¥0.00
    ¥0.00", as if June to December had passed with nothing collected or spent. A past
    year still lists every month: an empty month of it is one of nothing booked."""
    clock = StepClock(datetime(2024, 3, 3, 9, 0, tzinfo=CHINA_TZ))
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=clock)
    _fee(repo, "2024-03")
    clock.now = datetime(2025, 2, 3, 9, 0, tzinfo=CHINA_TZ)
    _fee(repo, "2025-02")
    clock.now = datetime(2025, 5, 20, 9, 0, tzinfo=CHINA_TZ)
    _fee(repo, "2025-05")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    area = project / "content" / "areas" / "east"
    page = (area / "accounts.md").read_text("utf-8")
    rows = [re.sub(r"<[^>]+>", "", r) for r in _month_rows(page)]
    assert rows == ["1月", "2月", "3月", "4月", "5月", "6—12 月尚无记账"]
    start = page.index("steward-months")
    table = page[start:page.index("</tbody>", start)]
    # January, March and April passed with nothing booked; February and May, no spending
    assert table.count("¥0.00") == 2 * 3 + 2
    assert "2025 年至今合计" in page
    last_year = [re.sub(r"<[^>]+>", "", r)
                 for r in _month_rows((area / "accounts-2024.md").read_text("utf-8"))]
    first = "2024\u00a0年 3\u00a0月以前本区尚未记账"  # the month read whole on a phone
    assert last_year == [first] + [f"{m}月" for m in range(3, 13)]
    # the chart: June to December on the axis in grey, under a band, with no bars
    svg = ET.fromstring((project / "content" / "areas" / "east" / "months-2025.svg")
                        .read_text("utf-8"))
    assert svg.find(f"{SVG}desc").text.endswith("；6—12 月尚无记账")
    texts = {t.text: t.get("fill") for t in svg.iter(f"{SVG}text")}
    assert texts["尚无记账"] and texts["12"] == texts["6"] != texts["5"]
    old = ET.fromstring((area / "months-2024.svg").read_text("utf-8"))
    assert "尚无记账" not in old.find(f"{SVG}desc").text


def test_each_line_shows_the_16_hash_digits_the_guide_and_the_head_message_compare(tmp_path):
    # verify.md tells a witness to compare the head kept from the volunteers' group
    # ("链头前 16 位 …") with "the last column of each line, the first 16 digits of its
    # hash"; the page showed 12, so the comparison could not be made as told.
    clock = StepClock(datetime(2025, 2, 3, 9, 0, tzinfo=CHINA_TZ))
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=clock)
    _fee(repo, "2025-01")
    _fee(repo, "2025-02")
    lines = repo.ledger("east")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    page = (project / "content" / "areas" / "east" / "accounts.md").read_text("utf-8")
    shown = re.findall(r'<td class="hash"><code>([0-9a-f]+)</code>', page)
    assert shown == [line["hash"][:16] for line in lines]
    guide = (project / "content" / "verify.md").read_text("utf-8")
    # on a phone a line is a card: its hash is under 详情, not in a last column
    assert ("电脑上在每一行的最后一列；手机上点这一笔右边的“详情”，"
            "写在“哈希（前 16 位）”后面") in guide


def test_a_years_total_says_the_balance_it_began_with(tmp_path):
    # 城建小区 2025: income ¥6,930.00, spending ¥5,030.50, "年末余额 ¥2,629.50": the
    # ¥730.00 carried from 2024 was nowhere on the page, so the sum did not add up.
    clock = StepClock(datetime(2024, 11, 3, 9, 0, tzinfo=CHINA_TZ))
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=clock)
    _fee(repo, "2024-11")
    clock.now = datetime(2025, 2, 3, 9, 0, tzinfo=CHINA_TZ)
    _fee(repo, "2025-02")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    area = project / "content" / "areas" / "east"
    this_year = (area / "accounts.md").read_text("utf-8")
    assert re.search(r"2025 年至今合计（年初余额 ¥120\.00，截至 <span[^>]*>2025-02-03"
                     r"</span> 余额 ¥240\.00）", this_year), this_year
    first_year = (area / "accounts-2024.md").read_text("utf-8")
    assert "全年合计（年初余额 ¥0.00，年末余额 ¥120.00）" in first_year


def test_a_category_counts_the_payments_that_stand_not_one_reversed(tmp_path):
    # 照明 ¥1,080.00 was "2 笔": the ¥1,800.00 line written by mistake and reversed, and
    # the right one. The amount is net of the reversal; so is the count now.
    from conftest import pid

    clock = StepClock(datetime(2025, 2, 18, 9, 0, tzinfo=CHINA_TZ))
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=clock)
    _fee(repo, "2025-02")
    for amount in (180000, 108000):
        spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
            "amount_fen": amount, "payee": "五金店", "purpose": "更换路灯",
            "category": "lighting"})
        repo.approve(spent.id, pid(repo, 102))
        if amount == 180000:
            wrong = repo.ledger("east")[-1]["seq"]
            rev = repo.reverse("east", wrong, pid(repo, 102), "金额记错了")
            repo.approve(rev.id, pid(repo, 101))
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    page = (project / "content" / "areas" / "east" / "accounts.md").read_text("utf-8")
    table = page.split('class="steward-table steward-categories ')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>(收入|支出)</td><td[^>]*>([^<]+)</td><td[^>]*>([^<]+)</td>"
                      r"<td[^>]*>[^<]+</td><td[^>]*>([0-9]+)</td></tr>", table)
    assert ("支出", "照明", "¥1,080.00", "1") in rows, rows
    assert ("收入", "物业费", "¥120.00", "1") in rows, rows
    # The year's 4 lines (盐业小区·市药材小区: 79) against the table's 2 (77): a reader
    # adding the 笔数 column found 2 lines missing and nothing saying which.
    below = page.split('class="steward-table steward-categories ')[1].split("</table>", 1)[1]
    below = below.split("###", 1)[0]
    assert "表中的笔数不算记错后被冲正的账和冲正它们的账（本年共 2 笔，金额相抵）" in below, below
    assert "所以相加是 2 笔，不是全年的 4 笔" in below, below


def test_the_accounts_page_says_what_the_balance_is(tmp_path):
    # "账户余额 ¥2,100.00" stood alone at the top: whose money, and held where, a reader
    # had to guess; its sum was explained only under the monthly table, far below.
    clock = StepClock(datetime(2025, 2, 3, 9, 0, tzinfo=CHINA_TZ))
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=clock)
    _fee(repo, "2025-02")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    page = (project / "content" / "areas" / "east" / "accounts.md").read_text("utf-8")
    figures = page.index('<div class="steward-figures">')
    said = page.index("账户余额 = 累计收入 − 累计支出")
    assert figures < said < page.index("## ")
    assert "东小区物管会现在应当有的钱" in page[said:said + 200]


def test_in_january_the_new_years_page_says_no_year_end_and_no_largest_0_expenses(tmp_path):
    """The first approval of the new year (a trial of the real steward run over 31
    December): the 2027 page said "年末余额" of a year one day old, and headed its
    empty table "金额最大的 0 笔支出"; the 2026 page keeps its year-end balance."""
    clock = StepClock(datetime(2026, 12, 5, 9, 0, tzinfo=CHINA_TZ))
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=clock)
    _fee(repo, "2026-12")
    clock.now = datetime(2027, 1, 1, 0, 5, tzinfo=CHINA_TZ)
    _fee(repo, "2027-01")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    area = project / "content" / "areas" / "east"
    new_year = (area / "accounts.md").read_text("utf-8")
    assert "2027 年末" not in new_year and "金额最大的 0 笔" not in new_year
    assert "全年合计（" not in new_year  # (2026's year-end balance, what 2027 began with, is)
    assert '2026 年末余额</span><span class="steward-figure">¥120.00<' in new_year
    assert "截至 <span" in new_year and "2027-01-01</span> 余额 ¥240.00" in new_year
    assert "### 金额最大的支出" in new_year and "这一年没有支出" in new_year
    last_year = (area / "accounts-2026.md").read_text("utf-8")
    assert "全年合计（年初余额 ¥0.00，年末余额 ¥120.00）" in last_year


def test_the_largest_expenses_say_a_checked_receipt_as_the_line_does(tmp_path):
    """An auditor's trial: 1月院内保洁 ¥250.00 said "无收据" in 金额最大的 5 笔支出 and
    "收据已核验" in its own row below (a receipt the volunteers saw, its photo not
    published): the same line, two answers."""
    clock = StepClock(datetime(2025, 1, 28, 9, 0, tzinfo=CHINA_TZ))
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=clock)
    _fee(repo, "2025-01")
    photo = MediaStore(repo.store.root).save_photo(photo_bytes("yellow"))
    for purpose, receipt in (("1月院内保洁", photo), ("买扫帚", None)):
        spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
            "amount_fen": 2500 if receipt else 500, "payee": "保洁员",
            "purpose": purpose, "category": "cleaning", "receipt": receipt})
        repo.approve(spent.id, pid(repo, 102))
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    page = (project / "content" / "areas" / "east" / "accounts.md").read_text("utf-8")
    top = page.split('steward-top">')[1].split("</table>")[0]
    rows = dict(re.findall(r'<td class="purpose">([^<]+)<br>.*?<td class="receipt">(.*?)</td>',
                           top))
    assert "收据已核验" in rows["1月院内保洁"] and "无收据" not in rows["1月院内保洁"], rows
    assert "无收据" in rows["买扫帚"], rows
    row = page.split('<tr id="line-2">')[1].split("</tr>")[0]
    assert "1月院内保洁" in row and "收据已核验" in row  # the line's own row says the same


def test_the_years_figures_say_they_are_the_years_not_the_balance_or_the_total(tmp_path):
    """城建小区 2025 read "2025 年结余 +¥1,899.50" under "账户余额 ¥2,629.50", while the
    December paper notice, the bot and everyday use call the money held 结余 ("本月结余
    （期末）¥2,629.50", "结余：…"): two 结余 a reader could not tell apart (auditor's
    trial). The year's figure says what it is: income less spending; and the year's
    count of lines is labelled the year's, not "账目笔数" as the running total above."""
    clock = StepClock(datetime(2024, 11, 3, 9, 0, tzinfo=CHINA_TZ))
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=clock)
    _fee(repo, "2024-11")
    clock.now = datetime(2025, 2, 3, 9, 0, tzinfo=CHINA_TZ)
    _fee(repo, "2025-02")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    page = (project / "content" / "areas" / "east" / "accounts.md").read_text("utf-8")
    assert "结余" not in page
    assert re.search(r'2025 年收入减支出</span><span class="steward-figure">\+¥120\.00<', page)
    assert re.search(r'账户余额</span><span class="steward-figure[^"]*">¥240\.00<', page), page
    # the year's count says it is the year's: "账目笔数 1" under the top's "账目笔数 2" read
    # as a second, different count of the same thing
    assert re.search(r'>账目笔数</span><span class="steward-figure">2<', page)
    assert re.search(r'>2025 年账目笔数</span><span class="steward-figure">1<', page)


def test_the_months_are_listed_at_the_top_and_each_months_lines_lead_back_to_them(tmp_path):
    """A year's lines are 25 to 30 phone screens long (城建小区 2025: 67 lines). A reader
    looking for where March's money went had to scroll past the charts to the monthly
    table to find the month, and from the end of its lines there was no way back but
    scrolling. Now the months with lines are listed near the top (``#by-month``), and
    each month's lines end with a link back to them, and, when the month has more
    lines than a phone shows at once, to the month's own head (its totals). A month
    whose lines net to nothing (a fee and its reversal) is still listed and linked:
    the monthly table showed its ¥0.00 without a link to its lines."""
    import shutil

    from site_builder.render import TEMPLATES

    clock = StepClock(datetime(2025, 1, 3, 9, 0, tzinfo=CHINA_TZ))
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=clock)
    for month in range(1, 5):
        _fee(repo, f"2025-{month:02d}")
    clock.now = datetime(2025, 3, 3, 9, 0, tzinfo=CHINA_TZ)
    _fee(repo, "2025-05")
    wrong = repo.ledger("east")[-1]["seq"]
    rev = repo.reverse("east", wrong, pid(repo, 102), "记错了")
    repo.approve(rev.id, pid(repo, 101))
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = (project / "content" / "areas" / "east" / "accounts.md").read_text("utf-8")
    index = page[page.index('id="by-month"'):]
    index = index[:index.index("</nav>")]
    assert page.index('id="by-month"') < page.index("## 2025\u00a0年钱从哪里来")
    assert re.findall(r'<a href="(#month-[0-9-]+)">([^<]+)</a>', index) == [
        ("#month-2025-01", "1月"), ("#month-2025-03", "3月")]
    assert "没有列出的月份没有入账" in index  # February
    sections = re.findall(r'<section class="steward-month" id="(month-[0-9-]+)">(.*?)</section>',
                          page, re.S)
    assert [s[0] for s in sections] == ["month-2025-01", "month-2025-03"]
    back = [re.findall(r'<p class="steward-back">(.*?)</p>\s*$', body, re.S) for _, body
            in sections]
    assert back == [['<a href="#month-2025-01">↑ 回到 1\u00a0月开头</a> '
                     '<a href="#by-month">↑ 选别的月份</a>'],
                    ['<a href="#by-month">↑ 选别的月份</a>']]  # two lines: in sight
    # March nets to nothing, and its lines are still a link away in the monthly table
    assert '<a href="#month-2025-03">3月</a></td><td class="n" data-label="收入">¥0.00' in page
    # a deployment's own copy of the template gives the same page as the Python twin
    (project / "templates").mkdir()
    shutil.copy(TEMPLATES / "_ledger.html.j2", project / "templates")
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    assert (project / "content" / "areas" / "east" / "accounts.md").read_text("utf-8") == page


def test_the_ledger_says_what_receipt_checked_and_no_receipt_mean(tmp_path):
    # A reader checking a year's accounts saw "收据已核验" beside some fees and "无收据"
    # beside others, with no word on the page of why the one receipt is not shown or
    # whether the other is missing (only the guide to checking the ledger said it).
    from test_site_helpers import fill_street, new_repo, unwrapped

    repo = new_repo(tmp_path / "data")
    fill_street(repo)
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    page = unwrapped((project / "content" / "areas" / "east" / "accounts.md").read_text("utf-8"))
    assert "收据已核验</span>" in page and "无收据</span>" in page  # both are in the ledger
    said = page[page.index("## 2025\u00a0年账目明细"):]
    said = said[:said.index("\n\n", said.index("笔，按月份"))]
    assert "写“收据已核验”的，志愿者审核时看过收据，照片不公开" in said, said
    assert "写“无收据”的，记账时没有附收据" in said, said


def test_the_fees_page_says_what_the_households_that_have_not_paid_owe(tmp_path):
    # 卫生费 · 2025 read 54 / 58 户已缴 … 收入 ¥6,480.00（标准：¥120.00/户/年）: what is
    # still to come in, a reader had to work out. Now it says how many have not paid and,
    # where the schedule gives an amount for such a period, what that comes to.
    yearly = SMALL_STREET.replace(
        "compounds: [c1]}", "compounds: [c1], fees: [{type: sanitation, per: household, "
        "amount_fen: 12000, period: year}]}")
    repo = Repository.init(tmp_path / "data", parse_street(yearly, "s.yaml"), clock=StepClock())
    # a year, and a month of a yearly fee (the schedule gives no amount for a month)
    for period, fen, home in (("2025", 12000, "c1/1/1/101"), ("2025-03", 1000, "c1/1/1/102")):
        fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
            "amount_fen": fen, "fee_type": "sanitation", "period": period,
            "household": home})
        repo.approve(fee.id, pid(repo, 102))
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    page = html.unescape((project / "content/areas/east/fees.md").read_text("utf-8"))
    page = page[page.index("## 卫生费"):]  # the periods, after the list of those not paid
    year, month = (page.split("卫生费 · ")[n] for n in (2, 1))
    assert "（标准：¥120.00/户/年）；未缴 2 户，按标准共 ¥240.00。" in year, year
    assert "；未缴 2 户。" in month and "按标准共" not in month, month


def test_the_volunteers_page_links_each_areas_accounts_in_chinese_without_spaces(tmp_path):
    # 志愿者代号 ended each area's list with '看 城建小区 的账目': spaces around the name,
    # as English words have them, where Chinese has none.
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=StepClock())
    _fee(repo, "2025-01")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    page = (project / "content" / "stewards.md").read_text("utf-8")
    assert "[看东小区的账目](areas/east/accounts.md)" in page, page
    assert "看 东小区 的账目" not in page


def test_a_balance_below_zero_says_what_it_usually_means(tmp_path):
    """Before: a new street's first expense, paid from money held before its ledger began,
    showed 账户余额 -¥340.00 and only '就是…现在应当有的钱': a resident read a debt, or a
    theft. Now the page says what a balance below zero usually means."""
    clock = StepClock(datetime(2025, 2, 3, 9, 0, tzinfo=CHINA_TZ))
    repo = Repository.init(tmp_path / "data", parse_street(SMALL_STREET), clock=clock)
    _fee(repo, "2025-02")
    project = make_project(tmp_path)
    page = project / "content" / "areas" / "east" / "accounts.md"
    build_site(repo, project, run_mkdocs=False)
    assert "余额是负数" not in page.read_text("utf-8")  # ¥120.00
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 46000, "payee": "五金店", "purpose": "更换路灯", "category": "lighting"})
    repo.approve(spent.id, pid(repo, 102))
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    east = page.read_text("utf-8")
    said = east.index("账户余额 = 累计收入 − 累计支出")
    assert "余额是负数：记下的支出多于记下的收入。" in east[said:said + 400], east[said:said + 400]
    assert "上年结余" in east[said:said + 400]
