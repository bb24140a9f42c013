"""The approval queue through the real Application: /pending, buttons, the
reason step, /approve and /reject by number, maker-checker, and the linked
volunteers' group chat whose posts are edited to show who acted."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid
from telegram.ext import CallbackContext

from bot.notify import POSTS_KEY, notify_pending
from db.entries import Kind, Status
from db.privacy import CONSENT_VERSION

GROUP = -500


def issue(repo, author_tid=5001, text="路灯坏了", area="east"):
    return repo.submit(pid(repo, author_tid), Kind.ISSUE, area,
                       {"category": "lighting", "text": text})


def resident(repo, tid=5001, household="c1/1/1/101", volunteer=101):
    return confirmed_resident(repo, tid, household, volunteer)


async def post_pending(bot, entry):
    """What a resident flow does after storing an entry."""
    return await notify_pending(CallbackContext(bot.app), entry)


def fake_builds(bot):
    builds = []
    bot.app.bot_data["build_site"] = lambda repo, project_dir: builds.append(project_dir)
    return builds


async def test_pending_lists_entries_of_own_areas_oldest_first_with_buttons(repo):
    resident(repo)
    resident(repo, 6001, "c2/1/1/101", volunteer=103)
    first, second = issue(repo, text="第一"), issue(repo, text="第二")
    issue(repo, 6001, "西边的事", area="west")
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, "/pending")
    texts = [c.text for c in calls]
    assert "2" in texts[0]
    assert len(calls) == 2  # both in one message, with the heading before it
    assert texts[1].index("第一") < texts[1].index("第二")
    assert not any("西边的事" in x for x in texts)
    assert calls[1].buttons() == [
        (f"#{first.id} ✅ 通过", f"q:a:{first.id}"), (f"#{first.id} ❌ 驳回", f"q:r:{first.id}"),
        (f"#{first.id} 🙈 隐去名字…", f"q:h:{first.id}"),
        (f"#{second.id} ✅ 通过", f"q:a:{second.id}"),
        (f"#{second.id} ❌ 驳回", f"q:r:{second.id}"),
        (f"#{second.id} 🙈 隐去名字…", f"q:h:{second.id}")]


async def test_pending_with_nothing_waiting_says_so(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, "/pending")
    assert "没有" in calls[-1].text


async def test_approve_button_makes_issue_public_tells_author_and_edits_the_post(repo):
    resident(repo)
    entry = issue(repo)
    async with BotHarness(repo) as bot:
        builds = fake_builds(bot)
        await bot.send(102, "/pending")
        calls = await bot.press(102, f"q:a:{entry.id}", message_id=77)
        assert bot.app.bot_data["publisher"].pending
    assert repo.entry(entry.id).status == Status.APPROVED
    assert calls[0].method == "answerCallbackQuery"
    author_msgs = [c.text for c in calls if c.chat_id == 5001]
    assert author_msgs and f"#{entry.id}" in author_msgs[0] and "公示" in author_msgs[0]
    edits = [c for c in calls if c.method == "editMessageText"]
    assert edits and all("物管会委员" in c.text for c in edits)
    assert {c.params["message_id"] for c in edits} >= {77}
    assert builds == []  # debounced: not built at once


async def test_reject_button_asks_for_a_reason_which_goes_to_the_author(repo):
    resident(repo)
    entry = issue(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.press(101, f"q:r:{entry.id}")
        assert "理由" in calls[-1].text
        assert calls[-1].params["reply_markup"]["force_reply"] is True
        assert repo.entry(entry.id).status == Status.PENDING
        calls = await bot.send(101, "不在本小区范围")
    rejected = repo.entry(entry.id)
    assert rejected.status == Status.REJECTED
    assert rejected.history[-1]["note"] == "不在本小区范围"
    to_author = [c.text for c in calls if c.chat_id == 5001]
    assert to_author and "不在本小区范围" in to_author[0] and "报事" in to_author[0]
    assert any(c.method == "editMessageText" and "不在本小区范围" in c.text for c in calls)


async def test_reject_by_number_with_reason(repo):
    resident(repo)
    entry = issue(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, f"/reject {entry.id} 重复的报事")
    assert repo.entry(entry.id).status == Status.REJECTED
    assert any(c.chat_id == 5001 and "重复的报事" in c.text for c in calls)


async def test_reject_by_number_without_reason_asks_for_it(repo):
    resident(repo)
    entry = issue(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, f"/reject {entry.id}")
        assert "理由" in calls[-1].text
        await bot.send(102, "照片看不清")
    assert repo.entry(entry.id).history[-1]["note"] == "照片看不清"


async def test_cancel_during_reason_step_rejects_nothing(repo):
    resident(repo)
    entry = issue(repo)
    async with BotHarness(repo) as bot:
        await bot.press(101, f"q:r:{entry.id}")
        await bot.send(101, "/cancel")
        await bot.send(101, "随便说一句")
    assert repo.entry(entry.id).status == Status.PENDING


async def test_approve_by_number_and_bad_numbers_get_usage(repo):
    resident(repo)
    entry = issue(repo)
    async with BotHarness(repo) as bot:
        bad = await bot.send(101, "/approve abc")
        missing = await bot.send(101, "/approve 99999")
        calls = await bot.send(101, f"/approve {entry.id}")
    assert "/approve" in bad[-1].text
    assert "99999" in missing[-1].text
    assert repo.entry(entry.id).status == Status.APPROVED
    assert f"#{entry.id}" in calls[-1].text


async def test_forged_button_data_is_refused_and_changes_nothing(repo):
    resident(repo)
    entry = issue(repo)
    async with BotHarness(repo) as bot:
        for data in (f"q:a:{entry.id}x", "q:a:", f"q:a:{entry.id}:1", "q:z:1", "q:a:-1",
                     "q:a:99999999", f"q:r:{entry.id};drop", "q:a:１"):
            calls = await bot.press(101, data)
            assert calls[0].method == "answerCallbackQuery"
            assert calls[-1].method == "sendMessage", data
    assert repo.entry(entry.id).status == Status.PENDING


async def test_registration_approval_confirms_the_household_and_tells_the_person(repo):
    reg = repo.register(pid(repo, 5005), "c1/1/1/102", consent=CONSENT_VERSION)
    async with BotHarness(repo) as bot:
        calls = await bot.press(101, f"q:a:{reg.id}")
    assert repo.person_by_telegram(5005)["household"] == "c1/1/1/102"
    assert any(c.chat_id == 5005 and "确认" in c.text for c in calls)


async def test_volunteer_money_entry_needs_a_different_volunteer(repo):
    entry = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": "2025", "amount_fen": 12000,
        "household": "c1/1/1/101"})
    async with BotHarness(repo) as bot:
        own = await bot.press(101, f"q:a:{entry.id}")
        assert repo.entry(entry.id).status == Status.PENDING
        assert "另一位志愿者" in own[-1].text
        await bot.press(102, f"q:a:{entry.id}")
    assert repo.entry(entry.id).status == Status.APPROVED
    line = repo.ledger("east")[-1]
    assert line["recorded_by"] == "物管会主任甲" and line["approved_by"] == "物管会委员乙"


async def test_residents_fee_report_needs_one_volunteer(repo):
    person = resident(repo)
    entry = repo.submit(person, Kind.FEE_INCOME, "east", {
        "fee_type": "property", "period": "2025", "amount_fen": 30000,
        "household": "c1/1/1/101"})
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"/approve {entry.id}")
    assert repo.balance("east") == 30000
    assert any(c.chat_id == 5001 and "账目" in c.text for c in calls)


async def test_linkgroup_posts_new_pending_entries_to_the_group_and_edits_who_acted(repo):
    resident(repo)
    async with BotHarness(repo) as bot:
        linked = await bot.send(101, "/linkgroup east", chat_id=GROUP)
        assert "东小区" in linked[-1].text
        assert repo.linked_group("east") == GROUP
        entry = issue(repo)
        before = len(bot.request.calls)
        await post_pending(bot, entry)
        posts = bot.request.calls[before:]
        group_posts = [c for c in posts if c.chat_id == GROUP]
        assert len(group_posts) == 1 and "路灯坏了" in group_posts[0].text
        assert group_posts[0].buttons()[0] == ("✅ 通过", f"q:a:{entry.id}")
        assert {c.chat_id for c in posts} == {GROUP, 101, 102}
        [group_message] = [p.message for p in bot.app.bot_data[POSTS_KEY].of(entry.id)
                           if p.chat == GROUP]
        calls = await bot.press(102, f"q:a:{entry.id}", chat_id=GROUP,
                                message_id=group_message)
    edits = [c for c in calls if c.method == "editMessageText"]
    assert {c.chat_id for c in edits} == {GROUP, 101, 102}
    group_edit = [c for c in edits if c.chat_id == GROUP][0]
    assert group_edit.params["message_id"] == group_message
    assert "路灯坏了" in group_edit.text and "物管会委员" in group_edit.text
    assert not group_edit.buttons()


async def test_decision_by_number_in_private_edits_the_group_post_too(repo):
    resident(repo)
    repo.link_group(pid(repo, 101), "east", GROUP)
    entry = issue(repo)
    async with BotHarness(repo) as bot:
        await post_pending(bot, entry)
        calls = await bot.send(101, f"/reject {entry.id} 不属实")
    group_edit = [c for c in calls if c.method == "editMessageText" and c.chat_id == GROUP]
    assert group_edit and "物管会主任" in group_edit[0].text
    # its reason, written for the author, in the volunteers' private chats (bot.group_post)
    assert "不属实" not in group_edit[0].text and "理由见每位志愿者与我的私聊" in group_edit[0].text


async def test_new_pending_entry_skips_its_author_among_the_volunteers(repo):
    entry = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 5000, "payee": "五金店", "purpose": "灯泡", "category": "lighting"})
    async with BotHarness(repo) as bot:
        before = len(bot.request.calls)
        await post_pending(bot, entry)
        chats = {c.chat_id for c in bot.request.calls[before:]}
    assert chats == {102}


async def test_linkgroup_in_a_private_chat_explains_where_to_send_it(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, "/linkgroup east")
    assert "群" in calls[-1].text
    assert repo.linked_group("east") is None


async def test_linkgroup_for_another_area_is_refused(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(103, "/linkgroup east", chat_id=GROUP)
    assert repo.linked_group("east") is None
    assert "不是您负责的区域" in calls[-1].text


async def test_linking_a_group_is_in_the_audit_trail(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/linkgroup east", chat_id=GROUP)
    assert repo.role_audit()[-1]["to"] == "group:east"
    assert repo.role_audit()[-1]["role"] == "物管会主任甲"


async def test_acting_on_an_already_decided_entry_names_its_status_in_chinese(repo):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": "灯坏了"})
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/approve {issue.id}")
        calls = await bot.send(102, f"/approve {issue.id}")
    text = "\n".join(c.text for c in calls)
    assert "已受理" in text and "approved" not in text  # an accepted report, as on the site


def _press_on(bot, user_id, data, *, message_id, text, rows):
    """A press as Telegram sends it: the pressed message as it is now, buttons too."""
    markup = {"inline_keyboard": [[{"text": label, "callback_data": d} for label, d in row]
                                  for row in rows]}
    return bot._feed({"callback_query": {
        "id": f"cq{message_id}{data}", "from": bot._user(user_id), "chat_instance": "ci",
        "data": data, "message": {"message_id": message_id, "date": bot._date(),
                                  "chat": {"id": user_id, "type": "private"},
                                  "from": {"id": 424242, "is_bot": True,
                                           "first_name": "Steward"},
                                  "text": text, "reply_markup": markup}}})


async def test_pressing_approve_on_an_entry_another_volunteer_just_approved_says_who(repo):
    resident(repo)
    entry = issue(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/approve {entry.id}")
        post = f"#{entry.id} 报事\n路灯坏了"
        calls = await _press_on(bot, 102, f"q:a:{entry.id}", message_id=55, text=post,
                                rows=[[("✅ 通过", f"q:a:{entry.id}"),
                                       ("❌ 驳回", f"q:r:{entry.id}")]])
    said = [c.text for c in calls if c.method == "sendMessage" and c.chat_id == 102]
    assert said and f"#{entry.id}" in said[0] and "物管会主任甲" in said[0]
    assert "已受理" in said[0]
    edits = [c for c in calls if c.method == "editMessageText" and c.chat_id == 102]
    assert edits and edits[0].params["message_id"] == 55
    assert "路灯坏了" in edits[0].text and "物管会主任甲" in edits[0].text
    assert not edits[0].buttons()  # nothing left to press on it
    assert repo.entry(entry.id).history[-1]["by"] == pid(repo, 101)  # nothing changed


async def test_a_stale_post_listing_several_entries_loses_only_the_decided_ones_buttons(repo):
    resident(repo)
    first, second = issue(repo, text="第一"), issue(repo, text="第二")
    repo.reject(first.id, pid(repo, 101), "重复")  # e.g. decided after a restart
    rows = [[(f"#{e.id} ✅ 通过", f"q:a:{e.id}"), (f"#{e.id} ❌ 驳回", f"q:r:{e.id}")]
            for e in (first, second)]
    async with BotHarness(repo) as bot:
        calls = await _press_on(bot, 102, f"q:r:{first.id}", message_id=60,
                                text="待审核（2 条）：\n第一\n第二", rows=rows)
    assert repo.entry(second.id).status == Status.PENDING
    said = [c.text for c in calls if c.method == "sendMessage" and c.chat_id == 102]
    assert said and "重复" not in said[0] and "已驳回" in said[0] and "物管会主任甲" in said[0]
    edit = [c for c in calls if c.method == "editMessageText" and c.chat_id == 102][0]
    assert edit.params["message_id"] == 60 and "重复" in edit.text
    assert [d for _, d in edit.buttons()] == [f"q:a:{second.id}", f"q:r:{second.id}"]


async def test_a_forged_press_from_another_areas_volunteer_never_gets_the_verdict(repo):
    resident(repo)
    entry = issue(repo)
    async with BotHarness(repo) as bot:
        refused = await bot.press(103, f"q:a:{entry.id}", message_id=9)
        assert "本小区" in refused[-1].text
        await bot.press(103, f"q:r:{entry.id}", message_id=9)
        calls = await bot.send(101, f"/approve {entry.id}")
    assert repo.entry(entry.id).status == Status.APPROVED
    assert not [c for c in calls if c.chat_id == 103]


async def test_confirming_one_of_two_requests_for_a_household_tells_the_confirmed_of_the_other(
        repo):
    first = repo.register(pid(repo, 5005), "c1/1/1/102", consent=CONSENT_VERSION)
    other = repo.register(pid(repo, 5006), "c1/1/1/102", consent=CONSENT_VERSION)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"/approve {first.id}")
        queue = await bot.send(102, "/pending")
    to_confirmed = [c.text for c in calls if c.chat_id == 5005]
    assert any("确认" in x for x in to_confirmed)
    assert any("有人申请登记为您家" in x for x in to_confirmed)  # as the post below says
    post = [c.text for c in queue if f"#{other.id}" in c.text][0]
    assert "已通知他们" in post
    assert not any(c.chat_id == 5006 for c in calls)


async def test_approve_and_reject_entry_zero_get_the_usage_in_chinese(repo):
    async with BotHarness(repo) as bot:
        approve = await bot.send(101, "/approve 0")
        reject = await bot.send(101, "/reject #0 不对")
    assert "用法" in approve[-1].text and "must be" not in approve[-1].text
    assert "用法" in reject[-1].text and "must be" not in reject[-1].text


async def test_an_english_volunteers_post_of_a_residents_entry_is_all_in_english(repo):
    resident(repo)
    entry = issue(repo)
    repo.set_language(pid(repo, 102), "en")
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, "/pending")
    post = [c.text for c in calls if f"#{entry.id}" in c.text][0]
    assert "Recorded by: resident" in post and "居民" not in post


async def test_deciding_the_last_entry_left_on_a_stale_list_names_it_in_the_verdict(repo):
    resident(repo)
    first, second = issue(repo, text="第一"), issue(repo, text="第二")
    text = f"待审核（2 条）：\n第一\n第二\n\n#{first.id} ❌ 已由物管会主任甲驳回：重复"
    rows = [[(f"#{second.id} ✅ 通过", f"q:a:{second.id}"),
             (f"#{second.id} ❌ 驳回", f"q:r:{second.id}")]]
    async with BotHarness(repo) as bot:  # a new start: the list is not remembered
        calls = await _press_on(bot, 102, f"q:a:{second.id}", message_id=61, text=text,
                                rows=rows)
    edit = [c for c in calls if c.method == "editMessageText" and c.chat_id == 102][0]
    assert edit.text.endswith(f"#{second.id} ✅ 已由物管会委员乙 乙志愿者审核通过")
    assert not edit.buttons()


async def test_a_press_on_a_stale_list_also_clears_the_entries_decided_meanwhile(repo):
    resident(repo)
    first, second, third = issue(repo, text="一"), issue(repo, text="二"), issue(repo, text="三")
    repo.reject(first.id, pid(repo, 101), "重复")  # decided while the bot had forgotten
    repo.approve(second.id, pid(repo, 101))  # the list (a restart)
    rows = [[(f"#{e.id} ✅ 通过", f"q:a:{e.id}"), (f"#{e.id} ❌ 驳回", f"q:r:{e.id}")]
            for e in (first, second, third)]
    async with BotHarness(repo) as bot:
        calls = await _press_on(bot, 102, f"q:a:{third.id}", message_id=62,
                                text="待审核（3 条）：\n一\n二\n三", rows=rows)
    assert repo.entry(third.id).status == Status.APPROVED
    edit = [c for c in calls if c.method == "editMessageText" and c.chat_id == 102][-1]
    assert not edit.buttons()  # none left to press
    assert f"#{first.id} ❌ 已由物管会主任甲 甲志愿者驳回：重复" in edit.text
    assert f"#{second.id} ✅ 已由物管会主任甲 甲志愿者审核通过" in edit.text
    assert f"#{third.id} ✅ 已由物管会委员乙 乙志愿者审核通过" in edit.text


async def test_a_rejected_registration_tells_its_reason_with_a_button_to_choose_again(repo):
    """A resident whose registration is rejected (a wrong room) gets the reason and the
    button that starts choosing their household again, in their own language; a
    report's, the button that reports again (its test is below)."""
    reg = repo.register(pid(repo, 5001), "c1/1/1/102", consent=CONSENT_VERSION)
    resident(repo, 6001)
    entry = issue(repo, 6001)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"/reject {reg.id} 房号不符，请重新选择")
        [told] = [c for c in calls if c.chat_id == 5001]
        assert "房号不符" in told.text
        assert told.buttons() == [("🏠 选择我的住址", "reg:new")]
        calls = await bot.press(5001, "reg:new", message_id=told.message_id)
        assert calls[-1].buttons() and all(d.startswith("reg:") for _, d in calls[-1].buttons())
        calls = await bot.send(101, f"/reject {entry.id} 重复的报事")
        [told] = [c for c in calls if c.chat_id == 6001]
        assert "重复的报事" in told.text and told.buttons() == [("📝 报事", "go:report")]
    assert repo.entry(reg.id).status == Status.REJECTED


