"""The one redaction: what is taken out of text before it becomes public.

Everything people type may carry someone's phone or ID number: an issue
("call 0358-7654321"), an expense's payee ("电工李师傅 13912345678"), a fee
period, a progress note. The public record (the site's pages, its search
index and feed, the CSV and JSON downloads, Open311, and the ledger lines
themselves) carries the text after ``redact``; the text as typed stays in the
entry, private, for the volunteers who review it.

What is masked:

* mainland mobile numbers (11 digits from ``1[3-9]``, with ``+86``/``86`` and
  spaces or dashes between the groups);
* landlines with their area code (``0358-7654321``, ``(0358)7654321``,
  ``010 12345678``), with an extension too;
* 18-digit resident ID numbers (the last may be ``X``), and the old 15-digit
  ones;
* any number the street's configuration lists (``settings: redact_numbers:
  [...]``: a bank account, a door code, a licence plate), matched whatever
  spaces or dashes are typed between its characters.

Digits may be typed full-width (``１３９…``), which Chinese keyboards make;
they are matched too. Digits inside a longer run of letters and digits (a
hash, an amount of a long number) are left alone.

Everywhere but in a ledger line (chained as it was made, so the redaction of its
words stays what it was: ``public_line``), ``mask_contacts`` masks too what those
patterns miss and the other ways to reach or tell a person: a mobile or ID number
written with dots or long dashes, digit by digit or in Chinese numerals
(138.1234.5678, 一三八一二三四五六七八, 110105 19491231 002X, checked against how
people group such digits and, for an ID, a birthday), a WeChat id after its word
(微信号：zhang_san88, wxid_…), a QQ number, an e-mail address, and a licence plate
(沪A12345: the outside car a neighbour complains of is someone's).

Rooms: the site shows a household at most as its building and unit, but people write
the door too ("101室王秀兰家", "2单元502", "1-1-101"). ``mask_rooms`` masks a room
number where its words say it is one (室, 房间, 号房, after 单元 or 号楼, in 1-1-101 or
1/1/101, before 家 or a neighbour's name or title); a bare number is kept (an amount, a
year, "迎宾路502号"). It goes with the names, in the words of entries, and in the ledger
lines made since their format 3 (``db.lines``), before they are chained.

Names: the site builder also masks, in the words of entries (not in ledger lines,
which are chained as made), every name of a person the store knows
(``person_names``, ``NameMask``): the notice promises a resident's name is never
shown, and people write "我是…" or a neighbour's name into a report. A given name
alone that is also an ordinary word (建国, 国庆) is kept where it is part of a longer
one (建国路, 国庆节: ``db.name_words``); a full name is masked wherever it stands. The
site's mask (``NameMask`` with ``strangers``) masks too what reads as the full name of
someone nobody registered (``db.full_names``: 3楼的王建国老人, 物业经理李红梅说).

Ledger lines are redacted when they are made (``public_line``), before they
are chained, so the published JSON still verifies; the times of a line are
published to the day. Receipts are photos of people's payments: a fee's
receipt (a resident's proof of payment, or the volunteer's receipt book) is
for the volunteers only, and its line says ``RECEIPT_CHECKED`` ("收据已核验")
instead; an expense's invoice is published only when the volunteer who
recorded it confirmed it shows no personal data. ``csv_cell`` is the one neutraliser of spreadsheet
formulas for every CSV the project writes.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from .chinese_names import reads_as_name
from .full_names import full_name_spans
from .name_words import NameWords, is_place, name_words

__all__ = ["redact", "Redactor", "redactor", "public_line", "csv_cell", "PHONE_MASK",
           "ID_MASK", "NUMBER_MASK", "NAME_MASK", "NameMask", "person_names", "given_names",
           "whole_names", "SETTING", "LINE_TEXT_FIELDS", "RECEIPT_CHECKED", "receipt_shown",
           "ROOM_MASK", "mask_rooms", "fold", "hidden_words", "bare_rooms",
           "mask_bare_rooms", "area_rooms", "every_name", "mask_contacts", "PLATE_MASK",
           "WECHAT_MASK", "EMAIL_MASK", "ACCOUNT_MASK", "squeezed", "spaced", "latin_name_spans",
           "person_ids", "id_runs", "MIN_ID_DIGITS", "said_rooms", "account_spans",
           "candidate_accounts", "word_edge", "Hashed"]

PHONE_MASK = "[电话已隐藏]"
ID_MASK = "[证件号已隐藏]"
NUMBER_MASK = "[号码已隐藏]"
NAME_MASK = "[姓名已隐藏]"
ROOM_MASK = "[房号已隐藏]"
PLATE_MASK = "[车牌已隐藏]"
WECHAT_MASK = "[微信号已隐藏]"
EMAIL_MASK = "[邮箱已隐藏]"
ACCOUNT_MASK = "[账号已隐藏]"  # a Telegram @username or id
SETTING = "redact_numbers"  # the street settings' list of further numbers to mask
# The free-text fields of a ledger line (the rest are codes, amounts and hashes).
LINE_TEXT_FIELDS = ("purpose", "payee", "period", "household_ref")

_D = "[0-9０-９]"  # a digit, half- or full-width
_SEP = "[ \\-－\u00a0]?"  # one optional separator between groups
_EDGE_L = "(?<![0-9０-９A-Za-zＡ-Ｚａ-ｚ])"
_EDGE_R = "(?![0-9０-９A-Za-zＡ-Ｚａ-ｚ])"

_MOBILE = (f"(?:[+＋]?[8８][6６]{_SEP})?[1１][3-9３-９]{_D}{_SEP}{_D}{{4}}{_SEP}{_D}{{4}}")
_LANDLINE = (f"(?:[(（][0０][1-9１-９]{_D}{{1,2}}[)）]{_SEP}|[0０][1-9１-９]{_D}{{1,2}}{_SEP})"
             f"[1-9１-９]{_D}{{2,3}}{_SEP}{_D}{{4}}(?:{_SEP}(?:转|ext\\.?|-){_SEP}{_D}{{1,5}})?")
_ID = f"[1-9１-９]{_D}{{5}}(?:{_D}{{11}}[0-9０-９Xxｘ]|{_D}{{9}})"

_PHONE = re.compile(f"{_EDGE_L}(?:{_MOBILE}|{_LANDLINE}){_EDGE_R}")
_IDNUM = re.compile(f"{_EDGE_L}{_ID}{_EDGE_R}", re.IGNORECASE)

# A room number (3 or 4 digits: floor and door) where the words around it say it is one.
_ROOM_NO = f"{_D}{{3,4}}"
_NOT_ROOM = "(?![0-9０-９A-Za-z年元块米平个人次天月日号%％])"  # an amount, a year, a date
_TITLE = "(?:大爷|大妈|大娘|大伯|大姐|大哥|阿姨|奶奶|爷爷|叔叔|老师|师傅|婶|叔)"
_ROOM = re.compile(
    # after its unit or building, the room alone: 2单元502, 1号楼 101, 房号：101
    f"(?:(?<=单元)|(?<=号楼)|(?<=[栋幢])|(?<=房号)|(?<=门牌)|(?<=门牌号))[ \u00a0:：]?"
    f"{_ROOM_NO}(?:室|房间|号房|号(?!楼))?{_NOT_ROOM}"
    # a door said to be one: 101室, 302房间, 502家, 101[姓名已隐藏], 502王大爷
    # (not a count: 120家商户, 100名老师)
    f"|{_EDGE_L}{_ROOM_NO}(?:[ \u00a0]?(?:室|房间|号房)|(?=家(?![商店企单公厂])"
    f"|{re.escape(NAME_MASK)}|(?![名位个多余])[\u4e00-\u9fff]{{1,2}}{_TITLE}))"
    # building-unit-room: 1-1-101, 1/1/101, yanye/1/1/101 (not a date: 12/04/2025)
    f"|{_EDGE_L}(?:[a-z][a-z0-9_-]*/)?{_D}{{1,2}}(?P<sep>[-－/]){_D}{{1,2}}(?P=sep)"
    f"(?![12][09]{_D}{{2}}{_EDGE_R}){_ROOM_NO}{_EDGE_R}")


def mask_rooms(value: object) -> str:
    """``value`` with the room numbers its words name masked (``ROOM_MASK``): the
    site shows a household at most as its building and unit."""
    if value is None or value == "":
        return ""
    text = str(value)
    if not any(ch.isdigit() for ch in text):
        return text
    return _ROOM.sub(ROOM_MASK, text)


# A room of the area's households written alone (已修好301的水管, 我住301, 楼上301漏水):
# three or four digits standing apart, not an amount, a date, a time or a count (101 元,
# 2025-04-10, 10:30, 第 301 笔, 120 户). Taken only when the number is a room of the area
# (``bare_rooms``, ``mask_bare_rooms``): where its words say it is a room, ``mask_rooms``
# took it already.
_BARE = re.compile(r"(?<![0-9０-９A-Za-z.,，．¥￥#＃:：/\-－])([0-9０-９]{3,4})"
                   r"(?![0-9０-９A-Za-z.,．:：/\-－%％])"
                   r"(?!\s*(?:元|块|角|分|年|月|日|号|栋|幢|米|平|㎡|个|人|户|笔|期|次|天|小时|"
                   r"kg|斤|公斤|吨|只|根|张|套|名|位|家|条|辆|层|楼))")


# A room said digit by digit in Chinese numerals, as a voice keyboard writes it (二单元一零一,
# 住一零一室): 101 typed so was published as typed. Taken when its digits are a room of the
# area, as a bare room is; not a date or an amount (二零二五年, 一二零元).
_SPELLED_DIGIT = {c: str(i) for i, c in enumerate("零一二三四五六七八九")} | {"〇": "0"}
_SPELLED = re.compile(r"(?<![零〇一二三四五六七八九十百千万两])([零〇一二三四五六七八九]{3,4})"
                      r"(?![零〇一二三四五六七八九十百千万两])"
                      r"(?!\s*(?:元|块|角|分|年|月|日|号|栋|幢|米|平|个|人|户|笔|期|次|天|名|位|"
                      r"条|辆|层|楼))")


def bare_rooms(value: object, rooms: Iterable[str]) -> list[str]:
    """The numbers of ``value`` written alone that are rooms among ``rooms``."""
    text = str(value or "")
    known = frozenset(rooms)
    spelled = [n for n in ("".join(_SPELLED_DIGIT[c] for c in m.group(1))
                           for m in _SPELLED.finditer(text)) if n in known] \
        if any(ch in _SPELLED_DIGIT for ch in text) else []
    if not any(ch.isdigit() for ch in text):
        return spelled
    return [n for n in (unicodedata.normalize("NFKC", m.group(1)) for m in _BARE.finditer(text))
            if n in known] + spelled


def said_rooms(value: object, rooms: Iterable[str] = ()) -> set[str]:
    """The room numbers ``value`` says (half-width): those its words say are rooms
    (``mask_rooms``: 101室, 2单元502, 1-1-101: the last number of each), and those of
    ``rooms`` written alone (``bare_rooms``)."""
    text = str(value or "")
    out = set(bare_rooms(text, rooms))
    if any(ch.isdigit() for ch in text):
        for m in _ROOM.finditer(text):
            digits = re.findall("[0-9０-９]{3,4}", m.group())
            if digits:
                out.add(unicodedata.normalize("NFKC", digits[-1]))
    return out


def area_rooms(street: Any, area: str) -> frozenset[str]:
    """The rooms of an area's households (101, 2502), for ``bare_rooms``."""
    return frozenset(h.id.rsplit("/", 1)[-1] for h in street.area_households(area))


