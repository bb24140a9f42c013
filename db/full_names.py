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
from .name_words import is_place, word_frequency, word_tag

__all__ = ["full_names", "full_name_spans"]

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
                "经手", "保管", "管理", "来了", "来过", "来修", "来看", "老人", "经理", "主任",
                "书记", "大爷", "大妈", "大娘", "奶奶", "爷爷", "叔叔", "婶婶", "老太", "告诉",
                "打电话", "的车", "的家")  # not 在, 来, 去 alone: 钱花在哪里, 钱花去一半
# After three characters, what tells they are a person's name though they begin a word
# (黄海 is a sea's, 马建国 a word of jieba's): 黄海涛家漏水, 马建国大爷.
_SAID_OF = ("老人", "阿姨", "大爷", "大妈", "大娘", "奶奶", "爷爷", "叔叔", "婶婶", "师傅",
            "经理", "老师", "同志", "女士", "先生", "主任", "书记", "家", "说", "夫妇")
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
    if surname == "万" and (before.isdigit() or before in _NUMBERS or before in "十百千"):
        return None  # 3万平方米, 两万元
    if len(surname) == 1 and before and (ws.ends_word(before, surname) or
                                         (i >= 2 and ws.ends_word(text[i - 2:i], surname))):
        return None  # 地方, 一周, 保证金
    g2, after = text[j + 1:j + 2], text[j + 2:j + 3]
    three = g2 in GIVEN and (not ws.common(g2 + after) or g2 in LAST or  # 王芳建议: 王芳
                             text[j] in FIRST)  # 王建国会来: 王建国
    if three:
        if (len(surname) == 1 and ws.starts_word(text[i:j + 1], rare=False) or
                ws.starts_word(text[i:j + 2])) and not text.startswith(_SAID_OF, j + 2):
            return None  # 高明亮, 王府井, 欧阳修 (but 黄海涛家, 马建国大爷: a person's)
        end = j + 2
    else:
        if len(surname) == 1 and (ws.starts_word(text[i:j + 1]) or
                                  surname in _WEAK and surname not in _TOLD):
            return None  # 高明, 金华; 向大家, 时间
        if g2 in _PARTICLES:
            return None  # 井盖松了
        if g2 in LAST_ALONE and text[j] in FIRST and not ws.common(g2 + after) and \
                not ws.starts_word(text[i:j + 1]) and not (len(surname) == 1 and surname in _WEAK):
            end = j + 2  # 张建成, 李国民: 建成 and 国民 are words, but after 建 and 国 a name's end
            return None if _not_a_name_after(text, end) else text[i:end]
        if g2 not in GIVEN and ws.common(text[j:j + 2]):
            return None  # 李明天来: 李 and 明天
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
        not ws.common(text[end:end + 2]) and not text.startswith(_PERSON_DOES, end) and \
        not _not_a_name_after(text, end)


def _told(text: str, i: int, end: int) -> bool:
    """Whether the name ``text[i:end]``, of a surname more often another word (钱, 都,
    高), stands where a name is told: after the start, a mark or a word that comes
    before a person (由, 请, 和), and before the end, a mark or what a person does in
    minutes (负责, 同意, 参加); a text that is the name alone (都东, a place) is none."""
    before = text[i - 1:i]
    return (not before or before in _MARKS or before in _BEFORE_PERSON) and \
        (end == len(text) and i > 0 or text[end:end + 1] in _MARKS or
         text.startswith(_PERSON_DOES, end))  # a text of the name alone (都东) tells none


# A person's title, a surname and one or two characters, and what she said: a name,
# whatever its characters (委员张冠雄表示, 居民姚茂武说, 物业经理李茂说), but for a
# surname more often another word (居民都在说) and words that are no name's (居民王也说).
_NOT_GIVEN = "在也都还又就们不没很是有了着过的地得要会能对把被给跟和与及们再才先已曾却"
_TITLED = re.compile(
    "(?:居民|委员|主任|书记|经理|组长|楼长|网格员|业主|师傅|老人|阿姨|大爷|大妈|队长|会长|"
    "社长|站长|负责人)"
    rf"([{''.join(sorted(SURNAMES - _WEAK))}][^{_NOT_GIVEN}\W\d_a-zA-Z]{{1,2}})"
    "(?=说|表示|介绍|反映|告诉|指出|讲|称)")


def _a_word(said: str) -> bool:
    """``said`` (a surname and one or two characters), its first two or its last two,
    is a word of jieba's dictionary that is no person's name, or a common one (马上,
    强烈, 齐声 1,544, 方代表: 代表)."""
    for word in {said[:2], said, said[1:] if len(said) == 3 else said}:
        count = word_frequency(word)
        if count and (count >= COMMON_NAME or not word_tag(word).startswith("nr")):
            return True
    return False


COMMON_NAME = 1000  # a word tagged nr used this often is an ordinary word too (齐声)


def full_name_spans(text: object, most: int | None = MAX_TEXT) -> list[tuple[int, int]]:
    """Where the words of ``text`` that read as a person's full name stand (start, end),
    in order, in its first ``most`` characters (None: all of it): what the site masks
    of the names nobody registered (``db.redact.NameMask``)."""
    if not isinstance(text, str) or not text:
        return []
    if most is not None:
        text = text[:most]
    spans: list[tuple[int, int]] = []
    after = 0  # where the last name found ends: no name starts inside it
    for m in _candidates().finditer(text):
        i = m.start()
        if i < after:
            continue
        name = _name_at(text, i, m.group(1))
        if name is not None:
            after = i + len(name)
            spans.append((i, after))
    if any(t in text for t in ("说", "表示", "介绍", "反映", "告诉", "指出", "讲", "称")):
        titled = [m.span(1) for m in _TITLED.finditer(text) if not _a_word(m.group(1))]
        if titled:  # those found so already, or a longer one, stand once
            spans = [s for s in spans if not any(a <= s[0] < b for a, b in titled)]
            spans = sorted(spans + [t for t in titled
                                    if not any(a <= t[0] < b for a, b in spans)])
    return spans


def full_names(text: object) -> list[str]:
    """The words of ``text`` that read as a person's full name, each once, in order."""
    if not isinstance(text, str) or not text:
        return []
    found: list[str] = []
    for start, end in full_name_spans(text):
        if text[start:end] not in found:
            found.append(text[start:end])
    return found
