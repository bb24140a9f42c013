"""The real ``steward run`` killed with SIGKILL just after a volunteer's progress of a
project under way (its stage unchanged) was stored, by a field note's 📷 施工进展 button
or /stage N 进展, against the Bot API emulator on 127.0.0.1: started again, she is told
it was added, as the step would have, not "already saved, start again from the menu"
(bot.handlers.stage_saved.finish_progress), and the note's button, pressed again, does
not store it twice."""

from __future__ import annotations

import time

import pytest
from bot_api_emulator import BotApiEmulator
from conftest import confirmed_resident, pid
from test_run_kill_notices import _project
from test_run_vote_opened import RESIDENTS, VOLUNTEER, held_to, kill, say, start

from db.entries import ProjectStage
from db.repository import Repository

NOTE = "外墙已刷完一半"


def _button(api: BotApiEmulator, label: str) -> str:
    return next(d for c in reversed(api.calls) if c.chat_id == VOLUNTEER
                for text, d in c.buttons() if label in text)


@pytest.mark.parametrize("way", ["note", "command"])
def test_a_projects_progress_stored_just_before_a_kill_is_told_as_added_once(
        tmp_path, street_config, way):
    data = tmp_path / "street"
    repo = Repository.init(data, street_config)
    for tid, household in RESIDENTS.items():
        confirmed_resident(repo, tid, household, VOLUNTEER)
    project = _project(repo)
    repo.set_stage(project, pid(repo, VOLUNTEER), ProjectStage.IN_PROGRESS, "施工队已进场")
    repo.close()
    added = f"已加到项目 #{project} 的进度里"
    held: list[float] = []
    with BotApiEmulator() as api:
        held_to(api, VOLUNTEER, held)  # Telegram slow for her chat
        proc = start(api, data)
        try:
            if way == "note":  # a volunteer's note with the project's number, its button
                say(api, VOLUNTEER, f"{project} {NOTE}")
                progress = _button(api, "施工进展")
            mark = len(api.calls)
            held.append(time.monotonic())
            if way == "note":
                api.press(VOLUNTEER, progress)
            else:
                api.message(VOLUNTEER, f"/stage {project} 进展 {NOTE}")
            deadline = time.monotonic() + 20
            while len(held) < 2 and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(0.5)
        finally:
            first = kill(proc)
            held.clear()
        assert "Traceback" not in first, first
        assert not any(added in c.text for c in api.calls[mark:])
        again = len(api.calls)
        proc = start(api, data)
        try:
            told = api.wait_for(lambda c: c.chat_id == VOLUNTEER and c.method == "sendMessage",
                                since=again)
            if way == "note":  # she presses the note's button again
                pressed = api.press(VOLUNTEER, progress)
                api.wait_for(lambda c: c.chat_id == VOLUNTEER and c.method == "sendMessage",
                             since=pressed)
            time.sleep(1.0)  # anything more that would follow
        finally:
            second = kill(proc)
    assert "Traceback" not in second, second
    assert added in told.text, told.text
    assert [c.text for c in api.calls[again:] if added in c.text] == [told.text]
    repo = Repository.open(data)
    try:
        stages = repo.entry(project).data["stages"]
        assert [s["note"] for s in stages if s.get("progress")] == [NOTE], stages
    finally:
        repo.close()
