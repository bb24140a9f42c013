"""Consent, what each confirm step says becomes public, /mydata, /forget and
/correct, through the real Application."""

from __future__ import annotations

import json

from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident, pid

from db.entries import Kind, Status
from db.privacy import CONSENT_VERSION, has_consent

HOME = "c1/1/1/101"
NEVER = "网站绝不会显示：您的姓名、Telegram 账号、电话号码、房号"


def _data(calls, part):
    for call in reversed(calls):
        for text, data in call.buttons():
            if part in text:
                return data
    raise AssertionError(f"no button {part!r}")


async def test_registration_says_what_is_published_and_registers_only_on_agreement(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/start")
        calls = await bot.press(7001, _data(calls, "东小区"))
        calls = await bot.press(7001, _data(calls, "101"))
        notice = calls[-1].text
        assert NEVER in notice and "几号楼几单元" in notice and "/forget" in notice
        assert [t for t, _ in calls[-1].buttons()][:2] == ["同意，这是我家，请登记", "不同意"]
        declined = await bot.press(7001, _data(calls, "不同意"))
        assert "不会公开" in declined[-1].text
        assert repo.entries(kind=Kind.REGISTRATION) == []
        assert not has_consent(repo.person_by_telegram(7001))
        await bot.press(7001, _data(calls, "同意，这是我家"))
    [reg] = repo.entries(kind=Kind.REGISTRATION)
    person = repo.person_by_telegram(7001)
    assert reg.author == person["id"] and has_consent(person)
    [consent] = person["consents"]
    assert consent["version"] == CONSENT_VERSION and consent["language"] == "zh"


async def test_i_do_not_agree_pressed_by_mistake_has_a_button_back_to_the_question(repo):
    """An elderly resident pressed 不同意 by mistake (trial of steward run) and was told
    to send /start: the reply names a button that shows the same question again."""
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/start")
        calls = await bot.press(7001, _data(calls, "东小区"))
        calls = await bot.press(7001, _data(calls, "102"))
        declined = await bot.press(7001, _data(calls, "不同意"))
        assert "不会公开" in declined[-1].text and "/start" not in declined[-1].text
        assert "按错" in declined[-1].text
        back = await bot.press(7001, _data(declined, "上一步"))
        assert "东小区 1号楼 1单元 102" in back[-1].text and "同意吗" in back[-1].text
        assert repo.entries(kind=Kind.REGISTRATION) == []
        forged = await bot.press(7001, "reg:nh:0:0:0:99")
        assert "失效" in forged[-1].text
        await bot.press(7001, _data(back, "同意，这是我家"))
    [reg] = repo.entries(kind=Kind.REGISTRATION)
    person = repo.person_by_telegram(7001)
    assert reg.author == person["id"] and has_consent(person)
    [consent] = person["consents"]
    assert consent["version"] == CONSENT_VERSION and consent["language"] == "zh"


async def test_declining_publication_still_registers_the_household_to_vote(repo):
    """PIPL art. 16: voting for one's home needs nothing published, so 不同意 to the
    publication notice no longer stops her registering (she could not vote at all).
    Registered so, she votes; what she sends to be published asks for the consent."""
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/start")
        calls = await bot.press(7001, _data(calls, "东小区"))
        calls = await bot.press(7001, _data(calls, "102"))
        declined = await bot.press(7001, _data(calls, "不同意"))
        assert "不同意也可以登记这一户" in declined[-1].text
        registered = await bot.press(7001, _data(declined, "登记，但不公开我的内容"))
        [reg] = repo.entries(kind=Kind.REGISTRATION)
        assert f"#{reg.id}" in registered[-1].text and reg.data["household"] == "c1/1/1/102"
        assert not has_consent(repo.person_by_telegram(7001))
        repo.approve(reg.id, pid(repo, 101))
        proposal = repo.create_proposal(pid(repo, 101), "east", title="更换路灯",
                                        description="换成 LED", budget_fen=0,
                                        matter="everyday", deadline="2025-12-31")
        voted = await bot.press(7001, f"vote:{proposal.id}:agree")
        assert "已记录" in voted[-1].text
        asked = await bot.send(7001, "/report")
        assert NEVER in asked[-1].text  # a report is published: the notice first
    assert repo.current_votes(proposal.id) == {"c1/1/1/102": "agree"}
    assert not has_consent(repo.person_by_telegram(7001))


def registered_before_the_notice(repo, person_id):
    """A resident of a data folder from before the publication notice: bound to a
    household, with no consent on record."""
    record = {**repo.person(person_id), "consents": []}
    repo.core.commit(lambda tx: tx.put("people", "people", person_id, record))
    assert not has_consent(repo.person(person_id))


async def test_a_resident_without_a_recorded_consent_is_asked_before_submitting(repo):
    person = pid(repo, 7001)
    repo.approve(repo.register(person, HOME, consent=CONSENT_VERSION).id, pid(repo, 101))
    registered_before_the_notice(repo, person)
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/report")
        assert NEVER in calls[-1].text
        assert [d for _, d in calls[-1].buttons()] == ["go:report:agree", "reg:no"]
        calls = await bot.send(7001, "/pay")
        assert NEVER in calls[-1].text  # still asked: no flow started
        calls = await bot.press(7001, "reg:agree")  # a notice's button from before resume
        assert "再点一次菜单按钮" in calls[-1].text
        assert has_consent(repo.person(person))
        calls = await bot.send(7001, "/report")
        assert any(d.startswith("rep:cat:") for _, d in calls[-1].buttons())


async def test_the_notice_shown_again_to_a_registered_resident_does_not_speak_of_registering(
        repo):
    """A resident who withdrew her agreement (or registered before the notice) pressed
    报事: the notice began 登记之前 and its 不同意 said 那就先不登记了 … 改变主意时请发送
    /start, registered as she is. Now it begins 发送之前, and 不同意 says nothing was sent
    and her household stays registered."""
    person = pid(repo, 7001)
    repo.approve(repo.register(person, HOME, consent=CONSENT_VERSION).id, pid(repo, 101))
    registered_before_the_notice(repo, person)
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "报事")
        assert calls[-1].text.startswith("发送之前") and "登记" not in calls[-1].text[:12]
        assert NEVER in calls[-1].text
        declined = await bot.press(7001, "reg:no")
    said = declined[-1].text
    assert "什么也没有发送" in said and "住户登记不变" in said
    assert "先不登记" not in said and "/start" not in said
    assert repo.person(person)["household"] == HOME and not has_consent(repo.person(person))


