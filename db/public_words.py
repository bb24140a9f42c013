"""Someone else's words as the public reads them, for the bot to show a neighbour.

The bot shows a resident reports of other residents of her area: the similar ones the
report flow offers ("me too"), those she said "me too" to under 我的. The site shows
such a report as ``site_builder.collect_base.CollectorBase.text_of`` does: nothing of
its words once its author was forgotten or withdrew her consent (``db.privacy``), its
latest approved correction in place of what it corrected, a voice message as its
summary, and phone, ID and listed numbers, the names of the people the street knows and
room numbers masked, and the words a volunteer hid (``db.hidden_names``). The bot
showed the words as they were typed, phone numbers alone masked: a neighbour kept
reading what /forget had taken off the site.

A volunteer's note on a report, sent to the neighbours who follow it, is masked the same
way (``public_text``): the site shows it so.

The names are those of ``db.redact.person_names`` (as the site masks them), and what
reads as the full name of someone nobody registered (赵铁柱家门口, Zhang Jianguo: the
site masks it, ``NameMask`` with ``strangers``; the bot showed it to every neighbour as
typed, and a volunteer was asked about a name the site masked anyway), read once
and kept until the people change (the store's generation of ``people``); a given name
alone is masked wherever it stands but before a place word (no dictionary read in the
bot: a short preview masked a little more than the site is on the safe side).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable
from typing import Any

from . import voice
from .entries import Entry, Kind, Status
from .errors import DomainError
from .forgotten_forms import HashedForms
from .hidden_names import hidden_entry, hidden_of, hide_in
from .privacy import WITHHELD_ZH, forgotten_ids, is_withheld
from .redact import (
    NameMask,
    area_rooms,
    every_name,
    given_names,
    mask_bare_rooms,
    mask_rooms,
    person_ids,
    person_names,
    redactor,
)

__all__ = ["public_words", "public_text", "still_shown", "names_mask"]

_LOCK = threading.Lock()
# store -> (generation of its people, the names' mask, the ids of the people forgotten)
_KEPT: weakref.WeakKeyDictionary[Any, tuple[int, NameMask, frozenset[int]]] = \
    weakref.WeakKeyDictionary()
# store -> each area's mask of ``names_mask``: (the generation of the people it was last
# found right for, the names of the area's people it was made of, the mask)
_AREAS: weakref.WeakKeyDictionary[
    Any, dict[str, tuple[int, tuple[str, ...], NameMask]]] = weakref.WeakKeyDictionary()


def _people(repo: Any) -> tuple[NameMask, frozenset[int]]:
    """The mask of the names the street knows and the people forgotten, as now."""
    store = repo.store
    generation = store.generation("people")
    with _LOCK:
        kept = _KEPT.get(store)
    if kept is not None and kept[0] == generation:
        return kept[1], kept[2]
    people, generation = store.all_at("people", "people")
    mask = NameMask(person_names(people), given_names(people), dictionary=False,
                    strangers=True, ids=person_ids(people), hashed=HashedForms.of(people))
    forgotten = forgotten_ids(people)
    with _LOCK:
        _KEPT[store] = (generation, mask, forgotten)
    return mask, forgotten


def names_mask(repo: Any, area: str | None) -> NameMask:
    """The mask of names for words about ``area`` read where anyone may read them (the
    area's linked volunteers' group: ``bot.group_post``): the street's, as the site masks
    them, when it is kept for the people as they are now; otherwise (some 50-100 ms of the
    event loop at 10,000 households to make again, after any change to the people, for
    one post) the names of ``area``'s residents and volunteers, and, as the street's, the
    full names nobody registered (王建国, Zhang Jianguo). A registered person of another
    area is then masked only where her name reads as a full name. Each area's is made
    once for its people's names as they are (a post after each report would read them
    all): a change to the people elsewhere (a newcomer of another area) costs a read of
    the area's names to find it still right, not the mask made again (some 2 ms at 200
    households, after each registration of the street)."""
    store = repo.store
    generation = store.generation("people")
    with _LOCK:
        kept = _KEPT.get(store)
        areas = _AREAS.setdefault(store, {})
        held = areas.get(area or "")
    if kept is not None and kept[0] == generation:
        return kept[1]
    if held is not None and held[0] == generation:
        return held[2]
    try:
        people = repo.people(resident_of=area, volunteer_of=area) if area else []
    except DomainError:  # an area no longer in the street: strangers' names alone
        people = []
    ids = person_ids(people)
    names = (*every_name(people), *sorted(ids))
    if held is not None and held[1] == names:  # the people changed elsewhere (a
        mask = held[2]  # newcomer in another area): this area's mask is still right
    else:
        mask = NameMask(person_names(people), given_names(people), dictionary=False,
                        strangers=True, ids=ids)
    with _LOCK:
        areas[area or ""] = (generation, names, mask)
    return mask


def still_shown(repo: Any, text: str, names: Iterable[str], area: str | None) -> list[str]:
    """Which of ``names`` (full names found in ``text``) the site would still show: those
    it does not mask as a name of the street's people. With the street's mask kept for
    the people as they are now, that mask over ``text`` (``public_text``). Otherwise the
    mask is not made again for it (that reads every person: some 50-100 ms of the event
    loop at 10,000 households, after any change to the people, for a warning on one
    post): ``names_mask``'s, of ``area``'s residents and volunteers, kept while their
    names stay as they are; a person of another area named is shown as not masked (asked
    about once too often, never once too few)."""
    names = list(names)
    if not names:
        return []
    store = repo.store
    with _LOCK:
        kept = _KEPT.get(store)
    if kept is not None and kept[0] == store.generation("people"):
        public = public_text(repo, text, area)
        return [w for w in names if w in public]
    public = names_mask(repo, area)(text)
    return [w for w in names if w in public]


def _corrections(repo: Any, areas: Iterable[str], forgotten: frozenset[int]
                 ) -> dict[int, str]:
    """The words of the latest approved correction of each entry of ``areas`` corrected
    (a correction withheld with its author's words: none)."""
    out: dict[int, str] = {}
    for area in areas:
        found = repo.entries(area=area, kind=Kind.CORRECTION, status=Status.APPROVED)
        for e in sorted(found, key=lambda e: e.id):
            if not is_withheld(e, forgotten) and e.data.get("corrects"):
                out[int(e.data["corrects"])] = str(hidden_entry(e).data.get("text") or "")
    return out


def public_words(repo: Any, entries: list[Entry]) -> dict[int, str]:
    """The words of each of ``entries`` (by id) as the public site reads them."""
    if not entries:
        return {}
    mask, forgotten = _people(repo)
    redact = redactor(repo.settings)
    fixed = _corrections(repo, {e.area for e in entries if e.area}, forgotten)

    rooms = {a: area_rooms(repo.street, a) for a in {e.area for e in entries if e.area}}

    def words(value: object, area: str | None) -> str:  # a room written alone too
        return mask_bare_rooms(mask_rooms(mask(redact(value))), rooms.get(area or "", ()))

    out: dict[int, str] = {}
    for typed in entries:
        e = hidden_entry(typed)  # the words a volunteer hid (db.hidden_names) masked
        if is_withheld(e, forgotten):
            out[e.id] = WITHHELD_ZH
        elif e.id in fixed:  # its correction, with the words hidden on it masked too
            out[e.id] = words(hide_in(fixed[e.id], hidden_of(e)), e.area)
        elif e.data.get("voice") and (voice.needs_summary(e.data)
                                      or e.data.get("text") == voice.PLACEHOLDER):
            out[e.id] = mask_bare_rooms(mask_rooms(mask(voice.public_text(e.data))),
                                        rooms.get(e.area or "", ()))
        else:
            out[e.id] = words(e.data.get("text"), e.area)
    return out


def public_text(repo: Any, value: object, area: str | None = None) -> str:
    """Words a volunteer or a resident typed (a step's note), as the site shows them:
    phone, ID and listed numbers, the names of the street's people and rooms masked
    (with ``area``, its rooms written alone too)."""
    mask, _ = _people(repo)
    masked = mask_rooms(mask(redactor(repo.settings)(value)))
    return mask_bare_rooms(masked, area_rooms(repo.street, area)) if area else masked
