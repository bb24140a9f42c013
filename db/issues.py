"""Reported problems (报事) after a volunteer accepted them: the open issues of
an area, moving an issue along (in progress, resolved, closed) with a public
note and photos, "not fixed" (reopen) by its reporter, and "me too" from
neighbours.

The life cycle itself (which status may follow which) is
``db.entries.TRANSITIONS``; accepting a report is ``db.review``.
"""

from __future__ import annotations

from . import checks
from .core import Core, Part, serialized
from .entries import OPEN_ISSUE, Entry, Kind, Status, is_public
from .errors import DomainError, PermissionDenied
from .media import is_ref
from .people import is_volunteer_of, resident_area
from .records import Records
from .store import Transaction

__all__ = ["Issues", "MAX_STEP_PHOTOS"]

MAX_STEP_PHOTOS = 10  # the photos of one step: a Telegram album at most

# Issues one may add a "me too" to: the open ones, and those still pending (a
# "me too" on a pending issue is private until a volunteer accepts it).
_BACKABLE = frozenset({Status.PENDING, Status.APPROVED, Status.IN_PROGRESS, Status.REOPENED})
# Where ``issue_step`` may move an issue.
_STEPS = frozenset({Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED})


class Issues(Part):
    """Issues after they are reported."""

    def __init__(self, core: Core, records: Records) -> None:
        super().__init__(core)
        self.records = records

    def open_issues(self, area: str) -> list[Entry]:
        """The public open issues of an area (accepted, in progress, reopened), oldest
        first: what a new report is compared with. Kept until an open issue of the
        area changes, opens or closes; the entries are shared, so callers must not
        change them."""
        self.core.check_area(area)
        with self.store.lock:
            found = self.core.issues.open.get(area)
            if found is None:
                found = self.records.entries(area=area, kind=Kind.ISSUE, status=OPEN_ISSUE)
                self.core.issues.open[area] = found
            return list(found)

    @serialized
    def issue_step(self, entry_id: int, actor_id: int, to: Status | str, note: str,
                   photos: list[str] | None = None, close_reason: str | None = None,
                   duplicate_of: int | None = None) -> Entry:
        """Move an issue along (in progress, resolved, closed) with a public note; an
        issue is accepted or rejected in the approval queue (``db.review``), with its
        checks (a rejection needs a reason), never here. Closed as a duplicate, the
        report it repeats may be named (``duplicate_of``, kept on the record and linked
        on the site): another public report of the same area."""
        to = checks.choice(Status, to, "status")
        if to not in _STEPS:
            raise DomainError(f"an issue is moved to in_progress, resolved or closed here, not "
                              f"{to}", code="bad_step", to=str(to))
        note = checks.text(note, "a note")
        if photos is not None and (not isinstance(photos, list) or
                                   not all(isinstance(p, str) for p in photos)):
            raise DomainError("photos are a list of photo references", code="bad_photos")
        entry = self.core.entry(entry_id)
        actor = self.core.require_person(actor_id)
        if entry.kind != Kind.ISSUE:
            raise DomainError(f"#{entry.id} is not an issue", code="not_issue")
        self.core.require_steward(actor, entry.area)
        if to == Status.CLOSED and close_reason not in ("duplicate", "no_action"):
            raise DomainError("close needs a reason: duplicate or no_action",
                              code="close_reason")
        if duplicate_of is not None:
            self._check_duplicate_of(entry, to, close_reason, duplicate_of)

        def run(tx: Transaction) -> Entry:
            self.records.move(tx, entry, to, actor, note)
            entry.history[-1]["photos"] = list(photos or [])
            if close_reason:
                entry.data["close_reason"] = close_reason
            if duplicate_of is not None:
                entry.data["duplicate_of"] = duplicate_of
            self.records.save(tx, entry)
            return entry

        return self.core.commit(run)

    def _check_duplicate_of(self, entry: Entry, to: Status, close_reason: str | None,
                            other_id: object) -> None:
        """The report an issue closed as a duplicate repeats: another public report
        (accepted, whatever became of it since) of the same area."""
        if to != Status.CLOSED or close_reason != "duplicate":
            raise DomainError("only a report closed as a duplicate names the report it "
                              "repeats", code="bad_duplicate_of", id=entry.id)
        other_id = checks.whole(other_id, "the report it repeats")
        found = self.core.entries.meta.get(other_id)
        other = self.core.entry(other_id) if found else None
        if other is None or other.id == entry.id or other.kind != Kind.ISSUE or \
                other.area != entry.area or not is_public(Kind.ISSUE, other.status):
            raise DomainError(f"#{other_id} is not another public report of the area of "
                              f"#{entry.id}", code="bad_duplicate_of", id=entry.id,
                              other=other_id)

    @serialized
    def add_step_photos(self, entry_id: int, actor_id: int, photos: list[str]) -> Entry:
        """More photos of what ``actor_id`` just posted on an issue: its last step when
        that step is theirs (``entry_id`` the issue), or the progress note ``entry_id``
        they wrote. Telegram sends an album one message per photo, the command as the
        first one's caption, so the step is stored with its first photo and the others
        follow. A photo already there is not added twice; at most ``MAX_STEP_PHOTOS``."""
        if not isinstance(photos, list) or not photos or not all(is_ref(p) for p in photos):
            raise DomainError("photos are a list of photo references", code="bad_photos")
        entry = self.core.entry(entry_id)
        actor = self.core.require_person(actor_id)
        if entry.kind not in (Kind.ISSUE, Kind.PROGRESS_NOTE):
            raise DomainError(f"#{entry.id} is not an issue", code="not_issue")
        self.core.require_steward(actor, entry.area)
        if entry.kind == Kind.ISSUE:
            step = entry.history[-1] if entry.history else {}
            if step.get("by") != actor["id"] or not isinstance(step.get("photos"), list):
                raise PermissionDenied("photos are added to one's own last step of an issue",
                                       code="not_your_step")
            kept = step["photos"]
        else:
            if entry.author != actor["id"] or entry.data.get("issue") is None:
                raise PermissionDenied("photos are added to one's own progress note",
                                       code="not_your_step")
            kept = entry.data.setdefault("photos", [])
        new = [p for p in dict.fromkeys(photos) if p not in kept]
        if len(kept) + len(new) > MAX_STEP_PHOTOS:
            raise DomainError("too many photos for one step", code="too_many_photos",
                              max=MAX_STEP_PHOTOS)
        if not new:
            return entry

        def run(tx: Transaction) -> Entry:
            kept.extend(new)
            self.records.save(tx, entry)
            return entry

        return self.core.commit(run)

    @serialized
    def reopen(self, entry_id: int, actor_id: int, note: str = "") -> Entry:
        """"Not fixed": the author (or a steward) reopens a resolved issue."""
        note = checks.text(note, "a note")
        entry = self.core.entry(entry_id)
        actor = self.core.require_person(actor_id)
        if entry.author != actor["id"] and not is_volunteer_of(actor, entry.area):
            raise PermissionDenied("only the person who reported it may reopen it",
                                   code="author_only")

        def run(tx: Transaction) -> Entry:
            self.records.move(tx, entry, Status.REOPENED, actor, note)
            return entry

        return self.core.commit(run)

    @serialized
    def me_too(self, entry_id: int, person_id: int) -> tuple[Entry, bool]:
        """Add one "me too" to an open issue; returns (issue, whether it was new)."""
        entry = self.core.entry(entry_id)
        person = self.core.require_person(person_id)
        if entry.kind != Kind.ISSUE or entry.status not in _BACKABLE:
            raise DomainError("this issue is not open", code="not_open")
        if resident_area(person) != entry.area and not is_volunteer_of(person, entry.area):
            raise PermissionDenied("only residents of this area may add to it",
                                   code="not_resident")
        backers = list(entry.data.get("me_too", []))
        if person["id"] in backers or entry.author == person["id"]:
            return entry, False
        backers.append(person["id"])
        followers = [f for f in entry.data.get("followers", []) if f != person["id"]]

        def run(tx: Transaction) -> tuple[Entry, bool]:
            entry.data["me_too"] = backers
            entry.data["followers"] = [*followers, person["id"]]  # "me too" follows it
            self.records.save(tx, entry)
            return entry, True

        return self.core.commit(run)

    @serialized
    def follow(self, entry_id: int, person_id: int, following: bool = True) -> tuple[Entry, bool]:
        """Start (or, with ``following=False``, stop) hearing of an issue's progress,
        resolution and reopening; returns (issue, whether anything changed). Anyone may
        stop; only a resident or volunteer of its area may follow an open issue."""
        following = checks.flag(following, "following")
        entry = self.core.entry(entry_id)
        person = self.core.require_person(person_id)
        if entry.kind != Kind.ISSUE:
            raise DomainError(f"#{entry.id} is not an issue", code="not_issue", id=entry.id)
        current = [int(f) for f in entry.data.get("followers", [])]
        if following:
            if entry.status not in _BACKABLE:
                raise DomainError("this issue is not open", code="not_open")
            if resident_area(person) != entry.area and not is_volunteer_of(person, entry.area):
                raise PermissionDenied("only residents of this area may follow it",
                                       code="not_resident")
        if (person["id"] in current) == following:
            return entry, False
        wanted = [*current, person["id"]] if following else \
            [f for f in current if f != person["id"]]

        def run(tx: Transaction) -> tuple[Entry, bool]:
            entry.data["followers"] = wanted
            self.records.save(tx, entry)
            return entry, True

        return self.core.commit(run)

    def followers(self, entry_id: int) -> list[int]:
        """Who follows an issue (person ids; its author hears of it anyway, as its author)."""
        entry = self.core.entry(entry_id)
        if entry.kind != Kind.ISSUE:
            raise DomainError(f"#{entry.id} is not an issue", code="not_issue", id=entry.id)
        return [int(f) for f in entry.data.get("followers", []) if f != entry.author]
