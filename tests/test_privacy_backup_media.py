"""What a restore brings back that was deleted since its backup (PIPL art. 47): the
photos and drafts of a resident who asked to be forgotten, and the photos the media
sweep deleted, stay deleted (db/backup.py)."""

from __future__ import annotations

import json
from pathlib import Path

from bot_harness import BotHarness
from conftest import confirmed_resident
from robust_support import settings_for
from test_media_sweep import _age, _media, _photo_sent, _stored, _thumbs
from typer.testing import CliRunner

from bot.state import STATE, UPDATES
from db import forget_again as backups
from db.backup import backup, restore
from db.repository import Repository
from steward_cli import app as cli

HOME = "c1/1/1/101"


async def test_a_restore_brings_back_no_photo_or_draft_of_a_resident_forgotten_since(
        repo, tmp_path):
    """Her report waiting for review had a photo, and a report she left half way kept
    another in its draft. A backup held both; she sent /forget and the sweep deleted
    both photos. Restoring the backup brought both files back into media/ (for the
    sweep's two days more), and her kept draft, its words and photo, into the bot's
    saved state under her Telegram id, offered again (继续填写) when she next wrote."""
    root = Path(repo.store.root)
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo, settings=settings_for(root)) as bot:
        sent = await _stored(bot, 5001, (40, 30))
        kept = await _photo_sent(bot, 5001, (48, 36), {sent})
        await bot.send(5001, "账目")  # left half way: kept under 继续填写
        archive = tmp_path / "before.tar.gz"
        backup(root, archive)
        await bot.send(5001, "/forget")
        await bot.press(5001, "fg:ok")
        _age(repo)
        await bot.run_jobs()
        assert not {sent, kept} & (_media(repo) | _thumbs(repo))  # the sweep deleted both
    repo.close()
    result = CliRunner().invoke(cli, ["restore", str(archive), "--data", str(root)])
    assert result.exit_code == 0, result.output
    assert "deleted 2 photos or voice notes of the backup" in result.output
    again = Repository.open(root, readonly=True)
    try:
        assert not {sent, kept} & (_media(again) | _thumbs(again))
        assert again.store.get(STATE, "users", 5001) is None
        assert kept not in json.dumps(again.store.all(STATE, "users"))
    finally:
        again.close()


def test_the_restore_knows_the_bots_state_partitions():
    # db does not import the bot: the names are written twice
    assert (backups.BOT_STATE, backups.BOT_UPDATES) == (STATE, UPDATES)


async def test_a_restore_brings_back_no_photo_the_sweep_deleted_since(repo, tmp_path):
    """A report cancelled just before the nightly backup left its photo unnamed, within
    the sweep's two days: the backup held it, the sweep then deleted it. A restore (on
    a new machine, too) brought it back, to be kept two more days; a photo an entry
    names comes back, and the folder still verifies."""
    root = Path(repo.store.root)
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo, settings=settings_for(root)) as bot:
        named = await _stored(bot, 5001, (40, 30))
        cancelled = await _photo_sent(bot, 5001, (48, 36), {named})
        await bot.send(5001, "/cancel")
        archive = tmp_path / "nightly.tar.gz"
        backup(root, archive)
        assert _media(repo) == {named, cancelled}  # in the backup
        _age(repo)
        await bot.run_jobs()
        assert _media(repo) == {named}
    repo.close()
    fresh = tmp_path / "new-machine" / "data"
    for folder in (root, fresh):
        done = restore(archive, folder)
        assert done.media_dropped == 1
        again = Repository.open(folder, readonly=True)
        try:
            assert _media(again) == {named} and _thumbs(again) == {named}
        finally:
            again.close()
        verified = CliRunner().invoke(cli, ["verify", "--data", str(folder)])
        assert verified.exit_code == 0, verified.output


