"""/reply N text: a volunteer answers an approved opinion in public; the resident
who gave it is told; nobody else may, and nothing but an approved opinion can be
answered."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status
from db.opinions import replies_by_opinion


def opinion(repo, *, approve=True, text="建议在院里装两个晾衣架"):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry = repo.submit(author, Kind.OPINION, "east", {"text": text})
    return repo.approve(entry.id, pid(repo, 102)) if approve else entry


async def test_reply_is_published_under_the_opinion_and_its_author_is_told(repo):
    entry = opinion(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"/reply {entry.id} 已在院内东侧装好两个晾衣架")
    [reply] = replies_by_opinion(repo.entries(area="east"))[entry.id]
    assert reply.kind == Kind.PROGRESS_NOTE and reply.status == Status.PUBLISHED
    assert reply.data == {"opinion": entry.id, "text": "已在院内东侧装好两个晾衣架"}
    assert reply.author_role == "物管会主任甲"
    told = [c.text for c in calls if c.chat_id == 5001]
    assert told and "已在院内东侧装好两个晾衣架" in told[0] and f"#{entry.id}" in told[0]
    assert f"#{reply.id}" in calls[-1].text and "已发给提意见的居民" in calls[-1].text


async def test_reply_to_a_pending_opinion_is_refused_and_nothing_is_stored(repo):
    entry = opinion(repo, approve=False)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"/reply {entry.id} 谢谢")
    assert "请先审核通过" in calls[-1].text
    assert repo.entries(area="east", kind=Kind.PROGRESS_NOTE) == []


async def test_reply_to_something_that_is_not_an_opinion_is_refused(repo):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    issue = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": "灯不亮"})
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"/reply {issue.id} 谢谢")
    assert f"#{issue.id} 不是一条意见" in calls[-1].text
    assert repo.entries(area="east", kind=Kind.PROGRESS_NOTE) == []


async def test_only_a_volunteer_of_the_opinions_area_may_reply(repo):
    entry = opinion(repo)
    async with BotHarness(repo) as bot:
        resident = await bot.send(5001, f"/reply {entry.id} 我自己回复")
        other_area = await bot.send(103, f"/reply {entry.id} 西小区的志愿者")
    assert "仅限志愿者使用" in resident[-1].text
    assert "只有本小区的志愿者可以这样操作" in other_area[-1].text
    assert repo.entries(area="east", kind=Kind.PROGRESS_NOTE) == []


async def test_reply_with_the_number_alone_asks_for_the_text_and_publishes_what_comes_next(repo):  # noqa: E501
    """/reply 12 alone (a phone sends the command, the words come after) said only 用法：
    and the reply typed next was not kept. Now it asks for the reply, and publishes it."""
    entry = opinion(repo)
    async with BotHarness(repo) as bot:
        asked = await bot.send(101, f"/reply {entry.id}")
        assert repo.entries(area="east", kind=Kind.PROGRESS_NOTE) == []
        calls = await bot.send(101, "已在院内东侧装好两个晾衣架")
    assert f"意见 #{entry.id}：建议在院里装两个晾衣架" in asked[-1].text
    assert "请用一条消息写下您的回复" in asked[-1].text
    [reply] = replies_by_opinion(repo.entries(area="east"))[entry.id]
    assert reply.data == {"opinion": entry.id, "text": "已在院内东侧装好两个晾衣架"}
    assert any(c.chat_id == 5001 and "已在院内东侧装好两个晾衣架" in c.text for c in calls)
    assert "已发给提意见的居民" in calls[-1].text


async def test_reply_alone_offers_a_button_for_each_opinion_without_a_reply(repo):
    entry = opinion(repo)
    async with BotHarness(repo) as bot:
        listed = await bot.send(102, "/reply")
        assert (f"💬 回复 #{entry.id} 建议在院里装两个晾衣架", f"rpl:o:{entry.id}") in \
            listed[-1].buttons()
        other_area = await bot.press(103, f"rpl:o:{entry.id}")
        resident = await bot.press(5001, f"rpl:o:{entry.id}")
        asked = await bot.press(102, f"rpl:o:{entry.id}")
        await bot.send(102, "下周在院子东侧装")
    assert "只有本小区的志愿者可以这样操作" in other_area[-1].text
    assert "仅限志愿者使用" in resident[-1].text
    assert "请用一条消息写下您的回复" in asked[-1].text
    [reply] = replies_by_opinion(repo.entries(area="east"))[entry.id]
    assert reply.data["text"] == "下周在院子东侧装" and reply.author == pid(repo, 102)


async def test_a_reply_asked_for_a_pending_opinion_is_refused_before_the_text(repo):
    entry = opinion(repo, approve=False)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, f"/reply {entry.id}")
        after = await bot.send(101, "谢谢您的建议")
    assert "请先审核通过" in calls[-1].text
    assert "请用一条消息写下您的回复" not in " ".join(c.text for c in after)
    assert repo.entries(area="east", kind=Kind.PROGRESS_NOTE) == []


async def test_reply_alone_names_the_public_opinions_still_without_a_reply(repo):
    """/reply alone (as the command menu sends it) said only 用法：/reply 意见编号 回复内容:
    the volunteer had no opinion's number at hand. It now names those still waiting for
    a reply, newest first; not one answered, pending, or of another area."""
    answered = opinion(repo, text="建议在院里装两个晾衣架")
    waiting = repo.approve(repo.submit(pid(repo, 5001), Kind.OPINION, "east",
                                       {"text": "楼道灯晚上能不能亮到十一点"}).id, pid(repo, 102))
    pending = repo.submit(pid(repo, 5001), Kind.OPINION, "east", {"text": "还没审核的意见"})
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/reply {answered.id} 已装好")
        calls = await bot.send(102, "/reply")
        west = await bot.send(103, "/reply")
    said = calls[-1].text
    assert said.startswith("用法：/reply")
    assert f"还没有回复的意见（最新的在前）：#{waiting.id} 楼道灯晚上能不能亮到十一点" in said, said
    assert f"#{answered.id}" not in said and f"#{pending.id}" not in said
    assert "还没有回复" not in west[-1].text


async def test_reply_alone_with_every_opinion_answered_says_none_waits(repo):
    """A grid worker checking on her round sent /reply with every opinion answered and
    read only 用法：/reply 意见编号 回复内容, as if she had to find a number somewhere."""
    answered = opinion(repo, text="建议在院里装两个晾衣架")
    async with BotHarness(repo) as bot:
        await bot.send(101, f"/reply {answered.id} 已装好")
        calls = await bot.send(102, "/reply")
        typed = await bot.send(102, "/reply 晾衣架")
    assert calls[-1].text.startswith(
        "公开的居民意见都已回复，目前没有等待回复的意见。\n用法：/reply")
    assert "都已回复" not in typed[-1].text  # words typed: only how to write it


async def test_help_says_reply_alone_lists_the_opinions_without_a_reply(repo):
    async with BotHarness(repo) as bot:
        helped = await bot.send(101, "/help")
    said = " ".join(c.text for c in helped)
    assert "/reply 意见编号 回复内容（只发 /reply 可列出还没有回复的意见）" in said
