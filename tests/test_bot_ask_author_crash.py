"""A volunteer's question to a waiting entry's author, or the author's answer, kept
just before the bot stopped (the write done, the messages not sent): the update handled
again at the next start sends what should have followed, once (bot.handlers.ask_author
finish_question / finish_answer), instead of "already saved, start again from the
menu", which left the author without the question or the volunteers without her answer."""

from __future__ import annotations

import shutil

from robust_support import RobustHarness, make_data, settings_for

import bot.state
from db.author_questions import asked_of
from db.entries import Kind, Status
from db.repository import Repository

QUESTION = "哪个单元的楼道？"


def _issue(repo):
    [issue] = repo.entries(kind=Kind.ISSUE, status=Status.PENDING)  # 7001's report
    return issue


async def _crash_at(tmp_path, monkeypatch, kept, steps):
    """Runs ``steps`` on the bot over a seeded street; returns the data folder as a kill
    finds it right after the step whose write makes ``kept(repo)`` true, and that
    step's update."""
    data = make_data(tmp_path)
    image = tmp_path / "image"
    repo = Repository.open(data)
    issue = _issue(repo)
    real_done = bot.state._step_done
    caught: dict = {}

    def crash_before_done(repo_, update_id, *args):
        if not image.exists() and update_id is not None and kept(repo_.entry(issue.id)):
            shutil.copytree(data, image, ignore=shutil.ignore_patterns("*.lock"))
            caught["update"] = dict(first.last_update)
        return real_done(repo_, update_id, *args)

    monkeypatch.setattr(bot.state, "_step_done", crash_before_done)
    async with RobustHarness(repo, settings=settings_for(data)) as first:
        await steps(first, issue)
    repo.close()
    monkeypatch.setattr(bot.state, "_step_done", real_done)
    return image, issue, caught["update"]


async def _ask(bot, issue):
    await bot.send(101, f"/reject {issue.id}")
    await bot.send(101, QUESTION)
    await bot.press(101, "rjq:ask")


async def test_a_question_kept_before_a_crash_reaches_the_author_at_the_start(
        tmp_path, monkeypatch):
    async def kept_not_sent(bot, issue):  # the author's chat refuses nothing yet: the
        bot.request.blocked.add(7001)  # question does not reach her before the crash
        await _ask(bot, issue)

    image, issue, update = await _crash_at(tmp_path, monkeypatch, asked_of, kept_not_sent)
    repo = Repository.open(image)
    async with RobustHarness(repo, settings=settings_for(image)) as second:
        second.last_update = update
        told = await second.redeliver()
        assert second.errors == []
    to_author = [c for c in told if c.chat_id == 7001]
    assert len(to_author) == 1 and QUESTION in to_author[0].text
    assert to_author[0].buttons() == [("✍️ 回答", f"aq:{issue.id}:1")]
    assert any("仍在等待审核" in c.text for c in told if c.chat_id == 101)
    assert len(asked_of(repo.entry(issue.id))) == 1  # once
    repo.close()


async def test_a_question_that_reached_the_author_before_a_crash_is_not_sent_again(
        tmp_path, monkeypatch):
    """The question went (she has it), the bot died before its step was marked done:
    recorded as sent just before it left (``notify_author_once``), it is not sent again
    at the start (before, she was asked twice); the volunteer is told it went."""
    image, issue, update = await _crash_at(tmp_path, monkeypatch, asked_of, _ask)
    repo = Repository.open(image)
    async with RobustHarness(repo, settings=settings_for(image)) as second:
        second.last_update = update
        told = await second.redeliver()
        assert second.errors == []
    assert not [c for c in told if c.chat_id == 7001], told
    assert any("仍在等待审核" in c.text for c in told if c.chat_id == 101)
    assert len(asked_of(repo.entry(issue.id))) == 1  # once
    repo.close()


async def test_an_answer_kept_before_a_crash_reaches_the_volunteers_at_the_start(
        tmp_path, monkeypatch):
    async def steps(bot, issue):
        await _ask(bot, issue)
        await bot.press(7001, f"aq:{issue.id}:1")
        await bot.send(7001, "3单元")

    image, issue, update = await _crash_at(
        tmp_path, monkeypatch, lambda e: any("answer" in q for q in asked_of(e)), steps)
    repo = Repository.open(image)
    async with RobustHarness(repo, settings=settings_for(image)) as second:
        second.last_update = update
        told = await second.redeliver()
        again = await second.send(7001, "谢谢")  # her next words are not an answer
        assert second.errors == []
    for volunteer in (101, 102):
        [sent] = [c for c in told if c.chat_id == volunteer]
        assert QUESTION in sent.text and "3单元" in sent.text
    assert "已发给志愿者" in [c for c in told if c.chat_id == 7001][-1].text
    assert not any(c.chat_id in (101, 102) for c in again)
    assert [q["answer"] for q in asked_of(repo.entry(issue.id))] == ["3单元"]
    repo.close()
