"""The 账本核验 page's check made in the reader's own browser (content/assets/steward_verify.js),
in Debian's chromium driven by Playwright over a local HTTP server: every chain, the head
log and its Ed25519 signatures, every signed head against its ledger, and a head typed
from a paper notice. The files the page reads are altered between runs, as someone
rewriting the published record would, and the page must say which area and line."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import pytest
from browser_support import chromium, phone_page, serve
from test_site_helpers import fill_street, make_project, new_repo

from db.heads import record_heads, start_signing
from site_builder import build_site


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _line_hash(line: dict) -> str:
    return hashlib.sha256(_canonical({k: v for k, v in line.items() if k != "hash"})
                          .encode("utf-8")).hexdigest()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("verify")
    repo = new_repo(tmp / "data")
    fill_street(repo)
    start_signing(repo.store.root, repo.clock().isoformat())
    assert record_heads(repo)  # the street office signs each area's head, as at a publish
    ledgers = {a: len(repo.ledger(a)) for a in ("east", "west")}
    project = make_project(tmp)
    build_site(repo, project)
    repo.close()
    with serve(project / "site") as base:
        yield base, project / "site", ledgers


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, served):
    with phone_page(browser, served[0]) as page:
        yield page
        assert page.outside == [], "the check asked another host for something"
        assert page.errors == [], "the check's script failed"
        assert page.dialogs == [], "a script from the downloads ran"


def _rewrite(doc: dict) -> None:
    """A ledger rewritten as one holding the data would: its first line's amount
    changed, every hash after it made again (the chain whole)."""
    prev = "0" * 64
    doc["lines"][0]["amount_fen"] += 1
    for line in doc["lines"]:
        line["prev"] = prev
        line["hash"] = prev = _line_hash(line)
    doc["head"] = prev


class _Altered:
    """Downloaded files changed for one test, each put back by ``restore``."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.kept: dict[Path, bytes] = {}

    def __call__(self, rel: str, change) -> None:
        path = self.site / rel
        self.kept.setdefault(path, path.read_bytes())
        doc = json.loads(path.read_text("utf-8"))
        change(doc)
        path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")

    def restore(self) -> None:
        for path, body in self.kept.items():
            path.write_bytes(body)
        self.kept.clear()


@pytest.fixture
def altered(served):
    """Change a downloaded file for one test (``altered(rel, change)``); put back after."""
    alter = _Altered(served[1])
    yield alter
    alter.restore()


def _check_all(page, base: str, area: str = "") -> list[str]:
    page.goto(base + "integrity/")
    page.select_option("[data-verify=which]", area)
    page.click("[data-verify=all]")
    page.wait_for_selector(".steward-verify-verdict", timeout=60_000)
    return [li.inner_text() for li in page.locator("[data-verify=results] li").all()]


def _check_printed(page, area: str, seq: str, digest: str) -> str:
    page.select_option("[data-verify=area]", area)
    page.fill("[data-verify=seq]", seq)
    page.fill("[data-verify=hash]", digest)
    page.click(".steward-verify-printed button[type=submit]")
    page.wait_for_selector("[data-verify=printed-result] .steward-verify-mark", timeout=30_000)
    return page.inner_text("[data-verify=printed-result]")


def test_the_browser_check_passes_every_chain_and_signature_of_a_true_site(page, served):
    base, site, ledgers = served
    records = json.loads((site / "downloads" / "heads.json").read_text("utf-8"))["records"]
    assert any(r["type"] == "head" for r in records)  # there are signatures to check
    found = _check_all(page, base)
    assert found[0].startswith("通过") and f"{len(records)} 条链头记录" in found[0], found
    for area, n in ledgers.items():
        line = next(x for x in found if f"（{area}）" in x)
        assert line.startswith("通过") and f"{n} 笔，哈希链通过" in line, line
        signed = sum(1 for r in records if r["type"] == "head" and r["area"] == area)
        assert (f"签过名的 {signed} 个链头都在账本里" if signed else "尚未签名") in line, line
    assert any("签名都有效" in x for x in found), found
    assert not any(x.startswith("有问题") for x in found), found


