"""The one escape function for text that people typed, and its two helpers.

Everything a resident or volunteer wrote (issue text, notes, purposes,
payees, proposal titles, announcements) reaches the site through ``esc``.
It makes the text inert for *both* languages the page passes through:

* Markdown: every ASCII punctuation mark that Markdown, its extensions
  (tables, attribute lists ``{: ...}``) or Jinja could read as syntax
  becomes a numeric character reference, so ``[x](javascript:...)``,
  ``{: onclick=...}``, ``|`` in a table, ``---`` or ``# title`` are text;
* HTML: ``<``, ``>``, ``&`` and quotes are references too, so
  ``<script>`` is text, and an entity someone typed (``&lt;``) shows as typed.

Newlines become ``<br>`` (added *after* escaping), so user text is always one
Markdown line and can never open a block (heading, list, code, front matter).

The templates cannot forget it: the Jinja environment's ``finalize`` runs
``esc`` on every ``{{ value }}`` that is not ``Markup`` (see ``render.py``);
``Markup`` is only made by the builder's own helpers from trusted parts.

``esc_html`` is the same function for the one other context there is: the
big tables (ledger lines, issue lists, fee and vote tables) are written as
raw HTML blocks, which Python-Markdown passes through untouched (that is what
makes them fast to build). Inside raw HTML no Markdown is read, so only
``<``, ``>``, ``&`` and quotes become references; everything else (the
clean-up of invisible characters and spaces, newlines to ``<br>``) is shared
with ``esc``. Which of the two applies is decided by the template's name:
``*.md.j2`` templates print through ``esc``, ``*.html.j2`` partials through
``esc_html`` (see ``render.py``); nothing else chooses.

``redact`` runs earlier, when data is collected (and on ledger lines before
they are chained): the one redaction of ``db.redact`` masks phone and ID
numbers, so none typed into an issue reaches the site, its downloads or its
feed. ``csv_cell`` (also ``db.redact``'s) keeps spreadsheet formulas out of
every CSV cell, and ``heading_id`` makes the ids of headings, so that no text
can become an id the theme reads (``__config``).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from markdown.extensions.toc import slugify_unicode
from markupsafe import Markup

from db.redact import csv_cell
from db.redact import redact as _redact

__all__ = ["esc", "esc_html", "redact", "csv_cell", "heading_id", "title_text", "Markup",
           "forget_escaped"]

# ASCII punctuation left as it is: none of these starts Markdown or HTML syntax
# on its own (with "<", "&", "[" and "{" escaped), and they keep text readable.
_KEEP = set(",/?%@;:")
_ESCAPE = {ord(c): f"&#{ord(c)};" for c in
           "!\"#$&'()*+-.<=>[\\]^_`{|}~" if c not in _KEEP}
# Control and format characters that could reorder or hide text (bidi
# overrides, zero-width joiners used to smuggle words past a reviewer).
_INVISIBLE = re.compile("[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f"
                        "\u202a-\u202e\u2060-\u2069\ufeff]")
_SPACES = re.compile(r"[ \t\u3000]+")


def _lines(value: object) -> list[str]:
    """The non-empty lines of ``value``, normalised, without invisible characters."""
    text = str(value)
    if text.isascii() and text.isprintable() and "  " not in text and text == text.strip():
        return [text] if text else []  # the common case (numbers, dates, hashes): as it is
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return [line for line in lines if line]


def esc(value: object) -> Markup:
    """Text a person typed, safe inside Markdown and HTML; ``None`` -> empty."""
    if value is None:
        return Markup("")
    return _escaped(value if type(value) is str else str(value), html=False)


_HTML_ESCAPE = {ord(c): f"&#{ord(c)};" for c in "&<>\"'"}


def esc_html(value: object) -> Markup:
    """Text a person typed, safe inside a raw HTML block (no Markdown is read there)."""
    if value is None:
        return Markup("")
    return _escaped(value if type(value) is str else str(value), html=True)


# The same few texts come back on every line of a ledger (kinds, categories,
# titles, dates): each is escaped once. Markup is immutable, so sharing is safe.
@functools.lru_cache(maxsize=1 << 17)
def _escaped(text: str, *, html: bool) -> Markup:
    table = _HTML_ESCAPE if html else _ESCAPE
    return Markup("<br>".join([line.translate(table) for line in _lines(text)]))


def forget_escaped() -> None:
    """Let go of the texts escaped so far (a build done with them)."""
    _escaped.cache_clear()


def redact(value: str | None) -> str:
    """Mask phone and ID numbers in text a person typed (``db.redact``; the collector
    uses the street's redactor, which also masks the numbers its settings list)."""
    return _redact(value)


_TITLE_OK = re.compile(r"[^\w\u00b7\u3000-\u303f\uff00-\uffef ()（）·—-]", re.UNICODE)


def title_text(value: object) -> str:
    """A page title (front matter, ``<title>``): letters, digits and a few marks only.

    Titles are built from configuration names and fixed words, never from what
    residents type; this whitelist is a second lock because the theme writes
    ``title`` into ``<head>`` without escaping.
    """
    text = unicodedata.normalize("NFKC", str(value or ""))
    return _TITLE_OK.sub("", text).strip()[:120] or "页面"


def heading_id(value: str, separator: str) -> str:
    """The id of a heading without one of its own (the ``toc`` extension's ``slugify``,
    set in mkdocs.yml): Python-Markdown's Unicode slug, without the underscores and
    dashes it may start with. The theme keeps its own elements under ids starting
    with ``__`` (``__config``, ``__search``, ``__drawer``) and reads the first
    element with such an id, so no heading may take one."""
    slug = slugify_unicode(value, separator).lstrip("_-" + separator)
    return slug or "section"
