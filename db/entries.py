"""Entries and their life cycles: the kinds, the statuses, every legal
transition, which statuses the public sees, and the fields each kind needs,
defined here and nowhere else.

An entry is a plain dict in the store (see ``Entry`` for its fields). Its
``history`` is its audit trail: one event per change (who, role, when, from,
to, note), appended in the same durable write as the change itself.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from . import checks, labels
from .errors import DomainError, IllegalTransition
from .fee_remark import check_remark

__all__ = [
    "Kind",
    "Status",
    "TRANSITIONS",
    "INITIAL_STATUS",
    "MONEY_KINDS",
    "LEDGER_KINDS",
    "OPEN_ISSUE",
    "PUBLIC_STATUSES",
    "is_public",
    "MAX_TEXT",
    "MAX_MORE_VOICES",
    "validate_data",
    "says_a_period",
    "ISSUE_CATEGORIES",
    "FEE_TYPES",
    "EXPENSE_CATEGORIES",
    "ProjectStage",
    "STAGE_TRANSITIONS",
    "Entry",
    "AuditEvent",
    "check_transition",
    "check_stage",
    "approval_event",
    "first_at",
    "last_at",
]


class Kind(StrEnum):
    """The kinds of entry (their words, 报事 ..., are in ``db.labels.KIND``)."""

    REGISTRATION = "registration"  # a person asks to be a household's resident
    ISSUE = "issue"  # a problem report
    OPINION = "opinion"
    PROPOSAL = "proposal"  # put to the households' vote
    VOTE = "vote"  # one household's vote on a proposal
    FEE_INCOME = "fee_income"  # a resident's fee report or a volunteer's collection
    EXPENSE = "expense"
    REVERSAL = "reversal"  # undoes a published fee or expense
    ANNOUNCEMENT = "announcement"
    PROGRESS_NOTE = "progress_note"  # a public note on an issue being worked on
    CORRECTION = "correction"  # a public correction of a published text (never an edit)
    MEETING = "meeting"  # minutes of a meeting (会诊, 议事会 ...), published once a 2nd approves
    QUESTION = "question"  # a resident's or supervisor's public question on a line, vote ...
    # the money an area held when its accounts moved here from a paper book (期初结转):
    # recorded once, by a command (``db.opening``), booked at once; corrected by a reversal
    # that books the right amount in its place (``db.accounts``)
    OPENING_BALANCE = "opening_balance"


class Status(StrEnum):
    """Where an entry stands (the words, by kind, are in ``db.labels``)."""

    PENDING = "pending"  # waiting for a volunteer
    APPROVED = "approved"  # public
    REJECTED = "rejected"  # with a reason
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    REOPENED = "reopened"  # the reporter said "not fixed"
    CLOSED = "closed"  # duplicate / no action
    OPEN = "open"  # a proposal being voted on
    PASSED = "passed"
    FAILED = "failed"
    WITHDRAWN = "withdrawn"
    COUNTED = "counted"  # a vote that counts
    REPLACED = "replaced"  # a vote replaced by a later one from the same household
    REVERSED = "reversed"  # a published money entry undone by a reversal
    PUBLISHED = "published"  # announcements and progress notes
    ANSWERED = "answered"  # a public question a volunteer answered


S = Status
_KINDS: dict[str, Kind] = {k.value: k for k in Kind}
_STATUSES: dict[str, Status] = {s.value: s for s in Status}
# kind -> {from -> allowed to}. The only place transitions are defined.
TRANSITIONS: dict[Kind, dict[Status, frozenset[Status]]] = {
    Kind.REGISTRATION: {S.PENDING: frozenset({S.APPROVED, S.REJECTED})},
    Kind.ISSUE: {
        S.PENDING: frozenset({S.APPROVED, S.REJECTED}),
        S.APPROVED: frozenset({S.IN_PROGRESS, S.RESOLVED, S.CLOSED}),
        S.IN_PROGRESS: frozenset({S.RESOLVED, S.CLOSED}),
        S.RESOLVED: frozenset({S.REOPENED}),
        S.REOPENED: frozenset({S.IN_PROGRESS, S.RESOLVED, S.CLOSED}),
    },
    Kind.OPINION: {S.PENDING: frozenset({S.APPROVED, S.REJECTED})},
    Kind.PROPOSAL: {
        S.PENDING: frozenset({S.OPEN, S.REJECTED}),
        S.OPEN: frozenset({S.PASSED, S.FAILED, S.WITHDRAWN}),
    },
    # a vote stops counting (rejected) when its resident says they are a tenant
    # (db.relation); a replaced vote never counts again
    Kind.VOTE: {S.COUNTED: frozenset({S.REPLACED, S.REJECTED})},
    Kind.FEE_INCOME: {
        S.PENDING: frozenset({S.APPROVED, S.REJECTED}),
        S.APPROVED: frozenset({S.REVERSED}),
    },
    Kind.EXPENSE: {
        S.PENDING: frozenset({S.APPROVED, S.REJECTED}),
        S.APPROVED: frozenset({S.REVERSED}),
    },
    Kind.REVERSAL: {S.PENDING: frozenset({S.APPROVED, S.REJECTED})},
    Kind.ANNOUNCEMENT: {S.PUBLISHED: frozenset({S.WITHDRAWN})},
    Kind.PROGRESS_NOTE: {},
    Kind.CORRECTION: {S.PENDING: frozenset({S.APPROVED, S.REJECTED})},
    Kind.MEETING: {S.PENDING: frozenset({S.APPROVED, S.REJECTED})},
    Kind.QUESTION: {
        S.PENDING: frozenset({S.APPROVED, S.REJECTED}),
        S.APPROVED: frozenset({S.ANSWERED}),
    },
    # corrected by a reversal approved (``db.accounts``), which books the right one
    Kind.OPENING_BALANCE: {S.APPROVED: frozenset({S.REVERSED})},
}

INITIAL_STATUS: dict[Kind, Status] = {
    Kind.REGISTRATION: S.PENDING,
    Kind.ISSUE: S.PENDING,
    Kind.OPINION: S.PENDING,
    Kind.PROPOSAL: S.OPEN,
    Kind.VOTE: S.COUNTED,
    Kind.FEE_INCOME: S.PENDING,
    Kind.EXPENSE: S.PENDING,
    Kind.REVERSAL: S.PENDING,
    Kind.ANNOUNCEMENT: S.PUBLISHED,
    Kind.PROGRESS_NOTE: S.PUBLISHED,
    Kind.CORRECTION: S.PENDING,
    Kind.MEETING: S.PENDING,
    Kind.QUESTION: S.PENDING,
    Kind.OPENING_BALANCE: S.APPROVED,
}

# Kinds that reach the ledger when approved (and so need maker-checker).
MONEY_KINDS = frozenset({Kind.FEE_INCOME, Kind.EXPENSE, Kind.REVERSAL})
# Kinds that have a ledger line once approved: the money kinds, and an area's opening
# balance (one line, recorded by a command: ``db.opening``).
LEDGER_KINDS = MONEY_KINDS | {Kind.OPENING_BALANCE}

# Issues open to the public: accepted by a volunteer and not yet resolved or closed.
OPEN_ISSUE = frozenset({S.APPROVED, S.IN_PROGRESS, S.REOPENED})

# The statuses in which an entry is part of the public record (the site, its
# downloads and feeds): a write that moves an entry into, within or out of one
# changes the public record (``db.changes``). Registrations never are, nor pending
# or rejected entries; a counted vote is, as participation; a reversed fee or
# expense is, since its ledger line stays.
PUBLIC_STATUSES: dict[Kind, frozenset[Status]] = {
    Kind.REGISTRATION: frozenset(),
    Kind.ISSUE: frozenset({S.APPROVED, S.IN_PROGRESS, S.RESOLVED, S.REOPENED, S.CLOSED}),
    Kind.OPINION: frozenset({S.APPROVED}),
    Kind.PROPOSAL: frozenset({S.OPEN, S.PASSED, S.FAILED, S.WITHDRAWN}),
    Kind.VOTE: frozenset({S.COUNTED}),
    Kind.FEE_INCOME: frozenset({S.APPROVED, S.REVERSED}),
    Kind.EXPENSE: frozenset({S.APPROVED, S.REVERSED}),
    Kind.REVERSAL: frozenset({S.APPROVED}),
    Kind.ANNOUNCEMENT: frozenset({S.PUBLISHED}),
    Kind.PROGRESS_NOTE: frozenset({S.PUBLISHED}),
    Kind.CORRECTION: frozenset({S.APPROVED}),
    Kind.MEETING: frozenset({S.APPROVED}),
    Kind.QUESTION: frozenset({S.APPROVED, S.ANSWERED}),
    Kind.OPENING_BALANCE: frozenset({S.APPROVED, S.REVERSED}),
}
_PUBLIC: dict[str, frozenset[str]] = {str(k): frozenset(map(str, v))
                                      for k, v in PUBLIC_STATUSES.items()}


def is_public(kind: Kind | str, status: Status | str | None) -> bool:
    """Whether an entry of ``kind`` in ``status`` is part of the public record."""
    return status is not None and status in _PUBLIC[kind]


# The codes of report categories, fee types and expense categories, each with its
# Chinese word (the words, in both languages, are in db.labels).
ISSUE_CATEGORIES: dict[str, str] = {code: w.zh for code, w in labels.ISSUE_CATEGORY.items()}
FEE_TYPES: dict[str, str] = {code: w.zh for code, w in labels.FEE_TYPE.items()}
EXPENSE_CATEGORIES: dict[str, str] = {code: w.zh for code, w in labels.EXPENSE_CATEGORY.items()}


class ProjectStage(StrEnum):
    """A passed proposal's project (the words are in ``db.labels.STAGE``)."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"


