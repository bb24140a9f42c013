"""What reads as a Chinese person's name: a common surname and a given name.

People give Telegram a name of their own choosing. Many give their real name (王秀兰,
"建国 张"); many others go by a nickname that is an ordinary word (阳光, 平安, 快乐每一天,
阿姨). Where a name found in what someone typed may be published (an election
candidate's title, ``db.elections``; the words of a ledger line, ``db.ledger_names``),
a real name is refused wherever it stands, but an ordinary word is not refused inside
ordinary words: "阳光物业公司" does not name the resident who calls herself 阳光.
"""

from __future__ import annotations

import re

__all__ = ["SURNAMES", "FORMS_OF_ADDRESS", "CJK_NAME", "reads_as_name", "bare",
           "neighbours_called"]

# The commonest surnames (some 90 % of people).
SURNAMES = frozenset("李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈"
                     "曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔"
                     "康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文庞樊兰殷施陶洪翟安颜倪严"
                     "牛温芦季俞章鲁葛伍韦申尤毕聂焦向柳邢路岳齐梅莫庄辛管祝左涂谷祁时舒耿牟卜"
                     "肖詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁"
                     "柯阮桂闵解强丛华车冉房边辜吉饶刁瞿戚丘米池滕晋苑邬臧畅宫苟全褚廉简娄盖"
                     "符奚木穆党燕郎邸冀谈姬屠连郜晏栾郁商蒙计喻揭窦迟宇敖糜鄢冷卓花艾蓝都巩稽井"
                     "练仲乐虞卞封竺冼原官衣楚佟栗匡宗应台巫鞠僧桑荆谌银扬沙伏岑胥蔺")
CJK_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")

# How people are called without their given name, or after it: 王老师, 李阿姨, 建国师傅.
FORMS_OF_ADDRESS = ("老师", "师傅", "阿姨", "大爷", "大妈", "大姐", "大哥", "奶奶", "爷爷",
                    "主任", "书记", "组长", "楼长", "委员", "医生", "先生", "女士", "同志",
                    "老", "姐", "哥", "叔", "婶")


def bare(text: str) -> str:
    """``text`` without its spaces."""
    return "".join(text.split())


def reads_as_name(name: str) -> bool:
    """Two to four Chinese characters starting with a common surname (张三, 周桂兰)."""
    return CJK_NAME.fullmatch(name) is not None and name[0] in SURNAMES


# How a neighbour is called by her surname in a report (王奶奶, 李大爷, 张阿姨): it tells the
# street who she is as well as her name would. Workers' titles (师傅, 老师) are left out,
# and the words a job ends in a surname's character (保安大爷 is no 安): the volunteer is
# shown what reads as a neighbour, not every title.
_KIN = ("老太太", "大爷", "大妈", "大娘", "大伯", "阿姨", "奶奶", "爷爷", "叔叔", "婶婶", "婶子")
_JOBS = frozenset({"保安", "门卫", "水管", "治安", "公安", "平安", "物业"})
_CALLED = re.compile(f"[{''.join(sorted(SURNAMES))}](?:{'|'.join(_KIN)})")


def neighbours_called(text: object) -> list[str]:
    """The words of ``text`` that call someone by surname and kin title (王奶奶, 李大爷),
    each once, in order; not after a job that ends in the surname's character (保安大爷)."""
    words = str(text or "")
    found = [m.group(0) for m in _CALLED.finditer(words)
             if words[max(0, m.start() - 1):m.start() + 1] not in _JOBS]
    return list(dict.fromkeys(found))
