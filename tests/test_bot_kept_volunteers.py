"""The volunteers' money flows (/income, /expense) and /propose keep a draft left in the
middle by a menu button or a command, as the residents' flows do (bot/kept.py): 继续填写
says what was entered and asks the step again; only someone still a volunteer of the
draft's area may take it up; nothing is recorded without the volunteer's own last step."""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes
from conftest import pid

from db.entries import Kind, Status

GONE = "已经不在了"


def _data(calls, label: str) -> str:
    [data] = [d for c in calls for t, d in c.buttons() if t == label]
    return data


async def _income_left_at_the_receipt(bot: BotHarness, tid: int = 101,
                                      leave: str = "/accounts") -> list:
    """A fee: sanitation, household 101, 2025, ¥130 typed; left at the receipt step."""
    await bot.send(tid, "/income")
    await bot.press(tid, "inc:fee:sanitation")
    await bot.press(tid, "inc:unit:0")
    await bot.press(tid, "inc:hh:0")
    await bot.press(tid, "inc:per:2025")
    asked = await bot.send(tid, "130")
    assert "收据" in asked[-1].text
    return await bot.send(tid, leave)


async def test_income_left_by_a_command_is_kept_and_recorded_only_at_its_own_last_step(repo):
    async with BotHarness(repo) as bot:
        calls = await _income_left_at_the_receipt(bot)
        note = calls[0]
        assert "您没填完的“收费登记（/income）”先为您保留 24 小时" in note.text
        assert [t for t, _ in note.buttons()] == ["继续填写", "放弃"]
        assert "东小区账目" in calls[-1].text  # /accounts did what it does (her area's)
        again = await bot.send(101, "/income")  # starting it again offers the draft
        assert len(again) == 1 and "您有一份没填完的“收费登记（/income）”" in again[0].text
        calls = await bot.press(101, _data(again, "继续填写"))
        texts = [c.text for c in calls if c.text]
        assert texts[0] == ("接着填写您的“收费登记（/income）”：\n"
                            "已填写：卫生费 · 东小区 1号楼 1单元 101 · 2025 · ¥130.00")
        assert len(texts) == 2  # what was entered, then the step left: two messages
        assert "收据" in texts[-1] and calls[-1].buttons() == [("没有收据", "inc:skip:1"),
                                                            ("⬅️ 上一步", "inc:back:amount")]
        assert repo.entries(kind=Kind.FEE_INCOME) == []  # nothing before the last step
        await bot.press(101, "inc:skip:1")
        await bot.press_label(101, "确认登记", exact=True)
        stale = await bot.press(101, _data([note], "继续填写"))
        assert GONE in stale[-1].text
    [fee] = repo.entries(kind=Kind.FEE_INCOME, status=Status.PENDING)
    assert (fee.data["household"], fee.data["period"], fee.data["amount_fen"]) == (
        "c1/1/1/101", "2025", 13000)


