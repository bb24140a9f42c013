"""A volunteer whose role the admin takes away while she is in the middle of a volunteers'
flow (walk172, steward chat on the demo: the committee head typing an /expense when the
new committee took over): she was told 您已不再担任……的志愿者, yet the flow went on asking
收款方, 用途, 类别, 项目, the receipt's photo (stored), and only 确认登记 was refused. Now the
next step says at once that this is for volunteers only and she is no longer one, and the
draft is dropped; a volunteer who still is goes on as before."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import pid


async def test_a_volunteer_revoked_in_the_middle_of_an_expense_is_stopped_at_the_next_step(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        asked = await bot.send(101, "350")
        assert "付给了谁" in asked[-1].text
        repo.revoke(pid(repo, 900), 101, "east")
        stopped = await bot.send(101, "五金店")
        after = await bot.send(101, "更换楼道灯泡")
    said = [c.text for c in stopped if c.chat_id == 101]
    assert any("您已不再担任志愿者" in s for s in said), said
    assert not any("用途" in s for s in said), said
    assert not any("用途" in c.text or "类别" in c.text for c in after if c.chat_id == 101)


async def test_a_volunteer_still_one_goes_on_with_her_expense(repo):
    async with BotHarness(repo) as bot:
        await bot.send(101, "/expense")
        await bot.send(101, "350")
        repo.revoke(pid(repo, 900), 102, "east")  # another volunteer leaves
        going = await bot.send(101, "五金店")
    assert "用途" in going[-1].text
