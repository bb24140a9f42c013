"""``steward run`` for ``tests/soak_crash.py``: the real command, with two knobs a
soak needs and a production bot has not.

* ``SOAK_CHECKPOINT_EVERY=N``: the store makes a checkpoint every N commits (not
  every 10,000), so that a soak's few hundred writes cross many of them.
* ``SOAK_KILL=point:n``: the process SIGKILLs itself the n-th time it reaches
  ``point`` (the kill lands exactly there, which a kill from outside cannot aim):

  - ``journal``: a commit's journal fsync has returned (the write is durable) and
    nothing after it has run: not the receipt, not the update's done mark;
  - ``journal-cut``: as a power cut before a commit's fsync returned: the records it
    was to make durable cut off the journal (never acknowledged, so never told);
  - ``ckpt-mid``: a checkpoint wrote the first of its partition files, not the rest
    (nor the manifest's end);
  - ``ckpt-files``: a checkpoint wrote every partition file, not the manifest's end;
  - ``ckpt-final``: a checkpoint's manifest is final, the old journals not deleted.

Nothing else changes: the handlers, the store and the publisher are main's code.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _die() -> None:
    sys.stderr.write(f"SOAK-KILLED-SELF {os.environ.get('SOAK_KILL')}\n")
    sys.stderr.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def _armed() -> None:
    spec = os.environ.get("SOAK_KILL", "")
    if not spec:
        return
    point, _, nth = spec.partition(":")
    left = [int(nth or 1)]

    def reached() -> None:
        left[0] -= 1
        if left[0] <= 0:
            _die()

    import db.journal
    import db.transaction

    if point == "journal":
        sync = db.journal.Journal.sync

        @functools.wraps(sync)
        def synced(self: Any, *args: Any, **kwargs: Any) -> Any:
            out = sync(self, *args, **kwargs)
            reached()
            return out

        db.journal.Journal.sync = synced  # type: ignore[method-assign]
    elif point == "journal-cut":
        sync = db.journal.Journal.sync

        @functools.wraps(sync)
        def cut(self: Any, pos: int, *args: Any, **kwargs: Any) -> Any:
            if left[0] <= 1 and self._fd is not None:
                os.ftruncate(self._fd, pos)  # what its fsync was to make durable, lost
            reached()
            return sync(self, pos, *args, **kwargs)

        db.journal.Journal.sync = cut  # type: ignore[method-assign]
    elif point in ("ckpt-mid", "ckpt-files"):
        write = db.transaction.write_partitions

        def written(root: Path, files: dict[str, bytes]) -> None:
            if point == "ckpt-mid" and files:
                first = sorted(files)[0]
                write(root, {first: files[first]})
                reached()
            write(root, files)
            if point == "ckpt-files":
                reached()

        db.transaction.write_partitions = written  # type: ignore[assignment]
    elif point == "ckpt-final":
        discard = db.transaction.discard_old_journals

        def discarding(root: Path, upto: int) -> None:
            reached()
            discard(root, upto)

        db.transaction.discard_old_journals = discarding  # type: ignore[assignment]
    else:
        raise SystemExit(f"SOAK_KILL: unknown point {point!r}")


def main() -> None:
    every = os.environ.get("SOAK_CHECKPOINT_EVERY")
    if every:
        import db.store

        defaults = db.store.Store.__init__.__kwdefaults__
        assert defaults is not None and "checkpoint_every" in defaults
        defaults["checkpoint_every"] = int(every)
    _armed()
    import steward_cli

    sys.argv = ["steward", *sys.argv[1:]]
    steward_cli.main()


if __name__ == "__main__":
    main()
