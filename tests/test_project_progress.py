"""A photo taken halfway through a project (in progress) has somewhere to go without
changing its stage: the only button under it was ✅ 已完工. The domain keeps it among
the project's stages as a progress record of the stage it is at (db.projects.
add_progress: a project under way only); a volunteer's photo captioned with the
project's number offers 📷 施工进展（阶段不变）, and /stage N 进展 note does it too; the
project page shows it, with its photo, under the current stage (施工中 · 进展)."""

from __future__ import annotations

import re

import markdown
import pytest
from bot_harness import BotHarness, jpeg_bytes
from conftest import pid
from test_bot_project_photos import project
from test_site_helpers import make_project, new_repo, photo_bytes

from db.errors import DomainError, PermissionDenied
from db.media import MediaStore
from site_builder import build_site


def test_a_progress_record_keeps_the_stage_of_a_project_under_way(repo):
    p = project(repo)
    with pytest.raises(DomainError) as refused:  # planned: not under way yet
        repo.add_progress(p.id, pid(repo, 101), "材料已到")
    assert refused.value.code == "not_under_way"
    repo.set_stage(p.id, pid(repo, 101), "in_progress", "已开工")
    with pytest.raises(PermissionDenied):  # 103: a volunteer of west
        repo.add_progress(p.id, pid(repo, 103), "路面铺了一半")
    with pytest.raises(DomainError):  # neither a note nor a photo
        repo.add_progress(p.id, pid(repo, 101), " ")
    stored = repo.add_progress(p.id, pid(repo, 101), "路面铺了一半", ["a.jpg"])
    assert stored.data["stage"] == "in_progress"
    last = stored.data["stages"][-1]
    assert (last["stage"], last["note"], last["photos"], last["progress"]) == (
        "in_progress", "路面铺了一半", ["a.jpg"], True)
    assert repo.entry(p.id).data["stages"][-1] == last  # stored, not only returned
    repo.set_stage(p.id, pid(repo, 101), "done", "完工")  # still moves on afterwards
    with pytest.raises(DomainError):
        repo.add_progress(p.id, pid(repo, 101), "补拍")


async def test_a_photo_halfway_through_is_added_without_changing_the_stage(repo):
    p = project(repo)
    repo.set_stage(p.id, pid(repo, 101), "in_progress", "已开工")
    async with BotHarness(repo) as bot:
        asked = await bot.send_photo(101, jpeg_bytes(), caption=f"{p.id} 路面铺了一半")
        labels = [label for label, _ in asked[-1].buttons()]
        assert len(repo.entry(p.id).data["stages"]) == 2  # nothing before a press
        calls = await bot.press_label(101, "📷 施工进展（阶段不变）")
        typed = await bot.send(101, f"/stage {p.id} 进展 养护中，请勿踩踏")
    assert labels == ["📷 施工进展（阶段不变）", "已完工", "取消"], labels
    assert "施工中" in asked[-1].text
    stored = repo.entry(p.id)
    assert stored.data["stage"] == "in_progress"
    photo, words = stored.data["stages"][-2:]
    assert photo["progress"] and photo["note"] == "路面铺了一半" and len(photo["photos"]) == 1
    assert words["progress"] and words["note"] == "养护中，请勿踩踏" and words["photos"] == []
    for said in (calls, typed):
        assert any(c.chat_id == 101 and f"已加到项目 #{p.id} 的进度里（阶段仍是施工中）" in c.text
                   for c in said)


async def test_a_project_not_under_way_is_offered_no_progress_button(repo):
    p = project(repo)
    async with BotHarness(repo) as bot:
        asked = await bot.send_photo(101, jpeg_bytes(), caption=f"{p.id} 材料到了")
        forged = await bot.press(101, "fn:g")
        typed = await bot.send(101, f"/stage {p.id} 进展 材料到了")
    assert [label for label, _ in asked[-1].buttons()] == ["施工中", "取消"]
    assert "失效" in forged[-1].text
    assert f"项目 #{p.id} 还没有在施工" in typed[-1].text
    assert len(repo.entry(p.id).data["stages"]) == 1