STAGE_TRANSITIONS: dict[ProjectStage | None, frozenset[ProjectStage]] = {
    None: frozenset({ProjectStage.PLANNED, ProjectStage.IN_PROGRESS}),
    ProjectStage.PLANNED: frozenset({ProjectStage.IN_PROGRESS}),
    ProjectStage.IN_PROGRESS: frozenset({ProjectStage.DONE}),
    ProjectStage.DONE: frozenset(),
}


def check_transition(kind: Kind | str, frm: Status | str, to: Status | str) -> None:
    """Raise IllegalTransition unless ``kind`` may go from ``frm`` to ``to``."""
    kind, frm, to = Kind(kind), Status(frm), Status(to)
    allowed = TRANSITIONS[kind].get(frm, frozenset())
    if to not in allowed:
        raise IllegalTransition(
            f"a {kind} cannot go from {frm} to {to}",
            code="illegal_transition", kind=str(kind), frm=str(frm), to=str(to),
        )


def check_stage(current: ProjectStage | str | None, to: ProjectStage | str) -> None:
    cur = ProjectStage(current) if current else None
    to = ProjectStage(to)
    if to not in STAGE_TRANSITIONS[cur]:
        raise IllegalTransition(
            f"a project cannot go from stage {cur} to {to}",
            code="illegal_stage", frm=str(cur), to=str(to),
        )


