"""The admin takes away the role of an area's volunteer during a handover (walk172, steward
chat on the demo: 怡馨苑小区's two volunteers revoked one after the other): the admin read
已完成：… 不再是怡馨苑小区的志愿者 and nothing more, though with one volunteer left no fee
or expense she records can be approved (another volunteer must approve it), and with none
every report and registration waits for the admin alone. Now the admin is told so, and to
give the role to the newcomer with /grant."""

from __future__ import annotations

from bot_harness import BotHarness


async def test_revoking_down_to_one_volunteer_says_money_needs_a_second(repo):
    async with BotHarness(repo) as bot:
        done = await bot.send(900, "/revoke 102 volunteer east")
    said = "\n".join(c.text for c in done if c.chat_id == 900)
    assert "不再是东小区的志愿者" in said
    assert "东小区现在只有 1 位志愿者" in said and "只有管理员能审核" in said and "/grant" in said


async def test_revoking_the_last_volunteer_says_the_admin_alone_is_sent_what_waits(repo):
    async with BotHarness(repo) as bot:
        await bot.send(900, "/revoke 102 volunteer east")
        done = await bot.send(900, "/revoke 101 volunteer east")
    said = "\n".join(c.text for c in done if c.chat_id == 900)
    assert "东小区现在没有志愿者了" in said and "/grant" in said, said


async def test_revoking_one_of_several_volunteers_adds_nothing(repo):
    repo.grant(repo.person_by_telegram(900)["id"], 104, "east", "网格员")
    async with BotHarness(repo) as bot:
        done = await bot.send(900, "/revoke 102 volunteer east")
    said = "\n".join(c.text for c in done if c.chat_id == 900)
    assert "不再是东小区的志愿者" in said and "现在只有" not in said and "没有志愿者" not in said
