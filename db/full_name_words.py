"""The few of jieba's dictionary words ``db.full_names`` needs to tell a full name (王建国)
from ordinary words around a surname's character (王府井, 张贴, 李子, 周末, 地方, 现金),
kept in a small file made from the dictionary once (``python -m db.full_name_words``
writes ``full_name_words.txt``; ``tests/test_full_names.py`` checks it is what the pinned
jieba's dictionary makes).

The bot neither imports jieba (its part-of-speech tagger alone is 128 MB) nor reads its
5 MB dictionary (a third of a second a pass): the file holds, for each surname's first
character, only

* the words of two or three characters starting with it and ending with one a given
  name may have (``GIVEN``, the only ones asked of): 高明, 金华, 王建 is none (李子,
  王府井 need no entry: 子 and 府 are in no given name), and the first three
  characters of a word of four (高尔夫球); those of two used rarely (``PREFIX``:
  罗海, 方志) marked so;
* the one or two characters before it that make a word ending with it: 地方, 一周,
  现金, 提高 (保证金: 证金 is no word, so 保证);
* for a given name's character, the common words of two it begins (``COMMON``: 明天,
  建议, 安排), so that 王芳建议 is 王芳;
* the characters common as a word alone (``SINGLE``: 说, 和, 是, 被, 同), on a line of
  their own (``* 说和是…``), and for the others the common words of two they begin
  (``+ 联系 签字 协助 …``): a name's last character outside ``GIVEN`` (易建联's 联,
  周杰伦's 伦) is one of these others, not followed by the rest of a common word.

A word jieba tags as a person's name (``nr``) and uses rarely (``RARE``: 王建国 12,
杨斌 6) is a person's, not an ordinary word; a common one (李子 348, 王府井 183,
高明 791) is ordinary.
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

from .chinese_names import SURNAMES

__all__ = ["COMMON", "COMPOUND", "FIRST", "GIVEN", "LAST", "LAST_ALONE", "PREFIX", "RARE",
           "RARE_SHORT",
           "SINGLE", "WORDS_FILE", "Words", "build", "words"]

# Surnames of two characters that are no ordinary word (东方, 西门, 百里 are left out).
COMPOUND = ("欧阳", "司马", "诸葛", "上官", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯",
            "司徒", "端木", "轩辕", "呼延", "澹台", "闻人", "申屠", "钟离", "濮阳", "宇文",
            "长孙", "司空", "独孤", "宗政", "公羊", "东郭", "南宫")

# Characters common in given names of people living now (建国, 桂兰, 秀英, 志强, 丽, 伟):
# a name of characters outside these (王色, 高度) is not taken for one.
GIVEN = frozenset(
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞刚辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林峰"
    "建国志文东海亮春晨阳博兵彬庆忠良兴昌荣贵福祥德胜永清山江松柏青云宏鸿坚毅晓睿轩哲"
    "航豪瑞泽铭宸逸凡皓昊楠振卫红跃富宝财根寿喜顺旺康泰仁义智信耀光煌盛隆雄岩森树桦"
    "珍凤琴莲菊花美慧婷雪琳洁倩颖晶妍欣悦佳怡莉蓉娥琼翠香月秋冬彩丹虹露薇璐瑶嘉淑惠"
    "贞珠萱雯婧媛姗娇妮菲蕾芬芝荷茹岚爱亚桂兰梅萍燕玲玉金银铁钢锋锐鸣雷霖雨晴淼焱琦"
    "琪瑾瑜璇玮琛瑛珊莹萌翔鹤鹰麟骏驰腾威武彪虎魁奎诚孝廉平安贤柱厚栓锁妹娣芹坤")
# Of those, the ones more often a given name's last character than its first (jieba's
# rarely used three-character names, 王建国 12: 华 ends 412 of them): 徐建平和马丽 is
# 徐建平 though 平和 is a word; 王芳建议 is 王芳.
LAST = frozenset("华军山平林兵武杰义刚强飞芳波辉贤玲森亮宇涛鹏斌勇麟雄雷萍芬珍霞珠鸣琴霖"
                 "铭琪娜奎帅豪婷轩锋琳琦彪翔露凡洋雯旺廉骏莹妮帆楠芝茹琼驰兰英梅")
# ... and those more often its first (建国, 志强, 秀英): 王建国会来 is 王建国 though 国会
# is a word, for 王建 would end with 建.
FIRST = frozenset("国志建玉永晓海金云宝蓉江振秀丽树美雪孝铁慧鸿耀爱桂旭翠逸晴荷锐玮魁淑")
# Common alone, but often a name's last after one of FIRST (王建民, 李建新, 张建成, 刘建生):
# their common words of two are kept too (民主, 成立, 生活), after a name of one given
# character.
LAST_ALONE = frozenset("民生新成")
RARE = 50  # a word tagged nr used less often than this is a person's name (王建国 12)
RARE_SHORT = 10  # so for two characters (杨斌 6; 王菲 44 and 余波 26 stay words)
PREFIX = 100  # a rarer word of two is no name of two, but may begin one of three (罗海燕)
COMMON = 300  # a word used this often is common (明天, 建议, 志愿, 安排)
SINGLE = 4000  # a character used this often as a word alone ends no name (说, 负; 联 3081)

WORDS_FILE = Path(__file__).with_name("full_name_words.txt")
_HAN = re.compile("[\u4e00-\u9fff]+")


def _heads() -> frozenset[str]:
    """The characters whose words are kept: the surnames' and the compound ones' first."""
    return frozenset(SURNAMES | {c[0] for c in COMPOUND})


def _ordinary(word: str, count: int, tag: str) -> bool:
    """A dictionary word that is no rarely used person's name."""
    return not tag.startswith("nr") or count >= (RARE_SHORT if len(word) == 2 else RARE)


