"""A resident speaks into the chat at a step of a flow that takes no voice message (the
fee's type, the amount): it was answered 这条语音没有保存：这一步不收
语音 and her words were lost, while the same voice sent outside any flow is kept a day
and offered as a report or an opinion (``bot.said_voice``). Now it is kept the same way,
she is told so with the two buttons that send it, and the step is asked again."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

from bot import said_voice
from db.entries import Kind

HOME = "c1/1/1/101"
VOICE = b"OggS" + b"\1" * 300


def _texts(calls) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(c.text or "" for c in calls)


async def test_a_voice_sent_while_choosing_the_fee_is_kept_and_offered(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        told = await bot.send_voice(7001, VOICE, duration=14)
        said = _texts(told)
        assert "没有保存" not in said, said
        assert "0:14" in said and "留着" in said, said
        offered = [label for c in told for label, _ in c.buttons()]
        assert "📝 用这条语音报事" in offered and "💬 把这条语音作为意见提交" in offered
        assert said_voice.kept_of(bot.app.user_data[7001]) is not None
        # the step asked again, last, its buttons with it
        assert "选择费用" in told[-1].text
        assert any(data.startswith("pay:fee:") for _, data in told[-1].buttons())


async def test_a_voice_kept_at_a_fee_step_is_reported_after_the_flow(repo):
    """(At a report's later steps a voice goes with the report: test_bot_report_second_voice.)"""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        await bot.send_voice(7001, VOICE, duration=21)  # at the fee's type
        assert said_voice.kept_of(bot.app.user_data[7001]) is not None
        await bot.send(7001, "取消")
        await bot.press(7001, said_voice.REPORT)  # the kept voice, sent as a report
        await bot.press(7001, "rep:cat:sanitation")
        await bot.press_label(7001, "没有照片")
        await bot.press(7001, "rep:pn")
        await bot.press_label(7001, "提交")
    spoken = [e for e in repo.entries(kind=Kind.ISSUE) if e.data.get("voice")]
    assert len(spoken) == 1 and spoken[0].data["voice_seconds"] == 21


async def test_a_second_voice_at_a_step_is_kept_with_the_first(repo):
    """Two voice messages at the fee's step: the first kept was dropped without a word,
    then with 它替换了先前留着的那条语音; now both are kept."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        await bot.send_voice(7001, VOICE, duration=25)
        told = await bot.send_voice(7001, VOICE + b"2", duration=8)
    assert "它和前面的语音一起留着：共 2 条（0:33）" in _texts(told), _texts(told)
    assert said_voice.count_of(bot.app.user_data[7001]) == (2, 33)


async def test_a_voice_report_taken_up_again_says_the_words_typed_after_its_voice(repo):
    """A report told by voice, words typed at the photos step (added to its description),
    left for 我的 and taken up: 已填写 said only 一条语音留言, her words left out."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send_voice(7001, VOICE, duration=9)
        await bot.send(7001, "在三楼")
        left = await bot.send(7001, "我的")
        go = next(d for c in left for label, d in c.buttons() if label == "继续填写")
        taken = await bot.press(7001, go)
    assert "（一条语音，0:09）" in _texts(taken) and "“在三楼”" in _texts(taken), _texts(taken)