def test_a_message_of_a_forgotten_resident_waiting_in_a_backup_is_not_handled_again(
        repo, tmp_path):
    """The backup caught her message received and not yet handled: the bot handles such
    messages at its next start, so after a restore it would register her Telegram id and
    username again from a message sent before she asked to be forgotten."""
    root = Path(repo.store.root)
    person = confirmed_resident(repo, 5001, HOME, 101)
    message = {"update_id": 77, "message": {"message_id": 5, "date": 0, "text": "我是罗小燕",
                                            "chat": {"id": 5001, "type": "private"},
                                            "from": {"id": 5001, "is_bot": False,
                                                     "first_name": "小燕"}}}
    with repo.store.transaction() as tx:
        tx.put(UPDATES, "updates", 77, {"update": message, "seen": "x"})
        tx.put(UPDATES, "updates", 78, {"update": {**message, "update_id": 78, "message": {
            **message["message"], "from": {"id": 5002, "is_bot": False, "first_name": "甲"}}}})
    archive = tmp_path / "before.tar.gz"
    backup(root, archive)
    repo.forget(person)
    repo.close()
    restore(archive, root)
    again = Repository.open(root, readonly=True)
    try:
        assert again.store.get(UPDATES, "updates", 77) == {"done": True}
        assert not again.store.get(UPDATES, "updates", 78).get("done")  # someone else's
    finally:
        again.close()


def test_a_restore_into_a_new_folder_says_it_could_forget_nobody_again(repo, tmp_path):
    """On a new machine the restore has no folder to read who asked to be forgotten
    since the backup: it said only "Restored … ledgers verified", and those people's
    data and published words came back unnoticed."""
    root = Path(repo.store.root)
    repo.close()
    archive = tmp_path / "nightly.tar.gz"
    backup(root, archive)
    fresh = CliRunner().invoke(cli, ["restore", str(archive), "--data",
                                     str(tmp_path / "new-machine" / "data")])
    assert fresh.exit_code == 0, fresh.output
    assert "restored into a new folder, so nobody could be forgotten again" in fresh.output
    assert "/forget" in fresh.output and "newest backup" in fresh.output
    # what to redo it from: the admins' chats were told each number (bot.privacy_notes)
    assert "🔒 Privacy: person #N" in fresh.output and "admins' Telegram chats" in fresh.output
    new = tmp_path / "new-machine" / "data"
    assert f"`steward forget N --data {new}`" in fresh.output
    assert f"`steward unpublish N --data {new}`" in fresh.output
    same = CliRunner().invoke(cli, ["restore", str(archive), "--data", str(root)])
    assert same.exit_code == 0 and "Privacy" not in same.output


def test_a_restore_says_to_delete_the_folder_it_kept_beside_once_checked(repo, tmp_path):
    """The folder a restore keeps beside holds everyone's data as it was, and nothing
    forgets anyone in it: it said only where it was kept, and stayed for good."""
    root = Path(repo.store.root)
    repo.close()
    archive = tmp_path / "nightly.tar.gz"
    backup(root, archive)
    result = CliRunner().invoke(cli, ["restore", str(archive), "--data", str(root)])
    assert result.exit_code == 0, result.output
    [kept] = [p for p in root.parent.iterdir() if ".before-restore-" in p.name]
    assert f"kept as {kept}: delete it once the restored one is checked" in result.output


async def test_a_report_its_author_withdrew_since_the_backup_is_withdrawn_again(repo, tmp_path):
    """She sent a report by mistake, with a photo of her door, and took it back (撤回)
    before anyone decided it. Restoring a backup made before brought it back waiting
    for review, a volunteer's Approve away from the site, with its photo."""
    from db.entries import Kind, Status

    root = Path(repo.store.root)
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo, settings=settings_for(root)) as bot:
        photo = await _stored(bot, 5001, (40, 30))
        [report] = repo.entries(kind=Kind.ISSUE)
        archive = tmp_path / "before.tar.gz"
        backup(root, archive)
        await bot.press(5001, f"tb:ask:{report.id}")
        await bot.press(5001, f"tb:ok:{report.id}")
        assert repo.entry(report.id).status == Status.REJECTED
    repo.close()
    result = CliRunner().invoke(cli, ["restore", str(archive), "--data", str(root)])
    assert result.exit_code == 0, result.output
    assert f"withdrew again 1 submission its author took back since the backup was made, " \
           f"so that nobody approves or publishes it (#{report.id})" in result.output
    again = Repository.open(root, readonly=True)
    try:
        assert again.entry(report.id).status == Status.REJECTED
        assert again.entries(status=Status.PENDING) == []
        assert photo not in _media(again) | _thumbs(again)
    finally:
        again.close()
