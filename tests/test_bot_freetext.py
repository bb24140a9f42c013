"""Text typed outside a flow: a common word leads to its action, anything else
gets the main menu with a friendly line (not "it was interrupted" when nothing
was going on), and text typed in the household picker gets a hint."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from bot.freetext import normalise


async def test_free_text_gets_the_menu_with_a_friendly_line(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(5001, "你好，在吗？")
    [answer] = calls
    assert "您好" in answer.text and "“帮助”" in answer.text
    assert "中断" not in answer.text and "/" not in answer.text
    assert answer.keyboard()[:3] == ["报事", "提意见", "投票"]


async def test_a_complaint_typed_into_the_chat_is_said_not_kept_and_sent_as_an_opinion(repo):
    """An elderly resident types her complaint straight into the chat (found in a trial
    of the real steward run): she was answered 'Hello! Please use the buttons', not told
    that nothing was kept. Now she is, and one button sends it as an opinion without
    typing it again; it is stored once, on Submit."""
    from db.entries import Kind

    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    complaint = "三单元门口的下水道又堵了，臭得很，请尽快派人来看看"
    async with BotHarness(repo) as bot:
        calls = await bot.send(5001, complaint)
        assert "先替您留着" in calls[-1].text and "您好" not in calls[-1].text
        assert [d.split("~")[0] for _, d in calls[-1].buttons()] == ["op:said", "rep:said"]
        assert repo.entries(kind=Kind.OPINION) == []
        calls = await bot.press(5001, "op:said")
        assert complaint in calls[-1].text and "提交" in calls[-1].buttons()[0][0]
        await bot.press(5001, "op:ok")
        calls = await bot.press(5001, "op:said")  # pressed again: nothing kept to send
        assert "意见" in calls[-1].text
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.data["text"] == complaint and opinion.author == pid(repo, 5001)


async def test_the_offer_under_typed_words_loses_its_buttons_once_one_is_pressed(repo):
    """💬 把这段话作为意见提交 pressed, the opinion sent: the offer above still said 还没有
    交给志愿者 with both buttons, and pressing one again started an empty flow."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        offer = (await bot.send(5001, "三单元门口的下水道又堵了"))[-1]
        calls = await bot.press_label(5001, "作为意见提交")
    assert [c for c in calls if c.method == "editMessageReplyMarkup"
            and c.params.get("message_id") == offer.message_id
            and not c.params.get("reply_markup")], [c.method for c in calls]
    assert "三单元门口的下水道又堵了" in calls[-1].text  # on to the opinion's summary


async def test_a_photo_or_voice_sent_outside_a_flow_is_said_not_kept_with_the_way_to_send_it(
        repo):
    """A resident sends a photo of the broken light, or a voice message, straight into
    the chat (found in a trial of the real steward run): she got 'Hello! Please use the
    buttons', not told that nothing was kept. Now she is, with the buttons of the flows
    that take a photo (报事) or a voice message (提意见). A photo is kept for the report
    started from it (test_bot_photo_kept), and said to be not sent yet; so is a voice
    message (test_bot_voice_outside_flow)."""
    from db.entries import Kind

    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        photo = await bot.send_photo(5001)
        voice = await bot.send_voice(5001)
    assert "还没有交给志愿者" in voice[-1].text and "您好" not in voice[-1].text
    assert [d for _, d in voice[-1].buttons()] == ["rep:voice", "op:voice"]
    assert "还没有交给志愿者" in photo[-1].text and "您好" not in photo[-1].text
    assert [d for _, d in photo[-1].buttons()] == ["rep:said", "go:pay:photo"]
    assert "照片" in photo[-1].text and "语音" in voice[-1].text
    assert repo.entries(kind=Kind.ISSUE) == [] and repo.entries(kind=Kind.OPINION) == []


async def test_agree_typed_alone_shows_the_open_votes_with_their_buttons(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="装门", description="",
                                    budget_fen=0, rule="simple_majority",
                                    deadline="2099-01-01")
    async with BotHarness(repo) as bot:
        calls = await bot.send(5001, "同意！")
    buttons = [data for c in calls for _, data in c.buttons()]
    assert f"vote:{proposal.id}:agree" in buttons
    assert repo.current_votes(proposal.id) == {}  # shown, not voted


