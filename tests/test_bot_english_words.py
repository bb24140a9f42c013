"""One English word for one thing. A resident's fee was a "fee report" in her /pay
flow ("Please check your fee report:", "Received: fee report #533"), a "fee record" in
"Mine" and the decision she got, and "Fee paid" on the menu button; a volunteer's
decision was "approved" when it went through and "not accepted" when it did not (and a
report's consent said "Once a volunteer accepts it"). Now a fee is a fee record
everywhere (缴费记录, as ``db.labels`` names the kind), its button "Fee record", and a
decision is approved or not approved. The old "Fee paid" button, still on a phone's
keyboard, still starts the flow."""

from __future__ import annotations

import re

from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from bot.i18n import extract
from db.entries import Kind

HOME = "c1/1/1/101"


def _all(calls) -> str:
    return "\n".join(c.text for c in calls)


async def test_an_english_residents_fee_is_a_fee_record_from_the_menu_to_the_receipt(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.set_language(pid(repo, 7001), "en")
    async with BotHarness(repo) as bot:
        menu = [b for c in await bot.send(7001, "/help") for b in c.keyboard()]
        said = await bot.send(7001, "Fee paid")  # the button as an older keyboard has it
        assert "Which fee did you pay?" in said[-1].text
        await bot.press(7001, "pay:fee:property")
        await bot.press(7001, "pay:per:2025-01")
        said += await bot.send(7001, "120")
        said += await bot.press(7001, "pay:skip")
        said += await bot.press(7001, "pay:ok")
    text = _all(said)
    assert "Fee record" in menu and "Fee paid" not in menu, menu
    assert "Please check your fee record:" in text, text
    [fee] = repo.entries(kind=Kind.FEE_INCOME)
    assert f"Received: fee record #{fee.id} (¥120.00)" in text, text
    assert "fee report" not in text


async def test_a_rejected_opinion_and_fee_record_are_not_approved_in_english(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.set_language(pid(repo, 7001), "en")
    opinion = repo.submit(pid(repo, 7001), Kind.OPINION, "east", {"text": "装快递柜"})
    fee = repo.submit(pid(repo, 7001), Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": "2025-11", "amount_fen": 2000,
        "household": HOME})
    async with BotHarness(repo) as bot:
        told = _all(c for c in await bot.send(102, f"/reject {opinion.id} 已经有人提过")
                    if c.chat_id == 7001)
        told += _all(c for c in await bot.send(102, f"/reject {fee.id} 没收到")
                     if c.chat_id == 7001)
    assert f"Your opinion #{opinion.id} was not approved. Reason: 已经有人提过" in told, told
    assert f"Your fee record #{fee.id} (Sanitation fee 2025-11, ¥20.00) was not approved." \
        in told, told
    assert "accept" not in told


def test_no_english_text_says_fee_report_fee_paid_or_not_accepted():
    """What residents read of the same thing, in the bot's English messages: a volunteer
    approves (or does not approve) an entry; a fee is a fee record, pressed as "Fee
    record"."""
    odd = re.compile(r"[Ff]ee report|Fee paid|not accepted|accepts it")
    said = [m.id for m in extract() if isinstance(m.id, str) and odd.search(m.id)]
    assert said == []
