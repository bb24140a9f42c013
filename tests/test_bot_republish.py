"""A resident who withdrew her agreement to publication (/unpublish) and agrees again:
her earlier texts stayed off the website and nobody told her. Now she is told, when she
agrees, that they stay off (the agreement is for what she sends from then on), and she
may put them back with a button of its own (PIPL art. 25: a separate consent), or keep
them off."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind
from db.errors import DomainError
from db.privacy import has_consent, is_withheld

HOME = "c1/1/1/101"
STAY_OFF = "从网站撤下的 1 条内容仍然不公开"


def _published_then_withdrawn(repo) -> tuple[int, int]:
    person = confirmed_resident(repo, 7001, HOME, 101)
    report = repo.submit(person, Kind.ISSUE, "east", {"category": "lighting",
                                                      "text": "门口路灯坏了"})
    repo.approve(report.id, pid(repo, 101))
    repo.withdraw_consent(person)
    return person, report.id


async def _agree_again(bot):
    """/opinion asks for the agreement again; she presses "agree" on the notice."""
    asked = await bot.send(7001, "/opinion")
    agree = asked[-1].buttons()[0][1]
    return await bot.press(7001, agree)


async def test_agreeing_again_says_the_earlier_texts_stay_off_and_offers_to_put_them_back(repo):
    person, report = _published_then_withdrawn(repo)
    async with BotHarness(repo) as bot:
        agreed = await _agree_again(bot)
        [notice] = [c for c in agreed if c.method == "editMessageText"]
        assert "已记录您的同意" in notice.text and STAY_OFF in notice.text, notice.text
        assert [d for _, d in notice.buttons()] == ["rp:ok", "rp:no"]
        assert has_consent(repo.person(person)) and is_withheld(repo.entry(report))
        assert "请写下您的意见" in agreed[-1].text  # the opinion she asked for goes on
        back = await bot.press(7001, "rp:ok", message_id=notice.params["message_id"])
        typed = await bot.send(7001, "楼道灯也要修")
    assert not is_withheld(repo.entry(report))
    assert repo.entry(report).data.get("republished")
    said = [c.text for c in back if c.method == "sendMessage"]
    assert said == ["好的，您以前的 1 条内容会在网站下次更新时重新公开。如果想再撤下，请发送 "
                    "/unpublish。"], said
    assert any(c.method == "editMessageReplyMarkup" for c in back)  # its buttons gone
    assert "楼道灯也要修" in typed[-1].text  # her opinion's summary: the flow went on


async def test_keeping_them_off_changes_nothing_and_leaves_the_button_for_later(repo):
    person, report = _published_then_withdrawn(repo)
    async with BotHarness(repo) as bot:
        await _agree_again(bot)
        kept = await bot.press(7001, "rp:no")
    assert is_withheld(repo.entry(report)) and has_consent(repo.person(person))
    assert "仍然不公开" in kept[-1].text and "重新公开以前的内容" in kept[-1].text
    assert not any(c.method.startswith("edit") for c in kept)


async def test_put_back_after_withdrawing_again_is_refused(repo):
    person, report = _published_then_withdrawn(repo)
    async with BotHarness(repo) as bot:
        await _agree_again(bot)
        await bot.send(7001, "/cancel")
        await bot.send(7001, "/unpublish")
        await bot.press(7001, "up:ok")
        refused = await bot.press(7001, "rp:ok")
    assert is_withheld(repo.entry(report)) and not has_consent(repo.person(person))
    assert "没有重新公开任何内容" in refused[-1].text


async def test_a_resident_who_never_withdrew_is_not_asked_about_earlier_texts(repo):
    reg = repo.register(pid(repo, 7001), HOME, unpublished=True)  # registered, not agreed
    repo.approve(reg.id, pid(repo, 101))
    async with BotHarness(repo) as bot:
        agreed = await _agree_again(bot)
    assert any("已记录您的同意" in c.text for c in agreed)
    assert not any(c.buttons() and "rp:ok" in [d for _, d in c.buttons()] for c in agreed)
    assert not any("仍然不公开" in c.text for c in agreed)


def test_republish_needs_the_current_agreement_and_something_withheld(repo):
    person, report = _published_then_withdrawn(repo)
    with pytest.raises(DomainError) as err:
        repo.republish(person)  # not agreed again
    assert err.value.code == "no_consent" and is_withheld(repo.entry(report))
    repo.consent(person, "2025-1")
    assert [e.id for e in repo.republish(person)] == [report]
    with pytest.raises(DomainError) as err:
        repo.republish(person)
    assert err.value.code == "nothing_withheld"


async def test_agreeing_on_the_registration_notice_again_says_so_too(repo):
    _published_then_withdrawn(repo)
    async with BotHarness(repo) as bot:
        agreed = await bot.press(7001, "reg:agree")
    assert STAY_OFF in agreed[-1].text and "请再点一次菜单按钮" in agreed[-1].text, agreed[-1].text
    assert [d for _, d in agreed[-1].buttons()] == ["rp:ok", "rp:no"]


async def test_agreeing_with_a_change_of_household_says_so_too(repo):
    """She withdrew, then asks to move to another flat and agrees to the notice with it:
    the agreement is recorded with the registration, and she is told of her earlier texts
    as on any other agreement."""
    _published_then_withdrawn(repo)

    def press(calls, label):  # type: ignore[no-untyped-def]
        return next(d for c in calls for t, d in c.buttons() if label in t)

    async with BotHarness(repo) as bot:
        calls = await bot.press(7001, "reg:new")
        calls = await bot.press(7001, press(calls, "东小区"))
        calls = await bot.press(7001, press(calls, "102"))
        calls = await bot.press(7001, press(calls, "同意，这是我家"))
    [told] = [c for c in calls if STAY_OFF in c.text]
    assert [d for _, d in told.buttons()] == ["rp:ok", "rp:no"]
    assert any("等待" in c.text and "102" in c.text for c in calls), [c.text for c in calls]


async def test_agreeing_from_words_typed_outside_a_flow_keeps_the_put_back_buttons(repo):
    """She typed 楼道灯还是不亮 outside any flow, pressed 📝 把这段话作为报事提交, then
    同意 on the notice: the notice became "要把以前那些内容也重新公开吗？" and its two
    buttons were taken off right after (the press's buttons dropped as the flow
    started), a question with no way to answer it. Now they stay."""
    _published_then_withdrawn(repo)
    async with BotHarness(repo) as bot:
        await bot.send(7001, "楼道灯还是不亮")
        asked = await bot.press(7001, "rep:said", message_id=5)
        agree = asked[-1].buttons()[0][1]
        agreed = await bot.press(7001, agree, message_id=6)
    [notice] = [c for c in agreed if c.method == "editMessageText"]
    assert STAY_OFF in notice.text and [d for _, d in notice.buttons()] == ["rp:ok", "rp:no"]
    assert not [c for c in agreed if c.method == "editMessageReplyMarkup"
                and c.params.get("message_id") == 6]
    assert "照片" in agreed[-1].text  # the report goes on with her words
