"""The real ``steward run`` killed with SIGKILL while the message telling the owner that
her home's vote no longer counts (a family member just said she is a tenant, ``rel:t``)
was on its way, against the Bot API emulator on 127.0.0.1. Started again, the press is
finished (``bot.handlers.relation.finish_saved``): the owner is not sent it again
(recorded as it left: at most once), and the one who pressed reads that it may not have
arrived, not that she was told. Before, she read 已通知您家在机器人上的其他居民：2 位 of two
messages, one of which the kill may have lost."""

from __future__ import annotations

from datetime import timedelta

from conftest import confirmed_resident, pid
from kill_restart import VOLUNTEER, held_to, kill_restart, street

OWNER, FAMILY, TENANT = 7001, 7002, 7004
HOME = "c1/1/1/101"


def test_a_tenant_answer_killed_while_the_owner_was_told_does_not_count_her_as_told(
        tmp_path, street_config):
    data, repo = street(tmp_path, street_config, {OWNER: HOME})
    confirmed_resident(repo, FAMILY, HOME, VOLUNTEER, relation="family")
    confirmed_resident(repo, TENANT, HOME, VOLUNTEER, relation="tenant")
    deadline = (repo.clock() + timedelta(days=7)).date().isoformat()
    joint = repo.create_proposal(pid(repo, VOLUNTEER), "east", title="更换路灯",
                                 description="LED", budget_fen=360000,
                                 matter="use_maintenance_fund", deadline=deadline)
    repo.cast_vote(pid(repo, FAMILY), joint.id, "agree")
    repo.close()
    with kill_restart(data, held_to, OWNER) as run:
        api = run.api
        asked = api.press(FAMILY, "rel:ask")
        api.wait_for(lambda c: c.chat_id == FAMILY and "rel:t" in str(c.buttons()),
                     since=asked)
        with run.cut_short():
            api.press(FAMILY, "rel:t")
        with run.restarted():
            said = api.wait_for(lambda c: c.chat_id == FAMILY and "已记下" in c.text,
                                since=run.again)
    assert "其他居民：2 位" not in said.text, said.text
    assert "已通知您家在机器人上的其他居民：1 位" in said.text, said.text  # the tenant
    assert "给您家在机器人上的其他 1 位居民的通知是在机器人重启时发出的，可能没有送到" in said.text
    assert not run.texts_to(OWNER, run.again)  # not sent twice
    with run.stored() as repo:
        assert len(repo.voided_by_last_change(pid(repo, FAMILY))) == 1
