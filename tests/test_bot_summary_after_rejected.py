"""A volunteer writing the summary of a voice message while another volunteer
rejects it: her summary, sent after the rejection, was answered "#N 不是等待摘要的
语音留言，请直接按“通过”按钮审核" — pointing her at an Approve button for an entry
rejected already (found trying the real ``steward run`` as a volunteer between other
things). She is told who rejected it and that nothing was changed."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

from db.entries import Kind, Status

HOME = "c1/1/1/101"


async def test_a_summary_sent_after_another_volunteer_rejected_says_who_rejected_it(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")
        await bot.send_voice(7001, b"OggS" + b"\2" * 200, duration=7)
        await bot.press_label(7001, "提交")
        [opinion] = repo.entries(kind=Kind.OPINION)
        asked = await bot.press(102, f"q:v:{opinion.id}")
        assert "摘要" in asked[-1].text
        await bot.press(101, f"q:r:{opinion.id}")
        await bot.send(101, "听不清")
        calls = await bot.send(102, "希望多装几个路灯")
    told = [c.text for c in calls if c.chat_id == 102 and c.method == "sendMessage"]
    assert repo.entry(opinion.id).status == Status.REJECTED
    assert "voice_summary" not in repo.entry(opinion.id).data
    assert told and "驳回" in told[0] and "甲志愿者" in told[0], told
    assert "没有做任何改动" in told[0]
    assert not any("通过”按钮" in text for text in told), told