def mask_bare_rooms(value: object, rooms: Iterable[str]) -> str:
    """``value`` with the numbers written alone that are rooms among ``rooms`` masked
    (``ROOM_MASK``), after ``mask_rooms``: words typed about an area, as its pages show
    them (the site builder knows the area's rooms; a ledger line is chained as made).
    A room said in Chinese numerals digit by digit (一零一) is one too."""
    text = str(value or "")
    known = frozenset(rooms)
    if not known:
        return text
    if any(ch in _SPELLED_DIGIT for ch in text):
        text = _SPELLED.sub(lambda m: ROOM_MASK if "".join(
            _SPELLED_DIGIT[c] for c in m.group(1)) in known else m.group(0), text)
    if not any(ch.isdigit() for ch in text):
        return text
    return _BARE.sub(lambda m: ROOM_MASK if unicodedata.normalize("NFKC", m.group(1)) in known
                     else m.group(0), text)


# Full-width ASCII (digits, letters, marks) and the ideographic space to their
# half-width forms, one character for one, so that a place in one is a place in the other.
_HALF = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_WIDE = re.compile("[\uff01-\uff5e\u3000]")
# Chinese numerals as a voice keyboard writes digits, and the financial ones (壹贰叁, as
# on a cheque: 壹叁捌… went out as typed).
_NUMERALS = "零〇○一二三四五六七八九幺两壹贰叁肆伍陆柒捌玖"
_NUMERAL_VALUE = dict(zip(_NUMERALS, "00012345678912123456789", strict=True))
_DIGITS = f"0-9{_NUMERALS}"
# What stands between groups of digits: spaces, dashes, dots, slashes, and the commas and
# 、 of a list said aloud (138，1234，5678: the layouts below keep 1,380,000 and lists of
# rooms or years).
_GAP = "[ \u00a0\\-–—―‐‑−.·・_/,，、]{1,3}"
_NUMBER_RUN = re.compile(
    f"(?<![0-9A-Za-z{_NUMERALS}十百千万拾佰仟])[{_DIGITS}](?:(?:{_GAP})?[{_DIGITS}])*"
    f"(?:(?:{_GAP})?[Xx](?![A-Za-z]))?(?![0-9A-Za-z{_NUMERALS}十百千万拾佰仟])")
