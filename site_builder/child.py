"""Child processes that must not outlive the process that started them."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # linux/prctl.h


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
