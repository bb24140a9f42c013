"""A note or reason too long for one Telegram message reaches the resident in parts,
the volunteer is told the truth about what was delivered, and the approval posts
still lose their buttons. The offline Bot API refuses what Telegram refuses (a
message over 4,096 UTF-16 code units, any message to a user who blocked the bot)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from bot.notify import TELEGRAM_LIMIT, fit_message, split_message
from db.entries import Kind, Status

HOME = "c1/1/1/101"


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_a_long_text_is_split_into_parts_telegram_accepts_and_nothing_is_lost():
    text = "路灯" * 3000 + "🙂" * 500  # 6,000 characters and 500 emoji of two units each
    parts = split_message(text)
    assert len(parts) == 2 and all(units(p) <= TELEGRAM_LIMIT for p in parts)
    assert "".join(parts) == text
    lines = "\n".join(f"第{n}行：" + "说明" * 40 for n in range(100))
    parts = split_message(lines)
    assert all(p.startswith("第") for p in parts)  # cut at a line break
    assert "\n".join(parts) == lines
    assert split_message("短") == ["短"]
    assert units(fit_message("字" * 5000)) == TELEGRAM_LIMIT and fit_message("x") == "x"


def _issue(repo):
    person = confirmed_resident(repo, 7001, HOME, 101)
    issue = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting", "text": "灯坏了"})
    repo.approve(issue.id, pid(repo, 101))
    return issue


async def test_a_long_note_reaches_the_reporter_in_parts_and_the_volunteer_is_told(repo):
    issue = _issue(repo)
    # Under the 4,000 characters kept, but over 4,096 units with the message around it:
    # each 🔧 counts twice for Telegram.
    note = "".join(f"第{n}步🔧：已联系电工师傅，更换镇流器和灯泡。\n" for n in range(200))[:3990]
    assert len(note) <= 4000 < units(note)
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, f"/resolve {issue.id} {note}")
    to_author = [c for c in calls if c.chat_id == 7001 and c.method == "sendMessage"]
    assert len(to_author) == 2 and not any("_refused" in c.params for c in to_author)
    assert note.strip() in "\n".join(c.text for c in to_author)  # all of it, cut at a line
    assert all(units(c.text) <= TELEGRAM_LIMIT for c in to_author)
    assert "分 2 条消息" in calls[-1].text and calls[-1].chat_id == 102
    assert repo.entry(issue.id).status == Status.RESOLVED


async def test_a_note_longer_than_is_kept_is_refused_and_nothing_is_saved(repo):
    issue = _issue(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(102, f"/progress {issue.id} " + "很" * 4050)
    assert "4050" in calls[-1].text and "什么都没有保存" in calls[-1].text
    assert repo.entry(issue.id).status == Status.APPROVED


async def test_a_long_rejection_reason_reaches_the_author_and_the_posts_lose_their_buttons(
        repo):
    person = confirmed_resident(repo, 7001, HOME, 101)
    reason = "这条意见与 #1 重复，" + "请查看公告栏的说明📌" * 395  # 3,962 characters, 4,357 units
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")
        await bot.send(7001, "希望装路灯")
        posted = await bot.press(7001, "op:ok")
        [opinion] = repo.entries(kind=Kind.OPINION)
        posts = [c for c in posted if c.buttons() and c.chat_id in (101, 102)]
        assert {c.chat_id for c in posts} == {101, 102}
        calls = await bot.send(101, f"/reject {opinion.id} {reason}")
    assert repo.entry(opinion.id).status == Status.REJECTED
    to_author = [c for c in calls if c.chat_id == 7001 and c.method == "sendMessage"]
    assert len(to_author) == 2 and "".join(c.text for c in to_author).count("请查看") == 395
    assert all(units(c.text) <= TELEGRAM_LIMIT for c in to_author)
    edits = [c for c in calls if c.method == "editMessageText"]
    assert {c.chat_id for c in edits} == {101, 102}
    assert all("_refused" not in c.params and not c.buttons() for c in edits)
    assert all(units(c.text) <= TELEGRAM_LIMIT and "驳回" in c.text for c in edits)
    [*_, said] = [c for c in calls if c.method == "sendMessage" and c.chat_id == 101]
    assert "分 2 条消息" in said.text and person  # (the posts edited after)


async def test_a_reason_longer_than_is_kept_is_refused_and_the_step_stays(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/opinion")
        await bot.send(7001, "希望装路灯")
        await bot.press(7001, "op:ok")
        [opinion] = repo.entries(kind=Kind.OPINION)
        await bot.press(101, f"q:r:{opinion.id}")
        calls = await bot.send(101, "太" * 4050)
        assert "4050" in calls[-1].text
        assert repo.entry(opinion.id).status == Status.PENDING
        calls = await bot.send(101, "与公告重复")  # the step is still asking
    assert repo.entry(opinion.id).status == Status.REJECTED
    [*_, said] = [c for c in calls if c.method == "sendMessage" and c.chat_id == 101]
    assert "已把理由告知提交人" in said.text


async def test_the_volunteer_is_told_when_the_reporter_could_not_be_reached(repo):
    issue = _issue(repo)
    async with BotHarness(repo) as bot:
        bot.request.blocked.add(7001)
        calls = await bot.send(102, f"/progress {issue.id} 已联系电工")
    assert "没能通知到报事人" in calls[-1].text
    assert repo.entry(issue.id).status == Status.IN_PROGRESS


def test_a_reply_full_of_emoji_is_split_as_telegram_counts_its_length():
    """Telegram counts a message's 4,096 in UTF-16 units, an emoji as two: a reply of
    3,000 emoji (6,000 units) went as one part, which Telegram refuses."""
    from bot.context import split_text

    text = "\n".join(["🙂" * 60] * 50)  # 3,049 characters, 6,049 units
    parts = split_text(text)
    assert len(parts) == 2
    assert all(len(p.encode("utf-16-le")) // 2 <= TELEGRAM_LIMIT for p in parts)
    assert "\n".join(parts) == text