def test_one_compound_is_checked_alone_without_fetching_the_others(page, served, altered):
    """A resident on a phone checks her own compound: only its ledger is downloaded, and
    a fault in another compound's is not hers to be told of."""
    base, _, ledgers = served
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))

    def pay_less(doc):
        doc["lines"][0]["amount_fen"] -= 100

    altered("downloads/west/ledger.json", pay_less)
    found = _check_all(page, base, "east")
    assert found[0].startswith("通过") and "（east）的账本" in found[0], found
    assert any(f"（east）：{ledgers['east']} 笔，哈希链通过" in x for x in found), found
    assert not any("（west）" in x for x in found), found
    assert any(u.endswith("/downloads/east/ledger.json") for u in fetched), fetched
    assert not any("/downloads/west/" in u for u in fetched), fetched
    found = _check_all(page, base)  # all of them: west's fault is found
    assert found[0].startswith("有问题") and any("（west） 第 1 笔" in x for x in found), found


def test_the_order_of_a_downloads_keys_does_not_matter(page, served, altered):
    """JSON does not order an object's keys: the hashes are of the keys sorted, so a file
    written in another order (by another program, a mirror) checks the same."""
    base, _, ledgers = served

    def reorder(doc):
        for name in ("lines", "records"):
            if name in doc:
                doc[name] = [dict(reversed(list(x.items()))) for x in doc[name]]

    altered("downloads/east/ledger.json", reorder)
    altered("downloads/heads.json", reorder)
    assert list(json.loads((served[1] / "downloads/east/ledger.json").read_text("utf-8"))
                ["lines"][0])[0] != "amount_fen"  # not sorted any more
    found = _check_all(page, base)
    assert found[0].startswith("通过"), found
    assert any(f"（east）：{ledgers['east']} 笔，哈希链通过" in x for x in found), found


def test_a_line_altered_in_the_download_is_named_by_area_and_line(page, served, altered):
    base = served[0]

    def pay_less(doc):
        doc["lines"][1]["amount_fen"] -= 100  # its hash left as it was

    altered("downloads/east/ledger.json", pay_less)
    found = _check_all(page, base)
    assert found[0].startswith("有问题") and "发现" in found[0], found
    assert any("（east） 第 2 笔：内容与它的哈希不符" in x for x in found), found
    assert any(x.startswith("通过") and "（west）" in x for x in found), found  # the other stands


def test_a_history_rewritten_with_its_chain_recomputed_fails_the_signed_heads(
        page, served, altered):
    """The chain of a rewritten ledger holds; the heads the street office signed do not."""
    base = served[0]

    altered("downloads/east/ledger.json", _rewrite)
    found = _check_all(page, base)
    assert found[0].startswith("有问题"), found
    east = [x for x in found if "（east）" in x]
    assert any("签名的链头不符" in x and "被改过或删过" in x for x in east), east
    # and why the chain alone could not tell, in words a resident reads
    assert any("所以哈希链本身看不出来；街道办签过名的链头看得出" in x for x in east), east
    assert not any("内容与它的哈希不符" in x for x in east), east  # the chain itself is whole


def test_a_forged_signature_in_the_head_log_is_found(page, served, altered):
    base = served[0]

    def forge(doc):
        head = next(r for r in doc["records"] if r["type"] == "head")
        sig = head["sig"]
        head["sig"] = ("0" if sig[0] != "0" else "1") + sig[1:]

    altered("downloads/heads.json", forge)
    found = _check_all(page, base)
    assert found[0].startswith("有问题"), found
    assert any("签名无效" in x and x.startswith("有问题") for x in found), found


