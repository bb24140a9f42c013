"""Helpers for the site tests (no tests here): a project folder like the repository's, and a
small street with a bit of everything the site shows (and some it must not)."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import SMALL_STREET, StepClock, close_when_due, confirmed_resident, pid
from PIL import Image

from db.config import parse_street
from db.entries import Kind
from db.media import MediaStore
from db.privacy import CONSENT_VERSION
from db.repository import Repository

ROOT = Path(__file__).resolve().parent.parent
EAST_101, EAST_102, EAST_201 = "c1/1/1/101", "c1/1/1/102", "c1/1/1/201"
WEST_101 = "c2/1/1/101"

# Private things a resident gives the bot; none may reach the site.
RESIDENT_NAME = "欧阳秘密"
RESIDENT_USERNAME = "secret_user_qz"
RESIDENT_TID = 731942586
PHONE = "13912345678"
PENDING_TEXT = "待审核的报事不应公开XYZ"
REJECTED_TEXT = "被驳回的意见不应公开QWE"
# How a page opens a date it keeps on one line (site_builder.filters.whole).
DATE = '<span class="steward-date">'


def unwrapped(text: str) -> str:
    """A page's text without the spans that keep a date, a figure with its unit or a
    building's number on one line (``site_builder.filters.whole``), or a place's name
    whole (``steward-place``), or a payee with its label (``steward-payee``)."""
    text = re.sub(r'<span class="steward-date steward-parts"><span class="steward-whole">'
                  r'([^<]*)</span>(?:<wbr>|( ))<span class="steward-whole">([^<]*)</span></span>',
                  lambda m: m[1] + (m[2] or "") + m[3], text)
    text = re.sub(r'<span class="steward-(?:place|payee)">([^<]*)</span>', r"\1", text)
    return re.sub(r'<span class="steward-date">([^<]*)</span>', r"\1", text)


def notices_handed_to_draw(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """The notices a build draws, here or in its child process (a whole build leaves
    them all to the child: ``NoticeDrawing.settle``), recorded as they are handed over."""
    from site_builder.notice import NoticeDrawing

    handed: list[dict[str, object]] = []
    settle = NoticeDrawing.settle

    def recording(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        handed.extend(n for _path, n in self._todo)
        return settle(self, *args, **kwargs)

    monkeypatch.setattr(NoticeDrawing, "settle", recording)
    return handed


def make_project(tmp: Path) -> Path:
    """A project folder with the repository's mkdocs.yml, hook, overrides and hand-written pages."""
    project = tmp / "project"
    project.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("hooks", "overrides"):
        shutil.copytree(ROOT / folder, project / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    (project / "content").mkdir()
    for name in ("about.md", "verify.md", "security.md"):
        shutil.copy(ROOT / "content" / name, project / "content" / name)
    for folder in ("assets", "guides"):
        shutil.copytree(ROOT / "content" / folder, project / "content" / folder)
    return project


def photo_bytes(colour: str = "red") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buf, "JPEG")
    return buf.getvalue()


def search_docs(site: Path) -> list[tuple[str, str, str]]:
    """The built site's search entries (location, title, text), in order."""
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    return sorted((d["location"], d["title"], d["text"]) for d in index["docs"])


def new_repo(root: Path) -> Repository:
    return Repository.init(root, parse_street(SMALL_STREET), clock=StepClock())


