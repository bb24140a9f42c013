"""The real ``steward run`` killed with SIGKILL at *each* call an action leads to (as
the call's message reaches its chat, its answer lost with the bot), against the Bot API
emulator on 127.0.0.1, then started again over the same data folder
(``tests/kill_every_step.py``). The actions the crash soak never drives: a resident's
move-out (/movedout, 是的，我搬走了), a resident saying she is a tenant (``rel:t``) after
her vote on an owners' matter, a volunteer's /linkgroup in a new group, and approvals
of a report with a photo (✅ 通过) and of a voice report with its summary (/summary N
text). After each kill and restart:

* what the action wrote is stored, once (none lost, none twice);
* nobody but the one who acted is shown the same message twice (a notice of what she did
  goes at most once; her own answer is said again by the restart, as it may not have
  reached her), and she is answered what was done, never "already saved … start again";
* no process printed a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from bot_harness import jpeg_bytes
from conftest import confirmed_resident, pid
from kill_every_step import Run, Scenario, killed_at_every_call, texts_to, told_twice
from kill_restart import SECOND, VOLUNTEER

from db.config import StreetConfig
from db.entries import Kind, Status
from db.media import MediaStore
from db.repository import Repository

RESIDENT, FAMILY, TENANT = 7001, 7002, 7004
HOME = "c1/1/1/101"
OLD, NEW = -100400, -100500  # the volunteers' group linked before, and the new one
ALREADY = "已经保存过了"


def _street(data: Path, config: StreetConfig) -> Repository:
    repo = Repository.init(data, config)
    confirmed_resident(repo, RESIDENT, HOME, VOLUNTEER)
    pid(repo, SECOND)  # the area's second volunteer, on the bot
    return repo


def _nothing(api: object) -> None:
    return None


def _moved_out(config: StreetConfig) -> tuple[Scenario, int, Callable[[Repository], None]]:
    def setup(data: Path) -> None:
        _street(data, config).close()

    def check(repo: Repository) -> None:
        me = pid(repo, RESIDENT)
        assert repo.person(me).get("household") is None
        moves = [a for a in repo.store.all("people", "audit") if a.get("subject") == me
                 and "resident:" in str(a.get("from") or "")]
        assert len(moves) == 1, moves

    return (Scenario(setup, lambda api: api.message(RESIDENT, "/movedout"),
                     lambda api: api.press(RESIDENT, "mv:ok")), RESIDENT, check)


def _tenant(config: StreetConfig) -> tuple[Scenario, int, Callable[[Repository], None]]:
    def setup(data: Path) -> None:
        repo = _street(data, config)
        confirmed_resident(repo, FAMILY, HOME, VOLUNTEER, relation="family")
        confirmed_resident(repo, TENANT, HOME, VOLUNTEER, relation="tenant")
        deadline = (repo.clock() + timedelta(days=7)).date().isoformat()
        joint = repo.create_proposal(pid(repo, VOLUNTEER), "east", title="更换路灯",
                                     description="LED", budget_fen=360000,
                                     matter="use_maintenance_fund", deadline=deadline)
        repo.cast_vote(pid(repo, FAMILY), joint.id, "agree")
        repo.close()

    def check(repo: Repository) -> None:
        changes = repo.relation_changes(pid(repo, FAMILY))
        assert [c["to"] for c in changes][-1].endswith("tenant") and len(changes) == 2, changes
        assert len(repo.voided_by_last_change(pid(repo, FAMILY))) == 1

    return (Scenario(setup, lambda api: api.press(FAMILY, "rel:ask"),
                     lambda api: api.press(FAMILY, "rel:t")), FAMILY, check)


def _linkgroup(config: StreetConfig) -> tuple[Scenario, int, Callable[[Repository], None]]:
    def setup(data: Path) -> None:
        repo = _street(data, config)
        repo.link_group(pid(repo, VOLUNTEER), "east", OLD)
        repo.close()

    def check(repo: Repository) -> None:
        assert repo.linked_group("east") == NEW

    return (Scenario(setup, _nothing, lambda api: api.message(
        VOLUNTEER, "/linkgroup east", chat={"id": NEW, "type": "group"})), NEW, check)


def _approved(config: StreetConfig, voice: bool
              ) -> tuple[Scenario, int, Callable[[Repository], None]]:
    def setup(data: Path) -> None:
        repo = _street(data, config)
        repo.link_group(pid(repo, VOLUNTEER), "east", OLD)
        media = MediaStore(data)
        said = {"category": "septic", "text": "（语音留言）", "voice_seconds": 23,
                "voice": media.save_audio(b"OggS" + b"\0" * 200)} if voice else \
            {"category": "lighting", "text": "楼道灯坏了三天了",
             "photos": [media.save_photo(jpeg_bytes())]}
        entry = repo.submit(pid(repo, RESIDENT), Kind.ISSUE, "east", said)
        assert entry.id == 2
        repo.close()

    def check(repo: Repository) -> None:
        [issue] = repo.entries(kind=Kind.ISSUE)
        assert issue.status == Status.APPROVED
        assert len([h for h in issue.history if h.get("to") == str(Status.APPROVED)]) == 1
        if voice:
            assert issue.data["text"].endswith("志愿者摘要：化粪池满了，气味很大"), issue.data

    action = (lambda api: api.message(VOLUNTEER, "/summary 2 化粪池满了，气味很大")) if voice \
        else (lambda api: api.press(VOLUNTEER, "q:a:2"))
    return Scenario(setup, _nothing, action), VOLUNTEER, check


SCENARIOS = {
    "moved out": _moved_out,
    "tenant": _tenant,
    "linkgroup": _linkgroup,
    "photo approved": lambda config: _approved(config, voice=False),
    "voice approved": lambda config: _approved(config, voice=True),
}


def _checked(run: Run, actor: int, check: Callable[[Repository], None]) -> None:
    assert "Traceback" not in run.output, run.output[-4000:]
    assert told_twice(run.calls, actor) == [], (run.killed_at, run.calls)
    assert not any(ALREADY in t for t in texts_to(run.calls, actor)), (run.killed_at, run.calls)
    repo = Repository.open(run.data)
    try:
        check(repo)
        repo.verify()  # raises at a chain or a line that does not check
    finally:
        repo.close()


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_killed_at_each_call_of_an_action_it_is_stored_once_and_nobody_is_told_twice(
        tmp_path, street_config, name):
    scenario, actor, check = SCENARIOS[name](street_config)
    clean, runs = killed_at_every_call(tmp_path, scenario)
    _checked(clean, actor, check)
    assert texts_to(clean.calls, actor), clean.calls  # she was answered
    assert runs, clean.calls
    for run in runs:
        _checked(run, actor, check)
        if actor != NEW:  # (a group's answer goes at most once: bot.handlers.groups)
            assert texts_to(run.calls, actor), (run.killed_at, run.calls)