# A whole mobile or ID number right after letters (tel13812345678, sfz110105…): a run of
# digits after letters is otherwise a code's (ISO9001), but not one of these.
# The letters are a word of their own and nothing follows, so that a hash (5e4ab6…) is
# no phone.
_LETTERED = re.compile("(?<![0-9A-Za-z])[A-Za-z]{1,12}(?:(1[3-9][0-9]{9})|([1-9][0-9]{5}"
                       "(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}"
                       "[0-9Xx]))(?![0-9A-Za-z])")
_GROUP = re.compile(f"[{_DIGITS}Xx]+")
# How people group the digits they write: a mobile (3-4-4, 3-8, 7-4, or 86 before it),
# an ID (6-8-4, 6-4-4-4, 6-6-3); one or two digits a group is one said digit by digit.
_MOBILE_LAYOUTS = {(11,), (3, 4, 4), (3, 8), (7, 4), (4, 3, 4), (3, 3, 5), (2, 4, 5), (3, 4, 2, 2)}
_ID_LAYOUTS = {(18,), (6, 8, 4), (6, 4, 4, 4), (6, 8, 3, 1), (15,), (6, 6, 3), (6, 9)}
_MOBILE_DIGITS = re.compile("1[3-9][0-9]{9}")
_DAY = "(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"  # a birthday's month and day
_ID_DIGITS = re.compile(f"[1-9][0-9]{{5}}(?:(?:19|20)[0-9]{{2}}{_DAY}[0-9]{{3}}[0-9X]|"
                        f"[0-9]{{2}}{_DAY}[0-9]{{3}})")


def _said(groups: Iterable[str]) -> str:
    """The digits of groups (spelled ones as digits), X upper."""
    return "".join(_NUMERAL_VALUE.get(c, c.upper()) for g in groups for c in g)


def _number_spans(norm: str) -> list[tuple[int, int, str]]:
    """Where phone and ID numbers written in groups or in Chinese numerals stand in
    ``norm`` (half-width), each with its mask."""
    spans: list[tuple[int, int, str]] = []
    for run in _NUMBER_RUN.finditer(norm):
        if run.end() - run.start() < 11:  # shorter than any number looked for
            continue
        groups = [(m.start() + run.start(), m.end() + run.start(), m.group())
                  for m in _GROUP.finditer(run.group())]
        i = 0
        while i < len(groups):
            found: tuple[int, str] | None = None
            total = 0
            for j in range(i + 1, len(groups) + 1):
                total += len(groups[j - 1][2])
                if total > 22:  # longer than any number looked for
                    break
                kind = _kind(groups[i:j])
                if kind is not None:
                    found = (j, kind)
            if found is None:
                i += 1
                continue
            j, kind = found
            spans.append((groups[i][0], groups[j - 1][1], kind))
            i = j
    return spans


def _kind(window: list[tuple[int, int, str]]) -> str | None:
    """The mask for the digits of ``window`` (groups), if they make a number masked."""
    lengths = tuple(len(g[2]) for g in window)
    digits = _said(g[2] for g in window)
    by_one = all(n == 1 for n in lengths)  # said digit by digit
    body, layout = digits, lengths
    if len(window) > 1 and window[0][2] in ("86", "0086"):
        body, layout = _said(g[2] for g in window[1:]), lengths[1:]
    if _MOBILE_DIGITS.fullmatch(body) and (layout in _MOBILE_LAYOUTS or by_one):
        return PHONE_MASK
    if _ID_DIGITS.fullmatch(digits) and (lengths in _ID_LAYOUTS or by_one):
        return ID_MASK
    return None


# A landline after the country's code, its leading 0 dropped (+86 358 7654321, 0086-358-
# 7654321): only after + or 00, so that no other run of digits is taken for one.
_INTL_LANDLINE = re.compile("(?<![0-9A-Za-z])(?:[+]|00)86[ \\-]?(?:[(]0[)])?[1-9][0-9]{1,2}"
                            "[ \\-]?[1-9][0-9]{2,3}[ \\-]?[0-9]{4}(?![0-9A-Za-z])")
_ANY = re.compile(f"[0-9０-９{_NUMERALS}@＠]|信|wechat|weixin|vx|wx|qq|扣扣|t\\.me|telegram|tg|"
                  "电报|飞机",
                  re.IGNORECASE)
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE = re.compile(f"[{_PROVINCES}][ ·・.\\-]?[A-HJ-NP-Z][ ·・.\\-]?"
                    "(?=[A-HJ-NP-Z0-9]{0,5}[0-9])[A-HJ-NP-Z0-9]{5,6}(?![A-Za-z0-9])")
_WECHAT = re.compile("(?<![A-Za-z0-9])(wxid_[A-Za-z0-9_-]{4,30})|"
                     "(?:(?:微信|威信|薇信|V信|v信)(?:号|账号|ID|id)?|wechat|weixin|vx|wx)"
                     "[ :：=]{0,3}([A-Za-z][A-Za-z0-9_-]{5,19})(?![A-Za-z0-9_-])", re.IGNORECASE)
