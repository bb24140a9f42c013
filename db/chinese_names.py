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


# How a neighbour is called in a report, each telling the street who she is as well as
# her name would:
# * her surname and a kin title (王奶奶, 李大爷, 张阿姨), not after a job that ends in a
#   surname's character (保安大爷 is no 安);
# * 老 or 小 and her surname (老杨, 小王), not an ordinary word that starts so (小时, 小于,
#   老练, 老花: ``_NOT_NICKNAME``), nor where the surname starts another word (老党员,
#   小程序, 老房子: ``_WORD_AFTER``), nor after 养/敬/尊 (养老金) or 大 (大小车辆);
# * her surname and 师傅 (电工李师傅): a worker's title, but with a surname it is one
#   worker; not after a job (保安师傅, 门卫师傅, 水管师傅) nor a measure word (这位师傅).
# 老师 is left out (王老师 may be anyone's teacher, 老师 alone no one): the volunteer is
# shown what reads as a person, not every title.
_KIN = ("老太太", "大爷", "大妈", "大娘", "大伯", "阿姨", "奶奶", "爷爷", "叔叔", "婶婶", "婶子")
_JOBS = frozenset({"保安", "门卫", "水管", "治安", "公安", "平安", "物业", "环卫", "保卫", "警卫",
                   "修车", "开车", "工程", "物管", "网管", "主管", "门房", "机房", "厂商", "公司",
                   "五金", "前台", "对方", "甲方", "乙方", "厂方", "这位", "那位", "一位", "两位",
                   "几位", "各位", "每位", "哪位", "诸位", "该位"})
_NOT_NICKNAME = frozenset({
    "小时", "小于", "小计", "小康", "小孔", "小路", "小米", "小车", "小包", "小费", "小叶", "小花",
    "小曲", "小钱", "小丘", "小商", "小宗", "小项", "小解", "小池", "小石", "小井", "小宫", "小房",
    "小方", "小段", "小童", "小边", "小官", "小毛", "小龙", "小燕", "小管", "小苗", "小沙", "小台",
    "老练", "老成", "老路", "老花", "老井", "老房", "老赖", "老翁", "老僧", "老车", "老管", "老包",
    "老边", "老台", "老官", "老汤", "老项", "老毛", "老庄", "老衣", "老沙", "老司", "老常", "老单"})
_WORD_AFTER = frozenset({
    "党员", "房子", "房间", "项目", "程序", "单元", "单位", "时间", "时候", "高层", "车库", "车位",
    "车辆", "金库", "石头", "米饭", "管道", "管子", "管网", "花眼", "花园", "沙发", "司机", "路灯",
    "路面", "毛病", "龙头", "龙虾", "包装", "卫生", "常识", "方桌", "方向", "江湖", "关系", "台阶",
    "商户", "商店", "商铺", "衣服", "衣柜", "井盖", "黄历", "干部", "年人", "区域", "黄车", "白菜",
    "金鱼", "叶子"})
_BEFORE_NICKNAME = ("养老", "敬老", "尊老", "大小", "最小", "缩小", "古老", "防老")
_SURNAME = f"[{''.join(sorted(SURNAMES))}]"
_CALLED = re.compile(f"[老小]{_SURNAME}(?:师傅|{'|'.join(_KIN)})?"
                     f"|{_SURNAME}(?:{'|'.join(_KIN)}|师傅)")


def _calls(words: str, m: re.Match[str]) -> bool:
    """Whether the match ``m`` in ``words`` calls a person (see the rules above)."""
    start, word = m.start(), m.group(0)
    if word[0] in "老小" and word[1] in SURNAMES and not word[2:]:  # 老杨, 小王
        return (word not in _NOT_NICKNAME and words[start + 1:start + 3] not in _WORD_AFTER
                and words[max(0, start - 1):start + 1] not in _BEFORE_NICKNAME)
    surname = 1 if word[0] in "老小" and word[1] in SURNAMES else 0  # 老李师傅
    return words[max(0, start + surname - 1):start + surname + 1] not in _JOBS


def neighbours_called(text: object) -> list[str]:
    """The words of ``text`` that call a person by surname (王奶奶, 李大爷, 老杨, 小王,
    电工李师傅's 李师傅), each once, in order; not after a job (保安大爷, 门卫师傅), nor an
    ordinary word (小时, 老党员, 养老金)."""
    words = str(text or "")
    found = [m.group(0) for m in _CALLED.finditer(words) if _calls(words, m)]
    return list(dict.fromkeys(found))
