"""Two volunteers press ❌ 驳回 on the same entry; the first rejects it with her reason,
then the second sends a short one (重复). Before, the second read “重复”只有 2 个字，所以
#N 还没有驳回… with a button 就用这句话驳回, about an entry rejected already; now she
reads who rejected it, and nothing is asked. (The same check stands before a separate
payment's reason is shown back.)"""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind, Status


def _issue(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101)
    return repo.submit(pid(repo, 5001), Kind.ISSUE, "east",
                       {"category": "lighting", "text": "路灯坏了"})


async def test_a_short_reason_after_another_rejected_it_says_who_did(repo):
    entry = _issue(repo)
    async with BotHarness(repo) as bot:
        await bot.press(101, f"q:r:{entry.id}")
        await bot.press(102, f"q:r:{entry.id}")
        await bot.send(101, "已经有人报过了，见上一条")
        calls = await bot.send(102, "重复")
        after = await bot.send(102, "重复了，见上一条")  # the step is over: not a reason
    said = [c.text for c in calls if c.chat_id == 102 and c.method == "sendMessage"]
    assert said and f"#{entry.id} 已由" in said[0] and "驳回" in said[0], said
    assert not any("还没有驳回" in s for s in said), said
    assert not any(b for c in calls if c.chat_id == 102 for b in c.buttons()
                   if "就用这句话驳回" in b[0])
    assert not any("还没有驳回" in c.text for c in after if c.text)
    assert repo.entry(entry.id).status == Status.REJECTED
