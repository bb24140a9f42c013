"""Publishing through the real Application: the site is rebuilt in the
background after approvals (debounced, one build at a time, one more build
for requests made during a build), /publish rebuilds now, admins hear about
failures; and /announce, which reaches residents and the site."""

from __future__ import annotations

import asyncio
import threading

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from bot.publisher import build_answer, publisher_of
from bot.settings import Settings
from db.entries import Kind


def harness(repo, tmp_path, delay=0.05):
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=False,
                        site_url="https://example.org/", publish_delay=delay,
                        project_dir=tmp_path / "site-project")
    return BotHarness(repo, settings=settings)


class FakeBuild:
    """Stands in for site_builder.build_site; records each call and its thread."""

    def __init__(self, fail: Exception | None = None, gate: threading.Event | None = None):
        self.calls: list[tuple[object, object, int]] = []
        self.fail = fail
        self.gate = gate
        self.started = threading.Event()

    def __call__(self, repo, project_dir):
        self.started.set()
        if self.gate is not None:
            self.gate.wait(5)
        self.calls.append((repo, project_dir, threading.get_ident()))
        if self.fail:
            raise self.fail
        return {"pages": 3}


async def wait_for(predicate, timeout=2.0):
    for _ in range(int(timeout / 0.01)):
        if predicate():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("timed out")


def pending_issue(repo):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    return repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": "灯坏了"})


async def test_approval_rebuilds_the_site_in_the_background_after_the_delay(repo, tmp_path):
    entry = pending_issue(repo)
    async with harness(repo, tmp_path) as bot:
        build = bot.app.bot_data["build_site"] = FakeBuild()
        await bot.send(101, f"/approve {entry.id}")
        assert build.calls == []  # the handler did not wait for a build
        await wait_for(lambda: build.calls)
    [(built_repo, project_dir, thread)] = build.calls
    assert built_repo is repo and project_dir == tmp_path / "site-project"
    assert thread != threading.get_ident()


async def test_requests_close_together_make_one_build(repo, tmp_path):
    async with harness(repo, tmp_path, delay=0.1) as bot:
        build = bot.app.bot_data["build_site"] = FakeBuild()
        publisher = publisher_of(bot.app)
        for _ in range(5):
            publisher.request()
            await asyncio.sleep(0.01)
        await wait_for(lambda: publisher.builds == 1)
        await asyncio.sleep(0.2)
    assert len(build.calls) == 1


async def test_requests_that_never_stop_still_get_a_build_within_the_longest_wait(
        repo, tmp_path):
    from bot.publisher import MAX_WAIT

    async with harness(repo, tmp_path, delay=0.05) as bot:
        build = bot.app.bot_data["build_site"] = FakeBuild()
        publisher = publisher_of(bot.app)
        loop = asyncio.get_running_loop()
        start = loop.time()
        while loop.time() - start < 3 * MAX_WAIT * 0.05:  # never quiet for a delay
            publisher.request()
            await asyncio.sleep(0.01)
        built_while_busy = len(build.calls)
    assert built_while_busy >= 2  # about one every MAX_WAIT delays, not none


async def test_requests_during_a_build_make_exactly_one_more_build(repo, tmp_path):
    gate = threading.Event()
    async with harness(repo, tmp_path, delay=0.01) as bot:
        build = bot.app.bot_data["build_site"] = FakeBuild(gate=gate)
        publisher = publisher_of(bot.app)
        publisher.request()
        await wait_for(build.started.is_set)
        publisher.request()
        publisher.request()
        gate.set()
        await wait_for(lambda: publisher.builds == 2)
        await asyncio.sleep(0.1)
    assert len(build.calls) == 2


async def test_failed_build_tells_the_admins_and_the_bot_goes_on(repo, tmp_path):
    entry = pending_issue(repo)
    live = tmp_path / "site-project" / "site" / "index.html"  # an earlier build's site
    live.parent.mkdir(parents=True)
    live.write_text("<html></html>", "utf-8")
    async with harness(repo, tmp_path) as bot:
        bot.app.bot_data["build_site"] = FakeBuild(fail=RuntimeError("mkdocs exploded"))
        await bot.send(101, f"/approve {entry.id}")
        await wait_for(lambda: bot.texts_to(900))
        later = await bot.send(101, "/pending")
    told = bot.texts_to(900)[0]
    assert "mkdocs exploded" in told and "重建失败（网站保持上一次生成的样子）" in told, told
    assert later[-1].text


