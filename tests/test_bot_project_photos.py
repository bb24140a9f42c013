"""A volunteer's photo of a project's work, captioned with the project's number and a
note as they caption a report's ("489 路面已铺好", no /stage): it was said not to be
kept, with the open *reports* only, and the photo was lost; /stage alone gave only
the usage, and the project numbers nowhere. Now the number of a project not done
yet asks which stage it has reached (a button for each it may go to next), and a
press stores it with the photo as /stage does (bot.handlers.field_note,
bot.handlers.stage)."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness, jpeg_bytes
from conftest import close_when_due, confirmed_resident, pid

from db.entries import Kind, Status
from db.errors import PermissionDenied


def project(repo, title="院内路面硬化"):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    proposal = repo.create_proposal(pid(repo, 101), "east", title=title, description="",
                                    budget_fen=300000, matter="everyday",
                                    deadline="2025-01-01")
    repo.cast_vote(pid(repo, 5001), proposal.id, "agree")
    close_when_due(repo, proposal.id, pid(repo, 101))
    assert repo.entry(proposal.id).data["stage"] == "planned"
    return proposal


async def test_a_photo_captioned_with_a_projects_number_is_offered_as_its_next_stage(repo):
    p = project(repo)
    async with BotHarness(repo) as bot:
        asked = await bot.send_photo(101, jpeg_bytes(), caption=f"{p.id} 施工队已进场")
        assert repo.entry(p.id).data["stage"] == "planned"  # nothing stored before a press
        labels = [label for label, _ in asked[-1].buttons()]
        calls = await bot.press_label(101, "施工中")
        again = await bot.press_label(101, "施工中")  # the same button a second time
    assert f"#{p.id}" in asked[-1].text and "院内路面硬化" in asked[-1].text
    assert "计划中" in asked[-1].text and labels == ["施工中", "取消"]
    stored = repo.entry(p.id)
    assert stored.data["stage"] == "in_progress"
    last = stored.data["stages"][-1]
    assert last["note"] == "施工队已进场" and len(last["photos"]) == 1
    assert any(c.chat_id == 5001 and "施工队已进场" in c.text for c in calls)
    assert any(c.chat_id == 101 and f"项目 #{p.id} 现在施工中" in c.text for c in calls)
    assert "失效" in again[-1].text and len(repo.entry(p.id).data["stages"]) == len(
        stored.data["stages"])


async def test_a_typed_note_for_a_project_is_stored_only_when_pressed(repo):
    p = project(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, f"{p.id} 定了施工队，下周开工")
        cancelled = await bot.press_label(101, "取消")
        forged = await bot.press(101, "fn:s:done")  # a stage it may not go to
        other = await bot.send(103, f"{p.id} 已开工")  # 103: a volunteer of west
    assert "没有保存" in cancelled[-1].text
    assert forged and repo.entry(p.id).data["stage"] == "planned"
    assert f"#{p.id}" not in other[-1].text
    assert len(repo.entry(p.id).data["stages"]) == 1  # only the vote's "planned"


async def test_a_photo_without_a_number_and_a_bare_stage_name_the_projects(repo):
    p = project(repo, title="安装单元门")
    async with BotHarness(repo) as bot:
        photo = await bot.send_photo(101, jpeg_bytes())
        usage = await bot.send(101, "/stage")
    for said in (photo[-1].text, usage[-1].text):
        assert f"#{p.id} 安装单元门（计划中）" in said
    assert "没有保存" in photo[-1].text and f"“{p.id} 已开工”" in photo[-1].text
    assert repo.entries(area="east", kind=Kind.PROPOSAL, status=Status.PASSED) == [
        repo.entry(p.id)]


async def test_every_photo_of_an_album_captioned_with_a_projects_number_goes_with_its_stage(
        repo):
    """An album of the road's work, "489 施工队已进场" under its first photo: the other
    photos were answered 这张照片没有保存 and the stage kept one; now all three."""
    p = project(repo)
    async with BotHarness(repo) as bot:
        for n, caption in enumerate((f"{p.id} 施工队已进场", None, None)):
            file_id = f"road{n}"
            bot.request.files[file_id] = jpeg_bytes((64 + 8 * n, 48))
            fields = {"photo": [{"file_id": file_id, "file_unique_id": f"u{file_id}",
                                 "width": 64, "height": 48, "file_size": 100}],
                      "media_group_id": "road"}
            said = await bot.send_raw(101, **({**fields, "caption": caption} if caption
                                              else fields))
        await bot.press_label(101, "施工中")
    assert f"#{p.id} 上（共 3 张）" in said[-1].text
    last = repo.entry(p.id).data["stages"][-1]
    assert last["note"] == "施工队已进场" and len(last["photos"]) == 3


async def test_every_photo_of_an_album_captioned_with_stage_is_kept_with_the_stage(repo):
    """Three photos of the road as one album, "/stage 489 施工 施工队已进场" under the
    first: the stage kept the first photo and each of the others was answered 这张照片没有
    保存 (found with steward run on the emulator). Now they follow it, as an album
    captioned /progress does for a report; another volunteer's photo is not added."""
    p = project(repo)
    async with BotHarness(repo) as bot:
        said = []
        for n, caption in enumerate((f"/stage {p.id} 施工 施工队已进场", None, None)):
            file_id = f"road{n}"
            bot.request.files[file_id] = jpeg_bytes((64 + 8 * n, 48))
            fields = {"photo": [{"file_id": file_id, "file_unique_id": f"u{file_id}",
                                 "width": 64, "height": 48, "file_size": 100}],
                      "media_group_id": "road"}
            if caption:
                fields.update(caption=caption, caption_entities=[
                    {"type": "bot_command", "offset": 0, "length": 6}])
            said.append(await bot.send_raw(101, **fields))
    last = repo.entry(p.id).data["stages"][-1]
    assert (last["stage"], last["note"], len(last["photos"])) == ("in_progress", "施工队已进场", 3)
    assert [c.text for c in said[2] if c.chat_id == 101] == [f"第 3 张照片也已随 #{p.id} 保存。"]
    with pytest.raises(PermissionDenied):  # not one's own last stage
        repo.add_stage_photos(p.id, pid(repo, 102), ["0" * 64 + ".jpg"])
