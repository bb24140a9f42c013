"""A new joint matter of the owners is announced to a tenant of the area with a request to
tell the owner and no vote buttons (a tenant pressing one was refused: the owners
decide); the owner and the owner's family get the buttons; an everyday matter, which a
tenant votes on, is announced to them with its buttons as before."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident


async def _propose(bot, matter: str):  # type: ignore[no-untyped-def]
    await bot.send(101, "/propose")
    for said in ("屋面防水", "更换屋面防水层", "0"):
        await bot.send(101, said)
    await bot.press(101, f"prop:mt:{matter}")
    await bot.press(101, "prop:days:30")
    return await bot.press(101, "prop:ok:1")


async def test_a_tenant_is_asked_to_tell_the_owner_of_a_new_joint_matter(repo):
    confirmed_resident(repo, 5001, "c1/1/1/101", 101, relation="owner")
    confirmed_resident(repo, 5002, "c1/1/1/102", 101, relation="tenant")
    async with BotHarness(repo) as bot:
        joint = await _propose(bot, "use_maintenance_fund")
        everyday = await _propose(bot, "everyday")
    [tenant] = [c for c in joint if c.chat_id == 5002]
    assert tenant.text.startswith("新提议 #") and "请转告这套房的业主" in tenant.text
    assert "请点下面的按钮投票" not in tenant.text and not tenant.buttons()
    [owner] = [c for c in joint if c.chat_id == 5001]
    assert [label for label, _ in owner.buttons()] == ["同意", "反对", "弃权"]
    assert "已通知 2 位居民" in joint[-1].text  # both were told
    [tenant] = [c for c in everyday if c.chat_id == 5002]
    assert [label for label, _ in tenant.buttons()] == ["同意", "反对", "弃权"]
