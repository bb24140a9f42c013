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


async def test_a_former_volunteers_button_at_a_step_is_refused_and_records_nothing(repo):
    """Callback data can be forged or pressed late: a category pressed after the role
    went is refused like typed words, and nothing of the draft is kept."""
    from bot.drafts import DRAFT

    async with BotHarness(repo) as bot:
        for said in ("/expense", "350", "五金店", "更换楼道灯泡"):
            await bot.send(101, said)
        repo.revoke(pid(repo, 900), 101, "east")
        pressed = await bot.press(101, "exp:cat:lighting")
        data = bot.app.user_data.get(101) or {}
    said = [c.text for c in pressed if c.chat_id == 101 and c.text]
    assert any("您已不再担任志愿者" in s for s in said), said
    assert not any("项目" in s or "收据" in s for s in said), said
    assert not data.get(DRAFT + "expense")


async def test_every_step_of_a_volunteers_flow_is_checked_in_one_place(repo):
    """The role is checked by the flow's conversation before any step's handler runs
    (``IdleConversation.step_guard``), where each handler of every step was wrapped in
    a copy (``_still_staff`` in bot/app.py): every step of every volunteers' flow is
    guarded, and no residents' flow is."""
    from bot.commands import Audience, commands_of
    from bot.conversation import IdleConversation

    async with BotHarness(repo) as bot:
        flows = {h.name: h for group in bot.app.handlers.values() for h in group
                 if isinstance(h, IdleConversation)}
        commands = [c for c in commands_of(bot.app) if c.flow is not None]
    assert commands
    for cmd in commands:
        handler = flows[cmd.flow.name]
        volunteers = cmd.audience == Audience.VOLUNTEER
        assert (handler.step_guard is not None) == volunteers, cmd.name
        steps = [h for state, hs in handler.states.items() if state != handler.TIMEOUT
                 for h in hs]
        assert steps and all(id(h) in handler._steps for h in steps), cmd.name
        # the flow module's own handlers, not copies made to wrap each one
        assert all(h in cmd.flow.states[state] for state, hs in handler.states.items()
                   if state != handler.TIMEOUT for h in hs), cmd.name
