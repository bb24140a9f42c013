"""A newcomer typed her address without its compound (1栋1门101): the 101 of every
compound was offered as buttons. She answered by typing the compound (东小区的) and got
the greeting and 请先登记住址, the choices gone (found trying the real ``steward run``
as a newcomer). The compound typed picks its household of those offered."""

from __future__ import annotations

from bot_harness import BotHarness

from db.entries import Kind


async def test_the_compound_typed_after_the_offer_picks_its_household(repo):
    async with BotHarness(repo) as bot:
        offered = await bot.send(7009, "你好，我住1栋1门101")
        assert [d for _, d in offered[-1].buttons()][:2] == ["reg:h:0:0:0:0", "reg:h:1:0:0:0"]
        asked = await bot.send(7009, "东小区的")
        assert "登记为 东小区 1号楼 1单元 101 的住户吗" in asked[-1].text
        assert any(d.startswith("reg:ok:0:0:0:0") for _, d in asked[-1].buttons())
        await bot.press(7009, next(d for _, d in asked[-1].buttons() if d.startswith("reg:ok")))
    [reg] = repo.entries(kind=Kind.REGISTRATION)
    assert reg.data["household"] == "c1/1/1/101"


async def test_a_compound_said_with_words_around_it_shows_its_buildings(repo):
    async with BotHarness(repo) as bot:
        shown = await bot.send(7009, "是西小区的")
    assert any(d.startswith("reg:") for c in shown for _, d in c.buttons())
    assert "西小区" in shown[-1].text


async def test_an_address_not_on_the_list_says_who_adds_a_missing_home(repo):
    """我住东小区3号楼2单元501 (no such building on the list): 没有找到…请用按钮依次选择,
    and the buttons had no 3号楼 either; she went round them again and again. Now she
    is told that a home missing from the list is added by a volunteer."""
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/start")
        said = await bot.send(7001, "我住东小区3号楼2单元501")
    text = "\n".join(c.text for c in said)
    assert "没有找到" in text and "列表里没有您家" in text and "志愿者" in text, text
