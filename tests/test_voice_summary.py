"""A voice-only report or opinion is approved only with a short summary written
by the volunteer who listened to it; the site reads "语音留言（0:23），志愿者摘
要：…", never the draft's placeholder. Volunteers of another area, residents
and forged buttons change nothing."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status
from db.errors import DomainError
from db.voice import MAX_SUMMARY, PLACEHOLDER, public_text
from site_builder.collect import collect

HOME = "c1/1/1/101"
VOICE = "a" * 64 + ".ogg"


def voice_report(repo, seconds=23):
    return repo.submit(pid(repo, 7001), Kind.ISSUE, "east",
                       {"category": "septic", "text": PLACEHOLDER, "voice": VOICE,
                        "voice_seconds": seconds})


def site_issue_text(repo, entry_id):
    with repo.store.lock:
        site = collect(repo)
    [area] = [a for a in site["areas"] if a["id"] == "east"]
    return next(i["text"] for i in area["issues"] if i["id"] == entry_id)


def test_the_public_text_names_the_length_and_the_summary():
    assert public_text({"voice": VOICE, "voice_seconds": 23, "voice_summary": "化粪池满了"}) \
        == "语音留言（0:23），志愿者摘要：化粪池满了"
    assert public_text({"voice": VOICE, "voice_seconds": 754}) == "语音留言（12:34）"


def test_a_voice_report_is_not_approved_without_a_summary(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    entry = voice_report(repo)
    with pytest.raises(DomainError) as err:
        repo.approve(entry.id, pid(repo, 102))
    assert err.value.code == "summary_needed"
    with pytest.raises(DomainError) as err:
        repo.approve(entry.id, pid(repo, 102), summary="长" * (MAX_SUMMARY + 1))
    assert err.value.code == "summary_too_long"
    assert repo.entry(entry.id).status == Status.PENDING


def test_a_summary_cannot_be_smuggled_in_with_the_report(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    with pytest.raises(DomainError):
        repo.submit(pid(repo, 7001), Kind.ISSUE, "east",
                    {"category": "septic", "text": "x", "voice": VOICE, "voice_summary": "假"})
    with pytest.raises(DomainError):
        repo.submit(pid(repo, 7001), Kind.ISSUE, "east",
                    {"category": "septic", "text": "x", "voice": VOICE, "voice_seconds": "23"})


def test_the_site_shows_the_summary_never_the_placeholder(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    entry = voice_report(repo)
    repo.approve(entry.id, pid(repo, 102), summary="  3号楼化粪池满了，\n气味很大 ")
    stored = repo.entry(entry.id)
    assert stored.data["voice_summary"] == "3号楼化粪池满了， 气味很大"
    text = site_issue_text(repo, entry.id)
    assert text == "语音留言（0:23），志愿者摘要：3号楼化粪池满了， 气味很大"
    assert PLACEHOLDER not in text


def test_a_summary_is_redacted_like_any_public_text(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    entry = voice_report(repo, 5)
    repo.approve(entry.id, pid(repo, 102), summary="请打电话 13912345678")
    text = site_issue_text(repo, entry.id)
    assert "13912345678" not in text and text.startswith("语音留言（0:05），志愿者摘要：")


async def record_voice_report(bot, seconds=23):
    await bot.send(7001, "/report")
    await bot.press(7001, "rep:cat:septic")
    await bot.send_voice(7001, b"OggS" + b"\2" * 200, duration=seconds)
    await bot.press(7001, "rep:photos")
    await bot.press(7001, "rep:pn")
    return await bot.press(7001, "rep:ok")


async def test_the_post_asks_for_a_summary_and_the_summary_approves(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        calls = await record_voice_report(bot)
        [issue] = repo.entries(kind=Kind.ISSUE)
        post = [c for c in calls if c.chat_id == 102 and c.method == "sendMessage"][-1]
        assert post.buttons()[0] == ("✍️ 写摘要并通过…", f"q:v:{issue.id}")
        calls = await bot.press(102, f"q:v:{issue.id}")
        assert "摘要" in calls[-1].text and "0:23" in calls[-1].text
        calls = await bot.send(102, "3号楼化粪池满了")
    assert repo.entry(issue.id).status == Status.APPROVED
    assert repo.entry(issue.id).data["text"] == "语音留言（0:23），志愿者摘要：3号楼化粪池满了"
    assert any(c.chat_id == 7001 and f"#{issue.id}" in c.text for c in calls)
    # the volunteer's answer (the posts' edits go in the background, maybe after it)
    assert [c for c in calls if c.chat_id == 102 and c.method == "sendMessage"
            and "语音留言（0:23），志愿者摘要：3号楼化粪池满了" in c.text]


async def test_approve_on_a_voice_report_asks_for_the_summary_instead(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await record_voice_report(bot)
        [issue] = repo.entries(kind=Kind.ISSUE)
        calls = await bot.press(102, f"q:a:{issue.id}")
        assert ("✍️ 写摘要并通过…", f"q:v:{issue.id}") in calls[-1].buttons()
        calls = await bot.send(102, f"/approve {issue.id}")
        assert "语音" in calls[-1].text
        await bot.send(102, f"/summary {issue.id} 化粪池堵了")
    assert repo.entry(issue.id).data["voice_summary"] == "化粪池堵了"


async def test_a_too_long_summary_is_asked_again_and_loses_nothing(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await record_voice_report(bot)
        [issue] = repo.entries(kind=Kind.ISSUE)
        await bot.press(102, f"q:v:{issue.id}")
        calls = await bot.send(102, "长" * (MAX_SUMMARY + 1))
        assert "最多" in calls[-1].text
        assert repo.entry(issue.id).status == Status.PENDING
        await bot.send(102, "短一点")
    assert repo.entry(issue.id).data["voice_summary"] == "短一点"


async def test_summary_on_the_number_of_an_entry_that_is_no_voice_message_approves_nothing(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    opinion = repo.submit(pid(repo, 7001), Kind.OPINION, "east", {"text": "多种几棵树"})
    with pytest.raises(DomainError) as err:
        repo.approve(opinion.id, pid(repo, 102), summary="摘要")
    assert err.value.code == "not_voice"
    async with BotHarness(repo) as bot:
        typed = await bot.send(102, f"/summary {opinion.id} 摘要")
    assert "不是" in typed[-1].text and "语音" in typed[-1].text
    assert repo.entry(opinion.id).status == Status.PENDING


@pytest.mark.parametrize("who", [7001, 103])  # a resident; a volunteer of another area
async def test_only_a_volunteer_of_the_area_may_summarise(repo, who):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await record_voice_report(bot)
        [issue] = repo.entries(kind=Kind.ISSUE)
        await bot.press(who, f"q:v:{issue.id}")
        await bot.send(who, "我来写摘要")
        await bot.send(who, f"/summary {issue.id} 我来写摘要")
    assert repo.entry(issue.id).status == Status.PENDING
    assert "voice_summary" not in repo.entry(issue.id).data


async def test_an_admin_may_summarise_and_approve(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await record_voice_report(bot)
        [issue] = repo.entries(kind=Kind.ISSUE)
        await bot.send(900, f"/summary {issue.id} 化粪池满了")
    assert repo.entry(issue.id).status == Status.APPROVED


async def test_a_voice_opinion_needs_its_summary_too(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")  # no open proposal: it asks for the words at once
        await bot.send_voice(7001, duration=9)
        await bot.press(7001, "op:ok")
        [opinion] = repo.entries(kind=Kind.OPINION)
        assert opinion.data["voice_seconds"] == 9
        calls = await bot.press(102, f"q:a:{opinion.id}")
        assert repo.entry(opinion.id).status == Status.PENDING
        assert ("✍️ 写摘要并通过…", f"q:v:{opinion.id}") in calls[-1].buttons()
        await bot.press(102, f"q:v:{opinion.id}")
        await bot.send(102, "希望多装几盏路灯")
    assert repo.entry(opinion.id).data["text"] == "语音留言（0:09），志愿者摘要：希望多装几盏路灯"


async def test_the_approved_post_shows_the_summary_not_the_request_for_one(repo):
    """The volunteers' post, edited after 写摘要并通过, still read 请先收听：通过前需要写一段
    简短的文字摘要 above ✅ 已由…审核通过; now the summary published is in its place."""
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await record_voice_report(bot)
        [issue] = repo.entries(kind=Kind.ISSUE)
        await bot.press(102, f"q:v:{issue.id}")
        since = len(bot.request.calls)
        await bot.send(102, "3号楼化粪池满了")
        edits = [c for c in bot.request.calls[since:] if c.method == "editMessageText"
                 and c.chat_id == 102 and "待审核" in c.text]
    assert edits and "审核通过" in edits[-1].text
    assert "请先收听" not in edits[-1].text and "通过前需要写" not in edits[-1].text
    assert "语音留言见上（0:23）。已公示的摘要（代替语音）：3号楼化粪池满了" in edits[-1].text
