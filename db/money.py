"""Money: the one strict parser for amounts residents type, and the formatters.

Every amount in Steward is an ``int`` of fen (分, 1/100 元). ``parse_amount``
turns what a person typed — ``120``, ``¥1,200.50``, ``人民币120元``, ``1.5万``,
``1万2``, ``一百二十元``, ``壹佰贰拾元整``, ``十二块五毛``, ``三百五``,
``两块五`` — into fen, or raises ``MoneyError`` with a bilingual message and a
stable ``code``:

``empty``, ``negative``, ``too_many_decimals``, ``not_a_number``, ``zero``,
``too_large``.

Spoken abbreviations (口语省略). Elderly residents type amounts the way they
say them, dropping the last place word: a digit typed right after 万, 千 or 百
counts in the next place down, after 块/元 it counts 角, after 毛/角 it counts
分. So 一万二 = 12,000, 三百五 = 350, 一千二百五 = 1,250, 十万五 = 105,000,
两块五 = 2.50, 八十八块八 = 88.80, 一块二毛五 = 1.25, 五毛五 = 0.55, and in
Arabic digits 1万2 = 12,000 and 12块5 = 12.50. Only that one reading is taken;
what could mean two things is refused and asked again:

* 零 spells the number out in full, so it ends any abbreviation: 二万零五 is
  20,005 and 一万零二 is 10,002 (never 20,500 or 12,000); 一万零一百五 is
  refused (the 零 says "in full", the 五 says "abbreviated"). After 块 a 零
  marks the missing 角: 三块零五 = 3.05.
* Only the last digit of the yuan may be abbreviated: 一百五万 (150万 or
  105万?) is refused; 一百五十万 or 一百零五万 is read.
* 十二 and 一十二 are both 12: after 十 the next place is the units, so there
  is nothing to abbreviate.
* Without 零, what follows 万 is the thousands or a single abbreviated digit:
  一万二千五 = 12,500 but 一万五十 and 一万二百 are refused (a 零 is missing,
  or the writer meant 一万二千?).
* 两 is said before a place word, not as a last digit: 一千两 and 两块两 are
  refused (一千二, 两块二 are read).
* 整 closes a formal amount, written in full: 三百五元整 is refused.
* Mixed Arabic forms are limited to ``1.5万``, one digit after 万 (``1万2``)
  and after 块/元 (``3块5`` = 3.50, ``3块5毛5`` = 3.55); ``1万25``, ``3块50``
  (3.50, or 3 and 50 分?), ``1万2千`` and ``3千`` are refused.

A phone's Chinese keyboard types 。 for the point: 。 between digits is the decimal
point (120。50 = 120.50) and a last 。 ends the sentence (120元。).

``format_fen`` and ``format_yuan`` go the other way, and their output always
parses back to the same fen. A bot that reads an amount shows it back in digits
(``¥12,000.00``) before anything is recorded, so a resident sees what was
understood.

No float is used anywhere: a ledger must add up to the fen, and 0.1 + 0.2 does
not.
"""

from __future__ import annotations

import re
import unicodedata

from .errors import MoneyError

__all__ = [
    "DEFAULT_CEILING_FEN",
    "parse_amount",
    "amount_like",
    "format_fen",
    "format_yuan",
]

DEFAULT_CEILING_FEN = 100_000_000  # 1,000,000 元: far above any compound's repair bill

_FEN_PER_YUAN = 100
_FEN_PER_WAN = 10_000 * _FEN_PER_YUAN

# -- messages ----------------------------------------------------------------
# Bilingual so a message is useful even where no translation is looked up;
# adapters translate by ``code`` instead.

_MESSAGES = {
    "empty": "请输入金额，例如 120 或 120.50 / Please type an amount, e.g. 120 or 120.50",
    "negative": "金额不能为负数 / The amount cannot be negative",
    "too_many_decimals": "金额最多两位小数（到分） / Amounts have at most two decimals (fen)",
    "not_a_number": (
        "无法识别这个金额，可以写 120、120.50 或 一百二十元 / "
        "That is not an amount I understand; try e.g. 120, 120.50 or 一百二十元"
    ),
    "zero": "金额必须大于零 / The amount must be more than zero",
}


