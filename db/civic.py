"""The compound's civic life beside its money: meeting minutes and public
questions.

**Minutes** (``Kind.MEETING``): a volunteer records a meeting of the area —
a diagnosis (会诊) before a renovation, a consultation council (议事会), the
owners' assembly (业主大会), a building's meeting (楼栋会) — with its date,
place, the roles that attended and how many residents came, its topics and
decisions, and the issues and proposals it discussed (public ones of the same
area only). A photo of the signed attendance sheet may be kept with it: it
carries residents' names and signatures, so it is for the volunteers only and
never published. The minutes wait in the approval queue and are published
once a *second* volunteer approves them (``db.review``: never their author).

**Questions** (``Kind.QUESTION``): a confirmed resident of the area, or one of
its supervisors, asks about a published ledger line (第 N 笔), a proposal
(vote or project) or published minutes. A volunteer checks the question for
personal data and approves or rejects it like any entry; once public it
waits for an answer, which a volunteer of the area gives (``answer``): the
question moves to ``answered`` with the answer beside it. The site shows the
days an unanswered question has waited, on the line itself and on the area's
page.

Entries of these kinds are written only here: ``Records.submit`` refuses them,
so their links are always checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import checks
from .accounts import Accounts
from .core import Core, Part, serialized
from .entries import PUBLIC_STATUSES, Entry, Kind, Status
from .errors import DomainError, PermissionDenied
from .media import is_ref
from .people import is_supervisor_of, resident_area
from .records import Records
from .store import Transaction

__all__ = ["Civic", "MAX_SHEET_PAGES", "MAX_QUESTION", "MAX_ANSWER", "MAX_MINUTES", "MAX_PLACE",
           "may_ask", "unanswered"]

MAX_QUESTION = 500  # characters of a question
MAX_ANSWER = 2000  # ... of an answer
MAX_MINUTES = 2000  # ... of a meeting's topics, and of its decisions
MAX_PLACE = 100  # ... of a meeting's place
MAX_RESIDENTS = 100_000
MAX_SHEET_PAGES = 5  # photos of one attendance sheet (a long one has several pages)


def may_ask(person: dict[str, Any] | None, area: str) -> bool:
    """A confirmed resident of ``area``, or its supervisor, may ask there."""
    return resident_area(person) == area or is_supervisor_of(person, area)


def unanswered(entries: Iterable[Entry]) -> list[Entry]:
    """The public questions among ``entries`` still waiting for an answer."""
    return [e for e in entries if e.kind == Kind.QUESTION and e.status == Status.APPROVED]


def _bounded(value: object, what: str, limit: int) -> str:
    text = checks.text(value, what, required=True).strip()
    if len(text) > limit:
        raise DomainError(f"{what} is at most {limit} characters", code="too_long",
                          max=limit, what=what)
    return text


class Civic(Part):
    """Meetings' minutes and public questions."""

    def __init__(self, core: Core, records: Records, accounts: Accounts) -> None:
        super().__init__(core)
        self.records = records
        self.accounts = accounts

    # -- minutes -------------------------------------------------------------

    def record_meeting(self, actor_id: int, area: str, *, meeting_kind: str, date: str,
                       place: str, roles: list[str], residents: int, topics: str,
                       decisions: str, issues: Iterable[int] = (),
                       proposals: Iterable[int] = (),
                       sheet: str | list[str] | tuple[str, ...] | None = None) -> Entry:
        """Record a meeting's minutes (a volunteer of ``area``); they wait for a second
        volunteer's approval. ``sheet``: the stored photo of the signed attendance
        sheet, or of its pages (at most ``MAX_SHEET_PAGES``), kept private: the first
        page as ``sheet``, the others as ``sheet_more``."""
        actor = self.core.require_person(actor_id)
        self.core.check_area(area)
        self.core.require_steward(actor, area)
        day = checks.day(date, "the meeting's date")
        if day > self.core.clock().date():
            raise DomainError("a meeting is recorded after it took place", code="future_date")
        if isinstance(roles, str) or not isinstance(roles, list):
            raise DomainError("roles are a list of the roles that attended",
                              code="missing_field", field="roles")
        pages = [] if sheet is None else [sheet] if isinstance(sheet, str) else sheet
        if not isinstance(pages, list | tuple) or not all(is_ref(p) for p in pages):
            raise DomainError("the attendance sheet is a stored photo", code="bad_photo")
        if len(pages) > MAX_SHEET_PAGES:
            raise DomainError("the attendance sheet has too many pages", code="bad_number",
                              what="pages")
        data: dict[str, Any] = {
            "meeting_kind": checks.text(meeting_kind, "the kind of meeting"),
            "date": day.isoformat(),
            "place": _bounded(place, "the place", MAX_PLACE),
            "roles": [checks.text(r, "a role") for r in roles],
            "residents": checks.whole(residents, "the number of residents", low=0),
            "topics": _bounded(topics, "the topics", MAX_MINUTES),
            "decisions": _bounded(decisions, "the decisions", MAX_MINUTES),
            "issues": self._links(area, issues, Kind.ISSUE),
            "proposals": self._links(area, proposals, Kind.PROPOSAL),
        }
        if data["residents"] > MAX_RESIDENTS:
            raise DomainError("that many residents cannot have attended", code="bad_number",
                              what="residents")
        if pages:
            data["sheet"] = str(pages[0])
        if len(pages) > 1:
            data["sheet_more"] = [str(p) for p in pages[1:]]
        self.records.validate(Kind.MEETING, data)
        return self.core.commit(  # type: ignore[no-any-return]
            lambda tx: self.records.new(tx, Kind.MEETING, area, actor, data))

    def _links(self, area: str, ids: Iterable[int], kind: Kind) -> list[int]:
        """The public entries of ``kind`` in ``area`` that ``ids`` name, each once."""
        if isinstance(ids, str | bytes) or not isinstance(ids, Iterable):
            raise DomainError(f"the {kind}s discussed are a list of numbers", code="bad_links")
        out: list[int] = []
        for i in ids:
            entry = self.core.entry(checks.whole(i, f"a {kind} number"))
            if entry.kind != kind or entry.area != area or \
                    entry.status not in PUBLIC_STATUSES[kind]:
                raise DomainError(f"#{entry.id} is not a public {kind} of this area",
                                  code="bad_link", id=entry.id, kind=str(kind))
            if entry.id not in out:
                out.append(entry.id)
        return out

    # -- questions -----------------------------------------------------------

    def ask(self, actor_id: int, area: str, target: str, ref: int, text: str, *,
            voice: str | None = None, voice_seconds: int = 0,
            voice_more: list[str] | None = None,
            voice_more_seconds: list[int] | None = None) -> Entry:
        """A public question about line ``ref`` of ``area``'s ledger (``target="line"``),
        or about proposal or minutes #``ref``; it waits for a volunteer's check. Asked by
        ``voice`` (a voice note's reference, ``text`` its placeholder and any words typed
        with it), it is approved with a volunteer's written summary, which is published
        (``db.voice``, ``db.review``), never the voice; said in parts, its further voices
        ``voice_more`` with their lengths (``db.entries``: checked as a report's)."""
        actor = self.core.require_person(actor_id)
        self.core.check_area(area)
        if not may_ask(actor, area):
            raise PermissionDenied("only a confirmed resident or a supervisor of this area "
                                   "may ask here", code="not_resident", area=area)
        target = checks.text(target, "what the question is about")
        ref = checks.whole(ref, "the line or entry number")
        text = _bounded(text, "the question", MAX_QUESTION)
        if target == "line":
            self.accounts.line(area, ref)  # NotFound when there is no such line
        elif target in ("proposal", "meeting"):
            kind = Kind.PROPOSAL if target == "proposal" else Kind.MEETING
            entry = self.core.entry(ref)
            if entry.kind != kind or entry.area != area or \
                    entry.status not in PUBLIC_STATUSES[kind]:
                raise DomainError(f"#{ref} is not a public {kind} of this area",
                                  code="bad_link", id=ref, kind=str(kind))
        data: dict[str, Any] = {"target": target, "ref": ref, "text": text}
        if voice is not None:
            data.update(voice=checks.text(voice, "the voice message"),
                        voice_seconds=voice_seconds)
        if voice_more is not None or voice_more_seconds is not None:
            data.update(voice_more=voice_more, voice_more_seconds=voice_more_seconds)
        self.records.validate(Kind.QUESTION, data)
        return self.core.commit(  # type: ignore[no-any-return]
            lambda tx: self.records.new(tx, Kind.QUESTION, area, actor, data))

    @serialized
    def answer(self, question_id: int, actor_id: int, text: str) -> Entry:
        """Publish a volunteer's answer to a public question of their area."""
        entry = self.core.entry(question_id)
        actor = self.core.require_person(actor_id)
        if entry.kind != Kind.QUESTION:
            raise DomainError(f"#{entry.id} is not a question", code="not_question",
                              id=entry.id)
        self.core.require_steward(actor, entry.area)
        text = _bounded(text, "the answer", MAX_ANSWER)
        if entry.status == Status.PENDING:
            raise DomainError(f"question #{entry.id} is not public: approve it first",
                              code="question_not_public", id=entry.id)
        if entry.status != Status.APPROVED:
            raise DomainError(f"question #{entry.id} is already answered or rejected",
                              code="already_answered", id=entry.id)

        def run(tx: Transaction) -> Entry:
            entry.data["answer"] = text
            entry.data["answered_at"] = self.core.stamp()
            self.records.move(tx, entry, Status.ANSWERED, actor)
            return entry

        return self.core.commit(run)  # type: ignore[no-any-return]

    def questions(self, area: str, *, waiting: bool = False) -> list[Entry]:
        """The public questions of ``area``, oldest first (with ``waiting``, those not
        answered yet)."""
        self.core.check_area(area)  # None is no area here, not "every area"
        status = [Status.APPROVED] if waiting else [Status.APPROVED, Status.ANSWERED]
        return self.records.entries(area=area, kind=Kind.QUESTION, status=status)

