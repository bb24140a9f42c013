"""Vote tallies: count the owners' latest votes on a proposal and decide by the
rule its matter takes, with a plain-language explanation in Chinese and English.

What a proposal decides is one of ``MATTERS`` (``db.matters``): the nine
matters of Civil Code art. 278 in the law's order, then the everyday matter.
Its rule follows from it:

* ``civil_code_278`` — owners holding two thirds or more of the floor area
  (专有部分面积) *and* two thirds or more of the owners take part; then more
  than half of the participating area and of the participating owners
  agree, or, for items 6–8 only (筹集维修资金; 改建、重建建筑物及其附属设施;
  改变共有部分的用途或者利用共有部分从事经营活动), three quarters or more of
  both. Item 5 (使用维修资金) and item 9 are ordinary.
* ``simple_majority`` — an everyday matter, not a joint decision of the
  owners: more than half of the owners who vote agree.

Heads are owners (``db.electorate``): an owner of several flats counts once,
with their areas summed; a flat without an owner key is its own owner.

Every share and every comparison is an exact ``Fraction``: a threshold such as
"two thirds or more" must not be decided by a float's rounding. Shown as a
percentage, a share gets as many decimals as it needs never to read on the
other side of a threshold than it is (50.01 % is not "50.0 %"; 74.99 % is not
"75.0 %"), and the exact counts stand beside it ("39/58 户").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Any

from .electorate import Choice, Electorate, VoteCount, count_votes, electorate
from .errors import DomainError
from .matters import EVERYDAY, MATTERS, Matter, matter, matter_from_rule
from .places import Household
from .shares import HALF, QUORUM, SPECIAL, fraction_str, m2, m2_up, pct

__all__ = ["Choice", "Rule", "Tally", "tally", "Electorate", "electorate", "VoteCount",
           "count_votes", "decide", "agreement", "QUORUM", "HALF", "SPECIAL", "MATTERS", "Matter",
           "EVERYDAY", "pct", "m2", "m2_up", "fraction_str"]


class Rule(StrEnum):
    SIMPLE_MAJORITY = "simple_majority"  # 简单多数
    CIVIL_CODE_278 = "civil_code_278"  # 民法典第二百七十八条 (双三分之二)


# The thresholds of art. 278. "以上" includes equality; "过半数" does not.

_ZERO = Fraction(0)


@dataclass(frozen=True)
class Tally:
    """The counts behind a decision, the decision, and why. Heads are owners
    (``owners_*``, ``agree`` ...); ``households_*`` count their flats."""

    rule: Rule
    special: bool
    matter: str  # a code of db.matters
    owners_total: int
    owners_voted: int
    agree: int  # owners
    disagree: int
    abstain: int
    households_total: int  # flats
    households_voted: int
    flats: tuple[int, int, int]  # flats of the owners who agree, disagree, abstain
    area_total: Fraction  # m², exact
    area_voted: Fraction
    area_agree: Fraction
    area_disagree: Fraction
    area_abstain: Fraction
    households_without_area: int  # in the electorate, floor area not recorded
    participation_owners: Fraction  # voted / total (0 when total is 0)
    participation_area: Fraction  # area voted / area total (0 when no area is known)
    passed: bool
    explanation_zh: str
    explanation_en: str

    @property
    def by_owner(self) -> bool:
        """Whether some owner holds several flats (heads and flats then differ)."""
        return self.owners_total != self.households_total

    @property
    def quorum_needs(self) -> tuple[int, Fraction] | None:
        """For a joint matter (art. 278): the fewest owners and the least floor area
        (m², exact) that are two thirds of all; None for an everyday matter."""
        if self.rule != Rule.CIVIL_CODE_278:
            return None
        return math.ceil(QUORUM * self.owners_total), QUORUM * self.area_total

    @property
    def quorum_short(self) -> tuple[int, Fraction] | None:
        """How many more owners and how much more floor area (m², exact) must take
        part before both reach two thirds ((0, 0) once they have); None for an
        everyday matter."""
        needs = self.quorum_needs
        if needs is None:
            return None
        return (max(0, needs[0] - self.owners_voted),
                max(_ZERO, needs[1] - self.area_voted))

    @property
    def participation_households(self) -> Fraction:
        """The headcount's participation (owners; a flat without a key is one)."""
        return self.participation_owners

    @property
    def agree_share_owners(self) -> Fraction:
        """Agreeing owners as a share of those that voted (0 when none did)."""
        return _share(Fraction(self.agree), Fraction(self.owners_voted))

    @property
    def agree_share_area(self) -> Fraction:
        """Agreeing floor area as a share of the area that voted (0 when none)."""
        return _share(self.area_agree, self.area_voted)

    @property
    def agreed(self) -> tuple[bool, bool]:
        """Whether enough of those who took part agreed, by number and by floor area, as
        art. 278 asks of a joint matter (``agreement``); it says nothing of the quorum."""
        return agreement(self.agree_share_owners, self.agree_share_area, self.special)

    @property
    def participation_pct(self) -> str:
        """Owners who voted, as a percentage ("66.7"; see ``pct``)."""
        return pct(self.participation_owners)

    participation_households_pct = participation_pct

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe: Fractions as "n/d" strings, and percentages as strings, so
        nothing on the way to the site becomes a float."""
        out: dict[str, Any] = {
            "rule": str(self.rule), "special": self.special, "matter": self.matter,
            "by_owner": self.by_owner,
            "owners_total": self.owners_total, "owners_voted": self.owners_voted,
            "agree": self.agree, "disagree": self.disagree, "abstain": self.abstain,
            "households_total": self.households_total,
            "households_voted": self.households_voted,
            "households_agree": self.flats[0], "households_disagree": self.flats[1],
            "households_abstain": self.flats[2],
            "households_without_area": self.households_without_area,
            "passed": self.passed,
            "explanation_zh": self.explanation_zh,
            "explanation_en": self.explanation_en,
        }
        for name in ("area_total", "area_voted", "area_agree", "area_disagree",
                     "area_abstain", "participation_owners", "participation_area"):
            out[name] = fraction_str(getattr(self, name))
        out["participation_households"] = out["participation_owners"]
        out["participation_owners_pct"] = pct(self.participation_owners)
        out["participation_households_pct"] = out["participation_owners_pct"]
        out["participation_area_pct"] = pct(self.participation_area)
        out["agree_owners_pct"] = pct(self.agree_share_owners)
        out["agree_households_pct"] = out["agree_owners_pct"]
        out["agree_area_pct"] = pct(self.agree_share_area)
        return out


def tally(households: Iterable[Household] | Electorate, votes: Mapping[str, Choice | str],
          rule: Rule | str | None = None, *, special: bool = False,
          matter: Matter | str | None = None) -> Tally:
    """Count ``votes`` (household id -> latest choice) over the electorate
    ``households`` (or an ``Electorate`` made of them) and decide by the rule of
    ``matter`` (one of ``MATTERS``, or its code), or by ``rule`` and ``special``.

    ``Household.owner`` groups an owner's flats: they count as one owner with
    their areas summed. Raises ``DomainError`` for a vote from a household
    outside the electorate (``unknown_household``), two flats of one owner voting
    differently (``owner_split``), an unknown rule, matter or choice, or a floor
    area that is not a finite, non-negative number.
    """
    voters = households if isinstance(households, Electorate) else electorate(households)
    return decide(voters, count_votes(voters, votes), rule, special=special, matter=matter)


def _matter(rule: Rule | str | None, special: bool, which: Matter | str | None) -> Matter:
    if which is not None:
        return which if isinstance(which, Matter) else matter(which)
    if rule is None:
        return EVERYDAY
    try:
        Rule(rule)
    except ValueError:
        raise DomainError(f"unknown voting rule {rule!r}", code="unknown_rule",
                          rule=str(rule)) from None
    return matter_from_rule(rule, special)


def decide(voters: Electorate, count: VoteCount, rule: Rule | str | None = None, *,
           special: bool = False, matter: Matter | str | None = None) -> Tally:
    """Apply the rule of ``matter`` (or ``rule`` and ``special``) to a count of
    ``voters``' votes (see ``count_votes``)."""
    m = _matter(rule, special, matter)
    unit = voters.unit
    agree, disagree, abstain = count.owners
    area_by = [Fraction(u, unit) for u in count.units]
    area_total = Fraction(voters.total_units, unit)
    area_voted = Fraction(sum(count.units), unit)
    c = _Counts(
        total=voters.owners, voted=agree + disagree + abstain, agree=agree,
        disagree=disagree, abstain=abstain, flats_total=voters.households,
        flats_voted=sum(count.flats), area_total=area_total, area_voted=area_voted,
        area_agree=area_by[0], without_area=voters.without_area, by_owner=voters.by_owner,
    )
    if m.rule == Rule.SIMPLE_MAJORITY:
        passed, zh, en = _simple_majority(c)
    else:
        passed, zh, en = _civil_code_278(c, m)
    return Tally(
        rule=Rule(m.rule), special=m.special, matter=m.code,
        owners_total=c.total, owners_voted=c.voted,
        agree=agree, disagree=disagree, abstain=abstain,
        households_total=c.flats_total, households_voted=c.flats_voted, flats=count.flats,
        area_total=area_total, area_voted=area_voted,
        area_agree=area_by[0], area_disagree=area_by[1], area_abstain=area_by[2],
        households_without_area=voters.without_area,
        participation_owners=_share(Fraction(c.voted), Fraction(c.total)),
        participation_area=_share(area_voted, area_total),
        passed=passed, explanation_zh=zh, explanation_en=en,
    )


