"""Disk full and an unwritable data folder: a write that cannot complete is
refused with a clear message to the user, the admins are told, and the store
stays byte for byte as it was; once the disk is fixed the same step works.

ENOSPC is simulated by making ``fsync`` fail (what a full disk does to a
journal append); the unwritable folder by ``chmod`` when the tests do not run
as root, and otherwise (root ignores file modes) by refusing ``open`` for
writing inside the data folder, which is what the kernel would do."""

from __future__ import annotations

import asyncio
import errno
from pathlib import Path

import pytest
from conftest import confirmed_resident
from robust_support import RobustHarness, check_invariants

import bot.context
import db.fsio
from db.entries import Kind, Status
from db.errors import StoreError
from db.repository import Repository

HOME = "c1/1/1/101"
ADMIN = 900  # the street's admin (SMALL_STREET)


@pytest.fixture(autouse=True)
def fresh_alerts(monkeypatch):
    monkeypatch.setattr(bot.context, "ALERT_TASKS", set())


def files_of(root: Path) -> dict[str, bytes]:
    """Every data file and its bytes (lock files excepted)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")}


def disk_full(monkeypatch) -> None:
    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(db.fsio.os, "fsync", no_space)


async def alerts(harness) -> list[str]:
    """What the admins were told (once the background alerts are sent)."""
    await asyncio.gather(*list(bot.context.ALERT_TASKS))
    return [c.text for c in harness.request.calls if c.chat_id == ADMIN]


async def to_summary(bot, tid: int = 7001, amount: str = "66") -> None:
    await bot.send(tid, "/pay")
    await bot.press(tid, "pay:fee:property")
    await bot.press(tid, "pay:per:2025-01")
    await bot.send(tid, amount)
    await bot.press(tid, "pay:skip")


async def test_a_full_disk_refuses_the_fee_tells_user_and_admins_and_changes_nothing(
        repo, monkeypatch):
    confirmed_resident(repo, 7001, HOME, 101)
    root = repo.store.root
    async with RobustHarness(repo) as bot:
        await to_summary(bot)
        before = files_of(root)
        with monkeypatch.context() as m:
            disk_full(m)
            calls = await bot.press(7001, "pay:ok")
            told = await alerts(bot)
        assert files_of(root) == before
        assert repo.entries(kind=Kind.FEE_INCOME) == []
        to_user = [c.text for c in calls if c.chat_id == 7001]
        assert any("保存失败" in t and "磁盘" in t for t in to_user), to_user
        assert any("journal.log" in t and "No space left" in t for t in told), told
        assert any(f"free space on it (df -h {root})" in t for t in told), told  # the fix
        assert not [c for c in calls if c.chat_id in (101, 102)]  # nothing to approve
        # The disk has room again: the same summary button now stores the fee.
        calls = await bot.press(7001, "pay:ok")
    [fee] = repo.entries(kind=Kind.FEE_INCOME)
    assert fee.data["amount_fen"] == 6600 and fee.status == Status.PENDING
    assert f"#{fee.id}" in calls[-1].text or any(f"#{fee.id}" in c.text for c in calls)
    assert bot.errors == []
    check_invariants(repo)


async def test_a_new_user_on_a_full_disk_is_told_saving_failed_not_a_traceback(
        repo, monkeypatch):
    async with RobustHarness(repo) as bot:
        with monkeypatch.context() as m:
            disk_full(m)
            calls = await bot.send(5555, "/help")  # first contact creates the person
            told = await alerts(bot)
    assert repo.person_by_telegram(5555) is None
    [answer] = [c.text for c in calls if c.chat_id == 5555]
    assert "保存失败" in answer and "Traceback" not in answer
    assert any("write_failed" in t for t in told)


def _refuse_writes_inside(monkeypatch, root: Path) -> None:
    """Make the data folder unwritable: chmod, or (as root) refuse open() for writing."""
    journal = root / "journal.log"
    journal.touch()
    modes = {p: p.stat().st_mode for p in (root, journal)}
    journal.chmod(0o444)
    root.chmod(0o555)
    probe = root / ".probe"
    try:
        probe.write_bytes(b"")
        probe.unlink()
        privileged = True  # root: file modes do not stop us
    except PermissionError:
        privileged = False

    def restore() -> None:
        for p, mode in modes.items():
            p.chmod(mode)

    monkeypatch.undo_chmod = restore  # type: ignore[attr-defined]
    if privileged:  # the store opens files for writing only through db.fsio
        real_open = db.fsio.FileOps.open

        def guarded_open(self, path, *, truncate=False):
            if Path(path).resolve().is_relative_to(root.resolve()):
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(self, path, truncate=truncate)

        monkeypatch.setattr(db.fsio.FileOps, "open", guarded_open)


async def test_an_unwritable_data_folder_refuses_the_write_and_keeps_the_store(
        repo, monkeypatch):
    confirmed_resident(repo, 7001, HOME, 101)
    root = repo.store.root
    async with RobustHarness(repo) as bot:
        await to_summary(bot, amount="77")
        repo.store.checkpoint()  # the journal file is closed: the next write opens it
        before = files_of(root)
        with monkeypatch.context() as m:
            _refuse_writes_inside(m, root)
            try:
                calls = await bot.press(7001, "pay:ok")
                told = await alerts(bot)
            finally:
                m.undo_chmod()
        assert files_of(root) == before
        assert repo.entries(kind=Kind.FEE_INCOME) == []
        assert any("保存失败" in c.text for c in calls if c.chat_id == 7001)
        assert any("journal.log" in t and "Permission denied" in t for t in told), told
        await bot.press(7001, "pay:ok")
    [fee] = repo.entries(kind=Kind.FEE_INCOME)
    assert fee.data["amount_fen"] == 7700
    assert bot.errors == []


def test_a_failed_append_leaves_the_journal_as_it_was_and_the_next_write_works(repo,
                                                                              monkeypatch):
    author = confirmed_resident(repo, 7001, HOME, 101)
    journal = repo.store.root / "journal.log"
    before = journal.read_bytes()
    with monkeypatch.context() as m:
        disk_full(m)
        with pytest.raises(StoreError) as caught:
            repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": "丢失?"})
    assert caught.value.code == "write_failed" and "journal.log" in str(caught.value)
    assert journal.read_bytes() == before
    entry = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": "第二次"})
    assert [e.data["text"] for e in repo.entries(kind=Kind.ISSUE)] == ["第二次"]
    repo.close()
    again = Repository.open(repo.store.root)
    try:
        assert [(e.id, e.data["text"]) for e in again.entries(kind=Kind.ISSUE)] == \
            [(entry.id, "第二次")]
    finally:
        again.close()


def test_a_checkpoint_that_fails_on_a_full_disk_keeps_the_committed_writes(
        tmp_path, street_config, clock, monkeypatch):
    """The journal append succeeded (the write is committed) but writing the
    partition files afterwards fails: the caller gets its entry, ids are not
    reused, and everything is there after a restart."""
    Repository.init(tmp_path / "data", street_config, clock=clock).close()
    repo = Repository.open(tmp_path / "data", checkpoint_every=1, clock=clock)
    author = confirmed_resident(repo, 7001, HOME, 101)

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(db.fsio.os, "replace", no_space)
        first = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": "一"})
        second = repo.submit(author, Kind.ISSUE, "east", {"category": "septic", "text": "二"})
    assert first.id != second.id
    assert [e.data["text"] for e in repo.entries(kind=Kind.ISSUE)] == ["一", "二"]
    repo.close()  # the disk has room again: close checkpoints
    again = Repository.open(tmp_path / "data")
    try:
        assert [(e.id, e.data["text"]) for e in again.entries(kind=Kind.ISSUE)] == \
            [(first.id, "一"), (second.id, "二")]
        check_invariants(again, site=False)
    finally:
        again.close()



async def test_stopping_on_a_full_disk_stops_cleanly_and_the_journal_keeps_every_write(
        tmp_path, monkeypatch, caplog):
    from robust_support import new_repo

    from bot.app import build_application
    from bot.settings import Settings

    data = tmp_path / "data"
    repo = new_repo(data)
    confirmed_resident(repo, 7001, HOME, 101)
    app = build_application(Settings(token="1:T", data_dir=data, persistence=False), repo=repo)
    with monkeypatch.context() as m:
        disk_full(m)
        await app.post_shutdown(app)  # the closing checkpoint fails: no exception
    assert "stopped without the closing checkpoint" in caplog.text
    again = Repository.open(data)  # the folder was let go; the journal is replayed
    assert again.person_by_telegram(7001) is not None
    again.close()


def test_the_operators_fix_is_named_for_a_full_a_read_only_and_an_unwritable_disk():
    from db.storage import disk_fix

    full = disk_fix("/srv/steward/data", OSError(errno.ENOSPC, "No space left on device"))
    assert full and "free space" in full and "/srv/steward/data" in full
    ro = disk_fix("/srv/steward/data", StoreError(
        "could not write to /srv/steward/data/journal.log: Read-only file system"))
    assert ro and "read-write" in ro
    assert "writable" in (disk_fix("/p", "PermissionError: [Errno 13] Permission denied") or "")
    assert disk_fix("/p", RuntimeError("mkdocs exploded")) is None


async def test_a_volunteers_income_refused_by_a_full_disk_keeps_what_was_typed_to_retry(
        repo, monkeypatch):
    """/income's last step on a full disk: told saving failed; the fee, unit, period and
    amount typed are kept at the step, so the same button stores it once the disk has
    room (the flow ended and its draft was dropped: all of it to type again)."""
    async with RobustHarness(repo) as bot:
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:sanitation")
        await bot.press(101, "inc:unit:0")
        await bot.press(101, "inc:hh:0")
        await bot.press(101, "inc:per:2025")
        await bot.send(101, "88")
        with monkeypatch.context() as m:
            disk_full(m)
            await bot.press(101, "inc:skip:1")
            refused = await bot.press_label(101, "确认登记", exact=True)
            await alerts(bot)
        assert repo.entries(kind=Kind.FEE_INCOME) == []
        assert any("保存失败" in c.text for c in refused if c.chat_id == 101)
        again = await bot.press_label(101, "确认登记", exact=True)  # the disk has room again
    [fee] = repo.entries(kind=Kind.FEE_INCOME)
    assert fee.data["amount_fen"] == 8800 and fee.data["period"] == "2025"
    assert any(f"#{fee.id}" in c.text for c in again if c.chat_id == 101)
    assert bot.errors == []
    check_invariants(repo)


def test_a_data_folder_on_a_disk_turned_read_only_is_refused_in_one_line_and_still_verified(
        tmp_path, monkeypatch):
    """The disk turned read-only after an error: the bot does not start, with one line
    naming the fix (a traceback from the writer lock before); `steward verify` and
    `steward backup` still read it (they failed on the checkpoint lock's file)."""
    import builtins

    from robust_support import make_data
    from typer.testing import CliRunner

    import db.locks
    from steward_cli import app

    data = make_data(tmp_path)
    real_open = builtins.open

    def read_only(path, mode="r", *args, **kwargs):
        if any(c in mode for c in "wax+") and Path(path).is_relative_to(data):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(db.locks, "open", read_only, raising=False)
    with pytest.raises(StoreError) as refused:
        Repository.open(data)
    assert "mount it read-write again" in str(refused.value) and str(data) in str(refused.value)
    verified = CliRunner().invoke(app, ["verify", "--data", str(data)])
    assert verified.exit_code == 0 and "OK" in verified.output, verified.output
    out = tmp_path / "elsewhere" / "street.tar.gz"
    backed = CliRunner().invoke(app, ["backup", "--data", str(data), str(out)])
    assert backed.exit_code == 0 and out.stat().st_size > 0, backed.output


async def test_a_receipt_photo_refused_by_a_full_disk_is_answered_with_the_steps_button(
        repo, monkeypatch):
    """/income's receipt photo cannot be stored: the refusal keeps the step's No receipt
    button (it was a bare message: the volunteer could only send the photo again)."""
    from bot.offline import jpeg_bytes

    async with RobustHarness(repo) as bot:
        await bot.send(101, "/income")
        for data in ("inc:fee:sanitation", "inc:unit:0", "inc:hh:0", "inc:per:2025"):
            await bot.press(101, data)
        await bot.send(101, "88")
        with monkeypatch.context() as m:
            disk_full(m)
            refused = await bot.send_photo(101, jpeg_bytes())
            await alerts(bot)
        [answer] = [c for c in refused if c.chat_id == 101 and "保存失败" in c.text]
        assert ("没有收据", "inc:skip:1") in answer.buttons()
        await bot.press(101, "inc:skip:1")
        again = await bot.press_label(101, "确认登记", exact=True)
    [fee] = repo.entries(kind=Kind.FEE_INCOME)
    assert fee.data["amount_fen"] == 8800 and fee.data["receipt"] is None
    assert any(f"#{fee.id}" in c.text for c in again if c.chat_id == 101)


async def test_a_vote_refused_by_a_full_disk_is_told_and_the_same_button_counts_it_later(
        repo, monkeypatch):
    """A resident's vote on a full disk: told saving failed (no 'recorded'), nothing
    counted; the same button records it, once, when the disk has room."""
    from conftest import pid

    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="安装单元门",
                                    description="三个单元", budget_fen=300000,
                                    matter="everyday", deadline="2099-01-01")
    async with RobustHarness(repo) as bot:
        with monkeypatch.context() as m:
            disk_full(m)
            refused = await bot.press(5001, f"vote:{proposal.id}:agree")
            await alerts(bot)
        assert repo.current_votes(proposal.id) == {}
        told = [c.text or c.params.get("text", "") for c in refused]
        assert any("保存失败" in t for t in told) and not any("已记录" in t for t in told)
        counted = await bot.press(5001, f"vote:{proposal.id}:agree")
        await bot.press(5001, f"vote:{proposal.id}:agree")  # pressed twice: one vote
    assert len(repo.current_votes(proposal.id)) == 1
    assert len(repo.entries(kind=Kind.VOTE)) == 1
    assert any("已记录" in c.text for c in counted if c.chat_id == 5001)
    assert bot.errors == []