async def test_a_first_build_that_fails_does_not_say_the_site_stays_as_it_was(repo, tmp_path):
    """No build has made a site yet: the admins read 网站保持上一次生成的样子 of a site
    there never was. Now they are told that nothing is published yet."""
    entry = pending_issue(repo)
    async with harness(repo, tmp_path) as bot:
        bot.app.bot_data["build_site"] = FakeBuild(fail=RuntimeError("mkdocs exploded"))
        await bot.send(101, f"/approve {entry.id}")
        await wait_for(lambda: bot.texts_to(900))
        published = await bot.send(900, "/publish")
    told = bot.texts_to(900)[0]
    assert "mkdocs exploded" in told and "网站还没有发布过" in told, told
    assert "上一次" not in told
    assert "网站还没有发布过" in published[-1].text and "上一次" not in published[-1].text


async def test_publish_rebuilds_now_and_says_so(repo, tmp_path):
    async with harness(repo, tmp_path, delay=60) as bot:
        build = bot.app.bot_data["build_site"] = FakeBuild()
        calls = await bot.send(102, "/publish")
    assert len(build.calls) == 1
    assert "已更新" in calls[-1].text and "https://example.org/" in calls[-1].text


async def test_publish_reports_a_failure(repo, tmp_path):
    async with harness(repo, tmp_path, delay=60) as bot:
        bot.app.bot_data["build_site"] = FakeBuild(fail=ValueError("bad template"))
        calls = await bot.send(101, "/publish")
    assert "bad template" in calls[-1].text


async def test_publish_during_a_pending_rebuild_replaces_it(repo, tmp_path):
    async with harness(repo, tmp_path, delay=0.2) as bot:
        build = bot.app.bot_data["build_site"] = FakeBuild()
        publisher_of(bot.app).request()
        await bot.send(101, "/publish")
        await asyncio.sleep(0.4)
    assert len(build.calls) == 1


async def test_residents_cannot_publish(repo, tmp_path):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with harness(repo, tmp_path) as bot:
        build = bot.app.bot_data["build_site"] = FakeBuild()
        calls = await bot.send(5001, "/publish")
    assert build.calls == [] and "仅限志愿者" in calls[-1].text


async def test_shutdown_with_a_rebuild_pending_does_not_build_or_hang(repo, tmp_path):
    async with harness(repo, tmp_path, delay=30) as bot:
        build = bot.app.bot_data["build_site"] = FakeBuild()
        publisher_of(bot.app).request()
    assert build.calls == []


# -- /announce -----------------------------------------------------------------------------


async def test_announce_shows_a_preview_with_its_recipients_and_sends_nothing_before_yes(
        repo, tmp_path):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    confirmed_resident(repo, 6001, "c2/1/1/101", 103)
    async with harness(repo, tmp_path) as bot:
        preview = await bot.send(101, "/announce east 周六上午清理化粪池")
        assert repo.entries(kind=Kind.ANNOUNCEMENT) == []
        assert [c.chat_id for c in preview] == [101]
        [shown] = preview
        assert "周六上午清理化粪池" in shown.text and "东小区物管会" in shown.text
        assert "2 位居民" in shown.text  # the two confirmed residents of east
        assert [label for label, _ in shown.buttons()][0] == "📢 发送给 2 位居民"
        build = bot.app.bot_data["build_site"] = FakeBuild()
        calls = await bot.press(101, "an:ok:1")
        await wait_for(lambda: build.calls)
    [entry] = repo.entries(kind=Kind.ANNOUNCEMENT)
    assert entry.area == "east" and entry.data["text"] == "周六上午清理化粪池"
    assert entry.author_role == "物管会主任甲"
    to_residents = [c for c in calls if "周六上午清理化粪池" in c.text and c.chat_id != 101]
    assert sorted(c.chat_id for c in to_residents) == [5001, 5002]
    assert "东小区物管会" in to_residents[0].text
    assert f"#{entry.id}" in calls[-1].text and "2 位居民中的 2 位" in calls[-1].text


async def test_announce_cancelled_at_the_preview_is_neither_stored_nor_sent(repo, tmp_path):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with harness(repo, tmp_path) as bot:
        await bot.send(101, "/announce east 明天停水")
        calls = await bot.press(101, "an:ok:0")
        again = await bot.press(101, "an:ok:1")  # the preview's button, after the cancel
    assert repo.entries(kind=Kind.ANNOUNCEMENT) == []
    assert [c.chat_id for c in calls + again if c.method == "sendMessage"] == [101, 101]
    assert "没有发送" in calls[-1].text


