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
"""

from __future__ import annotations

from typing import Any

from . import checks
from .accounts import Accounts
from .core import Core, Part
from .errors import NotFound
from .fees import overlap
from .moving import HandsChanged
from .records import Records

__all__ = ["HomeRecords"]


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

    def home_fees(self, household: str) -> dict[str, Any]:
        """The fees booked for flat ``household`` since the household living there now
        began (as ``Accounts.household_fees`` gives them, oldest first): ``{"fees": [...],
        "earlier": how many booked before (its former residents'), "paid_now": the fee
        types of those earlier ones whose period covers this month}``. What 我的 shows a
        resident of it (the bot checks she is one)."""
        paid = self.accounts.household_fees(household)
        since = self.home_since(household) if paid else None
        if since is None:
            return {"fees": paid, "earlier": 0, "paid_now": []}
        with self.store.lock:  # only a flat that changed hands: its fees' times, read
            created = {int(d["id"]): str(d.get("created") or "")
                       for d in self.records.docs([int(p["id"]) for p in paid])}
        ours = [p for p in paid if created.get(int(p["id"]), "") >= since]
        theirs = [p for p in paid if created.get(int(p["id"]), "") < since]
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
        since = self.home_since(household) if found else None
        if since is None:
            return found
        with self.store.lock:
            created = {int(d["id"]): str(d.get("created") or "")
                       for d in self.records.docs([int(f["id"]) for f in found])}
        return [f if created.get(int(f["id"]), "") >= since else
                {"status": f["status"], "earlier": True} for f in found]