async def test_i_do_not_agree_pressed_after_i_agree_says_the_agreement_stands(repo):
    """同意 then 不同意 of the same notice (a double tap, before its buttons went): 不同意
    replaced 谢谢，已记录您的同意 with 这次什么也没有发送 … 以后要报事…选“同意”就行,
    while her agreement was recorded and the report she agreed for went on."""
    person = pid(repo, 7001)
    repo.approve(repo.register(person, HOME, consent=CONSENT_VERSION).id, pid(repo, 101))
    registered_before_the_notice(repo, person)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "报事")
        await bot.press(7001, "go:report:agree", message_id=5)
        late = await bot.press(7001, "reg:no", message_id=5)
    assert has_consent(repo.person(person))
    assert not any(c.method == "editMessageText" for c in late)  # 谢谢，已记录 stays
    said = late[-1].text
    assert said == "您已经点过“同意”，已记录，这次没有做任何改动。要撤回同意，请在“帮助”里点" \
        "“撤回公开同意”，或发送 /unpublish。"


async def test_i_agree_goes_on_with_the_flow_that_asked_for_the_consent(repo):
    """An elderly resident tapped 报事, agreed to the notice it showed, and was told
    "请再点一次菜单按钮继续": the button she tapped was lost. Now the flow goes on (报事:
    its categories, whose buttons work), and so does "send this as an opinion" under
    words she typed, with those words."""
    person = pid(repo, 7001)
    repo.approve(repo.register(person, HOME, consent=CONSENT_VERSION).id, pid(repo, 101))
    registered_before_the_notice(repo, person)
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "报事")  # the menu's button
        assert NEVER in calls[-1].text
        calls = await bot.press(7001, _data(calls, "同意"))
        assert has_consent(repo.person(person))
        said = " ".join(c.text for c in calls)
        assert "谢谢，已记录您的同意" in said and "再点一次" not in said
        calls = await bot.press(7001, _data(calls, "路灯"))
        assert "请描述问题" in calls[-1].text
        await bot.send(7001, "/cancel")
        registered_before_the_notice(repo, person)
        calls = await bot.send(7001, "楼道里的灯坏了好几天了没人修")
        calls = await bot.press(7001, _data(calls, "作为意见"))
        assert NEVER in calls[-1].text
        calls = await bot.press(7001, _data(calls, "同意"))
        assert has_consent(repo.person(person))
        assert "楼道里的灯坏了好几天了没人修" in calls[-1].text
        calls = await bot.press(7001, _data(calls, "提交"))
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.data["text"] == "楼道里的灯坏了好几天了没人修"


