"""An elderly newcomer sends her address twice (not sure it went): the consent
question came twice with the whole notice of what becomes public, two long screens
alike (found trying the real ``steward run``). The second time she gets the question
alone, with one line saying the notice is just above, and its buttons."""

from __future__ import annotations

from bot_harness import BotHarness

from db.entries import Kind

NEWCOMER = 7005
ADDRESS = "东小区1号楼1单元201"
NOTICE = "网站绝不会显示"


async def test_the_same_address_sent_twice_asks_again_without_the_whole_notice(repo):
    async with BotHarness(repo) as bot:
        first = await bot.send(NEWCOMER, ADDRESS)
        second = await bot.send(NEWCOMER, ADDRESS)
        other = await bot.send(NEWCOMER, "东小区1号楼1单元102")  # another: the notice again
        await bot.press_label(NEWCOMER, "同意，这是我家")
    assert NOTICE in first[-1].text
    assert NOTICE not in second[-1].text, second[-1].text
    assert "又发了一次同样的住址" in second[-1].text and "东小区 1号楼 1单元 201" in second[-1].text
    assert "reg:ok:0:0:0:2" in [d for _, d in second[-1].buttons()]
    assert NOTICE in other[-1].text
    [reg] = repo.entries(kind=Kind.REGISTRATION)
    assert reg.data["household"] == "c1/1/1/102"
