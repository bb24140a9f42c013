"""Restarts: the bot is stopped in the middle of conversations — cleanly, or
killed at any moment — and started again over the same data folder. Every
conversation continues where its user left it (each step is saved with the
update that made it, bot/state.py), or, when its state is gone, the user is
told to start again; nothing acknowledged is lost."""

from __future__ import annotations

import re
import shutil

from conftest import reseal
from robust_support import (
    RESIDENTS,
    RobustHarness,
    check_invariants,
    make_data,
    settings_for,
)

from db.entries import Kind, Status
from db.repository import Repository

START_AGAIN = "下方菜单的按钮"  # the answer outside a flow names the menu's buttons
RECEIPT = re.compile(r"#(\d+)")


async def start_pay(bot, tid: int) -> None:
    await bot.send(tid, "/pay")
    await bot.press(tid, "pay:fee:property")
    await bot.press(tid, "pay:per:2025-01")


async def test_after_a_clean_restart_every_conversation_continues_where_it_was(tmp_path):
    data = make_data(tmp_path)
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        for tid in RESIDENTS:
            await start_pay(bot, tid)  # everyone waits at the amount
        await bot.send(7001, "55")  # one is further: at the receipt
    repo.close()  # a clean stop: the checkpoint writes the conversations' partition
    assert (data / "bot" / "state.json").exists()
    assert not list(data.rglob("*.pickle"))

    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        at_receipt = await bot.press(7001, "pay:skip")
        assert "¥55.00" in at_receipt[-1].text  # the summary, with the amount typed before
        await bot.press(7001, "pay:ok")
        for n, tid in enumerate(t for t in RESIDENTS if t != 7001):
            calls = await bot.send(tid, f"{10 + n}")
            assert "收据" in calls[-1].text  # the next step, not "start again"
            await bot.press(tid, "pay:skip")
            await bot.press(tid, "pay:ok")
    assert bot.errors == []
    fees = {e.data["amount_fen"] for e in repo.entries(kind=Kind.FEE_INCOME)
            if e.data.get("source") == "resident"}
    assert fees == {5500, 1000, 1100, 1200}
    repo.close()


async def test_after_a_crash_every_conversation_goes_on_from_its_last_step(tmp_path):
    data = make_data(tmp_path)
    image = tmp_path / "after-crash"
    repo = Repository.open(data)
    bot = RobustHarness(repo, settings=settings_for(data))
    await bot.app.initialize()
    # 7001 finishes a fee report and gets its receipt; the others are mid-flow.
    await start_pay(bot, 7001)
    await bot.send(7001, "42")
    await bot.press(7001, "pay:skip")
    calls = await bot.press(7001, "pay:ok")
    receipt = int(RECEIPT.search(calls[-1].text).group(1))
    await start_pay(bot, 7002)
    await bot.send(7003, "/report")
    await bot.send(8001, "/opinion")
    # The process dies here: no shutdown, no checkpoint. What is on disk at this
    # moment is what the next process finds.
    shutil.copytree(data, image, ignore=shutil.ignore_patterns("*.lock"))
    await bot.app.shutdown()
    repo.close()

    repo = Repository.open(image)
    assert repo.entry(receipt).data["amount_fen"] == 4200  # acknowledged, so kept
    assert repo.entry(receipt).status == Status.PENDING
    async with RobustHarness(repo, settings=settings_for(image)) as bot:
        typed = await bot.send(7002, "88")  # the amount: the flow goes on
        again = await bot.press(7001, "pay:ok")  # the old summary: that report is done
        junk = await bot.send(7001, "在吗")
        await bot.press(7002, "pay:skip")
        await bot.press(7002, "pay:ok")
    assert "收据" in typed[-1].text  # asked for the receipt, the next step
    assert any("失效" in c.text for c in again)
    assert START_AGAIN in junk[-1].text
    assert bot.errors == []
    amounts = sorted(e.data["amount_fen"] for e in repo.entries(kind=Kind.FEE_INCOME)
                     if e.data.get("source") == "resident")
    assert amounts == [4200, 8800]  # each once
    check_invariants(repo)
    repo.close()