def test_a_paper_notices_head_is_checked_and_a_mistyped_one_says_where_it_differs(
        page, served):
    base, site = served[0], served[1]
    lines = json.loads((site / "downloads" / "east" / "ledger.json").read_text("utf-8"))["lines"]
    seq, digest = len(lines), lines[-1]["hash"]
    page.goto(base + "integrity/")  # without the whole check first
    said = _check_printed(page, "east", f"第 {seq} 笔", digest[:16])
    assert said.startswith("通过") and f"第 {seq} 笔的哈希是 {digest}" in said, said
    wrong = digest[:9] + ("0" if digest[9] != "0" else "1") + digest[10:16]
    said = _check_printed(page, "east", str(seq), wrong)
    assert said.startswith("有问题") and "从第 10 位起不同" in said, said
    said = _check_printed(page, "east", str(seq + 5), digest[:16])
    assert said.startswith("有问题") and f"账本现在只有 {seq} 笔" in said, said
    said = _check_printed(page, "east", str(seq), digest[:5])
    assert said.startswith("有问题") and "至少前 8 位" in said, said


def test_the_check_writes_what_it_read_as_text_never_as_html(page, served, altered):
    """An area's name comes from the downloaded head log: a script in it stays words."""
    base = served[0]

    def hostile(doc):
        doc["areas"]["east"]["name"] = "<img src=x onerror=alert(1)>"
        doc["records"] = copy.deepcopy(doc["records"])

    altered("downloads/heads.json", hostile)
    found = _check_all(page, base)
    assert any("<img src=x onerror=alert(1)>（east）" in x for x in found), found
    assert page.dialogs == []
    assert page.locator("[data-verify=results] img").count() == 0


def test_this_browser_keeps_the_heads_it_checked_and_finds_a_rewrite_since(
        page, served, altered):
    """The third check (a head you kept) without saving anything by hand: the heads of a
    check that passed are kept in this browser, and the next check holds the ledger to
    them; a failed check does not overwrite them; the reader may have them forgotten."""
    base, site, ledgers = served
    n = ledgers["east"]

    def east(found: list[str]) -> str:
        return next(x for x in found if x.startswith(("通过", "有问题")) and "（east）：" in x)

    assert "本机第一次核对，已记下现在的链头" in east(_check_all(page, base))
    assert f"在本机核对时看到的一致（当时 {n} 笔，现在 {n} 笔）" in east(_check_all(page, base))

    altered("downloads/east/ledger.json", _rewrite)
    found = _check_all(page, base)
    assert any(x.startswith("有问题") and f"（east） 第 {n} 笔：与您" in x
               and "在本机核对时看到的不同" in x for x in found), found
    assert east(found).startswith("有问题"), found
    altered.restore()  # the true ledger again: the head kept before the rewrite holds
    assert f"在本机核对时看到的一致（当时 {n} 笔，现在 {n} 笔）" in east(_check_all(page, base))
    page.click("[data-verify=forget]")
    assert "已经删掉" in page.inner_text("[data-verify=forgotten]")
    assert "本机第一次核对" in east(_check_all(page, base))


def test_the_address_a_notices_qr_code_holds_checks_its_head_on_opening(page, served):
    """Scanning the code beside a paper notice's head is all a resident does: the page
    opens with the head filled in and checked."""
    from site_builder.notice_content import check_url

    base, site = served[0], served[1]
    lines = json.loads((site / "downloads" / "east" / "ledger.json").read_text("utf-8"))["lines"]
    seq, digest = len(lines), lines[-1]["hash"]
    url = check_url(base, "east", seq, digest)
    assert url.startswith(base + "integrity/?") and url.endswith("#steward-verify")
    page.goto(url)
    page.wait_for_selector("[data-verify=printed-result] .steward-verify-mark", timeout=30_000)
    said = page.inner_text("[data-verify=printed-result]")
    assert said.startswith("通过") and f"第 {seq} 笔的哈希是 {digest}" in said, said
    assert page.input_value("[data-verify=which]") == "east"  # 开始核对 checks that compound
    wrong = digest[:15] + ("0" if digest[15] != "0" else "1")
    page.goto(check_url(base, "east", seq, wrong))
    page.wait_for_selector("[data-verify=printed-result] .steward-verify-mark", timeout=30_000)
    said = page.inner_text("[data-verify=printed-result]")
    assert said.startswith("有问题") and "从第 16 位起不同" in said, said
    page.goto(check_url(base, "nowhere", seq, digest))
    page.wait_for_selector("[data-verify=printed-result] .steward-verify-mark", timeout=30_000)
    assert "本站没有的小区" in page.inner_text("[data-verify=printed-result]")


