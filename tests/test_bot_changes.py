"""Publishing follows the repository's change events, through the real
Application: each public change a handler makes asks the publisher to publish
its area (no handler asks itself); private ones ask nothing.

A rejection is tested on a pending entry, the only kind the bot lets a
volunteer reject (/reject and the queue's button act on pending entries): a
pending entry was never public, so rejecting it is a private change and
publishes nothing, while approving one publishes its area.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from bot_harness import BotHarness
from conftest import confirmed_resident, past_deadline, pid

from bot.publisher import publisher_of
from db.changes import NAMES, Change
from db.entries import Kind, Status

HOME = "c1/1/1/101"


class Seen:
    """What one step through the bot asked the publisher for, and the changes the
    repository reported meanwhile."""

    def __init__(self) -> None:
        self.areas: set[str] = set()
        self.changes: list[Change] = []

    @property
    def kinds(self) -> set[str]:
        return {k for c in self.changes for k in c.kinds}


@contextlib.asynccontextmanager
async def watching(bot: BotHarness) -> AsyncIterator[Seen]:
    publisher = publisher_of(bot.app)
    publisher.areas.clear()
    seen = Seen()
    unsubscribe = bot.repo.subscribe(seen.changes.append)
    try:
        yield seen
    finally:
        unsubscribe()
    await asyncio.sleep(0)  # a change made on the event loop reaches the publisher next
    seen.areas = set(publisher.areas)


def pending_issue(repo, text="楼道灯不亮"):
    author = confirmed_resident(repo, 5001, HOME, 101)
    return repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": text})


def approved_issue(repo, text="楼道灯不亮"):
    return repo.approve(pending_issue(repo, text).id, pid(repo, 102))


def open_proposal(repo):
    return repo.create_proposal(pid(repo, 101), "east", title="安装单元门", description="",
                                budget_fen=0, matter="everyday", deadline="2025-01-01")


def expense(repo):
    return repo.submit(pid(repo, 101), Kind.EXPENSE, "east", {
        "amount_fen": 5000, "payee": "五金店", "purpose": "灯泡", "category": "lighting"})


async def test_an_approval_publishes_its_area_and_a_rejection_of_a_pending_one_does_not(repo):
    first, second = pending_issue(repo, "一"), pending_issue(repo, "二")
    async with BotHarness(repo) as bot:
        async with watching(bot) as approved:
            await bot.send(101, f"/approve {first.id}")
        async with watching(bot) as rejected:
            await bot.send(101, f"/reject {second.id} 不在本小区")
    assert repo.entry(first.id).status == Status.APPROVED
    assert repo.entry(second.id).status == Status.REJECTED
    assert approved.areas == {"east"} and approved.kinds == {"issue"}
    assert rejected.areas == set() and rejected.changes == []


async def test_each_step_of_an_issue_publishes_its_area(repo):
    entry = approved_issue(repo)
    async with BotHarness(repo) as bot:
        async with watching(bot) as progress:
            await bot.send(101, f"/progress {entry.id} 已联系电工")
        async with watching(bot) as note:
            await bot.send(101, f"/progress {entry.id} 灯泡已买好")
        async with watching(bot) as resolved:
            await bot.send(101, f"/resolve {entry.id} 修好了")
        async with watching(bot) as reopened:
            await bot.press(5001, f"mine:reopen:{entry.id}")
            await bot.press(5001, f"mine:reopen_yes:{entry.id}")
    assert repo.entry(entry.id).status == Status.REOPENED
    assert (progress.areas, progress.kinds) == ({"east"}, {"issue"})
    assert (note.areas, note.kinds) == ({"east"}, {"progress_note"})
    assert (resolved.areas, resolved.kinds) == ({"east"}, {"issue"})
    assert (reopened.areas, reopened.kinds) == ({"east"}, {"issue"})


async def test_me_too_on_a_public_issue_publishes_its_area(repo):
    entry = approved_issue(repo, "路灯不亮了，晚上很黑")
    confirmed_resident(repo, 7001, "c1/1/1/102", 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/report")
        [data] = [d for c in calls for text, d in c.buttons() if "路灯" in text]
        await bot.press(7001, data)
        calls = await bot.send(7001, "路灯不亮，晚上太黑了")
        [me_too] = [d for c in calls for text, d in c.buttons() if "我也遇到" in text]
        async with watching(bot) as seen:
            await bot.press(7001, me_too)
    assert repo.entry(entry.id).data["me_too"] == [pid(repo, 7001)]
    assert (seen.areas, seen.kinds) == ({"east"}, {"issue"})


async def test_votes_paper_votes_and_the_close_publish_their_area(repo):
    confirmed_resident(repo, 5001, HOME, 101)
    proposal = open_proposal(repo)
    async with BotHarness(repo) as bot:
        async with watching(bot) as vote:
            await bot.press(5001, f"vote:{proposal.id}:agree")
        async with watching(bot) as paper:
            await bot.send(102, f"/paper {proposal.id} 1/1/102 agree")
        past_deadline(repo, proposal.id)
        async with watching(bot) as closed:
            await bot.send(101, f"/closevote {proposal.id}")
        async with watching(bot) as stage:
            await bot.send(101, f"/stage {proposal.id} in_progress 施工队已进场")
    assert repo.entry(proposal.id).data["stage"] == "in_progress"
    assert (vote.areas, vote.kinds) == ({"east"}, {"vote"})
    assert (paper.areas, paper.kinds) == ({"east"}, {"vote"})
    assert (closed.areas, closed.kinds) == ({"east"}, {"proposal"})
    assert (stage.areas, stage.kinds) == ({"east"}, {"proposal"})


async def test_an_announcement_publishes_its_own_area(repo):
    async with BotHarness(repo) as bot:
        async with watching(bot) as seen:
            await bot.send(103, "/announce west 明天停水")
            await bot.press(103, "an:ok:1")
    assert [e.area for e in repo.entries(kind=Kind.ANNOUNCEMENT)] == ["west"]
    assert (seen.areas, seen.kinds) == ({"west"}, {"announcement"})


async def test_a_fee_an_expense_and_a_reversal_publish_their_area_once_approved(repo):
    resident = confirmed_resident(repo, 5001, HOME, 101)
    fee = repo.submit(resident, Kind.FEE_INCOME, "east", {
        "amount_fen": 12000, "fee_type": "sanitation", "period": "2025"})
    spent = expense(repo)
    async with BotHarness(repo) as bot:
        async with watching(bot) as fee_seen:
            await bot.send(102, f"/approve {fee.id}")
        async with watching(bot) as spent_seen:
            await bot.send(102, f"/approve {spent.id}")
        async with watching(bot) as asked:
            await bot.send(101, "/reverse 2 金额记错了")
            await bot.press(101, "rev:ok:2")
        [reversal] = repo.entries(kind=Kind.REVERSAL)
        async with watching(bot) as reversed_seen:
            await bot.send(102, f"/approve {reversal.id}")
    assert [line["amount_fen"] for line in repo.ledger("east")] == [12000, -5000, 5000]
    assert (fee_seen.areas, fee_seen.kinds) == ({"east"}, {"fee_income", "ledger"})
    assert (spent_seen.areas, spent_seen.kinds) == ({"east"}, {"expense", "ledger"})
    assert asked.areas == set() and asked.changes == []  # a pending reversal is private
    assert reversed_seen.areas == {"east"}
    assert reversed_seen.kinds == {"reversal", "expense", "ledger"}


async def test_private_changes_publish_nothing(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        async with watching(bot) as language:
            await bot.send(7001, "/language")
            await bot.press(7001, "lang:en")
        async with watching(bot) as submission:
            calls = await bot.send(7001, "/opinion")
            await bot.send(7001, "希望多装几盏路灯")
            await bot.press(7001, "op:ok")
        async with watching(bot) as named:
            await bot.send(900, "/help")  # an admin's first message keeps her name
        async with watching(bot) as lookup:
            whoami = await bot.send(900, "/whoami 101")
            await bot.send(5555, "/start")  # a stranger's first contact
    assert repo.person_by_telegram(7001)["language"] == "en"
    [opinion] = repo.entries(kind=Kind.OPINION)
    assert opinion.status == Status.PENDING and calls
    assert "物管会主任" in whoami[-1].text
    for seen in (language, submission, lookup):
        assert seen.areas == set() and seen.changes == []
    # the site masks that name in every area's published words: built again
    assert named.areas == {"east", "west"} and \
        [set(c.kinds) for c in named.changes] == [{NAMES}]


async def test_the_publisher_builds_the_changed_area_after_the_delay(repo, tmp_path):
    from bot.settings import Settings

    entry = pending_issue(repo)
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=False,
                        site_url="https://example.org/", publish_delay=0.05,
                        project_dir=tmp_path / "site-project")
    built = []
    async with BotHarness(repo, settings=settings) as bot:
        bot.app.bot_data["build_site"] = lambda repo, project_dir: built.append(project_dir)
        await bot.send(101, f"/approve {entry.id}")
        publisher = publisher_of(bot.app)
        for _ in range(200):
            if publisher.builds:
                break
            await asyncio.sleep(0.01)
    assert built == [tmp_path / "site-project"]
    assert publisher.last is not None and publisher.last.ok
    assert publisher.last.areas == frozenset({"east"})
    assert publisher.areas == set()  # taken by the build


async def test_a_stopped_bot_no_longer_follows_the_changes(repo):
    entry = pending_issue(repo)
    async with BotHarness(repo) as bot:
        publisher = publisher_of(bot.app)
    repo.approve(entry.id, pid(repo, 101))  # after the shutdown
    await asyncio.sleep(0)
    assert publisher.areas == set() and not publisher.pending
