"""Vote tallies: count the households' latest votes on a proposal and apply a
decision rule, with a plain-language explanation in Chinese and English.

Two rules:

* ``simple_majority`` — more than half of the households that voted agree.
* ``civil_code_278`` — PRC Civil Code art. 278 (民法典第二百七十八条): owners
  holding two thirds or more of the households *and* of the floor area
  (专有部分面积) take part; an ordinary matter then needs more than half of
  the participating households and of the participating area to agree, a
  special matter (items 6–8: raising or using maintenance funds, rebuilding,
  changing the use of common parts) three quarters or more of both.

Every share and every comparison is an exact ``Fraction``: a threshold such as
"two thirds or more" must not be decided by a float's rounding.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from .errors import DomainError
from .places import Household

__all__ = ["Choice", "Rule", "Tally", "tally", "Electorate", "electorate", "VoteCount",
           "count_votes", "decide", "QUORUM", "HALF", "SPECIAL"]


class Choice(StrEnum):
    AGREE = "agree"  # 同意
    DISAGREE = "disagree"  # 反对
    ABSTAIN = "abstain"  # 弃权


class Rule(StrEnum):
    SIMPLE_MAJORITY = "simple_majority"  # 简单多数
    CIVIL_CODE_278 = "civil_code_278"  # 民法典第二百七十八条 (双三分之二)


# The thresholds of art. 278. "以上" includes equality; "过半数" does not.
QUORUM = Fraction(2, 3)
HALF = Fraction(1, 2)
SPECIAL = Fraction(3, 4)

_ZERO = Fraction(0)


@dataclass(frozen=True)
class Tally:
    """The counts behind a decision, the decision, and why."""

    rule: Rule
    special: bool
    households_total: int
    households_voted: int
    agree: int  # household counts
    disagree: int
    abstain: int
    area_total: Fraction  # m², exact
    area_voted: Fraction
    area_agree: Fraction
    area_disagree: Fraction
    area_abstain: Fraction
    households_without_area: int  # in the electorate, floor area not recorded
    participation_households: Fraction  # voted / total (0 when total is 0)
    participation_area: Fraction  # area voted / area total (0 when no area is known)
    passed: bool
    explanation_zh: str
    explanation_en: str

    @property
    def agree_share_households(self) -> Fraction:
        """Agreeing households as a share of those that voted (0 when none did)."""
        return _share(Fraction(self.agree), Fraction(self.households_voted))

    @property
    def agree_share_area(self) -> Fraction:
        """Agreeing floor area as a share of the area that voted (0 when none)."""
        return _share(self.area_agree, self.area_voted)

    @property
    def participation_households_pct(self) -> str:
        """Households that voted, as a percentage with one decimal ("66.7")."""
        return _pct(self.participation_households)

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe: Fractions as "n/d" strings, and percentages as strings
        with one decimal, so nothing on the way to the site becomes a float."""
        out: dict[str, Any] = {
            "rule": str(self.rule),
            "special": self.special,
            "households_total": self.households_total,
            "households_voted": self.households_voted,
            "agree": self.agree,
            "disagree": self.disagree,
            "abstain": self.abstain,
            "households_without_area": self.households_without_area,
            "passed": self.passed,
            "explanation_zh": self.explanation_zh,
            "explanation_en": self.explanation_en,
        }
        for name in ("area_total", "area_voted", "area_agree", "area_disagree",
                     "area_abstain", "participation_households", "participation_area"):
            out[name] = _fraction_str(getattr(self, name))
        out["participation_households_pct"] = self.participation_households_pct
        out["participation_area_pct"] = _pct(self.participation_area)
        out["agree_households_pct"] = _pct(self.agree_share_households)
        out["agree_area_pct"] = _pct(self.agree_share_area)
        return out


@dataclass(frozen=True)
class Electorate:
    """The households of a vote with their floor areas in whole units of
    1/``unit`` m² (``unit``: the least common multiple of the areas'
    denominators, 100 for areas given to the hundredth), so that sums are
    exact integer additions and one Fraction is made at the end."""

    areas: Mapping[str, int]
    unit: int
    without_area: int
    total_units: int


