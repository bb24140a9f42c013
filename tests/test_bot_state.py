"""The bot's state in the store (bot/state.py): each step's conversation state
saved with its update, every update handled once, a write and its update's id
in one journal record, and no pickle anywhere."""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
import tarfile
from pathlib import Path

import pytest
from robust_support import RobustHarness, make_data, settings_for

import bot.state
from db.entries import Kind
from db.repository import Repository


def resident_fees(repo: Repository) -> list[int]:
    return sorted(e.data["amount_fen"] for e in repo.entries(kind=Kind.FEE_INCOME)
                  if e.data.get("source") == "resident")


async def to_summary(bot, tid: int, amount: str) -> None:
    await bot.send(tid, "/pay")
    await bot.press(tid, "pay:fee:property")
    await bot.press(tid, "pay:per:2025-01")
    await bot.send(tid, amount)
    await bot.press(tid, "pay:skip")


def journal_records(data: Path) -> list[dict]:
    """The records of the journal (not its header lines, ``#journal ...``)."""
    return [json.loads(line.split(b" ", 1)[1] if line[:1] != b"{" else line)
            for line in (data / "journal.log").read_bytes().splitlines()
            if line.strip() and not line.startswith(b"#journal")]


async def test_each_step_is_saved_with_its_update_before_the_next_one_is_taken(tmp_path):
    data = make_data(tmp_path)
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:property")
        await bot.press(7001, "pay:per:2025-01")
        await bot.send(7001, "44.44")
        saved = repo.store.get("bot/state", "users", 7001)
        assert saved["flows"] == [["pay", [7001, 7001], "pay:receipt"]]
        assert saved["data"]["flow:pay"]["amount_fen"] == 4444
        last = bot.last_update["update_id"]
        mark = repo.store.get("bot/updates", "updates", last)
        assert mark["done"] is True and mark["seen"].startswith("m:7001:")
    repo.close()
    assert not list(data.rglob("*.pickle"))


async def test_a_redelivered_update_that_wrote_is_dropped_without_a_second_write(tmp_path):
    data = make_data(tmp_path)
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        await to_summary(bot, 7001, "44.44")
        first = await bot.press(7001, "pay:ok")
        again = await bot.redeliver()  # the same update id, as a webhook retry sends it
    assert "#" in first[-1].text
    assert again == []  # answered already: nothing sent, nothing written
    assert resident_fees(repo) == [4444]
    assert bot.errors == []
    repo.close()


async def test_a_write_and_its_update_id_are_one_journal_record(tmp_path):
    data = make_data(tmp_path)
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        await to_summary(bot, 7001, "44.44")
        repo.store.checkpoint()
        await bot.press(7001, "pay:ok")
        pressed = bot.last_update["update_id"]
        records = journal_records(data)
    with_fee = [r for r in records if any(op[0].startswith("areas/") and op[1] == "entries"
                                          for op in r["ops"])]
    assert len(with_fee) == 1
    marks = [op for op in with_fee[0]["ops"] if op[0] == "bot/updates"]
    assert [(op[2], op[3]["wrote"]) for op in marks] == [(pressed, True)]
    repo.close()


