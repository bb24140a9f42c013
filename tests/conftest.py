"""Shared fixtures: a small street with two areas, and a repository over it; the demo
year (``demo_year``), built once for the modules that read it."""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime, time, timedelta

import pytest

from db.config import parse_street
from db.privacy import CONSENT_VERSION
from db.repository import CHINA_TZ, Repository

SMALL_STREET = """
street: {id: test, name: 测试街道, city: 测试市}
admins: [900]
communities:
  - id: east-c
    name: 东社区
    compounds:
      - id: c1
        name: 东小区
        buildings:
          - id: "1"
            units:
              - id: "1"
                households:
                  - {room: "101", area_m2: 60}
                  - {room: "102", area_m2: 80}
                  - {room: "201", area_m2: 100}
  - id: west-c
    name: 西社区
    compounds:
      - id: c2
        name: 西小区
        buildings:
          - id: "1"
            units:
              - id: "1"
                households:
                  - {room: "101", area_m2: 50}
                  - {room: "102"}
areas:
  - {id: east, name: 东小区, mode: committee, steward: 东小区物管会, compounds: [c1]}
  - {id: west, name: 西小区, mode: trusteeship, steward: 西社区党委, compounds: [c2]}
volunteers:
  - {telegram_id: 101, name: 甲志愿者, title: 物管会主任, areas: [east]}
  - {telegram_id: 102, name: 乙志愿者, title: 物管会委员, areas: [east]}
  - {telegram_id: 103, name: 丙志愿者, title: 网格员, areas: [west]}
"""


class StepClock:
    """A clock that moves one minute per reading, from 2025-01-01 08:00 CST."""

    def __init__(self, start: datetime | None = None, step: timedelta = timedelta(minutes=1)):
        self.now = start or datetime(2025, 1, 1, 8, 0, tzinfo=CHINA_TZ)
        self.step = step
        self._ticks = itertools.count()

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now


@pytest.fixture
def street_config():
    return parse_street(SMALL_STREET, "small-street.yaml")


@pytest.fixture
def clock():
    return StepClock()


@pytest.fixture
def repo(tmp_path, street_config, clock):
    r = Repository.init(tmp_path / "data", street_config, clock=clock)
    yield r
    r.close()


def pid(repo: Repository, telegram_id: int) -> int:
    """The person id of a Telegram user, creating the person on first use."""
    return repo.ensure_person(telegram_id)["id"]


def the_hour_is_over(app, telegram_id: int) -> None:  # type: ignore[no-untyped-def]
    """The hour's limit of submissions is over for ``telegram_id`` (what she sent, saved
    with her data and counted by the bot's limiter, is older than an hour)."""
    from bot.ratelimit import _LIMITERS, SENT

    app.user_data[telegram_id].pop(SENT, None)
    limiter = _LIMITERS.get(app)
    if limiter is not None:
        limiter._hits.pop(telegram_id, None)


def chinese_first(message: str) -> bool:
    """Whether a line the operator reads says it in Chinese first, then ' / ' and the
    English (as the command's messages and the bot's log do)."""
    zh, sep, en = message.partition(" / ")
    return bool(sep) and re.search(r"[\u4e00-\u9fff]", zh) is not None \
        and re.search(r"[A-Za-z]{3}", en) is not None


def confirmed_resident(repo: Repository, telegram_id: int, household: str,
                       volunteer_tid: int, relation: str | None = "owner") -> int:
    """A resident who registered (agreeing to the publication notice, as the bot asks)
    and whose registration a volunteer has approved; returns the person id. They said
    they are the home's ``relation`` (owner by default, so that they vote on joint
    matters; None: not asked yet)."""
    person = pid(repo, telegram_id)
    reg = repo.register(person, household, consent=CONSENT_VERSION)
    # shared: when the household has residents already, this one lives there too
    repo.approve(reg.id, pid(repo, volunteer_tid), shared=True)
    if relation is not None:
        repo.set_relation(person, relation)
    return person