def electorate(households: Iterable[Household]) -> Electorate:
    """Check and convert an electorate once (a repository keeps it per area).

    Raises ``DomainError`` for a household listed twice or a floor area that is
    not a finite, non-negative number."""
    exact: dict[str, Fraction] = {}
    without_area = 0
    for h in households:
        if h.id in exact:
            # Counting a household twice would tilt both thresholds.
            raise DomainError(f"household {h.id!r} is listed twice",
                              code="duplicate_household", household=h.id)
        if h.floor_area_m2 is None:
            without_area += 1
        # Unrecorded area counts as 0 m² on both sides of every area share.
        exact[h.id] = _area(h)
    # Sums in whole units of 1/unit m² (unit: the denominators' least common
    # multiple, 100 for areas given to the hundredth): integer additions, exact,
    # and one Fraction at the end instead of one per household.
    unit = math.lcm(1, *(f.denominator for f in exact.values()))
    areas = {hid: f.numerator * (unit // f.denominator) for hid, f in exact.items()}
    return Electorate(areas, unit, without_area, sum(areas.values()))


@dataclass(frozen=True)
class VoteCount:
    """How many households chose each option, and their floor area in the
    electorate's units: all a decision needs. One vote changes it by one
    household (``changed``), so a kept count need not be counted again."""

    households: tuple[int, int, int]  # agree, disagree, abstain
    units: tuple[int, int, int]

    def changed(self, voters: Electorate, household: str, old: Choice | None,
                new: Choice) -> VoteCount:
        """The count after ``household``'s vote went from ``old`` (None: it had not
        voted) to ``new``."""
        households, units = list(self.households), list(self.units)
        weight = voters.areas[household]
        if old is not None:
            households[_SLOT[old]] -= 1
            units[_SLOT[old]] -= weight
        households[_SLOT[new]] += 1
        units[_SLOT[new]] += weight
        return VoteCount((households[0], households[1], households[2]),
                         (units[0], units[1], units[2]))


_SLOT = {Choice.AGREE: 0, Choice.DISAGREE: 1, Choice.ABSTAIN: 2}


def count_votes(voters: Electorate, votes: Mapping[str, Choice | str]) -> VoteCount:
    """Count ``votes`` (household id -> latest choice) over ``voters``.

    Raises ``DomainError`` for a vote from a household outside the electorate
    (``unknown_household``) or an unknown choice."""
    areas = voters.areas
    households, units = [0, 0, 0], [0, 0, 0]
    for household_id, raw in votes.items():
        if household_id not in areas:
            raise DomainError(f"household {household_id!r} is not in this vote's electorate",
                              code="unknown_household", household=household_id)
        try:
            slot = _SLOT[raw if isinstance(raw, Choice) else Choice(raw)]
        except ValueError:
            raise DomainError(f"unknown choice {raw!r}", code="unknown_choice",
                              choice=str(raw)) from None
        households[slot] += 1
        units[slot] += areas[household_id]
    return VoteCount((households[0], households[1], households[2]),
                     (units[0], units[1], units[2]))


def tally(households: Iterable[Household] | Electorate, votes: Mapping[str, Choice | str],
          rule: Rule | str, *, special: bool = False) -> Tally:
    """Count ``votes`` (household id -> latest choice) over the electorate
    ``households`` (or an ``Electorate`` made of them) and decide by ``rule``.

    Raises ``DomainError`` for a vote from a household outside the electorate
    (``unknown_household``), an unknown rule or choice, or a floor area that is
    not a finite, non-negative number.
    """
    voters = households if isinstance(households, Electorate) else electorate(households)
    rule = _rule(rule)
    return decide(voters, count_votes(voters, votes), rule, special=special)


def _rule(rule: Rule | str) -> Rule:
    try:
        return Rule(rule)
    except ValueError:
        raise DomainError(f"unknown voting rule {rule!r}", code="unknown_rule",
                          rule=str(rule)) from None


def decide(voters: Electorate, count: VoteCount, rule: Rule | str, *,
           special: bool = False) -> Tally:
    """Apply ``rule`` to a count of ``voters``' votes (see ``count_votes``)."""
    rule = _rule(rule)
    unit = voters.unit
    agree, disagree, abstain = count.households
    area_by = {choice: Fraction(count.units[slot], unit) for choice, slot in _SLOT.items()}
    total = len(voters.areas)
    voted = agree + disagree + abstain
    area_total = Fraction(voters.total_units, unit)
    area_voted = Fraction(sum(count.units), unit)
    c = _Counts(
        total=total, voted=voted, agree=agree, disagree=disagree, abstain=abstain,
        area_total=area_total, area_voted=area_voted, area_agree=area_by[Choice.AGREE],
        without_area=voters.without_area,
    )
    if rule is Rule.SIMPLE_MAJORITY:
        passed, zh, en = _simple_majority(c)
    else:
        passed, zh, en = _civil_code_278(c, special)

    return Tally(
        rule=rule, special=bool(special),
        households_total=total, households_voted=voted,
        agree=agree, disagree=disagree, abstain=abstain,
        area_total=area_total, area_voted=area_voted,
        area_agree=area_by[Choice.AGREE], area_disagree=area_by[Choice.DISAGREE],
        area_abstain=area_by[Choice.ABSTAIN],
        households_without_area=voters.without_area,
        participation_households=_share(Fraction(voted), Fraction(total)),
        participation_area=_share(area_voted, area_total),
        passed=passed, explanation_zh=zh, explanation_en=en,
    )


@dataclass(frozen=True)
class _Counts:
    total: int
    voted: int
    agree: int
    disagree: int
    abstain: int
    area_total: Fraction
    area_voted: Fraction
    area_agree: Fraction
    without_area: int


# -- the rules -------------------------------------------------------------------


def _simple_majority(c: _Counts) -> tuple[bool, str, str]:
    if c.voted == 0:
        return (False,
                f"共 {c.total} 户，无人参与表决，未通过。",
                f"Of {c.total} households, none voted; not passed.")
    # An abstention is a vote cast, so it raises the bar without helping clear it.
    passed = Fraction(c.agree, c.voted) > HALF
    share = _pct(Fraction(c.agree, c.voted))
    zh = (f"共 {c.total} 户，参与表决 {c.voted} 户；同意 {c.agree} 户（{share}%），"
          f"反对 {c.disagree} 户，弃权 {c.abstain} 户。简单多数需同意超过参与户数的一半，"
          + ("已达到，通过。" if passed else "未达到，未通过。"))
    en = (f"Of {c.total} households, {c.voted} voted: {c.agree} agree ({share}%), "
          f"{c.disagree} disagree, {c.abstain} abstain. A simple majority needs more than "
          f"half of those voting to agree: "
          + ("met; passed." if passed else "not met; not passed."))
    return passed, zh, en


def _civil_code_278(c: _Counts, special: bool) -> tuple[bool, str, str]:
    note_zh, note_en = _without_area_note(c)
    if c.total == 0:
        return (False, "没有登记任何户，无法表决，未通过。",
                "No households are registered, so there is no vote; not passed.")
    if c.area_total == 0:
        # Nothing can be two thirds of nothing: refuse rather than pretend.
        return (False,
                f"参与表决 {c.voted}/{c.total} 户；尚未登记任何专有面积，"
                f"无法满足面积要求，未通过。" + note_zh,
                f"{c.voted}/{c.total} households voted, but no floor areas are recorded, "
                f"so the floor-area requirement cannot be met; not passed." + note_en)

    part_h = Fraction(c.voted, c.total)
    part_a = c.area_voted / c.area_total
    quorum_h = part_h >= QUORUM
    quorum_a = part_a >= QUORUM
    zh = (f"参与表决 {c.voted}/{c.total} 户（{_pct(part_h)}%），专有面积 "
          f"{_m2(c.area_voted)}/{_m2(c.area_total)} m²（{_pct(part_a)}%），")
    en = (f"Voted: {c.voted}/{c.total} households ({_pct(part_h)}%), floor area "
          f"{_m2(c.area_voted)}/{_m2(c.area_total)} m² ({_pct(part_a)}%); ")
    zh += _both_zh(quorum_h, quorum_a, "三分之二")
    en += _both_en(quorum_h, quorum_a, "two thirds")
    if not (quorum_h and quorum_a):
        zh += "，参与表决的业主不足，未通过。" + note_zh
        en += ". Too few owners took part; not passed." + note_en
        return False, zh, en

    # Quorum met: the electorate for agreement is now those who took part,
    # and both counts are positive (two thirds of a positive total).
    agree_h = Fraction(c.agree, c.voted)
    agree_a = c.area_agree / c.area_voted
    if special:
        ok_h, ok_a = agree_h >= SPECIAL, agree_a >= SPECIAL
        need_zh = "重大事项（第二百七十八条第六至八项）需同意达到参与户数和参与面积的四分之三以上"
        need_en = ("A special matter (art. 278 items 6-8) needs three quarters or more "
                   "of both the households and the area taking part to agree")
    else:
        ok_h, ok_a = agree_h > HALF, agree_a > HALF
        need_zh = "一般事项需同意超过参与户数和参与面积的一半"
        need_en = ("An ordinary matter needs more than half of both the households "
                   "and the area taking part to agree")
    passed = ok_h and ok_a
    zh += (f"；同意 {c.agree} 户（占参与户数 {_pct(agree_h)}%），同意面积 "
           f"{_m2(c.area_agree)} m²（占参与面积 {_pct(agree_a)}%）；反对 {c.disagree} 户，"
           f"弃权 {c.abstain} 户。{need_zh}："
           + ("均已达到，通过。" if passed else _missed_zh(ok_h, ok_a) + "，未通过。")
           + note_zh)
    en += (f". Agree: {c.agree} households ({_pct(agree_h)}% of those voting), "
           f"{_m2(c.area_agree)} m² ({_pct(agree_a)}% of the area voting); "
           f"disagree {c.disagree}, abstain {c.abstain}. {need_en}: "
           + ("both met; passed." if passed else _missed_en(ok_h, ok_a) + "; not passed.")
           + note_en)
    return passed, zh, en


def _both_zh(ok_h: bool, ok_a: bool, what: str) -> str:
    if ok_h and ok_a:
        return f"均达到{what}"
    if not ok_h and not ok_a:
        return f"均未达到{what}"
    if ok_h:
        return f"户数达到{what}，但面积未达到"
    return f"面积达到{what}，但户数未达到"


def _both_en(ok_h: bool, ok_a: bool, what: str) -> str:
    if ok_h and ok_a:
        return f"both reach {what}"
    if not ok_h and not ok_a:
        return f"neither reaches {what}"
    if ok_h:
        return f"households reach {what} but floor area does not"
    return f"floor area reaches {what} but households do not"


def _missed_zh(ok_h: bool, ok_a: bool) -> str:
    if not ok_h and not ok_a:
        return "户数和面积均未达到"
    return "户数未达到" if not ok_h else "面积未达到"


def _missed_en(ok_h: bool, ok_a: bool) -> str:
    if not ok_h and not ok_a:
        return "neither met"
    return "households not met" if not ok_h else "floor area not met"


def _without_area_note(c: _Counts) -> tuple[str, str]:
    # Said out loud because it changes the area shares: residents should know
    # why the area figures may look low.
    if not c.without_area:
        return "", ""
    n = c.without_area
    en = (" 1 household has no recorded floor area and counts as 0 m²." if n == 1 else
          f" {n} households have no recorded floor area and count as 0 m².")
    return f"另有 {n} 户未登记专有面积，面积按 0 m² 计。", en


# -- exact numbers ---------------------------------------------------------------


def _area(h: Household) -> Fraction:
    raw = h.floor_area_m2
    if raw is None:
        return _ZERO
    try:
        return _exact_area(raw)
    except (ValueError, TypeError):
        raise DomainError(f"household {h.id!r} has an invalid floor area {raw!r}",
                          code="bad_area", household=h.id) from None


@functools.lru_cache(maxsize=4096, typed=True)
def _exact_area(raw: object) -> Fraction:
    """A recorded floor area as an exact number (the same few values recur in
    every building, so they are converted once)."""
    # Through str(): Fraction(86.35) would be the binary float's long tail,
    # Decimal("86.35") is what was written in the configuration.
    try:
        dec = Decimal(str(raw))
    except ArithmeticError:
        dec = Decimal("NaN")
    if not dec.is_finite() or dec < 0:
        raise ValueError(raw)
    return Fraction(dec)


def _share(part: Fraction, whole: Fraction) -> Fraction:
    return part / whole if whole else _ZERO


def _fraction_str(f: Fraction) -> str:
    return f"{f.numerator}/{f.denominator}"


def _pct(f: Fraction) -> str:
    """A share as a percentage with one decimal, rounded half up: 2/3 -> "66.7"."""
    tenths = math.floor(f * 1000 + HALF)
    return f"{tenths // 10}.{tenths % 10}"


def _m2(f: Fraction) -> str:
    """An area for reading: 4120 -> "4,120.0", 86.35 -> "86.35" (at most 2 decimals)."""
    hundredths = math.floor(f * 100 + HALF)
    whole, rest = divmod(hundredths, 100)
    if rest % 10 == 0:
        return f"{whole:,}.{rest // 10}"
    return f"{whole:,}.{rest:02d}"