_QQ = re.compile("(?:QQ|扣扣)(?:号)?[ :：=]{0,3}([1-9][0-9]{4,11})(?![0-9])", re.IGNORECASE)
# A Telegram account: its @username (5 to 32 letters, digits or _, not an e-mail's @), a
# t.me link, a username (with a digit or _, so that "Telegram group" is kept) or a
# number said to be one (电报号 wang_xl88, Telegram id 7000001, TG: 123456789), or a
# number said to be an account's id (id 7000001, UID 123456). The bot knows each person
# by that id: the site never shows it. A bot's (its name ends in bot: @xinyi_steward_bot,
# the compound's own) is no person's and is kept.
_TELEGRAM = re.compile(
    "(?<![A-Za-z0-9._%+@-])@([A-Za-z][A-Za-z0-9_]{4,31})(?<!bot)(?![A-Za-z0-9_@.-])"
    "|(?<![A-Za-z0-9])(?:https?://)?(?:t|telegram)\\.me/([A-Za-z][A-Za-z0-9_]{4,31})(?<!bot)"
    "(?![A-Za-z0-9_])"
    "|(?:(?<![A-Za-z])(?:telegram|tg)(?![A-Za-z])|电报|纸飞机)(?:号|账号|用户名|ID|id)?"
    "[ :：=]{0,3}(?:(?:id|uid)[ :：=#]{0,3})?([1-9][0-9]{4,14}(?![0-9])"
    "|(?=[A-Za-z]+[0-9_])[A-Za-z][A-Za-z0-9_]{4,31}(?![A-Za-z0-9_]))"
    "|(?<![A-Za-z])(?:id|uid)[ :：=#]{0,3}([1-9][0-9]{5,14})(?![0-9])", re.IGNORECASE)
_EMAIL = re.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}")


def mask_contacts(value: object) -> str:
    """``value`` with the phone and ID numbers ``Redactor``'s patterns miss masked (written
    with dots or long dashes, digit by digit, in Chinese numerals: 138.1234.5678,
    一三八一二三四五六七八, 110105 19491231 002X), and WeChat ids (``WECHAT_MASK``), QQ
    numbers, e-mail addresses (``EMAIL_MASK``), Telegram accounts (``ACCOUNT_MASK``:
    @wang_xl88, t.me/wang_xl88, Telegram id 7000001) and licence plates (``PLATE_MASK``)."""
    if value is None or value == "":
        return ""
    text = str(value)
    if _ANY.search(text) is None:
        return text
    norm = text.translate(_HALF) if _WIDE.search(text) else text
    spans = _number_spans(norm)
    spans += [(*m.span(1 if m.group(1) else 2), PHONE_MASK if m.group(1) else ID_MASK)
              for m in _LETTERED.finditer(norm)]
    if "86" in norm:
        spans += [(*m.span(), PHONE_MASK) for m in _INTL_LANDLINE.finditer(norm)]
    if "@" in norm:
        spans += [(m.start(), m.end(), EMAIL_MASK) for m in _EMAIL.finditer(norm)]
    spans += [(*m.span(1 if m.group(1) else 2), WECHAT_MASK) for m in _WECHAT.finditer(norm)]
    spans += [(*m.span(1), NUMBER_MASK) for m in _QQ.finditer(norm)]
    spans += [(*m.span(0 if m.group(1) or m.group(2) else m.lastindex or 0), ACCOUNT_MASK)
              for m in _TELEGRAM.finditer(norm)]  # @name and t.me/name whole
    spans += [(*m.span(), PLATE_MASK) for m in _PLATE.finditer(norm)]
    if not spans:
        return text
    out: list[str] = []
    at = 0
    for start, end, mask in sorted(spans):
        if start < at:
            continue
        out += [text[at:start], mask]
        at = end
    out.append(text[at:])
    return "".join(out)


# Full-width digits and capitals to ASCII (U+FF10.. and U+FF21..).
_FULL = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B)]}


