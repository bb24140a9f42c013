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


# A stand-in bot that starts a build worker's stand-in: it stops with its parent
# (stop_with_parent, told the parent's pid) while it writes a file of the site half
# way (site_builder.files.replace_file), and notes in ``sys.argv[2]`` that it unwound.
BOT = """
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", '''
import sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from site_builder.child import ParentGone, stop_with_parent
from site_builder.files import replace_file
stop_with_parent(int(sys.argv[3]))
def pieces():
    yield b"<html>half a page"
    print("ready", flush=True)
    while True:
        time.sleep(0.05)
try:
    replace_file(Path(sys.argv[2]) / "index.html", pieces())
except ParentGone:
    (Path(sys.argv[2]) / "unwound").write_text("yes")
''', sys.argv[1], sys.argv[2], str(os.getpid())], stdout=subprocess.PIPE, text=True)
assert child.stdout.readline().strip() == "ready"
print(child.pid, flush=True)
time.sleep(60)
"""


def test_the_build_worker_stops_when_the_bot_is_killed_leaving_no_half_written_file(
        tmp_path):
    parent = subprocess.Popen([sys.executable, "-c", BOT, str(ROOT), str(tmp_path)],
                              stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    try:
        assert _alive(child) and (tmp_path / ".index.html.tmp").exists()  # half written
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not _alive(child)
    finally:
        if _alive(child):
            os.kill(child, signal.SIGKILL)
    # it unwound: the file it was writing is not there, whole or half, nor its temporary
    assert sorted(p.name for p in tmp_path.iterdir()) == ["unwound"]


def test_a_build_worker_whose_bot_ended_while_it_started_builds_nothing(street):
    """``steward build --follow`` told a bot's pid that is not its parent (that bot was
    killed while the worker started: it was handed to another) ends at once, quietly,
    without building the whole site for nobody."""
    repo, folder = street
    repo.close()
    project = folder / "project"
    env = {**os.environ, "STEWARD_BUILD_PARENT": "1", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "steward_cli", "build", "--follow", "--data",
                          str(folder / "data"), "--project", str(project)], cwd=ROOT, env=env,
                         stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert '"ok"' not in out.stdout and "Traceback" not in out.stderr, out
    assert "生成网站的进程随之停止" in out.stderr
    assert not (project / "site").exists()


async def test_the_bot_tells_its_build_worker_its_pid():
    from bot.build_worker import PARENT_ENV, BuildWorker
    from site_builder import child

    assert PARENT_ENV == child.PARENT_ENV
    worker = BuildWorker(Path("."), Path("."), command=[
        sys.executable, "-c", "import json, os; print(json.dumps({'ok': True, 'pages': "
        f"int(os.environ['{PARENT_ENV}'])}}))"])
    try:
        built = await worker.build()
    finally:
        await worker.close()
    assert built.pages == os.getpid()