@dataclass(frozen=True)
class AuditEvent:
    at: str  # ISO 8601 with offset
    by: int | None  # person id (private; never published)
    role: str  # public role label, e.g. 网格员, 居民, 系统
    frm: str | None
    to: str
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"at": self.at, "by": self.by, "role": self.role, "from": self.frm,
                "to": self.to, "note": self.note}


@dataclass
class Entry:
    """A view over an entry dict; the dict is what the store keeps."""

    id: int
    kind: Kind
    area: str
    author: int | None  # person id
    author_role: str
    status: Status
    created: str
    updated: str
    data: dict[str, Any] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Entry:
        kind, status = doc["kind"], doc["status"]
        return cls(
            # A dict lookup first: Kind(...) costs a microsecond, and the site
            # builder reads every entry of the street.
            id=int(doc["id"]), kind=_KINDS.get(kind) or Kind(kind), area=doc["area"],
            author=doc.get("author"), author_role=doc.get("author_role", ""),
            status=_STATUSES.get(status) or Status(status), created=doc["created"],
            updated=doc["updated"],
            data=dict(doc.get("data", {})), history=list(doc.get("history", [])),
        )

    def as_doc(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": str(self.kind), "area": self.area, "author": self.author,
            "author_role": self.author_role, "status": str(self.status),
            "created": self.created, "updated": self.updated, "data": self.data,
            "history": self.history,
        }


