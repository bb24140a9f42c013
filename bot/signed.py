"""The signature an entry carries on the public site (``Entry.author_role``: 居民,
志愿者, 监督员, or a volunteer's title and mark such as 网格员甲), in the reader's
language: the site is Chinese, and an English reader was told her words are signed
"resident" (``bot.consent``) but read signed "居民" in /mydata. A title an
administrator gave (网格员甲) is a name and stays as written."""

from __future__ import annotations

from db.people import RESIDENT_LABEL, SUPERVISOR_LABEL, VOLUNTEER_LABEL

from .i18n import lazy, tr

__all__ = ["signature"]

WORDS = {RESIDENT_LABEL: lazy("resident"), VOLUNTEER_LABEL: lazy("volunteer"),
         SUPERVISOR_LABEL: lazy("supervisor")}


def signature(lang: str, role: str | None) -> str:
    """``role`` as the reader of ``lang`` names it (a resident's when none is stored)."""
    role = role or RESIDENT_LABEL
    return tr(lang, WORDS[role]) if role in WORDS else role
