"""A registered resident speaks her complaint straight into the chat, outside any flow:
it was 您发的语音还没有交给志愿者，也没有保存…按提示再发一次 (lost; she had to say it
all again). Now it is kept, with buttons that send it as a report or an opinion, as a
typed complaint's are."""

from __future__ import annotations

import time
import types

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from bot import kept, said_voice
from db.entries import Kind

HOME = "c1/1/1/101"
VOICE = b"OggS" + b"\1" * 300


async def test_a_voice_message_outside_any_flow_is_kept_and_reported_with_a_press(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        told = await bot.send_voice(7001, VOICE, duration=23)
        assert "收到您的语音（0:23），先替您留着" in told[-1].text, told[-1].text
        assert "没有保存" not in told[-1].text
        labels = [label for label, _ in told[-1].buttons()]
        assert labels == ["📝 用这条语音报事", "💬 把这条语音作为意见提交"]
        asked = await bot.press_label(7001, "报事")
        assert "收到您的语音（0:23）。请先点下面的按钮，选一下是哪一类问题" in asked[-1].text
        await bot.press(7001, "rep:cat:lighting")  # on to the photos: it is the description
        await bot.press_label(7001, "没有照片")
        await bot.press(7001, "rep:pn")
        await bot.press_label(7001, "提交")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["voice"] and issue.data["voice_seconds"] == 23
    assert issue.data["category"] == "lighting"
    assert "said_voice" not in bot.app.user_data[7001]  # sent: no longer kept


async def test_a_voice_message_outside_any_flow_is_sent_as_an_opinion_with_a_press(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send_voice(7001, VOICE, duration=9)
        shown = await bot.press_label(7001, "意见")  # no vote open: shown to submit
        assert "您的意见：（一条语音，0:09）" in shown[-1].text
        await bot.press_label(7001, "提交")
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.data["voice"] and opinion.data["voice_seconds"] == 9


async def test_a_voice_opinion_asks_which_proposal_while_a_vote_is_open(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    p = repo.create_proposal(pid(repo, 101), "east", title="更换路灯", description="换 LED",
                             budget_fen=360000, matter="everyday", deadline="2099-12-31")
    async with BotHarness(repo) as bot:
        await bot.send_voice(7001, VOICE, duration=9)
        asked = await bot.press_label(7001, "意见")
        assert "收到您的语音（0:09），先为您留着" in asked[-1].text
        await bot.press(7001, f"op:p:{p.id}")
        await bot.press_label(7001, "提交")
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.data["voice"] and opinion.data["proposal"] == p.id


async def test_the_voice_buttons_pressed_twice_start_one_report(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send_voice(7001, VOICE, duration=5)
        await bot.press(7001, said_voice.REPORT)
        again = await bot.press(7001, said_voice.REPORT)
    assert all("哪一类问题" not in (c.text or "") for c in again)


async def test_a_voice_message_kept_a_day_unsent_is_deleted_and_she_is_told(repo, monkeypatch):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send_voice(7001, VOICE, duration=12)
        later = time.time() + said_voice.WINDOW + 60
        monkeypatch.setattr(time, "time", lambda: later)
        await kept.sweep_kept(types.SimpleNamespace(application=bot.app))
        told = bot.sent()[-1]
        assert "您发的语音（0:12）" in told.text and "已经删除" in told.text, told.text
        assert "said_voice" not in bot.app.user_data[7001]
        gone = await bot.press(7001, said_voice.REPORT)
        assert "这条语音已经没有留着" in "\n".join(c.text or "" for c in gone)


async def test_a_voice_message_kept_shows_in_mydata(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send_voice(7001, VOICE, duration=12)
        shown = await bot.send(7001, "/mydata")
    assert "您发的语音" in "\n".join(c.text or "" for c in shown)


async def test_report_this_tapped_twice_keeps_the_words_the_first_tap_took(repo):
    """📝 把这段话作为报事提交 double-tapped: the second tap started the report over, 是什么
    问题？ asked again and her words (taken by the first) gone from it."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "楼道里的灯坏了好几天了，晚上很黑")
        first = await bot.press_label(7001, "作为报事提交")
        again = await bot.press_label(7001, "作为报事提交")
        assert "照片" in first[-1].text
        assert [c.method for c in again] == ["answerCallbackQuery"]
        await bot.press(7001, "rep:photos")
        await bot.press(7001, "rep:pn")
        await bot.press_label(7001, "提交")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["text"] == "楼道里的灯坏了好几天了，晚上很黑"


async def test_a_second_voice_message_is_kept_with_the_first_and_both_are_reported(repo):
    """She spoke in two parts: the first was dropped without a word, and the buttons
    under it sent the second; then she was told it replaced the first, to say it all
    again in one message. A report takes several voices: both are kept and go with it."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send_voice(7001, VOICE, duration=25)
        second = await bot.send_voice(7001, VOICE + b"2", duration=8)
        assert "和前面的一起留着：共 2 条语音（0:33）" in second[-1].text, second[-1].text
        assert "替换" not in second[-1].text
        asked = await bot.press(7001, "rep:voice")
        assert "2 条语音" in asked[-1].text, asked[-1].text
        await bot.press(7001, "rep:cat:lighting")
        await bot.press_label(7001, "没有照片")
        await bot.press(7001, "rep:pn")
        await bot.press_label(7001, "提交")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["voice_seconds"] == 33 and issue.data["voice_more_seconds"] == [8]


async def test_a_voice_report_whose_kept_draft_expires_keeps_its_voice_to_send(repo,
                                                                               monkeypatch):
    """A report told by voice, left for /mine and kept a day: once discarded it said
    没有提交 and the voice was gone, while a typed report's words were kept to be sent."""
    from bot.settings import Settings

    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=False,
                        site_url="https://example.org/", conversation_timeout=600.0)
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo, settings=settings) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send_voice(7001, VOICE, duration=17)
        await bot.send(7001, "/mine")  # leaves the report: kept a day
        later = time.time() + kept.IDLE_KEPT + 100
        monkeypatch.setattr(kept, "time", types.SimpleNamespace(time=lambda: later))
        assert await kept.sweep_kept(types.SimpleNamespace(application=bot.app)) == 1
        told = bot.sent()[-1]
        assert "您的语音（0:17）再替您留一天" in told.text, told.text
        assert [d for _, d in told.buttons()] == ["rep:voice", "op:voice"]
        asked = await bot.press(7001, "rep:voice")
    assert "收到您的语音（0:17）" in asked[-1].text


async def test_a_voice_report_goes_on_after_the_publication_notice_is_agreed_to(repo):
    """She had withdrawn her consent: 📝 用这条语音报事 shows the notice first; its
    "I agree" goes on with the voice (rep:voice:agree), not a report started empty."""
    confirmed_resident(repo, 7001, HOME, 101)
    repo.withdraw_consent(pid(repo, 7001))
    async with BotHarness(repo) as bot:
        await bot.send_voice(7001, VOICE, duration=11)
        notice = await bot.press(7001, said_voice.REPORT)
        agree = [d for c in notice for _, d in c.buttons() if d.endswith(":agree")]
        assert agree == ["rep:voice:agree"], [c.buttons() for c in notice]
        asked = await bot.press(7001, agree[0])
    assert "收到您的语音（0:11）" in "\n".join(c.text or "" for c in asked)
