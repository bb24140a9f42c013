"""The owners decide a joint matter (Civil Code art. 278), through the real
Application: a resident who has not said how they stand to their home is asked once
when they press a ballot button of a joint matter or an election, and the vote they
pressed carries on (an owner's or a family member's is cast; a tenant is refused
kindly); an everyday matter asks nothing; forged buttons change nothing; /mydata shows
the answer and changes it."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind

HOME = "c1/1/1/101"
QUESTION = "这项表决由业主决定（《民法典》第二百七十八条）。您是这套房的："
AGAIN = ("业主共同决定的事项（《民法典》第二百七十八条），网上只由业主本人或业主的家人代业主投票。"
         "您是这套房的：")
ANSWERS = ["业主本人", "业主的家人（代业主投票）", "租户或借住"]


def _proposal(repo, matter="use_maintenance_fund"):  # type: ignore[no-untyped-def]
    return repo.create_proposal(pid(repo, 101), "east", title="更换路灯", description="LED",
                                budget_fen=360000, matter=matter, deadline="2025-12-31")


def _election(repo):  # type: ignore[no-untyped-def]
    return repo.open_election(pid(repo, 101), "east", title="第一届物管会选举", seats=1,
                              candidates=["候选人甲（退休教师）", "候选人乙（楼长）"],
                              deadline="2025-12-31")


def _votes(repo):  # type: ignore[no-untyped-def]
    return repo.entries(kind=Kind.VOTE)


async def test_asked_once_then_the_vote_pressed_is_cast_with_its_receipt(repo):
    who = confirmed_resident(repo, 7001, HOME, 101, relation=None)
    p, q = _proposal(repo), _proposal(repo, "other_major")
    async with BotHarness(repo) as bot:
        asked = await bot.press(7001, f"vote:{p.id}:agree")
        assert asked[-1].text == QUESTION
        assert [label for label, _ in asked[-1].buttons()] == ANSWERS
        assert [d for _, d in asked[-1].buttons()] == [
            f"rel:o:vote:{p.id}:agree", f"rel:f:vote:{p.id}:agree", f"rel:t:vote:{p.id}:agree"]
        assert not _votes(repo)  # nothing cast before the answer
        done = await bot.press(7001, f"rel:f:vote:{p.id}:agree", text=QUESTION)
        later = await bot.press(7001, f"vote:{q.id}:disagree")  # not asked again
    texts = [c.text for c in done if c.method == "sendMessage"]
    assert "已记下" in texts[0] and "业主的家人（代业主投票）" in texts[0] and "/mydata" in texts[0]
    assert "已记录：您家对提议" in texts[-1] and "同意" in texts[-1]
    assert any(c.method == "editMessageReplyMarkup" for c in done)  # the question is done
    assert repo.person(who)["relation"] == "family"
    assert repo.household_vote(p.id, HOME) == "agree"
    assert QUESTION not in " ".join(c.text for c in later)
    assert repo.household_vote(q.id, HOME) == "disagree"


async def test_a_tenant_is_refused_kindly_and_nothing_is_cast_then_or_later(repo):
    confirmed_resident(repo, 7001, HOME, 101, relation=None)
    p, e = _proposal(repo), _election(repo)
    async with BotHarness(repo) as bot:
        await bot.press(7001, f"vote:{p.id}:agree")
        told = await bot.press(7001, f"rel:t:vote:{p.id}:agree", text=QUESTION)
        ticked = await bot.press(7001, f"el:{e.id}:1")  # an election: no question again
        submit = await bot.press(7001, f"el:{e.id}:1:ok")
    refusal = told[-1].text
    assert "谢谢您" in refusal and "没有记录投票" in refusal and "业主可以在这里投票" in refusal
    assert "反映问题" in refusal and "提出意见" in refusal
    for calls in (ticked, submit):
        assert "没有记录投票" in calls[-1].text and QUESTION not in calls[-1].text
        assert not [c for c in calls if c.method == "editMessageText"]  # no ballot shown
    assert not _votes(repo)
    assert repo.person(pid(repo, 7001))["relation"] == "tenant"


async def test_an_election_asks_at_the_first_tick_and_shows_the_ballot_after(repo):
    confirmed_resident(repo, 7001, HOME, 101, relation=None)
    e = _election(repo)
    async with BotHarness(repo) as bot:
        asked = await bot.press(7001, f"el:{e.id}:1")
        assert asked[-1].text == QUESTION
        shown = await bot.press(7001, f"rel:o:el:{e.id}:1", text=QUESTION)
        assert shown[-1].method == "sendMessage" and shown[-1].buttons()[0][0].startswith("☑")
        done = await bot.press(7001, f"el:{e.id}:1:ok")
    assert "已记录" in done[-1].text and repo.ballot_of(e.id, HOME) == [1]


async def test_an_everyday_matter_asks_nothing_and_english_users_are_asked_in_english(repo):
    confirmed_resident(repo, 7001, HOME, 101, relation=None)
    confirmed_resident(repo, 7002, "c1/1/1/102", 101, relation=None)
    repo.set_language(pid(repo, 7002), "en")
    everyday, joint = _proposal(repo, "everyday"), _proposal(repo)
    async with BotHarness(repo) as bot:
        cast = await bot.press(7001, f"vote:{everyday.id}:agree")
        asked = await bot.press(7002, f"vote:{joint.id}:abstain")
    assert "已记录" in cast[-1].text and repo.household_vote(everyday.id, HOME) == "agree"
    assert "Civil Code art. 278" in asked[-1].text and "You are this home's" in asked[-1].text
    assert [label for label, _ in asked[-1].buttons()][0] == "The owner"


async def test_forged_buttons_change_nothing(repo):
    confirmed_resident(repo, 7001, HOME, 101, relation="tenant")
    confirmed_resident(repo, 7003, "c1/1/1/201", 101, relation=None)
    p = _proposal(repo)
    async with BotHarness(repo) as bot:
        tenant = await bot.press(7001, f"vote:{p.id}:agree")  # a button never shown them
        bad_answer = await bot.press(7003, f"rel:x:vote:{p.id}:agree")
        bad_then = await bot.press(7003, f"rel:o:pay:fee:{p.id}")
        stranger = await bot.press(7009, f"rel:o:vote:{p.id}:agree")  # not registered
    assert "没有记录投票" in tenant[-1].text
    for calls in (bad_answer, bad_then):
        assert "按钮已失效" in calls[-1].text
    assert "请先登记" in stranger[-1].text
    assert not _votes(repo)
    assert "relation" not in repo.person(pid(repo, 7003))
    assert repo.person(pid(repo, 7001))["relation"] == "tenant"
    assert repo.person_by_telegram(7009).get("relation") is None


async def test_mydata_shows_the_answer_and_its_button_changes_it(repo):
    confirmed_resident(repo, 7001, HOME, 101, relation="tenant")
    p = _proposal(repo)
    async with BotHarness(repo) as bot:
        shown = await bot.send(7001, "/mydata")
        [words] = [c for c in shown if "您是这套房的：租户或借住" in c.text]
        assert words.buttons()[0] == ("更改我与这套房的关系", "rel:ask")
        asked = await bot.press(7001, "rel:ask")
        # asked outside any vote: what the answer is for, not "this vote" (none is meant)
        assert asked[-1].text == AGAIN and "这项表决" not in asked[-1].text
        assert [d for _, d in asked[-1].buttons()] == ["rel:o", "rel:f", "rel:t"]
        changed = await bot.press(7001, "rel:o", text=AGAIN)
        cast = await bot.press(7001, f"vote:{p.id}:agree")
    assert "已记下" in changed[-1].text and "业主本人" in changed[-1].text
    assert repo.person(pid(repo, 7001))["relation"] == "owner"
    assert "已记录" in cast[-1].text and repo.household_vote(p.id, HOME) == "agree"


async def test_saying_tenant_after_voting_tells_which_votes_no_longer_count(repo):
    confirmed_resident(repo, 7001, HOME, 101, relation="owner")
    p, everyday = _proposal(repo), _proposal(repo, "everyday")
    async with BotHarness(repo) as bot:
        await bot.press(7001, f"vote:{p.id}:agree")
        await bot.press(7001, f"vote:{everyday.id}:agree")
        assert repo.tally(p.id).owners_voted == 1
        await bot.press(7001, "rel:ask")
        changed = await bot.press(7001, "rel:t", text=QUESTION)
        listed = await bot.send(7001, "/vote")
        shown = await bot.send(7001, "/mydata")
        mine = await bot.send(7001, "/mine")
    told = changed[-1].text
    assert "已记下" in told and "租户或借住" in told
    assert f"#{p.id} 更换路灯：您投的“同意”不再计入" in told and "第二百七十八条" in told
    assert f"#{everyday.id} " not in told and "计票已经相应更新" in told
    assert repo.household_vote(p.id, HOME) is None and repo.tally(p.id).owners_voted == 0
    assert repo.household_vote(everyday.id, HOME) == "agree"
    [joint] = [c.text for c in listed if f"提议 #{p.id}" in c.text]
    assert "租户不能投这一票" in joint and "参与" in joint
    [other] = [c.text for c in listed if f"提议 #{everyday.id}" in c.text]
    assert "租户不能投这一票" not in other
    [words] = [c.text for c in shown if "您是这套房的：租户或借住" in c.text]
    assert "这一回答的更改记录（只有您能看到）" in words
    assert "尚未回答 → 业主本人（您本人）" in words and "业主本人 → 租户或借住（您本人）" in words
    [kept] = [c.text for c in mine if f"提议 #{p.id}：同意 —— 不再计入" in c.text]
    assert "原因：您说明了自己是租户或借住" in kept and "not counted" not in kept


async def test_vote_says_the_owners_decide_before_a_resident_who_did_not_say_presses(repo):
    confirmed_resident(repo, 7001, HOME, 101, relation=None)
    p = _proposal(repo)
    async with BotHarness(repo) as bot:
        listed = await bot.send(7001, "/vote")
    [joint] = [c.text for c in listed if f"提议 #{p.id}" in c.text]
    assert "按下投票按钮时，会先问您是这套房的什么人" in joint
