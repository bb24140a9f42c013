"""The volunteers' posts of a pending entry are remembered in the store
(bot/posts.py): after a restart, a decision edits every volunteer's copy as it
does without one; a decision saved just before a crash edits them at the next
start; the records go once the entry is decided, and never reach the site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from robust_support import RobustHarness, make_data, public_text, settings_for

import bot.posts
import bot.state
from bot.notices import NOTICES_KEY
from db.entries import Kind, Status
from db.repository import Repository

EAST = (101, 102)
GROUP = -1001


async def report(bot, tid: int, text: str) -> None:
    """A resident's report; its posts go at once unless the test holds them back."""
    await bot.send(tid, "/report")
    await bot.press(tid, "rep:cat:lighting")
    await bot.send(tid, text)
    await bot.press(tid, "rep:photos")
    await bot.press(tid, "rep:pn")
    await bot.press(tid, "rep:ok")
    if bot.drain_notices:
        await bot.app.bot_data[NOTICES_KEY].drain()


def posts_of(bot, entry_id: int) -> dict[int, object]:
    """chat -> the post (sendMessage) carrying the buttons of ``entry_id``."""
    return {c.chat_id: c for c in bot.request.calls if c.method == "sendMessage"
            and f"q:a:{entry_id}" in [d for _, d in c.buttons()]}


def edits_in(calls, chat: int) -> list:
    return [c for c in calls if c.method == "editMessageText" and c.chat_id == chat]


async def post_report(data: Path, text: str) -> tuple[int, dict[int, object]]:
    """A resident's report posted to the east volunteers by one run of the bot; its id
    and its posts by chat."""
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        await report(bot, 7001, text)
        [issue] = [e for e in repo.entries(kind=Kind.ISSUE, status=Status.PENDING)
                   if e.data.get("text") == text]
        posts = posts_of(bot, issue.id)
    repo.close()
    assert set(posts) == set(EAST)
    return issue.id, posts


async def test_after_a_restart_one_volunteers_approval_edits_the_other_volunteers_copy(
        tmp_path):
    data = make_data(tmp_path)
    issue, posts = await post_report(data, "三号楼路灯不亮")

    repo = Repository.open(data)  # the bot restarted: a new Application, the same data
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        told = await bot.press(102, f"q:a:{issue}", message_id=posts[102].message_id,
                               text=posts[102].text)
        assert bot.errors == []
    other = edits_in(told, 101)
    assert [e.params["message_id"] for e in other] == [posts[101].message_id]
    assert other[0].text.startswith(posts[101].text) and "✅" in other[0].text
    assert other[0].buttons() == []  # nothing left to press on it
    assert [e.params["message_id"] for e in edits_in(told, 102)] == [posts[102].message_id]
    assert repo.entry(issue).status == Status.APPROVED
    assert repo.store.all("bot/posts", "posts") == []  # decided and edited: forgotten
    repo.close()


async def test_after_a_restart_a_typed_rejection_edits_every_copy_with_its_reason(tmp_path):
    data = make_data(tmp_path)
    issue, posts = await post_report(data, "垃圾桶满了没人收")

    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        told = await bot.send(101, f"/reject {issue} 已经在修了")
    for chat in EAST:
        [edit] = edits_in(told, chat)
        assert edit.params["message_id"] == posts[chat].message_id
        assert "已经在修了" in edit.text and edit.buttons() == []
    repo.close()


async def test_after_a_restart_a_list_of_several_entries_keeps_the_others_buttons(tmp_path):
    data = make_data(tmp_path)
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        bot.drain_notices = False
        bot.app.bot_data[NOTICES_KEY].window = 3600  # both in one round: one list each
        await report(bot, 7001, "一号楼路灯")
        await report(bot, 7002, "二号楼路灯")
        await bot.app.bot_data[NOTICES_KEY].drain()
        first, second = (e.id for e in repo.entries(kind=Kind.ISSUE, status=Status.PENDING)
                         if e.data.get("text") in ("一号楼路灯", "二号楼路灯"))
        lists = posts_of(bot, first)
    repo.close()
    assert set(lists) == set(EAST) and all(f"#{second}" in c.text for c in lists.values())

    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        told = await bot.send(102, f"/approve {first}")
    [edit] = edits_in(told, 101)
    assert edit.params["message_id"] == lists[101].message_id
    assert f"#{first} ✅" in edit.text
    assert [d for _, d in edit.buttons()] == [f"q:a:{second}", f"q:r:{second}",
                                              f"q:h:{second}"]
    repo.close()

    repo = Repository.open(data)  # again: the list's state (one verdict on it) is kept
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        told = await bot.send(102, f"/reject {second} 重复了")
    [edit] = edits_in(told, 101)
    assert f"#{first} ✅" in edit.text and f"#{second} ❌" in edit.text
    assert edit.buttons() == []
    assert repo.store.all("bot/posts", "posts") == []
    repo.close()