async def test_a_rejected_report_opinion_or_fee_says_what_to_do_now_with_its_button(repo):
    """A resident whose report was rejected read 您的报事 #3 未通过审核。理由：… and
    nothing more (found by walk17): was it gone, could she send it again, how? Each of
    her report, opinion and fee report now says what she can do, with the button that
    starts it again; the button works."""
    resident(repo, 6001)
    report = issue(repo, 6001)
    said = repo.submit(pid(repo, 6001), Kind.OPINION, "east", {"text": "建议装快递柜"})
    fee = repo.submit(pid(repo, 6001), Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": "2025", "amount_fen": 12000,
        "household": repo.person(pid(repo, 6001))["household"]})
    async with BotHarness(repo) as bot:
        told = {}
        for entry, reason in ((report, "照片看不清"), (said, "含有电话号码"),
                              (fee, "收据看不清")):
            calls = await bot.send(101, f"/reject {entry.id} {reason}")
            [told[entry.id]] = [c for c in calls if c.chat_id == 6001]
        again = await bot.press(6001, "go:report", message_id=told[report.id].message_id)
    assert "如果问题还在" in told[report.id].text
    assert told[report.id].buttons() == [("📝 报事", "go:report")]
    assert "重新提交" in told[said.id].text and told[said.id].buttons() == [
        ("💬 提意见", "go:opinion")]
    assert "没有记入账目" in told[fee.id].text and "收据看不清" in told[fee.id].text
    assert told[fee.id].buttons() == [("💰 缴费登记", "go:pay")]
    assert "是什么问题" in again[-1].text  # the report's first question


