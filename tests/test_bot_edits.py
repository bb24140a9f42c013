"""The volunteers' posts edited in the background (bot/edits.py): a decision is
answered without waiting for the edits, an edit of a post still waiting for its
turn is replaced by the newest (never an older text after a newer one), and a
stop that does not wait for them has them made at the next start."""

from __future__ import annotations

import asyncio

from bot_harness import BotHarness
from conftest import confirmed_resident, pid
from robust_support import RobustHarness, make_data, settings_for

import bot.app
import bot.edits
from bot.edits import edits_of
from bot.notices import NOTICES_KEY
from bot.posts import PARTITION, TABLE, posts_of
from bot.sending import PACE_KEY, Pace
from db.entries import Kind, Status
from db.repository import Repository

HOME = "c1/1/1/101"
EAST = (101, 102)
AUTHORS = (7001, 7002, 7003, 7004)  # one entry each: their answers wait for no turn


def digests(bot, chat: int) -> list:
    return [c for c in bot.request.calls if c.chat_id == chat and c.method == "sendMessage"
            and any(data.startswith("q:a:") for _, data in c.buttons())]


async def post_list(bot, repo: Repository, authors=AUTHORS) -> list[int]:
    """One pending report by each of ``authors``, posted to the east volunteers as one
    message listing them (bot.notices)."""
    ids = [repo.submit(pid(repo, tid), Kind.ISSUE, "east",
                       {"category": "lighting", "text": f"第{n}盏路灯不亮"}).id
           for n, tid in enumerate(authors)]
    notices = bot.app.bot_data[NOTICES_KEY]
    for entry_id in ids:
        notices.add(entry_id)
    await notices.drain()
    return ids


def verdicts(text: str) -> list[int]:
    return [int(line.split()[0][1:]) for line in text.split("\n")
            if line.startswith("#") and "✅" in line]


async def test_edits_waiting_for_their_turn_are_replaced_by_the_newest(repo):
    for tid in AUTHORS:
        confirmed_resident(repo, tid, HOME, 101)
    async with BotHarness(repo) as bot:
        ids = await post_list(bot, repo)
        posts = {chat: digests(bot, chat) for chat in EAST}
        assert all(len(p) == 1 for p in posts.values())
        bot.drain_edits = False  # in the background, as in a running bot
        turn = asyncio.Event()  # a chat's next turn comes when the test says

        async def next_turn(_seconds: float) -> None:
            await turn.wait()

        bot.app.bot_data[PACE_KEY] = Pace(0, 1.0, sleep=next_turn)
        since = len(bot.request.calls)
        for entry_id in ids:  # approved back to back, each answered at once
            said = await asyncio.wait_for(bot.send(101, f"/approve {entry_id}"), 10)
            assert f"#{entry_id} 已通过" in said[-1].text
        turn.set()
        assert await edits_of(bot.app).drain()
    edits = [c for c in bot.request.calls[since:] if c.method == "editMessageText"]
    for chat in EAST:
        mine = [c for c in edits if c.chat_id == chat]
        # the first decision's edit went in the chat's turn; the three after it waited
        # for the next one, and only the newest of them went
        assert [verdicts(c.text) for c in mine] == [ids[:1], ids]
        assert mine[0].buttons() and not mine[-1].buttons()
    assert len(posts_of(bot.app)) == 0  # every record settled once its edit went
    assert all(repo.entry(i).status == Status.APPROVED for i in ids)


async def test_edits_a_stop_did_not_wait_for_are_made_at_the_next_start(tmp_path,
                                                                         monkeypatch):
    data = make_data(tmp_path)  # 7001 and 7002 are residents of the east
    repo = Repository.open(data)
    settings = settings_for(data)
    stuck = asyncio.Event()  # Telegram never answers the edits

    async def never(*_args, **_kwargs):
        await stuck.wait()

    monkeypatch.setattr(bot.app, "STOP_WAIT", 0.3)
    async with RobustHarness(repo, settings=settings) as first:
        first.drain_edits = False
        ids = await post_list(first, repo, (7001, 7002))
        monkeypatch.setattr(bot.edits, "paced", never)
        for entry_id in ids:
            said = await asyncio.wait_for(first.send(101, f"/approve {entry_id}"), 10)
            assert f"#{entry_id} 已通过" in said[-1].text
        loop = asyncio.get_running_loop()
        stopping = loop.time()
    assert loop.time() - stopping < 3  # the stop waited a little, not for every edit
    monkeypatch.undo()
    kept = repo.store.all(PARTITION, TABLE)
    assert kept and all(set(d["entries"]) & set(ids) for d in kept)  # not made: kept
    repo.close()

    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as second:
        assert await edits_of(second.app).drain()
    edits = [c for c in second.request.calls if c.method == "editMessageText"]
    assert {c.chat_id for c in edits} == set(EAST)
    for edit in edits:
        assert set(ids) <= set(verdicts(edit.text)) and not any(
            data.startswith("q:a:") and int(data.split(":")[-1]) in ids
            for _, data in edit.buttons())
    assert [d for d in repo.store.all(PARTITION, TABLE) if set(d["entries"]) & set(ids)] == []
    repo.close()