async def test_every_step_that_publishes_says_so_on_its_confirm_message(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/report")
        await bot.press(7001, "rep:cat:lighting")
        await bot.send(7001, "路灯坏了")
        await bot.press(7001, "rep:photos")
        summary = await bot.press(7001, "rep:pn")
        assert "rep:ok" in [d.split("~")[0] for _, d in summary[-1].buttons()]
        assert "公开网站上公布" in summary[-1].text and "不显示您的姓名和房号" in summary[-1].text
        await bot.send(7001, "/cancel")
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:sanitation")
        await bot.press(7001, "pay:per:2025")
        asked = await bot.send(7001, "120")
        assert "只有志愿者能看到" in asked[-1].text
        summary = await bot.send_photo(7001, jpeg_bytes())
        assert "pay:ok" in [d.split("~")[0] for _, d in summary[-1].buttons()]
        assert "公开账目会显示收费项目" in summary[-1].text and "收据已核验" in summary[-1].text
        await bot.send(7001, "/cancel")
        await bot.send(7001, "/opinion")
        confirm = await bot.send(7001, "建议多装路灯")
        assert "op:ok" in [d.split("~")[0] for _, d in confirm[-1].buttons()]
        assert "公开网站上公布" in confirm[-1].text


async def test_mydata_offers_everything_kept_as_a_json_file_to_that_person_only(repo):
    person = repo.ensure_person(7001, name="王秘密", username="wang_secret")["id"]
    repo.approve(repo.register(person, HOME, consent=CONSENT_VERSION).id, pid(repo, 101))
    repo.submit(person, Kind.ISSUE, "east", {"category": "other", "text": "门坏了"})
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/mydata")
        assert not [c for c in calls if c.method == "sendDocument"]  # offered, not sent
        calls = await bot.press(7001, _data(calls, "发成文件"))
    [doc] = [c for c in calls if c.method == "sendDocument"]
    assert doc.chat_id == 7001 and "只发给了您本人" in doc.text
    [(name, body)] = doc.params["_files"].values()
    assert name == "steward-mydata.json"
    data = json.loads(body)
    assert data["person"]["name"] == "王秘密" and data["person"]["household"] == HOME
    assert [e["kind"] for e in data["entries"]] == ["registration", "issue"]
    assert data["consents"][0]["version"] == CONSENT_VERSION


async def test_mydata_says_in_words_what_is_kept_before_the_file(repo):
    """An elderly resident got only a JSON file with English keys, which a phone does
    not open (found in the field trial of steward run): the chat now says in words what
    is kept, then sends the file."""
    person = repo.ensure_person(7001, name="王秘密", username="wang_secret")["id"]
    repo.approve(repo.register(person, HOME, consent=CONSENT_VERSION).id, pid(repo, 101))
    repo.submit(person, Kind.ISSUE, "east", {"category": "other", "text": "门坏了"})
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/mydata")
    mine = [c for c in calls if c.chat_id == 7001]
    assert [c.method for c in mine] == ["sendMessage"]
    said = mine[0].text
    for part in ("姓名：王秘密", "用户名：wang_secret", "电话：没有保存",
                 f"住址：{repo.street.household_label(HOME)}", "身份：居民",
                 f"（说明第 {CONSENT_VERSION} 版）", "提交的内容：2 条（住户登记 1、报事 1）"):
        assert part in said, part
    # the buttons to change it are under it (it sent the resident to 帮助 for them)
    assert [d for _, d in mine[0].buttons()] == ["rel:ask", "nm:ask", "go:correct",
                                                   "go:unpublish", "go:forget", "md:file"]


async def test_mydata_lists_each_entry_by_kind_with_its_date_number_and_whether_public(repo):
    """/mydata said only 您提交的内容：4 条（报事 2、……）, and /mine sent her there for
    anything older than its ten: an elderly resident on a phone saw her entries only in
    a JSON file 用电脑打开. Each is now listed in the chat, under its kind, with its
    number, date, where it stands and what of it the public site shows."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    shown = repo.submit(person, Kind.ISSUE, "east", {"category": "other", "text": "楼道灯坏了"})
    repo.approve(shown.id, pid(repo, 101))
    waiting = repo.submit(person, Kind.OPINION, "east", {"text": "希望多装几个垃圾桶"})
    proposal = repo.create_proposal(pid(repo, 101), "east", title="装楼宇门",
                                    description="每个单元装门", budget_fen=0,
                                    matter="other_major", deadline="2099-01-01")
    repo.cast_vote(person, proposal.id, "agree")
    [vote] = repo.entries(kind=Kind.VOTE)
    [reg] = repo.entries(kind=Kind.REGISTRATION)
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/mydata")
        english = await bot.send(7001, "/language")
        await bot.press(7001, "lang:en")
        english = await bot.send(7001, "/mydata")
    said = calls[-1].text
    for line in (f"#{shown.id} {shown.created[:10]} 其他：楼道灯坏了 —— 已受理；"
                 "网站上公开，署名“居民”",
                 # not 不公开, as if it never would be: it is, once approved
                 f"#{waiting.id} {waiting.created[:10]} 希望多装几个垃圾桶 —— 待审核；"
                 "还没有公开：志愿者审核通过后才会公开",
                 f"#{vote.id} {vote.created[:10]} 提议 #{proposal.id}：同意 —— 已计票；"
                 "不公开：只计入参与的户数",
                 f"#{reg.id} {reg.created[:10]} {repo.street.household_label(HOME)} —— "
                 "已确认；不公开"):
        assert line in said, line
    # under its kind: the report first, the household's registration last
    assert said.index("\n报事：\n") < said.index(f"#{shown.id} ") < \
        said.index("\n意见：\n") < said.index(f"#{waiting.id} ") < \
        said.index("\n住户登记：\n") < said.index(f"#{reg.id} ")
    said = english[-1].text
    assert f"#{shown.id} {shown.created[:10]}" in said and \
        'public on the website, signed "resident"' in said, said  # as the notice says


async def test_mydata_pages_a_long_list_within_telegrams_limit(repo):
    """A resident who sent 60 reports over the years: each page is one message under
    Telegram's 4,096 characters, with 下一页 while more are left, and every report is
    on one page."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    ids = [repo.submit(person, Kind.ISSUE, "east",
                       {"category": "other", "text": f"第{n}件事：" + "楼道里很黑" * 40}).id
           for n in range(60)]
    pages = []
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/mydata")
        while True:
            [page] = [c for c in calls if c.chat_id == 7001 and c.method == "sendMessage"]
            pages.append(page)
            nexts = [d for t, d in page.buttons() if "下一页" in t]
            if not nexts:
                break
            calls = await bot.press(7001, nexts[0])
    assert len(pages) == 3
    assert all(len(p.text.encode("utf-16-le")) // 2 <= 4096 for p in pages)
    assert "第 2 页（共 3 页）" in pages[1].text and "下一页还有" in pages[0].text
    listed = [i for p in pages for i in ids if f"#{i} " in p.text]
    assert sorted(listed) == ids and len(listed) == len(set(listed))
    assert f"#{ids[-1]} " in pages[0].text  # newest first


async def test_mydata_of_a_volunteer_offers_no_delete_the_domain_refuses(repo):
    async with BotHarness(repo) as bot:  # 101: a volunteer of east (conftest)
        calls = await bot.send(101, "/mydata")
    [words] = [c for c in calls if c.chat_id == 101 and c.method == "sendMessage"]
    assert [d for _, d in words.buttons()] == ["nm:ask", "go:correct", "md:file"]


async def test_forget_deletes_personal_data_after_a_confirmation_and_clears_the_posts(repo):
    person = confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")
        await bot.send(7001, "我家电话 13912345678，有事找我")
        posted = await bot.press(7001, "op:ok")
        post = next(c for c in posted if c.chat_id == 101 and c.buttons())
        asked = await bot.send(7001, "/forget")
        assert "1 条内容" in asked[-1].text and "只署名“居民”" in asked[-1].text
        assert asked[-1].text.startswith("这样会删除您的个人信息")  # no command named
        kept = await bot.press(7001, "fg:cancel")
        assert "什么都没有删除" in kept[-1].text and repo.person(person)["telegram_id"] == 7001
        await bot.send(7001, "/forget")  # after her no, only a new question's Yes deletes
        done = await bot.press(7001, "fg:ok")
        forged = await bot.press(7001, "fg:everything")
    assert "已删除" in [c for c in done if c.chat_id == 7001][-1].text
    assert "失效" in forged[-1].text
    gone = repo.person(person)
    assert gone["telegram_id"] is None and gone["household"] is None and gone["name"] == ""
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.status == Status.REJECTED and "13912345678" not in json.dumps(opinion.data)
    edits = [c for c in done if c.method == "editMessageText" and c.chat_id == 101]
    assert edits and edits[0].params["message_id"] == post.message_id
    assert "已被作者撤回" in edits[0].text and "13912345678" not in edits[0].text
    assert not edits[0].buttons()


async def test_the_forget_question_loses_its_buttons_once_answered(repo):
    """After Cancel, the question kept its 'Yes, delete my personal data' button (found
    in a trial of the real steward run): a tap days later, scrolling, deleted her
    registration with no further question. Either answer takes the buttons away."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        for answer, text in (("取消", "什么都没有删除"), ("确定，删除", "已删除")):
            asked = await bot.send(7001, "/forget")
            calls = await bot.press_label(7001, answer)
            assert text in [c for c in calls if c.chat_id == 7001][-1].text  # not the admins'
            [edit] = [c for c in calls if c.method.startswith("editMessage")]
            assert edit.params["message_id"] == asked[-1].message_id and not edit.buttons()
            if answer == "取消":
                assert repo.person(person)["telegram_id"] == 7001
    assert repo.person(person)["telegram_id"] is None


async def test_a_volunteer_is_told_to_have_their_role_revoked_before_forgetting(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/forget")
        calls = await bot.press(101, "fg:ok")
    assert repo.person_by_telegram(101) is not None
    assert "请先请管理员撤销您的职务" in calls[-1].text


async def test_correct_submits_a_public_correction_a_volunteer_approves(repo):
    person = confirmed_resident(repo, 7001, HOME, 101)
    issue = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                     "text": "张三家门口路灯坏了"})
    pending = repo.submit(person, Kind.ISSUE, "east", {"category": "other", "text": "待审"})
    repo.approve(issue.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        refused = await bot.send(7001, f"/correct {pending.id}")
        assert "不是您可以更正" in refused[-1].text
        calls = await bot.send(7001, "/correct")
        assert [d for _, d in calls[-1].buttons()] == [f"cor:e:{issue.id}", "cor:cancel"]
        # in Chinese, with the Chinese colon (it read "#12 报事: 张三…")
        assert calls[-1].buttons()[0][0] == f"#{issue.id} 报事：张三家门口路灯坏了"
        forged = await bot.press(7001, f"cor:e:{pending.id}")
        assert "失效" in forged[-1].text
        calls = await bot.press(7001, f"cor:e:{issue.id}")
        assert "张三家门口路灯坏了" in calls[-1].text
        await bot.send(7001, "1单元门口路灯坏了")
        summary = await bot.send(7001, "原文写了邻居的名字")
        assert "原来公开的文字不再显示" in summary[-1].text
        assert repo.entries(kind=Kind.CORRECTION) == []
        calls = await bot.press(7001, "cor:ok")
        [fix] = repo.entries(kind=Kind.CORRECTION)
        post = next(c for c in calls if c.chat_id == 102 and c.buttons())
        assert "张三家门口路灯坏了" in post.text and "1单元门口路灯坏了" in post.text
        told = await bot.press(102, f"q:a:{fix.id}")
    assert repo.entry(fix.id).status == Status.APPROVED
    assert repo.entry(fix.id).data == {"corrects": issue.id, "text": "1单元门口路灯坏了",
                                       "reason": "原文写了邻居的名字"}
    assert any(c.chat_id == 7001 and "已更正" in c.text for c in told)


async def test_correct_with_no_published_text_says_the_volunteers_right_a_ledger_line(repo):
    """A resident whose only public trace is a fee line (the ledger, not a text of theirs)
    is told who puts a wrong line right, with the 提问 button to ask them, and no command."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/correct")
        said = calls[-1].text
        assert "志愿者另记一笔“冲正”来更正" in said and "/correct" not in said
        assert calls[-1].buttons() == [("❓ 提问", "ask:go")]
        calls = await bot.press(7001, "ask:go", message_id=calls[-1].message_id)
        assert "您要问哪一项" in calls[-1].text  # the 提问 flow starts


