"""The words for the record's codes, in Chinese and English, written once.

A status, a kind of entry, an issue category, a fee type, an expense
category, a close reason, a project stage, a vote choice, a decision rule,
the matter a proposal decides, a ledger line's kind: each code has one
``Label`` here. The bot (in the user's language), the public site (in
Chinese) and the terminal chat (which shows the bot's messages) all take
their words from this module, so a resident reads the same word in the chat
and on the site.

A status may read differently by kind: an approved problem report is
"accepted" (已受理), an approved fee record is "in the accounts" (已入账).
``status_label(kind, status)`` knows which; ``STATUS`` holds the word used
when no kind says otherwise.

The words are not gettext message ids: each ``Label`` holds both languages,
so the site builder needs no catalog and the bot only picks the user's
language (``bot.context.word``, ``bot.context.status_word``). This module
imports nothing of the domain: ``db.entries`` builds its code
tables (``ISSUE_CATEGORIES`` ...) from the ones here, and tests check that
every kind and status of ``db.entries`` has its words.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

__all__ = ["Label", "LANGUAGES", "KIND", "STATUS", "STATUS_BY_KIND", "ISSUE_CATEGORY",
           "FEE_TYPE", "EXPENSE_CATEGORY", "CLOSE_REASON", "STAGE", "CHOICE", "RULE",
           "RULE_NAME", "MATTER", "MATTER_SHORT", "LINE_KIND", "MEETING_KIND", "QUESTION_TARGET",
           "label", "status_label"]

LANGUAGES = ("zh", "en")  # the first is the default, and the public record's


class Label(NamedTuple):
    zh: str
    en: str

    def word(self, lang: str | None) -> str:
        """The word in ``lang`` ("zh" or "en"; anything else gets the Chinese)."""
        return self.en if lang == "en" else self.zh


L = Label

KIND: dict[str, Label] = {
    "registration": L("住户登记", "household registration"),
    "issue": L("报事", "problem report"),
    "opinion": L("意见", "opinion"),
    "proposal": L("提议", "proposal"),
    "vote": L("投票", "vote"),
    "fee_income": L("缴费记录", "fee record"),
    "expense": L("支出", "expense"),
    "reversal": L("冲正", "reversal"),
    "announcement": L("公告", "announcement"),
    "progress_note": L("进展", "progress note"),
    "correction": L("更正", "correction"),
    "meeting": L("会议纪要", "meeting minutes"),
    "question": L("提问", "question"),
    "opening_balance": L("期初结转", "opening balance"),
}

STATUS: dict[str, Label] = {
    "pending": L("待审核", "waiting for review"),
    "approved": L("已通过", "approved"),
    "rejected": L("已驳回", "rejected"),
    "in_progress": L("处理中", "in progress"),
    "resolved": L("已解决", "resolved"),
    "reopened": L("重新处理", "reopened"),
    "closed": L("已关闭", "closed"),
    "open": L("表决中", "voting open"),
    "passed": L("通过", "passed"),
    "failed": L("未通过", "not passed"),
    "withdrawn": L("已撤回", "withdrawn"),
    "counted": L("已计票", "counted"),
    "replaced": L("已被后来的投票替换", "replaced by a later vote"),
    "reversed": L("已冲正", "reversed"),
    "published": L("已发布", "published"),
    "answered": L("已答复", "answered"),
}

# Where a kind's status reads better in its own word.
_IN_THE_ACCOUNTS = L("已入账", "in the accounts")
STATUS_BY_KIND: dict[str, dict[str, Label]] = {
    "registration": {"approved": L("已确认", "confirmed")},
    "vote": {"rejected": L("不再计入", "no longer counted")},  # a tenant's (db.relation)
    "issue": {"approved": L("已受理", "accepted")},
    "opinion": {"approved": L("已公开", "made public")},
    "correction": {"approved": L("已公开", "made public")},
    "meeting": {"approved": L("已发布", "published")},
    "question": {"approved": L("待答复", "public, waiting for an answer")},
    "fee_income": {"approved": _IN_THE_ACCOUNTS},
    "expense": {"approved": _IN_THE_ACCOUNTS},
    "reversal": {"approved": _IN_THE_ACCOUNTS},
    "opening_balance": {"approved": _IN_THE_ACCOUNTS},
}

ISSUE_CATEGORY: dict[str, Label] = {
    "sanitation": L("卫生保洁", "Sanitation and cleaning"),
    "lighting": L("路灯照明", "Street lights"),
    "septic": L("化粪池/下水道", "Septic tank / sewer"),
    "pipes": L("管线维修", "Pipe and line repairs"),
    "safety": L("安全隐患", "Safety hazard"),
    "parking": L("停车/外来车辆", "Parking / outside cars"),
    "flyposting": L("小广告", "Flyposting"),
    "dispute": L("邻里纠纷", "Neighbour dispute"),
    "other": L("其他", "Other"),
}

FEE_TYPE: dict[str, Label] = {
    "property": L("物业费", "Property fee"),
    "sanitation": L("卫生费", "Sanitation fee"),
    "parking": L("停车费", "Parking fee"),
    "maintenance": L("维修资金", "Maintenance fund"),
    "other": L("其他费用", "Other fee"),
}

EXPENSE_CATEGORY: dict[str, Label] = {
    "cleaning": L("保洁清运", "Cleaning and rubbish removal"),
    "repair": L("维修", "Repairs"),
    "lighting": L("照明", "Lighting"),
    "greening": L("绿化", "Greening"),
    "security": L("安保", "Security"),
    "project": L("整治项目", "Renovation project"),
    "office": L("办公用品", "Office supplies"),
    "other": L("其他支出", "Other costs"),
}

CLOSE_REASON: dict[str, Label] = {
    "duplicate": L("重复报事", "a duplicate"),
    "no_action": L("无需处理", "no action needed"),
}

STAGE: dict[str, Label] = {
    "planned": L("计划中", "planned"),
    "in_progress": L("施工中", "under way"),
    "done": L("已完工", "done"),
}

CHOICE: dict[str, Label] = {
    "agree": L("同意", "Agree"),
    "disagree": L("反对", "Disagree"),
    "abstain": L("弃权", "Abstain"),
}

# A decision rule: its name (buttons, summaries) and what it asks for.
RULE_NAME: dict[str, Label] = {
    "simple_majority": L("简单多数", "Simple majority"),
    "civil_code_278": L("民法典第二百七十八条", "Civil Code art. 278"),
}
RULE: dict[str, Label] = {
    "simple_majority": L("简单多数（参与表决户数过半同意）",
                         "simple majority of the households that vote"),
    "civil_code_278": L("民法典第二百七十八条（双三分之二参与表决）",
                        "Civil Code art. 278 (owners of two thirds of the households and of "
                        "the floor area take part)"),
}

# What a proposal decides: the nine matters of Civil Code art. 278 (2021) in the
# law's words and order, and the everyday matters that are no joint decision of
# the owners (``db.matters`` says which rule and thresholds each one takes).
MATTER: dict[str, Label] = {
    "rules_of_procedure": L("制定和修改业主大会议事规则",
                            "making and amending the rules of procedure of the owners' "
                            "assembly"),
    "management_statute": L("制定和修改管理规约", "making and amending the management statute"),
    "committee_election": L("选举业主委员会或者更换业主委员会成员",
                            "electing the owners' committee or replacing its members"),
    "manager_hiring": L("选聘和解聘物业服务企业或者其他管理人",
                        "hiring and dismissing the property service company or another "
                        "manager"),
    "use_maintenance_fund": L("使用建筑物及其附属设施的维修资金",
                              "using the maintenance fund of the buildings and their "
                              "ancillary facilities"),
    "raise_maintenance_fund": L("筹集建筑物及其附属设施的维修资金",
                                "raising the maintenance fund of the buildings and their "
                                "ancillary facilities"),
    "rebuild": L("改建、重建建筑物及其附属设施",
                 "altering or rebuilding the buildings and their ancillary facilities"),
    "common_parts": L("改变共有部分的用途或者利用共有部分从事经营活动",
                      "changing the use of common parts or using common parts for business"),
    "other_major": L("有关共有和共同管理权利的其他重大事项",
                     "other major matters concerning common ownership and joint management"),
    "everyday": L("日常事项（不属于业主共同决定的事项）",
                  "an everyday matter (not a joint decision of the owners)"),
    # Proposals stored before the matter was asked for (only "special or not" was).
    "art278_ordinary": L("第二百七十八条规定的一般事项（旧记录，未注明哪一项）",
                         "an ordinary matter of art. 278 (an older record: the item was not "
                         "noted)"),
    "art278_special": L("第二百七十八条第六至八项规定的事项（旧记录，未注明哪一项）",
                        "a matter of art. 278 items 6-8 (an older record: the item was not "
                        "noted)"),
}
# The same, short enough for a button on a phone.
MATTER_SHORT: dict[str, Label] = {
    "rules_of_procedure": L("1 议事规则", "1 Rules of procedure"),
    "management_statute": L("2 管理规约", "2 Management statute"),
    "committee_election": L("3 选举/更换业委会", "3 Elect the owners' committee"),
    "manager_hiring": L("4 选聘/解聘物业", "4 Hire or dismiss the manager"),
    "use_maintenance_fund": L("5 使用维修资金", "5 Use the maintenance fund"),
    "raise_maintenance_fund": L("6 筹集维修资金", "6 Raise the maintenance fund"),
    "rebuild": L("7 改建、重建", "7 Alter or rebuild"),
    "common_parts": L("8 改变共有部分用途或经营", "8 Common parts: new use or business"),
    "other_major": L("9 其他重大事项", "9 Other major matter"),
    "everyday": L("日常事项（简单多数）", "Everyday matter (simple majority)"),
    "art278_ordinary": L("第二百七十八条一般事项", "Art. 278 ordinary matter"),
    "art278_special": L("第二百七十八条第六至八项", "Art. 278 items 6-8"),
}

# The kinds of meeting whose minutes are kept (``db.civic``): a diagnosis of the
# compound before a renovation, a consultation council, the owners' assembly, a
# building's meeting.
MEETING_KIND: dict[str, Label] = {
    "diagnosis": L("会诊", "Diagnosis meeting"),
    "council": L("议事会", "Consultation council"),
    "assembly": L("业主大会", "Owners' assembly"),
    "building": L("楼栋会", "Building meeting"),
}

# What a public question is about.
QUESTION_TARGET: dict[str, Label] = {
    "line": L("账目", "ledger line"),
    "proposal": L("表决/项目", "vote / project"),
    "meeting": L("会议", "meeting"),
}

# The kind of a published ledger line.
LINE_KIND: dict[str, Label] = {
    "income": L("收入", "income"),
    "expense": L("支出", "expense"),
    "reversal": L("冲正", "reversal"),
    "opening": L("期初结转", "opening balance"),
    "lost": L("恢复备份时遗失", "lost in a restore"),  # ``db.lost_lines``
}


def label(table: Mapping[str, Label], code: object, lang: str | None = "zh",
          default: str | None = None) -> str:
    """The word for ``code`` in ``table``, in ``lang``; ``default`` (or the code
    itself) when the table does not know it."""
    found = table.get(str(code)) if code is not None else None
    if found is not None:
        return found.word(lang)
    return str(code if code is not None else "") if default is None else default


def status_label(kind: object, status: object, lang: str | None = "zh") -> str:
    """The word for an entry of ``kind`` in ``status``, in ``lang``."""
    found = STATUS_BY_KIND.get(str(kind), {}).get(str(status)) or STATUS.get(str(status))
    return found.word(lang) if found is not None else str(status)