def _copy(data: Path, image: Path) -> None:
    """The data folder as a kill would leave it now."""
    if not image.exists():
        shutil.copytree(data, image, ignore=shutil.ignore_patterns("*.lock"))


@pytest.mark.parametrize("killed", ["before the edits", "after the edits"])
async def test_an_approval_saved_before_a_kill_edits_every_copy_once(tmp_path, monkeypatch,
                                                                      killed):
    data = make_data(tmp_path)
    image = tmp_path / "image"
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as first:
        await report(first, 7001, "井盖松了")
        [issue] = [e.id for e in repo.entries(kind=Kind.ISSUE, status=Status.PENDING)
                   if e.data.get("text") == "井盖松了"]
        posts = posts_of(first, issue)
        if killed == "before the edits":  # the approval saved, no copy edited yet
            take = bot.posts.Posts.take

            def take_after_image(self, entry_id):
                _copy(data, image)
                return take(self, entry_id)

            monkeypatch.setattr(bot.posts.Posts, "take", take_after_image)
        else:  # every copy edited (in the background, bot.edits) and its record dropped
            settle = bot.posts.Posts.settle

            async def settle_then_image(self, entry_id, posts_):
                await settle(self, entry_id, posts_)
                if not self.of(issue) and repo.store.all("bot/posts", "posts") == []:
                    _copy(data, image)

            monkeypatch.setattr(bot.posts.Posts, "settle", settle_then_image)
        before = await first.press(102, f"q:a:{issue}", message_id=posts[102].message_id,
                                   text=posts[102].text)
        pressed = dict(first.last_update)
        monkeypatch.undo()
    repo.close()
    assert edits_in(before, 101)  # (what the kill took back, or not)

    repo = Repository.open(image)
    assert repo.entry(issue).status == Status.APPROVED
    async with RobustHarness(repo, settings=settings_for(image)) as second:
        second.last_update = pressed
        told = await second.redeliver()  # handled again at the start after the kill
        assert second.errors == []
    # the edits go in the background (bot.edits), from the start on: all the run's calls
    again = [e.params["message_id"] for e in edits_in(second.request.calls, 101)]
    author = [c for c in told if c.method == "sendMessage" and c.chat_id == 7001]
    if killed == "before the edits":  # the other copy is edited now, the author told
        assert again == [posts[101].message_id]
        assert "✅" in edits_in(second.request.calls, 101)[0].text
        assert len(author) == 1 and f"#{issue}" in author[0].text
    else:  # both were done before the kill: not again (only the author, as before)
        assert again == []
    assert not [c for c in told if c.method == "sendMessage" and c.chat_id in EAST]
    assert [h["to"] for h in repo.entry(issue).history] == ["pending", "approved"]
    assert repo.store.all("bot/posts", "posts") == []
    repo.close()


async def test_a_post_record_is_forgotten_once_old_and_its_text_never_reaches_the_site(tmp_path):
    data = make_data(tmp_path)
    issue, posts = await post_report(data, "楼道堆物T000777X")
    repo = Repository.open(data)
    docs = repo.store.all("bot/posts", "posts")
    assert sorted(d["chat"] for d in docs) == sorted(EAST)
    assert all(d["entries"] == [issue] for d in docs)
    assert all("T000777X" in d["text"] for d in docs)  # what the volunteers were shown
    assert "T000777X" not in public_text(repo)  # ... is not on the site
    with repo.store.transaction() as tx:  # one of them posted long ago
        old = docs[0]
        tx.put("bot/posts", "posts", old["doc_id"],
               {**{k: v for k, v in old.items() if k != "doc_id"},
                "at": old["at"] - bot.posts.MAX_AGE - 1})
    async with RobustHarness(repo, settings=settings_for(data)) as again:
        assert again.errors == []
    assert [d["chat"] for d in repo.store.all("bot/posts", "posts")] == [docs[1]["chat"]]
    repo.close()