async def test_a_correction_waiting_after_a_restart_shows_the_text_it_corrects(tmp_path,
                                                                               street_config,
                                                                               clock):
    """After a restart, /pending showed a correction as "更正 #137，现在的内容是：" with
    nothing after it: the corrected opinion's year was not read yet, and the error that
    sends such a read to a worker thread was swallowed (found in the field trial of
    steward run)."""
    from datetime import timedelta

    from db.repository import Repository

    repo = Repository.init(tmp_path / "data", street_config, clock=clock)
    resident = confirmed_resident(repo, 7001, HOME, 101)
    opinion = repo.submit(resident, Kind.OPINION, "east", {"text": "建议多装路灯"})
    repo.approve(opinion.id, pid(repo, 101))
    clock.now += timedelta(days=400)  # the correction is of the next year
    fix = repo.correct(resident, opinion.id, "建议在3号楼前多装两盏路灯")
    repo.close()
    repo = Repository.open(tmp_path / "data", clock=clock)  # the bot restarts
    try:
        async with BotHarness(repo) as bot:
            calls = await bot.send(101, "/pending")
        [post] = [c.text for c in calls if f"#{fix.id}" in c.text]
        assert f"更正 #{opinion.id}，现在的内容是：建议多装路灯" in post
    finally:
        repo.close()


