"""The areas of someone acting for several (a volunteer's /income, /expense, /propose,
/election, /meeting, /reverse, /proxy, /announce; a resident who also supervises another
area at /ask) and /ask's lines, votes and minutes, asked again after a sticker, a voice
note or a photo, come with the buttons they were asked with. Before (walk136's NOT_YET),
请点上面的按钮选择 came alone, the buttons read from the store scrolled away above on a
phone (walk141)."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness, jpeg_bytes
from conftest import confirmed_resident, pid

from db.entries import Kind

STICKER = {"sticker": {"file_id": "s1", "file_unique_id": "s1", "type": "regular",
                       "width": 512, "height": 512, "is_animated": False,
                       "is_video": False}}


def same_buttons(asked, again) -> None:
    assert again.buttons() and again.buttons() == asked.buttons(), (asked.buttons(),
                                                                  again.buttons())


async def test_the_areas_and_the_lines_of_a_question_come_again_after_a_sticker_or_a_voice_note(
        repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    repo.grant(pid(repo, 900), 7001, "west", role="supervisor")
    spent = repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 25000, "payee": "保洁公司", "purpose": "院内保洁", "category": "repair"})
    repo.approve(spent.id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        areas = await bot.send(7001, "/ask")
        again = await bot.send_raw(7001, **STICKER)
        assert "按钮" in again[-1].text
        same_buttons(areas[-1], again[-1])
        target = await bot.press(7001, "ask:area:0")
        again = await bot.send_voice(7001)
        same_buttons(target[-1], again[-1])
        assert "ask:t:l:1" in [data for _, data in again[-1].buttons()]
        asked = await bot.press(7001, "ask:t:l:1")  # the buttons pressed from below work
        assert "请写下您的问题" in asked[-1].text


@pytest.mark.parametrize("command", ["/income", "/expense", "/propose", "/election",
                                     "/meeting", "/reverse", "/proxy"])
async def test_a_volunteers_areas_come_again_after_a_photo(repo, command):
    repo.grant(pid(repo, 900), 101, "west")
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, command)
        assert "东小区" in [label for label, _ in asked[-1].buttons()], asked[-1].text
        again = await bot.send_photo(101, jpeg_bytes())
        same_buttons(asked[-1], again[-1])


async def test_the_areas_of_an_announcement_come_again_with_back_after_a_voice_note(repo):
    repo.grant(pid(repo, 900), 101, "west")
    async with BotHarness(repo) as bot:
        await bot.send(101, "/announce")
        asked = await bot.send(101, "明天上午九点停水，请提前储水")
        assert "东小区" in [label for label, _ in asked[-1].buttons()], asked[-1].text
        again = await bot.send_voice(101)
        same_buttons(asked[-1], again[-1])
