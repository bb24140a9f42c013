"""Checks written once (walk191): a fee's stored period (2025, 2025-03) is read by one
pattern, ``db.fee_amounts.PERIOD`` (db.fees compiled the same one of its own); the
question 没有解决 asked about her report is checked in one place, for the words typed
after it and for 按错了 (``bot.handlers.reopen``), which repeated it line for line."""

from __future__ import annotations

import inspect

from bot.handlers import reopen
from db import fee_amounts, fees


def test_fees_read_a_stored_period_with_the_one_pattern():
    assert fees.PERIOD is fee_amounts.PERIOD
    assert "re.compile" not in inspect.getsource(fees).split("_TYPED_PERIOD", 1)[0]
    assert fee_amounts.first_month("2025") == "2025-01" and fee_amounts.last_month("2025-03") \
        == "2025-03" and fee_amounts.first_month("2025-H1") is None


def test_the_reopen_question_is_checked_in_one_place():
    for handler in (reopen.typed_words, reopen.typed_no):
        source = inspect.getsource(handler)
        assert "ASKED_WINDOW" not in source and "_asked_of(" in source, handler.__name__