async def test_a_volunteer_asking_to_be_forgotten_is_told_first_what_to_do(repo):
    """A grid worker's /forget asked "确定删除您的个人信息吗？"; its Yes then deleted
    nothing and only said to have the role revoked first (found in the field trial of
    steward run). The answer comes at once, with no question."""
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, "/forget")
        typed = await bot.send(101, "删除我的信息")
    for calls in (asked, typed):
        assert "撤销您的职务" in calls[-1].text and not calls[-1].buttons()
    assert repo.person_by_telegram(101)["name"]  # nothing deleted


async def test_forget_says_the_published_words_come_off_the_site_and_withholds_them(repo):
    """She wrote her name into her report; /forget had said what was published stays
    and "can no longer be tied to you" (a trial of the real steward run): now it says
    her words and photos come off the site, what stays, and what cannot be recalled."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    report = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": "我是罗小燕，门口路灯坏了"})
    repo.approve(report.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        asked = await bot.send(7001, "/forget")
        done = await bot.press(7001, "fg:ok")
    question = asked[-1].text
    assert "网站下次更新时撤下" in question and "再也无法和您对应" not in question
    # deleted from the store too, not kept for the volunteers (PIPL art. 47), and why
    # the accounts stay
    assert "机器人的记录里也马上删除，志愿者也看不到了" in question
    assert "收据是记账凭证" in question
    assert "志愿者已经在 Telegram 里收到的消息" in question and "纸质公示" in question
    told = [c for c in done if c.chat_id == 7001][-1].text
    assert "您公开过的 1 条内容，会在网站下次更新时撤下" in told
    assert repo.entry(report.id).data.get("withheld")


async def test_someone_who_only_writes_to_the_bot_has_no_name_kept_until_she_registers(repo):
    """PIPL minimisation: a passer-by's 你好 stored her Telegram name as if she were a
    resident. Now only her Telegram id, @username (an admin's /grant finds her by it) and
    language are kept; her name once she asks to register, for the volunteers to check."""
    async with BotHarness(repo) as bot:
        await bot.send(7001, "你好")
        assert repo.person_by_telegram(7001)["name"] == ""
        assert repo.person_by_telegram(7001)["username"] == "user7001"
        shown = await bot.send(7001, "/mydata")
        assert "姓名：没有保存" in shown[-1].text
        calls = await bot.send(7001, "/start")
        calls = await bot.press(7001, _data(calls, "东小区"))
        calls = await bot.press(7001, _data(calls, "101"))
        posted = await bot.press(7001, _data(calls, "同意，这是我家"))
    assert repo.person_by_telegram(7001)["name"] == "用户7001"
    [post] = [c for c in posted if c.chat_id == 101 and c.buttons()]
    assert "用户7001" in post.text  # the volunteer checks who asks, by name


async def test_after_forget_writing_again_keeps_no_name_and_the_reply_said_so(repo):
    """After /forget her next 你好 stored her Telegram name again, and /forget had said
    only that she would register again. It now says what writing again keeps, and that
    is all that is kept."""
    old = confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        asked = await bot.send(7001, "/forget")
        done = await bot.press(7001, "fg:ok")
        await bot.send(7001, "你好")
    for said in (asked[-1].text, [c for c in done if c.chat_id == 7001][-1].text):
        assert "只记下您的 Telegram 编号、用户名和语言" in said and "重新登记住址" in said
    again = repo.person_by_telegram(7001)
    assert again["id"] != old and again["name"] == "" and again["household"] is None
    assert repo.person(old)["name"] == ""


async def test_a_volunteer_given_a_role_has_her_name_kept_at_her_next_message(repo):
    """The volunteers' chats name a volunteer by role and name: one given a role by
    /grant, who never registered a household, has her name kept from her next message."""
    async with BotHarness(repo) as bot:
        await bot.send(5001, "/start")
        await bot.send(900, "/grant 5001 volunteer east 网格员")
        assert repo.person_by_telegram(5001)["name"] == ""
        await bot.send(5001, "/pending")
    assert repo.person_by_telegram(5001)["name"] == "用户5001"


async def test_mydata_says_a_withdrawn_or_declined_consent_as_such(repo):
    """After 撤回公开同意 /mydata said 公开内容说明：没有保存, as if she had never agreed
    and her withdrawal were not kept; one who registered without agreeing read the same."""
    confirmed_resident(repo, 7001, HOME, 101)
    declined = pid(repo, 7002)
    repo.approve(repo.register(declined, "c1/1/1/102", unpublished=True).id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/unpublish")
        await bot.press(7001, "up:ok")
        withdrawn = await bot.send(7001, "/mydata")
        never = await bot.send(7002, "/mydata")
    day = repo.person_by_telegram(7001)["consent_withdrawn"][:10]
    assert f"公开内容说明：{day} 已撤回同意：您公开过的文字和照片不再公开" in withdrawn[-1].text
    assert "公开内容说明：没有同意：您写的内容不会公开" in never[-1].text


async def test_mydata_says_a_supervisors_question_is_signed_as_the_site_signs_it(repo):
    """A supervisor's public question is signed 监督员 on the site; /mydata said 署名“居民”."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    repo.grant(pid(repo, 900), 7001, "east", "监督员", role="supervisor")
    proposal = repo.create_proposal(pid(repo, 101), "east", title="装楼宇门",
                                    description="每个单元装门", budget_fen=0,
                                    matter="other_major", deadline="2099-01-01")
    line = repo.ask(person, "east", "proposal", proposal.id, "门坏了谁来修？")
    repo.approve(line.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        shown = await bot.send(7001, "/mydata")
    assert f"#{line.id} " in shown[-1].text and "网站上公开，署名“监督员”" in shown[-1].text


async def test_the_forget_question_says_her_households_votes_and_fees_stay(repo):
    """/forget's question said what of her reports stays, nothing of her votes and fees:
    a resident asked whether deleting would take back her household's vote. They stay
    (by household, never a name), and the question now says so."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="装楼宇门",
                                    description="每个单元装门", budget_fen=0,
                                    matter="other_major", deadline="2099-01-01")
    repo.cast_vote(person, proposal.id, "agree")
    async with BotHarness(repo) as bot:
        asked = await bot.send(7001, "/forget")
        await bot.press(7001, "fg:ok")
    assert "您家投过的票照样计入" in asked[-1].text and "不写姓名" in asked[-1].text
    assert repo.household_vote(proposal.id, HOME) == "agree"  # as the question said


async def test_a_newcomer_is_not_sent_from_correct_to_ask_to_register(repo):
    """A newcomer's /mydata offered ✏️ 更正我公开的内容; it said to ask the volunteers with
    ❓ 提问, which then said 请先登记: three taps to a dead end. She has nothing to
    correct: /mydata offers no 更正, and /correct says so without the 提问 button."""
    async with BotHarness(repo) as bot:
        shown = await bot.send(7001, "/mydata")
        corrected = await bot.send(7001, "/correct")
    assert [d for _, d in shown[-1].buttons()] == ["go:forget", "md:file"]
    assert corrected[-1].text == "您没有可以更正的已公开报事或意见。"
    assert not corrected[-1].buttons()


async def test_mydata_names_the_reports_she_follows_and_said_me_too_to(repo):
    """/mydata said 您关注的报事：1 件 and nothing of the reports she said 我也遇到 to, which
    are kept about her (the file has them): it names both, by number."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    neighbour = confirmed_resident(repo, 7002, "c1/1/1/102", 101)
    report = repo.submit(neighbour, Kind.ISSUE, "east", {"category": "lighting",
                                                         "text": "门口路灯坏了"})
    repo.approve(report.id, pid(repo, 101))
    repo.me_too(report.id, person)
    async with BotHarness(repo) as bot:
        shown = await bot.send(7001, "/mydata")
    said = shown[-1].text
    assert f"您说“我也遇到”的报事：1 件（#{report.id}）" in said
    assert repo.export_person(person)["following"] == [report.id]  # "me too" follows it
    assert f"您关注的报事：1 件（#{report.id}）" in said


async def test_mydata_tells_and_files_the_words_she_typed_but_did_not_send(repo):
    """Words typed outside any step (下水道堵了，电话 139…) are kept for her to send with
    a button, but /mydata said nothing of them and its file held only a step under way:
    both now have them, and /mydata says they are kept for her only."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        typed = await bot.send(7001, "楼下下水道堵了，电话13912345678")
        assert "rep:said" in str(typed[-1].buttons())  # kept, to be sent with a button
        shown = await bot.send(7001, "/mydata")
        filed = await bot.press(7001, _data(shown, "发成文件"))
    assert "还没有发出、只为您保留的：您打的字：“楼下下水道堵了，电话13912345678”" in \
        shown[-1].text
    [doc] = [c for c in filed if c.method == "sendDocument"]
    [(_, body)] = doc.params["_files"].values()
    assert "13912345678" in json.loads(body)["unfinished_steps"]["said"]


async def test_forget_after_unpublish_does_not_count_again_what_was_taken_off_before(repo):
    """/unpublish took her report off the site; /forget then said 您公开过的 1 条内容……
    会在网站下次更新时撤下, as if it were still there (found by the privacy walk)."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    report = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": "门口路灯坏了"})
    repo.approve(report.id, pid(repo, 101))
    repo.withdraw_consent(person)
    assert repo.entry(report.id).data.get("withheld")
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/forget")
        done = await bot.press(7001, "fg:ok")
    told = [c for c in done if c.chat_id == 7001][-1].text
    assert told.startswith("已完成。您的个人信息已删除：") and "撤回了" not in told
    assert "网站下次更新时撤下" not in told