@dataclass(frozen=True)
class _Counts:
    total: int  # owners
    voted: int
    agree: int
    disagree: int
    abstain: int
    flats_total: int
    flats_voted: int
    area_total: Fraction
    area_voted: Fraction
    area_agree: Fraction
    without_area: int
    by_owner: bool

    def heads_zh(self, n: int, of: int) -> str:
        """"39/58 户", or with owners of several flats "39/57 人"."""
        return f"{n}/{of} {self.unit_zh}"

    def heads_en(self, n: int, of: int) -> str:
        return f"{n}/{of} {self.unit_en}"

    def voted_zh(self, share: str = "") -> str:
        """"参与表决 39/58 户（67.2%）", or "参与表决业主 39/57 人（68.4%，共 40/60 户）"."""
        inside = "，".join(x for x in (f"{share}%" if share else "", self.flats_zh()) if x)
        who = "业主 " if self.by_owner else " "
        return (f"参与表决{who}{self.heads_zh(self.voted, self.total)}"
                + (f"（{inside}）" if inside else ""))

    def voted_en(self, share: str = "") -> str:
        inside = ", ".join(x for x in (f"{share}%" if share else "", self.flats_en()) if x)
        return f"Voted: {self.heads_en(self.voted, self.total)}" + (
            f" ({inside})" if inside else "")

    def flats_zh(self) -> str:
        return f"共 {self.flats_voted}/{self.flats_total} 户" if self.by_owner else ""

    def flats_en(self) -> str:
        return f"{self.flats_voted}/{self.flats_total} households" if self.by_owner else ""

    @property
    def unit_zh(self) -> str:
        return "人" if self.by_owner else "户"

    @property
    def count_zh(self) -> str:
        """What art. 278's 人数 is counted in here, as the tally's table heads it: 户数
        while each owner holds one flat (the owners are the households), 人数 once one
        holds several (she counts once)."""
        return "人数" if self.by_owner else "户数"

    @property
    def unit_en(self) -> str:
        return "owners" if self.by_owner else "households"


