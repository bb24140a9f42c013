"""An elderly resident asks about a ledger line by voice (她不会打字): /ask's question
step took typed words only, a voice there was kept apart and offered as a report or an
opinion, and her question never reached anyone who could answer it. Now a voice message
is her question: the volunteers hear it with the question's post and approve it with a
few words of it written down (✍️ 写摘要并通过), which the website shows; never the voice."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status

HOME = "c1/1/1/101"
VOICE = b"OggS" + b"\3" * 300


def _line(repo):
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 25000, "payee": "保洁公司", "purpose": "院内保洁", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))


def _texts(calls) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(c.text or "" for c in calls)


async def test_a_voice_question_is_asked_heard_and_published_as_its_summary(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    _line(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/ask 1")
        told = await bot.send_voice(7001, VOICE, duration=12)
        said = _texts(told)
        assert "用这条语音报事" not in said, said
        assert "语音" in told[-1].text and "0:12" in told[-1].text, said
        assert "志愿者听过以后" in told[-1].text, said
        ok = next(d for c in reversed(told) for _, d in c.buttons() if d.startswith("ask:ok"))
        await bot.press(7001, ok)
        [question] = repo.entries(kind=Kind.QUESTION)
        assert question.data["voice_seconds"] == 12
        heard = [c for c in bot.sent("sendVoice") if c.chat_id == 101]
        assert heard, "the volunteer hears the question"
        post = [c for c in bot.sent("sendMessage") if c.chat_id == 101][-1]
        assert any(d == f"q:v:{question.id}" for _, d in post.buttons()), post.buttons()
        await bot.send(101, f"/summary {question.id} 这笔保洁费为什么每月都一样？")
    question = repo.entry(question.id)
    assert question.status == Status.APPROVED
    assert "这笔保洁费为什么每月都一样" in question.data["text"]


async def test_a_voice_sent_before_the_line_is_kept_as_the_question(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    _line(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/ask")
        told = await bot.send_voice(7001, VOICE, duration=8)
        assert "留作您的问题" in _texts(told), _texts(told)
        shown = await bot.send(7001, "1")
        ok = next(d for c in reversed(shown) for _, d in c.buttons() if d.startswith("ask:ok"))
        await bot.press(7001, ok)
    [question] = repo.entries(kind=Kind.QUESTION)
    assert question.data["voice_seconds"] == 8 and question.data["ref"] == 1


async def test_a_voice_after_typing_ask_is_offered_as_the_question(repo):
    """提问 typed, answered with its button; she spoke her question instead of pressing it:
    the voice was offered only as a report or an opinion, her question never asked."""
    confirmed_resident(repo, 7001, HOME, 101)
    _line(repo)
    async with BotHarness(repo) as bot:
        typed = await bot.send(7001, "提问")
        # 提问 is not in the menu: not "或使用下方菜单", and saying it aloud is offered
        assert "菜单" not in typed[-1].text and "语音" in typed[-1].text, typed[-1].text
        told = await bot.send_voice(7001, VOICE, duration=9)
        assert "问题" in told[-1].text, told[-1].text
        assert told[-1].buttons()[0] == ("❓ 用这条语音提问", "ask:voice"), told[-1].buttons()
        asked = await bot.press(7001, "ask:voice")
        assert "已留作您的问题" in _texts(asked), _texts(asked)
        shown = await bot.send(7001, "1")
        ok = next(d for c in reversed(shown) for _, d in c.buttons() if d.startswith("ask:ok"))
        await bot.press(7001, ok)
    [question] = repo.entries(kind=Kind.QUESTION)
    assert question.data["voice_seconds"] == 9 and question.data["ref"] == 1


async def test_a_voice_sent_alone_without_typing_ask_is_offered_as_before(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        told = await bot.send_voice(7001, VOICE, duration=9)
    assert [d for _, d in told[-1].buttons()] == ["rep:voice", "op:voice"]


async def test_a_question_said_in_two_voices_keeps_both(repo):
    """She spoke her question, then remembered more: the second voice replaced the first
    (a question keeps one voice message), her first words lost."""
    confirmed_resident(repo, 7001, HOME, 101)
    _line(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/ask 1")
        await bot.send_voice(7001, VOICE, duration=12)
        told = await bot.send_voice(7001, VOICE + b"2", duration=5)
        assert "已加到您的问题里：现在共 2 条语音（0:17）" in _texts(told), _texts(told)
        assert "2 条语音" in told[-1].text, told[-1].text
        ok = next(d for c in reversed(told) for _, d in c.buttons() if d.startswith("ask:ok"))
        await bot.press(7001, ok)
    [question] = repo.entries(kind=Kind.QUESTION)
    assert question.data["voice_seconds"] == 17 and question.data["voice_more_seconds"] == [5]
    assert len([c for c in bot.sent("sendVoice") if c.chat_id == 101]) == 2


async def test_two_voices_after_typing_ask_are_both_the_question(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    _line(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "提问")
        await bot.send_voice(7001, VOICE, duration=9)
        await bot.send_voice(7001, VOICE + b"2", duration=4)
        await bot.press(7001, "ask:voice")
        shown = await bot.send(7001, "1")
        assert "2 条语音" in shown[-1].text, shown[-1].text
        ok = next(d for c in reversed(shown) for _, d in c.buttons() if d.startswith("ask:ok"))
        await bot.press(7001, ok)
    [question] = repo.entries(kind=Kind.QUESTION)
    assert question.data["voice_seconds"] == 13 and question.data["voice_more_seconds"] == [4]
