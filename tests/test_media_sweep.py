"""Photos of drafts that were never sent (cancelled, discarded, ended idle) are
deleted two days after they were stored; a photo an entry, a kept draft or a held
draft names never is (db/media_sweep.py, bot/media_sweep.py)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident
from robust_support import settings_for
from typer.testing import CliRunner

import db.media_sweep as media_sweep
from bot.settings import Settings
from db.entries import Kind
from db.media_sweep import GRACE_SECONDS, sweep
from steward_cli import app as cli

HOME = "c1/1/1/101"


def _media(repo) -> set[str]:
    return {p.name for p in (Path(repo.store.root) / "media").iterdir() if p.is_file()}


def _thumbs(repo) -> set[str]:
    return {p.name for p in (Path(repo.store.root) / "media" / "thumbs").iterdir()}


def _age(repo, seconds: float = GRACE_SECONDS + 3600) -> None:
    """Every media file as if stored ``seconds`` ago."""
    then = time.time() - seconds
    for path in (Path(repo.store.root) / "media").rglob("*"):
        if path.is_file():
            os.utime(path, (then, then))


async def _photo_sent(bot, uid: int, size: tuple[int, int], before: set[str]) -> str:
    """/report to its photos step and one photo sent: the new file's name."""
    await bot.send(uid, "/report")
    await bot.press(uid, "rep:cat:lighting")
    await bot.send(uid, "3号楼门口的路灯坏了一个星期")
    await bot.send_photo(uid, jpeg_bytes(size))
    return _new(bot.repo, before)


async def _stored(bot, uid: int, size: tuple[int, int]) -> str:
    """A report with one photo taken through 提交 (stored as an entry): the photo's name."""
    sent = await _photo_sent(bot, uid, size, set())
    await bot.press(uid, "rep:photos")
    await bot.press(uid, "rep:pn")
    await bot.press(uid, "rep:ok")
    return sent


def _new(repo, before: set[str]) -> str:
    [name] = _media(repo) - before
    return name


def _verify_clean(repo) -> None:
    root = repo.store.root
    repo.close()
    result = CliRunner().invoke(cli, ["verify", "--data", str(root)])
    assert result.exit_code == 0, result.output


async def test_the_photo_of_a_cancelled_report_is_deleted_after_the_grace_period(repo):
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo, settings=settings_for(repo.store.root)) as bot:
        photo = await _photo_sent(bot, 5001, (40, 30), set())
        await bot.send(5001, "/cancel")
        assert photo in _thumbs(repo)
        await bot.run_jobs()
        assert photo in _media(repo)  # within its grace: kept
        _age(repo)
        await bot.run_jobs()
    assert photo not in _media(repo) and photo not in _thumbs(repo)
    assert repo.entries(kind=Kind.ISSUE) == []
    _verify_clean(repo)


async def test_the_photo_of_a_discarded_kept_report_is_deleted(repo):
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo, settings=settings_for(repo.store.root)) as bot:
        discarded = await _photo_sent(bot, 5001, (40, 30), set())
        note = await bot.send(5001, "账目")  # left mid-flow: kept, then 放弃
        [no] = [d for c in note for t, d in c.buttons() if t == "放弃"]
        await bot.press(5001, no)
        assert discarded in _media(repo)
        _age(repo)
        await bot.run_jobs()
    assert discarded not in _media(repo) | _thumbs(repo)


