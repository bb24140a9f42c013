"""QR codes as SVG, made at build time with segno.

A QR code here only ever holds an address the builder made from the street's
configuration (the site's pages, ``https://t.me/<bot_username>``, a compound's
``?start=c-<compound id>``: ``db.places.COMPOUND_START``), never
text a person typed. Error correction "M" survives a scuffed or rained-on
poster; segno picks the smallest version that holds the address. The same
address always gives the same bytes.
"""

from __future__ import annotations

import io

import segno

__all__ = ["qr_svg"]


def qr_svg(url: str, title: str) -> bytes:
    """An SVG QR code for ``url``, with ``title`` for screen readers; scaled by the page."""
    code = segno.make(url, error="m", micro=False, boost_error=False)
    out = io.BytesIO()
    # unit scale, a quiet zone of 4 modules (the standard's minimum), no fixed size:
    # the page sets the size in CSS pixels, the poster in centimetres.
    code.save(out, kind="svg", scale=1, border=4, dark="#000000", light="#ffffff",
              xmldecl=False, title=title, desc=url, omitsize=True, svgclass=None,
              lineclass=None, nl=True)
    return out.getvalue()
