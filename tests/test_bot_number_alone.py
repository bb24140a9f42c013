"""A phone or ID number typed alone (13912345678): a newcomer was told 您写的话先替您留着：
住户确认后，我会请您把它交给志愿者 (her phone number kept, to be sent as a report once
confirmed), and a resident was offered to send it as a report or an opinion (found
trying the real ``steward run`` as an elderly resident). A number alone is no sentence:
nothing kept, nothing offered."""

from __future__ import annotations

from bot_harness import BotHarness
from conftest import confirmed_resident

from bot.resident import SAID


async def test_a_newcomers_phone_number_alone_is_not_kept_to_be_sent(repo):
    async with BotHarness(repo) as bot:
        told = await bot.send(7009, "13912345678")
        kept = bot.app.user_data.get(7009, {}).get(SAID)
    assert all("先替您留着" not in c.text for c in told)
    assert "登记住址" in told[-1].text
    assert kept is None


async def test_a_residents_id_number_alone_is_not_offered_as_a_report(repo):
    confirmed_resident(repo, 7001, "c1/1/1/101", 101)
    async with BotHarness(repo) as bot:
        told = await bot.send(7001, "14230119520315002X")
    assert all(d not in ("rep:said", "op:said") for c in told for _, d in c.buttons())


async def test_words_with_a_phone_number_are_still_kept(repo):
    async with BotHarness(repo) as bot:
        told = await bot.send(7009, "楼道灯坏了，电话13912345678")
    assert any("先替您留着" in c.text for c in told)
