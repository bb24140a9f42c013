"""A volunteer's role taken away (/revoke) while she had work in hand: the admin read
已完成：… 不再是东小区的志愿者 and nothing else; the report she had taken on stayed 处理中
with nobody on it, her expense waited in the queue unnoticed, and her half-filled
/expense was known to no one. Now the admin reads what she left, and the area's other
volunteers are told which reports now wait for one of them."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status


def _her_work(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    hers = repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                       {"category": "lighting", "text": "3号楼楼道灯不亮"})
    repo.approve(hers.id, pid(repo, 102))
    repo.issue_step(hers.id, pid(repo, 102), Status.IN_PROGRESS, "已联系电工")
    other = repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                        {"category": "sanitation", "text": "垃圾桶满了"})
    repo.approve(other.id, pid(repo, 101))  # the other volunteer's: not hers
    spent = repo.submit(pid(repo, 102), Kind.EXPENSE, "east", {
        "amount_fen": 3500, "payee": "五金店", "purpose": "灯泡", "category": "lighting"})
    return hers, other, spent


async def test_revoking_a_volunteer_says_what_she_left_and_tells_the_others(repo):
    hers, other, spent = _her_work(repo)
    async with BotHarness(repo) as bot:
        await bot.send(102, "/expense")
        await bot.send(102, "35")  # an expense half filled in
        done = await bot.send(900, "/revoke 102 volunteer east")
    to_admin = "\n".join(c.text for c in done if c.chat_id == 900)
    assert "没做完的事" in to_admin, to_admin
    assert f"#{hers.id} " in to_admin and f"#{other.id} " not in to_admin
    assert f"#{spent.id} 支出 ¥35.00" in to_admin, to_admin
    assert "/expense" in to_admin
    [told] = [c.text for c in done if c.chat_id == 101]
    assert f"#{hers.id} " in told and f"#{other.id} " not in told and "报事处理" in told
    assert "102" not in told  # by role and name, never the Telegram id
    assert not any(c.chat_id == 102 and "接手" in c.text for c in done)


async def test_revoking_a_volunteer_with_nothing_in_hand_adds_nothing(repo):
    async with BotHarness(repo) as bot:
        done = await bot.send(900, "/revoke 102 volunteer east")
    assert not any("没做完" in c.text for c in done if c.chat_id == 900)
    assert not any("接手" in c.text for c in done if c.chat_id == 101)
