"""A volunteer's note calling someone by surname is asked about before it goes out, not
after. /stage 489 施工 门卫老杨开始值晚班 went at once to every resident of the area (and
/progress 148 已请电工老杨明天上午来看 to the reporter and her followers), and was public;
only then did the bot say how to /hide 老杨 from the site, the residents' chats holding the
name already. Now the note is shown as it would go and as the site would read it, with
照发 / 隐去“老杨”再发 / 取消; nothing is stored or sent before a press, a press is carried
out once (also after a restart), only by the volunteer who wrote it and while she is a
volunteer of the area. A note calling no one goes at once, as before."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid
from test_bot_project_photos import project

from bot.settings import Settings
from db.entries import Kind
from db.redact import NAME_MASK

NAMED = "门卫老杨开始值晚班"


def _buttons(calls, uid=101):  # type: ignore[no-untyped-def]
    return {text: data for c in calls if c.chat_id == uid for text, data in c.buttons()}


def _to(calls, uid):  # type: ignore[no-untyped-def]
    return [c.text for c in calls if c.chat_id == uid and c.method == "sendMessage"]


def _issue(repo):  # type: ignore[no-untyped-def]
    author = confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    entry = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": "楼道灯不亮"})
    return repo.approve(entry.id, pid(repo, 102))


def _stage(repo, p):  # type: ignore[no-untyped-def]
    return repo.entry(p.id).data.get("stage")


async def test_a_named_stage_note_is_shown_first_and_nothing_goes_before_a_press(repo):
    p = project(repo)
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/stage {p.id} 施工 {NAMED}")
    assert _to(asked, 5001) == [] and _stage(repo, p) == "planned"
    text = asked[-1].text
    assert "还没有发出。“老杨”像是在称呼某个人" in text and "本区域每位居民都会在聊天里收到" in text
    assert f"发出去是这样：\n项目 #{p.id} 院内路面硬化 现在施工中。{NAMED}" in text
    assert f"网站上显示：\n{NAMED}" in text and f"门卫{NAMED_MASK_NOTE}" in text
    assert list(_buttons(asked)) == ["照发", "隐去“老杨”再发", "取消"]


NAMED_MASK_NOTE = f"{NAME_MASK}开始值晚班"


async def test_send_as_is_sends_the_stage_note_once(repo):
    p = project(repo)
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/stage {p.id} 施工 {NAMED}")
        sent = await bot.press(101, _buttons(asked)["照发"])
        again = await bot.press(101, _buttons(asked)["照发"])
    assert [t for t in _to(sent, 5001) if NAMED in t] != [] and len(_to(sent, 5001)) == 1
    assert _stage(repo, p) == "in_progress"
    assert repo.entry(p.id).data["stages"][-1]["note"] == NAMED
    assert "像是在称呼" not in _to(sent, 101)[-1]  # asked already: not said again after
    assert _to(again, 5001) == [] and "已经发出或已取消" in _to(again, 101)[-1]


async def test_send_hidden_sends_and_stores_the_stage_note_masked(repo):
    p = project(repo)
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/stage {p.id} 施工 {NAMED}")
        sent = await bot.press(101, _buttons(asked)["隐去“老杨”再发"])
    [told] = _to(sent, 5001)
    assert f"门卫{NAMED_MASK_NOTE}" in told and "老杨" not in told
    assert repo.entry(p.id).data["stages"][-1]["note"] == f"门卫{NAMED_MASK_NOTE}"


async def test_cancel_sends_nothing_and_a_later_press_does_nothing(repo):
    p = project(repo)
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/stage {p.id} 施工 {NAMED}")
        cancelled = await bot.press(101, _buttons(asked)["取消"])
        late = await bot.press(101, _buttons(asked)["照发"])
    assert _to(cancelled, 5001) == [] and _to(late, 5001) == []
    assert "已取消" in _to(cancelled, 101)[-1] and _stage(repo, p) == "planned"


async def test_another_volunteers_press_is_refused(repo):
    p = project(repo)
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/stage {p.id} 施工 {NAMED}")
        data = _buttons(asked)["照发"]
        forged = await bot.press(102, data)  # the same area's other volunteer
        own_id = await bot.press(102, data.rsplit(":", 1)[0] + ":102")  # rewritten as hers
    assert _to(forged, 5001) == [] and _to(own_id, 5001) == [] and _stage(repo, p) == "planned"
    assert "只有写的人才能发出" in _to(forged, 102)[-1]
    assert "已经发出或已取消" in _to(own_id, 102)[-1]


async def test_a_press_after_her_role_in_the_area_ended_sends_nothing(repo):
    p = project(repo)
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/stage {p.id} 施工 {NAMED}")
        repo.grant(pid(repo, 900), 101, "west")
        repo.revoke(pid(repo, 900), 101, "east")
        pressed = await bot.press(101, _buttons(asked)["照发"])
    assert _to(pressed, 5001) == [] and _stage(repo, p) == "planned"
    assert "不是那个区域的志愿者" in _to(pressed, 101)[-1]


async def test_a_stage_note_calling_no_one_goes_at_once(repo):
    p = project(repo)
    async with BotHarness(repo) as bot:
        sent = await bot.send(101, f"/stage {p.id} 施工 施工队已进场，请注意安全")
    assert len(_to(sent, 5001)) == 1 and _stage(repo, p) == "in_progress"
    assert not _buttons(sent)


async def test_a_held_note_is_sent_once_across_restarts(repo):
    p = project(repo)
    settings = Settings(token="123:TEST", data_dir=repo.store.root, persistence=True,
                        site_url="https://example.org/")
    async with BotHarness(repo, settings=settings) as bot:
        asked = await bot.send(101, f"/stage {p.id} 施工 {NAMED}")
    async with BotHarness(repo, settings=settings) as bot:  # restarted
        sent = await bot.press(101, _buttons(asked)["隐去“老杨”再发"])
    async with BotHarness(repo, settings=settings) as bot:  # and again
        again = await bot.press(101, _buttons(asked)["照发"])
    assert len(_to(sent, 5001)) == 1 and _to(again, 5001) == []
    assert repo.entry(p.id).data["stages"][-1]["note"] == f"门卫{NAMED_MASK_NOTE}"


async def test_a_named_progress_note_on_a_report_is_asked_about_first(repo):
    entry = _issue(repo)
    note = "已请电工老杨明天上午来看"
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/progress {entry.id} {note}")
        assert _to(asked, 5002) == [] and repo.entry(entry.id).status == "approved"
        assert f"#{entry.id} 的报事人会在聊天里收到" in asked[-1].text  # nobody follows it
        sent = await bot.press(101, _buttons(asked)["照发"])
        again = await bot.press(101, _buttons(asked)["照发"])
    assert [t for t in _to(sent, 5002) if note in t] and len(_to(sent, 5002)) == 1
    assert repo.entry(entry.id).status == "in_progress" and _to(again, 5002) == []


async def test_a_progress_note_sent_hidden_reaches_the_reporter_and_is_stored_masked(repo):
    entry = _issue(repo)
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/progress {entry.id} 已请电工老杨明天上午来看")
        sent = await bot.press(101, _buttons(asked)["隐去“老杨”再发"])
    masked = f"已请电工{NAME_MASK}明天上午来看"
    [told] = _to(sent, 5002)
    assert masked in told and "老杨" not in told
    assert repo.entry(entry.id).history[-1]["note"] == masked


async def test_a_further_named_progress_note_cancelled_stores_and_sends_nothing(repo):
    entry = _issue(repo)
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/progress {entry.id} 已联系电工")
        asked = await bot.send(101, f"/progress {entry.id} 小王下午来换灯泡")
        cancelled = await bot.press(101, _buttons(asked)["取消"])
        forged = await bot.press(102, _buttons(asked)["照发"])
    assert _to(asked, 5002) == [] and _to(cancelled, 5002) == [] and _to(forged, 5002) == []
    assert repo.entries(kind=Kind.PROGRESS_NOTE) == []


async def test_a_progress_note_calling_no_one_goes_at_once(repo):
    entry = _issue(repo)
    async with BotHarness(repo) as bot:
        sent = await bot.send(101, f"/progress {entry.id} 已联系维修师傅")
    assert len(_to(sent, 5002)) == 1 and repo.entry(entry.id).status == "in_progress"


async def test_every_photo_of_an_album_goes_with_its_held_stage_note(repo):
    """An album captioned /stage 489 施工 门卫老杨…: its other photos, coming while the
    note is held, go with it at the press (they were kept as loose photos for a next
    note, and the stage kept one)."""
    from bot_harness import jpeg_bytes

    p = project(repo)
    async with BotHarness(repo) as bot:
        said = []
        for n, caption in enumerate((f"/stage {p.id} 施工 {NAMED}", None, None)):
            file_id = f"gate{n}"
            bot.request.files[file_id] = jpeg_bytes((64 + 8 * n, 48))
            fields = {"photo": [{"file_id": file_id, "file_unique_id": f"u{file_id}",
                                 "width": 64, "height": 48, "file_size": 100}],
                      "media_group_id": "gate"}
            if caption:
                fields.update(caption=caption, caption_entities=[
                    {"type": "bot_command", "offset": 0, "length": 6}])
            said.append(await bot.send_raw(101, **fields))
        assert _stage(repo, p) == "planned" and not _to(said[2], 5001)
        assert f"#{p.id}" in _to(said[2], 101)[-1] and "3" in _to(said[2], 101)[-1]
        await bot.press(101, _buttons(said[0])["隐去“老杨”再发"])
    last = repo.entry(p.id).data["stages"][-1]
    assert (last["stage"], last["note"], len(last["photos"])) == (
        "in_progress", f"门卫{NAMED_MASK_NOTE}", 3)


async def test_a_note_held_over_a_day_is_not_sent_when_pressed(repo):
    """照发 pressed two days on, under a stage note nobody sent (施工 when the work may be
    done by now): said too old, nothing sent; written again, it goes."""
    from datetime import timedelta

    p = project(repo)
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/stage {p.id} 施工 {NAMED}")
        repo.clock.now += timedelta(days=2)
        late = await bot.press(101, _buttons(asked)["照发"])
    assert _to(late, 5001) == [] and _stage(repo, p) == "planned"
    assert "太久了" in _to(late, 101)[-1]