async def test_a_restart_without_the_conversation_file_asks_everyone_to_start_again(tmp_path):
    data = make_data(tmp_path)
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        await start_pay(bot, 7001)
    repo.close()
    # A folder without the conversations' state (from before it was kept): the
    # file gone, and the manifest not listing it (a deleted file it lists is damage,
    # refused: test_robust_corrupt).
    (data / "bot" / "state.json").unlink()
    reseal(data)
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        calls = await bot.send(7001, "100")
        again = await bot.send(7001, "/pay")
    assert START_AGAIN in calls[-1].text
    assert "哪项费用" in again[-1].text  # and starting again works
    repo.close()


async def test_a_flow_restored_after_a_restart_still_ends_when_left_idle(tmp_path):
    from bot.conversation import IdleConversation

    data = make_data(tmp_path)
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        await start_pay(bot, 7001)  # waits at the amount
    repo.close()

    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        [pay] = [h for hs in bot.app.handlers.values() for h in hs
                 if isinstance(h, IdleConversation) and h.name == "pay"]
        idle = bot.settings.conversation_timeout
        assert await pay.end_idle(bot.app, now=1000.0) == 0  # first found by a sweep
        assert await pay.end_idle(bot.app, now=1000.0 + idle - 1) == 0
        assert await pay.end_idle(bot.app, now=1000.0 + idle) == 1
        assert any("您有一阵子没有回复" in t for t in bot.texts_to(7001))  # told, in Chinese
        calls = await bot.send(7001, "55")  # no longer taken as the amount; the rest kept
        assert "您有一阵子没有回复，“缴费登记”已经停下了，这条消息没有填进去" in calls[-1].text
    assert bot.errors == []
    assert not [e for e in repo.entries(kind=Kind.FEE_INCOME) if e.data.get("source") == "resident"]
    repo.close()


async def test_a_flow_finished_before_a_restart_is_not_ended_again_after_it(tmp_path):
    from bot.conversation import IdleConversation

    data = make_data(tmp_path)
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        await start_pay(bot, 7001)
        await bot.app.update_persistence()  # as every few seconds: saved mid-flow
        await bot.send(7001, "55")
        await bot.press(7001, "pay:skip")
        await bot.press(7001, "pay:ok")  # done: the flow ended with its receipt
        await start_pay(bot, 7002)  # still waiting at the amount
    repo.close()

    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        [pay] = [h for hs in bot.app.handlers.values() for h in hs
                 if isinstance(h, IdleConversation) and h.name == "pay"]
        idle = bot.settings.conversation_timeout
        await pay.end_idle(bot.app, now=1000.0)
        assert await pay.end_idle(bot.app, now=1000.0 + idle) == 1  # only 7002's
        assert any("您有一阵子没有回复" in t for t in bot.texts_to(7002))
        assert not any("您有一阵子没有回复" in t for t in bot.texts_to(7001))  # finished: not told
    assert bot.errors == []
    repo.close()


async def test_a_report_restored_after_a_restart_keeps_its_words_when_it_ends_idle(tmp_path):
    """The bot restarted overnight while a resident was half-way through /report; its
    flow, restored, ended idle with 操作超时，没有保存, her description lost. Her report
    is kept, as when it ends idle without a restart, and taken up with 继续填写."""
    from bot.conversation import IdleConversation

    data = make_data(tmp_path)
    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send(7001, "3号楼门口的路灯坏了")  # waits at the photos
    repo.close()

    repo = Repository.open(data)
    async with RobustHarness(repo, settings=settings_for(data)) as bot:
        [report] = [h for hs in bot.app.handlers.values() for h in hs
                    if isinstance(h, IdleConversation) and h.name == "report"]
        idle = bot.settings.conversation_timeout
        await report.end_idle(bot.app, now=1000.0)
        assert await report.end_idle(bot.app, now=1000.0 + idle) == 1
        told = [c for c in bot.sent() if c.chat_id == 7001][-1]
        assert "您有一阵子没有回复，刚才填的先停下了" in told.text
        assert "先为您保留 24 小时" in told.text
        [go] = [d for t, d in told.buttons() if t == "继续填写"]
        calls = await bot.press(7001, go)
        said = "\n".join(c.text for c in calls)
        assert "路灯照明" in said and "3号楼门口的路灯坏了" in said
    assert bot.errors == []
    repo.close()