async def test_a_second_press_on_an_approved_fee_keeps_its_line_number_on_the_post(repo):
    """A checker's double tap on ✅ 通过 (the treasurer's month-end trial): the first press
    edited the post to '审核通过：第 22 笔', the second edited it again to '审核通过'
    without the line number the treasurer needs for /reverse."""
    entry = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": "2025", "amount_fen": 12000,
        "household": "c1/1/1/101"})
    rows = [[("✅ 通过", f"q:a:{entry.id}"), ("❌ 驳回", f"q:r:{entry.id}")]]
    post = f"待审核：\n#{entry.id} 缴费记录"
    async with BotHarness(repo) as bot:
        first = await _press_on(bot, 102, f"q:a:{entry.id}", message_id=70, text=post,
                                rows=rows)
        again = await _press_on(bot, 102, f"q:a:{entry.id}", message_id=70, text=post,
                                rows=rows)
    seq = repo.entry(entry.id).data["ledger_seq"]
    edits = [c for c in first + again if c.method == "editMessageText" and c.chat_id == 102]
    assert edits and all(f"审核通过：第 {seq} 笔" in c.text for c in edits), edits
    # the second tap of the same button is only a note on it (bot.handlers.decided)
    assert not [c for c in again if c.method == "sendMessage"]
    assert len(repo.ledger("east")) == 1  # stored once


