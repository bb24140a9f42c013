"""A project's stage notes (/stage 489 施工 门卫老杨开始值晚班, a progress record) are
published at once, with no second volunteer's approval; a name in them could not be
taken off: /hide refused them (只能隐去报事、意见、提问、更正和会议纪要里的词). Now a
volunteer of the project's area hides words of its stages' notes (db.hidden_names), kept
with who hid them and when; the site's pages, feed, search and downloads mask them, the
copies of earlier sites too. Only the notes: its title and description, voted on, are
published past any hiding (the proposal's summary says so before it goes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import pid
from test_bot_project_photos import project
from test_privacy_site_copies import _holding
from test_site_helpers import make_project, new_repo

from db.errors import DomainError, PermissionDenied
from db.hidden_names import hidden_entry, hidden_of
from db.redact import NAME_MASK
from site_builder import build_site
from site_builder.build import IncrementalBuilder

NAME = "钱满仓"  # in no hand-written page of the site


def test_a_word_of_a_stage_note_is_hidden_and_kept_with_who_and_when(repo):
    p = project(repo, title="老杨家门口的路面硬化")
    repo.set_stage(p.id, pid(repo, 101), "in_progress", "门卫老杨开始值晚班")
    repo.add_progress(p.id, pid(repo, 101), "老杨说路面铺了一半")
    kept = repo.hide_words(p.id, pid(repo, 102), ["老杨"])
    assert hidden_of(kept) == ["老杨"]
    [word] = kept.data["hidden"]
    assert word["by"] == pid(repo, 102) and word["role"] and word["at"]
    stored = repo.entry(p.id)
    assert [s["note"] for s in stored.data["stages"]][1:] == ["门卫老杨开始值晚班",
                                                              "老杨说路面铺了一半"]
    shown = hidden_entry(stored)
    assert [s["note"] for s in shown.data["stages"]][1:] == [
        f"门卫{NAME_MASK}开始值晚班", f"{NAME_MASK}说路面铺了一半"]
    # the title, voted on, is as published
    assert shown.data["title"] == "老杨家门口的路面硬化"


def test_a_word_only_in_the_title_is_not_hidden(repo):
    p = project(repo, title="老杨家门口的路面硬化")
    repo.set_stage(p.id, pid(repo, 101), "in_progress", "施工队已进场")
    with pytest.raises(DomainError) as refused:
        repo.hide_words(p.id, pid(repo, 101), ["老杨"])
    assert refused.value.code == "word_not_in_text"
    assert hidden_of(repo.entry(p.id)) == []


def test_a_proposal_not_a_project_cannot_have_words_hidden(repo):
    p = repo.create_proposal(pid(repo, 101), "east", title="老杨家门口的路面硬化",
                             description="", budget_fen=300000, matter="everyday",
                             deadline="2099-01-01")
    with pytest.raises(DomainError) as refused:
        repo.hide_words(p.id, pid(repo, 101), ["老杨"])
    assert refused.value.code == "cannot_hide"


def test_only_a_volunteer_of_the_projects_area_hides_words_of_its_stages(repo):
    p = project(repo)
    repo.set_stage(p.id, pid(repo, 101), "in_progress", "门卫老杨开始值晚班")
    for who in (5001, 103):  # a resident of the area, another area's volunteer
        with pytest.raises(PermissionDenied):
            repo.hide_words(p.id, pid(repo, who), ["老杨"])
    assert hidden_of(repo.entry(p.id)) == []


def _files(folder: Path) -> list[str]:
    return _holding(folder, NAME)


def test_a_name_hidden_in_a_stage_note_comes_off_the_site_at_the_next_build(tmp_path):
    repo = new_repo(tmp_path / "data")
    try:
        p = project(repo)
        repo.set_stage(p.id, pid(repo, 101), "in_progress", f"{NAME}带施工队进场")
        site = make_project(tmp_path / "p")
        build_site(repo, site)
        builder = IncrementalBuilder(repo, site)
        try:
            builder.build()  # the bot's first build: whole, the earlier site kept aside
            held = _files(site)
            assert "site/areas/east/projects/index.html" in held, held
            assert ".site.spare/areas/east/projects/index.html" in held
            repo.hide_words(p.id, pid(repo, 101), [NAME])
            builder.build({"east"})  # her area's pages, as the bot builds after a change
            assert _files(site) == []
            said = _holding(site, "带施工队进场")  # the rest of the note is there
            assert "site/areas/east/projects/index.html" in said
        finally:
            builder.close()
    finally:
        repo.close()
