"""Once a resident is forgotten (PIPL art. 47), nothing kept ties her number (#N,
the one the admins are told) to her home: not the role log's lines of her
registration, of how she stood to her home and of her forgetting, nor her
registration entries. Her household's votes and fees stay (a vote counts for the
household, a fee is a line of the accounts), as /forget tells her."""

from __future__ import annotations

import json

from conftest import confirmed_resident, pid
from test_site_helpers import EAST_101, EAST_102, new_repo

from db.entries import Kind
from db.privacy import CONSENT_VERSION


def test_forgetting_leaves_no_line_of_the_role_log_or_registration_naming_her_home(tmp_path):
    repo = new_repo(tmp_path / "data")
    try:
        volunteer = pid(repo, 101)
        her = confirmed_resident(repo, 5001, EAST_101, 101)  # registered, then said owner
        other = confirmed_resident(repo, 5002, EAST_102, 101)
        refused = repo.register(pid(repo, 5003), EAST_101, consent=CONSENT_VERSION)
        repo.reject(refused.id, volunteer, "不是本户")
        proposal = repo.create_proposal(volunteer, "east", title="更换路灯",
                                        description="全部换成LED灯", budget_fen=500000,
                                        matter="everyday", deadline="2025-01-01")
        vote, *_ = repo.cast_vote(her, proposal.id, "agree")
        mine = [a for a in repo.role_audit() if a.get("subject") == her]
        assert any(EAST_101 in json.dumps(a) for a in mine)  # the log names her home

        repo.forget(her)

        mine = [a for a in repo.role_audit() if a.get("subject") == her]
        assert [a["note"] for a in mine][-1] == "forgotten at their request"
        for line in mine:
            assert EAST_101 not in json.dumps(line, ensure_ascii=False), line
            assert "owner" not in json.dumps(line), line
        assert [(a["from"], a["to"]) for a in mine] == [
            (None, "resident"), (None, "relation"), ("resident", None)]
        for entry in repo.entries(author=her, kind=Kind.REGISTRATION):
            assert EAST_101 not in json.dumps(entry.as_doc()), entry
        # what stays: the household's vote, counted for the household; others untouched
        assert repo.entry(vote.id).data["household"] == EAST_101
        theirs = [a for a in repo.role_audit() if a.get("subject") == other]
        assert f"resident:{EAST_102}" in [a["to"] for a in theirs]
        assert "relation:owner" in [a["to"] for a in theirs]
        assert repo.entry(refused.id).data["household"] == EAST_101  # not hers
    finally:
        repo.close()


async def test_the_bots_forget_leaves_her_telegram_id_in_no_mark_or_state_it_keeps(tmp_path):
    """The bot keeps a mark of each update handled (``bot.state``), with its message's
    chat: her Telegram id; and her steps under it. After her /forget no mark names it
    (each stays done), and no document of its saved state is kept under it, not even an
    empty one."""
    from robust_support import RobustHarness, make_data, settings_for

    from db.repository import Repository

    data = make_data(tmp_path)
    repo = Repository.open(data)
    try:
        async with RobustHarness(repo, settings=settings_for(data)) as bot:
            await bot.send(7001, "/pay")  # a flow begun: her steps saved under her id
            await bot.press(7001, "pay:fee:property")
            assert repo.store.get("bot/state", "users", 7001)
            await bot.send(7001, "/mydata")
            handled = bot.last_update["update_id"]
            assert "7001" in json.dumps(repo.store.get("bot/updates", "updates", handled))
            await bot.send(7001, "/forget")
            await bot.press(7001, "fg:ok")
            assert [p for p in repo.people() if p.get("forgotten")]
            marks = repo.store.all("bot/updates", "updates")
            assert [m for m in marks if "7001" in json.dumps(m)] == []
            for table in ("users", "chats"):  # nor an empty document under her id
                assert [d for d in repo.store.all("bot/state", table)
                        if "7001" in json.dumps(d)] == [], table
            assert repo.store.get("bot/updates", "updates", handled)["done"] is True
            again = await bot.redeliver()  # the last update, the press, sent again
            assert again == [] and bot.errors == []
            # the data folder's own files too, at once: not kept in people.json and the
            # journal until a checkpoint is due (every 10,000 commits)
            people = json.loads((data / "people.json").read_text("utf-8"))["people"]
            assert [p for p in people.values() if p.get("telegram_id") == 7001] == []
            for journal in data.glob("journal*"):
                assert b"7001" not in journal.read_bytes(), journal.name
    finally:
        repo.close()


def test_steward_forget_leaves_her_telegram_id_in_no_mark_of_an_update_handled(tmp_path):
    from db.forget_again import forget_with_state

    repo = new_repo(tmp_path / "data")
    try:
        her = confirmed_resident(repo, 5001, EAST_101, 101)
        with repo.store.transaction() as tx:
            tx.put("bot/updates", "updates", 40, {"done": True, "seen": "m:5001:12:"})
            tx.put("bot/updates", "updates", 41, {"done": True, "seen": "m:5002:13:"})
        forget_with_state(repo, her)
        mark = repo.store.get("bot/updates", "updates", 40) or {}
        assert {k: v for k, v in mark.items() if k != "doc_id"} == {"done": True}
        assert repo.store.get("bot/updates", "updates", 41)["seen"] == "m:5002:13:"
    finally:
        repo.close()
