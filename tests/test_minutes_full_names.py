"""Minutes saying 决定：由王建国负责催缴，李明协助 were submitted, approved and published
with the names: only registered names and surnames called (老杨, 李师傅) were caught.
Now the recorder's summary says the names read like full names, with 照原样提交 and
隐去“王建国”、“李明”再提交 (stored as [姓名已隐藏]); the post asking another volunteer to
approve them says so too. Minutes naming no one keep the plain 提交."""

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


async def test_the_recorder_is_asked_about_full_names_before_submitting(repo):
    async with BotHarness(repo) as bot:
        calls = await _summary(bot, "物业费催缴", DECISIONS)
    [summary] = [c for c in calls if c.chat_id == 101 and "决定" in (c.text or "")]
    assert "“王建国”、“李明”像是人的全名，会议纪要审核通过后会一直留在网站上" in summary.text
    labels = [label for label, _ in summary.buttons()]
    assert labels[:2] == ["照原样提交", "隐去“王建国”、“李明”再提交"]


async def test_submitted_with_the_names_hidden_they_are_stored_masked(repo):
    async with BotHarness(repo) as bot:
        await _summary(bot, "物业费催缴", DECISIONS)
        await bot.press_label(101, "隐去“王建国”、“李明”再提交")
    [m] = repo.entries(kind=Kind.MEETING)
    assert m.data["decisions"] == "决定：由[姓名已隐藏]负责催缴，[姓名已隐藏]协助"
    assert m.data["topics"] == "物业费催缴"


async def test_submitted_as_is_they_are_stored_as_typed(repo):
    async with BotHarness(repo) as bot:
        await _summary(bot, "物业费催缴", DECISIONS)
        await bot.press_label(101, "照原样提交")
    [m] = repo.entries(kind=Kind.MEETING)
    assert m.data["decisions"] == DECISIONS


async def test_a_name_with_a_rare_last_character_is_asked_about_and_hidden_whole(repo):
    """易建联 was asked about as “易建” and hidden so: the site read [姓名已隐藏]联."""
    async with BotHarness(repo) as bot:
        calls = await _summary(bot, "物业费催缴", "决定：由易建联负责催缴，钱伟协助")
        await bot.press_label(101, "隐去“易建联”、“钱伟”再提交")
    [summary] = [c for c in calls if c.chat_id == 101 and "决定" in (c.text or "")]
    assert "“易建联”、“钱伟”像是人的全名" in summary.text, summary.text
    [m] = repo.entries(kind=Kind.MEETING)
    assert m.data["decisions"] == "决定：由[姓名已隐藏]负责催缴，[姓名已隐藏]协助"


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


async def test_waiting_minutes_with_a_full_name_say_so_to_the_approver(repo):
    m = _minutes(repo, "物业费催缴", "决定：由王建国负责催缴，周桂兰同意")
    post = await _post(repo, m.id)
    assert "“王建国”、“周桂兰”像是人的全名，会议纪要公开后一直留在网站上" in post


async def test_a_full_name_hidden_says_nothing_more(repo):
    m = _minutes(repo, "王府井的店在楼道张贴通知", "院里的李子树由王建国负责修剪")
    repo.hide_words(m.id, pid(repo, 102), ["王建国"])
    assert "全名" not in await _post(repo, m.id)


async def test_a_registered_name_the_site_masks_already_is_not_asked_about(repo):
    repo.ensure_person(7009, name="王秀兰")  # someone the street knows: the site masks her
    async with BotHarness(repo) as bot:
        calls = await _summary(bot, "物业费催缴", "由王秀兰和王建国负责催缴")
        await bot.press_label(101, "隐去“王建国”再提交")
    summary = "\n".join(c.text or "" for c in calls if c.chat_id == 101)
    assert "“王建国”像是人的全名" in summary and "“王秀兰”" not in summary
    [m] = repo.entries(kind=Kind.MEETING)
    assert m.data["decisions"] == "由王秀兰和[姓名已隐藏]负责催缴"
    post = await _post(repo, m.id)
    assert "全名" not in post