async def test_the_author_of_a_fee_or_expense_is_told_which_one_was_decided(repo):
    """'您的缴费记录 #28 未通过审核' / '#41 已确认' reached a treasurer who had recorded a
    dozen that day: which household's, which month? (the month-end trial)"""
    fee = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": "2025-11", "amount_fen": 2000,
        "household": "c1/1/1/101"})
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 120000, "payee": "保洁员", "purpose": "11月保洁工资",
        "category": "cleaning"})
    async with BotHarness(repo) as bot:
        rejected = await bot.send(102, f"/reject {fee.id} 是两个月的，请分开登记")
        approved = await bot.send(102, f"/approve {spent.id}")
    [no] = [c.text for c in rejected if c.chat_id == 101]
    [yes] = [c.text for c in approved if c.chat_id == 101]
    assert f"#{fee.id}（卫生费 2025-11，¥20.00）未通过审核" in no and "分开登记" in no
    assert f"#{spent.id}（11月保洁工资，¥1,200.00）已审核通过" in yes and "第 1 笔" in yes


async def test_a_volunteers_entry_names_its_recorder_as_the_verdict_names_its_approver(repo):
    """The post of a volunteer's expense said 记录人：物管会主任甲 and, once approved,
    已由物管会委员乙 乙志愿者审核通过: the same kind of person named two ways on one
    post. In the area's volunteers' chats both are a role and a name."""
    entry = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 5000, "payee": "五金店", "purpose": "灯泡", "category": "lighting"})
    async with BotHarness(repo) as bot:
        posted = await post_pending(bot, entry)
        assert posted
        [post] = [c for c in bot.request.calls if c.chat_id == 102 and c.buttons()]
        calls = await bot.send(102, f"/approve {entry.id}")
    assert "记录人：物管会主任甲 甲志愿者" in post.text, post.text
    [edit] = [c for c in calls if c.method == "editMessageText" and c.chat_id == 102]
    assert "记录人：物管会主任甲 甲志愿者" in edit.text
    assert "已由物管会委员乙 乙志愿者审核通过" in edit.text


