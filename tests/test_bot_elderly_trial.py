"""What three elderly residents met in their first two weeks with the real bot
(``steward run`` against the Bot API emulator, the demo street): each test is
one thing that went wrong for them, and what they get now."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

from db.entries import Kind

HOME = "c1/1/1/101"


async def _report_to_summary(bot, uid: int) -> None:
    await bot.send(uid, "/report")
    await bot.press(uid, "rep:cat:lighting")
    await bot.send(uid, "2号楼门口的路灯坏了一个多月了")
    await bot.press(uid, "rep:photos", message_id=7)


async def test_submit_pressed_twice_is_not_answered_that_nothing_was_done(repo):
    """A shaky double tap on 提交: the report was stored, then a second message said
    "这个按钮已失效……这次没有做任何事" under the receipt, and she thought her report
    was lost. The second press now only gets a note on the button, no message."""
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _report_to_summary(bot, 5001)
        await bot.press(5001, "rep:pn", message_id=8)
        first = await bot.press(5001, "rep:ok", message_id=9)
        again = await bot.press(5001, "rep:ok", message_id=9)
    assert any("已收到，报事编号" in c.text for c in first if c.chat_id == 5001)
    assert [c.method for c in again] == ["answerCallbackQuery"]
    assert again[0].params.get("text") == "已经收到了，不用再点。"
    assert len(repo.entries(kind=Kind.ISSUE)) == 1


async def test_a_step_button_pressed_twice_is_not_refused_with_a_message(repo):
    """没有照片，继续 pressed twice: the flow went on to the place, then "这个按钮已
    失效。" came under the question. Now the question stays the last message."""
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _report_to_summary(bot, 5001)
        again = await bot.press(5001, "rep:photos", message_id=7)
        assert [c.method for c in again] == ["answerCallbackQuery"]
        later = await bot.press(5001, "rep:photos", message_id=3)  # another, older message
    assert any("失效" in c.text for c in later)  # still refused, with a message


async def test_an_old_button_pressed_much_later_is_still_refused_with_a_message(repo, clock):
    import time as real_time

    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _report_to_summary(bot, 5001)
        await bot.press(5001, "rep:pn", message_id=8)
        await bot.press(5001, "rep:ok", message_id=9)
        bot.app.bot_data["presses"][5001][3] = real_time.time() - 3600
        again = await bot.press(5001, "rep:ok", message_id=9)
    assert any("失效" in c.text for c in again)


async def test_a_category_typed_instead_of_pressed_is_taken(repo):
    """At "是什么问题？请选择一类" she typed 路灯, then 卫生保洁 (a button's own words):
    each time "请点上面的按钮选择类别。", the buttons out of sight. Now the words of
    one category take it, and a sentence is her description too."""
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/report")
        calls = await bot.send(5001, "卫生保洁")
        assert "类别：卫生保洁" in calls[0].text and "请描述问题" in calls[-1].text
        await bot.press(5001, "rep:cancel")
        await bot.send(5001, "/report")
        calls = await bot.send(5001, "2号楼门口的路灯坏了")
        assert "类别：路灯照明" in calls[0].text and "照片" in calls[-1].text
        await bot.press(5001, "rep:photos")
        await bot.press(5001, "rep:pn")
        await bot.press(5001, "rep:ok")
        await bot.send(5001, "/report")
        unclear = await bot.send(5001, "你好")
    [issue] = repo.entries(kind=Kind.ISSUE)
    assert issue.data["category"] == "lighting" and issue.data["text"] == "2号楼门口的路灯坏了"
    # words of no category: the buttons again, right below
    assert "rep:cat:lighting" in [d for _, d in unclear[-1].buttons()]


def test_typed_categories():
    from bot.handlers.report_typed import typed_category

    assert typed_category("路灯") == ("lighting", True)
    assert typed_category("化粪池") == ("septic", True)
    assert typed_category("楼道里堆满了杂物") == ("sanitation", False)
    assert typed_category("下水道堵了") == ("septic", False)
    assert typed_category("你好") is None
    assert typed_category("路灯和垃圾") is None  # two: she chooses


