"""What a stop leaves unbuilt is built at the next start (``steward run``): a change
approved just before the bot was killed or stopped (within the publish delay, so
its resident was told it is public but no build ran), a site missing (a new
machine after a restore) and a builder that changed (an upgrade) each make one
build at start; a bot that left its site as built starts without building."""

from __future__ import annotations

from bot_harness import BotHarness
from test_bot_publish import FakeBuild, pending_issue, wait_for

from bot.publisher import BUILT_FILE, DURABLE, PENDING_FILE, builder_digest, publisher_of
from bot.settings import Settings


def service(repo, project, build, *, delay=0.05):
    """The bot as `steward run` makes it (DURABLE), with a stand-in build."""
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=False,
                        site_url="https://example.org/", publish_delay=delay,
                        project_dir=project)
    bot = BotHarness(repo, settings=settings)
    bot.app.bot_data[DURABLE] = True
    bot.app.bot_data["build_site"] = build
    return bot


def built_site(project):
    (project / "site").mkdir(parents=True, exist_ok=True)
    (project / ".cache").mkdir(exist_ok=True)
    (project / BUILT_FILE).write_text(builder_digest())


async def test_a_change_not_built_when_the_bot_stopped_is_built_at_the_next_start(
        repo, tmp_path):
    project = tmp_path / "site-project"
    built_site(project)
    entry = pending_issue(repo)
    first = FakeBuild()
    async with service(repo, project, first, delay=60) as bot:  # stopped within the delay
        calls = await bot.send(101, f"/approve {entry.id}")
        assert calls and (project / PENDING_FILE).exists()
    assert first.calls == []  # the resident was told it is public; nothing was built
    second = FakeBuild()
    async with service(repo, project, second) as bot:
        await wait_for(lambda: second.calls)
        await wait_for(lambda: publisher_of(bot.app).builds == 1)
    assert not (project / PENDING_FILE).exists()


async def test_a_bot_that_left_its_site_built_starts_without_building(repo, tmp_path):
    project = tmp_path / "site-project"
    built_site(project)
    entry = pending_issue(repo)
    build = FakeBuild()
    async with service(repo, project, build) as bot:
        await bot.send(101, f"/approve {entry.id}")
        await wait_for(lambda: publisher_of(bot.app).builds == 1)
    assert not (project / PENDING_FILE).exists()
    again = FakeBuild()
    async with service(repo, project, again) as bot:
        assert await publisher_of(bot.app).resume() is None
        await bot.send(101, "/start")
        assert not publisher_of(bot.app).pending
    assert again.calls == []


async def test_a_missing_site_or_a_changed_builder_is_built_at_start(repo, tmp_path):
    project = tmp_path / "site-project"
    build = FakeBuild()
    async with service(repo, project, build) as bot:  # restored on a new machine: no site
        await wait_for(lambda: publisher_of(bot.app).builds == 1)
    assert len(build.calls) == 1 and (project / BUILT_FILE).read_text() == builder_digest()
    built_site(project)
    (project / BUILT_FILE).write_text("the builder of the version before the upgrade")
    upgraded = FakeBuild()
    async with service(repo, project, upgraded) as bot:
        await wait_for(lambda: publisher_of(bot.app).builds == 1)
    assert len(upgraded.calls) == 1 and (project / BUILT_FILE).read_text() == builder_digest()


async def test_a_site_built_by_hand_is_built_at_start_without_calling_it_an_upgrade(
        repo, tmp_path, caplog):
    """After `steward demo` or `steward build`, the first `steward run` logged 'building
    the site at start: the site builder changed since the last build (an upgrade)', the
    same code having built it: only the bot notes which builder built the site."""
    project = tmp_path / "site-project"
    (project / "site").mkdir(parents=True)  # built by hand: no note of the builder
    caplog.set_level("INFO", logger="bot.publisher")
    build = FakeBuild()
    async with service(repo, project, build) as bot:
        await wait_for(lambda: publisher_of(bot.app).builds == 1)
    assert len(build.calls) == 1 and (project / BUILT_FILE).read_text() == builder_digest()
    assert "启动时生成网站：上次生成网站的不是机器人（比如 steward build 或演示），或者是旧版本" \
        in caplog.text, caplog.text
    assert "upgrade" not in caplog.text


async def test_a_bot_not_run_as_the_service_builds_nothing_at_start(repo, tmp_path):
    project = tmp_path / "site-project"  # no site at all, but not `steward run`
    build = FakeBuild()
    bot = service(repo, project, build)
    del bot.app.bot_data[DURABLE]
    async with bot:
        assert await publisher_of(bot.app).resume() is None
    assert build.calls == [] and not (project / ".cache").exists()


