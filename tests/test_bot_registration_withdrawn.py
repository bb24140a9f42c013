"""An older copy of 同意，这是我家, pressed after the registration it made was withdrawn
(撤回), registered the household again, a new entry, without a word (found in a
resident's trial). Now it says the button is no longer valid and where she stands."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

from db.entries import Kind, Status


def _data(calls, label_part: str) -> str:
    for text, data in [b for c in calls for b in c.buttons()]:
        if label_part in text:
            return data
    raise AssertionError(f"no button with {label_part!r}")


async def _withdraw(bot, registered):  # type: ignore[no-untyped-def]
    """住址选错了？撤回 under "waiting", then 确认撤回 under the question it asks."""
    asked = await bot.press(7001, _data(registered, "撤回"))
    return await bot.press(7001, _data(asked, "确认撤回"))


async def test_an_old_agree_button_of_a_withdrawn_registration_registers_nothing(repo):
    async with BotHarness(repo) as bot:
        asked = await bot.send(7001, "我住东小区1号楼1单元201")
        agree = _data(asked, "同意，这是我家")
        registered = await bot.press(7001, agree)
        withdrawn = await _withdraw(bot, registered)
        assert [c for c in withdrawn if c.chat_id == 7001 and "已撤回" in c.text]
        again = await bot.press(7001, agree)  # the older copy of the question's button
    [reg] = repo.entries(kind=Kind.REGISTRATION)
    assert reg.status == Status.REJECTED  # withdrawn, and nothing new
    said = [c for c in again if c.chat_id == 7001 and c.text][-1]
    assert "已经撤回" in said.text and "失效" in said.text and "201" in said.text
    assert "还没有登记住户" in said.text
    assert [d for _, d in said.buttons()] == ["reg:new"]


async def test_an_old_register_without_publishing_button_of_a_withdrawn_one_is_stale(repo):
    async with BotHarness(repo) as bot:
        asked = await bot.send(7001, "我住东小区1号楼1单元201")
        declined = await bot.press(7001, _data(asked, "不同意"))
        unpublished = _data(declined, "不公开")
        registered = await bot.press(7001, unpublished)
        await _withdraw(bot, registered)
        again = await bot.press(7001, unpublished)
    assert len(repo.entries(kind=Kind.REGISTRATION)) == 1
    assert "失效" in [c for c in again if c.chat_id == 7001][-1].text


async def test_the_same_home_chosen_again_after_withdrawing_registers_as_before(repo):
    async with BotHarness(repo) as bot:
        asked = await bot.send(7001, "我住东小区1号楼1单元201")
        registered = await bot.press(7001, _data(asked, "同意，这是我家"))
        await _withdraw(bot, registered)
        asked = await bot.send(7001, "我住东小区1号楼1单元201")
        await bot.press(7001, _data(asked, "同意，这是我家"))
    regs = repo.entries(kind=Kind.REGISTRATION)
    assert [r.status for r in regs] == [Status.REJECTED, Status.PENDING]


async def test_an_old_button_of_a_withdrawn_change_says_her_home_is_unchanged(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        calls = await bot.send(7001, "/start")
        calls = await bot.press(7001, _data(calls, "申请变更住户"))
        calls = await bot.press(7001, _data(calls, "东小区"))
        calls = await bot.press(7001, _data(calls, "102"))
        agree = _data(calls, "同意，这是我家")
        registered = await bot.press(7001, agree)
        await _withdraw(bot, registered)
        again = await bot.press(7001, agree)
    assert len(repo.entries(kind=Kind.REGISTRATION, status=Status.PENDING)) == 0
    said = [c for c in again if c.chat_id == 7001][-1].text
    assert "失效" in said and "您的住户仍是 东小区 1号楼 1单元 101" in said


async def test_an_old_do_not_agree_button_of_a_withdrawn_registration_is_stale_too(repo):
    """不同意 of the withdrawn question led on to 不公开也登记, which registered it again."""
    async with BotHarness(repo) as bot:
        asked = await bot.send(7001, "我住东小区1号楼1单元201")
        decline = _data(asked, "不同意")
        registered = await bot.press(7001, _data(asked, "同意，这是我家"))
        await _withdraw(bot, registered)
        again = await bot.press(7001, decline)
        assert "失效" in [c for c in again if c.chat_id == 7001][-1].text
        assert not [d for c in again for _, d in c.buttons() if d.startswith("reg:nr")]
        # the same home chosen again: its 不同意 and 不公开也登记 work as before
        asked = await bot.send(7001, "我住东小区1号楼1单元201")
        declined = await bot.press(7001, _data(asked, "不同意"))
        await bot.press(7001, _data(declined, "不公开"))
    assert [r.status for r in repo.entries(kind=Kind.REGISTRATION)] == \
        [Status.REJECTED, Status.PENDING]


async def test_an_old_agree_button_of_a_rejected_registration_says_it_was_not_approved(repo):
    """After a volunteer rejected her registration, the older copy of 同意 filed the same
    household again, a new entry for the volunteers, without a word."""
    async with BotHarness(repo) as bot:
        asked = await bot.send(7001, "我住东小区1号楼1单元201")
        agree = _data(asked, "同意，这是我家")
        await bot.press(7001, agree)
        [reg] = repo.entries(kind=Kind.REGISTRATION)
        await bot.send(101, f"/reject {reg.id}")
        await bot.send(101, "201 住的是另一户人家，请核对门牌")
        assert repo.entry(reg.id).status == Status.REJECTED
        again = await bot.press(7001, agree)  # the older copy of the question's button
        assert [r.id for r in repo.entries(kind=Kind.REGISTRATION)] == [reg.id]
        said = [c for c in again if c.chat_id == 7001 and c.text][-1]
        assert "没有通过" in said.text and "201 住的是另一户人家，请核对门牌" in said.text
        assert "失效" in said.text and "还没有登记住户" in said.text
        assert [d for _, d in said.buttons()] == ["reg:new"]
        # applying again on purpose: the same home chosen again registers as before
        asked = await bot.send(7001, "我住东小区1号楼1单元201")
        await bot.press(7001, _data(asked, "同意，这是我家"))
    assert [r.status for r in repo.entries(kind=Kind.REGISTRATION)] == \
        [Status.REJECTED, Status.PENDING]


async def test_an_old_register_without_publishing_of_a_rejected_registration_is_stale(repo):
    async with BotHarness(repo) as bot:
        asked = await bot.send(7001, "我住东小区1号楼1单元201")
        declined = await bot.press(7001, _data(asked, "不同意"))
        unpublished = _data(declined, "不公开")
        await bot.press(7001, unpublished)
        [reg] = repo.entries(kind=Kind.REGISTRATION)
        await bot.send(101, f"/reject {reg.id}")
        await bot.send(101, "201 住的是另一户人家，请核对门牌")
        again = await bot.press(7001, unpublished)
    assert len(repo.entries(kind=Kind.REGISTRATION)) == 1
    assert "没有通过" in [c for c in again if c.chat_id == 7001][-1].text