def first_at(entry: Entry, to: str) -> str | None:
    """When ``entry`` first reached status ``to`` (its trail's first move there), or None."""
    return next((h["at"] for h in entry.history if h.get("to") == to), None)


def last_at(entry: Entry, to: str) -> str | None:
    """When ``entry`` last reached status ``to``, or None."""
    return next((h["at"] for h in reversed(entry.history) if h.get("to") == to), None)


def approval_event(entry: Entry) -> dict[str, Any]:
    """The last event of ``entry``'s trail that approved it ({} when none did)."""
    return next((h for h in reversed(entry.history) if h.get("to") == Status.APPROVED), {})


MAX_TEXT = 4000  # characters kept of any free text a user sends
MAX_VOICE_SECONDS = 24 * 3600  # the longest voice message length taken as real
# Voice messages one report or opinion holds after its first (``voice``): she remembered
# more at the photos step and spoke again. ``voice_more`` names them, ``voice_more_seconds``
# gives their lengths; ``voice_seconds`` is the length of them all together.
MAX_MORE_VOICES = 4



# What a period typed in words holds: a number, or a word of time (年, 月, 季, 上半年,
# 冬季; year, month, a month's name). 好 or 是的 typed at 是哪个期间的？ was stored as the
# fee's period and published on the ledger so.
_PERIOD_WORD = re.compile(r"[0-9〇零一二两三四五六七八九十年月季期冬夏春秋半]|year|month|quart|"
                          r"half|spring|summer|autumn|fall|winter|jan|feb|mar|apr|may|jun|"
                          r"jul|aug|sep|oct|nov|dec", re.I)


def says_a_period(text: str) -> bool:
    """Whether ``text`` can name a period: a number or a word of time in it (2025年上半年,
    冬季, spring 2025), not 好, 是的, ok."""
    return _PERIOD_WORD.search(unicodedata.normalize("NFKC", text or "")) is not None


def validate_data(kind: Kind, data: dict[str, Any]) -> None:
    """Check the fields a kind needs (free text is cut to ``MAX_TEXT`` in place);
    money must be positive integer fen."""
    def need(key: str) -> Any:
        """A field that must be there: text, but for amounts."""
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise DomainError(f"{kind} needs {key}", code="missing_field", field=key)
        if not isinstance(value, int | str):
            raise DomainError(f"{kind}'s {key} must be text or a whole number, not "
                              f"{type(value).__name__}", code="bad_text", field=key)
        return value

    for key, value in data.items():
        if isinstance(value, str):
            data[key] = value[:MAX_TEXT]
    seconds = data.get("voice_seconds")
    if seconds is not None and (not isinstance(seconds, int) or isinstance(seconds, bool)
                                or not 0 <= seconds <= MAX_VOICE_SECONDS):
        raise DomainError("a voice message's length is whole seconds", code="bad_voice_length")
    _check_more_voices(data)
    if "voice_summary" in data:  # written by the volunteer who approves it (db.review)
        raise DomainError("a voice message's summary is written when it is approved",
                          code="summary_on_approval")
    for key in ("proxy", "followers"):  # set by db.proxy and db.issues only
        if key in data:
            raise DomainError(f"{key} is not given with an entry", code="bad_field", field=key)
    if kind in (Kind.FEE_INCOME, Kind.EXPENSE):
        _check_date(data)
    if kind in MONEY_KINDS:
        amount = need("amount_fen")
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            raise DomainError("amounts are positive integer fen", code="bad_amount")
    if kind == Kind.ISSUE:
        if need("category") not in ISSUE_CATEGORIES:
            raise DomainError("unknown category", code="bad_category")
        need("text")
    elif kind == Kind.OPINION:
        need("text")
    elif kind == Kind.FEE_INCOME:
        if need("fee_type") not in FEE_TYPES:
            raise DomainError("unknown fee type", code="bad_fee_type")
        period = need("period")
        if isinstance(period, str) and not says_a_period(period):
            # 👍, ？？, 好 or 是的 is no period: the accounts would publish it as one
            # (bot.handlers.pay_typed asks again; a volunteer's /income is refused so too)
            raise DomainError("a period says a year or a month in letters or digits, e.g. "
                              "2025 or 2025-03", code="bad_period", field="period")
        check_remark(data)  # her note for the volunteer checking it: never published
    elif kind == Kind.EXPENSE:
        if need("category") not in EXPENSE_CATEGORIES:
            raise DomainError("unknown expense category", code="bad_category")
        need("payee")
        need("purpose")
        if "no_receipt" in data:  # why it has none, published: its line says 无收据：<why>
            if data.get("receipt") or not isinstance(data["no_receipt"], str) or \
                    not data["no_receipt"].strip():
                raise DomainError("no_receipt says why an expense without a receipt has "
                                  "none", code="bad_field", field="no_receipt")
    elif kind == Kind.PROPOSAL:
        need("title")
        need("deadline")
        budget = data.get("budget_fen", 0)
        if not isinstance(budget, int) or budget < 0:
            raise DomainError("budgets are integer fen", code="bad_amount")
    elif kind in (Kind.ANNOUNCEMENT, Kind.PROGRESS_NOTE):
        need("text")
    elif kind == Kind.MEETING:
        _check_meeting(data, need)
    elif kind == Kind.QUESTION:
        need("text")
        if need("target") not in labels.QUESTION_TARGET:
            raise DomainError("a question is about a ledger line, a proposal or a meeting",
                              code="bad_target")
        _whole_number(data.get("ref"), "ref")
    elif kind == Kind.CORRECTION:
        need("text")
        if not isinstance(need("corrects"), int) or isinstance(data["corrects"], bool):
            raise DomainError("a correction names the entry it corrects", code="missing_field",
                              field="corrects")


