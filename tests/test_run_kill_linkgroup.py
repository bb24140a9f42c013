"""The real ``steward run`` killed with SIGKILL just after a volunteer's /linkgroup in
a new volunteers' group was stored, against the Bot API emulator on 127.0.0.1: started
again, the group linked before is told that it no longer receives the area's entries,
and the new group that it does, as the command would have (before, the restart said
nothing in a group, and the old group never learned its posts had stopped;
bot.handlers.groups.finish_link)."""

from __future__ import annotations

from conftest import pid
from kill_restart import VOLUNTEER, held_to, kill_restart, street

OLD, NEW = -100400, -100500  # the volunteers' group linked before, and the new one


def test_a_group_linked_just_before_a_kill_is_told_and_the_old_one_too(tmp_path,
                                                                       street_config):
    data, repo = street(tmp_path, street_config, {})
    repo.link_group(pid(repo, VOLUNTEER), "east", OLD)
    repo.close()
    unlinked, linked = "本群不再收到东小区的待审核内容", "本群今后会收到东小区的待审核内容"
    with kill_restart(data, held_to, OLD) as run:  # Telegram slow for the old group
        api = run.api
        with run.cut_short():
            api.message(VOLUNTEER, "/linkgroup east", chat={"id": NEW, "type": "group"})
        assert not any(linked in text for text in run.texts_to(NEW, run.mark))
        with run.restarted():
            api.wait_for(lambda c: c.chat_id == OLD and unlinked in c.text, since=run.again)
            told = api.wait_for(lambda c: c.chat_id == NEW and linked in c.text,
                                since=run.again)
    assert "原来连接的群不再收到这些内容，已在那个群里告知" in told.text, told.text
    assert [text for text in run.texts_to(NEW, run.mark)] == [told.text]
    assert len([t for t in run.texts_to(OLD, run.mark) if unlinked in t]) == 1
    with run.stored() as repo:
        assert repo.linked_group("east") == NEW