async def test_pay_typed_alone_offers_a_button_that_starts_the_fee_flow(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        offered = await bot.send(5001, "交费")
        assert offered[-1].buttons() == [("💰 缴费登记", "go:pay")]
        started = await bot.press(5001, "go:pay")
    assert started[0].method == "answerCallbackQuery"
    assert "哪项费用" in started[-1].text


async def test_a_fee_paid_typed_in_a_sentence_offers_the_fee_button_first(repo):
    """交了卫生费120 typed into the chat (trial of steward run) offered an opinion or a
    report, and 我要交费 the menu line: the fee button comes first."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        sentence = await bot.send(5001, "我今天交了卫生费一百二")
        short = await bot.send(5001, "我要交费")
        other = await bot.send(5001, "楼道里的灯坏了好几天了")
        started = await bot.press(5001, sentence[-1].buttons()[0][1])
    assert [d.split("~")[0] for _, d in sentence[-1].buttons()] == ["go:pay", "op:said",
                                                                  "rep:said"]
    assert short[-1].buttons() == [("💰 缴费登记", "go:pay")]
    assert [d.split("~")[0] for _, d in other[-1].buttons()] == ["op:said", "rep:said"]
    assert "哪项费用" in started[-1].text


async def test_words_typed_in_traditional_characters_lead_to_their_action(repo):
    """幫助, 繳費, 帳目 typed on a phone set to traditional characters got the friendly
    menu line instead of their action (found in a trial of the real steward run)."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        helped = await bot.send(5001, "幫助")
        paying = await bot.send(5001, "繳費")
        accounts = await bot.send(5001, "帳目")
    assert any("更多操作" in c.text for c in helped)
    assert paying[-1].buttons() == [("💰 缴费登记", "go:pay")]
    assert "账目" in accounts[-1].text and "您好" not in accounts[-1].text
    assert normalise("反對！") == "反对" and normalise("確認") == "确认"


async def test_the_language_typed_in_words_shows_the_language_buttons_in_both_languages(repo):
    """A resident who pressed 🌐 中文 / English by mistake reads only English; typing 中文
    (or 語言) got 'Hello! Please use the buttons of the menu below...' in English, and
    someone typing English got it in Chinese (found walking the bot as an elderly
    resident): now both get the 中文 / English buttons, asked in both languages."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/language")
        await bot.press(5001, "lang:en")
        asked = [await bot.send(5001, typed) for typed in ("中文", "語言。", "English")]
        back = await bot.press(5001, "lang:zh")
        chinese = await bot.send(5001, "English")
    for calls in (*asked, chinese):
        assert "请选择语言" in calls[-1].text and "Choose your language" in calls[-1].text
        assert [d for _, d in calls[-1].buttons()] == ["lang:zh", "lang:en"]
    assert repo.person_by_telegram(5001)["language"] == "zh" and "中文" in back[-1].text


async def test_ask_typed_alone_offers_the_ask_button_that_starts_a_question(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        offered = await bot.send(5001, "提问")
        [(label, data)] = offered[-1].buttons()
        started = await bot.press(5001, data)
    assert "提问" in label and data == "ask:go"
    assert "问哪一项" in started[-1].text


async def test_a_persons_rights_typed_in_words_lead_to_them(repo):
    """删除我的信息 typed got the friendly menu line (found in the field trial of steward
    run): the words for one's data, deleting it and correcting lead to those actions."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        delete = await bot.send(5001, "删除我的信息")
        deleted_trad = await bot.send(5001, "刪除個人信息")
        mine = await bot.send(5001, "我的信息")
        correct = await bot.send(5001, "更正")
    for asked in (delete, deleted_trad):
        assert "fg:ok" in str(asked[-1].buttons()) and "这样会删除" in asked[-1].text
    assert [c.method for c in mine] == ["sendMessage"]
    assert "小区管家保存的关于您的信息" in mine[0].text
    assert correct[-1].buttons() == [("✏️ 更正我公开的内容", "go:correct")]
    assert repo.person_by_telegram(5001)["household"] == "c1/1/1/101"  # nothing deleted


async def test_help_typed_alone_is_the_help(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(5001, "help?")
    assert any("我的 — " in c.text for c in calls)


async def test_text_in_the_household_picker_gets_a_hint_not_a_restart(repo):
    async with BotHarness(repo) as bot:
        await bot.send(7100, "/start")
        # (东小区1号楼, typed here before, now shows that building's rooms:
        # test_bot_registration::test_a_compound_and_its_building_typed_show_...)
        calls = await bot.send(7100, "不会选")
    [hint] = calls
    assert "上面那条消息里的按钮" in hint.text and "/start" not in hint.text
    assert hint.buttons() == [("🏠 选择我的住址", "reg:new")]


async def test_a_newcomers_first_words_get_a_welcome_not_a_message_above(repo):
    """Her first message, before any /start, was told to press the buttons of "the message
    above": there was none. Now she is welcomed and given the button; once the picker
    was shown, words typed are pointed at it."""
    async with BotHarness(repo) as bot:
        [first, register] = await bot.send(7101, "你好")
        [again] = await bot.send(7101, "在吗")
        await bot.press(7101, "reg:new")
        [later] = await bot.send(7101, "不会选")
    assert first.text.startswith("您好！这里是小区管家") and "上面" not in first.text
    assert register.text.startswith("请先登记住址") and "上面" not in register.text
    assert register.buttons() == [("🏠 选择我的住址", "reg:new")]
    assert "上面那条消息里的按钮" in later.text
    # the main menu with the first welcome, once: she was later told to press 账目 "in
    # the menu below" with no menu on her screen (only /start showed it)
    assert "“账目”" in first.text and first.keyboard()[:3] == ["报事", "提意见", "投票"]
    assert again.text.startswith("您好！这里是小区管家") and not again.keyboard()
    assert again.buttons() == [("🏠 选择我的住址", "reg:new")]


async def test_a_draft_left_behind_is_reported_as_interrupted_once(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        bot.app.user_data[5001]["flow:pay"] = {"fee": "sanitation"}  # a flow lost its state
        first = await bot.send(5001, "120")
        second = await bot.send(5001, "120")
    assert "已中断" in first[-1].text
    assert "已中断" not in second[-1].text and "您好" in second[-1].text


@pytest.mark.parametrize("typed,word", [("同意", "同意"), (" 同 意。", "同意"), ("？？", "?"),
                                        ("HELP!", "help"), ("交费了吗", "交费了吗")])
def test_words_are_compared_without_spaces_punctuation_or_case(typed, word):
    assert normalise(typed) == word


def _volunteer_resident(repo, tid=5001):
    """A building head who lives in the area and has just been made a volunteer."""
    confirmed_resident(repo, tid, "c1/1/1/101", 101)
    repo.grant(pid(repo, 900), tid, "east", "楼长")


async def test_a_mistyped_command_names_the_command_meant(repo):
    _volunteer_resident(repo)
    async with BotHarness(repo) as bot:
        [typo] = await bot.send(5001, "/aprove 12")
        [resident_typo] = await bot.send(5002, "/pendng")
        [nothing] = await bot.send(5001, "/xyzzy")
        [glued] = await bot.send(5001, "/approve12")
    assert "没有 /aprove 这个命令" in typo.text and "/approve 12" in typo.text
    assert "什么也没有做" in typo.text and "“帮助”" in typo.text
    assert "/pending" not in resident_typo.text  # a resident is never offered staff commands
    assert "没有 /xyzzy 这个命令" in nothing.text and "您是想" not in nothing.text
    assert "您是想发送 /approve 12 吗" in glued.text


async def test_a_command_known_from_other_bots_names_ours_that_does_it(repo):
    """/privacy was answered 'did you mean /pay?' and /english 'did you mean /unpublish?'
    (closest by spelling; found walking the bot as an elderly resident): a name people
    know from other bots and apps now names our command that does it."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        said = {typed: (await bot.send(5001, typed))[-1].text
                for typed in ("/privacy", "/english", "/balance", "/menu", "/delete")}
    meant = {"/privacy": "/mydata", "/english": "/language", "/balance": "/accounts",
             "/menu": "/help", "/delete": "/forget"}
    for typed, command in meant.items():
        assert f"您是想发送 {command} 吗" in said[typed] and "什么也没有做" in said[typed]
    assert repo.person_by_telegram(5001)["household"] == "c1/1/1/101"  # nothing done


async def test_a_command_with_the_chinese_full_width_slash_is_shown_as_it_should_be_sent(repo):
    _volunteer_resident(repo)
    async with BotHarness(repo) as bot:
        [answer] = await bot.send(5001, "／approve １２")
    assert "“/”" in answer.text and "/approve 12" in answer.text
    assert "作为意见提交" not in answer.text and not answer.buttons()


async def test_a_volunteers_question_typed_into_the_chat_says_how_to_approve(repo):
    _volunteer_resident(repo)
    confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    async with BotHarness(repo) as bot:
        [short] = await bot.send(5001, "怎么审核？")
        [long] = await bot.send(5001, "每日提醒里的110号是什么意思，我该怎么办？")
        [neighbour] = await bot.send(5002, "怎么审核？")
    for answer in (short, long):
        assert "“✅ 通过”" in answer.text and "“待审核”列出所有等待审核的内容" in answer.text
    assert "通过" not in neighbour.text


async def test_a_volunteers_photo_without_a_caption_says_how_it_goes_with_a_report(repo):
    from db.entries import Kind

    _volunteer_resident(repo)
    confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    report = repo.submit(pid(repo, 5002), Kind.ISSUE, "east", {"category": "lighting",
                                                              "text": "路灯坏了"})
    repo.approve(report.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        volunteer = [c for c in await bot.send_photo(5001) if c.chat_id == 5001][-1]
        neighbour = (await bot.send_photo(5002))[-1]
    # kept for a report, as a resident's (walk88: it was "not kept, send it again")
    assert "照片先替您留着" in volunteer.text and f"“{report.id} 已修好”" in volunteer.text
    assert [d for _, d in volunteer.buttons()] == ["rep:said", "go:pay:photo"]
    assert "已修好" not in neighbour.text


async def test_a_volunteers_voice_message_or_location_outside_a_step_is_said_not_kept(repo):
    """A grid worker (no household here) who sent a voice message or a location pin got
    only 您好！请使用下方菜单 and could take it as received; now it is said not kept."""
    async with BotHarness(repo) as bot:
        [voice] = await bot.send_voice(103)
        [pin] = await bot.send_raw(103, location={"latitude": 37.1, "longitude": 111.8})
        [hello] = await bot.send(103, "你好")
    assert voice.text.startswith("您发的语音没有保存")
    assert "“待审核”列出所有等待审核的内容" in voice.text
    assert pin.text.startswith("您发的位置没有保存")
    assert "没有保存" not in hello.text and "/help" in hello.text


async def test_a_volunteer_typing_approve_in_words_gets_what_waits_with_its_buttons(repo):
    from db.entries import Kind

    _volunteer_resident(repo)
    confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    opinion = repo.submit(pid(repo, 5002), Kind.OPINION, "east", {"text": "楼道灯太暗"})
    async with BotHarness(repo) as bot:
        calls = await bot.send(5001, "通过")
        neighbour = await bot.send(5002, "审核")
    assert ("✅ 通过", f"q:a:{opinion.id}") in calls[-1].buttons()
    assert "楼道灯太暗" in calls[-1].text
    assert not any(b for c in neighbour for b in c.buttons())


@pytest.mark.parametrize("typed, data", [
    ("我要报事", "go:report"), ("我要提意见", "go:opinion"), ("我要交费", "go:pay"),
    ("我想提建议", "go:opinion"), ("请帮我报修一下", "go:report"), ("我要提问", "ask:go"),
    ("I want to report", "go:report"), ("怎么报事", "go:report"), ("how do I pay", "go:pay"),
    ("How can I report a problem?", "go:report"), ("how do I give an opinion", "go:opinion")])
async def test_i_want_to_and_an_actions_word_offers_its_button(repo, typed, data):
    """我要报事, 我要提意见 typed by an elderly resident got the menu's greeting (您好！
    请点下方菜单的按钮): the button of the flow she asked for comes first."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(5001, typed)
    assert [d for _, d in calls[-1].buttons()] == [data] and "您好" not in calls[-1].text


async def test_i_want_to_vote_shows_the_open_votes_and_greetings_stay_greetings(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="装门", description="",
                                    budget_fen=0, rule="simple_majority",
                                    deadline="2099-01-01")
    async with BotHarness(repo) as bot:
        calls = await bot.send(5001, "我想投票")
        assert f"vote:{proposal.id}:agree" in [d for c in calls for _, d in c.buttons()]
        for greeting in ("你好", "谢谢", "在吗", "我要"):
            calls = await bot.send(5001, greeting)
            # (谢谢: 不客气, test_bot_elderly_phone_walk)
            assert ("不客气" if greeting == "谢谢" else "您好") in calls[-1].text
            assert calls[-1].buttons() == []


async def test_the_first_words_after_a_restart_get_text_and_menu_in_the_same_language(repo):
    """A resident who chose English typed hello as the first thing after the bot was
    restarted: the greeting came in English under the Chinese menu (the menu's language
    was taken before her record was read). Both are English now, and the other way round."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/language")
        await bot.press(5001, "lang:en")
    async with BotHarness(repo) as bot:  # restarted over the same data
        english = await bot.send(5001, "hello")
        chinese = await bot.send(5002, "hello")
    assert "Hello" in english[-1].text and english[-1].keyboard()[:3] == \
        ["Report", "Opinion", "Vote"]
    assert "您好" in chinese[-1].text and chinese[-1].keyboard()[:3] == ["报事", "提意见", "投票"]


async def test_a_resident_writing_english_is_understood_as_one_writing_chinese(repo):
    """In English, "how do I pay" was offered as an opinion or a report, "where do I see
    the accounts" too, "I paid the fee" had no fee button and "the stair light is
    broken", sent as a report, was asked its category again (found trying the bot in
    English as a resident): now as 怎么交费, 怎么看账目, 交了卫生费 and 楼道灯坏了 are."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/language")
        await bot.press(5001, "lang:en")
        accounts = await bot.send(5001, "Where do I see the accounts?")
        paid = await bot.send(5001, "I paid the sanitation fee yesterday")
        light = await bot.send(5001, "the stair light is broken")
        started = await bot.press(5001, "rep:said")
    assert "op:said" not in [d for c in accounts for _, d in c.buttons()]
    assert "Not kept" not in accounts[-1].text and "not passed" not in accounts[-1].text
    assert [d for _, d in paid[-1].buttons()][0] == "go:pay"
    assert [d.split("~")[0] for _, d in light[-1].buttons()] == ["op:said", "rep:said"]
    assert "Category: Street lights" in "\n".join(c.text for c in started)
    assert "photo" in started[-1].text


