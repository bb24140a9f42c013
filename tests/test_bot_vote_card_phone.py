"""The /vote card on a phone (390 px wide): what a resident must read before she votes (the
question, whether her household voted, the deadline, how many took part) and the vote
buttons fit the first screen; budget, the matter decided, what passes it and how far the
vote is from counting are a press away (详情). Before, the card of the demo's vote #520 was
some 24 lines at 390 px: Telegram shows the end of a long message, so she saw m² figures
and the law's two thirds, with the question a screen above the buttons (tried as resident
7000021 with steward chat)."""

from __future__ import annotations

import math
import unicodedata

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Status

HOME = "c1/1/1/101"
# as the demo's #520: a description of some fifty characters
DESCRIPTION = ("硬化院内坑洼路面约600平方米，雨天不再积水；"
               "费用申请老旧小区改造补助（街道统一申报），不向业主收钱。")
# A message bubble at 390 px is some 310 px wide; in the larger text many elderly users
# set (20 px), 13 Chinese characters to a line of 24 px, and the chat shows some 640 px
# between its title bar and the field where one types: 26 lines. (At 17 px the old card
# was 28 lines of 16 characters, its buttons at the very bottom of the screen.)
PER_LINE = 13
FIRST_SCREEN = 26
BUTTON_ROW = 2  # a row of buttons is about two lines of text high


def phone_lines(text: str) -> int:
    """The lines ``text`` takes in a message bubble 390 px wide: a CJK character one unit,
    a Latin letter or digit about half of one."""
    def width(line: str) -> float:
        return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in line)
    return sum(max(1, math.ceil(width(line) / PER_LINE)) for line in text.splitlines())


def _proposal(repo, description=DESCRIPTION):  # type: ignore[no-untyped-def]
    return repo.create_proposal(pid(repo, 101), "east", title="院内路面硬化",
                                description=description, budget_fen=4_800_000,
                                matter="other_major", deadline="2099-01-15")


async def test_the_card_fits_the_first_screen_and_the_details_are_a_press_away(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    confirmed_resident(repo, 7002, "c1/1/1/102", 101)
    p = _proposal(repo)
    repo.cast_vote(pid(repo, 7002), p.id, "agree")
    async with BotHarness(repo) as bot:
        before = (await bot.send(7001, "/vote"))[-1]
        await bot.press(7001, f"vote:{p.id}:agree")
        card = (await bot.send(7001, "/vote"))[-1]
        details = (await bot.press(7001, f"vi:{p.id}"))[-1]
    for shown, said in ((before, "您家还没有投票。"), (card, "您家已投：同意。")):
        lines = shown.text.splitlines()
        assert f"提议 #{p.id}：院内路面硬化" in lines and DESCRIPTION in lines, lines
        assert said in shown.text and "投票截止：2099-01-15 24时" in shown.text, lines
        rows = len(shown.params["reply_markup"]["inline_keyboard"])
        assert rows == 2, rows  # 同意 反对 弃权, then 详情
        high = phone_lines(shown.text) + BUTTON_ROW * rows
        assert high <= FIRST_SCREEN, (high, lines)
        assert "预算" not in shown.text and "表决事项" not in shown.text
        assert "m²" not in shown.text and "三分之二" not in shown.text
    more = details.text
    assert "预算：¥48,000.00" in more and "表决事项：民法典第二百七十八条第九项" in more
    assert "三分之二以上的业主（按人数和面积）参加" in more and "m²" in more
    assert [d for _, d in details.buttons()] == [f"vote:{p.id}:{c}" for c in
                                                  ("agree", "disagree", "abstain")]


async def test_a_long_description_is_cut_on_the_card_and_whole_in_the_details(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    long = "施工期间" + "车辆请停到小区外的临时停车点，" * 12 + "费用由维修资金列支。"
    p = _proposal(repo, description=long)
    async with BotHarness(repo) as bot:
        card = (await bot.send(7001, "/vote"))[-1].text
        details = (await bot.press(7001, f"vi:{p.id}"))[-1].text
    assert long not in card and long[:80] in card and "…" in card
    assert long in details  # the end of it (who pays) still reaches her
    assert phone_lines(card) + 2 * BUTTON_ROW <= FIRST_SCREEN, card


async def test_details_of_a_closed_vote_say_it_ended_and_a_forged_press_is_refused(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    p = _proposal(repo)
    async with BotHarness(repo) as bot:
        repo.withdraw_proposal(p.id, pid(repo, 101), reason="重新调研")
        ended = await bot.press(7001, f"vi:{p.id}")
        forged = await bot.press(7001, "vi:x")
        other = await bot.press(7001, "vi:999")
    assert repo.entry(p.id).status == Status.WITHDRAWN
    said = " ".join(c.text for c in ended if c.chat_id == 7001)
    assert "已经结束" in said or "撤回" in said, said
    assert "预算" not in said
    assert all("预算" not in c.text for c in [*forged, *other]), forged