def test_the_project_page_shows_the_progress_photo_under_the_current_stage(tmp_path):
    repo = new_repo(tmp_path / "data")
    p = project(repo)
    volunteer = pid(repo, 101)
    repo.set_stage(p.id, volunteer, "in_progress", "已开工")
    photo = MediaStore(repo.store.root).save_photo(photo_bytes("green"))
    repo.add_progress(p.id, volunteer, "路面铺了一半", [photo])
    repo.add_progress(p.id, volunteer, "养护中")
    site = make_project(tmp_path)
    build_site(repo, site, run_mkdocs=False)
    repo.close()
    page = markdown.markdown((site / "content" / "areas" / "east" / "projects.md")
                             .read_text("utf-8"), extensions=["attr_list", "tables"])
    items = re.findall(r"<li>(.*?)</li>", page[page.index("进度"):], re.S)
    texts = [re.sub(r"<[^>]+>", "", i) for i in items]
    at = next(n for n, x in enumerate(texts) if "施工中（" in x and "已开工" in x)
    assert "施工中 · 进展" in texts[at + 1] and "路面铺了一半" in texts[at + 1]
    assert f"thumbs/{photo}" in items[at + 1]  # the photo in its own item
    assert "施工中 · 进展" in texts[at + 2] and "养护中" in texts[at + 2]
    assert "<img" not in items[at + 2]  # the next item is not glued to the photo
    assert f"项目 #{p.id} · 施工中" in (site / "content" / "areas" / "east" /
                                        "projects.md").read_text("utf-8")


def test_a_progress_record_and_a_stage_change_made_at_once_are_both_kept(repo, monkeypatch):
    """add_progress read the project before taking the commit lock: a stage change
    committed meanwhile was written over by its stale copy (the project back at 施工中,
    its 已完工 lost)."""
    import threading

    import db.checks

    p, volunteer = project(repo), pid(repo, 101)
    repo.set_stage(p.id, volunteer, "in_progress", "已开工")
    read, go_on = threading.Event(), threading.Event()
    real = db.checks.text

    def slow(value, what, *args, **kwargs):  # the progress record pauses after its read
        if threading.current_thread().name == "progress" and what == "a note":
            read.set()
            go_on.wait(5)
        return real(value, what, *args, **kwargs)

    monkeypatch.setattr(db.checks, "text", slow)
    progress = threading.Thread(name="progress", target=lambda: repo.add_progress(
        p.id, volunteer, "墙面刷了一半"))
    progress.start()
    assert read.wait(5)
    done = threading.Thread(target=lambda: repo.set_stage(p.id, volunteer, "done", "完工"))
    done.start()
    done.join(0.5)  # it waits for the record being made (or, unlocked, commits at once)
    go_on.set()
    progress.join(5)
    done.join(5)
    stages = repo.entry(p.id).data["stages"]
    assert [(s["stage"], s["note"]) for s in stages[-2:]] == [
        ("in_progress", "墙面刷了一半"), ("done", "完工")]
    assert repo.entry(p.id).data["stage"] == "done"


def test_a_project_planned_when_its_vote_passed_says_so_not_who_system_is(tmp_path):
    # Its first stage read "计划中（系统）" when the vote closed at its deadline (the
    # demo's 安装楼宇门): who is 系统? The stage is made by nobody, as the vote passes.
    from conftest import confirmed_resident, past_deadline

    repo = new_repo(tmp_path / "data")
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    proposal = repo.create_proposal(pid(repo, 101), "east", title="院内路面硬化",
                                    description="", budget_fen=300000, matter="everyday",
                                    deadline="2025-01-01")
    repo.cast_vote(pid(repo, 5001), proposal.id, "agree")
    past_deadline(repo, proposal.id)
    [(closed, _)] = repo.close_overdue()  # at the deadline, as the bot's job closes it
    assert repo.entry(closed.id).data["stage"] == "planned"
    site = make_project(tmp_path)
    build_site(repo, site, run_mkdocs=False)
    repo.close()
    text = (site / "content" / "areas" / "east" / "projects.md").read_text("utf-8")
    steps = text[text.index("### 进度"):]
    assert "**计划中**（表决通过后自动列入）" in steps, steps
    assert "系统" not in steps