def test_a_compounds_accounts_page_leads_to_the_check_of_its_own_ledger(page, served):
    """From her compound's accounts page a resident follows 在本站直接核对这个小区的账本 and
    finds that compound chosen: one tap more checks it, nothing else downloaded."""
    base = served[0]
    page.goto(base + "areas/west/accounts/")
    page.click("text=在本站直接核对这个小区的账本")
    page.wait_for_url("**/integrity/#verify-west")
    assert page.input_value("[data-verify=which]") == "west"
    page.click("[data-verify=all]")
    page.wait_for_selector(".steward-verify-verdict", timeout=60_000)
    assert "（west）的账本" in page.inner_text(".steward-verify-verdict")


def test_the_checks_script_is_fetched_only_by_the_page_that_offers_the_check(page, served):
    """Every page of the site fetched steward_verify.js (33 KB, a third of what a phone
    fetched besides the page) for a check only the 账本核验 page offers."""
    base = served[0]
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    for path in ("", "areas/west/", "areas/west/accounts/", "verify/", "downloads/"):
        page.goto(base + path)
    assert fetched and not [url for url in fetched if "steward_verify.js" in url]
    page.goto(base + "integrity/")
    assert [url for url in fetched if url.endswith("/assets/steward_verify.js")]
    assert page.locator("#steward-verify").is_visible()  # the script showed its box


def _east_head(site: Path) -> tuple[int, str]:
    lines = json.loads((site / "downloads" / "east" / "ledger.json").read_text("utf-8"))["lines"]
    return len(lines), lines[-1]["hash"]


