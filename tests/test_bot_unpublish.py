"""/unpublish (撤回公开同意) through the real Application: a resident withdraws
their agreement to publication and stays registered (PIPL art. 15); before it the
only way to take a report off the site was to delete everything (/forget)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status
from db.privacy import has_consent

HOME = "c1/1/1/101"
NEVER = "网站绝不会显示：您的姓名、Telegram 账号、电话号码、房号"


async def test_unpublish_withholds_what_was_published_withdraws_what_waits_and_asks_again(repo):
    person = confirmed_resident(repo, 7001, HOME, 101)
    report = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": "门口路灯坏了"})
    repo.approve(report.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")
        await bot.send(7001, "希望公开保洁员工资")
        posted = await bot.press(7001, "op:ok")
        post = next(c for c in posted if c.chat_id == 101 and c.buttons())
        asked = await bot.send(7001, "撤回公开同意")  # said as a resident says it
        question = asked[-1].text
        assert "您公开过的 1 条内容" in question and "等待审核的 1 条内容会撤回" in question
        assert "住户登记保留" in question
        # what came off the site is not taken off the wall, nor off the volunteers' phones
        # (/forget said so; /unpublish did not)
        assert ("已经张贴的纸质公示不会收回，志愿者已经在 Telegram 里收到的消息也会留在"
                "他们的聊天里") in question, question
        assert [d for _, d in asked[-1].buttons()] == ["up:ok", "up:cancel"]
        kept = await bot.press(7001, "up:cancel")
        assert "没有做任何改动" in kept[-1].text and has_consent(repo.person(person))
        await bot.send(7001, "/unpublish")  # after her no, only a new question's Yes acts
        done = await bot.press(7001, "up:ok")
        again = await bot.send(7001, "/report")
    told = [c for c in done if c.chat_id == 7001][-1].text
    assert "1 条内容会在网站下次更新时撤下" in told and "住户登记仍然有效" in told
    assert repo.entry(report.id).data.get("withheld")
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.status == Status.REJECTED and opinion.data["text"] == "希望公开保洁员工资"
    gone = repo.person(person)
    assert gone["household"] == HOME and gone["telegram_id"] == 7001
    assert not has_consent(gone)
    edits = [c for c in done if c.method == "editMessageText" and c.chat_id == 101]
    assert edits and edits[0].params["message_id"] == post.message_id
    assert "不再同意公开" in edits[0].text and not edits[0].buttons()
    assert NEVER in again[-1].text  # the notice again, before anything is sent


async def test_unpublish_with_nothing_agreed_or_published_says_so(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(7009, "/unpublish")
        forged = await bot.press(7009, "up:ok")
    assert "没有同意过公开" in calls[-1].text and not calls[-1].buttons()
    assert forged[-1].text and "已完成" not in forged[-1].text


async def test_unpublish_with_nothing_published_says_nothing_is_on_the_site(repo):
    # A resident who agreed at registration and has sent nothing: no "0 texts" in the
    # question or the answer, but that nothing of theirs is on the site, and what
    # withdrawing still does (their next report asks them again).
    person = confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        asked = await bot.send(7001, "/unpublish")
        done = await bot.press(7001, "up:ok")
        again = await bot.send(7001, "/report")
    question = asked[-1].text
    assert "网站上现在没有您发的任何内容" in question and "会先请您重新同意" in question
    assert "住户登记保留" in question and "确定撤回公开同意吗" in question
    assert " 0 条" not in question and "等待审核" not in question
    assert "纸质公示" not in question  # nothing of hers was published
    assert [d for _, d in asked[-1].buttons()] == ["up:ok", "up:cancel"]
    told = [c for c in done if c.chat_id == 7001][-1].text
    assert "网站上没有您发的内容" in told and "住户登记仍然有效" in told
    assert " 0 条" not in told and "等待审核" not in told
    assert not has_consent(repo.person(person))
    assert NEVER in again[-1].text  # asked again before anything is sent


async def test_unpublish_in_english_with_only_a_waiting_opinion(repo):
    person = confirmed_resident(repo, 7001, HOME, 101)
    repo.set_language(person, "en")
    repo.submit(person, Kind.OPINION, "east", {"text": "Please publish the cleaners' pay"})
    async with BotHarness(repo) as bot:
        asked = await bot.send(7001, "/unpublish")
        done = await bot.press(7001, "up:ok")
    question = asked[-1].text
    assert "Nothing you sent is on the public website now" in question
    assert "Your 1 submission(s) waiting for review are withdrawn" in question
    assert "0 text" not in question and question.endswith("Stop publishing what you sent?")
    told = [c for c in done if c.chat_id == 7001][-1].text
    assert "Nothing of yours was on the website." in told
    assert "1 waiting submission(s) were withdrawn." in told and "0 text" not in told
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.status == Status.REJECTED


async def test_mine_says_a_report_withheld_after_unpublish_is_no_longer_on_the_site(repo):
    """After 撤回公开同意 我的 listed her report as 已受理 and nothing more, as if the site
    still showed it; now it says its words and photos are no longer on the website."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    report = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": "门口路灯坏了"})
    repo.approve(report.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        before = await bot.send(7001, "/mine")
        await bot.send(7001, "/unpublish")
        await bot.press(7001, "up:ok")
        after = await bot.send(7001, "/mine")
    assert "不再在网站上公开" not in before[-1].text
    line = after[-1].text.split(f"#{report.id} ", 1)[1]
    assert "您已撤回公开同意：这条的文字和照片不再在网站上公开。" in line


async def test_yes_pressed_again_after_the_withdrawal_says_it_is_withdrawn_already(repo):
    """确定，不再公开 pressed twice (on a phone before its buttons went): the second press
    said 抱歉，操作未成功：there is no consent to publication to withdraw, English, and as
    if her withdrawal had failed."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    report = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": "门口路灯坏了"})
    repo.approve(report.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/unpublish")
        done = await bot.press(7001, "up:ok")
        again = await bot.press(7001, "up:ok")
    # hers, not the admins' 🔒 note of it that follows (de67f0d)
    assert "已完成" in [c for c in done if c.chat_id == 7001][-1].text
    said = [c for c in again if c.chat_id == 7001][-1].text
    assert said == "您对公开的同意已经撤回了，您发送的内容也都没有公开：这次没有做任何改动。"
    assert "未成功" not in said and "consent" not in said
    assert not has_consent(repo.person(person)) and repo.entry(report.id).data.get("withheld")
