"""The site builder's Markdown stage (no MkDocs): what is published, what is
not, and that builds are repeatable and incremental."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from conftest import pid
from test_site_helpers import (
    DATE,
    EAST_101,
    EAST_102,
    EAST_201,
    PENDING_TEXT,
    PHONE,
    REJECTED_TEXT,
    fill_street,
    make_project,
    new_repo,
    unwrapped,
)
from typer.testing import CliRunner

import site_builder.build as build_module
from db.entries import Kind
from site_builder import build_site


@pytest.fixture
def street(tmp_path):
    repo = new_repo(tmp_path / "data")
    ids = fill_street(repo)
    yield repo, ids
    repo.close()


def md(project: Path, rel: str) -> str:
    return (project / "content" / rel).read_text("utf-8")


def all_text(project: Path) -> str:
    content = project / "content"
    return "\n".join(p.read_text("utf-8", errors="replace") for p in sorted(content.rglob("*"))
                     if p.is_file() and p.suffix in (".md", ".json", ".csv", ".xml", ".svg"))


def test_pending_and_rejected_entries_never_reach_the_site(street, tmp_path):
    repo, ids = street
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    text = all_text(project)
    assert PENDING_TEXT not in text
    assert REJECTED_TEXT not in text
    assert "未审核" not in text and "7,777" not in text  # the pending expense
    issues = md(project, "areas/east/issues.md")
    assert f"#{ids['pending']}" not in issues
    # ... while the approved ones are there: the page is not just empty
    assert f"#{ids['light']}" in issues and "2单元路灯不亮" in issues
    assert "路灯材料" in text


def test_only_photos_of_published_entries_are_copied(street, tmp_path):
    repo, ids = street
    project = make_project(tmp_path)
    report = build_site(repo, project, run_mkdocs=False)
    media = project / "content" / "media"
    for key in ("issue_photo", "fixed_photo", "receipt"):
        assert (media / ids[key]).is_file() and (media / "thumbs" / ids[key]).is_file()
    assert not (media / ids["hidden_photo"]).exists()
    assert not (media / ids["fee_receipt"]).exists()  # proof of payment: volunteers only
    assert report.photos == 3


def test_same_store_builds_byte_identical_markdown(street, tmp_path):
    repo, _ = street
    first, second = make_project(tmp_path / "a"), make_project(tmp_path / "b")
    build_site(repo, first, run_mkdocs=False)
    build_site(repo, second, run_mkdocs=False)
    files = sorted(p.relative_to(first) for p in (first / "content").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in (second / "content").rglob("*")
                           if p.is_file())
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_second_build_of_an_unchanged_store_writes_nothing(street, tmp_path):
    repo, _ = street
    project = make_project(tmp_path)
    assert build_site(repo, project, run_mkdocs=False).written
    again = build_site(repo, project, run_mkdocs=False)
    assert again.written == [] and again.removed == []


def test_a_change_rewrites_only_the_pages_it_touches(street, tmp_path):
    repo, ids = street
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.approve(ids["pending"], pid(repo, 101))
    written = set(build_site(repo, project, run_mkdocs=False).written)
    assert "areas/east/issues.md" in written
    assert "downloads/open311/requests.json" in written
    assert not any(path.startswith("areas/west/") for path in written)
    assert "areas/east/accounts.md" not in written
    assert PENDING_TEXT in md(project, "areas/east/issues.md")


def test_generated_files_no_longer_produced_are_removed_but_hand_written_pages_stay(
        street, tmp_path):
    repo, _ = street
    project = make_project(tmp_path)
    stale = project / "content" / "areas" / "gone" / "index.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("old")
    report = build_site(repo, project, run_mkdocs=False)
    assert "areas/gone/index.md" in report.removed
    assert not stale.parent.exists()
    assert (project / "content" / "about.md").is_file()
    assert (project / "content" / "verify.md").is_file()


def test_store_lock_is_released_before_rendering(street, tmp_path, monkeypatch):
    """The store is read an area at a time; each area is rendered (and the street's
    pages) with the lock free, so the bot may write meanwhile."""
    repo, _ = street
    project = make_project(tmp_path)
    seen: list[tuple[str, bool]] = []

    def probing(name, real):
        def render_and_probe(*args, **kwargs):
            def probe():
                got = repo.store.lock.acquire(blocking=False)
                seen.append((name, got))
                if got:
                    repo.store.lock.release()
            t = threading.Thread(target=probe)
            t.start()
            t.join()
            return real(*args, **kwargs)
        return render_and_probe

    for name in ("render_area", "render_street"):
        monkeypatch.setattr(build_module, name, probing(name, getattr(build_module, name)))
    build_site(repo, project, run_mkdocs=False)
    assert seen == [("render_area", True)] * len(repo.street.areas) + [("render_street", True)]


def test_reversal_is_shown_as_such_and_the_original_stays(street, tmp_path):
    repo, _ = street
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = md(project, "areas/east/accounts.md")
    lines = [row for row in page.splitlines() if row.startswith('<tr id="line-')]
    assert len(lines) == len(repo.ledger("east"))
    reversal = next(row for row in lines if '<td class="cat">冲正 · ' in row)
    original_seq = next(x["reverses"] for x in repo.ledger("east") if x["kind"] == "reversal")
    assert f'冲正第 <a href="#line-{original_seq}">{original_seq}</a> 笔' in reversal
    original = next(row for row in lines if f'id="line-{original_seq}"' in row)
    assert "已被第" in original and "纸笔" in original


def test_a_reversed_line_links_to_the_right_one_that_replaces_it_and_back(street, tmp_path):
    repo, _ = street
    [rev] = [x for x in repo.ledger("east") if x["kind"] == "reversal"]
    n = rev["reverses"]
    wrong = repo.line("east", n)
    kind = Kind.EXPENSE if wrong["kind"] == "expense" else Kind.FEE_INCOME
    data = ({"payee": "五金店", "purpose": "买纸笔", "category": "office"}
            if kind == Kind.EXPENSE else {"fee_type": "sanitation", "period": "2025"})
    right = repo.submit(pid(repo, 101), kind, "east", {"amount_fen": 1234, **data,
                                                       "replaces": n})
    repo.approve(right.id, pid(repo, 102))
    m = repo.ledger("east")[-1]["seq"]
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = md(project, "areas/east/accounts.md")
    rows = {int(r.split('"')[1][5:]): r for r in page.splitlines()
            if r.startswith('<tr id="line-')}
    assert (f'已被第 <a href="#line-{rev["seq"]}">{rev["seq"]}</a> 笔冲正，'
            f'正确的一笔见第 <a href="#line-{m}">{m}</a> 笔') in rows[n]
    assert f'代替第 <a href="#line-{n}">{n}</a> 笔' in rows[m]
    assert "代替第" not in rows[rev["seq"]] and "正确的一笔" not in rows[rev["seq"]]
    csv_text = (project / "content" / "downloads" / "east" / "accounts-east.csv"
                ).read_text("utf-8-sig")
    [wrong_row] = [r for r in csv_text.splitlines() if r.startswith(f"{n},")]
    [right_row] = [r for r in csv_text.splitlines() if r.startswith(f"{m},")]
    assert f"已被第 {rev['seq']} 笔冲正，正确的一笔见第 {m} 笔" in wrong_row
    assert f"代替第 {n} 笔" in right_row


def test_every_ledger_line_shows_roles_hash_and_receipt(street, tmp_path):
    repo, ids = street
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = md(project, "areas/east/accounts.md")
    for line in repo.ledger("east"):
        assert f"<code>{line['hash'][:16]}</code>" in page
    assert "物管会主任甲 / 物管会委员乙" in page
    assert f"media/thumbs/{ids['receipt']}" in page
    assert "months-2025.svg" in page and "categories-2025.svg" in page


def test_monthly_chart_is_a_plain_svg(street, tmp_path):
    repo, _ = street
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    svg = (project / "content/areas/east/months-2025.svg").read_text("utf-8")
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "<script" not in svg and "http://www.w3.org/2000/svg" in svg
    assert svg.count("http") == 1  # the namespace only: nothing to fetch
    assert "2025-01" in svg


def test_fee_collection_rate_is_counted_per_building_and_household(street, tmp_path):
    repo, _ = street
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = md(project, "areas/east/fees.md")
    assert f"物业费 · {DATE}2025&#45;01</span>" in page
    # two of the three households of 东小区 1号楼 paid
    assert ('<tr><td class="place">东小区 1号楼</td><td class="n" data-label="应缴户数">3 户</td>'
            '<td class="n" data-label="已缴户数">2 户</td>'
            '<td class="n" data-label="缴费率">66.7%</td>') in page


def test_the_fees_table_says_what_each_count_counts(street, tmp_path):
    """The fees page's table read '楼栋 | 户数 | 已缴户数' over '30 | 28': a bare 30 under
    户数, households of what not said (all of the building's? those that owe?). Its
    columns are 应缴户数 and 已缴户数, each count with its word, '30 户'."""
    repo, _ = street
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = md(project, "areas/east/fees.md")
    assert ('<th scope="col" class="n">应缴户数</th><th scope="col" class="n">已缴户数</th>'
            in page)
    assert 'data-label="户数"' not in page and ">户数</th>" not in page
    assert re.search(r'data-label="应缴户数">\d+ 户</td>'
                     r'<td class="n" data-label="已缴户数">\d+ 户<', page)



def test_a_fee_period_paid_in_full_lists_no_buildings_and_the_unpaid_ones_come_first(
        street, tmp_path):
    # On a phone the demo's 城建小区 fees page was twelve monthly tables of buildings all at
    # 100 % (5 900 px) above the one period two units had not paid. A period paid in full
    # says so in its line; the periods not paid in full are named, linked, at the top.
    repo, _ = street
    v1, v2 = pid(repo, 101), pid(repo, 102)
    for household in (EAST_101, EAST_102, EAST_201):
        fee = repo.submit(v1, Kind.FEE_INCOME, "east", {
            "amount_fen": 12000, "fee_type": "property", "period": "2025-02",
            "household": household})
        repo.approve(fee.id, v2)
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = unwrapped(md(project, "areas/east/fees.md")).replace("&#45;", "-")
    full = page[page.index("## 物业费 · 2025-02"):page.index("## 物业费 · 2025-01")]
    assert "3 / 3 户已缴，缴费率 **100&#46;0%**" in full, full
    assert "各楼栋都已缴齐（不逐楼列出）。" in full and "<table" not in full, full
    short = page[page.index("## 物业费 · 2025-01"):]
    assert '<td class="n" data-label="缴费率">66.7%</td>' in short  # its buildings, as before
    top = page[:page.index("## 物业费 · 2025-02")]
    assert "**还没有缴齐的**：[物业费 · 2025-01](#fee-2)：未缴 1&nbsp;户。" in top, top


def test_the_fees_page_shows_the_latest_period_first(street, tmp_path):
    repo, _ = street
    for period in ("2024-12", "2025-03"):  # around the fixture's 2025-01
        fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
            "amount_fen": 12000, "fee_type": "property", "period": period,
            "household": EAST_101})
        repo.approve(fee.id, pid(repo, 102))
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = md(project, "areas/east/fees.md")
    found = [page.index(f"物业费 · {DATE}{p}</span>") for p in ("2025&#45;03", "2025&#45;01",
                                                                    "2024&#45;12")]
    assert found == sorted(found) and "最近的收费期间在前" in page


def test_vote_tally_shows_households_area_matter_and_explanation(street, tmp_path):
    repo, ids = street
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = unwrapped(md(project, "areas/east/votes.md"))
    result = repo.entry(ids["proposal"]).data["result"]
    assert f"参与：{result['households_voted']}/{result['households_total']} 户" in page
    # exact fractions beside the percentages: of the households and the area that voted
    assert ('<tr><td class="title">同意</td><td class="n" data-label="户数">2/3 户（66.7%）</td>'
            '<td class="n" data-label="面积">160.0/240.0 m²（66.7%）</td></tr>') in page
    assert "表决事项：日常事项" in page and "简单多数" in page and "纸质签名 1 户" in page
    assert result["explanation_zh"].split("，")[0] in page


def test_project_shows_budget_against_spent_and_linked_expenses(street, tmp_path):
    repo, ids = street
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = md(project, "areas/east/projects.md")
    assert f"项目 #{ids['proposal']} · 施工中" in page
    assert "预算：¥5,000&#46;00；已支出：**¥350&#46;00**" in page
    assert '<a href="../accounts/#line-' in page and ">-¥350.00</td>" in page and "已开工" in page
    assert f"media/thumbs/{ids['fixed_photo']}" in page


def test_issue_shows_age_me_too_progress_and_photos(street, tmp_path):
    repo, ids = street
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = md(project, "areas/east/issues.md")
    assert "未解决 1 件，已解决或关闭 1 件" in page
    section = page.split(f'<article class="steward-issue" id="issue-{ids["septic"]}">')[1]
    section = section.split("</article>")[0]
    assert "附议（我也遇到）：1 户" in section
    assert "用时 不到 1 天" in section  # closed the same day: not "0.0 天"
    assert "已清掏完毕" in section
    assert "东小区 1号楼 1单元" in section
    # the photos come under the text, as thumbnails linking to the full photo
    text_at = section.index("3号楼化粪池堵了")
    thumb_at = section.index(f"media/thumbs/{ids['issue_photo']}")
    assert text_at < thumb_at < section.index("处理经过")
    assert f'<a href="../../../media/{ids["issue_photo"]}"><img' in section


def test_phone_numbers_typed_in_text_are_masked(street, tmp_path):
    repo, _ = street
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    assert PHONE not in all_text(project)
    assert "电话已隐藏" in md(project, "areas/east/issues.md")


def test_open311_files_have_the_georeport_fields(street, tmp_path):
    repo, ids = street
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    downloads = project / "content" / "downloads"
    services = json.loads((downloads / "open311/services.json").read_text("utf-8"))
    assert {"service_code", "service_name", "metadata", "type"} <= set(services[0])
    requests = json.loads((downloads / "open311/requests.json").read_text("utf-8"))
    assert {r["service_request_id"] for r in requests} == {f"east-{ids['septic']}",
                                                          f"east-{ids['light']}"}
    septic = next(r for r in requests if r["service_code"] == "septic")
    assert septic["status"] == "closed" and septic["status_notes"] == "已清掏完毕"
    for key in ("description", "requested_datetime", "updated_datetime", "address",
                "media_url", "service_name"):
        assert septic[key], key
    assert septic["address"] == "东小区 1号楼 1单元"  # the compound named once, not twice
    light = next(r for r in requests if r["service_code"] == "lighting")
    assert light["status"] == "open"


def test_ledger_downloads_match_the_store(street, tmp_path):
    repo, _ = street
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    doc = json.loads((project / "content/downloads/east/ledger.json").read_text("utf-8"))
    assert doc["head"] == repo.chain_heads()["east"][1]
    assert [x["hash"] for x in doc["lines"]] == [x["hash"] for x in repo.ledger("east")]
    csv_text = (project / "content/downloads/east/ledger.csv").read_text("utf-8")
    assert len(csv_text.strip().splitlines()) == len(repo.ledger("east")) + 1


def test_atom_feed_lists_published_changes_newest_first(street, tmp_path):
    repo, _ = street
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring((project / "content/feed.xml").read_bytes())
    updated = [e.findtext("a:updated", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert updated and updated == sorted(updated, reverse=True)
    assert feed.findtext("a:updated", namespaces=ns) == updated[0]
    titles = " ".join(e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns))
    assert "账目第" in titles and "报事" in titles and PENDING_TEXT not in titles


def test_home_page_table_has_every_area_with_balance(street, tmp_path):
    repo, _ = street
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = md(project, "index.md")
    rows = [row for row in page.splitlines() if row.startswith("<tr><td class=\"title\">")]
    east, west = rows
    assert '<a href="areas/east/">东小区</a>' in east and '<a href="areas/west/">西小区</a>' in west
    # balance, this year's income and spending (240 in, 350 out), the fee rate, open issues
    assert "物管会 · 3 户" in east and "<strong>-¥110.00</strong>" in east
    assert '"2025 年收入">¥240.00<' in east and '"2025 年支出">¥350.00<' in east
    assert f'66.7%<br><span class="steward-sub">物业费 {DATE}2025-01</span>' in east
    assert '"未解决报事"><a href="areas/east/#open">1 件</a>' in east
    assert "社区托管 · 2 户" in west and "<strong>-¥5.00</strong>" in west


def test_statistics_count_issues_by_category(street, tmp_path):
    repo, _ = street
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = md(project, "stats.md")
    # each count says its unit: a card on a phone read "报事总数：1", "未解决：0"
    assert ('<tr><td class="title">化粪池/下水道</td><td class="n" data-label="报事总数">1 件</td>'
            '<td class="n" data-label="未解决">0 件</td><td class="n" data-label="已解决或关闭">'
            '1 件</td>') in page
    assert ('<td class="title">路灯照明</td><td class="n" data-label="报事总数">1 件</td>'
            '<td class="n" data-label="未解决">1 件</td><td class="n" data-label="已解决或关闭">'
            '0 件</td><td class="n" data-label="解决用时中位数（天）">—</td>') in page



def test_statistics_list_the_categories_without_reports_in_one_line(street, tmp_path):
    # On a phone each category was a card of four lines, those with no report too: the
    # demo's 管线维修 and 邻里纠纷 were two cards of "0 件 · 0 件 · 0 件 · —" among seven.
    from db.entries import ISSUE_CATEGORIES

    repo, _ = street
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = md(project, "stats.md")
    section = page[page.index("## 报事类别"):page.index("## 各小区报事")]
    rows = [r for r in section.splitlines() if r.startswith('<tr><td class="title">')]
    assert [r.split("</td>")[0].rpartition(">")[2] for r in rows] == ["路灯照明", "化粪池/下水道"]
    assert '"报事总数">0 件' not in section
    none = [label for code, label in ISSUE_CATEGORIES.items()
            if code not in ("lighting", "septic")]
    assert f"没有报事的类别：{'、'.join(none)}。" in section, section


def test_households_appear_at_most_as_building_and_unit(street, tmp_path):
    repo, _ = street
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    text = all_text(project)
    assert "1单元 101" not in text and "1单元 201" not in text
    assert EAST_201 not in text and "c1/1/1/" not in text
    # the fees of 101 and 102 are published with their building and unit
    public = repo.street.household_label(EAST_101, public=True)
    assert public and public in md(project, "areas/east/accounts.md")


def test_a_deployment_can_override_a_template(street, tmp_path):
    repo, _ = street
    project = make_project(tmp_path)
    (project / "templates").mkdir()
    (project / "templates" / "stats.md.j2").write_text("# 本地统计\n", "utf-8")
    build_site(repo, project, run_mkdocs=False)
    assert md(project, "stats.md") == "# 本地统计\n"


def test_steward_build_cli_writes_content_and_site(tmp_path):
    from steward_cli import app

    repo = new_repo(tmp_path / "data")
    repo.submit(pid(repo, 101), Kind.ANNOUNCEMENT, "east", {"text": "停水通知"})
    repo.close()
    project = make_project(tmp_path)
    result = CliRunner().invoke(app, ["build", "--data", str(tmp_path / "data"),
                                      "--project", str(project)])
    assert result.exit_code == 0, result.output
    assert "pages" in result.output
    assert (project / "site" / "index.html").is_file()
    assert "停水通知" in (project / "site/areas/east/announcements/index.html").read_text("utf-8")


def test_steward_build_into_a_new_folder_creates_the_site_project_first(tmp_path):
    from steward_cli import app

    new_repo(tmp_path / "data").close()
    result = CliRunner().invoke(app, ["build", "--data", str(tmp_path / "data"),
                                      "--project", str(tmp_path / "new")])
    assert result.exit_code == 0, result.output
    assert "Site project created" in result.output
    assert (tmp_path / "new/mkdocs.yml").is_file() and (tmp_path / "new/site/index.html").is_file()


def test_steward_build_refuses_a_folder_that_is_not_a_site_project(tmp_path):
    from steward_cli import app

    new_repo(tmp_path / "data").close()
    (tmp_path / "other").mkdir()
    (tmp_path / "other/notes.txt").write_text("mine", "utf-8")
    result = CliRunner().invoke(app, ["build", "--data", str(tmp_path / "data"),
                                      "--project", str(tmp_path / "other")])
    assert result.exit_code == 2
    assert "mkdocs.yml" in result.output and "steward site init" in result.output
    assert sorted(p.name for p in (tmp_path / "other").iterdir()) == ["notes.txt"]


def _yuan(fen: int) -> str:
    return f"{'-' if fen < 0 else ''}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def test_people_csv_opens_in_excel_with_chinese_headers_yuan_and_the_sites_line_numbers(
        street, tmp_path):
    import csv
    import io

    from site_builder.exports import PEOPLE_COLUMNS

    repo, ids = street
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    raw = (project / "content/downloads/east/accounts-east.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel and WPS then read UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == PEOPLE_COLUMNS and rows[0][0] == "序号"
    ledger = repo.ledger("east")
    assert [int(r[0]) for r in rows[1:]] == [line["seq"] for line in ledger]
    balance = 0
    for row, line in zip(rows[1:], ledger, strict=True):
        balance += line["amount_fen"]
        assert row[4] == _yuan(line["amount_fen"]) and row[5] == _yuan(balance)
    fee = next(r for r in rows if r[3] == "物业费")
    assert fee[2] == "收入" and fee[4] == "120.00" and fee[7] == "2025-01"
    assert any(r[2] == "冲正" and r[10].startswith("冲正第 ") for r in rows)
    assert any(r[11].endswith(f"media/{ids['receipt']}") for r in rows)
    # a line without a receipt says so, as the site does: an empty cell read as missing
    assert all(r[11] for r in rows[1:]) and "无收据" in {r[11] for r in rows[1:]}, rows
    # the machine files stay in fen with codes, for verification
    machine = (project / "content/downloads/east/ledger.csv").read_text("utf-8")
    assert machine.startswith("area,seq,") and ",property," in machine


def test_people_csv_cells_are_never_read_as_formulas():
    from site_builder.exports import people_csv

    line = {"seq": 1, "date": "2025-01-02", "kind": "expense", "kind_zh": "支出",
            "category_zh": "其他", "amount_fen": -500, "purpose": "=HYPERLINK(\"http://x\")",
            "period": "",
            "household_ref": "", "payee": "@SUM(A1)", "reverses": None, "reversed_by": None,
            "receipt": None, "recorded_by": "+1", "approved_by": "-1"}
    text = people_csv({"lines": [line]}, "").decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text and ",'+1,'-1" in text
    assert ",-5.00,-5.00," in text  # amounts stay numbers


def test_fees_recorded_for_a_whole_unit_are_counted_as_units_not_as_no_household(street,
                                                                                tmp_path):
    repo, _ = street
    fee = repo.submit(pid(repo, 103), Kind.FEE_INCOME, "west", {
        "amount_fen": 6000, "fee_type": "sanitation", "period": "2025-02", "unit": "c2/1/1",
        "unit_label": "西小区 1号楼 1单元"})
    repo.approve(fee.id, pid(repo, 104))
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    page = md(project, "areas/west/fees.md")
    assert "按单元收取：1 / 1 个单元已缴，缴费率 **100&#46;0%**" in page and "户已缴" not in page
    # paid in full: no table of buildings each at 100 % (test_a_fee_period_paid_in_full_...)
    assert "各楼栋都已缴齐（不逐楼列出）。" in page and "<table" not in page
    home = md(project, "index.md")
    west = next(row for row in home.splitlines() if 'href="areas/west/"' in row)
    assert "100.0%" in west and f"卫生费 {DATE}2025-02</span>（按单元）" in west


def test_requests_json_is_not_read_again_while_its_items_are_the_same(street, tmp_path,
                                                                       monkeypatch):
    import site_builder.build as build

    repo, ids = street
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    compared: list[str] = []
    holds = build.holds
    monkeypatch.setattr(build, "holds", lambda path, pieces: compared.append(path.name)
                        or holds(path, pieces))
    build_site(repo, project, run_mkdocs=False)  # a whole build from the area cache
    assert "requests.json" not in compared
    path = project / "content" / "downloads" / "open311" / "requests.json"
    before = path.read_bytes()
    repo.approve(ids["pending"], pid(repo, 101))  # an issue made public: a new item
    assert "downloads/open311/requests.json" in build_site(repo, project,
                                                           run_mkdocs=False).written
    assert "requests.json" in compared and path.read_bytes() != before
    fresh = make_project(tmp_path / "fresh")
    build_site(repo, fresh, run_mkdocs=False)
    assert (fresh / "content" / "downloads" / "open311" / "requests.json").read_bytes() == \
        path.read_bytes()
