"""A project's stage note (/stage 489 施工 门卫老杨开始值晚班, /stage N 进展 …, a photo
captioned with the project's number) is published at once. It said nothing when the
note called someone by surname, and /hide 489 老杨 was refused (只能隐去报事、意见、
提问、更正和会议纪要里的词): the name stayed on the site for good. Now the reply says so
with the /hide to send, as /progress does, and /hide takes the word off the project's
stage notes (only a volunteer of its area; its title, voted on, stays as published).
(Since, such a note is asked about before it goes: ``test_bot_called_ask``.)"""

from __future__ import annotations

from bot_harness import BotHarness, jpeg_bytes
from conftest import pid
from test_bot_project_photos import project

from db.hidden_names import hidden_of
from db.redact import NAME_MASK


async def test_a_stage_note_sent_as_is_can_still_be_hidden_with_hide(repo):
    p = project(repo)
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/stage {p.id} 施工 门卫老杨开始值晚班")
        assert "“老杨”像是在称呼某个人" in asked[-1].text  # asked first: test_bot_called_ask
        await bot.press_label(101, "照发")
        calls = await bot.send(102, f"/hide {p.id} 老杨")
    [word] = repo.entry(p.id).data["hidden"]
    assert word["word"] == "老杨" and word["by"] == pid(repo, 102) and word["at"]
    told = [c for c in calls if c.chat_id == 102][-1].text
    assert f"#{p.id}：网站下次更新时" in told and f"门卫{NAME_MASK}开始值晚班" in told
    # nobody else is told: the note is a volunteer's, not the proposer's (101) words
    assert [c.chat_id for c in calls if c.method == "sendMessage"] == [102]


async def test_a_progress_note_of_a_project_calling_someone_is_asked_about_before_saving(repo):
    p = project(repo)
    repo.set_stage(p.id, pid(repo, 101), "in_progress", "施工队已进场")
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/stage {p.id} 进展 电工李师傅换好了线路")
        assert repo.entry(p.id).data["stages"][-1]["note"] == "施工队已进场"
        await bot.press_label(101, "隐去“李师傅”再发")
    assert "还没有保存。“李师傅”像是在称呼某个人" in asked[-1].text
    assert repo.entry(p.id).data["stages"][-1]["note"] == f"电工{NAME_MASK}换好了线路"


async def test_a_photo_moving_a_project_along_with_a_note_calling_someone_asks_first(repo):
    p = project(repo)
    async with BotHarness(repo) as bot:
        await bot.send_photo(101, jpeg_bytes(), caption=f"{p.id} 小王带施工队进场")
        calls = await bot.press_label(101, "施工中")
        assert not [c for c in calls if c.chat_id == 5001]
        assert any("“小王”像是在称呼某个人" in c.text for c in calls if c.chat_id == 101)
        sent = await bot.press_label(101, "照发")
    assert any("小王带施工队进场" in c.text for c in sent if c.chat_id == 5001)
    stage = repo.entry(p.id).data["stages"][-1]
    assert stage["stage"] == "in_progress" and len(stage["photos"]) == 1


async def test_a_stage_note_calling_no_one_says_nothing_of_it(repo):
    p = project(repo)
    async with BotHarness(repo) as bot:
        said = await bot.send(101, f"/stage {p.id} 施工 施工队已进场，请大家注意安全")
    assert "像是在称呼" not in said[-1].text


async def test_a_resident_or_another_areas_volunteer_cannot_hide_a_stage_notes_words(repo):
    p = project(repo)
    repo.set_stage(p.id, pid(repo, 101), "in_progress", "门卫老杨开始值晚班")
    async with BotHarness(repo) as bot:
        await bot.send(5001, f"/hide {p.id} 老杨")
        await bot.send(103, f"/hide {p.id} 老杨")  # a volunteer of west
    assert hidden_of(repo.entry(p.id)) == []


async def test_a_word_of_the_title_alone_is_said_to_stay_as_voted_on(repo):
    p = project(repo, title="老杨家门口的路面硬化")
    repo.set_stage(p.id, pid(repo, 101), "in_progress", "施工队已进场")
    async with BotHarness(repo) as bot:
        said = await bot.send(101, f"/hide {p.id} 老杨")
    assert f"项目 #{p.id} 的进度说明里没有“老杨”" in said[-1].text
    assert hidden_of(repo.entry(p.id)) == []