async def test_an_update_that_wrote_before_a_crash_is_answered_and_not_written_again(
        tmp_path, monkeypatch):
    data = make_data(tmp_path)
    image = tmp_path / "image"
    repo = Repository.open(data)
    real_done = bot.state._step_done

    def crash_before_done(repo_, update_id, users, chats, drop, *seen):
        # The disk as a kill finds it right after the write, before the step is done.
        if not image.exists() and update_id is not None and any(
                e.data.get("amount_fen") == 4444 for e in repo_.entries(kind=Kind.FEE_INCOME)):
            shutil.copytree(data, image, ignore=shutil.ignore_patterns("*.lock"))
        return real_done(repo_, update_id, users, chats, drop, *seen)

    monkeypatch.setattr(bot.state, "_step_done", crash_before_done)
    async with RobustHarness(repo, settings=settings_for(data)) as first:
        await to_summary(first, 7001, "44.44")
        await first.press(7001, "pay:ok")
        pressed = dict(first.last_update)
    repo.close()
    monkeypatch.setattr(bot.state, "_step_done", real_done)

    repo = Repository.open(image)
    assert resident_fees(repo) == [4444]
    async with RobustHarness(repo, settings=settings_for(image)) as second:
        second.last_update = pressed
        told = await second.redeliver()  # Telegram sends the tap again
        tapped = await second.press(7001, "pay:ok")  # and the user taps Submit again
    # answered with her receipt, its number, as the tap would have (bot.handlers.
    # submit_saved), not with "already saved … start again from the menu"
    [fee] = [e for e in repo.entries(kind=Kind.FEE_INCOME) if e.data["amount_fen"] == 4444]
    assert any(f"已收到缴费登记 #{fee.id}" in c.text for c in told), [c.text for c in told]
    assert not any("已经保存" in c.text for c in told), [c.text for c in told]
    assert any("失效" in c.text for c in tapped)  # the flow ended with its write
    assert resident_fees(repo) == [4444]  # once
    assert second.errors == []
    repo.close()


async def test_a_leftover_pickle_is_not_read_and_does_not_stop_the_bot(tmp_path, caplog):
    data = make_data(tmp_path)
    (data / "bot-state.pickle").write_bytes(b"\x80\x04 half-written")
    repo = Repository.open(data)
    with caplog.at_level(logging.WARNING):
        async with RobustHarness(repo, settings=settings_for(data)) as bot:
            calls = await bot.send(7001, "/pay")
    assert "哪项费用" in calls[-1].text
    assert "bot-state.pickle is from an older Steward and is not read" in caplog.text
    repo.close()


async def test_a_flow_ended_when_idle_is_saved_as_ended(tmp_path):
    from bot.conversation import IdleConversation

    data = make_data(tmp_path)
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        await bot.send(7001, "/pay")
        assert repo.store.get("bot/state", "users", 7001)["flows"]
        [pay] = [h for hs in bot.app.handlers.values() for h in hs
                 if isinstance(h, IdleConversation) and h.name == "pay"]
        assert await pay.end_idle(bot.app, now=10.0 ** 9) == 1
    assert repo.store.get("bot/state", "users", 7001)["flows"] == []
    repo.close()


async def test_a_flow_left_by_a_menu_button_is_saved_as_ended_with_its_draft_kept_aside(tmp_path):
    data = make_data(tmp_path)
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:property")
        saved = repo.store.get("bot/state", "users", 7001)
        assert saved["flows"] and saved["data"]["flow_steps"] == ["pay"]  # a step taken
        calls = await bot.send(7001, "我的")
        assert "您没填完的“缴费登记”先为您保留" in calls[0].text  # bot/kept.py
    saved = repo.store.get("bot/state", "users", 7001)
    assert saved["flows"] == [] and not any(k.startswith("flow") for k in saved["data"])
    assert saved["data"]["kept"]["pay"]["state"] == "pay:period"
    repo.close()


def submit_button(bot, tid: int) -> str:
    [data] = [d for d in bot.buttons_sent_to(tid, last=True) if d.startswith("pay:ok")]
    return data


async def test_submit_under_a_summary_is_refused_when_the_draft_restored_is_another(tmp_path):
    data = make_data(tmp_path)
    older = tmp_path / "older"
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        await to_summary(bot, 7001, "33.33")
        repo.store.checkpoint()
        shutil.copytree(data, older, ignore=shutil.ignore_patterns("*.lock"))  # a backup
        await bot.press(7001, "pay:again")
        await bot.press(7001, "pay:fee:property")
        await bot.press(7001, "pay:per:2025-01")
        await bot.send(7001, "44.44")
        await bot.press(7001, "pay:skip")
        seen = submit_button(bot, 7001)  # under the ¥44.44 summary
    repo.close()

    repo = Repository.open(older)  # the folder comes back from the backup
    async with RobustHarness(repo, settings=settings_for(older)) as bot:
        refused = await bot.press(7001, seen)
        assert resident_fees(repo) == []  # not the ¥33.33 of the draft it holds
        assert any("这次没有保存" in c.text for c in refused)
        assert "¥33.33" in refused[-1].text  # the summary of what it holds, to confirm anew
        done = await bot.press(7001, submit_button(bot, 7001))
    assert resident_fees(repo) == [3333]
    assert "#" in done[-1].text
    assert bot.errors == []
    repo.close()


