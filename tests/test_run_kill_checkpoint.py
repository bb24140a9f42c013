"""The real ``steward run`` (through ``tests/soak_launch.py``: a checkpoint every 2
commits) against the Bot API emulator on 127.0.0.1, killing itself with SIGKILL at
an aimed moment while residents vote and change their votes: inside a checkpoint
(one partition file written, not the others nor the manifest's end; or all written,
the old journals not yet deleted), or as a power cut before a vote's journal fsync
returned (the records it was to make durable cut off the journal: never told).
Started again over the same data folder, every press is answered once handled
again, and:

* each proposal's kept tally (with the saved indexes) equals a recount of the votes
  stored, and a count made with the saved indexes thrown away;
* every vote replaced is replaced exactly once, no voter has two counted votes;
* no answer names a vote the data does not hold;
* ``steward verify`` passes, and neither process printed a traceback.

The short, deterministic piece of ``tests/soak_crash.py`` (which does the same with
every flow of a street, and kills of more kinds, for minutes)."""

from __future__ import annotations

import collections
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from bot_api_emulator import BotApiEmulator
from kill_restart import street, street_lights_vote

from db.entries import Kind, Status
from db.repository import Repository

ROOT = Path(__file__).resolve().parent.parent
RESIDENTS = {7001: "c1/1/1/101", 7002: "c1/1/1/102", 7003: "c1/1/1/201"}
PRESSES = [(7001, "agree"), (7002, "disagree"), (7003, "agree"), (7001, "disagree"),
           (7002, "abstain"), (7003, "disagree")]


def start(api: BotApiEmulator, data: Path, log: Path, kill: str = "") -> subprocess.Popen:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "424242:E2E", "PYTHONUNBUFFERED": "1",
           "STEWARD_DATA": str(data), "STEWARD_WEBHOOK_URL": "", "STEWARD_SEND_RATE": "0",
           "SOAK_CHECKPOINT_EVERY": "2", "SOAK_KILL": kill}
    mark = len(api.calls)
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "soak_launch.py"), "run", "--data",
             str(data), "--api-base-url", api.base_url, "--api-file-url", api.file_url],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while not any(c.method == "setMyCommands" for c in api.calls[mark:]):
        assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
        time.sleep(0.05)
    return proc


def answered(api: BotApiEmulator, uid: int, vote: int, since: int) -> bool:
    return any(c.chat_id == uid and c.method == "sendMessage" and f"#{vote}" in c.text
               for c in api.calls[since:])


def recount(repo: Repository, proposal: int) -> tuple[int, int, int, int]:
    votes = [v for v in repo.entries(kind=Kind.VOTE) if v.data.get("proposal") == proposal]
    counted = {v.data["voter"]: v.data["choice"] for v in votes if v.status == Status.COUNTED}
    assert len(counted) == sum(v.status == Status.COUNTED for v in votes)  # one per voter
    replaces = collections.Counter(v.data.get("replaces") for v in votes)
    assert all(replaces[v.id] == 1 for v in votes if v.status != Status.COUNTED)
    n = collections.Counter(counted.values())
    return n["agree"], n["disagree"], n["abstain"], len(counted)


def kept(repo: Repository, proposal: int) -> tuple[int, int, int, int]:
    t = repo.tally(proposal)
    return t.agree, t.disagree, t.abstain, t.owners_voted


@pytest.mark.parametrize("kill", ["ckpt-mid:1", "ckpt-final:1", "journal-cut:3"])
def test_killed_inside_a_checkpoint_or_cut_before_a_votes_fsync_the_tally_equals_a_recount(
        tmp_path, street_config, kill):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    vote = street_lights_vote(repo).id
    repo.close()
    log = tmp_path / "run.log"
    with BotApiEmulator() as api:
        proc = start(api, data, log, kill)
        marks = []
        for uid, choice in PRESSES:
            marks.append((uid, api.press(uid, f"vote:{vote}:{choice}")))
            deadline = time.monotonic() + 20
            while proc.poll() is None and not answered(api, uid, vote, marks[-1][1]):
                assert time.monotonic() < deadline, api.calls[marks[-1][1]:]
                time.sleep(0.02)
            if proc.poll() is not None:
                break  # it killed itself: the presses not yet sent are not pushed
        assert proc.wait(timeout=30) == -signal.SIGKILL, log.read_text()  # the aim was hit
        proc = start(api, data, log)
        try:
            for uid, since in marks:  # each press answered, after the start if not before
                deadline = time.monotonic() + 30
                while not answered(api, uid, vote, since):
                    assert time.monotonic() < deadline, (uid, api.calls[since:])
                    time.sleep(0.05)
            time.sleep(1.0)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)
        told = [c.text for c in api.calls if c.method == "sendMessage"]
    printed = log.read_text(encoding="utf-8", errors="replace")
    assert f"SOAK-KILLED-SELF {kill}" in printed and "Traceback" not in printed, printed
    verified = subprocess.run([sys.executable, "-m", "steward_cli", "verify", "--data",
                               str(data)], cwd=ROOT, capture_output=True, text=True)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    with closing(Repository.open(data)) as repo:
        votes = {v.id for v in repo.entries(kind=Kind.VOTE)}
        assert kept(repo, vote) == recount(repo, vote)
        assert kept(repo, vote)[3] == len({uid for uid, _ in marks})
        named = {int(n) for text in told for n in re.findall(r"#(\d+)", text)}
        assert named <= votes | {vote}, (named, votes)
        want = kept(repo, vote)
    fresh = tmp_path / "fresh"
    shutil.copytree(data, fresh, ignore=shutil.ignore_patterns("*.lock"))
    (fresh / "indexes.dat").unlink(missing_ok=True)
    with closing(Repository.open(fresh)) as repo:
        assert kept(repo, vote) == want