def _data(calls, label_part: str) -> str:
    for text, data in [b for c in calls for b in c.buttons()]:
        if label_part in text:
            return data
    raise AssertionError(f"no button with {label_part!r}")


async def test_a_waiting_registration_for_the_wrong_room_is_withdrawn_and_chosen_again(repo):
    """She pressed 102 for 101 and agreed. Whatever she tried then (房号错了, her address
    typed, /start, 帮助's 🏠) was "正在等待志愿者确认": no way to correct it before a
    volunteer approved the wrong room. Every waiting message now has a button that
    withdraws it (the volunteers' posts say so) and shows the picker again."""
    from db.entries import Status

    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/start")
        calls = await bot.press(7001, _data(calls, "东小区"))
        calls = await bot.press(7001, _data(calls, "102"))
        calls = await bot.press(7001, _data(calls, "同意，这是我家"))
        [wrong] = repo.entries(kind=Kind.REGISTRATION)
        [thanks] = [c for c in calls if c.chat_id == 7001 and "谢谢" in c.text]
        assert f"regwd:{wrong.id}" in [d for _, d in thanks.buttons()]  # right away
        typed = await bot.send(7001, "房号错了 是101不是102")
        assert "等待" in typed[-1].text
        assert f"regwd:{wrong.id}" in [d for _, d in typed[-1].buttons()]
        again = await bot.send(7001, "/start")
        assert "等待" in again[-1].text
        asked = await bot.press(7001, _data(again, "撤回"))  # asks first
        assert repo.entry(wrong.id).status == Status.PENDING
        calls = await bot.press(7001, _data(asked, "确认撤回"))
        twice = await bot.press(7001, _data(asked, "确认撤回"))  # a double tap
        assert [c.method for c in twice] == ["answerCallbackQuery"]
        [told] = [c for c in calls if c.chat_id == 7001 and "已撤回" in c.text]
        assert "102" in told.text
        posts = [c for c in calls if c.chat_id in (101, 102)]
        assert posts and all("撤回" in c.text and not c.buttons() for c in posts)
        # (the volunteers' posts are edited in the background: not always last)
        assert [c for c in calls if c.chat_id == 7001 and "请选择小区" in c.text]
        calls = await bot.press(7001, _data(calls, "东小区"))
        calls = await bot.press(7001, _data(calls, "101"))
        await bot.press(7001, _data(calls, "同意，这是我家"))
        stale = await bot.press(7001, f"regwd:{wrong.id}")  # the old button: nothing
    regs = {e.data["household"]: e for e in repo.entries(kind=Kind.REGISTRATION)}
    assert regs["c1/1/1/102"].status == Status.REJECTED
    assert regs["c1/1/1/101"].status == Status.PENDING
    # said withdrawn, as it was: never that a volunteer decided it
    assert "已经撤回了" in stale[-1].text and "志愿者" not in stale[-1].text


async def test_withdrawing_a_waiting_registration_asks_first_and_no_keeps_it(repo):
    """One mis-tap on 住址选错了？撤回，重新选择 under "waiting" withdrew her registration
    at once. Now it asks (确定要撤回…吗？); 不撤回 keeps it waiting, the volunteers' posts
    untouched, and says so."""
    from db.entries import Status

    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/start")
        calls = await bot.press(7001, _data(calls, "东小区"))
        calls = await bot.press(7001, _data(calls, "101"))
        calls = await bot.press(7001, _data(calls, "同意，这是我家"))
        [reg] = repo.entries(kind=Kind.REGISTRATION)
        asked = await bot.press(7001, _data(calls, "撤回"))
        assert repo.entry(reg.id).status == Status.PENDING
        question = asked[-1]
        assert "确定要撤回住户登记" in question.text and "101" in question.text
        assert [label for label, _ in question.buttons()] == ["确认撤回", "不撤回"]
        kept = await bot.press(7001, _data(asked, "不撤回"))
        again = await bot.send(7001, "/start")
    assert repo.entry(reg.id).status == Status.PENDING
    told = [c for c in kept if c.chat_id == 7001 and c.text]
    assert told and "没有撤回" in told[-1].text and "仍在等待志愿者确认" in told[-1].text
    assert not told[-1].buttons()
    assert not [c for c in kept if c.chat_id in (101, 102)]  # the volunteers: nothing
    assert "等待" in again[-1].text


