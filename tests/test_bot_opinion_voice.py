"""An opinion spoken before it says which proposal it is about: 提意见, then a voice
message at 您的意见是关于正在表决的某项提议吗？ was 这条语音没有保存：这一步不收语音。
请点上面的按钮选择。, to be said again after a press. Now it is kept as the opinion,
the question comes again below, and the press shows it to submit."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"


def _proposal(repo):
    return repo.create_proposal(pid(repo, 101), "east", title="更换路灯", description="换 LED",
                                budget_fen=360000, matter="everyday", deadline="2025-12-31")


def _ok(calls) -> str:
    return next(d for c in reversed(calls) for _, d in c.buttons() if d.startswith("op:ok"))


async def test_a_voice_message_before_choosing_the_proposal_is_the_opinion(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    p = _proposal(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "提意见")
        calls = await bot.send_voice(7001, b"OggS" + b"\1" * 300, duration=14)
        assert calls[-1].text == ("收到您的语音（0:14），先为您留着。\n"
                                  "请先点下面的按钮选一下：它是关于哪项提议的，还是一般意见？")
        assert f"op:p:{p.id}" in [d for _, d in calls[-1].buttons()]
        shown = await bot.press(7001, f"op:p:{p.id}")
        assert "您的意见：（一条语音，0:14）" in shown[-1].text
        await bot.press(7001, _ok(shown))
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.data["voice"] and opinion.data["voice_seconds"] == 14
    assert opinion.data["proposal"] == p.id


async def test_words_and_a_voice_before_choosing_are_kept_together(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    _proposal(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "提意见")
        await bot.send(7001, "路灯太贵了")
        await bot.send_voice(7001, b"OggS" + b"\1" * 300, duration=9)
        shown = await bot.press(7001, "op:p:0")  # a general opinion
        assert "您的意见：（一条语音，0:09） 路灯太贵了" in shown[-1].text
        await bot.press(7001, _ok(shown))
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.data["voice"] and "proposal" not in opinion.data
    post = [t for t in bot.texts_to(101) if "待审核" in t][-1]
    assert "另附文字：路灯太贵了" in post


async def test_a_voice_message_before_choosing_in_english(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.set_language(pid(repo, 7001), "en")
    _proposal(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")
        calls = await bot.send_voice(7001, b"OggS" + b"\1" * 300, duration=14)
    assert calls[-1].text.startswith("Voice message received (0:14) and kept.\n")


async def test_a_sticker_before_choosing_the_proposal_gets_the_choice_below(repo):
    """A sticker (or a pin) at 您的意见是关于正在表决的某项提议吗？ read 请点上面的按钮
    选择。, the buttons a scroll away: now the question comes again below."""
    confirmed_resident(repo, 7001, HOME, 101)
    p = _proposal(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "提意见")
        calls = await bot.send_raw(7001, sticker={
            "file_id": "s1", "file_unique_id": "s1", "width": 512, "height": 512,
            "is_animated": False, "is_video": False, "type": "regular"})
        pin = await bot.send_raw(7001, location={"latitude": 37.1, "longitude": 111.8})
    assert calls[-1].text == "请点下面的按钮选择："
    assert f"op:p:{p.id}" in [d for _, d in calls[-1].buttons()]
    assert pin[-1].text == "您发的位置没有保存：这一步不收位置。\n请点下面的按钮选择："
    assert f"op:p:{p.id}" in [d for _, d in pin[-1].buttons()]


async def test_an_over_long_opinion_before_choosing_the_proposal_is_not_lost(repo):
    """2,400 characters typed at 您的意见是关于正在表决的某项提议吗？ got 请点下面的按钮
    选择 and were gone without a word (the same typed a step later were kept, with a
    button to keep their first 2,000). Now she is told, and after her choice the same
    button keeps them."""
    confirmed_resident(repo, 7001, HOME, 101)
    p = _proposal(repo)
    long = "路灯换成LED以后晚上亮多了，" * 160  # 2,400 characters
    async with BotHarness(repo) as bot:
        await bot.send(7001, "提意见")
        said = await bot.send(7001, long)
        assert "2400" in said[-1].text and "2000" in said[-1].text, said[-1].text
        assert f"op:p:{p.id}" in [d for _, d in said[-1].buttons()]
        asked = await bot.press(7001, f"op:p:{p.id}")
        assert "op:cut" in [d for _, d in asked[-1].buttons()], asked[-1].text
        shown = await bot.press(7001, "op:cut")
        await bot.press(7001, _ok(shown))
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.data["text"] == long[:2000] and opinion.data["proposal"] == p.id


async def test_an_opinion_shown_back_cut_short_says_so(repo):
    """Her 2,000-character opinion (保留前 2000 个字) was shown back at 提交 cut at 1,500
    characters without a mark, as if that were all she would send. Now the cut ends
    with "…"; what she sends is the whole of it."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    words = ("小区门口的垃圾桶太少了，每天都满出来。" * 110)[:2000]
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/opinion")
        await bot.press(5001, "op:p:0")
        shown = await bot.send(5001, words)
    [summary] = [c for c in shown if "您的意见：" in c.text]
    said = summary.text.split("您的意见：", 1)[1].split("\n", 1)[0]
    assert said.endswith("…") and len(said) <= 1500 and words.startswith(said[:-1])


async def test_a_second_voice_before_choosing_goes_with_the_first(repo):
    """She spoke twice before choosing: the second took the place of the first, which was
    lost without a word."""
    confirmed_resident(repo, 7001, HOME, 101)
    p = _proposal(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "提意见")
        await bot.send_voice(7001, b"OggS" + b"\1" * 300, duration=14)
        calls = await bot.send_voice(7001, b"OggS" + b"\2" * 300, duration=6)
        assert "加到这条意见里" in "\n".join(c.text for c in calls)
        assert f"op:p:{p.id}" in [d for _, d in calls[-1].buttons()]
        shown = await bot.press(7001, f"op:p:{p.id}")
        await bot.press(7001, _ok(shown))
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.data["voice_seconds"] == 20 and len(opinion.data["voice_more"]) == 1