def _listed_pattern(numbers: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for the listed numbers: each character in turn, with any spaces or
    dashes between them, full-width digits and letters allowed."""
    parts = []
    for number in numbers:
        chars = [c for c in str(number).translate(_FULL).upper() if c.isalnum()]
        if len(chars) < 3:  # too short to mask without masking everything
            continue
        alts = []
        for c in chars:
            if c.isdigit() or ("A" <= c <= "Z"):
                wide = chr(ord(c) + 0xFEE0)
                lower = c.lower() + chr(ord(c.lower()) + 0xFEE0) if c.isalpha() else ""
                alts.append(f"[{re.escape(c)}{wide}{lower}]")
            else:
                alts.append(re.escape(c))
        parts.append("[ \\-－\u00a0]*".join(alts))
    if not parts:
        return None
    parts.sort(key=len, reverse=True)
    return re.compile(f"{_EDGE_L}(?:{'|'.join(parts)}){_EDGE_R}")


class Redactor:
    """``redact`` with a street's listed numbers; call it on any text. With ``contacts``
    (all but a ledger line's, ``public_line``), ``mask_contacts`` too."""

    __slots__ = ("numbers", "_listed", "contacts")

    def __init__(self, numbers: Iterable[object] = (), contacts: bool = True) -> None:
        self.numbers = tuple(str(n) for n in numbers if str(n).strip())
        self._listed = _listed_pattern(self.numbers)
        self.contacts = contacts

    def __call__(self, value: object) -> str:
        if value is None or value == "":
            return ""
        text = str(value)
        if any(ch.isdigit() for ch in text):  # the common case: no number at all
            if self._listed is not None:
                text = self._listed.sub(NUMBER_MASK, text)
            text = _IDNUM.sub(ID_MASK, text)
            text = _PHONE.sub(PHONE_MASK, text)
        return mask_contacts(text) if self.contacts else text


_PLAIN = Redactor()


def redact(value: object, numbers: Iterable[object] = ()) -> str:
    """``value`` with phone numbers, ID numbers and ``numbers`` masked (None -> ""), and
    the other ways to reach a person (``mask_contacts``)."""
    return (_cached(tuple(str(n) for n in numbers)) if numbers else _PLAIN)(value)


@functools.lru_cache(maxsize=32)
def _cached(numbers: tuple[str, ...], contacts: bool = True) -> Redactor:
    return Redactor(numbers, contacts)


def redactor(settings: Mapping[str, Any] | None, contacts: bool = True) -> Redactor:
    """The redactor of a street: its ``settings`` may list further numbers. Without
    ``contacts``, the redaction ledger lines are chained with (``public_line``)."""
    listed = (settings or {}).get(SETTING) or ()
    if isinstance(listed, str | int):
        listed = (listed,)
    if listed or not contacts:
        return _cached(tuple(str(n) for n in listed), contacts)
    return _PLAIN


def every_name(people: Iterable[Mapping[str, Any]]) -> Iterable[str]:
    """Every name of each of ``people``: the one kept and those she corrected
    (``db.names.FORMER_NAMES``: a corrected character leaves her real name in what was
    written before, masked still)."""
    for person in people:
        yield str(person.get("name") or "")
        former = person.get("former_names")
        if isinstance(former, list):
            yield from (str(n) for n in former)


def person_names(people: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """The names to mask of ``people`` (person records): each name as Telegram gave it
    ("first last"), its words and both orders run together (秀兰 王 -> 秀兰, 王秀兰);
    a word of fewer than two characters (three for Latin letters) is left out, since
    masking it would mask ordinary words. A name she corrected is masked too. A name
    Telegram gave with more than letters (钱伟🌸, 钱伟(3号楼), 钱伟-盐业) is masked by
    the run of Chinese characters in it that reads as a person's name (钱伟) too: only
    the name as given was, and "钱伟来了" was published as typed."""
    out: set[str] = set()
    for each in every_name(people):
        name = " ".join(each.split())
        if not name:
            continue
        words = name.split(" ")
        for candidate in (name, *words, "".join(words), "".join(reversed(words)),
                          *(run for run in _CJK_RUN.findall(name) if reads_as_name(run))):
            least = 3 if candidate.isascii() else 2
            if len(candidate) >= least:
                out.add(candidate.casefold())
    return frozenset(out)


_CJK_RUN = re.compile("[\u4e00-\u9fff]{2,4}")


# A Telegram account's id, as the bot knows each person by it (``person_ids``): masked
# only from six digits, so that a room, a year, a count or an amount that happens to be
# someone's id in a small street (a test's: 101, 2025) is never taken for one; real ids
# have seven to ten digits.
MIN_ID_DIGITS = 6
# A run of digits standing alone that may be an id: not part of a code (A7000001), not an
# amount (¥7000001, 7000001元, 1.7000001, 7,000,001), not followed by a unit.
_ID_RUN = re.compile(f"(?<![0-9A-Za-z¥￥$])(?<![0-9][.,])[0-9]{{{MIN_ID_DIGITS},16}}"
                     "(?![0-9A-Za-z])(?![.,][0-9])(?!\\s*(?:元|块|万|千|百|角|分|%|％|年|米|平|㎡|吨|"
                     "斤|公斤|kg|户|人|个|次|笔|份|件|张))")
_WIDE_DIGIT = re.compile("[０-９]")


def person_ids(people: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """The Telegram ids and usernames of ``people`` (person records) that a ``NameMask``
    masks where they stand alone in words (找 7000001 问, 问 user7000001): ids of
    ``MIN_ID_DIGITS`` digits or more, and usernames with a digit or an underscore in
    them (case folded; one of letters alone may be an ordinary word: sunny, water). The
    bot knows each person by them; the site never shows them, said to be an account or
    not (``mask_contacts`` masks "Telegram id 7000001", "@user7000001")."""
    least = 10 ** (MIN_ID_DIGITS - 1)  # (one set built at once: read per post, bot.group_post)
    return frozenset(str(tid) for person in people
                     if type(tid := person.get("telegram_id")) is int and tid >= least) | \
        frozenset(handle.lstrip("@").casefold() for person in people
                  if (handle := person.get("username")) and type(handle) is str
                  and _USERNAME.fullmatch(handle))


# A Telegram username standing alone (not part of a longer word, an e-mail or a link's
# path: the @ and t.me forms are ``mask_contacts``'s).
_HANDLE = re.compile("(?<![A-Za-z0-9_.%+-])[A-Za-z][A-Za-z0-9_]{4,31}(?![A-Za-z0-9_@])")
# A username kept (``person_ids``): with a digit or an underscore in it.
_USERNAME = re.compile("@?[A-Za-z](?=[A-Za-z0-9_]*[0-9_])[A-Za-z0-9_]{4,31}")


_THOUSANDS = re.compile("[0-9]{1,3}(?:[,，][0-9]{3})+")  # an amount: 7,000,001
# A number said in numerals (three at least together: 一 alone is in most Chinese texts)
# or written in groups, which ``id_runs`` reads whole.
_SAID_DIGITS = re.compile(f"[{_NUMERALS}]{{3}}"
                          "|[0-9０-９][ \u00a0\\-–—―‐‑−.·・_/,，、]{1,3}[0-9０-９]")
# What a text holds if an id or a username may stand in it (one search: most texts have
# neither, and a step of Python per character cost a third of the names mask's time).
_ACCOUNT_HINT = re.compile(f"[0-9０-９_＿]|[{_NUMERALS}]{{3}}")
_DIGIT = re.compile("[0-9０-９]")
_LATIN = re.compile("[A-Za-z]")


def id_runs(text: str) -> list[tuple[int, int, str]]:
    """Where a run of digits that may be an account's id stands in ``text`` (start, end,
    its digits half-width): see ``_ID_RUN``; and a number written in groups or said in
    Chinese numerals (7 000 001, 700-0001, 七零零零零零一: ``_NUMBER_RUN``), whole."""
    plain = _DIGIT.search(text) is not None
    said = _SAID_DIGITS.search(text) is not None
    if not plain and not said:
        return []
    norm = text.translate(_HALF) if _WIDE.search(text) else text
    out = [(m.start(), m.end(), m.group()) for m in _ID_RUN.finditer(norm)] if plain else []
    if said:
        for run in _NUMBER_RUN.finditer(norm):
            digits = _said(_GROUP.findall(run.group()))
            if len(digits) >= MIN_ID_DIGITS and digits.isdigit() and \
                    digits != run.group() and not _THOUSANDS.fullmatch(run.group()):
                out.append((run.start(), run.end(), digits))
    return out


def account_spans(text: str, ids: frozenset[str]) -> list[tuple[int, int]]:
    """Where the ids and usernames of ``ids`` (``person_ids``) stand alone in ``text``."""
    if not ids:
        return []
    return sorted((a, b) for a, b, said in candidate_accounts(text) if said in ids)


def candidate_accounts(text: str) -> list[tuple[int, int, str]]:
    """Where a Telegram id or username may stand alone in ``text`` (start, end, its
    digits half-width or the username case folded): what ``account_spans`` looks up."""
    if _ACCOUNT_HINT.search(text) is None:
        return []
    found = [(a, b, digits) for a, b, digits in id_runs(text)]
    # a username typed full-width (ｕｓｅｒ７０００００１, a Chinese keyboard's) as half:
    # one character for one, so the places are the text's
    norm = text.translate(_HALF) if _WIDE.search(text) else text
    if _LATIN.search(norm) is not None:
        found += [(*m.span(), m.group().casefold()) for m in _HANDLE.finditer(norm)]
    return found


def whole_names(people: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """The whole names of ``people`` (person records): each name as Telegram gave it,
    and its words in both orders ("秀兰 王" -> 秀兰 王, 王 秀兰, 秀兰王, 王秀兰), but
    not its words alone, which may be ordinary words (建国) or a common surname; at least
    two characters (three for Latin letters). What ``db.ledger_names`` refuses in the
    words of a ledger line."""
    out: set[str] = set()
    for name in every_name(people):
        words = name.split()
        for candidate in {" ".join(words), "".join(words), " ".join(reversed(words)),
                          "".join(reversed(words))}:
            if len(candidate) >= (3 if candidate.isascii() else 2):
                out.add(candidate.casefold())
    return frozenset(out)


def given_names(people: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """The Chinese given names alone among ``person_names`` of ``people``: the words of
    a name Telegram gave in two or more words ("建国 张" -> 建国), unless they are also
    someone's whole name. ``NameMask`` keeps them where they are part of an ordinary
    word (``db.name_words``); every other name is masked wherever it stands."""
    alone: set[str] = set()
    whole: set[str] = set()
    for name in every_name(people):
        words = name.split()
        whole.update(w.casefold() for w in (" ".join(words), "".join(words),
                                            "".join(reversed(words))))
        if len(words) > 1:
            alone.update(w.casefold() for w in words if len(w) >= 2 and not w.isascii())
    return frozenset(alone - whole)


# A full name written in pinyin (Zhang Jianguo, ZHANG Jianguo, Ouyang Xiu): a common
# surname, then a given name of one or two pinyin syllables, each word capitalised as names
# are. Syllables: every initial with the finals it takes (a few more than Mandarin has, none
# that makes an English word of two capitalised words a name: "Hong Kong" is kept).
_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q",
             "x", "r", "z", "c", "s", "y", "w", "")
_FINALS = ("a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "er", "i",
           "ia", "ie", "iao", "iu", "ian", "in", "iang", "ing", "iong", "u", "ua", "uo", "uai",
           "ui", "uan", "un", "uang", "ue", "v", "ve", "yu")
_SYLLABLE = "(?:" + "|".join(sorted({i + f for i in _INITIALS for f in _FINALS},
                                     key=len, reverse=True)) + ")"
_PINYIN_SURNAMES = (
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng "
    "liang xie song tang han feng deng cao peng zeng xiao tian dong yuan pan jiang cai jia ding "
    "wei xue ye yan lu du dai xia zhong fu cheng shen ren qiu jin yao shi qian tan fang cui "
    "lei hou shao meng duan hao qin yin gu bai qiao mao kang niu shang zou xiong tao lv lyu "
    "ouyang situ zhuge shangguan yu").split()
_PINYIN_NAME = re.compile(
    "(?<![A-Za-z])(?:(" + "|".join(sorted(_PINYIN_SURNAMES, key=len, reverse=True)) + ")"
    f") ((?-i:[A-Z])(?:{_SYLLABLE}){{1,2}})(?![A-Za-z])", re.IGNORECASE)
# Two capitalised words that read as a surname and a given name but are something else.
_NOT_PINYIN_NAMES = frozenset({"hong kong", "ma on", "sun yat", "xiao yi"})  # 孝义 is Xiaoyi


# The syllables of Mandarin as pinyin writes them (no tones; ü as v), for names typed in
# lower case, where the looser ``_SYLLABLE`` would take English words (human, mature). A set
# (a regex of them all took 65 ms to compile at every start of the bot).
_MANDARIN = frozenset((
    "a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai "
    "can cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chuai "
    "chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei "
    "deng di dian diao die ding diu dong dou du duan dui dun duo e en er fa fan fang fei fen "
    "feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui "
    "gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo "
    "ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke ken "
    "keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia "
    "lian liang liao lie lin ling liu long lou lu lv luan lve lue lun luo ma mai man mang mao "
    "mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao nei nen neng ni "
    "nian niang niao nie nin ning niu nong nu nv nuan nve nue nuo ou pa pai pan pang pao pei "
    "pen peng pi pian piao pie pin ping po pu qi qia qian qiang qiao qie qin qing qiong qiu qu "
    "quan que qun ran rang rao re ren reng ri rong rou ru ruan rui run ruo sa sai san sang sao "
    "se sen seng sha shai shan shang shao she shen sheng shi shou shu shua shuai shuan shuang "
    "shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti tian tiao "
    "tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian "
    "xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yong you "
    "yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhen "
    "zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui "
    "zun zuo").split())
_SURNAMES_SET = frozenset(_PINYIN_SURNAMES)


def _given(word: str) -> int:
    """How many Mandarin syllables ``word`` is (1 or 2), 0 when it is not one or two."""
    if word in _MANDARIN:
        return 1
    return 2 if any(word[:i] in _MANDARIN and word[i:] in _MANDARIN
                    for i in range(1, len(word))) else 0


def _spaced_name(run: str) -> bool:
    """``run`` is a surname and a given name, in words (zhang wei, wang jianguo, wang jian
    guo)."""
    words = run.split(" ")
    if len(words) == 2:
        return words[0] in _SURNAMES_SET and _given(words[1]) > 0
    return len(words) == 3 and words[0] in _SURNAMES_SET and \
        words[1] in _MANDARIN and words[2] in _MANDARIN


def _joined_name(run: str) -> bool:
    """``run`` is a surname and a given name run together: of two syllables, or of one in
    seven letters or more (wangjianguo, zhangwei; not taobao, weixin, yuan, human)."""
    for i in range(1, min(len(run), 9)):
        if run[:i] in _SURNAMES_SET:
            n = _given(run[i:])
            if n == 2 or n == 1 and len(run) >= 7:
                return True
    return False


# A run of Latin words (single spaces between them) and what may stand beside a name run
# together: a phone or ID number, or its mask.
_LATIN_RUN = re.compile("[A-Za-z]+(?: [A-Za-z]+)*")
_BESIDE_NUMBER = re.compile(r"[\s,，:：;；、/()（）-]{0,3}(?:[0-9０-９]{7}|"
                            + "|".join(re.escape(m) for m in ("[电话已隐藏]", "[证件号已隐藏]",
                                                              "[号码已隐藏]")) + ")")
# Pinyin words and names of things that read as a surname and a given name in lower case.
_NOT_LOWER_NAMES = frozenset({
    "xiao qu", "wu ye", "lu deng", "ma shang", "shi jian", "fang zi", "yang tai", "jin tian",
    "zhou mo", "zhu yi", "gao xing", "hu tong", "he ping", "li mian", "lu kou", "men kou",
    "shi qing", "wei xiu", "lu mian", "ye li", "xia wu", "shang wu", "xiao shi", "fu jin",
    "li ning", "tianmao", "xiaohongshu", "zhongguo", "zhonghua", "zhongxin", "shangcheng",
    "wanjia", "xinyi", "xiaoyi", "xiaoqu", "wuye", "huayuan", "jiayuan", "tianyuan",
    *_NOT_PINYIN_NAMES})


def _lower_name(text: str, start: int, end: int) -> bool:
    """The run of Latin words ``text[start:end]``, in lower case, is a name: a surname and
    a given name of one or two Mandarin syllables, spaced (zhang wei) or, beside a phone or
    ID number or its mask, run together (wangjianguo 13812345678); not an id, an e-mail or
    a word of a longer one (zhang_wei88, @, .), nor a pinyin word (``_NOT_LOWER_NAMES``)."""
    run = text[start:end]
    before, after = text[start - 1:start] if start else "", text[end:end + 1]
    if not run.islower() or run in _NOT_LOWER_NAMES or \
            before and before in "@._-/#'" or after and after in "@._-'":
        return False
    if " " in run:
        return _spaced_name(run)
    if not _joined_name(run):
        return False
    beside = _BESIDE_NUMBER.match(text, end) or _BESIDE_NUMBER.match(text[:start][::-1])
    return beside is not None


def latin_name_spans(text: str) -> list[tuple[int, int]]:
    """Where a full name written in pinyin stands in ``text`` (Zhang Jianguo, LI Ming):
    a common surname capitalised (Zhang, ZHANG) and a capitalised given name of one or two
    syllables; a surname written in lower case, a given name that is no pinyin (Wang
    Street) or a word after the given name that is capitalised too (Li Ning Sports Co.
    is a company's) is no name found here. In lower case (as a phone's keyboard types it),
    a name is found only where it is the whole of a run of Latin words (找zhang wei修的,
    not "i met zhang wei today": English around it may make it anything), its given name
    Mandarin syllables, and run together only beside a phone or ID number
    (``_lower_name``)."""
    if not text.isascii() and not any(c.isascii() and c.isalpha() for c in text):
        return []
    spans = []
    for m in _PINYIN_NAME.finditer(text):
        surname, given = m.group(1), m.group(2)
        if not (surname.istitle() or surname.isupper()) or len(given) < 2 or \
                not (given.istitle() or given.isupper()) or \
                f"{surname} {given}".casefold() in _NOT_PINYIN_NAMES or \
                re.match(" [A-Z]", text[m.end():m.end() + 2]):
            continue
        spans.append(m.span())
    lower = [r.span() for r in _LATIN_RUN.finditer(text) if _lower_name(text, *r.span())]
    return sorted(spans + lower) if lower else spans


class Hashed(Protocol):
    """The forms of the people forgotten, hashed (``db.forgotten_forms.HashedForms``)."""

    key: Any

    def name_spans(self, text: str, folded: str) -> list[tuple[int, int]]: ...

    def is_id(self, said: str) -> bool: ...


class NameMask:
    """Masks the names of a set (``person_names``) in a text: at each place, the
    longest name starting there (case-insensitive), looked up by length, so a street's
    thousands of names cost a few set lookups per character. A name of ``given``
    (``given_names``) is kept where it is part of a longer ordinary word: before a
    place word (建国路), or in a word of jieba's dictionary (``words``: 国庆节).

    With ``strangers`` (the site's mask: ``site_builder.collect_base.people_of``), what
    reads as the full name of someone nobody registered is masked too
    (``db.full_names``: 3楼的王建国老人, 物业经理李红梅说): publishing a person's name
    needs her consent (PIPL art. 25), and a neighbour or a contractor named in a report
    never gave it. A known name that is the start of a longer one found so is masked
    with all of it (张建 registered, "张建成来了": not "[姓名已隐藏]成来了").

    With ``ids`` (``person_ids``), the Telegram ids and usernames of the people are
    masked too where they stand alone (找 7000001 问, 7000001家, 问 user7000001), by
    ``ACCOUNT_MASK``: they are among ``names`` (what masked an area's words,
    ``site_builder.collect_base.mask_state``), looked for as runs of digits or of a
    username's characters (``account_spans``), not by length as names are."""

    __slots__ = ("names", "given", "dictionary", "strangers", "ids", "hashed", "_words",
                 "_lengths")

    def __init__(self, names: Iterable[str], given: Iterable[str] = (),
                 dictionary: bool = True, strangers: bool = False,
                 ids: Iterable[str] = (), hashed: Hashed | None = None) -> None:
        self.hashed = hashed  # the forms of the people forgotten (db.forgotten_forms)
        self.ids = frozenset(ids)
        words = frozenset(names)
        self.names = words | self.ids
        self.given = frozenset(given) & self.names
        self.dictionary = dictionary  # False: only place words tell ordinary words
        self.strangers = strangers  # True: names nobody registered are masked too
        self._words: NameWords | None | bool = False  # False: not read yet
        self._lengths = sorted({len(n) for n in words - self.ids}, reverse=True)

    @classmethod
    def of(cls, people: Iterable[Mapping[str, Any]], strangers: bool = False,
           hashed: Hashed | None = None) -> NameMask:
        """The mask of the names and Telegram ids of ``people`` (person records), and of
        those of the people forgotten, ``hashed`` (``db.forgotten_forms.HashedForms``)."""
        people = list(people)
        return cls(person_names(people), given_names(people), strangers=strangers,
                   ids=person_ids(people), hashed=hashed)

    @property
    def words(self) -> NameWords | None:
        """What jieba's dictionary says around the given names: read (``name_words``,
        once a process for the same names) when a given name first stands in a text
        without a place word after it."""
        if self._words is False:
            self._words = name_words(self.given) if self.dictionary else None
        return self._words if isinstance(self._words, NameWords) else None

    def ready(self) -> NameMask:
        """This mask with the dictionary read now rather than at its first need."""
        _ = self.words
        return self

    def _ordinary(self, folded: str, start: int, end: int) -> bool:
        """The given name at ``folded[start:end]`` is part of a longer ordinary word."""
        if is_place(folded, end):
            return True
        words = self.words
        return words is not None and words.in_word(folded, start, end)

    def first(self, value: object) -> str | None:
        """The first name this mask would mask in ``value``, as it was typed; None if
        there is none."""
        text = "" if value is None else str(value)
        masked = self(text)
        if masked == text:
            return None
        at = next((i for i, (a, b) in enumerate(zip(text, masked, strict=False))
                   if a != b), min(len(text), len(masked)))
        folded = fold(text)
        for start in (at, *range(max(0, at - len(NAME_MASK)), at)):  # the mask's first
            for n in self._lengths:  # characters may be those of the text before it
                if folded[start:start + n] in self.names:
                    return text[start:start + n]
        return None

    def __call__(self, value: object) -> str:
        if value is None or value == "":
            return ""
        text = str(value)
        spans = self._spans(text)
        if _SPACED.search(text):  # 王 秀兰, 王 建 国: a name spaced out is one too
            close, where = squeezed(text)
            spans = _merged(spans, [(where[a], where[b - 1] + 1)
                                    for a, b in self._spans(close)])
        if not spans:
            return text
        out: list[str] = []
        start = 0
        ids = self.ids
        for i, end in spans:
            said = text[i:end]
            account = bool(ids) and (said.translate(_HALF).casefold() in ids or any(
                d in ids and a == 0 and b == len(said) for a, b, d in id_runs(said)))
            if not account and self.hashed is not None:  # someone forgotten's id
                account = any(a == 0 and b == len(said) and self.hashed.is_id(d)
                              for a, b, d in candidate_accounts(said))
            out += [text[start:i], ACCOUNT_MASK if account else NAME_MASK]
            start = end
        out.append(text[start:])
        return "".join(out)

    def _spans(self, text: str) -> list[tuple[int, int]]:
        """Where the names (and ids) this mask masks stand in ``text``, in order."""
        spans = self._known(text)
        hashed = self.hashed  # the names and accounts of the people forgotten
        if self.ids or hashed is not None:
            ids = self.ids
            found = [(a, b) for a, b, said in candidate_accounts(text)
                     if said in ids or hashed is not None and hashed.is_id(said)]
            if found:
                spans = _merged(spans, found)
        if hashed is not None:
            found = hashed.name_spans(text, fold(text))
            if found:
                spans = _merged(spans, found)
        if not self.strangers:
            return spans
        return _merged(_merged(spans, full_name_spans(text, None)), latin_name_spans(text))

    def _known(self, text: str) -> list[tuple[int, int]]:
        """Where the known names stand in ``text`` (start, end), in order."""
        if not self.names:
            return []
        folded = fold(text)
        names = self.names
        if names.isdisjoint([folded[i:i + n] for n in self._lengths
                             for i in range(len(folded) - n + 1)]):
            return []  # the common case, found without a Python step per character
        given = self.given
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(text):
            for n in self._lengths:
                name = folded[i:i + n]  # at the end shorter than n: not a name of n
                if len(name) == n and name in names and word_edge(text, i, i + n) and \
                        not (name in given and self._ordinary(folded, i, i + n)):
                    spans.append((i, i + n))
                    i += n
                    break
            else:
                i += 1
        return spans


# Spaces between two Chinese characters (王 秀兰), a line's end or a character nobody
# sees (王\u200b秀兰): taken out to look for names.
_SPACED = re.compile("(?<=[\u4e00-\u9fff])[ \u3000\u00a0\n\r\t\u200b\u200c\u200d\u2060\ufeff]+"
                     "(?=[\u4e00-\u9fff])")


def spaced(text: str) -> bool:
    """Whether ``text`` has spaces between Chinese characters (``squeezed`` takes out)."""
    return _SPACED.search(text) is not None


def squeezed(text: str) -> tuple[str, list[int]]:
    """``text`` without the spaces between Chinese characters (``_SPACED``), and where
    each of its characters is in ``text``."""
    gone: set[int] = set()
    for m in _SPACED.finditer(text):
        gone.update(range(m.start(), m.end()))
    where = [i for i in range(len(text)) if i not in gone]
    return "".join(text[i] for i in where), where


def _merged(known: list[tuple[int, int]], found: list[tuple[int, int]]
            ) -> list[tuple[int, int]]:
    """The spans of both lists, in order, those that overlap made one."""
    if not found:
        return known
    out: list[tuple[int, int]] = []
    for start, end in sorted(known + found):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def fold(text: str) -> str:
    """``text`` as a ``NameMask`` looks for names in it: case folded, or lower-cased
    where a character would fold to two (so that places in it are places in ``text``)."""
    folded = text.casefold()
    return folded if len(folded) == len(text) else text.lower()


def word_edge(text: str, start: int, end: int) -> bool:
    """A Latin name is a whole word (``Li`` is not masked inside ``Lily``); Chinese has
    no spaces between words, so a Chinese name is masked wherever it stands."""
    if not text[start:end].isascii():
        return True
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and before.isalnum()) and \
        not (after.isascii() and after.isalnum())


RECEIPT_CHECKED = "checked"  # a line's receipt: seen by the volunteers, not published


def receipt_shown(kind: object, receipt: object, *, public: bool = False) -> object:
    """What a ledger line of ``kind`` says of its receipt: the photo's reference only for
    an expense whose invoice the recorder confirmed ``public``; ``RECEIPT_CHECKED`` for
    any other receipt; None without one."""
    if not receipt:
        return None
    return receipt if kind == "expense" and public else RECEIPT_CHECKED


def hidden_words(value: object, settings: Mapping[str, Any] | None,
                 rooms: Iterable[str] = ()) -> str | None:
    """``value`` as a ledger line (``public_line``) or the site shows it, its phone, ID,
    listed and room numbers masked (with ``rooms``, the area's, as the site masks them
    written alone), when that hides anything; None when it shows it as typed. For the
    volunteer who reads it as typed (names of people the store knows are masked too on
    the site, not in a ledger line: that is not said here)."""
    if value is None or value == "":
        return None
    text = str(value)
    masked = mask_bare_rooms(mask_rooms(redactor(settings)(text)), rooms)
    return masked if masked != text else None


def public_line(fields: dict[str, Any], settings: Mapping[str, Any] | None, *,
                receipt_public: bool = False, rooms: bool = False) -> dict[str, Any]:
    """The fields of a ledger line as the public may see them, made before the line is
    chained: its free text redacted (and, with ``rooms``, its room numbers masked: lines
    of ``db.lines`` format 3 on), its publication time cut to the day, its receipt
    photo only if it is an expense's invoice confirmed ``receipt_public``."""
    clean = redactor(settings, contacts=False)  # as lines were always chained: they verify
    out = dict(fields)
    out["receipt"] = receipt_shown(out.get("kind"), out.get("receipt"), public=receipt_public)
    for key in LINE_TEXT_FIELDS:
        if isinstance(out.get(key), str):
            out[key] = mask_rooms(clean(out[key])) if rooms else clean(out[key])
    if isinstance(out.get("published_at"), str):
        out["published_at"] = out["published_at"][:10]
    return out


_FORMULA = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def csv_cell(value: object) -> object:
    """A value for a CSV cell that no spreadsheet runs as a formula: text starting with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``.
    Numbers are left as numbers (a negative amount is not a formula)."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value