async def test_mydata_lists_the_votes_others_recorded_for_her_household(repo):
    """A volunteer's paper signature for her household was told to her when recorded,
    and /mydata (and its file) did not list it: it is her home's, not hers. Now both
    do, the one who recorded it by role only."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    vote = repo.create_proposal(pid(repo, 101), "east", title="装门禁", description="",
                                budget_fen=0, matter="everyday", deadline="2099-01-01")
    paper, _ = repo.cast_vote(pid(repo, 102), vote.id, "agree", household=HOME, paper=True)
    [kept] = repo.export_person(person)["household_votes"]
    assert kept["id"] == paper.id and kept["paper"] and kept["role"] == "物管会委员乙"
    assert kept["choice"] == "agree" and "102" not in json.dumps(kept)
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/mydata")
    text = calls[0].text
    assert "• 别人为您家登记的投票：1 次" in text, text
    assert (f"#{paper.id} 2025-01-01 提议 #{vote.id}：同意（纸质签字，登记人：物管会委员乙；"
            "已计票）") in text, text


async def test_forget_says_no_waiting_submissions_when_there_are_none(repo):
    """With nothing waiting for review, /forget asked of 您还在等待审核的 0 条内容 and then
    said 撤回了 0 条等待审核的内容; with one waiting it names it, as before."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    report = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": "门口路灯坏了"})
    repo.approve(report.id, pid(repo, 101))
    confirmed_resident(repo, 7002, "c1/1/1/102", 101)
    repo.submit(pid(repo, 7002), Kind.OPINION, "east", {"text": "多装路灯"})
    async with BotHarness(repo) as bot:
        asked = (await bot.send(7001, "/forget"))[-1].text
        done = [c for c in await bot.press(7001, "fg:ok") if c.chat_id == 7001][-1].text
        waiting = (await bot.send(7002, "/forget"))[-1].text
        withdrew = [c for c in await bot.press(7002, "fg:ok") if c.chat_id == 7002][-1].text
    assert "0 条" not in asked and "等待审核" not in asked
    assert asked.startswith("这样会删除您的个人信息：\n• 您的姓名、用户名和语言设置，"
                            "您与住户的绑定。\n您发过的报事")
    assert asked.endswith("确定删除您的个人信息吗？")
    assert done.startswith("已完成。您的个人信息已删除：") and "0 条" not in done
    assert "\n您公开过的 1 条内容，会在网站下次更新时撤下。\n" in done and "撤回了" not in done
    assert "• 您还在等待审核的 1 条内容。\n您发过的报事" in waiting
    assert withdrew.startswith("已完成。您的个人信息已删除：")
    assert "\n撤回了 1 条等待审核的内容。\n" in withdrew