async def test_the_photo_of_a_report_ended_idle_stays_while_it_is_kept_then_goes(
        repo, monkeypatch):
    """A report ended idle kept its draft, photos included, until the same resident
    wrote again: a resident who never did kept her photo in the data folder for good.
    Now the report ended idle is kept a day under 继续填写 (bot.kept.keep_ended), its photo
    with it; once that day is over the draft goes, its words and photo kept a day more to
    be sent (把这段话作为报事提交, bot.kept.keep_said); then they go, and the photo after
    the grace."""
    import types

    from bot import kept, said_photos

    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo, settings=settings_for(repo.store.root)) as bot:
        idle = await _photo_sent(bot, 5001, (40, 30), set())
        [flow] = [h for hs in bot.app.handlers.values() for h in hs
                  if getattr(h, "name", None) == "report"]
        assert await flow.end_idle(bot.app, now=time.monotonic() + 20 * 60) == 1
        assert "保留 24 小时" in bot.sent()[-1].text
        assert idle in str(repo.store.get("bot/state", "users", 5001)["data"]["kept"])
        _age(repo)
        await bot.run_jobs()
        assert idle in _media(repo)  # kept: taken up with 继续填写, it still has its photo
        calls = await bot.send(5001, "楼道灯坏了")  # not taken into it: said so, once
        assert "这条消息没有填进去" in calls[-1].text
        later = time.time() + kept.IDLE_KEPT + 60
        monkeypatch.setattr(kept, "time", types.SimpleNamespace(time=lambda: later))
        assert await kept.sweep_kept(types.SimpleNamespace(application=bot.app)) == 1
        assert "照片（1 张）也留着" in bot.sent()[-1].text
        assert idle in str(repo.store.get("bot/state", "users", 5001))
        _age(repo)
        monkeypatch.setattr(kept, "time", time)  # the jobs run now, not a day on
        await bot.run_jobs()
        assert idle in _media(repo)  # kept with her words, to be sent with them
        last = later + said_photos.WINDOW + 60
        monkeypatch.setattr(kept, "time", types.SimpleNamespace(time=lambda: last))
        await kept.sweep_kept(types.SimpleNamespace(application=bot.app))
        assert idle not in str(repo.store.get("bot/state", "users", 5001))
        _age(repo)
        await bot.run_jobs()
        assert idle not in _media(repo) | _thumbs(repo)


async def test_the_photo_of_a_report_its_author_withdrew_is_deleted(repo):
    """A report sent by mistake and taken back (撤回) before anyone decided it stayed in
    the record with its photo named: the photo (her door, say) was kept for good,
    though nothing would ever show it again."""
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo, settings=settings_for(repo.store.root)) as bot:
        photo = await _stored(bot, 5001, (40, 30))
        [report] = repo.entries(kind=Kind.ISSUE)
        await bot.press(5001, f"tb:ask:{report.id}")
        await bot.press(5001, f"tb:ok:{report.id}")
        _age(repo)
        await bot.run_jobs()
    assert photo not in _media(repo) | _thumbs(repo)
    withdrawn = repo.entry(report.id)
    assert withdrawn.data["photos"] == [] and withdrawn.data["text"]  # its words stay
    _verify_clean(repo)


async def test_photos_of_an_entry_a_kept_draft_and_a_held_draft_are_never_deleted(repo):
    for uid, home, volunteer in ((5001, "c1/1/1/101", 101), (5002, "c1/1/1/102", 101),
                                 (5003, "c1/1/1/201", 101), (5004, "c2/1/1/101", 103)):
        confirmed_resident(repo, uid, home, volunteer)
    root = repo.store.root
    async with BotHarness(repo, settings=settings_for(root)) as bot:
        sent = await _stored(bot, 5001, (40, 30))
        kept = await _photo_sent(bot, 5002, (44, 30), {sent})
        note = await bot.send(5002, "账目")  # left mid-flow: kept under 继续填写
        assert any(t == "继续填写" for c in note for t, _ in c.buttons())
        dropped = await _photo_sent(bot, 5003, (48, 30), {sent, kept})
        await bot.send(5003, "/cancel")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["photos"] == [sent]
    held_settings = Settings(token="123:TEST", data_dir=root, persistence=True,
                             site_url="https://example.org/", rate_limit_per_hour=1)
    async with BotHarness(repo, settings=held_settings) as bot:
        held = await _photo_sent(bot, 5004, (52, 30), {sent, kept, dropped})
        await bot.press(5004, "rep:photos")
        await bot.press(5004, "rep:pn")
        refused = await bot.press(5004, "rep:ok")
        assert "保留到那时" in refused[-1].text  # held for the hour's limit
        _age(repo)
        await bot.run_jobs()  # with the bot's memory
        assert {sent, kept, held} <= _media(repo) and dropped not in _media(repo)
    _age(repo)
    assert sweep(repo.store).files == 0  # the store alone, the bot stopped: the same
    assert {sent, kept, held} <= _media(repo) and {sent, kept, held} <= _thumbs(repo)
    _verify_clean(repo)


