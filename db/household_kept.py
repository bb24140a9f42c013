"""What others recorded for a resident's household, for her ``/mydata`` (PIPL art. 45:
what is kept about her is her home's too, not only what she sent herself).

* ``votes_for_home``: the votes someone else cast for her household since she asked to
  register it (a volunteer's paper signature collected at her door, a housemate's vote);
  the votes of whoever lived there before her stay theirs.
* ``recorded_for_home``: the fees a volunteer collected from her household door to door
  (``/income``), and the reports and opinions a volunteer recorded for it (``/proxy``,
  ``db.proxy``). Which of them: every one the public already reads (a fee in the
  accounts, a report on the site: by building and unit), and the others (waiting,
  rejected) recorded since she asked to register that home, so that what a volunteer
  recorded for whoever lived there before her stays theirs. A proxy report she
  follows (the household's residents follow it when it is recorded) is listed too.
  None recorded before the flat last changed hands or was left empty (``since``,
  ``db.home_records``), public or not: a former owner's fees are not the buyer's to
  read. Nor a fee the household's residents recorded themselves (their own, in their
  /mydata), unless she lives with them (recorded since the household began). Nor a
  fee recorded before her household asked to register, nor a report recorded then
  for people registered there (``db.home_records``, ``db.moving.for_earlier_household``).

Whoever recorded it is named by role only, as the site names them. A volunteer's
notes on it (why it was rejected: 重复登记，见账目) are left out: written for the
volunteers, they may name a neighbour, and the household was never told them.
"""

from __future__ import annotations

from typing import Any

from .core import Core
from .entries import Entry, Kind, is_public
from .moving import for_earlier_household
from .records import Records
from .relation import NOTE as RELATION_NOTE

__all__ = ["votes_for_home", "recorded_for_home", "relation_said"]

# the kinds others record for a household, besides votes (listed apart)
RECORDED_KINDS = (Kind.FEE_INCOME, Kind.ISSUE, Kind.OPINION)


def _area_of(core: Core, home: str | None) -> str | None:
    try:
        return core.street.locate(home)[0].id if home else None
    except KeyError:
        return None


def votes_for_home(core: Core, records: Records, person: dict[str, Any],
                   flat_since: str | None = None) -> list[dict[str, Any]]:
    """The votes others recorded for ``person``'s household since she asked to register
    it: she was told of each when it was recorded, and /mydata did not list them (not
    hers, yet her home's). Not those from before: the flat's former residents' votes are
    theirs (``db.moving``); nor those cast while she waited, before the flat changed
    hands at her confirmation (``flat_since``): the former residents still lived there."""
    home = person.get("household")
    area = _area_of(core, home)
    if area is None or not isinstance(home, str):
        return []
    out, since = [], _since(records, person, home)
    if since is not None and flat_since is not None:
        since = max(since, flat_since)
    for e in records.entries(area=area, kind=Kind.VOTE):
        if e.data.get("household") != home or e.author == person["id"] or \
                since is None or e.created < since:
            continue
        first = e.history[0] if e.history else {}
        out.append({"id": e.id, "proposal": e.data.get("proposal"),
                    "choice": e.data.get("choice"), "backs": e.data.get("backs"),
                    "paper": bool(e.data.get("paper")), "status": str(e.status),
                    "at": e.created, "role": first.get("role")})
    return out


def _since(records: Records, person: dict[str, Any], home: str) -> str | None:
    """When ``person`` first asked to register ``home`` (her registration's time)."""
    asked = [e.created for e in records.entries(author=person["id"], kind=Kind.REGISTRATION)
             if e.data.get("household") == home]
    return min(asked) if asked else None


def _mine_to_see(e: Entry, person: dict[str, Any], home: str, since: str | None,
                 flat_since: str | None, fees: Any) -> bool:
    me = person["id"]
    if e.author == me or e.data.get("household") != home or e.data.get("withdrawn"):
        return False
    if e.kind == Kind.FEE_INCOME and fees is not None:
        if fees.theirs(e.as_doc()):
            return False  # the flat's former residents' (db.home_records.Window)
    elif flat_since is not None and e.created < flat_since and \
            me not in (e.data.get("followers") or []):
        return False  # the flat's former residents'
    elif for_earlier_household(e, person):
        return False  # theirs, though nothing says they left (forgotten)
    if e.kind in (Kind.ISSUE, Kind.OPINION) and not e.data.get("proxy"):
        return False  # a neighbour's own report naming the household: theirs
    if is_public(e.kind, e.status) or me in (e.data.get("followers") or []):
        return True
    return since is not None and e.created >= since


def recorded_for_home(core: Core, records: Records, person: dict[str, Any],
                      flat_since: str | None = None, fees: Any = None
                      ) -> list[dict[str, Any]]:
    """The fees, reports and opinions others recorded for ``person``'s household
    (module docstring) since ``flat_since`` (when the flat last changed hands or was
    left empty), oldest first, as plain JSON-safe data; of the fees, those ``fees``
    (``db.home_records.Window``) says are her household's, when given."""
    home = person.get("household")
    area = _area_of(core, home)
    if area is None or not isinstance(home, str):
        return []
    since = _since(records, person, home)
    found: list[Entry] = []
    for kind in RECORDED_KINDS:
        found += [e for e in records.entries(area=area, kind=kind)
                  if _mine_to_see(e, person, home, since, flat_since, fees)]
    out = []
    for e in sorted(found, key=lambda e: e.id):
        first = e.history[0] if e.history else {}
        d = e.data
        item: dict[str, Any] = {"id": e.id, "kind": str(e.kind), "status": str(e.status),
                                "at": e.created, "role": first.get("role"),
                                "public": is_public(e.kind, e.status)
                                and not d.get("withheld")}
        if e.kind == Kind.FEE_INCOME:
            item.update({k: d.get(k) for k in ("fee_type", "period", "amount_fen",
                                               "ledger_seq")},
                        receipt_photo=bool(d.get("receipt")))
        else:
            item.update({k: d[k] for k in ("category", "text", "voice_summary") if d.get(k)})
        out.append(item)
    return out


def relation_said(lines: list[dict[str, Any]], home: str | None) -> list[dict[str, Any]]:
    """Her lines of the role log saying how she stood to her home (``db.relation``), in
    their order, each with ``home``: the flat she was a resident of when she said it (None
    when unknown), and ``current``: whether it is of her tie to the flat she lives in now.
    How she stood to a flat she left is forgotten with the tie (``db.moving``): the
    lines stay, and /mydata must not read them as her answer now."""
    said: list[tuple[dict[str, Any], str | None, int]] = []
    flat: str | None = None
    tie = 0  # her ties to a flat, counted: the last one is hers now if it is ``home``
    for line in lines:
        frm, to = str(line.get("from") or ""), str(line.get("to") or "")
        if frm.startswith("resident") or to.startswith("resident"):
            flat = (to.partition(":")[2] or None) if to.startswith("resident") else None
            tie += 1
        elif line.get("note") == RELATION_NOTE:
            said.append((line, flat, tie))
    now = tie if home and flat == home else -1
    return [{**line, "home": flat_then, "current": at == now} for line, flat_then, at in said]