async def test_someone_elses_registration_cannot_be_withdrawn(repo):
    from db.entries import Status

    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/start")
        calls = await bot.press(7001, _data(calls, "东小区"))
        calls = await bot.press(7001, _data(calls, "102"))
        await bot.press(7001, _data(calls, "同意，这是我家"))
        [reg] = repo.entries(kind=Kind.REGISTRATION)
        asked = await bot.press(7002, f"regwd:{reg.id}")
        await bot.press(7002, f"regwd:{reg.id}:y")
    assert "确定要撤回" not in asked[-1].text
    assert repo.entry(reg.id).status == Status.PENDING


async def test_mine_says_what_a_volunteer_did_last_on_a_report(repo):
    """She checked 我的 to see what became of her report: "—— 处理中", and not a word of
    what the volunteer wrote (已经联系电工). Now the latest note is under it."""
    from conftest import pid

    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _report_to_summary(bot, 5001)
        await bot.press(5001, "rep:pn", message_id=8)
        await bot.press(5001, "rep:ok", message_id=9)
        [issue] = repo.entries(kind=Kind.ISSUE)
        before = await bot.send(5001, "我的")
        repo.approve(issue.id, pid(repo, 101))
        await bot.send(101, f"/progress {issue.id} 已经联系电工，这周五来换灯泡")
        first = await bot.send(5001, "我的")
        await bot.send(102, f"/progress {issue.id} 灯泡买好了")  # a further progress note
        second = await bot.send(5001, "我的")
    assert "最新进展" not in before[-1].text  # nothing done yet
    assert "最新进展" in first[-1].text and "已经联系电工，这周五来换灯泡" in first[-1].text
    assert "物管会主任甲" in first[-1].text and "甲志愿者" not in first[-1].text
    assert "灯泡买好了" in second[-1].text and "这周五" not in second[-1].text


