"""A person putting right the name kept for them (PIPL art. 46: the right to have
one's personal information corrected).

The name is her Telegram name, kept when she asks to register a household
(``Review.register``) or is given a role (``Directory.keep_name``): often a nickname
(小兰🌸) or a name with a wrong character. Only the volunteers of her area read it, to
check that she lives where she says; the site never shows it, and masks it in what
is published (``db.redact.person_names``). She had no way to correct it: the bot
answered 改名字 with its greeting, and no volunteer or admin could change it either.

``correct_name`` keeps the name she gives instead, checked (``name_refusal``): a
name, not a sentence, a phone number or an ID number. The new name is masked on the
site from the next build (``Directory.note_name``), and the day of the change is kept
on her record (``NAME_CORRECTED``), shown to her in /mydata. The name before is kept
beside it (``FORMER_NAMES``, the last ``MAX_FORMER``) for one use only: the site keeps
masking it (``db.redact.person_names``). A corrected character leaves her real name in
what neighbours wrote before (王秀兰家漏水); had it been dropped, the next build would
have shown it. Nobody reads it but her (/mydata), and /forget drops it with the rest.
Someone with no name kept has none to correct: a name is kept only once she
registers.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from . import checks
from .checks import clean_name
from .core import Core, Part, serialized
from .directory import Directory
from .errors import DomainError, PermissionDenied
from .store import Transaction

__all__ = ["Names", "MAX_NAME", "NAME_CORRECTED", "FORMER_NAMES", "MAX_FORMER", "name_refusal",
           "clean_name"]

MAX_NAME = 30  # characters: a name, not a sentence
NAME_CORRECTED = "name_corrected"  # the person record's key: when she last corrected it
FORMER_NAMES = "former_names"  # the names she corrected, kept only to mask them on the site
MAX_FORMER = 5  # the latest names corrected that are kept (a bound on what one person adds)


def name_refusal(name: str) -> str | None:
    """Why ``name`` (as ``clean_name`` gives it) cannot be kept as a name: "empty",
    "too_long", "digits" (a phone or ID number is not a name), "no_letters" (😀 alone);
    None when it can."""
    if not name:
        return "empty"
    if len(name) > MAX_NAME:
        return "too_long"
    if any(unicodedata.category(ch) == "Nd" for ch in name):
        return "digits"
    if not any(unicodedata.category(ch).startswith("L") for ch in name):
        return "no_letters"
    return None


class Names(Part):
    """Correcting the name kept for a person, by that person."""

    def __init__(self, core: Core, directory: Directory) -> None:
        super().__init__(core)
        self.directory = directory

    @serialized
    def correct_name(self, person_id: int, name: str) -> dict[str, Any]:
        """Keep ``name`` as the person's name instead of the one kept; the person as
        stored. The same name again changes nothing."""
        name = clean_name(checks.text(name, "a name"))
        refusal = name_refusal(name)
        if refusal is not None:
            raise DomainError(f"not a name ({refusal}): at most {MAX_NAME} characters, with "
                              f"letters and no digits", code="bad_name", why=refusal,
                              max=MAX_NAME)
        person = self.core.require_person(person_id)
        if not person.get("name"):
            raise PermissionDenied("no name is kept for this person: it is kept once they "
                                   "register a household", code="no_name_kept")
        if person["name"] == name:
            return person
        former = [n for n in person.get(FORMER_NAMES) or [] if n not in (name, person["name"])]
        person[FORMER_NAMES] = [*former, person["name"]][-MAX_FORMER:]
        person["name"] = name
        person[NAME_CORRECTED] = self.core.stamp()

        def run(tx: Transaction) -> dict[str, Any]:
            tx.put("people", "people", person["id"], person)
            self.directory.note_name(name)
            return person

        return self.core.commit(run)  # type: ignore[no-any-return]