# -- the rules -------------------------------------------------------------------


def _simple_majority(c: _Counts) -> tuple[bool, str, str]:
    if c.voted == 0:
        return (False,
                f"共 {c.total} {c.unit_zh}，无人参与表决，未通过。",
                f"Of {c.total} {c.unit_en}, none voted; not passed.")
    # An abstention is a vote cast, so it raises the bar without helping clear it.
    share = Fraction(c.agree, c.voted)
    passed = share > HALF
    zh = (f"日常事项，按简单多数表决。{c.voted_zh()}；"
          f"同意 {c.heads_zh(c.agree, c.voted)}（{pct(share)}%），反对 {c.disagree} "
          f"{c.unit_zh}，弃权 {c.abstain} {c.unit_zh}。简单多数需同意超过参与表决的一半："
          + ("已达到，通过。" if passed else "未达到，未通过。"))
    en = (f"An everyday matter, decided by simple majority. {c.voted_en()}; agree: "
          f"{c.heads_en(c.agree, c.voted)} ({pct(share)}%), disagree {c.disagree}, abstain "
          f"{c.abstain}. A simple majority needs more than half of those voting to agree: "
          + ("met; passed." if passed else "not met; not passed."))
    return passed, zh, en


def agreement(agree_h: Fraction, agree_a: Fraction, special: bool) -> tuple[bool, bool]:
    """Whether enough of those taking part agreed, by number (``agree_h``, a share of
    the owners who took part) and by floor area (``agree_a``), as art. 278 asks: three
    quarters or more for items 6-8 (``special``), more than half for every other item."""
    if special:
        return agree_h >= SPECIAL, agree_a >= SPECIAL
    return agree_h > HALF, agree_a > HALF