async def test_mine_says_which_confirmed_household_is_hers_now(repo):
    """Registered for 102 by mistake, she asked to change to 101 and both were confirmed:
    我的 listed "102 —— 已确认" and "101 —— 已确认". The old one now says it was
    changed, and to which."""
    from conftest import pid

    confirmed_resident(repo, 5001, "c1/1/1/102", 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(5001, "/start")
        calls = await bot.press(5001, _data(calls, "变更"))
        calls = await bot.press(5001, _data(calls, "东小区"))
        calls = await bot.press(5001, _data(calls, "101"))
        await bot.press(5001, _data(calls, "同意，这是我家"))
        change = [e for e in repo.entries(kind=Kind.REGISTRATION)
                  if e.data["household"] == "c1/1/1/101"][0]
        repo.approve(change.id, pid(repo, 101))
        mine = await bot.send(5001, "我的")
    text = mine[-1].text
    [old] = [line for line in text.splitlines() if "102" in line]
    [new] = [line for line in text.splitlines() if "101" in line and "102" not in line]
    assert "后来已更换为 东小区 1号楼 1单元 101" in old
    assert new.endswith("已确认")


async def test_a_short_problem_typed_into_the_chat_is_offered_as_a_report(repo):
    """路灯坏了 typed straight into the chat got "您好！请点下方菜单的按钮", as if she had
    said hello; a complaint of 8 characters or more was said not to be kept. A problem
    named in fewer words now is too, with 报事 first."""
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        problem = await bot.send(5001, "路灯坏了")
        hello = await bot.send(5001, "你好")
        fee = await bot.send(5001, "我要交卫生费")
    assert "先替您留着" in problem[-1].text and "您好" not in problem[-1].text
    assert [d.split("~")[0] for _, d in problem[-1].buttons()] == ["rep:said", "op:said"]
    assert "您好" in hello[-1].text  # a greeting is still greeted
    assert [d for _, d in fee[-1].buttons()] == ["go:pay"]


async def test_a_short_problem_of_no_category_or_in_traditional_characters_is_offered_too(repo):
    """电梯坏了, 停电了, 没水了 (no category's word in them) and 路燈壞了 (a phone set to
    traditional characters) were answered "您好！请点下方菜单的按钮", nothing said of what
    became of them (found walking the bot as an elderly resident): they are said not to be
    kept too, 报事 first, and 路燈壞了 starts a report of 路灯照明 with her words."""
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        said = [await bot.send(5001, typed) for typed in ("电梯坏了", "停电了！", "没水了",
                                                          "路燈壞了")]
        thanks = await bot.send(5001, "谢谢")
        calls = await bot.press(5001, "rep:said")
    for calls_ in said:
        assert "先替您留着" in calls_[-1].text and "您好" not in calls_[-1].text
        assert [d.split("~")[0] for _, d in calls_[-1].buttons()] == ["rep:said", "op:said"]
    assert "不客气" in thanks[-1].text  # thanks are answered so (not a report)
    assert any("类别：路灯照明" in c.text for c in calls) and "照片" in calls[-1].text


async def test_a_very_long_text_is_said_too_long_not_greeted(repo):
    """A long letter (3,300 characters) pasted into the chat was answered "您好！请点下方
    菜单的按钮": nothing said of what became of it. Now she is told it was not sent yet,
    why, and the limit, with buttons that send its first 2,000 characters (kept for her:
    test_bot_long_letter)."""
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(5001, "我们楼道里堆了很多杂物" * 300)
    assert "3300" in calls[-1].text and "2000" in calls[-1].text
    assert "还没有交给志愿者" in calls[-1].text
    assert [d for _, d in calls[-1].buttons()] == ["rep:said", "op:said"]
    assert repo.entries(kind=Kind.OPINION) == []


async def test_a_compound_name_typed_in_the_picker_shows_its_buildings(repo):
    """Asked 您住在哪里？请选择小区, she typed 怡馨苑: "请点上面那条消息里的按钮". The
    name of a compound typed alone now goes on as its button does."""
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/start")
        calls = await bot.send(7001, "西小区")
        other = await bot.send(7001, "西")  # one character: no compound, the rooms again
    assert [t for t, _ in calls[-1].buttons()][:2] == ["101", "102"]
    assert "西小区" in calls[-1].text
    assert other[0].text == "请点下面的按钮接着选择："
    assert [t for t, _ in other[-1].buttons()][:2] == ["101", "102"]


async def test_a_child_asking_at_the_consent_question_is_told_family_may_register(repo):
    """A daughter registering her mother's home asked "我不住这里，是替我妈妈登记的，可以
    吗？" and was told volunteers check "您确实住在这里": not whether she may. The short
    answer now says a relative may, and what follows."""
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/start")
        calls = await bot.press(7001, _data(calls, "东小区"))
        await bot.press(7001, _data(calls, "102"))
        calls = await bot.send(7001, "我不住这里，是替我妈妈登记的，可以吗？")
    assert "替家里老人或亲属登记也可以" in calls[-1].text
    assert "同意，这是我家" in calls[-1].buttons()[0][0]


def test_the_residents_guide_names_the_buttons_as_the_bot_labels_them():
    """The guide said "选错了？在确认前点“重新选择”即可": after 同意 there was no such
    button, and a daughter registering for her mother found no word on it. The guide
    now names the button the bot shows, and says a relative may register."""
    from pathlib import Path

    from bot.i18n import tr

    guide = (Path(__file__).resolve().parent.parent / "content" / "guides" /
             "residents.md").read_text(encoding="utf-8")
    for label in ("Wrong household? Withdraw it and choose again",
                  "Request a change of household", "Start over", "⬅️ Back"):
        assert tr("zh", label) in guide, label
    assert "替家里老人登记" in guide
    assert "查看全部命令" not in guide  # 帮助 shows buttons, not commands


async def test_a_problem_typed_into_the_chat_becomes_a_report_without_typing_it_again(repo):
    """路灯坏了 typed into the chat: the 📝 button under "没有保存" started a report from
    nothing, and she had to choose 路灯照明 and type it all again. Now it starts with her
    words as the description and their category; words of no category are asked it."""
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "2号楼门口的路灯坏了")
        calls = await bot.press(5001, "rep:said")
        assert any("类别：路灯照明" in c.text for c in calls) and "照片" in calls[-1].text
        await bot.press(5001, "rep:photos")
        await bot.press(5001, "rep:pn")
        await bot.press(5001, "rep:ok")
        await bot.send(5001, "我家楼上每天半夜都在敲东西")  # no category in it
        calls = await bot.press(5001, "rep:said")
        assert "rep:cat:dispute" in [d for _, d in calls[-1].buttons()]
        calls = await bot.press(5001, "rep:cat:dispute")
        assert "照片" in calls[-1].text  # not asked to describe it again
        await bot.press(5001, "rep:photos")
        await bot.press(5001, "rep:pn")
        await bot.press(5001, "rep:ok")
    texts = {e.data["category"]: e.data["text"] for e in repo.entries(kind=Kind.ISSUE)}
    assert texts == {"lighting": "2号楼门口的路灯坏了", "dispute": "我家楼上每天半夜都在敲东西"}


