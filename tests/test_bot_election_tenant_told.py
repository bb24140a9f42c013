"""A committee election (a joint matter of the owners) is announced to a tenant with a
request to tell the owner and no ballot buttons (a tenant ticking a candidate was
refused); the owner gets the ballot as before."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident


async def test_a_tenant_is_asked_to_tell_the_owner_of_a_new_election(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101, relation="owner")
    confirmed_resident(repo, 5002, "c1/1/1/102", 101, relation="tenant")
    async with BotHarness(repo) as bot:
        await bot.send(102, "/election")
        await bot.send(102, "第一届物管会选举")
        await bot.send(102, "1")
        await bot.send(102, "候选人甲（退休教师）")
        await bot.press(102, "elx:cand:done")
        await bot.press(102, "elx:days:15")
        opened = await bot.press(102, "elx:ok:1")
    [tenant] = [c for c in opened if c.chat_id == 5002]
    assert tenant.text.startswith("物管会选举 #") and "请转告这套房的业主" in tenant.text
    assert "候选人甲（退休教师）" in tenant.text and not tenant.buttons(), tenant.text
    [owner] = [c for c in opened if c.chat_id == 5001]
    assert any("候选人甲" in label for label, _ in owner.buttons())
