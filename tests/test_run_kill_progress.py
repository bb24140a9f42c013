"""The real ``steward run`` killed with SIGKILL just after a volunteer's progress of a
project under way (its stage unchanged) was stored, by a field note's 📷 施工进展 button
or /stage N 进展, against the Bot API emulator on 127.0.0.1: started again, she is told
it was added, as the step would have, not "already saved, start again from the menu"
(bot.handlers.stage_saved.finish_progress), and the note's button, pressed again, does
not store it twice."""

from __future__ import annotations

import pytest
from bot_api_emulator import BotApiEmulator
from conftest import pid
from kill_restart import RESIDENTS, VOLUNTEER, held_to, kill_restart, say, street
from test_run_kill_notices import _project

from db.entries import ProjectStage

NOTE = "外墙已刷完一半"


def _button(api: BotApiEmulator, label: str) -> str:
    return next(d for c in reversed(api.calls) if c.chat_id == VOLUNTEER
                for text, d in c.buttons() if label in text)


@pytest.mark.parametrize("way", ["note", "command"])
def test_a_projects_progress_stored_just_before_a_kill_is_told_as_added_once(
        tmp_path, street_config, way):
    data, repo = street(tmp_path, street_config, RESIDENTS)
    project = _project(repo)
    repo.set_stage(project, pid(repo, VOLUNTEER), ProjectStage.IN_PROGRESS, "施工队已进场")
    repo.close()
    added = f"已加到项目 #{project} 的进度里"
    with kill_restart(data, held_to, VOLUNTEER) as run:  # Telegram slow for her chat
        api = run.api
        if way == "note":  # a volunteer's note with the project's number, its button
            say(api, VOLUNTEER, f"{project} {NOTE}")
            progress = _button(api, "施工进展")
        with run.cut_short():
            if way == "note":
                api.press(VOLUNTEER, progress)
            else:
                api.message(VOLUNTEER, f"/stage {project} 进展 {NOTE}")
        assert not any(added in c.text for c in api.calls[run.mark:])
        with run.restarted():
            told = api.wait_for(lambda c: c.chat_id == VOLUNTEER and c.method == "sendMessage",
                                since=run.again)
            if way == "note":  # she presses the note's button again
                pressed = api.press(VOLUNTEER, progress)
                api.wait_for(lambda c: c.chat_id == VOLUNTEER and c.method == "sendMessage",
                             since=pressed)
    assert added in told.text, told.text
    assert [c.text for c in api.calls[run.again:] if added in c.text] == [told.text]
    with run.stored() as repo:
        stages = repo.entry(project).data["stages"]
        assert [s["note"] for s in stages if s.get("progress")] == [NOTE], stages
