"""Minutes saying 决定：由王建国负责催缴，李明协助 were once published with the names; the
recorder was then asked about them (照原样提交 / 隐去“王建国”、“李明”再提交), and the
approver's post said so. Since the site masks the full name of someone nobody registered
(``db.redact.NameMask`` with ``strangers``, PIPL art. 25), that question asked about
words that were never published: the volunteer was warned for nothing. Now minutes whose
names the site masks keep the plain 提交 and the approver's post says nothing of them;
the site reads [姓名已隐藏]."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import pid

from db.entries import Kind

DECISIONS = "决定：由王建国负责催缴，李明协助"


async def _summary(bot, topics, decisions):
    await bot.send(101, "/meeting")
    await bot.press_label(101, "会诊")
    await bot.press_label(101, "今天")
    for typed in ("社区活动室", "网格员", "12", topics, "下一步", decisions):
        await bot.send(101, typed)
    await bot.press_label(101, "无")
    return await bot.press_label(101, "跳过")


def _site(repo, text):  # type: ignore[no-untyped-def]
    """``text`` as the site shows the words of an entry (``people_of``: its names mask)."""
    from site_builder.collect_base import people_of

    return people_of(repo)[0](text)


async def test_full_names_the_site_masks_are_not_asked_about_and_are_masked_there(repo):
    async with BotHarness(repo) as bot:
        calls = await _summary(bot, "物业费催缴", DECISIONS)
        await bot.press_label(101, "提交")
    summary = "\n".join(c.text or "" for c in calls if c.chat_id == 101)
    assert "全名" not in summary and "照原样提交" not in summary, summary
    [m] = repo.entries(kind=Kind.MEETING)
    assert m.data["decisions"] == DECISIONS  # private, for the volunteers
    assert _site(repo, DECISIONS) == "决定：由[姓名已隐藏]负责催缴，[姓名已隐藏]协助"


async def test_a_name_with_a_rare_last_character_is_masked_whole_on_the_site(repo):
    """易建联 was asked about as “易建” and hidden so: the site read [姓名已隐藏]联."""
    async with BotHarness(repo) as bot:
        calls = await _summary(bot, "物业费催缴", "决定：由易建联负责催缴，钱伟协助")
        await bot.press_label(101, "提交")
    assert not [c for c in calls if c.chat_id == 101 and "全名" in (c.text or "")]
    [m] = repo.entries(kind=Kind.MEETING)
    assert _site(repo, m.data["decisions"]) == "决定：由[姓名已隐藏]负责催缴，[姓名已隐藏]协助"


async def test_minutes_naming_no_one_keep_the_plain_submit(repo):
    async with BotHarness(repo) as bot:
        calls = await _summary(bot, "周末在楼道张贴通知", "为方便老人，收费金额按面积计算")
        await bot.press_label(101, "提交")
    summary = "\n".join(c.text or "" for c in calls if c.chat_id == 101)
    assert "全名" not in summary
    assert len(repo.entries(kind=Kind.MEETING)) == 1


def _minutes(repo, topics, decisions):
    return repo.record_meeting(pid(repo, 101), "east", meeting_kind="diagnosis",
                               date="2025-01-01", place="活动室", roles=["网格员"], residents=3,
                               topics=topics, decisions=decisions)


async def _post(repo, entry_id, who=102):
    async with BotHarness(repo) as bot:
        listed = await bot.send(who, "/pending")
    [post] = [c.text for c in listed if f"#{entry_id} " in (c.text or "")]
    return post


async def test_waiting_minutes_with_a_full_name_the_site_masks_say_nothing_of_it(repo):
    m = _minutes(repo, "物业费催缴", "决定：由王建国负责催缴，周桂兰同意")
    assert "全名" not in await _post(repo, m.id)
    assert "王建国" not in _site(repo, m.data["decisions"])


async def test_a_full_name_hidden_says_nothing_more(repo):
    m = _minutes(repo, "王府井的店在楼道张贴通知", "院里的李子树由王建国负责修剪")
    repo.hide_words(m.id, pid(repo, 102), ["王建国"])
    assert "全名" not in await _post(repo, m.id)


async def test_a_registered_name_and_a_strangers_are_both_masked_and_not_asked_about(repo):
    repo.ensure_person(7009, name="王秀兰")  # someone the street knows: the site masks her
    async with BotHarness(repo) as bot:
        calls = await _summary(bot, "物业费催缴", "由王秀兰和王建国负责催缴")
        await bot.press_label(101, "提交")
    summary = "\n".join(c.text or "" for c in calls if c.chat_id == 101)
    assert "全名" not in summary
    [m] = repo.entries(kind=Kind.MEETING)
    assert _site(repo, m.data["decisions"]) == "由[姓名已隐藏]和[姓名已隐藏]负责催缴"
    assert "全名" not in await _post(repo, m.id)
