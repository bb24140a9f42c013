"""The bot mix's newcomers and payers: a registration (a new person picks their
compound, building, unit and room, then agrees to the notice) and a fee report
with a receipt photo (/pay, the fee, the period, the amount typed, the photo,
Submit), as the Bot API would deliver them.

The synthetic street registered the first 60 % of each area's homes
(``bench.synthetic``): newcomers pick among the others (buildings 4 and 5).
"""

from __future__ import annotations

import random
from typing import Any

from bench.synthetic import resident_tid

NEWCOMERS = 5_000_000  # their Telegram ids start here (residents': bench.synthetic)
PHOTO_ID = "bench-receipt"  # the one receipt photo every payer sends (its bytes: ``photo``)
PHOTO_SIZE = (1280, 960)  # a phone photo sent as a photo: Telegram's largest size


def photo() -> bytes:
    from bot.offline import jpeg_bytes

    return jpeg_bytes(PHOTO_SIZE, label="receipt")


def periods(repo: Any) -> list[str]:
    """The period buttons /pay offers today (as ``bot.handlers.pay`` makes them)."""
    today = repo.clock()
    return [f"{today.year}-{today.month:02d}", str(today.year)]


def fee_codes(repo: Any, area: str) -> list[str]:
    from bot.handlers.pay import household_fees

    return household_fees(repo, area)


def registration(make: Any, newcomer: int, area: int, n: int) -> list[dict[str, Any]]:
    """Newcomer ``newcomer`` registers for a free home of area ``area`` (the n-th
    newcomer there): compound = area, building 4 or 5, unit, room."""
    building = 3 + (n // 40) % 2
    unit, room = (n // 20) % 2, n % 20
    path = f"{area}:{building}:{unit}:{room}"
    return [make.text(newcomer, "/start"), make.press(newcomer, f"reg:c:{area}"),
            make.press(newcomer, f"reg:b:{area}:{building}"),
            make.press(newcomer, f"reg:u:{area}:{building}:{unit}"),
            make.press(newcomer, f"reg:h:{path}"), make.press(newcomer, f"reg:ok:{path}")]


def payment(make: Any, payer: int, fee: str, period: str, rng: random.Random
            ) -> list[dict[str, Any]]:
    """A resident reports a fee paid, with the receipt's photo."""
    return [make.text(payer, "/pay"), make.press(payer, f"pay:fee:{fee}"),
            make.press(payer, f"pay:per:{period}"),
            make.text(payer, str(rng.choice([60, 90, 120, 180]))),
            make.photo(payer, PHOTO_ID, PHOTO_SIZE), make.press(payer, "pay:ok")]


def newcomers_and_payers(repo: Any, make: Any, area: int, i: int, areas: int,
                         rng: random.Random, first_newcomer: int) -> list[dict[str, Any]]:
    """Round ``i``'s registration and fee report in area ``area``."""
    fees = fee_codes(repo, f"a{area}")
    payer = resident_tid(area, 100 + rng.randrange(20))  # not the reporters' 100
    out = registration(make, NEWCOMERS + first_newcomer + i, area,
                       (first_newcomer + i) // areas)
    if fees:
        out += payment(make, payer, fees[i % len(fees)], periods(repo)[i % 2], rng)
    return out