async def test_announce_without_area_uses_the_volunteers_only_area(repo, tmp_path):
    async with harness(repo, tmp_path) as bot:
        await bot.send(103, "/announce 明天停水")
        await bot.press(103, "an:ok:1")
        admin = await bot.send(900, "/announce 明天停水")
        other = await bot.send(103, "/announce east 明天停水")
    assert [(e.area, e.data["text"]) for e in repo.entries(kind=Kind.ANNOUNCEMENT)] == [
        ("west", "明天停水")]
    assert "哪个管理区域" in admin[-1].text  # the admin, of every area, presses it
    assert "本小区的志愿者" in other[-1].text


async def test_a_volunteer_of_two_areas_types_the_announcement_and_presses_its_area(
        repo, tmp_path):
    repo.grant(pid(repo, 900), 103, "east", title="网格员")
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    confirmed_resident(repo, 6001, "c2/1/1/101", 103)
    async with harness(repo, tmp_path) as bot:
        # (/announce 东小区 明天上午停水 takes the area named: test_bot_announce_typed_kept)
        asked = await bot.send(103, "/announce 明天上午停水")
        assert repo.entries(kind=Kind.ANNOUNCEMENT) == []
        assert [label for label, _ in asked[-1].buttons()] == ["东小区", "西小区", "⬅️ 上一步"]
        preview = await bot.press(103, asked[-1].buttons()[0][1])
        assert "明天上午停水" in preview[-1].text and "1 位居民" in preview[-1].text
        forged = await bot.press(103, "an:area:7")  # no such choice: nothing changes
        bot.app.bot_data["build_site"] = FakeBuild()
        sent = await bot.press(103, "an:ok:1")
    assert "失效" in forged[-2].text  # and the step she is at, the preview, again
    assert "公告预览（东小区）" in forged[-1].text
    [entry] = repo.entries(kind=Kind.ANNOUNCEMENT)
    assert entry.area == "east" and entry.data["text"] == "明天上午停水"
    assert [c.chat_id for c in sent if "明天上午停水" in c.text and c.chat_id != 103] == [5001]


async def test_announce_too_long_is_refused_with_its_length_not_cut_short(repo, tmp_path):
    async with harness(repo, tmp_path) as bot:
        long = await bot.send(103, "/announce " + "停" * 3001)
        shorter = await bot.send(103, "停" * 3001)  # asked again, not ended
    for calls in (long, shorter):
        said = "\n".join(c.text for c in calls)
        # asked again, with 取消 only (nothing to send yet)
        assert "3001" in said and "3000" in said and \
            calls[-1].buttons() == [("取消", "an:cancel")]
        assert "公告要说什么" in calls[-1].text
    assert repo.entries(kind=Kind.ANNOUNCEMENT) == []


async def test_announce_alone_asks_for_the_text_and_shows_its_preview(repo, tmp_path):
    """The command menu sends /announce alone, and it answered only 用法：/announce 公告内容:
    the volunteer had to type the command again with the words after it. Now it asks."""
    confirmed_resident(repo, 6001, "c2/1/1/101", 103)
    async with harness(repo, tmp_path) as bot:
        alone = await bot.send(103, "/announce")
        preview = await bot.send(103, "明天上午停水")
        bot.app.bot_data["build_site"] = FakeBuild()
        sent = await bot.press(103, "an:ok:1")
        await bot.send(900, "/announce")
        areas = await bot.send(900, "后天停电")
    assert alone[-1].text.startswith("公告要说什么？") and "取消" in alone[-1].text \
        and "/cancel" not in alone[-1].text and alone[-1].buttons() == [("取消", "an:cancel")]
    assert "明天上午停水" in preview[-1].text and "1 位居民" in preview[-1].text
    assert [c.chat_id for c in sent if "明天上午停水" in c.text and c.chat_id != 103] == [6001]
    assert "哪个管理区域" in areas[-1].text  # the admin, of every area, then presses it
    assert [e.data["text"] for e in repo.entries(kind=Kind.ANNOUNCEMENT)] == ["明天上午停水"]


async def test_announce_by_a_resident_is_refused(repo, tmp_path):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with harness(repo, tmp_path) as bot:
        calls = await bot.send(5001, "/announce east 我也要发公告")
    assert repo.entries(kind=Kind.ANNOUNCEMENT) == []
    assert "仅限志愿者" in calls[-1].text and pid(repo, 5001)