async def test_correct_says_at_once_that_a_correction_already_waits(repo):
    """A second /correct of the same report while her first correction waited: she typed
    the whole text and a reason and read only at 提交 #N 已有一条更正在等待审核, her words
    lost. Now she is told when she chooses it (or names it: /correct N)."""
    person = confirmed_resident(repo, 7001, HOME, 101)
    issue = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                     "text": "张三家门口路灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    first = repo.correct(person, issue.id, "1单元门口路灯坏了")
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/correct")
        chosen = await bot.press(7001, f"cor:e:{issue.id}")
        typed = await bot.send(7001, "1单元门口的路灯坏了")
        named = await bot.send(7001, f"/correct {issue.id}")
    said = f"#{issue.id} 已有一条更正（#{first.id}）在等志愿者审核。审核之后，如果还需要，可以再" \
        f"更正 #{issue.id}。这次没有做任何改动。"
    assert chosen[-1].text == said and named[-1].text == said
    assert "请发送更正后的完整文字" not in chosen[-1].text
    assert "为什么要更正" not in typed[-1].text  # not asked for a reason it cannot take
    assert [e.id for e in repo.entries(kind=Kind.CORRECTION)] == [first.id]


async def test_mydata_in_english_says_the_resident_role_in_english(repo):
    """/mydata in English listed • Roles: 居民 (the role's stored title)."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/language")
        await bot.press(7001, "lang:en")
        kept = (await bot.send(7001, "/mydata"))[-1].text
    assert "• Roles: resident" in kept.splitlines(), kept
    assert "居民" not in kept.split("• Roles:")[1].splitlines()[0]
