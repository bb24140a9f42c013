"""Minutes (/meeting) and public questions (/ask, the 提问 button, /answer)
through the real Application, for every role: a resident, a supervisor, a
volunteer of the area, a volunteer of another area, the admin."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident, pid

from db.core import CHINA_TZ
from db.entries import Kind, Status

RESIDENT, SUPERVISOR, VOLUNTEER, SECOND, OTHER, ADMIN = 5001, 5002, 101, 102, 103, 900
REFUSED_STAFF = ("仅限志愿者", "只能由志愿者来做")  # a resident; a supervisor


@pytest.fixture
def east(repo):
    """east with a resident, a supervisor, a public issue and one ledger line."""
    resident = confirmed_resident(repo, RESIDENT, "c1/1/1/101", VOLUNTEER)
    repo.grant(pid(repo, ADMIN), SUPERVISOR, "east", role="supervisor")
    issue = repo.submit(resident, Kind.ISSUE, "east", {"category": "septic", "text": "化粪池满了"})
    repo.approve(issue.id, pid(repo, VOLUNTEER))
    spent = repo.submit(pid(repo, VOLUNTEER), Kind.EXPENSE, "east", {
        "amount_fen": 350000, "payee": "清运公司", "purpose": "化粪池清掏", "category": "repair"})
    repo.approve(spent.id, pid(repo, SECOND))
    return {"issue": issue.id}


def texts(calls, chat):
    return "\n".join(c.text for c in calls if c.chat_id == chat)


# -- minutes -----------------------------------------------------------------------------


async def record_minutes(bot, who, issue):
    calls = []
    calls += await bot.send(who, "/meeting")
    calls += await bot.press_label(who, "会诊")
    calls += await bot.press_label(who, "今天")
    for typed in ("社区活动室", "党支部书记、网格员、楼栋长", "12", "化粪池满溢，楼道积水",
                  "下一步", "提议清掏化粪池", f"#{issue}"):
        calls += await bot.send(who, typed)
    calls += await bot.send_photo(who, jpeg_bytes())
    calls += await bot.press_label(who, "提交")
    return calls


async def test_a_volunteer_records_minutes_a_second_approves_them(repo, east):
    async with BotHarness(repo) as bot:
        calls = await record_minutes(bot, VOLUNTEER, east["issue"])
        [m] = repo.entries(kind=Kind.MEETING)
        own = await bot.press(VOLUNTEER, f"q:a:{m.id}")
        second = await bot.press(SECOND, f"q:a:{m.id}")
    assert m.data["roles"] == ["党支部书记", "网格员", "楼栋长"] and m.data["residents"] == 12
    assert m.data["issues"] == [east["issue"]] and m.data["sheet"]
    assert "提议清掏化粪池" in texts(calls, SECOND)  # posted to the second volunteer
    assert "不公开" in texts(calls, SECOND)  # ... who is told the sheet stays private
    sheets = [c for c in calls if c.method == "sendPhoto" and "签到表" in c.text]
    assert [c.chat_id for c in sheets] == [SECOND]  # ... and sees it; the recorder has it
    assert not [c for c in calls if c.chat_id == VOLUNTEER and "q:a:" in str(c.buttons())]
    assert "另一位志愿者" in own[-1].text
    # where it went, in words a volunteer uses ("已发给 1 个聊天" read as jargon in a trial)
    assert "（已发给 1 处审核：其他志愿者或志愿者群）" in texts(calls, VOLUNTEER)
    assert "个聊天" not in texts(calls, VOLUNTEER)
    assert repo.entry(m.id).status == Status.APPROVED
    assert any(c.chat_id == VOLUNTEER and "会议纪要" in c.text for c in second)


async def test_a_sheet_of_two_pages_sent_as_an_album_keeps_both_and_a_third_later(repo, east):
    """A two-page attendance sheet sent as an album lost its second page ("这张照片没有
    保存：这一步不收照片"; found in the field trial of steward run)."""
    async with BotHarness(repo) as bot:
        await bot.send(VOLUNTEER, "/meeting")
        await bot.press_label(VOLUNTEER, "会诊")
        await bot.press_label(VOLUNTEER, "今天")
        for typed in ("社区活动室", "网格员、楼栋长", "２０人", "屋顶防水", "下一步",
                      "请施工队报价"):
            await bot.send(VOLUNTEER, typed)
        await bot.press_label(VOLUNTEER, "无")
        await bot.send_raw(VOLUNTEER, **_album(bot, jpeg_bytes((64, 48))))
        two = await bot.send_raw(VOLUNTEER, **_album(bot, jpeg_bytes((80, 60))))
        three = await bot.send_photo(VOLUNTEER, jpeg_bytes((96, 72)))  # a page taken later
        calls = await bot.press_label(VOLUNTEER, "提交")
    assert "照片 2 张（2 页）" in two[-1].text and "照片 3 张（3 页）" in three[-1].text
    [m] = repo.entries(kind=Kind.MEETING)
    assert m.data["residents"] == 20 and len(m.data["sheet_more"]) == 2
    assert len({m.data["sheet"], *m.data["sheet_more"]}) == 3
    sheets = [c for c in calls if c.method in ("sendPhoto", "sendMediaGroup")
              and c.chat_id == SECOND]
    assert sum(len(c.params.get("media") or [1]) for c in sheets) == 3  # all three pages
    assert "照片 3 张（3 页）" in texts(calls, SECOND)


def _album(bot, data: bytes) -> dict:
    """One photo of an album (Telegram sends each as a message of its own)."""
    file_id = f"sheet{len(bot.request.files) + 1}"
    bot.request.files[file_id] = data
    return {"photo": [{"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 64,
                       "height": 48, "file_size": len(data)}], "media_group_id": "sheet"}


async def test_one_part_of_the_minutes_is_changed_at_the_summary_and_the_rest_kept(repo,
                                                                                  east):
    """A wrong place seen at the summary could only be put right by cancelling and typing
    the minutes again (found in the field trial of steward run)."""
    async with BotHarness(repo) as bot:
        await bot.send(VOLUNTEER, "/meeting")
        await bot.press_label(VOLUNTEER, "楼栋会")
        await bot.press_label(VOLUNTEER, "今天")
        for typed in ("２０２６-１２-０３", "网格员、楼栋长", "12", "电线裸露", "下一步",
                      "周五前包好"):
            await bot.send(VOLUNTEER, typed)
        await bot.press_label(VOLUNTEER, "无")
        await bot.send_photo(VOLUNTEER, jpeg_bytes())
        asked = await bot.press_label(VOLUNTEER, "修改")
        await bot.press_label(VOLUNTEER, "地点")
        summary = await bot.send(VOLUNTEER, "1号楼楼下")
        await bot.press_label(VOLUNTEER, "修改")
        await bot.press_label(VOLUNTEER, "居民人数")
        again = await bot.send(VOLUNTEER, "十五人")
        await bot.press_label(VOLUNTEER, "提交")
    assert [label for label, _ in asked[-1].buttons()][:2] == ["日期", "地点"]
    assert "1号楼楼下" in summary[-1].text and "提交" in str(summary[-1].buttons())
    assert "居民 15 人" in again[-1].text and "1号楼楼下" in again[-1].text
    [m] = repo.entries(kind=Kind.MEETING)
    assert (m.data["place"], m.data["residents"], m.data["topics"]) == ("1号楼楼下", 15,
                                                                        "电线裸露")
    assert m.data["roles"] == ["网格员", "楼栋长"] and m.data["sheet"]


async def test_the_meeting_dates_examples_are_a_day_past_of_the_clocks_year(repo, east):
    """In 2026 /meeting asked for the date "例如 2025-03-12 或 3月12日" (and again after a
    date it could not read or a sticker): an example of last year. Now the examples are
    yesterday's, as a date and as said."""
    repo.clock.now = datetime(2026, 12, 4, 9, 0, tzinfo=CHINA_TZ)
    async with BotHarness(repo) as bot:
        await bot.send(VOLUNTEER, "/meeting")
        asked = await bot.press_label(VOLUNTEER, "议事会")
        bad = await bot.send(VOLUNTEER, "上周三")
        voiced = await bot.send_voice(VOLUNTEER)
    for said in (asked[-1].text, bad[-1].text, voiced[-1].text):
        assert "2026-12-03 或 12月3日" in said and "2025" not in said, said


async def test_the_minutes_flow_says_what_is_wrong_and_loses_nothing(repo, east):
    async with BotHarness(repo) as bot:
        await bot.send(VOLUNTEER, "/meeting")
        await bot.press_label(VOLUNTEER, "议事会")
        future = await bot.send(VOLUNTEER, "2099-01-01")
        bad = await bot.send(VOLUNTEER, "上周三")
        await bot.send(VOLUNTEER, "2025-01-01")
        await bot.send(VOLUNTEER, "活动室")
        await bot.send(VOLUNTEER, "网格员")
        count = await bot.send(VOLUNTEER, "十几个")
        await bot.send(VOLUNTEER, "0")
        await bot.send(VOLUNTEER, "停车")
        await bot.send(VOLUNTEER, "下一步")
        await bot.send(VOLUNTEER, "画车位")
        link = await bot.send(VOLUNTEER, "#99999")
        await bot.press_label(VOLUNTEER, "无")
        await bot.press_label(VOLUNTEER, "跳过")
        await bot.press_label(VOLUNTEER, "提交")
    assert "还没到" in future[-1].text and "12月31日" in bad[-1].text  # the day before
    assert "mt:today" in str(bad[-1].buttons())  # the 今天 button again
    assert "整数" in count[-1].text and "#99999" in link[-1].text
    [m] = repo.entries(kind=Kind.MEETING)
    assert (m.data["meeting_kind"], m.data["date"], m.data["issues"]) == ("council",
                                                                          "2025-01-01", [])
    assert "sheet" not in m.data


@pytest.mark.parametrize("typed, days_ago", [("今天", 0), ("昨天", 1), ("2024年12月1日", None),
                                             ("月日", 1)])
async def test_the_minutes_date_may_be_typed_as_today_yesterday_or_in_chinese(repo, east, typed,
                                                                          days_ago):
    async with BotHarness(repo) as bot:
        await bot.send(VOLUNTEER, "/meeting")
        await bot.press_label(VOLUNTEER, "会诊")
        if typed == "月日":  # yesterday without its year, as 12月3号 (the year before's
            day = repo.clock().date() - timedelta(days=1)  # when that is still to come)
            typed = f"{day.month}月{day.day}号"
        asked = await bot.send(VOLUNTEER, typed)  # typed, not pressed
        for step in ("社区活动室", "网格员", "３", "化粪池", "下一步", "清掏"):  # ３: full-width
            await bot.send(VOLUNTEER, step)
        await bot.press_label(VOLUNTEER, "无")
        await bot.press_label(VOLUNTEER, "跳过")
        await bot.press_label(VOLUNTEER, "提交")
    assert "在哪里" in asked[-1].text
    [m] = repo.entries(kind=Kind.MEETING)
    today = repo.clock().date()
    assert m.data["date"] == ("2024-12-01" if days_ago is None else
                              (today - timedelta(days=days_ago)).isoformat())
    assert m.data["residents"] == 3


@pytest.mark.parametrize("who", [RESIDENT, SUPERVISOR])
async def test_residents_and_supervisors_cannot_record_minutes(repo, east, who):
    async with BotHarness(repo) as bot:
        calls = await bot.send(who, "/meeting")
    assert any(w in calls[-1].text for w in REFUSED_STAFF)
    assert repo.entries(kind=Kind.MEETING) == []


@pytest.mark.parametrize("who", [RESIDENT, SUPERVISOR, OTHER])
async def test_only_a_volunteer_of_the_area_approves_minutes(repo, east, who):
    m = repo.record_meeting(pid(repo, VOLUNTEER), "east", meeting_kind="diagnosis",
                            date="2025-01-01", place="活动室", roles=["网格员"], residents=3,
                            topics="路灯", decisions="换灯")
    async with BotHarness(repo) as bot:
        await bot.press(who, f"q:a:{m.id}")
        await bot.send(who, f"/approve {m.id}")
        assert repo.entry(m.id).status == Status.PENDING
        await bot.send(ADMIN, f"/approve {m.id}")
    assert repo.entry(m.id).status == Status.APPROVED


# -- questions ---------------------------------------------------------------------------


async def test_a_resident_asks_a_volunteer_checks_and_answers_the_asker_is_told(repo, east):
    async with BotHarness(repo) as bot:
        asked = await bot.send(RESIDENT, "/ask 1 这笔钱给了谁？")
        submitted = await bot.press_label(RESIDENT, "提交")
        [q] = repo.entries(kind=Kind.QUESTION)
        checked = await bot.press(VOLUNTEER, f"q:a:{q.id}")
        answered = await bot.send(SECOND, f"/answer {q.id} 付给清运公司，发票已公开。")
    assert "第 1 笔" in asked[-1].text and "这笔钱给了谁" in asked[-1].text
    post = texts(submitted, VOLUNTEER)
    assert "化粪池清掏" in post and "个人信息" in post
    assert "公开" in texts(checked, RESIDENT)
    assert "付给清运公司" in texts(answered, RESIDENT)
    assert repo.entry(q.id).status == Status.ANSWERED
    assert "已告知" in texts(answered, SECOND) or "已发给" in texts(answered, SECOND)


async def test_a_question_typed_where_the_answer_is_asked_is_not_published(repo, east):
    """Found in the new volunteer's trial: what is typed after 答复 goes on the site and
    to the asker word for word, so 这个怎么回答？ is shown back first."""
    q = repo.ask(pid(repo, RESIDENT), "east", "line", 1, "这笔钱给了谁？")
    repo.approve(q.id, pid(repo, VOLUNTEER))
    async with BotHarness(repo) as bot:
        await bot.press(SECOND, f"ans:q:{q.id}")
        asked = await bot.send(SECOND, "这个怎么回答？")
        assert repo.entry(q.id).status == Status.APPROVED and not texts(asked, RESIDENT)
        assert "像是在问问题" in asked[-1].text
        answered = await bot.send(SECOND, "付给清运公司，发票已公开。")
    assert repo.entry(q.id).status == Status.ANSWERED
    assert "付给清运公司" in texts(answered, RESIDENT)


async def test_the_ask_button_under_accounts_and_mine_reaches_the_same_question(repo, east):
    async with BotHarness(repo) as bot:
        accounts = await bot.send(SUPERVISOR, "/accounts")
        assert any("提问" in label for label, _ in accounts[-1].buttons())
        await bot.press_label(SUPERVISOR, "提问")
        offered = await bot.press_label(SUPERVISOR, "第 1 笔")
        await bot.send(SUPERVISOR, "发票在哪里？")
        await bot.press_label(SUPERVISOR, "提交")
        mine = await bot.send(RESIDENT, "/mine")
    [q] = repo.entries(kind=Kind.QUESTION)
    assert (q.data["target"], q.data["ref"], q.author_role) == ("line", 1, "监督员")
    assert "问题" in offered[-1].text
    assert any("提问" in label for label, _ in mine[-1].buttons())


async def test_a_question_naming_its_line_typed_at_which_one_is_taken_whole(repo, east):
    """第1笔这钱给了谁？ typed where the line is asked was answered "please type a line
    number" and lost (found trying the bot as a resident): the line and the question
    are both taken, and the summary asks to confirm them."""
    async with BotHarness(repo) as bot:
        await bot.send(RESIDENT, "/accounts")
        await bot.press_label(RESIDENT, "提问")
        calls = await bot.send(RESIDENT, "第1笔这钱给了谁？")
        await bot.press_label(RESIDENT, "提交")
    assert "关于第 1 笔账的提问：第1笔这钱给了谁？" in calls[-1].text
    [q] = repo.entries(kind=Kind.QUESTION)
    assert (q.data["target"], q.data["ref"], q.data["text"]) == ("line", 1, "第1笔这钱给了谁？")


async def test_a_question_naming_no_line_typed_at_which_one_is_kept_while_she_chooses(repo,
                                                                                     east):
    """Found trying the bot as a resident: 提问, then the question typed straight away
    (路灯维修费为什么这么贵？) was answered "please type a line number", and she had to
    type it all again. It is kept; the line she presses next takes it to the summary."""
    async with BotHarness(repo) as bot:
        await bot.send(RESIDENT, "/accounts")
        await bot.press_label(RESIDENT, "提问")
        kept = await bot.send(RESIDENT, "清掏费为什么这么贵？谁批的")
        assert "已记下" in kept[-1].text and not repo.entries(kind=Kind.QUESTION)
        summary = await bot.press_label(RESIDENT, "第 1 笔")
        await bot.press_label(RESIDENT, "提交")
    assert "关于第 1 笔账的提问：清掏费为什么这么贵？谁批的" in summary[-1].text
    [q] = repo.entries(kind=Kind.QUESTION)
    assert (q.data["ref"], q.data["text"]) == (1, "清掏费为什么这么贵？谁批的")


async def test_ask_with_a_question_and_no_line_offers_the_lines_and_keeps_it(repo, east):
    async with BotHarness(repo) as bot:
        offered = await bot.send(RESIDENT, "/ask 清掏费为什么这么贵？")
        typed = await bot.send(RESIDENT, "1")
        await bot.press_label(RESIDENT, "提交")
    assert any("第 1 笔" in label for label, _ in offered[-1].buttons())
    assert "清掏费为什么这么贵？" in typed[-1].text
    [q] = repo.entries(kind=Kind.QUESTION)
    assert (q.data["ref"], q.data["text"]) == (1, "清掏费为什么这么贵？")


@pytest.mark.parametrize("typed", ["3 6", "第 99", "#x"])
async def test_a_mistyped_number_at_which_one_is_asked_again_not_kept_as_the_question(
        repo, east, typed):
    async with BotHarness(repo) as bot:
        await bot.send(RESIDENT, "/ask")
        answered = await bot.send(RESIDENT, typed)
        asked = await bot.press_label(RESIDENT, "第 1 笔")
    assert "已记下" not in answered[-1].text
    assert "请写下您的问题" in asked[-1].text or "问题" in asked[-1].text
    assert "提交" not in [label for label, _ in asked[-1].buttons()]


@pytest.mark.parametrize("who", [VOLUNTEER, OTHER, ADMIN, 5009])
async def test_who_is_no_resident_or_supervisor_of_the_area_cannot_ask(repo, east, who):
    async with BotHarness(repo) as bot:
        calls = await bot.send(who, "/ask 1 这笔钱给了谁？")
        forged = await bot.press(who, "ask:ok")
    assert "居民" in calls[-1].text or "监督员" in calls[-1].text
    assert "失效" in forged[-1].text
    assert repo.entries(kind=Kind.QUESTION) == []


async def test_a_supervisors_question_left_by_a_menu_button_is_kept_and_taken_up(repo, east):
    """A question is kept when left, as a report is; a supervisor (no resident of the
    area) may take hers up again, and is not told to register a household."""
    async with BotHarness(repo) as bot:
        await bot.send(SUPERVISOR, "/ask 1")
        await bot.send(SUPERVISOR, "这笔清掏费是按什么标准付的？")
        note = await bot.send(SUPERVISOR, "账目")
        assert "您没填完的“提问”先为您保留 24 小时" in note[0].text
        [go] = [d for label, d in note[0].buttons() if label == "继续填写"]
        calls = await bot.press(SUPERVISOR, go)
        assert "接着填写您的“提问”" in texts(calls, SUPERVISOR)
        assert "这笔清掏费是按什么标准付的？" in calls[-1].text
        [ok] = [d for _, d in calls[-1].buttons() if d.startswith("ask:ok")]
        await bot.press(SUPERVISOR, ok)
    [q] = repo.entries(kind=Kind.QUESTION)
    assert q.author == pid(repo, SUPERVISOR) and q.data["text"] == "这笔清掏费是按什么标准付的？"


async def test_a_question_typed_with_ask_and_left_by_a_menu_button_is_kept(repo, east):
    """/ask 1 这笔钱给了谁？ shows the confirmation at once; a menu button pressed then
    dropped the question without a word (nothing counted as entered after the start).
    Now what was typed with the command counts: the question is kept, and taken up."""
    async with BotHarness(repo) as bot:
        await bot.send(RESIDENT, "/ask 1 这笔钱给了谁？")
        note = await bot.send(RESIDENT, "账目")
        assert "您没填完的“提问”先为您保留 24 小时" in note[0].text
        [go] = [d for label, d in note[0].buttons() if label == "继续填写"]
        calls = await bot.press(RESIDENT, go)
        [ok] = [d for _, d in calls[-1].buttons() if d.startswith("ask:ok")]
        await bot.press(RESIDENT, ok)
        await bot.send(RESIDENT, "/ask 1")  # nothing typed yet: nothing to keep or lose
        quiet = await bot.send(RESIDENT, "账目")
        assert "提问" not in quiet[0].text
    [q] = repo.entries(kind=Kind.QUESTION)
    assert q.data["text"] == "这笔钱给了谁？"


async def test_a_question_left_idle_at_its_confirmation_is_kept_with_its_line(repo, east):
    """/ask 1 这笔钱给了谁？ left at its confirmation timed out with 操作超时，没有保存:
    the question and the line it is about gone. Now it is kept for a day and taken up."""
    import time

    from bot.conversation import IdleConversation

    async with BotHarness(repo) as bot:
        await bot.send(RESIDENT, "/ask 1 这笔钱给了谁？")
        [flow] = [h for hs in bot.app.handlers.values() for h in hs
                  if isinstance(h, IdleConversation) and h.name == "ask"]
        assert await flow.end_idle(bot.app, now=time.monotonic() + 16 * 60) == 1
        note = bot.sent()[-1]
        assert note.text == ("您有一阵子没有回复，刚才填的先停下了，还没有交给志愿者。\n"
                             "您没填完的“提问”先为您保留 24 小时，"
                             "要接着填请点“继续填写”。")
        [go] = [d for label, d in note.buttons() if label == "继续填写"]
        calls = await bot.press(RESIDENT, go)
        [ok] = [d for _, d in calls[-1].buttons() if d.startswith("ask:ok")]
        await bot.press(RESIDENT, ok)
    [q] = repo.entries(kind=Kind.QUESTION)
    assert q.data["text"] == "这笔钱给了谁？"


async def test_a_question_about_nothing_public_is_refused_in_the_flow(repo, east):
    async with BotHarness(repo) as bot:
        nothing = await bot.send(RESIDENT, "/ask 99 这笔是什么？")
        issue = await bot.send(RESIDENT, f"/ask #{east['issue']} 什么时候修？")
        forged = await bot.press(RESIDENT, "ask:t:l:99")
    assert "99" in nothing[-1].text and f"#{east['issue']}" in issue[-1].text
    assert "失效" in forged[-1].text
    assert repo.entries(kind=Kind.QUESTION) == []


async def test_a_line_not_in_the_accounts_is_said_so_with_the_newest_line(repo, east):
    """/ask 第999笔 read 您所在区域没有第 999 笔账，也没有公开的提议、选举或会议纪要 #999,
    an entry number she never typed; now only the line, the newest there is and where
    the numbers are shown, and #999 typed is said of votes and meetings only."""
    async with BotHarness(repo) as bot:
        line = await bot.send(RESIDENT, "/ask 第999笔")
        entry = await bot.send(RESIDENT, "/ask #999 这是什么？")
    assert line[-1].text == ("您所在区域的账目里没有第 999 笔，最新的一笔是第 1 笔。每笔账的序号"
                             "（第 N 笔）可以点菜单里的“账目”查看。")
    assert entry[-1].text == "您所在区域没有公开的提议、选举或会议纪要 #999。"
    assert repo.entries(kind=Kind.QUESTION) == []


@pytest.mark.parametrize("who", [RESIDENT, SUPERVISOR, OTHER])
async def test_only_a_volunteer_of_the_area_answers(repo, east, who):
    q = repo.ask(pid(repo, RESIDENT), "east", "line", 1, "这笔钱给了谁？")
    repo.approve(q.id, pid(repo, VOLUNTEER))
    async with BotHarness(repo) as bot:
        typed = await bot.send(who, f"/answer {q.id} 我来答")
        await bot.press(who, f"ans:q:{q.id}")
        await bot.send(who, "我来答")
    assert repo.entry(q.id).status == Status.APPROVED
    if who == OTHER:
        assert "志愿者" in typed[-1].text
    else:
        assert any(w in typed[-1].text for w in REFUSED_STAFF)


async def test_the_answer_button_shows_nothing_of_another_areas_entry_or_a_non_question(repo,
                                                                                      east):
    q = repo.ask(pid(repo, RESIDENT), "east", "line", 1, "这笔钱给了谁？")
    pending = repo.submit(pid(repo, RESIDENT), Kind.ISSUE, "east",
                          {"category": "lighting", "text": "三号楼路灯不亮，还没审核"})
    async with BotHarness(repo) as bot:
        other = await bot.press(OTHER, f"ans:q:{q.id}")  # a volunteer of another area
        issue = await bot.press(VOLUNTEER, f"ans:q:{pending.id}")  # not a question
        typed = await bot.send(VOLUNTEER, f"/answer {pending.id}")
        unchecked = await bot.press(VOLUNTEER, f"ans:q:{q.id}")  # not public yet
        await bot.send(VOLUNTEER, "我来答")  # nothing is waiting for an answer
    shown = "\n".join(c.text for c in other + issue + typed)
    assert "这笔钱给了谁" not in shown and "路灯不亮" not in shown
    assert "志愿者" in other[-1].text and "不是提问" in issue[-1].text
    # her own area's question not yet public: posted with its ✅ / ❌, as /pending shows it
    # her (bot.handlers.answer_waiting)
    said = [c.text for c in unchecked if c.method == "sendMessage"]
    assert "还没有公开" in said[0] and "审核" in said[0], said
    assert ("✅ 通过", f"q:a:{q.id}") in unchecked[-1].buttons()
    assert repo.entry(q.id).status == Status.PENDING and "answer" not in repo.entry(q.id).data


async def test_answer_lists_the_waiting_questions_with_days_and_a_button(repo, east):
    q = repo.ask(pid(repo, RESIDENT), "east", "line", 1, "这笔钱给了谁？")
    repo.approve(q.id, pid(repo, VOLUNTEER))
    repo.clock.now = repo.clock.now.replace(day=repo.clock.now.day + 4)  # type: ignore[attr-defined]
    async with BotHarness(repo) as bot:
        listed = await bot.send(SECOND, "/answer")
        await bot.press_label(SECOND, f"#{q.id}")
        done = await bot.send(SECOND, "付给清运公司")
    assert "4 天" in listed[-1].text and "这笔钱给了谁" in listed[-1].text
    assert repo.entry(q.id).data["answer"] == "付给清运公司"
    assert "付给清运公司" in texts(done, RESIDENT)
    repo.record_meeting(pid(repo, VOLUNTEER), "east", meeting_kind="building",
                        date="2025-01-01", place="1号楼", roles=["楼栋长"], residents=5,
                        topics="楼道堆物", decisions="周末清理")
    async with BotHarness(repo) as bot:
        mine = await bot.send(RESIDENT, "/mine")
        minutes = await bot.send(VOLUNTEER, "/mine")
    assert "已答复" in mine[-1].text and "答复：付给清运公司" in mine[-1].text
    assert "提问" in mine[-1].text
    assert "会议纪要" in minutes[-1].text and "楼栋会 2025-01-01" in minutes[-1].text


async def test_a_volunteers_mine_names_each_expense_by_its_purpose_and_amount(repo, east):
    """A grid worker's 我的 listed an expense as "#372 支出（2025-12-26）： —— 已入账",
    with nothing said of it (found in the field trial of steward run)."""
    async with BotHarness(repo) as bot:
        mine = await bot.send(VOLUNTEER, "/mine")
    assert "支出" in mine[-1].text and "化粪池清掏 ¥3,500.00 —— 已入账" in mine[-1].text


async def test_minutes_or_a_question_confirmed_under_another_summary_are_not_stored(repo, east):
    from test_bot_seals import SAID, restore, sealed_button
    async with BotHarness(repo) as bot:
        await bot.send(VOLUNTEER, "/meeting")
        await bot.press_label(VOLUNTEER, "会诊")
        await bot.press_label(VOLUNTEER, "今天")
        for typed in ("社区活动室", "网格员", "12", "化粪池满溢", "下一步", "提议清掏化粪池"):
            await bot.send(VOLUNTEER, typed)
        await bot.press_label(VOLUNTEER, "无")
        shown = await bot.press_label(VOLUNTEER, "跳过")
        restore(bot, VOLUNTEER, "meeting", decisions="暂缓清掏")
        again = await bot.press(VOLUNTEER, sealed_button(shown, VOLUNTEER, "mt:ok"))
        assert SAID in texts(again, VOLUNTEER) and "暂缓清掏" in texts(again, VOLUNTEER)
        assert repo.entries(kind=Kind.MEETING) == []
        await bot.press(VOLUNTEER, sealed_button(again, VOLUNTEER, "mt:ok"))
        asked = await bot.send(RESIDENT, "/ask 1 这笔钱给了谁？")
        restore(bot, RESIDENT, "ask", text="发票在哪里？")
        again = await bot.press(RESIDENT, sealed_button(asked, RESIDENT, "ask:ok"))
        assert SAID in texts(again, RESIDENT) and "发票在哪里？" in texts(again, RESIDENT)
        assert repo.entries(kind=Kind.QUESTION) == []
        await bot.press(RESIDENT, sealed_button(again, RESIDENT, "ask:ok"))
    [m] = repo.entries(kind=Kind.MEETING)
    [q] = repo.entries(kind=Kind.QUESTION)
    assert m.data["decisions"] == "暂缓清掏" and q.data["text"] == "发票在哪里？"


def test_a_line_number_typed_in_chinese_numerals_or_full_width_digits_is_read():
    """At 'which line?', a resident typed 第一笔 (found in a trial of the real steward
    run) and was asked again for the number: words and full-width digits are read too."""
    from bot.handlers.ask import parse_target

    assert parse_target("第一笔") == ("line", 1)
    assert parse_target("第三十六笔") == ("line", 36)
    assert parse_target("十二") == ("line", 12)
    assert parse_target("一百零五") == ("line", 105)
    assert parse_target("第３６笔") == ("line", 36) and parse_target("＃12") == ("entry", 12)
    assert parse_target("36") == ("line", 36)
    for text in ("一些", "第零笔", "第笔", "百万"):
        assert parse_target(text) is None, text


async def test_a_question_waiting_after_a_restart_shows_the_line_it_is_about(tmp_path,
                                                                             street_config,
                                                                             clock):
    """The same swallowed error as a correction's: after a restart a question's post
    could name its ledger line without the line (found in the field trial)."""
    from db.repository import Repository

    repo = Repository.init(tmp_path / "data", street_config, clock=clock)
    resident = confirmed_resident(repo, RESIDENT, "c1/1/1/101", VOLUNTEER)
    spent = repo.submit(pid(repo, VOLUNTEER), Kind.EXPENSE, "east", {
        "amount_fen": 350000, "payee": "清运公司", "purpose": "化粪池清掏", "category": "repair"})
    repo.approve(spent.id, pid(repo, SECOND))
    q = repo.ask(resident, "east", "line", 1, "这笔钱给了谁？")
    repo.close()
    repo = Repository.open(tmp_path / "data", clock=clock)  # the bot restarts
    try:
        async with BotHarness(repo) as bot:
            calls = await bot.send(VOLUNTEER, "/pending")
        [post] = [c.text for c in calls if f"#{q.id}" in c.text]
        assert "化粪池清掏" in post and "¥3,500.00" in post
    finally:
        repo.close()


async def test_the_open_items_to_link_are_one_a_line_and_a_long_one_ends_with_dots(repo, east):
    """Tried with the real bot: the open reports and votes offered to link were run
    together with "; " and cut mid-word ("#114 外来车辆天天停在消防通道上，救护; #363 …").
    Each is now on its own line; one cut short ends with "…"."""
    long = repo.submit(pid(repo, RESIDENT), Kind.ISSUE, "east",
                       {"category": "parking", "text": "外来车辆天天停在消防通道上，救护车进不来"})
    repo.approve(long.id, pid(repo, VOLUNTEER))
    async with BotHarness(repo) as bot:
        await bot.send(VOLUNTEER, "/meeting")
        await bot.press_label(VOLUNTEER, "会诊")
        await bot.press_label(VOLUNTEER, "今天")
        for typed in ("社区活动室", "网格员", "12", "停车", "下一步"):
            await bot.send(VOLUNTEER, typed)
        asked = await bot.send(VOLUNTEER, "清理消防通道")
    lines = asked[-1].text.split("\n")
    assert f"#{east['issue']} 化粪池满了" in lines
    assert f"#{long.id} 外来车辆天天停在消防通道上，救…" in lines, lines
    assert "; " not in asked[-1].text


async def test_a_question_on_a_vote_names_it_as_the_proposal_it_is_everywhere(repo, east):
    """The ask flow offered 表决 #N, the volunteers' post read 关于：表决 #N and the
    asker's answer 您关于表决 #N 的提问, while the same vote was announced as 新提议 #N
    and the site heads it 提议 #N; an election is 选举 #N."""
    doors = repo.create_proposal(pid(repo, VOLUNTEER), "east", title="安装单元门",
                                 description="", budget_fen=0, matter="everyday",
                                 deadline="2099-01-01")
    vote = repo.open_election(pid(repo, VOLUNTEER), "east", title="第一届物管会选举", seats=1,
                              candidates=["候选人甲（退休教师）", "候选人乙（楼长）"],
                              deadline="2099-01-20")
    async with BotHarness(repo) as bot:
        offered = await bot.send(RESIDENT, "/ask")
        labels = [label for label, _ in offered[-1].buttons()]
        await bot.press(RESIDENT, f"ask:t:p:{vote.id}")
        summary = await bot.send(RESIDENT, "候选人什么时候介绍？")
        submitted = await bot.press_label(RESIDENT, "提交")
        [q] = repo.entries(kind=Kind.QUESTION)
        await bot.press(VOLUNTEER, f"q:a:{q.id}")
        answered = await bot.send(SECOND, f"/answer {q.id} 下周在活动室介绍。")
        asked = await bot.send(RESIDENT, f"/ask #{doors.id} 什么时候开工？")
    assert f"提议 #{doors.id}：安装单元门" in labels
    assert f"选举 #{vote.id}：第一届物管会选举" in labels
    assert f"选举 #{vote.id}" in summary[-1].text
    assert f"关于：选举 #{vote.id}" in texts(submitted, VOLUNTEER)
    assert f"选举 #{vote.id}" in texts(answered, RESIDENT)
    assert f"提议 #{doors.id}" in asked[-1].text
    everything = "\n".join(c.text for c in bot.request.calls) + "\n".join(labels)
    assert "表决 #" not in everything