def past_deadline(repo: Repository, proposal_id: int) -> None:
    """Move the repository's clock (a ``StepClock``) to the morning after the
    proposal's deadline day: its vote is then due to close."""
    deadline = date.fromisoformat(repo.entry(proposal_id).data["deadline"])
    after = datetime.combine(deadline + timedelta(days=1), time(9, 0), CHINA_TZ)
    clock = repo.clock
    if clock.now < after:  # type: ignore[attr-defined]
        clock.now = after  # type: ignore[attr-defined]


def close_when_due(repo: Repository, proposal_id: int, volunteer: int):  # type: ignore[no-untyped-def]
    """Close a vote the way it closes: once its deadline day is over (the clock moves
    there). ``volunteer`` is a person id."""
    past_deadline(repo, proposal_id)
    return repo.close_vote(proposal_id, volunteer)


def settle(repo: Repository, proposal_id: int, volunteer_tid: int = 101) -> None:
    """Record paper signatures (同意; an election's: blank ballots) for the households that
    have not voted, one at a time, until the vote's result can no longer change: only then
    may it close early (``db.closing.early_close_refusal``). ``volunteer_tid``: a volunteer
    of its area who records them."""
    proposal = repo.entry(proposal_id)
    for household in sorted(proposal.data["electorate"]["households"]):
        if repo.early_close_refusal(proposal_id) is None:
            return
        if repo.household_vote(proposal_id, household) is not None:
            continue
        if proposal.data.get("election"):
            repo.cast_ballot(pid(repo, volunteer_tid), proposal_id, [], household=household,
                             paper=True)
        else:
            repo.cast_vote(pid(repo, volunteer_tid), proposal_id, "agree", household=household,
                           paper=True)


def reseal(root) -> None:  # type: ignore[no-untyped-def]
    """After a test edited partition files by hand: list them in the data folder's
    manifest as they are now, as someone who knows the format would, so that the
    checks behind the manifest (the ledger's chain and audit) are what is tested."""
    from pathlib import Path

    from db.manifest import Manifest, version_of

    root = Path(root)
    files = {p.relative_to(root).as_posix(): [version_of(p.read_bytes())]
             for p in root.rglob("*.json")
             if p.name not in ("meta.json", "manifest.json")
             and not any(part.startswith(".") for part in p.relative_to(root).parts)}
    Manifest(root, None)._write(files)


@pytest.fixture
def street(tmp_path):
    """A small street with some of every kind of entry (``test_site_helpers.fill_street``)
    and the folder it is in, for the site's build tests (a module may have a ``street``
    of its own)."""
    from test_site_helpers import fill_street, new_repo

    repo = new_repo(tmp_path / "data")
    fill_street(repo)
    yield repo, tmp_path
    repo.close()


@pytest.fixture(scope="session")
def demo_year(tmp_path_factory):
    """`steward demo --no-serve` in a temporary folder: its log (``out``), built site,
    data and project folders, and each photo the script drew (``photos``: label and
    lines). Built once per run (per test process) for every module that reads it (test_demo,
    test_privacy_published, test_site_readers, test_site_phone_text)."""
    from time import perf_counter

    from typer.testing import CliRunner

    import bot.demo as demo_module
    from bot.demo_photos import draw_photo
    from steward_cli import app

    tmp = tmp_path_factory.mktemp("demo")
    data, project = tmp / "data", tmp / "project"
    started = perf_counter()
    drawn: list[dict] = []  # each photo the script draws: its label and lines

    def draw(label, colour, **kw):  # type: ignore[no-untyped-def]
        drawn.append({"label": label, **kw})
        return draw_photo(label, colour, **kw)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(demo_module, "draw_photo", draw)
        result = CliRunner().invoke(app, ["demo", "--no-serve", "--data", str(data),
                                          "--project", str(project)])
    seconds = perf_counter() - started
    assert result.exit_code == 0, result.output + repr(result.exception)
    return {"out": result.output, "site": project / "site", "data": data,
            "project": project, "seconds": seconds, "photos": drawn}
