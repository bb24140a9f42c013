"""Acting for a neighbour (代办): a volunteer records a report or an opinion for
a household of their area, as grid workers do door to door for elderly
residents without a phone. The entry is the volunteer's (its author, for the
approval queue and the audit trail), names the household, and is marked
``proxy``: the site says "由<role>代为登记" (the volunteer's role, never a
name). The household's confirmed residents follow the report, so they hear
of its progress as its reporter would.

A household outside the volunteer's areas is refused here, whatever the bot
shows. Fees a volunteer collects for a household are ``/income``
(``db.records`` checks the payer); paper votes are ``db.votes`` with
``paper=True``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Any

from . import checks
from .core import Core, Part, serialized
from .entries import Entry, Kind, is_public, validate_data
from .errors import DomainError, NotFound
from .moving import for_earlier_household
from .people import public_role, resident_area
from .records import Records
from .review import Review
from .store import Transaction

__all__ = ["Proxy", "PROXY_KINDS", "proxy_label", "for_household", "household_reports"]

PROXY_KINDS = frozenset({Kind.ISSUE, Kind.OPINION})


def proxy_label(role: str) -> str:
    """What the public reads of an entry a volunteer recorded for a household."""
    return f"由{role}代为登记"


def for_household(entries: Iterable[Entry], person: dict[str, Any],
                  since: str | None = None) -> list[Entry]:
    """The reports among ``entries`` a volunteer recorded for ``person``'s household (at
    her door before she registered, or for a neighbour at home), or that she follows, in
    the order given; not her own, nor those she said "me too" to (listed apart).

    One recorded for her home that she does not follow is hers to see only once it is
    public: it may have been told by whoever lived there before her (the people of the
    household when it was recorded follow it), and one still waiting or not approved
    holds words nobody has checked for the public, a neighbour's name among them. Nor
    one recorded before ``since``, when the flat changed hands or was left empty
    (``db.moving.HandsChanged.since``): that one is its former residents'; nor one
    recorded for a household of the flat before hers (``for_earlier_household``: its
    last resident was forgotten at her request, which leaves no trace of the flat)."""
    home, me = person.get("household"), person.get("id")
    return [e for e in entries if e.kind == Kind.ISSUE and e.author != me
            and me not in (e.data.get("me_too") or [])
            and (me in (e.data.get("followers") or [])
                 or (home and e.data.get("proxy") and e.data.get("household") == home
                     and is_public(e.kind, e.status)
                     and (since is None or str(e.created) >= since)
                     and not for_earlier_household(e, person)))]


def household_reports(repo: Any, person: dict[str, Any],
                      limit: int | None = None) -> list[Entry]:
    """``for_household`` among the area's open reports (kept in memory: ``open_issues``)
    and the reports recorded for her household (``recorded_for``: an index, whatever
    became of them), oldest first; the newest ``limit`` of them when given; [] without
    an area. Not among every report the area ever had: at 50 areas over five years 我的
    read thousands of them each time, 1.7 ms of the event loop and 17 ms in all. So a
    report recorded at her door and fixed before she registered is listed too (once
    public), as is one fixed since; not one recorded before the flat changed hands.

    Those recorded for her household are read newest first, ``limit`` at a time, until
    ``limit`` of them are hers to see (or one is older than her household): 我的 shows
    five, and read every report ever recorded for the flat each time."""
    area = resident_area(person)
    if area is None:
        return []
    home = person.get("household")
    since = repo.home_since(home) if home else None
    found = for_household(repo.open_issues(area), person, since)
    recorded: list[Entry] = []
    before = None
    while home:
        batch = repo.recorded_for(home, newest=limit, before=before)
        if not batch:
            break
        recorded += for_household(batch, person, since)
        before = batch[0].id
        if limit is None or len(recorded) >= limit or \
                (since is not None and str(batch[0].created) < since):
            break  # enough; or the rest are the former residents'
    if recorded:  # most households have none: the open reports as they are
        open_ids = {e.id for e in found}
        found = sorted(found + [e for e in recorded if e.id not in open_ids],
                       key=lambda e: e.id)
    return found if limit is None else found[-limit:]


class Proxy(Part):
    """Entries a volunteer records for a household of their area."""

    def __init__(self, core: Core, records: Records, review: Review) -> None:
        super().__init__(core)
        self.records = records
        self.review = review

    @serialized
    def submit_for(self, actor_id: int, household: str, kind: Kind | str,
                   data: dict[str, Any]) -> Entry:
        """Store a pending report or opinion a volunteer recorded for ``household``."""
        household = checks.text(household, "a household", required=True)
        kind = checks.choice(Kind, kind, "kind", "bad_kind")
        data = dict(checks.mapping(data, "an entry's data"))
        if kind not in PROXY_KINDS:
            raise DomainError("a volunteer records a report or an opinion for a household",
                              code="not_proxy_kind", kind=str(kind))
        try:
            area, *_ = self.core.street.locate(household)
        except KeyError:
            raise NotFound(f"no household {household!r}", code="no_household") from None
        actor = self.core.require_person(actor_id)
        self.core.require_steward(actor, area.id)
        data.pop("proxy", None)
        data["household"] = household
        validate_data(kind, data)
        followers = [p["id"] for p in self.review.residents_of(household)
                     if p["id"] != actor["id"]]
        data["proxy"] = public_role(actor, area.id)
        data["followers"] = followers  # they hear of it as its reporter would

        def run(tx: Transaction) -> Entry:
            return self.records.new(tx, kind, area.id, actor, data)

        return self.core.commit(run)  # type: ignore[no-any-return]

    def recorded_for(self, household: str, *, newest: int | None = None,
                     before: int | None = None) -> list[Entry]:
        """The reports volunteers recorded for ``household`` (/proxy), whatever became of
        them (waiting, rejected, fixed), oldest first: from the index of them kept in
        memory (``EntryIndex.by_household``), reading only their own documents; only
        those numbered below ``before``, and of them the newest ``newest``, when given."""
        household = checks.text(household, "a household")
        if newest is not None:
            newest = checks.whole(newest, "how many reports")
        if before is not None:
            before = checks.whole(before, "a report's number")
        try:
            self.core.street.locate(household)
        except KeyError:
            raise NotFound(f"no household {household!r}", code="no_household") from None
        with self.store.lock:
            ids = self.core.entries.recorded_for(household)
            if before is not None:
                ids = ids[:bisect_left(ids, before)]
            if newest is not None:
                ids = ids[-newest:]
            docs = self.records.docs(ids) if ids else []
        return sorted((Entry.from_doc(d) for d in docs), key=lambda e: e.id)
