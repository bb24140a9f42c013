"""A volunteer's note naming someone in full (/progress 148 已请电工王建国明天上午来看)
went at once to the reporter and her followers and on the site: only a surname called
(老杨, 李师傅) was asked about first. Now it is asked about the same way (照发 / 隐去
“王建国”再发 / 取消). A waiting report naming someone in full (最常停的是赵铁柱家亲戚的车)
says so on the approver's post, as one calling someone by surname did. Ordinary words
around surnames (周末张贴通知, 金额, 方便) ask nothing."""

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


async def test_a_progress_note_naming_someone_in_full_is_asked_about_first(repo):
    entry = repo.approve(_issue(repo).id, pid(repo, 102))
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/progress {entry.id} 已请电工王建国明天上午来看")
        assert _to(asked, 5002) == [] and repo.entry(entry.id).status == "approved"
        assert "还没有发出。“王建国”像是在称呼某个人" in asked[-1].text
        assert list(_buttons(asked)) == ["照发", "隐去“王建国”再发", "取消"]
        sent = await bot.press(101, _buttons(asked)["隐去“王建国”再发"])
    masked = f"已请电工{NAME_MASK}明天上午来看"
    [told] = _to(sent, 5002)
    assert masked in told and "王建国" not in told
    assert repo.entry(entry.id).history[-1]["note"] == masked


async def test_a_progress_note_with_ordinary_words_goes_at_once(repo):
    entry = repo.approve(_issue(repo).id, pid(repo, 102))
    note = "为方便老人，周末在楼道张贴通知，维修金额另行公示"
    async with BotHarness(repo) as bot:
        sent = await bot.send(101, f"/progress {entry.id} {note}")
    assert [t for t in _to(sent, 5002) if note in t]
    assert repo.entry(entry.id).history[-1]["note"] == note


async def test_a_waiting_report_naming_someone_in_full_says_so_to_the_approver(repo):
    entry = _issue(repo, "外来车辆天天停在消防通道上，最常停的是赵铁柱家亲戚的车")
    async with BotHarness(repo) as bot:
        listed = await bot.send(102, "/pending")
    [post] = [t for t in _to(listed, 102) if f"#{entry.id} " in t]
    assert "“赵铁柱”像是人的全名，公开后街坊都知道是谁。不想公开，请点“🙈 隐去名字…”" in post
    repo.hide_words(entry.id, pid(repo, 102), ["赵铁柱"])
    async with BotHarness(repo) as bot:
        listed = await bot.send(102, "/pending")
    assert not [t for t in _to(listed, 102) if f"#{entry.id} " in t and "全名" in t]


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
    assert "“赵铁柱”像是人的全名" in post and "王秀兰”像是" not in post
    everyone = len(repo.people())
    assert made and max(made) < everyone  # the area's people, not the street's
