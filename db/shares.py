"""Exact shares and floor areas as people read them.

A vote's shares are exact ``Fraction``s; ``pct`` shows one as a percentage that
reads on the same side of every threshold of Civil Code art. 278 (more than half,
two thirds, three quarters) as the exact share does, ``m2`` and ``m2_up`` show
an area, and ``fraction_str`` keeps a share exact in JSON. ``db.tally`` decides
with them and re-exports them.
"""

from __future__ import annotations

import math
from fractions import Fraction

__all__ = ["QUORUM", "HALF", "SPECIAL", "fraction_str", "pct", "m2", "m2_up"]

QUORUM = Fraction(2, 3)
HALF = Fraction(1, 2)
SPECIAL = Fraction(3, 4)


def fraction_str(f: Fraction) -> str:
    """A Fraction as "n/d" (JSON-safe, exact)."""
    return f"{f.numerator}/{f.denominator}"


# Each threshold, and whether it must be passed strictly ("过半数") or may be met ("以上").
_THRESHOLDS = ((HALF, True), (QUORUM, False), (SPECIAL, False))
_MAX_DIGITS = 6


def _meets(x: Fraction, threshold: Fraction, strictly: bool) -> bool:
    return x > threshold if strictly else x >= threshold


def _same_side(shown: Fraction, f: Fraction, threshold: Fraction, strictly: bool) -> bool:
    """Whether ``shown`` reads as ``f`` does against ``threshold``: below, on or above
    it (a share exactly on 2/3, which no decimal is, need only meet it as ``f`` does)."""
    if f == threshold:
        return _meets(shown, threshold, strictly) == _meets(f, threshold, strictly)
    return (shown > threshold) == (f > threshold) and (shown < threshold) == (f < threshold)


def pct(f: Fraction) -> str:
    """A share as a percentage: one decimal, rounded half up (2/3 -> "66.7"), or as
    many more as it takes to read on the same side of every threshold (half, two
    thirds, three quarters) as the exact share does, never on one it is not:
    5001/10000 -> "50.01", not "50.0"; 4999/10000 -> "49.99"; 7499/10000 -> "74.99",
    not "75.0"."""
    for digits in range(1, _MAX_DIGITS + 1):
        scale = 100 * 10 ** digits
        n = math.floor(f * scale + HALF)
        shown = Fraction(n, scale)
        if all(_same_side(shown, f, t, s) for t, s in _THRESHOLDS):
            return _digits(n, digits)
    # Within a millionth of a percent of a threshold: cut towards its true side.
    t, strictly = min(_THRESHOLDS, key=lambda ts: abs(f - ts[0]))
    scale = 100 * 10 ** _MAX_DIGITS
    n = math.ceil(f * scale) if _meets(f, t, strictly) else math.floor(f * scale)
    return _digits(n, _MAX_DIGITS)


def _digits(n: int, digits: int) -> str:
    whole, rest = divmod(n, 10 ** digits)
    return f"{whole}.{rest:0{digits}d}"


def m2_up(f: Fraction) -> str:
    """An area still needed, rounded up to the hundredth of a m² (``m2``'s format), so
    that reaching the number shown is always enough: 45.301 -> "45.31"."""
    return m2(Fraction(math.ceil(f * 100), 100))


def m2(f: Fraction) -> str:
    """An area for reading: 4120 -> "4,120.0", 86.35 -> "86.35" (at most 2 decimals)."""
    hundredths = math.floor(f * 100 + HALF)
    whole, rest = divmod(hundredths, 100)
    if rest % 10 == 0:
        return f"{whole:,}.{rest // 10}"
    return f"{whole:,}.{rest:02d}"
