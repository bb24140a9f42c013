"""A question about the buttons (不知道选哪个？) typed at 提意见's first step (您的意见是
关于正在表决的某项提议吗？) was kept as her opinion (您的意见先替您留着：不知道选哪个？) and
shown to submit once she chose; 报事's category step does not keep such a question
(634585a8). Now neither does the opinion: the buttons again, the text asked after."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind


def _proposal(repo):
    return repo.create_proposal(pid(repo, 101), "east", title="更换路灯", description="换 LED",
                                budget_fen=360000, matter="everyday", deadline="2025-12-31")


async def test_a_question_about_the_buttons_is_not_kept_as_the_opinion(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    p = _proposal(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "提意见")
        told = await bot.send(7001, "不知道选哪个？")
        assert "留着" not in told[-1].text
        assert f"op:p:{p.id}" in [d for _, d in told[-1].buttons()]
        after = await bot.press(7001, "op:p:0")
    assert "请写下您的意见" in after[-1].text  # asked for, not 您的意见：不知道选哪个？
    assert repo.entries(kind=Kind.OPINION) == []


async def test_an_opinion_typed_at_the_first_step_is_still_kept(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    _proposal(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "提意见")
        told = await bot.send(7001, "希望晚上也开着北门")
        after = await bot.press(7001, "op:p:0")
    assert "希望晚上也开着北门" in told[-1].text
    assert "您的意见：希望晚上也开着北门" in after[-1].text


async def test_an_opinion_put_as_a_question_is_still_kept(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    _proposal(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "提意见")
        told = await bot.send(7001, "为什么北门晚上要锁？")
        after = await bot.press(7001, "op:p:0")
    assert "为什么北门晚上要锁？" in told[-1].text
    assert "您的意见：为什么北门晚上要锁？" in after[-1].text