def _fail(code: str, text: str, **params: object) -> MoneyError:
    return MoneyError(_MESSAGES[code], code=code, text=text, **params)


class _NotAnAmount(Exception):
    """Internal: the Chinese-numeral grammar did not match."""


# -- the surface: currency words around the number ----------------------------

# One optional currency word before the number. ￥ (full width) is already ¥
# after NFKC.
_PREFIX = re.compile(r"(?:¥|RMB|CNY|人民币)\s*", re.IGNORECASE)

# Anything that reads as a minus sign at the front. NFKC already maps the
# full-width and small forms (－ ﹣) to "-", but not the typographic dashes or
# U+2212, which phones' keyboards produce. 负 is the written word.
_MINUS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212负")

# -- arabic numerals -------------------------------------------------------------
# [0-9], not \d: \d also matches e.g. Arabic-Indic digits, which int() would
# happily accept but no resident means.
_ARABIC = re.compile(
    r"""
    (?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)   # comma groups of exactly three
    (?:\.(?P<frac>[0-9]+))?
    \s*
    (?:
        (?P<wan>[万萬])(?P<wan_tail>[1-9])?\s*(?:元|圆|圓|块钱|块)?
      | (?:元|圆|圓|块)(?P<jiao>[1-9])(?:[毛角](?:(?P<fen>[1-9])分?)?)?  # 3块5, 3块5毛5
      | (?:元|圆|圓)(?:整)?
      | 块钱|块
    )?
    """,
    re.VERBOSE,
)
# 5角 3毛 5毛5 5角5分 5毛钱: 五角 ... in digits; 钱 only after a unit, as in words.
_ARABIC_SMALL = re.compile(r"(?P<jiao>[1-9])\s*[角毛](?:(?P<fen>[1-9])(?:分(?:钱)?)?|钱)?")

# -- Chinese numerals ------------------------------------------------------------

