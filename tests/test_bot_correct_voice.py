"""An elderly resident corrects her published report by voice (把门牌号去掉): /correct took
typed words only; her voice was kept apart and offered as a report or an opinion, and she
read 更正要打成文字…请家里人帮您打字. Now the voice is the correction: the volunteer who
approves it hears it and types the text as it should read (✍️), which the website shows
in place of hers, never the voice; she is told what it now reads."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from bot import said_voice
from db.entries import Kind, Status

HOME = "c1/1/1/101"
VOICE = b"OggS" + b"\4" * 300


def _texts(calls) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(c.text or "" for c in calls)


async def test_a_voice_correction_is_typed_by_the_volunteer_and_shown_in_place(repo):
    person = confirmed_resident(repo, 7001, HOME, 101)
    issue = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                     "text": "张三家门口路灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/correct")
        await bot.press(7001, f"cor:e:{issue.id}")
        told = await bot.send_voice(7001, VOICE, duration=11)
        said = _texts(told)
        assert "更正要打成文字" not in said and "用这条语音报事" not in said, said
        assert said_voice.kept_of(bot.app.user_data[7001]) is None
        assert "理由" in told[-1].text  # the next step: the reason
        shown = await bot.press(7001, "cor:skip")
        assert "志愿者听过以后" in shown[-1].text and "0:11" in shown[-1].text, _texts(shown)
        ok = next(d for _, d in shown[-1].buttons() if d.startswith("cor:ok"))
        await bot.press(7001, ok)
        [correction] = repo.entries(kind=Kind.CORRECTION)
        assert correction.data["voice_seconds"] == 11
        assert [c for c in bot.sent("sendVoice") if c.chat_id == 101]
        post = [c for c in bot.sent("sendMessage") if c.chat_id == 101][-1]
        assert f"q:v:{correction.id}" in [d for _, d in post.buttons()], post.text
        asked = await bot.press(101, f"q:v:{correction.id}")
        assert "应该显示的文字" in asked[-1].text, asked[-1].text
        before = len(bot.sent())
        await bot.send(101, "1单元门口路灯坏了")
        told = [c.text for c in bot.sent()[before:] if c.chat_id == 7001]
    correction = repo.entry(correction.id)
    assert correction.status == Status.APPROVED
    assert correction.data["text"] == "1单元门口路灯坏了"
    assert any("1单元门口路灯坏了" in (t or "") for t in told), told


async def test_a_voice_at_which_text_corrects_her_only_published_text(repo):
    """Spoken at 您要更正哪一条已公开的内容？ with one text to choose: it was kept apart
    (这一步不收语音), though it could only be that text's correction."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    issue = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                     "text": "张三家门口路灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/correct")
        told = await bot.send_voice(7001, VOICE, duration=7)
        assert "这一步不收语音" not in _texts(told), _texts(told)
        # not asked for the corrected text she has just said (请发送更正后的完整文字)
        assert "请发送更正后的完整文字" not in _texts(told), _texts(told)
        assert f"是对 #{issue.id} 的更正" in _texts(told), _texts(told)
        assert "理由" in told[-1].text
        shown = await bot.press(7001, "cor:skip")
        ok = next(d for _, d in shown[-1].buttons() if d.startswith("cor:ok"))
        await bot.press(7001, ok)
    [correction] = repo.entries(kind=Kind.CORRECTION)
    assert correction.data["corrects"] == issue.id and correction.data["voice_seconds"] == 7


async def test_a_voice_corrections_post_asks_for_the_corrected_text_not_a_summary(repo):
    """The volunteers' post of a correction said by voice read 写摘要并通过 (write a
    summary), though what she asks is a new text for her report, typed in full; so did
    the reply to /approve N."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    issue = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                     "text": "张三家门口路灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/correct")
        await bot.press(7001, f"cor:e:{issue.id}")
        await bot.send_voice(7001, VOICE, duration=11)
        shown = await bot.press(7001, "cor:skip")
        ok = next(d for _, d in shown[-1].buttons() if d.startswith("cor:ok"))
        await bot.press(7001, ok)
        [correction] = repo.entries(kind=Kind.CORRECTION)
        post = [c for c in bot.sent("sendMessage") if c.chat_id == 101][-1]
        labels = {d: label for label, d in post.buttons()}
        assert "打出更正后的文字" in labels[f"q:v:{correction.id}"], labels
        assert "摘要" not in labels[f"q:v:{correction.id}"], labels
        told = await bot.send(101, f"/approve {correction.id}")
        assert "摘要" not in _texts(told) and "打出更正后的文字" in _texts(told), _texts(told)
        assert f"q:v:{correction.id}" in [d for _, d in told[-1].buttons()]
    assert repo.entry(correction.id).status == Status.PENDING


async def test_a_voice_at_which_text_of_several_is_the_correction_of_the_one_chosen(repo):
    """Two texts published, she spoke at 您要更正哪一条已公开的内容？: the voice was kept
    apart (offered as a report or an opinion) and the question told her to send the text
    or a voice again; now it waits in the draft and corrects the text she presses."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    first = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                     "text": "张三家门口路灯坏了"})
    second = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": "李四家楼道漏水"})
    repo.approve(first.id, pid(repo, 101))
    repo.approve(second.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/correct")
        told = await bot.send_voice(7001, VOICE, duration=9)
        said = _texts(told)
        assert "用这条语音报事" not in said and "这一步不收语音" not in said, said
        assert said_voice.kept_of(bot.app.user_data[7001]) is None
        assert f"cor:e:{second.id}" in [d for _, d in told[-1].buttons()], told[-1].buttons()
        chosen = await bot.press(7001, f"cor:e:{second.id}")
        assert "理由" in chosen[-1].text, _texts(chosen)
        shown = await bot.press(7001, "cor:skip")
        ok = next(d for _, d in shown[-1].buttons() if d.startswith("cor:ok"))
        await bot.press(7001, ok)
    [correction] = repo.entries(kind=Kind.CORRECTION)
    assert correction.data["corrects"] == second.id and correction.data["voice_seconds"] == 9


async def test_a_voice_after_the_typed_correction_goes_with_it(repo):
    """She typed the corrected text, then said more at 为什么要更正: the voice was kept
    apart (这一步不收语音, offered as a report or an opinion) under 或者发一条语音说一说.
    Now it joins the correction, her words beside it for the volunteer."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    issue = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                     "text": "张三家门口路灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/correct")
        await bot.press(7001, f"cor:e:{issue.id}")
        await bot.send(7001, "1单元门口路灯坏了")
        told = await bot.send_voice(7001, VOICE, duration=6)
        said = _texts(told)
        assert "这一步不收语音" not in said and "用这条语音报事" not in said, said
        assert "已加到您的更正里" in said and "理由" in told[-1].text, said
        assert said_voice.kept_of(bot.app.user_data[7001]) is None
        shown = await bot.press(7001, "cor:skip")
        assert "（一条语音，0:06） 1单元门口路灯坏了" in shown[-1].text, shown[-1].text
        ok = next(d for _, d in shown[-1].buttons() if d.startswith("cor:ok"))
        await bot.press(7001, ok)
        [correction] = repo.entries(kind=Kind.CORRECTION)
        post = [c for c in bot.sent("sendMessage") if c.chat_id == 101][-1]
        assert "另附文字：1单元门口路灯坏了" in post.text, post.text
    assert correction.data["voice_seconds"] == 6
    assert correction.data["text"].endswith("1单元门口路灯坏了")
