"""Telegram as a witness, through the real Application: each publish signs the heads of
the areas whose ledger grew (before the build), and once the site is built posts
each one's line count and first 16 hex digits in the area's linked volunteers'
group; unchanged areas get nothing, a failed build posts nothing until a build
succeeds, a rewritten ledger is not signed and the admins are told."""

from __future__ import annotations

import asyncio
import json
import re

from bot_harness import BotHarness
from heads_support import change_purpose, money, rewrite_ledger
from test_bot_publish import FakeBuild, wait_for

from bot.publisher import publisher_of
from bot.settings import Settings
from db.heads import HeadLog
from db.repository import Repository

GROUP = -100555


def harness(repo, tmp_path):
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=False,
                        site_url="https://example.org/", publish_delay=60,
                        project_dir=tmp_path / "site-project")
    return BotHarness(repo, settings=settings)


def heads_in(repo) -> list[dict]:
    return [r for r in HeadLog(repo.store.root).read() if r["type"] == "head"]


async def test_publish_signs_the_new_head_and_posts_it_in_the_linked_group(repo, tmp_path):
    async with harness(repo, tmp_path) as bot:
        build = bot.app.bot_data["build_site"] = FakeBuild()
        await bot.send(101, "/linkgroup east", chat_id=GROUP)
        money(repo, "east", 12000)
        money(repo, "east", 500, expense=True)
        before = len(bot.texts_to(GROUP))
        await bot.send(102, "/publish")
        posted = bot.texts_to(GROUP)[before:]
    [head] = heads_in(repo)
    assert (head["area"], head["seq"], head["head"]) == ("east", 2, repo.ledger("east")[1]["hash"])
    assert len(build.calls) == 1
    assert posted == [
        f"📌 东小区账本已公开到第 2 笔，链头前 16 位 {head['head'][:16]}（街道办已签名）。"
        "请保留这条消息作为见证：今后网站上这本账第 2 笔的哈希如果不是它，"
        "就说明旧账被改写过。\n现在或以后任何一天，点开下面的链接就能在网站上核对它（手机浏览器就行）：\n"
        f"https://example.org/integrity/?area=east&seq=2&head={head['head'][:16]}#steward-verify"]


async def test_unchanged_areas_get_no_new_head_and_no_post(repo, tmp_path):
    async with harness(repo, tmp_path) as bot:
        bot.app.bot_data["build_site"] = FakeBuild()
        await bot.send(101, "/linkgroup east", chat_id=GROUP)
        money(repo, "east", 12000)
        await bot.send(102, "/publish")
        posts = len(bot.texts_to(GROUP))
        money(repo, "west", 3000)  # west has no linked group: signed, not posted
        await bot.send(102, "/publish")
        await bot.send(102, "/publish")
        assert len(bot.texts_to(GROUP)) == posts
    assert [(r["area"], r["seq"]) for r in heads_in(repo)] == [("east", 1), ("west", 1)]


async def test_two_areas_linked_to_one_group_make_one_message(repo, tmp_path):
    async with harness(repo, tmp_path) as bot:
        bot.app.bot_data["build_site"] = FakeBuild()
        await bot.send(101, "/linkgroup east", chat_id=GROUP)
        await bot.send(900, "/linkgroup west", chat_id=GROUP)
        money(repo, "east", 12000)
        money(repo, "west", 3000)
        before = len(bot.texts_to(GROUP))
        await bot.send(102, "/publish")
        [post] = bot.texts_to(GROUP)[before:]
    assert "东小区账本已公开到第 1 笔" in post and "西小区账本已公开到第 1 笔" in post


