"""Words typed at 缴费登记's summary that are no amount (是去年交的, 替楼上王阿姨交的):
they were lost (at last said "not kept: a fee report has no note"), and the volunteer
approving the fee never read them. Now they are the report's note: said back, shown in
its summary, kept with the report, shown on the volunteers' approval post and in her own
我的 and /mydata; sent again they replace it, 删除备注 removes it, a note too long is
refused with the old one kept. Never on the public site (``test_fee_remark``)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid
from test_bot_pay import HOME, _fees, _to_amount

from db.fee_remark import MAX_REMARK


async def _at_summary(bot, uid=7001):
    await _to_amount(bot, uid)
    await bot.send(uid, "120")
    return await bot.press(uid, "pay:skip")


async def test_words_at_the_summary_are_kept_as_the_note_and_shown_to_the_approvers(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _at_summary(bot)
        calls = await bot.send(7001, "替楼上王阿姨交的")
        assert calls[0].text.startswith("已把“替楼上王阿姨交的”作为备注记在这笔缴费登记上。"
                                        "只有审核的志愿者和您自己（在“我的”里）能看到，不会公开。")
        assert "备注（只有志愿者和您自己能看到）：替楼上王阿姨交的" in calls[-1].text
        assert "金额：¥120.00" in calls[-1].text
        assert [label for label, _ in calls[-1].buttons()] == [
            "提交", "重新填写", "⬅️ 上一步", "取消"]
        assert _fees(repo) == []  # nothing sent before 提交
        calls = await bot.press(7001, "pay:ok")
    [fee] = _fees(repo)
    assert fee.data["remark"] == "替楼上王阿姨交的"
    posts = [c.text for c in calls if c.method == "sendMessage" and c.chat_id in (101, 102)]
    assert len(posts) == 2
    assert all("居民备注（不公开）：替楼上王阿姨交的" in p for p in posts)


async def test_a_note_sent_again_replaces_it_and_removing_it_leaves_none(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _at_summary(bot)
        await bot.send(7001, "是去年交的")
        calls = await bot.send(7001, "是前年交的\n在物业\u202e窗口")  # a line break, an override
        assert "备注（只有志愿者和您自己能看到）：是前年交的 在物业窗口" in calls[-1].text
        assert "是去年交的" not in calls[-1].text
        calls = await bot.send(7001, "删除备注")
        assert calls[0].text == "备注已删除。"
        assert "备注（" not in calls[-1].text
        await bot.press(7001, "pay:ok")
    [fee] = _fees(repo)
    assert "remark" not in fee.data


async def test_a_note_too_long_is_refused_and_the_one_before_is_kept(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _at_summary(bot)
        await bot.send(7001, "是去年交的")
        calls = await bot.send(7001, "很" * (MAX_REMARK + 1))
        assert calls[0].text == (f"这条备注太长了（{MAX_REMARK + 1} 个字，最多 {MAX_REMARK} 个"
                                 "字）。请写短一些再发；原来的内容没有改。")
        assert "：是去年交的" in calls[-1].text
        await bot.press(7001, "pay:ok")
    [fee] = _fees(repo)
    assert fee.data["remark"] == "是去年交的"


async def test_an_answer_word_at_the_summary_is_no_note(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _at_summary(bot)
        calls = await bot.send(7001, "好的")
        assert "备注" not in calls[-1].text
        await bot.press(7001, "pay:ok")
    [fee] = _fees(repo)
    assert "remark" not in fee.data


async def test_her_note_is_in_her_own_mine_and_mydata(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _at_summary(bot)
        await bot.send(7001, "是去年交的")
        await bot.press(7001, "pay:ok")
        mine = await bot.send(7001, "/mine")
        mydata = await bot.send(7001, "/mydata")
    [fee] = _fees(repo)
    assert any(f"#{fee.id}" in c.text and "（备注：是去年交的）" in c.text for c in mine)
    assert any(f"#{fee.id}" in c.text and "（备注：是去年交的）" in c.text for c in mydata)
    assert repo.export_person(pid(repo, 7001))["entries"][-1]["data"]["remark"] == "是去年交的"


async def test_words_at_the_summary_in_english(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.set_language(pid(repo, 7001), "en")
    async with BotHarness(repo) as bot:
        await _at_summary(bot)
        calls = await bot.send(7001, "paid last year")
    assert calls[0].text.startswith("Noted with this fee record: \"paid last year\". Only the "
                                    "volunteers who check it and you")
    assert "Note (only volunteers and you see it): paid last year" in calls[-1].text


async def test_forget_says_her_notes_go_and_deletes_them_from_her_approved_fee(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await _at_summary(bot)
        await bot.send(7001, "替楼上王阿姨交的")
        await bot.press(7001, "pay:ok")
        [fee] = _fees(repo)
        repo.approve(fee.id, pid(repo, 102))
        asked = await bot.send(7001, "/forget")
        assert "您给缴费写的备注会删除" in asked[-1].text
        await bot.press(7001, "fg:ok")
    kept = repo.entry(fee.id)
    assert "remark" not in kept.data and kept.data["ledger_seq"] == 1
    assert repo.verify()
