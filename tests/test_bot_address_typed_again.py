"""An elderly newcomer types her address again while her registration waits (she
is not sure it was taken), and again once it is confirmed. Before, the address was
kept as her words and, at the confirmation, offered "to send to the volunteers" as
a report or an opinion; typed after it, offered as a report at once (found trying
the real ``steward run`` as a newcomer). Now she is told it is her household
already; an address of another household gets hers and the way to change it; a
problem at an address is still offered as a report."""

from __future__ import annotations

from bot_harness import BotHarness

from db.entries import Kind

NEWCOMER = 7005
ADDRESS = "东小区1号楼1单元201"


def texts(calls, chat=NEWCOMER):
    return [c.text for c in calls if c.chat_id == chat and c.text]


def datas(calls, chat=NEWCOMER):
    return [d.split("~")[0] for c in calls if c.chat_id == chat for _, d in c.buttons()]


async def register(bot, repo):
    await bot.send(NEWCOMER, ADDRESS)
    await bot.press_label(NEWCOMER, "同意，这是我家")
    [reg] = repo.entries(kind=Kind.REGISTRATION)
    return reg


async def test_her_address_typed_while_it_waits_is_not_kept_as_words_to_send(repo):
    async with BotHarness(repo) as bot:
        reg = await register(bot, repo)
        calls = await bot.send(NEWCOMER, ADDRESS)
        said = "\n".join(texts(calls))
        assert "东小区 1号楼 1单元 201 就是您登记的住址，不用再发" in said, said
        assert "先替您留着" not in said
        confirmed = await bot.press(101, f"q:a:{reg.id}")
    told = "\n".join(texts(confirmed))
    assert "已确认" in told and "您写过" not in told, told
    assert "rep:said" not in datas(confirmed)


async def test_another_address_typed_while_hers_waits_says_which_is_hers(repo):
    async with BotHarness(repo) as bot:
        reg = await register(bot, repo)
        calls = await bot.send(NEWCOMER, "东小区1号楼1单元102")
        await bot.press(101, f"q:a:{reg.id}")
    said = "\n".join(texts(calls))
    assert "您登记的住址是 东小区 1号楼 1单元 201" in said and "撤回" in said, said
    assert f"regwd:{reg.id}" in datas(calls)


async def test_a_registered_resident_typing_her_address_is_told_it_is_hers(repo):
    async with BotHarness(repo) as bot:
        reg = await register(bot, repo)
        await bot.press(101, f"q:a:{reg.id}")
        same = await bot.send(NEWCOMER, ADDRESS)
        other = await bot.send(NEWCOMER, "我住东小区1号楼1单元102")
        problem = await bot.send(NEWCOMER, "东小区1号楼1单元201门口的路灯坏了")
    assert "已经是您登记的住户，不用再发" in "\n".join(texts(same)), texts(same)
    assert not {"rep:said", "op:said"} & set(datas(same))
    assert "您登记的住户是 东小区 1号楼 1单元 201" in "\n".join(texts(other)), texts(other)
    assert "reg:new" in datas(other) and "rep:said" not in datas(other)
    assert "rep:said" in datas(problem)
