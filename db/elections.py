"""Electing the owners' committee (Civil Code art. 278 item 3, 选举业主委员会
或者更换业主委员会成员), on the votes' own machinery.

An election is a proposal (``Kind.PROPOSAL``) whose matter is
``committee_election`` and whose ``data["election"]`` holds the seats and
the candidates, each named by a role title only (候选人甲（退休教师）), never
by a name: the site shows what the election keeps. So it has what every vote
has (``db.votes``, ``db.closing``): a frozen electorate in which an owner of
several flats counts once, a deadline after which it closes by itself, an
early close with two volunteers, a withdrawal, paper ballots recorded by a
volunteer and never silently replacing an online one, nor the reverse.

**A ballot** is a vote entry whose ``backs`` lists the candidates (their
numbers, from 1) it backs, at most as many as there are seats; a ballot
backing nobody is a blank ballot: its owner took part. A later ballot of
the same owner replaces the earlier one.

**Who is elected** (``decide_election``): art. 278 asks of the election
what it asks of every ordinary matter. Owners holding two thirds or more of
the floor area and two thirds or more of the owners take part (cast a
ballot); a candidate then needs more than half of the participating owners
*and* of the participating floor area to back them. Of those who do, the
seats go in the order of backing owners, then backing area; when the last
seat falls on candidates backed equally by both, none of them takes it (a
further round decides), and the result says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .chinese_names import FORMS_OF_ADDRESS, SURNAMES, neighbours_called, reads_as_name
from .electorate import Electorate, count_votes
from .errors import DomainError
from .matters import matter
from .name_words import word_frequency, word_tag
from .redact import mask_rooms, redact
from .tally import QUORUM, Choice, Tally, decide, fraction_str, m2, pct

__all__ = ["ELECTION", "MAX_CANDIDATES", "MAX_SEATS", "MAX_CANDIDATE_TITLE", "is_election",
           "election_spec", "checked_spec", "check_backs", "decide_election", "committee_title",
           "personal_in_title", "heads", "nickname_in", "role_instead", "candidate_refused"]

ELECTION = matter("committee_election")
MAX_CANDIDATES = 20  # a ballot's buttons carry the choice as bits of one number
MAX_SEATS = 15
MAX_CANDIDATE_TITLE = 40
DEFAULT_COMMITTEE_TITLE = "物管会委员"


def looks_like_a_name(title: str) -> bool:
    """Whether ``title`` as a whole reads as a person's name: two or three Chinese
    characters starting with a common surname (张三, 周桂兰), unless it ends with a form
    of address (王老师). A name nobody registered would otherwise go on the site."""
    bare = "".join(title.split())
    return (len(bare) in (2, 3) and reads_as_name(bare)
            and not bare[1:].endswith(FORMS_OF_ADDRESS))


_LEADING = re.compile(r"[^（(，,、：:\s]+")
_JOB_ENDS = ("员", "长", "师", "工", "主", "户", "委", "代表")  # 单元长, 康复师: no name


def name_before_role(title: str) -> str | None:
    """A full name standing before the role in brackets (王建国（退休教师）), or None: the
    title's first word when it reads as a name (``looks_like_a_name``) and is no ordinary
    word (jieba's dictionary: 党员, 司机, 房东 are words; a word tagged as a person's name
    that is rare, 王建国, is not) nor a job (单元长, 康复师). A name nobody registered went
    on the site so: only a whole title that read as a name was refused."""
    m = _LEADING.match(title.strip())
    word = m.group(0) if m else ""
    if word == "".join(title.split()) or not looks_like_a_name(word) or \
            word.endswith(_JOB_ENDS):
        return None
    freq = word_frequency(word)
    return word if freq == 0 or (word_tag(word) == "nr" and freq < 50) else None


_TOKENS = re.compile(r"[^（(）)，,、：:；;\s]+")
_SHORT_KIN = re.compile(f"[{''.join(sorted(SURNAMES))}](?:大姐|大哥|姐姐|哥哥|姐|哥|叔|婶)")


# Titles that, after a surname, name the one person (王老师, 李主任, 张楼长).
_TITLES = ("老师", "主任", "书记", "组长", "楼长", "委员", "医生", "大夫", "先生", "女士",
           "同志", "经理", "老板", "队长", "站长", "会计", "律师", "教授")
_TITLED = re.compile(f"(?=([{''.join(sorted(SURNAMES))}](?:{'|'.join(_TITLES)})))")


def _titled(title: str) -> str | None:
    """A surname and a title (王老师, 李主任, 1号楼张楼长), where the surname's character
    begins a word: not the end of a word of jieba's dictionary with what is before it
    (音乐老师, 安全委员, 前任主任, 主管会计)."""
    for m in _TITLED.finditer(title):
        at = m.start()
        if at == 0 or not word_frequency(title[at - 1:at + 1]):
            return m.group(1)
    return None


def nickname_in(title: str) -> str | None:
    """How neighbours call someone, standing in a candidate's title: 老 or 小 and a surname
    (老张, 小王), a surname and a kin title or 师傅 (王阿姨, 李大爷, 李师傅:
    ``db.chinese_names.neighbours_called``, which leaves 老党员, 小区 and 保安大爷 alone),
    a whole word of a surname and 姐, 哥, 叔 or 婶 (张姐, 王哥), or a surname and a title
    (王老师, 李主任: ``_titled``); None. The site shows the titles to everyone, and everyone
    in the compound knows who 老张 is, or 王老师: a title that named a person was refused
    (``name_before_role``), one that called her so was not."""
    called = neighbours_called(title)
    if called:
        return called[0]
    short = next((w for w in _TOKENS.findall(title) if _SHORT_KIN.fullmatch(w)), None)
    return short if short is not None else _titled(title)


_LETTERS = "甲乙丙丁戊己庚辛壬癸"


def role_instead(title: str, found: str, n: int) -> str:
    """What to write instead of candidate ``n``'s ``title`` holding ``found`` (a nickname
    or a name): its role without them, after 候选人 and a letter (老张（楼长） as the first
    candidate: 候选人甲（楼长）); the usual example when nothing but the person is left."""
    # 王老师（退休）: the title stays without the surname, 候选人甲（老师，退休）
    rest = title.replace(found, found[1:] if found[1:] in _TITLES else "") if found else title
    rest = re.sub(r"[（(]", "，", rest)
    rest = re.sub(r"[）)]", "", rest)
    rest = re.sub(r"[，,、\s]+", "，", rest).strip("，：: ")
    if rest.startswith("候选人") and len(rest) > 4:
        head, _, role = rest.partition("，")
        return f"{head}（{role}）" if role else head
    letter = _LETTERS[(max(n, 1) - 1) % len(_LETTERS)]
    return f"候选人{letter}（{rest or '退休教师，1号楼'}）"


def candidate_refused(title: str, found: str, n: int) -> DomainError:
    """The refusal of candidate ``n``'s ``title`` in which ``personal_in_title`` found
    ``found``: ``candidate_nickname`` for how neighbours call someone (老张), else
    ``candidate_personal``; both say what to write instead (``instead``)."""
    # a number or a room is not cut out of the title: the usual example instead
    instead = role_instead("" if found in ("number", "room") else title, found, n)
    if found == nickname_in(title):
        return DomainError(f"candidate {title!r} is called by a nickname ({found}): name them "
                           f"by their role, e.g. {instead}", code="candidate_nickname",
                           title=title, found=found, instead=instead)
    return DomainError("a candidate is named by a role title, without a name or a phone or "
                       f"ID number, e.g. {instead}", code="candidate_personal", title=title,
                       found=found, instead=instead)


def personal_in_title(title: str, names: Iterable[str]) -> str | None:
    """What in a candidate's title is personal, or None: a phone or ID number (as
    ``db.redact`` finds them), the name of someone registered (``names``: the
    names people gave, private; one of two to four Chinese characters starting with
    a common surname, or of five letters or more: ``db.chinese_names``, so that the
    nicknames people go by on Telegram, 开心, 幸福, do not refuse a title holding
    them), or the whole title when it reads as a name (``looks_like_a_name``), "room"
    for a room number (``db.redact.mask_rooms``), how neighbours call someone (老张,
    王阿姨: ``nickname_in``), or a name before the role in brackets (``name_before_role``)."""
    if redact(title) != title:
        return "number"
    if looks_like_a_name(title):
        return "".join(title.split())
    if mask_rooms(title) != title:  # 1号楼301业主: the site shows no room
        return "room"
    called = nickname_in(title)  # 老张（楼长）: everyone there knows who it is
    if called is not None:
        return called
    leading = name_before_role(title)
    if leading is not None:
        return leading
    folded = title.casefold()
    for raw in names:
        name = "".join(str(raw or "").split())
        if reads_as_name(name):
            if name in title:
                return name
        elif len(name) >= 5 and name.isalpha() and name.isascii():
            if re.search(rf"(?<![a-z]){re.escape(name.casefold())}(?![a-z])", folded):
                return name
    return None


def is_election(data: Mapping[str, Any]) -> bool:
    """Whether a proposal's data is an election's."""
    return isinstance(data.get("election"), Mapping)


def committee_title(data: Mapping[str, Any]) -> str:
    """The title of the role the elected take (物管会委员)."""
    spec = data.get("election") or {}
    return str(spec.get("committee_title") or DEFAULT_COMMITTEE_TITLE)


def election_spec(seats: object, candidates: object,
                  title: object = DEFAULT_COMMITTEE_TITLE) -> dict[str, Any]:
    """The ``data["election"]`` of a new election: its seats, its candidates (role
    titles, each at most ``MAX_CANDIDATE_TITLE`` characters, none twice) and the
    title of the committee role the elected take. Refuses with ``DomainError``."""
    if isinstance(seats, bool) or not isinstance(seats, int) or not 1 <= seats <= MAX_SEATS:
        raise DomainError(f"an election has 1 to {MAX_SEATS} seats", code="bad_seats",
                          most=MAX_SEATS)
    if isinstance(candidates, str) or not isinstance(candidates, Sequence):
        raise DomainError("the candidates are a list of role titles", code="bad_candidates")
    names: list[str] = []
    for c in candidates:
        if not isinstance(c, str) or not c.strip():
            raise DomainError("each candidate is named by a role title",
                              code="bad_candidates")
        name = " ".join(c.split())
        if len(name) > MAX_CANDIDATE_TITLE:
            raise DomainError(f"a candidate's title has at most {MAX_CANDIDATE_TITLE} "
                              "characters", code="candidate_too_long",
                              most=MAX_CANDIDATE_TITLE, title=name[:MAX_CANDIDATE_TITLE])
        if name in names:
            raise DomainError(f"candidate {name!r} is listed twice", code="candidate_twice",
                              title=name)
        names.append(name)
    if not seats <= len(names) <= MAX_CANDIDATES:
        raise DomainError(f"an election of {seats} seats has {seats} to {MAX_CANDIDATES} "
                          "candidates", code="bad_candidates", seats=seats,
                          most=MAX_CANDIDATES)
    if not isinstance(title, str) or not title.strip() or len(title.strip()) > 30:
        raise DomainError("the committee role's title is short text", code="bad_text")
    return {"seats": seats, "committee_title": title.strip(),
            "candidates": [{"n": n, "title": name} for n, name in enumerate(names, 1)]}


def checked_spec(value: object) -> dict[str, Any]:
    """An election's ``data["election"]`` handed in whole, checked as ``election_spec``
    checks its parts."""
    if not isinstance(value, Mapping):
        raise DomainError("an election is a mapping of its seats and candidates",
                          code="bad_candidates")
    raw = value.get("candidates")
    titles = [c.get("title") if isinstance(c, Mapping) else c
              for c in (raw if isinstance(raw, Sequence) and not isinstance(raw, str) else [])]
    return election_spec(value.get("seats"), titles,
                         value.get("committee_title", DEFAULT_COMMITTEE_TITLE))


def check_backs(spec: Mapping[str, Any], backs: object) -> list[int]:
    """The candidates a ballot backs, checked: numbers of the election's candidates,
    none twice, at most one per seat (none: a blank ballot)."""
    if isinstance(backs, str | bytes) or not isinstance(backs, Sequence):
        raise DomainError("a ballot lists the candidates it backs", code="bad_ballot")
    known = {int(c["n"]) for c in spec["candidates"]}
    out: list[int] = []
    for b in backs:
        if isinstance(b, bool) or not isinstance(b, int) or b not in known:
            raise DomainError(f"no candidate {b!r} in this election", code="bad_ballot")
        if b in out:
            raise DomainError(f"candidate {b} is backed twice", code="bad_ballot")
        out.append(b)
    if len(out) > int(spec["seats"]):
        raise DomainError(f"a ballot backs at most {spec['seats']} candidates (one per seat)",
                          code="too_many_backed", seats=int(spec["seats"]))
    return sorted(out)


def decide_election(voters: Electorate, ballots: Mapping[str, Sequence[int]],
                    spec: Mapping[str, Any]) -> dict[str, Any]:
    """Who is elected: ``ballots`` maps each owner who took part (a voter of
    ``voters``) to the candidates they back. Returns a JSON-safe dict: the turnout,
    per candidate (in the order of the ballot) their backing and its shares, rank
    and outcome (``elected``, ``tied``, ``outside_seats``, ``no_majority``,
    ``no_quorum``), the elected candidates' numbers, and an explanation."""
    seats = int(spec["seats"])
    turnout = decide(voters, count_votes(voters, {v: Choice.AGREE if b else Choice.ABSTAIN
                                                  for v, b in ballots.items()}),
                     matter=ELECTION)
    quorum = (turnout.owners_total > 0 and turnout.area_total > 0
              and turnout.participation_owners >= QUORUM
              and turnout.participation_area >= QUORUM)
    rows: list[dict[str, Any]] = []
    for c in spec["candidates"]:
        n = int(c["n"])
        t = decide(voters, count_votes(voters, {v: Choice.AGREE if n in b else Choice.DISAGREE
                                                for v, b in ballots.items()}),
                   matter=ELECTION)
        rows.append({"n": n, "title": str(c["title"]), "backers": t.agree,
                     "voted": t.owners_voted, "flats": t.flats[0],
                     "area_backing": fraction_str(t.area_agree),
                     "area_voted": fraction_str(t.area_voted),
                     "share_owners_pct": pct(t.agree_share_owners),
                     "share_area_pct": pct(t.agree_share_area),
                     "area_backing_m2": m2(t.area_agree), "area_voted_m2": m2(t.area_voted),
                     "majority": bool(t.passed), "_key": (t.agree, t.area_agree)})
    order = sorted(rows, key=lambda r: (r["_key"][0], r["_key"][1]), reverse=True)
    for rank, r in enumerate(order, 1):
        r["rank"] = rank
    winners = [r for r in order if r["majority"]]
    boundary = winners[seats - 1]["_key"] if len(winners) > seats else None
    tied_out = boundary is not None and winners[seats]["_key"] == boundary
    for i, r in enumerate(winners):
        if tied_out and r["_key"] == boundary:
            r["outcome"] = "tied"
        else:
            r["outcome"] = "elected" if i < seats else "outside_seats"
    for r in rows:
        if not r["majority"]:
            r["outcome"] = "no_quorum" if not quorum else "no_majority"
        del r["_key"]
    elected = [r["n"] for r in order if r["outcome"] == "elected"]
    zh, en = _explain(turnout, quorum, seats, rows, elected)
    return {"seats": seats, "quorum": quorum, "candidates": rows, "elected": elected,
            "turnout": turnout.as_dict(), "explanation_zh": zh, "explanation_en": en}


