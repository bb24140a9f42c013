"""Words in free text that read as a person's full name (决定：由王建国负责催缴，李明协助),
for a volunteer to be asked before words public for good go on the site (a meeting's
minutes: ``bot.handlers.meeting_confirm``, ``bot.describe``). Only the names of people
registered (``db.redact``) and the ways a neighbour is called by surname (老杨, 李师傅:
``db.chinese_names.neighbours_called``) were caught; a name nobody registered was
published as typed.

Without a word cutter (jieba's part-of-speech tagger is 128 MB and 0.7 s to load): a
full name is a common surname (``db.chinese_names.SURNAMES``, or one of two characters:
欧阳) and one or two characters common in given names (``GIVEN``: 建国, 桂兰, 芳), where

* the surname's character does not end a word with what is before it (地方, 一周, 现金,
  提高, 保证金), nor follows 老, 小 or 阿 (老王, 小李: ``neighbours_called``'s);
* the surname and the given name, or its first character, are no ordinary word (高明,
  王府井, 金华; jieba's words, ``db.full_name_words``: 王建国 is there as a rarely used
  person's name, so not ordinary);
* a second given character that begins a common word with what follows (王芳建议,
  李明安排) is not the name's, unless it more often ends a name (徐建平和马丽) or the
  first more often begins one (王建国会来); a name of one given character that begins
  one (李明天来) is no full name;
* it is no place's or shop's name (建国路, 华联超市, 卢森堡) and follows no 圣 (圣安德鲁斯);
* after a given name of one character, a character in no list of given names' ends the
  name (易建联, 周杰伦, 陈凯歌: it was cut short, 易建, and hidden so the site read
  [姓名已隐藏]联) unless it is common as a word alone (李明说, 曹丽被选为), a kin's (王芳姐)
  or begins a common word with what follows (王建联系物业, 胡军签字: ``_last``);
* 钱, 都 and 高, more often other words (钱花在哪里, 灯都亮了, 高亮显示), make a name
  of one given character only where a name is told (由钱伟负责, 高磊、钱芳参加:
  ``_told``).

The words are read from a small file made from jieba's dictionary (``db.full_name_words``,
some 115 kB, read at the first check); jieba is not imported. A warning, not a refusal:
the volunteer decides, and a name it misses is hers to see.
"""

from __future__ import annotations

import functools
import re

from .chinese_names import SURNAMES
from .full_name_words import COMPOUND, FIRST, GIVEN, LAST, LAST_ALONE, words
from .name_words import is_place

__all__ = ["full_names"]

MAX_TEXT = 5000  # what is read of a text

# After a name, what makes it a shop's or a company's (华联超市, 永辉物业).
_SHOP = ("公司", "物业", "超市", "商店", "商场", "店", "厂", "集团", "银行", "药房", "药店",
         "餐厅", "饭店", "酒店", "宾馆", "诊所", "幼儿园", "家政", "装修", "装饰", "建材",
         "五金", "电器", "书店", "花店", "车行", "大楼", "大厦", "家园", "名苑", "名都", "城",
         "县", "市", "省", "镇", "乡", "寺", "庙")
_BEFORE = frozenset("老小阿圣")  # 老王, 小李; 圣安德鲁斯
_AFTER = frozenset("尔斯岛堡夷语")  # a foreign place's or language's: 柏柏尔, 卢森堡, 夏威夷
# Surnames more often an ordinary word on their own: with one given character no name
# (钱花在哪里, 两盏路灯都亮了, 向大家, 高亮); with two, one (于建国, 高建军).
_WEAK = frozenset("都钱盖于向时全常应原能车房路米井单计解商台包关连封谈冷成管位项段门从高")
# ... but 钱, 都 and 高, also surnames of people living now, with one given character where
# a name is told (``_told``: 由钱伟负责, 高磊、钱芳参加).
_TOLD = frozenset("钱都高")
_MARKS = frozenset("、，,。；;：:（()）！!？? \n\t")
_BEFORE_PERSON = frozenset("由请和与同跟让叫找给是为被把对向经据及")
_PERSON_DOES = ("负责", "同意", "反对", "签字", "签名", "主持", "参加", "提出", "提议", "表示",
                "反映", "说", "讲", "家", "同志", "老师", "阿姨", "女士", "先生", "师傅", "和",
                "与", "协助", "记录", "核对", "牵头", "对接", "当选", "代表", "交来", "收取",
                "联系", "是", "也", "等", "带队", "带领", "组织", "通知", "登记", "催缴", "清理",
                "检查", "巡查", "值班", "出席", "发言", "汇报", "介绍", "说明", "回复", "确认",
                "核实", "处理", "跟进", "上门", "入户", "走访", "监督", "购买", "垫付", "报销",
                "经手", "保管", "管理")  # not 在, 来, 去: 钱花在哪里, 钱花去一半
