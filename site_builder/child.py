"""Child processes that must not outlive the process that started them."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_ENV = "STEWARD_BUILD_PARENT"  # the bot's pid, given to its build worker
CHECK_EVERY = 0.5  # seconds between checks of the parent where Linux cannot tell


class ParentGone(BaseException):  # noqa: N818 - not an error: the end of the work
    """The process that started this one has ended: a BaseException, so that no
    ``except Exception`` of the builder takes it for a failed build and goes on."""


def die_with_parent(parent: int) -> None:
    """Have Linux kill this process as soon as its parent ends, and end now if the
    parent (``parent``: its pid, as the parent passed it) is gone already.

    The build worker draws the monthly notices in a child; when the bot kills the
    worker mid-build (its files changed, the bot stops), the child would otherwise
    go on drawing into ``content/`` beside the next worker and hold a core. Linux
    sends the signal when the *thread* that started the child ends: the builder
    starts and waits for it in the same thread. Elsewhere than Linux this only
    checks the parent once."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl here: the check below still holds
            pass
    if os.getppid() != parent:
        os._exit(1)


def stop_with_parent(parent: int) -> None:
    """For the bot's build worker (``steward build --follow``): stop as soon as the bot
    (``parent``: its pid, as the bot passed it) ends, rather than finish a build that
    nobody waits for. A bot killed outright (SIGKILL, a crash) otherwise left it
    building for seconds (3.5 s in the crash soak), holding the project's build lock
    that the next bot's worker waits for, and writing into the site meanwhile.

    Linux sends SIGTERM when the parent ends (``PR_SET_PDEATHSIG``); elsewhere, or when
    that fails, SIGALRM checks the parent every ``CHECK_EVERY`` seconds (a timer, not a
    thread: a process with threads does not fork its build's second process). Either
    raises ``ParentGone`` in the main thread, which unwinds the build as any failure
    does: the file being written is removed whole (``files.replace_file``), a whole
    build's staging folder is kept aside for the next one (``mkdocs_session``), the
    build's forked helper stops after its page (``shared``) and the build lock is let
    go. Every file in place is whole, old or new; the next bot's start builds again
    (the change is still noted as waiting: ``bot.publisher``). A SIGTERM from anyone
    else (the service stopped) ends it the same way. Raises ``ParentGone`` now when the
    parent is gone already (it died while this process started)."""
    def gone(signum: int, frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: not again while unwinding
        signal.setitimer(signal.ITIMER_REAL, 0)
        raise ParentGone(f"the process that started this one ({parent}) has ended")

    def check(signum: int, frame: object) -> None:
        if os.getppid() != parent:
            gone(signum, frame)

    signal.signal(signal.SIGTERM, gone)
    armed = False
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if not armed:
        signal.signal(signal.SIGALRM, check)
        signal.setitimer(signal.ITIMER_REAL, CHECK_EVERY, CHECK_EVERY)
    if os.getppid() != parent:
        gone(signal.SIGTERM, None)
