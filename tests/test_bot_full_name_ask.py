"""A volunteer's note naming someone in full (/progress 148 已请电工王建国明天上午来看)
was asked about first (照发 / 隐去“王建国”再发 / 取消), and a waiting report naming one
(最常停的是赵铁柱家亲戚的车) said so on the approver's post. Since the site, the neighbours'
previews and the followers' messages mask the full name of someone nobody registered
(``db.redact.NameMask`` with ``strangers``), that asked about words never published:
now such a note goes at once, masked where it goes, and the post says nothing of it.
What is still published as typed is still asked about: a surname called (老杨, 李师傅),
an announcement sent to every resident's chat as typed. Ordinary words around surnames
(周末张贴通知, 金额, 方便) ask nothing."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind
from db.redact import NAME_MASK


def _buttons(calls, uid=101):  # type: ignore[no-untyped-def]
    return {text: data for c in calls if c.chat_id == uid for text, data in c.buttons()}


def _to(calls, uid):  # type: ignore[no-untyped-def]
    return [c.text for c in calls if c.chat_id == uid and c.method == "sendMessage"]


def _issue(repo, text="楼道灯不亮"):  # type: ignore[no-untyped-def]
    author = confirmed_resident(repo, 5002, "c1/1/1/102", 101)
    return repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": text})


async def test_a_progress_note_naming_someone_in_full_goes_at_once_masked_where_it_goes(repo):
    entry = repo.approve(_issue(repo).id, pid(repo, 102))
    follower = confirmed_resident(repo, 5003, "c1/1/1/101", 101)
    repo.me_too(entry.id, follower)
    note = "已请电工王建国明天上午来看"
    async with BotHarness(repo) as bot:
        sent = await bot.send(101, f"/progress {entry.id} {note}")
    assert not _buttons(sent) or "照发" not in _buttons(sent)  # nothing to ask: masked
    [told] = [t for t in _to(sent, 5003) if "明天上午来看" in t]  # a neighbour following it
    assert f"已请电工{NAME_MASK}明天上午来看" in told and "王建国" not in told
    assert [t for t in _to(sent, 5002) if note in t]  # the reporter, whose report it is
    assert repo.entry(entry.id).history[-1]["note"] == note  # as typed, for the volunteers


async def test_a_progress_note_calling_someone_by_surname_is_still_asked_about(repo):
    entry = repo.approve(_issue(repo).id, pid(repo, 102))
    async with BotHarness(repo) as bot:  # 李师傅 is not masked: the street knows who it is
        asked = await bot.send(101, f"/progress {entry.id} 已请电工李师傅明天上午来看")
    assert _to(asked, 5002) == [] and "照发" in _buttons(asked)


async def test_a_progress_note_with_ordinary_words_goes_at_once(repo):
    entry = repo.approve(_issue(repo).id, pid(repo, 102))
    note = "为方便老人，周末在楼道张贴通知，维修金额另行公示"
    async with BotHarness(repo) as bot:
        sent = await bot.send(101, f"/progress {entry.id} {note}")
    assert [t for t in _to(sent, 5002) if note in t]
    assert repo.entry(entry.id).history[-1]["note"] == note


async def test_a_waiting_report_naming_someone_the_site_masks_says_nothing_of_it(repo):
    entry = _issue(repo, "外来车辆天天停在消防通道上，最常停的是赵铁柱家亲戚的车，门卫老杨也管不了")
    async with BotHarness(repo) as bot:
        listed = await bot.send(102, "/pending")
    [post] = [t for t in _to(listed, 102) if f"#{entry.id} " in t]
    assert "全名" not in post, post  # the site reads [姓名已隐藏]: nothing to hide
    assert "“老杨”" in post and "🙈" in post, post  # what the site shows is still said


async def test_a_registered_name_masked_where_it_goes_is_not_asked_about(repo):
    repo.ensure_person(7009, name="王秀兰")  # the site and the neighbours read [姓名已隐藏]
    entry = repo.approve(_issue(repo).id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        sent = await bot.send(101, f"/progress {entry.id} 已联系电工，先修王秀兰家门口那盏")
    assert not _buttons(sent) or "照发" not in _buttons(sent)
    assert repo.entry(entry.id).status == "in_progress"


async def test_a_waiting_report_naming_a_registered_person_says_no_more(repo):
    repo.ensure_person(7009, name="王秀兰")  # a neighbour of the area: the site masks her
    confirmed_resident(repo, 7009, "c1/1/1/101", 101)
    entry = _issue(repo, "王秀兰家门口的灯不亮")
    async with BotHarness(repo) as bot:
        listed = await bot.send(102, "/pending")
    [post] = [t for t in _to(listed, 102) if f"#{entry.id} " in t]
    assert "全名" not in post


async def test_an_announcement_naming_someone_in_full_offers_to_hide_the_name(repo):
    """/announce 由王建国负责催缴物业费 went to every resident with the name: only 老杨 got
    照发 / 隐去“老杨”再发 (bot.handlers.called_confirm)."""
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        preview = await bot.send(101, "/announce 由王建国负责催缴物业费")
        assert list(_buttons(preview))[:3] == ["照发", "隐去“王建国”再发", "取消"]
        sent = await bot.press(101, _buttons(preview)["隐去“王建国”再发"])
    [told] = _to(sent, 5001)
    assert f"由{NAME_MASK}负责催缴物业费" in told and "王建国" not in told
    [entry] = repo.entries(kind=Kind.ANNOUNCEMENT)
    assert entry.data["text"] == f"由{NAME_MASK}负责催缴物业费"


async def test_a_waiting_report_naming_someone_does_not_make_the_streets_name_mask_again(
        repo):
    """Making the mask of every name the street knows reads every person (some 100 ms
    of the event loop at 10,000 households): after a change to the people, the warning
    on a report's post looks among its area's people instead of making it again."""
    from db import public_words

    public_words.public_text(repo, "楼道灯", "east")  # the street's mask, kept
    repo.ensure_person(7009, name="王秀兰")  # the people change: the mask kept is old
    confirmed_resident(repo, 7009, "c1/1/1/101", 101)
    made = []
    real = public_words.person_names
    public_words.person_names = lambda people: made.append(len(list(people))) or real(people)
    try:
        named = _issue(repo, "王秀兰家门口的灯不亮，最常停的是赵铁柱家亲戚的车")
        async with BotHarness(repo) as bot:
            listed = await bot.send(102, "/pending")
    finally:
        public_words.person_names = real
    [post] = [t for t in _to(listed, 102) if f"#{named.id} " in t]
    assert "全名" not in post and "王秀兰”像是" not in post  # both masked on the site
    everyone = len(repo.people())
    assert made and max(made) < everyone  # the area's people, not the street's


async def test_a_stage_note_naming_someone_in_full_is_asked_about_as_every_resident_reads_it(
        repo):
    """A project's stage note goes as typed to every resident's chat: a full name in it is
    published though the site masks it, so it is still asked about first."""
    from test_bot_project_photos import project

    p = project(repo)
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/stage {p.id} 施工 由电工王建国负责施工")
        assert "“王建国”" in asked[-1].text and "隐去“王建国”再发" in _buttons(asked)
        sent = await bot.press(101, _buttons(asked)["隐去“王建国”再发"])
    assert not [c for c in sent if c.method == "sendMessage" and "王建国" in (c.text or "")]
    assert repo.entry(p.id).data["stages"][-1]["note"] == f"由电工{NAME_MASK}负责施工"
