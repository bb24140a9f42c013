"""An area's opening balance carried over from its paper book (``steward
opening-balance``, ``db.opening``): once per area, a ledger line of its own kind, chained
like every line, dated the day the paper book was closed, part of the balance but no
income of any year; a deficit is carried over below zero and said so; a second one, a
date after the accounts begin or after today, and a sloppy amount are refused."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from conftest import SMALL_STREET, StepClock, pid
from typer.testing import CliRunner

from db import ledger as ledger_rules
from db.config import parse_street
from db.core import CHINA_TZ
from db.entries import Kind
from db.errors import DomainError, PermissionDenied
from db.repository import Repository
from site_builder.collect_base import HeardMask
from steward_cli import app

runner = CliRunner()


@pytest.fixture
def repo(tmp_path):
    r = Repository.init(tmp_path / "data", parse_street(SMALL_STREET, "street.yaml"),
                        clock=StepClock(datetime(2025, 3, 1, 9, 0, tzinfo=CHINA_TZ)))
    yield r
    r.close()


def spend(repo, fen=800):
    e = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": fen, "payee": "五金店", "purpose": "螺丝", "category": "repair"})
    return repo.approve(e.id, pid(repo, 102))


def test_an_opening_balance_is_a_line_of_its_own_in_the_balance_but_no_income(repo):
    spend(repo)  # recorded before the opening balance: it comes after, dated before
    line = repo.record_opening(pid(repo, 101), "east", 123450, "2024-12-31",
                               note="2019—2024年手写账本")
    assert line["kind"] == "opening" and line["seq"] == 2 and line["date"] == "2024-12-31"
    assert line["purpose"] == "期初结转（纸质账本）" and line["note"] == "2019—2024年手写账本"
    lines = repo.ledger("east")
    assert line["prev"] == lines[0]["hash"] and ledger_rules.verify_chain("east", lines)
    assert repo.balance("east") == 123450 - 800
    assert repo.month_totals("east", "2024-12") == (0, 0)  # no income of that month
    figures = ledger_rules.figures(lines)
    assert figures["income_fen"] == 0 and figures["expense_fen"] == 800
    assert figures["opening_fen"] == 123450 and figures["balance_fen"] == 122650
    assert [(y["year"], y["opening"], y["balance"]) for y in figures["years"]] == [
        ("2024", 123450, 123450), ("2025", 0, 122650)]
    assert repo.opening("east")["seq"] == 2 and repo.opening("west") is None
    assert repo.verify()


def test_a_second_opening_balance_for_an_area_is_refused(repo):
    repo.record_opening(pid(repo, 101), "east", 5000, "2025-01-01")
    with pytest.raises(DomainError) as err:
        repo.record_opening(pid(repo, 102), "east", 7000, "2024-12-31")
    assert err.value.code == "opening_exists" and err.value.params["seq"] == 1
    assert len(repo.ledger("east")) == 1 and repo.balance("east") == 5000
    repo.record_opening(pid(repo, 103), "west", 7000, "2024-12-31")  # another area's own


def test_an_opening_balance_of_a_day_after_the_accounts_begin_or_after_today_is_refused(
        repo):
    spend(repo)  # the accounts begin on 2025-03-01; today is the 10th
    repo.clock = StepClock(datetime(2025, 3, 10, 9, 0, tzinfo=CHINA_TZ))
    for day, code in (("2025-03-02", "opening_after_lines"), ("2099-01-01", "bad_date"),
                      ("2025-02-30", "bad_date"), ("昨天", "bad_date")):
        with pytest.raises(DomainError) as err:
            repo.record_opening(pid(repo, 101), "east", 5000, day)
        assert err.value.code == code, day
    assert repo.opening("east") is None and repo.balance("east") == -800


@pytest.mark.parametrize(("amount", "code"), [
    (0, "zero"), (12.5, "bad_amount"), ("5000", "bad_amount"), (True, "bad_amount"),
    (10**12, "too_large"), (-10**12, "too_large")])
def test_an_opening_balance_that_is_not_whole_fen_is_refused(repo, amount, code):
    with pytest.raises(DomainError) as err:
        repo.record_opening(pid(repo, 101), "east", amount, "2024-12-31")
    assert err.value.code == code
    assert repo.ledger("east") == []


def test_a_deficit_is_carried_over_below_zero_and_the_line_says_so(repo):
    line = repo.record_opening(pid(repo, 101), "east", -34000, "2024-12-31",
                               note="垫付的清运费，待还")
    assert line["amount_fen"] == -34000 and line["purpose"] == "期初结转（纸质账本，赤字）"
    assert repo.balance("east") == -34000 and repo.month_totals("east", "2024-12") == (0, 0)


def test_only_a_volunteer_of_the_area_or_an_admin_records_it_and_never_as_an_entry(repo):
    with pytest.raises(PermissionDenied):
        repo.record_opening(pid(repo, 103), "east", 5000, "2024-12-31")  # west's
    with pytest.raises(DomainError) as err:
        repo.submit(pid(repo, 101), Kind.OPENING_BALANCE, "east",
                    {"amount_fen": 5000, "date": "2024-12-31"})
    assert err.value.code == "use_opening"
    assert repo.ledger("east") == []


def test_an_opening_balance_typed_wrong_is_reversed_and_replaced_once_approved(repo):
    repo.record_opening(pid(repo, 101), "east", 5000, "2024-12-31", note="手写账本")
    spend(repo)  # line 2, ¥8.00
    rev = repo.reverse("east", 1, pid(repo, 101), "期初金额少打了一个0", right_fen=50000)
    assert repo.balance("east") == 5000 - 800 and len(repo.ledger("east")) == 2  # waits
    with pytest.raises(PermissionDenied):  # another volunteer approves it (maker-checker)
        repo.approve(rev.id, pid(repo, 101))
    repo.approve(rev.id, pid(repo, 102))
    lines = repo.ledger("east")
    reversal, right = lines[2], lines[3]
    assert reversal["kind"] == "reversal" and reversal["amount_fen"] == -5000
    assert reversal["purpose"] == "冲正第 1 笔：期初金额少打了一个0"
    assert reversal["category"] == "opening" and reversal["reverses"] == 1
    assert right["kind"] == "opening" and right["amount_fen"] == 50000 and right["replaces"] == 1
    assert right["date"] == "2024-12-31" and right["note"] == "手写账本"
    assert right["approved_by"] == reversal["approved_by"]
    assert repo.balance("east") == 50000 - 800
    assert repo.opening("east")["seq"] == 4
    figures = ledger_rules.figures(lines)  # carried over: still no income or expense
    assert figures["income_fen"] == 0 and figures["expense_fen"] == 800
    assert figures["opening_fen"] == 50000 and figures["balance_fen"] == 49200
    assert repo.verify()
    with pytest.raises(DomainError) as err:  # corrected: not again
        repo.reverse("east", 1, pid(repo, 101), "再冲一次", right_fen=60000)
    assert err.value.code == "already_reversed"


def test_the_right_amount_is_for_an_opening_balance_only_and_must_differ(repo):
    repo.record_opening(pid(repo, 101), "east", 5000, "2024-12-31")
    spend(repo)
    for seq, fen, code in ((2, 900, "right_not_opening"), (1, 5000, "right_same"),
                           (1, 0, "zero"), (1, 10**12, "too_large")):
        with pytest.raises(DomainError) as err:
            repo.reverse("east", seq, pid(repo, 101), "写错了", right_fen=fen)
        assert err.value.code == code, (seq, fen)
    assert [x["seq"] for x in repo.recent_reversible("east")] == [2, 1]


def test_an_opening_balance_reversed_alone_may_be_recorded_again_naming_it(repo):
    repo.record_opening(pid(repo, 101), "east", 5000, "2024-12-31")
    rev = repo.reverse("east", 1, pid(repo, 101), "日期写错了")
    repo.approve(rev.id, pid(repo, 102))
    assert repo.opening("east") is None and repo.balance("east") == 0
    line = repo.record_opening(pid(repo, 101), "east", 5000, "2024-11-30")
    assert line["replaces"] == 1 and repo.balance("east") == 5000
    assert repo.verify()


def test_the_balance_is_kept_after_a_checkpoint_and_opening_the_folder_again(repo, tmp_path):
    repo.record_opening(pid(repo, 101), "east", 5000, "2024-12-31")
    spend(repo, 300)
    repo.store.checkpoint()  # the indexes saved: read back on opening
    repo.close()
    for readonly in (False, True):
        again = Repository.open(tmp_path / "data", readonly=readonly)
        try:
            assert again.balance("east") == 4700 and again.verify()
            again.check_at_start()
        finally:
            again.close()


def test_the_accounts_page_and_the_notice_show_it_apart_from_the_income(repo):
    from site_builder.collect_money import MoneyCollector
    from site_builder.notice_content import notice_for

    repo.record_opening(pid(repo, 101), "east", -34000, "2024-12-31")
    spend(repo)
    collector = MoneyCollector.__new__(MoneyCollector)
    collector.street, collector.repo, collector.redact = repo.street, repo, str
    collector.keep, collector.stamps = (lambda refs: refs), []
    collector.names, collector.account_mask = HeardMask(()), str  # lines' words as typed
    page = collector.accounts("east", repo.ledger("east"))
    assert page["opening"]["amount_fen"] == -34000 and page["opening"]["date"] == "2024-12-31"
    assert page["opening_fen"] == -34000 and page["balance_fen"] == -34800
    [first] = [x for x in page["lines"] if x["seq"] == 1]
    assert (first["kind_zh"], first["category_zh"]) == ("期初结转", "纸质账本")
    [y2024] = [y for y in page["years"] if y["year"] == "2024"]
    assert y2024["opening_fen"] == -34000 and y2024["categories"] == []
    assert y2024["balance_fen"] == -34000 and y2024["income_fen"] == 0
    notice = notice_for(repo, "east", "2025-03")
    assert notice["carried_fen"] == -34000 and notice["carried_seq"] == 1
    assert notice["income_fen"] == 0 and notice["closing_fen"] == -34800
    assert all(c["category"] != "纸质账本" for c in notice["categories"])


# -- the command ---------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path) -> Path:
    street = tmp_path / "street.yaml"
    street.write_text(SMALL_STREET, encoding="utf-8")
    data = tmp_path / "data"
    result = runner.invoke(app, ["init", "--config", str(street), "--data", str(data),
                                 "--project", str(tmp_path / "project")])
    assert result.exit_code == 0, result.output
    return data


def run(folder, *args):
    return runner.invoke(app, ["opening-balance", *args, "--by", "甲志愿者", "--yes",
                               "--data", str(folder)])


def test_the_command_books_it_once_and_refuses_a_second(folder):
    result = run(folder, "东小区", "1234.50", "--as-of", "2024-12-31", "--note", "手写账本")
    assert result.exit_code == 0, result.output
    assert "期初结转（纸质账本），2024-12-31，¥1,234.50" in result.output
    assert "第 1 笔" in result.output
    again = run(folder, "east", "10", "--as-of", "2024-12-31")
    assert again.exit_code == 2 and "已经登记过期初余额了（第 1 笔" in again.output
    repo = Repository.open(folder)
    try:
        assert repo.balance("east") == 123450 and repo.verify()
    finally:
        repo.close()


def test_the_command_carries_a_deficit_over_with_deficit(folder):
    result = run(folder, "east", "340", "--deficit", "--as-of", "2024-12-31")
    assert result.exit_code == 0, result.output
    assert "-¥340.00（赤字" in result.output
    repo = Repository.open(folder)
    try:
        assert repo.balance("east") == -34000
    finally:
        repo.close()


@pytest.mark.parametrize("amount", ["1234.567", "1,234", "一千", "12e3", "¥", "0"])
def test_the_command_refuses_an_amount_not_in_yuan_and_writes_nothing(folder, amount):
    result = run(folder, "east", amount, "--as-of", "2024-12-31")
    assert result.exit_code == 2, result.output
    repo = Repository.open(folder)
    try:
        assert repo.ledger("east") == []
    finally:
        repo.close()


def test_the_built_accounts_page_says_the_balance_counts_the_opening_and_a_deficit_so(
        repo, tmp_path):
    from test_site_helpers import make_project

    from site_builder import build_site

    repo.record_opening(pid(repo, 101), "east", -34000, "2024-12-31", note="垫付的清运费，待还")
    spend(repo)
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    east = (project / "content" / "areas" / "east" / "accounts.md").read_text("utf-8")
    said = east.index("账户余额 = 期初结转 + 累计收入 − 累计支出")
    text = east[said:said + 600]
    assert re.search(r"纸质账本到 <span class=\"steward-date\">2024&#45;12&#45;31</span> "
                     r"结存的钱", text), text  # the date whole on a phone
    assert "是**赤字**：纸质账本结束时欠着这些钱" in text, text
    assert "余额是负数：记下的支出多于期初结转和记下的收入之和" in text, text
    assert "还没有作为期初结转记进来" not in text  # it is in: that is not the cause
    assert "期初结转 &#45;¥340&#46;00（" in text, text  # the amount, under the figures
    older = (project / "content" / "areas" / "east" / "accounts-2024.md").read_text("utf-8")
    assert "期初结转（纸质账本，赤字）" in older and "-¥340.00" in older
    feed = (project / "content" / "feed.xml").read_text("utf-8")  # the latest changes
    assert "账目第 1 笔：期初结转 -¥340.00" in feed  # a deficit keeps its sign


def test_the_stats_page_shows_the_opening_balance_so_its_money_adds_up(repo, tmp_path):
    # the street's stats listed income, expense and balance only: an area with a paper
    # book's balance read ¥0.00 − ¥8.00 = ¥1,226.50, which a reader cannot make add up
    from test_site_helpers import make_project

    from site_builder import build_site

    repo.record_opening(pid(repo, 101), "east", 123450, "2024-12-31")
    spend(repo)
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    stats = (project / "content" / "stats.md").read_text("utf-8")
    money = stats[stats.index("## 各小区收支"):]
    assert "余额 = 期初结转 + 累计收入 − 累计支出" in money, money
    assert '<th scope="col" class="n">期初结转</th>' in money, money
    east = next(row for row in money.split("<tr>") if 'areas/east/' in row)
    cells = re.findall(r'data-label="([^"]+)">(?:<strong>)?([^<]+)<', east)
    assert cells == [("期初结转", "¥1,234.50"), ("累计收入", "¥0.00"),
                     ("累计支出", "¥8.00"), ("余额", "¥1,226.50")], east
    west = next(row for row in money.split("<tr>") if 'areas/west/' in row)
    assert 'data-label="期初结转">¥0.00<' in west, west  # an area without one: none


def test_the_stats_page_without_any_opening_balance_has_no_such_column(repo, tmp_path):
    from test_site_helpers import make_project

    from site_builder import build_site

    spend(repo)
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    stats = (project / "content" / "stats.md").read_text("utf-8")
    money = stats[stats.index("## 各小区收支"):]
    assert "期初结转" not in money and "余额 = 累计收入 − 累计支出" in money, money


def test_the_overview_and_home_page_give_the_years_starting_balance_so_it_adds_up(
        repo, tmp_path):
    # 城建小区's overview read 账户余额 ¥3,489.50 above 2025 年收入 ¥6,930.00，支出
    # ¥5,030.50: a resident's 6,930 − 5,030.50 is 1,899.50, and nothing said where the
    # rest came from (the ¥1,590.00 the area had when the year began)
    from test_site_helpers import make_project

    from site_builder import build_site

    repo.record_opening(pid(repo, 101), "east", 123450, "2024-12-31")
    spend(repo)  # 2025-03-01
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    content = project / "content"
    east = (content / "areas" / "east" / "index.md").read_text("utf-8")
    east = east.replace("&#46;", ".")  # the Markdown's escaped full stops
    assert "- 账户余额：**¥1,226.50**" in east
    assert "- 2025 年：年初余额 ¥1,234.50，收入 ¥0.00，支出 ¥8.00" in east, east
    west = (content / "areas" / "west" / "index.md").read_text("utf-8").replace("&#46;", ".")
    assert "- 2025 年收入 ¥0.00，支出 ¥0.00" in west and "年初余额" not in west, west
    home = (content / "index.md").read_text("utf-8")
    row = next(r for r in home.split("<tr>") if "areas/east/" in r)
    assert ('<strong>¥1,226.50</strong><br><span class="steward-sub steward-start">'
            '2025 年初 ¥1,234.50</span>') in row, row
    assert "年初" not in next(r for r in home.split("<tr>") if "areas/west/" in r)


def test_the_months_table_says_its_years_add_up_to_the_balance_with_the_opening(
        repo, tmp_path):
    # 每月收支 said 各年相加是本区的累计收入和支出，两者相减就是余额: not so where a paper
    # book's balance was carried over
    from test_site_helpers import make_project

    from site_builder import build_site

    repo.record_opening(pid(repo, 101), "east", 123450, "2024-12-31")
    spend(repo)
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    for page in ("accounts.md", "accounts-2024.md"):
        text = (project / "content" / "areas" / "east" / page).read_text("utf-8")
        said = text[text.index("各年相加是本区的累计收入和支出"):].split("\n")[0]
        assert "两者相减再加上期初结转 ¥1,234&#46;50（纸质账本结存的钱，不算收入）就是余额" \
            in said, (page, said)
    year = (project / "content" / "areas" / "east" / "accounts-2024.md").read_text("utf-8")
    assert "期初结转（纸质账本）¥1,234&#46;50，不算收入，不在表中" in year  # not ¥…50不算
    west = (project / "content" / "areas" / "west" / "accounts.md").read_text("utf-8")
    assert "期初结转" not in west


async def test_accounts_in_the_bot_says_the_balance_includes_the_opening_balance(repo):
    from bot_harness import BotHarness
    from conftest import confirmed_resident

    confirmed_resident(repo, 201, "c1/1/1/101", 101)
    repo.record_opening(pid(repo, 101), "east", 86000, "2024-12-31")
    spend(repo)
    async with BotHarness(repo) as bot:
        [said] = await bot.send(201, "/accounts")
        [west] = await bot.send(103, "/accounts")  # west's volunteer: none carried over
    assert "¥852.00" in said.text, said.text
    assert "其中包括期初结转 ¥860.00：纸质账本到 2024-12-31 结存的钱，记为第 1 笔" in said.text
    assert "本月（2025年3月）：收入 ¥0.00" in said.text, said.text  # no income of the month
    assert "期初结转" not in west.text


def test_a_notice_printed_before_the_line_is_signed_says_so_in_chinese_too(folder, tmp_path):
    """The opening balance booked with the bot stopped, then `steward notice` before any
    build (tried deploying by the README): the English said 'head of line 1 … (unsigned)'
    and the Chinese nothing of the head, while the paper printed 尚未签名. Now the
    Chinese names the head and that it is not signed, and says how to have it signed."""
    assert run(folder, "东小区", "1234.50", "--as-of", "2024-12-31").exit_code == 0
    month = datetime.now(CHINA_TZ).strftime("%Y-%m")
    out = tmp_path / "n.pdf"
    result = runner.invoke(app, ["notice", "east", "--month", month, "--data", str(folder),
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    first, note = result.output.splitlines()[:2]
    zh, _, en = first.partition(" / ")
    assert re.search(r"第 1 笔的链头 [0-9a-f]{16}（尚未签名）$", zh), first
    assert re.search(r"head of line 1 [0-9a-f]{16} \(unsigned\)$", en), first
    assert ", 1 line, balance ¥1,234.50" in en, first  # it read '1 lines'
    assert note.startswith("注意：这一期的链头还没有签名") and "steward build" in note, note


# -- after the area's accounts were signed ------------------------------------------------


def signed_then_later(repo, day="2025-04-10"):
    """East's first line published and its head signed (the notice at the gate), then
    the clock moves on to ``day``."""
    from db.heads import record_heads

    spend(repo)
    assert record_heads(repo)
    repo.clock.now = datetime.fromisoformat(f"{day}T09:00:00+08:00")


def test_an_opening_balance_dated_before_a_signed_head_is_booked_the_day_it_is_recorded(repo):
    """Dated 2024-12-31 after March's head was signed, it changed the balance of every
    month and year-end the notices at the gate had printed: it is booked on the day it is
    recorded, its own date said (补记), as a fee or an expense found late is."""
    from site_builder.notice_content import notice_for

    signed_then_later(repo)
    march = notice_for(repo, "east", "2025-03")["closing_fen"]
    preview = repo.record_opening(pid(repo, 101), "east", 123450, "2024-12-31",
                                  note="手写账本", check_only=True)
    assert preview["date"] == "2025-04-10" and preview["occurred_on"] == "2024-12-31"
    assert preview["signed"] == "2025-03-01"
    line = repo.record_opening(pid(repo, 101), "east", 123450, "2024-12-31", note="手写账本")
    assert line["date"] == "2025-04-10"
    assert line["note"] == "补记：纸质账本截至 2024-12-31 的结存；手写账本"
    figures = ledger_rules.figures(repo.ledger("east"))
    assert [(y["year"], y["opening"], y["balance"]) for y in figures["years"]] == [
        ("2025", 123450, 122650)]
    assert notice_for(repo, "east", "2025-03")["closing_fen"] == march == -800
    april = notice_for(repo, "east", "2025-04")
    assert april["carried_fen"] == 123450
    # the notice at the gate says which day's paper book it is
    assert "（补记：纸质账本截至 2024-12-31 的结存）" in april["lines"][-1]["text"]
    assert repo.opening("east")["as_of"] == "2024-12-31"
    assert repo.verify()
    # the accounts page says the paper book's day, not the day it was booked
    from site_builder.collect_money import MoneyCollector

    collector = MoneyCollector.__new__(MoneyCollector)
    collector.street, collector.repo, collector.redact = repo.street, repo, str
    collector.keep, collector.stamps = (lambda refs: refs), []
    collector.names, collector.account_mask = HeardMask(()), str  # lines' words as typed
    page = collector.accounts("east", repo.ledger("east"))
    assert page["opening"]["as_of"] == "2024-12-31" and page["opening"]["seq"] == 2
    assert page["opening"]["date"] == "2025-04-10"


def test_an_opening_balance_before_any_head_is_signed_keeps_its_own_date(repo):
    spend(repo)
    line = repo.record_opening(pid(repo, 101), "east", 5000, "2024-12-31")
    assert line["date"] == "2024-12-31" and line["note"] is None
    assert repo.opening("east")["as_of"] == "2024-12-31"


def test_the_command_says_an_opening_balance_after_a_signed_head_is_booked_today(folder):
    from db.heads import record_heads

    repo = Repository.open(folder)
    try:
        spend(repo)
        assert record_heads(repo)  # signed today: the notice at the gate
    finally:
        repo.close()
    result = run(folder, "east", "1234.50", "--as-of", "2024-12-31")
    assert result.exit_code == 0, result.output
    assert "补记：纸质账本截至 2024-12-31 的结存" in result.output
    assert "已经印出、贴出的公示单上的数字都不变" in result.output
    assert "the notices already posted keep their figures" in result.output


async def test_reverse_of_the_opening_balance_asks_the_right_amount_and_books_it(repo):
    """/reverse 78 on 城建小区's opening balance (steward chat on the demo) answered that it
    cannot be reversed: tell the street office's admin. A treasurer who typed it wrong
    now corrects it there: the right amount asked, approved by another volunteer."""
    from bot_harness import BotHarness

    repo.record_opening(pid(repo, 101), "east", 5000, "2024-12-31")
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, "/reverse 1 期初金额少打了一个0")
        assert "期初结转" in asked[-1].text and "正确的金额" in asked[-1].text, asked[-1].text
        assert "截至 2024-12-31" in asked[-1].text  # the paper book's day
        wrong = await bot.send(101, "五百块零五毛五分五")
        assert "正确的金额" in wrong[-1].text
        shown = await bot.send(101, "500")
        assert "正确的期初结转：¥500.00" in shown[-1].text and "代替第 1 笔" in shown[-1].text
        assert not repo.entries(kind=Kind.REVERSAL)
        posted = await bot.press(101, "rev:ok:1")
        [rev] = repo.entries(kind=Kind.REVERSAL)
        assert rev.data["right_fen"] == 50000
        [post] = [c.text for c in posted if c.chat_id == 102 and "待审核" in c.text]
        assert "正确的期初结转：¥500.00" in post, post  # the checker sees both amounts
        approved = await bot.send(102, f"/approve {rev.id}")
    [told] = [c for c in approved if c.chat_id == 101]
    assert "第 3 笔" in told.text and "不需要再登记" in told.text and not told.buttons()
    assert repo.balance("east") == 50000 and repo.ledger("east")[-1]["replaces"] == 1


async def test_reverse_of_an_opening_deficit_takes_the_right_deficit(repo):
    from bot_harness import BotHarness

    repo.record_opening(pid(repo, 101), "east", -5000, "2024-12-31")
    async with BotHarness(repo) as bot:
        await bot.send(101, "/reverse 1 赤字记错了")
        shown = await bot.send(101, "-80")
        assert "正确的期初结转：-¥80.00" in shown[-1].text, shown[-1].text
        await bot.press(101, "rev:ok:1")
    [rev] = repo.entries(kind=Kind.REVERSAL)
    assert rev.data["right_fen"] == -8000 and rev.data["amount_fen"] == 5000


async def test_an_opening_balance_booked_late_is_corrected_as_of_the_paper_books_day(repo):
    """Booked after a signed head (dated the day it was recorded, 补记), the right one keeps
    the paper book's day, is booked the day it is approved, and the notices printed
    before keep their figures; /reverse names the paper book's day, not the booking's."""
    from bot_harness import BotHarness

    from site_builder.notice_content import notice_for

    signed_then_later(repo)
    repo.record_opening(pid(repo, 101), "east", 12345, "2024-12-31")  # line 2, 2025-04-10
    march = notice_for(repo, "east", "2025-03")["closing_fen"]
    repo.clock.now = datetime.fromisoformat("2025-05-06T09:00:00+08:00")
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, "/reverse 2 少打了一个0")
        assert "截至 2024-12-31" in asked[-1].text, asked[-1].text
        await bot.send(101, "1234.50")
        await bot.press(101, "rev:ok:2")
    [rev] = repo.entries(kind=Kind.REVERSAL)
    repo.approve(rev.id, pid(repo, 102))
    right = repo.ledger("east")[-1]
    assert right["replaces"] == 2 and right["amount_fen"] == 123450
    assert right["date"] == "2025-05-06"
    assert right["note"] == "补记：纸质账本截至 2024-12-31 的结存"
    assert repo.opening("east")["as_of"] == "2024-12-31"
    assert notice_for(repo, "east", "2025-03")["closing_fen"] == march
    assert notice_for(repo, "east", "2025-05")["carried_fen"] == 123450 - 12345
    assert repo.balance("east") == 123450 - 800 and repo.verify()


def _accounts_page(repo):
    from site_builder.collect_money import MoneyCollector

    collector = MoneyCollector.__new__(MoneyCollector)
    collector.street, collector.repo, collector.redact = repo.street, repo, str
    collector.keep, collector.stamps = (lambda refs: refs), []
    collector.names, collector.account_mask = HeardMask(()), str  # lines' words as typed
    return collector.accounts("east", repo.ledger("east"))


def test_the_accounts_page_names_the_opening_balance_that_stands(repo):
    repo.record_opening(pid(repo, 101), "east", 5000, "2024-12-31")
    rev = repo.reverse("east", 1, pid(repo, 101), "少打了一个0", right_fen=50000)
    repo.approve(rev.id, pid(repo, 102))
    page = _accounts_page(repo)
    assert page["opening"]["seq"] == 3 and page["opening"]["amount_fen"] == 50000
    assert page["opening_fen"] == 50000 and page["balance_fen"] == 50000
    [reversal] = [x for x in page["lines"] if x["kind"] == "reversal"]
    assert reversal["category_zh"] == "纸质账本"  # not an expense category: carried back
    rev = repo.reverse("east", 3, pid(repo, 101), "这个区域没有纸质账本")  # alone: none left
    repo.approve(rev.id, pid(repo, 102))
    page = _accounts_page(repo)
    assert page["opening"] is None and page["balance_fen"] == 0 and page["income_fen"] == 0