async def test_a_supervisors_question_on_a_volunteers_post_names_a_role_not_a_name(repo):
    resident(repo)
    repo.ensure_person(5002, name="钱监督")  # a resident the admin made supervisor
    repo.grant(pid(repo, 900), 5002, "east", role="supervisor")
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 5000, "payee": "五金店", "purpose": "灯泡", "category": "lighting"})
    repo.approve(spent.id, pid(repo, 102))
    question = repo.ask(pid(repo, 5002), "east", "line", 1, "灯泡买了几个？")
    async with BotHarness(repo) as bot:
        await post_pending(bot, question)
    [post] = [c for c in bot.request.calls if c.chat_id == 102 and c.buttons()]
    assert "记录人：监督员" in post.text and "钱监督" not in post.text, post.text


async def test_pending_with_an_area_named_lists_that_area_alone(repo):
    """The street office over many areas: /pending 西小区 is that area's queue; a name
    that is not one of the caller's areas is refused, naming theirs."""
    resident(repo)
    resident(repo, 6001, "c2/1/1/101", volunteer=103)
    issue(repo, text="东边的事")
    issue(repo, 6001, "西边的事", area="west")
    async with BotHarness(repo) as bot:
        everything = await bot.send(900, "/pending")
        west = await bot.send(900, "/pending 西小区")
        refused = await bot.send(102, "/pending 西小区")  # a volunteer of the east
    assert any("东边的事" in c.text for c in everything)
    assert west[0].text.startswith("共有 1 条待审核")
    assert any("西边的事" in c.text for c in west)
    assert not any("东边的事" in c.text for c in west)
    [refusal] = refused
    assert refusal.text == ("“西小区”不是您负责的区域。您的区域：东小区。"
                            "发送 /pending 可以看全部区域。")