async def test_a_failed_build_posts_the_head_only_after_a_build_succeeds(repo, tmp_path):
    async with harness(repo, tmp_path) as bot:
        bot.app.bot_data["build_site"] = FakeBuild(fail=RuntimeError("disk full"))
        await bot.send(101, "/linkgroup east", chat_id=GROUP)
        money(repo, "east", 12000)
        before = len(bot.texts_to(GROUP))
        await bot.send(102, "/publish")
        assert bot.texts_to(GROUP)[before:] == []
        assert len(heads_in(repo)) == 1  # signed before the build, for the site to show
        bot.app.bot_data["build_site"] = FakeBuild()
        await bot.send(102, "/publish")
        [post] = bot.texts_to(GROUP)[before:]
    assert "第 1 笔" in post and heads_in(repo)[0]["head"][:16] in post


async def test_the_debounced_rebuild_after_an_approval_signs_and_posts_too(repo, tmp_path):
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=False,
                        site_url="https://example.org/", publish_delay=0.05,
                        project_dir=tmp_path / "site-project")
    from conftest import pid

    from db.entries import Kind

    async with BotHarness(repo, settings=settings) as bot:
        bot.app.bot_data["build_site"] = FakeBuild()
        await bot.send(101, "/linkgroup east", chat_id=GROUP)
        fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east",
                          {"amount_fen": 5000, "fee_type": "sanitation", "period": "2025"})
        await bot.send(102, f"/approve {fee.id}")
        await wait_for(lambda: any("第 1 笔" in t for t in bot.texts_to(GROUP)))
    assert [r["seq"] for r in heads_in(repo)] == [1]


async def test_a_rewritten_ledger_is_not_signed_and_the_admins_are_told(repo, tmp_path):
    data = repo.store.root
    async with harness(repo, tmp_path) as bot:
        bot.app.bot_data["build_site"] = FakeBuild()
        money(repo, "east", 12000)
        money(repo, "east", 300)
        await bot.send(102, "/publish")
    repo.close()
    rewrite_ledger(data, "east", change_purpose(1, "改过的用途"))
    repo = Repository.open(data)
    try:
        async with harness(repo, tmp_path) as bot:
            build = bot.app.bot_data["build_site"] = FakeBuild()
            money(repo, "east", 700)
            await bot.send(102, "/publish")
            told = bot.texts_to(900)
        # nothing published: the site was built all the same before (steward build refuses)
        assert len(heads_in(repo)) == 1 and build.calls == []
        assert told and "账本链头未能签名" in told[0] and "area east, line 2" in told[0]
        # Chinese first, in words a volunteer reads: what happened and what to do (before:
        # "账本链头未能签名：not signed: area east, line 2: its hash is …", English only)
        zh, _, en = told[0].partition(" / ")
        assert "东小区（east） 第 2 笔" in zh and "已经签名公布过的账" in zh
        assert "先不要再录入或审批" in zh and "steward verify" in zh and "备份" in zh
        assert not re.search(r"\b(area|line|hash|signed)\b", zh)
        assert "What to do" in en and "steward restore" in en
    finally:
        repo.close()


async def test_a_flood_wait_from_telegram_is_waited_for_once(repo, tmp_path):
    async with harness(repo, tmp_path) as bot:
        bot.app.bot_data["build_site"] = FakeBuild()
        await bot.send(101, "/linkgroup east", chat_id=GROUP)
        money(repo, "east", 12000)
        request = bot.request
        real = request.do_request
        refused = []

        async def flood_once(url, method, request_data=None, **kw):
            params = dict(request_data.parameters) if request_data else {}
            if url.endswith("/sendMessage") and str(params.get("chat_id")) == str(GROUP) \
                    and not refused:
                refused.append(url)
                return 429, json.dumps({"ok": False, "error_code": 429,
                                        "description": "Too Many Requests: retry after 1",
                                        "parameters": {"retry_after": 1}}).encode()
            return await real(url, method, request_data, **kw)

        request.do_request = flood_once
        before = len(bot.texts_to(GROUP))
        await publisher_of(bot.app).build_now()
        posted = bot.texts_to(GROUP)[before:]
    assert refused and len(posted) == 1 and "第 1 笔" in posted[0]


