"""A newcomer whose registration a volunteer refused (理由：101住的不是她) types the same
address again: the whole question came again as if nothing had happened (found trying
the real ``steward run``). Now it begins with the refusal and its reason, and says to
tell a volunteer first; a registration she took back herself, or another household,
says nothing of it."""

from __future__ import annotations

from bot_harness import BotHarness

from db.entries import Kind, Status

NEWCOMER = 7005
ADDRESS = "东小区1号楼1单元201"


async def register(bot, repo, address=ADDRESS):
    await bot.send(NEWCOMER, address)
    await bot.press_label(NEWCOMER, "同意，这是我家")
    return repo.entries(kind=Kind.REGISTRATION, status=Status.PENDING)[-1]


async def test_the_household_refused_her_chosen_again_says_why_it_was_refused(repo):
    async with BotHarness(repo) as bot:
        reg = await register(bot, repo)
        await bot.press(101, f"q:r:{reg.id}")
        await bot.send(101, "201住的不是她")
        again = await bot.send(NEWCOMER, ADDRESS)
        other = await bot.send(NEWCOMER, "东小区1号楼1单元102")
    text = again[-1].text
    assert f"您之前登记这一户（#{reg.id}），志愿者没有通过，理由：201住的不是她" in text, text
    assert "同意吗" in text
    assert "志愿者没有通过" not in other[-1].text


async def test_a_registration_she_took_back_herself_is_not_said_refused(repo):
    async with BotHarness(repo) as bot:
        reg = await register(bot, repo)
        await bot.press(NEWCOMER, f"regwd:{reg.id}:y")
        again = await bot.send(NEWCOMER, ADDRESS)
    assert repo.entry(reg.id).status == Status.REJECTED
    assert "志愿者没有通过" not in again[-1].text and "同意吗" in again[-1].text
