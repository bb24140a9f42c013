"""A fee's period is words of its public ledger line, chained as the line is made: the
site cannot mask a name in it later. /pay takes a period typed in words (2024年下半年),
and 替王秀兰交的上半年 went to the volunteer, then into the public accounts for good, the
name of someone registered here in it (an expense's payee and purpose, a reversal's
reason, were refused so; a fee's period was not). Now it is asked again at the period
step, and the domain refuses it on a fee recorded or approved."""

from __future__ import annotations

import pytest
from bot_harness import BotHarness
from conftest import confirmed_resident, pid

from db.entries import Kind
from db.errors import DomainError

HOME = "c1/1/1/101"


def _fee(period: str) -> dict:
    return {"amount_fen": 6000, "fee_type": "sanitation", "period": period,
            "household": HOME}


async def test_a_period_typed_with_a_registered_persons_name_is_asked_again(repo):
    confirmed_resident(repo, 7001, HOME, 101)
    repo.ensure_person(7009, name="王秀兰")
    async with BotHarness(repo) as bot:
        await bot.send(7001, "/pay")
        await bot.press(7001, "pay:fee:sanitation")
        calls = await bot.send(7001, "替王秀兰交的上半年")
        said = "\n".join(c.text for c in calls)
        assert "王秀兰" in said and "公布" in said and "多少钱" not in said, said
        await bot.send(7001, "2024年上半年")  # the step goes on, nothing lost
        await bot.send(7001, "60")
        await bot.press(7001, "pay:skip")
        await bot.press(7001, "pay:ok")
    [fee] = repo.entries(kind=Kind.FEE_INCOME)
    assert fee.data["period"] == "2024年上半年"


def test_the_domain_refuses_a_fee_whose_period_names_a_registered_person(repo):
    author = confirmed_resident(repo, 7001, HOME, 101)
    repo.ensure_person(7009, name="王秀兰")
    with pytest.raises(DomainError) as refused:
        repo.submit(author, Kind.FEE_INCOME, "east", _fee("王秀兰2024上半年"))
    assert refused.value.code == "names_a_person"
    assert not repo.entries(kind=Kind.FEE_INCOME)


def test_a_fee_recorded_before_its_periods_name_registered_is_not_approved(repo, monkeypatch):
    author = confirmed_resident(repo, 7001, HOME, 101)
    with monkeypatch.context() as m:  # before a stranger's name was refused (db.private_words)
        m.setattr("db.ledger_names.private_words", lambda text: None)
        fee = repo.submit(author, Kind.FEE_INCOME, "east", _fee("王秀兰2024上半年"))
    repo.ensure_person(7009, name="王秀兰")  # registered since
    with pytest.raises(DomainError) as refused:
        repo.approve(fee.id, pid(repo, 101))
    assert refused.value.code == "recorded_names_a_person"
    assert not repo.ledger("east")


def test_a_period_of_digits_is_checked_without_making_the_mask_of_every_name(repo):
    """A fee's period as the bot's buttons write it (2025, 2025-03) names nobody; making
    the mask of every name the street knows for it, again after each newcomer, cost
    88 ms at each fee report of a 6,700-person street."""
    repo.ensure_person(5001, name="王秀兰")
    names = repo.core.names
    names.check({"period": "2025-03", "purpose": None})
    names.check({"period": "2025"})
    names.check({"period": "2025-H1"})  # a half year: one Latin letter
    assert names._kept is None
    with pytest.raises(DomainError):
        names.check({"period": "替王秀兰交的2025"})


def test_an_account_in_a_line_is_refused_without_making_the_mask_of_every_name(repo):
    """A person's Telegram id typed in words with no name in them is refused (23fbe3e1)
    by the ids read alone: the mask of every name was made for it (~180 ms at 6,500
    people after each newcomer), and for a fee's period too (2025-03 reads as the
    number 202503)."""
    repo.ensure_person(7000123, name="王秀兰")
    names = repo.core.names
    with pytest.raises(DomainError):
        names.check({"purpose": "7000123"})
    names.check({"purpose": "7000124", "period": "2025-03"})  # nobody's id; a period
    assert names._kept is None
