"""Typed words as the bot compares them with the words it knows (帮助, 交费, 路灯 ...):
no spaces or punctuation, lower case, simplified characters. Shared by the text typed
outside a flow (``bot.freetext``) and a flow's typed answers (``bot.handlers.report_typed``)."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalise", "says_more", "SUMMARY_ANSWERS", "THANKS", "LOST"]

_PUNCT = re.compile(r"[\s\u3000]+")


# The traditional characters of WORDS and CONSENT_WORDS (a phone set to traditional
# characters types 幫助, 繳費, 帳目), and of the problems' words (路燈壞了): read as the
# simplified ones.
_SIMPLIFIED = str.maketrans("對棄權決報問題訴費繳錢記見議幫麼單進賬帳確認刪個數據註銷號資"
                            "語漢簡體說"
                            "燈壞髒沒電亂鬧衛潔掃雜糞汙線氣來險隱車廣貼糾紛鄰門樓裡裏",
                            "对弃权决报问题诉费缴钱记见议帮么单进账账确认删个数据注销号资"
                            "语汉简体说"
                            "灯坏脏没电乱闹卫洁扫杂粪污线气来险隐车广贴纠纷邻门楼里里")


def normalise(text: str) -> str:
    """Text as compared with ``WORDS``: no spaces or punctuation, lower case, simplified
    characters."""
    text = _PUNCT.sub("", text or "").lower().translate(_SIMPLIFIED)
    if text and set(text) <= {"?", "？"}:
        return "?"
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith("P"))


# Words typed at a summary for its buttons (提交, 好的, 修改): the summary again, its buttons
# right below. Anything else with letters in it says more of the problem (在三号楼门口).
SUMMARY_ANSWERS = frozenset({
    "提交", "提交吧", "发送", "发", "确认", "确定", "好", "好的", "好了", "好吧", "对", "对的",
    "是", "是的", "可以", "行", "没问题", "没错", "嗯", "嗯嗯", "谢谢", "谢谢你", "修改", "改",
    "改一下", "不对", "重新填写", "submit", "send", "ok", "okay", "yes", "yeah", "sure",
    "thanks", "thankyou", "edit", "change", "confirm"})


def says_more(text: str) -> bool:
    """Whether words typed at a summary say more of it, rather than answer its buttons."""
    said = normalise(text)
    return bool(said) and said not in SUMMARY_ANSWERS and \
        any(unicodedata.category(ch)[0] in "LN" for ch in said)


# Thanks or "got it" typed outside a flow (谢谢 after a receipt): answered as such, not
# with the greeting of someone who has just come in (您好！请点下方菜单的按钮…).
THANKS = frozenset({"谢谢", "谢谢你", "谢谢您", "多谢", "谢了", "感谢", "非常感谢", "好的谢谢",
                    "谢谢啦", "知道了", "好的知道了", "明白了", "收到", "好的收到", "辛苦了",
                    "thanks", "thankyou", "thx", "gotit"})
# Saying one is lost (我不会用, 看不懂): the help, as 帮助 gets. It got the menu's greeting,
# which says only to press 帮助 (found trying the real ``steward run`` as an elderly
# newcomer). Matched whole, after ``normalise``.
LOST = frozenset({"不会用", "我不会用", "不会弄", "我不会弄", "我不会", "看不懂", "我看不懂",
                  "不懂", "我不懂", "搞不懂", "弄不明白", "怎么弄", "咋用", "咋弄", "教教我",
                  "idontknowhow", "howdoesthiswork", "confused", "imconfused"})