async def test_a_file_or_location_sent_outside_a_flow_is_said_not_kept(repo):
    """A receipt sent as a PDF, a location pin: the menu's greeting answered them, as if
    nothing had been sent (found trying the bot as a resident). Now what was sent is named,
    said not kept, with the report and fee buttons; a sticker stays a greeting."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        pdf = await bot.send_document(5001, b"%PDF-1.4", mime_type="application/pdf",
                                      file_name="receipt.pdf")
        pin = await bot.send_raw(5001, location={"latitude": 37.14, "longitude": 111.78})
        sticker = await bot.send_raw(5001, sticker={
            "file_id": "s1", "file_unique_id": "us1", "width": 512, "height": 512,
            "is_animated": False, "is_video": False, "type": "regular"})
    assert "您发的文件" in pdf[-1].text and "没有保存" in pdf[-1].text
    assert "您发的位置" in pin[-1].text and "您好" not in pin[-1].text
    assert [d for _, d in pin[-1].buttons()] == ["go:report", "go:pay"]
    assert "您好" in sticker[-1].text


async def test_take_back_or_check_the_accounts_typed_in_words_lead_to_them(repo):
    """撤回 typed right after sending an opinion by mistake, 查账, 改票: the menu's
    greeting answered them (found trying the bot as a resident). 撤回 shows 我的, where
    each entry still waiting has its 撤回 button."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    opinion = repo.submit(pid(repo, 5001), "opinion", "east", {"text": "多装几个垃圾桶"})
    proposal = repo.create_proposal(pid(repo, 101), "east", title="装门", description="",
                                    budget_fen=0, rule="simple_majority",
                                    deadline="2099-01-01")
    async with BotHarness(repo) as bot:
        taken = [await bot.send(5001, typed) for typed in ("撤回", "我要撤回")]
        accounts = await bot.send(5001, "查账")
        vote = await bot.send(5001, "改票")
    for calls in taken:
        assert f"tb:ask:{opinion.id}" in [d for _, d in calls[-1].buttons()]
    assert "账目" in accounts[-1].text and "您好" not in accounts[-1].text
    assert f"vote:{proposal.id}:agree" in [d for c in vote for _, d in c.buttons()]


