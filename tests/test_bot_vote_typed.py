"""同意 / 反对 / 弃权 typed after /vote's list: the proposal it would be for, with one
button that casts it (nothing recorded on typed words alone), or which proposal."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"


def _proposal(repo, area="east", volunteer=101, title="更换路灯"):
    return repo.create_proposal(pid(repo, volunteer), area, title=title,
                                description="把院里 6 盏路灯换成 LED", budget_fen=360000,
                                matter="everyday", deadline="2099-12-31")


async def test_agree_typed_after_the_list_shows_the_one_proposal_with_a_button_to_vote_it(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    p = _proposal(repo)
    _proposal(repo, area="west", volunteer=103, title="西区修路")  # not hers
    async with BotHarness(repo) as bot:
        await bot.send(7001, "投票")
        typed = await bot.send(7001, "同意")
        assert not repo.entries(kind=Kind.VOTE)  # typed words alone record nothing
        assert "您打的是“同意”" in typed[-1].text and "还没有记下" in typed[-1].text
        assert f"提议 #{p.id}：更换路灯" in typed[-1].text and "西区修路" not in typed[-1].text
        assert [d for _, d in typed[-1].buttons()] == [f"vote:{p.id}:agree"]
        pressed = await bot.press(7001, f"vote:{p.id}:agree")
    assert "已记录" in pressed[-1].text
    assert repo.current_votes(p.id) == {HOME: "agree"}


async def test_disagree_typed_with_several_open_proposals_asks_which_then_shows_it(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    a, b = _proposal(repo), _proposal(repo, title="加装扶手")
    async with BotHarness(repo) as bot:
        typed = await bot.send(7001, "反对")
        assert "有几项提议正在表决" in typed[-1].text
        assert [d for _, d in typed[-1].buttons()] == [f"vt:{a.id}:disagree",
                                                      f"vt:{b.id}:disagree"]
        shown = await bot.press(7001, f"vt:{b.id}:disagree")
    assert not repo.entries(kind=Kind.VOTE)
    assert "加装扶手" in shown[-1].text and "更换路灯" not in shown[-1].text
    assert [d for _, d in shown[-1].buttons()] == [f"vote:{b.id}:disagree"]


async def test_a_forged_pick_of_another_areas_proposal_is_refused(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    _proposal(repo)
    west = _proposal(repo, area="west", volunteer=103, title="西区修路")
    async with BotHarness(repo) as bot:
        shown = await bot.press(7001, f"vt:{west.id}:agree")
    assert "西区修路" not in " ".join(c.text for c in shown)
    assert all(not c.buttons() for c in shown if c.text)
    assert not repo.entries(kind=Kind.VOTE)


async def test_a_tenant_typing_agree_is_offered_the_everyday_matter_not_the_owners_one(repo):
    confirmed_resident(repo, 7001, HOME, 101, relation="tenant")
    joint = repo.create_proposal(pid(repo, 101), "east", title="使用维修资金修屋顶",
                                 description="漏水", budget_fen=100000,
                                 matter="use_maintenance_fund", deadline="2099-12-31")
    everyday = _proposal(repo)
    async with BotHarness(repo) as bot:
        typed = await bot.send(7001, "同意")
        forged = await bot.press(7001, f"vt:{joint.id}:agree")  # the owners' matter
    assert "更换路灯" in typed[-1].text and "修屋顶" not in typed[-1].text
    assert [d for _, d in typed[-1].buttons()] == [f"vote:{everyday.id}:agree"]
    assert "修屋顶" not in " ".join(c.text for c in forged)
    assert not repo.entries(kind=Kind.VOTE)


async def test_a_vote_said_as_people_say_it_shows_the_proposal_with_its_button(repo):
    """不同意, 我投反对, 我想改成反对, 改投同意吧, 支持 typed under a proposal's notice got
    the menu's greeting (trying the real ``steward run`` as an elderly resident); they are
    the choice, as 同意 alone is, and record nothing until its button is pressed."""
    confirmed_resident(repo, 7001, HOME, 101)
    p = _proposal(repo)
    said = {"不同意": "disagree", "我不同意": "disagree", "我投反对": "disagree",
            "我想改成反对": "disagree", "改投同意吧": "agree", "支持": "agree",
            "我弃权了": "abstain", "不赞成。": "disagree"}
    async with BotHarness(repo) as bot:
        for words, choice in said.items():
            typed = await bot.send(7001, words)
            assert "还没有记下" in typed[-1].text, words
            label = {"agree": "同意", "disagree": "反对", "abstain": "弃权"}[choice]
            # her words, then what they are: not 您打的是“反对” when she typed 我不同意
            assert typed[-1].text.startswith(f"您打的是“{words}”，也就是投“{label}”。"), words
            assert [d for _, d in typed[-1].buttons()] == [f"vote:{p.id}:{choice}"], words
        # a sentence that holds a choice is not one
        sentence = await bot.send(7001, "我不同意他们在楼下停车")
        assert all(f"vote:{p.id}" not in d for c in sentence for _, d in c.buttons())
    assert not repo.entries(kind=Kind.VOTE)
