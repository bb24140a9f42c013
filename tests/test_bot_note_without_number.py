"""A grid worker on site types what she found without the report's number (已修好, 已联系
电工): the bot answered 您好！请使用下方菜单，或发送 /help 查看志愿者命令, as if she had
said hello, and nothing said where the note had gone (found playing a grid worker in
steward chat). Now she is told it was not saved, how to write it with the number, and
the open reports' numbers; other words still get the greeting."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status


def approved_issue(repo, text="楼道灯不亮"):
    author = confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    entry = repo.submit(author, Kind.ISSUE, "east", {"category": "lighting", "text": text})
    return repo.approve(entry.id, pid(repo, 102))


async def test_a_note_typed_without_a_number_is_said_not_saved_with_the_open_reports(repo):
    entry = approved_issue(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, "已修好")
        other = await bot.send(101, "已联系电工，明天来")
    said = [c.text for c in calls if c.chat_id == 101]
    assert len(said) == 1, said
    assert "这句话没有保存" in said[0] and f"例如“{entry.id} 已修好”" in said[0], said
    assert f"#{entry.id} 楼道灯不亮" in said[0], said
    assert "这句话没有保存" in [c.text for c in other if c.chat_id == 101][0]
    assert repo.entry(entry.id).status == Status.APPROVED
    assert not repo.entries(area="east", kind=Kind.PROGRESS_NOTE)


async def test_a_volunteers_hello_still_gets_the_greeting(repo):
    approved_issue(repo)
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, "你好")
        asked = await bot.send(101, "怎么修改我的信息？")
    said = [c.text for c in calls if c.chat_id == 101]
    assert "没有保存" not in said[0] and "/help" in said[0], said
    assert "这句话没有保存" not in [c.text for c in asked if c.chat_id == 101][0]


async def test_a_note_without_a_number_when_no_report_is_open_gets_the_greeting(repo):
    async with BotHarness(repo) as bot:
        calls = await bot.send(101, "已修好")
    said = [c.text for c in calls if c.chat_id == 101]
    assert "没有保存" not in said[0], said
