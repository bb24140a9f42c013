"""Shared by the robustness tests (``test_robust_*.py``): a harness that can
redeliver an update, a street with residents in two areas, and the invariants
every test checks after its faults or its load."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from bot_harness import BotHarness
from conftest import SMALL_STREET, StepClock, confirmed_resident, pid
from telegram import Update
from telegram.ext import ContextTypes

from bot.settings import Settings
from db.config import parse_street
from db.entries import Kind, Status
from db.repository import Repository
from site_builder.collect import collect
from site_builder.render import render

# Who is who in SMALL_STREET once ``seed`` has run.
EAST_VOLUNTEERS = (101, 102)
WEST_VOLUNTEER = 103
ADMIN = 900
RESIDENTS = {7001: "c1/1/1/101", 7003: "c1/1/1/101", 7002: "c1/1/1/102", 8001: "c2/1/1/101"}
STRANGER = 9001

# Statuses whose entries the public must never see.
PRIVATE = {Status.PENDING, Status.REJECTED, Status.WITHDRAWN}
TOKEN = re.compile(r"T\d{3,6}X")


def new_repo(path: Path, street_yaml: str = SMALL_STREET, **kwargs: Any) -> Repository:
    return Repository.init(path, parse_street(street_yaml, "street.yaml"), clock=StepClock(),
                           **kwargs)


def seed(repo: Repository) -> dict[str, int]:
    """Residents, two open proposals, a pending issue and fee, one published fee."""
    for tid, household in RESIDENTS.items():
        volunteer = WEST_VOLUNTEER if household.startswith("c2") else EAST_VOLUNTEERS[0]
        confirmed_resident(repo, tid, household, volunteer)
    east = repo.create_proposal(pid(repo, 101), "east", title="更换路灯", description="LED",
                                budget_fen=360000, rule="simple_majority", deadline="2025-12-31")
    west = repo.create_proposal(pid(repo, 103), "west", title="西区修路", description="路面",
                                budget_fen=100000, rule="civil_code_278", deadline="2025-12-31")
    issue = repo.submit(pid(repo, 7001), Kind.ISSUE, "east",
                        {"category": "lighting", "text": "待审的问题T000001X"})
    fee = repo.submit(pid(repo, 7002), Kind.FEE_INCOME, "east",
                      {"amount_fen": 5000, "fee_type": "property", "period": "2025-01",
                       "household": RESIDENTS[7002], "purpose": "待审的缴费T000002X"})
    paid = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east",
                       {"amount_fen": 12000, "fee_type": "sanitation", "period": "2025",
                        "household": RESIDENTS[7001]})
    repo.approve(paid.id, pid(repo, 102))
    return {"east_proposal": east.id, "west_proposal": west.id, "issue": issue.id,
            "fee": fee.id, "published": paid.id}


def settings_for(data: Path) -> Settings:
    """The bot's settings over ``data`` as ``steward run`` keeps state (in the store)."""
    return Settings(token="123:TEST", data_dir=data, persistence=True,
                    site_url="https://example.org/")


def make_data(tmp_path: Path) -> Path:
    """A data folder with ``seed``'s street in it, closed (for a bot to open)."""
    data = tmp_path / "data"
    repo = new_repo(data)
    seed(repo)
    repo.close()
    return data


class RobustHarness(BotHarness):
    """The offline harness, plus: redeliver the last update (same update_id, as
    Telegram does after a timeout) and record every error a handler raised."""

    def __init__(self, repo: Repository, **kwargs: Any) -> None:
        super().__init__(repo, **kwargs)
        self.errors: list[BaseException] = []
        self.last_update: dict[str, Any] | None = None
        self.app.bot_data["build_site"] = lambda repo, project_dir: None

        async def record(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
            if context.error is not None:
                self.errors.append(context.error)

        self.app.add_error_handler(record)

    async def _feed(self, data: dict[str, Any]) -> list[Any]:
        before = len(self.request.calls)
        raw = {"update_id": next(self._update_ids), **data}
        self.last_update = raw
        await self.app.process_update(Update.de_json(raw, self.app.bot))
        return self.request.calls[before:]

    async def redeliver(self) -> list[Any]:
        """The last update again, byte for byte."""
        if self.last_update is None:
            return []
        before = len(self.request.calls)
        await self.app.process_update(Update.de_json(dict(self.last_update), self.app.bot))
        return self.request.calls[before:]

    def buttons_sent_to(self, chat_id: int, *, last: bool = False) -> list[str]:
        """Callback data of the buttons sent to ``chat_id`` (only the newest keyboard
        when ``last``)."""
        calls = [c for c in self.request.calls if c.chat_id == chat_id and c.buttons()]
        if last:
            calls = calls[-1:]
        return [data for c in calls for _, data in c.buttons()
                if data and not data.startswith("http")]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def public_text(repo: Repository) -> str:
    """Everything the site builder would write (pages, CSV, JSON, feed), as text."""
    with repo.store.lock:
        data = collect(repo)
    return "\n".join(body.decode("utf-8", "replace") for body in render(data).values())


def check_invariants(repo: Repository, *, site: bool = True) -> None:
    """What must hold whatever happened before: money, votes, privacy, integrity."""
    repo.verify()
    entries = repo.entries()
    by_id = {e.id: e for e in entries}
    for area in repo.street.areas:
        lines = repo.ledger(area.id)
        # The balance is the sum of the published lines, and every line is one
        # approved (or since reversed) money entry, published once.
        assert repo.balance(area.id) == sum(int(x["amount_fen"]) for x in lines)
        published = Counter(x["entry"] for x in lines)
        assert all(n == 1 for n in published.values()), published
        for line in lines:
            entry = by_id[line["entry"]]
            assert entry.area == area.id
            assert entry.status in (Status.APPROVED, Status.REVERSED), entry
            assert entry.data["ledger_seq"] == line["seq"]
        with_seq = {e.id for e in entries if e.area == area.id and "ledger_seq" in e.data}
        assert with_seq == set(published)
    # At most one counted vote per household per proposal, and the index agrees.
    counted = Counter((e.data["proposal"], e.data["household"]) for e in entries
                      if e.kind == Kind.VOTE and e.status == Status.COUNTED)
    assert all(n == 1 for n in counted.values()), counted
    for proposal in (e for e in entries if e.kind == Kind.PROPOSAL):
        households = {h for (p, h) in counted if p == proposal.id}
        assert set(repo.current_votes(proposal.id)) == households
    if not site:
        return
    shown = public_text(repo)
    public_tokens = {tok for e in entries if e.status not in PRIVATE
                     for s in _strings(e.data) for tok in TOKEN.findall(s)}
    for e in entries:
        if e.status in PRIVATE:
            for s in _strings(e.data):
                for tok in TOKEN.findall(s):
                    if tok not in public_tokens:
                        assert tok not in shown, f"#{e.id} ({e.status}) is on the site: {tok}"