def test_the_seal_of_a_draft_follows_its_content_not_its_order():
    from bot.flows import seal

    draft = {"amount_fen": 4444, "fee_type": "property"}
    assert seal(draft) == seal(dict(reversed(list(draft.items()))))  # order does not count
    assert seal(draft) != seal({**draft, "amount_fen": 3333})


def text_update(update_id: int, tid: int, text: str) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": 1735700000, "text": text,
        "chat": {"id": tid, "type": "private"},
        "from": {"id": tid, "is_bot": False, "first_name": "x", "language_code": "zh"}}}


async def test_updates_received_before_a_stop_are_handled_at_start_and_given_up_after_three(
        tmp_path, caplog):
    data = make_data(tmp_path)
    repo = Repository.open(data)
    with repo.store.transaction() as tx:
        tx.put("bot/updates", "updates", 500, {"update": text_update(500, 7001, "在吗"),
                                               "tries": 3})
        tx.put("bot/updates", "updates", 501, {"update": text_update(501, 7002, "在吗")})
    with caplog.at_level(logging.ERROR):
        async with RobustHarness(repo, settings=settings_for(data)) as bot:
            queued = []
            while not bot.app.update_queue.empty():
                queued.append(bot.app.update_queue.get_nowait())
            for update in queued:
                await bot.app.process_update(update)
                # its try was counted when its handling began: saved with its step
                assert repo.store.get("bot/updates", "updates", 501) == {"done": True,
                                                                   "seen": "m:7002:501:"}
    assert [u.update_id for u in queued] == [501]  # the one that stopped it 3 times is not
    assert repo.store.get("bot/updates", "updates", 500) == {"done": True, "given_up": True}
    assert repo.store.get("bot/updates", "updates", 501) == {"done": True,
                                                                   "seen": "m:7002:501:"}
    assert "update 500 was being handled at each of the last 3 stops" in caplog.text
    assert any(c.chat_id == 7002 for c in bot.request.calls)  # answered after the restart
    repo.close()


async def test_updates_the_bot_was_stopped_before_reaching_are_not_given_up(tmp_path, caplog):
    """The chaos trial: the bot killed again and again a few seconds after each start
    (a crash loop) gave up a volunteer's /approve it had never begun to handle at the
    last three starts. A try counts when the update's handling begins."""
    data = make_data(tmp_path)
    repo = Repository.open(data)
    with repo.store.transaction() as tx:
        tx.put("bot/updates", "updates", 501, {"update": text_update(501, 7002, "在吗")})
    caplog.set_level(logging.INFO, logger="bot.state")
    for _start in range(bot.state.MAX_TRIES + 1):  # stopped before it was reached
        async with RobustHarness(repo, settings=settings_for(data)) as harness:
            queued = []
            while not harness.app.update_queue.empty():
                queued.append(harness.app.update_queue.get_nowait())
            assert [u.update_id for u in queued] == [501]
    with caplog.at_level(logging.ERROR):
        async with RobustHarness(repo, settings=settings_for(data)) as harness:
            update = harness.app.update_queue.get_nowait()
            await harness.app.process_update(update)
    assert "was being handled" not in caplog.text
    # said to the operator Chinese first at each start (it read 'handling 1 update(s) …')
    assert "现在处理机器人停下前收到的 1 条消息 / handling 1 update(s) received before the " \
        "bot stopped" in caplog.text
    assert repo.store.get("bot/updates", "updates", 501) == {"done": True,
                                                                   "seen": "m:7002:501:"}
    assert any(c.chat_id == 7002 for c in harness.request.calls)  # answered at last
    repo.close()