async def test_publish_runs_the_real_build_in_a_child_process_beside_the_bot(repo, tmp_path):
    from test_site_helpers import make_project

    project = make_project(tmp_path)
    issue = pending_issue(repo)
    repo.approve(issue.id, pid(repo, 101))  # in the journal only: the child reads a snapshot
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=False,
                        site_url="https://example.org/", publish_delay=60,
                        project_dir=project)
    page = project / "site" / "areas" / "east" / "issues" / "index.html"
    async with BotHarness(repo, settings=settings) as bot:
        del bot.app.bot_data["build_site"]  # the real thing: steward build in a child process
        calls = await bot.send(102, "/publish")
        assert "已更新" in calls[-1].text
        assert "灯坏了" in page.read_text("utf-8")
        worker = publisher_of(bot.app)._worker
        child = worker.proc.pid
        # the bot's own store is still writable while and after the child read it
        repo.issue_step(issue.id, pid(repo, 101), "in_progress", "已联系电工")
        west = (project / "site" / "areas" / "west" / "index.html").stat().st_mtime_ns
        calls = await bot.send(102, "/publish")
        assert "已更新" in calls[-1].text
        assert "已联系电工" in page.read_text("utf-8")
        # the same child, which rebuilt only the area that changed
        assert worker.proc.pid == child
        assert (project / "site" / "areas" / "west" / "index.html").stat().st_mtime_ns == west
        # a child that died is replaced by the next build
        worker.proc.kill()
        await asyncio.sleep(0.2)
        calls = await bot.send(102, "/publish")
        assert "已更新" in calls[-1].text
        assert worker.proc.pid != child
    assert worker.proc is None  # stopped with the bot


def test_only_answer_lines_of_the_build_worker_count_as_answers():
    assert build_answer(b'{"ok": true, "pages": 3}\n') == {"ok": True, "pages": 3}
    assert build_answer('{"ok": false, "error": "Abort: 1 warnings"}') == {
        "ok": False, "error": "Abort: 1 warnings"}
    for noise in (b"Building prefix dict from the default dictionary ...\n", b"[1, 2]",
                  b'{"pages": 3}', b""):
        assert build_answer(noise) is None


# A stand-in for ``steward build --follow``: one answer line per request, naming itself.
FAKE_WORKER = """
import json, os, sys
def answer():
    print(json.dumps({"ok": True, "pages": os.getpid()}), flush=True)
answer()
for _ in sys.stdin:
    answer()
"""


async def test_the_build_worker_is_started_again_when_the_builders_files_change(tmp_path):
    import os
    import sys

    from bot.publisher import BuildWorker

    code = tmp_path / "site_builder"
    (code / "templates").mkdir(parents=True)
    template = code / "templates" / "downloads.md.j2"
    template.write_text("{{ old }}", "utf-8")
    worker = BuildWorker(tmp_path / "data", tmp_path / "project", code=code,
                         command=[sys.executable, "-c", FAKE_WORKER])
    try:
        first = (await worker.build()).pages
        assert (await worker.build()).pages == first  # the same child between builds
        template.write_text("{{ new }} and a link more", "utf-8")  # an upgrade on disk
        os.utime(template, ns=(1, 10**18))
        after = (await worker.build()).pages
        assert after != first  # a new child, which reads the new files with new code
        assert (await worker.build()).pages == after
    finally:
        await worker.close()


async def test_publish_names_the_street_files_site_url_when_the_environment_has_none(tmp_path):
    """README: STEWARD_SITE_URL defaults to the street file's site_url; /publish's
    answer ended at "已更新。" with nothing after it when only the YAML had it."""
    from conftest import SMALL_STREET

    from db.config import parse_street
    from db.repository import Repository

    street = parse_street("site_url: https://ledger.example.org/\n" + SMALL_STREET)
    repo = Repository.init(tmp_path / "data", street)
    try:
        settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=False,
                            publish_delay=60, project_dir=tmp_path / "site-project")
        async with BotHarness(repo, settings=settings) as bot:
            bot.app.bot_data["build_site"] = FakeBuild()
            calls = await bot.send(101, "/publish")
    finally:
        repo.close()
    assert "已更新" in calls[-1].text and "https://ledger.example.org/" in calls[-1].text


async def test_a_build_failing_the_same_way_again_is_told_to_the_admins_once(repo, tmp_path):
    """A page of the project edited with a link to a page not there: every approval made
    a build that failed the same way, and each told every admin 公示网站重建失败… again,
    all day. Now once, until it fails otherwise or a build succeeds (then again)."""
    async with harness(repo, tmp_path, delay=60) as bot:
        build = bot.app.bot_data["build_site"] = FakeBuild(fail=RuntimeError("broken link"))
        publisher = publisher_of(bot.app)
        for _ in range(3):
            await publisher.build_now()
        assert len([t for t in bot.texts_to(900) if "broken link" in t]) == 1
        build.fail = RuntimeError("another problem")
        await publisher.build_now()
        assert len([t for t in bot.texts_to(900) if "another problem" in t]) == 1
        build.fail = None
        await publisher.build_now()
        build.fail = RuntimeError("another problem")
        await publisher.build_now()
    assert len([t for t in bot.texts_to(900) if "another problem" in t]) == 2
