"""When a household's time in its flat began (``BEGAN``, kept on each confirmed resident)
and the rule that gives it at a confirmation (``household_began``): one piece for
``db.moving`` (each confirmation) and ``db.began_backfill`` (the migration that finds it
again for households confirmed before it was kept, which ``db.store`` imports and so
cannot import ``db.moving``)."""

from __future__ import annotations

from typing import Any

__all__ = ["BEGAN", "household_began"]

# a confirmed resident's: the number of the registration her household's time in the flat
# began with (``db.home_records``: what was recorded for the flat before is not hers)
BEGAN = "home_began"


def household_began(registration: int, others: list[dict[str, Any]]) -> int | None:
    """``BEGAN`` of the person registration ``registration`` binds to a flat where
    ``others`` live (the residents who stay): a household of its own when nobody stays
    (the flat was empty, or changed hands with it), else theirs, or hers when she asked
    before they did (two people asked for the same empty flat, the later one confirmed
    first: the household began with the earlier request; ``db.moving.same_start`` gives it to the
    others too); None when one of them was confirmed before it was kept (not known)."""
    if not others:
        return registration
    known = [int(p[BEGAN]) for p in others if p.get(BEGAN) is not None]
    return min([registration, *known]) if len(known) == len(others) else None