async def test_an_update_whose_handling_began_at_three_starts_is_given_up_and_told(
        tmp_path, caplog):
    """An update that stops the bot whenever it is handled: its try is saved before
    it is handled, so the fourth start gives it up (and the bot runs), and tells its
    sender."""
    data = make_data(tmp_path)
    repo = Repository.open(data)
    with repo.store.transaction() as tx:
        tx.put("bot/updates", "updates", 500, {"update": text_update(500, 7001, "在吗")})

    async def stops_the_bot(update, process):  # the handling begins, the bot dies
        keeper = bot.state.keeper_of(harness.app)
        await keeper.handle(update, _die)

    for _start in range(bot.state.MAX_TRIES):
        async with RobustHarness(repo, settings=settings_for(data)) as harness:
            update = harness.app.update_queue.get_nowait()
            try:
                await stops_the_bot(update, None)
            except _Died:
                pass
    assert repo.store.get("bot/updates", "updates", 500)["tries"] == bot.state.MAX_TRIES
    with caplog.at_level(logging.ERROR):
        async with RobustHarness(repo, settings=settings_for(data)) as harness:
            assert harness.app.update_queue.empty()
    assert repo.store.get("bot/updates", "updates", 500) == {"done": True, "given_up": True}
    assert "update 500 was being handled at each of the last 3 stops" in caplog.text
    # its sender is told it was not handled, rather than left waiting for an answer
    [told] = [c for c in harness.request.calls if c.chat_id == 7001]
    assert "没有处理" in told.text and "重新开始" in told.text
    repo.close()


async def _cut_by_a_clean_stop(harness: RobustHarness) -> None:
    """The update queued again at this start begins, and is still being handled when
    the bot is stopped with SIGTERM (a step waiting for the site's build, or for a
    slow Telegram): the stop cuts it after ``STEPS_WAIT`` seconds, as
    ``StewardApplication.stop`` does (``bot.stopping``)."""
    from bot.stopping import stopping_of

    began = asyncio.Event()

    async def slow(update) -> None:  # /publish waiting for the build
        began.set()
        await asyncio.sleep(3600)

    harness.app._dispatch = slow
    update = harness.app.update_queue.get_nowait()
    step = asyncio.ensure_future(harness.app.process_update(update))
    stop = stopping_of(harness.app)
    stop.steps.add(step)
    await began.wait()
    stop.began = 1.0
    step.cancel()
    await step  # left for the next start, as the log says
    stop.began = None


async def test_an_update_cut_short_by_clean_stops_at_three_starts_is_not_given_up(
        tmp_path, caplog):
    """The soak (tests/soak_crash.py) stopped the bot with SIGTERM while a volunteer's
    /publish, handled again at the start, waited for the site's build: at each of three
    starts in a row. The fourth gave it up (update 205 was being handled at each of the
    last 3 stops; it is dropped) and told the volunteer 机器人每次处理您的上一条消息时都停止
    了运行…被搁置了, though it had never stopped the bot: a clean stop counted as a
    crash. Now a clean stop takes the start's try back; only a kill (or ten starts, cut
    or not: one that hangs) counts toward giving it up."""
    data = make_data(tmp_path)
    repo = Repository.open(data)
    with repo.store.transaction() as tx:
        tx.put("bot/updates", "updates", 500, {"update": text_update(500, 7001, "/publish")})
    for _start in range(bot.state.MAX_TRIES):
        async with RobustHarness(repo, settings=settings_for(data)) as harness:
            await _cut_by_a_clean_stop(harness)
    saved = repo.store.get("bot/updates", "updates", 500)
    assert saved["tries"] == 0 and saved["cut"] == bot.state.MAX_TRIES
    with caplog.at_level(logging.ERROR):
        async with RobustHarness(repo, settings=settings_for(data)) as harness:
            update = harness.app.update_queue.get_nowait()  # handled, not given up
            await harness.app.process_update(update)
    assert "was being handled" not in caplog.text
    assert not [c for c in harness.request.calls if "没有处理" in c.text]
    assert repo.store.get("bot/updates", "updates", 500)["done"] is True
    repo.close()


