"""How an entry waiting for approval is described on its post in the approval queue
(``bot.notify.notify_pending``): what it is, who sent it, what it may repeat, and the
buttons under it (Approve / Reject, or what the approver must do beyond Approve). Plain
text, in the approver's language; the posting and remembering of posts: ``bot.notify``.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup
from telegram.ext import ContextTypes

from db import labels, voice
from db.author_questions import asked_of
from db.chinese_names import neighbours_called
from db.entries import Entry, Kind
from db.errors import DomainError
from db.fee_remark import MAX_REMARK, REMARK
from db.hidden_names import HIDEABLE, hidden_of, hide_in
from db.money import format_fen
from db.payee_person import person_called, plain_payee
from db.people import RESIDENT_LABEL, is_volunteer_of
from db.public_words import names_mask
from db.redact import area_rooms, hidden_words
from db.review import VOICE_KINDS

from .civic_text import civic_lines
from .context import read, repo_of
from .full_name_note import called_lines as _called
from .full_name_note import quoted
from .group_post import (
    CHANGE_PRIVATE,
    NOTE_PRIVATE,
    PROXY_FOR_BUILDING,
    RECEIPT_PRIVATE,
    SHOW_PRIVATELY,
    VOICE_PRIVATE,
    WHO_PRIVATE,
    building_of,
    home_line,
    masked,
    withholds,
)
from .i18n import lazy, tr
from .keyboards import button
from .post_notes import VOICE_WAITING, fee_notes, issue_notes
from .reach import NO_USERNAME, unreachable
from .sender_line import resident_sender
from .voice_words import entry_words, voice_words

__all__ = ["QUEUE_PREFIX", "DESCRIPTION_TEXT_LIMIT", "SEPARATE", "SHARED", "VOICE", "VOICE_TYPED",
           "OVER_BALANCE",
           "quoted",
           "PUBLIC_LINE_WORDS",
           "pending_keyboard", "describe_entry", "describe_pending", "asked_lines", "label_of"]

QUEUE_PREFIX = "q"  # callback data: q:a:<entry id> approves, q:r:<entry id> rejects
DESCRIPTION_TEXT_LIMIT = 600


# What an entry's post asks of the approver beyond Approve: a fee that may repeat
# one booked or waiting is approved only as a separate payment, with its reason
# (q:s:<id>); a registration for a household with residents only once the volunteer
# confirms one more person lives there (q:b:<id>).
# A voice message is approved only with its written summary (q:v:<id>,
# bot.handlers.voice_summary); a correction said by voice with the text it asks for, typed
# in full, not a summary: its button says so (VOICE_TYPED, the same q:v:<id>).
SEPARATE, SHARED, VOICE, VOICE_TYPED = "separate", "shared", "voice", "voice_typed"
# An expense more than its area holds, or than the expenses waiting with it leave: said to
# its approver (two waiting ones, each within the balance, were both approved unasked).
OVER_BALANCE = lazy("⚠️ Approving #{id} takes the accounts below zero: it pays {amount}, the "
                    "balance is {balance}. Approve it only if this bill was really paid "
                    "before the money came in (the site then shows a deficit); otherwise "
                    "reject it.")
ALSO_WAITING = lazy("⚠️ {count} other expense(s) also wait for approval ({waiting}): with "
                    "this one they take {total}, more than the balance {balance}. Approve "
                    "only what was really paid.")


def pending_keyboard(entry_id: int, lang: str, flag: str | None = None, *,
                     hide: bool = False) -> InlineKeyboardMarkup:
    if flag == SEPARATE:
        first = button(tr(lang, "✅ Separate payment…"), f"{QUEUE_PREFIX}:s:{entry_id}")
    elif flag == SHARED:
        first = button(tr(lang, "✅ Lives there too"), f"{QUEUE_PREFIX}:b:{entry_id}")
    elif flag == VOICE:
        first = button(tr(lang, "✍️ Summarise and approve…"), f"{QUEUE_PREFIX}:v:{entry_id}")
    elif flag == VOICE_TYPED:
        first = button(tr(lang, "✍️ Type the corrected text and approve…"),
                       f"{QUEUE_PREFIX}:v:{entry_id}")
    else:
        first = button(tr(lang, "✅ Approve"), f"{QUEUE_PREFIX}:a:{entry_id}")
    rows = [[first, button(tr(lang, "❌ Reject"), f"{QUEUE_PREFIX}:r:{entry_id}")]]
    if flag == SHARED:  # or the flat changed hands (bot.handlers.moved_out)
        rows.append([button(tr(lang, MOVED_LABEL), f"{QUEUE_PREFIX}:m:{entry_id}")])
    if hide:  # words of a name the street does not know, kept off the site (q:h, hide_names)
        rows.append([button(tr(lang, HIDE_LABEL), f"{QUEUE_PREFIX}:h:{entry_id}")])
    return InlineKeyboardMarkup(rows)


# A correction said by voice (bot.handlers.correct): approved with the text it asks for
VOICE_CORRECTION = lazy("Corrected text: a voice message ({length}), sent to the private chats "
                        "of the volunteers: listen to it, then approve it with the text #{id} "
                        "should read, typed in full (✍️). The website shows that text, never "
                        "the voice.")
HIDE_LABEL = lazy("🙈 Hide a name…")
MOVED_LABEL = lazy("✅ Confirm (the former residents moved out)")
# A report's or an opinion's photos are published as they are once approved (PIPL art. 25:
# the author agreed for herself, not for the neighbour whose face or door is in it).
PHOTOS_PUBLIC = lazy("Approving publishes these photos on the site: if one shows a face that "
                     "can be recognised, a door number, a car plate or a paper with a name on "
                     "it, reject it and ask for a photo of the problem only.")


def _clip(text: object, limit: int = DESCRIPTION_TEXT_LIMIT) -> str:
    text = str(text or "")
    return text if len(text) <= limit else text[:limit - 1] + "…"


EXPENSE_TWICE = lazy("⚠️ Line {seq} ({date}) was also paid to {payee}, {amount}, for the same "
                     "purpose. If this is the same money, reject it: it would be counted "
                     "twice.")


def _flag(repo: Any, entry: Entry, lang: str, named: bool) -> tuple[str | None, list[str]]:
    """What the approver must know before approving ``entry``, and the flag that
    changes its Approve button (None: a plain one)."""
    if entry.status != "pending":
        return None, []
    if voice.needs_summary(entry.data) and entry.kind in VOICE_KINDS:
        return (VOICE_TYPED if entry.kind == Kind.CORRECTION else VOICE), []
    if entry.kind == Kind.ISSUE:
        return None, issue_notes(repo, entry, lang, named)
    if entry.kind == Kind.FEE_INCOME:
        earlier = repo.fee_duplicates(entry.id)
        odd = fee_notes(repo.street, entry, lang)  # an amount or a period not the usual
        if not earlier:
            return None, odd
        out = odd
        for e in earlier[:3]:
            if e["seq"]:
                out.append(tr(lang, "⚠️ Possibly paid already: line {seq} ({period}, {amount}, "
                                    "{date})", seq=e["seq"], period=e["period"],
                              amount=format_fen(e["amount_fen"]), date=e["date"]))
            else:
                out.append(tr(lang, "⚠️ Also waiting for approval: #{id} ({period}, {amount})",
                              id=e["id"], period=e["period"], amount=format_fen(e["amount_fen"])))
        out.append(tr(lang, "Approve it only as a separate payment, with the reason (it is "
                            "published with the line); otherwise reject it."))
        return SEPARATE, out
    if entry.kind == Kind.EXPENSE:  # the same money recorded twice: said, as a fee's
        twice = [tr(lang, EXPENSE_TWICE, seq=x["seq"], date=x["date"], payee=x["payee"],
                    amount=format_fen(x["amount_fen"]))
                 for x in repo.expense_twins(entry.id)[:3]]
        return _over(repo, entry, lang, twice)
    if entry.kind == Kind.REGISTRATION:
        bound = repo.residents_of(entry.data["household"], exclude=entry.author)
        if bound:
            return SHARED, [tr(lang, "⚠️ This household already has {n} confirmed resident(s); "
                                     "they were told of this request. If this person lives "
                                     "there too: \"Lives there too\". If the flat changed "
                                     "hands (sold, or its residents moved out): \"Confirm (the "
                                     "former residents moved out)\": they then no longer speak "
                                     "for it.", n=len(bound))]
    return None, []


def _over(repo: Any, entry: Entry, lang: str, notes: list[str]
          ) -> tuple[str | None, list[str]]:
    """An expense's notes: the deficit its approval makes when it is more than its area
    holds (one in a reversed line's place aside: spent before), or that the others
    waiting with it are."""
    amount, balance = int(entry.data["amount_fen"]), repo.balance(entry.area)
    if amount > balance and entry.data.get("replaces") is None:
        return None, [*notes, tr(lang, OVER_BALANCE, id=entry.id, amount=format_fen(amount),
                                 balance=format_fen(balance))]
    count, waiting = repo.waiting_expenses(entry.area, exclude=entry.id)
    if count and amount + waiting > balance:
        notes.append(tr(lang, ALSO_WAITING, count=count, waiting=format_fen(waiting),
                        total=format_fen(amount + waiting), balance=format_fen(balance)))
    return None, notes


def _text(d: dict[str, Any], lang: str, named: bool = True) -> str:
    """The words of a report or an opinion; for a voice message, what it is and whether
    it still needs its summary (not ``named``, a group: that the voice is in the private
    chats, ``bot.group_post``)."""
    if not d.get("voice"):
        return _clip(d.get("text"))
    length = voice.clock(voice.seconds_of(d)) if voice.seconds_of(d) else "?"
    if voice.needs_summary(d) and not named:
        return tr(lang, VOICE_PRIVATE, length=length)
    if voice.needs_summary(d):
        said = tr(lang, VOICE_WAITING, length=length)
        # words she typed besides (在三楼楼道): she was told they were added, and nobody
        # else reads them; the summary takes their place at approval
        words = voice.typed_words(d)
        return said + "\n" + tr(lang, "Written with it: {words}",
                                words=_clip(words)) if words else said
    return _clip(voice_words(lang, d))


def _public(repo: Any, d: dict[str, Any], lang: str, area: str,
            also: list[str] | None = None) -> list[str]:
    """How the site will show typed words that carry a phone, ID or room number, or words
    a volunteer hid (the volunteer reads them as typed, and approving looked like
    publishing them); none when nothing in them is hidden, or for a voice message (its
    summary is public). ``also``: words hidden on the entry a correction corrects, which
    the site hides in the correction too (``db.hidden_names.hide_all``)."""
    typed = str(d.get("text") or "").casefold()
    hidden = list(dict.fromkeys([*hidden_of(d), *(w for w in also or ()
                                                  if w.casefold() in typed)]))
    text = hide_in(d.get("text"), hidden) if hidden else d.get("text")
    # the names of people, registered or not, as the site masks them (bot.group_post)
    unnamed = None if d.get("voice") or not text else names_mask(repo, area)(text)
    public = None if unnamed is None else hidden_words(unnamed, repo.settings,
                                                       area_rooms(repo.street, area))
    if public is None and unnamed is not None and unnamed != text:
        public = unnamed
    if hidden and not d.get("voice"):
        return [tr(lang, HIDDEN_READS, words=quoted(hidden), text=_clip(public or text))]
    if public is None:
        return []
    if unnamed is not None and unnamed != text:
        return [tr(lang, NAMES_READ, text=_clip(public))]
    return [tr(lang, "On the site its phone, ID and room numbers are hidden; it reads: {text}",
               text=_clip(public))]


NAMES_READ = lazy("On the site the names of people in it are hidden, and any phone, ID or room "
                  "number; it reads: {text}")


PAYEE_PERSON = lazy("The payee “{payee}” reads like what a person is called. The accounts can "
                    "never be changed once public: if it should not be, reject it and ask "
                    "for “{plain}” or the company's name.")

PURPOSE_PERSON = lazy("In the purpose, {words} reads like what a person is called. The accounts "
                      "can never be changed once public: if it should not be, reject it.")

RIGHT_WITH_IT = lazy("Approving it also books the right opening balance in line {seq}'s place.")
REASON_PERSON = lazy("In the reason, {words} reads like what a person is called. The accounts "
                     "can never be changed once public: if it should not be, reject it.")


HIDDEN_READS = lazy("On the site {words} are hidden (and any phone, ID or room number); it "
                     "reads: {text}")


def _public_line(repo: Any, d: dict[str, Any], lang: str) -> list[str]:
    """A payee or purpose as the public accounts will show it, when that hides a phone,
    ID or room number the checker reads as typed (the line masks them when made)."""
    return [tr(lang, said, text=_clip(public)) for key, said in PUBLIC_LINE_WORDS
            if (public := hidden_words(d.get(key), repo.settings)) is not None]


# What the public accounts show of an expense's payee and purpose (describe.py and
# expense_summary.py say it when it hides something).
PUBLIC_LINE_WORDS = (
    ("payee", lazy("In the public accounts the payee reads: {text} (phone, ID and room "
                   "numbers are hidden)")),
    ("purpose", lazy("In the public accounts the purpose reads: {text} (phone, ID and room "
                     "numbers are hidden)")))


def _describe(repo: Any, entry: Entry, lang: str) -> str:
    """Blocking part of ``describe_entry`` (reads the street and the author)."""
    text, _ = _describe_flagged(repo, entry, lang)
    return text


def label_of(street: Any, household: str) -> str:
    """The household's label as volunteers read it (盐业小区 1号楼 2单元 201), or its id
    when the street no longer has it."""
    try:
        return str(street.household_label(household))
    except KeyError:
        return household


def _volunteer_named(person: dict[str, Any] | None, area: str, role: str) -> str:
    """A volunteer's role and mark with their name (网格员丙 吴海涛), as the verdict on the
    post names whoever decides it (``bot.handlers.decided.who_of``): these posts go to
    the area's volunteers and their group only. Anyone else (a supervisor, who is a
    resident) stays a role."""
    name = (person or {}).get("name") or (person or {}).get("username") or ""
    return f"{role} {name}" if name and is_volunteer_of(person, area) else role


def _replaces(repo: Any, area: str, seq: int, lang: str) -> str:
    """代替第 N 笔 on the post of a fee or expense that replaces a reversed line: which
    line, and what it said (the checker compares the two)."""
    try:
        line = repo.line(area, seq)
    except DomainError:  # gone: the number is said anyway
        line = {}
    return tr(lang, "Replaces line {seq} (reversed): {date} {amount} {purpose}", seq=seq,
              date=line.get("date", ""), amount=format_fen(abs(int(line.get("amount_fen") or 0))),
              purpose=_clip(line.get("purpose"), 100))


def asked_lines(entry: Entry, lang: str) -> list[str]:
    """What volunteers asked its author about ``entry`` and what she answered
    (``db.author_questions``), never published: whoever decides it reads them."""
    lines = []
    for q in asked_of(entry):
        lines.append(tr(lang, "Asked ({role}): {question}", role=q.get("role") or "—",
                        question=_clip(q.get("question"), 300)))
        said = _clip(q.get("answer"), 300)
        if "answered" not in q and entry.data.get("proxy"):  # 代办: she asks the household
            lines.append(tr(lang, "Answered: not yet (the volunteer who recorded it asks the "
                                  "household)"))
        elif not q.get("answer"):
            lines.append(tr(lang, "Answered: not yet") if "answered" not in q
                         else tr(lang, "Answered: (deleted)"))
        elif entry.data.get("proxy"):  # 代办: the household's answer, relayed by her
            lines.append(tr(lang, "Answered (the household, relayed by the volunteer who "
                                  "recorded it): {answer}", answer=said))
        else:
            lines.append(tr(lang, "Answered: {answer}", answer=said))
    return lines


def _describe_flagged(repo: Any, entry: Entry, lang: str,
                      named: bool = False) -> tuple[str, str | None]:
    """The text of an entry's post and its flag (see ``pending_keyboard``); ``named``:
    for a chat that may read a resident's name and room (``bot.sender_line``); any other
    (a group) reads neither, nor her note or receipt, and her words as the site shows
    them (``bot.group_post``)."""
    street = repo.street
    if not named:
        entry = masked(repo, entry)
    d = entry.data
    try:
        area_name = street.area(entry.area).name
    except KeyError:
        area_name = entry.area
    kind = labels.label(labels.KIND, entry.kind, lang)
    lines = [f"#{entry.id} {kind} · {area_name}"]

    def place() -> str:
        if d.get("household"):
            try:
                return street.household_label(d["household"])
            except KeyError:
                return str(d["household"])
        return str(d.get("unit_label") or "")

    if entry.kind == Kind.REGISTRATION:
        author = repo.person(entry.author) or {}
        who = author.get("name") or ""
        if author.get("username"):
            who = f"{who} @{author['username']}".strip()
        if named:
            lines.append(tr(lang, "Household: {place}", place=place()))
            lines.append(tr(lang, "Person: {who}", who=who or "—"))
        else:  # a group: her name and room in the volunteers' private chats
            lines += [home_line(street, str(d.get("household") or ""), lang),
                      tr(lang, WHO_PRIVATE)]
        if author.get("household") and author["household"] != d.get("household"):
            lines.append(tr(lang, "A change: registered now for {place}", place=label_of(
                street, author["household"])) if named else tr(lang, CHANGE_PRIVATE))
        # one tap confirms a stranger: what the tap is for, said where it is pressed
        lines.append(tr(lang, "Before you confirm, check that this person lives in this "
                              "household (a call, a visit, a neighbour): once confirmed, they "
                              "vote for it and see its fees."))
        if named and who and unreachable(author):  # no @username: her name is a mention
            lines.append(tr(lang, NO_USERNAME))  # (bot.reach), and what to do without it
    elif entry.kind == Kind.ISSUE:
        lines.append(tr(lang, "Category: {category}",
                        category=labels.label(labels.ISSUE_CATEGORY, d.get("category"), lang)))
        if d.get("place"):  # where to go and look (the building the resident chose)
            lines.append(tr(lang, "Place: {place}", place=_clip(d["place"])))
        lines.append(_text(d, lang, named))
        lines += (_public(repo, d, lang, entry.area) if named else []) + _called(repo, entry, lang)
        photos = len(d.get("photos") or [])
        if photos:
            lines += [tr(lang, "Photos above: {n}", n=photos), tr(lang, PHOTOS_PUBLIC)]
    elif entry.kind == Kind.OPINION:
        lines.append(_text(d, lang, named))
        lines += (_public(repo, d, lang, entry.area) if named else []) + _called(repo, entry, lang)
        if d.get("photos"):  # taken with it from those kept (bot.handlers.opinion_photos)
            lines += [tr(lang, "Photos above: {n}", n=len(d["photos"])), tr(lang, PHOTOS_PUBLIC)]
    elif entry.kind == Kind.FEE_INCOME:
        lines.append(tr(lang, "{fee} {period}: {amount}",
                        fee=labels.label(labels.FEE_TYPE, d.get("fee_type"), lang),
                        period=d.get("period", ""), amount=format_fen(int(d["amount_fen"]))))
        if place() and (named or not d.get("household")):  # a unit's fee: no room
            lines.append(tr(lang, "Household: {place}", place=place()))
        elif place():
            lines.append(home_line(street, d["household"], lang))
        if d.get("replaces"):
            lines.append(_replaces(repo, entry.area, d["replaces"], lang))
        if d.get(REMARK) and not named:
            lines.append(tr(lang, NOTE_PRIVATE))
        elif d.get(REMARK):  # 是去年交的: what the resident said with it (db.fee_remark)
            lines.append(tr(lang, "Resident's note (not published): {remark}",
                            remark=_clip(" ".join(str(d[REMARK]).split()), MAX_REMARK)))
    elif entry.kind == Kind.EXPENSE:
        lines.append(tr(lang, "{amount} to {payee}", amount=format_fen(int(d["amount_fen"])),
                        payee=_clip(d.get("payee"), 100)))
        lines.append(tr(lang, "Purpose: {purpose} ({category})", purpose=_clip(d.get("purpose")),
                        category=labels.label(labels.EXPENSE_CATEGORY, d.get("category"),
                                              lang)))
        lines += _public_line(repo, d, lang)
        if entry.status == "pending" and person_called(d.get("payee")):  # public for good
            lines.append(tr(lang, PAYEE_PERSON, payee=_clip(d.get("payee"), 100),
                            plain=plain_payee(d.get("payee"))))
        if entry.status == "pending" and (called := neighbours_called(d.get("purpose"))):
            lines.append(tr(lang, PURPOSE_PERSON, words=quoted(called)))
        if d.get("project"):
            lines.append(tr(lang, "Project: #{project}", project=d["project"]))
        if d.get("issue"):  # published with the line: the checker sees which report
            try:
                said = _clip(entry_words(lang, repo.entry(d["issue"]).data, brief=True), 40)
            except DomainError:
                said = ""
            lines.append(tr(lang, "Spent on report: #{id} {text}", id=d["issue"], text=said))
        if d.get("replaces"):
            lines.append(_replaces(repo, entry.area, d["replaces"], lang))
    elif entry.kind == Kind.REVERSAL:
        seq = d.get("line") or repo.entry(d["reverses"]).data.get("ledger_seq")
        line = repo.line(entry.area, seq)
        # a fee's period and building unit, as the public line: the checker tells which
        # of many fees alike (2025-10-18 ¥120.00 卫生费) is reversed
        whose = "".join(f"（{line['period']}）" if k == "period" else f" {line[k]}"
                        for k in ("period", "household_ref")
                        if line.get(k) and line.get("kind") == "income")
        lines.append(tr(lang, "Reverses line {seq}: {date} {amount} {purpose}",
                        seq=seq, date=line.get("date", ""),
                        amount=format_fen(abs(int(line["amount_fen"]))),
                        purpose=_clip(line.get("purpose"), 100) + whose))
        lines.append(tr(lang, "Reason: {reason}", reason=_clip(d.get("reason"))))
        if d.get("right_fen") is not None:  # an opening balance typed wrong: the right one,
            # booked in its place with the approval (``db.accounts``): the checker sees both
            fen = int(d["right_fen"])
            lines.append(tr(lang, "Right opening balance: {amount}",
                            amount=("-" if fen < 0 else "") + format_fen(abs(fen))))
            lines.append(tr(lang, RIGHT_WITH_IT, seq=seq))
        if entry.status == "pending" and (called := neighbours_called(d.get("reason"))):
            lines.append(tr(lang, REASON_PERSON, words=quoted(called)))  # chained for good
    elif entry.kind == Kind.CORRECTION:
        try:
            corrected = repo.entry(int(d.get("corrects") or 0))
            before, also = entry_words(lang, (corrected if named else masked(
                repo, corrected)).data), hidden_of(corrected)
        except DomainError:  # gone: the entry it corrects is named anyway (a WouldBlock
            before, also = "", []  # must pass: the read is then run again in a worker thread)
        lines.append(tr(lang, "Corrects #{id}, which reads now: {before}", id=d.get("corrects"),
                        before=_clip(before, 300)))
        if voice.needs_summary(d):  # said by voice: the approver types what it asks for
            seconds = voice.seconds_of(d)
            lines.append(tr(lang, VOICE_CORRECTION, id=d.get("corrects"),
                            length=voice.clock(seconds) if seconds else "?"))
            words = voice.typed_words(d)  # typed, then said more (bot.handlers.correct)
            if words:
                lines.append(tr(lang, "Written with it: {words}", words=_clip(
                    words if named else hide_in(words, also))))
        else:
            lines.append(tr(lang, "Corrected text: {text}", text=_clip(
                d.get("text") if named else hide_in(d.get("text"), also))))
        lines += _public(repo, d, lang, entry.area, also) if named else []
        if d.get("reason"):
            lines.append(tr(lang, "Reason: {reason}", reason=_clip(d.get("reason"), 300)))
        lines += _called(repo, entry, lang)
    elif entry.kind in (Kind.MEETING, Kind.QUESTION):
        lines += civic_lines(repo, entry, lang)
        if hidden_of(d) and named:  # minutes' topics and decisions, a question's words
            lines.append(tr(lang, "On the site {words} are hidden.", words=quoted(hidden_of(d))))
        lines += _called(repo, entry, lang)
    elif d.get("text") or d.get("title"):
        lines.append(_clip(d.get("title") or d.get("text")))
    if entry.kind in (Kind.FEE_INCOME, Kind.EXPENSE, Kind.REVERSAL) and d.get("receipt"):
        if entry.kind == Kind.EXPENSE and d.get("receipt_public"):
            lines.append(tr(lang, "Receipt photo above: its recorder says it shows no personal "
                                  "data, so it will be published with the line."))
        elif not named:  # not sent to a group (bot.entry_media)
            lines.append(tr(lang, RECEIPT_PRIVATE))
        else:
            lines.append(tr(lang, "Receipt photo above: only volunteers see it; the site will "
                                  "say \"receipt checked\"."))
    if entry.kind == Kind.EXPENSE and d.get("no_receipt"):  # paid where none is given
        lines.append(tr(lang, "No receipt: {why}. Approve only once you know the money was "
                              "paid; the line will read 无收据 and why.",
                        why=_clip(d["no_receipt"])))
    if d.get("proxy") and d.get("household"):  # 代办 (db.proxy)
        lines.append(tr(lang, "Recorded for the household {place} (acting for a neighbour)",
                        place=place()) if named else
                     tr(lang, PROXY_FOR_BUILDING, building=building_of(
                         street, d["household"]) or "—"))
    role = entry.author_role  # a volunteer's title and mark (网格员甲) is a name here
    if role != RESIDENT_LABEL and entry.author is not None:
        role = _volunteer_named(repo.person(entry.author), entry.area, role)
    if role == RESIDENT_LABEL:  # her name and room in a volunteer's private chat only
        role = "" if entry.kind == Kind.REGISTRATION else \
            resident_sender(repo, entry, lang, named)  # a registration: 申请人 above says it
        if entry.kind == Kind.FEE_INCOME and not d.get("receipt"):  # what to check first
            lines.append(tr(lang, "No receipt photo: approve only once you know the money was "
                                  "received (it then goes into the public accounts)."))
    if role:  # a registration's read 记录人：居民 under 申请人：<her>, a line that said nothing
        lines.append(tr(lang, "Recorded by: {role}", role=role))
    lines += asked_lines(entry, lang)
    if not named and withholds(entry):  # where a volunteer reads what is left out here
        lines.append(tr(lang, SHOW_PRIVATELY, id=entry.id))
    flag, warnings = _flag(repo, entry, lang, named)
    return "\n".join(lines + warnings), flag


async def describe_entry(context: ContextTypes.DEFAULT_TYPE, entry: Entry, lang: str) -> str:
    """What a volunteer needs to decide on ``entry``, in ``lang``."""
    return await read(_describe, repo_of(context), entry, lang)


async def describe_pending(context: ContextTypes.DEFAULT_TYPE, entry: Entry, lang: str,
                           named: bool = False) -> tuple[str, InlineKeyboardMarkup]:
    """``entry``'s post for the approval queue, in ``lang``: what a volunteer needs to
    decide (with what it may repeat), and its buttons. ``named``: for a chat that may
    read a resident sender's name and room (``bot.sender_line.reads_names``)."""
    text, flag = await read(_describe_flagged, repo_of(context), entry, lang, named)
    hide = entry.kind in HIDEABLE and entry.status == "pending"
    return text, pending_keyboard(entry.id, lang, flag, hide=hide)
