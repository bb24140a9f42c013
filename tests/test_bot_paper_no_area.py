"""A paper signature for a flat without a recorded floor area, on a joint matter: the
grid worker is told why the area taking part did not grow (it stood still under her
signature with no word; found at 市药材小区 2号楼 1单元 202 in the demo)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import pid


async def test_the_volunteer_hears_a_flat_without_area_adds_no_square_metres(repo):
    # west: 101 has 50 m², 102 none
    vote = repo.create_proposal(pid(repo, 103), "west", title="路面硬化", description="",
                                budget_fen=0, matter="other_major", deadline="2099-01-01")
    async with BotHarness(repo) as bot:
        without = await bot.send(103, f"/paper {vote.id} 1/1/102 agree")
        with_area = await bot.send(103, f"/paper {vote.id} 1/1/101 agree")
    said = "\n".join(c.text for c in without if c.chat_id == 103)
    assert ("西小区 1号楼 1单元 102 没有登记面积：这位业主按一位参与的业主计，面积按 0 m² 计，"
            "所以参与面积没有增加。") in said, said
    assert "没有登记面积" not in "\n".join(c.text for c in with_area if c.chat_id == 103)
    assert len(repo.current_votes(vote.id)) == 2