def fill_street(repo: Repository, *, hostile: str = "") -> dict[str, object]:
    """Put a bit of everything into the small street; return what tests look for."""
    media = MediaStore(repo.store.root)
    v1, v2, v3 = pid(repo, 101), pid(repo, 102), pid(repo, 103)
    person = repo.ensure_person(RESIDENT_TID, name=RESIDENT_NAME, username=RESIDENT_USERNAME)
    reg = repo.register(person["id"], EAST_101, consent=CONSENT_VERSION)
    repo.approve(reg.id, v1)
    resident = person["id"]
    neighbour = confirmed_resident(repo, 5002, EAST_102, 101)

    issue_photo = media.save_photo(photo_bytes("red"))
    fixed_photo = media.save_photo(photo_bytes("green"))
    hidden_photo = media.save_photo(photo_bytes("blue"))
    receipt = media.save_photo(photo_bytes("yellow"))
    fee_receipt = media.save_photo(photo_bytes("purple"))  # a resident's proof of payment

    septic = repo.submit(resident, Kind.ISSUE, "east", {
        "category": "septic", "household": EAST_101, "photos": [issue_photo],
        "text": f"3号楼化粪池堵了，污水外溢，联系电话 {PHONE}。{hostile}"})
    repo.approve(septic.id, v1)
    repo.me_too(septic.id, neighbour)
    repo.issue_step(septic.id, v2, "in_progress", f"已联系清掏车 {hostile}")
    repo.issue_step(septic.id, v2, "resolved", "已清掏完毕", photos=[fixed_photo])

    light = repo.submit(neighbour, Kind.ISSUE, "east", {"category": "lighting",
                                                        "text": "2单元路灯不亮"})
    repo.approve(light.id, v2)

    pending = repo.submit(resident, Kind.ISSUE, "east", {
        "category": "other", "text": PENDING_TEXT, "photos": [hidden_photo]})
    opinion = repo.submit(resident, Kind.OPINION, "east", {"text": REJECTED_TEXT})
    repo.reject(opinion.id, v1, "重复")

    fee = repo.submit(v1, Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "property", "period": "2025-01",
        "household": EAST_101, "receipt": fee_receipt})
    repo.approve(fee.id, v2)
    fee2 = repo.submit(v2, Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "property", "period": "2025-01",
        "household": EAST_102})
    repo.approve(fee2.id, v1)

    proposal = repo.create_proposal(v1, "east", title=f"更换路灯 {hostile}",
                                    description="全部换成LED灯", budget_fen=500000,
                                    matter="everyday", deadline="2025-01-01")
    repo.cast_vote(resident, proposal.id, "agree")
    repo.cast_vote(neighbour, proposal.id, "disagree")
    repo.cast_vote(v2, proposal.id, "agree", household=EAST_201, paper=True)
    close_when_due(repo, proposal.id, v1)
    repo.set_stage(proposal.id, v1, "in_progress", "已开工", photos=[fixed_photo])

    expense = repo.submit(v1, Kind.EXPENSE, "east", {
        "amount_fen": 35000, "category": "project", "payee": "李师傅",
        "purpose": f"路灯材料 {hostile}", "project": proposal.id, "receipt": receipt,
        "receipt_public": True})  # the recorder saw no personal data on the invoice
    repo.approve(expense.id, v2)
    wrong = repo.submit(v1, Kind.EXPENSE, "east", {
        "amount_fen": 900, "category": "office", "payee": "文具店", "purpose": "纸笔"})
    repo.approve(wrong.id, v2)
    reversal = repo.reverse("east", repo.entry(wrong.id).data["ledger_seq"], v2, "金额录错")
    repo.approve(reversal.id, v1)
    pending_money = repo.submit(v1, Kind.EXPENSE, "east", {
        "amount_fen": 777700, "category": "other", "payee": "未审核", "purpose": "未审核支出"})

    repo.submit(v1, Kind.ANNOUNCEMENT, "east", {"text": f"周六大扫除 {hostile}"})

    west = repo.submit(v3, Kind.EXPENSE, "west", {
        "amount_fen": 500, "category": "office", "payee": "文具店", "purpose": "纸笔"})
    repo.grant(pid(repo, 900), 104, "west", "网格辅助员")
    repo.approve(west.id, pid(repo, 104))
    return {"septic": septic.id, "light": light.id, "pending": pending.id,
            "proposal": proposal.id, "issue_photo": issue_photo, "fixed_photo": fixed_photo,
            "hidden_photo": hidden_photo, "receipt": receipt, "fee_receipt": fee_receipt,
            "pending_money": pending_money.id}


@pytest.mark.parametrize("value", [
    {"area": "东小区", "head": "ab", "lines": [{"seq": 2, "amount_fen": -5}, {"seq": 1}],
     "empty": [], "nested": {"b": [1, 2], "a": None}},
    [{"id": "e-1", "名": "路灯 \"坏了\"\n"}, 3, None, []],
    [], {}, "文字", 12,
])
def test_readable_json_reads_back_as_the_same_value_one_item_per_line(value):
    from db.exports import readable_json

    text = readable_json(value)
    assert json.loads(text) == value and text.endswith("\n")
    if isinstance(value, list) and value:
        assert text.count("\n") == len(value) + 2  # "[", one line per item, "]"
    if isinstance(value, dict) and value.get("lines"):
        assert '\n  {"amount_fen": -5, "seq": 2},\n  {"seq": 1}\n ]' in text
        assert text.index('"area"') < text.index('"empty"') < text.index('"head"')


def collected_areas(monkeypatch) -> list[str]:
    """The areas collected from the store from now on (not taken from a cache)."""
    import site_builder.collect as collect

    calls: list[str] = []
    real = collect._Collector.area

    def area(self, a):
        calls.append(a.id)
        return real(self, a)

    monkeypatch.setattr(collect._Collector, "area", area)
    return calls
