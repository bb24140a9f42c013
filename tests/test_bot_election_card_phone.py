"""An election's card under /vote on a phone (390 px wide), as a proposal's
(test_bot_vote_card_phone): its seats, the deadline, how many took part, her household's
ballot and a button per candidate fit the first screen; what elects a candidate, the floor
area and how far from counting are a press away (详情). Before, the candidates were listed in
the text and again on their buttons, under the rule in 75 characters: 41 lines and button
rows at 390 px for the demo's five candidates, the buttons a screen below the title (tried
as resident 7000021 with steward chat, an election opened by /election in chengjian)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid
from test_bot_vote_card_phone import BUTTON_ROW, FIRST_SCREEN, phone_lines

from db.elections import election_spec

HOME = "c1/1/1/101"
# the demo's five candidates
CANDIDATES = ["候选人甲（退休教师，1号楼）", "候选人乙（党小组长，2号楼）",
              "候选人丙（租户代表，1号楼3单元）", "候选人丁（个体户，2号楼）",
              "候选人戊（楼长，1号楼）"]


def _election(repo, candidates=CANDIDATES):  # type: ignore[no-untyped-def]
    return repo.create_proposal(pid(repo, 101), "east", title="第二届物管会选举",
                                description="", budget_fen=0, matter="committee_election",
                                deadline="2099-01-15",
                                election=election_spec(3, candidates))


async def test_the_election_card_fits_the_first_screen_and_the_rule_is_a_press_away(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    p = _election(repo)
    async with BotHarness(repo) as bot:
        before = (await bot.send(7001, "/vote"))[-1]
        await bot.press(7001, f"el:{p.id}:3:ok")  # 甲 and 乙
        card = (await bot.send(7001, "/vote"))[-1]
        details = (await bot.press(7001, f"vi:{p.id}"))[-1]
    for shown in (before, card):
        text = shown.text
        assert f"选举 #{p.id}：第二届物管会选举" in text and "投票截止：2099-01-15" in text
        rows = len(shown.params["reply_markup"]["inline_keyboard"])
        assert rows == len(CANDIDATES) + 2, rows  # each candidate, 提交选票, 详情
        high = phone_lines(text) + BUTTON_ROW * rows
        assert high <= FIRST_SCREEN, (high, text.splitlines())
        assert "三分之二" not in text
        assert "退休教师" not in text  # on its button, whole
        assert [d for _, d in shown.buttons()][-1] == f"vi:{p.id}"
    assert "您家已选 1、2 号，可以改选后再提交。" in card.text
    more = details.text
    assert all(c in more for c in CANDIDATES) and "三分之二" in more and "m²" in more
    data = [d for _, d in details.buttons()]  # the ballot again, her ticks kept
    assert data[0] == f"el:{p.id}:2" and data[-1] == f"el:{p.id}:3:ok", data


async def test_a_candidate_whose_button_cuts_her_title_is_listed_on_the_card(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    long = "候选人己（退休干部，原单位工会主席，2号楼3单元）"
    _election(repo, [*CANDIDATES[:2], long])
    async with BotHarness(repo) as bot:
        card = (await bot.send(7001, "/vote"))[-1].text
    assert f"3. {long}" in card and "退休教师" not in card