async def test_an_update_cut_short_by_clean_stops_at_ten_starts_is_given_up(tmp_path, caplog):
    """One that hangs whenever it is handled still does not hold the starts after it
    forever: cut at ``MAX_STARTS`` starts, it is given up (and its sender told)."""
    data = make_data(tmp_path)
    repo = Repository.open(data)
    with repo.store.transaction() as tx:
        tx.put("bot/updates", "updates", 500, {"update": text_update(500, 7001, "在吗"),
                                                "cut": bot.state.MAX_STARTS - 1})
    async with RobustHarness(repo, settings=settings_for(data)) as harness:
        await _cut_by_a_clean_stop(harness)
    with caplog.at_level(logging.ERROR):
        async with RobustHarness(repo, settings=settings_for(data)) as harness:
            assert harness.app.update_queue.empty()
    assert "update 500 was being handled at each of the last 10 stops" in caplog.text
    assert [c for c in harness.request.calls if c.chat_id == 7001 and "没有处理" in c.text]
    repo.close()


async def test_a_sender_is_told_of_an_update_given_up_even_if_the_bot_stops_before_marking_it(
        tmp_path, monkeypatch):
    """The start that gives an update up stops before the store says so: its sender
    was told already (and is told again by the next start, which marks it)."""
    data = make_data(tmp_path)
    repo = Repository.open(data)
    with repo.store.transaction() as tx:
        tx.put("bot/updates", "updates", 500, {"update": text_update(500, 7001, "在吗"),
                                                "tries": bot.state.MAX_TRIES})

    def dies(*args):
        raise _Died

    with monkeypatch.context() as patch:
        patch.setattr(bot.state, "_given_up", dies)
        harness = RobustHarness(repo, settings=settings_for(data))
        with pytest.raises(_Died):
            async with harness:
                pass
    assert [c for c in harness.request.calls if c.chat_id == 7001 and "没有处理" in c.text]
    assert repo.store.get("bot/updates", "updates", 500)["tries"] == bot.state.MAX_TRIES
    async with RobustHarness(repo, settings=settings_for(data)) as again:
        assert again.app.update_queue.empty()
    assert repo.store.get("bot/updates", "updates", 500) == {"done": True, "given_up": True}
    assert [c for c in again.request.calls if c.chat_id == 7001 and "没有处理" in c.text]
    repo.close()


class _Died(BaseException):
    """The process stopping in the middle of a handler."""


async def _die(update) -> None:
    raise _Died


async def test_a_group_button_that_wrote_before_a_crash_gets_a_short_note_not_a_message(
        tmp_path, monkeypatch):
    from db.entries import Status

    data = make_data(tmp_path)
    image = tmp_path / "image"
    repo = Repository.open(data)
    issue = repo.entries(kind=Kind.ISSUE, status=Status.PENDING)[0].id
    group = -1001
    repo.link_group(repo.person_by_telegram(101)["id"], "east", group)
    real_done = bot.state._step_done

    def crash_before_done(repo_, update_id, users, chats, drop, *seen):
        if not image.exists() and repo_.entry(issue).status != Status.PENDING:
            shutil.copytree(data, image, ignore=shutil.ignore_patterns("*.lock"))
        return real_done(repo_, update_id, users, chats, drop, *seen)

    monkeypatch.setattr(bot.state, "_step_done", crash_before_done)
    async with RobustHarness(repo, settings=settings_for(data)) as first:
        # her notice does not reach her before the crash (refused): it is owed her; one
        # that reached her is recorded and not sent again (test_run_kill_verdict)
        first.request.blocked.add(7001)
        await first.press(102, f"q:a:{issue}", chat_id=group)
        pressed = dict(first.last_update)
    repo.close()
    monkeypatch.setattr(bot.state, "_step_done", real_done)

    repo = Repository.open(image)
    assert repo.entry(issue).status != Status.PENDING  # the approval was saved
    async with RobustHarness(repo, settings=settings_for(image)) as second:
        second.last_update = pressed
        told = await second.redeliver()
    notes = [c.params.get("text") for c in told if c.method == "answerCallbackQuery"]
    assert notes == ["机器人重启前已经保存过了，没有再保存一次。"]
    assert not [c for c in told if c.method == "sendMessage" and c.chat_id == group]
    # ... and what the approval owed its author, lost with the crash, goes now
    assert [c.chat_id for c in told if c.method == "sendMessage"] == [7001]
    repo.close()