async def test_a_press_landing_after_the_posts_edit_does_not_add_the_verdict_twice(repo):
    """Two volunteers on one group post, or a press in flight while the approval's edit
    reached the phone: Telegram hands the bot the message as it is now, verdict and all.
    The volunteer read '✅ 已由…审核通过：第 1 笔' twice on the post (three times after one
    more press); now once."""
    entry = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": "2025", "amount_fen": 12000,
        "household": "c1/1/1/101"})
    rows = [[("✅ 通过", f"q:a:{entry.id}"), ("❌ 驳回", f"q:r:{entry.id}")]]
    post = f"待审核：\n#{entry.id} 缴费记录"
    async with BotHarness(repo) as bot:
        first = await _press_on(bot, 102, f"q:a:{entry.id}", message_id=70, text=post,
                                rows=rows)
        shown = [c for c in first if c.method == "editMessageText"][-1].text
        verdict = shown.rsplit("\n\n", 1)[-1]
        assert "审核通过" in verdict
        again = await _press_on(bot, 102, f"q:r:{entry.id}", message_id=70, text=shown,
                                rows=rows)
    edits = [c for c in again if c.method == "editMessageText" and c.chat_id == 102]
    assert all(c.text.count(verdict) == 1 for c in edits), [c.text for c in edits]
    assert repo.entry(entry.id).status == Status.APPROVED