async def test_a_long_flood_wait_is_not_waited_for_and_the_head_is_not_posted(repo, tmp_path):
    """Within bot.witness's bounds (HEAD_BOUNDS): a wait over a minute gives up at once."""
    from bot.witness import post_heads

    async with harness(repo, tmp_path) as bot:
        await bot.send(101, "/linkgroup east", chat_id=GROUP)
        real = bot.request.do_request
        refused = []

        async def flood(url, method, request_data=None, **kw):
            params = dict(request_data.parameters) if request_data else {}
            if url.endswith("/sendMessage") and str(params.get("chat_id")) == str(GROUP):
                refused.append(url)
                return 429, json.dumps({"ok": False, "error_code": 429,
                                        "description": "Too Many Requests: retry after 600",
                                        "parameters": {"retry_after": 600}}).encode()
            return await real(url, method, request_data, **kw)

        bot.request.do_request = flood
        sent = await asyncio.wait_for(post_heads(bot.app, [
            {"type": "head", "area": "east", "seq": 3, "head": "cd" * 32}]), timeout=10)
    assert sent == 0 and len(refused) == 1


def test_a_head_posted_without_a_site_address_has_no_link_to_check_it():
    """A street with no site address yet: the head alone, not a link to nowhere."""
    from bot.witness import head_text

    record = {"area": "east", "seq": 3, "head": "ab" * 32}
    assert "integrity" not in head_text("东小区", record) and "abababababababab" in \
        head_text("东小区", record)
    linked = head_text("东小区", record, "en", site_url="https://x.example/ledger")
    assert linked.endswith("open:\nhttps://x.example/ledger/integrity/?area=east&seq=3&head="
                           "abababababababab#steward-verify")  # on its own line: a link


async def test_the_head_posted_after_a_restore_says_the_head_posted_before_no_longer_holds(
        repo, tmp_path):
    """The group was shown line 2's head; a restore of an older backup superseded it
    (``db.restore_heads``: a restore record); the next head of line 2 has another hash.
    Before, the group read only 📌 …第 2 笔…链头前 16 位 <another>…哈希如果不是它，就说明旧账被
    改写过, the very sign of a rewrite. Now the message says first that the head posted
    before no longer holds and why; the head after it says nothing more."""
    from bot.witness import post_heads
    from db import keys as keyfiles
    from db.heads import record_heads

    async with harness(repo, tmp_path) as bot:
        await bot.send(101, "/linkgroup east", chat_id=GROUP)
        money(repo, "east", 12000)
        money(repo, "east", 500, expense=True)
        [first] = record_heads(repo)
        log, key = HeadLog(repo.store.root), keyfiles.load(repo.store.root)
        assert key is not None
        with log.locked():
            [restore] = log.append([{"type": "restore", "at": "2025-01-09T10:00:00+08:00",
                                     "backup": "2025-01-01T21:00:00+08:00",
                                     "superseded": [first["n"]]}], key)
            [again] = log.append([{"type": "head", "area": "east", "seq": 2, "head": "ab" * 32,
                                   "at": "2025-01-09T11:00:00+08:00"}], key)
            [later] = log.append([{"type": "head", "area": "east", "seq": 3, "head": "cd" * 32,
                                   "at": "2025-01-10T11:00:00+08:00"}], key)
        before = len(bot.texts_to(GROUP))
        assert await post_heads(bot.app, [again]) == 1
        assert await post_heads(bot.app, [later]) == 1
        said, then = bot.texts_to(GROUP)[before:]
    assert said.startswith(f"⚠️ 2025-01-09 恢复了备份：之前发在群里的第 2 笔的链头"
                           f"（{first['head'][:16]}）不再作数，这一笔现在写着“恢复备份时遗失”"
                           f"（网站的链头记录 #{restore['n']} 写明了）。\n📌 东小区账本已公开到"
                           "第 2 笔，链头前 16 位 abababab"), said
    assert then.startswith("📌 东小区账本已公开到第 3 笔"), then  # said once