def _check_more_voices(data: dict[str, Any]) -> None:
    """The further voice messages of a report (``voice_more``): references to voice notes
    after a first one, each with its length, at most ``MAX_MORE_VOICES``."""
    more, seconds = data.get("voice_more"), data.get("voice_more_seconds")
    if more is None and seconds is None:
        return
    if not data.get("voice") or not isinstance(more, list) or not isinstance(seconds, list) \
            or len(more) != len(seconds) or not 0 < len(more) <= MAX_MORE_VOICES \
            or not all(isinstance(r, str) and r for r in more) \
            or not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0
                       for n in seconds):
        raise DomainError("further voice messages follow a first one, each with its length",
                          code="bad_voice_more")


def _check_date(data: dict[str, Any]) -> None:
    """A fee's or an expense's own date (a script's, an import's: the bot gives none):
    a day written YYYY-MM-DD, kept so. ``occurred_on`` is set when the line is published
    (``db.accounts``: a day before the area's last signed head), never given."""
    if "occurred_on" in data:
        raise DomainError("occurred_on is not given with an entry: give its date",
                          code="bad_field", field="occurred_on")
    if data.get("date") is not None:
        data["date"] = checks.day(data["date"], "the date").isoformat()


MAX_LINKS = 20  # issues or proposals one meeting's minutes name
MAX_ROLES = 20  # attending roles listed in one meeting's minutes


def _whole_number(value: Any, key: str, low: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise DomainError(f"{key} must be a whole number", code="bad_number", what=key)
    return value


def _check_meeting(data: dict[str, Any], need: Any) -> None:
    """The fields of a meeting's minutes (``db.civic`` checks what they link to)."""
    if need("meeting_kind") not in labels.MEETING_KIND:
        raise DomainError("unknown kind of meeting", code="bad_meeting_kind")
    need("date")
    need("place")
    need("topics")
    need("decisions")
    _whole_number(data.get("residents"), "residents", low=0)
    roles = data.get("roles")
    if not isinstance(roles, list) or not roles or len(roles) > MAX_ROLES or not all(
            isinstance(r, str) and r.strip() for r in roles):
        raise DomainError("list the roles that attended (at least one)", code="missing_field",
                          field="roles")
    data["roles"] = [r.strip()[:30] for r in roles]
    for key in ("issues", "proposals"):
        ids = data.setdefault(key, [])
        if not isinstance(ids, list) or len(ids) > MAX_LINKS:
            raise DomainError(f"{key} is a list of at most {MAX_LINKS} numbers",
                              code="bad_links", field=key)
        for i in ids:
            _whole_number(i, key)
