"""Whether an expense's payee reads like what a person is called.

A ledger line is public forever and cannot be masked later (``db.lines`` chains it as
it is made). ``db.ledger_names`` refuses the names of the people the store knows, but a
payee such as 怡馨苑门卫老杨 or 电工李师傅 names someone the street does not know:
a worker the whole compound will recognise. The volunteer is asked once, before she
records it (her summary, ``bot.handlers.expense_summary``), and the second volunteer
is told on the approval post (``bot.describe``); either may still write
"电工（个人）" or the company instead. It is a warning, never a refusal: a payee may
truly be a person who agreed to be named.

The rule (``person_called``), on the payee without its spaces:

1. A payee that ends as an organisation's name (``ORGANISATIONS``: …公司, …队, …站,
   …店, …中心, …厂, …部, …社, …所 …) is no person, whatever it starts with
   (老王五金店, 李师傅家电维修部): nothing is said.
2. Otherwise it reads as a person where it calls someone by surname
   (``db.chinese_names.neighbours_called``: 老杨, 小王, 李师傅, 王阿姨, 张大爷), or a
   surname with a title (王老师, 张主任, 刘先生, 陈女士: ``FORMS_OF_ADDRESS``; 王经理,
   李老板), or
   it is, or ends in after a trade (``TRADES``: 电工张建国, 保洁员李秀兰), two or
   three Chinese characters that read as a name (a common surname and a given name,
   ``db.chinese_names.reads_as_name``) and are no ordinary word: not in jieba's
   dictionary (张三, 李明), or there as a person's name (nr) used less than
   ``COMMON_WORD`` times (王平, 张建国; not 高峰). A word of it of another kind is
   not a person (苏宁, 万达, 华联, 乐园, 江南, 黄河, 金星). Without jieba installed,
   every such name reads as a person.

What reads as a full name to ``db.full_names`` (电工张建国, 保洁员李秀兰) is refused before
(``db.private_words``, in the domain); this warns of the rest (张三, 王平, 老杨, 王经理).

Words that read as a job alone (电工, 保洁员, 门卫师傅, 电工（个人）) are not a person.
``plain_payee`` suggests the payee without the person's words: 电工李师傅 -> 电工（个人）.
"""

from __future__ import annotations

import re

from .chinese_names import FORMS_OF_ADDRESS, SURNAMES, bare, neighbours_called, reads_as_name
from .name_words import word_frequency, word_tag

__all__ = ["ORGANISATIONS", "TRADES", "COMMON_WORD", "person_called", "plain_payee"]

# How an organisation's name ends: 清运公司, 环卫队, 废品回收站, 五金店, 维修中心 ...
ORGANISATIONS = ("公司", "集团", "队", "站", "店", "中心", "厂", "局", "所", "部", "社", "行",
                 "院", "馆", "处", "会", "委", "办", "超市", "门市", "市场", "物业", "社区",
                 "工作室", "合作社", "批发", "商城", "商场", "学校", "医院", "银行", "有限")
# Trades a person is written after: 电工张建国, 保洁员李秀兰.
TRADES = ("电工", "水工", "木工", "瓦工", "焊工", "油漆工", "保洁员", "保洁", "保安", "门卫",
          "司机", "师傅", "工人", "维修工", "清洁工", "管道工", "水电工", "临时工", "钟点工")
# From this frequency in jieba's dictionary two or three characters are a word (江南,
# 高峰), not a name (as ``db.ledger_names.COMMON_WORD``).
COMMON_WORD = 1000
_TITLES = (*(f for f in FORMS_OF_ADDRESS if len(f) == 2 and f != "师傅"),
           "经理", "老板", "老总", "队长", "站长", "店长", "工长")
_TITLED = re.compile(f"[{''.join(sorted(SURNAMES))}](?:{'|'.join(_TITLES)})")
# Words ending in a surname's character before a title: 主任委员 is no 任.
_ENDS_IN_SURNAME = frozenset({"主任", "担任", "兼任", "前任", "现任", "历任", "新任", "继任",
                              "责任", "信任", "常任", "专任", "原任"})
_CJK = re.compile(r"[\u4e00-\u9fff]{2,3}")
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")


def _a_name(word: str) -> bool:
    """``word``, two or three Chinese characters, reads as a name and is not an ordinary
    word: not in jieba's dictionary, or there as a person's name (nr) used rarely."""
    if not (_CJK.fullmatch(word) and reads_as_name(word)):
        return False
    tag = word_tag(word)
    return not tag or (tag.startswith("nr") and word_frequency(word) < COMMON_WORD)


def _name_at_end(payee: str) -> str | None:
    """The two or three characters reading as a name that ``payee`` is, or ends in after
    a trade (电工张建国); None if none."""
    for trade in ("", *TRADES):
        if not payee.startswith(trade):
            continue
        rest = payee[len(trade):]
        if _a_name(rest):
            return rest
    for trade in TRADES:  # 怡馨苑电工张建国: a place, a trade and the name
        at = payee.rfind(trade)
        if at > 0:
            rest = payee[at + len(trade):]
            if _a_name(rest):
                return rest
    return None


def person_called(payee: object) -> list[str]:
    """The words of ``payee`` that read as a person (see the module's rule), in order;
    empty for an organisation or a job."""
    text = _BRACKETS.sub("", bare(str(payee or "")))
    if not text or text.endswith(ORGANISATIONS):
        return []
    found = neighbours_called(text)
    found += [m.group(0) for m in _TITLED.finditer(text)
              if not any(m.group(0) in f for f in found)
              and text[max(0, m.start() - 1):m.start() + 1] not in _ENDS_IN_SURNAME]
    if not found and (name := _name_at_end(text)):
        found.append(name)
    return list(dict.fromkeys(found))


def plain_payee(payee: object) -> str:
    """``payee`` with the words reading as a person cut and （个人） after it: 电工李师傅
    -> 电工（个人）; just 个人 when nothing else is left (张建国)."""
    text = _BRACKETS.sub("", bare(str(payee or "")))
    for word in person_called(text):
        text = text.replace(word, "")
    text = text.rstrip("的之")
    return f"{text}（个人）" if text else "个人"