def _on_screen(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_a_scanned_notices_answer_is_on_the_phones_screen_not_below_it(page, served):
    """Scanning is all she does: the answer (相符 or not) is where she looks, not a
    screen and a half below the form, where she would take the page for saying nothing."""
    from site_builder.notice_content import check_url

    base, site = served[0], served[1]
    seq, digest = _east_head(site)
    page.goto(check_url(base, "east", seq, digest[:16]))
    page.wait_for_selector("[data-verify=printed-result] .steward-verify-mark", timeout=30_000)
    page.wait_for_function("document.readyState === 'complete'")
    page.wait_for_timeout(300)
    assert page.inner_text("[data-verify=printed-result]").startswith("通过")
    assert _on_screen(page, "[data-verify=printed-result]"), page.evaluate("scrollY")
    page.goto(check_url(base, "nowhere", seq, digest[:16]))
    page.wait_for_function("document.readyState === 'complete'")
    page.wait_for_timeout(300)
    assert "本站没有的小区" in page.inner_text("[data-verify=printed-result]")
    assert _on_screen(page, "[data-verify=printed-result]"), page.evaluate("scrollY")


def test_a_scanned_head_that_differs_says_what_to_do_not_to_retype_it(page, served):
    """A head read from the QR code was not typed: "check what you typed" would send her
    looking for her own mistake; she is told what it means and whom to tell."""
    from site_builder.notice_content import check_url

    base, site = served[0], served[1]
    seq, digest = _east_head(site)
    wrong = digest[:15] + ("0" if digest[15] != "0" else "1")
    page.goto(check_url(base, "east", seq, wrong))
    page.wait_for_selector("[data-verify=printed-result] .steward-verify-mark", timeout=30_000)
    said = page.inner_text("[data-verify=printed-result]")
    assert said.startswith("有问题") and "二维码" in said and "联系社区或街道" in said, said
    assert "群里的链头消息" in said, said  # the bot's group message holds the same link
    assert "输入" not in said, said
    said = _check_printed(page, "east", str(seq), wrong)  # typed by hand: check the typing
    assert "再对一遍您选的小区" in said and "联系社区或街道" in said, said


def test_a_head_typed_in_full_width_digits_is_read_as_the_notice_prints_it(page, served):
    """A Chinese input method often gives ７６ and ８１ｄｂ: the same digits to her."""
    base, site = served[0], served[1]
    seq, digest = _east_head(site)
    page.goto(base + "integrity/")
    wide = "".join(chr(ord(c) + 0xFEE0) for c in digest[:12])
    said = _check_printed(page, "east", "第 " + "".join(chr(ord(c) + 0xFEE0) for c in str(seq))
                          + " 笔", wide)
    assert said.startswith("通过") and f"第 {seq} 笔的哈希是 {digest}" in said, said


def test_the_button_says_it_is_checking_while_the_ledgers_download(page, served):
    """On a slow phone the download takes a while: the button says so, and comes back."""
    base = served[0]
    held: list = []
    page.route("**/ledger.json", lambda route: held.append(route))
    page.goto(base + "integrity/")
    page.click("[data-verify=all]")
    for _ in range(600):  # the ledger asked for (after heads.json): held there
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the check never asked for a ledger"
    assert page.is_disabled("[data-verify=all]")
    assert page.inner_text("[data-verify=all]") == "正在核对…"
    # the compound by the name a resident knows, not its folder's id
    assert page.inner_text("[data-verify=status]") == "正在下载账本：东小区（1/2）"
    page.unroute("**/ledger.json")
    for route in held:
        route.fallback()
    page.wait_for_selector(".steward-verify-verdict", timeout=60_000)
    assert page.inner_text("[data-verify=all]") == "开始核对"
    assert page.is_enabled("[data-verify=all]")


def test_an_area_that_failed_is_not_said_to_have_its_head_kept(page, served, altered):
    """The head of a rewritten ledger is not kept (it would hide the rewrite next time):
    the page does not say it was."""
    base = served[0]

    def rewrite(doc):
        prev = "0" * 64
        doc["lines"][0]["amount_fen"] += 1
        for line in doc["lines"]:
            line["prev"] = prev
            line["hash"] = prev = _line_hash(line)
        doc["head"] = prev

    altered("downloads/east/ledger.json", rewrite)
    found = _check_all(page, base, "east")
    line = next(x for x in found if "（east）：" in x)
    assert line.startswith("有问题") and "已记下" not in line, line


def test_a_broken_link_between_lines_is_told_without_the_files_field_name(page, served, altered):
    base = served[0]

    def unlink(doc):
        doc["lines"][1]["prev"] = "f" * 64
        doc["lines"][1]["hash"] = _line_hash(doc["lines"][1])

    altered("downloads/east/ledger.json", unlink)
    found = _check_all(page, base, "east")
    line = next(x for x in found if "（east） 第 2 笔" in x)
    assert "prev" not in line and "上一笔的哈希" in line, line


def test_a_letter_o_typed_for_a_printed_zero_is_pointed_out(page, served):
    """On paper 0 and O look alike: she is told which character (as she typed it, not
    lower-cased), and what it may be."""
    base, site = served[0], served[1]
    seq, digest = _east_head(site)
    page.goto(base + "integrity/")
    typed = digest[:5] + "O" + digest[6:12]
    said = _check_printed(page, "east", str(seq), typed)
    assert said.startswith("有问题") and "第 6 个字“O”" in said and "数字零 0" in said, said


def test_a_group_messages_link_opened_later_says_the_head_still_holds(page, served):
    """The link in the bot's group message is not a paper notice: the answer does not
    call it one, and says what a match means."""
    from bot.witness import head_text

    base, site = served[0], served[1]
    seq, digest = _east_head(site)
    text = head_text("东区", {"area": "east", "seq": seq, "head": digest}, "zh_CN", base)
    url = text[text.index("http"):].split()[0]
    assert url.startswith(base + "integrity/?"), text
    page.goto(url)
    page.wait_for_selector("[data-verify=printed-result] .steward-verify-mark", timeout=30_000)
    said = page.inner_text("[data-verify=printed-result]")
    assert said.startswith("通过 链头相符") and "群里的链头消息" in said, said
    assert "没有被改过" in said, said


def test_the_compound_come_from_is_the_one_a_notice_is_checked_against(page, served):
    """From her compound's accounts page she lands with it chosen (its choice on screen,
    not under the site's header), and the notice form has it chosen too: her notice's
    head typed there matches, not another compound's line."""
    base, site = served[0], served[1]
    lines = json.loads((site / "downloads" / "west" / "ledger.json").read_text("utf-8"))["lines"]
    page.goto(base + "areas/west/accounts/")
    page.click("text=在本站直接核对这个小区的账本")
    page.wait_for_url("**/integrity/#verify-west")
    page.wait_for_function("document.readyState === 'complete'")
    page.wait_for_timeout(300)
    assert page.input_value("[data-verify=area]") == "west"
    header = page.locator("header").first.bounding_box()
    label = page.locator(".steward-verify-which").bounding_box()
    assert label["y"] >= header["y"] + header["height"], (label, header)
    page.fill("[data-verify=seq]", str(len(lines)))
    page.fill("[data-verify=hash]", lines[-1]["hash"][:16])
    page.click(".steward-verify-printed button[type=submit]")
    page.wait_for_selector("[data-verify=printed-result] .steward-verify-mark", timeout=30_000)
    assert page.inner_text("[data-verify=printed-result]").startswith("通过")
    page.goto(base + "integrity/")
    first = page.input_value("[data-verify=area]")
    other = "west" if first != "west" else "east"
    page.select_option("[data-verify=which]", other)  # chosen above: the form follows
    assert page.input_value("[data-verify=area]") == other


def test_a_phone_that_lost_its_network_is_told_so_in_chinese(page, served):
    """Offline, the browser's own words were "Failed to fetch": she is told in Chinese
    that the network is down and to press again once it is back."""
    base, site = served[0], served[1]
    seq, digest = _east_head(site)
    page.goto(base + "integrity/")
    page.wait_for_function("document.readyState === 'complete'")
    page.context.set_offline(True)
    try:
        page.click("[data-verify=all]")
        page.wait_for_selector("[data-verify=results] li", timeout=30_000)
        said = page.inner_text("[data-verify=results]")
        assert "没有连上网络" in said and "再按一次" in said and "Failed" not in said, said
        said = _check_printed(page, "east", str(seq), digest[:16])
        assert "没有连上网络" in said and "Failed" not in said, said
    finally:
        page.context.set_offline(False)
        # the site's search loads its worker's scripts lazily: offline, that fails too
        # (the search's error, not the check's)
        page.errors[:] = [e for e in page.errors if "importScripts" not in e]


def test_the_notice_button_waits_while_its_ledger_downloads(page, served):
    """On a slow phone 核对这张公示单 is not pressed again and again while the ledger
    comes: it is held, the form says it is downloading, and it is back with the answer."""
    base, site = served[0], served[1]
    seq, digest = _east_head(site)
    held: list = []
    page.route("**/ledger.json", lambda route: held.append(route))
    page.goto(base + "integrity/")
    page.select_option("[data-verify=area]", "east")
    page.fill("[data-verify=seq]", str(seq))
    page.fill("[data-verify=hash]", digest[:16])
    submit = ".steward-verify-printed button[type=submit]"
    page.click(submit)
    for _ in range(600):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the check never asked for the ledger"
    assert page.is_disabled(submit)
    assert "正在下载并核对" in page.inner_text("[data-verify=printed-result]")
    page.unroute("**/ledger.json")
    for route in held:
        route.fallback()
    page.wait_for_selector("[data-verify=printed-result] .steward-verify-mark", timeout=30_000)
    assert page.inner_text("[data-verify=printed-result]").startswith("通过")
    assert page.is_enabled(submit)