def _explain(turnout: Tally, quorum: bool, seats: int, rows: list[dict[str, Any]],
             elected: list[int]) -> tuple[str, str]:
    """The result in words, every headcount in one unit: owners, as art. 278 counts them
    (``heads``: 户 while each owner holds one flat, 人 once one holds several, then with
    their flats beside), and the floor area. Before, the turnout read 43/60 户 and the
    elected "当选 3 人", while the site counted each candidate's backers in 人."""
    t = turnout
    unit_zh, unit_en = heads(t.by_owner)
    flats_zh = (f"，共 {t.households_voted}/{t.households_total} 户" if t.by_owner else "")
    flats_en = (f", {t.households_voted}/{t.households_total} households" if t.by_owner
                else "")
    who = "业主 " if t.by_owner else " "
    part_zh = (f"参与投票{who}{t.owners_voted}/{t.owners_total} {unit_zh}"
               f"（{pct(t.participation_owners)}%{flats_zh}），专有部分面积 {m2(t.area_voted)}/"
               f"{m2(t.area_total)} m²（{pct(t.participation_area)}%）")
    part_en = (f"Ballots cast: {t.owners_voted}/{t.owners_total} {unit_en} "
               f"({pct(t.participation_owners)}%{flats_en}), floor area {m2(t.area_voted)}/"
               f"{m2(t.area_total)} m² ({pct(t.participation_area)}%)")
    if not quorum:
        return (f"{part_zh}。参与表决的业主不足（人数和面积均须达到三分之二以上），"
                f"本次选举无人当选。",
                f"{part_en}. Too few owners took part (two thirds of both the owners and the "
                f"floor area are needed): nobody is elected.")
    by_n = {r["n"]: r for r in rows}

    def backing_zh(r: Mapping[str, Any]) -> str:
        return (f"{r['title']}（支持 {r['backers']}/{r['voted']} {unit_zh}，"
                f"参与面积的 {r['share_area_pct']}%）")

    def backing_en(r: Mapping[str, Any]) -> str:
        return (f"{r['title']} ({r['backers']}/{r['voted']} {unit_en}, "
                f"{r['share_area_pct']}% of the area taking part)")

    tied = [r["title"] for r in rows if r["outcome"] == "tied"]
    zh = (f"{part_zh}。候选人须获得参与表决业主人数过半数且参与表决专有部分面积过半数的支持，"
          f"按得票多少当选，共 {seats} 席。")
    en = (f"{part_en}. A candidate needs the backing of more than half of both the owners and "
          f"the floor area taking part; the {seats} seats go in order of backing.")
    zh += (f"当选 {len(elected)} 位：{'、'.join(backing_zh(by_n[n]) for n in elected)}。"
           if elected else "无人当选。")
    en += (f" Elected ({len(elected)}): {', '.join(backing_en(by_n[n]) for n in elected)}."
           if elected else " Nobody is elected.")
    if tied:
        zh += f"{'、'.join(tied)} 得票相同，争最后的席位，须另行选举。"
        en += f" {', '.join(tied)} tie for the last seat: a further round decides."
    if len(elected) < seats and not tied:
        zh += f"尚缺 {seats - len(elected)} 席。"
        en += f" {seats - len(elected)} seats remain unfilled."
    return zh, en


def heads(by_owner: bool) -> tuple[str, str]:
    """The unit of an election's headcounts, in Chinese and English: 户 (households)
    while each owner holds one flat, 人 (owners) once one holds several, as a vote's
    tally says them (``db.tally``)."""
    return ("人", "owners") if by_owner else ("户", "households")
