"""Property tests: random sequences of updates from residents, volunteers and
strangers of two areas, through the real Application — taps on buttons the
bot really sent (old ones too, out of order), forged callback data, commands
in the middle of flows, typed junk, photos, and updates redelivered with the
same update_id. After every sequence the invariants hold: balances equal the
published lines, one counted vote per household, nothing unapproved on the
site, the hash chains verify, and no handler raised."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from robust_support import (
    ADMIN,
    EAST_VOLUNTEERS,
    RESIDENTS,
    STRANGER,
    WEST_VOLUNTEER,
    RobustHarness,
    check_invariants,
    new_repo,
    seed,
)

from db.entries import Kind, Status

USERS = (*RESIDENTS, *EAST_VOLUNTEERS, WEST_VOLUNTEER, ADMIN, STRANGER)
IDS = st.integers(min_value=1, max_value=30)

COMMANDS = ("/start", "/pay", "/vote", "/report", "/opinion", "/mine", "/accounts", "/help",
            "/cancel", "/pending", "/income", "/expense", "/propose", "/whoami", "/language",
            "/publish", "报事", "投票", "缴费登记", "账目", "我的", "帮助", "意见")
ID_COMMANDS = ("/approve {}", "/reject {} 不属实T{}X", "/closevote {}", "/reverse {} 记错了",
               "/progress {} 已派人T{}X", "/resolve {} 修好了", "/close {} duplicate 重复",
               "/paper {} c1/1/1/201 agree", "/stage {} in_progress 开工", "/approve",
               "/reject {}")
ADMIN_COMMANDS = ("/grant 9001 volunteer east", "/revoke 102 volunteer east",
                  "/grant 7001 volunteer west 网格员", "/linkgroup east")
TYPED = ("120", "120.50", "12.345", "-5", "0", "一百二十元", "99999999999", "2025-01",
         "1-1-102", "c1/1/1/101", "路灯坏了T{}X", "楼道堆满杂物，请清理T{}X", "")
FORGED = ("pay:ok", "pay:fee:property", "pay:per:2025-01", "pay:skip", "pay:fee:bogus",
          "vote:{}:agree", "vote:{}:disagree", "vote:{}:abstain", "vote:{}:yes", "vote:x:agree",
          "q:a:{}", "q:r:{}", "q:a:-1", "q:a:99999999999999999999", "inc:unit:0",
          "inc:hh:0", "inc:fee:sanitation", "inc:per:2025", "inc:skip:1", "inc:unit:99",
          "exp:cat:repair", "rep:ok", "rep:cat:lighting", "rep:me:{}", "rep:pb:9:9",
          "reg:h:0:0:0:0", "reg:h:1:0:0:1", "reg:h:9:9:9:9", "reg:new", "mine:{}", "acc:east",
          "acc:nowhere", "lang:en", "lang:xx", "prop:ok:1", "op:ok", "", "::::")


def _fill(template: str, n: int) -> str:
    return template.format(*([n] * template.count("{}")))


_send = st.builds(lambda u, c: ("send", u, c), st.sampled_from(USERS),
                  st.sampled_from(COMMANDS))
_send_id = st.builds(lambda u, c, n: ("send", u, _fill(c, n)),
                     st.sampled_from(USERS), st.sampled_from(ID_COMMANDS), IDS)
_admin = st.builds(lambda u, c: ("send", u, c), st.sampled_from((ADMIN, 101, 7001, STRANGER)),
                   st.sampled_from(ADMIN_COMMANDS))
_typed = st.builds(lambda u, c, n: ("send", u, _fill(c, 1000 + n)), st.sampled_from(USERS),
                   st.sampled_from(TYPED), st.integers(0, 99_999))
_junk = st.builds(lambda u, c: ("send", u, c), st.sampled_from(USERS), st.text(max_size=40))
_tap = st.builds(lambda u, k: ("tap", u, k), st.sampled_from(USERS), st.integers(0, 10_000))
_forge = st.builds(lambda u, c, n: ("press", u, _fill(c, n)), st.sampled_from(USERS),
                   st.sampled_from(FORGED), IDS)
_forge_text = st.builds(lambda u, c: ("press", u, c), st.sampled_from(USERS),
                        st.text(max_size=64))
_photo = st.builds(lambda u: ("photo", u), st.sampled_from(USERS))
_dup = st.just(("dup",))

# Whole flows, so that sequences do reach the store (seeded ids: proposals 5
# east and 6 west, pending issue 7, pending fee 8, published fee 9).
_RESIDENT = st.sampled_from(tuple(RESIDENTS))
_VOLUNTEER = st.sampled_from((*EAST_VOLUNTEERS, WEST_VOLUNTEER))


def _pay(u: int, amount: str) -> list[tuple]:
    return [("send", u, "/pay"), ("press", u, "pay:fee:property"),
            ("press", u, "pay:per:2025-01"), ("send", u, amount), ("press", u, "pay:skip"),
            ("press", u, "pay:ok")]


def _income(v: int, amount: str) -> list[tuple]:
    return [("send", v, "/income"), ("tap", v, 0), ("tap", v, 0), ("press", v,
            "inc:fee:sanitation"), ("press", v, "inc:per:2025"), ("send", v, amount),
            ("press", v, "inc:skip:1")]


def _opinion(u: int, n: int) -> list[tuple]:
    return [("send", u, "/opinion"), ("tap", u, 0), ("send", u, f"建议装充电桩T{n}X"),
            ("tap", u, 0), ("tap", u, 0)]


_flow = st.one_of(
    st.builds(_pay, _RESIDENT, st.sampled_from(("88", "120.50", "一百元", "12.345"))),
    st.builds(_income, _VOLUNTEER, st.sampled_from(("30", "45.5", "-1"))),
    st.builds(_opinion, _RESIDENT, st.integers(100, 99_999)),
    st.builds(lambda u, p, c: [("press", u, f"vote:{p}:{c}")], _RESIDENT, st.sampled_from((5, 6)),
              st.sampled_from(("agree", "disagree", "abstain"))),
    st.builds(lambda v, n: [("press", v, f"q:a:{n}")], _VOLUNTEER, st.integers(7, 30)),
    st.builds(lambda v, n: [("send", v, f"/approve {n}")], _VOLUNTEER, st.integers(7, 30)),
    st.builds(lambda v, n: [("press", v, f"q:r:{n}"), ("send", v, "不属实")], _VOLUNTEER,
              st.integers(7, 30)),
    st.builds(lambda v, k: [("queue", v, k)], _VOLUNTEER, st.integers(0, 1000)),
    st.builds(lambda v, k: [("queue", v, k)], _VOLUNTEER, st.integers(0, 1000)),
    st.builds(lambda v, p: [("send", v, f"/closevote {p}")], _VOLUNTEER, st.sampled_from((5, 6))),
    st.builds(lambda v, n: [("send", v, f"/reverse {n} 记错了")], _VOLUNTEER, st.integers(9, 30)),
)

ACTION = st.one_of(_tap, _tap, _send, _send_id, _typed, _forge, _dup, _photo, _admin,
                   _junk, _forge_text)
STEPS = st.lists(st.one_of(ACTION.map(lambda a: [a]), _flow, _flow), min_size=8,
                 max_size=25).map(lambda items: [a for item in items for a in item])


async def _play(repo, actions: list[tuple]) -> RobustHarness:
    async with RobustHarness(repo) as bot:
        for action in actions:
            kind = action[0]
            if kind == "send":
                await bot.send(action[1], action[2])
            elif kind == "press":
                await bot.press(action[1], action[2])
            elif kind == "tap":  # a button the bot did send: the newest, or any old one
                offered = bot.buttons_sent_to(action[1])
                if offered:
                    newest = bot.buttons_sent_to(action[1], last=True)
                    pick = newest if newest and action[2] % 3 == 0 else offered
                    await bot.press(action[1], pick[action[2] % len(pick)])
            elif kind == "queue":  # a volunteer works through the approval queue
                person = repo.person_by_telegram(action[1])
                waiting = repo.pending_for(person["id"])
                if waiting:
                    entry = waiting[action[2] % len(waiting)]
                    if action[2] % 4:
                        await bot.press(action[1], f"q:a:{entry.id}")
                    else:
                        await bot.press(action[1], f"q:r:{entry.id}")
                        await bot.send(action[1], "重复了")
            elif kind == "photo":
                await bot.send_photo(action[1])
            else:
                await bot.redeliver()
    return bot


@settings(max_examples=50, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(STEPS)
def test_random_update_sequences_keep_money_votes_privacy_and_integrity(actions):
    with tempfile.TemporaryDirectory() as tmp:
        repo = new_repo(Path(tmp) / "data")
        try:
            seed(repo)
            bot = asyncio.run(_play(repo, actions))
            assert bot.errors == [], f"a handler raised: {bot.errors!r}"
            check_invariants(repo)
        finally:
            repo.close()
        # What was acknowledged is on disk: a fresh open sees the same entries.
        again = new_repo_open(Path(tmp) / "data")
        try:
            check_invariants(again, site=False)
        finally:
            again.close()


def new_repo_open(path: Path):
    from db.repository import Repository

    return Repository.open(path)


async def test_a_redelivered_confirmation_stores_the_fee_once(repo):
    """Telegram redelivers an update whose answer timed out: the same pay:ok tap
    arrives twice; one fee report is stored."""
    seed(repo)
    async with RobustHarness(repo) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:property")
        await bot.press(7001, "pay:per:2025-01")
        await bot.send(7001, "88")
        await bot.press(7001, "pay:skip")
        before = len(repo.entries(kind=Kind.FEE_INCOME))
        await bot.press(7001, "pay:ok")
        again = await bot.redeliver()
    fees = [e for e in repo.entries(kind=Kind.FEE_INCOME) if e.data["amount_fen"] == 8800]
    assert len(fees) == 1 and len(repo.entries(kind=Kind.FEE_INCOME)) == before + 1
    assert fees[0].status == Status.PENDING
    assert bot.errors == []
    assert again == []  # handled once: no "button no longer valid", nobody told twice


async def test_a_redelivered_approval_publishes_one_ledger_line(repo):
    ids = seed(repo)
    async with RobustHarness(repo) as bot:
        await bot.press(101, f"q:a:{ids['fee']}")
        lines = len(repo.ledger("east"))
        assert await bot.redeliver() == []
        late = await bot.send(102, f"/approve {ids['fee']}")
        assert await bot.redeliver() == []
    assert len(repo.ledger("east")) == lines == 2
    # the second volunteer is told it was done already, by whom, and that nothing changed
    assert "已由" in late[-1].text and "这次没有做任何改动" in late[-1].text
    assert bot.errors == []
    check_invariants(repo)