async def test_a_bot_run_from_stewards_own_folder_does_not_build_there_at_start(repo):
    """The tests and developers run `steward run` in the checkout, whose site/ is the
    demo's: a start there does not build the street under test into it."""
    from bot.publisher import BUILDER_CODE

    build = FakeBuild()
    async with service(repo, BUILDER_CODE.parent, build) as bot:
        assert await publisher_of(bot.app).resume() is None
    assert build.calls == []


async def test_a_full_project_disk_does_not_lose_the_build_of_an_approved_change(
        repo, tmp_path, monkeypatch):
    """The note that a change waits for its build cannot be written (the project's
    disk is full): the build is asked for all the same (it was dropped, with a
    traceback, and the approved entry never reached the site)."""
    import bot.publisher
    from db.errors import StoreError

    def full(path, data):
        raise StoreError(f"could not write {path}: No space left on device",
                         code="write_failed")

    project = tmp_path / "site-project"
    built_site(project)
    entry = pending_issue(repo)
    build = FakeBuild()
    monkeypatch.setattr(bot.publisher, "atomic_write_bytes", full)
    async with service(repo, project, build) as bot:
        calls = await bot.send(101, f"/approve {entry.id}")
        await wait_for(lambda: publisher_of(bot.app).builds == 1)
    assert any("已通过" in c.text for c in calls)
    assert len(build.calls) == 1


class FullThenFreed:
    """A build that fails for want of space ``times`` times, then works (space freed)."""

    def __init__(self, times: int):
        self.times = times
        self.calls = 0

    def __call__(self, repo, project_dir):
        import errno

        self.calls += 1
        if self.calls <= self.times:
            raise OSError(errno.ENOSPC, "No space left on device")


async def test_a_build_that_fails_for_want_of_space_is_tried_again_and_told_once(
        repo, tmp_path, monkeypatch, caplog):
    """The site project's disk fills: the bot goes on; the operator gets one line naming
    the fix (no traceback), the admins one message; the build is tried again by itself
    and the site is built once space is freed, without another change or a restart."""
    import logging

    import bot.publisher

    monkeypatch.setattr(bot.publisher, "RETRY", 0.2)
    project = tmp_path / "site-project"
    built_site(project)
    entry = pending_issue(repo)
    build = FullThenFreed(times=3)
    caplog.set_level(logging.INFO)
    async with service(repo, project, build) as bot:
        await bot.send(101, f"/approve {entry.id}")
        await wait_for(lambda: build.calls == 4 and publisher_of(bot.app).last.ok)
        later = await bot.send(101, "/pending")
        told = bot.texts_to(900)
    assert later[-1].text  # the bot went on
    failed = [r for r in caplog.records if r.name == "bot.publisher" and r.levelno >= logging.ERROR]
    assert len(failed) == 3 and not any(r.exc_info for r in failed)
    assert "free space on it" in failed[0].getMessage() and str(project) in failed[0].getMessage()
    site = [t for t in told if "公示网站" in t and "失败" in t]  # none built yet: 生成失败
    assert len(site) == 1 and "free space on it" in site[0]
    assert not (project / PENDING_FILE).exists()  # built in the end


async def test_a_data_folder_restored_since_the_last_build_is_built_at_start(
        repo, tmp_path, street_config, caplog):
    """The README's restore: stop the service, steward restore FILE --data …, start it.
    The bot started without building (its site was there, nothing pending, the same
    builder), so the public site went on showing the data from before the restore (lines
    a backup older than the last publish no longer holds, a merged street file's
    changes) until some later change happened to rebuild it."""
    from bot.publisher import DATA_FILE, data_identity
    from db.backup import backup, restore
    from db.repository import Repository

    project = tmp_path / "site-project"
    build = FakeBuild()
    async with service(repo, project, build) as bot:  # builds (no site), notes the folder
        await wait_for(lambda: publisher_of(bot.app).builds == 1)
    assert (project / DATA_FILE).read_bytes() == data_identity(repo.store.root)
    built_site(project)
    again = FakeBuild()
    async with service(repo, project, again) as bot:
        assert await publisher_of(bot.app).resume() is None  # as it was left
    # a restore puts a new folder in the data folder's place
    other = tmp_path / "other" / "data"
    Repository.init(other, street_config).close()
    before = data_identity(other)
    backup(other, tmp_path / "b.tar.gz")
    restore(tmp_path / "b.tar.gz", other)
    assert data_identity(other) != before
    assert data_identity(tmp_path / "not-there") == b""  # nothing to tell, no failure
    (project / DATA_FILE).write_bytes(before)  # the site was built from the folder replaced
    restored = FakeBuild()
    caplog.set_level("INFO", logger="bot.publisher")
    async with service(repo, project, restored) as bot:
        await wait_for(lambda: publisher_of(bot.app).builds == 1)
    assert len(restored.calls) == 1
    assert "building the site at start: the data folder was restored or replaced since the " \
        "last build" in caplog.text
    assert (project / DATA_FILE).read_bytes() == data_identity(repo.store.root)