# After a name, a kin's or a job's word, not its last character: 王芳姐, 李强叔, 张伟工.
_KIN_AFTER = frozenset("姐哥叔婶姨伯爷奶嫂妈爸俩工弟舅姑婆")
_HAN = re.compile("[\u4e00-\u9fff]")
_MEASURES = frozenset("张位台段封包项间根支条把门盘")  # 这张海报, 两位老人
_NUMBERS = frozenset("这那一二两三四五六七八九十几每各某半整")
_PARTICLES = frozenset("了着过")


@functools.lru_cache(maxsize=1)
def _candidates() -> re.Pattern[str]:
    """A surname (two characters first) and a given name's first character, found
    without consuming them (names may follow one another: 王芳、李明)."""
    given = "".join(sorted(GIVEN))
    surnames = "".join(sorted(SURNAMES))
    return re.compile(f"(?=({'|'.join(COMPOUND)}|[{surnames}])[{given}])")


def _name_at(text: str, i: int, surname: str) -> str | None:
    """The full name starting at ``text[i]`` with ``surname``, or None."""
    ws = words()
    j = i + len(surname)  # the given name's first character
    before = text[i - 1] if i else ""
    if before in _BEFORE or (before in _NUMBERS and surname in _MEASURES):
        return None  # 老王, 小李; 这张海报, 两位老人
    if len(surname) == 1 and before and (ws.ends_word(before, surname) or
                                         (i >= 2 and ws.ends_word(text[i - 2:i], surname))):
        return None  # 地方, 一周, 保证金
    g2, after = text[j + 1:j + 2], text[j + 2:j + 3]
    three = g2 in GIVEN and (not ws.common(g2 + after) or g2 in LAST or  # 王芳建议: 王芳
                             text[j] in FIRST)  # 王建国会来: 王建国
    if three:
        if len(surname) == 1 and ws.starts_word(text[i:j + 1], rare=False) or \
                ws.starts_word(text[i:j + 2]):
            return None  # 高明亮, 王府井, 欧阳修
        end = j + 2
    else:
        if len(surname) == 1 and (ws.starts_word(text[i:j + 1]) or
                                  surname in _WEAK and surname not in _TOLD):
            return None  # 高明, 金华; 向大家, 时间
        if g2 in _PARTICLES or (g2 not in GIVEN and ws.common(text[j:j + 2])):
            return None  # 井盖松了; 李明天来: 李 and 明天
        end = j + 1
        if _last(text, end):
            end += 1  # 易建联, 周杰伦: a last character outside GIVEN
        if surname in _TOLD and not _told(text, i, end):
            return None  # 钱花在哪里, 都亮了, 高亮显示; 由钱伟负责, 高磊、钱芳参加
    if _not_a_name_after(text, end):
        return None
    return text[i:end]


def _not_a_name_after(text: str, end: int) -> bool:
    """A place's or shop's name goes on at ``end`` (建国路, 华联超市, 卢森堡)."""
    return is_place(text, end) or text.startswith(_SHOP, end) or text[end:end + 1] in _AFTER


def _last(text: str, end: int) -> bool:
    """``text[end]`` ends the name of one given character before it (易建联, 周杰伦,
    陈凯歌): a Chinese character outside ``GIVEN``, not common as a word alone (说, 和,
    被), nor a kin's or a job's (姐, 叔, 工), nor beginning a common word with what
    follows (联系, 签字, 协助), nor a place's or shop's word (路, 店); or one of
    ``LAST_ALONE`` after one of ``FIRST`` (王建民, 李建新: 民 and 新 are words alone too)."""
    c = text[end:end + 1]
    ws = words()
    return bool(_HAN.fullmatch(c)) and c not in GIVEN and c not in _KIN_AFTER and \
        (not ws.alone(c) or c in LAST_ALONE and text[end - 1] in FIRST) and \
        not ws.common(text[end:end + 2]) and not _not_a_name_after(text, end)


def _told(text: str, i: int, end: int) -> bool:
    """Whether the name ``text[i:end]``, of a surname more often another word (钱, 都,
    高), stands where a name is told: after the start, a mark or a word that comes
    before a person (由, 请, 和), and before the end, a mark or what a person does in
    minutes (负责, 同意, 参加); a text that is the name alone (都东, a place) is none."""
    before = text[i - 1:i]
    return (not before or before in _MARKS or before in _BEFORE_PERSON) and \
        (end == len(text) and i > 0 or text[end:end + 1] in _MARKS or
         text.startswith(_PERSON_DOES, end))  # a text of the name alone (都东) tells none


def full_names(text: object) -> list[str]:
    """The words of ``text`` that read as a person's full name, each once, in order."""
    if not isinstance(text, str) or not text:
        return []
    text = text[:MAX_TEXT]
    found: list[str] = []
    after = 0  # where the last name found ends: no name starts inside it
    for m in _candidates().finditer(text):
        i = m.start()
        if i < after:
            continue
        name = _name_at(text, i, m.group(1))
        if name is not None:
            after = i + len(name)
            if name not in found:
                found.append(name)
    return found