def _civil_code_278(c: _Counts, m: Matter) -> tuple[bool, str, str]:
    note_zh, note_en = _without_area_note(c)
    if c.total == 0:
        return (False, "没有登记任何户，无法表决，未通过。",
                "No households are registered, so there is no vote; not passed.")
    if c.area_total == 0:
        # Nothing can be two thirds of nothing: refuse rather than pretend.
        return (False,
                f"{c.voted_zh()}；尚未登记任何专有部分面积，"
                f"无法满足面积要求，未通过。" + note_zh,
                f"{c.voted_en()}, but no floor areas are recorded, "
                f"so the floor-area requirement cannot be met; not passed." + note_en)

    part_h = Fraction(c.voted, c.total)
    part_a = c.area_voted / c.area_total
    quorum_h = part_h >= QUORUM
    quorum_a = part_a >= QUORUM
    zh = (f"{c.voted_zh(pct(part_h))}，"
          f"专有部分面积 {m2(c.area_voted)}/{m2(c.area_total)} m²（{pct(part_a)}%），")
    en = (f"{c.voted_en(pct(part_h))}, floor "
          f"area {m2(c.area_voted)}/{m2(c.area_total)} m² ({pct(part_a)}%); ")
    zh += _both_zh(quorum_h, quorum_a, "三分之二", c.count_zh)
    en += _both_en(quorum_h, quorum_a, "two thirds")
    if not (quorum_h and quorum_a):
        zh += "，参与表决的业主不足，未通过。" + note_zh
        en += ". Too few owners took part; not passed." + note_en
        return False, zh, en

    # Quorum met: the electorate for agreement is now those who took part,
    # and both counts are positive (two thirds of a positive total).
    agree_h = Fraction(c.agree, c.voted)
    agree_a = c.area_agree / c.area_voted
    which_zh = f"第{_ITEMS[m.item]}项" if m.item else ""
    which_en = f" (item {m.item})" if m.item else ""
    ok_h, ok_a = agreement(agree_h, agree_a, m.special)
    if m.special:
        need_zh = (f"本事项（第二百七十八条{which_zh or '第六至八项'}）需参与表决{c.count_zh}"
                   f"和参与表决专有部分面积均四分之三以上同意")
        need_en = (f"This matter{which_en or ' (art. 278 items 6-8)'} needs three quarters or "
                   f"more of both the owners and the floor area taking part to agree")
    else:
        item = f"（第二百七十八条{which_zh}）" if which_zh else ""
        need_zh = f"本事项{item}需参与表决{c.count_zh}和参与表决专有部分面积均过半数同意"
        need_en = (f"This matter{which_en} needs more than half of both the owners and the "
                   f"floor area taking part to agree")
    passed = ok_h and ok_a
    zh += (f"；同意 {c.heads_zh(c.agree, c.voted)}（{pct(agree_h)}%），同意面积 "
           f"{m2(c.area_agree)}/{m2(c.area_voted)} m²（{pct(agree_a)}%）；反对 {c.disagree} "
           f"{c.unit_zh}，弃权 {c.abstain} {c.unit_zh}。{need_zh}："
           + ("均已达到，通过。" if passed else _missed_zh(ok_h, ok_a, c.count_zh) + "，未通过。")
           + note_zh)
    en += (f". Agree: {c.heads_en(c.agree, c.voted)} ({pct(agree_h)}%), "
           f"{m2(c.area_agree)}/{m2(c.area_voted)} m² ({pct(agree_a)}%); "
           f"disagree {c.disagree}, abstain {c.abstain}. {need_en}: "
           + ("both met; passed." if passed else _missed_en(ok_h, ok_a) + "; not passed.")
           + note_en)
    return passed, zh, en


_ITEMS = "〇一二三四五六七八九"


def _both_zh(ok_h: bool, ok_a: bool, what: str, heads: str = "人数") -> str:
    if ok_h and ok_a:
        return f"{heads}和面积均达到{what}"
    if not ok_h and not ok_a:
        return f"{heads}和面积均未达到{what}"
    if ok_h:
        return f"{heads}达到{what}，但面积未达到"
    return f"面积达到{what}，但{heads}未达到"


def _both_en(ok_h: bool, ok_a: bool, what: str) -> str:
    if ok_h and ok_a:
        return f"both reach {what}"
    if not ok_h and not ok_a:
        return f"neither reaches {what}"
    if ok_h:
        return f"the headcount reaches {what} but floor area does not"
    return f"floor area reaches {what} but the headcount does not"


def _missed_zh(ok_h: bool, ok_a: bool, heads: str = "人数") -> str:
    if not ok_h and not ok_a:
        return f"{heads}和面积均未达到"
    return f"{heads}未达到" if not ok_h else "面积未达到"


def _missed_en(ok_h: bool, ok_a: bool) -> str:
    if not ok_h and not ok_a:
        return "neither met"
    return "the headcount not met" if not ok_h else "floor area not met"


def _without_area_note(c: _Counts) -> tuple[str, str]:
    # Said out loud because it changes the area shares: residents should know
    # why the area figures may look low.
    if not c.without_area:
        return "", ""
    n = c.without_area
    en = (" 1 household has no recorded floor area and counts as 0 m²." if n == 1 else
          f" {n} households have no recorded floor area and count as 0 m².")
    return f"另有 {n} 户未登记专有部分面积，面积按 0 m² 计。", en


# -- shares (shown by db.shares) ------------------------------------------------------


def _share(part: Fraction, whole: Fraction) -> Fraction:
    return part / whole if whole else _ZERO
