"""The message that tells residents of a new committee election: its candidates and the
ballot's buttons under it (in each resident's language, handled as /vote's ballot), so
that a resident votes from it; every press is checked again as any ballot is."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import close_when_due, confirmed_resident, pid
from test_votes_law import OWNED_STREET

from db.config import parse_street
from db.entries import Kind
from db.repository import Repository

CANDIDATES = "候选人甲（退休教师）\n候选人乙（网格员）\n候选人丙（楼长）"


async def _open_election(bot: BotHarness) -> list:
    """A volunteer of the area opens a two-seat election through /election; the calls
    of the last press (the announcement among them)."""
    await bot.send(102, "/election")
    await bot.send(102, "第一届物管会选举")
    await bot.send(102, "2")
    await bot.send(102, CANDIDATES)
    await bot.press(102, "elx:cand:done")
    await bot.press(102, "elx:days:14")
    return await bot.press(102, "elx:ok:1")


def _election(repo):
    [e] = [x for x in repo.entries(kind=Kind.PROPOSAL) if x.data.get("election")]
    return e


async def test_a_resident_ticks_and_submits_a_ballot_from_the_elections_announcement(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    confirmed_resident(repo, 7002, "c1/1/1/102", 101)
    repo.set_language(pid(repo, 7002), "en")
    async with BotHarness(repo) as bot:
        calls = await _open_election(bot)
        e = _election(repo)
        [zh] = [c for c in calls if c.chat_id == 7001 and c.method == "sendMessage"]
        [en] = [c for c in calls if c.chat_id == 7002 and c.method == "sendMessage"]
        expected = [f"el:{e.id}:1", f"el:{e.id}:2", f"el:{e.id}:4", f"el:{e.id}:0:ok"]
        assert [d for _, d in zh.buttons()] == expected == [d for _, d in en.buttons()]
        assert zh.buttons()[0][0] == "☐ 1 候选人甲（退休教师）"
        assert zh.buttons()[-1][0] == "提交选票（已勾选 0 位）"
        assert en.buttons()[-1][0] == "Submit ballot (0 ticked)"
        assert "3. 候选人丙（楼长）" in zh.text and "点下面的候选人" in zh.text
        assert "“投票”" in zh.text and "2 个席位" in zh.text
        assert "3. 候选人丙（楼长）" in en.text and "Tick candidates below" in en.text
        ticked = await bot.press(7001, f"el:{e.id}:1", text=zh.text)
        [edited] = [c for c in ticked if c.method == "editMessageText"]
        submitted = await bot.press(7001, [d for _, d in edited.buttons()][-2])
    assert edited.buttons()[0][0].startswith("☑") and edited.buttons()[-2][1] == \
        f"el:{e.id}:1:ok" and edited.buttons()[-1][1] == f"vi:{e.id}"  # then 详情
    assert "1 候选人甲（退休教师）" in submitted[-1].text
    assert repo.ballot_of(e.id, "c1/1/1/101") == [1]
    assert repo.ballot_of(e.id, "c1/1/1/102") is None


async def test_the_announcements_buttons_are_checked_again_and_forged_ones_record_nothing(
        repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    confirmed_resident(repo, 7005, "c2/1/1/101", 103)  # a resident of the other area
    async with BotHarness(repo) as bot:
        await _open_election(bot)
        e = _election(repo)
        plain = repo.create_proposal(pid(repo, 101), "east", title="换门", description="",
                                     budget_fen=0, matter="everyday", deadline="2099-01-01")
        refused = {  # what was pressed: what the resident reads
            f"el:{e.id}:7:ok": "最多勾选 2 位",  # three ticked for two seats
            f"el:{e.id}:8:ok": "失效",  # a fourth candidate, not in the election
            f"el:{e.id + 99}:1:ok": "失效",  # no such election
            f"el:{plain.id}:1:ok": "失效",  # a proposal, not an election
            f"el:{e.id}:x:ok": "失效",
        }
        replies = {data: await bot.press(7001, data) for data in refused}
        stranger = await bot.press(7777, f"el:{e.id}:1:ok")
        elsewhere = await bot.press(7005, f"el:{e.id}:1:ok")
    for data, why in refused.items():
        assert why in replies[data][-1].text, data
    assert "请先登记" in stranger[-1].text and "其他小区" in elsewhere[-1].text
    assert [v for v in repo.entries(kind=Kind.VOTE)] == []
    assert repo.tally(e.id).owners_voted == 0


async def test_an_owner_of_two_flats_voting_from_both_announcements_counts_once(tmp_path,
                                                                                clock):
    owned = Repository.init(tmp_path / "owned", parse_street(OWNED_STREET), clock=clock)
    try:
        confirmed_resident(owned, 7001, "c1/1/1/101", 101)
        confirmed_resident(owned, 7002, "c1/1/1/102", 101)  # the same owner's other flat
        async with BotHarness(owned) as bot:
            calls = await _open_election(bot)
            e = _election(owned)
            told = {c.chat_id for c in calls if c.method == "sendMessage" and c.buttons()
                    and c.buttons()[-1][1] == f"el:{e.id}:0:ok"}
            first = await bot.press(7001, f"el:{e.id}:1:ok")
            second = await bot.press(7002, f"el:{e.id}:2:ok")
        assert told == {7001, 7002}
        assert "1 候选人甲" in first[-1].text and "2 候选人乙" in second[-1].text
        assert owned.ballot_of(e.id, "c1/1/1/101") == [2] == owned.ballot_of(e.id, "c1/1/1/102")
        assert owned.tally(e.id).owners_voted == 1
    finally:
        owned.close()


async def test_the_announcements_buttons_after_the_election_closed_say_so_and_record_nothing(
        repo):
    """The announcement stays in every resident's chat: a tick pressed there after the
    election closed showed the ballot again as if it were open."""
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        await _open_election(bot)
        e = _election(repo)
        close_when_due(repo, e.id, pid(repo, 101))
        tick = await bot.press(7001, f"el:{e.id}:1")
        submit = await bot.press(7001, f"el:{e.id}:1:ok")
    for calls in (tick, submit):
        assert not [c for c in calls if c.method == "editMessageText"]
        assert "这次选举已经结束" in calls[-1].text
    assert repo.ballot_of(e.id, "c1/1/1/101") is None


async def test_the_english_ballot_says_the_two_thirds_in_plain_words(repo):
    """Tried with the real bot: the English ballot read "once owners of two thirds of the
    owners and of the floor area have cast a ballot". It now says who must have voted,
    then what a candidate needs."""
    confirmed_resident(repo, 7002, "c1/1/1/102", 101)
    repo.set_language(pid(repo, 7002), "en")
    async with BotHarness(repo) as bot:
        await _open_election(bot)
        e = _election(repo)
        ticked = await bot.press(7002, f"el:{e.id}:1")
        details = await bot.press(7002, f"vi:{e.id}")  # the ticked card's 详情
    [edited] = [c for c in ticked if c.method == "editMessageText"]
    assert [d for _, d in edited.buttons()][-1] == f"vi:{e.id}"
    more = details[-1].text
    assert "Once owners making up two thirds of all owners and holding two thirds of the " \
           "floor area have cast a ballot, a candidate is elected" in more
    assert "owners of two thirds of the owners" not in more
