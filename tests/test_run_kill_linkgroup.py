"""The real ``steward run`` killed with SIGKILL just after a volunteer's /linkgroup in
a new volunteers' group was stored, against the Bot API emulator on 127.0.0.1: started
again, the group linked before is told that it no longer receives the area's entries,
and the new group that it does, as the command would have (before, the restart said
nothing in a group, and the old group never learned its posts had stopped;
bot.handlers.groups.finish_link), each once: both are recorded as told just before
their message leaves (bot.notify.send_once), so a kill after they went sends neither
again (before, the restart told both a second time). A kill while one is on its way
loses that one (at most once: bot.sending.paced), and the new group is told it may not
have arrived (before: 已在那个群里告知)."""

from __future__ import annotations

from conftest import pid
from kill_restart import VOLUNTEER, held_after_delivery, held_to, kill_restart, street

OLD, NEW = -100400, -100500  # the volunteers' group linked before, and the new one
UNLINKED, LINKED = "本群不再收到东小区的待审核内容", "本群今后会收到东小区的待审核内容"


def test_a_group_linked_just_before_a_kill_is_told_and_the_old_one_at_most_once(
        tmp_path, street_config):
    data, repo = street(tmp_path, street_config, {})
    repo.link_group(pid(repo, VOLUNTEER), "east", OLD)
    repo.close()
    # Telegram slow for the old group: the kill comes while its message is on its way
    with kill_restart(data, held_to, OLD) as run:
        api = run.api
        with run.cut_short():
            api.message(VOLUNTEER, "/linkgroup east", chat={"id": NEW, "type": "group"})
        assert not any(LINKED in text for text in run.texts_to(NEW, run.mark))
        with run.restarted():
            told = api.wait_for(lambda c: c.chat_id == NEW and LINKED in c.text,
                                since=run.again)
    # the old group's notice left as the bot was killed: not said to have arrived
    assert "已在那个群里告知" not in told.text, told.text
    assert "通知是在机器人重启时发出的，可能没有送到，请您在那个群里说一声" in told.text, told.text
    assert [text for text in run.texts_to(NEW, run.mark)] == [told.text]
    # recorded as told as it left: not sent again (lost with the bot, at most once)
    assert len([t for t in run.texts_to(OLD, run.mark) if UNLINKED in t]) <= 1
    with run.stored() as repo:
        assert repo.linked_group("east") == NEW


def test_a_linking_killed_once_both_groups_were_told_tells_neither_again(tmp_path,
                                                                       street_config):
    data, repo = street(tmp_path, street_config, {})
    repo.link_group(pid(repo, VOLUNTEER), "east", OLD)
    repo.close()
    # the new group's message reaches it; its answer is lost with the bot
    with kill_restart(data, held_after_delivery, NEW) as run:
        api = run.api
        with run.cut_short():
            api.message(VOLUNTEER, "/linkgroup east", chat={"id": NEW, "type": "group"})
        assert len([t for t in run.texts_to(NEW, run.mark) if LINKED in t]) == 1
        with run.restarted(settle=4.0):  # the command finished again (finish_link)
            pass
    assert len([t for t in run.texts_to(NEW, run.mark) if LINKED in t]) == 1
    assert len([t for t in run.texts_to(OLD, run.mark) if UNLINKED in t]) == 1
    with run.stored() as repo:
        assert repo.linked_group("east") == NEW
