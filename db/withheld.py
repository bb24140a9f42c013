"""What of a person's is kept off the public record, and the consent it stands on
(PIPL art. 25 and 15): the notice's version a person agrees to (``CONSENT_VERSION``,
``has_consent``, ``add_consent``), which entries' words are a resident's own
(``WITHHOLDABLE``) and withheld once she withdrew her consent or was forgotten
(``is_withheld``, what the site shows instead: ``WITHHELD_ZH``), and which of hers are
published, waiting or withheld. The rights that change them are ``db.privacy``'s; the
site, the bot and the notices read them here.
"""

from __future__ import annotations

from typing import Any

from .entries import Entry, Kind, Status, is_public
from .errors import DomainError

__all__ = ["CONSENT_VERSION", "CORRECTABLE", "WITHHOLDABLE", "WITHHELD_ZH", "WITHDRAWN_NOTE",
           "FORGOTTEN_NOTE", "has_consent", "add_consent", "is_withheld", "forgotten_ids",
           "published_own", "waiting_own", "withheld_own", "ERASED_ZH", "ERASED_FIELDS",
           "erased_words", "own_words", "BACKUP_DAYS", "backup_days"]

# How many days a backup file is kept unless the street's settings say otherwise
# (``backup_days``): the deployment guide's crontab writes one a day, named by the
# weekday (steward-Mon.tar.gz ...), so each is overwritten a week later. What /forget
# deletes stays readable in the backups that long, and the person is told so.
BACKUP_DAYS = 7


def backup_days(settings: dict[str, Any] | None) -> int:
    """How many days a backup file is kept (the street's ``backup_days``, else
    ``BACKUP_DAYS``): what /forget deletes lasts that long in the backups."""
    days = (settings or {}).get("backup_days")
    return days if type(days) is int and days >= 1 else BACKUP_DAYS


# The version of the publication notice a person agrees to (bot.consent holds
# its words). A new version, when the notice's meaning changes, asks everyone again.
CONSENT_VERSION = "2025-1"
# The kinds whose published text may be corrected (the ledger is corrected by a
# reversing entry instead).
CORRECTABLE = frozenset({Kind.ISSUE, Kind.OPINION, Kind.ANNOUNCEMENT, Kind.PROGRESS_NOTE})
# The kinds whose published words are a resident's own, withheld when they are
# forgotten, and what the site shows instead of those words and their photos.
WITHHOLDABLE = frozenset({Kind.ISSUE, Kind.OPINION, Kind.QUESTION, Kind.CORRECTION})
# The note of a submission's rejection when its author withdrew their consent.
WITHDRAWN_NOTE = "withdrawn by its author, who withdrew their consent to publication"
# The note of a submission's rejection when its author asked to be forgotten.
FORGOTTEN_NOTE = "withdrawn by its author, who asked to be forgotten"
WITHHELD_ZH = "（发布这条内容的居民已撤回公开同意，文字和照片不再公开）"
# What a forgotten resident's own entry reads as in the store once its words are deleted
# (``erased_words``): the volunteers see it instead of them.
ERASED_ZH = "（这位居民已要求删除个人信息：原文、照片和语音已删除）"
# The fields of her own entry that are her words, photos and voice (PIPL art. 47: once
# she withdrew her consent and asked to be forgotten, no longer needed): deleted from
# the store. What stays is the record's: kind, number, category, building and unit,
# status and the volunteers' steps and answers.
ERASED_FIELDS = ("text", "place", "photos", "voice", "voice_seconds", "voice_more",
                 "voice_more_seconds", "voice_summary", "reason", "hidden")


def is_withheld(entry: Entry, forgotten: frozenset[int] | set[int] = frozenset()) -> bool:
    """Whether ``entry``'s words and photos are kept off the public record: marked when
    its author was forgotten, or (someone forgotten before entries were marked) a
    resident's own entry whose author is among ``forgotten`` (``forgotten_ids``)."""
    if entry.data.get("withheld"):
        return True
    return entry.author in forgotten and _own_words(entry)


def erased_words(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` of a forgotten resident's own entry without her words, photos and voice
    (``ERASED_FIELDS``), its text ``ERASED_ZH``."""
    out = {k: v for k, v in data.items() if k not in ERASED_FIELDS}
    out["text"] = ERASED_ZH
    return out


def own_words(entry: Entry) -> bool:
    """Whether ``entry``'s words are its author's own (``_own_words``)."""
    return _own_words(entry)


def _own_words(entry: Entry) -> bool:
    """Whether ``entry``'s words are its author's own, withheld with their consent: of a
    ``WITHHOLDABLE`` kind and not recorded by a volunteer for a household (``db.proxy``)."""
    return entry.kind in WITHHOLDABLE and not entry.data.get("proxy")


def published_own(own: list[Entry]) -> list[Entry]:
    """Of a person's entries (``own``), those whose own words are public now: what
    withdrawing their consent withholds."""
    return [e for e in own if _own_words(e) and is_public(e.kind, e.status)
            and not e.data.get("withheld")]


def waiting_own(own: list[Entry]) -> list[Entry]:
    """Of a person's entries (``own``), those waiting for review that would be
    published: what withdrawing their consent withdraws."""
    return [e for e in own if e.status == Status.PENDING and e.kind in WITHHOLDABLE]


def withheld_own(own: list[Entry]) -> list[Entry]:
    """Of a person's entries (``own``), those whose own words were public and are
    withheld since they withdrew their consent: what ``republish`` puts back."""
    return [e for e in own if _own_words(e) and is_public(e.kind, e.status)
            and e.data.get("withheld")]


def forgotten_ids(people: list[dict[str, Any]]) -> frozenset[int]:
    """The ids of the people forgotten, of ``people`` (person records)."""
    return frozenset(int(p["id"]) for p in people if p.get("forgotten"))


def has_consent(person: dict[str, Any] | None, version: str = CONSENT_VERSION) -> bool:
    """Whether ``person`` agreed to the publication notice of ``version``."""
    return bool(person) and any(c.get("version") == version
                                for c in person.get("consents") or [])  # type: ignore[union-attr]


def add_consent(person: dict[str, Any], version: str, at: str, language: str) -> None:
    """Note on ``person`` (a dict about to be written) their consent to ``version``."""
    if version != CONSENT_VERSION:
        raise DomainError("that is not the current notice", code="old_consent")
    if not has_consent(person, version):
        record = {"version": version, "at": at, "language": language}
        person["consents"] = [*(person.get("consents") or []), record]
