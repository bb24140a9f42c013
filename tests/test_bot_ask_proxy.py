"""A question about a report a volunteer recorded for a household (/proxy, 代办): the
entry's author is that volunteer, but the report is the household's. Before, she got
"关于您的报事 #N…，志愿者想问您" as if it were hers, and her answer went to the others
as "提交人回答了"; now she is asked to check with the household (named by building,
unit and room, as volunteers see it), and her answer reads as the household's, relayed
by her."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import pid

from db.author_questions import asked_of
from db.entries import Kind, Status

HOUSEHOLD = "c1/1/1/101"


def _recorded_by_102(repo):
    return repo.submit_for(pid(repo, 102), HOUSEHOLD, Kind.ISSUE,
                           {"category": "lighting", "text": "楼道灯坏了"})


async def _ask(bot, entry):
    await bot.send(101, f"/reject {entry.id}")
    await bot.send(101, "哪个单元的楼道？")
    return await bot.press_label(101, "请代办的志愿者问住户")


async def test_the_reason_step_offers_to_have_the_household_asked(repo):
    # before, 只问提交人，先不驳回, as if the volunteer who recorded it were its author
    entry = _recorded_by_102(repo)
    place = repo.street.household_label(HOUSEHOLD)
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/reject {entry.id}")
        shown = await bot.send(101, "哪个单元的楼道？")
    assert ("❓ 请代办的志愿者问住户，先不驳回", "rjq:ask") in shown[-1].buttons()
    assert place in shown[-1].text and "只问提交人" not in shown[-1].text


async def test_the_question_asks_the_recording_volunteer_to_check_with_the_household(repo):
    entry = _recorded_by_102(repo)
    place = repo.street.household_label(HOUSEHOLD)
    async with BotHarness(repo) as bot:
        calls = await _ask(bot, entry)
    [to_her] = [c for c in calls if c.chat_id == 102]
    assert "关于您的" not in to_her.text and "想问您" not in to_her.text
    assert place in to_her.text and "代为登记" in to_her.text
    assert "问问这户住户" in to_her.text and "哪个单元的楼道？" in to_her.text
    assert to_her.buttons() == [("✍️ 回答", f"aq:{entry.id}:1")]
    told = [c for c in calls if c.chat_id == 101][-1].text
    assert place in told and "代为登记" in told and "仍在等待审核" in told


async def test_her_answer_is_the_households_relayed_by_her(repo):
    entry = _recorded_by_102(repo)
    place = repo.street.household_label(HOUSEHOLD)
    async with BotHarness(repo) as bot:
        await _ask(bot, entry)
        pressed = await bot.press(102, f"aq:{entry.id}:1")
        calls = await bot.send(102, "3单元，二楼到三楼之间")
        pending = await bot.send(101, "/pending")
    assert "住户的回答" in pressed[-1].text and place in pressed[-1].text
    [told] = [c for c in calls if c.chat_id == 101]
    assert "3单元，二楼到三楼之间" in told.text and place in told.text
    assert "转达" in told.text and "提交人回答" not in told.text
    assert "乙志愿者" in told.text
    assert any("答（住户，由代为登记的志愿者转达）：3单元" in c.text for c in pending)
    assert asked_of(repo.entry(entry.id))[0]["answer"] == "3单元，二楼到三楼之间"
    assert repo.entry(entry.id).status == Status.PENDING


async def test_an_unanswered_question_says_the_household_is_being_asked(repo):
    # before, 答：（提交人还没有回答）, the recording volunteer read as its author
    entry = _recorded_by_102(repo)
    async with BotHarness(repo) as bot:
        await _ask(bot, entry)
        pending = await bot.send(101, "/pending")
        mine = await bot.send(102, "我的")
    for calls in (pending, mine):
        said = "\n".join(c.text for c in calls)
        assert "答：（还没有回答，由代为登记的志愿者去问住户）" in said, said
        assert "提交人还没有回答" not in said


async def test_the_reason_shown_back_says_it_goes_to_the_recording_volunteer_for_the_household(
        repo):
    # before, 驳回理由会原样发给提交人 … 如果这句话就是要告诉提交人的: the household has no
    # phone, and the reason reaches the volunteer who recorded it, to pass on
    entry = _recorded_by_102(repo)
    place = repo.street.household_label(HOUSEHOLD)
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/reject {entry.id}")
        asked = await bot.send(101, "哪个单元的楼道？")
        await bot.send(101, "取消")
        await bot.send(101, f"/reject {entry.id}")
        short = await bot.send(101, "好")
    for calls in (asked, short):
        first = calls[-1].text.split("\n")[0]
        assert "提交人" not in first, first
        assert place in first and "代为登记" in first and "转告住户" in first
    assert short[-1].buttons() == [("❌ 就用这句话驳回", "rjq:ok")]
    assert repo.entry(entry.id).status == Status.PENDING


async def test_the_reason_asked_says_who_reads_it_for_a_report_recorded_for_a_household(repo):
    # before, 请写一句驳回理由，提交人会看到: the household has no phone
    entry = _recorded_by_102(repo)
    place = repo.street.household_label(HOUSEHOLD)
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/reject {entry.id}")
    said = asked[-1].text
    assert "提交人会看到" not in said, said
    assert place in said and "代为登记" in said and "转告住户" in said
