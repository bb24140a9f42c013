"""A fee change's note (``steward fees set --note``) is public on the fees page and in
the downloads: it was masked for phone and ID numbers only (``redact``), so a resident's
name or Telegram id typed into it (王秀兰提议，电话……) went public as typed. It is masked
as every other public text is (``CollectorBase.words``: names, ids, rooms)."""

from __future__ import annotations

from datetime import datetime

from conftest import StepClock, pid
from test_bot_ledger import SCHEDULED
from test_site_helpers import make_project

from db.config import parse_street
from db.core import CHINA_TZ
from db.repository import Repository
from site_builder import build_site

NAME = "王秀兰"


def test_a_fee_change_note_naming_a_resident_is_masked_on_the_site(tmp_path):
    repo = Repository.init(tmp_path / "data", parse_street(SCHEDULED, "street.yaml"),
                           clock=StepClock(datetime(2026, 1, 5, 9, 0, tzinfo=CHINA_TZ)))
    repo.ensure_person(7000123, name=NAME)
    repo.change_fee(pid(repo, 101), "east", "sanitation", 15000, "2026",
                    note=f"{NAME}（7000123）提议，业主大会决定，电话13812345678")
    project = make_project(tmp_path)
    build_site(repo, project, run_mkdocs=False)
    repo.close()
    texts = {p: p.read_text("utf-8", errors="replace") for p in project.rglob("*")
             if p.is_file() and p.suffix in (".md", ".json", ".csv", ".xml", ".html")}
    said = [p for p, text in texts.items() if "业主大会决定" in text]
    assert said, "the note is published somewhere"
    for p in said:
        text = texts[p]
        assert NAME not in text and "7000123" not in text and "13812345678" not in text, p
