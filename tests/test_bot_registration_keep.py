"""A registered resident shown "register as a resident of another flat?" (an old room
picker's button pressed weeks later, scrolling up; or 更换住户 pressed to look) had no
way to say "no, keep my home": 同意 asked for the change, 不同意 offered to register
there without publishing, 上一步 and 重新选择 went on picking. Now the question has a
button that keeps her household, changes nothing, and ends the question (同意 typed
next is no longer taken as its answer)."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

from db.entries import Kind

HOME = "c1/1/1/101"


async def test_a_change_of_household_asked_can_be_declined_keeping_her_home(repo):
    person = confirmed_resident(repo, 5001, HOME, 101)
    async with BotHarness(repo) as bot:
        asked = await bot.press(5001, "reg:h:0:0:0:1", message_id=3)  # an old picker's 102
        assert "不再是您登记的住户" in asked[-1].text
        [keep] = [d for label, d in asked[-1].buttons() if "不换" in label]
        kept = await bot.press(5001, keep, message_id=3)
        typed = await bot.send(5001, "同意")
    assert [c.method for c in kept if c.method != "answerCallbackQuery"] == ["editMessageText"]
    assert "东小区 1号楼 1单元 101" in kept[-1].text and "没有改动" in kept[-1].text
    assert kept[-1].buttons() == []
    assert repo.entries(kind=Kind.REGISTRATION, status="pending") == []
    assert repo.person(person)["household"] == HOME
    assert not any("登记为" in c.text for c in typed)  # 同意 is not its answer any more


async def test_a_first_registration_has_no_keep_button(repo):
    async with BotHarness(repo) as bot:
        asked = await bot.press(7001, "reg:h:0:0:0:1", message_id=3)
    assert not [d for label, d in asked[-1].buttons() if "不换" in label]
