"""A child the build worker starts (the notices' drawing) ends with the worker, even
when the worker is killed: no orphan goes on drawing into content/."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A parent that starts a child which calls die_with_parent, prints the child's pid,
# then waits to be killed.
PARENT = """
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c",
    "import sys, time; sys.path.insert(0, sys.argv[1]);"
    "from site_builder.child import die_with_parent; die_with_parent(int(sys.argv[2]));"
    "print('ready', flush=True); time.sleep(60)", sys.argv[1], str(os.getpid())],
    stdout=subprocess.PIPE, text=True)
assert child.stdout.readline().strip() == "ready"
print(child.pid, flush=True)
time.sleep(60)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has ended; only its parent's wait is missing


def test_a_child_that_dies_with_its_parent_ends_when_the_parent_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(ROOT)],
                              stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    try:
        assert _alive(child)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child)
    finally:
        if _alive(child):
            os.kill(child, signal.SIGKILL)


def test_a_child_whose_parent_is_gone_already_ends_at_once():
    out = subprocess.run(
        [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]);"
         "from site_builder.child import die_with_parent; die_with_parent(1);"
         "print('went on')", str(ROOT)], capture_output=True, text=True, timeout=30)
    assert out.returncode == 1 and "went on" not in out.stdout