async def test_income_left_at_the_household_is_asked_its_household_again(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:sanitation")
        await bot.press(101, "inc:unit:0")
        note = await bot.send(101, "账目")
        calls = await bot.press(101, _data(note, "继续填写"))
        assert "哪一户" in calls[-1].text
        assert ("101", "inc:hh:0") in calls[-1].buttons()
        period = await bot.press(101, "inc:hh:0")
        assert "期间" in period[-1].text


async def test_a_revoked_volunteer_cannot_take_up_a_kept_income(repo):
    async with BotHarness(repo) as bot:
        note = await _income_left_at_the_receipt(bot)
        repo.revoke(pid(repo, 900), 101, "east")
        calls = await bot.press(101, _data(note, "继续填写"))
        assert "您已不再担任志愿者" in calls[-1].text and "没有做任何改动" in calls[-1].text
        later = await bot.send(101, "没有收据")  # not back in the flow: nothing recorded
        assert "已记录" not in later[-1].text
        assert "kept" not in bot.app.user_data[101]
    assert repo.entries(kind=Kind.FEE_INCOME) == []


async def test_a_revoked_volunteer_starting_income_again_is_refused_not_offered_the_draft(repo):
    async with BotHarness(repo) as bot:
        await _income_left_at_the_receipt(bot)
        repo.revoke(pid(repo, 900), 101, "east")
        calls = await bot.send(101, "/income")
        assert "您已不再担任志愿者" in calls[-1].text
        assert all("没填完" not in c.text for c in calls) and calls[-1].buttons() == []
        assert "kept" not in bot.app.user_data[101]


async def test_a_volunteer_moved_to_another_area_cannot_take_up_the_first_areas_draft(repo):
    async with BotHarness(repo) as bot:
        note = await _income_left_at_the_receipt(bot)
        repo.grant(pid(repo, 900), 101, "west", "网格员")
        repo.revoke(pid(repo, 900), 101, "east")
        calls = await bot.press(101, _data(note, "继续填写"))
        assert "您已不是东小区的志愿者" in calls[-1].text
        assert "没有记录任何内容" in calls[-1].text
        later = await bot.send(101, "没有收据")
        assert "已记录" not in later[-1].text
    assert repo.entries(kind=Kind.FEE_INCOME) == []


async def test_an_expense_left_at_the_publish_question_asks_for_its_photo_again(repo):
    async with BotHarness(repo) as bot:
        await bot.send(102, "/expense")
        await bot.send(102, "三百五十元")
        await bot.send(102, "老李五金店")
        await bot.send(102, "更换3号楼路灯灯泡")
        await bot.press(102, "exp:cat:repair")
        await bot.send_photo(102, jpeg_bytes())
        note = await bot.send(102, "/start")
        assert "您没填完的“支出登记（/expense）”先为您保留" in note[0].text
        calls = await bot.press(102, _data(note, "继续填写"))
        texts = [c.text for c in calls if c.text]
        assert texts[0].endswith("\n已填写：¥350.00 · 老李五金店 · 更换3号楼路灯灯泡 · 维修")
        assert "照片" in texts[-1] and calls[-1].buttons() == [  # the photo, asked again
            ("没有收据", "exp:norcpt:1"), ("⬅️ 上一步", "exp:back:category")]
        assert repo.entries(kind=Kind.EXPENSE) == []
        asked = await bot.send_photo(102, jpeg_bytes())
        assert [d for _, d in asked[-1].buttons()] == ["exp:pub:1", "exp:pub:0",
                                                       "exp:back:receipt"]
        await bot.press(102, "exp:pub:0")
        await bot.press(102, "exp:ok:1")
    [entry] = repo.entries(kind=Kind.EXPENSE, status=Status.PENDING)
    assert (entry.data["amount_fen"], entry.data["payee"], entry.data["receipt_public"]) == (
        35000, "老李五金店", False)


async def test_a_proposal_left_at_its_deadline_is_taken_up_and_opens_only_when_confirmed(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/propose")
        await bot.send(101, "硬化路面")
        await bot.send(101, "把3号楼前的土路硬化")
        await bot.send(101, "15000")
        await bot.press(101, "prop:mt:use_maintenance_fund")
        note = await bot.send(101, "账目")
        assert "您没填完的“新提议（/propose）”先为您保留" in note[0].text
        calls = await bot.press(101, _data(note, "继续填写"))
        texts = [c.text for c in calls if c.text]
        assert texts[0].startswith("接着填写您的“新提议（/propose）”：\n已填写：“硬化路面” · "
                                   "把3号楼前的土路硬化 · ¥15,000.00")
        assert "第二百七十八条第五项" in texts[0]  # the matter chosen
        assert "第二百七十八条第五项" in calls[-1].text  # the deadline question again
        summary = await bot.send(101, "2025-02-01")
        assert "硬化路面" in summary[-1].text and "¥15,000.00" in summary[-1].text
        assert repo.entries(kind=Kind.PROPOSAL) == []
        await bot.press(101, "prop:ok:1")
    [proposal] = repo.entries(kind=Kind.PROPOSAL)
    assert proposal.data["title"] == "硬化路面" and proposal.data["deadline"] == "2025-02-01"


async def test_income_left_idle_with_its_receipt_is_kept_and_recorded_only_at_its_last_step(
        repo):
    """A volunteer's /income left idle at its confirmation, receipt photo sent: it timed
    out with 操作超时，没有保存, the fee, household, period, amount and receipt gone. Now it
    is kept a day under 继续填写, and recorded only when he confirms it."""
    import time

    from bot.conversation import IdleConversation

    async with BotHarness(repo) as bot:
        await bot.send(101, "/income")
        await bot.press(101, "inc:fee:sanitation")
        await bot.press(101, "inc:unit:0")
        await bot.press(101, "inc:hh:0")
        await bot.press(101, "inc:per:2025")
        await bot.send(101, "130")
        summary = await bot.send_photo(101, jpeg_bytes((40, 30)))
        assert "¥130.00" in summary[-1].text
        [flow] = [h for hs in bot.app.handlers.values() for h in hs
                  if isinstance(h, IdleConversation) and h.name == "income"]
        assert await flow.end_idle(bot.app, now=time.monotonic() + 16 * 60) == 1
        note = bot.sent()[-1]
        assert note.text == ("您有一阵子没有回复，刚才填的先停下了，还没有交给志愿者。\n"
                             "您没填完的“收费登记（/income）”先为您保留 "
                             "24 小时，要接着填请点“继续填写”。")
        assert repo.entries(kind=Kind.FEE_INCOME) == []
        calls = await bot.press(101, _data([note], "继续填写"))
        assert "¥130.00" in calls[-1].text
        await bot.press_label(101, "确认登记", exact=True)
    [fee] = repo.entries(kind=Kind.FEE_INCOME, status=Status.PENDING)
    assert (fee.data["household"], fee.data["amount_fen"]) == ("c1/1/1/101", 13000)
    assert fee.data.get("receipt")