async def test_a_problem_word_typed_before_registering_says_to_register_first(repo):
    """报修 typed before registering got a 📝 button ("请点下面的按钮开始，或使用下方
    菜单", and no menu yet); pressing it only then said to register first."""
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "报修")
    assert "请先登记住址" in calls[-1].text
    assert [d for _, d in calls[-1].buttons()] == ["reg:new"]


async def test_mine_reads_in_chinese_punctuation(repo):
    """我的 read "路灯照明: 2号楼…" and "…（第 3 笔）; 卫生费…": English punctuation in
    Chinese lines."""
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _report_to_summary(bot, 5001)
        await bot.press(5001, "rep:pn", message_id=8)
        await bot.press(5001, "rep:ok", message_id=9)
        mine = await bot.send(5001, "我的")
    assert "路灯照明：2号楼门口" in mine[-1].text and ": " not in mine[-1].text


async def test_a_change_of_household_reaches_the_volunteers_as_a_change(repo):
    """Her request to change from 102 to 101 reached the volunteers as any new
    registration ("住户：…101"), nothing saying she was registered for 102 already."""
    confirmed_resident(repo, 5001, "c1/1/1/102", 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(5001, "/start")
        calls = await bot.press(5001, _data(calls, "变更"))
        calls = await bot.press(5001, _data(calls, "东小区"))
        calls = await bot.press(5001, _data(calls, "101"))
        calls = await bot.press(5001, _data(calls, "同意，这是我家"))
    posts = [c for c in calls if c.chat_id == 102 and "住户登记" in c.text]
    assert posts and "申请变更：现在登记的住户是 东小区 1号楼 1单元 102" in posts[-1].text


async def test_a_voice_description_is_acknowledged(repo):
    """She described the broken light by voice; the next message asked for photos and
    said nothing of her voice message: had it arrived? Now she is told at once."""
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/report")
        await bot.press(5001, "rep:cat:lighting")
        calls = await bot.send_voice(5001, duration=15)
    assert any("收到您的语音（0:15）" in c.text for c in calls)
    assert "照片" in calls[-1].text


async def test_a_resolution_carries_the_not_fixed_button(repo):
    """"已解决…如果问题没有解决，请点菜单的“我的”告诉我们": she had to find 我的, then
    the button in it. The button is now under the news, and it reopens the report."""
    from conftest import pid

    from db.entries import Status

    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _report_to_summary(bot, 5001)
        await bot.press(5001, "rep:pn", message_id=8)
        await bot.press(5001, "rep:ok", message_id=9)
        [issue] = repo.entries(kind=Kind.ISSUE)
        repo.approve(issue.id, pid(repo, 101))
        calls = await bot.send(101, f"/resolve {issue.id} 已换了新灯泡")
        [news] = [c for c in calls if c.chat_id == 5001]
        assert "已解决" in news.text and "请点下面的按钮" in news.text
        assert [d for _, d in news.buttons()] == [f"mine:reopen:{issue.id}"]
        await bot.press(5001, f"mine:reopen:{issue.id}", message_id=news.message_id or 1)
        await bot.press(5001, f"mine:reopen_yes:{issue.id}")  # she confirms
    assert repo.entry(issue.id).status == Status.REOPENED


async def test_words_typed_at_a_summary_get_it_again_with_its_buttons(repo):
    """At "您的意见：… [提交] [取消]" she typed 提交, then 好的，提交: "请点上面的“提交”或
    “取消”。" twice, the buttons out of sight. The summary now comes again right below,
    with its buttons, and its Submit stores it once."""
    from db.entries import Status

    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "提意见")
        await bot.send(5001, "建议在小区门口装一个路灯")
        calls = await bot.send(5001, "提交")
        assert "下面" in calls[0].text
        assert "建议在小区门口装一个路灯" in calls[-1].text
        [submit] = [d for _, d in calls[-1].buttons() if d.startswith("op:ok")]
        await bot.press(5001, submit)
        await _report_to_summary(bot, 5001)
        await bot.press(5001, "rep:pn", message_id=8)
        calls = await bot.send(5001, "好的")
        assert "请核对您的报事" in calls[-1].text
        assert any(d.startswith("rep:ok") for _, d in calls[-1].buttons())
        sticker = await bot.send_raw(5001, sticker={
            "file_id": "s", "file_unique_id": "us", "type": "regular", "width": 1,
            "height": 1, "is_animated": False, "is_video": False})
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.status == Status.PENDING
    assert "请点上面" in sticker[-1].text  # a sticker: only the prompt, as before


