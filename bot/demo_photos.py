"""The demo's photos, drawn: what a resident or volunteer would have photographed.

A photo of a place (the loose manhole cover, the dark path, the new doors) is
its colour with the subject written across it in Chinese; a photo of paper (a
receipt, an invoice, the attendance sheet) is a sheet on a desk: its title,
a few written lines (the amount, the payee: what the public ledger shows
anyway) and a red stamp. The demo site is read by Chinese readers, so nothing
on them is English. The text uses the Chinese font the paper notice embeds
(``site_builder.notice_pdf.find_font``: Debian's fonts-wqy-microhei, which
``make`` installs); without one the photos are drawn without words (the
sheet's lines and stamp still read as paper). Each photo carries EXIF GPS
tags, as a phone's does, so that the demo shows the bot removing them.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

__all__ = ["draw_photo", "WIDTH", "HEIGHT"]

WIDTH, HEIGHT = 480, 360
_DESK = (96, 84, 72)
_INK = (40, 40, 60)
_STAMP = (200, 40, 40)


@functools.lru_cache(maxsize=16)
def _font(size: int) -> Any:
    """The Chinese font at ``size`` pixels, or None when none is installed."""
    from PIL import ImageFont

    from site_builder.notice_pdf import find_font

    found = find_font()
    if found is None:
        return None
    path, index, _ = found
    try:
        return ImageFont.truetype(path, size, index=index)
    except OSError:
        return None


def _fitting(draw: Any, text: str, width: int, largest: int) -> Any:
    """The largest font (at most ``largest`` px) in which ``text`` fits ``width``."""
    size = largest
    while size > 14:
        font = _font(size)
        if font is None or draw.textlength(text, font=font) <= width:
            return font
        size -= 4
    return _font(size)


def _place(draw: Any, label: str, number: int, colour: tuple[int, int, int]) -> None:
    """A photo of a place: shaded like daylight, the subject on a dark band."""
    r, g, b = colour
    for y in range(HEIGHT):  # lighter at the top, as a photo taken outdoors
        k = 1.15 - 0.35 * y / HEIGHT
        draw.line([(0, y), (WIDTH, y)], fill=(min(int(r * k), 255), min(int(g * k), 255),
                                              min(int(b * k), 255)))
    font = _fitting(draw, label, WIDTH - 60, 64)
    if font is None:
        return
    box = draw.textbbox((0, 0), label, font=font)
    w, h = box[2] - box[0], box[3] - box[1]
    top = (HEIGHT - h) // 2
    draw.rectangle([(0, top - 24), (WIDTH, top + h + 24)], fill=(20, 20, 20))
    draw.text(((WIDTH - w) // 2 - box[0], top - box[1]), label, font=font, fill=(255, 255, 255))
    small = _font(22)
    draw.text((16, 12), f"照片 {number}", font=small, fill=(255, 255, 255),
              stroke_width=2, stroke_fill=(0, 0, 0))


def _paper(draw: Any, label: str, lines: Sequence[str], number: int,
           colour: tuple[int, int, int]) -> None:
    """A photo of a sheet of paper on a desk: its title, its serial number, its lines
    and a stamp. The number makes each sheet its own: two payments of the same fee
    never show one and the same receipt."""
    draw.rectangle([(0, 0), (WIDTH, HEIGHT)], fill=_DESK)
    left, top, right, bottom = 56, 20, WIDTH - 56, HEIGHT - 20
    draw.rectangle([(left + 6, top + 6), (right + 6, bottom + 6)], fill=(60, 52, 44))  # shadow
    draw.rectangle([(left, top), (right, bottom)], fill=colour)
    serial = _font(18)
    if serial is not None:
        draw.text((right - 14, top + 10), f"编号 {number:05d}", font=serial, fill=(120, 120, 130),
                  anchor="ra")
    else:  # no font: the number in sixteen dots (filled for a 1), still a sheet of its own
        for k in range(16):
            x = right - 20 - 8 * k
            draw.rectangle([(x, top + 10), (x + 5, top + 15)], outline=(120, 120, 130),
                           fill=(120, 120, 130) if number >> k & 1 else None)
    title = _fitting(draw, label, right - left - 40, 44)
    y = top + 24
    if title is not None:
        box = draw.textbbox((0, 0), label, font=title)
        draw.text(((left + right - (box[2] - box[0])) // 2 - box[0], y - box[1]), label,
                  font=title, fill=_INK)
        y += box[3] - box[1] + 28
    else:
        draw.rectangle([(left + 120, y), (right - 120, y + 18)], fill=_INK)
        y += 46
    body = _font(24)
    for n in range(5):  # ruled lines, the first ones written on
        text = lines[n] if n < len(lines) else ""
        if text and body is not None:
            draw.text((left + 24, y), text, font=_fitting(draw, text, right - left - 48, 24),
                      fill=_INK)
        elif text:  # no font: a pen stroke where the words would be
            draw.line([(left + 24, y + 20), (left + 24 + 14 * len(text), y + 20)],
                      fill=_INK, width=3)
        y += 40
        draw.line([(left + 20, y - 6), (right - 20, y - 6)], fill=(190, 190, 200), width=1)
    cx, cy = right - 70, bottom - 62  # the payee's red stamp
    draw.ellipse([(cx - 44, cy - 44), (cx + 44, cy + 44)], outline=_STAMP, width=5)
    paid = _font(26)
    if paid is not None:
        draw.text((cx, cy), "收讫", font=paid, fill=_STAMP, anchor="mm")


def draw_photo(label: str, colour: tuple[int, int, int], *, number: int = 0,
               lines: Sequence[str] = (), paper: bool = False, gps: bool = True) -> bytes:
    """The JPEG of a demo photo: ``label`` (Chinese) is what it shows; ``paper`` draws a
    sheet (receipt, invoice, attendance sheet) with ``lines`` written on it."""
    from PIL import Image, ImageDraw

    from .offline import jpeg_of

    image = Image.new("RGB", (WIDTH, HEIGHT), colour)
    draw = ImageDraw.Draw(image)
    if paper:
        _paper(draw, label, lines, number, colour)
    else:
        _place(draw, label, number, colour)
    return jpeg_of(image, gps=gps)