_ZERO = frozenset("零〇")
_DIGIT = {
    "一": 1, "壹": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
_TWO_COLLOQUIAL = frozenset("两兩")  # 两 replaces 二 before 百/千/万 and alone, never before 十
_PLACE = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_WAN = "万萬"

_D = "".join(_DIGIT)
_YUAN_UNITS = "元圆圓块"
_SMALL_UNITS = "角毛分"
# What follows 元/块, or a whole amount of 角 and 分: 五角, 五毛五, 零五分, 五.
_SMALL = re.compile(
    rf"""
    (?:(?P<jiao>[{_D}])(?P<jiao_unit>[角毛])?)?
    (?:(?P<zero>[零〇])?(?P<fen>[{_D}])(?P<fen_unit>分)?)?
    """,
    re.VERBOSE,
)

def parse_amount(text: str, *, ceiling_fen: int = DEFAULT_CEILING_FEN) -> int:
    """What a resident typed, as a positive number of fen no greater than ``ceiling_fen``.

    Raises ``MoneyError`` (code ``empty``, ``negative``, ``too_many_decimals``,
    ``not_a_number``, ``zero`` or ``too_large``) for anything else.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_amount takes the text typed, not {type(text).__name__}")
    if isinstance(ceiling_fen, bool) or not isinstance(ceiling_fen, int) or ceiling_fen < 1:
        raise ValueError(f"ceiling_fen must be a positive int, not {ceiling_fen!r}")

    # NFKC folds full-width digits, ￥, －, ，and ． into their ASCII forms, so
    # one grammar serves both keyboards.
    s = _ime_points(unicodedata.normalize("NFKC", text).strip())
    if not s:
        raise _fail("empty", text)
    prefix = _PREFIX.match(s)
    body = s[prefix.end():] if prefix else s
    # A minus before or after the currency word: "-¥5", "¥-5", "人民币负五元".
    if s[0] in _MINUS or body[:1] in _MINUS:
        raise _fail("negative", text)
    if not body:
        raise _fail("not_a_number", text)

    if body[0] in "0123456789":
        fen = _parse_arabic(body, text, ceiling_fen)
    else:
        try:
            fen = _parse_chinese(body)
        except _NotAnAmount:
            raise _fail("not_a_number", text) from None

    if fen == 0:
        raise _fail("zero", text)
    if fen > ceiling_fen:
        raise _too_large(text, ceiling_fen)
    return fen


# A Chinese keyboard's point: 。 typed for the decimal point between digits (120。50: the
# 123 keys of a phone's pinyin keyboard give 。 for .), and a sentence's last 。 (120元。).
# The amount is said back in digits (¥120.50) before anything is recorded.
_IME_POINT = re.compile(r"(?<=[0-9])。(?=[0-9])")


def _ime_points(s: str) -> str:
    s = _IME_POINT.sub(".", s)
    return s[:-1].rstrip() if s.endswith("。") else s


_NUMERAL = rf"0-9{_D}零〇十拾百佰千仟万萬"
_AROUND = rf"\s+.,{re.escape(''.join(sorted(_MINUS)))}{_YUAN_UNITS}{_SMALL_UNITS}整钱"
_AMOUNT_LIKE = re.compile(rf"[{_AROUND}{_NUMERAL}]*[{_NUMERAL}][{_AROUND}{_NUMERAL}]*")


def amount_like(text: str) -> bool:
    """Whether ``text`` reads as an attempt at an amount, read or not: numerals with only
    signs, points, separators, ¥ and 元/块/毛 about them (``120.5.5``, ``¥-3``,
    ``三百零五``), not words (``保洁员``, ``3号楼``). A step that also takes an amount
    typed again says what is wrong with one it cannot read, instead of taking it for
    its own answer (a payee ``120.5.5``) or passing over it in silence."""
    s = _ime_points(unicodedata.normalize("NFKC", str(text)).strip())
    prefix = _PREFIX.match(s)
    return bool(_AMOUNT_LIKE.fullmatch(s[prefix.end():] if prefix else s))


def _too_large(text: str, ceiling_fen: int) -> MoneyError:
    limit = format_fen(ceiling_fen)
    return MoneyError(
        f"金额超过上限 {limit} / The amount is above the limit of {limit}",
        code="too_large", text=text, ceiling_fen=ceiling_fen,
    )


def _parse_arabic(body: str, text: str, ceiling_fen: int) -> int:
    m = _ARABIC.fullmatch(body)
    if m is None:
        if (small := _ARABIC_SMALL.fullmatch(body)) is None:
            raise _fail("not_a_number", text)
        return int(small["jiao"]) * 10 + int(small["fen"] or 0)
    whole = m["int"].replace(",", "")
    frac = m["frac"] or ""
    # "0120" or "007" is more likely a slip than an amount; only "0" may lead.
    if len(whole) > 1 and whole[0] == "0":
        raise _fail("not_a_number", text)
    tail = 0
    if m["wan_tail"]:
        # 1万2 is 一万二 in digits: 12,000. Not after decimals: 1.5万2 means nothing.
        if frac:
            raise _fail("not_a_number", text)
        tail = int(m["wan_tail"]) * 1000 * _FEN_PER_YUAN
    if m["jiao"]:
        # 3块5 is 三块五 in digits: 3.50. Not after decimals: 3.5块5 means nothing.
        if frac:
            raise _fail("not_a_number", text)
        tail = int(m["jiao"]) * 10 + int(m["fen"] or 0)
    if m["wan"]:
        # 1.5万 is exact in fen down to six decimals (1万 = 1,000,000 fen);
        # trailing zeros beyond that change nothing, any other digit would.
        scale, places = _FEN_PER_WAN, 6
        if frac[places:].strip("0"):
            raise _fail("too_many_decimals", text)
        frac = frac[:places]
    else:
        # A plain number takes at most two decimals as typed. "1.200" is refused
        # too: in much of the world it means one thousand two hundred.
        scale, places = _FEN_PER_YUAN, 2
        if len(frac) > places:
            raise _fail("too_many_decimals", text)
    # Decide "too large" by length before int(): a pasted wall of digits must not
    # hit Python's int-from-str limit, and with no leading zeros length is enough.
    if whole != "0" and 10 ** (len(whole) - 1) * scale > ceiling_fen:
        raise _too_large(text, ceiling_fen)
    return int(whole) * scale + int(frac.ljust(places, "0")) + tail


def _parse_chinese(body: str) -> int:
    if "点" in body:
        return _decimal(body)
    # 钱 follows the colloquial units only: 五块钱, 两毛钱, 五分钱 (not 两块五钱).
    qian = body.endswith("钱")
    if qian:
        body = body[:-1]
        if not body or body[-1] not in "块毛角分":
            raise _NotAnAmount
    at = next((i for i, ch in enumerate(body) if ch in _YUAN_UNITS), None)
    if at is None:
        if any(ch in _SMALL_UNITS for ch in body):
            return _small(body, after_unit=False)  # 五角, 两毛, 五毛五
        return _zh_integer(body, abbreviated=True) * _FEN_PER_YUAN  # 三百五
    yuan, unit, rest = body[:at], body[at], body[at + 1:]
    if not yuan:
        raise _NotAnAmount  # "元五角": a unit with no number
    if rest.startswith("整"):
        # 整 closes a whole-yuan amount written in full (壹佰元整): nothing after it,
        # no 块 or 钱 before it, no abbreviation in it.
        if rest != "整" or unit == "块" or qian:
            raise _NotAnAmount
        return _zh_integer(yuan, abbreviated=False) * _FEN_PER_YUAN
    return _zh_integer(yuan, abbreviated=True) * _FEN_PER_YUAN + _small(rest, after_unit=True)


def _decimal(body: str) -> int:
    """一百二十点五 (元): a whole number in words, 点, then one or two decimals said digit
    by digit (点五 50, 点零五 5, 点五零 50), as an amount is read aloud; 零点五 is 50. (It
    was refused: 无法识别这个金额.)"""
    whole, _, rest = body.partition("点")
    if rest[-1:] in ("元", "块"):  # 一百二十点五元
        rest = rest[:-1]
    if not whole or not 1 <= len(rest) <= 2 or any(
            ch not in _ZERO and (ch not in _DIGIT or ch in _TWO_COLLOQUIAL) for ch in rest):
        raise _NotAnAmount
    yuan = 0 if whole in _ZERO else _zh_integer(whole, abbreviated=False)
    decimals = "".join("0" if ch in _ZERO else str(_DIGIT[ch]) for ch in rest)
    return yuan * _FEN_PER_YUAN + int(decimals.ljust(2, "0"))


def _small(s: str, *, after_unit: bool) -> int:
    """角 and 分 in fen: 五角 50, 五毛五 55; after 元/块 also 五 (50), 零五 (5), 五分 (5)."""
    m = _SMALL.fullmatch(s)
    if m is None:
        raise _NotAnAmount
    jiao, fen, zero = m["jiao"], m["fen"], m["zero"]
    if jiao is None and fen is None:
        if after_unit:
            return 0  # 五元, 五块
        raise _NotAnAmount
    if jiao is not None and m["jiao_unit"] is None:
        # 两块五: the digit after 块 is 角, and nothing may follow it (两块五五).
        if not after_unit or fen is not None or jiao in _TWO_COLLOQUIAL:
            raise _NotAnAmount
    if zero is not None and (not after_unit or jiao is not None):
        raise _NotAnAmount  # 零 marks the missing 角 after 元/块: 三元零五分, 三块零五
    if fen is not None and m["fen_unit"] is None:
        # 五毛五 (分 after 毛) or 三块零五; not 五五 or 三块五五.
        if m["jiao_unit"] is None and zero is None:
            raise _NotAnAmount
        if fen in _TWO_COLLOQUIAL:
            raise _NotAnAmount  # 两毛两, 三块零两: 两 is no last digit
    total = _DIGIT[jiao] * 10 if jiao is not None else 0
    return total + (_DIGIT[fen] if fen is not None else 0)


def _zh_integer(s: str, *, abbreviated: bool) -> int:
    """一万零五十 -> 10050, and with ``abbreviated`` 一万二 -> 12000. Below 1亿.

    Strict about 零 so nothing is guessed: a 零 anywhere means the number is
    spelled out in full, and only the last digit may be abbreviated.
    """
    if s in _ZERO:
        return 0
    if any(ch in _ZERO for ch in s):
        abbreviated = False  # 二万零五 is 20005, 一万零一百五 is refused
    parts = re.split(f"[{_WAN}]", s)
    if len(parts) > 2:
        raise _NotAnAmount
    if len(parts) == 1:
        return _zh_section(s, leading_ten=True, abbreviated=abbreviated)
    high, low = parts
    if not high:
        raise _NotAnAmount
    # 一百五万 is refused: only the very last digit may stand for a place.
    value = _zh_section(high, leading_ten=True, abbreviated=False) * 10_000
    if not low:
        return value
    if low[0] in _ZERO:
        # 一万零五十: the 零 stands for the empty thousands, so what follows
        # must be below a thousand. 零十五 is unambiguous, so 十 may lead.
        rest = _zh_section(low[1:], leading_ten=True, abbreviated=False)
        if rest >= 1000:
            raise _NotAnAmount
    elif abbreviated and len(low) == 1 and low in _DIGIT and low not in _TWO_COLLOQUIAL:
        rest = _DIGIT[low] * 1000  # 一万二: the digit after 万 counts thousands
    else:
        # 一万二千 needs no 零; 一万五十 lacks one (and 一万二 is read above).
        rest = _zh_section(low, leading_ten=False, abbreviated=abbreviated)
        if rest < 1000:
            raise _NotAnAmount
    return value + rest


def _zh_section(s: str, *, leading_ten: bool, abbreviated: bool) -> int:
    """One section below 万 (1..9999): 三千五百, 一百零五, 十五, 两百; with
    ``abbreviated`` also 三百五 (350) and 一千二 (1200)."""
    if not s:
        raise _NotAnAmount
    total = 0
    last_place = 0  # 0: no place word yet
    digit: str | None = None
    zero = False  # a 零 is waiting to be justified by a gap
    for i, ch in enumerate(s):
        if ch in _ZERO:
            # 零 only between a place word and a smaller one, once: 一百零五.
            if digit is not None or zero or last_place == 0:
                raise _NotAnAmount
            zero = True
        elif ch in _DIGIT:
            if digit is not None:
                raise _NotAnAmount  # 一二: digits read one by one are not an amount
            digit = ch
        elif ch in _PLACE:
            place = _PLACE[ch]
            if last_place and place >= last_place:
                raise _NotAnAmount  # 一百一千, 五十十
            if digit is None:
                # 十五 = 15: a bare 十 only at the very front.
                if not (place == 10 and i == 0 and leading_ten):
                    raise _NotAnAmount
                value = 1
            else:
                if digit in _TWO_COLLOQUIAL and place == 10:
                    raise _NotAnAmount  # 两十 is not said
                value = _DIGIT[digit]
            _check_gap(last_place, place, zero)
            total += value * place
            last_place, digit, zero = place, None, False
        else:
            raise _NotAnAmount
    if digit is not None:
        if digit in _TWO_COLLOQUIAL and last_place:
            raise _NotAnAmount  # 一百零两, 一千两
        if abbreviated and last_place >= 100 and not zero:
            # 三百五 = 350: the last digit right after 百 or 千 counts the next place
            # down. After 十 the next place is the units: 十二 needs no rule.
            return total + _DIGIT[digit] * (last_place // 10)
        # Otherwise the units digit needs 十 or 零 before it: 一百零五.
        _check_gap(last_place, 1, zero)
        total += _DIGIT[digit]
    elif zero:
        raise _NotAnAmount  # a trailing 零: 一百零
    return total


def _check_gap(last_place: int, place: int, zero: bool) -> None:
    """A 零 must stand exactly where a place is skipped: 一百零五, not 一百五 or 一百零五十."""
    if not last_place:
        return
    gap = place < last_place // 10
    if gap != zero:
        raise _NotAnAmount


# -- formatting -------------------------------------------------------------------


def format_yuan(fen: int) -> str:
    """120050 -> "1,200.50"; -500 -> "-5.00". No currency symbol."""
    _require_int(fen)
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), _FEN_PER_YUAN)
    return f"{sign}{yuan:,}.{cents:02d}"


def format_fen(fen: int) -> str:
    """120050 -> "¥1,200.50"; -500 -> "-¥5.00"; 0 -> "¥0.00"."""
    _require_int(fen)
    return ("-¥" if fen < 0 else "¥") + format_yuan(abs(fen))


def _require_int(fen: object) -> None:
    # A float here means someone did arithmetic the ledger cannot trust.
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise TypeError(f"amounts are int fen, not {type(fen).__name__}")
