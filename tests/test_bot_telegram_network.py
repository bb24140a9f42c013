"""The connection to Telegram breaking mid-write: a write the bot made is not undone
and not made twice, and the person is not told to do again what may be done. Against
the Bot API emulator, through the application ``steward run`` builds."""

from __future__ import annotations

from bot_api_emulator import BotApiEmulator
from robust_support import make_data
from tg_faults_support import Running

from db.entries import Kind

RESIDENT = 7002


async def _report_with_its_confirmation_lost(tmp_path, *, delivered: bool):
    data = make_data(tmp_path)
    with BotApiEmulator() as api:
        async with Running(api, data) as bot:
            before = len(bot.repo.entries(kind=Kind.ISSUE))
            await bot.say(RESIDENT, "/report")
            await bot.tap(RESIDENT, "rep:cat:lighting")
            await bot.say(RESIDENT, "路灯坏了三天")
            await bot.tap(RESIDENT, "rep:photos")
            await bot.tap(RESIDENT, "rep:pn")
            api.drop("sendMessage", chat=RESIDENT, delivered=delivered)
            told = await bot.tap(RESIDENT, "rep:ok", "我的")
            await bot.settled()
            issues = bot.repo.entries(kind=Kind.ISSUE)
    return api, told, issues[before:] if len(issues) > before else []


async def test_a_report_whose_confirmation_was_lost_is_kept_and_the_resident_told_to_look(
        tmp_path):
    api, told, new = await _report_with_its_confirmation_lost(tmp_path, delivered=False)
    assert len(new) == 1  # kept, once
    assert "可能已经完成" in told.text and "重新发送" in told.text
    assert not [c for c in api.calls if c.chat_id == RESIDENT and "请再试一次" in c.text]


async def test_a_confirmation_delivered_but_its_answer_lost_is_not_contradicted(tmp_path):
    """A timeout mid-write: Telegram took the message, the bot never heard back."""
    api, told, new = await _report_with_its_confirmation_lost(tmp_path, delivered=True)
    assert len(new) == 1
    confirmation = [c for c in api.calls if c.chat_id == RESIDENT and f"#{new[0].id}" in c.text]
    assert len(confirmation) == 1  # the resident has it, once
    after = [c.text for c in api.calls if c.chat_id == RESIDENT][-1]
    assert "可能已经完成" in after  # told it may be done, not asked to send it again
    assert not [c for c in api.calls if c.chat_id == RESIDENT and "请再试一次" in c.text]


async def test_a_picker_button_tapped_twice_shows_its_step_once(tmp_path):
    """The second tap of a double tap edits the message to what it shows already;
    Telegram answers 'message is not modified'. Nothing more is sent."""
    data = make_data(tmp_path)
    newcomer = 9001
    with BotApiEmulator(strict_edits=True) as api:
        async with Running(api, data) as bot:
            picker = await bot.say(newcomer, "/start", "请选择小区")
            mid = bot.message_id(newcomer, picker)
            data_ = next(d for _t, d in picker.buttons() if d.startswith("reg:c"))
            first = api.press_on(newcomer, newcomer, mid, data_)
            await bot.answer(first, newcomer, "楼")
            second = api.press_on(newcomer, newcomer, mid, data_)
            await bot.settled()
    assert [a for _m, _p, a in api.faulted if "not modified" in a]  # the double tap came
    assert not [c for c in api.calls[second:] if c.chat_id == newcomer
                and c.method == "sendMessage"]