async def test_my_identity_says_which_home_and_a_waiting_registration(repo):
    """👤 我的身份 under 帮助 said "Telegram 编号：… 东小区：居民", not which home; while
    her registration waited it said "还没有身份，请发送 /start 登记", as if she had sent
    nothing."""
    confirmed_resident(repo, 5001, "c1/1/1/102", 101)
    async with BotHarness(repo) as bot:
        mine = await bot.press(5001, "go:whoami")
        calls = await bot.send(7001, "/start")
        calls = await bot.press(7001, _data(calls, "东小区"))
        calls = await bot.press(7001, _data(calls, "101"))
        await bot.press(7001, _data(calls, "同意，这是我家"))
        waiting = await bot.press(7001, "go:whoami")
    assert "住户：东小区 1号楼 1单元 102" in mine[-1].text
    assert "等待志愿者确认" in waiting[-1].text and "/start" not in waiting[-1].text


async def test_a_button_that_starts_a_report_pressed_twice_asks_once(repo):
    """📝 报事 under her voice message tapped twice: 是什么问题？ came twice, the
    second press starting the report over. Now the second only gets a note on the
    button, and the question of the first stays the one to answer (the voice kept,
    bot.said_voice: the category goes on to the photos)."""
    confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send_voice(5001)
        first = await bot.press_label(5001, "报事")
        again = await bot.press_label(5001, "报事")
        assert "哪一类问题" in first[-1].text
        assert [c.method for c in again] == ["answerCallbackQuery"]
        assert again[0].params.get("text") == "已经收到了，不用再点。"
        calls = await bot.press(5001, "rep:cat:lighting")
    assert "照片" in calls[-1].text


async def test_withdraw_typed_while_her_registration_waits_offers_its_button(repo):
    """撤回 typed while her registration waited led to 我的: #N 住户登记 —— 待审核, and no
    button to take it back. Now 我的 has the waiting message's button, which asks first."""
    from db.entries import Status

    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/start")
        calls = await bot.press(7001, _data(calls, "东小区"))
        calls = await bot.press(7001, _data(calls, "102"))
        await bot.press(7001, _data(calls, "同意，这是我家"))
        [reg] = repo.entries(kind=Kind.REGISTRATION)
        mine = await bot.send(7001, "撤回")
        asked = await bot.press(7001, f"regwd:{reg.id}")
    assert f"#{reg.id}" in mine[-1].text
    assert ("住址选错了？撤回，重新选择", f"regwd:{reg.id}") in mine[-1].buttons()
    assert "确定要撤回住户登记" in asked[-1].text
    assert repo.entry(reg.id).status == Status.PENDING