async def test_forget_after_a_restart_rewrites_every_copy_and_drops_the_records(tmp_path):
    data = make_data(tmp_path)
    issue, posts = await post_report(data, "我家电话13912345678，楼下漏水")
    repo = Repository.open(data)
    assert all("13912345678" in d["text"] for d in repo.store.all("bot/posts", "posts"))
    async with RobustHarness(repo, settings=settings_for(data)) as bot_:
        await bot_.send(7001, "/forget")
        done = await bot_.press(7001, "fg:ok")
    for chat in EAST:
        [edit] = edits_in(done, chat)
        assert edit.params["message_id"] == posts[chat].message_id
        assert "已被作者撤回" in edit.text and "13912345678" not in edit.text
    assert repo.entry(issue).status == Status.REJECTED
    assert repo.store.all("bot/posts", "posts") == []  # what the posts said is gone too
    repo.close()


async def test_forget_deletes_a_copy_whose_text_telegram_will_not_edit(tmp_path):
    data = make_data(tmp_path)
    issue, posts = await post_report(data, "我家电话13912345678，楼下漏水")
    repo = Repository.open(data)
    stuck = EAST[0]
    async with RobustHarness(repo, settings=settings_for(data)) as bot_:
        refusal = bot_.request._refusal

        def too_old(endpoint, call):  # e.g. "message can't be edited"
            if endpoint == "editMessageText" and call.chat_id == stuck:
                return 400, "Bad Request: message can't be edited"
            return refusal(endpoint, call)

        bot_.request._refusal = too_old
        await bot_.send(7001, "/forget")
        done = await bot_.press(7001, "fg:ok")
    [deleted] = [c for c in done if c.method == "deleteMessage"]
    assert deleted.chat_id == stuck
    assert deleted.params["message_id"] == posts[stuck].message_id
    [other] = edits_in(done, EAST[1])
    assert "已被作者撤回" in other.text and "13912345678" not in other.text
    assert repo.store.all("bot/posts", "posts") == []
    repo.close()


async def test_remembering_a_listing_is_not_the_updates_write_so_it_is_listed_again(
        tmp_path, monkeypatch):
    data = make_data(tmp_path)
    image = tmp_path / "image"
    done = bot.state._step_done

    def done_after_image(repo_, update_id, *rest):
        if update_id is not None and repo_.store.all("bot/posts", "posts"):
            _copy(data, image)
        return done(repo_, update_id, *rest)

    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as first:
        monkeypatch.setattr(bot.state, "_step_done", done_after_image)
        listed = await first.send(101, "/pending")
        asked = dict(first.last_update)
        monkeypatch.undo()
    repo.close()
    assert [c for c in listed if c.buttons()]  # the waiting entries, with their buttons

    repo = Repository.open(image)  # killed before the step was marked done
    saved = repo.store.get("bot/updates", "updates", asked["update_id"]) or {}
    assert "wrote" not in saved and repo.store.all("bot/posts", "posts")
    async with RobustHarness(repo, settings=settings_for(image)) as second:
        second.last_update = asked
        again = await second.redeliver()
    assert [c.text for c in again if c.buttons()] == [c.text for c in listed if c.buttons()]
    assert not any("已经保存" in c.text for c in again)
    repo.close()


def test_no_more_than_max_posts_records_are_kept_the_oldest_go_first(monkeypatch):
    import asyncio

    monkeypatch.setattr(bot.posts, "MAX_POSTS", 3)
    posts = bot.posts.Posts()
    for n in range(5):
        asyncio.run(posts.record([n], 101, 1000 + n, f"#{n}", "zh"))
    assert len(posts) == 3
    assert [p.message for n in range(5) for p in posts.of(n)] == [1002, 1003, 1004]