def build(dictionary: Path) -> str:
    """The file's text from jieba's ``dictionary``: a line a character,
    ``王 府 府井 …|一 大 …|`` (the ends of its words | what comes before it in a word |
    the second characters of the common words a given name's character begins)."""
    heads = _heads()
    words: dict[str, tuple[int, str]] = {}
    frequent: set[str] = set()  # the characters common alone (SINGLE)
    pairs: list[tuple[str, int]] = []  # every word of two, for the common ones
    with open(dictionary, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2 or not parts[1].isdigit():
                continue
            word = parts[0]
            if len(word) == 1 and int(parts[1]) >= SINGLE and _HAN.fullmatch(word):
                frequent.add(word)
            if len(word) == 2 and int(parts[1]) >= COMMON:
                pairs.append((word, int(parts[1])))
            if 2 <= len(word) <= 4 and (word[0] in heads or word[-1] in heads or
                                        word[0] in GIVEN):
                words[word] = (int(parts[1]), parts[2] if len(parts) > 2 else "")
    ordinary = {w for w, (count, tag) in words.items() if _ordinary(w, count, tag)}
    starts: dict[str, set[str]] = {}
    ends: dict[str, set[str]] = {}
    nexts: dict[str, set[str]] = {}
    for word in ordinary:
        head = word[:3]  # 欧阳修's, 高尔夫球's (a name has three characters, or four)
        if word[0] in heads and head[-1] in GIVEN:  # 罗海 (58), a place, rarely: 罗海燕
            rare = len(word) == 2 and words[word][0] < PREFIX
            starts.setdefault(word[0], set()).add(head[1:] + ("-" if rare else ""))
        if word[-1] in SURNAMES and len(word) <= 3 and \
                (len(word) == 2 or word[1:] not in ordinary):
            ends.setdefault(word[-1], set()).add(word[:-1])
        if len(word) == 2 and word[0] in GIVEN and words[word][0] >= COMMON:
            nexts.setdefault(word[0], set()).add(word[1])
    after = sorted(word for word, _count in pairs  # 联系, 签字: after a name of one
                   if word[0] not in GIVEN and _HAN.fullmatch(word) and
                   (word[0] not in frequent or word[0] in LAST_ALONE))
    return f"* {''.join(sorted(frequent))}\n+ {' '.join(after)}\n" + "".join(
        f"{c} {' '.join(sorted(starts.get(c, ())))}|"
        f"{' '.join(sorted(ends.get(c, ())))}|{''.join(sorted(nexts.get(c, ())))}\n"
        for c in sorted(set(starts) | set(ends) | set(nexts)))


class Words:
    """The file read: ``starts[c]`` and ``ends[c]`` as " a b c " strings, ``nexts[c]``
    as the characters (some hundred kilobytes; a look-up is a substring search of one
    character's line)."""

    __slots__ = ("starts", "ends", "nexts", "frequent", "pairs")

    def __init__(self, text: str) -> None:
        self.starts: dict[str, str] = {}
        self.ends: dict[str, str] = {}
        self.nexts: dict[str, str] = {}
        self.frequent = ""  # the characters common alone, one string (a set: 300 kB)
        self.pairs = " "  # " 联系 签字 … ": the common words of two of the others
        for line in text.splitlines():
            head, _, rest = line.partition(" ")
            if head == "*":
                self.frequent = rest
                continue
            if head == "+":
                self.pairs = f" {rest} "
                continue
            start, end, after = (rest.split("|") + ["", ""])[:3]
            if start:  # a character of the words after a name only (联) has none
                self.starts[head] = f" {start} "
            if end:
                self.ends[head] = f" {end} "
            if after:
                self.nexts[head] = after

    def starts_word(self, word: str, rare: bool = True) -> bool:
        """``word`` (two or three characters) is an ordinary word, or begins one of four;
        a rare one of two (罗海, 方志: ``PREFIX``) only if ``rare``."""
        line = self.starts.get(word[0], "")
        return f" {word[1:]} " in line or (rare and f" {word[1:]}- " in line)

    def ends_word(self, before: str, char: str) -> bool:
        """``before`` (one or two characters) and ``char`` make an ordinary word."""
        return f" {before} " in self.ends.get(char, "")

    def common(self, pair: str) -> bool:
        """``pair``, two characters starting with a given name's or one not common alone,
        is a common word (明天, 建议, 安排; 联系, 签字)."""
        if len(pair) != 2:
            return False
        if pair[0] in GIVEN:
            return pair[1] in self.nexts.get(pair[0], "")
        return f" {pair} " in self.pairs

    def alone(self, char: str) -> bool:
        """``char`` is common as a word alone (说, 和, 被: ``SINGLE``)."""
        return len(char) == 1 and char in self.frequent


@functools.lru_cache(maxsize=1)
def words() -> Words:
    """The packaged file, read once a process (empty if it is missing)."""
    try:
        return Words(WORDS_FILE.read_text(encoding="utf-8"))
    except OSError:  # pragma: no cover - packaged with db
        return Words("")


if __name__ == "__main__":  # python -m db.full_name_words: (re)write the file
    from .name_words import dictionary_path

    path = dictionary_path()
    if path is None:
        sys.exit("jieba's dictionary is not installed")
    WORDS_FILE.write_text(build(path), encoding="utf-8")
    print(WORDS_FILE, WORDS_FILE.stat().st_size, "bytes")
