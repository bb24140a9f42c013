"""What a proposal decides, and so how it is decided.

Civil Code art. 278 (民法典第二百七十八条, 2021) lists nine matters that the
owners decide jointly (业主共同决定):

  (一) 制定和修改业主大会议事规则;
  (二) 制定和修改管理规约;
  (三) 选举业主委员会或者更换业主委员会成员;
  (四) 选聘和解聘物业服务企业或者其他管理人;
  (五) 使用建筑物及其附属设施的维修资金;
  (六) 筹集建筑物及其附属设施的维修资金;
  (七) 改建、重建建筑物及其附属设施;
  (八) 改变共有部分的用途或者利用共有部分从事经营活动;
  (九) 有关共有和共同管理权利的其他重大事项.

Every one of them needs owners holding two thirds or more of the floor area
(专有部分面积) and two thirds or more of the owners (人数) to take part.
Items 6 to 8 then need three quarters or more of the participating area and
of the participating owners to agree; every other item, item 5 (*using* the
maintenance fund) and item 9 included, more than half of both.

Besides them, an **everyday matter** (日常事项: a cleaning rota, the colour
of the new doors) is no joint decision of the owners: more than half of the
owners who vote agree (a simple majority), with no quorum.

A proposal names its matter (``data["matter"]``); its rule and whether it
is special follow from the matter and are stored beside it, so that a
reader of the record never has to know this table. Proposals stored before
the matter was asked for carry only ``rule`` and ``special``: they read as
one of the two ``LEGACY`` matters, which say that the item was not noted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import labels
from .errors import DomainError

__all__ = ["Matter", "MATTERS", "EVERYDAY", "LEGACY", "matter", "matter_of_proposal",
           "matter_from_rule", "ART_278", "SIMPLE_MAJORITY", "NOTICE_DAYS", "notice_short"]

ART_278 = "civil_code_278"  # db.tally.Rule values (db.tally imports this module)
SIMPLE_MAJORITY = "simple_majority"

# 物业管理条例第十四条: a meeting of the owners (业主大会会议) is notified to all owners
# 15 days before it. A joint matter put to the vote today decides on its deadline day:
# a deadline fewer days away gives the owners less notice than the law asks, unless the
# notice went up on the board earlier (so the bot warns, and does not refuse).
NOTICE_DAYS = 15


@dataclass(frozen=True)
class Matter:
    """One matter a proposal may decide."""

    code: str
    item: int | None  # its item in art. 278 (None: everyday, or an older record's)
    special: bool  # items 6-8: three quarters or more must agree
    joint: bool = True  # a joint decision of the owners (art. 278), or an everyday one

    @property
    def rule(self) -> str:
        """The decision rule (a ``db.tally.Rule`` value)."""
        return ART_278 if self.joint else SIMPLE_MAJORITY

    @property
    def zh(self) -> str:
        """The law's wording (for an everyday matter: what it is)."""
        return labels.MATTER[self.code].zh

    @property
    def en(self) -> str:
        return labels.MATTER[self.code].en

    def cite_zh(self) -> str:
        """"民法典第二百七十八条第五项：使用建筑物及其附属设施的维修资金"."""
        if self.item is not None:
            return f"民法典第二百七十八条第{_NUMERALS[self.item]}项：{self.zh}"
        return self.zh

    def cite_en(self) -> str:
        if self.item is not None:
            return f"Civil Code art. 278 item {self.item}: {self.en}"
        return self.en

    def needs_zh(self) -> str:
        """What the matter needs to pass, in one sentence."""
        if self.rule == SIMPLE_MAJORITY:
            return "参与表决的业主过半数同意（不属于业主共同决定事项，无参与人数要求）"
        share = "四分之三以上" if self.special else "过半数"
        return ("专有部分面积占比三分之二以上且人数占比三分之二以上的业主参与表决，"
                f"并经参与表决专有部分面积{share}且参与表决人数{share}的业主同意")

    def needs_en(self) -> str:
        if self.rule == SIMPLE_MAJORITY:
            return ("more than half of the owners who vote agree (not a joint decision of "
                    "the owners: no quorum)")
        share = "three quarters or more" if self.special else "more than half"
        return ("owners holding two thirds or more of the floor area and two thirds or more "
                f"of the owners take part, and {share} of both the participating area and "
                "the participating owners agree")


_NUMERALS = "〇一二三四五六七八九"

# The nine matters of art. 278 in the law's order, then the everyday matter.
MATTERS: tuple[Matter, ...] = (
    Matter("rules_of_procedure", 1, False),
    Matter("management_statute", 2, False),
    Matter("committee_election", 3, False),
    Matter("manager_hiring", 4, False),
    Matter("use_maintenance_fund", 5, False),
    Matter("raise_maintenance_fund", 6, True),
    Matter("rebuild", 7, True),
    Matter("common_parts", 8, True),
    Matter("other_major", 9, False),
    Matter("everyday", None, False, joint=False),
)
EVERYDAY = MATTERS[-1]

# Proposals stored with only "rule" and "special": decided by art. 278, the item unknown.
LEGACY: dict[str, Matter] = {
    "art278_ordinary": Matter("art278_ordinary", None, False),
    "art278_special": Matter("art278_special", None, True),
}

_BY_CODE: dict[str, Matter] = {m.code: m for m in (*MATTERS, *LEGACY.values())}


def notice_short(m: Matter, opened: date, deadline: date) -> bool:
    """Whether a vote on ``m`` opened on ``opened`` and decided at the end of ``deadline``
    gives the owners less than the ``NOTICE_DAYS`` of notice a joint matter asks (never
    for an everyday matter, which is no meeting of the owners)."""
    return m.joint and (deadline - opened).days < NOTICE_DAYS


def matter(code: object) -> Matter:
    """The matter with this code; ``DomainError`` (``unknown_matter``) if there is none."""
    found = _BY_CODE.get(str(code))
    if found is None:
        raise DomainError(f"unknown matter {code!r}", code="unknown_matter", matter=str(code))
    return found


def matter_from_rule(rule: object, special: object) -> Matter:
    """The matter of a proposal that names only its rule and whether it is special."""
    if str(rule) == SIMPLE_MAJORITY:
        return EVERYDAY
    if str(rule) != ART_278:
        raise DomainError(f"unknown voting rule {rule!r}", code="unknown_rule", rule=str(rule))
    return LEGACY["art278_special" if special else "art278_ordinary"]


def matter_of_proposal(data: Mapping[str, Any]) -> Matter:
    """The matter a stored proposal decides (an older one: from its rule and special)."""
    code = data.get("matter")
    if code:
        return matter(code)
    return matter_from_rule(data.get("rule") or SIMPLE_MAJORITY, data.get("special"))
