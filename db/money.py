"""Money: the one strict parser for amounts residents type, and the formatters.

Every amount in Steward is an ``int`` of fen (分, 1/100 元). ``parse_amount``
turns what a person typed — ``120``, ``¥1,200.50``, ``人民币120元``, ``1.5万``,
``一百二十元``, ``壹佰贰拾元整``, ``十二块五毛`` — into fen, or raises
``MoneyError`` with a bilingual message and a stable ``code``:

``empty``, ``negative``, ``too_many_decimals``, ``not_a_number``, ``zero``,
``too_large``.

``format_fen`` and ``format_yuan`` go the other way, and their output always
parses back to the same fen.

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
        (?P<wan>[万萬])\s*(?:元|圆|圓|块钱|块)?
      | (?:元|圆|圓)(?:整)?
      | 块钱|块
    )?
    """,
    re.VERBOSE,
)

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
_ZH = re.compile(
    rf"""
    (?P<yuan>[{_D}{''.join(_ZERO)}{''.join(_PLACE)}{_WAN}]+?)?
    (?:(?P<unit>元|圆|圓|块)(?P<zheng>整)?)?
    (?:(?P<jiao>[{_D}])[角毛])?
    (?:(?P<fen_zero>[零〇])?(?P<fen>[{_D}])分)?
    (?P<qian>钱)?
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
    s = unicodedata.normalize("NFKC", text).strip()
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


def _too_large(text: str, ceiling_fen: int) -> MoneyError:
    limit = format_fen(ceiling_fen)
    return MoneyError(
        f"金额超过上限 {limit} / The amount is above the limit of {limit}",
        code="too_large", text=text, ceiling_fen=ceiling_fen,
    )


def _parse_arabic(body: str, text: str, ceiling_fen: int) -> int:
    m = _ARABIC.fullmatch(body)
    if m is None:
        raise _fail("not_a_number", text)
    whole = m["int"].replace(",", "")
    frac = m["frac"] or ""
    # "0120" or "007" is more likely a slip than an amount; only "0" may lead.
    if len(whole) > 1 and whole[0] == "0":
        raise _fail("not_a_number", text)
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
    return int(whole) * scale + int(frac.ljust(places, "0"))


def _parse_chinese(body: str) -> int:
    m = _ZH.fullmatch(body)
    if m is None:
        raise _NotAnAmount
    yuan, unit, jiao, fen = m["yuan"], m["unit"], m["jiao"], m["fen"]
    small = jiao is not None or fen is not None
    if yuan is None and not small:
        raise _NotAnAmount  # "钱" alone
    if yuan is None and unit is not None:
        raise _NotAnAmount  # "元五角": a unit with no number
    # 一百五角 is no amount: 角 and 分 follow an explicit 元 or 块, or stand alone.
    if yuan is not None and small and unit is None:
        raise _NotAnAmount
    # 整 closes a whole-yuan amount (壹佰元整); it cannot precede 角 or 分.
    if m["zheng"] and (small or unit == "块" or m["qian"]):
        raise _NotAnAmount
    # 零 before 分 marks the missing 角 (三元零五分); with a 角 it is wrong.
    if m["fen_zero"] and (unit is None or jiao is not None):
        raise _NotAnAmount
    # 钱 follows the colloquial units only: 五块钱, 两毛钱, 五分钱.
    if m["qian"] and body[-2] not in "块毛角分":
        raise _NotAnAmount

    total = _zh_integer(yuan) * _FEN_PER_YUAN if yuan is not None else 0
    if jiao is not None:
        total += _DIGIT[jiao] * 10
    if fen is not None:
        total += _DIGIT[fen]
    return total


def _zh_integer(s: str) -> int:
    """一万零五十 -> 10050. Below 1亿; strict about 零 so nothing is guessed.

    Colloquial elisions (一百五 for 150, 一万二 for 12000) are refused rather
    than read: a wrong guess about money is worse than asking again.
    """
    if s in _ZERO:
        return 0
    parts = re.split(f"[{_WAN}]", s)
    if len(parts) > 2:
        raise _NotAnAmount
    if len(parts) == 1:
        return _zh_section(s, leading_ten=True)
    high, low = parts
    if not high:
        raise _NotAnAmount
    value = _zh_section(high, leading_ten=True) * 10_000
    if not low:
        return value
    if low[0] in _ZERO:
        # 一万零五十: the 零 stands for the empty thousands, so what follows
        # must be below a thousand. 零十五 is unambiguous, so 十 may lead.
        rest = _zh_section(low[1:], leading_ten=True)
        if rest >= 1000:
            raise _NotAnAmount
    else:
        # 一万二千 needs no 零; 一万五十 lacks one (and 一万二 means 12000).
        rest = _zh_section(low, leading_ten=False)
        if rest < 1000:
            raise _NotAnAmount
    return value + rest


def _zh_section(s: str, *, leading_ten: bool) -> int:
    """One section below 万 (1..9999): 三千五百, 一百零五, 十五, 两百."""
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
            raise _NotAnAmount  # 一百零两
        # 一百五 (= 150 colloquially) is refused: the units digit needs 十 or 零 before it.
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
