"""The bot's child processes die with it: the site's build worker (``steward build
--follow``, ``bot.build_worker``) and a paper notice's drawing (``steward notice``,
``bot.drawings``).

A bot killed outright (SIGKILL, a crash, the OOM killer) cannot stop them itself, and
in the crash soak they ran on for up to 16.8 s: a drawing finished its PDF for nobody,
a worker that had not yet reached its own ``prctl`` (``site_builder.child.
stop_with_parent``, seconds of imports on a loaded machine) built on, each holding a
core (the worker the project's build lock too) beside the next bot. So each is started
with ``dies_with_bot``: between the fork and the exec, before any of the child's own
code runs, the child asks Linux for a signal when the bot ends (``PR_SET_PDEATHSIG``,
kept across the exec), and ends at once if the bot is gone already (it died between
the fork and the ``prctl``). Linux sends it when the *thread* that forked ends: the
children are started from the event loop, the bot's main thread, which lives as long as
the bot.

The build worker is sent SIGTERM (its ``ParentGone`` unwinds a build as a failure does,
leaving every file whole; before its handler is set, SIGTERM ends it as it is); a
drawing, SIGKILL (its PDF is written to a temporary folder, swept at the next start:
``bot.drawings.sweep_left_folders``). Elsewhere than Linux nothing is asked (the worker
still checks its parent itself).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable

__all__ = ["dies_with_bot", "PR_SET_PDEATHSIG"]

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _prctl() -> Callable[..., int] | None:
    """libc's ``prctl``, found now (in the bot), not in the forked child; None where
    there is none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


def dies_with_bot(sig: int = signal.SIGKILL) -> Callable[[], None] | None:
    """A ``preexec_fn`` for a child of this process: Linux sends it ``sig`` when this
    process ends, and it exits at once (status 1) if this process ended before it
    asked. None where Linux cannot be asked (no ``preexec_fn``: the child starts as
    before)."""
    prctl = _prctl()
    if prctl is None:
        return None
    parent = os.getpid()

    def tie() -> None:  # in the child, after the fork: nothing here may take a lock
        prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
        if os.getppid() != parent:  # the bot ended before the prctl above
            os._exit(1)

    return tie
