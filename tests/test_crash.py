"""Crash safety: kill a writer with SIGKILL at random moments, at least 50 times;
after every kill the store opens, verify passes, and every entry the writer
reported as committed is there."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db.entries import Status
from db.repository import Repository

WRITER = Path(__file__).with_name("crash_writer.py")
KILLS = 50


@pytest.mark.parametrize("how", ["direct", "bot"])
def test_sigkill_at_random_moments_loses_no_acknowledged_entry(tmp_path, street_config, how):
    """``direct``: one write at a time; ``bot``: through the bot's writer thread,
    several writes sharing each fsync."""
    data = tmp_path / "data"
    Repository.init(data, street_config).close()
    rng = random.Random(20261126)
    acknowledged: list[int] = []
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(WRITER.parent.parent),
                                                       str(WRITER.parent)]))
    kills_mid_write = 0
    for round_no in range(KILLS):
        proc = subprocess.Popen([sys.executable, str(WRITER), str(data), str(round_no * 10**6),
                                 *(["bot"] if how == "bot" else [])],
                                stdout=subprocess.PIPE, env=env, text=True)
        assert proc.stdout.readline().strip() == "ready"
        # Kill at a random moment once writes are flowing (the first receipt is
        # out), so that a busy machine's slow start-up cannot make the kills miss
        # the writes.
        first = proc.stdout.readline()
        time.sleep(rng.uniform(0.01, 0.1))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        seen = [int(line.split()[1]) for line in (first + out).splitlines()
                if line.startswith("ok ")]
        kills_mid_write += len(seen) > 1  # more receipts came after the first
        acknowledged += seen

        repo = Repository.open(data)
        repo.store.load_all()
        assert len(repo.verify()) == 2
        for eid in seen:
            entry = repo.entry(eid)
            if entry.kind == "fee_income":
                assert entry.status == Status.APPROVED and entry.data["ledger_seq"]
        assert all(repo.entry(eid) for eid in acknowledged)
        repo.store._journal.close()  # leave it as a crash would: no checkpoint
        repo.store._writer.close()

    repo = Repository.open(data)
    fees = [e for e in repo.entries(area="east", kind="fee_income") if e.status == "approved"]
    assert len(repo.ledger("east")) == len(fees)
    assert repo.balance("east") == sum(e.data["amount_fen"] for e in fees)
    repo.close()
    print(f"\ncrash test ({how}): {KILLS} SIGKILLs, {kills_mid_write} while writing, "
          f"{len(acknowledged)} acknowledged entries, all present")
    # Most rounds must have been killed while writing, or the test proves little
    # (a loaded machine may starve the writer for a round now and then).
    assert kills_mid_write >= KILLS * 0.7
    assert len(acknowledged) > KILLS
