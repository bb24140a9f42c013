"""Backups and restores of a data folder (the public exports: ``db.exports``).

A backup is one ``.tar.gz`` holding every store file under ``data/`` and a
``manifest.json`` with the schema version and each file's sha256. It is taken
while holding the store's checkpoint lock, so it is consistent even while the
bot runs: partition files change only during a checkpoint, and the journal
only grows by whole records after them.

A restore checks the archive (safe paths, checksums, the store opens and its
ledgers verify) in a new folder beside the target, then swaps it in; the old
folder is kept beside it, renamed, never deleted.

Nothing in a backup is ever unpickled: loading a pickle runs whatever code it
names, so a crafted backup would run code on the machine it is restored on.
The bot keeps its conversations in the store as JSON (``bot/state.json``),
so a backup holds them like any partition; a pickle left in the folder by an
older version is left out, and a restore drops any pickle an older backup
holds (``bot-state.pickle``), saying so: the conversations in progress at
the time of such a backup are not brought back (their users start the step
again), everything stored is.

A restore never brings back a person who asked to be forgotten after the backup
was made (PIPL art. 47): it reads who is forgotten in the folder it replaces and
forgets them again in the restored one (``forgotten_again``), before it is
swapped in, and withdraws again the agreement to publication of those who
withdrew it (and have not agreed since); one it cannot forget (a volunteer in
the backup) or a folder it cannot read is named (``not_forgotten``), for the
admin to finish by hand. A submission its author took back (``withdraw_own``: a
report or opinion sent by mistake, a fee recorded twice) after the backup, and waiting
for review in it, is withdrawn again (``withdrawn_again``): a volunteer would
otherwise approve and publish it. Forgetting someone again also drops what the bot had saved
under their Telegram id at the time of the backup (``bot/state``: their drafts, kept
and held ones too, with their words and photos; a message of theirs received and not
yet handled, in ``bot/updates``): the bot's own /forget had dropped them.

What the replaced folder held that the backup does not (entries made or decided after
it, ledger lines, people) is said (``db.restore_lost``: ``Restored.lost``), by number.
The numbers it had given out are kept as the restored folder's floor (``db.numbering``:
``Restored.numbers``): new entries and people are numbered past them; into a new folder,
from ``numbers_from``. Each ledger goes on past the lines published since the backup
with lines marked lost (``db.lost_lines``: ``Restored.marked``), so that no published line
number is given to another line; into a new folder, up to ``lines_published``, or as the
published ``site`` shows (``db.restore_site``). Lost lines the public saw stay as published,
the backup's lines past them recorded again after (``db.found_lines``: ``Restored.found``),
and the head log the public saw last is kept whole (``db.restore_heads``: ``.heads``).

A restore keeps no photo or voice note that nothing in the restored folder names
(``db.media_sweep`` with no grace): those deleted since the backup (a forgotten
person's, an unsent draft's swept away) and those the backup caught unnamed (a draft
just cancelled) would otherwise come back for the sweep's two days more. Every file
of the new folder came from the archive, and no bot runs on it yet, so no draft is
a step ahead of what is saved; ``media_dropped`` counts them.

The first makings of the paper notices (``FIRSTS``: when each month's notice was
first made, a digest of each part, no words) are in every backup and come back with
it, so that a notice printed again after a restore, on a new machine too, still says
what changed since the one posted on the wall; a restore also keeps those the folder it
replaces holds and the backup does not (a month's notice first made after the backup),
or holds as made later. The notices' PDFs beside them are not: they are drawn again.

A backup file is written readable by its owner only (mode 600): it holds every
resident's name and room and the street office's signing key. A restore puts
the key back as ``steward init`` made it (``keys/`` 700, its files 600).

``backup(..., passphrase=...)`` seals the archive (``db.seal``: AES-256-GCM
with a key from scrypt); ``restore`` needs the same passphrase for it.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import tarfile
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from . import checks
from .backup_archive import (
    FIRSTS,
    UNPICKLED,
    add_file,
    data_files,
    firsts,
    pickled,
    private,
    read_archive,
    write_private,
)
from .core import CHINA_TZ
from .errors import DomainError, StoreError
from .forget_again import forget_again
from .heads import HeadLog
from .heads_cut import SEEN_FILE, records_lost, seen
from .locks import checkpoint_lock, writer_lock
from .restore_aside import keep_aside, one_restore
from .restore_heads import (
    KeptHeads,
    KeyInUse,
    extends,
    keep_heads,
    key_in_use,
    retire_restored,
)
from .restore_lost import Lost, keep_past_in, lost_since
from .restore_site import lost_from_site
from .seal import is_sealed, seal, unseal
from .storage import fsync_dir
from .store import SCHEMA_VERSION

__all__ = ["backup", "restore", "Restored", "UNPICKLED", "FIRSTS"]

def _now() -> str:
    """The time, in the street's clock (China, +08:00), whatever the machine's zone: a
    restore on a server left on UTC kept the old folder as data.before-restore-… of the
    hour eight hours before."""
    from datetime import datetime

    return datetime.now(CHINA_TZ).isoformat(timespec="seconds")


class Restored(NamedTuple):
    """What a restore did: where the old folder was kept, what it dropped, the people
    forgotten since the backup whose data it deleted again, and what it could not
    (a person id, or why the replaced folder could not be read)."""

    kept: Path | None
    dropped: list[str]
    forgotten_again: list[int] = []
    not_forgotten: list[str] = []
    media_dropped: int = 0
    withdrawn_again: list[int] = []
    made: str = ""  # when the backup was made (its manifest's time, ISO)
    lost: Lost = Lost()  # what the replaced folder held that the backup did not
    # the numbers the restored folder gives next (``db.numbering``), and whether they are
    # past every number given out before: read from the folder replaced, or given
    # (``numbers_from``); False for a new folder without ``numbers_from``
    numbers: dict[str, int] = {}
    numbers_past: bool = False
    # the ledger lines given out since the backup, written as lost (``db.lost_lines``)
    marked: dict[str, tuple[int, int]] = {}
    # the backup's lines recorded again after the published ones, where its ledger parts
    # from them (``db.found_lines``): area -> [(number before, number now)]
    found: dict[str, list[tuple[int, int]]] = {}
    # which head log was kept, records cut, heads superseded (``db.restore_heads``)
    heads: KeptHeads = KeptHeads()
    # the key that signs heads from now on, and a newer one the public's log names
    key: KeyInUse = KeyInUse()
    # (records the folder replaced had signed, records of them the restored log holds)
    # when the restore was told to go on without the others (``accept_cut``)
    heads_cut: tuple[int, int] = (0, 0)


def backup(data_dir: str | Path, out_file: str | Path, *,
           passphrase: str | None = None) -> dict[str, Any]:
    """Write a consistent snapshot of ``data_dir`` to ``out_file`` (sealed with
    ``passphrase`` when given); return the manifest."""
    root = Path(data_dir)
    if not (root / "meta.json").exists():
        raise StoreError(f"{root}: not a Steward data folder", code="missing", path=str(root))
    buf = io.BytesIO()
    with checkpoint_lock(root):
        # heads.seen before heads.jsonl: a head signed meanwhile (the bot does not wait
        # for this lock) makes the log longer than it says, never shorter (db.heads_cut)
        files = sorted((p for p in data_files(root) if p.is_file() and not pickled(p.name)),
                       key=lambda p: (p.name != SEEN_FILE, p))
        contents = {p.relative_to(root).as_posix(): p.read_bytes() for p in files}
    meta = json.loads(contents["meta.json"])
    manifest = {"format": "steward-backup", "schema": meta.get("schema"),
                "created": _now(),
                "files": {name: hashlib.sha256(data).hexdigest()
                          for name, data in contents.items()}}
    # every file bears the moment of the snapshot (``tar tzvf`` said 1970-01-01 00:00)
    made = int(datetime.fromisoformat(str(manifest["created"])).timestamp())
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        add_file(tar, "manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False).encode(),
             made)
        for name, data in contents.items():
            add_file(tar, f"data/{name}", data, made)
    body = buf.getvalue()
    if passphrase is not None:
        manifest["sealed"] = True
        body = seal(body, passphrase)
    write_private(Path(out_file).resolve(), body)
    return manifest


def restore(archive: str | Path, data_dir: str | Path, *,
            passphrase: str | None = None, numbers_from: int | None = None,
            lines_published: dict[str, int] | None = None, site: str | None = None,
            accept_cut: bool = False, replace_log: bool = False) -> Restored:
    """Bring a backup back into ``data_dir``: where the old folder was kept, if any, and
    the files left out (pickles, never loaded). New entries are numbered past every
    number the folder replaced gave out, and from ``numbers_from`` at least (a new
    folder: the numbers given out since the backup are unknown; ``db.numbering``). Each
    ledger goes on past the lines given out since the backup, written as lost: read from
    the folder replaced (or, into a new folder or over one unreadable, from the published
    ``site``: ``db.restore_site``), or up to line N of ``lines_published`` (area -> N).

    The head log kept holds every record the folder replaced remembers signing
    (``heads.seen``, its start check's mark), taken from the backup or the ``site`` when
    that folder's log was cut: a restore is no way to cut the public's head log. When
    none of them holds the records cut, StoreError ``restore_cuts_head_log``, unless
    ``accept_cut`` (then ``Restored.heads_cut`` says what was lost).

    Nor does a restore replace records of the public's head log (the folder replaced's,
    or the site's) with the backup's because they were signed with a key it does not
    hold (changed since the backup, and gone from the folder: lost with the machine, or
    deleted): StoreError ``restore_replaces_head_log`` names them, unless
    ``replace_log`` (the key lost for good: the README's lost-key procedure follows).
    Before, it did so and said it in one line among many, the exit status 0."""
    published = {checks.text(a, "an area"): checks.whole(n, "the last ledger line given out")
                 for a, n in (lines_published or {}).items()}
    if numbers_from is not None:
        numbers_from = checks.whole(numbers_from, "the next entry number")
    archive = Path(archive)
    target = Path(data_dir).resolve()
    try:
        raw = archive.read_bytes()
        if is_sealed(raw[:64]):
            if passphrase is None:
                raise StoreError(f"{archive}: the backup is encrypted; give its passphrase",
                                 code="passphrase_needed")
            raw = unseal(raw, passphrase)
        files, manifest, dropped = read_archive(archive, raw)
    except StoreError:
        raise
    except (OSError, EOFError, zlib.error, tarfile.TarError, ValueError) as exc:
        # A truncated or damaged archive: gzip and tar fail in many ways.
        raise StoreError(f"{archive}: not a Steward backup, or damaged ({exc})",
                         code="bad_backup") from exc
    if not manifest or manifest.get("format") != "steward-backup":
        raise StoreError(f"{archive}: no Steward manifest", code="bad_backup")
    listed = {name for name in manifest["files"] if not pickled(name)}
    if listed != set(files):
        raise StoreError(f"{archive}: files do not match the manifest", code="bad_backup")
    for name, data in files.items():
        if hashlib.sha256(data).hexdigest() != manifest["files"][name]:
            raise StoreError(f"{archive}: {name} is damaged (checksum mismatch)",
                             code="bad_backup")
    if int(manifest.get("schema") or 0) > SCHEMA_VERSION:
        raise StoreError(f"{archive}: made by a newer Steward (schema {manifest['schema']})",
                         code="schema")

    with one_restore(target):
        return _restore_into(archive, target, files, manifest, dropped, numbers_from,
                             published, site, accept_cut, replace_log)


def _restore_into(archive: Path, target: Path, files: dict[str, bytes],
                  manifest: dict[str, Any], dropped: list[str],
                  numbers_from: int | None, published: dict[str, int],
                  site: str | None, accept_cut: bool = False,
                  replace_log: bool = False) -> Restored:
    """``restore``'s work once the backup checks out, under ``one_restore``."""
    staging = target.with_name(f".{target.name}.restoring")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    kept: Path | None = None
    try:
        try:
            _stage(staging, files)
        except DomainError as exc:
            raise _unsound(archive, staging, exc) from exc
        again, left, withdrawn = (forget_again(target, staging) if target.exists()
                                  else ([], [], []))
        _firsts_since(target, staging)
        lost = lost_since(target, staging) if target.exists() else Lost()
        if site and (lost.unread or not target.exists()):  # what the public saw, from it
            lost = lost_from_site(site, staging)._replace(numbers=lost.numbers)
        floors = dict(lost.numbers)
        if numbers_from is not None:
            floors["entry"] = max(floors.get("entry", 1), numbers_from)
        made = str(manifest.get("created") or "")
        numbers, marked, found = keep_past_in(staging, floors, f"restore of the backup "
                                              f"made {made or '?'}", lost=lost,
                                              published=published, backup=made)
        # what the folder replaced remembers of its head log (``db.heads_cut``): a log
        # cut by hand there is made whole from the backup's, or the site's, never kept cut
        memory = [seen(target), lost.mark] if target.exists() else []
        lost = lost._replace(heads=_fullest(lost.heads, HeadLog(staging).read(), memory,
                                            site, staging))
        # the head log the public saw last, its heads on lines now lost superseded by a
        # signed restore record (``db.restore_heads``); then all checked again
        heads = keep_heads(staging, lost.heads, at=_now(), backup=made,
                           replaced_key=lost.key) if lost.heads else KeptHeads()
        if heads.unkept and not replace_log:  # signed with a key this restore lacks
            raise _replaces_log(target, lost.heads, heads.unkept)
        heads_cut = records_lost(HeadLog(staging).read(), memory) or (0, 0)
        # the records replaced are those the cut drops: the flag said to drop them
        if heads_cut != (0, 0) and not (accept_cut or (replace_log and heads.unkept)):
            raise _cuts_log(target, *heads_cut)
        if heads.log or lost.parted:
            _check_restored(staging)
        key = key_in_use(staging, lost.heads)
        if key.public_id:  # the signer refuses it until a backup with the key or a new key
            retire_restored(staging, lost.heads)
        unnamed = _drop_unnamed(staging)
        _fsync_tree(staging)

        with writer_lock(target) if target.exists() else contextlib.nullcontext():
            if target.exists():
                kept = keep_aside(target, _now())
            staging.rename(target)
    except BaseException:
        # Refused (a backup that does not check out, the bot running on the folder, a
        # full disk, Ctrl-C): nothing of the backup stays beside the folder, every
        # resident's data in it.
        if kept is not None and not target.exists():
            kept.rename(target)  # the folder as it was, where it was
        shutil.rmtree(staging, ignore_errors=True)
        raise
    fsync_dir(target.parent)
    return Restored(kept, dropped, again, left, unnamed, withdrawn, made, lost, numbers,
                    bool(lost.numbers) or numbers_from is not None, marked, found, heads, key,
                    heads_cut)


def _fullest(replaced: list[dict[str, Any]], own: list[dict[str, Any]], memory: list[Any],
             site: str | None, staging: Path) -> list[dict[str, Any]]:
    """The head log to keep: the folder replaced's (``replaced``), or, when that one lost
    records at its end that it remembers signing, the backup's own (``own``) or the
    ``site``'s that holds them after the same records."""
    if replaced and extends(own, replaced):
        replaced = own  # the backup, made after the records since cut
    if site and replaced and records_lost(replaced, memory) is not None:
        records = lost_from_site(site, staging).heads
        if extends(records, replaced):
            replaced = records
    return replaced


def _replaces_log(target: Path, replaced: list[dict[str, Any]], unkept: int) -> StoreError:
    """The restore would replace the public's head log's last ``unkept`` records, signed
    with a key neither the backup nor the folder replaced holds."""
    from .witness import check_log

    first, count = len(replaced) - unkept + 1, len(replaced)
    which = f"#{first}" if first == count else f"#{first}–#{count}"
    keys = check_log(list(replaced)).keys
    key = str(keys[-1].get("id") or "?") if keys else "?"
    since = str(keys[-1].get("at") or "?")[:16].replace("T", " ") if keys else "?"
    return StoreError(
        f"the public's head log ({count} records) would be replaced by the backup's: its "
        f"record(s) {which} go with key {key} (in force since {since}: its announcement, "
        f"or signed with it), which the backup does not hold, nor "
        + (f"{target}/keys/signing.key" if target.exists() else
           "a folder here (restored into a new folder: the machine that held it is gone)")
        + " (changed after the backup, then lost). Witnesses who saved them would see the "
        "log rewritten. Put that key back first (a backup made after it came in force, or the file "
        "keys/signing.key copied back into the data folder), and restore again; if it is "
        "lost for good, add --replace-head-log, follow the README's 'If the key is lost' "
        "and announce the new key and why",
        code="restore_replaces_head_log", path=str(target), count=count, which=which,
        key=key, since=since, unkept=unkept, new=not target.exists())


def _cuts_log(target: Path, count: int, held: int) -> StoreError:
    """The restore would leave the head log short of records the folder replaced signed."""
    which = f"#{held + 1}" if held + 1 == count else f"#{held + 1}–#{count}"
    if held == count:
        which = f"#{count}"
    return StoreError(
        f"the head log of {target} held {count} signed records (heads.seen, the start "
        f"check); the one restored would hold {held} of them: record(s) {which}, which "
        "the public may have seen and saved, would be gone (the log was cut before the "
        "restore, and neither the backup nor the site given holds them). Use a backup "
        "made after they were signed, or add --from-site SITE (the live site keeps the "
        "whole log); if they are lost for good, add --accept-cut-head-log and tell the "
        "residents why witnesses' saved heads no longer check",
        code="restore_cuts_head_log", path=str(target), count=count, held=held,
        which=which)


def _unsound(archive: Path, staging: Path, exc: DomainError) -> StoreError:
    """A backup whose files do not hold, said of the backup, not of the folder it was
    staged in, which the operator never made."""
    inside = str(exc).replace(f"{staging}{os.sep}", "").split("; bring back a backup")[0]
    damaged = Path(str(exc.params.get("path") or ""))
    return StoreError(
        f"{archive}: the backup does not check out ({inside}): it was not restored, and "
        "the data folder is as it was. Use another backup (an earlier one)",
        code="backup_unsound", archive=str(archive), damage=exc.code,
        file=damaged.relative_to(staging).as_posix() if damaged.is_relative_to(staging)
        else "")


def _stage(staging: Path, files: dict[str, bytes]) -> None:
    """Write a backup's files into ``staging`` and check them as ``steward verify``
    does (``DomainError`` when they do not hold)."""
    os.chmod(staging, 0o700)  # the residents' names and ids: the service user's alone
    for name, data in files.items():
        path = staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if private(name):  # the signing key: its owner's alone, as init made it
            os.chmod(path.parent, 0o700)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
        else:
            path.write_bytes(data)
    _check_restored(staging)


def _check_restored(root: Path) -> None:
    from .heads import check_heads_or_raise
    from .repository import Repository

    repo = Repository.open(root)
    try:
        repo.store.load_all()
        repo.verify()
        check_heads_or_raise(repo)  # every signed head of the backup is in its ledgers
    finally:
        repo.close()


def _firsts_since(old: Path, staging: Path) -> None:
    """Bring into ``staging`` the first makings of notices kept in the folder it replaces
    (``old``) that the backup has not (a notice first made after the backup) or has as
    made later: the earlier is the one posted on the wall. Unreadable ones are left."""
    for path in firsts(old):
        rel = path.relative_to(old)
        mine = staging / rel
        try:
            theirs = json.loads(path.read_bytes())
            made = str(theirs["made"])
            if mine.is_file() and str(json.loads(mine.read_bytes()).get("made")) <= made:
                continue
            mine.parent.mkdir(parents=True, exist_ok=True)
            mine.write_bytes(path.read_bytes())
        except (OSError, ValueError, KeyError, TypeError):
            continue


def _drop_unnamed(root: Path) -> int:
    """Delete the photos and voice notes nothing in the restored folder ``root`` names
    (``db.media_sweep.sweep`` with no grace: every file there came from the archive);
    how many."""
    from .media_sweep import sweep
    from .repository import Repository

    repo = Repository.open(root, readonly=True)
    try:
        return sweep(repo.store, grace=0.0, now=float("inf")).files
    finally:
        repo.close()


def _fsync_tree(root: Path) -> None:
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_file():
            with open(path, "rb+") as f:
                os.fsync(f.fileno())
        else:
            fsync_dir(path)
    fsync_dir(root)
