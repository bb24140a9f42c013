"""/reject N with its reason on the same line is checked as the reason typed at the
step is: a reason too short (/reject 534 好, a word meant for something else) or one
that reads like a question (/reject 533 哪个单元的灯？) is shown back before anything
reaches the author, with the same buttons (reject with these words, or ask the author).
Before, both rejected at once: the author read 未通过审核。理由：好."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status


def _report(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    return repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                       {"category": "lighting", "text": "楼道灯坏了"})


async def test_a_one_word_reason_on_the_command_line_is_shown_back_first(repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        shown = await bot.send(101, f"/reject {entry.id} 好")
        assert repo.entry(entry.id).status == Status.PENDING
        assert not any(c.chat_id == 5001 for c in shown)
        assert "还没有驳回" in shown[-1].text
        assert shown[-1].buttons() == [("❌ 就用这句话驳回", "rjq:ok")]
        calls = await bot.press(101, "rjq:ok")  # meant it
    assert repo.entry(entry.id).status == Status.REJECTED
    assert any(c.chat_id == 5001 and "好" in c.text for c in calls)


async def test_a_question_on_the_command_line_can_go_to_the_author_instead(repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        shown = await bot.send(101, f"/reject {entry.id} 哪个单元的灯？")
        assert ("❓ 只问提交人，先不驳回", "rjq:ask") in shown[-1].buttons()
        assert not any(c.chat_id == 5001 for c in shown)
        calls = await bot.press(101, "rjq:ask")
    assert repo.entry(entry.id).status == Status.PENDING
    assert any(c.chat_id == 5001 and "哪个单元的灯？" in c.text for c in calls)


async def test_a_question_then_a_real_reason_typed_rejects_with_the_reason(repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/reject {entry.id} 哪个单元的灯？")
        await bot.send(101, "照片看不清，请重新拍一张")
    assert repo.entry(entry.id).status == Status.REJECTED
    assert repo.entry(entry.id).history[-1]["note"] == "照片看不清，请重新拍一张"


async def test_a_plain_reason_on_the_command_line_rejects_at_once_as_before(repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/reject {entry.id} 已有人报过，见 #12")
    assert repo.entry(entry.id).status == Status.REJECTED


async def test_another_areas_volunteer_typing_a_short_reason_is_refused_first(repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(103, f"/reject {entry.id} 好")
    assert "只有本小区的志愿者" in calls[-1].text or "不属于" in calls[-1].text
    assert repo.entry(entry.id).status == Status.PENDING


async def test_a_question_followed_by_more_words_is_shown_back_not_sent(repo):
    # found in the real steward run: 路灯是哪一盏？3号楼门口有两盏 rejected at once
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        await bot.press(101, f"q:r:{entry.id}")
        shown = await bot.send(101, "路灯是哪一盏？3号楼门口有两盏")
        assert repo.entry(entry.id).status == Status.PENDING
        assert not any(c.chat_id == 5001 for c in shown)
        assert ("❓ 只问提交人，先不驳回", "rjq:ask") in shown[-1].buttons()
        calls = await bot.press(101, "rjq:ask")
    assert repo.entry(entry.id).status == Status.PENDING
    assert any(c.chat_id == 5001 and "路灯是哪一盏" in c.text for c in calls)


async def test_a_question_without_a_question_mark_is_shown_back_too(repo):
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        shown = await bot.send(101, f"/reject {entry.id} 是哪个单元的灯，请补充")
    assert repo.entry(entry.id).status == Status.PENDING
    assert ("❓ 只问提交人，先不驳回", "rjq:ask") in shown[-1].buttons()


STICKER = {"file_id": "stk", "file_unique_id": "ustk", "width": 512, "height": 512,
           "is_animated": False, "is_video": False, "type": "regular", "emoji": "👍"}


async def test_a_sticker_or_voice_at_the_reason_step_asks_for_the_reason_again(repo):
    """Asked 为什么驳回 #N？ after ❌, the volunteer sent a sticker (a thumb slipped): she
    read 您刚才办理的事情已中断, and the reason she typed next got no answer at all, the
    entry still waiting and its author told nothing. Now the sticker (or a voice
    message) is said not to be kept, the question comes again, and the reason she types
    next rejects the entry."""
    entry = _report(repo)
    async with BotHarness(repo) as bot:
        await bot.press(101, f"q:r:{entry.id}")
        stuck = await bot.send_raw(101, sticker=STICKER)
        spoken = await bot.send_voice(101)
        calls = await bot.send(101, "内容重复，已有人报过")
    assert "中断" not in stuck[-1].text and f"为什么驳回 #{entry.id}" in stuck[-1].text
    assert "语音没有保存" in spoken[-1].text and f"为什么驳回 #{entry.id}" in spoken[-1].text
    assert repo.entry(entry.id).status == Status.REJECTED
    assert any(c.chat_id == 5001 and "内容重复，已有人报过" in c.text for c in calls)