async def test_a_first_contact_cut_short_by_a_crash_is_answered_again(tmp_path, monkeypatch):
    """The chaos trial: a new resident's /start, killed after it made their person
    record and before its step was done, was answered after the restart with "this was
    already saved before the bot restarted … press Mine" instead of the welcome and the
    compounds to choose from. Making the person record is not the update's write: the
    same /start again finds the person and writes nothing."""
    data = make_data(tmp_path)
    image = tmp_path / "image"
    repo = Repository.open(data)
    real_done = bot.state._step_done

    def crash_before_done(repo_, update_id, users, chats, drop, *seen):
        if not image.exists():
            shutil.copytree(data, image, ignore=shutil.ignore_patterns("*.lock"))
        return real_done(repo_, update_id, users, chats, drop, *seen)

    monkeypatch.setattr(bot.state, "_step_done", crash_before_done)
    async with RobustHarness(repo, settings=settings_for(data)) as first:
        await first.send(9001, "/start")
        sent = dict(first.last_update)
    repo.close()
    monkeypatch.setattr(bot.state, "_step_done", real_done)
    repo = Repository.open(image)
    assert repo.person_by_telegram(9001) is not None  # made before the crash
    async with RobustHarness(repo, settings=settings_for(image)) as second:
        second.last_update = sent
        answers = [c.text for c in await second.redeliver() if c.chat_id == 9001]
    assert not any("已经保存过了" in a for a in answers), answers
    assert any("欢迎使用" in a for a in answers) and any("请选择小区" in a for a in answers)
    repo.close()


async def test_a_backup_taken_while_the_bot_runs_brings_the_conversations_back(tmp_path):
    from db.backup import backup, restore

    data = make_data(tmp_path)
    archive, target = tmp_path / "backup.tar.gz", tmp_path / "restored"
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:property")
        await bot.press(7001, "pay:per:2025-01")  # asked for the amount
        backup(data, archive)
        names = tarfile.open(archive).getnames()
    repo.close()
    assert not any(n.endswith(".pickle") for n in names)
    restore(archive, target)
    repo = Repository.open(target)
    async with RobustHarness(repo, settings=settings_for(target)) as bot:
        calls = await bot.send(7001, "55")
    assert "收据" in calls[-1].text  # the flow goes on at the step it was at
    assert bot.errors == []
    repo.close()


def _crash_image_when(data: Path, image: Path, saved) -> object:
    """A ``_step_done`` that copies the data folder as a kill finds it once ``saved(repo)``:
    the write made, the step not done."""
    real_done = bot.state._step_done

    def crash_before_done(repo_, update_id, users, chats, drop, *seen):
        if not image.exists() and update_id is not None and saved(repo_):
            shutil.copytree(data, image, ignore=shutil.ignore_patterns("*.lock"))
        return real_done(repo_, update_id, users, chats, drop, *seen)

    return crash_before_done


async def test_an_approval_saved_before_a_crash_still_tells_its_author_after_the_restart(
        tmp_path, monkeypatch):
    from db.entries import Status

    data = make_data(tmp_path)
    image = tmp_path / "image"
    repo = Repository.open(data)
    issue = repo.entries(kind=Kind.ISSUE, status=Status.PENDING)[0].id
    real_done = bot.state._step_done
    monkeypatch.setattr(bot.state, "_step_done", _crash_image_when(
        data, image, lambda r: r.entry(issue).status != Status.PENDING))
    async with RobustHarness(repo, settings=settings_for(data)) as first:
        first.request.blocked.add(7001)  # her notice did not reach her before the crash
        await first.press(102, f"q:a:{issue}", message_id=31, text="待审的问题T000001X")
        pressed = dict(first.last_update)
    repo.close()
    monkeypatch.setattr(bot.state, "_step_done", real_done)

    repo = Repository.open(image)
    async with RobustHarness(repo, settings=settings_for(image)) as second:
        second.last_update = pressed
        told = await second.redeliver()  # handled again at the start after the kill
    author = [c.text for c in told if c.chat_id == 7001]
    assert author and f"#{issue}" in author[0] and "公示" in author[0]
    edits = [c for c in told if c.method == "editMessageText" and c.chat_id == 102]
    assert edits and edits[0].params["message_id"] == 31 and "物管会委员" in edits[0].text
    assert not any("已经保存" in c.text for c in told)  # not "saved already, press Mine"
    assert [h["to"] for h in repo.entry(issue).history] == ["pending", "approved"]  # once
    assert second.errors == []
    repo.close()


