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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import checks
from .accounts import Accounts
from .core import Core, Part
from .errors import NotFound
from .fees import overlap
from .moving import Change, HandsChanged
from .people import RESIDENT_LABEL
from .records import Records

__all__ = ["HomeRecords", "Window"]


@dataclass(frozen=True)
class Window:
    """Which of a flat's fees are the household living there now's: ``since`` when it
    began (``HandsChanged.since``; None: the flat never changed hands nor was left
    empty); ``change``: the change of hands it began with, if it did."""
    since: str | None = None
    change: Change | None = None

    def theirs(self, doc: dict[str, Any]) -> bool:
        """Whether the fee ``doc`` (a stored entry) is the flat's former residents'."""
        if self.since is None or str(doc.get("created") or "") >= self.since:
            return False
        change = self.change  # recorded while the newcomer's registration waited?
        return change is None or int(doc["id"]) < change.registration or \
            doc.get("author") in change.former or doc.get("author_role") == RESIDENT_LABEL


class HomeRecords(Part):
    """A resident's household's records since her household began."""

    def __init__(self, core: Core, records: Records, accounts: Accounts,
                 hands: HandsChanged) -> None:
        super().__init__(core)
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

    def window(self, household: str) -> Window:
        """Which of flat ``household``'s fees are its present household's (``Window``)."""
        household = checks.text(household, "a household", required=True)
        try:
            area = self.core.street.locate(household)[0].id
        except KeyError:
            raise NotFound(f"no household {household!r}", code="no_household") from None
        since = self.hands.since(area, household)
        return Window(since, self.hands.began_with(area, household) if since else None)

    def _former(self, household: str, ids: list[int]) -> set[int]:
        """Which of ``ids`` (fees recorded for ``household``) are its former residents'."""
        window = self.window(household) if ids else Window()
        if window.since is None:
            return set()
        with self.store.lock:  # only a flat that changed hands: its fees, read
            return {int(d["id"]) for d in self.records.docs(ids) if window.theirs(d)}

    def home_fees(self, household: str) -> dict[str, Any]:
        """The fees booked for flat ``household`` since the household living there now
        began (as ``Accounts.household_fees`` gives them, oldest first): ``{"fees": [...],
        "earlier": how many booked before (its former residents'), "paid_now": the fee
        types of those earlier ones whose period covers this month}``. What 我的 shows a
        resident of it (the bot checks she is one)."""
        paid = self.accounts.household_fees(household)
        former = self._former(household, [int(p["id"]) for p in paid])
        ours = [p for p in paid if int(p["id"]) not in former]
        theirs = [p for p in paid if int(p["id"]) in former]
        month = self.core.clock().strftime("%Y-%m")
        now = sorted({str(p["fee_type"]) for p in theirs if overlap(p["period"], month)})
        return {"fees": ours, "earlier": len(theirs), "paid_now": now}

    def home_fee_recorded(self, household: str, fee_type: str,
                          period: str) -> list[dict[str, Any]]:
        """``Accounts.fee_recorded`` as the flat's people now may read it (/pay's warning
        that the fee is in already): one recorded before their household began is only
        ``{"status", "earlier": True}``, without its number or line (the line gives the
        former residents' amount and day on the site); theirs as it is."""
        found = self.accounts.fee_recorded(household, fee_type, period)
        former = self._former(household, [int(f["id"]) for f in found])
        return [{"status": f["status"], "earlier": True} if int(f["id"]) in former else f
                for f in found]
