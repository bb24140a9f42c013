"""🙈 隐去名字 (bot.handlers.hide_names): a volunteer reviewing 李建国把垃圾堆在楼道 can keep
the name off the site before approving it (before, she could only approve and publish
the name, or reject it and have the elderly author type it all again), and hide a name
on a published entry with /hide. The bot asks for the words (naming the presser in a
group), shows the public text with them masked and ✅ / ❌; words not in the text are
said and asked again; the author is told once; /mydata shows her which words."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status
from db.hidden_names import hidden_of
from db.redact import NAME_MASK

TEXT = "李建国把垃圾堆在楼道，请联系王大明"
GROUP = -500  # east's volunteers' group


def _report(repo, text=TEXT):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    return repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                       {"category": "sanitation", "text": text})


async def test_the_pending_post_offers_hide_and_the_public_text_is_shown_masked(repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        listed = await bot.send(101, "/pending")
        assert ("🙈 隐去名字…", f"q:h:{entry.id}") in listed[-1].buttons()
        asked = await bot.press(101, f"q:h:{entry.id}")
        assert "哪些字不在网站上显示" in asked[-1].text
        wrong = await bot.send(101, "张三丰")  # not in the text: said, asked again
        assert "没有“张三丰”" in wrong[-1].text
        calls = await bot.send(101, "李建国")
        post = await bot.send(102, "/pending")  # another volunteer reads what is hidden
    assert f"网站上隐去“李建国”（以及电话、证件号和房号），显示为：{NAME_MASK}把垃圾" \
        in post[-1].text
    told = [c for c in calls if c.chat_id == 101 and c.method == "sendMessage"][-1]
    assert f"{NAME_MASK}把垃圾堆在楼道，请联系王大明" in told.text
    assert told.buttons() == [("✅ 通过", f"q:a:{entry.id}"), ("❌ 驳回", f"q:r:{entry.id}")]
    [to_author] = [c for c in calls if c.chat_id == 5001]
    assert "“李建国”" in to_author.text and "保护他人隐私" in to_author.text
    assert hidden_of(repo.entry(entry.id)) == ["李建国"]
    assert repo.entry(entry.id).status == Status.PENDING


async def test_in_the_volunteers_group_the_question_names_who_pressed_and_her_reply_hides(
        repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, "/linkgroup east", chat_id=GROUP)
        calls = await bot.press(102, f"q:h:{entry.id}", chat_id=GROUP, message_id=77,
                                text="待审核：李建国把垃圾堆在楼道")
        [ask] = [c for c in calls if c.method == "sendMessage" and c.chat_id == GROUP
                 and "force_reply" in str(c.params.get("reply_markup"))]
        [mention] = ask.params["entities"]
        assert ask.text.startswith("用户102：") and mention["user"]["id"] == 102
        said = await bot.send(102, "王大明", chat_id=GROUP)
    assert any(f"请联系{NAME_MASK}" in c.text for c in said if c.chat_id == GROUP)
    assert hidden_of(repo.entry(entry.id)) == ["王大明"]


async def test_a_published_report_has_its_name_hidden_with_hide_and_mydata_says_so(repo):
    entry = _report(repo)
    repo.approve(entry.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"/hide {entry.id} 王大明")
        again = await bot.send(101, f"/hide {entry.id} 王大明")  # said twice: told once
        mine = await bot.send(5001, "/mydata")
    told = [c for c in calls if c.chat_id == 101][-1].text
    assert "下次更新" in told and f"请联系{NAME_MASK}" in told
    assert len([c for c in calls if c.chat_id == 5001]) == 1
    assert not [c for c in again if c.chat_id == 5001]
    assert any("志愿者在网站上隐去了：“王大明”" in c.text for c in mine)


async def test_a_resident_or_another_areas_volunteer_cannot_hide_words(repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        await bot.send(5001, f"/hide {entry.id} 李建国")
        await bot.send(103, f"/hide {entry.id} 李建国")
        await bot.press(103, f"q:h:{entry.id}")
    assert hidden_of(repo.entry(entry.id)) == []


async def test_a_page_of_the_queue_has_hide_on_its_own_row_under_each_entry(repo):
    entry = _report(repo)
    other = repo.submit(pid(repo, 5001), Kind.OPINION, "east", {"text": "张秀英家门口堆了电动车"})
    async with BotHarness(repo) as bot:
        listed = await bot.send(101, "/pending")
    rows = [[b["callback_data"] for b in row]
            for row in listed[-1].params["reply_markup"]["inline_keyboard"]]
    assert rows[:4] == [[f"q:a:{entry.id}", f"q:r:{entry.id}"], [f"q:h:{entry.id}"],
                        [f"q:a:{other.id}", f"q:r:{other.id}"], [f"q:h:{other.id}"]]


async def test_minutes_waiting_show_their_topics_and_decisions_masked(repo):
    minutes = repo.record_meeting(pid(repo, 101), "east", meeting_kind="council",
                                  date="2024-12-30", place="活动室", roles=["网格员"],
                                  residents=3, topics="王大明家门口堆物",
                                  decisions="请王大明三天内清走")
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, f"/hide {minutes.id} 王大明")
    told = [c for c in calls if c.chat_id == 102][-1].text
    assert f"显示为：\n{NAME_MASK}家门口堆物\n请{NAME_MASK}三天内清走" in told
    [to_recorder] = [c for c in calls if c.chat_id == 101]  # her own words, in private
    assert "公开时" in to_recorder.text and "会议纪要" in to_recorder.text


async def test_words_kept_before_a_stop_are_told_to_the_author_when_handled_again(repo):
    # the words were kept, then the bot stopped before anything was sent: the update
    # handled again keeps nothing more, and tells her once what she was not told
    entry = _report(repo)
    repo.hide_words(entry.id, pid(repo, 101), ["李建国"])
    async with BotHarness(repo) as bot:
        first = await bot.send(101, f"/hide {entry.id} 李建国")
        second = await bot.send(102, f"/hide {entry.id} 李建国")
    [told] = [c for c in first if c.chat_id == 5001]
    assert "“李建国”" in told.text and "公开时" in told.text
    assert not [c for c in second if c.chat_id == 5001]


async def test_the_reply_with_approve_is_edited_when_another_volunteer_decides_it(repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        shown = await bot.send(101, f"/hide {entry.id} 李建国")
        [mine] = [c for c in shown if c.chat_id == 101 and c.buttons()]
        decided = await bot.send(102, f"/approve {entry.id}")
        edits = [c for c in bot.sent("editMessageText") if c.chat_id == 101]  # drained
    assert repo.entry(entry.id).status == Status.APPROVED and decided
    [edit] = [c for c in edits if c.params.get("message_id") == mine.message_id]
    assert "审核通过" in edit.text and not edit.buttons()


async def test_approving_another_entry_while_the_words_are_asked_ends_that_step(repo):
    # she pressed 🙈 on one, then went on with the list: what she typed later was
    # taken as the words to hide of the first
    entry = _report(repo)
    other = repo.submit(pid(repo, 5001), Kind.OPINION, "east", {"text": "楼道灯不亮"})
    async with BotHarness(repo) as bot:
        await bot.press(101, f"q:h:{entry.id}")
        pressed = await bot.press(101, f"q:a:{other.id}")
        later = await bot.send(101, "李建国")
    assert any(f"#{entry.id} 没有隐去任何词" in c.text for c in pressed)
    assert repo.entry(other.id).status == Status.APPROVED
    assert hidden_of(repo.entry(entry.id)) == []
    assert not any("网站上将隐去" in c.text for c in later)


async def test_rejecting_another_entry_while_the_words_are_asked_ends_that_step(repo):
    entry = _report(repo)
    other = repo.submit(pid(repo, 5001), Kind.OPINION, "east", {"text": "楼道灯不亮"})
    async with BotHarness(repo) as bot:
        await bot.press(101, f"q:h:{entry.id}")
        pressed = await bot.press(101, f"q:r:{other.id}")
        await bot.send(101, "重复的意见")  # its reason
        later = await bot.send(101, "李建国")  # the words step is over: not taken as words
    assert "为什么驳回" in pressed[-1].text  # a new flow ends the words' step (bot.flows)
    assert repo.entry(other.id).status == Status.REJECTED
    assert hidden_of(repo.entry(entry.id)) == []
    assert not any("网站上将隐去" in c.text or "没有“李建国”" in c.text for c in later)