async def test_the_sweep_goes_on_when_a_file_vanishes_meanwhile(repo, monkeypatch):
    for uid, room in ((5001, 101), (5002, 102)):
        confirmed_resident(repo, uid, f"c1/1/1/{room}", 101)
    media = Path(repo.store.root) / "media"
    async with BotHarness(repo, settings=settings_for(repo.store.root)) as bot:
        first = await _photo_sent(bot, 5001, (40, 30), set())
        await bot.send(5001, "/cancel")
        second = await _photo_sent(bot, 5002, (44, 30), {first})
        await bot.send(5002, "/cancel")
        reading = media_sweep.referenced

        def vanishing(store):
            (media / "thumbs" / first).unlink()  # deleted by hand while the store is read
            (media / first).unlink()
            return reading(store)

        monkeypatch.setattr(media_sweep, "referenced", vanishing)
        _age(repo)
        await bot.run_jobs()
    assert not {first, second} & (_media(repo) | _thumbs(repo))


class _Crash(Exception):
    pass


async def test_a_sweep_cut_short_leaves_the_folder_sound_and_the_next_one_finishes(repo):
    """The process stops between deleting a photo's thumbnail and the photo: the folder
    opens and verifies, the entry's photo is whole, and the next sweep deletes the rest."""
    from db import fsio
    from db.repository import Repository

    for uid, room in ((5001, 101), (5002, 102)):
        confirmed_resident(repo, uid, f"c1/1/1/{room}", 101)
    root = repo.store.root
    async with BotHarness(repo, settings=settings_for(root)) as bot:
        sent = await _stored(bot, 5001, (40, 30))
        dropped = await _photo_sent(bot, 5002, (44, 30), {sent})
        await bot.send(5002, "/cancel")

    class CutAtThePhoto(fsio.FileOps):
        def unlink(self, path: Path) -> None:
            if path.parent.name == "media":
                raise _Crash(path.name)
            super().unlink(path)

    _age(repo)
    with fsio.use(CutAtThePhoto()):
        try:
            sweep(repo.store)
        except _Crash as crash:
            assert str(crash) == dropped
        else:
            raise AssertionError("the sweep did not reach the photo")
    assert dropped in _media(repo) and dropped not in _thumbs(repo)  # the photo alone left
    repo.close()
    result = CliRunner().invoke(cli, ["verify", "--data", str(root)])
    assert result.exit_code == 0, result.output
    again = Repository.open(root)
    try:
        [issue] = again.entries(kind=Kind.ISSUE)
        assert issue.data["photos"] == [sent] and {sent} <= _media(again) & _thumbs(again)
        assert sweep(again.store).files == 1
        assert dropped not in _media(again) and sent in _media(again)
    finally:
        again.close()


def test_the_sweep_reads_the_folder_without_waiting_for_the_stores_lock(repo):
    """The bot's reads and writes wait for the store's lock: the sweep's reading of
    every partition must not take it (before, up to 110 ms at a time on a 50-area
    street, 16 s in all), and must still see each document as it stands now: a file's
    document the journal changed or removed since, and one only the journal holds."""
    import threading

    kept_in_file, dropped, only_journal = ("a" * 64, "b" * 64, "c" * 64)
    with repo.store.transaction() as tx:
        tx.put("bot/sweep-test", "drafts", 1, {"photos": [f"{kept_in_file}.jpg"]})
        tx.put("bot/sweep-test", "drafts", 2, {"photos": [f"{dropped}.jpg"]})
    repo.store.checkpoint()  # both in the partition file now
    with repo.store.transaction() as tx:
        tx.remove("bot/sweep-test", "drafts", 2)
        tx.put("bot/sweep-test", "drafts", 3, {"photo": f"{only_journal}.jpg"})
    held, release = threading.Event(), threading.Event()

    def long_write() -> None:
        with repo.store.lock:
            held.set()
            release.wait(30)

    writer = threading.Thread(target=long_write)
    writer.start()
    held.wait(10)
    found: list[set[str]] = []
    reader = threading.Thread(target=lambda: found.append(media_sweep.referenced(repo.store)))
    reader.start()
    reader.join(10)
    finished = not reader.is_alive()
    release.set()
    writer.join()
    reader.join()
    assert finished, "the sweep waited for the store's lock"
    assert kept_in_file in found[0] and only_journal in found[0]
    assert dropped not in found[0]