async def test_a_rejection_saved_before_a_crash_still_gives_the_author_its_reason(
        tmp_path, monkeypatch):
    from db.entries import Status

    data = make_data(tmp_path)
    image = tmp_path / "image"
    repo = Repository.open(data)
    issue = repo.entries(kind=Kind.ISSUE, status=Status.PENDING)[0].id
    real_done = bot.state._step_done
    monkeypatch.setattr(bot.state, "_step_done", _crash_image_when(
        data, image, lambda r: r.entry(issue).status == Status.REJECTED))
    async with RobustHarness(repo, settings=settings_for(data)) as first:
        first.request.blocked.add(7001)  # the reason did not reach her before the crash
        await first.press(102, f"q:r:{issue}")
        await first.send(102, "照片看不清，请重新拍")
        typed = dict(first.last_update)
    repo.close()
    monkeypatch.setattr(bot.state, "_step_done", real_done)

    repo = Repository.open(image)
    async with RobustHarness(repo, settings=settings_for(image)) as second:
        second.last_update = typed
        told = await second.redeliver()
    author = [c.text for c in told if c.chat_id == 7001]
    assert author and "照片看不清，请重新拍" in author[0]
    volunteer = [c.text for c in told if c.chat_id == 102 and c.method == "sendMessage"]
    assert volunteer and "告知" in volunteer[-1] and not any("已经保存" in v for v in volunteer)
    assert [h["to"] for h in repo.entry(issue).history] == ["pending", "rejected"]
    assert second.errors == []
    repo.close()


async def test_a_new_update_numbered_with_a_done_updates_id_is_handled_not_dropped(tmp_path):
    """Telegram numbers a bot's updates afresh, from a random id, after a week without
    any, and a new bot token from its own: a message that comes with the id of one done
    long ago is another message, and is answered (it was dropped as a redelivery)."""
    data = make_data(tmp_path)
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        await bot.send(7001, "/accounts")
        first = dict(bot.last_update)
        numbered_afresh = text_update(first["update_id"], 7002, "/accounts")
        numbered_afresh["message"]["message_id"] = 9001
        numbered_afresh["message"]["entities"] = [
            {"type": "bot_command", "offset": 0, "length": 9}]
        bot.last_update = numbered_afresh
        answered = await bot.redeliver()
        again = await bot.redeliver()  # that one sent again: now a redelivery
        bot.last_update = first
        old_again = await bot.redeliver()  # the first one's mark was replaced
    assert [c.chat_id for c in answered if c.text] and \
        {c.chat_id for c in answered if c.text} == {7002}
    assert again == []
    assert {c.chat_id for c in old_again if c.text} == {7001}
    assert bot.errors == []
    repo.close()


async def test_the_inbox_saves_an_update_numbered_afresh_and_drops_a_true_redelivery(tmp_path):
    """The poller's side (``Keeper.received``, before the update is confirmed to
    Telegram): a redelivered update is not queued again; another one under a done id
    is saved in its place, once."""
    from telegram import Update

    data = make_data(tmp_path)
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as harness:
        await harness.send(7001, "/accounts")
        done = dict(harness.last_update)
        keeper = bot.state.keeper_of(harness.app)
        assert await keeper.received(Update.de_json(done, harness.app.bot)) is False
        other = text_update(done["update_id"], 7002, "在吗")
        assert await keeper.received(Update.de_json(other, harness.app.bot)) is True
        saved = repo.store.get("bot/updates", "updates", done["update_id"])
        assert saved["update"]["message"]["chat"]["id"] == 7002 and "done" not in saved
        assert await keeper.received(Update.de_json(other, harness.app.bot)) is False
    repo.close()


