"""What of a flat's records is its present household's (PIPL: a flat's former owner's
payments are not a stranger's to read because she bought the flat).

A flat changes hands (``db.moving``): a volunteer confirms a newcomer as its former
residents having moved out, or its last resident moves out and someone registers it
later. What was recorded for the flat before that (``HandsChanged.since``) stays its
former residents': its people now are not shown those fees (who paid, how much), nor
the reports a volunteer recorded for them (``db.proxy.household_reports``), nor those
in /mydata (``db.household_kept``). They are told only that earlier residents' records
are not shown, and which fees of the flat for the present period are paid already (they
need not pay them again), without who paid nor how much.

**A fee collected while her registration waited.** When a volunteer confirms a
newcomer as the flat's former residents having moved out, that confirmation is the
first record of their leaving, but not when they left: she had said she lives there
when she asked to register. A fee a volunteer recorded for the flat after she asked
(collected at her door while her registration waited) is hers; one the former residents
reported themselves (登记人：居民) stays theirs (``Window.theirs``).

**Fees recorded before her household asked to register.** A volunteer collects fees
door to door from flats where nobody is registered. Who lived there then is not known:
perhaps she, perhaps an owner before her who never registered, or a tenant between the
last registered residents and her. So the fees of the flat are her household's from
the registration its time in the flat began with (``db.moving.BEGAN``: its first
resident's, kept by every housemate confirmed after her), not before: a buyer is not
shown what an owner before her paid. Those earlier fees are not shown to anyone of the
flat now, but a fee of the present period among them is still said to be paid (我的), and
/pay still warns of it before she pays again (``home_fee_recorded``), neither saying by
whom nor how much; the words say "before your household registered", not "its former
residents'", when who paid is not known. A household confirmed before this was kept
(no ``BEGAN``) is shown its flat's fees as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import checks
from .accounts import Accounts
from .core import Core, Part
from .directory import Directory
from .errors import NotFound
from .fees import overlap
from .moving import BEGAN, Change, HandsChanged
from .people import RESIDENT_LABEL
from .records import Records

__all__ = ["HomeRecords", "Window"]


@dataclass(frozen=True)
class Window:
    """Which of a flat's fees are the household living there now's: ``since`` when it
    began (``HandsChanged.since``; None: the flat never changed hands nor was left
    empty); ``change``: the change of hands it began with, if it did; ``start``: the
    registration its time in the flat began with (``BEGAN``; None: not known)."""
    since: str | None = None
    change: Change | None = None
    start: int | None = None

    def before(self, eid: int) -> bool:
        """Whether entry ``eid`` was recorded before the household asked to register."""
        return self.start is not None and eid < self.start

    def theirs(self, doc: dict[str, Any]) -> bool:
        """Whether the fee ``doc`` (a stored entry) is not the household's: recorded
        before it asked to register, or the flat's former residents'."""
        return self.before(int(doc["id"])) or self.former(doc)

    def former(self, doc: dict[str, Any]) -> bool:
        """Whether the fee ``doc`` is known to be the flat's former residents'."""
        if self.since is None or str(doc.get("created") or "") >= self.since:
            return False
        change = self.change  # recorded while the newcomer's registration waited?
        return change is None or int(doc["id"]) < change.registration or \
            doc.get("author") in change.former or doc.get("author_role") == RESIDENT_LABEL


class HomeRecords(Part):
    """A resident's household's records since her household began."""

    def __init__(self, core: Core, records: Records, accounts: Accounts,
                 hands: HandsChanged, directory: Directory) -> None:
        super().__init__(core)
        self.directory = directory
        self.records = records
        self.accounts = accounts
        self.hands = hands

    def home_since(self, household: str) -> str | None:
        """When the household living in flat ``household`` now began (the flat last
        changed hands or was left empty), None if never."""
        household = checks.text(household, "a household", required=True)
        try:
            area = self.core.street.locate(household)[0].id
        except KeyError:
            raise NotFound(f"no household {household!r}", code="no_household") from None
        return self.hands.since(area, household)

    def window(self, household: str, reader: int | None = None) -> Window:
        """Which of flat ``household``'s fees are its present household's (``Window``).
        ``reader``: a resident of it (her start is her household's: every resident of a
        flat keeps the same, ``db.moving.household_began``), else its residents are
        looked up among the area's."""
        household = checks.text(household, "a household", required=True)
        try:
            area = self.core.street.locate(household)[0].id
        except KeyError:
            raise NotFound(f"no household {household!r}", code="no_household") from None
        since = self.hands.since(area, household)
        began = self.directory.household_values(area, household, BEGAN, reader)
        start = None if not began or None in began else min(int(b) for b in began)
        return Window(since, self.hands.began_with(area, household) if since else None, start)

    def _earlier(self, household: str, ids: list[int], reader: int | None
                 ) -> dict[int, bool]:
        """Those of ``ids`` (fees recorded for ``household``) that are not its household's
        now, each with whether it is known to be the flat's former residents'."""
        reader = None if reader is None else checks.whole(reader, "a person")
        window = self.window(household, reader) if ids else Window()
        if window.since is None:  # no fee read: by their numbers
            return {i: False for i in ids if window.before(i)}
        with self.store.lock:  # only a flat that changed hands: its fees, read
            return {int(d["id"]): window.former(d) for d in self.records.docs(ids)
                    if window.theirs(d)}

    def home_fees(self, household: str, reader: int | None = None) -> dict[str, Any]:
        """The fees booked for flat ``household`` since the household living there now
        began (as ``Accounts.household_fees`` gives them, oldest first): ``{"fees": [...],
        "earlier": how many booked before (or before it asked to register), "paid_now":
        the fee types of those earlier ones whose period covers this month, "former":
        whether all of those are known to be its former residents'}``. What 我的 shows a
        resident of it, ``reader`` (the bot checks she is one; given, her household's
        start is hers, not looked up among the area's residents)."""
        paid = self.accounts.household_fees(household)
        earlier = self._earlier(household, [int(p["id"]) for p in paid], reader)
        ours = [p for p in paid if int(p["id"]) not in earlier]
        theirs = [p for p in paid if int(p["id"]) in earlier]
        month = self.core.clock().strftime("%Y-%m")
        now = sorted({str(p["fee_type"]) for p in theirs if overlap(p["period"], month)})
        return {"fees": ours, "earlier": len(theirs), "paid_now": now,
                "former": all(earlier.values())}

    def home_fee_recorded(self, household: str, fee_type: str, period: str,
                          reader: int | None = None) -> list[dict[str, Any]]:
        """``Accounts.fee_recorded`` as the flat's people now may read it (/pay's warning
        that the fee is in already): one recorded before their household began is only
        ``{"status", "earlier": True, "former"}`` (``former``: known to be its former
        residents'), without its number or line (the line gives the amount and day of
        someone else's payment on the site); theirs as it is."""
        found = self.accounts.fee_recorded(household, fee_type, period)
        earlier = self._earlier(household, [int(f["id"]) for f in found], reader)
        return [{"status": f["status"], "earlier": True, "former": earlier[int(f["id"])]}
                if int(f["id"]) in earlier else f for f in found]
