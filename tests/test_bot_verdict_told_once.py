"""An approval killed after its messages went, its press handled again at the next start
(its update not acknowledged: ``bot.handlers.queue_saved``): what follows it for others
than its author's own news went a second time, as nothing recorded it before it left.
Now each is recorded just before it leaves (``bot.notify.notify_author_once``) and sent
once: the note to a newly confirmed resident that someone else asked for her flat
(``CLAIMED``), the voice message she sent while she waited offered back to her, and the
note that the photos she sent while she waited were deleted meanwhile, and the note to
the author of a reversal that the right line replacing hers was approved."""

from __future__ import annotations

import shutil
import time
import types
from collections.abc import Callable
from typing import Any

from bot_harness import jpeg_bytes
from conftest import pid
from robust_support import RobustHarness, make_data, settings_for

import bot.state
from bot import kept
from db.entries import Kind, Status
from db.privacy import CONSENT_VERSION
from db.repository import Repository

EMPTY = "c1/1/1/201"  # nobody lives there


async def _approved_then_handled_again(tmp_path, monkeypatch,  # type: ignore[no-untyped-def]
                                       setup: Callable[[Repository], int], by: int,
                                       before: Callable[[RobustHarness], Any] | None = None
                                       ) -> tuple[list[Any], list[Any]]:
    """``by`` presses ✅ under entry ``setup`` returns (``before``: what the harness does
    first); the bot is killed once it is handled, before its done mark (the data copied
    then), and a second bot over the copy is given the press again. What each sent."""
    data = make_data(tmp_path)
    image = tmp_path / "image"
    repo = Repository.open(data)
    entry_id = setup(repo)
    real_done = bot.state._step_done

    def crash_before_done(repo_, update_id, *rest):  # type: ignore[no-untyped-def]
        if not image.exists() and update_id is not None and \
                repo_.entry(entry_id).status == Status.APPROVED:
            shutil.copytree(data, image, ignore=shutil.ignore_patterns("*.lock"))
        return real_done(repo_, update_id, *rest)

    monkeypatch.setattr(bot.state, "_step_done", crash_before_done)
    async with RobustHarness(repo, settings=settings_for(data)) as first:
        if before is not None:
            await before(first)
        sent = await first.press(by, f"q:a:{entry_id}")
        pressed = dict(first.last_update)
        assert first.errors == []
    repo.close()
    monkeypatch.setattr(bot.state, "_step_done", real_done)
    repo = Repository.open(image)
    try:
        async with RobustHarness(repo, settings=settings_for(image)) as second:
            second.last_update = pressed
            told = await second.redeliver()  # handled again at the start after the kill
            assert second.errors == []
        assert repo.entry(entry_id).status == Status.APPROVED
    finally:
        repo.close()
    return sent, told


def _to(calls: list[Any], chat: int, words: str) -> list[str]:
    return [c.text for c in calls if c.chat_id == chat and words in c.text]


async def test_she_is_told_once_that_someone_else_asked_for_her_flat(tmp_path, monkeypatch):
    def setup(repo: Repository) -> int:
        first = repo.register(repo.ensure_person(7101, name="甲")["id"], EMPTY,
                              consent=CONSENT_VERSION)
        repo.register(repo.ensure_person(7102, name="乙")["id"], EMPTY, consent=CONSENT_VERSION)
        return first.id

    sent, told = await _approved_then_handled_again(tmp_path, monkeypatch, setup, 101)
    claimed = "有人申请登记为您家（东小区 1号楼 1单元 201）的住户"
    assert len(_to(sent, 7101, claimed)) == 1
    assert _to(told, 7101, claimed) == []  # before: sent again


async def test_the_reversals_author_is_told_once_that_the_right_line_replaces_hers(
        tmp_path, monkeypatch):
    def setup(repo: Repository) -> int:
        spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
            "amount_fen": 180000, "payee": "五金店", "purpose": "更换路灯",
            "category": "lighting"})
        repo.approve(spent.id, pid(repo, 102))
        line = int(repo.entry(spent.id).data["ledger_seq"])
        repo.approve(repo.reverse("east", line, pid(repo, 101), "金额记错了").id,
                     pid(repo, 102))
        return repo.submit(pid(repo, 102), Kind.EXPENSE, "east", {
            "amount_fen": 108000, "payee": "五金店", "purpose": "更换路灯",
            "category": "lighting", "replaces": line}).id

    sent, told = await _approved_then_handled_again(tmp_path, monkeypatch, setup, 900)
    right = "正确的一笔已由另一位志愿者登记并审核通过"
    assert len(_to(sent, 101, right)) == 1
    assert _to(told, 101, right) == []  # before: sent again


async def test_the_voice_she_sent_while_waiting_is_offered_once(tmp_path, monkeypatch):
    newcomer = 7101

    def setup(repo: Repository) -> int:
        person = repo.ensure_person(newcomer, name="丙")
        return repo.register(person["id"], EMPTY, consent=CONSENT_VERSION).id

    async def spoke(harness: RobustHarness) -> None:
        await harness.send_voice(newcomer)  # kept till her household is confirmed

    sent, told = await _approved_then_handled_again(tmp_path, monkeypatch, setup, 101, spoke)
    offer = "住户确认之前，您发过一条语音"
    assert len(_to(sent, newcomer, offer)) == 1
    assert _to(told, newcomer, offer) == []  # before: offered again


async def test_she_is_told_once_that_the_photos_she_sent_while_waiting_were_deleted(
        tmp_path, monkeypatch):
    newcomer = 7101

    def setup(repo: Repository) -> int:
        person = repo.ensure_person(newcomer, name="丁")
        return repo.register(person["id"], EMPTY, consent=CONSENT_VERSION).id

    async def photos_kept_then_dropped(harness: RobustHarness) -> None:
        await harness.send_photo(newcomer, jpeg_bytes((40, 30)))  # kept a week
        later = time.time() + 7 * 24 * 3600 + 60
        monkeypatch.setattr(kept, "time", types.SimpleNamespace(time=lambda: later))
        await kept.sweep_kept(types.SimpleNamespace(application=harness.app))

    sent, told = await _approved_then_handled_again(tmp_path, monkeypatch, setup, 101,
                                                    photos_kept_then_dropped)
    gone = "张照片只替您留了 7 天，已经删掉了"
    assert len(_to(sent, newcomer, gone)) == 1
    assert _to(told, newcomer, gone) == []  # before: told again