async def test_a_done_mark_kept_without_a_fingerprint_still_drops_its_id(tmp_path):
    """Marks kept before fingerprints were cannot tell one update from another: the
    update is dropped, as it was then (never handled twice)."""
    data = make_data(tmp_path)
    repo = Repository.open(data)
    with repo.store.transaction() as tx:
        tx.put("bot/updates", "updates", 800, {"done": True})
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        bot.last_update = text_update(800, 7002, "/accounts")
        assert await bot.redeliver() == []
    repo.close()



async def test_updates_handled_again_after_a_stop_count_a_try_only_for_the_one_being_handled(
        tmp_path):
    """A soak trial (``steward run`` killed 25 times at random while 120 people
    reported, registered and paid) gave up two or three innocent steps, each sender
    told to send it again: the updates handled again at a start ran together, so every
    one that had begun counted a try at the next stop. Now they run one at a time:
    stopped while the first is handled, only its try is counted."""
    data = make_data(tmp_path)
    repo = Repository.open(data)
    with repo.store.transaction() as tx:  # each was being handled at two stops already
        tx.put("bot/updates", "updates", 500, {"update": text_update(500, 7001, "在吗"),
                                               "tries": 2})
        tx.put("bot/updates", "updates", 501, {"update": text_update(501, 7002, "在吗"),
                                               "tries": 2})
    began: list[int] = []

    async def hangs(update) -> None:  # the bot stops while this one is handled
        began.append(update.update_id)
        await asyncio.Event().wait()

    async with RobustHarness(repo, settings=settings_for(data)) as harness:
        app, keeper = harness.app, bot.state.keeper_of(harness.app)
        queued = [app.update_queue.get_nowait() for _ in range(app.update_queue.qsize())]
        handling = [keeper.handle(u, hangs) for u in queued]
        tasks = [asyncio.create_task(app.update_processor.process_update(u, h))
                 for u, h in zip(queued, handling, strict=True)]
        await asyncio.sleep(0.3)
        for task in tasks:  # the stop
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for h in handling:  # (one that never began is not left unawaited)
            h.close()
    assert began == [500]
    assert repo.store.get("bot/updates", "updates", 500)["tries"] == bot.state.MAX_TRIES
    assert repo.store.get("bot/updates", "updates", 501)["tries"] == 2  # never begun
    async with RobustHarness(repo, settings=settings_for(data)) as harness:
        queued = [harness.app.update_queue.get_nowait()
                  for _ in range(harness.app.update_queue.qsize())]
        assert [u.update_id for u in queued] == [501]  # 500 given up, 501 handled again
        await harness.app.process_update(queued[0])
    assert repo.store.get("bot/updates", "updates", 500) == {"done": True, "given_up": True}
    assert repo.store.get("bot/updates", "updates", 501)["done"] is True
    repo.close()


async def test_an_update_given_up_is_told_to_its_sender_after_telegram_asks_to_wait(tmp_path):
    """Told at a start, for each update given up, in a burst: it went straight out with
    ``bot.send_message``, so a 429 dropped it and she was never told. Now in its turn,
    the 429's wait honoured (``bot.sending.deliver``)."""
    from test_bot_own_messages_paced import too_many_once

    data = make_data(tmp_path)
    repo = Repository.open(data)
    with repo.store.transaction() as tx:
        tx.put("bot/updates", "updates", 500, {"update": text_update(500, 7001, "在吗"),
                                               "tries": bot.state.MAX_TRIES})
    harness = RobustHarness(repo, settings=settings_for(data))
    refused = too_many_once(harness, 7001)
    async with harness:
        pass
    assert refused == [7001]
    told = [c for c in harness.request.calls if c.chat_id == 7001 and "没有处理" in c.text]
    assert len(told) == 1, [c.text for c in harness.request.calls if c.chat_id == 7001]
    repo.close()