async def test_a_volunteers_queue_or_review_names_pending(repo):
    """A volunteer looking for the approval queue typed /queue and read only 没有 /queue
    这个命令 (found walking the bot as a volunteer); /queue, /review, /approvals, /todo now
    name /pending, to a volunteer only."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        said = {typed: (await bot.send(101, typed))[-1].text
                for typed in ("/queue", "/review", "/approvals", "/todo")}
        resident = (await bot.send(5001, "/queue"))[-1].text
    for typed, text in said.items():
        assert "您是想发送 /pending 吗" in text and "什么也没有做" in text, (typed, text)
    assert "/pending" not in resident


@pytest.mark.parametrize("wish", ["希望多种点树", "建议装个路灯"])
async def test_a_short_wish_typed_into_the_chat_is_offered_as_an_opinion(repo, wish):
    """希望多种点树 (six characters, a sentence in Chinese) got the greeting, as a word
    would: her opinion was not kept and nothing offered to send it (walk154)."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(5001, wish)
    assert "先替您留着" in calls[-1].text and "您好" not in calls[-1].text
    assert [d.split("~")[0] for _, d in calls[-1].buttons()] == ["op:said", "rep:said"]


async def test_a_report_button_under_words_no_longer_kept_says_so_and_starts_nothing(repo):
    """Four complaints typed one after another, each with 📝 under it: the oldest's 📝
    (its words no longer kept, only the last three are) started a report without them
    and asked 请描述问题, as if she had typed nothing (walk154). Now it says the words are
    not kept and to type them again, and starts nothing."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        offers = [(await bot.send(5001, words))[-1] for words in (
            "三单元门口的下水道又堵了", "二单元门口的路灯又坏了", "一单元楼道里的垃圾没人收",
            "四单元门口的井盖又破了")]
        oldest = next(d for _, d in offers[0].buttons() if d.startswith("rep:said"))
        pressed = await bot.press(5001, oldest, message_id=offers[0].message_id)
        newest = next(d for _, d in offers[3].buttons() if d.startswith("rep:said"))
        started = await bot.press(5001, newest, message_id=offers[3].message_id)
    said = [c.text for c in pressed if c.method == "sendMessage"]
    assert said and "那段话我已经没有留着了" in said[-1] and "请再发一次" in said[-1], said
    assert not any("请描述问题" in s or "请选择一类" in s for s in said)
    assert any(c.method == "editMessageReplyMarkup" for c in pressed)  # its buttons go
    assert not any("请描述问题" in c.text for c in started)  # the newest still has its words