async def test_a_recorder_approving_his_own_fee_once_decided_is_told_how_it_was_decided(repo):
    """The treasurer's /approve 532 on his own fee, another volunteer having approved it
    an hour before: he read only 收支记录必须由另一位志愿者审核。, as if it still waited
    for one. Now who approved it and its line, and that nothing was changed."""
    entry = repo.submit(pid(repo, 101), Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": "2025", "amount_fen": 12000,
        "household": "c1/1/1/101"})
    async with BotHarness(repo) as bot:
        waiting = await bot.send(101, f"/approve {entry.id}")
        assert "另一位志愿者" in waiting[-1].text  # still waiting: maker-checker, as before
        await bot.press(102, f"q:a:{entry.id}")
        late = await bot.send(101, f"/approve {entry.id}")
    said = [c.text for c in late if c.method == "sendMessage" and c.chat_id == 101]
    assert said and "另一位志愿者" not in said[0], said
    assert "物管会委员乙" in said[0] and "已入账" in said[0] and "没有做任何改动" in said[0]
    assert len(repo.ledger("east")) == 1


async def test_linkgroup_names_what_is_wrong_or_that_the_group_is_linked_already(repo):
    """A volunteer of 新国土小区 sent /linkgroup 盐业小区 in his group and read 这一条不属于您
    负责的区域…请检查编号有没有写错（发送 /pending…）, a number he never typed; and /linkgroup
    sent twice read 本群今后会收到…的待审核内容 again, as if it had just been linked. Now the
    area is named as not his, with his areas; and a group linked already is said to be."""
    async with BotHarness(repo) as bot:
        other = await bot.send(103, "/linkgroup east", chat_id=GROUP)
        await bot.send(101, "/linkgroup east", chat_id=GROUP)
        again = await bot.send(101, "/linkgroup east", chat_id=GROUP)
    assert repo.linked_group("east") == GROUP
    assert "编号" not in other[-1].text and "东小区" in other[-1].text, other[-1].text
    assert "西小区" in other[-1].text and "没有连接" in other[-1].text
    assert "已经" in again[-1].text and "没有改动" in again[-1].text, again[-1].text
    assert "今后会收到" not in again[-1].text
